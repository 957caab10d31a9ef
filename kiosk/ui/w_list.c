/* Paged list widget: rows the caller paints, tap or Enter to choose, page
 * buttons (touch has no scroll bar to aim at) and the mouse wheel. */
#include "ui/widgets.h"

#include <stdio.h>

int w_list(struct ui_ctx *ctx, struct ui_rect r, struct w_list *st, int count, int row_h,
           const char *name, w_list_row_fn draw_row, void *user)
{
    const struct theme *t = theme_get();
    int chosen = -1;
    int visible = r.h / row_h;
    bool paged = count > visible;
    struct ui_rect nav = {0};
    if (paged) {
        nav = ui_cut_bottom(&r, theme_row_h(ctx));
        visible = r.h / row_h;
    }
    if (visible < 1)
        visible = 1;
    if (st->first > count - 1)
        st->first = count > 0 ? count - 1 : 0;
    if (st->first < 0)
        st->first = 0;
    if (ctx->in.wheel && ui_inside(ctx, r)) {
        st->first -= ctx->in.wheel * 3;
        if (st->first > count - visible)
            st->first = count - visible;
        if (st->first < 0)
            st->first = 0;
    }
    ui_fill(ctx, r, t->panel);
    for (int k = 0; k < visible && st->first + k < count; k++) {
        int i = st->first + k;
        struct ui_rect row = ui_rect(r.x, r.y + k * row_h, r.w, row_h - ui_px(ctx, 2));
        uint32_t id = ui_id(ctx, name, i + 1);
        int wi = ui_widget_begin(ctx, UI_W_ITEM, id, row, "", true);
        if (ui_interact(ctx, id, row, true))
            chosen = i;
        bool focused = ctx->focus == id;
        if (ctx->active == id && ctx->pointer_down)
            ui_fill(ctx, row, t->panel_hi);
        ui_clip(ctx, row);
        draw_row(ctx, user, i, row, focused);
        ui_unclip(ctx);
        ui_widget_end(ctx, wi);
        if (focused)
            ui_frame(ctx, row, t->focus, ui_px(ctx, 4));
        else
            ui_line(ctx, row.x, row.y + row.h, row.x + row.w, row.y + row.h, t->border, 1);
    }
    if (count == 0)
        ui_text(ctx, r.x + theme_pad(ctx), r.y + theme_pad(ctx), UI_FONT_BODY, t->text_dim,
                "Nothing to show.");
    if (paged) {
        int bw = nav.w / 3;
        struct ui_rect prev = ui_cut_left(&nav, bw), next = ui_cut_right(&nav, bw);
        if (w_button_n(ctx, prev, "\xe2\x96\xb2 Previous", (int)ui_id(ctx, name, -1),
                       st->first > 0 ? W_NORMAL : W_DISABLED))
            st->first = st->first > visible ? st->first - visible : 0;
        if (w_button_n(ctx, next, "Next \xe2\x96\xbc", (int)ui_id(ctx, name, -2),
                       st->first + visible < count ? W_NORMAL : W_DISABLED))
            st->first += visible;
        char buf[64];
        int last = st->first + visible < count ? st->first + visible : count;
        snprintf(buf, sizeof buf, "%d\xe2\x80\x93%d of %d", st->first + 1, last, count);
        int tw = ui_text_w(ctx, UI_FONT_BODY, buf);
        ui_text(ctx, nav.x + (nav.w - tw) / 2, nav.y + (nav.h - ui_font_h(ctx, UI_FONT_BODY)) / 2,
                UI_FONT_BODY, t->text, buf);
    }
    return chosen;
}
