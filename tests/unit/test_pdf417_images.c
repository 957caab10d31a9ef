/* Image tests of the PDF417 reader and the camera path: symbols made at test
 * time by zint (encoder only) from AAMVA fixture payloads and seeded random
 * data, distorted with ImageMagick, read back byte for byte through
 * pdf417_decode_gray, frame_scanner, the camera session (dedupe) and
 * `kioskctl decode`. A wrong decode fails the test; so does a miss. Exit 77
 * when zint or convert is missing (CI installs both). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/kiosk_err.h"
#include "drivers/camera/camera.h"
#include "drivers/pdf417/pdf417.h"
#include "drivers/scanner.h"
#include "gen/aamva_gen.h"

static char tmpdir[256];

/* Run argv (no shell); returns the exit status or -1. stdout to out_path if given. */
static int run(const char *out_path, const char *const argv[])
{
    char *av[48];
    int n = 0;
    for (; argv[n] && n < 47; n++)
        memcpy(&av[n], &argv[n], sizeof av[n]); /* execvp wants char *; it writes nothing */
    av[n] = NULL;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        FILE *o = out_path ? freopen(out_path, "w", stdout) : freopen("/dev/null", "w", stdout);
        (void)o;
        if (!freopen("/dev/null", "w", stderr))
            _exit(127);
        execvp(av[0], av);
        _exit(127);
    }
    int st;
    if (waitpid(pid, &st, 0) < 0)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int have_tool(const char *name)
{
    const char *argv[] = {name, "--version", NULL};
    return run(NULL, argv) == 0 || run(NULL, argv) == 1;
}

static size_t read_file(const char *path, unsigned char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

static void write_file(const char *path, const unsigned char *d, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(d, 1, n, f), n);
    fclose(f);
}

/* zint PDF417 of data -> PNG at path. */
static void make_symbol(const char *path, const unsigned char *data, size_t n, int cols, int ecl,
                        const char *scale)
{
    char bin[300], c[32], e[32], s[32];
    snprintf(bin, sizeof bin, "%s/payload.bin", tmpdir);
    write_file(bin, data, n);
    snprintf(c, sizeof c, "--cols=%d", cols);
    snprintf(e, sizeof e, "--secure=%d", ecl);
    snprintf(s, sizeof s, "--scale=%s", scale);
    const char *argv[] = {"zint",        "-b",           "55", "--binary", c,    e,    s,
                          "--whitesp=4", "--vwhitesp=4", "-i", bin,        "-o", path, NULL};
    int st = run(NULL, argv);
    assert_true(st == 0 || st == 2); /* 2 = warning (e.g. EC level raised) */
}

/* convert src [ops...] dst */
static void distort(const char *src, const char *dst, const char *const *ops)
{
    const char *argv[40];
    int n = 0;
    argv[n++] = "convert";
    argv[n++] = src;
    argv[n++] = "-colorspace";
    argv[n++] = "gray";
    argv[n++] = "-bordercolor";
    argv[n++] = "white";
    argv[n++] = "-border";
    argv[n++] = "24";
    for (; ops && *ops && n < 36; ops++)
        argv[n++] = *ops;
    argv[n++] = dst;
    argv[n] = NULL;
    assert_int_equal(run(NULL, argv), 0);
}

struct payload {
    unsigned char d[2048];
    size_t n;
};

static uint64_t seed = 0x417417ull;
static unsigned rnd(unsigned n)
{
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return (unsigned)((seed >> 33) % n);
}

static void aamva_payload(struct payload *p, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/fixtures/aamva/%s", getenv("KIOSK_TEST_DIR"), name);
    p->n = read_file(path, p->d, sizeof p->d);
    assert_true(p->n > 0);
}

static void generated_payload(struct payload *p, uint64_t s)
{
    p->n = aamva_gen_payload(0xa417ull + s, 0, p->d, sizeof p->d, NULL);
    assert_true(p->n > 0);
}

static void random_payload(struct payload *p, int kind, size_t n)
{
    static const char text[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ,.-/:\n";
    p->n = n;
    for (size_t i = 0; i < n; i++)
        p->d[i] = kind == 0   ? (unsigned char)text[rnd(sizeof text - 1)]
                  : kind == 1 ? (unsigned char)rnd(256)
                              : (unsigned char)('0' + rnd(10));
}

static struct pdf417_result results[2];

/* Decode path with our reader; 1 = exact, 0 = nothing, fails on a misread. */
static int decode_exact(const char *path, const struct payload *p)
{
    uint8_t *g = NULL;
    int w, h;
    char err[256];
    assert_int_equal(image_load_gray(path, &g, &w, &h, err, sizeof err), 0);
    int n = pdf417_decode_gray(g, w, h, w, results, 2);
    free(g);
    assert_true(n >= 0);
    if (n == 0)
        return 0;
    assert_int_equal(results[0].length, p->n);
    assert_memory_equal(results[0].data, p->d, p->n);
    return 1;
}

struct img_case {
    const char *name;
    int payload; /* -1: AAMVA fixture, -2: aamva_gen, 0 text, 1 bytes, 2 digits */
    size_t len;
    int cols, ecl;
    const char *scale;
    const char *ops[14];
};

static const struct img_case cases[] = {
    {"clean-aamva", -1, 0, 13, 5, "1", {NULL}},
    {"clean-gen-x3", -2, 0, 9, 4, "1.5", {NULL}},
    {"clean-text", 0, 200, 6, 2, "1", {NULL}},
    {"clean-bytes", 1, 150, 10, 3, "1", {NULL}},
    {"clean-digits", 2, 300, 5, 4, "1", {NULL}},
    {"clean-3cols-ec0", 0, 20, 3, 0, "1", {NULL}},
    {"clean-30cols-ec8", 1, 60, 30, 8, "1", {NULL}},
    {"small-1.5px", -2, 0, 12, 4, "0.75", {NULL}},
    {"large-8px", -2, 0, 8, 4, "4", {"-background", "white", "-rotate", "8", NULL}},
    {"rot5", -2, 0, 12, 5, "1", {"-background", "white", "-rotate", "5", NULL}},
    {"rot-12", -2, 0, 12, 5, "1.5", {"-background", "white", "-rotate", "-12", NULL}},
    {"rot17", -2, 0, 14, 5, "1", {"-background", "white", "-rotate", "17", NULL}},
    {"rot-20", -2, 0, 10, 4, "1.5", {"-background", "white", "-rotate", "-20", NULL}},
    {"rot90", 0, 120, 8, 4, "1", {"-rotate", "90", NULL}},
    {"rot180", 1, 90, 8, 4, "1", {"-rotate", "180", NULL}},
    {"rot263", -2, 0, 8, 4, "1", {"-background", "white", "-rotate", "263", NULL}},
    {"perspective",
     -2,
     0,
     13,
     5,
     "1.5",
     {"-virtual-pixel", "white", "-distort", "Perspective",
      "0,0 0,0  %[fx:w],0 %[fx:w*0.94],%[fx:h*0.1]  0,%[fx:h] 0,%[fx:h]  "
      "%[fx:w],%[fx:h] %[fx:w*0.94],%[fx:h*0.9]",
      NULL}},
    {"blur", -2, 0, 13, 5, "1.5", {"-blur", "0x1.0", NULL}},
    {"noise", -2, 0, 13, 5, "1", {"-seed", "7", "-attenuate", "0.6", "+noise", "Gaussian", NULL}},
    {"lowcontrast", -1, 0, 13, 5, "1", {"+level", "35%,65%", NULL}},
    {"uneven",
     -2,
     0,
     13,
     5,
     "1",
     {"(", "+clone", "-sparse-color", "Barycentric", "0,0 white %[fx:w],0 gray(90)", ")",
      "-compose", "Multiply", "-composite", NULL}},
    {"jpeg", -1, 0, 13, 5, "1.5", {"-quality", "35", NULL}},
    /* a card bent in the hand: rows bowed by about two rows (12 px) over a
     * wide symbol (straight row lines read none of these) */
    {"curved", -1, 0, 16, 5, "1", {"-background", "white", "-wave", "12x1100", NULL}},
    {"curved-up", -1, 0, 16, 5, "1", {"-background", "white", "-wave", "-12x1100", NULL}},
    /* mirrored top to bottom (row 0 at the bottom), as some licences are printed */
    {"flipped", -2, 0, 10, 4, "1", {"-flip", NULL}},
    {"flipped-rot7", -1, 0, 12, 5, "1.5", {"-flip", "-background", "white", "-rotate", "7", NULL}},
    /* light bars on a dark ground (the white border negated too) */
    {"inverted", -2, 0, 10, 4, "1", {"-negate", NULL}},
    {"inverted-rot-9",
     1,
     200,
     8,
     4,
     "1.5",
     {"-negate", "-background", "black", "-rotate", "-9", "+level", "10%,80%", NULL}},
};

static void test_images(void **st)
{
    (void)st;
    char png[400], out[400];
    const char *fixtures[] = {"aamvastd_1.txt", "aamvajs_1.txt", "idparser_14.txt"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct img_case *c = &cases[i];
        struct payload p;
        if (c->payload == -1)
            aamva_payload(&p, fixtures[i % 3]);
        else if (c->payload == -2)
            generated_payload(&p, i);
        else
            random_payload(&p, c->payload, c->len);
        snprintf(png, sizeof png, "%s/%s.png", tmpdir, c->name);
        snprintf(out, sizeof out, "%s/%s-d.%s", tmpdir, c->name,
                 strcmp(c->name, "jpeg") == 0 ? "jpg" : "png");
        make_symbol(png, p.d, p.n, c->cols, c->ecl, c->scale);
        distort(png, out, c->ops);
        int ok = decode_exact(out, &p);
        if (!ok)
            fail_msg("%s: not decoded", c->name);
    }
}

/* A frame with no barcode decodes to nothing, and a glare stripe over part
 * of a symbol is corrected as erasures. */
static void test_nothing_and_glare(void **st)
{
    (void)st;
    size_t w = 640, h = 480;
    uint8_t *g = malloc(w * h);
    for (size_t i = 0; i < w * h; i++)
        g[i] = (uint8_t)(128 + (int)rnd(60) - 30);
    assert_int_equal(pdf417_decode_gray(g, (int)w, (int)h, (int)w, results, 2), 0);
    free(g);

    struct payload p;
    aamva_payload(&p, "aamvastd_1.txt");
    char png[400], out[400];
    snprintf(png, sizeof png, "%s/glare.png", tmpdir);
    snprintf(out, sizeof out, "%s/glare-d.png", tmpdir);
    make_symbol(png, p.d, p.n, 12, 5, "1.5");
    const char *ops[] = {"-fill", "white", "-draw", "rectangle 150,0 175,400", NULL};
    distort(png, out, ops);
    assert_int_equal(decode_exact(out, &p), 1);
    assert_true(results[0].erasures > 0);
}

/* A stripe of glare too wide for erasures alone: at EC level 3 (16 check
 * words) every one of the symbol's rows loses a cell to it, more than the
 * 14 erasures correction can fill. The cells it cuts are read from the
 * modules left visible (the one codeword that fits them), so the symbol
 * reads with fewer erasures than rows. */
static void test_glare_cut_cells(void **st)
{
    (void)st;
    struct payload p;
    aamva_payload(&p, "aamvastd_1.txt");
    char png[400], out[400];
    snprintf(png, sizeof png, "%s/glare3.png", tmpdir);
    make_symbol(png, p.d, p.n, 12, 3, "1.5");
    const char *stripes[] = {"rectangle 150,0 164,600", "rectangle 230,0 244,600",
                             "rectangle 270,0 284,600", "rectangle 440,0 454,600"};
    for (size_t i = 0; i < sizeof stripes / sizeof stripes[0]; i++) {
        snprintf(out, sizeof out, "%s/glare3-%zu.png", tmpdir, i);
        const char *ops[] = {"-fill", "gray(250)", "-draw", stripes[i], NULL};
        distort(png, out, ops);
        if (!decode_exact(out, &p))
            fail_msg("glare %s: not decoded", stripes[i]);
        assert_true(results[0].rows > 14);
        assert_true(results[0].erasures < results[0].rows);
    }
}

/* zint's default output has no quiet zone: the start bar touches the
 * image border. Then compact PDF417, whose stop pattern is truncated. */
static void test_no_quiet_zone(void **st)
{
    (void)st;
    struct payload p;
    generated_payload(&p, 99);
    char bin[400], png[400];
    snprintf(bin, sizeof bin, "%s/nqz.bin", tmpdir);
    snprintf(png, sizeof png, "%s/nqz.png", tmpdir);
    write_file(bin, p.d, p.n);
    const char *argv[] = {"zint", "-b", "55", "--binary", "--cols=13", "-i", bin, "-o", png, NULL};
    int stz = run(NULL, argv);
    assert_true(stz == 0 || stz == 2);
    assert_int_equal(decode_exact(png, &p), 1);

    /* compact (truncated) PDF417: no right row indicator, a one-module stop */
    snprintf(png, sizeof png, "%s/compact.png", tmpdir);
    const char *argv2[] = {
        "zint",         "-b", "56", "--binary", "--cols=10", "--secure=4", "--whitesp=4",
        "--vwhitesp=4", "-i", bin,  "-o",       png,         NULL};
    stz = run(NULL, argv2);
    assert_true(stz == 0 || stz == 2);
    assert_int_equal(decode_exact(png, &p), 1);
}

/* Macro PDF417 segments and an ECI, as zint encodes them. */
static void test_macro_eci(void **st)
{
    (void)st;
    char png[400];
    snprintf(png, sizeof png, "%s/macro.png", tmpdir);
    const char *argv[] = {"zint",        "-b",
                          "55",          "--structapp=2,3,123456",
                          "--whitesp=4", "--vwhitesp=4",
                          "-d",          "MACRO PART TWO",
                          "-o",          png,
                          NULL};
    assert_int_equal(run(NULL, argv), 0);
    uint8_t *g = NULL;
    int w, h;
    assert_int_equal(image_load_gray(png, &g, &w, &h, NULL, 0), 0);
    assert_int_equal(pdf417_decode_gray(g, w, h, w, results, 2), 1);
    free(g);
    assert_int_equal(results[0].length, 14);
    assert_memory_equal(results[0].data, "MACRO PART TWO", 14);
    assert_true(results[0].macro.present);
    assert_int_equal(results[0].macro.segment_index, 1); /* zint counts from 1 */
    assert_int_equal(results[0].macro.segment_count, 3);
    assert_false(results[0].macro.last);
    assert_string_equal(results[0].macro.file_id, "123456");

    const char *argv3[] = {
        "zint", "-b", "55", "--structapp=3,3,123456", "--whitesp=4", "--vwhitesp=4", "-d", "LAST",
        "-o",   png,  NULL};
    assert_int_equal(run(NULL, argv3), 0);
    assert_int_equal(image_load_gray(png, &g, &w, &h, NULL, 0), 0);
    assert_int_equal(pdf417_decode_gray(g, w, h, w, results, 2), 1);
    free(g);
    assert_true(results[0].macro.last);
    assert_int_equal(results[0].macro.segment_index, 2);

    /* ECI 26 (UTF-8): the bytes pass through, the designator is reported */
    const char *argv4[] = {"zint",
                           "-b",
                           "55",
                           "--eci=26",
                           "--whitesp=4",
                           "--vwhitesp=4",
                           "-d",
                           "Gr\xC3\xBC\xC3\x9F"
                           "e",
                           "-o",
                           png,
                           NULL};
    assert_int_equal(run(NULL, argv4), 0);
    assert_int_equal(image_load_gray(png, &g, &w, &h, NULL, 0), 0);
    assert_int_equal(pdf417_decode_gray(g, w, h, w, results, 2), 1);
    free(g);
    assert_int_equal(results[0].eci, 26);
    assert_int_equal(results[0].length, 7);
    assert_memory_equal(results[0].data,
                        "Gr\xC3\xBC\xC3\x9F"
                        "e",
                        7);
}

struct sink_log {
    int events;
    struct scan_event last;
};

static void on_event(const struct scan_event *ev, void *user)
{
    struct sink_log *l = user;
    l->events++;
    l->last = *ev;
}

static void test_camera_session(void **st)
{
    (void)st;
    struct payload p;
    aamva_payload(&p, "aamvajs_1.txt");
    char png[400];
    snprintf(png, sizeof png, "%s/cam.png", tmpdir);
    make_symbol(png, p.d, p.n, 10, 4, "1");
    uint8_t *g = NULL;
    int w, h;
    assert_int_equal(image_load_gray(png, &g, &w, &h, NULL, 0), 0);
    struct sink_log log = {0};
    struct scanner_sink sink = {on_event, NULL, &log};
    struct camera_session *cs = camera_session_create(w, h, "camera:test", &sink);
    assert_non_null(cs);
    uint64_t t = 1000000000ull;
    assert_int_equal(camera_session_frame(cs, g, w, h, w, t), 1);
    assert_int_equal(log.last.symbology, SCAN_SYM_PDF417);
    assert_int_equal(log.last.length, p.n);
    assert_memory_equal(log.last.data, p.d, p.n);
    assert_string_equal(log.last.source, "camera:test");
    /* the same card in the next frames: reported once */
    assert_int_equal(camera_session_frame(cs, g, w, h, w, t + 40000000ull), 0);
    assert_int_equal(camera_session_frame(cs, g, w, h, w, t + 80000000ull), 0);
    /* presented again after the hold time: reported again */
    assert_int_equal(camera_session_frame(cs, g, w, h, w, t + 80000000ull + CAMERA_HOLD_NS + 1), 1);
    assert_int_equal(log.events, 2);
    camera_session_destroy(cs);
    free(g);

    /* a Code 128 badge goes through zbar on the same frame path */
    char badge[400], bin[400];
    snprintf(badge, sizeof badge, "%s/badge.png", tmpdir);
    snprintf(bin, sizeof bin, "%s/badge.txt", tmpdir);
    write_file(bin, (const unsigned char *)"BADGE-004217", 12);
    const char *argv[] = {"zint", "-b", "20", "--scale=2", "--whitesp=10",
                          "-i",   bin,  "-o", badge,       NULL};
    assert_int_equal(run(NULL, argv), 0);
    assert_int_equal(image_load_gray(badge, &g, &w, &h, NULL, 0), 0);
    struct frame_scanner *fs = frame_scanner_create(w, h, FRAME_SCAN_ALL);
    static struct frame_symbol syms[4];
    int n = frame_scanner_scan(fs, g, w, h, w, syms, 4);
    assert_int_equal(n, 1);
    assert_int_equal(syms[0].symbology, SCAN_SYM_CODE128);
    assert_memory_equal(syms[0].data, "BADGE-004217", 12);
    frame_scanner_destroy(fs);
    free(g);
}

/* The camera path's per-frame decision: zbar runs only on frames without a
 * PDF417, on every n-th of those, and under the live policy a slice of
 * the scan per frame. */
static void test_frame_policy(void **st)
{
    (void)st;
    char badge[400], bin[400], card[400], both[400], sym[400];
    snprintf(badge, sizeof badge, "%s/pol-badge.png", tmpdir);
    snprintf(bin, sizeof bin, "%s/pol-badge.txt", tmpdir);
    write_file(bin, (const unsigned char *)"BADGE-000417", 12);
    const char *argv[] = {"zint", "-b", "20", "--scale=2", "--whitesp=10",
                          "-i",   bin,  "-o", badge,       NULL};
    assert_int_equal(run(NULL, argv), 0);
    /* a 640x480 frame: the badge on the left, a licence symbol on the right */
    struct payload p;
    aamva_payload(&p, "aamvajs_1.txt");
    snprintf(sym, sizeof sym, "%s/pol-sym.png", tmpdir);
    make_symbol(sym, p.d, p.n, 6, 4, "1");
    snprintf(card, sizeof card, "%s/pol-badge-frame.png", tmpdir);
    snprintf(both, sizeof both, "%s/pol-both.png", tmpdir);
    const char *a1[] = {"convert", "-size",      "800x600",     "xc:gray(230)", badge, "-geometry",
                        "+20+40",  "-composite", "-colorspace", "gray",         card,  NULL};
    assert_int_equal(run(NULL, a1), 0);
    const char *a2[] = {"convert",    card,          sym,    "-geometry", "+330+150",
                        "-composite", "-colorspace", "gray", both,        NULL};
    assert_int_equal(run(NULL, a2), 0);

    uint8_t *g = NULL, *gb = NULL;
    int w, h, wb, hb;
    assert_int_equal(image_load_gray(card, &g, &w, &h, NULL, 0), 0);
    assert_int_equal(image_load_gray(both, &gb, &wb, &hb, NULL, 0), 0);
    static struct frame_symbol syms[4];
    struct frame_scanner *fs = frame_scanner_create(w, h, FRAME_SCAN_ALL);
    assert_non_null(fs);
    /* still images: zbar on every frame without a PDF417 */
    for (int i = 0; i < 3; i++) {
        assert_int_equal(frame_scanner_scan(fs, g, w, h, w, syms, 4), 1);
        assert_int_equal(syms[0].symbology, SCAN_SYM_CODE128);
        assert_memory_equal(syms[0].data, "BADGE-000417", 12);
    }
    /* a PDF417 in view: zbar does not run, the badge beside it is not read */
    assert_int_equal(frame_scanner_scan(fs, gb, wb, hb, wb, syms, 4), 1);
    assert_int_equal(syms[0].symbology, SCAN_SYM_PDF417);
    assert_int_equal(syms[0].length, p.n);
    assert_memory_equal(syms[0].data, p.d, p.n);
    /* every third: zbar on frames 1, 4, 7 of those without a PDF417 */
    frame_scanner_set_policy(fs, &(struct frame_scan_policy){4, 3, 0.0, false});
    int seen = 0;
    for (int i = 0; i < 7; i++) {
        int n = frame_scanner_scan(fs, g, w, h, w, syms, 4);
        assert_int_equal(n, i % 3 == 0 ? 1 : 0);
        seen += n;
        /* frames with a PDF417 do not count toward zbar's turn */
        assert_int_equal(frame_scanner_scan(fs, gb, wb, hb, wb, syms, 4), 1);
        assert_int_equal(syms[0].symbology, SCAN_SYM_PDF417);
    }
    assert_int_equal(seen, 3);
    /* the live policy: one seventh of the scan per frame; the badge (a
     * Code 128 in the top half) is read by the first slice, rows 0-300 */
    frame_scanner_set_policy(fs, &(struct frame_scan_policy)FRAME_SCAN_POLICY_LIVE);
    seen = 0;
    for (int i = 0; i < 2 * FRAME_SCAN_SLICES; i++) {
        int n = frame_scanner_scan(fs, g, w, h, w, syms, 4);
        assert_int_equal(n, i % FRAME_SCAN_SLICES == 0 ? 1 : 0);
        seen += n;
    }
    assert_int_equal(seen, 2);
    /* a budget the PDF417 reader alone exceeds: zbar waits for a cheaper frame */
    frame_scanner_set_policy(fs, &(struct frame_scan_policy){4, 1, 1e-6, false});
    assert_int_equal(frame_scanner_scan(fs, g, w, h, w, syms, 4), 0);
    frame_scanner_destroy(fs);
    free(g);
    free(gb);
}

/* The live policy's slices together read what one whole scan reads: a
 * Code 128 across the top, a Code 39 turned upright on the right and a QR
 * code at the bottom of a 1280x720 frame, each by the slice that covers it
 * (rows 0-360, columns 640-1280, the QR band over rows 360-720), also on a
 * frame with a row stride wider than its width. (At density 4 zbar reads
 * QR from about 5 px per module: this one has 6.) */
static void test_frame_slices(void **st)
{
    (void)st;
    static const struct {
        const char *name, *barcode, *data, *scale, *rotate, *at;
    } parts[] = {
        {"s128", "20", "BADGE-128128", "--scale=1", "0", "+40+40"},
        {"s39", "8", "BADGE-3939", "--scale=1", "90", "+1000+200"},
        {"sqr", "58", "BADGE-QRQR", "--scale=3", "0", "+500+560"},
    };
    char frame[400], path[400], bin[400];
    snprintf(frame, sizeof frame, "%s/slices.png", tmpdir);
    const char *a0[] = {"convert", "-size", "1280x720", "xc:gray(230)", frame, NULL};
    assert_int_equal(run(NULL, a0), 0);
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        snprintf(path, sizeof path, "%s/%s.png", tmpdir, parts[i].name);
        snprintf(bin, sizeof bin, "%s/%s.txt", tmpdir, parts[i].name);
        write_file(bin, (const unsigned char *)parts[i].data, strlen(parts[i].data));
        const char *z[] = {
            "zint", "-b", parts[i].barcode, parts[i].scale, "--whitesp=10", "-i", bin, "-o",
            path,   NULL};
        assert_int_equal(run(NULL, z), 0);
        const char *c[] = {"convert",       frame,  "(",         path,        "-rotate",
                           parts[i].rotate, ")",    "-geometry", parts[i].at, "-composite",
                           "-colorspace",   "gray", frame,       NULL};
        assert_int_equal(run(NULL, c), 0);
    }
    uint8_t *g = NULL;
    int w, h;
    assert_int_equal(image_load_gray(frame, &g, &w, &h, NULL, 0), 0);
    /* the same frame with 40 bytes of padding after each row */
    int stride = w + 40;
    uint8_t *padded = malloc((size_t)stride * (size_t)h);
    assert_non_null(padded);
    for (int y = 0; y < h; y++)
        memcpy(padded + (size_t)y * (size_t)stride, g + (size_t)y * (size_t)w, (size_t)w);
    static struct frame_symbol syms[4];
    struct frame_scanner *fs = frame_scanner_create(w, h, FRAME_SCAN_ALL);
    assert_non_null(fs);
    /* the whole scan at once reads all three */
    assert_int_equal(frame_scanner_scan(fs, g, w, h, w, syms, 4), 3);
    /* sliced: which slice reads which */
    static const enum scan_symbology by_slice[FRAME_SCAN_SLICES] = {
        SCAN_SYM_CODE128, SCAN_SYM_UNKNOWN, SCAN_SYM_UNKNOWN, SCAN_SYM_CODE39,
        SCAN_SYM_UNKNOWN, SCAN_SYM_UNKNOWN, SCAN_SYM_QR,
    };
    frame_scanner_set_policy(fs, &(struct frame_scan_policy)FRAME_SCAN_POLICY_LIVE);
    for (int pass = 0; pass < 2; pass++) {
        const uint8_t *img = pass ? padded : g;
        int st_ = pass ? stride : w;
        for (int i = 0; i < FRAME_SCAN_SLICES; i++) {
            int n = frame_scanner_scan(fs, img, w, h, st_, syms, 4);
            if (by_slice[i] == SCAN_SYM_UNKNOWN) {
                assert_int_equal(n, 0);
                continue;
            }
            assert_int_equal(n, 1);
            assert_int_equal(syms[0].symbology, by_slice[i]);
            const char *want = by_slice[i] == SCAN_SYM_CODE128  ? "BADGE-128128"
                               : by_slice[i] == SCAN_SYM_CODE39 ? "BADGE-3939"
                                                                : "BADGE-QRQR";
            assert_int_equal(syms[0].length, strlen(want));
            assert_memory_equal(syms[0].data, want, strlen(want));
        }
    }
    frame_scanner_destroy(fs);
    free(padded);
    free(g);
}

static void test_camera_open_fails(void **st)
{
    (void)st;
    struct scanner *s = NULL;
    char err[256] = "";
    int rc = scanner_open("camera:/dev/video-none-here", on_event, NULL, NULL, &s, err, sizeof err);
    assert_int_equal(rc, KIOSK_ERR_DEVICE);
    assert_null(s);
    assert_non_null(strstr(err, "/dev/video-none-here"));
    assert_int_equal(kiosk_exit_code(rc), 69);
}

static void test_kioskctl_decode(void **st)
{
    (void)st;
    const char *bindir = getenv("KIOSK_BIN_DIR");
    char ctl[400], png[400], outp[400], missing[400], junk[400];
    snprintf(ctl, sizeof ctl, "%s/kioskctl", bindir);
    if (access(ctl, X_OK) != 0)
        skip();
    struct payload p;
    aamva_payload(&p, "aamvastd_1.txt");
    snprintf(png, sizeof png, "%s/licence.png", tmpdir);
    snprintf(outp, sizeof outp, "%s/decode.json", tmpdir);
    make_symbol(png, p.d, p.n, 13, 5, "1");
    const char *argv[] = {ctl, "decode", "--json", "--symbology", "pdf417", png, NULL};
    assert_int_equal(run(outp, argv), 0);
    json_error_t je;
    json_t *o = json_load_file(outp, 0, &je);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "file")), png);
    assert_true(json_is_number(json_object_get(o, "ms")));
    json_t *sym = json_array_get(json_object_get(o, "symbols"), 0);
    assert_non_null(sym);
    assert_string_equal(json_string_value(json_object_get(sym, "type")), "PDF417");
    char hex[4200];
    for (size_t i = 0; i < p.n; i++)
        snprintf(hex + 2 * i, 3, "%02x", p.d[i]);
    assert_string_equal(json_string_value(json_object_get(sym, "hex")), hex);
    assert_int_equal(json_integer_value(json_object_get(sym, "columns")), 13);
    assert_int_equal(json_integer_value(json_object_get(sym, "ec_level")), 5);
    json_decref(o);

    /* bytes such as 0x85 (NEL in Latin-1) come out as \u escapes: the JSON
     * is ASCII only and one line per image */
    struct payload q = {.n = 6};
    memcpy(q.d,
           "A\x85"
           "B\xe9\n\x1e",
           6);
    snprintf(png, sizeof png, "%s/nel.png", tmpdir);
    make_symbol(png, q.d, q.n, 4, 2, "1");
    const char *argv5[] = {ctl, "decode", "--json", png, NULL};
    assert_int_equal(run(outp, argv5), 0);
    unsigned char raw[4096];
    size_t nraw = read_file(outp, raw, sizeof raw);
    assert_true(nraw > 0 && raw[nraw - 1] == '\n');
    for (size_t i = 0; i < nraw; i++) {
        assert_true(raw[i] < 0x80);
        assert_true(raw[i] != '\n' || i == nraw - 1);
    }
    assert_non_null(strstr((const char *)raw, "A\\u0085B\\u00E9\\n\\u001E"));
    o = json_load_file(outp, 0, &je);
    assert_non_null(o);
    sym = json_array_get(json_object_get(o, "symbols"), 0);
    assert_string_equal(json_string_value(json_object_get(sym, "text")), "A\xc2\x85"
                                                                         "B\xc3\xa9\n\x1e");
    json_decref(o);

    snprintf(missing, sizeof missing, "%s/no-such.png", tmpdir);
    const char *argv2[] = {ctl, "decode", missing, NULL};
    assert_int_equal(run(NULL, argv2), 66);
    snprintf(junk, sizeof junk, "%s/junk.png", tmpdir);
    write_file(junk, (const unsigned char *)"not an image", 12);
    const char *argv3[] = {ctl, "decode", "--json", junk, NULL};
    assert_int_equal(run(NULL, argv3), 65);
    const char *argv4[] = {ctl, "decode", "--symbology", "qr", png, NULL};
    assert_int_equal(run(NULL, argv4), 64);
}

static int setup(void **st)
{
    (void)st;
    const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(tmpdir, sizeof tmpdir, "%s/pdf417-img-XXXXXX", base);
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **st)
{
    (void)st;
    const char *argv[] = {"rm", "-rf", tmpdir, NULL};
    run(NULL, argv);
    return 0;
}

int main(void)
{
    if (!getenv("KIOSK_TEST_DIR") || !have_tool("zint") || !have_tool("convert"))
        return 77;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_images),
        cmocka_unit_test(test_no_quiet_zone),
        cmocka_unit_test(test_macro_eci),
        cmocka_unit_test(test_nothing_and_glare),
        cmocka_unit_test(test_glare_cut_cells),
        cmocka_unit_test(test_camera_session),
        cmocka_unit_test(test_frame_policy),
        cmocka_unit_test(test_frame_slices),
        cmocka_unit_test(test_camera_open_fails),
        cmocka_unit_test(test_kioskctl_decode),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
