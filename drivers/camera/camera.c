/* The "camera" scanner driver: frames from a V4L2 device through zbar's
 * video API on a worker thread, converted to greyscale, scanned by
 * frame_scanner (zbar symbologies + our PDF417 reader), and delivered as
 * scan_events with the same barcode in consecutive frames reported once. */
#include "drivers/camera/camera.h"

#include <poll.h>
#include <sys/stat.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zbar.h>

#include "core/kiosk_err.h"

#define MAX_SYMBOLS 8
#define MAX_RECENT  8

struct recent {
    enum scan_symbology sym;
    size_t length;
    unsigned char data[SCAN_DATA_MAX];
    uint64_t last_ns;
};

struct camera_session {
    char source[64];
    struct scanner_sink sink;
    struct frame_scanner *fs;
    struct frame_symbol found[MAX_SYMBOLS];
    struct recent recent[MAX_RECENT];
    struct scan_event ev;
};

struct camera_session *camera_session_create(int max_w, int max_h, const char *source,
                                             const struct scanner_sink *sink)
{
    struct camera_session *cs = calloc(1, sizeof *cs);
    if (!cs)
        return NULL;
    snprintf(cs->source, sizeof cs->source, "%s", source ? source : "camera");
    if (sink)
        cs->sink = *sink;
    cs->fs = frame_scanner_create(max_w, max_h, FRAME_SCAN_ALL);
    if (!cs->fs) {
        free(cs);
        return NULL;
    }
    return cs;
}

void camera_session_destroy(struct camera_session *cs)
{
    if (!cs)
        return;
    frame_scanner_destroy(cs->fs);
    free(cs);
}

/* True when s was not seen within the hold time; records the sighting. */
static bool is_new(struct camera_session *cs, const struct frame_symbol *s, uint64_t now)
{
    struct recent *oldest = &cs->recent[0];
    for (int i = 0; i < MAX_RECENT; i++) {
        struct recent *r = &cs->recent[i];
        if (r->length == s->length && r->sym == s->symbology && r->last_ns &&
            memcmp(r->data, s->data, s->length) == 0) {
            bool fresh = now - r->last_ns > CAMERA_HOLD_NS;
            r->last_ns = now;
            return fresh;
        }
        if (r->last_ns < oldest->last_ns)
            oldest = r;
    }
    oldest->sym = s->symbology;
    oldest->length = s->length;
    memcpy(oldest->data, s->data, s->length);
    oldest->last_ns = now ? now : 1;
    return true;
}

int camera_session_frame(struct camera_session *cs, const uint8_t *gray, int w, int h, int stride,
                         uint64_t now_ns)
{
    if (!cs)
        return KIOSK_ERR_USAGE;
    int n = frame_scanner_scan(cs->fs, gray, w, h, stride, cs->found, MAX_SYMBOLS);
    if (n < 0)
        return n;
    int sent = 0;
    for (int i = 0; i < n; i++) {
        const struct frame_symbol *s = &cs->found[i];
        if (!is_new(cs, s, now_ns))
            continue;
        struct scan_event *ev = &cs->ev;
        snprintf(ev->source, sizeof ev->source, "%s", cs->source);
        ev->symbology = s->symbology;
        snprintf(ev->aim, sizeof ev->aim, "%s",
                 s->symbology == SCAN_SYM_PDF417    ? "L0"
                 : s->symbology == SCAN_SYM_CODE128 ? "C0"
                 : s->symbology == SCAN_SYM_CODE39  ? "A0"
                 : s->symbology == SCAN_SYM_QR      ? "Q1"
                                                    : "");
        ev->t_ns = now_ns;
        ev->length = s->length;
        memcpy(ev->data, s->data, s->length);
        scanner_sink_event(&cs->sink, ev);
        sent++;
    }
    return sent;
}

/* ---- the driver: zbar video on a worker thread ---------------------- */

struct camera_state {
    char device[56]; /* fits "camera:" + device in a scan_event source */
    char source[64];
    struct scanner_sink sink;
    zbar_video_t *video;
    struct camera_session *session;
    uint8_t *gray;
    int w, h;
    pthread_t thread;
    bool started;
    atomic_int running;
};

static void camera_close(void *state)
{
    struct camera_state *st = state;
    if (!st)
        return;
    if (st->video)
        zbar_video_destroy(st->video);
    camera_session_destroy(st->session);
    free(st->gray);
    free(st);
}

static int camera_open(const char *arg, const struct scanner_config *cfg,
                       const struct scanner_sink *sink, void **state, char *errbuf, size_t errlen)
{
    int rc = KIOSK_ERR_DEVICE;
    struct camera_state *st = calloc(1, sizeof *st);
    if (!st)
        return KIOSK_ERR_NOMEM;
    snprintf(st->device, sizeof st->device, "%s", arg && *arg ? arg : "/dev/video0");
    snprintf(st->source, sizeof st->source, "camera:%s", st->device);
    st->sink = *sink;
    st->video = zbar_video_create();
    if (!st->video) {
        rc = KIOSK_ERR_NOMEM;
        goto fail;
    }
    /* A configured frame size is a request (before open, as zbar wants);
     * the device may pick the nearest size it offers. */
    if (cfg && cfg->camera_width && cfg->camera_height)
        zbar_video_request_size(st->video, cfg->camera_width, cfg->camera_height);
    if (zbar_video_open(st->video, st->device) != 0) {
        if (errbuf)
            snprintf(errbuf, errlen,
                     "camera %s cannot be opened (no such V4L2 device, or no access)", st->device);
        goto fail;
    }
    if (zbar_negotiate_format(st->video, NULL) != 0) {
        if (errbuf)
            snprintf(errbuf, errlen, "camera %s offers no image format zbar can read", st->device);
        goto fail;
    }
    st->w = zbar_video_get_width(st->video);
    st->h = zbar_video_get_height(st->video);
    if (st->w <= 0 || st->h <= 0) {
        if (errbuf)
            snprintf(errbuf, errlen, "camera %s reports no frame size", st->device);
        goto fail;
    }
    st->gray = malloc((size_t)st->w * (size_t)st->h);
    st->session = camera_session_create(st->w, st->h, st->source, sink);
    if (!st->gray || !st->session) {
        rc = KIOSK_ERR_NOMEM;
        goto fail;
    }
    *state = st;
    return 0;
fail:
    camera_close(st);
    return rc;
}

/* Greyscale of a captured frame into st->gray without allocating for the
 * common formats (GREY/Y800, YUYV, UYVY); others through zbar's converter. */
static const uint8_t *frame_gray(struct camera_state *st, const zbar_image_t *img, int *w, int *h)
{
    unsigned long fmt = zbar_image_get_format(img);
    *w = (int)zbar_image_get_width(img);
    *h = (int)zbar_image_get_height(img);
    if (*w <= 0 || *h <= 0 || *w > st->w || *h > st->h)
        return NULL;
    const uint8_t *src = zbar_image_get_data(img);
    size_t n = (size_t)*w * (size_t)*h;
    if (fmt == zbar_fourcc('G', 'R', 'E', 'Y') || fmt == zbar_fourcc('Y', '8', '0', '0'))
        return src;
    if (fmt == zbar_fourcc('Y', 'U', 'Y', 'V') || fmt == zbar_fourcc('U', 'Y', 'V', 'Y')) {
        int off = fmt == zbar_fourcc('U', 'Y', 'V', 'Y');
        for (size_t i = 0; i < n; i++)
            st->gray[i] = src[2 * i + (size_t)off];
        return st->gray;
    }
    zbar_image_t *g = zbar_image_convert(img, zbar_fourcc('Y', '8', '0', '0'));
    if (!g)
        return NULL;
    memcpy(st->gray, zbar_image_get_data(g), n);
    zbar_image_destroy(g);
    return st->gray;
}

static void *camera_worker(void *arg)
{
    struct camera_state *st = arg;
    int fd = zbar_video_get_fd(st->video);
    while (atomic_load(&st->running)) {
        if (fd >= 0) {
            struct pollfd p = {.fd = fd, .events = POLLIN};
            int r = poll(&p, 1, 100);
            if (r == 0)
                continue;
            if (r < 0 || (p.revents & (POLLERR | POLLHUP | POLLNVAL))) {
                scanner_sink_status(&st->sink, st->source, KIOSK_ERR_DEVICE, "camera %s is gone",
                                    st->device);
                break;
            }
        }
        zbar_image_t *img = zbar_video_next_image(st->video);
        if (!img) {
            scanner_sink_status(&st->sink, st->source, KIOSK_ERR_DEVICE,
                                "camera %s stopped delivering frames", st->device);
            break;
        }
        int w, h;
        const uint8_t *g = frame_gray(st, img, &w, &h);
        if (g)
            camera_session_frame(st->session, g, w, h, w, scanner_now_ns());
        zbar_image_destroy(img);
    }
    return NULL;
}

static int camera_start(void *state, char *errbuf, size_t errlen)
{
    struct camera_state *st = state;
    if (zbar_video_enable(st->video, 1) != 0) {
        if (errbuf)
            snprintf(errbuf, errlen, "camera %s cannot start capturing", st->device);
        return KIOSK_ERR_DEVICE;
    }
    atomic_store(&st->running, 1);
    if (pthread_create(&st->thread, NULL, camera_worker, st) != 0) {
        atomic_store(&st->running, 0);
        zbar_video_enable(st->video, 0);
        if (errbuf)
            snprintf(errbuf, errlen, "camera %s: cannot start the capture thread", st->device);
        return KIOSK_ERR_INTERNAL;
    }
    st->started = true;
    return 0;
}

static void camera_stop(void *state)
{
    struct camera_state *st = state;
    if (!st || !st->started)
        return;
    atomic_store(&st->running, 0);
    pthread_join(st->thread, NULL);
    zbar_video_enable(st->video, 0);
    st->started = false;
}

/* V4L2 device nodes that exist (/dev/video0..63); no device is opened. */
static int camera_probe(const struct scanner_config *cfg, struct scanner_info *rows, size_t cap)
{
    (void)cfg;
    int found = 0;
    for (int i = 0; i < 64; i++) {
        char path[32];
        struct stat st;
        snprintf(path, sizeof path, "/dev/video%d", i);
        if (stat(path, &st) != 0 || !S_ISCHR(st.st_mode))
            continue;
        if ((size_t)found < cap) {
            struct scanner_info *r = &rows[found];
            memset(r, 0, sizeof *r);
            snprintf(r->source, sizeof r->source, "camera:%s", path);
            snprintf(r->driver, sizeof r->driver, "camera");
            snprintf(r->protocol, sizeof r->protocol, "v4l2");
            snprintf(r->product, sizeof r->product, "V4L2 video device");
            r->claimed = -1;
        }
        found++;
    }
    return found;
}

const struct scanner_driver camera_driver = {
    .name = "camera",
    .ids = NULL,
    .probe = camera_probe,
    .open = camera_open,
    .start = camera_start,
    .stop = camera_stop,
    .close = camera_close,
};
