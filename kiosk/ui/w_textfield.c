/* Text field widget: a labelled, high-contrast entry box bound to a
 * caller-owned buffer, with an inline validation message under it. Typing
 * comes from a physical keyboard (text input events) or the on-screen
 * keyboard, which writes into whichever field holds focus. */
#include "ui/widgets.h"

#include "core/iaq.h"

#include <string.h>

#define AUTOMATION_MASK_MAX 16

static bool allowed(const char *allow, unsigned char c)
{
    if (c < 0x20 || c >= 0x7f)
        return false; /* ASCII only: w_text_insert transliterated the rest */
    return allow == NULL || strchr(allow, c) != NULL;
}

bool w_text_insert_checked(char *buf, size_t cap, const char *allow, bool upper, const char *text,
                           char *refused, size_t refused_len)
{
    /* Accented letters, from a physical keyboard or pasted, become their
     * ASCII form by the core's rule (iaq_translit), never vanish. */
    char ascii[4 * UI_INPUT_TEXT_MAX];
    iaq_translit(text, ascii, sizeof ascii, refused, refused_len);
    bool changed = false;
    size_t n = strlen(buf);
    for (const unsigned char *p = (const unsigned char *)ascii; *p; p++) {
        unsigned char c = *p;
        if (upper && c >= 'a' && c <= 'z')
            c = (unsigned char)(c - 'a' + 'A');
        if (!allowed(allow, c) || n + 1 >= cap)
            continue;
        buf[n++] = (char)c;
        buf[n] = '\0';
        changed = true;
    }
    return changed;
}

bool w_text_insert(char *buf, size_t cap, const char *allow, bool upper, const char *text)
{
    return w_text_insert_checked(buf, cap, allow, upper, text, NULL, 0);
}

bool w_text_backspace(char *buf)
{
    size_t n = strlen(buf);
    if (n == 0)
        return false;
    buf[n - 1] = '\0';
    return true;
}

int w_textfield_h(struct ui_ctx *ctx)
{
    return ui_font_h(ctx, UI_FONT_SMALL) * 2 + theme_row_h(ctx) + ui_px(ctx, 6);
}

bool w_textfield(struct ui_ctx *ctx, struct ui_rect r, const struct w_field *f)
{
    const struct theme *t = theme_get();
    uint32_t id = ui_id(ctx, f->label, 0x7e47);
    int sh = ui_font_h(ctx, UI_FONT_SMALL);
    struct ui_rect box = ui_rect(r.x, r.y + sh + ui_px(ctx, 2), r.w, theme_row_h(ctx));
    bool enter = false;

    int wi = ui_widget_begin(ctx, UI_W_FIELD, id, box, f->label, true);
    ctx->fields_n++;
    if (ctx->in.press && ui_inside(ctx, box))
        ctx->field_pressed = true;
    bool hit = ui_interact(ctx, id, box, true);
    bool focused = ctx->focus == id;
    if (focused) {
        if (ctx->in.text[0] && !ctx->text_consumed) {
            w_text_insert_checked(f->buf, f->cap, f->allow, f->upper, ctx->in.text,
                                  ctx->text_refused, sizeof ctx->text_refused);
            ctx->text_consumed = true;
        }
        if (ctx->in.key == UI_KEY_BACKSPACE && !ctx->key_consumed) {
            w_text_backspace(f->buf);
            ctx->key_consumed = true;
        }
        enter = hit && ctx->in.key == UI_KEY_ENTER; /* ui_interact took the Enter */
        ctx->focus_text = f->buf;
        ctx->focus_text_cap = f->cap;
        ctx->focus_allow = f->allow;
        ctx->focus_upper = f->upper;
        ctx->focus_text_seen = true;
    }

    ui_text(ctx, r.x, r.y, UI_FONT_SMALL, t->text_dim, f->label);
    ui_fill(ctx, box, t->field);
    ui_frame(ctx, box, focused ? t->focus : t->border, focused ? ui_px(ctx, 4) : 1);
    int fh = ui_font_h(ctx, UI_FONT_BODY);
    int tx = box.x + ui_px(ctx, 10), ty = box.y + (box.h - fh) / 2;
    ui_clip(ctx, ui_inset(box, 2));
    int tw = 0;
    if (f->masked) {
        static const char dots[] = "\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2"
                                   "\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2"
                                   "\xe2\x80\xa2\xe2\x80\xa2";
        size_t n = strlen(f->buf);
        if (n > 12)
            n = 12;
        ui_textn(ctx, tx, ty, UI_FONT_BODY, t->field_text, dots, n * 3);
        tw = n ? ctx->text_width(ctx->measure_user, UI_FONT_BODY, dots, n * 3) : 0;
    } else if (f->buf[0]) {
        tw = ui_text_w(ctx, UI_FONT_BODY, f->buf);
        int shift = tw > box.w - ui_px(ctx, 24) ? tw - (box.w - ui_px(ctx, 24)) : 0;
        ui_text(ctx, tx - shift, ty, UI_FONT_BODY, t->field_text, f->buf);
        tw -= shift;
    } else if (f->hint && !focused) {
        ui_text(ctx, tx, ty, UI_FONT_BODY, t->border, f->hint);
    }
    if (focused)
        ui_fill(ctx, ui_rect(tx + tw + 1, ty, ui_px(ctx, 3), fh), t->field_text);
    ui_unclip(ctx);
    if (f->error && f->error[0]) {
        int y = box.y + box.h + ui_px(ctx, 2);
        const char *icon = theme_status_icon(THEME_WARN);
        ui_text(ctx, r.x, y, UI_FONT_SMALL, t->warn, icon);
        ui_text(ctx, r.x + ui_text_w(ctx, UI_FONT_SMALL, icon) + ui_px(ctx, 6), y, UI_FONT_SMALL,
                t->warn, f->error);
    }
    /* The tree gets the value (a PIN only as its length in dots). */
    if (f->masked) {
        char dots[AUTOMATION_MASK_MAX + 1];
        size_t n = strlen(f->buf);
        if (n > AUTOMATION_MASK_MAX)
            n = AUTOMATION_MASK_MAX;
        memset(dots, '*', n);
        dots[n] = 0;
        ui_widget_value(ctx, wi, dots);
    } else {
        ui_widget_value(ctx, wi, f->buf);
    }
    ui_widget_end(ctx, wi);
    return enter;
}
