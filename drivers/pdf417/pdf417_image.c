/* The image side of the PDF417 reader. A coarse sweep of scanlines at four
 * orientations (each read both ways, so any rotation is within 22.5 degrees
 * of one) feeds zbar's linear scanner and finds start and stop patterns; the
 * pattern edges give the symbol's left and right boundaries. Probe lines
 * across the boundaries read the row indicators (rows, columns, EC level and
 * where each row lies); then every row is read along several lines that
 * follow it, cells are voted, and Reed-Solomon with erasures finishes. */
#include "drivers/pdf417/pdf417_internal.h"

#include <math.h>
#ifdef PDF417_DEBUG
#include <stdio.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <zbar.h>

#include "core/kiosk_err.h"

#define MAX_HITS       2048
#define MAX_ROWS       90
#define MAX_COLS       30
#define MAX_PROBES     1024
#define MAX_CANDIDATES 4
#define MAX_ATTEMPTS   4 /* candidate decodes per frame: bounds the work on failures */
#define MAX_TRIED      16
#define PAD            6 /* light samples around every line: symbols may touch the border */

struct hit {
    float ox, oy; /* outer edge: start's first bar leading edge, stop's last bar trailing edge */
    float dx, dy; /* reading direction (unit) */
    float module; /* pixels per module along the scan */
    unsigned char stop;
    unsigned char used;
    unsigned char inv; /* light bars on a dark ground: the pattern began with a space */
};

struct vote {
    uint16_t v[3];
    uint8_t n[3];
};

struct line_elems {
    int n;
    int *lead;  /* leading edge, 1/32 sample */
    int *width; /* 1/32 sample */
    unsigned char *bar;
    int *psum; /* psum[k]: width[0] + ... + width[k - 1] (find_hits fills it) */
};

struct bline {
    float px, py; /* a point on the line */
    float ux, uy; /* unit direction, pointing "down" the symbol */
    float tmin, tmax;
    float module;
    float rx, ry; /* mean reading direction */
    int n;
    bool inv; /* an inverted symbol's boundary */
};

/* A candidate decoded in this frame: its boundaries and sweep pass. */
struct tried {
    struct bline L, R;
    int pass;
};

struct img {
    const uint8_t *g;
    int w, h, stride;
};

struct pdf417_decoder {
    zbar_scanner_t *scn;
    int max_w, max_h, cap;
    int16_t *samples;
    int16_t *vbuf;       /* vertical sweep lines, max_h samples each */
    int16_t *sharp;      /* unsharp-masked copy of a row line */
    bool sharpen;        /* row reads through an unsharp mask (blurred symbols) */
    bool invert;         /* lines read with light and dark swapped (inverted symbols) */
    int sweep_px;        /* sweep line spacing of this frame */
    bool centres;        /* also read codewords at module centres (modules < 1.6 px) */
    bool glare;          /* fill unread cells from the modules a light run leaves visible */
    bool stuck;          /* the last rows read failed, glare pass included, and no later pass
                          * read a cell the first left unread: a stripe, not the geometry */
    const int16_t *line; /* the samples last scanned, for module-centre reads */
    int line_n;
    const struct img *seg_im; /* the image and line sample_segment last read: */
    float seg_x0, seg_y0;     /* sample 0 */
    float seg_dx, seg_dy;     /* one sample step */
    float seg_ux, seg_uy;     /* its unit direction */
    int seg_n;                /* samples on it */
    float bend, bend_peak;    /* rows bowed by bend px at bend_peak (0..1) along: a bent card */
    struct pdf417_bits bits;
    int vlines;
    struct line_elems el;
    struct hit hits[MAX_HITS];
    int nhits;
    struct pdf417_index idx;
    struct vote votes[MAX_ROWS][MAX_COLS + 2];
    float probe_s[2][MAX_PROBES];
    int probe_row[2][MAX_PROBES];
    int nprobe[2];
    int cw[PDF417_MAX_CW];
    bool erased[PDF417_MAX_CW];
    struct tried tried[MAX_TRIED];
    int ntried;
};

struct pdf417_decoder *pdf417_decoder_create(int max_w, int max_h)
{
    if (max_w <= 0 || max_h <= 0 || max_w > 16384 || max_h > 16384)
        return NULL;
    struct pdf417_decoder *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->max_w = max_w;
    d->max_h = max_h;
    /* longest line: the diagonal at half-pixel steps, plus margins */
    d->cap = 2 * (int)(sqrtf((float)max_w * max_w + (float)max_h * max_h) + 64) + 64;
    d->samples = malloc(sizeof(int16_t) * (size_t)d->cap);
    d->sharp = malloc(sizeof(int16_t) * (size_t)d->cap);
    d->vlines = max_w / 3 + 2;
    d->vbuf = malloc(sizeof(int16_t) * (size_t)d->vlines * (size_t)max_h);
    d->el.lead = malloc(sizeof(int) * (size_t)d->cap);
    d->el.width = malloc(sizeof(int) * (size_t)d->cap);
    d->el.bar = malloc((size_t)d->cap);
    d->el.psum = malloc(sizeof(int) * ((size_t)d->cap + 1));
    d->scn = zbar_scanner_create(NULL);
    if (!d->samples || !d->sharp || !d->vbuf || !d->el.lead || !d->el.width || !d->el.bar ||
        !d->el.psum || !d->scn) {
        pdf417_decoder_destroy(d);
        return NULL;
    }
    pdf417_index_init(&d->idx);
    pdf417_bits_init(&d->bits);
    return d;
}

void pdf417_decoder_destroy(struct pdf417_decoder *d)
{
    if (!d)
        return;
    if (d->scn)
        zbar_scanner_destroy(d->scn);
    free(d->samples);
    free(d->vbuf);
    free(d->sharp);
    free(d->el.lead);
    free(d->el.width);
    free(d->el.bar);
    free(d->el.psum);
    free(d);
}

/* ---- one line through zbar's scanner -------------------------------- */

static void record_edge(struct pdf417_decoder *d)
{
    struct line_elems *el = &d->el;
    unsigned w = zbar_scanner_get_width(d->scn);
    if (w == 0 || el->n >= d->cap)
        return;
    int end = (int)zbar_scanner_get_edge(d->scn, 0, 5) - PAD * 32;
    /* the colour reported is the one of the element now beginning */
    int bar = zbar_scanner_get_color(d->scn) == ZBAR_SPACE;
    if (el->n > 0 && el->bar[el->n - 1] == bar) {
        /* zbar merged nothing here; keep colours alternating by joining */
        el->width[el->n - 1] += (int)w;
        return;
    }
    el->lead[el->n] = end - (int)w;
    el->width[el->n] = (int)w;
    el->bar[el->n] = (unsigned char)bar;
    el->n++;
}

/* Run n samples through the scanner; elements land in d->el, positions in
 * 1/32 sample from s[0]. Samples < 0 (outside the image) read as light. */
static void scan_samples(struct pdf417_decoder *d, const int16_t *s, int n)
{
    /* the light level near each end (uneven lighting: not the line's max);
     * an inverted symbol is read from the negative */
    int neg = d->invert ? 255 : 0, sign = d->invert ? -1 : 1;
    int light_l = 0, light_r = 0;
    for (int i = 0; i < n && i < 48; i++)
        if (s[i] >= 0 && neg + sign * s[i] > light_l)
            light_l = neg + sign * s[i];
    for (int i = n - 1; i >= 0 && i >= n - 48; i--)
        if (s[i] >= 0 && neg + sign * s[i] > light_r)
            light_r = neg + sign * s[i];
    d->el.n = 0;
    d->line = s;
    d->line_n = n;
    zbar_scanner_new_scan(d->scn);
    for (int i = -PAD; i < n + PAD; i++) {
        int v = i < 0 || i >= n || s[i] < 0 ? (2 * i < n ? light_l : light_r) : neg + sign * s[i];
        if (zbar_scan_y(d->scn, v) != ZBAR_NONE)
            record_edge(d);
    }
    for (int k = 0; k < 3; k++)
        if (zbar_scanner_flush(d->scn) != ZBAR_NONE)
            record_edge(d);
    zbar_scanner_new_scan(d->scn);
}

/* ---- start / stop patterns ------------------------------------------- */

static const int start_pat[8] = {8, 1, 1, 1, 1, 1, 1, 3};
static const int stop_pat[9] = {7, 1, 1, 3, 1, 1, 1, 2, 1};

/* Do the widths w[0..n-1] (reading order) match pattern p of m modules?
 * Each element within 0.85 module (1.6 for the wide first bar), each
 * adjacent pair within 0.75 + 0.08 of its modules, all in integers (the
 * sweep asks this of every bar on textured frames): |w m - p T| <= tol T. */
static bool match_pattern(const int *w, const int *p, int n, int m)
{
    int64_t total = 0;
    for (int i = 0; i < n; i++)
        total += w[i];
    if (total <= 0)
        return false;
    /* the wide first bar rejects almost everything at once */
    if (llabs(20 * (int64_t)w[0] * m - 20 * (int64_t)p[0] * total) > 32 * total)
        return false;
    for (int i = 1; i < n; i++) {
        int64_t tol = p[i] >= 7 ? 32 : 17;
        if (llabs(20 * (int64_t)w[i] * m - 20 * (int64_t)p[i] * total) > tol * total)
            return false;
    }
    for (int i = 0; i + 1 < n; i++) {
        int64_t pp = p[i] + p[i + 1];
        if (llabs(100 * (int64_t)(w[i] + w[i + 1]) * m - 100 * pp * total) > (75 + 8 * pp) * total)
            return false;
    }
    return true;
}

/* Element widths in reading order: forward from i, or backward from i. */
static void gather(const struct line_elems *el, int i, int n, bool rev, int *w)
{
    for (int k = 0; k < n; k++)
        w[k] = el->width[rev ? i - k : i + k];
}

/* Find start/stop patterns in d->el; positions map to the image by
 * x = x0 + sx * pos, y = y0 + sy * pos (pos in samples). */
static void find_hits(struct pdf417_decoder *d, float x0, float y0, float sx, float sy)
{
    const struct line_elems *el = &d->el;
    float step = sqrtf(sx * sx + sy * sy);
    int w[9];
    /* the totals of every window from prefix sums, so the wide first bar
     * (match_pattern's first test, which rejects almost every element of a
     * textured line) is tested before any window is gathered */
    int *ps = el->psum;
    ps[0] = 0;
    for (int i = 0; i < el->n; i++)
        ps[i + 1] = ps[i] + el->width[i];
    for (int rev = 0; rev < 2; rev++) {
        for (int i = 0; i < el->n; i++) {
            if (d->nhits >= MAX_HITS)
                continue; /* a space first: an inverted symbol's pattern */
            int avail = rev ? i + 1 : el->n - i;
            for (int kind = 0; kind < 2; kind++) {
                int n = kind ? 9 : 8;
                if (avail < n || d->nhits >= MAX_HITS) /* (kind 0 may fill the last) */
                    continue;
                int64_t sum = rev ? ps[i + 1] - ps[i + 1 - n] : ps[i + n] - ps[i];
                int64_t m = kind ? 18 : 17, p0 = kind ? stop_pat[0] : start_pat[0];
                if (sum <= 0 || llabs(20 * (int64_t)el->width[i] * m - 20 * p0 * sum) > 32 * sum)
                    continue;
                gather(el, i, n, rev, w);
                if (!match_pattern(w, kind ? stop_pat : start_pat, n, kind ? 18 : 17))
                    continue;
                long total = 0;
                for (int k = 0; k < n; k++)
                    total += w[k];
                /* start: outer edge is the first element's leading edge in
                 * reading order; stop: the last element's trailing edge */
                int first = i, last = rev ? i - (n - 1) : i + (n - 1);
                float pos;
                if (!kind)
                    pos =
                        rev ? (float)(el->lead[first] + el->width[first]) : (float)el->lead[first];
                else
                    pos = rev ? (float)el->lead[last] : (float)(el->lead[last] + el->width[last]);
                pos /= 32.0f;
                struct hit *h = &d->hits[d->nhits++];
                h->ox = x0 + sx * pos;
                h->oy = y0 + sy * pos;
                h->dx = (rev ? -sx : sx) / step;
                h->dy = (rev ? -sy : sy) / step;
                h->module = (float)total / 32.0f * step / (float)(kind ? 18 : 17);
                if (h->module < 1.0f) /* too fine to read: texture, not a symbol */
                    d->nhits--;
                h->stop = (unsigned char)kind;
                h->used = 0;
                h->inv = (unsigned char)!el->bar[i];
            }
        }
    }
}

/* Lines of the sweep are this many pixels apart (times the scale). */
static int sweep_spacing(int w, int h)
{
    int m = (w < h ? w : h) / 50;
    return m < 3 ? 3 : m > 16 ? 16 : m;
}

/* The coarse sweep: horizontal and vertical lines (each read both ways,
 * so any rotation is within 45 degrees of one; the start and stop patterns
 * span the symbol's height and read at any such slant). At scale k a
 * sample is the mean of k pixels along and 2k+1 across the line (centre
 * counted twice): noise drops while edges along the line stay sharp. k = 2
 * reads noisy images with large modules, where zbar would see edges inside
 * wide bars. Vertical lines are gathered in row order for the cache. */
static void sweep(struct pdf417_decoder *d, const uint8_t *g, int w, int h, int stride, int k,
                  int first, unsigned dirs)
{
    int spacing = sweep_spacing(w, h) * k;
    int16_t *s = d->samples;
    for (int y = first; y < h && (dirs & 1); y += spacing) {
        int n = 0;
        if (k == 1) { /* the hot path */
            const uint8_t *r0 = g + (size_t)y * (size_t)stride;
            const uint8_t *rm = y > 0 ? r0 - stride : r0, *rp = y + 1 < h ? r0 + stride : r0;
            for (int x = 0; x < w; x++)
                s[x] = (int16_t)((2 * r0[x] + rm[x] + rp[x] + 2) >> 2);
            n = w;
        }
        for (int x = 0; k > 1 && x + k <= w; x += k) {
            int acc = 0, cnt = 0;
            for (int c = -k; c <= k; c++) {
                int yy = y + c < 0 ? 0 : y + c >= h ? h - 1 : y + c;
                const uint8_t *row = g + (size_t)yy * (size_t)stride + x;
                int wt = c == 0 ? 2 : 1;
                for (int a = 0; a < k; a++)
                    acc += wt * row[a];
                cnt += wt * k;
            }
            s[n++] = (int16_t)((acc + cnt / 2) / cnt);
        }
        scan_samples(d, s, n);
        find_hits(d, 0, (float)y, (float)k, 0);
    }
    if (!(dirs & 2))
        return;
    int nv = 0;
    for (int x = first; x < w && nv < d->vlines; x += spacing)
        nv++;
    int hs = h / k;
    for (int i = 0; i < hs && k == 1; i++) { /* the hot path */
        const uint8_t *row = g + (size_t)i * (size_t)stride;
        int16_t *o = d->vbuf + i;
        for (int j = 0, x = first; j < nv; j++, x += spacing, o += d->max_h) {
            int l = x > 0 ? x - 1 : x, r = x + 1 < w ? x + 1 : x;
            *o = (int16_t)((2 * row[x] + row[l] + row[r] + 2) >> 2);
        }
    }
    for (int i = 0; i < hs && k > 1; i++) {
        int y = i * k;
        for (int j = 0; j < nv; j++) {
            int x = first + j * spacing;
            int acc = 0, cnt = 0;
            for (int a = 0; a < k; a++) {
                const uint8_t *row = g + (size_t)(y + a) * (size_t)stride;
                for (int c = -k; c <= k; c++) {
                    int xx = x + c < 0 ? 0 : x + c >= w ? w - 1 : x + c;
                    int wt = c == 0 ? 2 : 1;
                    acc += wt * row[xx];
                    cnt += wt;
                }
            }
            d->vbuf[(size_t)j * (size_t)d->max_h + (size_t)i] = (int16_t)((acc + cnt / 2) / cnt);
        }
    }
    for (int j = 0; j < nv; j++) {
        scan_samples(d, d->vbuf + (size_t)j * (size_t)d->max_h, hs);
        find_hits(d, (float)(first + j * spacing), 0, 0, (float)k);
    }
}

/* ---- boundary lines -------------------------------------------------- */

static uint32_t rng_next(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* RANSAC a boundary line through unused hits of one kind, optionally
 * restricted to reading directions near (rx, ry). Marks nothing. */
static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

/* Keep the stop hits idx[0..n-1] of the symbol that starts at L: ahead of
 * it by a symbol's width at most, beside its extent, and of those the
 * nearest group (symbols side by side on a page share the row lines).
 * Returns the new count; 0 when no group of three is there. */
static int nearest_ahead(const struct pdf417_decoder *d, const struct bline *L, int *idx, int n)
{
    float a[MAX_HITS], sorted[MAX_HITS];
    float m = L->module, hgt = L->tmax - L->tmin;
    int k = 0;
    for (int j = 0; j < n; j++) {
        const struct hit *h = &d->hits[idx[j]];
        float ex = h->ox - L->px, ey = h->oy - L->py;
        float ahead = ex * L->rx + ey * L->ry, t = ex * L->ux + ey * L->uy;
        if (ahead < 40.0f * m || ahead > 600.0f * m || t < L->tmin - 0.25f * hgt ||
            t > L->tmax + 0.25f * hgt)
            continue;
        a[k] = ahead;
        sorted[k] = ahead;
        idx[k++] = idx[j];
    }
    qsort(sorted, (size_t)k, sizeof sorted[0], cmp_float);
    float lo = -1;
    for (int j = 0; j + 2 < k && lo < 0; j++)
        if (sorted[j + 2] - sorted[j] < 25.0f * m)
            lo = sorted[j];
    if (lo < 0)
        return 0;
    int kept = 0;
    for (int j = 0; j < k; j++)
        if (a[j] > lo - 2.0f * m && a[j] < lo + 25.0f * m)
            idx[kept++] = idx[j];
    return kept;
}

static bool fit_boundary(struct pdf417_decoder *d, int stop, const float *dir, int inv,
                         const struct bline *start, struct bline *out)
{
    int idx[MAX_HITS];
    int n = 0;
    for (int i = 0; i < d->nhits; i++) {
        const struct hit *h = &d->hits[i];
        if (h->used || h->stop != stop || h->inv != inv)
            continue;
        if (dir && h->dx * dir[0] + h->dy * dir[1] < 0.75f)
            continue;
        idx[n++] = i;
    }
    if (start)
        n = nearest_ahead(d, start, idx, n);
    if (n < 2)
        return false;
    uint32_t seed = 0x9e3779b9u;
    int best = 0;
    float bpx = 0, bpy = 0, bux = 0, buy = 0;
    int iters = n * (n - 1) / 2 < 96 ? n * (n - 1) / 2 : 96;
    for (int it = 0; it < iters; it++) {
        int a, b;
        if (n * (n - 1) / 2 <= 96) { /* enumerate all pairs */
            int k = it;
            a = 0;
            while (k >= n - 1 - a) {
                k -= n - 1 - a;
                a++;
            }
            b = a + 1 + k;
        } else {
            a = (int)(rng_next(&seed) % (uint32_t)n);
            b = (int)(rng_next(&seed) % (uint32_t)n);
            if (a == b)
                continue;
        }
        const struct hit *ha = &d->hits[idx[a]], *hb = &d->hits[idx[b]];
        if (ha->dx * hb->dx + ha->dy * hb->dy < 0.7f)
            continue;
        float ux = hb->ox - ha->ox, uy = hb->oy - ha->oy;
        float len = sqrtf(ux * ux + uy * uy);
        if (len < 2.0f)
            continue;
        ux /= len;
        uy /= len;
        float rx = ha->dx + hb->dx, ry = ha->dy + hb->dy;
        float rl = sqrtf(rx * rx + ry * ry);
        /* the boundary runs across the reading direction */
        if (fabsf(ux * rx + uy * ry) / rl > 0.8f)
            continue;
        float tol = fmaxf(1.5f, 0.5f * fminf(ha->module, hb->module));
        int cnt = 0;
        for (int j = 0; j < n; j++) {
            const struct hit *h = &d->hits[idx[j]];
            float dist = fabsf((h->ox - ha->ox) * uy - (h->oy - ha->oy) * ux);
            if (dist < tol && h->dx * rx + h->dy * ry > 0.7f * rl)
                cnt++;
        }
        if (cnt > best) {
            best = cnt;
            bpx = ha->ox;
            bpy = ha->oy;
            bux = ux;
            buy = uy;
        }
    }
#ifdef PDF417_DEBUG
    fprintf(stderr, "fit %s: %d hits, best %d\n", stop ? "stop" : "start", n, best);
#endif
    if (best < 2)
        return false;
    /* refine: least squares over inliers, keep the largest connected run */
    float tol = 2.0f;
    float sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, srx = 0, sry = 0;
    int cnt = 0;
    float ts[MAX_HITS];
    int members[MAX_HITS];
    for (int j = 0; j < n; j++) {
        const struct hit *h = &d->hits[idx[j]];
        float dist = fabsf((h->ox - bpx) * buy - (h->oy - bpy) * bux);
        if (dist < fmaxf(tol, 0.5f * h->module) && fabsf(h->dx * buy - h->dy * bux) > 0.5f) {
            members[cnt] = idx[j];
            ts[cnt] = (h->ox - bpx) * bux + (h->oy - bpy) * buy;
            cnt++;
        }
    }
    if (cnt < 2)
        return false;
    /* sort members by t (insertion; counts are small) */
    for (int i = 1; i < cnt; i++)
        for (int j = i; j > 0 && ts[j] < ts[j - 1]; j--) {
            float t = ts[j];
            ts[j] = ts[j - 1];
            ts[j - 1] = t;
            int m = members[j];
            members[j] = members[j - 1];
            members[j - 1] = m;
        }
    float mod = 0;
    for (int i = 0; i < cnt; i++)
        mod += d->hits[members[i]].module;
    mod /= (float)cnt;
    /* a run of hits ends at a gap: symbols stacked in one column (Macro
     * PDF417 pages) share a boundary line but not its hits. Sweep lines
     * are sweep_px apart, so a gap of four lines is no symbol. */
    float gap = fmaxf(12.0f * mod, 4.0f * (float)d->sweep_px);
    int bs = 0, bl = 0, s = 0;
    for (int i = 1; i <= cnt; i++) {
        if (i == cnt || ts[i] - ts[i - 1] > gap) {
            if (i - s > bl) {
                bl = i - s;
                bs = s;
            }
            s = i;
        }
    }
    if (bl < 2)
        return false;
    for (int i = bs; i < bs + bl; i++) {
        const struct hit *h = &d->hits[members[i]];
        sx += h->ox;
        sy += h->oy;
        srx += h->dx;
        sry += h->dy;
    }
    float mx = sx / (float)bl, my = sy / (float)bl;
    for (int i = bs; i < bs + bl; i++) {
        const struct hit *h = &d->hits[members[i]];
        float ex = h->ox - mx, ey = h->oy - my;
        sxx += ex * ex;
        syy += ey * ey;
        sxy += ex * ey;
    }
    float ang = 0.5f * atan2f(2 * sxy, sxx - syy);
    float ux = cosf(ang), uy = sinf(ang);
    float rl = sqrtf(srx * srx + sry * sry);
    out->rx = srx / rl;
    out->ry = sry / rl;
    /* down = reading direction turned clockwise on screen */
    float downx = -out->ry, downy = out->rx;
    if (ux * downx + uy * downy < 0) {
        ux = -ux;
        uy = -uy;
    }
    out->px = mx;
    out->py = my;
    out->ux = ux;
    out->uy = uy;
    out->tmin = 1e30f;
    out->tmax = -1e30f;
    mod = 0;
    for (int i = bs; i < bs + bl; i++) {
        const struct hit *h = &d->hits[members[i]];
        float t = (h->ox - mx) * ux + (h->oy - my) * uy;
        out->tmin = fminf(out->tmin, t);
        out->tmax = fmaxf(out->tmax, t);
        /* module across the rows, not along the (possibly slanted) scan */
        float c = fabsf(h->dx * uy - h->dy * ux);
        mod += h->module * c;
    }
    out->module = mod / (float)bl;
    out->n = bl;
    out->inv = inv;
    return true;
}

/* ---- sampling along an arbitrary segment ---------------------------- */

static inline int bilinear(const uint8_t *g, int w, int h, int stride, float x, float y)
{
    if (x >= 0 && y >= 0 && x < (float)(w - 1) && y < (float)(h - 1)) {
        int xi = (int)x, yi = (int)y;
        int fx = (int)((x - (float)xi) * 256.0f), fy = (int)((y - (float)yi) * 256.0f);
        const uint8_t *p = g + (size_t)yi * (size_t)stride + (size_t)xi;
        int a = p[0] * 256 + (p[1] - p[0]) * fx;
        int b = p[stride] * 256 + (p[stride + 1] - p[stride]) * fx;
        return (a * 256 + (b - a) * fy + 32768) >> 16;
    }
    if (x < -1.0f || y < -1.0f || x > (float)w || y > (float)h)
        return -1; /* outside: the caller reads it as light */
    int xi = x < 0 ? 0 : x > (float)(w - 1) ? w - 1 : (int)x;
    int yi = y < 0 ? 0 : y > (float)(h - 1) ? h - 1 : (int)y;
    return g[(size_t)yi * (size_t)stride + (size_t)xi];
}

/* Sample step along a line for a module of m px: about three samples per
 * module, never coarser than two per pixel for tiny modules. */
static float line_step(float m)
{
    return m < 1.5f ? 0.5f : m / 3.0f;
}

/* How far sample i of n lies off the straight line on a bent card: a
 * parabola through both ends, d->bend px at d->bend_peak. */
static float bow(const struct pdf417_decoder *d, int i, int n)
{
    float t = n > 1 ? (float)i / (float)(n - 1) : 0.5f, p = d->bend_peak;
    float u = t < p ? (t - p) / p : (t - p) / (1 - p);
    return d->bend * (1 - u * u);
}

/* Sample from (ax, ay) to (bx, by) every step px; each sample averages
 * ceil(step) points along and taps points across the line (spread px
 * apart), then run the scanner. Returns samples taken. */
static int sample_segment(struct pdf417_decoder *d, const struct img *im, float ax, float ay,
                          float bx, float by, float step, int taps, float spread)
{
    float dx = bx - ax, dy = by - ay;
    float len = sqrtf(dx * dx + dy * dy);
    if (len < 1.0f)
        return 0;
    int n = (int)(len / step) + 1;
    if (n > d->cap)
        n = d->cap;
    float ux = dx / len, uy = dy / len;
    float nx = -uy * spread, ny = ux * spread;
    d->seg_im = im;
    d->seg_x0 = ax;
    d->seg_y0 = ay;
    d->seg_dx = ux * step;
    d->seg_dy = uy * step;
    d->seg_n = n;
    d->seg_ux = ux;
    d->seg_uy = uy;
    int along = step > 1.2f ? (int)ceilf(step) : 1;
    float sub = step / (float)along;
    /* the footprint of one sample (along x taps points) and how far it
     * reaches: inside the image the points are placed and interpolated in
     * fixed point (positions in 1/65536 px, weights in 1/256 as bilinear()
     * weighs) without its bounds checks */
    enum { MAXPTS = 64 };
    int offx[MAXPTS], offy[MAXPTS];
    int npts = 0;
    float reach = 0;
    for (int a = 0; a < along && npts < MAXPTS; a++) {
        float o = ((float)a + 0.5f) * sub - 0.5f * step;
        for (int t = 0; t < taps && npts < MAXPTS; t++) {
            float c = (float)t - (float)(taps - 1) / 2.0f;
            float px = ux * o + nx * c, py = uy * o + ny * c;
            offx[npts] = (int)lrintf(px * 65536.0f);
            offy[npts] = (int)lrintf(py * 65536.0f);
            reach = fmaxf(reach, fmaxf(fabsf(px), fabsf(py)));
            npts++;
        }
    }
    const bool fixed = npts == along * taps;
    const size_t stride = (size_t)im->stride;
    for (int i = 0; i < n; i++) {
        /* the sample's centre in float, then in 16.16 (stepping in 16.16
         * instead moves points by ~1e-4 px: measured about 5 % faster on
         * decode-heavy frames, but it flipped a marginal blurred frame from
         * read to unread) */
        float x = ax + ux * step * (float)i, y = ay + uy * step * (float)i;
        if (d->bend != 0) {
            float off = bow(d, i, n);
            x -= uy * off; /* "down" the symbol: the line turned clockwise */
            y += ux * off;
        }
        const int32_t fx = (int32_t)lrintf(x * 65536.0f), fy = (int32_t)lrintf(y * 65536.0f);
        /* (a margin of 1/1024 px: rounding to 16.16 stays >= 0) */
        if (fixed && x - reach >= 0x1p-10f && y - reach >= 0x1p-10f &&
            x + reach < (float)(im->w - 2) && y + reach < (float)(im->h - 2)) {
            int acc = 0;
            for (int k = 0; k < npts; k++) {
                int32_t qx = fx + offx[k], qy = fy + offy[k];
                int wx = (qx >> 8) & 255, wy = (qy >> 8) & 255;
                const uint8_t *q = im->g + (size_t)(qy >> 16) * stride + (size_t)(qx >> 16);
                int top = q[0] * 256 + (q[1] - q[0]) * wx;
                int bot = q[stride] * 256 + (q[stride + 1] - q[stride]) * wx;
                acc += (top * 256 + (bot - top) * wy + 32768) >> 16;
            }
            d->samples[i] = (int16_t)(acc / npts);
            continue;
        }
        int acc = 0, cnt = 0;
        for (int a = 0; a < along; a++) {
            float o = ((float)a + 0.5f) * sub - 0.5f * step;
            for (int t = 0; t < taps; t++) {
                float c = (float)t - (float)(taps - 1) / 2.0f;
                int v = bilinear(im->g, im->w, im->h, im->stride, x + ux * o + nx * c,
                                 y + uy * o + ny * c);
                if (v >= 0) {
                    acc += v;
                    cnt++;
                }
            }
        }
        d->samples[i] = (int16_t)(cnt ? acc / cnt : -1);
    }
    if (d->sharpen) {
        /* s + 1.5 (s - mean of 5): narrow elements a blur has flattened
         * come back above zbar's edge threshold */
        const int16_t *in = d->samples;
        for (int i = 0; i < n; i++) {
            if (i < 2 || i >= n - 2 || in[i - 2] < 0 || in[i + 2] < 0 || in[i] < 0) {
                d->sharp[i] = in[i];
                continue;
            }
            int mean = (in[i - 2] + in[i - 1] + in[i] + in[i + 1] + in[i + 2]) / 5;
            int v = in[i] + 3 * (in[i] - mean) / 2;
            d->sharp[i] = (int16_t)(v < 0 ? 0 : v > 255 ? 255 : v);
        }
        scan_samples(d, d->sharp, n);
        return n;
    }
    scan_samples(d, d->samples, n);
    return n;
}

/* Index of the first start pattern (reading forward) in d->el whose
 * leading edge is within [lo, hi] (1/32 sample), or -1. */
static int find_start(const struct line_elems *el, int lo, int hi)
{
    int w[8];
    for (int i = 0; i + 8 <= el->n; i++) {
        if (!el->bar[i] || el->lead[i] < lo || el->lead[i] > hi)
            continue;
        gather(el, i, 8, false, w);
        if (match_pattern(w, start_pat, 8, 17))
            return i;
    }
    return -1;
}

/* Index of the last stop pattern's first element within [lo, hi], or -1. */
static int find_stop(const struct line_elems *el, int lo, int hi)
{
    int w[9];
    for (int i = el->n - 9; i >= 0; i--) {
        if (!el->bar[i] || el->lead[i] < lo || el->lead[i] > hi)
            continue;
        gather(el, i, 9, false, w);
        if (match_pattern(w, stop_pat, 9, 18))
            return i;
    }
    return -1;
}

static int classify_at(const struct pdf417_decoder *d, int i, int want, int *cluster)
{
    const struct line_elems *el = &d->el;
    if (i < 0 || i + 8 > el->n || !el->bar[i])
        return -1;
    int w[8];
    gather(el, i, 8, false, w);
    return pdf417_classify(&d->idx, w, want, cluster);
}

/* ---- one candidate symbol ------------------------------------------- */

struct geom {
    float tlx, tly, blx, bly;  /* left boundary (start outer edge) */
    float trx, try_, brx, bry; /* right boundary (stop outer edge) */
    float mod;
};

static void point_at(const struct geom *q, float s, int right, float *x, float *y)
{
    if (!right) {
        *x = q->tlx + (q->blx - q->tlx) * s;
        *y = q->tly + (q->bly - q->tly) * s;
    } else {
        *x = q->trx + (q->brx - q->trx) * s;
        *y = q->try_ + (q->bry - q->try_) * s;
    }
}

static int indicator_row(int value, int cluster)
{
    return 3 * (value / 30) + cluster;
}

/* Expected row indicator for row r (left or right). */
static int indicator_value(int r, int rows, int cols, int ecl, int right)
{
    int info[3] = {(rows - 1) / 3, ecl * 3 + (rows - 1) % 3, cols - 1};
    int c = r % 3;
    return 30 * (r / 3) + info[right ? (c + 2) % 3 : c];
}

static void add_vote(struct vote *v, int value)
{
    for (int k = 0; k < 3; k++) {
        if (v->n[k] && v->v[k] == value) {
            if (v->n[k] < 255)
                v->n[k]++;
            return;
        }
    }
    for (int k = 0; k < 3; k++)
        if (!v->n[k]) {
            v->v[k] = (uint16_t)value;
            v->n[k] = 1;
            return;
        }
}

/* Fit s = a + b * row by least squares with one outlier-rejection pass. */
/* Where row r's centre lies along a boundary: s = a + b r + c r^2 (c = 0
 * for short symbols; perspective bends tall ones). */
struct rowfit {
    float a, b, c;
};

static float rowfit_at(const struct rowfit *f, float r)
{
    return f->a + f->b * r + f->c * r * r;
}

/* Fit s over row by least squares, rejecting outliers twice; quadratic
 * when the rows seen span at least 12. */
static bool fit_rows(const float *s, const int *row, int n, struct rowfit *f)
{
    bool keep[MAX_PROBES];
    for (int i = 0; i < n; i++)
        keep[i] = true;
    f->c = 0;
    /* a few misread indicators (another row's value) would pull a first
     * least-squares fit off and the rejection below would then keep the
     * wrong points: start from the line through two probes that most
     * others agree with */
    uint32_t seed = 0x2545f491u;
    int best = 0;
    float ba = 0, bb = 0;
    for (int it = 0; it < 64 && n >= 8; it++) {
        int i = (int)(rng_next(&seed) % (uint32_t)n), j = (int)(rng_next(&seed) % (uint32_t)n);
        if (row[i] == row[j])
            continue;
        float b = (s[j] - s[i]) / (float)(row[j] - row[i]);
        if (b == 0)
            continue; /* negative: a mirrored symbol, row 0 at the far end */
        float a = s[i] - b * (float)row[i];
        int cnt = 0;
        for (int k = 0; k < n; k++)
            cnt += fabsf(s[k] - (a + b * (float)row[k])) < 0.5f * fabsf(b);
        if (cnt > best) {
            best = cnt;
            ba = a;
            bb = b;
        }
    }
    if (best >= 4)
        for (int k = 0; k < n; k++)
            keep[k] = fabsf(s[k] - (ba + bb * (float)row[k])) < 0.9f * fabsf(bb);
    for (int pass = 0; pass < 4; pass++) {
        double m = 0, sr = 0, ss = 0, srr = 0, srs = 0, sr3 = 0, sr4 = 0, srrs = 0;
        int rmin = 1 << 30, rmax = -1;
        for (int i = 0; i < n; i++) {
            if (!keep[i])
                continue;
            double r = row[i], r2 = r * r;
            m++;
            sr += r;
            ss += s[i];
            srr += r2;
            srs += r * s[i];
            sr3 += r2 * r;
            sr4 += r2 * r2;
            srrs += r2 * s[i];
            rmin = row[i] < rmin ? row[i] : rmin;
            rmax = row[i] > rmax ? row[i] : rmax;
        }
        if (m < 2 || rmax == rmin)
            return false;
        bool quad = pass >= 2 && rmax - rmin >= 12 && m >= 8;
        if (quad) {
            /* normal equations [m sr srr; sr srr sr3; srr sr3 sr4] x = [ss srs srrs] */
            double A[3][4] = {{m, sr, srr, ss}, {sr, srr, sr3, srs}, {srr, sr3, sr4, srrs}};
            for (int c = 0; c < 3; c++) {
                if (fabs(A[c][c]) < 1e-12)
                    return false;
                for (int r = 0; r < 3; r++) {
                    if (r == c)
                        continue;
                    double k = A[r][c] / A[c][c];
                    for (int j = c; j < 4; j++)
                        A[r][j] -= k * A[c][j];
                }
            }
            f->a = (float)(A[0][3] / A[0][0]);
            f->b = (float)(A[1][3] / A[1][1]);
            f->c = (float)(A[2][3] / A[2][2]);
        } else {
            double den = m * srr - sr * sr;
            f->b = (float)((m * srs - sr * ss) / den);
            f->a = (float)((ss - f->b * sr) / m);
            f->c = 0;
        }
        /* rows must advance one way along the whole symbol (down the
         * boundary, or up it when the symbol is mirrored) */
        float d0 = f->b + 2 * f->c * (float)rmin, d1 = f->b + 2 * f->c * (float)rmax;
        if (d0 * d1 <= 0)
            return false;
        for (int i = 0; i < n; i++) {
            float slope = fabsf(f->b + 2 * f->c * (float)row[i]);
            keep[i] = fabsf(s[i] - rowfit_at(f, (float)row[i])) < 0.9f * slope;
        }
    }
    return true;
}

static int argmax(const int *v, int n)
{
    int best = -1, bn = 0;
    for (int i = 0; i < n; i++)
        if (v[i] > bn) {
            bn = v[i];
            best = i;
        }
    return best;
}

/* Read one row line: fill votes for row r. Returns cells read. */
/* Accept a classified group only when its width is that of a codeword. */
static int checked_codeword(const struct pdf417_decoder *d, int bi, int want, float local)
{
    const struct line_elems *el = &d->el;
    int v = classify_at(d, bi, want, NULL);
    if (v < 0)
        return -1;
    float wsum = (float)(el->lead[bi + 7] + el->width[bi + 7] - el->lead[bi]);
    return fabsf(wsum - local) > 0.15f * local ? -1 : v;
}

/* The image under position p (1/32 sample) of the line sample_segment
 * last read: the nearest pixel (at about a pixel per module, the mean of
 * two would blur a module into its neighbour), light high (the negative
 * for an inverted symbol); -1 outside. */
static inline int line_at(const struct pdf417_decoder *d, float p)
{
    const struct img *im = d->seg_im;
    float t = p / 32.0f, fx = d->seg_x0 + d->seg_dx * t, fy = d->seg_y0 + d->seg_dy * t;
    if (d->bend != 0 && t >= 0) {
        float off = bow(d, (int)(t + 0.5f), d->seg_n);
        fx -= d->seg_uy * off;
        fy += d->seg_ux * off;
    }
    if (fx < -0.5f || fy < -0.5f)
        return -1;
    int x = (int)(fx + 0.5f), y = (int)(fy + 0.5f);
    if (x >= im->w || y >= im->h)
        return -1;
    int v = im->g[(size_t)y * (size_t)im->stride + (size_t)x];
    return d->invert ? 255 - v : v;
}

/* A codeword read from its 17 module centres, start and len in 1/32
 * sample: for modules near one pixel the element widths are too coarse,
 * while each module's centre still shows bar or space. Small shifts of
 * the grid must agree on an exact pattern (two different ones: unread);
 * else the nearest pattern one module off, unshifted. */
static int read_centres(const struct pdf417_decoder *d, float start, float len, int want)
{
    static const float shift[] = {0.0f, -0.25f, 0.25f, -0.5f, 0.5f};
    float mod = len / 17.0f;
    int found = -1;
    uint32_t first = 0;
    for (size_t o = 0; o < sizeof shift / sizeof shift[0]; o++) {
        int v[17], lo = 256, hi = -1;
        for (int k = 0; k < 17; k++) {
            v[k] = line_at(d, start + (shift[o] + (float)k + 0.5f) * mod);
            if (v[k] < 0)
                return -1;
            lo = v[k] < lo ? v[k] : lo;
            hi = v[k] > hi ? v[k] : hi;
        }
        if (hi - lo < 24)
            return -1; /* no contrast: nothing printed here */
        uint32_t bits = 0;
        for (int k = 0; k < 17; k++)
            bits = bits << 1 | (uint32_t)(2 * v[k] < lo + hi);
        if (o == 0)
            first = bits;
        int r = pdf417_classify_bits(&d->bits, bits, want, 0);
        if (r >= 0 && found >= 0 && r != found)
            return -1;
        if (r >= 0)
            found = r;
    }
    return found >= 0 ? found : pdf417_classify_bits(&d->bits, first, want, 1);
}

/* A codeword at start (1/32 sample, len long) that a light run wider than
 * four modules cuts (glare: the bars under it are lost): the modules whose
 * centres lie outside every such run are read at their centres, those
 * inside are unknown, and the one pattern of cluster want that agrees
 * with every known module is the value. It must be the only one with the
 * grid as placed, agree with the known modules with the grid a quarter
 * module either way, and at least 9 of the 17 modules must be known; else -1. */
static int read_masked(const struct pdf417_decoder *d, float start, float len, int want)
{
    const struct line_elems *el = &d->el;
    float mod = len / 17.0f;
    enum { MAXRUNS = 4 };
    float g0[MAXRUNS], g1[MAXRUNS];
    int ng = 0;
    for (int e = 0; e < el->n && ng < MAXRUNS; e++) {
        float l = (float)el->lead[e], r = l + (float)el->width[e];
        if (el->bar[e] || r - l < 4.0f * mod || r <= start || l >= start + len)
            continue;
        g0[ng] = l - 0.25f * mod;
        g1[ng] = r + 0.25f * mod;
        ng++;
    }
    if (ng == 0 || want < 0 || want > 2)
        return -1;
    static const float shift[] = {0.0f, -0.25f, 0.25f};
    int found = -1;
    for (size_t o = 0; o < sizeof shift / sizeof shift[0]; o++) {
        int v[17], lo = 256, hi = -1, nk = 0;
        uint32_t bits = 0, known = 0;
        for (int k = 0; k < 17; k++) {
            float p = start + (shift[o] + (float)k + 0.5f) * mod;
            v[k] = line_at(d, p);
            if (v[k] < 0)
                return -1;
            lo = v[k] < lo ? v[k] : lo;
            hi = v[k] > hi ? v[k] : hi;
            bool unk = false;
            for (int g = 0; g < ng; g++)
                unk |= p > g0[g] && p < g1[g];
            known = known << 1 | (uint32_t)!unk;
            nk += !unk;
        }
        if (hi - lo < 24 || nk < 9)
            return -1;
        for (int k = 0; k < 17; k++)
            bits = bits << 1 | (uint32_t)(2 * v[k] < lo + hi);
        if (o > 0) {
            if (((d->bits.bits[want][found] ^ bits) & known) != 0)
                return -1;
            continue;
        }
        for (int c = 0; c < PDF417_NPATTERNS; c++) {
            if (((d->bits.bits[want][c] ^ bits) & known) != 0)
                continue;
            if (found >= 0)
                return -1; /* two fit: the cell stays unread */
            found = c;
        }
        if (found < 0)
            return -1;
    }
    return found;
}

/* Read n codewords left to right from position a (1/32 sample), each one
 * where the previous ended, else one codeword width further. */
static void walk_forward(const struct pdf417_decoder *d, int a, float cwlen, int i, int n, int want,
                         int *vals, float *at, float *len)
{
    const struct line_elems *el = &d->el;
    float cursor = (float)a, local = cwlen;
    for (int j = 0; j < n; j++) {
        vals[j] = -1;
        at[j] = cursor;
        len[j] = local;
        while (i < el->n && (float)el->lead[i] < cursor - 0.4f * local)
            i++;
        int bi = -1;
        float bd = 0.4f * local;
        for (int k = i; k < el->n && (float)el->lead[k] < cursor + 0.4f * local; k++) {
            float dd = fabsf((float)el->lead[k] - cursor);
            if (el->bar[k] && dd < bd) {
                bd = dd;
                bi = k;
            }
        }
        if (d->centres) {
            /* modules near a pixel: widths lie, module centres do not; the
             * nearest bar edge still says where the codeword starts */
            float st = bi >= 0 ? (float)el->lead[bi] : cursor;
            int v = read_centres(d, st, local, want);
            if (v < 0 && bi >= 0) {
                st = cursor;
                v = read_centres(d, st, local, want);
            }
            vals[j] = v;
            cursor = (v >= 0 ? st : cursor) + local;
            continue;
        }
        int v = bi >= 0 ? checked_codeword(d, bi, want, local) : -1;
        if (v >= 0) {
            float wsum = (float)(el->lead[bi + 7] + el->width[bi + 7] - el->lead[bi]);
            vals[j] = v;
            local = 0.5f * local + 0.5f * wsum;
            cursor = (float)el->lead[bi] + wsum;
            i = bi + 8;
        } else {
            cursor += local;
        }
    }
}

/* The same from the right: codeword n-1 ends at b, the bar leading edge
 * that follows a codeword is where it ends. Elements before index lim. */
static void walk_backward(const struct pdf417_decoder *d, int b, float cwlen, int lim, int n,
                          int want, int *vals, float *at, float *len)
{
    const struct line_elems *el = &d->el;
    float cursor = (float)b, local = cwlen;
    int i = lim < el->n ? lim : el->n;
    for (int j = n - 1; j >= 0; j--) {
        vals[j] = -1;
        at[j] = cursor - local;
        len[j] = local;
        /* element e (a bar, or the end of the line) starts where codeword j ends */
        int be = -1;
        float bd = 0.4f * local;
        for (int e = i; e >= 8; e--) {
            float pos =
                e < el->n ? (float)el->lead[e] : (float)(el->lead[e - 1] + el->width[e - 1]);
            if (pos < cursor - 0.4f * local)
                break;
            float dd = fabsf(pos - cursor);
            if ((e == el->n || el->bar[e]) && dd < bd) {
                bd = dd;
                be = e;
            }
        }
        if (d->centres) {
            float end = be >= 8 ? (be < el->n ? (float)el->lead[be]
                                              : (float)(el->lead[be - 1] + el->width[be - 1]))
                                : cursor;
            int v = read_centres(d, end - local, local, want);
            if (v < 0 && be >= 8) {
                end = cursor;
                v = read_centres(d, end - local, local, want);
            }
            vals[j] = v;
            cursor = (v >= 0 ? end : cursor) - local;
            continue;
        }
        int v = be >= 8 ? checked_codeword(d, be - 8, want, local) : -1;
        if (v >= 0) {
            float wsum = (float)(el->lead[be - 1] + el->width[be - 1] - el->lead[be - 8]);
            vals[j] = v;
            local = 0.5f * local + 0.5f * wsum;
            cursor = (float)el->lead[be - 8];
            i = be - 8;
        } else {
            cursor -= local;
        }
    }
}

static int read_row_line(struct pdf417_decoder *d, const struct img *im, const struct geom *q,
                         float sl, float sr, int r, int rows, int cols, int ecl, int taps,
                         float spread)
{
    float lx, ly, rx, ry;
    point_at(q, sl, 0, &lx, &ly);
    point_at(q, sr, 1, &rx, &ry);
    float dx = rx - lx, dy = ry - ly;
    float len = sqrtf(dx * dx + dy * dy);
    if (len < 10)
        return 0;
    float ux = dx / len, uy = dy / len;
    float margin = 6.0f * q->mod;
    d->centres = q->mod < 1.6f;
    float step = line_step(q->mod);
    int n = sample_segment(d, im, lx - ux * margin, ly - uy * margin, rx + ux * margin,
                           ry + uy * margin, step, taps, spread);
    if (n == 0)
        return 0;
    const struct line_elems *el = &d->el;
    float mod32 = q->mod / step * 32.0f; /* module in 1/32 samples */
    int outer_l = (int)(margin / step * 32.0f);
    int outer_r = (int)((margin + len) / step * 32.0f);
    int si = find_start(el, outer_l - (int)(3 * mod32), outer_l + (int)(3 * mod32));
    int pi = find_stop(el, outer_r - (int)(21 * mod32), outer_r - (int)(15 * mod32));
    int a, b; /* data area: first indicator start .. right indicator end */
    if (si >= 0)
        a = el->lead[si + 7] + el->width[si + 7];
    else
        a = outer_l + (int)(17 * mod32);
    if (pi >= 0)
        b = el->lead[pi];
    else
        b = outer_r - (int)(18 * mod32);
    float cwlen = (float)(b - a) / (float)(cols + 2);
    if (cwlen < 17 * 0.5f * 32.0f * 0.5f)
        return 0;
    int want = r % 3;
    int fwd[MAX_COLS + 2], bwd[MAX_COLS + 2], vals[MAX_COLS + 2];
    /* local codeword width: perspective changes it along the line, so each
     * walk starts from the width of the pattern it starts at */
    float wl = si >= 0 ? (float)(a - el->lead[si]) : cwlen;
    float wr = pi >= 0 ? (float)(el->lead[pi + 8] + el->width[pi + 8] - b) * 17.0f / 18.0f : cwlen;
    float fat[MAX_COLS + 2], flen[MAX_COLS + 2], bat[MAX_COLS + 2], blen[MAX_COLS + 2];
    walk_forward(d, a, wl, si >= 0 ? si + 8 : 0, cols + 2, want, fwd, fat, flen);
    walk_backward(d, b, wr, pi >= 0 ? pi : el->n, cols + 2, want, bwd, bat, blen);
    int got = 0;
    for (int j = 0; j < cols + 2; j++) {
        /* one reading, or two that agree; two that differ say nothing */
        vals[j] = fwd[j] >= 0 && bwd[j] >= 0 && fwd[j] != bwd[j] ? -1
                  : fwd[j] >= 0                                  ? fwd[j]
                                                                 : bwd[j];
        got += vals[j] >= 0;
    }
    if (d->glare && !d->centres) {
        /* a cell neither walk read, placed where a read neighbour ends (or
         * the next one begins): its modules outside a light run may name
         * exactly one codeword. Both anchors must agree when both exist. */
        int fv[MAX_COLS + 2], bv[MAX_COLS + 2];
        for (int j = 0; j < cols + 2; j++) {
            fv[j] = bv[j] = -1;
            if (vals[j] >= 0)
                continue;
            if (j == 0 ? si >= 0 : fwd[j - 1] >= 0)
                fv[j] = read_masked(d, fat[j], flen[j], want);
            if (j == cols + 1 ? pi >= 0 : bwd[j + 1] >= 0)
                bv[j] = read_masked(d, bat[j], blen[j], want);
        }
        for (int j = 0; j < cols + 2; j++) {
            if (vals[j] >= 0 || (fv[j] >= 0 && bv[j] >= 0 && fv[j] != bv[j]))
                continue;
            vals[j] = fv[j] >= 0 ? fv[j] : bv[j];
            got += vals[j] >= 0;
        }
    }
    /* a line whose indicators name another row has drifted: drop it. At
     * about a pixel per module an indicator is misread now and then: there
     * the line stays when its other indicator is right (only the wrong one
     * is left out) */
    int il = indicator_value(r, rows, cols, ecl, 0), ir = indicator_value(r, rows, cols, ecl, 1);
    bool bad_l = vals[0] >= 0 && vals[0] != il, bad_r = vals[cols + 1] >= 0 && vals[cols + 1] != ir;
    if (d->centres && bad_l != bad_r && (vals[0] == il || vals[cols + 1] == ir)) {
        vals[bad_l ? 0 : cols + 1] = -1;
        bad_l = bad_r = false;
    }
    if (bad_l || bad_r)
        return 0;
    for (int j = 0; j < cols + 2; j++)
        if (vals[j] >= 0)
            add_vote(&d->votes[r][j], vals[j]);
    return got;
}

/* Probe one side at parameter s: read the row indicator next to the start
 * (right == 0) or stop pattern. Returns the value and cluster or -1. */
static int probe_side(struct pdf417_decoder *d, const struct img *im, const struct geom *q, float s,
                      int right, int *cluster)
{
    float lx, ly, rx, ry;
    point_at(q, s, 0, &lx, &ly);
    point_at(q, s, 1, &rx, &ry);
    float dx = rx - lx, dy = ry - ly;
    float len = sqrtf(dx * dx + dy * dy);
    if (len < 10)
        return -1;
    float ux = dx / len, uy = dy / len;
    float m = q->mod;
    float step = line_step(m);
    float mod32 = m / step * 32.0f;
    if (!right) {
        sample_segment(d, im, lx - ux * 6 * m, ly - uy * 6 * m, lx + ux * 40 * m, ly + uy * 40 * m,
                       step, 3, 0.4f * m);
        int outer = (int)(6 * mod32);
        int si = find_start(&d->el, outer - (int)(3 * mod32), outer + (int)(3 * mod32));
        if (si < 0)
            return -1;
        return classify_at(d, si + 8, -1, cluster);
    }
    sample_segment(d, im, rx - ux * 42 * m, ry - uy * 42 * m, rx + ux * 6 * m, ry + uy * 6 * m,
                   step, 3, 0.4f * m);
    int outer = (int)(42 * mod32);
    int pi = find_stop(&d->el, outer - (int)(21 * mod32), outer - (int)(15 * mod32));
    if (pi < 8)
        return -1;
    /* the indicator ends where the stop begins: walk back 8 elements */
    return classify_at(d, pi - 8, -1, cluster);
}

/* Majority per cell into d->cw, unread cells (and with strict, contested
 * ones) as erasures, then Reed-Solomon. Returns corrected count or -1. */
static int vote_and_correct(struct pdf417_decoder *d, int rows, int cols, int k, bool strict,
                            int *nerased)
{
    int eras[PDF417_MAX_CW];
    int ne = 0;
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++) {
            const struct vote *v = &d->votes[r][c + 1];
            int best = -1, bn = 0, second = 0;
            for (int t = 0; t < 3; t++) {
                if (v->n[t] > bn) {
                    second = bn;
                    bn = v->n[t];
                    best = t;
                } else if (v->n[t] > second) {
                    second = v->n[t];
                }
            }
            int i = r * cols + c;
            if (best < 0 || (strict && second * 2 >= bn)) {
                d->cw[i] = 0;
                eras[ne++] = i;
            } else {
                d->cw[i] = v->v[best];
            }
        }
    *nerased = ne;
    return pdf417_rs_correct(d->cw, rows * cols, k, eras, ne);
}

/* One candidate's geometry for reading its rows. */
struct rows_job {
    const struct geom *q;
    const struct rowfit *fL, *fR;
    int rows, cols, ec, k, taps;
    float spread;
};

/* Read every row along lines that follow it, in passes, and correct:
 * returns the corrected count or -1; *nerased gets the unread cells. */
static int read_rows(struct pdf417_decoder *d, const struct img *im, const struct rows_job *j,
                     int *nerased)
{
    memset(d->votes, 0, sizeof d->votes);
    /* One line per row first (clean symbols stop there), then two more,
     * then four more, then a vote that erases every contested cell; then
     * the same lines again through an unsharp mask (blur). */
    static const struct {
        int n;
        float off[4];
        bool sharpen, strict;
    } passes[] = {
        {1, {0.0f}, false, false},
        {2, {-0.22f, 0.22f}, false, false},
        {4, {-0.36f, 0.36f, -0.11f, 0.11f}, false, false},
        {0, {0}, false, true},
        {3, {0.0f, -0.22f, 0.22f}, true, false},
        {0, {0}, false, true},
    };
    int fixed = -1, rows = j->rows, k = j->k, first = -1;
    d->stuck = true;
    for (size_t pass = 0; pass < sizeof passes / sizeof passes[0] && fixed < 0; pass++) {
        d->sharpen = passes[pass].sharpen;
        for (int r = 0; r < rows; r++)
            for (int o = 0; o < passes[pass].n; o++)
                read_row_line(d, im, j->q, rowfit_at(j->fL, (float)r + passes[pass].off[o]),
                              rowfit_at(j->fR, (float)r + passes[pass].off[o]), r, rows, j->cols,
                              j->ec, j->taps, j->spread);
        d->sharpen = false;
        fixed = vote_and_correct(d, rows, j->cols, k, passes[pass].strict, nerased);
        if (pass == 0)
            first = *nerased;
        else if (!passes[pass].strict && *nerased < first)
            d->stuck = false;
#ifdef PDF417_DEBUG
        fprintf(stderr, "pass %zu bend %.1f@%.2f erased %d fixed %d\n", pass, d->bend, d->bend_peak,
                *nerased, fixed);
#endif
        /* far more unread cells than correction can fill (k - 2 erasures):
         * more lines over the same rows will not bring it within reach */
        if (pass >= 2 && fixed < 0 && *nerased > 2 * (k - 2) + 8) {
            d->stuck = false;
            break;
        }
    }
    if (fixed >= 0 || j->q->mod < 1.6f)
        d->stuck = false;
    if (fixed < 0 && j->q->mod >= 1.6f) {
        /* glare: cells cut by a light run, from the modules left visible */
        d->glare = true;
        for (int r = 0; r < rows; r++)
            read_row_line(d, im, j->q, rowfit_at(j->fL, (float)r), rowfit_at(j->fR, (float)r), r,
                          rows, j->cols, j->ec, j->taps, j->spread);
        d->glare = false;
        fixed = vote_and_correct(d, rows, j->cols, k, false, nerased);
#ifdef PDF417_DEBUG
        fprintf(stderr, "glare pass erased %d fixed %d\n", *nerased, fixed);
#endif
    }
    return fixed;
}

/* Cells read on a few rows, one line each, with the current bend. */
static int bend_score(struct pdf417_decoder *d, const struct img *im, const struct rows_job *j)
{
    int got = 0, step = j->rows / 6 > 1 ? j->rows / 6 : 1;
    for (int r = step / 2; r < j->rows; r += step)
        got += read_row_line(d, im, j->q, rowfit_at(j->fL, (float)r), rowfit_at(j->fR, (float)r), r,
                             j->rows, j->cols, j->ec, j->taps, j->spread);
    return got;
}

/* A card bent in the hand bows the rows between the boundaries: try bows
 * up to 2.5 rows either way (peak in the middle, then off-centre) on a few
 * rows and keep the one that reads clearly more cells than straight lines.
 * Sets d->bend/bend_peak and returns true when one does. */
static bool find_bend(struct pdf417_decoder *d, const struct img *im, const struct rows_job *j)
{
    if (j->rows < 6 || j->cols < 2 ||
        j->q->mod < 1.6f) /* bends of modules near a pixel: too costly, too rare */
        return false;
    float rowpx = fabsf(rowfit_at(j->fL, 1.0f) - rowfit_at(j->fL, 0.0f)) *
                  hypotf(j->q->blx - j->q->tlx, j->q->bly - j->q->tly);
    d->bend = 0;
    d->bend_peak = 0.5f;
    int base = bend_score(d, im, j), best = base;
    float bb = 0, bp = 0.5f;
    static const float amp[] = {-2.5f, -2.0f, -1.5f, -1.0f, -0.5f, 0.5f, 1.0f, 1.5f, 2.0f, 2.5f};
    for (size_t a = 0; a < sizeof amp / sizeof amp[0]; a++) {
        d->bend = amp[a] * rowpx;
        int sc = bend_score(d, im, j);
        if (sc > best) {
            best = sc;
            bb = d->bend;
        }
    }
    static const float peak[] = {0.3f, 0.7f};
    for (size_t p = 0; bb != 0 && p < sizeof peak / sizeof peak[0]; p++) {
        d->bend = bb;
        d->bend_peak = peak[p];
        int sc = bend_score(d, im, j);
        if (sc > best) {
            best = sc;
            bp = peak[p];
        }
    }
#ifdef PDF417_DEBUG
    fprintf(stderr, "bend: straight %d cells, best %d at %.1f px @%.2f\n", base, best, bb, bp);
#endif
    d->bend = bb;
    d->bend_peak = bp;
    return bb != 0 && best > base + base / 4 + 2;
}

/* Row-indicator votes of one candidate's probes. */
struct probe_votes {
    int rows_hi[30], rows_lo[3], ecls[9], colsv[30];
};

/* Probe lines p = first, first + stride, ... of np across both sides,
 * votes into v and positions into d->probe_*. */
static void probe_rows(struct pdf417_decoder *d, const struct img *im, const struct geom *q, int np,
                       int first, int stride, struct probe_votes *pv)
{
    for (int p = first; p < np; p += stride) {
        float s = -0.25f + 1.5f * (float)p / (float)(np > 1 ? np - 1 : 1);
        for (int side = 0; side < 2; side++) {
            int cl;
            int v = probe_side(d, im, q, s, side, &cl);
            if (v < 0 || d->nprobe[side] >= MAX_PROBES)
                continue;
            int info = v % 30;
            int row = indicator_row(v, cl);
            int kind = side ? (cl + 2) % 3 : cl; /* 0: rows/3, 1: ecl+rows%3, 2: cols */
            if (kind == 0)
                pv->rows_hi[info]++;
            else if (kind == 1) {
                if (info / 3 <= 8) {
                    pv->ecls[info / 3]++;
                    pv->rows_lo[info % 3]++;
                }
            } else
                pv->colsv[info]++;
            int k = d->nprobe[side]++;
            d->probe_s[side][k] = s;
            d->probe_row[side][k] = row;
        }
    }
}

/* The symbol from its probes: dimensions by vote, row positions fitted
 * on both sides, rows read and corrected. 0, KIOSK_ERR_NOT_FOUND (no
 * dimensions or rows) or KIOSK_ERR_INVALID (uncorrectable; *hopeless when
 * far beyond what correction can fill). */
static int decode_probed(struct pdf417_decoder *d, const struct img *im, const struct geom *qp,
                         const struct probe_votes *pv, struct pdf417_result *out, bool *hopeless)
{
    struct geom q = *qp;
    *hopeless = false;
    int rh = argmax(pv->rows_hi, 30), rl = argmax(pv->rows_lo, 3), ec = argmax(pv->ecls, 9),
        cc = argmax(pv->colsv, 30);
    if (rh < 0 || rl < 0 || ec < 0 || cc < 0) {
#ifdef PDF417_DEBUG
        fprintf(stderr, "no indicators: probes %d/%d\n", d->nprobe[0], d->nprobe[1]);
#endif
        return KIOSK_ERR_NOT_FOUND;
    }
    int rows = 3 * rh + rl + 1, cols = cc + 1;
#ifdef PDF417_DEBUG
    fprintf(stderr, "probes %d/%d rows %d cols %d ecl %d mod %.2f\n", d->nprobe[0], d->nprobe[1],
            3 * rh + rl + 1, cc + 1, ec, q.mod);
#endif
    int k = 1 << (ec + 1);
    if (rows < 3 || rows > MAX_ROWS || rows * cols > PDF417_MAX_CW || k >= rows * cols)
        return KIOSK_ERR_NOT_FOUND;
    /* drop probes naming rows that do not exist */
    struct rowfit fL = {0, 0, 0}, fR = {0, 0, 0};
    for (int side = 0; side < 2; side++) {
        int m = 0;
        for (int i = 0; i < d->nprobe[side]; i++)
            if (d->probe_row[side][i] < rows) {
                d->probe_s[side][m] = d->probe_s[side][i];
                d->probe_row[side][m] = d->probe_row[side][i];
                m++;
            }
        d->nprobe[side] = m;
    }
    bool okL = fit_rows(d->probe_s[0], d->probe_row[0], d->nprobe[0], &fL);
    bool okR = fit_rows(d->probe_s[1], d->probe_row[1], d->nprobe[1], &fR);
    if (!okL && !okR)
        return KIOSK_ERR_NOT_FOUND;
    if (!okL) {
        fL = fR;
    }
    if (!okR) {
        fR = fL;
    }
    float rowpx = fabsf(fL.b + fL.c * (float)(rows - 1)) *
                  sqrtf((q.blx - q.tlx) * (q.blx - q.tlx) + (q.bly - q.tly) * (q.bly - q.tly));
    int taps = rowpx >= 6 ? 3 : rowpx >= 4 ? 2 : 1;
    float spread = rowpx / 8.0f;
    int n = rows * cols, nerased = 0;
    struct rows_job job = {&q, &fL, &fR, rows, cols, ec, k, taps, spread};
    d->bend = 0;
    int fixed = read_rows(d, im, &job, &nerased);
    if (fixed < 0 && !d->stuck &&
        find_bend(d, im, &job)) /* a bent card: the same passes along bowed rows */
        fixed = read_rows(d, im, &job, &nerased);
    d->bend = 0;
    if (fixed < 0) {
        *hopeless = nerased > 2 * (k - 2) + 8;
        return KIOSK_ERR_INVALID;
    }
    int len = d->cw[0];
    if (len < 1 || len > n - k)
        return KIOSK_ERR_INVALID;
    memset(out, 0, sizeof *out);
    if (pdf417_decode_highlevel(d->cw, len, out) != 0)
        return KIOSK_ERR_INVALID;
    out->rows = rows;
    out->columns = cols;
    out->ec_level = ec;
    out->corrected = fixed;
    out->erasures = nerased;
    float cx[4] = {q.tlx, q.trx, q.brx, q.blx}, cy[4] = {q.tly, q.try_, q.bry, q.bly};
    for (int c = 0; c < 4; c++) {
        out->corners[c][0] = cx[c];
        out->corners[c][1] = cy[c];
    }
    return 0;
}

static int decode_candidate(struct pdf417_decoder *d, const struct img *im, const struct bline *L,
                            const struct bline *R, struct pdf417_result *out)
{
    struct geom q;
    float ext = 0.0f;
    q.tlx = L->px + L->ux * (L->tmin - ext);
    q.tly = L->py + L->uy * (L->tmin - ext);
    q.blx = L->px + L->ux * (L->tmax + ext);
    q.bly = L->py + L->uy * (L->tmax + ext);
    q.trx = R->px + R->ux * (R->tmin - ext);
    q.try_ = R->py + R->uy * (R->tmin - ext);
    q.brx = R->px + R->ux * (R->tmax + ext);
    q.bry = R->py + R->uy * (R->tmax + ext);
    q.mod = 0.5f * (L->module + R->module);
    float hl = L->tmax - L->tmin, hr = R->tmax - R->tmin;
    float hgt = fmaxf(hl, hr);
    if (hgt < 2.0f)
        hgt = 2.0f;
    /* probe lines from -0.25 to 1.25 of the found extent, ~0.7 module apart */
    int np = (int)(1.5f * hgt / (0.9f * q.mod)) + 1;
    if (np > MAX_PROBES)
        np = MAX_PROBES;
    /* every third probe line first: enough for the dimensions and the row
     * fit of most symbols; the lines between only when that is not */
    struct probe_votes pv;
    memset(&pv, 0, sizeof pv);
    d->nprobe[0] = d->nprobe[1] = 0;
    int stride = np >= 24 ? 3 : 1;
    probe_rows(d, im, &q, np, 0, stride, &pv);
    bool hopeless = false;
    int rc = decode_probed(d, im, &q, &pv, out, &hopeless);
    d->stuck = rc == KIOSK_ERR_INVALID && d->stuck;
    /* dense probes again when the sparse ones gave no dimensions or rows,
     * or the rows read came close (a better row fit may be all it needs) */
    if (rc == 0 || stride == 1 || (rc == KIOSK_ERR_INVALID && (hopeless || d->stuck)))
        return rc;
    /* all lines, afresh: the sparse votes may have named too few rows and
     * dropped probes of the rows beyond */
    memset(&pv, 0, sizeof pv);
    d->nprobe[0] = d->nprobe[1] = 0;
    probe_rows(d, im, &q, np, 0, 1, &pv);
    rc = decode_probed(d, im, &q, &pv, out, &hopeless);
    d->stuck = rc == KIOSK_ERR_INVALID && d->stuck;
    return rc;
}

static void mark_used(struct pdf417_decoder *d, const struct bline *b, int stop)
{
    for (int i = 0; i < d->nhits; i++) {
        struct hit *hh = &d->hits[i];
        float t = (hh->ox - b->px) * b->ux + (hh->oy - b->py) * b->uy;
        float dist = fabsf((hh->ox - b->px) * b->uy - (hh->oy - b->py) * b->ux);
        if (hh->stop == stop && dist < 3.0f && t >= b->tmin - 1 && t <= b->tmax + 1)
            hh->used = 1;
    }
}

/* Start and stop boundaries of one symbol: nearly parallel, the stop ahead
 * of the start by at least a narrow symbol's width, overlapping along. */
static bool boundaries_agree(const struct bline *L, const struct bline *R)
{
    float m = 0.5f * (L->module + R->module);
    bool long_enough = L->tmax - L->tmin > 20 * m && R->tmax - R->tmin > 20 * m;
    if (long_enough && L->ux * R->ux + L->uy * R->uy < 0.5f) /* 60 degrees: perspective */
        return false;
    float ahead = (R->px - L->px) * L->rx + (R->py - L->py) * L->ry;
    if (ahead < 60.0f * m || ahead > 600.0f * m)
        return false;
    /* overlap across the rows: measured along the reading direction of the
     * scans, or along the start boundary (the scans may cross a long thin
     * symbol at a slant; converging boundaries far apart need the former) */
    float ax[2][2] = {{-L->ry, L->rx}, {L->ux, L->uy}};
    for (int k = 0; k < 2; k++) {
        float dx = ax[k][0], dy = ax[k][1];
        float l0 = (L->ux * L->tmin) * dx + (L->uy * L->tmin) * dy;
        float l1 = (L->ux * L->tmax) * dx + (L->uy * L->tmax) * dy;
        float r0 = (R->px + R->ux * R->tmin - L->px) * dx + (R->py + R->uy * R->tmin - L->py) * dy;
        float r1 = (R->px + R->ux * R->tmax - L->px) * dx + (R->py + R->uy * R->tmax - L->py) * dy;
        if (fmaxf(r0, r1) > fminf(l0, l1) && fminf(r0, r1) < fmaxf(l0, l1))
            return true;
    }
    return false;
}

/* Where the line through (x, y) along the reading direction r meets b. */
static float meet(const struct bline *b, float x, float y, float rx, float ry)
{
    float den = b->ux * ry - b->uy * rx;
    if (fabsf(den) < 1e-3f)
        return 0;
    return ((x - b->px) * ry - (y - b->py) * rx) / den;
}

/* Noise or glare can hide much of one boundary's pattern: when one is much
 * shorter, give it the other's ends, carried across the symbol. */
static void match_extents(struct bline *L, struct bline *R)
{
    float hl = L->tmax - L->tmin, hr = R->tmax - R->tmin;
    struct bline *s = hl < hr ? L : R;
    const struct bline *o = hl < hr ? R : L;
    if (fminf(hl, hr) > 0.8f * fmaxf(hl, hr))
        return;
    float t0 = meet(s, o->px + o->ux * o->tmin, o->py + o->uy * o->tmin, o->rx, o->ry);
    float t1 = meet(s, o->px + o->ux * o->tmax, o->py + o->uy * o->tmax, o->rx, o->ry);
    if (t1 - t0 > s->tmax - s->tmin) {
        s->tmin = fminf(t0, t1);
        s->tmax = fmaxf(t0, t1);
    }
}

/* Only one boundary found (the other covered, cut off or lost in noise):
 * read the columns from the row indicators beside it and place the other
 * boundary a symbol's width (17 * columns + 69 modules) away, across. */
static bool synthesize_boundary(struct pdf417_decoder *d, const struct img *im,
                                const struct bline *known, int known_is_stop, struct bline *other)
{
    float nx = -known->uy, ny = known->ux;
    if (nx * known->rx + ny * known->ry < 0) {
        nx = -nx;
        ny = -ny;
    }
    float m = known->module;
    struct bline tmp = *known;
    float shift = (known_is_stop ? -60.0f : 60.0f) * m;
    tmp.px += nx * shift;
    tmp.py += ny * shift;
    const struct bline *L = known_is_stop ? &tmp : known, *R = known_is_stop ? known : &tmp;
    struct geom q = {
        .tlx = L->px + L->ux * L->tmin,
        .tly = L->py + L->uy * L->tmin,
        .blx = L->px + L->ux * L->tmax,
        .bly = L->py + L->uy * L->tmax,
        .trx = R->px + R->ux * R->tmin,
        .try_ = R->py + R->uy * R->tmin,
        .brx = R->px + R->ux * R->tmax,
        .bry = R->py + R->uy * R->tmax,
        .mod = m,
    };
    int votes[30] = {0};
    for (int p = 0; p < 30; p++) {
        int cl;
        int v = probe_side(d, im, &q, -0.1f + 1.2f * (float)p / 29.0f, known_is_stop, &cl);
        /* the columns are in the right indicator of cluster 0 rows and the
         * left indicator of cluster 6 rows */
        if (v >= 0 && cl == (known_is_stop ? 0 : 2))
            votes[v % 30]++;
    }
    int c = argmax(votes, 30);
    if (c < 0 || votes[c] < 2)
        return false;
    float width = (17.0f * (float)(c + 1) + 69.0f) * m;
    *other = *known;
    other->px += nx * (known_is_stop ? -width : width);
    other->py += ny * (known_is_stop ? -width : width);
    return true;
}

/* Is out[n] a symbol already in out[0..n-1]? A boundary broken by damage
 * or a misplaced one can give two candidates for one symbol; two copies of
 * the same data in one frame are reported once either way. */
static bool seen_before(const struct pdf417_result *out, size_t n)
{
    const struct pdf417_result *r = &out[n];
    for (size_t i = 0; i < n; i++)
        if (out[i].length == r->length && memcmp(out[i].data, r->data, r->length) == 0 &&
            out[i].macro.present == r->macro.present &&
            out[i].macro.segment_index == r->macro.segment_index)
            return true;
    return false;
}

/* Is boundary b the one a was (both ends within three modules, parallel
 * within about two degrees)? A fit that moved or grew is a new candidate:
 * later passes add hits that place a boundary better. */
static bool same_line(const struct bline *a, const struct bline *b)
{
    if (a->ux * b->ux + a->uy * b->uy < 0.9994f)
        return false;
    float tol = 3.0f * fmaxf(a->module, 1.0f);
    float ta[2] = {a->tmin, a->tmax}, tb[2] = {b->tmin, b->tmax};
    for (int e = 0; e < 2; e++) {
        float dx = a->px + a->ux * ta[e] - (b->px + b->ux * tb[e]);
        float dy = a->py + a->uy * ta[e] - (b->py + b->uy * tb[e]);
        if (dx * dx + dy * dy > tol * tol)
            return false;
    }
    return true;
}

static bool tried_before(const struct pdf417_decoder *d, const struct bline *L,
                         const struct bline *R, int pass)
{
    for (int i = 0; i < d->ntried; i++)
        if (d->tried[i].pass < pass && same_line(&d->tried[i].L, L) && same_line(&d->tried[i].R, R))
            return true;
    return false;
}

static void remember_tried(struct pdf417_decoder *d, const struct bline *L, const struct bline *R,
                           int pass)
{
    if (d->ntried >= MAX_TRIED)
        return;
    d->tried[d->ntried].L = *L;
    d->tried[d->ntried].R = *R;
    d->tried[d->ntried].pass = pass;
    d->ntried++;
}

int pdf417_decoder_decode(struct pdf417_decoder *d, const uint8_t *gray, int w, int h, int stride,
                          struct pdf417_result *out, size_t max)
{
    if (!d || !gray || !out || w <= 0 || h <= 0 || stride < w)
        return KIOSK_ERR_USAGE;
    if (w > d->max_w || h > d->max_h)
        return KIOSK_ERR_FULL;
    struct img im = {gray, w, h, stride};
    size_t found = 0;
    /* Hits accumulate over the passes, so later ones fit the boundaries on
     * more points. */
    d->nhits = 0;
    int sp = sweep_spacing(w, h), attempts = 0, budget = MAX_ATTEMPTS;
    d->sweep_px = sp;
    /* pass 0: horizontal lines; 1: vertical (most symbols are upright, so
     * a frame is often done after half the sweep); 2: the lines between
     * those, when patterns were seen but nothing read; 3: half resolution */
    bool fitted = false; /* an earlier pass had a candidate with both boundaries */
    d->ntried = 0;
    for (int pass = 0; pass < 4 && found == 0; pass++) {
        if (pass >= 2 && d->nhits < 2 * (pass - 1))
            break;
        /* many hits and not one candidate with both boundaries among them
         * (a lone two-hit "boundary" through texture does not count):
         * texture, and the finer passes would only find more of it */
        if (pass >= 2 && !fitted && d->nhits > 4)
            break;
        d->invert = false; /* the sweep sees both polarities at once */
        sweep(d, gray, w, h, stride, pass == 3 ? 2 : 1, pass == 2 ? 0 : sp / 2,
              pass == 0   ? 1u
              : pass == 1 ? 2u
                          : 3u);
        if (pass == 0 && d->nhits < 2)
            continue; /* nothing to fit yet */
        for (int i = 0; i < d->nhits; i++)
            d->hits[i].used = 0;
#ifdef PDF417_DEBUG
        {
            int ns = 0;
            for (int i = 0; i < d->nhits; i++)
                ns += d->hits[i].stop;
            fprintf(stderr, "hits %d (stop %d)\n", d->nhits, ns);
            if (getenv("PDF417_HITS"))
                for (int i = 0; i < d->nhits; i++)
                    fprintf(stderr, "  %s %.1f,%.1f dir %.2f,%.2f mod %.2f\n",
                            d->hits[i].stop ? "stop" : "start", d->hits[i].ox, d->hits[i].oy,
                            d->hits[i].dx, d->hits[i].dy, d->hits[i].module);
        }
#endif
        for (int cand = 0; cand < MAX_CANDIDATES && found < max; cand++) {
            struct bline Ls, Rs;
            bool haveL = false, haveR = false;
            int inv = 0;
            for (; inv < 2 && !haveL && !haveR; inv++) { /* dark bars first, then light */
                haveL = fit_boundary(d, 0, NULL, inv, NULL, &Ls);
                if (haveL) {
                    /* the stop boundary of this symbol, else any */
                    float dir[2] = {Ls.rx, Ls.ry};
                    haveR = fit_boundary(d, 1, dir, inv, &Ls, &Rs) ||
                            fit_boundary(d, 1, dir, inv, NULL, &Rs);
                } else {
                    haveR = fit_boundary(d, 1, NULL, inv, NULL, &Rs);
                }
            }
            if (!haveL && !haveR)
                break;
            d->invert = inv == 2; /* every line of this candidate read in its polarity */
            /* this candidate's hits are spent whatever happens */
            if (haveL)
                mark_used(d, &Ls, 0);
            if (haveR)
                mark_used(d, &Rs, 1);
#ifdef PDF417_DEBUG
            if (haveL && haveR)
                fprintf(stderr,
                        "L %.1f,%.1f u %.2f,%.2f t %.1f..%.1f n %d | R %.1f,%.1f u %.2f,%.2f t "
                        "%.1f..%.1f n %d agree %d\n",
                        Ls.px, Ls.py, Ls.ux, Ls.uy, Ls.tmin, Ls.tmax, Ls.n, Rs.px, Rs.py, Rs.ux,
                        Rs.uy, Rs.tmin, Rs.tmax, Rs.n, boundaries_agree(&Ls, &Rs));
#endif
            if (haveL && haveR && !boundaries_agree(&Ls, &Rs)) {
                /* one of them is texture: keep the better supported */
                if (Ls.n >= Rs.n)
                    haveR = false;
                else
                    haveL = false;
            }
            if (haveL && haveR)
                match_extents(&Ls, &Rs);
            if (!haveR && !synthesize_boundary(d, &im, &Ls, 0, &Rs))
                continue;
            if (!haveL && !synthesize_boundary(d, &im, &Rs, 1, &Ls))
                continue;
            fitted = true; /* both boundaries: something shaped like a symbol */
            /* an earlier pass decoded this symbol and failed: more hits on
             * the same boundaries do not change the outcome */
            if (tried_before(d, &Ls, &Rs, pass))
                continue;
            remember_tried(d, &Ls, &Rs, pass);
            if (attempts++ >= budget)
                break;
            int rc = decode_candidate(d, &im, &Ls, &Rs, &out[found]);
            /* not when every line over every row, sharpened too, read the
             * same cells and the glare pass could not fill the rest (a
             * stripe of glare): another boundary will not read what is
             * not in the image */
            if (rc != 0 && haveL && haveR && !d->stuck) {
                /* the weaker boundary may be texture after all: place it
                 * from the stronger one's row indicators instead (at most
                 * one retry per attempt, so the work stays bounded) */
                bool ok = Ls.n >= Rs.n ? synthesize_boundary(d, &im, &Ls, 0, &Rs)
                                       : synthesize_boundary(d, &im, &Rs, 1, &Ls);
                if (ok)
                    rc = decode_candidate(d, &im, &Ls, &Rs, &out[found]);
            }
            if (rc == 0 && !seen_before(out, found))
                found++;
            else if (rc == KIOSK_ERR_INVALID && budget > attempts + 2)
                budget = attempts + 2; /* read but uncorrectable: two more tries at most */
        }
    }
    d->invert = false;
    return (int)found;
}

int pdf417_decode_gray(const uint8_t *gray, int w, int h, int stride, struct pdf417_result *out,
                       size_t max)
{
    if (!gray || w <= 0 || h <= 0)
        return KIOSK_ERR_USAGE;
    struct pdf417_decoder *d = pdf417_decoder_create(w, h);
    if (!d)
        return KIOSK_ERR_NOMEM;
    int r = pdf417_decoder_decode(d, gray, w, h, stride, out, max);
    pdf417_decoder_destroy(d);
    return r;
}

int pdf417_decode_codewords(const int *cw, const bool *erased, int rows, int columns, int ec_level,
                            struct pdf417_result *out)
{
    int buf[PDF417_MAX_CW], eras[PDF417_MAX_CW];
    if (!cw || !out || rows < 3 || rows > MAX_ROWS || columns < 1 || columns > MAX_COLS ||
        ec_level < 0 || ec_level > 8)
        return KIOSK_ERR_INVALID;
    int n = rows * columns, k = 1 << (ec_level + 1);
    if (n > PDF417_MAX_CW || k >= n)
        return KIOSK_ERR_INVALID;
    int ne = 0;
    for (int i = 0; i < n; i++) {
        buf[i] = cw[i];
        if (erased && erased[i])
            eras[ne++] = i;
        else if (cw[i] < 0 || cw[i] >= PDF417_GF)
            return KIOSK_ERR_INVALID;
    }
    int fixed = pdf417_rs_correct(buf, n, k, eras, ne);
    if (fixed < 0)
        return KIOSK_ERR_INVALID;
    if (buf[0] < 1 || buf[0] > n - k)
        return KIOSK_ERR_INVALID;
    memset(out, 0, sizeof *out);
    int r = pdf417_decode_highlevel(buf, buf[0], out);
    if (r != 0)
        return r;
    out->rows = rows;
    out->columns = columns;
    out->ec_level = ec_level;
    out->corrected = fixed;
    out->erasures = ne;
    return 0;
}
