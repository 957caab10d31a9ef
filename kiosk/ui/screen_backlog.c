/* Backlog dashboard for administrators: open counts per state, the oldest
 * open item, overdue counts per clock, share answered within the SLA and
 * median/p90 turnaround for 24 h / 7 d / 30 d, exemptions by basis,
 * consular items due; charts of the open backlog over 24 h and 7 d and a
 * response-time histogram. The figures are the core's (report_backlog),
 * computed on entry (each computation is audited, so not on a timer).
 * Every tile opens the list behind it below the tiles (read on the tap,
 * never per frame): the requests in those states oldest first, the overdue
 * ones with the clock each broke; consular opens the status board. The
 * state tiles add up to the open total. */
#include "ui/answer.h"
#include "ui/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void load(struct app *a)
{
    struct admin_state *s = &a->admin;
    if (s->have_report)
        report_backlog_finish(&s->report);
    s->have_report = report_backlog(a->st, &a->actor, &s->report) == 0;
}

static void drill_free(struct admin_state *s)
{
    free(s->drill_rows);
    s->drill_rows = NULL;
    s->ndrill = 0;
    s->drill = 0;
}

/* Loads the requests in the states of mask (bit per enum request_state),
 * oldest first by queued time. */
static void drill_load(struct app *a, unsigned mask, int which)
{
    struct admin_state *s = &a->admin;
    drill_free(s);
    s->drill = which;
    s->drill_list.first = 0;
    for (int st = REQUEST_QUEUED; st <= REQUEST_CANCELLED; st++) {
        if (!(mask & (1u << st)))
            continue;
        struct request_row *rows = NULL;
        size_t n = 0;
        if (request_list(a->st, &a->actor, (enum request_state)st, &rows, &n) != 0)
            continue;
        struct request_row *all =
            n ? realloc(s->drill_rows, sizeof *all * (s->ndrill + n + 1)) : NULL;
        if (all) {
            s->drill_rows = all;
            memcpy(all + s->ndrill, rows, sizeof *rows * n);
            s->ndrill += n;
        }
        free(rows);
    }
    /* Oldest first across the states. */
    for (size_t i = 1; i < s->ndrill; i++)
        for (size_t j = i; j > 0 && s->drill_rows[j].queued < s->drill_rows[j - 1].queued; j--) {
            struct request_row tmp = s->drill_rows[j];
            s->drill_rows[j] = s->drill_rows[j - 1];
            s->drill_rows[j - 1] = tmp;
        }
}

static void leave(struct app *a)
{
    if (a->admin.have_report)
        report_backlog_finish(&a->admin.report);
    a->admin.have_report = false;
    drill_free(&a->admin);
}

static void draw_drill_row(struct ui_ctx *c, void *user, int i, struct ui_rect r, bool focused)
{
    struct app *a = user;
    screen_board_draw_row(a, &a->admin.drill_rows[i], r);
    (void)c;
    (void)focused;
}

static const char *clock_words(enum request_clock k)
{
    switch (k) {
    case CLOCK_QUEUE:
        return "not sent to MULES in time";
    case CLOCK_RESPONSE:
        return "no ICE answer in time";
    case CLOCK_STATUTORY:
        return "48 h (RSMo 544.472) passed";
    default:
        return "late";
    }
}

static void draw_overdue_row(struct ui_ctx *c, void *user, int i, struct ui_rect r, bool focused)
{
    struct app *a = user;
    const struct theme *t = theme_get();
    const struct report_overdue *o = &a->admin.report.overdue[i];
    char age[32], line[200];
    app_format_age(o->overdue_by, age, sizeof age);
    snprintf(line, sizeof line, "#%lld  booking %s  \xc2\xb7  %s  \xc2\xb7  %s late  \xc2\xb7  %s",
             (long long)o->request_id, o->booking_number, clock_words(o->clock), age,
             answer_state_words(o->state));
    ui_text(c, r.x + theme_pad(c), r.y + (r.h - ui_font_h(c, UI_FONT_BODY)) / 2, UI_FONT_BODY,
            t->text, line);
    (void)focused;
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
    /* The state tiles add up: queued + sent + needs info + answered (not
     * yet closed) = open. Overdue and consular count among them. */
    enum { D_OPEN = 1, D_QUEUED, D_SENT, D_NEEDS, D_ANSWERED, D_OVERDUE, D_CONSULAR };
    struct {
        const char *label;
        long long value;
        enum theme_status st;
        int drill;
        unsigned mask;
    } tv[] = {
        {"queued", (long long)r->open_by_state[REQUEST_QUEUED], THEME_INFO, D_QUEUED,
         1u << REQUEST_QUEUED},
        {"+ sent",
         (long long)(r->open_by_state[REQUEST_TRANSMITTED] +
                     r->open_by_state[REQUEST_ACKNOWLEDGED]),
         THEME_INFO, D_SENT, 1u << REQUEST_TRANSMITTED | 1u << REQUEST_ACKNOWLEDGED},
        {"+ needs info", (long long)r->open_by_state[REQUEST_NEEDS_INFO], THEME_WARN, D_NEEDS,
         1u << REQUEST_NEEDS_INFO},
        {"+ answered", (long long)r->open_by_state[REQUEST_RESPONDED], THEME_INFO, D_ANSWERED,
         1u << REQUEST_RESPONDED},
        {"= open", (long long)r->open_total, THEME_INFO, D_OPEN,
         1u << REQUEST_QUEUED | 1u << REQUEST_TRANSMITTED | 1u << REQUEST_ACKNOWLEDGED |
             1u << REQUEST_NEEDS_INFO | 1u << REQUEST_RESPONDED},
        {"overdue", (long long)r->overdue_count, r->overdue_count ? THEME_BAD : THEME_OK, D_OVERDUE,
         0},
        {"consular due", (long long)(r->consular_due + r->consular_escalate + r->consular_overdue),
         r->consular_overdue ? THEME_BAD : THEME_INFO, D_CONSULAR, 0},
    };
    int n = (int)(sizeof tv / sizeof tv[0]);
    int tw = (tiles.w - (n - 1) * pad) / n;
    for (int i = 0; i < n; i++) {
        struct ui_rect b = ui_rect(tiles.x + i * (tw + pad), tiles.y, tw, tiles.h);
        /* A tile is a button: it opens the list behind its number. */
        char words[64];
        snprintf(words, sizeof words, "%lld %s", tv[i].value, tv[i].label);
        uint32_t id = ui_id(c, tv[i].label, 0x711e);
        int wi = ui_widget_begin(c, UI_W_BUTTON, id, b, words, true);
        if (ui_interact(c, id, b, true)) {
            if (tv[i].drill == D_CONSULAR)
                app_push(a, SCREEN_BOARD);
            else if (tv[i].drill == D_OVERDUE) {
                drill_free(s);
                s->drill = D_OVERDUE;
                s->drill_list.first = 0;
            } else
                drill_load(a, tv[i].mask, tv[i].drill);
        }
        ui_fill(c, b, s->drill == tv[i].drill ? t->panel_hi : t->panel);
        if (c->focus == id)
            ui_frame(c, b, t->focus, ui_px(c, 4));
        if (tv[i].st == THEME_BAD && tv[i].value)
            ui_fill(c, ui_rect(b.x, b.y, b.w, ui_px(c, 6)), t->bad);
        snprintf(line, sizeof line, "%lld", tv[i].value);
        ui_text(c, b.x + pad, b.y + pad / 2, UI_FONT_HUGE, t->text, line);
        snprintf(line, sizeof line, "%s %s", theme_status_icon(tv[i].st), tv[i].label);
        ui_text(c, b.x + pad, b.y + b.h - ui_font_h(c, UI_FONT_SMALL) - pad / 2, UI_FONT_SMALL,
                t->text_dim, line);
        ui_widget_end(c, wi);
    }
    if (s->drill) {
        /* The list behind the tile, in place of the table and charts. */
        struct ui_rect bar = ui_cut_top(&body, theme_row_h(c));
        ui_cut_top(&body, pad);
        if (w_button(c, ui_cut_right(&bar, ui_px(c, 260)), "Back to the charts", W_NORMAL)) {
            drill_free(s);
            return;
        }
        const char *what = s->drill == D_OVERDUE ? "Overdue, oldest due first, with the clock "
                                                   "each broke"
                                                 : "Requests behind this number, oldest first";
        ui_text(c, bar.x, bar.y + (bar.h - ui_font_h(c, UI_FONT_BOLD)) / 2, UI_FONT_BOLD, t->text,
                what);
        int row_h = ui_font_h(c, UI_FONT_BOLD) + ui_font_h(c, UI_FONT_SMALL) + ui_px(c, 14);
        if (row_h < 48)
            row_h = 48;
        if (s->drill == D_OVERDUE)
            w_list(c, body, &s->drill_list, (int)r->overdue_count, theme_row_h(c), "overdue",
                   draw_overdue_row, a);
        else {
            int pick =
                w_list(c, body, &s->drill_list, (int)s->ndrill, row_h, "drill", draw_drill_row, a);
            if (pick >= 0 && app_has_role(a, AUTH_ROLE_ADMIN | AUTH_ROLE_SUPERVISOR)) {
                a->board.detail_id = s->drill_rows[pick].id;
                app_push(a, SCREEN_DETAIL);
            }
        }
        return;
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
    snprintf(line, sizeof line,
             "Overdue: %lld to send \xc2\xb7 %lld ICE answer \xc2\xb7 %lld past 48 h",
             od[CLOCK_QUEUE], od[CLOCK_RESPONSE], od[CLOCK_STATUTORY]);
    ui_text(c, tin.x, tin.y, UI_FONT_BODY, r->overdue_count ? t->warn : t->text_dim, line);
    ui_cut_top(&tin, ui_font_h(c, UI_FONT_BODY) + pad);
    for (int w = 0; w < REPORT_WINDOWS; w++) {
        const struct report_window *win = &r->windows[w];
        if (win->responded > 0)
            snprintf(line, sizeof line, "Last %s: %lld queued, %lld answered, %.0f%% in time",
                     win->label, (long long)win->queued, (long long)win->responded,
                     win->within_sla_share * 100.0);
        else /* no share of nothing: not "0 %" */
            snprintf(line, sizeof line, "Last %s: %lld queued, 0 answered", win->label,
                     (long long)win->queued);
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
