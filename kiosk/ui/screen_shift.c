/* Shift handover: what the outgoing shift leaves open, on one page
 * (records_report_shift): counts, then every item, overdue first, with the
 * clock that matters. Loaded on entry; read-only; audited as a view. */
#include "ui/app.h"

#include <stdio.h>
#include <string.h>

static void enter(struct app *a)
{
    struct shift_state *s = &a->shift;
    if (s->have_report)
        records_shift_finish(&s->report);
    s->have_report = records_report_shift(a->st, &a->actor, 0, &s->report) == 0;
    s->list.first = 0;
}

static void leave(struct app *a)
{
    struct shift_state *s = &a->shift;
    if (s->have_report)
        records_shift_finish(&s->report);
    s->have_report = false;
}

static const char *item_words(const char *what)
{
    if (!strcmp(what, "queued"))
        return "Queued for Comms";
    if (!strcmp(what, "awaiting_answer"))
        return "Sent, waiting for ICE";
    if (!strcmp(what, "answer_unread"))
        return "Answer not acknowledged";
    if (!strcmp(what, "needs_info"))
        return "Needs more information";
    if (!strcmp(what, "consular_inform"))
        return "Inform of consular right";
    if (!strcmp(what, "consular_notify"))
        return "Notify the consulate";
    if (!strcmp(what, "dhs_notify"))
        return "Notify DHS (RSMo 544.472)";
    if (!strcmp(what, "detainer_receipt"))
        return "Detainer awaiting receipt";
    return what;
}

static void draw_row(struct ui_ctx *c, void *user, int i, struct ui_rect r, bool focused)
{
    struct app *a = user;
    const struct theme *t = theme_get();
    const struct records_shift_item *it = &a->shift.report.items[i];
    char due[32] = "", age[32], line[256];
    if (it->due)
        app_format_time(it->due, true, due, sizeof due);
    app_format_age(a->shift.report.at - it->since, age, sizeof age);
    snprintf(line, sizeof line, "%-14s %-26s %-9s %s%s", it->booking_number, item_words(it->what),
             age, it->due ? (it->overdue ? "OVERDUE since " : "due ") : "", due);
    ui_text(c, r.x + theme_pad(c), r.y + (r.h - ui_font_h(c, UI_FONT_MONO)) / 2, UI_FONT_MONO,
            it->overdue ? t->warn : t->text, line);
    (void)focused;
}

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    struct shift_state *s = &a->shift;
    int pad = theme_pad(c);
    if (!s->have_report) {
        w_status(c, body.x, body.y, UI_FONT_BOLD, THEME_BAD, "The handover could not be read.");
        return;
    }
    const struct records_shift *r = &s->report;
    char line[256];
    snprintf(line, sizeof line,
             "%lld queued \xc2\xb7 %lld waiting for ICE \xc2\xb7 %lld answers not acknowledged "
             "\xc2\xb7 %lld need information",
             (long long)r->queued, (long long)r->in_flight, (long long)r->answers_unread,
             (long long)r->needs_info);
    w_status(c, body.x, body.y, UI_FONT_BOLD, r->overdue ? THEME_WARN : THEME_OK, line);
    ui_cut_top(&body, ui_font_h(c, UI_FONT_BOLD) + pad * 2);
    snprintf(line, sizeof line,
             "%lld overdue \xc2\xb7 consular: %lld to inform, %lld consulates to notify \xc2\xb7 "
             "DHS: %lld due \xc2\xb7 detainers: %lld awaited",
             (long long)r->overdue, (long long)r->consular_inform, (long long)r->consular_notify,
             (long long)r->dhs_due, (long long)r->detainers_pending);
    w_status(c, body.x, body.y, UI_FONT_BOLD,
             r->overdue || r->consular_inform || r->consular_notify || r->dhs_due ||
                     r->detainers_pending
                 ? THEME_WARN
                 : THEME_OK,
             line);
    ui_cut_top(&body, ui_font_h(c, UI_FONT_BOLD) + pad * 2);
    w_list(c, body, &s->list, (int)r->item_count, ui_font_h(c, UI_FONT_MONO) + ui_px(c, 12),
           "shift", draw_row, a);
}

const struct screen screen_shift = {
    .title = "Shift handover",
    .roles = AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR | AUTH_ROLE_ADMIN | AUTH_ROLE_AUDITOR,
    .enter = enter,
    .frame = frame,
    .leave = leave,
};
