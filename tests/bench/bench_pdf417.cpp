// PDF417 benchmark: our reader (drivers/pdf417 on zbar's scanner) against
// zxing-cpp 1.4 (Debian libzxing-dev, linked) and, when given its build,
// zxing-cpp 3.1.1 (loaded at run time through its C API, so CI needs
// nothing but the Debian package), on the same generated frames in one
// interleaved run: every frame goes through all readers before the next is
// made. Symbols are made by zint from aamva_gen payloads (seeded), then
// placed and distorted with ImageMagick.
//
// Default mode prints, per set: frames, correct, misreads, median and p90 ms
// of each reader; then the camera path (frame_scanner under the live policy:
// PDF417 + zbar as shipped) against zxing reading the same symbologies
// (PDF417, Code 128, Code 39, QR) at 1280x720 and 1920x1080, on frames with
// a symbol and on empty busy frames.
// --camera: sustained frames per second of camera_session_frame at
// 1280x720 over a sequence of frames (pin it to one core with taskset).
//
//   bench_pdf417 [--n N] [--seed S] [--sets a,b,...] [--keep DIR]
//                [--zxing3 BUILD_DIR_OR_LIBZXING_SO] [--camera [--seconds T]]
#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <dlfcn.h>
#include <sys/stat.h>
#include <unistd.h>

extern "C" {
#include "drivers/camera/camera.h"
#include "drivers/pdf417/pdf417.h"
#include "drivers/scanner.h"
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
    {"inverted", "light bars on a dark ground"},
    {"curved", "card bent: rows on a sine, amplitude 6-14 px"},
    {"lowres-640", "640x480 frame, 1.0-1.3 px/module"},
    {"empty", "no barcode, smooth background (timing only)"},
    {"photo-empty", "no barcode, busy photo-like background"},
};

// The camera path's sets: a licence symbol or nothing on a busy background.
struct CamSet {
    const char *name;
    int w, h;
    bool symbol;
};
const CamSet kCamSets[] = {
    {"cam720-symbol", 1280, 720, true},
    {"cam720-empty", 1280, 720, false},
    {"cam1080-symbol", 1920, 1080, true},
    {"cam1080-empty", 1920, 1080, false},
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
    if (getenv("BENCH_PDF417_TRACE"))
        fprintf(stderr, "%s\n", cmd.c_str());
    return std::system((cmd + " >/dev/null 2>&1").c_str()) == 0;
}

// Shell-quote the parentheses of an ImageMagick command line.
std::string paren(const std::string &c)
{
    std::string q;
    for (char ch : c) {
        if (ch == '(' || ch == ')')
            q += '\\';
        q += ch;
    }
    return q;
}

struct Stats {
    int images = 0, correct = 0, misreads = 0;
    std::vector<double> ms;
    double pct(double p) const
    {
        if (ms.empty())
            return 0;
        std::vector<double> v = ms;
        std::sort(v.begin(), v.end());
        size_t i = (size_t)(p * (double)(v.size() - 1) + 0.5);
        return v[i];
    }
    double median() const
    {
        return pct(0.5);
    }
    double p90() const
    {
        return pct(0.9);
    }
    void add(const Stats &o)
    {
        images += o.images;
        correct += o.correct;
        misreads += o.misreads;
        ms.insert(ms.end(), o.ms.begin(), o.ms.end());
    }
};

using Bytes = std::vector<unsigned char>;

// Score one reader's results on a frame: correct when one result is the
// payload, a misread when any result is something else.
void score(Stats *s, const std::vector<Bytes> &got, const Bytes &want)
{
    bool hit = false, wrong = false;
    for (const Bytes &b : got) {
        if (!want.empty() && b == want)
            hit = true;
        else
            wrong = true;
    }
    if (wrong)
        s->misreads++;
    else if (hit)
        s->correct++;
}

// ---- zxing-cpp 3.1.1 through its C API, loaded with its own symbols ----
struct Zxing3 {
    void *lib = nullptr;
    void *opts = nullptr;
    void *(*iv_new)(const uint8_t *, int, int, int, int, int) = nullptr;
    void (*iv_delete)(void *) = nullptr;
    void *(*read)(const void *, const void *) = nullptr;
    int (*size)(const void *) = nullptr;
    const void *(*at)(const void *, int) = nullptr;
    bool (*valid)(const void *) = nullptr;
    uint8_t *(*bytes)(const void *, int *) = nullptr;
    void (*bdelete)(void *) = nullptr;
    void (*zfree)(void *) = nullptr;
    void *(*opts_new)() = nullptr;
    void (*set_formats)(void *, const int *, int) = nullptr;
    int *(*formats_from)(const char *, int *) = nullptr;
    std::string version;

    template <typename F> bool sym(F *f, const char *name)
    {
        *f = reinterpret_cast<F>(dlsym(lib, name));
        return *f != nullptr;
    }
    bool load(const std::string &where)
    {
        std::string path = where;
        struct stat st;
        if (stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
            path += "/core/libZXing.so";
        // DEEPBIND: its ZXing:: symbols must not resolve to Debian's 1.4
        lib = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
        if (!lib) {
            fprintf(stderr, "bench_pdf417: --zxing3: %s\n", dlerror());
            return false;
        }
        const char *(*ver)() = nullptr;
        bool ok = sym(&iv_new, "ZXing_ImageView_new") &&
                  sym(&iv_delete, "ZXing_ImageView_delete") && sym(&read, "ZXing_ReadBarcodes") &&
                  sym(&size, "ZXing_Barcodes_size") && sym(&at, "ZXing_Barcodes_at") &&
                  sym(&valid, "ZXing_Barcode_isValid") && sym(&bytes, "ZXing_Barcode_bytes") &&
                  sym(&bdelete, "ZXing_Barcodes_delete") && sym(&zfree, "ZXing_free") &&
                  sym(&opts_new, "ZXing_ReaderOptions_new") &&
                  sym(&set_formats, "ZXing_ReaderOptions_setFormats") &&
                  sym(&formats_from, "ZXing_BarcodeFormatsFromString");
        if (!ok) {
            fprintf(stderr, "bench_pdf417: --zxing3: %s lacks the C API\n", path.c_str());
            return false;
        }
        if (sym(&ver, "ZXing_Version"))
            version = ver();
        opts = opts_new();
        return true;
    }
    // Formats as a zxing string list ("PDF417" or "PDF417,Code128,...");
    // the defaults of 3.x stay: tryHarder, tryRotate, tryInvert.
    void formats(const char *list)
    {
        int n = 0;
        int *f = formats_from(list, &n);
        set_formats(opts, f, n);
        zfree(f);
    }
    std::vector<Bytes> decode(const uint8_t *g, int w, int h)
    {
        std::vector<Bytes> out;
        void *iv = iv_new(g, w, h, 0x01000000 /* Lum */, w, 1);
        void *bs = read(iv, opts);
        for (int i = 0; bs && i < size(bs); i++) {
            const void *b = at(bs, i);
            if (!valid(b))
                continue;
            int len = 0;
            uint8_t *d = bytes(b, &len);
            out.emplace_back(d, d + len);
            zfree(d);
        }
        if (bs)
            bdelete(bs);
        iv_delete(iv);
        return out;
    }
};

std::vector<Bytes> zxing14(const uint8_t *g, int w, int h, const ZXing::DecodeHints &hints)
{
    std::vector<Bytes> out;
    auto rs = ZXing::ReadBarcodes({g, w, h, ZXing::ImageFormat::Lum}, hints);
    for (const auto &r : rs)
        if (r.isValid())
            out.emplace_back(r.bytes().begin(), r.bytes().end());
    return out;
}

// A busy, photo-like background: unblurred plasma, noise and strokes.
std::string busy_background(int w, int h, int seed)
{
    char b[512];
    snprintf(b, sizeof b,
             "-size %dx%d -seed %d plasma:fractal -colorspace gray -seed %d -attenuate 0.4 "
             "+noise Gaussian -fill none -stroke gray(30) -strokewidth 3 -draw 'line %d,%d %d,%d' "
             "-stroke gray(220) -draw 'circle %d,%d %d,%d'",
             w, h, seed, seed, seed * 37 % w, 0, w - seed * 53 % w, h, w / 3, h / 2, w / 3 + 90,
             h / 2);
    return b;
}

// zint symbol of a generated payload; returns the symbol file.
std::string make_symbol(const char *base, unsigned long long seed, int cols, int ecl, double scale,
                        Bytes *payload)
{
    unsigned char buf[2048];
    size_t n = aamva_gen_payload(seed, 0, buf, sizeof buf, nullptr);
    payload->assign(buf, buf + n);
    std::string bin = std::string(base) + ".bin", sym = std::string(base) + "-sym.png";
    FILE *f = fopen(bin.c_str(), "wb");
    fwrite(buf, 1, n, f);
    fclose(f);
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "zint -b 55 --binary --cols=%d --secure=%d --scale=%g --whitesp=3 --vwhitesp=3 -i %s "
             "-o %s",
             cols, ecl, scale, bin.c_str(), sym.c_str());
    run(cmd);
    return sym;
}

// Make one frame of set s; returns the file name, payload in *payload.
std::string make_frame(const std::string &dir, const std::string &set, int i, Bytes *payload)
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
    if (set == "photo-empty") {
        run(paren("convert " + busy_background(1280, 720, i + 11) + " -depth 8 " + out));
        return out;
    }
    int cols = 10 + (int)(urand() * 8), ecl = 3 + (int)(urand() * 3);
    // 2 px/module where a 3 px symbol would not fit the frame on its side
    double scale = set == "clean-2px" || set == "blur" || set == "noise" || set == "rot90-270" ||
                           set == "curved"
                       ? 1.0
                       : 1.5;
    if (set == "lowres-640") {
        scale = 0.5;
        cols = 6 + (int)(urand() * 4);
    }
    std::string sym = make_symbol(base, 0x5eedull + (unsigned long long)i * 7919ull + set.size(),
                                  cols, ecl, scale, payload);
    std::string post = "", pre = "";
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
    if (set == "curved") {
        // bent across the rows: about half a sine period over the symbol
        snprintf(tmp, sizeof tmp, " -background white -wave %.1fx%d", 6 + urand() * 8,
                 1100 + (int)(urand() * 500));
        pre += tmp;
    }
    if (set == "lowres-640") {
        snprintf(tmp, sizeof tmp, " -filter Triangle -resize %.0f%%", 100 + urand() * 30);
        pre += tmp;
    }
    if (set == "inverted")
        pre += " -negate";
    int fw = set == "lowres-640" ? 640 : 1280, fh = set == "lowres-640" ? 480 : 720;
    int dx = (int)((urand() - 0.5) * fw / 11), dy = (int)((urand() - 0.5) * fh / 9);
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
    const char *ground = set == "inverted" ? "gray(35)" : "gray(225)";
    if (set == "lowres-640" || set == "inverted")
        post += " -blur 0x0.5"; // a camera's optics, not an ideal raster
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "convert -size %dx%d xc:%s ( %s -colorspace gray%s ) -gravity center "
             "-geometry %+d%+d -composite%s -colorspace gray -depth 8 %s",
             fw, fh, ground, sym.c_str(), pre.c_str(), dx, dy, post.c_str(), out.c_str());
    run(paren(cmd));
    return out;
}

// A camera frame: a licence symbol (or none) on a busy background.
std::string make_cam_frame(const std::string &dir, const CamSet &cs, int i, int licence,
                           Bytes *payload)
{
    char base[512];
    snprintf(base, sizeof base, "%s/%s-%03d", dir.c_str(), cs.name, i);
    std::string out = std::string(base) + ".png";
    payload->clear();
    std::string bg = busy_background(cs.w, cs.h, 100 + i + cs.h);
    if (!cs.symbol) {
        run(paren("convert " + bg + " -depth 8 " + out));
        return out;
    }
    std::string sym = make_symbol(base, 0xca11ull + (unsigned long long)licence * 104729ull, 13, 5,
                                  cs.h >= 1080 ? 1.5 : 1.0, payload);
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "convert %s ( %s -colorspace gray -background white -rotate %.2f ) -gravity center "
             "-geometry %+d%+d -composite -colorspace gray -depth 8 %s",
             bg.c_str(), sym.c_str(), (urand() - 0.5) * 8, (int)((urand() - 0.5) * cs.w / 8),
             (int)((urand() - 0.5) * cs.h / 8), out.c_str());
    run(paren(cmd));
    return out;
}

// The same frame through zxing-cpp 1.4 and, when z3 is loaded, 3.1.1, each
// timed on its own and scored.
void zxing_both(const uint8_t *g, int w, int h, const ZXing::DecodeHints &hints, Zxing3 *z3,
                const Bytes &want, Stats *z, Stats *t3)
{
    double t0 = now_ms();
    std::vector<Bytes> got = zxing14(g, w, h, hints);
    z->ms.push_back(now_ms() - t0);
    score(z, got, want);
    if (z3) {
        t0 = now_ms();
        got = z3->decode(g, w, h);
        t3->ms.push_back(now_ms() - t0);
        score(t3, got, want);
    }
}

void print_head(bool z3)
{
    printf("%-15s %5s | %-23s | %-23s", "set", "n", "ours ok/mis  med   p90",
           "zxing1.4 ok/mis med p90");
    if (z3)
        printf(" | %-23s", "zxing3.1 ok/mis med p90");
    printf("\n");
}

void print_row(const char *name, const Stats &o, const Stats &z, const Stats &z3, bool have3)
{
    printf("%-15s %5d | %4d %3d %6.2f %6.2f | %4d %3d %6.2f %6.2f", name, o.images, o.correct,
           o.misreads, o.median(), o.p90(), z.correct, z.misreads, z.median(), z.p90());
    if (have3)
        printf(" | %4d %3d %6.2f %6.2f", z3.correct, z3.misreads, z3.median(), z3.p90());
    printf("\n");
    fflush(stdout);
}

bool load(const std::string &file, uint8_t **g, int *w, int *h)
{
    if (image_load_gray(file.c_str(), g, w, h, nullptr, 0) != 0) {
        fprintf(stderr, "bench_pdf417: could not make %s\n", file.c_str());
        return false;
    }
    return true;
}

struct EventCount {
    int events = 0;
};
void on_event(const struct scan_event *, void *user)
{
    static_cast<EventCount *>(user)->events++;
}

// --camera: a 1280x720 sequence as a preview sees it (ten empty busy
// frames, then a licence held for ten frames moving a little, then empty
// again, the next licence...), looped through one camera session (the
// shipped live policy) for `seconds` on a clock advancing 1/30 s a frame.
int camera_mode(const std::string &dir, int n, double seconds)
{
    std::vector<std::vector<uint8_t>> frames;
    int w = 0, h = 0;
    for (int i = 0; i < n; i++) {
        Bytes want;
        const CamSet &cs = kCamSets[(i / 10) % 2 == 0 ? 1 : 0];
        std::string f = make_cam_frame(dir, cs, i, i / 10, &want);
        uint8_t *g = nullptr;
        if (!load(f, &g, &w, &h))
            return 70;
        frames.emplace_back(g, g + (size_t)w * (size_t)h);
        free(g);
    }
    EventCount ec;
    struct scanner_sink sink = {on_event, nullptr, &ec};
    struct camera_session *cs = camera_session_create(w, h, "camera:bench", &sink);
    Stats st;
    double t0 = now_ms(), t = t0;
    uint64_t clock_ns = 1;
    size_t k = 0;
    while (t - t0 < seconds * 1000.0) {
        const std::vector<uint8_t> &f = frames[k++ % frames.size()];
        double a = now_ms();
        camera_session_frame(cs, f.data(), w, h, w, clock_ns);
        t = now_ms();
        st.ms.push_back(t - a);
        clock_ns += 33333333ull;
    }
    camera_session_destroy(cs);
    double fps = (double)st.ms.size() / ((t - t0) / 1000.0);
    printf("camera %dx%d: %zu frames in %.1f s over a %d-frame sequence (%d licences held "
           "10 frames each): %.1f fps sustained; per frame median %.2f ms, p90 %.2f ms, max %.2f "
           "ms; %d events\n",
           w, h, st.ms.size(), (t - t0) / 1000.0, n, n / 20, fps, st.median(), st.p90(),
           st.pct(1.0), ec.events);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    int n = 20;
    double seconds = 10;
    bool camera = false;
    std::string only, keep, z3path;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--n") && i + 1 < argc)
            n = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            rng = strtoull(argv[++i], nullptr, 0);
        else if (!strcmp(argv[i], "--sets") && i + 1 < argc)
            only = "," + std::string(argv[++i]) + ",";
        else if (!strcmp(argv[i], "--keep") && i + 1 < argc)
            keep = argv[++i];
        else if (!strcmp(argv[i], "--zxing3") && i + 1 < argc)
            z3path = argv[++i];
        else if (!strcmp(argv[i], "--camera"))
            camera = true;
        else if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
            seconds = atof(argv[++i]);
        else {
            fprintf(stderr, "usage: bench_pdf417 [--n N] [--seed S] [--sets a,b] [--keep DIR] "
                            "[--zxing3 BUILD_DIR] [--camera [--seconds T]]\n");
            return 64;
        }
    }
    if (n <= 0) {
        fprintf(stderr, "bench_pdf417: --n must be positive\n");
        return 64;
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
    int rc = 0;
    if (camera) {
        rc = camera_mode(dir, n < 30 ? 30 : n, seconds);
        if (keep.empty())
            run("rm -rf " + dir);
        return rc;
    }

    Zxing3 z3;
    bool have3 = !z3path.empty() && z3.load(z3path);
    if (!z3path.empty() && !have3)
        return 66;
    printf("zxing-cpp 1.4 (Debian, tryHarder + tryRotate)%s%s%s\n", have3 ? "; zxing-cpp " : "",
           have3 ? z3.version.c_str() : "", have3 ? " (its defaults: harder, rotate, invert)" : "");

    struct pdf417_decoder *dec = pdf417_decoder_create(1920, 1080);
    static struct pdf417_result res[4];
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::PDF417);
    hints.setTryHarder(true);
    hints.setTryRotate(true);
    if (have3)
        z3.formats("PDF417");

    print_head(have3);
    Stats tot_o, tot_z, tot_3;
    for (const Set &s : kSets) {
        if (!only.empty() && only.find("," + std::string(s.name) + ",") == std::string::npos)
            continue;
        Stats o, z, t3;
        for (int i = 0; i < n; i++) {
            Bytes want;
            std::string file = make_frame(dir, s.name, i, &want);
            uint8_t *g = nullptr;
            int w = 0, h = 0;
            if (!load(file, &g, &w, &h))
                continue;
            o.images++;
            z.images++;
            t3.images++;
            double t0 = now_ms();
            int k = pdf417_decoder_decode(dec, g, w, h, w, res, 4);
            double t1 = now_ms();
            o.ms.push_back(t1 - t0);
            std::vector<Bytes> got;
            for (int j = 0; j < k; j++)
                got.emplace_back(res[j].data, res[j].data + res[j].length);
            score(&o, got, want);
            zxing_both(g, w, h, hints, have3 ? &z3 : nullptr, want, &z, &t3);
            free(g);
        }
        print_row(s.name, o, z, t3, have3);
        if (strcmp(s.name, "empty") && strcmp(s.name, "photo-empty")) {
            tot_o.add(o);
            tot_z.add(z);
            tot_3.add(t3);
        }
    }
    print_row("all-symbol", tot_o, tot_z, tot_3, have3);

    // The camera path as shipped against zxing reading the same symbologies.
    ZXing::DecodeHints cam_hints = hints;
    cam_hints.setFormats(ZXing::BarcodeFormat::PDF417 | ZXing::BarcodeFormat::Code128 |
                         ZXing::BarcodeFormat::Code39 | ZXing::BarcodeFormat::QRCode);
    if (have3)
        z3.formats("PDF417,Code128,Code39,QRCode");
    printf("\ncamera path (frame_scanner, live policy: PDF417 every frame, one of %d slices of "
           "zbar's density-4 scan on every frame without one) vs zxing on PDF417 + Code 128 + "
           "Code 39 + QR\n",
           FRAME_SCAN_SLICES);
    print_head(have3);
    for (const CamSet &cs : kCamSets) {
        if (!only.empty() && only.find("," + std::string(cs.name) + ",") == std::string::npos)
            continue;
        struct frame_scanner *fs = frame_scanner_create(cs.w, cs.h, FRAME_SCAN_ALL);
        const frame_scan_policy live = FRAME_SCAN_POLICY_LIVE;
        frame_scanner_set_policy(fs, &live);
        static struct frame_symbol syms[8];
        Stats o, z, t3;
        for (int i = 0; i < n; i++) {
            Bytes want;
            std::string file = make_cam_frame(dir, cs, i, i, &want);
            uint8_t *g = nullptr;
            int w = 0, h = 0;
            if (!load(file, &g, &w, &h))
                continue;
            o.images++;
            z.images++;
            t3.images++;
            double t0 = now_ms();
            int k = frame_scanner_scan(fs, g, w, h, w, syms, 8);
            o.ms.push_back(now_ms() - t0);
            std::vector<Bytes> got;
            for (int j = 0; j < k; j++)
                got.emplace_back(syms[j].data, syms[j].data + syms[j].length);
            score(&o, got, want);
            zxing_both(g, w, h, cam_hints, have3 ? &z3 : nullptr, want, &z, &t3);
            free(g);
        }
        frame_scanner_destroy(fs);
        print_row(cs.name, o, z, t3, have3);
    }
    pdf417_decoder_destroy(dec);
    if (keep.empty())
        run("rm -rf " + dir);
    return rc;
}
