/* Device tests on in-process fake scanners (usb_fake.c, umockdev testbed)
 * through the real libusb code path: hot-unplug mid-barcode and replug, a
 * stalled endpoint (EPIPE), garbage reports, two scanners at once, the
 * device list, and a named device that is missing. Run under
 * umockdev-wrapper (registered only when it exists; fails outside it). */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "devices/usb_fake.h"
#include "drivers/scanner.h"

#define MAX_SEEN 16

struct seen {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    size_t nev;
    struct scan_event ev[MAX_SEEN];
    size_t nstatus;
    char status[64][200];
};

static struct usb_fake *fake;

static void on_event(const struct scan_event *ev, void *user)
{
    struct seen *s = user;
    pthread_mutex_lock(&s->lock);
    if (s->nev < MAX_SEEN)
        s->ev[s->nev] = *ev;
    s->nev++;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
}

static void on_status(const char *source, int err, const char *message, void *user)
{
    struct seen *s = user;
    pthread_mutex_lock(&s->lock);
    if (s->nstatus < 64)
        snprintf(s->status[s->nstatus], sizeof s->status[0], "%s: %s", source, message);
    s->nstatus++;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
}

static struct seen *seen_new(void)
{
    struct seen *s = calloc(1, sizeof *s);
    assert_non_null(s);
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->cond, NULL);
    return s;
}

static void seen_free(struct seen *s)
{
    pthread_cond_destroy(&s->cond);
    pthread_mutex_destroy(&s->lock);
    free(s);
}

static size_t count_status(struct seen *s, const char *needle)
{
    size_t n = 0;
    for (size_t i = 0; i < s->nstatus && i < 64; i++)
        if (strstr(s->status[i], needle))
            n++;
    return n;
}

/* Waits (up to 5 s) until there are nev events and n statuses containing
 * needle (needle may be NULL). Returns true when reached. */
static bool wait_for(struct seen *s, size_t nev, const char *needle, size_t n)
{
    struct timespec dl;
    clock_gettime(CLOCK_REALTIME, &dl);
    dl.tv_sec += 5;
    pthread_mutex_lock(&s->lock);
    bool ok;
    while (!(ok = s->nev >= nev && (!needle || count_status(s, needle) >= n)))
        if (pthread_cond_timedwait(&s->cond, &s->lock, &dl) == ETIMEDOUT)
            break;
    ok = s->nev >= nev && (!needle || count_status(s, needle) >= n);
    pthread_mutex_unlock(&s->lock);
    if (!ok)
        for (size_t i = 0; i < s->nstatus && i < 64; i++)
            fprintf(stderr, "  status: %s\n", s->status[i]);
    return ok;
}

/* Lets the event thread take what was queued (the fake cannot see that). */
static void settle(void)
{
    struct timespec ts = {0, 100 * 1000000L};
    nanosleep(&ts, NULL);
}

static const char aamva[] = "@\n\x1e\rANSI 636000090001DL00310045DLDAQX98765\nDCSTESTER\n"
                            "DACJANE\nDBB01021990\r";

static void push_barcode(int slot, const char *aim, const void *data, size_t len)
{
    uint8_t reps[80][64];
    size_t n = hidpos_reports_make(aim, data, len, reps, 80);
    for (size_t i = 0; i < n; i++)
        usb_fake_push(fake, slot, reps[i], 64);
}

static void assert_event(const struct scan_event *ev, const char *source, const void *data,
                         size_t len)
{
    assert_string_equal(ev->source, source);
    assert_int_equal(ev->length, len);
    assert_memory_equal(ev->data, data, len);
}

static void test_unplug_mid_barcode_then_replug(void **state)
{
    (void)state;
    struct seen *s = seen_new();
    int slot = usb_fake_plug(fake, USB_FAKE_HIDPOS, 0x0c2e, 0x0b87, 2);
    assert_true(slot >= 0);
    struct scanner *sc = NULL;
    char err[256];
    assert_int_equal(scanner_open("usb", on_event, on_status, s, &sc, err, sizeof err), 0);
    assert_true(wait_for(s, 0, "scanner attached (hidpos", 1));

    uint8_t reps[8][64];
    size_t n = hidpos_reports_make("]L0", aamva, sizeof aamva - 1, reps, 8);
    assert_true(n >= 2);
    usb_fake_push(fake, slot, reps[0], 64); /* first part only */
    settle();
    usb_fake_unplug(fake, slot);
    assert_true(wait_for(s, 0, "partial barcode dropped: the device left", 1));
    assert_true(wait_for(s, 0, "scanner detached", 1));
    assert_int_equal(s->nev, 0);

    int slot2 = usb_fake_plug(fake, USB_FAKE_HIDPOS, 0x0c2e, 0x0b87, 3);
    assert_true(slot2 >= 0);
    assert_true(wait_for(s, 0, "scanner attached (hidpos", 2));
    push_barcode(slot2, "]L0", aamva, sizeof aamva - 1);
    assert_true(wait_for(s, 1, NULL, 0));
    assert_int_equal(s->nev, 1);
    assert_event(&s->ev[0], "usb:0c2e:0b87", aamva, sizeof aamva - 1);
    assert_string_equal(s->ev[0].aim, "L0");
    assert_int_equal(s->ev[0].symbology, SCAN_SYM_PDF417);
    scanner_close(sc);
    usb_fake_unplug(fake, slot2);
    seen_free(s);
}

static void test_stalled_endpoint(void **state)
{
    (void)state;
    struct seen *s = seen_new();
    int slot = usb_fake_plug(fake, USB_FAKE_HIDPOS, 0x05e0, 0x1900, 4);
    struct scanner *sc = NULL;
    char err[256];
    assert_int_equal(scanner_open("usb:05e0:1900", on_event, on_status, s, &sc, err, sizeof err),
                     0);
    uint8_t reps[8][64];
    hidpos_reports_make("]L0", aamva, sizeof aamva - 1, reps, 8);
    usb_fake_push(fake, slot, reps[0], 64);
    usb_fake_push_error(fake, slot, -EPIPE);
    assert_true(wait_for(s, 0, "partial barcode dropped: endpoint stalled (EPIPE)", 1));
    push_barcode(slot, "]C0", "P1234567", 8);
    assert_true(wait_for(s, 1, NULL, 0));
    settle();
    assert_true(usb_fake_clear_halts(fake, slot) >= 1);
    assert_int_equal(s->nev, 1);
    assert_event(&s->ev[0], "usb:05e0:1900", "P1234567", 8);
    assert_int_equal(s->ev[0].symbology, SCAN_SYM_CODE128);
    scanner_close(sc);
    usb_fake_unplug(fake, slot);
    seen_free(s);
}

static void test_garbage_reports(void **state)
{
    (void)state;
    struct seen *s = seen_new();
    int slot = usb_fake_plug(fake, USB_FAKE_HIDPOS, 0x05f9, 0x4204, 5);
    struct scanner *sc = NULL;
    char err[256];
    assert_int_equal(scanner_open("usb:05f9:4204", on_event, on_status, s, &sc, err, sizeof err),
                     0);
    uint8_t junk[64];
    memset(junk, 0xA5, sizeof junk);
    junk[0] = 2;
    junk[1] = 200; /* longer than a report can hold */
    usb_fake_push(fake, slot, junk, 64);
    junk[0] = 7; /* another report ID: not scanned data, ignored quietly */
    usb_fake_push(fake, slot, junk, 64);
    usb_fake_push(fake, slot, "\x02\x01", 2); /* too short for the layout */
    junk[0] = 2;
    junk[1] = 0; /* an empty barcode */
    junk[63] = 0;
    usb_fake_push(fake, slot, junk, 64);
    push_barcode(slot, "]C0", "B0042", 5);
    assert_true(wait_for(s, 1, "does not fit the HID POS layout", 3));
    settle();
    assert_int_equal(s->nev, 1);
    assert_event(&s->ev[0], "usb:05f9:4204", "B0042", 5);
    scanner_close(sc);
    usb_fake_unplug(fake, slot);
    seen_free(s);
}

static void kbd_type(int slot, uint8_t mods, uint8_t usage)
{
    uint8_t down[8] = {mods, 0, usage, 0, 0, 0, 0, 0}, up[8] = {0};
    usb_fake_push(fake, slot, down, 8);
    usb_fake_push(fake, slot, up, 8);
}

static void test_two_scanners(void **state)
{
    (void)state;
    struct seen *s = seen_new();
    int a = usb_fake_plug(fake, USB_FAKE_HIDPOS, 0x0c2e, 0x0b87, 6);
    int b = usb_fake_plug(fake, USB_FAKE_HIDKBD, 0x05e0, 0x1200, 7);
    assert_true(a >= 0 && b >= 0);
    struct scanner *sc = NULL;
    char err[256];
    assert_int_equal(scanner_open("usb", on_event, on_status, s, &sc, err, sizeof err), 0);
    assert_true(wait_for(s, 0, "scanner attached", 2));
    assert_int_equal(count_status(s, "(hidkbd"), 1);
    kbd_type(b, 0x02, 0x04); /* A */
    push_barcode(a, "]L0", aamva, sizeof aamva - 1);
    kbd_type(b, 0x01, 0x0d); /* Ctrl+J = LF */
    kbd_type(b, 0x00, 0x1e); /* 1 */
    kbd_type(b, 0x00, 0x28); /* Enter: end */
    assert_true(wait_for(s, 2, NULL, 0));
    settle();
    assert_int_equal(s->nev, 2);
    const struct scan_event *pos =
        strcmp(s->ev[0].source, "usb:0c2e:0b87") == 0 ? &s->ev[0] : &s->ev[1];
    const struct scan_event *kbd = pos == &s->ev[0] ? &s->ev[1] : &s->ev[0];
    assert_event(pos, "usb:0c2e:0b87", aamva, sizeof aamva - 1);
    assert_event(kbd, "usb:05e0:1200", "A\n1", 3);
    scanner_close(sc);

    /* The list, as `kioskctl scanners` sees it (another process in real
     * life: umockdev cannot share one device node between two open
     * handles of one process). */

    struct scanner_info rows[8];
    int n = scanner_list(NULL, rows, 8);
    assert_int_equal(n, 2);
    bool saw_pos = false, saw_kbd = false;
    for (int i = 0; i < n; i++) {
        if (strcmp(rows[i].protocol, "hidpos") == 0 && rows[i].vid == 0x0c2e)
            saw_pos = true;
        if (strcmp(rows[i].protocol, "hidkbd") == 0 && rows[i].pid == 0x1200)
            saw_kbd = true;
        assert_string_equal(rows[i].manufacturer, "Fake Scanners Inc");
        assert_int_equal(rows[i].bus, 1);
    }
    assert_true(saw_pos && saw_kbd);
    usb_fake_unplug(fake, a);
    usb_fake_unplug(fake, b);
    seen_free(s);
}

/* A boot keyboard of a vendor not in the id tables stays a keyboard under
 * "usb"; naming it (usb:VID:PID) is what makes the kiosk claim it. */
static void test_other_keyboards_left_alone(void **state)
{
    (void)state;
    struct seen *s = seen_new();
    int kb = usb_fake_plug(fake, USB_FAKE_HIDKBD, 0x046d, 0xc31c, 8);
    int pos = usb_fake_plug(fake, USB_FAKE_HIDPOS, 0x0c2e, 0x0b87, 9);
    struct scanner *sc = NULL;
    char err[256];
    assert_int_equal(scanner_open("usb", on_event, on_status, s, &sc, err, sizeof err), 0);
    assert_true(wait_for(s, 0, "scanner attached (hidpos", 1));
    kbd_type(kb, 0, 0x04);
    kbd_type(kb, 0, 0x28);
    settle();
    assert_int_equal(count_status(s, "usb:046d:c31c"), 0);
    assert_int_equal(s->nev, 0);
    scanner_close(sc);
    sc = NULL;
    assert_int_equal(scanner_open("usb:046d:c31c", on_event, on_status, s, &sc, err, sizeof err),
                     0);
    assert_true(wait_for(s, 1, "usb:046d:c31c: scanner attached (hidkbd", 1));
    assert_event(&s->ev[0], "usb:046d:c31c", "a", 1); /* the keys queued meanwhile */
    scanner_close(sc);
    usb_fake_unplug(fake, kb);
    usb_fake_unplug(fake, pos);
    seen_free(s);
}

static void test_named_device_missing(void **state)
{
    (void)state;
    struct seen *s = seen_new();
    struct scanner *sc = NULL;
    char err[256];
    int rc = scanner_open("usb:1234:5678", on_event, on_status, s, &sc, err, sizeof err);
    assert_int_equal(rc, KIOSK_ERR_DEVICE);
    assert_null(sc);
    assert_non_null(strstr(err, "no USB device 1234:5678"));
    rc = scanner_open("usb:zz", on_event, on_status, s, &sc, err, sizeof err);
    assert_int_equal(rc, KIOSK_ERR_USAGE);
    seen_free(s);
}

int main(void)
{
    fake = usb_fake_create();
    /* CMake registers this test only when umockdev-wrapper exists and runs
     * it through the wrapper, so not being under umockdev is a failure. */
    if (!fake) {
        fprintf(stderr, "FAIL: not under umockdev (run through umockdev-wrapper)\n");
        return 1;
    }
    if (getenv("KIOSK_TEST_FILTER"))
        cmocka_set_test_filter(getenv("KIOSK_TEST_FILTER"));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unplug_mid_barcode_then_replug),
        cmocka_unit_test(test_stalled_endpoint),
        cmocka_unit_test(test_garbage_reports),
        cmocka_unit_test(test_two_scanners),
        cmocka_unit_test(test_other_keyboards_left_alone),
        cmocka_unit_test(test_named_device_missing),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    usb_fake_destroy(fake);
    return rc;
}
