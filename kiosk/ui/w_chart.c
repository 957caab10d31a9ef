/* Chart widgets drawn with the core's rectangles and lines: a bar chart
 * (histograms, counts per state) and a line chart (backlog over time). The
 * largest value is written on the axis so the chart is readable without
 * colour. */
#include "ui/widgets.h"

#include <stdio.h>

static int max_of(const int *v, int n)
{
    int m = 1;
    for (int i = 0; i < n; i++)
        if (v[i] > m)
            m = v[i];
    return m;
}

static struct ui_rect frame_chart(struct ui_ctx *ctx, struct ui_rect r, const char *title, int top)
{
    const struct theme *t = theme_get();
    ui_fill(ctx, r, t->panel);
    ui_text(ctx, r.x + theme_pad(ctx), r.y + ui_px(ctx, 4), UI_FONT_BOLD, t->text, title);
    int sh = ui_font_h(ctx, UI_FONT_SMALL);
    struct ui_rect plot =
        ui_rect(r.x + ui_px(ctx, 56), r.y + ui_font_h(ctx, UI_FONT_BOLD) + ui_px(ctx, 10),
                r.w - ui_px(ctx, 56) - theme_pad(ctx), 0);
    plot.h = r.y + r.h - plot.y - sh - ui_px(ctx, 6);
    char buf[24];
    snprintf(buf, sizeof buf, "%d", top);
    ui_text(ctx, r.x + theme_pad(ctx), plot.y, UI_FONT_SMALL, t->text_dim, buf);
    ui_text(ctx, r.x + theme_pad(ctx), plot.y + plot.h - sh, UI_FONT_SMALL, t->text_dim, "0");
    ui_line(ctx, plot.x, plot.y, plot.x, plot.y + plot.h, t->border, 1);
    ui_line(ctx, plot.x, plot.y + plot.h, plot.x + plot.w, plot.y + plot.h, t->border, 1);
    return plot;
}

void w_chart_bars(struct ui_ctx *ctx, struct ui_rect r, const char *title, const int *values, int n,
                  const char *const *labels, struct ui_color bar)
{
    const struct theme *t = theme_get();
    int top = max_of(values, n);
    struct ui_rect plot = frame_chart(ctx, r, title, top);
    if (n <= 0 || plot.h <= 0)
        return;
    int slot = plot.w / n, gap = slot > 8 ? slot / 6 : 1;
    int every = 1;
    if (labels) {
        int lw = 0;
        for (int i = 0; i < n; i++) {
            int w = ui_text_w(ctx, UI_FONT_SMALL, labels[i]);
            lw = w > lw ? w : lw;
        }
        while (every < n && slot * every < lw + ui_px(ctx, 6))
            every++;
    }
    for (int i = 0; i < n; i++) {
        int h = (int)((long)values[i] * plot.h / top);
        ui_fill(ctx, ui_rect(plot.x + i * slot + gap, plot.y + plot.h - h, slot - 2 * gap, h), bar);
        if (labels && i % every == 0)
            ui_text(ctx, plot.x + i * slot + gap, plot.y + plot.h + ui_px(ctx, 2), UI_FONT_SMALL,
                    t->text_dim, labels[i]);
    }
}

void w_chart_line(struct ui_ctx *ctx, struct ui_rect r, const char *title, const int *values, int n,
                  const char *left_label, const char *right_label)
{
    const struct theme *t = theme_get();
    int top = max_of(values, n);
    struct ui_rect plot = frame_chart(ctx, r, title, top);
    if (n <= 0 || plot.h <= 0)
        return;
    int px = plot.x, py = plot.y + plot.h - (int)((long)values[0] * plot.h / top);
    for (int i = 1; i < n; i++) {
        int x = plot.x + (int)((long)i * plot.w / (n > 1 ? n - 1 : 1));
        int y = plot.y + plot.h - (int)((long)values[i] * plot.h / top);
        ui_line(ctx, px, py, x, y, t->focus, ui_px(ctx, 3));
        px = x;
        py = y;
    }
    int ly = plot.y + plot.h + ui_px(ctx, 2);
    if (left_label)
        ui_text(ctx, plot.x, ly, UI_FONT_SMALL, t->text_dim, left_label);
    if (right_label)
        ui_text(ctx, plot.x + plot.w - ui_text_w(ctx, UI_FONT_SMALL, right_label), ly,
                UI_FONT_SMALL, t->text_dim, right_label);
}
