/* Keyboard-wedge assembly (see wedge.h). */
#include "drivers/hidkbd/wedge.h"

#include <string.h>

void wedge_config_default(struct wedge_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->gap_ns = 50u * 1000000u;
    cfg->suffix = HIDKBD_SYM_ENTER;
}

void wedge_init(struct wedge *w, const struct wedge_config *cfg)
{
    w->cfg = *cfg;
    if (w->cfg.prefix_len > WEDGE_PREFIX_MAX)
        w->cfg.prefix_len = WEDGE_PREFIX_MAX;
    w->last_ns = 0;
    w->len = 0;
    w->overflow = false;
}

bool wedge_reset(struct wedge *w)
{
    bool had = w->len > 0 || w->overflow;
    w->len = 0;
    w->overflow = false;
    return had;
}

/* Turns the buffer into ev; returns 1, 0 (nothing) or KIOSK_ERR_FULL. */
static int wedge_finish(struct wedge *w, uint64_t t_ns, struct scan_event *ev)
{
    if (w->overflow) {
        wedge_reset(w);
        return KIOSK_ERR_FULL;
    }
    const unsigned char *d = w->buf;
    size_t len = w->len;
    if (w->cfg.prefix_len && len >= w->cfg.prefix_len &&
        memcmp(d, w->cfg.prefix, w->cfg.prefix_len) == 0) {
        d += w->cfg.prefix_len;
        len -= w->cfg.prefix_len;
    }
    ev->aim[0] = '\0';
    if (w->cfg.aim_prefix && len >= 3 && d[0] == ']' && d[1] > 0x20 && d[1] < 0x7f && d[2] > 0x20 &&
        d[2] < 0x7f) {
        ev->aim[0] = (char)d[1];
        ev->aim[1] = (char)d[2];
        ev->aim[2] = '\0';
        d += 3;
        len -= 3;
    }
    w->len = 0;
    if (len == 0)
        return 0;
    memmove(ev->data, d, len);
    ev->length = len;
    ev->symbology = scan_symbology_from_aim(ev->aim);
    ev->t_ns = t_ns;
    return 1;
}

int wedge_poll(struct wedge *w, uint64_t now_ns, struct scan_event *ev)
{
    if ((w->len == 0 && !w->overflow) || !w->cfg.gap_ns || now_ns - w->last_ns < w->cfg.gap_ns)
        return 0;
    return wedge_finish(w, w->last_ns, ev);
}

int wedge_feed(struct wedge *w, int sym, uint64_t t_ns, struct scan_event *ev)
{
    int rc = 0;
    if ((w->len || w->overflow) && w->cfg.gap_ns && t_ns - w->last_ns >= w->cfg.gap_ns)
        rc = wedge_finish(w, w->last_ns, ev);
    w->last_ns = t_ns;
    if (sym == w->cfg.suffix) {
        if (rc != 0)
            return rc; /* the gap already ended it; this suffix ends nothing */
        return wedge_finish(w, t_ns, ev);
    }
    if (sym < 0 || sym > 255)
        sym = 0x0d;
    if (w->len < SCAN_DATA_MAX)
        w->buf[w->len++] = (unsigned char)sym;
    else
        w->overflow = true;
    return rc;
}

uint64_t wedge_deadline(const struct wedge *w)
{
    if ((w->len == 0 && !w->overflow) || !w->cfg.gap_ns)
        return 0;
    return w->last_ns + w->cfg.gap_ns;
}

unsigned wedge_hints(const unsigned char *data, size_t len)
{
    if (len < 8 || data[0] != '@')
        return 0;
    size_t head = len < 32 ? len : 32;
    bool aamva = false;
    for (size_t i = 1; i + 5 <= head; i++)
        if (memcmp(data + i, "ANSI ", 5) == 0 || memcmp(data + i, "AAMVA", 5) == 0)
            aamva = true;
    if (!aamva)
        return 0;
    bool lf = memchr(data, 0x0a, len), rs = memchr(data, 0x1e, len), cr = memchr(data, 0x0d, len);
    unsigned h = WEDGE_HINT_AAMVA;
    if (!lf && !rs && !cr)
        h |= WEDGE_HINT_CONTROLS_LOST;
    if (lf && !cr)
        h |= WEDGE_HINT_CR_AS_LF;
    return h;
}
