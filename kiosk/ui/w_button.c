/* Button widget: a filled rectangle with a centred label, a visible focus
 * ring, pressed feedback, and touch targets of at least 48 px. */
#include "ui/widgets.h"

#include <stdio.h>

static bool button(struct ui_ctx *ctx, struct ui_rect r, const char *label, int n,
                   enum w_style style, bool focusable)
{
    const struct theme *t = theme_get();
    uint32_t id = ui_id(ctx, label, n);
    bool hit = false;
    int wi = ui_widget_begin(ctx, UI_W_BUTTON, id, r, label, style != W_DISABLED);
    if (style != W_DISABLED)
        hit = ui_interact(ctx, id, r, focusable);
    struct ui_color bg = t->button, fg = t->button_text;
    switch (style) {
    case W_PRIMARY:
        bg = t->primary;
        fg = t->primary_text;
        break;
    case W_DANGER:
        bg = t->bad;
        fg = t->bad_text;
        break;
    case W_OK:
        bg = t->ok;
        fg = t->ok_text;
        break;
    case W_DISABLED:
        bg = t->disabled;
        fg = t->disabled_text;
        break;
    case W_NORMAL:
        break;
    }
    if (ctx->active == id && ctx->pointer_down && ui_inside(ctx, r))
        bg = t->panel_hi;
    ui_fill(ctx, r, bg);
    ui_frame(ctx, r, t->border, 1);
    if (style != W_DISABLED && ctx->focus == id)
        ui_frame(ctx, ui_inset(r, -ui_px(ctx, 4)), t->focus, ui_px(ctx, 4));
    enum ui_font f = r.h >= theme_primary_h(ctx) ? UI_FONT_LARGE : UI_FONT_BOLD;
    int tw = ui_text_w(ctx, f, label);
    if (tw > r.w - ui_px(ctx, 8) && f == UI_FONT_LARGE) {
        f = UI_FONT_BOLD;
        tw = ui_text_w(ctx, f, label);
    }
    if (tw > r.w - ui_px(ctx, 8) && f == UI_FONT_BOLD) {
        f = UI_FONT_SMALL;
        tw = ui_text_w(ctx, f, label);
    }
    int th = ui_font_h(ctx, f);
    ui_clip(ctx, r);
    ui_text(ctx, r.x + (r.w - tw) / 2, r.y + (r.h - th) / 2, f, fg, label);
    ui_unclip(ctx);
    ui_widget_clipped(ctx, wi, tw > r.w || th > r.h);
    ui_widget_end(ctx, wi);
    return hit;
}

bool w_button_n(struct ui_ctx *ctx, struct ui_rect r, const char *label, int n, enum w_style style)
{
    return button(ctx, r, label, n, style, true);
}

bool w_button_nofocus(struct ui_ctx *ctx, struct ui_rect r, const char *label, enum w_style style)
{
    return button(ctx, r, label, 0, style, false);
}

bool w_button(struct ui_ctx *ctx, struct ui_rect r, const char *label, enum w_style style)
{
    return w_button_n(ctx, r, label, 0, style);
}

bool w_toggle(struct ui_ctx *ctx, struct ui_rect r, const char *label, bool *on)
{
    const struct theme *t = theme_get();
    uint32_t id = ui_id(ctx, label, 0x7099);
    int wi = ui_widget_begin(ctx, UI_W_TOGGLE, id, r, label, true);
    bool hit = ui_interact(ctx, id, r, true);
    if (hit)
        *on = !*on;
    ui_fill(ctx, r, *on ? t->ok : t->button);
    ui_frame(ctx, r, t->border, 1);
    if (ctx->focus == id)
        ui_frame(ctx, ui_inset(r, -ui_px(ctx, 4)), t->focus, ui_px(ctx, 4));
    char text[160];
    snprintf(text, sizeof text, "%s %s", *on ? "\xe2\x9c\x94" : "\xe2\x9c\x96", *on ? "On" : "Off");
    int tw = ui_text_w(ctx, UI_FONT_BOLD, text);
    ui_text(ctx, r.x + (r.w - tw) / 2, r.y + (r.h - ui_font_h(ctx, UI_FONT_BOLD)) / 2, UI_FONT_BOLD,
            *on ? t->ok_text : t->button_text, text);
    ui_widget_value(ctx, wi, *on ? "on" : "off");
    ui_widget_end(ctx, wi);
    return hit;
}
