// PDF417 benchmark: our reader (drivers/pdf417 on zbar's scanner) against
// zxing-cpp 1.4 (Debian libzxing-dev) on the same generated 1280x720 frames
// in one run. Symbols are made by zint from aamva_gen payloads (seeded), then
// placed and distorted with ImageMagick. Prints per set: images, correct,
// misreads and median ms for both readers, and the ratios.
//
//   bench_pdf417 [--n N] [--seed S] [--sets a,b,...] [--keep DIR]
#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

extern "C" {
#include "drivers/camera/camera.h"
#include "drivers/pdf417/pdf417.h"
#include "gen/aamva_gen.h"
}

namespace
{

struct Set {
    const char *name;
    const char *what;
};

const Set kSets[] = {
    {"clean-2px", "clean, 2 px/module"},
    {"clean-3px", "clean, 3 px/module"},
    {"rot5", "rotated 0-5 deg"},
    {"rot10", "rotated 5-10 deg"},
    {"rot15", "rotated 10-15 deg"},
    {"rot20", "rotated 15-20 deg"},
    {"rot90-270", "rotated 90/180/270 +-20 deg"},
    {"perspective", "perspective (tilted card)"},
    {"blur", "Gaussian blur sigma 0.8-1.4 px"},
    {"noise", "Gaussian noise"},
    {"lowcontrast", "contrast 30%"},
    {"uneven", "light falling off across the frame"},
    {"jpeg", "JPEG quality 20-35"},
    {"glare", "glare stripe over 1-2 columns"},
    {"empty", "no barcode (timing only)"},
};

unsigned long long rng = 0x417b3ac4ull;
double urand()
{
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(rng >> 11) / 9007199254740992.0;
}

double now_ms()
{
    return std::chrono::duration<double, std::milli>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

bool run(const std::string &cmd)
{
    return std::system((cmd + " >/dev/null 2>&1").c_str()) == 0;
}

struct Stats {
    int images = 0, correct = 0, misreads = 0;
    std::vector<double> ms;
    double median() const
    {
        if (ms.empty())
            return 0;
        std::vector<double> v = ms;
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    }
};

// Make one frame of set s; returns the file name, payload in *payload.
std::string make_frame(const std::string &dir, const std::string &set, int i,
                       std::vector<unsigned char> *payload)
{
    char base[512];
    snprintf(base, sizeof base, "%s/%s-%03d", dir.c_str(), set.c_str(), i);
    std::string out = std::string(base) + (set == "jpeg" ? ".jpg" : ".png");
    payload->clear();
    if (set == "empty") {
        char cmd[1024];
        snprintf(cmd, sizeof cmd,
                 "convert -size 1280x720 -seed %d plasma:fractal -colorspace gray -blur 0x2 "
                 "-depth 8 %s",
                 i + 1, out.c_str());
        run(cmd);
        return out;
    }
    unsigned char buf[2048];
    size_t n = aamva_gen_payload(0x5eedull + (unsigned long long)i * 7919ull + set.size(), 0, buf,
                                 sizeof buf, nullptr);
    payload->assign(buf, buf + n);
    std::string bin = std::string(base) + ".bin", sym = std::string(base) + "-sym.png";
    FILE *f = fopen(bin.c_str(), "wb");
    fwrite(buf, 1, n, f);
    fclose(f);
    int cols = 10 + (int)(urand() * 8), ecl = 3 + (int)(urand() * 3);
    // 2 px/module where a 3 px symbol would not fit the frame on its side
    double scale =
        set == "clean-2px" || set == "blur" || set == "noise" || set == "rot90-270" ? 1.0 : 1.5;
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "zint -b 55 --binary --cols=%d --secure=%d --scale=%g --whitesp=3 --vwhitesp=3 -i %s "
             "-o %s",
             cols, ecl, scale, bin.c_str(), sym.c_str());
    run(cmd);
    std::string geo = "", post = "", pre = "";
    double ang = 0;
    if (set == "rot5")
        ang = urand() * 5;
    else if (set == "rot10")
        ang = 5 + urand() * 5;
    else if (set == "rot15")
        ang = 10 + urand() * 5;
    else if (set == "rot20")
        ang = 15 + urand() * 5;
    if (urand() < 0.5)
        ang = -ang;
    if (set == "rot90-270")
        ang = 90.0 * (1 + (int)(urand() * 3)) + (urand() - 0.5) * 40;
    char tmp[512];
    if (ang != 0) {
        snprintf(tmp, sizeof tmp, " -background white -rotate %.2f", ang);
        pre += tmp;
    }
    if (set == "perspective") {
        // a card tilted away: one side shorter, %-based control points
        double a = 4 + urand() * 10, b = 2 + urand() * 6;
        snprintf(tmp, sizeof tmp,
                 " -virtual-pixel white -distort Perspective "
                 "'0,0 0,0  %%[fx:w],0 %%[fx:w*(1-%.3f)],%%[fx:h*%.3f]  0,%%[fx:h] 0,%%[fx:h]  "
                 "%%[fx:w],%%[fx:h] %%[fx:w*(1-%.3f)],%%[fx:h*(1-%.3f)]'",
                 b / 100, a / 100, b / 100, a / 100);
        pre += tmp;
    }
    int dx = (int)((urand() - 0.5) * 120), dy = (int)((urand() - 0.5) * 80);
    if (set == "blur") {
        snprintf(tmp, sizeof tmp, " -blur 0x%.2f", 0.8 + urand() * 0.6);
        post += tmp;
    } else if (set == "noise") {
        snprintf(tmp, sizeof tmp, " -seed %d -attenuate 0.7 +noise Gaussian", i + 1);
        post += tmp;
    } else if (set == "lowcontrast") {
        post += " +level 35%,65%";
    } else if (set == "uneven") {
        post += " ( -size 1280x720 gradient:gray(255)-gray(70) -rotate 90 -resize 1280x720! ) "
                "-compose Multiply -composite";
    } else if (set == "jpeg") {
        snprintf(tmp, sizeof tmp, " -quality %d", 20 + (int)(urand() * 15));
        post += tmp;
    } else if (set == "glare") {
        int x = 640 + dx + (int)((urand() - 0.5) * 200);
        snprintf(tmp, sizeof tmp, " -fill gray(250) -draw 'rectangle %d,0 %d,720'", x,
                 x + 12 + (int)(urand() * 14));
        post += tmp;
    }
    snprintf(cmd, sizeof cmd,
             "convert -size 1280x720 xc:gray(225) ( %s -colorspace gray%s ) -gravity center "
             "-geometry %+d%+d -composite%s -colorspace gray -depth 8 %s",
             sym.c_str(), pre.c_str(), dx, dy, post.c_str(), out.c_str());
    std::string c = cmd;
    // parentheses for the shell
    std::string q;
    for (char ch : c) {
        if (ch == '(' || ch == ')')
            q += '\\';
        q += ch;
    }
    run(q);
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    int n = 20;
    std::string only, keep;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--n") && i + 1 < argc)
            n = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            rng = strtoull(argv[++i], nullptr, 0);
        else if (!strcmp(argv[i], "--sets") && i + 1 < argc)
            only = "," + std::string(argv[++i]) + ",";
        else if (!strcmp(argv[i], "--keep") && i + 1 < argc)
            keep = argv[++i];
        else {
            fprintf(stderr, "usage: bench_pdf417 [--n N] [--seed S] [--sets a,b] [--keep DIR]\n");
            return 64;
        }
    }
    if (!run("zint --version") || !run("convert -version")) {
        fprintf(stderr, "bench_pdf417: needs zint and ImageMagick convert\n");
        return 77;
    }
    std::string dir = keep;
    char tmpl[] = "/tmp/bench-pdf417-XXXXXX";
    if (dir.empty())
        dir = mkdtemp(tmpl);
    else
        mkdir(dir.c_str(), 0755);

    struct pdf417_decoder *dec = pdf417_decoder_create(1280, 720);
    static struct pdf417_result res[2];
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::PDF417);
    hints.setTryHarder(true);
    hints.setTryRotate(true);

    printf("%-12s %6s | %8s %8s %8s | %8s %8s %8s | %7s %7s\n", "set", "images", "ours ok",
           "misread", "med ms", "zxing ok", "misread", "med ms", "ok x", "time x");
    Stats tot_o, tot_z;
    for (const Set &s : kSets) {
        if (!only.empty() && only.find("," + std::string(s.name) + ",") == std::string::npos)
            continue;
        Stats o, z;
        for (int i = 0; i < n; i++) {
            std::vector<unsigned char> want;
            std::string file = make_frame(dir, s.name, i, &want);
            uint8_t *g = nullptr;
            int w = 0, h = 0;
            if (image_load_gray(file.c_str(), &g, &w, &h, nullptr, 0) != 0) {
                fprintf(stderr, "bench_pdf417: could not make %s\n", file.c_str());
                continue;
            }
            o.images++;
            z.images++;
            double t0 = now_ms();
            int k = pdf417_decoder_decode(dec, g, w, h, w, res, 1);
            double t1 = now_ms();
            o.ms.push_back(t1 - t0);
            if (k > 0 && !want.empty()) {
                if (res[0].length == want.size() && !memcmp(res[0].data, want.data(), want.size()))
                    o.correct++;
                else
                    o.misreads++;
            } else if (k > 0) {
                o.misreads++;
            }
            t0 = now_ms();
            auto r = ZXing::ReadBarcode({g, w, h, ZXing::ImageFormat::Lum}, hints);
            t1 = now_ms();
            z.ms.push_back(t1 - t0);
            if (r.isValid()) {
                const auto &b = r.bytes();
                bool same = !want.empty() && b.size() == want.size() &&
                            std::equal(b.begin(), b.end(), want.begin());
                same ? z.correct++ : z.misreads++;
            }
            free(g);
        }
        // ok x: our correct decodes over zxing's ("-" when zxing read none)
        char okx[16];
        if (z.correct)
            snprintf(okx, sizeof okx, "%.2f", (double)o.correct / z.correct);
        else
            snprintf(okx, sizeof okx, "%s", o.correct ? "-" : "0");
        double tx = z.median() > 0 ? o.median() / z.median() : 0;
        printf("%-12s %6d | %8d %8d %8.2f | %8d %8d %8.2f | %7s %7.2f\n", s.name, o.images,
               o.correct, o.misreads, o.median(), z.correct, z.misreads, z.median(), okx, tx);
        fflush(stdout);
        if (strcmp(s.name, "empty")) {
            tot_o.images += o.images;
            tot_o.correct += o.correct;
            tot_o.misreads += o.misreads;
            tot_z.correct += z.correct;
            tot_z.misreads += z.misreads;
        }
        tot_o.ms.insert(tot_o.ms.end(), o.ms.begin(), o.ms.end());
        tot_z.ms.insert(tot_z.ms.end(), z.ms.begin(), z.ms.end());
    }
    printf("%-12s %6d | %8d %8d %8.2f | %8d %8d %8.2f |\n", "all", tot_o.images, tot_o.correct,
           tot_o.misreads, tot_o.median(), tot_z.correct, tot_z.misreads, tot_z.median());
    pdf417_decoder_destroy(dec);
    if (keep.empty())
        run("rm -rf " + dir);
    return 0;
}
