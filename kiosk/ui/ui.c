/* The immediate-mode UI core: frame begin/end, draw command buffer, widget
 * identity, pointer and keyboard focus. No SDL, no allocation. */
#include "ui/ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ui_expect_failed(const char *file, int line, const char *what)
{
    /* A fixed capacity was exceeded: a programming error, fail loudly. */
    fprintf(stderr, "booking-kiosk: %s:%d: capacity exceeded (%s)\n", file, line, what);
    abort();
}

void ui_init(struct ui_ctx *ctx, ui_text_width_fn tw, ui_text_height_fn th, void *user, int w,
             int h, float scale)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->text_width = tw;
    ctx->text_height = th;
    ctx->measure_user = user;
    ctx->width = w;
    ctx->height = h;
    ctx->scale = scale > 0 ? scale : 1.0f;
}

static int order_index(const uint32_t *order, int n, uint32_t id)
{
    for (int i = 0; i < n; i++)
        if (order[i] == id)
            return i;
    return -1;
}

void ui_begin(struct ui_ctx *ctx, const struct ui_input *in)
{
    if (in)
        ctx->in = *in;
    else
        memset(&ctx->in, 0, sizeof ctx->in);
    ctx->cmd_n = 0;
    ctx->text_n = 0;
    ctx->order_n = 0;
    ctx->hit_n = 0;
    ctx->clicked = 0;
    ctx->key_consumed = false;
    ctx->text_consumed = false;
    ctx->focus_text = NULL;
    ctx->focus_text_cap = 0;
    ctx->focus_allow = NULL;
    ctx->focus_upper = false;
    ctx->focus_text_seen = false;
    ctx->field_pressed = false;
    ctx->fields_prev = ctx->fields_n;
    ctx->fields_n = 0;
    ctx->keyboards_prev = ctx->keyboards_n;
    ctx->keyboards_n = 0;
    ctx->text_refused[0] = 0;
    ctx->osk_n = 0;
    ctx->osk_typed = false;
    ctx->widget_n = 0;
    if (ctx->in.press)
        ctx->pointer_down = true;

    /* On-screen keys of the previous frame: a tap (down and up on the same
     * key) becomes this frame's typed text or key. */
    if (ctx->in.press) {
        ctx->osk_down = 0;
        for (int i = 0; i < ctx->osk_prev_n; i++)
            if (ui_inside(ctx, ctx->osk_prev[i].r))
                ctx->osk_down = i + 1;
    } else if (ctx->in.release && ctx->osk_down) {
        const struct ui_osk_key *k = &ctx->osk_prev[ctx->osk_down - 1];
        if (ui_inside(ctx, k->r)) {
            if (k->key != UI_KEY_NONE)
                ctx->in.key = k->key;
            else
                ui_strlcpy(ctx->in.text, k->text, sizeof ctx->in.text);
            ctx->osk_typed = true;
        }
    }

    /* Tab / Shift-Tab move along the previous frame's focus order. */
    if ((ctx->in.key == UI_KEY_TAB || ctx->in.key == UI_KEY_BACKTAB) && ctx->order_prev_n > 0) {
        int n = ctx->order_prev_n;
        int i = order_index(ctx->order_prev, n, ctx->focus);
        if (ctx->in.key == UI_KEY_TAB)
            i = i < 0 ? 0 : (i + 1) % n;
        else
            i = i < 0 ? n - 1 : (i + n - 1) % n;
        ctx->focus = ctx->order_prev[i];
        ctx->key_consumed = true;
    }
}

void ui_end(struct ui_ctx *ctx)
{
    memcpy(ctx->order_prev, ctx->order, sizeof(uint32_t) * (size_t)ctx->order_n);
    ctx->order_prev_n = ctx->order_n;
    if (ctx->focus && !ctx->focus_fresh && order_index(ctx->order, ctx->order_n, ctx->focus) < 0)
        ctx->focus = 0; /* the focused widget is gone */
    ctx->focus_fresh = false;
    memcpy(ctx->osk_prev, ctx->osk, sizeof ctx->osk[0] * (size_t)ctx->osk_n);
    ctx->osk_prev_n = ctx->osk_n;
    if (ctx->in.release) {
        ctx->active = 0;
        ctx->pointer_down = false;
        ctx->osk_down = 0;
    }
}

bool ui_osk_key(struct ui_ctx *ctx, struct ui_rect r, const char *label, const char *text,
                enum ui_key key, bool live)
{
    (void)label;
    if (!live)
        return false;
    ui_expect(ctx->osk_n < UI_OSK_MAX);
    struct ui_osk_key *k = &ctx->osk[ctx->osk_n++];
    k->r = r;
    k->key = key;
    ui_strlcpy(k->text, text, sizeof k->text);
    /* Held down: the pointer went down on the key at this place last frame. */
    return ctx->pointer_down && ctx->osk_down &&
           memcmp(&ctx->osk_prev[ctx->osk_down - 1].r, &r, sizeof r) == 0 && ui_inside(ctx, r);
}

static uint32_t arena_copy(struct ui_ctx *ctx, const char *s, size_t len)
{
    ui_expect(ctx->text_n + len <= UI_TEXT_ARENA);
    memcpy(ctx->text + ctx->text_n, s, len);
    uint32_t off = (uint32_t)ctx->text_n;
    ctx->text_n += len;
    return off;
}

int ui_widget_begin(struct ui_ctx *ctx, enum ui_wkind kind, uint32_t id, struct ui_rect r,
                    const char *text, bool enabled)
{
    if (ctx->widget_n >= UI_WIDGET_MAX)
        return -1;
    struct ui_widget *w = &ctx->widgets[ctx->widget_n];
    memset(w, 0, sizeof *w);
    w->id = id;
    w->kind = kind;
    w->r = r;
    w->enabled = enabled;
    w->text_len = (uint32_t)strlen(text ? text : "");
    w->text_off = arena_copy(ctx, text ? text : "", w->text_len);
    w->cmd_first = ctx->cmd_n;
    w->cmd_end = ctx->cmd_n;
    return ctx->widget_n++;
}

void ui_widget_end(struct ui_ctx *ctx, int idx)
{
    if (idx >= 0)
        ctx->widgets[idx].cmd_end = ctx->cmd_n;
}

void ui_widget_value(struct ui_ctx *ctx, int idx, const char *value)
{
    if (idx < 0)
        return;
    struct ui_widget *w = &ctx->widgets[idx];
    w->value_len = (uint32_t)strlen(value);
    w->value_off = arena_copy(ctx, value, w->value_len);
    w->has_value = true;
}

void ui_widget_clipped(struct ui_ctx *ctx, int idx, bool clipped)
{
    if (idx >= 0)
        ctx->widgets[idx].clipped = clipped;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ULL;
    }
    return h;
}

uint64_t ui_frame_hash(const struct ui_ctx *ctx)
{
    uint64_t h = 1469598103934665603ULL;
    for (int i = 0; i < ctx->cmd_n; i++) {
        const struct ui_cmd *c = &ctx->cmds[i];
        uint32_t v[10] = {(uint32_t)c->kind,
                          (uint32_t)c->rect.x,
                          (uint32_t)c->rect.y,
                          (uint32_t)c->rect.w,
                          (uint32_t)c->rect.h,
                          (uint32_t)c->color.r | (uint32_t)c->color.g << 8 |
                              (uint32_t)c->color.b << 16 | (uint32_t)c->color.a << 24,
                          (uint32_t)c->font,
                          (uint32_t)c->thick,
                          c->text_len,
                          0};
        h = fnv(h, v, sizeof v);
        if (c->kind == UI_CMD_TEXT)
            h = fnv(h, ctx->text + c->text_off, c->text_len);
    }
    return h;
}

uint32_t ui_id(struct ui_ctx *ctx, const char *label, int n)
{
    uint32_t h = 2166136261u ^ ctx->id_seed;
    for (const unsigned char *p = (const unsigned char *)label; *p; p++) {
        h ^= *p;
        h *= 16777619u;
    }
    h ^= (uint32_t)n * 2654435761u;
    h *= 16777619u;
    return h ? h : 1;
}

static struct ui_cmd *push(struct ui_ctx *ctx, enum ui_cmd_kind k)
{
    ui_expect(ctx->cmd_n < UI_CMD_MAX);
    struct ui_cmd *c = &ctx->cmds[ctx->cmd_n++];
    memset(c, 0, sizeof *c);
    c->kind = k;
    return c;
}

void ui_fill(struct ui_ctx *ctx, struct ui_rect r, struct ui_color c)
{
    struct ui_cmd *cmd = push(ctx, UI_CMD_FILL);
    cmd->rect = r;
    cmd->color = c;
}

void ui_frame(struct ui_ctx *ctx, struct ui_rect r, struct ui_color c, int thick)
{
    struct ui_cmd *cmd = push(ctx, UI_CMD_FRAME);
    cmd->rect = r;
    cmd->color = c;
    cmd->thick = thick < 1 ? 1 : thick;
}

void ui_line(struct ui_ctx *ctx, int x0, int y0, int x1, int y1, struct ui_color c, int thick)
{
    struct ui_cmd *cmd = push(ctx, UI_CMD_LINE);
    cmd->rect = ui_rect(x0, y0, x1 - x0, y1 - y0);
    cmd->color = c;
    cmd->thick = thick < 1 ? 1 : thick;
}

void ui_textn(struct ui_ctx *ctx, int x, int y, enum ui_font f, struct ui_color c, const char *s,
              size_t len)
{
    if (len == 0)
        return;
    ui_expect(ctx->text_n + len <= UI_TEXT_ARENA);
    struct ui_cmd *cmd = push(ctx, UI_CMD_TEXT);
    memcpy(ctx->text + ctx->text_n, s, len);
    cmd->rect = ui_rect(x, y, 0, 0);
    cmd->color = c;
    cmd->font = f;
    cmd->text_off = (uint32_t)ctx->text_n;
    cmd->text_len = (uint32_t)len;
    ctx->text_n += len;
}

void ui_text(struct ui_ctx *ctx, int x, int y, enum ui_font f, struct ui_color c, const char *s)
{
    ui_textn(ctx, x, y, f, c, s, strlen(s));
}

void ui_clip(struct ui_ctx *ctx, struct ui_rect r)
{
    push(ctx, UI_CMD_CLIP)->rect = r;
}

void ui_unclip(struct ui_ctx *ctx)
{
    push(ctx, UI_CMD_CLIP);
}

int ui_text_w(struct ui_ctx *ctx, enum ui_font f, const char *s)
{
    return ctx->text_width(ctx->measure_user, f, s, strlen(s));
}

int ui_font_h(struct ui_ctx *ctx, enum ui_font f)
{
    return ctx->text_height(ctx->measure_user, f);
}

int ui_px(const struct ui_ctx *ctx, int n)
{
    int v = (int)((float)n * ctx->scale + 0.5f);
    return v < 1 ? 1 : v;
}

bool ui_inside(const struct ui_ctx *ctx, struct ui_rect r)
{
    return ctx->in.x >= r.x && ctx->in.y >= r.y && ctx->in.x < r.x + r.w && ctx->in.y < r.y + r.h;
}

bool ui_focusable(struct ui_ctx *ctx, uint32_t id)
{
    ui_expect(ctx->order_n < UI_FOCUS_MAX);
    ctx->order[ctx->order_n++] = id;
    return ctx->focus == id;
}

bool ui_interact(struct ui_ctx *ctx, uint32_t id, struct ui_rect r, bool focusable)
{
    bool hit = false;
    if (ctx->hit_n < UI_HIT_MAX) {
        ctx->hit_ids[ctx->hit_n] = id;
        ctx->hit_rects[ctx->hit_n++] = r;
    }
    if (focusable)
        ui_focusable(ctx, id);
    /* An on-screen key under the finger wins: a widget drawn under the keys
     * is never pressed by a key tap. */
    if (ctx->in.press && ui_inside(ctx, r) && !ctx->osk_down) {
        ctx->active = id;
        if (focusable)
            ctx->focus = id;
    }
    if (ctx->in.release && ctx->active == id && ui_inside(ctx, r))
        hit = true;
    if (focusable && ctx->focus == id && ctx->in.key == UI_KEY_ENTER && !ctx->key_consumed) {
        ctx->key_consumed = true;
        hit = true;
    }
    if (hit)
        ctx->clicked = id;
    return hit;
}

bool ui_find(const struct ui_ctx *ctx, uint32_t id, struct ui_rect *out)
{
    for (int i = 0; i < ctx->hit_n; i++)
        if (ctx->hit_ids[i] == id) {
            *out = ctx->hit_rects[i];
            return true;
        }
    return false;
}

void ui_set_focus(struct ui_ctx *ctx, uint32_t id)
{
    ctx->focus = id;
    ctx->focus_fresh = true;
}

bool ui_key(struct ui_ctx *ctx, enum ui_key k)
{
    if (ctx->in.key != k || ctx->key_consumed)
        return false;
    ctx->key_consumed = true;
    return true;
}

struct ui_rect ui_rect(int x, int y, int w, int h)
{
    struct ui_rect r = {x, y, w, h};
    return r;
}

struct ui_rect ui_inset(struct ui_rect r, int d)
{
    return ui_rect(r.x + d, r.y + d, r.w - 2 * d, r.h - 2 * d);
}

struct ui_rect ui_cut_top(struct ui_rect *r, int h)
{
    struct ui_rect t = ui_rect(r->x, r->y, r->w, h);
    r->y += h;
    r->h -= h;
    return t;
}

struct ui_rect ui_cut_bottom(struct ui_rect *r, int h)
{
    r->h -= h;
    return ui_rect(r->x, r->y + r->h, r->w, h);
}

struct ui_rect ui_cut_left(struct ui_rect *r, int w)
{
    struct ui_rect t = ui_rect(r->x, r->y, w, r->h);
    r->x += w;
    r->w -= w;
    return t;
}

struct ui_rect ui_cut_right(struct ui_rect *r, int w)
{
    r->w -= w;
    return ui_rect(r->x + r->w, r->y, w, r->h);
}

char *ui_strlcpy(char *dst, const char *src, size_t cap)
{
    if (cap == 0)
        return dst;
    size_t n = strlen(src);
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
    return dst;
}
