/* Label widgets: one line, word-wrapped paragraphs, and the status badge
 * (colour + icon + words, never colour alone). */
#include "ui/widgets.h"

#include <string.h>

void w_label(struct ui_ctx *ctx, int x, int y, enum ui_font f, struct ui_color c, const char *s)
{
    ui_text(ctx, x, y, f, c, s);
}

int w_label_wrap(struct ui_ctx *ctx, struct ui_rect r, enum ui_font f, struct ui_color c,
                 const char *s)
{
    int lh = ui_font_h(ctx, f);
    int y = r.y;
    const char *p = s;
    while (*p) {
        if (*p == '\n') {
            y += lh;
            p++;
            continue;
        }
        /* Take words while they fit. */
        const char *line_end = p, *q = p;
        while (*q && *q != '\n') {
            const char *w = q;
            while (*w == ' ')
                w++;
            while (*w && *w != ' ' && *w != '\n')
                w++;
            if (ctx->text_width(ctx->measure_user, f, p, (size_t)(w - p)) > r.w && line_end != p)
                break;
            line_end = w;
            q = w;
            if (ctx->text_width(ctx->measure_user, f, p, (size_t)(w - p)) > r.w)
                break; /* one word longer than the line: let the clip cut it */
        }
        if (y + lh <= r.y + r.h || r.h <= 0)
            ui_textn(ctx, r.x, y, f, c, p, (size_t)(line_end - p));
        y += lh;
        p = line_end;
        while (*p == ' ')
            p++;
        if (*p == '\n')
            p++;
    }
    return y - r.y;
}

int w_status(struct ui_ctx *ctx, int x, int y, enum ui_font f, enum theme_status s,
             const char *words)
{
    const char *icon = theme_status_icon(s);
    int pad = ui_px(ctx, 8);
    int iw = ui_text_w(ctx, f, icon);
    int tw = ui_text_w(ctx, f, words);
    int h = ui_font_h(ctx, f) + pad;
    int w = pad + iw + pad + tw + pad;
    ui_fill(ctx, ui_rect(x, y, w, h), theme_status_bg(s));
    ui_text(ctx, x + pad, y + pad / 2, f, theme_status_fg(s), icon);
    ui_text(ctx, x + pad + iw + pad, y + pad / 2, f, theme_status_fg(s), words);
    return w;
}

int w_message_h(struct ui_ctx *ctx)
{
    return 2 * ui_font_h(ctx, UI_FONT_BOLD) + ui_px(ctx, 12);
}

void w_message(struct ui_ctx *ctx, struct ui_rect r, enum theme_status s, const char *words)
{
    if (!words || !words[0])
        return;
    const char *icon = theme_status_icon(s);
    int pad = ui_px(ctx, 6);
    ui_fill(ctx, r, theme_status_bg(s));
    int iw = ui_text_w(ctx, UI_FONT_BOLD, icon);
    ui_text(ctx, r.x + pad, r.y + pad, UI_FONT_BOLD, theme_status_fg(s), icon);
    w_label_wrap(ctx, ui_rect(r.x + 2 * pad + iw, r.y + pad, r.w - 3 * pad - iw, r.h - pad),
                 UI_FONT_BOLD, theme_status_fg(s), words);
}
