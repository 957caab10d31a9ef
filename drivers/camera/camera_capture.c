/* The camera's capture worker over a video source (camera_video.h): takes
 * the newest queued frame so a preview never falls behind, makes it
 * greyscale without allocating, scans it through a camera_session and
 * reports a device that is gone. */
#include "drivers/camera/camera_video.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/kiosk_err.h"
#include "drivers/camera/camera.h"

struct camera_capture {
    const struct camera_video_ops *ops;
    void *video;
    char device[56];
    char source[64];
    struct scanner_sink sink;
    struct camera_session *session;
    uint8_t *gray;
    int w, h;
    pthread_t thread;
    bool started;
    atomic_int running;
    atomic_ulong taken, dropped, scanned, skipped;
};

int camera_spec_parse(const char *arg, char *device, size_t devlen, int *w, int *h, char *errbuf,
                      size_t errlen)
{
    *w = CAMERA_DEFAULT_WIDTH;
    *h = CAMERA_DEFAULT_HEIGHT;
    const char *at = arg ? strrchr(arg, '@') : NULL;
    size_t n = !arg || !*arg ? 0 : at ? (size_t)(at - arg) : strlen(arg);
    if (n == 0)
        snprintf(device, devlen, "/dev/video0");
    else
        snprintf(device, devlen, "%.*s", (int)n, arg);
    if (!at)
        return 0;
    char *end = NULL;
    long pw = strtol(at + 1, &end, 10), ph = 0;
    if (end && *end == 'x')
        ph = strtol(end + 1, &end, 10);
    if (!end || *end || pw < 16 || ph < 16 || pw > 8192 || ph > 8192) {
        if (errbuf)
            snprintf(errbuf, errlen,
                     "camera size \"%s\" is not WIDTHxHEIGHT (16..8192 each, e.g. 1280x720)",
                     at + 1);
        return KIOSK_ERR_USAGE;
    }
    *w = (int)pw;
    *h = (int)ph;
    return 0;
}

int camera_capture_open(const struct camera_video_ops *ops, const char *device, int want_w,
                        int want_h, const char *source, const struct scanner_sink *sink,
                        struct camera_capture **out, char *errbuf, size_t errlen)
{
    if (!ops || !device || !sink || !out)
        return KIOSK_ERR_USAGE;
    *out = NULL;
    struct camera_capture *c = calloc(1, sizeof *c);
    if (!c)
        return KIOSK_ERR_NOMEM;
    int rc = 0;
    c->ops = ops;
    snprintf(c->device, sizeof c->device, "%s", device);
    snprintf(c->source, sizeof c->source, "%s", source ? source : "camera");
    c->sink = *sink;
    rc = ops->open(c->device, want_w, want_h, &c->video, &c->w, &c->h, errbuf, errlen);
    if (rc != 0)
        goto fail;
    if (c->w <= 0 || c->h <= 0) {
        if (errbuf)
            snprintf(errbuf, errlen, "camera %s reports no frame size", c->device);
        rc = KIOSK_ERR_DEVICE;
        goto fail;
    }
    c->gray = malloc((size_t)c->w * (size_t)c->h);
    c->session = camera_session_create(c->w, c->h, c->source, sink);
    if (!c->gray || !c->session) {
        rc = KIOSK_ERR_NOMEM;
        goto fail;
    }
    *out = c;
    return 0;
fail:
    camera_capture_destroy(c);
    return rc;
}

void camera_capture_size(const struct camera_capture *c, int *w, int *h)
{
    *w = c->w;
    *h = c->h;
}

/* Greyscale of a frame: GREY/Y800 as they are, the luma of YUYV/UYVY into
 * c->gray; NULL for anything else or a size the session was not made for. */
static const uint8_t *frame_gray(struct camera_capture *c, const struct camera_frame *f)
{
    if (f->w <= 0 || f->h <= 0 || f->w > c->w || f->h > c->h || !f->data)
        return NULL;
    size_t n = (size_t)f->w * (size_t)f->h;
    if (f->fourcc == CAMERA_FOURCC('G', 'R', 'E', 'Y') ||
        f->fourcc == CAMERA_FOURCC('Y', '8', '0', '0'))
        return f->size >= n ? f->data : NULL;
    if (f->fourcc == CAMERA_FOURCC('Y', 'U', 'Y', 'V') ||
        f->fourcc == CAMERA_FOURCC('U', 'Y', 'V', 'Y')) {
        if (f->size < 2 * n)
            return NULL;
        size_t off = f->fourcc == CAMERA_FOURCC('U', 'Y', 'V', 'Y');
        for (size_t i = 0; i < n; i++)
            c->gray[i] = f->data[2 * i + off];
        return c->gray;
    }
    return NULL;
}

static void *capture_worker(void *arg)
{
    struct camera_capture *c = arg;
    while (atomic_load(&c->running)) {
        int r = c->ops->wait(c->video, 100);
        if (r == 0)
            continue;
        if (r < 0) {
            scanner_sink_status(&c->sink, c->source, KIOSK_ERR_DEVICE, "camera %s is gone",
                                c->device);
            break;
        }
        struct camera_frame f;
        if (c->ops->take(c->video, &f) != 0) {
            scanner_sink_status(&c->sink, c->source, KIOSK_ERR_DEVICE,
                                "camera %s stopped delivering frames", c->device);
            break;
        }
        atomic_fetch_add(&c->taken, 1);
        /* frames queued while the last one was scanned are stale: keep
         * only the newest, so what is decoded is what is in front of the
         * camera now */
        bool gone = false;
        while (c->ops->wait(c->video, 0) == 1) {
            struct camera_frame newer;
            if (c->ops->take(c->video, &newer) != 0) {
                gone = true;
                break;
            }
            c->ops->release(c->video, &f);
            f = newer;
            atomic_fetch_add(&c->taken, 1);
            atomic_fetch_add(&c->dropped, 1);
        }
        const uint8_t *g = frame_gray(c, &f);
        if (g) {
            camera_session_frame(c->session, g, f.w, f.h, f.w, scanner_now_ns());
            atomic_fetch_add(&c->scanned, 1);
        } else {
            atomic_fetch_add(&c->skipped, 1);
        }
        c->ops->release(c->video, &f);
        if (gone) {
            scanner_sink_status(&c->sink, c->source, KIOSK_ERR_DEVICE,
                                "camera %s stopped delivering frames", c->device);
            break;
        }
    }
    return NULL;
}

int camera_capture_start(struct camera_capture *c, char *errbuf, size_t errlen)
{
    if (!c)
        return KIOSK_ERR_USAGE;
    if (c->started)
        return 0;
    if (c->ops->stream(c->video, true) != 0) {
        if (errbuf)
            snprintf(errbuf, errlen, "camera %s cannot start capturing", c->device);
        return KIOSK_ERR_DEVICE;
    }
    atomic_store(&c->running, 1);
    if (pthread_create(&c->thread, NULL, capture_worker, c) != 0) {
        atomic_store(&c->running, 0);
        c->ops->stream(c->video, false);
        if (errbuf)
            snprintf(errbuf, errlen, "camera %s: cannot start the capture thread", c->device);
        return KIOSK_ERR_INTERNAL;
    }
    c->started = true;
    return 0;
}

void camera_capture_stop(struct camera_capture *c)
{
    if (!c || !c->started)
        return;
    atomic_store(&c->running, 0);
    pthread_join(c->thread, NULL);
    c->ops->stream(c->video, false);
    c->started = false;
}

void camera_capture_stats(const struct camera_capture *c, struct camera_capture_stats *st)
{
    st->taken = atomic_load(&c->taken);
    st->dropped = atomic_load(&c->dropped);
    st->scanned = atomic_load(&c->scanned);
    st->skipped = atomic_load(&c->skipped);
}

void camera_capture_destroy(struct camera_capture *c)
{
    if (!c)
        return;
    camera_capture_stop(c);
    if (c->video)
        c->ops->close(c->video);
    camera_session_destroy(c->session);
    free(c->gray);
    free(c);
}
