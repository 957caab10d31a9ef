/* Unit tests of the PDF417 reader's stages: the generated symbol-character
 * table against the specification's pattern rules, codeword classification
 * under ink spread, GF(929) arithmetic, Reed-Solomon error and erasure
 * correction (and detection past the bound), and every high-level mode. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/kiosk_err.h"
#include "drivers/pdf417/pdf417_internal.h"

static uint64_t rng_state = 0x5eed417ull;
static unsigned rnd(unsigned n)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (unsigned)((rng_state >> 33) % n);
}

static void test_table_rules(void **st)
{
    (void)st;
    for (int c = 0; c < 3; c++) {
        for (int v = 0; v < 929; v++) {
            uint32_t p = pdf417_patterns[c][v];
            int sum = 0, e[8];
            for (int i = 0; i < 8; i++) {
                e[i] = pdf417_pattern_element(p, i);
                assert_in_range(e[i], 1, 6);
                sum += e[i];
            }
            assert_int_equal(sum, 17);
            /* cluster K = (b1 - b2 + b3 - b4 + 9) mod 9 */
            assert_int_equal((e[0] - e[2] + e[4] - e[6] + 9) % 9, 3 * c);
            for (int u = 0; u < v; u++)
                assert_int_not_equal(pdf417_patterns[c][u], p);
        }
    }
    /* the specification's first symbol character: cluster 0, value 0 = 31111136 */
    assert_int_equal(pdf417_patterns[0][0], (3u << 21) | (1u << 18) | (1u << 15) | (1u << 12) |
                                                (1u << 9) | (1u << 6) | (3u << 3) | 6u);
}

static void test_classify(void **st)
{
    (void)st;
    struct pdf417_index *idx = malloc(sizeof *idx);
    pdf417_index_init(idx);
    for (int c = 0; c < 3; c++)
        for (int v = 0; v < 929; v++) {
            uint32_t p = pdf417_patterns[c][v];
            int w[8], cl = -1;
            /* 3 px per module, bars spread by up to 1.2 px (ink), jitter */
            int spread = (int)rnd(40);
            for (int i = 0; i < 8; i++)
                w[i] = pdf417_pattern_element(p, i) * 96 + (i % 2 ? -spread : spread) +
                       (int)rnd(9) - 4;
            assert_int_equal(pdf417_classify(idx, w, -1, &cl), v);
            assert_int_equal(cl, c);
            assert_int_equal(pdf417_classify(idx, w, c, NULL), v);
            assert_int_equal(pdf417_classify(idx, w, (c + 1) % 3, NULL), -1);
        }
    int zero[8] = {0};
    assert_int_equal(pdf417_classify(idx, zero, -1, NULL), -1);
    free(idx);
}

static void test_gf929(void **st)
{
    (void)st;
    int x = 1;
    for (int i = 1; i < 928; i++) {
        x = pdf417_gf_mul(x, 3);
        assert_int_not_equal(x, 1); /* 3 generates the whole group */
    }
    assert_int_equal(pdf417_gf_mul(x, 3), 1);
    for (int a = 1; a < 929; a++) {
        assert_int_equal(pdf417_gf_mul(a, pdf417_gf_inv(a)), 1);
        assert_int_equal(pdf417_gf_pow(a, 928), 1);
    }
    assert_int_equal(pdf417_gf_mul(928, 928), 1);
    assert_int_equal(pdf417_gf_pow(3, 0), 1);
}

static void make_codeword(int *cw, int n, int k)
{
    for (int i = 0; i < n - k; i++)
        cw[i] = (int)rnd(929);
    pdf417_rs_encode(cw, n - k, k, cw + n - k);
}

static void test_rs_correct(void **st)
{
    (void)st;
    int cw[928], orig[928], eras[928];
    for (int level = 1; level <= 8; level++) {
        int k = 1 << (level + 1);
        for (int trial = 0; trial < (level > 6 ? 6 : 30); trial++) {
            int n = k + 1 + (int)rnd((unsigned)(928 - k));
            make_codeword(orig, n, k);
            memcpy(cw, orig, sizeof(int) * (size_t)n);
            assert_int_equal(pdf417_rs_correct(cw, n, k, NULL, 0), 0);
            /* a random split of the budget 2e + f <= k - 2 */
            int f = (int)rnd((unsigned)(k - 1));
            int e = (k - 2 - f) / 2;
            char used[928] = {0};
            for (int i = 0; i < f + e; i++) {
                int p;
                do
                    p = (int)rnd((unsigned)n);
                while (used[p]);
                used[p] = 1;
                if (i < f) {
                    eras[i] = p;
                    cw[p] = (int)rnd(929);
                } else {
                    cw[p] = (orig[p] + 1 + (int)rnd(928)) % 929;
                }
            }
            int r = pdf417_rs_correct(cw, n, k, eras, f);
            assert_true(r >= e);
            assert_memory_equal(cw, orig, sizeof(int) * (size_t)n);
        }
    }
}

static void test_rs_detect(void **st)
{
    (void)st;
    int cw[928], orig[928];
    int detected = 0, trials = 400;
    for (int t = 0; t < trials; t++) {
        int level = 1 + (int)rnd(5);
        int k = 1 << (level + 1);
        int n = k + 10 + (int)rnd(300);
        make_codeword(orig, n, k);
        memcpy(cw, orig, sizeof(int) * (size_t)n);
        int e = k / 2 + 1 + (int)rnd(4); /* past the bound */
        char used[928] = {0};
        for (int i = 0; i < e; i++) {
            int p;
            do
                p = (int)rnd((unsigned)n);
            while (used[p]);
            used[p] = 1;
            cw[p] = (orig[p] + 1 + (int)rnd(928)) % 929;
        }
        int r = pdf417_rs_correct(cw, n, k, NULL, 0);
        assert_false(r >= 0 && memcmp(cw, orig, sizeof(int) * (size_t)n) == 0);
        detected += r < 0;
    }
    /* two check words are reserved for detection: miscorrection is rare */
    assert_true(detected >= trials * 98 / 100);
    int small[4] = {1, 2, 3, 4};
    assert_int_equal(pdf417_rs_correct(small, 4, 8, NULL, 0), -1);
}

/* ---- high-level decoding ---- */

static struct pdf417_result res;

static int run_hl(const int *body, int n)
{
    int cw[600];
    cw[0] = n + 1;
    memcpy(cw + 1, body, sizeof(int) * (size_t)n);
    memset(&res, 0, sizeof res);
    return pdf417_decode_highlevel(cw, n + 1, &res);
}

static void expect_bytes(const void *want, size_t n)
{
    assert_int_equal(res.length, n);
    assert_memory_equal(res.data, want, n);
}

#define TC(h, l) ((h)*30 + (l))

static void test_text_modes(void **st)
{
    (void)st;
    /* Alpha "AB", space; latch lower "cd"; alpha shift "E"; mixed "1&"; latch
     * punct ";" LF; latch alpha "Z"; punct shift "!" then lower again */
    int body[] = {
        TC(0, 1),   /* A B */
        TC(26, 27), /* space, ll */
        TC(2, 3),   /* c d */
        TC(27, 4),  /* as E */
        TC(28, 1),  /* ml 1 */
        TC(10, 25), /* & pl */
        TC(0, 15),  /* ; LF */
        TC(29, 25), /* al Z */
        TC(29, 10), /* ps ! */
        TC(27, 0),  /* ll a */
        TC(29, 11), /* ps CR */
        TC(28, 28), /* ml al */
        TC(28, 29), /* ml ps (pad: the shift never completes) */
    };
    assert_int_equal(run_hl(body, (int)(sizeof body / sizeof body[0])), 0);
    expect_bytes("AB cdE1&;\nZ!a\r", 14);

    /* every mixed and punctuation value */
    int mixed[] = {900,        TC(28, 0),  TC(1, 2),   TC(3, 4),   TC(5, 6),
                   TC(7, 8),   TC(9, 10),  TC(11, 12), TC(13, 14), TC(15, 16),
                   TC(17, 18), TC(19, 20), TC(21, 22), TC(23, 24), TC(26, 29)};
    assert_int_equal(run_hl(mixed, 15), 0);
    expect_bytes("0123456789&\r\t,:#-.$/+%*=^ ", 26);
    int punct[] = {TC(28, 25), TC(0, 1),   TC(2, 3),   TC(4, 5),   TC(6, 7),   TC(8, 9),
                   TC(10, 11), TC(12, 13), TC(14, 15), TC(16, 17), TC(18, 19), TC(20, 21),
                   TC(22, 23), TC(24, 25), TC(26, 27), TC(28, 29)};
    assert_int_equal(run_hl(punct, 16), 0);
    expect_bytes(";<>@[\\]_`~!\r\t,:\n-.$/\"|*()?{}'", 29);
    /* mixed -> lower latch; alpha <- mixed */
    int ml[] = {TC(28, 27), TC(7, 28), TC(28, 7)};
    assert_int_equal(run_hl(ml, 3), 0);
    expect_bytes("hH", 2);
}

static void test_byte_modes(void **st)
{
    (void)st;
    /* 924: 6 bytes per 5 codewords. 0x010203040506 in base 900 */
    uint64_t v = 0x010203040506ull;
    int g[5];
    for (int i = 4; i >= 0; i--) {
        g[i] = (int)(v % 900);
        v /= 900;
    }
    int b924[] = {924, g[0], g[1], g[2], g[3], g[4]};
    assert_int_equal(run_hl(b924, 6), 0);
    expect_bytes("\x01\x02\x03\x04\x05\x06", 6);
    /* 901 with a tail: 6 + 5 bytes = 5 codewords + 5 single bytes */
    int b901[] = {901, g[0], g[1], g[2], g[3], g[4], 0xff, 0x1e, 0, 10, 13};
    assert_int_equal(run_hl(b901, 11), 0);
    expect_bytes("\x01\x02\x03\x04\x05\x06\xff\x1e\x00\n\r", 11);
    /* 913 inside text: one byte, then the text sub-mode goes on */
    int shift[] = {TC(27, 0), 913, 0xe9, TC(1, 29), 913, 0x1e, TC(2, 29)};
    assert_int_equal(run_hl(shift, 7), 0);
    expect_bytes("a\xe9"
                 "b\x1e"
                 "c",
                 5);
    /* a byte value over 255 is malformed */
    int bad[] = {901, 300};
    assert_int_equal(run_hl(bad, 2), KIOSK_ERR_INVALID);
}

static void test_numeric(void **st)
{
    (void)st;
    /* "000213298174000" -> "1000213298174000" in base 900 */
    int body[] = {902, 1, 624, 434, 632, 282, 200};
    assert_int_equal(run_hl(body, 7), 0);
    expect_bytes("000213298174000", 15);
    /* then back to text */
    int mix[] = {902, 11, 900, TC(0, 1)};
    assert_int_equal(run_hl(mix, 4), 0);
    expect_bytes("1AB", 3); /* 11 = "11": the leading 1 is dropped */
    int bad[] = {902, 5};   /* "5": no leading 1 */
    assert_int_equal(run_hl(bad, 2), KIOSK_ERR_INVALID);
}

static void test_eci_macro(void **st)
{
    (void)st;
    int e1[] = {927, 3, TC(0, 1)};
    assert_int_equal(run_hl(e1, 3), 0);
    assert_int_equal(res.eci, 3);
    expect_bytes("AB", 2);
    int e2[] = {926, 0, 5, TC(0, 1)};
    assert_int_equal(run_hl(e2, 4), 0);
    assert_int_equal(res.eci, 905);
    int e3[] = {925, 7};
    assert_int_equal(run_hl(e3, 2), 0);
    assert_int_equal(res.eci, 810907);
    int e4[] = {926, 1};
    assert_int_equal(run_hl(e4, 2), KIOSK_ERR_INVALID);
    /* Macro: segment index 2 (100002 = 111*900 + 102), file id 017 053,
     * segment count 3 (numeric "13" -> 13 = 0*900+13), last segment */
    int m[] = {TC(0, 1), 928, 111, 102, 17, 53, 923, 1, 13, 922};
    assert_int_equal(run_hl(m, 10), 0);
    expect_bytes("AB", 2);
    assert_true(res.macro.present);
    assert_int_equal(res.macro.segment_index, 2);
    assert_string_equal(res.macro.file_id, "017053");
    assert_int_equal(res.macro.segment_count, 3);
    assert_true(res.macro.last);
    int m2[] = {928, 5};
    assert_int_equal(run_hl(m2, 2), KIOSK_ERR_INVALID);
}

static void test_decode_codewords(void **st)
{
    (void)st;
    /* a whole 10 x 4 symbol at EC level 3: "HELLO", pads, 16 check words */
    int rows = 10, cols = 4, k = 16, n = rows * cols;
    int cw[40];
    bool erased[40] = {0};
    cw[0] = n - k;
    cw[1] = TC(7, 4);
    cw[2] = TC(11, 11);
    cw[3] = TC(14, 29);
    for (int i = 4; i < n - k; i++)
        cw[i] = 900;
    pdf417_rs_encode(cw, n - k, k, cw + n - k);
    struct pdf417_result *r = &res;
    assert_int_equal(pdf417_decode_codewords(cw, NULL, rows, cols, 3, r), 0);
    assert_int_equal(r->length, 5);
    assert_memory_equal(r->data, "HELLO", 5);
    /* 6 erasures + 4 errors = 14 = k - 2 */
    for (int i = 0; i < 6; i++) {
        erased[i * 5] = true;
        cw[i * 5] = 0;
    }
    cw[1] = 5;
    cw[7] = 6;
    cw[33] = 7;
    cw[39] = 8;
    assert_int_equal(pdf417_decode_codewords(cw, erased, rows, cols, 3, r), 0);
    assert_memory_equal(r->data, "HELLO", 5);
    assert_int_equal(r->erasures, 6);
    assert_true(r->corrected >= 10);
    cw[12] = 9; /* one more error is past the bound */
    assert_int_equal(pdf417_decode_codewords(cw, erased, rows, cols, 3, r), KIOSK_ERR_INVALID);
    assert_int_equal(pdf417_decode_codewords(cw, NULL, 2, cols, 3, r), KIOSK_ERR_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_rules), cmocka_unit_test(test_classify),
        cmocka_unit_test(test_gf929),       cmocka_unit_test(test_rs_correct),
        cmocka_unit_test(test_rs_detect),   cmocka_unit_test(test_text_modes),
        cmocka_unit_test(test_byte_modes),  cmocka_unit_test(test_numeric),
        cmocka_unit_test(test_eci_macro),   cmocka_unit_test(test_decode_codewords),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
