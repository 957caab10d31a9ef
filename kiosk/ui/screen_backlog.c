/* Backlog dashboard for administrators: open counts per state, the oldest
 * open item, overdue counts per clock, share answered within the SLA and
 * median/p90 turnaround for 24 h / 7 d / 30 d, exemptions by basis,
 * consular items due; charts of the open backlog over 24 h and 7 d and a
 * response-time histogram. The figures are the core's (report_backlog),
 * computed on entry (each computation is audited, so not on a timer). */
#include "ui/app.h"

#include <stdio.h>

static void load(struct app *a)
{
    struct admin_state *s = &a->admin;
    if (s->have_report)
        report_backlog_finish(&s->report);
    s->have_report = report_backlog(a->st, &a->actor, &s->report) == 0;
}

static void leave(struct app *a)
{
    if (a->admin.have_report)
        report_backlog_finish(&a->admin.report);
    a->admin.have_report = false;
}

static void fmt_ms(kiosk_ms_t ms, char *buf, size_t len)
{
    if (ms < 0)
        snprintf(buf, len, "\xe2\x80\x94");
    else
        app_format_age(ms, buf, len);
}

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    struct admin_state *s = &a->admin;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    if (!s->have_report) {
        w_status(c, body.x, body.y, UI_FONT_BOLD, THEME_BAD, "The report could not be computed.");
        return;
    }
    const struct report_backlog *r = &s->report;
    char line[200], a1[32], a2[32];
    /* Headline tiles. */
    struct ui_rect tiles =
        ui_cut_top(&body, ui_font_h(c, UI_FONT_HUGE) + ui_font_h(c, UI_FONT_SMALL) + pad * 2);
    ui_cut_top(&body, pad);
    struct {
        const char *label;
        long long value;
        enum theme_status st;
    } tv[] = {
        {"open", (long long)r->open_total, THEME_INFO},
        {"queued", (long long)r->open_by_state[REQUEST_QUEUED], THEME_INFO},
        {"sent, no answer",
         (long long)(r->open_by_state[REQUEST_TRANSMITTED] +
                     r->open_by_state[REQUEST_ACKNOWLEDGED]),
         THEME_INFO},
        {"needs info", (long long)r->open_by_state[REQUEST_NEEDS_INFO], THEME_WARN},
        {"overdue", (long long)r->overdue_count, r->overdue_count ? THEME_BAD : THEME_OK},
        {"consular due", (long long)(r->consular_due + r->consular_escalate + r->consular_overdue),
         r->consular_overdue ? THEME_BAD : THEME_INFO},
    };
    int n = (int)(sizeof tv / sizeof tv[0]);
    int tw = (tiles.w - (n - 1) * pad) / n;
    for (int i = 0; i < n; i++) {
        struct ui_rect b = ui_rect(tiles.x + i * (tw + pad), tiles.y, tw, tiles.h);
        ui_fill(c, b, t->panel);
        if (tv[i].st == THEME_BAD && tv[i].value)
            ui_fill(c, ui_rect(b.x, b.y, b.w, ui_px(c, 6)), t->bad);
        snprintf(line, sizeof line, "%lld", tv[i].value);
        ui_text(c, b.x + pad, b.y + pad / 2, UI_FONT_HUGE, t->text, line);
        snprintf(line, sizeof line, "%s %s", theme_status_icon(tv[i].st), tv[i].label);
        ui_text(c, b.x + pad, b.y + b.h - ui_font_h(c, UI_FONT_SMALL) - pad / 2, UI_FONT_SMALL,
                t->text_dim, line);
    }
    /* Windows table. */
    struct ui_rect table = ui_cut_left(&body, body.w * 45 / 100);
    ui_cut_left(&body, pad);
    ui_fill(c, table, t->panel);
    struct ui_rect tin = ui_inset(table, pad);
    fmt_ms(r->oldest_open_age, a1, sizeof a1);
    snprintf(line, sizeof line, "Oldest open: %s", r->open_total ? a1 : "none");
    ui_text(c, tin.x, tin.y, UI_FONT_BOLD, t->text, line);
    ui_cut_top(&tin, ui_font_h(c, UI_FONT_BOLD));
    /* Overdue per clock (the core's list, counted here for display). */
    long long od[4] = {0};
    for (size_t i = 0; i < r->overdue_count; i++)
        if (r->overdue[i].clock >= 0 && r->overdue[i].clock < 4)
            od[r->overdue[i].clock]++;
    snprintf(line, sizeof line, "Overdue: %lld to send \xc2\xb7 %lld ICE answer \xc2\xb7 %lld 48 h",
             od[CLOCK_QUEUE], od[CLOCK_RESPONSE], od[CLOCK_STATUTORY]);
    ui_text(c, tin.x, tin.y, UI_FONT_BODY, r->overdue_count ? t->warn : t->text_dim, line);
    ui_cut_top(&tin, ui_font_h(c, UI_FONT_BODY) + pad);
    for (int w = 0; w < REPORT_WINDOWS; w++) {
        const struct report_window *win = &r->windows[w];
        if (win->responded > 0)
            snprintf(line, sizeof line, "Last %s: %lld queued, %lld answered, %.0f%% within SLA",
                     win->label, (long long)win->queued, (long long)win->responded,
                     win->within_sla_share * 100.0);
        else /* no share of nothing: not "0 %" */
            snprintf(line, sizeof line, "Last %s: %lld queued, 0 answered, \xe2\x80\x94 within SLA",
                     win->label, (long long)win->queued);
        ui_text(c, tin.x, tin.y, UI_FONT_BOLD, t->text, line);
        ui_cut_top(&tin, ui_font_h(c, UI_FONT_BOLD));
        fmt_ms(win->t2r_median, a1, sizeof a1);
        fmt_ms(win->t2r_p90, a2, sizeof a2);
        snprintf(line, sizeof line, "  ICE answer median %s, p90 %s%s", a1, a2,
                 win->responded > 0 ? "" : " (no answered requests)");
        ui_text(c, tin.x, tin.y, UI_FONT_SMALL, t->text_dim, line);
        ui_cut_top(&tin, ui_font_h(c, UI_FONT_SMALL));
        fmt_ms(win->q2t_median, a1, sizeof a1);
        fmt_ms(win->q2t_p90, a2, sizeof a2);
        snprintf(line, sizeof line, "  queue to MULES median %s, p90 %s", a1, a2);
        ui_text(c, tin.x, tin.y, UI_FONT_SMALL, t->text_dim, line);
        ui_cut_top(&tin, ui_font_h(c, UI_FONT_SMALL));
        snprintf(line, sizeof line,
                 "  exemptions: %lld valid ID (%lld by hand), %lld known; %lld IAQ",
                 (long long)win->exempt_id, (long long)win->exempt_id_manual,
                 (long long)win->exempt_known, (long long)win->iaq);
        ui_text(c, tin.x, tin.y, UI_FONT_SMALL, t->text_dim, line);
        ui_cut_top(&tin, ui_font_h(c, UI_FONT_SMALL) + pad);
    }
    /* The period reports (records.h), weeks from Monday. */
    struct ui_rect pr = ui_cut_bottom(&tin, theme_row_h(c));
    int pw = (pr.w - pad) / 2;
    if (w_button(c, ui_rect(pr.x, pr.y, pw, pr.h), "Week report", W_NORMAL)) {
        a->period.month = false;
        a->period.back = 0;
        app_push(a, SCREEN_PERIOD);
    }
    if (w_button(c, ui_rect(pr.x + pw + pad, pr.y, pw, pr.h), "Month report", W_NORMAL)) {
        a->period.month = true;
        a->period.back = 0;
        app_push(a, SCREEN_PERIOD);
    }
    /* Charts. */
    int ch = (body.h - 2 * pad) / 3;
    int s24[REPORT_SERIES_24H], s7[REPORT_SERIES_7D], hist[REPORT_HIST_BUCKETS];
    for (int i = 0; i < REPORT_SERIES_24H; i++)
        s24[i] = (int)r->series_24h[i];
    for (int i = 0; i < REPORT_SERIES_7D; i++)
        s7[i] = (int)r->series_7d[i];
    char hl[REPORT_HIST_BUCKETS][16];
    const char *hlp[REPORT_HIST_BUCKETS];
    for (int i = 0; i < REPORT_HIST_BUCKETS; i++) {
        hist[i] = (int)r->hist_count[i];
        if (r->hist_upper_min[i] < 0)
            snprintf(hl[i], sizeof hl[i], "more");
        else
            snprintf(hl[i], sizeof hl[i], "\xe2\x89\xa4%d", r->hist_upper_min[i]);
        hlp[i] = hl[i];
    }
    w_chart_line(c, ui_cut_top(&body, ch), "Open backlog, last 24 h", s24, REPORT_SERIES_24H,
                 "-24 h", "now");
    ui_cut_top(&body, pad);
    w_chart_line(c, ui_cut_top(&body, ch), "Open backlog, last 7 days", s7, REPORT_SERIES_7D,
                 "-7 d", "now");
    ui_cut_top(&body, pad);
    w_chart_bars(c, body, "ICE answer time, last 7 days (minutes)", hist, REPORT_HIST_BUCKETS, hlp,
                 t->info);
}

const struct screen screen_backlog = {
    .title = "Backlog",
    .roles = AUTH_ROLE_ADMIN | AUTH_ROLE_SUPERVISOR | AUTH_ROLE_AUDITOR,
    .enter = load,
    .frame = frame,
    .leave = leave,
};
