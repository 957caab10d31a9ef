/* The camera's video source in the kiosk: a V4L2 device through zbar's
 * video API (camera_video.h), asked for a frame size before the format is
 * negotiated, polled on its file descriptor; formats other than GREY,
 * Y800, YUYV and UYVY are converted to Y800 by zbar. */
#include "drivers/camera/camera_video.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <zbar.h>

#include "core/kiosk_err.h"

static int zv_open(const char *device, int want_w, int want_h, void **video, int *w, int *h,
                   char *errbuf, size_t errlen)
{
    zbar_video_t *v = zbar_video_create();
    if (!v)
        return KIOSK_ERR_NOMEM;
    /* a size before the device is initialised; the driver may adjust it */
    zbar_video_request_size(v, (unsigned)want_w, (unsigned)want_h);
    if (zbar_video_open(v, device) != 0) {
        if (errbuf)
            snprintf(errbuf, errlen,
                     "camera %s cannot be opened (no such V4L2 device, or no access)", device);
        zbar_video_destroy(v);
        return KIOSK_ERR_DEVICE;
    }
    if (zbar_negotiate_format(v, NULL) != 0) {
        if (errbuf)
            snprintf(errbuf, errlen, "camera %s offers no image format zbar can read", device);
        zbar_video_destroy(v);
        return KIOSK_ERR_DEVICE;
    }
    *w = zbar_video_get_width(v);
    *h = zbar_video_get_height(v);
    *video = v;
    return 0;
}

static int zv_stream(void *video, bool on)
{
    return zbar_video_enable(video, on ? 1 : 0) == 0 ? 0 : KIOSK_ERR_DEVICE;
}

static int zv_wait(void *video, int timeout_ms)
{
    int fd = zbar_video_get_fd(video);
    if (fd < 0)
        return 1; /* no descriptor to poll: take() blocks instead */
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int r = poll(&p, 1, timeout_ms);
    if (r < 0 || (p.revents & (POLLERR | POLLHUP | POLLNVAL)))
        return KIOSK_ERR_DEVICE;
    return r > 0 ? 1 : 0;
}

static int zv_take(void *video, struct camera_frame *f)
{
    zbar_image_t *img = zbar_video_next_image(video);
    if (!img)
        return KIOSK_ERR_DEVICE;
    unsigned long fmt = zbar_image_get_format(img);
    if (fmt != zbar_fourcc('G', 'R', 'E', 'Y') && fmt != zbar_fourcc('Y', '8', '0', '0') &&
        fmt != zbar_fourcc('Y', 'U', 'Y', 'V') && fmt != zbar_fourcc('U', 'Y', 'V', 'Y')) {
        zbar_image_t *g = zbar_image_convert(img, zbar_fourcc('Y', '8', '0', '0'));
        zbar_image_destroy(img); /* back to the driver's queue */
        if (!g)
            return KIOSK_ERR_DEVICE;
        img = g;
        fmt = zbar_fourcc('Y', '8', '0', '0');
    }
    f->data = zbar_image_get_data(img);
    f->size = zbar_image_get_data_length(img);
    f->w = (int)zbar_image_get_width(img);
    f->h = (int)zbar_image_get_height(img);
    f->fourcc = (uint32_t)fmt;
    f->handle = img;
    return 0;
}

static void zv_release(void *video, struct camera_frame *f)
{
    (void)video;
    if (f->handle)
        zbar_image_destroy(f->handle);
    f->handle = NULL;
}

static void zv_close(void *video)
{
    if (video)
        zbar_video_destroy(video);
}

const struct camera_video_ops camera_video_zbar = {
    .open = zv_open,
    .stream = zv_stream,
    .wait = zv_wait,
    .take = zv_take,
    .release = zv_release,
    .close = zv_close,
};
