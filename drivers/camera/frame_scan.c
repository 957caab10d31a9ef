/* One greyscale frame through the readers, cheapest decision first: our
 * PDF417 reader (drivers/pdf417; zbar cannot decode PDF417) on every frame,
 * then zbar's image scanner for Code 128, Code 39 and QR only when no
 * PDF417 was found, at a coarse scan density, on every n-th such frame and
 * only while the frame's time budget lasts; live, one slice of zbar's scan
 * per frame. A licence and a badge are presented one at a time, so a frame
 * holding a PDF417 needs no zbar. */
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
    unsigned slice;                      /* the next slice of a sliced scan */
    int rows, cols;                      /* zbar's row and column densities now */
    bool one_d, qr;                      /* the symbologies zbar has enabled now */
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
        fs->rows = fs->cols = -1; /* set before the first scan */
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
    fs->policy.sliced = p->sliced;
    fs->frames_without_pdf417 = 0;
    fs->slice = 0;
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

/* What one zbar scan covers: lines across a part of the frame, with the
 * symbologies those lines can read. Rows and columns read Code 128 and
 * Code 39 line by line, so rows split into bands and columns into strips
 * lose nothing; QR needs its finder patterns in both directions in one
 * scan, so its bands overlap by half: a code up to a quarter of the frame
 * tall lies whole in one of them (up to half, placed well). */
enum zbar_lines { LINES_ROWS = 1, LINES_COLS = 2, LINES_BOTH = 3 };
struct zbar_slice {
    enum zbar_lines lines;
    bool one_d, qr;
    int from, to; /* quarters of the frame: rows for bands, columns for strips */
};
static const struct zbar_slice kSlices[FRAME_SCAN_SLICES] = {
    {LINES_ROWS, true, false, 0, 2}, {LINES_ROWS, true, false, 2, 4},
    {LINES_COLS, true, false, 0, 2}, {LINES_COLS, true, false, 2, 4},
    {LINES_BOTH, false, true, 0, 2}, {LINES_BOTH, false, true, 1, 3},
    {LINES_BOTH, false, true, 2, 4},
};
#define WHOLE FRAME_SCAN_SLICES
static const struct zbar_slice kWhole = {LINES_BOTH, true, true, 0, 4};

static void zbar_setup(struct frame_scanner *fs, const struct zbar_slice *sl, int density)
{
    if (sl->one_d != fs->one_d) {
        zbar_image_scanner_set_config(fs->zs, ZBAR_CODE128, ZBAR_CFG_ENABLE, sl->one_d);
        zbar_image_scanner_set_config(fs->zs, ZBAR_CODE39, ZBAR_CFG_ENABLE, sl->one_d);
        fs->one_d = sl->one_d;
    }
    if (sl->qr != fs->qr) {
        zbar_image_scanner_set_config(fs->zs, ZBAR_QRCODE, ZBAR_CFG_ENABLE, sl->qr);
        fs->qr = sl->qr;
    }
    /* zbar's Y density spaces the rows it scans, X density the columns */
    int rows = sl->lines & LINES_ROWS ? density : 0;
    int cols = sl->lines & LINES_COLS ? density : 0;
    if (rows != fs->rows) {
        zbar_image_scanner_set_config(fs->zs, ZBAR_NONE, ZBAR_CFG_Y_DENSITY, rows);
        fs->rows = rows;
    }
    if (cols != fs->cols) {
        zbar_image_scanner_set_config(fs->zs, ZBAR_NONE, ZBAR_CFG_X_DENSITY, cols);
        fs->cols = cols;
    }
}

/* Run zbar over slice `which` (WHOLE: the whole frame at once) and append
 * what it read to out; returns how many. */
static size_t zbar_part(struct frame_scanner *fs, const uint8_t *gray, int w, int h, int stride,
                        unsigned which, struct frame_symbol *out, size_t max)
{
    const struct zbar_slice *sl = which < FRAME_SCAN_SLICES ? &kSlices[which] : &kWhole;
    /* the density is for 720 lines: the same lines per symbol on taller frames */
    zbar_setup(fs, sl, h > 720 ? fs->policy.zbar_density * h / 720 : fs->policy.zbar_density);
    /* zbar takes packed rows: a band is a window into the frame when the
     * frame is packed, a strip (or a padded frame) is copied */
    int x0 = 0, y0 = 0, pw = w, ph = h;
    if (sl->lines == LINES_COLS) {
        x0 = sl->from * w / 4;
        pw = sl->to * w / 4 - x0;
    } else {
        y0 = sl->from * h / 4;
        ph = sl->to * h / 4 - y0;
    }
    const uint8_t *src = gray + (size_t)y0 * (size_t)stride + (size_t)x0;
    if (pw != stride) {
        for (int y = 0; y < ph; y++)
            memcpy(fs->copy + (size_t)y * (size_t)pw, src + (size_t)y * (size_t)stride, (size_t)pw);
        src = fs->copy;
    }
    size_t n = 0;
    zbar_image_set_size(fs->zimg, (unsigned)pw, (unsigned)ph);
    zbar_image_set_data(fs->zimg, src, (unsigned long)pw * (unsigned long)ph, NULL);
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
    return n;
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
    n += zbar_part(fs, gray, w, h, stride, fs->policy.sliced ? fs->slice : WHOLE, out + n, max - n);
    if (fs->policy.sliced)
        fs->slice = (fs->slice + 1) % FRAME_SCAN_SLICES;
    return (int)n;
}
