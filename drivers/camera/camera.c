/* The "camera" scanner driver: frames from a V4L2 device (asked for
 * 1280x720 unless the spec says DEVICE@WxH) through the capture worker of
 * camera_capture.c, scanned by frame_scanner under the live policy (our
 * PDF417 reader, zbar's symbologies now and then), and delivered as
 * scan_events with the same barcode in consecutive frames reported once. */
#include "drivers/camera/camera.h"

#include <sys/stat.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/kiosk_err.h"
#include "drivers/camera/camera_video.h"

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
    /* a live preview: PDF417 on every frame, zbar now and then */
    frame_scanner_set_policy(cs->fs, &(struct frame_scan_policy)FRAME_SCAN_POLICY_LIVE);
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

/* ---- the driver: a capture worker over V4L2 (camera_capture.c) ------- */

static int camera_open(const char *arg, const struct scanner_config *cfg,
                       const struct scanner_sink *sink, void **state, char *errbuf, size_t errlen)
{
    char device[56], source[64];
    int w, h;
    int rc = camera_spec_parse(arg, device, sizeof device, &w, &h, errbuf, errlen);
    if (rc != 0)
        return rc;
    /* The size: DEVICE@WxH in the spec, else [scanners] camera_size of
     * kiosk.ini (cfg), else 1280x720. */
    if ((!arg || !strchr(arg, '@')) && cfg && cfg->camera_width && cfg->camera_height) {
        w = (int)cfg->camera_width;
        h = (int)cfg->camera_height;
    }
    snprintf(source, sizeof source, "camera:%s", device);
    struct camera_capture *c = NULL;
    rc = camera_capture_open(&camera_video_zbar, device, w, h, source, sink, &c, errbuf, errlen);
    if (rc != 0)
        return rc;
    *state = c;
    return 0;
}

static int camera_start(void *state, char *errbuf, size_t errlen)
{
    return camera_capture_start(state, errbuf, errlen);
}

static void camera_stop(void *state)
{
    camera_capture_stop(state);
}

static void camera_close(void *state)
{
    camera_capture_destroy(state);
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
