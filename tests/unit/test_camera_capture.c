/* The camera's capture loop without a camera: the real worker, greyscale
 * conversion, frame scanner (our PDF417 reader and zbar) and dedupe, over
 * a scripted video source behind the seam of drivers/camera/camera_video.h
 * that queues real frames (zint symbols composited by ImageMagick).
 * Format negotiation (the size asked for, what the device offers, a device
 * with no usable format), frames in GREY and YUYV, dropping to the newest
 * queued frame, and a device that goes away. Exit 77 without zint/convert. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/kiosk_err.h"
#include "drivers/camera/camera.h"
#include "drivers/camera/camera_video.h"
#include "drivers/scanner.h"

static char tmpdir[256];

/* ---- the scripted video source ---------------------------------------- */

#define FAKE_QUEUE 8

struct fake_video {
    pthread_mutex_t mu;
    struct camera_frame q[FAKE_QUEUE];
    int n;     /* queued */
    bool gone; /* once the queue is empty, the device is gone */
    bool streaming;
    int want_w, want_h; /* what open() was asked for */
    int offer_w, offer_h;
    const char *refuse; /* open() fails with this reason */
    int released;
};

static struct fake_video fake = {.mu = PTHREAD_MUTEX_INITIALIZER};

static int fv_open(const char *device, int want_w, int want_h, void **video, int *w, int *h,
                   char *errbuf, size_t errlen)
{
    fake.want_w = want_w;
    fake.want_h = want_h;
    if (fake.refuse) {
        snprintf(errbuf, errlen, "camera %s %s", device, fake.refuse);
        return KIOSK_ERR_DEVICE;
    }
    *w = fake.offer_w;
    *h = fake.offer_h;
    *video = &fake;
    return 0;
}

static int fv_stream(void *video, bool on)
{
    struct fake_video *f = video;
    f->streaming = on;
    return 0;
}

static int fv_wait(void *video, int timeout_ms)
{
    struct fake_video *f = video;
    pthread_mutex_lock(&f->mu);
    int r = f->n > 0 ? 1 : f->gone ? KIOSK_ERR_DEVICE : 0;
    pthread_mutex_unlock(&f->mu);
    if (r == 0 && timeout_ms > 0)
        usleep(2000);
    return r;
}

static int fv_take(void *video, struct camera_frame *out)
{
    struct fake_video *f = video;
    pthread_mutex_lock(&f->mu);
    int r = KIOSK_ERR_DEVICE;
    if (f->n > 0) {
        *out = f->q[0];
        memmove(f->q, f->q + 1, sizeof f->q[0] * (size_t)(f->n - 1));
        f->n--;
        r = 0;
    }
    pthread_mutex_unlock(&f->mu);
    return r;
}

static void fv_release(void *video, struct camera_frame *fr)
{
    struct fake_video *f = video;
    (void)fr;
    pthread_mutex_lock(&f->mu);
    f->released++;
    pthread_mutex_unlock(&f->mu);
}

static void fv_close(void *video)
{
    (void)video;
}

static const struct camera_video_ops fake_ops = {fv_open, fv_stream,  fv_wait,
                                                 fv_take, fv_release, fv_close};

/* Queue frames at once (the worker sees them together). */
static void fake_push(const struct camera_frame *fr, int n)
{
    pthread_mutex_lock(&fake.mu);
    for (int i = 0; i < n && fake.n < FAKE_QUEUE; i++)
        fake.q[fake.n++] = fr[i];
    pthread_mutex_unlock(&fake.mu);
}

static void fake_reset(int offer_w, int offer_h)
{
    pthread_mutex_lock(&fake.mu);
    fake.n = 0;
    fake.gone = false;
    fake.streaming = false;
    fake.refuse = NULL;
    fake.released = 0;
    fake.offer_w = offer_w;
    fake.offer_h = offer_h;
    pthread_mutex_unlock(&fake.mu);
}

/* ---- what the sink saw -------------------------------------------------- */

struct seen {
    pthread_mutex_t mu;
    int events, statuses, last_err;
    struct scan_event ev[8];
    char status[256];
};

static struct seen seen = {.mu = PTHREAD_MUTEX_INITIALIZER};

static void on_event(const struct scan_event *ev, void *user)
{
    struct seen *s = user;
    pthread_mutex_lock(&s->mu);
    if (s->events < 8)
        s->ev[s->events] = *ev;
    s->events++;
    pthread_mutex_unlock(&s->mu);
}

static void on_status(const char *source, int err, const char *msg, void *user)
{
    struct seen *s = user;
    (void)source;
    pthread_mutex_lock(&s->mu);
    s->statuses++;
    s->last_err = err;
    snprintf(s->status, sizeof s->status, "%s", msg);
    pthread_mutex_unlock(&s->mu);
}

static void seen_reset(void)
{
    pthread_mutex_lock(&seen.mu);
    seen.events = seen.statuses = seen.last_err = 0;
    seen.status[0] = 0;
    pthread_mutex_unlock(&seen.mu);
}

/* Wait up to 10 s for *counter to reach n. */
static int wait_for(const int *counter, int n)
{
    for (int i = 0; i < 2000; i++) {
        pthread_mutex_lock(&seen.mu);
        int v = *counter;
        pthread_mutex_unlock(&seen.mu);
        if (v >= n)
            return v;
        usleep(5000);
    }
    return *counter;
}

/* Wait until the worker has taken every queued frame and scanned or
 * skipped the last one. */
static void wait_idle(struct camera_capture *c, unsigned long taken)
{
    struct camera_capture_stats st;
    for (int i = 0; i < 2000; i++) {
        camera_capture_stats(c, &st);
        if (st.taken >= taken && st.scanned + st.skipped + st.dropped >= taken)
            return;
        usleep(5000);
    }
    fail_msg("worker did not take %lu frames", taken);
}

/* ---- frames made by zint and ImageMagick ------------------------------- */

static int run(const char *const argv[])
{
    char *av[32];
    int n = 0;
    for (; argv[n] && n < 31; n++)
        memcpy(&av[n], &argv[n], sizeof av[n]);
    av[n] = NULL;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
            _exit(127);
        execvp(av[0], av);
        _exit(127);
    }
    int st;
    if (waitpid(pid, &st, 0) < 0)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

struct frame_buf {
    uint8_t *data;
    size_t size;
    int w, h;
    unsigned char payload[2048];
    size_t n;
};

/* A w x h greyscale frame holding barcode type ("55" PDF417 of an AAMVA
 * fixture, "20" Code 128 of text) at (x, y), or nothing (type NULL). */
static void make_frame(struct frame_buf *f, int w, int h, const char *type, const char *what, int x,
                       int y)
{
    char sym[400], png[400], bin[400], size[32], geo[32];
    snprintf(png, sizeof png, "%s/frame.png", tmpdir);
    snprintf(size, sizeof size, "%dx%d", w, h);
    f->n = 0;
    if (type) {
        snprintf(sym, sizeof sym, "%s/sym.png", tmpdir);
        snprintf(bin, sizeof bin, "%s/payload.bin", tmpdir);
        if (strcmp(type, "55") == 0) {
            char path[512];
            snprintf(path, sizeof path, "%s/fixtures/aamva/%s", getenv("KIOSK_TEST_DIR"), what);
            FILE *in = fopen(path, "rb");
            assert_non_null(in);
            f->n = fread(f->payload, 1, sizeof f->payload, in);
            fclose(in);
        } else {
            f->n = strlen(what);
            memcpy(f->payload, what, f->n);
        }
        FILE *o = fopen(bin, "wb");
        assert_non_null(o);
        assert_int_equal(fwrite(f->payload, 1, f->n, o), f->n);
        fclose(o);
        const char *zargv[] = {"zint", "-b", type, "--binary", "--cols=8", "--scale=1",
                               "-i",   bin,  "-o", sym,        NULL};
        int zst = run(zargv);
        assert_true(zst == 0 || zst == 2);
        snprintf(geo, sizeof geo, "+%d+%d", x, y);
        const char *cargv[] = {"convert",     "-size",     size, "xc:gray(215)",
                               sym,           "-geometry", geo,  "-composite",
                               "-colorspace", "gray",      png,  NULL};
        assert_int_equal(run(cargv), 0);
    } else {
        const char *cargv[] = {
            "convert", "-size", size, "plasma:", "-colorspace", "gray", png, NULL};
        assert_int_equal(run(cargv), 0);
    }
    uint8_t *g = NULL;
    int gw, gh;
    assert_int_equal(image_load_gray(png, &g, &gw, &gh, NULL, 0), 0);
    assert_int_equal(gw, w);
    assert_int_equal(gh, h);
    f->data = g;
    f->size = (size_t)w * (size_t)h;
    f->w = w;
    f->h = h;
}

/* The same frame as YUYV (luma + neutral chroma), as most webcams send. */
static void to_yuyv(struct frame_buf *f)
{
    uint8_t *y = malloc(2 * f->size);
    assert_non_null(y);
    for (size_t i = 0; i < f->size; i++) {
        y[2 * i] = f->data[i];
        y[2 * i + 1] = 128;
    }
    free(f->data);
    f->data = y;
    f->size *= 2;
}

static struct camera_frame as_frame(const struct frame_buf *f, uint32_t fourcc)
{
    struct camera_frame c = {f->data, f->w, f->h, fourcc, f->size, NULL};
    return c;
}

static const struct scanner_sink sink = {on_event, on_status, &seen};

/* ---- the tests ---------------------------------------------------------- */

/* The size asked for, what the device offers, and a refusal. */
static void test_negotiation(void **st)
{
    (void)st;
    char dev[64], err[256] = "";
    int w, h;
    assert_int_equal(camera_spec_parse("/dev/video3", dev, sizeof dev, &w, &h, err, sizeof err), 0);
    assert_string_equal(dev, "/dev/video3");
    assert_int_equal(w, 1280);
    assert_int_equal(h, 720);
    assert_int_equal(
        camera_spec_parse("/dev/video1@1920x1080", dev, sizeof dev, &w, &h, err, sizeof err), 0);
    assert_string_equal(dev, "/dev/video1");
    assert_int_equal(w, 1920);
    assert_int_equal(h, 1080);
    assert_int_equal(camera_spec_parse("", dev, sizeof dev, &w, &h, err, sizeof err), 0);
    assert_string_equal(dev, "/dev/video0");
    assert_int_equal(
        camera_spec_parse("/dev/video0@1280x", dev, sizeof dev, &w, &h, err, sizeof err),
        KIOSK_ERR_USAGE);
    assert_non_null(strstr(err, "1280x"));
    /* the driver's spec goes through the same parse */
    struct scanner *s = NULL;
    assert_int_equal(
        scanner_open("camera:/dev/video0@big", on_event, NULL, NULL, &s, err, sizeof err),
        KIOSK_ERR_USAGE);
    assert_null(s);

    /* asked for 1280x720, the device offers 640x480: frames come at 640x480 */
    fake_reset(640, 480);
    struct camera_capture *c = NULL;
    assert_int_equal(camera_capture_open(&fake_ops, "/dev/video7", 1280, 720, "camera:/dev/video7",
                                         &sink, &c, err, sizeof err),
                     0);
    assert_int_equal(fake.want_w, 1280);
    assert_int_equal(fake.want_h, 720);
    camera_capture_size(c, &w, &h);
    assert_int_equal(w, 640);
    assert_int_equal(h, 480);
    camera_capture_destroy(c);

    /* no format the scanner can read: open fails with the device's reason */
    fake_reset(640, 480);
    fake.refuse = "offers no image format zbar can read";
    c = NULL;
    assert_int_equal(camera_capture_open(&fake_ops, "/dev/video7", 1280, 720, "camera:/dev/video7",
                                         &sink, &c, err, sizeof err),
                     KIOSK_ERR_DEVICE);
    assert_null(c);
    assert_non_null(strstr(err, "/dev/video7 offers no image format"));
}

/* Frames through the worker: a licence in YUYV, a badge in GREY, frames
 * the scanner cannot take skipped; each barcode reported once. */
static void test_frames(void **st)
{
    (void)st;
    fake_reset(640, 480);
    seen_reset();
    struct frame_buf lic, badge, big;
    make_frame(&lic, 640, 480, "55", "aamvajs_1.txt", 60, 120);
    to_yuyv(&lic);
    make_frame(&badge, 640, 480, "20", "BADGE-007713", 100, 200);
    make_frame(&big, 800, 600, NULL, NULL, 0, 0);
    char err[256];
    struct camera_capture *c = NULL;
    assert_int_equal(camera_capture_open(&fake_ops, "/dev/video7", 1280, 720, "camera:/dev/video7",
                                         &sink, &c, err, sizeof err),
                     0);
    assert_int_equal(camera_capture_start(c, err, sizeof err), 0);
    assert_true(fake.streaming);

    struct camera_frame f = as_frame(&lic, CAMERA_FOURCC('Y', 'U', 'Y', 'V'));
    fake_push(&f, 1);
    assert_int_equal(wait_for(&seen.events, 1), 1);
    pthread_mutex_lock(&seen.mu);
    assert_int_equal(seen.ev[0].symbology, SCAN_SYM_PDF417);
    assert_int_equal(seen.ev[0].length, lic.n);
    assert_memory_equal(seen.ev[0].data, lic.payload, lic.n);
    assert_string_equal(seen.ev[0].source, "camera:/dev/video7");
    pthread_mutex_unlock(&seen.mu);
    /* the same licence held in front of the camera: not reported again */
    fake_push(&f, 1);
    wait_idle(c, 2);
    /* a frame larger than negotiated and one in a format we do not read */
    struct camera_frame odd[2] = {as_frame(&big, CAMERA_FOURCC('G', 'R', 'E', 'Y')),
                                  as_frame(&badge, CAMERA_FOURCC('M', 'J', 'P', 'G'))};
    fake_push(&odd[0], 1);
    wait_idle(c, 3);
    fake_push(&odd[1], 1);
    wait_idle(c, 4);
    /* the badge as GREY: zbar's turn (first frame without a PDF417 since) */
    f = as_frame(&badge, CAMERA_FOURCC('G', 'R', 'E', 'Y'));
    fake_push(&f, 1);
    assert_int_equal(wait_for(&seen.events, 2), 2);
    pthread_mutex_lock(&seen.mu);
    assert_int_equal(seen.ev[1].symbology, SCAN_SYM_CODE128);
    assert_memory_equal(seen.ev[1].data, "BADGE-007713", 12);
    pthread_mutex_unlock(&seen.mu);
    wait_idle(c, 5);
    camera_capture_stop(c);
    assert_false(fake.streaming);
    struct camera_capture_stats cs;
    camera_capture_stats(c, &cs);
    assert_int_equal(cs.taken, 5);
    assert_int_equal(cs.skipped, 2);
    assert_int_equal(cs.scanned, 3);
    assert_int_equal(fake.released, 5);
    assert_int_equal(seen.events, 2);
    camera_capture_destroy(c);
    free(lic.data);
    free(badge.data);
    free(big.data);
}

/* Frames queued while one was scanned: only the newest is scanned. */
static void test_drop_to_newest(void **st)
{
    (void)st;
    fake_reset(640, 480);
    seen_reset();
    struct frame_buf a, b;
    make_frame(&a, 640, 480, "55", "aamvastd_1.txt", 40, 100);
    make_frame(&b, 640, 480, "55", "idparser_14.txt", 80, 60);
    char err[256];
    struct camera_capture *c = NULL;
    assert_int_equal(camera_capture_open(&fake_ops, "/dev/video7", 1280, 720, "camera:/dev/video7",
                                         &sink, &c, err, sizeof err),
                     0);
    struct camera_frame q[3] = {as_frame(&a, CAMERA_FOURCC('G', 'R', 'E', 'Y')),
                                as_frame(&a, CAMERA_FOURCC('G', 'R', 'E', 'Y')),
                                as_frame(&b, CAMERA_FOURCC('G', 'R', 'E', 'Y'))};
    fake_push(q, 3); /* three frames waiting before the worker starts */
    assert_int_equal(camera_capture_start(c, err, sizeof err), 0);
    wait_idle(c, 3);
    camera_capture_stop(c);
    struct camera_capture_stats cs;
    camera_capture_stats(c, &cs);
    assert_int_equal(cs.taken, 3);
    assert_int_equal(cs.dropped, 2);
    assert_int_equal(cs.scanned, 1);
    assert_int_equal(fake.released, 3);
    assert_int_equal(seen.events, 1);
    assert_int_equal(seen.ev[0].length, b.n);
    assert_memory_equal(seen.ev[0].data, b.payload, b.n);
    camera_capture_destroy(c);
    free(a.data);
    free(b.data);
}

/* The camera unplugged: a status says so and the worker ends by itself. */
static void test_device_gone(void **st)
{
    (void)st;
    fake_reset(640, 480);
    seen_reset();
    struct frame_buf a;
    make_frame(&a, 640, 480, "55", "aamvajs_1.txt", 60, 120);
    char err[256];
    struct camera_capture *c = NULL;
    assert_int_equal(camera_capture_open(&fake_ops, "/dev/video7", 1280, 720, "camera:/dev/video7",
                                         &sink, &c, err, sizeof err),
                     0);
    assert_int_equal(camera_capture_start(c, err, sizeof err), 0);
    struct camera_frame f = as_frame(&a, CAMERA_FOURCC('Y', '8', '0', '0'));
    fake_push(&f, 1);
    assert_int_equal(wait_for(&seen.events, 1), 1);
    pthread_mutex_lock(&fake.mu);
    fake.gone = true;
    pthread_mutex_unlock(&fake.mu);
    assert_int_equal(wait_for(&seen.statuses, 1), 1);
    pthread_mutex_lock(&seen.mu);
    assert_int_equal(seen.last_err, KIOSK_ERR_DEVICE);
    assert_non_null(strstr(seen.status, "camera /dev/video7 is gone"));
    pthread_mutex_unlock(&seen.mu);
    camera_capture_stop(c); /* joins the worker that already ended */
    camera_capture_destroy(c);
    assert_int_equal(seen.statuses, 1);
    free(a.data);
}

static int setup(void **st)
{
    (void)st;
    const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(tmpdir, sizeof tmpdir, "%s/camera-capture-XXXXXX", base);
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **st)
{
    (void)st;
    const char *argv[] = {"rm", "-rf", tmpdir, NULL};
    run(argv);
    return 0;
}

int main(void)
{
    const char *zv[] = {"zint", "--version", NULL}, *cv[] = {"convert", "-version", NULL};
    if (!getenv("KIOSK_TEST_DIR") || run(zv) != 0 || run(cv) != 0)
        return 77;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_negotiation),
        cmocka_unit_test(test_frames),
        cmocka_unit_test(test_drop_to_newest),
        cmocka_unit_test(test_device_gone),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
