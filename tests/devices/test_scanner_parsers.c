/* Unit tests of the driver layer's pure parts: the HID POS assembler and
 * report-descriptor reader, the boot-keyboard translator, the keyboard-wedge
 * assembler, the AIM map, spec dispatch, and the sim driver (directory in
 * name order, FIFO with a length prefix or a terminator). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "drivers/hidkbd/hidkbd.h"
#include "drivers/hidkbd/wedge.h"
#include "drivers/hidpos/hidpos.h"
#include "devices/hidpos_reports.h"
#include "drivers/scanner.h"

static const uint8_t pos_desc[] = {
    0x05, 0x8C, 0x09, 0x02, 0xA1, 0x01, 0x85, 0x02, 0x09, 0x12, 0xA1, 0x02, 0x15, 0x00, 0x26, 0xFF,
    0x00, 0x06, 0x66, 0xFF, 0x09, 0x01, 0x75, 0x08, 0x95, 0x01, 0x81, 0x02, 0x05, 0x8C, 0x09, 0xFB,
    0x09, 0xFC, 0x09, 0xFD, 0x75, 0x08, 0x95, 0x03, 0x81, 0x02, 0x09, 0xFE, 0x75, 0x08, 0x95, 0x38,
    0x82, 0x02, 0x01, 0x06, 0x66, 0xFF, 0x09, 0x02, 0x75, 0x08, 0x95, 0x02, 0x81, 0x02, 0x05, 0x8C,
    0x09, 0xFF, 0x75, 0x01, 0x95, 0x01, 0x81, 0x02, 0x75, 0x07, 0x95, 0x01, 0x81, 0x03, 0xC0, 0xC0,
};

static const char aamva[] = "@\n\x1e\rANSI 636000090001DL00310045DLDAQX98765\nDCSTESTER\n"
                            "DACJANE\nDBB01021990\r";

static void test_hidpos_descriptor_layout(void **state)
{
    (void)state;
    struct hidpos_layout l, def;
    hidpos_layout_default(&def);
    assert_true(hidpos_descriptor_is_pos(pos_desc, sizeof pos_desc));
    assert_int_equal(hidpos_layout_from_descriptor(pos_desc, sizeof pos_desc, &l), 0);
    assert_int_equal(l.report_id, def.report_id);
    assert_int_equal(l.report_size, def.report_size);
    assert_int_equal(l.len_off, def.len_off);
    assert_int_equal(l.aim_off, def.aim_off);
    assert_int_equal(l.data_off, def.data_off);
    assert_int_equal(l.data_max, def.data_max);
    assert_int_equal(l.cont_off, def.cont_off);
    assert_int_equal(l.cont_mask, def.cont_mask);
    /* A keyboard descriptor is not HID POS; a cut descriptor is invalid. */
    static const uint8_t kbd[] = {0x05, 0x01, 0x09, 0x06, 0xA1, 0x01, 0x05, 0x07,
                                  0x75, 0x08, 0x95, 0x06, 0x81, 0x00, 0xC0};
    assert_false(hidpos_descriptor_is_pos(kbd, sizeof kbd));
    assert_int_equal(hidpos_layout_from_descriptor(kbd, sizeof kbd, &l), KIOSK_ERR_NOT_FOUND);
    assert_int_equal(hidpos_layout_from_descriptor(pos_desc, 43, &l), KIOSK_ERR_INVALID);
}

/* A usage-table layout with no length byte: report ID 4, Symbology
 * Identifier 1..3, 32 bytes of Decoded Data (NUL-padded), then Decode Data
 * Continued in bit 3 of the last byte. */
static void test_hidpos_usage_table_layout(void **state)
{
    (void)state;
    static const uint8_t desc[] = {0x05, 0x8C, 0x09, 0x02, 0xA1, 0x01, 0x85, 0x04, 0x15,
                                   0x00, 0x26, 0xFF, 0x00, 0x09, 0xFB, 0x09, 0xFC, 0x09,
                                   0xFD, 0x75, 0x08, 0x95, 0x03, 0x81, 0x02, /* AIM */
                                   0x09, 0xFE, 0x95, 0x20, 0x82, 0x02, 0x01, /* Decoded Data x 32 */
                                   0x75, 0x01, 0x95, 0x03, 0x81, 0x03,       /* 3 padding bits */
                                   0x09, 0xFF, 0x95, 0x01, 0x81, 0x02, /* Decode Data Continued */
                                   0x95, 0x04, 0x81, 0x03, 0xC0};
    struct hidpos_layout l;
    assert_int_equal(hidpos_layout_from_descriptor(desc, sizeof desc, &l), 0);
    assert_int_equal(l.report_id, 4);
    assert_int_equal(l.len_off, -1);
    assert_int_equal(l.aim_off, 1);
    assert_int_equal(l.data_off, 4);
    assert_int_equal(l.data_max, 32);
    assert_int_equal(l.cont_off, 36);
    assert_int_equal(l.cont_mask, 0x08);
    assert_int_equal(l.report_size, 37);
    static struct hidpos_asm a;
    static struct scan_event ev;
    uint8_t r1[37] = {4, ']', 'Q', '1'}, r2[37] = {4, ']', 'Q', '1'};
    memset(r1 + 4, 'x', 32);
    r1[36] = 0x08;
    memcpy(r2 + 4, "yz", 2);
    assert_int_equal(hidpos_asm_feed(&a, &l, r1, 37, &ev), 0);
    assert_int_equal(hidpos_asm_feed(&a, &l, r2, 37, &ev), 1);
    assert_int_equal(ev.length, 34);
    assert_int_equal(ev.data[33], 'z');
    assert_int_equal(ev.symbology, SCAN_SYM_QR);
}

static void test_hidpos_multi_report(void **state)
{
    (void)state;
    struct hidpos_layout l;
    hidpos_layout_default(&l);
    static struct hidpos_asm a;
    static struct scan_event ev;
    hidpos_asm_reset(&a);
    uint8_t reps[4][64];
    size_t n = hidpos_reports_make("]L0", aamva, sizeof aamva - 1, reps, 4);
    assert_int_equal(n, 2);
    assert_int_equal(hidpos_asm_feed(&a, &l, reps[0], 64, &ev), 0);
    assert_int_equal(hidpos_asm_feed(&a, &l, reps[1], 64, &ev), 1);
    assert_int_equal(ev.length, sizeof aamva - 1);
    assert_memory_equal(ev.data, aamva, sizeof aamva - 1);
    assert_string_equal(ev.aim, "L0");
    assert_int_equal(ev.symbology, SCAN_SYM_PDF417);
    /* A status report of another ID is ignored without harm. */
    uint8_t other[8] = {5, 1, 2, 3};
    assert_int_equal(hidpos_asm_feed(&a, &l, other, 8, &ev), 0);
}

static void test_hidpos_bad_reports(void **state)
{
    (void)state;
    struct hidpos_layout l;
    hidpos_layout_default(&l);
    static struct hidpos_asm a;
    static struct scan_event ev;
    uint8_t r[64] = {2, 57, ']', 'C', '0'};
    assert_int_equal(hidpos_asm_feed(&a, &l, r, 64, &ev), KIOSK_ERR_INVALID); /* len > 56 */
    assert_int_equal(hidpos_asm_feed(&a, &l, r, 3, &ev), KIOSK_ERR_INVALID);  /* short */
    assert_int_equal(hidpos_asm_feed(&a, &l, r, 0, &ev), KIOSK_ERR_INVALID);
    r[1] = 0;
    assert_int_equal(hidpos_asm_feed(&a, &l, r, 64, &ev), KIOSK_ERR_INVALID); /* empty */
    /* A partial barcode is dropped by a bad report. */
    uint8_t reps[4][64];
    hidpos_reports_make("]L0", aamva, sizeof aamva - 1, reps, 4);
    assert_int_equal(hidpos_asm_feed(&a, &l, reps[0], 64, &ev), 0);
    assert_true(a.active);
    r[1] = 99;
    assert_int_equal(hidpos_asm_feed(&a, &l, r, 64, &ev), KIOSK_ERR_INVALID);
    assert_false(a.active);
    /* Longer than SCAN_DATA_MAX: one KIOSK_ERR_FULL at the last report. */
    uint8_t big[64] = {2, 56, ']', 'L', '0'};
    big[63] = 1;
    int rc = 0;
    for (int i = 0; i < 80 && rc == 0; i++)
        rc = hidpos_asm_feed(&a, &l, big, 64, &ev);
    assert_int_equal(rc, 0);
    big[63] = 0;
    assert_int_equal(hidpos_asm_feed(&a, &l, big, 64, &ev), KIOSK_ERR_FULL);
    assert_false(hidpos_asm_reset(&a));
}

static size_t kbd(struct hidkbd_xlat *x, uint8_t mods, uint8_t key, int *out)
{
    uint8_t down[8] = {mods, 0, key}, up[8] = {0};
    size_t n = hidkbd_xlat_feed(x, down, 8, out, 8);
    assert_int_equal(hidkbd_xlat_feed(x, up, 8, out + n, 8), 0);
    return n;
}

static void test_hidkbd_translation(void **state)
{
    (void)state;
    struct hidkbd_xlat x;
    hidkbd_xlat_reset(&x);
    int out[16];
    assert_int_equal(kbd(&x, 0, 0x04, out), 1);
    assert_int_equal(out[0], 'a');
    kbd(&x, 0x02, 0x04, out);
    assert_int_equal(out[0], 'A');
    kbd(&x, 0x20, 0x1f, out); /* right shift + 2 */
    assert_int_equal(out[0], '@');
    kbd(&x, 0x01, 0x0d, out); /* Ctrl+J */
    assert_int_equal(out[0], 0x0a);
    kbd(&x, 0x03, 0x23, out); /* Ctrl+Shift+6 = Ctrl+^ */
    assert_int_equal(out[0], 0x1e);
    kbd(&x, 0x10, 0x10, out); /* right Ctrl+M */
    assert_int_equal(out[0], 0x0d);
    kbd(&x, 0, 0x28, out);
    assert_int_equal(out[0], HIDKBD_SYM_ENTER);
    kbd(&x, 0, 0x2b, out);
    assert_int_equal(out[0], '\t');
    kbd(&x, 0, 0x39, out); /* Caps Lock on */
    kbd(&x, 0, 0x05, out);
    assert_int_equal(out[0], 'B');
    kbd(&x, 0x02, 0x05, out);
    assert_int_equal(out[0], 'b');
    kbd(&x, 0, 0x39, out);

    /* Alt + keypad 0 3 0 = RS; the byte comes when Alt is released. */
    uint8_t r[8] = {0x04, 0, 0x62};
    assert_int_equal(hidkbd_xlat_feed(&x, r, 8, out, 8), 0);
    r[2] = 0x5b;
    assert_int_equal(hidkbd_xlat_feed(&x, r, 8, out, 8), 0);
    r[2] = 0x62;
    assert_int_equal(hidkbd_xlat_feed(&x, r, 8, out, 8), 0);
    uint8_t alt_up[8] = {0};
    assert_int_equal(hidkbd_xlat_feed(&x, alt_up, 8, out, 8), 1);
    assert_int_equal(out[0], 30);

    /* Two keys in one report, a held key, rollover. */
    uint8_t two[8] = {0, 0, 0x0b, 0x0c}; /* h i */
    assert_int_equal(hidkbd_xlat_feed(&x, two, 8, out, 8), 2);
    assert_int_equal(out[0], 'h');
    assert_int_equal(out[1], 'i');
    uint8_t held[8] = {0, 0, 0x0c, 0x0d}; /* i still down, j new */
    assert_int_equal(hidkbd_xlat_feed(&x, held, 8, out, 8), 1);
    assert_int_equal(out[0], 'j');
    uint8_t roll[8] = {0, 0, 1, 1, 1, 1, 1, 1};
    assert_int_equal(hidkbd_xlat_feed(&x, roll, 8, out, 8), 0);
    assert_int_equal(hidkbd_xlat_feed(&x, roll, 2, out, 8), 0);
}

static void test_wedge_suffix_gap_prefix(void **state)
{
    (void)state;
    static struct wedge w;
    static struct scan_event ev;
    struct wedge_config c;
    wedge_config_default(&c);
    c.aim_prefix = true;
    wedge_init(&w, &c);
    const uint64_t ms = 1000000;
    const char *s = "]C0P12";
    for (size_t i = 0; s[i]; i++)
        assert_int_equal(wedge_feed(&w, s[i], 100 * ms + i * ms, &ev), 0);
    assert_int_equal(wedge_feed(&w, HIDKBD_SYM_ENTER, 110 * ms, &ev), 1);
    assert_int_equal(ev.length, 3);
    assert_memory_equal(ev.data, "P12", 3);
    assert_string_equal(ev.aim, "C0");
    assert_int_equal(ev.symbology, SCAN_SYM_CODE128);

    /* Gap: 'X' 'Y' then 60 ms of silence ends it; the poll says when. */
    assert_int_equal(wedge_feed(&w, 'X', 200 * ms, &ev), 0);
    assert_int_equal(wedge_feed(&w, 'Y', 201 * ms, &ev), 0);
    assert_int_equal(wedge_deadline(&w), 251 * ms);
    assert_int_equal(wedge_poll(&w, 240 * ms, &ev), 0);
    assert_int_equal(wedge_poll(&w, 251 * ms, &ev), 1);
    assert_memory_equal(ev.data, "XY", 2);
    assert_int_equal(wedge_deadline(&w), 0);

    /* A symbol after the gap ends the old barcode and starts a new one. */
    wedge_feed(&w, 'A', 300 * ms, &ev);
    assert_int_equal(wedge_feed(&w, 'B', 400 * ms, &ev), 1);
    assert_int_equal(ev.length, 1);
    assert_int_equal(ev.data[0], 'A');
    assert_true(wedge_reset(&w));

    /* Prefix stripped; overflow reported once. */
    c.prefix[0] = '#';
    c.prefix_len = 1;
    c.aim_prefix = false;
    wedge_init(&w, &c);
    wedge_feed(&w, '#', 0, &ev);
    wedge_feed(&w, 'Z', 0, &ev);
    assert_int_equal(wedge_feed(&w, HIDKBD_SYM_ENTER, 0, &ev), 1);
    assert_int_equal(ev.length, 1);
    for (int i = 0; i < SCAN_DATA_MAX + 5; i++)
        wedge_feed(&w, 'q', 0, &ev);
    assert_int_equal(wedge_feed(&w, HIDKBD_SYM_ENTER, 0, &ev), KIOSK_ERR_FULL);
    assert_int_equal(wedge_feed(&w, HIDKBD_SYM_ENTER, 0, &ev), 0);
}

static void test_wedge_hints(void **state)
{
    (void)state;
    const char *lost = "@ANSI 636000090001DL00310045DLDAQX98765DCSTESTER";
    assert_int_equal(wedge_hints((const unsigned char *)lost, strlen(lost)),
                     WEDGE_HINT_AAMVA | WEDGE_HINT_CONTROLS_LOST);
    assert_int_equal(wedge_hints((const unsigned char *)aamva, sizeof aamva - 1), WEDGE_HINT_AAMVA);
    const char *lf = "@\n\nANSI 636000090001DL\nDAQX1\n";
    assert_int_equal(wedge_hints((const unsigned char *)lf, strlen(lf)),
                     WEDGE_HINT_AAMVA | WEDGE_HINT_CR_AS_LF);
    assert_int_equal(wedge_hints((const unsigned char *)"P1234567", 8), 0);
}

static void test_aim_and_names(void **state)
{
    (void)state;
    assert_int_equal(scan_symbology_from_aim("]L0"), SCAN_SYM_PDF417);
    assert_int_equal(scan_symbology_from_aim("C0"), SCAN_SYM_CODE128);
    assert_int_equal(scan_symbology_from_aim("]A0"), SCAN_SYM_CODE39);
    assert_int_equal(scan_symbology_from_aim("]Q1"), SCAN_SYM_QR);
    assert_int_equal(scan_symbology_from_aim("]d2"), SCAN_SYM_DATAMATRIX);
    assert_int_equal(scan_symbology_from_aim(""), SCAN_SYM_UNKNOWN);
    assert_int_equal(scan_symbology_from_aim(NULL), SCAN_SYM_UNKNOWN);
    assert_string_equal(scan_symbology_name(SCAN_SYM_PDF417), "PDF417");
    assert_string_equal(scan_symbology_name(SCAN_SYM_UNKNOWN), "unknown");
}

/* Collects events from a source. */
struct got {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int n, ended;
    struct scan_event ev[4];
};

static void got_event(const struct scan_event *ev, void *user)
{
    struct got *g = user;
    pthread_mutex_lock(&g->lock);
    if (g->n < 4)
        g->ev[g->n] = *ev;
    g->n++;
    pthread_cond_broadcast(&g->cond);
    pthread_mutex_unlock(&g->lock);
}

static void got_status(const char *source, int err, const char *message, void *user)
{
    struct got *g = user;
    (void)source;
    (void)message;
    pthread_mutex_lock(&g->lock);
    if (err == SCAN_STATUS_END)
        g->ended = 1;
    pthread_cond_broadcast(&g->cond);
    pthread_mutex_unlock(&g->lock);
}

static int got_wait(struct got *g, int n)
{
    struct timespec dl;
    clock_gettime(CLOCK_REALTIME, &dl);
    dl.tv_sec += 5;
    pthread_mutex_lock(&g->lock);
    while (g->n < n && !g->ended)
        if (pthread_cond_timedwait(&g->cond, &g->lock, &dl) == ETIMEDOUT)
            break;
    int have = g->n;
    pthread_mutex_unlock(&g->lock);
    return have;
}

static void write_file(const char *dir, const char *name, const void *data, size_t len)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void test_sim_directory_in_name_order(void **state)
{
    (void)state;
    char dir[] = "/tmp/kiosk-sim-XXXXXX";
    assert_non_null(mkdtemp(dir));
    write_file(dir, "b-second.txt", "P7654321", 8);
    write_file(dir, "a-first.txt", aamva, sizeof aamva - 1);
    write_file(dir, ".hidden", "x", 1);
    write_file(dir, "c-empty", "", 0);
    char spec[600];
    snprintf(spec, sizeof spec, "sim:%s?aim=L0", dir);
    static struct got g;
    memset(&g, 0, sizeof g);
    pthread_mutex_init(&g.lock, NULL);
    pthread_cond_init(&g.cond, NULL);
    struct scanner *s = NULL;
    char err[256];
    assert_int_equal(scanner_open(spec, got_event, got_status, &g, &s, err, sizeof err), 0);
    got_wait(&g, 3);
    scanner_close(s);
    assert_int_equal(g.n, 2);
    assert_true(g.ended);
    assert_int_equal(g.ev[0].length, sizeof aamva - 1);
    assert_memory_equal(g.ev[0].data, aamva, sizeof aamva - 1);
    assert_int_equal(g.ev[0].symbology, SCAN_SYM_PDF417);
    assert_memory_equal(g.ev[1].data, "P7654321", 8);
    assert_non_null(strstr(g.ev[0].source, "sim:/tmp/kiosk-sim-"));

    /* Bad specs say what is wrong. */
    assert_int_equal(scanner_open("sim:/nonexistent/dir", got_event, NULL, &g, &s, err, sizeof err),
                     KIOSK_ERR_NOT_FOUND);
    snprintf(spec, sizeof spec, "sim:%s?speed=9", dir);
    assert_int_equal(scanner_open(spec, got_event, NULL, &g, &s, err, sizeof err), KIOSK_ERR_USAGE);
    assert_non_null(strstr(err, "speed"));
    assert_int_equal(scanner_open("nosuch:x", got_event, NULL, &g, &s, err, sizeof err),
                     KIOSK_ERR_USAGE);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_sim_fifo_framing(void **state)
{
    (void)state;
    char dir[] = "/tmp/kiosk-fifo-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[600], spec[700];
    snprintf(path, sizeof path, "%s/scans", dir);
    assert_int_equal(mkfifo(path, 0600), 0);

    static struct got g;
    memset(&g, 0, sizeof g);
    pthread_mutex_init(&g.lock, NULL);
    pthread_cond_init(&g.cond, NULL);
    struct scanner *s = NULL;
    char err[256];
    snprintf(spec, sizeof spec, "sim:%s", path);
    assert_int_equal(scanner_open(spec, got_event, got_status, &g, &s, err, sizeof err), 0);
    int fd = open(path, O_WRONLY);
    assert_true(fd >= 0);
    size_t len = sizeof aamva - 1;
    uint8_t msg[300] = {0, 0, 0, (uint8_t)len};
    memcpy(msg + 4, aamva, len);
    /* Written in two pieces: the reader must reassemble. */
    assert_int_equal(write(fd, msg, 10), 10);
    assert_int_equal(write(fd, msg + 10, 4 + len - 10), (ssize_t)(4 + len - 10));
    assert_int_equal(got_wait(&g, 1), 1);
    close(fd);
    scanner_close(s);
    assert_memory_equal(g.ev[0].data, aamva, len);

    /* Terminator framing (EOT), two messages in one write. */
    memset(&g, 0, sizeof g);
    snprintf(spec, sizeof spec, "sim:%s?term=04", path);
    assert_int_equal(scanner_open(spec, got_event, got_status, &g, &s, err, sizeof err), 0);
    fd = open(path, O_WRONLY);
    assert_int_equal(write(fd,
                           "AB\n\x04"
                           "CD\x04",
                           7),
                     7);
    assert_int_equal(got_wait(&g, 2), 2);
    close(fd);
    scanner_close(s);
    assert_int_equal(g.ev[0].length, 3);
    assert_memory_equal(g.ev[0].data, "AB\n", 3);
    assert_memory_equal(g.ev[1].data, "CD", 2);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hidpos_descriptor_layout),
        cmocka_unit_test(test_hidpos_usage_table_layout),
        cmocka_unit_test(test_hidpos_multi_report),
        cmocka_unit_test(test_hidpos_bad_reports),
        cmocka_unit_test(test_hidkbd_translation),
        cmocka_unit_test(test_wedge_suffix_gap_prefix),
        cmocka_unit_test(test_wedge_hints),
        cmocka_unit_test(test_aim_and_names),
        cmocka_unit_test(test_sim_directory_in_name_order),
        cmocka_unit_test(test_sim_fifo_framing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
