/* Period report for administrators, supervisors and auditors: a week (from
 * Monday) or a calendar month of intakes by basis and deputy, IAQ
 * turnaround against the response SLA and the statutory 48 hours,
 * dispositions, consular records by country with the late steps kept
 * visible, and charts of intakes per day by basis and of the daily median
 * booking-to-transmission time. The figures are the core's
 * (records_report_period), computed on entry and when the period changes. */
#include "ui/app.h"
#include "core/kiosk_err.h"
#include "core/tz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* [from, to) of the week (from Monday) or month `back` periods before the
 * one of now, in local midnights of the configured zone. */
static void period_bounds(const struct app *a, kiosk_ms_t *from, kiosk_ms_t *to)
{
    const struct period_state *p = &a->period;
    const char *zone = app_zone();
    kiosk_ms_t now = app_now(a);
    int y = 1970, m = 1, d = 1;
    *from = *to = 0;
    if (p->month && tz_local_date(zone, now, &y, &m, &d) == KIOSK_OK) {
        int idx = y * 12 + (m - 1) - p->back;
        char iso[32];
        snprintf(iso, sizeof iso, "%04d-%02d-01", idx / 12, idx % 12 + 1);
        records_parse_day(zone, iso, false, from);
        idx++;
        snprintf(iso, sizeof iso, "%04d-%02d-01", idx / 12, idx % 12 + 1);
        records_parse_day(zone, iso, false, to);
    } else if (!p->month) {
        kiosk_ms_t monday = records_week_start(zone, now);
        records_day_start(zone, monday, -7 * p->back, from);
        records_day_start(zone, *from, 7, to);
    }
}

static void load(struct app *a)
{
    struct period_state *p = &a->period;
    if (p->have_report)
        records_period_finish(p->report);
    p->have_report = false;
    if (!p->report && !(p->report = malloc(sizeof *p->report)))
        return;
    kiosk_ms_t from, to;
    period_bounds(a, &from, &to);
    p->have_report = records_report_period(a->st, &a->actor, from, to, p->report) == 0;
    char f[32], t[32];
    app_format_time(from, true, f, sizeof f);
    app_format_time(to - 1, true, t, sizeof t);
    f[10] = t[10] = '\0';
    snprintf(p->title, sizeof p->title, "%s %.10s to %.10s", p->month ? "Month" : "Week", f, t);
}

static void leave(struct app *a)
{
    struct period_state *p = &a->period;
    if (p->have_report)
        records_period_finish(p->report);
    free(p->report);
    p->report = NULL;
    p->have_report = false;
}

static void pct(char *buf, size_t len, int64_t part, int64_t whole)
{
    if (whole > 0)
        snprintf(buf, len, "%.0f%%", 100.0 * (double)part / (double)whole);
    else
        snprintf(buf, len, "\xe2\x80\x94");
}

static void dur(char *buf, size_t len, kiosk_ms_t ms)
{
    if (ms < 0)
        snprintf(buf, len, "\xe2\x80\x94");
    else
        app_format_age(ms, buf, len);
}

static void text_line(struct ui_ctx *c, struct ui_rect *r, enum ui_font f, struct ui_color col,
                      const char *s)
{
    if (r->h < ui_font_h(c, f))
        return;
    ui_text(c, r->x, r->y, f, col, s);
    ui_cut_top(r, ui_font_h(c, f));
}

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    struct period_state *p = &a->period;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    /* Period choice. */
    struct ui_rect row = ui_cut_top(&body, theme_row_h(c));
    ui_cut_top(&body, pad);
    int bw = row.w / 6;
    if (w_button(c, ui_rect(row.x, row.y, bw, row.h), "\xe2\x97\x80 Earlier", W_NORMAL)) {
        p->back++;
        load(a);
    }
    if (w_button(c, ui_rect(row.x + bw + pad, row.y, bw, row.h), "Later \xe2\x96\xb6",
                 p->back > 0 ? W_NORMAL : W_DISABLED)) {
        p->back--;
        load(a);
    }
    if (w_button(c, ui_rect(row.x + 2 * (bw + pad), row.y, bw, row.h),
                 p->month ? "Show weeks" : "Show months", W_NORMAL)) {
        p->month = !p->month;
        p->back = 0;
        load(a);
    }
    ui_text(c, row.x + 3 * (bw + pad), row.y + (row.h - ui_font_h(c, UI_FONT_BOLD)) / 2,
            UI_FONT_BOLD, t->text, p->title);
    if (!p->have_report) {
        w_status(c, body.x, body.y, UI_FONT_BOLD, THEME_BAD, "The report could not be computed.");
        return;
    }
    const struct records_period *r = p->report;
    char line[256], s1[32], s2[32], s3[32];
    struct ui_rect left = ui_cut_left(&body, body.w * 48 / 100);
    ui_cut_left(&body, pad);
    ui_fill(c, left, t->panel);
    struct ui_rect in = ui_inset(left, pad);
    snprintf(line, sizeof line, "%lld intakes: %lld valid ID (%lld by hand), %lld known, %lld IAQ",
             (long long)r->intakes, (long long)r->exempt_id, (long long)r->exempt_id_manual,
             (long long)r->exempt_known, (long long)r->iaq);
    text_line(c, &in, UI_FONT_BOLD, t->text, line);
    for (size_t i = 0; i < r->deputy_count && i < 4; i++) {
        const struct records_deputy_count *d = &r->deputies[i];
        snprintf(line, sizeof line, "  %s: %lld ID, %lld known, %lld IAQ", d->badge,
                 (long long)d->exempt_id, (long long)d->exempt_known, (long long)d->iaq);
        text_line(c, &in, UI_FONT_SMALL, t->text_dim, line);
    }
    if (r->deputy_count > 4) {
        snprintf(line, sizeof line, "  and %zu more deputies (kioskctl report period)",
                 r->deputy_count - 4);
        text_line(c, &in, UI_FONT_SMALL, t->text_dim, line);
    }
    ui_cut_top(&in, pad);
    dur(s1, sizeof s1, r->b2t_median);
    dur(s2, sizeof s2, r->b2t_p90);
    snprintf(line, sizeof line, "IAQ sent: median %s, p90 %s after booking", s1, s2);
    text_line(c, &in, UI_FONT_BOLD, t->text, line);
    dur(s1, sizeof s1, r->t2r_median);
    dur(s2, sizeof s2, r->t2r_p90);
    pct(s3, sizeof s3, r->within_response_sla, r->responded);
    snprintf(line, sizeof line, "  ICE answer median %s, p90 %s; %s within SLA", s1, s2, s3);
    text_line(c, &in, UI_FONT_SMALL, t->text_dim, line);
    pct(s3, sizeof s3, r->within_48h, r->iaq);
    snprintf(line, sizeof line, "  %s sent within 48 h; %lld cancelled, %lld still open", s3,
             (long long)r->cancelled, (long long)r->still_open);
    text_line(c, &in, UI_FONT_SMALL, t->text_dim, line);
    line[0] = '\0';
    for (size_t i = 0; i < r->disposition_kinds; i++) {
        size_t l = strlen(line);
        snprintf(line + l, sizeof line - l, "%s%s %lld", i ? ", " : "  ", r->dispositions[i],
                 (long long)r->disposition_count[i]);
    }
    if (line[0])
        text_line(c, &in, UI_FONT_SMALL, t->text_dim, line);
    ui_cut_top(&in, pad);
    text_line(c, &in, UI_FONT_BOLD, t->text, "Consular records by country");
    for (size_t i = 0; i < r->country_count; i++) {
        const struct records_country *k = &r->countries[i];
        pct(s1, sizeof s1, k->informed_24h, k->records);
        pct(s2, sizeof s2, k->notified_72h, k->mandatory);
        snprintf(line, sizeof line, "  %s: %lld, informed in 24 h %s%s%s, late %lld, open %lld",
                 k->code, (long long)k->records, s1, k->mandatory ? ", notified in 72 h " : "",
                 k->mandatory ? s2 : "", (long long)(k->late_informed + k->late_notified),
                 (long long)k->outstanding);
        text_line(c, &in, UI_FONT_SMALL, k->late_notified ? t->warn : t->text_dim, line);
    }
    if (r->late_count) {
        snprintf(line, sizeof line, "%zu late consular steps (kept visible once recorded)",
                 r->late_count);
        text_line(c, &in, UI_FONT_BOLD, t->warn, line);
    }
    snprintf(line, sizeof line, "  not mandatory: %lld asked to notify, %lld declined",
             (long long)r->consular_requested, (long long)r->consular_declined);
    text_line(c, &in, UI_FONT_SMALL, t->text_dim, line);
    ui_cut_top(&in, pad);
    text_line(c, &in, UI_FONT_BOLD, t->text, "After ICE's answer");
    snprintf(line, sizeof line, "  DHS notices %lld due, %lld done (%lld late), %lld outstanding",
             (long long)r->dhs_due, (long long)r->dhs_done, (long long)r->dhs_done_late,
             (long long)r->dhs_outstanding);
    text_line(c, &in, UI_FONT_SMALL, r->dhs_late_count ? t->warn : t->text_dim, line);
    snprintf(
        line, sizeof line, "  detainers %lld opened, %lld received; released before an answer %lld",
        (long long)r->detainers_opened, (long long)r->detainers_received, (long long)r->released);
    text_line(c, &in, UI_FONT_SMALL, t->text_dim, line);
    /* Charts: intakes per day (IAQ, exemptions) and the daily median time to send. */
    int n = r->days < 31 ? r->days : 31;
    int iaq[31], ex[31], b2t[31];
    char lab[31][8];
    const char *labp[31];
    for (int d = 0; d < n; d++) {
        iaq[d] = (int)r->day_iaq[d];
        ex[d] = (int)(r->day_exempt_id[d] + r->day_exempt_known[d]);
        b2t[d] = r->day_b2t_median[d] < 0 ? 0 : (int)(r->day_b2t_median[d] / KIOSK_MS_PER_MIN);
        static const char *const wd[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
        if (p->month)
            snprintf(lab[d], sizeof lab[d], "%d", d + 1);
        else
            snprintf(lab[d], sizeof lab[d], "%s", wd[d % 7]);
        labp[d] = lab[d];
    }
    int ch = (body.h - 2 * pad) / 3;
    w_chart_bars(c, ui_cut_top(&body, ch), "IAQ intakes per day", iaq, n, labp, t->info);
    ui_cut_top(&body, pad);
    w_chart_bars(c, ui_cut_top(&body, ch), "Exemptions per day (valid ID, known)", ex, n, labp,
                 t->ok);
    ui_cut_top(&body, pad);
    w_chart_line(c, body, "Median minutes from booking to IAQ sent, per day", b2t, n, "first day",
                 "last day");
}

const struct screen screen_period = {
    .title = "Period report",
    .roles = AUTH_ROLE_ADMIN | AUTH_ROLE_SUPERVISOR | AUTH_ROLE_AUDITOR,
    .enter = load,
    .frame = frame,
    .leave = leave,
};
