/* zxing-cpp v1.4.0's public PDF417 samples (tests/fixtures/zxing-samples,
 * see its PROVENANCE.md) read by our reader: every image of pdf417-1..3
 * must give its expected text or bytes (58 files; zxing-cpp 1.4 reads all
 * 58), and every Macro PDF417 file of pdf417-4 must be joined from its
 * segments (2x2 grids of symbols in one frame included). A wrong decode
 * fails the test, and so does a miss. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/kiosk_err.h"
#include "drivers/camera/camera.h"
#include "drivers/pdf417/pdf417.h"

#define MAX_SYMBOLS 8

static struct pdf417_result results[MAX_SYMBOLS];

static char dir[512];

static size_t read_file(const char *path, unsigned char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

/* Decode path; returns the symbol count (fails on a reader error). */
static int decode_file(const char *path)
{
    uint8_t *g = NULL;
    int w, h;
    char err[256];
    assert_int_equal(image_load_gray(path, &g, &w, &h, err, sizeof err), 0);
    int n = pdf417_decode_gray(g, w, h, w, results, MAX_SYMBOLS);
    free(g);
    assert_true(n >= 0);
    return n;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One folder of pdf417-1..3: returns files read, counts files in *total;
 * a decode that differs from the expected content fails at once. */
static int read_folder(const char *name, int *total, char *missed, size_t mcap)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    DIR *d = opendir(path);
    assert_non_null(d);
    char *names[64];
    int nn = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL && nn < 64;) {
        size_t l = strlen(e->d_name);
        if (l > 4 && strcmp(e->d_name + l - 4, ".png") == 0)
            names[nn++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)nn, sizeof names[0], cmp_names);
    static unsigned char want[8192], got[8192];
    int ok = 0;
    for (int i = 0; i < nn; i++) {
        char base[1400], exp[1500], png[1500];
        snprintf(base, sizeof base, "%s/%s", path, names[i]);
        base[strlen(base) - 4] = 0;
        snprintf(png, sizeof png, "%s.png", base);
        bool binary = false;
        snprintf(exp, sizeof exp, "%s.txt", base);
        size_t wn = read_file(exp, want, sizeof want);
        if (wn == 0) {
            snprintf(exp, sizeof exp, "%s.bin", base);
            wn = read_file(exp, want, sizeof want);
            binary = true;
        }
        assert_true(wn > 0);
        int n = decode_file(png);
        if (n == 0) {
            size_t ml = strlen(missed);
            snprintf(missed + ml, mcap - ml, " %s/%s", name, names[i]);
        } else {
            assert_int_equal(n, 1);
            size_t gn = results[0].length;
            const unsigned char *g = results[0].data;
            if (!binary) {
                assert_int_equal(pdf417_result_utf8(&results[0], got, sizeof got, &gn), 0);
                g = got;
            }
            if (gn != wn || memcmp(g, want, wn) != 0)
                fail_msg("%s/%s: misread (%zu bytes, expected %zu)", name, names[i], gn, wn);
            ok++;
        }
        free(names[i]);
    }
    *total += nn;
    return ok;
}

static void test_samples_1_to_3(void **st)
{
    (void)st;
    char missed[2048] = "";
    int total = 0, ok = 0;
    ok += read_folder("pdf417-1", &total, missed, sizeof missed);
    ok += read_folder("pdf417-2", &total, missed, sizeof missed);
    ok += read_folder("pdf417-3", &total, missed, sizeof missed);
    print_message("zxing-cpp v1.4.0 samples pdf417-1..3: %d/%d read, 0 misreads%s%s\n", ok, total,
                  *missed ? "; missed:" : "", missed);
    assert_int_equal(total, 58);
    if (ok != total)
        fail_msg("missed:%s", missed);
}

/* pdf417-4: the images of each Macro PDF417 file, every symbol of each
 * image, joined by the control block. */
static void test_samples_4_macro(void **st)
{
    (void)st;
    static const struct {
        const char *file, *images[2], *expect;
        int symbols[2];
    } sets[] = {
        {"01", {"01-01.png", NULL}, "01.bin", {1, 0}},
        {"02", {"02-01.png", "02-02.png"}, "02.bin", {4, 4}},
        {"03", {"03-01.png", NULL}, "03.txt", {3, 0}},
    };
    static struct pdf417_result segs[16];
    static unsigned char want[16384], joined[16384];
    int images_ok = 0, images = 0;
    for (size_t s = 0; s < sizeof sets / sizeof sets[0]; s++) {
        size_t nseg = 0;
        for (int k = 0; k < 2 && sets[s].images[k]; k++) {
            char png[1024];
            snprintf(png, sizeof png, "%s/pdf417-4/%s", dir, sets[s].images[k]);
            int n = decode_file(png);
            images++;
            print_message("pdf417-4/%s: %d of %d symbols\n", sets[s].images[k], n,
                          sets[s].symbols[k]);
            images_ok += n == sets[s].symbols[k];
            for (int i = 0; i < n && nseg < 16; i++)
                segs[nseg++] = results[i];
        }
        char exp[1024];
        snprintf(exp, sizeof exp, "%s/pdf417-4/%s", dir, sets[s].expect);
        size_t wn = read_file(exp, want, sizeof want);
        assert_true(wn > 0);
        size_t jn = 0;
        bool text = strstr(sets[s].expect, ".txt") != NULL;
        int rc = pdf417_macro_join(segs, nseg, text, joined, sizeof joined, &jn);
        if (rc != 0) {
            print_message("pdf417-4 file %s: not joined (%d segments read)\n", sets[s].file,
                          (int)nseg);
            continue;
        }
        assert_int_equal(jn, wn);
        assert_memory_equal(joined, want, wn);
    }
    print_message("pdf417-4: %d/%d images with every symbol read\n", images_ok, images);
    assert_int_equal(images_ok, images);
}

/* The join itself: order, duplicates, a missing segment, another file. */
static void test_macro_join(void **st)
{
    (void)st;
    static struct pdf417_result r[4];
    memset(r, 0, sizeof r);
    const char *parts[] = {"one ", "two ", "three"};
    for (int i = 0; i < 3; i++) {
        r[i].macro.present = true;
        r[i].macro.segment_index = 2 - i; /* read in reverse */
        r[i].macro.segment_count = -1;
        snprintf(r[i].macro.file_id, sizeof r[i].macro.file_id, "017053");
        r[i].length = strlen(parts[2 - i]);
        memcpy(r[i].data, parts[2 - i], r[i].length);
    }
    unsigned char out[64];
    size_t n = 0;
    /* no segment says it is the last: incomplete */
    assert_int_equal(pdf417_macro_join(r, 3, false, out, sizeof out, &n), KIOSK_ERR_NOT_FOUND);
    r[0].macro.last = true;
    assert_int_equal(pdf417_macro_join(r, 3, false, out, sizeof out, &n), 0);
    assert_int_equal(n, 13);
    assert_memory_equal(out, "one two three", 13);
    /* a duplicate that agrees is fine; a missing middle is not */
    r[3] = r[1];
    assert_int_equal(pdf417_macro_join(r, 4, false, out, sizeof out, &n), 0);
    assert_int_equal(pdf417_macro_join(r, 1, false, out, sizeof out, &n), KIOSK_ERR_NOT_FOUND);
    r[3].data[0] = 'X';
    assert_int_equal(pdf417_macro_join(r, 4, false, out, sizeof out, &n), KIOSK_ERR_INVALID);
    r[3] = r[1];
    snprintf(r[3].macro.file_id, sizeof r[3].macro.file_id, "999");
    assert_int_equal(pdf417_macro_join(r, 4, false, out, sizeof out, &n), KIOSK_ERR_INVALID);
    assert_int_equal(pdf417_macro_join(r, 3, false, out, 5, &n), KIOSK_ERR_FULL);
    /* as text: an ECI in one segment holds in the next ones (ISO 8859-7
     * from the first segment's end; 0xE1 is alpha there, a-acute in Latin-1) */
    r[2].eci_seg[0].at = (int)r[2].length;
    r[2].eci_seg[0].eci = 9;
    r[2].neci = 1;
    r[1].data[0] = 0xe1;
    assert_int_equal(pdf417_macro_join(r, 3, true, out, sizeof out, &n), 0);
    assert_int_equal(n, 14);
    assert_memory_equal(out, "one \xce\xb1wo three", 14);
    assert_int_equal(pdf417_macro_join(r, 3, false, out, sizeof out, &n), 0);
    assert_memory_equal(out, "one \xe1wo three", 13);
    /* binary data is not text */
    r[2].eci_seg[0].eci = 899;
    assert_int_equal(pdf417_macro_join(r, 3, true, out, sizeof out, &n), KIOSK_ERR_INVALID);
}

int main(void)
{
    const char *t = getenv("KIOSK_TEST_DIR");
    if (!t)
        return 77;
    snprintf(dir, sizeof dir, "%s/fixtures/zxing-samples", t);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_macro_join),
        cmocka_unit_test(test_samples_1_to_3),
        cmocka_unit_test(test_samples_4_macro),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
