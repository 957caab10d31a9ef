/* The seam below the camera's capture worker: a video source as a const
 * vtable (V4L2 through zbar's video API in the kiosk, a scripted fake in
 * tests), and the capture session that runs the worker over it: negotiate
 * a size, take the newest frame, make it greyscale, scan it, report a
 * device that is gone. Internal to drivers/camera and its tests. */
#ifndef KIOSK_CAMERA_VIDEO_H
#define KIOSK_CAMERA_VIDEO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drivers/scanner.h"

/* The size asked of a camera unless the spec says otherwise. */
#define CAMERA_DEFAULT_WIDTH  1280
#define CAMERA_DEFAULT_HEIGHT 720

/* FOURCC of a pixel format, as V4L2 and zbar spell them. */
#define CAMERA_FOURCC(a, b, c, d)                                                                  \
    ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | (uint32_t)(d) << 24)

/* One captured frame, owned by the source until release(). */
struct camera_frame {
    const uint8_t *data;
    int w, h;
    uint32_t fourcc; /* GREY, Y800 (w*h bytes), YUYV, UYVY (2*w*h bytes) */
    size_t size;     /* bytes at data */
    void *handle;    /* the source's own */
};

/* A video source. Every call comes from one thread at a time (open/close
 * from the caller, wait/take/release from the worker between start and
 * stop). */
struct camera_video_ops {
    /* Open device and negotiate a format near want_w x want_h; *w, *h get
     * the size frames will have. 0, or KIOSK_ERR_DEVICE / KIOSK_ERR_NOMEM
     * with a one-line reason in errbuf. */
    int (*open)(const char *device, int want_w, int want_h, void **video, int *w, int *h,
                char *errbuf, size_t errlen);
    /* Start (on) or stop streaming. 0 or KIOSK_ERR_DEVICE. */
    int (*stream)(void *video, bool on);
    /* Wait up to timeout_ms for a queued frame: 1 one is ready, 0 not yet,
     * KIOSK_ERR_DEVICE the device is gone. */
    int (*wait)(void *video, int timeout_ms);
    /* Dequeue the oldest ready frame into *f: 0 or KIOSK_ERR_DEVICE. */
    int (*take)(void *video, struct camera_frame *f);
    /* Give a taken frame back. */
    void (*release)(void *video, struct camera_frame *f);
    /* Close; accepts NULL. */
    void (*close)(void *video);
};

/* V4L2 through zbar's video API. */
extern const struct camera_video_ops camera_video_zbar;

/* Split a camera spec argument "DEVICE" or "DEVICE@WxH" into the device
 * (default /dev/video0) and the size to ask for (default 1280x720). 0, or
 * KIOSK_ERR_USAGE with a reason in errbuf for a malformed size. */
int camera_spec_parse(const char *arg, char *device, size_t devlen, int *w, int *h, char *errbuf,
                      size_t errlen);

struct camera_capture;

/* What the worker did so far. */
struct camera_capture_stats {
    unsigned long taken;   /* frames dequeued */
    unsigned long dropped; /* of those, older than a newer queued one: not scanned */
    unsigned long scanned; /* frames scanned */
    unsigned long skipped; /* frames in a format or size the scanner cannot take */
};

/* Open device through ops asking for want_w x want_h and make a scanning
 * session for the negotiated size; events and status lines go to sink
 * (copied), named source. 0 and *out, or a negative enum kiosk_err with a
 * reason in errbuf. Free with camera_capture_destroy(). */
int camera_capture_open(const struct camera_video_ops *ops, const char *device, int want_w,
                        int want_h, const char *source, const struct scanner_sink *sink,
                        struct camera_capture **out, char *errbuf, size_t errlen);

/* The negotiated frame size. */
void camera_capture_size(const struct camera_capture *c, int *w, int *h);

/* Start streaming and the worker thread: each time frames are queued it
 * takes the newest (older ones are released unscanned), scans it and
 * delivers new barcodes; when the device is gone it reports a
 * KIOSK_ERR_DEVICE status through the sink and stops. 0 or an error. */
int camera_capture_start(struct camera_capture *c, char *errbuf, size_t errlen);

/* Stop the worker (joins it) and streaming; accepts a stopped capture. */
void camera_capture_stop(struct camera_capture *c);

/* Counters so far (safe while the worker runs). */
void camera_capture_stats(const struct camera_capture *c, struct camera_capture_stats *st);

/* Stop and free; accepts NULL. */
void camera_capture_destroy(struct camera_capture *c);

#endif
