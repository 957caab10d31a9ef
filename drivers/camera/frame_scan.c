/* One greyscale frame through the readers, cheapest decision first: our
 * PDF417 reader (drivers/pdf417; zbar cannot decode PDF417) on every frame,
 * then zbar's image scanner for Code 128, Code 39 and QR only when no
 * PDF417 was found, at a coarse scan density, on every n-th such frame and
 * only while the frame's time budget lasts. A licence and a badge are
 * presented one at a time, so a frame holding a PDF417 needs no zbar. */
#include "drivers/camera/camera.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zbar.h>

#include "core/kiosk_err.h"
#include "drivers/pdf417/pdf417.h"

#define MAX_PDF417 4

struct frame_scanner {
    unsigned flags;
    int max_w, max_h;
    struct frame_scan_policy policy;
    unsigned long frames_without_pdf417; /* counts toward policy.zbar_every */
    int density;                         /* zbar's scan density now */
    struct pdf417_decoder *pdf;
    zbar_image_scanner_t *zs;
    zbar_image_t *zimg;
    uint8_t *copy; /* packed copy when stride != w */
    struct pdf417_result res[MAX_PDF417];
};

struct frame_scanner *frame_scanner_create(int max_w, int max_h, unsigned flags)
{
    struct frame_scanner *fs = calloc(1, sizeof *fs);
    if (!fs)
        return NULL;
    fs->flags = flags;
    fs->max_w = max_w;
    fs->max_h = max_h;
    fs->policy = (struct frame_scan_policy)FRAME_SCAN_POLICY_STILL;
    if (flags & FRAME_SCAN_PDF417) {
        fs->pdf = pdf417_decoder_create(max_w, max_h);
        if (!fs->pdf)
            goto fail;
    }
    if (flags & FRAME_SCAN_ZBAR) {
        fs->zs = zbar_image_scanner_create();
        fs->zimg = zbar_image_create();
        fs->copy = malloc((size_t)max_w * (size_t)max_h);
        if (!fs->zs || !fs->zimg || !fs->copy)
            goto fail;
        zbar_image_scanner_set_config(fs->zs, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
        zbar_image_scanner_set_config(fs->zs, ZBAR_CODE128, ZBAR_CFG_ENABLE, 1);
        zbar_image_scanner_set_config(fs->zs, ZBAR_CODE39, ZBAR_CFG_ENABLE, 1);
        zbar_image_scanner_set_config(fs->zs, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
        zbar_image_scanner_set_config(fs->zs, ZBAR_NONE, ZBAR_CFG_X_DENSITY,
                                      fs->policy.zbar_density);
        zbar_image_scanner_set_config(fs->zs, ZBAR_NONE, ZBAR_CFG_Y_DENSITY,
                                      fs->policy.zbar_density);
        fs->density = fs->policy.zbar_density;
        zbar_image_set_format(fs->zimg, zbar_fourcc('Y', '8', '0', '0'));
    }
    return fs;
fail:
    frame_scanner_destroy(fs);
    return NULL;
}

void frame_scanner_destroy(struct frame_scanner *fs)
{
    if (!fs)
        return;
    pdf417_decoder_destroy(fs->pdf);
    if (fs->zimg)
        zbar_image_destroy(fs->zimg);
    if (fs->zs)
        zbar_image_scanner_destroy(fs->zs);
    free(fs->copy);
    free(fs);
}

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

void frame_scanner_set_policy(struct frame_scanner *fs, const struct frame_scan_policy *p)
{
    if (!fs || !p)
        return;
    fs->policy.zbar_density = clamp(p->zbar_density, 1, 64);
    fs->policy.zbar_every = clamp(p->zbar_every, 1, 64);
    fs->policy.budget_ms = p->budget_ms > 0 ? p->budget_ms : 0.0;
    fs->frames_without_pdf417 = 0;
    if (fs->zs) {
        zbar_image_scanner_set_config(fs->zs, ZBAR_NONE, ZBAR_CFG_X_DENSITY,
                                      fs->policy.zbar_density);
        zbar_image_scanner_set_config(fs->zs, ZBAR_NONE, ZBAR_CFG_Y_DENSITY,
                                      fs->policy.zbar_density);
        fs->density = fs->policy.zbar_density;
    }
}

static double mono_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static enum scan_symbology map_type(zbar_symbol_type_t t)
{
    switch (t) {
    case ZBAR_CODE128:
        return SCAN_SYM_CODE128;
    case ZBAR_CODE39:
        return SCAN_SYM_CODE39;
    case ZBAR_QRCODE:
        return SCAN_SYM_QR;
    default:
        return SCAN_SYM_UNKNOWN;
    }
}

int frame_scanner_scan(struct frame_scanner *fs, const uint8_t *gray, int w, int h, int stride,
                       struct frame_symbol *out, size_t max)
{
    if (!fs || !gray || !out || w <= 0 || h <= 0 || stride < w)
        return KIOSK_ERR_USAGE;
    if (w > fs->max_w || h > fs->max_h)
        return KIOSK_ERR_FULL;
    size_t n = 0;
    int npdf = 0;
    double t0 = fs->policy.budget_ms > 0 ? mono_ms() : 0.0;
    if (fs->pdf) {
        npdf = pdf417_decoder_decode(fs->pdf, gray, w, h, stride, fs->res, MAX_PDF417);
        if (npdf < 0)
            return npdf;
        for (int i = 0; i < npdf && n < max; i++, n++) {
            const struct pdf417_result *r = &fs->res[i];
            struct frame_symbol *s = &out[n];
            if (r->length > sizeof s->data) {
                n--;
                continue;
            }
            s->symbology = SCAN_SYM_PDF417;
            s->length = r->length;
            memcpy(s->data, r->data, r->length);
            /* text in named character sets: one UTF-8 string */
            size_t ulen = 0;
            s->utf8 = r->neci > 0 && pdf417_result_utf8(r, s->data, sizeof s->data, &ulen) == 0;
            if (s->utf8)
                s->length = ulen;
            else
                memcpy(s->data, r->data, r->length);
            s->rows = r->rows;
            s->columns = r->columns;
            s->ec_level = r->ec_level;
            s->corrected = r->corrected;
            s->erasures = r->erasures;
        }
    }
    if (!fs->zs || npdf > 0 || n >= max)
        return (int)n;
    /* zbar: on the first of every zbar_every frames without a PDF417, and
     * only when the PDF417 reader left at least half the budget */
    unsigned long k = fs->frames_without_pdf417++;
    if (k % (unsigned long)fs->policy.zbar_every != 0)
        return (int)n;
    if (fs->policy.budget_ms > 0 && mono_ms() - t0 > 0.5 * fs->policy.budget_ms) {
        fs->frames_without_pdf417--; /* try again on the next frame */
        return (int)n;
    }
    {
        const uint8_t *src = gray;
        if (stride != w) {
            for (int y = 0; y < h; y++)
                memcpy(fs->copy + (size_t)y * (size_t)w, gray + (size_t)y * (size_t)stride,
                       (size_t)w);
            src = fs->copy;
        }
        /* the density is for 720 lines: the same lines per symbol on taller frames */
        int density = h > 720 ? fs->policy.zbar_density * h / 720 : fs->policy.zbar_density;
        if (density != fs->density) {
            zbar_image_scanner_set_config(fs->zs, ZBAR_NONE, ZBAR_CFG_X_DENSITY, density);
            zbar_image_scanner_set_config(fs->zs, ZBAR_NONE, ZBAR_CFG_Y_DENSITY, density);
            fs->density = density;
        }
        zbar_image_set_size(fs->zimg, (unsigned)w, (unsigned)h);
        zbar_image_set_data(fs->zimg, src, (unsigned long)w * (unsigned long)h, NULL);
        if (zbar_scan_image(fs->zs, fs->zimg) > 0) {
            const zbar_symbol_t *sym = zbar_image_first_symbol(fs->zimg);
            for (; sym && n < max; sym = zbar_symbol_next(sym)) {
                enum scan_symbology t = map_type(zbar_symbol_get_type(sym));
                unsigned len = zbar_symbol_get_data_length(sym);
                if (t == SCAN_SYM_UNKNOWN || len == 0 || len > SCAN_DATA_MAX)
                    continue;
                struct frame_symbol *s = &out[n++];
                s->symbology = t;
                s->rows = s->columns = s->ec_level = s->corrected = s->erasures = 0;
                s->utf8 = false;
                s->length = len;
                memcpy(s->data, zbar_symbol_get_data(sym), len);
            }
        }
        zbar_image_set_data(fs->zimg, NULL, 0, NULL);
    }
    return (int)n;
}
