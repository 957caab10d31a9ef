/* The period report as a PDF: the figures of records_report_period and two
 * charts drawn with cairo, intakes per day stacked by basis and the daily
 * median time from booking to IAQ transmission. */
#include "core/kiosk_err.h"
#include "print/print_page.h"

#include <stdio.h>
#include <string.h>

/* The fill of each basis in the stacked bars (grey levels print on any
 * printer; the legend names them). */
static const double basis_grey[3] = {0.15, 0.5, 0.8};

static void chart_frame(struct page *pg, double x, double y, double w, double h, double top,
                        const char *title)
{
    cairo_t *cr = pg->cr;
    double save = pg->y;
    pg->y = y - 16;
    page_text(pg, x, PF_BOLD, 10, title);
    char buf[32];
    snprintf(buf, sizeof buf, "%.0f", top);
    pg->y = y - 4;
    page_text(pg, x - 26, PF_REGULAR, 7, buf);
    pg->y = y + h - 8;
    page_text(pg, x - 26, PF_REGULAR, 7, "0");
    pg->y = save;
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.6);
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x, y + h);
    cairo_line_to(cr, x + w, y + h);
    cairo_stroke(cr);
}

static void day_labels(struct page *pg, double x, double y, double slot, int n)
{
    double save = pg->y;
    pg->y = y + 2;
    int every = n > 14 ? 5 : 1;
    for (int d = 0; d < n; d += every) {
        char buf[16];
        snprintf(buf, sizeof buf, "%d", d + 1);
        page_text(pg, x + d * slot + slot / 4, PF_REGULAR, 6.5, buf);
    }
    pg->y = save;
}

static void chart_intakes(struct page *pg, const struct records_period *p)
{
    double x = PAGE_M + 30, w = PAGE_W - 2 * PAGE_M - 30, h = 130;
    page_need(pg, h + 60);
    double y = pg->y + 24;
    int n = p->days;
    int64_t top = 1;
    for (int d = 0; d < n; d++) {
        int64_t s = p->day_exempt_id[d] + p->day_exempt_known[d] + p->day_iaq[d];
        top = s > top ? s : top;
    }
    chart_frame(pg, x, y, w, h, (double)top, "Intakes per day by basis");
    double slot = w / n;
    for (int d = 0; d < n; d++) {
        const int64_t v[3] = {p->day_iaq[d], p->day_exempt_id[d], p->day_exempt_known[d]};
        double base = y + h;
        for (int k = 0; k < 3; k++) {
            double bh = h * (double)v[k] / (double)top;
            cairo_set_source_rgb(pg->cr, basis_grey[k], basis_grey[k], basis_grey[k]);
            cairo_rectangle(pg->cr, x + d * slot + slot * 0.15, base - bh, slot * 0.7, bh);
            cairo_fill(pg->cr);
            base -= bh;
        }
    }
    cairo_set_source_rgb(pg->cr, 0, 0, 0);
    day_labels(pg, x, y + h, slot, n);
    pg->y = y + h + 14;
    static const char *const names[3] = {"IAQ", "valid ID", "known"};
    double lx = x;
    for (int k = 0; k < 3; k++) {
        cairo_set_source_rgb(pg->cr, basis_grey[k], basis_grey[k], basis_grey[k]);
        cairo_rectangle(pg->cr, lx, pg->y + 1, 8, 8);
        cairo_fill(pg->cr);
        cairo_set_source_rgb(pg->cr, 0, 0, 0);
        lx += 12 + page_text(pg, lx + 12, PF_REGULAR, 8, names[k]) + 14;
    }
    pg->y += 20;
}

static void chart_turnaround(struct page *pg, const struct records_period *p)
{
    double x = PAGE_M + 30, w = PAGE_W - 2 * PAGE_M - 30, h = 110;
    page_need(pg, h + 50);
    double y = pg->y + 24;
    int n = p->days;
    kiosk_ms_t top = KIOSK_MS_PER_MIN;
    for (int d = 0; d < n; d++)
        top = p->day_b2t_median[d] > top ? p->day_b2t_median[d] : top;
    chart_frame(pg, x, y, w, h, (double)top / KIOSK_MS_PER_MIN,
                "Median minutes from booking to IAQ sent, per day");
    double slot = w / n;
    cairo_set_line_width(pg->cr, 1.4);
    bool pen = false;
    for (int d = 0; d < n; d++) {
        if (p->day_b2t_median[d] < 0) {
            pen = false; /* no request that day: a gap, not a zero */
            continue;
        }
        double px = x + d * slot + slot / 2,
               py = y + h - h * (double)p->day_b2t_median[d] / (double)top;
        if (pen)
            cairo_line_to(pg->cr, px, py);
        else
            cairo_move_to(pg->cr, px, py);
        cairo_arc(pg->cr, px, py, 1.6, 0, 6.2832);
        cairo_move_to(pg->cr, px, py);
        pen = true;
    }
    cairo_stroke(pg->cr);
    day_labels(pg, x, y + h, slot, n);
    pg->y = y + h + 24;
}

static void share(char *buf, size_t len, int64_t part, int64_t whole)
{
    if (whole)
        snprintf(buf, len, "%lld of %lld (%.1f %%)", (long long)part, (long long)whole,
                 100.0 * (double)part / (double)whole);
    else
        snprintf(buf, len, "none");
}

static void dur(char *buf, size_t len, kiosk_ms_t v)
{
    if (v < 0)
        snprintf(buf, len, "\xe2\x80\x94");
    else
        snprintf(buf, len, "%lld h %02lld min", (long long)(v / KIOSK_MS_PER_HOUR),
                 (long long)(v % KIOSK_MS_PER_HOUR / KIOSK_MS_PER_MIN));
}

int print_period_pdf(const struct records_period *p, const struct print_agency *ag,
                     const char *fonts_dir, const char *path, char *msg, size_t msg_len)
{
    char footer[256], when[32], a[32], b[32], line[300];
    page_local_time(ag->zone, ag->printed_at, when, sizeof when);
    snprintf(footer, sizeof footer, "Period report \xc2\xb7 printed %s by %s \xc2\xb7 ORI %s", when,
             ag->printed_by && ag->printed_by[0] ? ag->printed_by : "local admin",
             ag->ori && ag->ori[0] ? ag->ori : "not set");
    struct page pg;
    int rc = page_open(&pg, path, fonts_dir, footer, msg, msg_len);
    if (rc != KIOSK_OK)
        return rc;
    snprintf(line, sizeof line, "Period report %s to %s",
             page_local_time(ag->zone, p->from, a, sizeof a),
             page_local_time(ag->zone, p->to, b, sizeof b));
    page_text(&pg, PAGE_M, PF_BOLD, 15, line);
    pg.y += 24;
    snprintf(line, sizeof line,
             "%lld intakes: %lld exempt by valid ID (%lld entered by hand), %lld by personal "
             "knowledge, %lld IAQ",
             (long long)p->intakes, (long long)p->exempt_id, (long long)p->exempt_id_manual,
             (long long)p->exempt_known, (long long)p->iaq);
    page_line(&pg, PAGE_M, PF_REGULAR, 10, line);
    chart_intakes(&pg, p);
    page_heading(&pg, "IAQ turnaround");
    dur(a, sizeof a, p->b2t_median);
    dur(b, sizeof b, p->b2t_p90);
    snprintf(line, sizeof line, "median %s, p90 %s", a, b);
    page_field(&pg, PAGE_M, 200, "Booking to transmission", line);
    dur(a, sizeof a, p->t2r_median);
    dur(b, sizeof b, p->t2r_p90);
    snprintf(line, sizeof line, "median %s, p90 %s", a, b);
    page_field(&pg, PAGE_M, 200, "Transmission to answer", line);
    share(line, sizeof line, p->within_response_sla, p->responded);
    page_field(&pg, PAGE_M, 200, "Answered within the SLA", line);
    share(line, sizeof line, p->within_48h, p->iaq);
    page_field(&pg, PAGE_M, 200, "Sent within 48 h (RSMo 544.472)", line);
    snprintf(line, sizeof line, "%lld cancelled, %lld still open", (long long)p->cancelled,
             (long long)p->still_open);
    page_field(&pg, PAGE_M, 200, "Not answered", line);
    for (size_t i = 0; i < p->disposition_kinds; i++) {
        snprintf(line, sizeof line, "%lld", (long long)p->disposition_count[i]);
        page_field(&pg, PAGE_M, 200, p->dispositions[i], line);
    }
    chart_turnaround(&pg, p);
    page_heading(&pg, "Intakes by deputy");
    for (size_t i = 0; i < p->deputy_count; i++) {
        const struct records_deputy_count *d = &p->deputies[i];
        snprintf(line, sizeof line, "valid ID %lld (by hand %lld), known %lld, IAQ %lld",
                 (long long)d->exempt_id, (long long)d->exempt_id_manual,
                 (long long)d->exempt_known, (long long)d->iaq);
        page_field(&pg, PAGE_M, 200, d->badge, line);
    }
    page_heading(&pg, "Consular records by country");
    for (size_t i = 0; i < p->country_count; i++) {
        const struct records_country *c = &p->countries[i];
        char s1[64], s2[64];
        share(s1, sizeof s1, c->informed_24h, c->records);
        share(s2, sizeof s2, c->notified_72h, c->mandatory);
        snprintf(line, sizeof line,
                 "%lld records; informed within 24 h %s; notified within 72 h %s; late %lld; "
                 "outstanding %lld; requested %lld, declined %lld",
                 (long long)c->records, s1, s2, (long long)(c->late_informed + c->late_notified),
                 (long long)c->outstanding, (long long)c->requested, (long long)c->declined);
        page_field(&pg, PAGE_M, 60, c->code, line);
    }
    if (p->late_count) {
        page_heading(&pg, "Late consular steps (kept visible after they were recorded)");
        for (size_t i = 0; i < p->late_count; i++) {
            const struct records_late *l = &p->late[i];
            snprintf(line, sizeof line, "%-14s %-3s %-9s %-9s %lld h late", l->booking_number,
                     l->code, l->step, l->done ? "recorded" : "NOT DONE",
                     (long long)(l->late_by / KIOSK_MS_PER_HOUR));
            page_line(&pg, PAGE_M, PF_MONO, 8, line);
        }
    }
    snprintf(line, sizeof line, "%lld asked for their consulate to be notified, %lld declined",
             (long long)p->consular_requested, (long long)p->consular_declined);
    page_field(&pg, PAGE_M, 200, "Not mandatory: the wish", line);
    page_heading(&pg, "After ICE's answer");
    snprintf(line, sizeof line, "%lld due, %lld done (%lld late), %lld outstanding",
             (long long)p->dhs_due, (long long)p->dhs_done, (long long)p->dhs_done_late,
             (long long)p->dhs_outstanding);
    page_field(&pg, PAGE_M, 200, "DHS notified (RSMo 544.472)", line);
    snprintf(line, sizeof line, "%lld opened, %lld received, %lld awaiting receipt",
             (long long)p->detainers_opened, (long long)p->detainers_received,
             (long long)(p->detainers_opened - p->detainers_received));
    page_field(&pg, PAGE_M, 200, "Detainers", line);
    snprintf(line, sizeof line, "%lld (answered later %lld)", (long long)p->released,
             (long long)p->released_answered);
    page_field(&pg, PAGE_M, 200, "Released before an answer", line);
    if (p->dhs_late_count) {
        snprintf(line, sizeof line,
                 "Late DHS notifications (more than %d h after the answer; kept visible after "
                 "they were recorded)",
                 RECORDS_DHS_LATE_HOURS);
        page_heading(&pg, line);
        for (size_t i = 0; i < p->dhs_late_count; i++) {
            const struct records_late *l = &p->dhs_late[i];
            snprintf(line, sizeof line, "%-14s %-9s %lld h late", l->booking_number,
                     l->done ? "recorded" : "NOT DONE",
                     (long long)(l->late_by / KIOSK_MS_PER_HOUR));
            page_line(&pg, PAGE_M, PF_MONO, 8, line);
        }
    }
    return page_close(&pg, path, msg, msg_len);
}
