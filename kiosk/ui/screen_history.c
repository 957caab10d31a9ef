/* History: every intake (exemptions included) and request, newest first,
 * filtered by period (today, this or the last shift, 7 or 30 days, all), basis,
 * state and deputy (all or mine) and searched by booking number or name
 * (records_list); a tapped row shows the intake's full timeline
 * (records_timeline) beside the list. Read-only for everyone (auditors
 * included); the core audits every listing and timeline as a view. */
#include "ui/answer.h"
#include "ui/app.h"
#include "ui/audit_words.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *label;
    int days;  /* 0 = all (or a shift) */
    int shift; /* 1 = the current shift, 2 = the one before (records_shift_bounds) */
} ranges[] = {{"Today", 1, 0},  {"This shift", 0, 1}, {"Last shift", 0, 2},
              {"7 days", 7, 0}, {"30 days", 30, 0},   {"All time", 0, 0}};
#define NRANGES ((int)(sizeof ranges / sizeof ranges[0]))

static const char *const basis_labels[] = {"Any basis", "By ID", "Known", "IAQ"};
static const struct {
    const char *label, *state; /* state "" = any */
} states[] = {{"Any state", ""},
              {"Open", "open"},
              {"Exempt", "exempt"},
              {"Closed", "closed"},
              {"Cancelled", "cancelled"}};
#define NSTATES ((int)(sizeof states / sizeof states[0]))

static void unload_timeline(struct history_state *h)
{
    free(h->events);
    h->events = NULL;
    h->nevents = 0;
    h->selected = 0;
}

static void load(struct app *a)
{
    struct history_state *h = &a->history;
    free(h->rows);
    h->rows = NULL;
    h->nrows = 0;
    struct records_filter f = {0};
    if (ranges[h->range].days) /* from local midnight, days - 1 days back */
        records_day_start(app_zone(), app_now(a), 1 - ranges[h->range].days, &f.from);
    else if (ranges[h->range].shift) /* 07:00 and 19:00 in the kiosk's zone */
        records_shift_bounds(app_zone(), app_now(a), ranges[h->range].shift - 1, &f.from, &f.to);
    f.basis = (enum intake_basis)h->basis;
    snprintf(f.state, sizeof f.state, "%s", states[h->state].state);
    snprintf(f.search, sizeof f.search, "%s", h->search);
    if (h->mine)
        snprintf(f.deputy, sizeof f.deputy, "%s", a->actor.badge);
    f.limit = 2000;
    h->refused = records_list(a->st, &a->actor, &f, &h->rows, &h->nrows) != 0;
    h->list.first = 0;
}

static void select_row(struct app *a, const struct records_row *r)
{
    struct history_state *h = &a->history;
    unload_timeline(h);
    h->sel_row = *r;
    if (records_timeline(a->st, &a->actor, r->intake_id, &h->events, &h->nevents) == 0)
        h->selected = r->intake_id;
    else
        app_toast(a, THEME_BAD, "The timeline of intake %lld could not be read.",
                  (long long)r->intake_id);
}

static void enter(struct app *a)
{
    struct history_state *h = &a->history;
    unload_timeline(h);
    load(a);
}

static void leave(struct app *a)
{
    struct history_state *h = &a->history;
    unload_timeline(h);
    free(h->rows);
    h->rows = NULL;
    h->nrows = 0;
}

static const char *basis_word(const struct records_row *r)
{
    switch (r->basis) {
    case INTAKE_EXEMPT_ID:
        return r->manual_document ? "ID (hand)" : "ID";
    case INTAKE_EXEMPT_KNOWN:
        return "Known";
    case INTAKE_IAQ:
        return "IAQ";
    }
    return "?";
}

static void draw_row(struct ui_ctx *c, void *user, int i, struct ui_rect r, bool focused)
{
    struct app *a = user;
    const struct theme *t = theme_get();
    const struct records_row *row = &a->history.rows[i];
    char when[32], line[256];
    app_format_time(row->created, true, when, sizeof when);
    /* Two lines in proportional type that fit a third of a 1024-pixel
     * screen: booking, basis, state; then the person and the time. */
    enum request_state rs = request_state_parse(row->state);
    snprintf(line, sizeof line, "%s \xc2\xb7 %s \xc2\xb7 %s", row->booking_number, basis_word(row),
             rs                                  ? answer_state_words(rs)
             : strcmp(row->state, "exempt") == 0 ? "Exempt"
                                                 : row->state);
    int pad = theme_pad(c);
    int y = r.y + ui_px(c, 4);
    if (row->intake_id == a->history.selected)
        ui_frame(c, r, t->focus, ui_px(c, 3));
    ui_text(c, r.x + pad, y, UI_FONT_BOLD, t->text, line);
    const char *who = row->ncic_name[0] ? row->ncic_name
                      : row->purged     ? "(personal data purged)"
                                        : "";
    /* The parts there are, joined by middle dots. */
    const char *parts[] = {row->held ? "LEGAL HOLD" : "", who, row->nationality, when};
    line[0] = '\0';
    for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
        size_t n = strlen(line);
        if (parts[k][0])
            snprintf(line + n, sizeof line - n, "%s%s", n ? " \xc2\xb7 " : "", parts[k]);
    }
    ui_text(c, r.x + pad, y + ui_font_h(c, UI_FONT_BOLD), UI_FONT_SMALL,
            row->held ? t->warn : t->text_dim, line);
    (void)focused;
}

static void draw_timeline(struct app *a, struct ui_rect right)
{
    struct ui_ctx *c = &a->ui;
    struct history_state *h = &a->history;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    /* Auditors read; the slip is for booking staff (the core checks too). */
    if (h->selected && app_has_role(a, AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR | AUTH_ROLE_ADMIN)) {
        struct ui_rect pb = ui_cut_bottom(&right, theme_row_h(c));
        ui_cut_bottom(&right, pad);
        if (w_button(c, pb, "Print slip", W_NORMAL))
            app_print_slip(a, h->selected);
    }
    ui_fill(c, right, t->panel);
    struct ui_rect tl = ui_inset(right, pad);
    if (!h->selected) {
        w_label_wrap(c, tl, UI_FONT_BODY, t->text_dim,
                     "Tap an intake to see its timeline: who did what, when.");
        return;
    }
    char line[320];
    const struct records_row *r = &h->sel_row;
    snprintf(line, sizeof line, "Intake %lld \xc2\xb7 %s", (long long)r->intake_id,
             r->booking_number);
    ui_text(c, tl.x, tl.y, UI_FONT_BOLD, t->text, line);
    ui_cut_top(&tl, ui_font_h(c, UI_FONT_BOLD));
    enum request_state rs = request_state_parse(r->state);
    snprintf(line, sizeof line, "%s%s%s%s%s", history_basis_words(r->basis),
             r->request_id ? " \xc2\xb7 " : "",
             r->request_id ? (rs ? answer_state_words(rs) : r->state) : "",
             r->disposition[0] ? " \xc2\xb7 " : "",
             r->disposition[0] ? answer_words(r->disposition) : "");
    ui_text(c, tl.x, tl.y, UI_FONT_SMALL, t->text_dim, line);
    ui_cut_top(&tl, ui_font_h(c, UI_FONT_SMALL) + pad);
    for (size_t i = 0; i < h->nevents && tl.h > ui_font_h(c, UI_FONT_BODY) * 2; i++) {
        const struct records_event *e = &h->events[i];
        char when[32];
        app_format_time(e->at, true, when, sizeof when);
        char what[80], det[200];
        /* The event in words, then when, by whom and its details. */
        snprintf(line, sizeof line, "%s", history_what_words(e->what, what, sizeof what));
        ui_text(c, tl.x, tl.y, UI_FONT_BOLD, t->text, line);
        ui_cut_top(&tl, ui_font_h(c, UI_FONT_BOLD));
        snprintf(line, sizeof line, "%s%s%s%s%s", when, e->actor_badge[0] ? " \xc2\xb7 by " : "",
                 e->actor_badge, e->details[0] ? " \xc2\xb7 " : "",
                 answer_event_words(e->details, det, sizeof det));
        /* Wrapped (at most two lines) rather than cut at the panel's edge. */
        int used =
            w_label_wrap(c, ui_rect(tl.x + pad, tl.y, tl.w - pad, ui_font_h(c, UI_FONT_SMALL) * 2),
                         UI_FONT_SMALL, t->text_dim, line);
        ui_cut_top(&tl, used + pad);
    }
}

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    struct history_state *h = &a->history;
    int pad = theme_pad(c);
    /* Filters: search, period, basis, state. */
    struct ui_rect row = ui_cut_top(&body, w_textfield_h(c));
    struct w_field f = {
        .label = "Search booking number or name", .buf = h->search, .cap = sizeof h->search};
    int fw = row.w * 36 / 100;
    if (w_textfield(c, ui_rect(row.x, row.y, fw, row.h), &f))
        load(a);
    int bx = row.x + fw + pad, by = row.y + ui_font_h(c, UI_FONT_SMALL);
    int bw = (row.w - fw - pad * 6) / 5, bh = theme_row_h(c);
    if (w_button(c, ui_rect(bx, by, bw, bh), "Search", W_PRIMARY))
        load(a);
    bx += bw + pad;
    if (w_button(c, ui_rect(bx, by, bw, bh), ranges[h->range].label, W_NORMAL)) {
        h->range = (h->range + 1) % NRANGES;
        load(a);
    }
    bx += bw + pad;
    if (w_button(c, ui_rect(bx, by, bw, bh), basis_labels[h->basis], W_NORMAL)) {
        h->basis = (h->basis + 1) % 4;
        load(a);
    }
    bx += bw + pad;
    if (w_button(c, ui_rect(bx, by, bw, bh), states[h->state].label, W_NORMAL)) {
        h->state = (h->state + 1) % NSTATES;
        load(a);
    }
    bx += bw + pad;
    if (w_button(c, ui_rect(bx, by, bw, bh), h->mine ? "Mine" : "All staff", W_NORMAL)) {
        h->mine = !h->mine;
        load(a);
    }
    ui_cut_top(&body, pad);
    if (h->refused) {
        w_status(c, body.x, body.y, UI_FONT_BOLD, THEME_BAD, "Your role may not see the history.");
        return;
    }
    struct ui_rect right = ui_cut_right(&body, body.w * 42 / 100);
    ui_cut_right(&body, pad);
    int rh = ui_font_h(c, UI_FONT_MONO) + ui_font_h(c, UI_FONT_SMALL) + ui_px(c, 12);
    int chosen = w_list(c, body, &h->list, (int)h->nrows, rh, "history", draw_row, a);
    if (chosen >= 0)
        select_row(a, &h->rows[chosen]);
    draw_timeline(a, right);
}

const struct screen screen_history = {
    .title = "History",
    .roles = AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR | AUTH_ROLE_ADMIN | AUTH_ROLE_AUDITOR,
    .enter = enter,
    .frame = frame,
    .leave = leave,
};
