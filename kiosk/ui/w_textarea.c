/* Multi-line text field: like the text field (label, box, message line,
 * on-screen keyboard target) but Enter, from a physical keyboard or the
 * on-screen keys, is a new line, and pasted line breaks are kept, so a
 * response is recorded exactly as it came. The text wraps at the box's
 * width; the last lines (where the caret is) stay in view. */
#include "ui/widgets.h"

#include <string.h>

#define TEXTAREA_LINES_MAX 128

int w_textarea_h(struct ui_ctx *ctx, int lines)
{
    return ui_font_h(ctx, UI_FONT_SMALL) * 2 + lines * ui_font_h(ctx, UI_FONT_MONO) +
           ui_px(ctx, 20);
}

/* Appends text, keeping line breaks (other control bytes are dropped by
 * w_text_insert). */
static void insert(char *buf, size_t cap, const char *text, char *refused, size_t refused_len)
{
    char piece[UI_INPUT_TEXT_MAX];
    if (!text[0])
        return;
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n >= sizeof piece)
            n = sizeof piece - 1;
        memcpy(piece, p, n);
        piece[n] = 0;
        w_text_insert_checked(buf, cap, NULL, false, piece, refused, refused_len);
        p += n;
        if (*p == '\n') {
            size_t len = strlen(buf);
            if (len + 1 < cap) {
                buf[len] = '\n';
                buf[len + 1] = 0;
            }
            p++;
        }
    }
}

bool w_textarea(struct ui_ctx *ctx, struct ui_rect r, const struct w_field *f, int lines)
{
    const struct theme *t = theme_get();
    uint32_t id = ui_id(ctx, f->label, 0x7e47);
    int sh = ui_font_h(ctx, UI_FONT_SMALL);
    int lh = ui_font_h(ctx, UI_FONT_MONO);
    struct ui_rect box = ui_rect(r.x, r.y + sh + ui_px(ctx, 2), r.w, lines * lh + ui_px(ctx, 16));
    int wi = ui_widget_begin(ctx, UI_W_FIELD, id, box, f->label, true);
    ctx->fields_n++;
    if (ctx->in.press && ui_inside(ctx, box))
        ctx->field_pressed = true;
    bool changed = false;
    if (ctx->focus == id) {
        /* Enter is a new line here: take it before ui_interact sees it. */
        if (ctx->in.key == UI_KEY_ENTER && !ctx->key_consumed) {
            insert(f->buf, f->cap, "\n", NULL, 0);
            ctx->key_consumed = true;
            changed = true;
        }
    }
    ui_interact(ctx, id, box, true);
    bool focused = ctx->focus == id;
    if (focused) {
        if (ctx->in.text[0] && !ctx->text_consumed) {
            insert(f->buf, f->cap, ctx->in.text, ctx->text_refused, sizeof ctx->text_refused);
            ctx->text_consumed = true;
            changed = true;
        }
        if (ctx->in.key == UI_KEY_BACKSPACE && !ctx->key_consumed) {
            changed = w_text_backspace(f->buf) || changed;
            ctx->key_consumed = true;
        }
        ctx->focus_text = f->buf;
        ctx->focus_text_cap = f->cap;
        ctx->focus_allow = NULL;
        ctx->focus_upper = false;
        ctx->focus_text_seen = true;
    }

    ui_text(ctx, r.x, r.y, UI_FONT_SMALL, t->text_dim, f->label);
    ui_fill(ctx, box, t->field);
    ui_frame(ctx, box, focused ? t->focus : t->border, focused ? ui_px(ctx, 4) : 1);
    /* Wrap into display lines (start, length); the text is ASCII in a
     * monospaced font, so a line holds a fixed number of characters. */
    int inner = box.w - ui_px(ctx, 24);
    int cw = ctx->text_width(ctx->measure_user, UI_FONT_MONO, "M", 1);
    size_t per = cw > 0 && inner / cw > 0 ? (size_t)(inner / cw) : 1;
    const char *starts[TEXTAREA_LINES_MAX];
    size_t lens[TEXTAREA_LINES_MAX];
    int n = 0;
    const char *p = f->buf;
    for (;;) {
        const char *hard = strchr(p, '\n');
        const char *end = hard ? hard : p + strlen(p);
        do {
            size_t len = (size_t)(end - p), take = len, skip = 0;
            if (len > per) {
                take = per;
                for (size_t k = per; k > 0; k--)
                    if (p[k] == ' ') { /* break at the last blank that fits */
                        take = k;
                        skip = 1;
                        break;
                    }
            }
            if (n == TEXTAREA_LINES_MAX) { /* keep the last lines */
                memmove(starts, starts + 1, sizeof starts[0] * (TEXTAREA_LINES_MAX - 1));
                memmove(lens, lens + 1, sizeof lens[0] * (TEXTAREA_LINES_MAX - 1));
                n--;
            }
            starts[n] = p;
            lens[n++] = take;
            p += take + skip;
        } while (p < end);
        if (!hard)
            break;
        p = hard + 1;
    }
    int first = n > lines ? n - lines : 0;
    int tx = box.x + ui_px(ctx, 10), ty = box.y + ui_px(ctx, 8);
    ui_clip(ctx, ui_inset(box, 2));
    if (!f->buf[0] && f->hint && !focused)
        ui_text(ctx, tx, ty, UI_FONT_BODY, t->border, f->hint);
    for (int i = first; i < n; i++)
        ui_textn(ctx, tx, ty + (i - first) * lh, UI_FONT_MONO, t->field_text, starts[i], lens[i]);
    if (focused) {
        int last = n - 1 - first;
        int caret = (int)lens[n - 1] * cw;
        ui_fill(ctx, ui_rect(tx + caret + 1, ty + last * lh, ui_px(ctx, 3), lh), t->field_text);
    }
    ui_unclip(ctx);
    if (f->error && f->error[0])
        ui_text(ctx, r.x, box.y + box.h + ui_px(ctx, 2), UI_FONT_SMALL, t->warn, f->error);
    ui_widget_value(ctx, wi, f->buf);
    ui_widget_end(ctx, wi);
    return changed;
}
