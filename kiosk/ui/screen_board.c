/* Status board for booking staff: every open request oldest first with its
 * state, age and the clock that matters now (computed by the core), overdue
 * items marked loudly in colour and words; a filter by state; consular items
 * due. Tap a row for the timeline (screen_detail.c). The list is re-read on
 * entry, after actions and every 15 seconds, never per frame. */
#include "ui/answer.h"
#include "ui/app.h"
#include "ui/code_search.h"

#include "core/codes.h"

#include <ctype.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BOARD_REFRESH_MS 15000

static void board_free(struct board_state *b)
{
    free(b->rows);
    b->rows = NULL;
    b->nrows = 0;
    free(b->consular);
    b->consular = NULL;
    b->nconsular = 0;
}

static void load(struct app *a)
{
    struct board_state *b = &a->board;
    board_free(b);
    if (request_list(a->st, &a->actor, b->filter, &b->rows, &b->nrows) != 0) {
        b->rows = NULL;
        b->nrows = 0;
    }
    if (consular_due(a->st, &a->actor, &b->consular, &b->nconsular) != 0) {
        b->consular = NULL;
        b->nconsular = 0;
    }
    b->loaded = app_now(a);
}

static void enter(struct app *a)
{
    store_settings_get(a->st, &a->settings);
    load(a);
}

static void leave(struct app *a)
{
    board_free(&a->board);
}

/* Status words and colour for a row: the clock decides overdue; an answer
 * is shown as the outcome, coloured by its meaning. */
static enum theme_status row_status(const struct request_row *r, char *words, size_t len)
{
    const char *state = answer_state_words(r->state);
    if (r->clocks.overdue) {
        snprintf(words, len, "OVERDUE \xc2\xb7 %s", state);
        return THEME_BAD;
    }
    if (r->state == REQUEST_RESPONDED || (r->state == REQUEST_CLOSED && r->disposition[0])) {
        snprintf(words, len, "%s", answer_button(r->disposition));
        return answer_status(r->disposition);
    }
    snprintf(words, len, "%s", state);
    if (r->state == REQUEST_NEEDS_INFO)
        return THEME_WARN;
    return THEME_INFO;
}

static const char *clock_label(enum request_clock k)
{
    switch (k) {
    case CLOCK_QUEUE:
        return "send to MULES";
    case CLOCK_RESPONSE:
        return "ICE answer";
    case CLOCK_STATUTORY:
        return "48 h (RSMo 544.472)";
    default:
        return "";
    }
}

void screen_board_draw_row(struct app *a, const struct request_row *r, struct ui_rect row)
{
    struct ui_ctx *c = &a->ui;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    kiosk_ms_t now = app_now(a);
    char words[48], age[32], line[160], due[96];
    enum theme_status st = row_status(r, words, sizeof words);
    int y = row.y + ui_px(c, 4);
    int x = row.x + pad;
    int sw = w_status(c, x, y, UI_FONT_BOLD, st, words);
    int col2 = row.x + row.w * 30 / 100;
    if (col2 < x + sw + pad)
        col2 = x + sw + pad; /* never under the badge */
    snprintf(line, sizeof line, "#%lld  booking %s", (long long)r->id, r->booking_number);
    ui_text(c, col2, y, UI_FONT_BOLD, t->text, line);
    ui_text(c, col2, y + ui_font_h(c, UI_FONT_BOLD), UI_FONT_SMALL, t->text_dim,
            r->ncic_name[0] ? r->ncic_name : "(name removed by retention)");
    int col3 = row.x + row.w * 62 / 100;
    /* The age runs from the booking (when the request was first queued); a
     * re-queue after "needs info" restarts the queue clock, not the age. */
    app_format_age(now - (r->booked ? r->booked : r->queued), age, sizeof age);
    snprintf(line, sizeof line, "age %s", age);
    ui_text(c, col3, y, UI_FONT_BODY, t->text, line);
    if (r->clocks.clock != CLOCK_NONE) {
        kiosk_ms_t left = r->clocks.due - now;
        app_format_age(left < 0 ? -left : left, age, sizeof age);
        snprintf(due, sizeof due, "%s: %s %s", clock_label(r->clocks.clock), age,
                 left < 0 ? "late" : "left");
        ui_text(c, col3, y + ui_font_h(c, UI_FONT_BOLD), UI_FONT_SMALL,
                r->clocks.overdue ? t->bad_text : t->text_dim, due);
        if (r->clocks.overdue)
            ui_fill(c, ui_rect(row.x, row.y, ui_px(c, 6), row.h), t->bad);
    } else if (r->dhs_due && !r->dhs_done) { /* issue 10: RSMo 544.472 */
        ui_text(c, col3, y + ui_font_h(c, UI_FONT_BOLD), UI_FONT_SMALL, t->bad_text,
                "Unlawfully present: notify DHS now");
        ui_fill(c, ui_rect(row.x, row.y, ui_px(c, 6), row.h), t->bad);
    } else if (r->state == REQUEST_RESPONDED) {
        ui_text(c, col3, y + ui_font_h(c, UI_FONT_BOLD), UI_FONT_SMALL, t->ok_text,
                r->detainer && !r->detainer_received ? "ICE answered: detainer to follow"
                                                     : "ICE answered: acknowledge to close");
    }
    if (r->released) { /* issue 10: released before an answer (policy B.5) */
        char head[64];
        snprintf(head, sizeof head, "#%lld  booking %s", (long long)r->id, r->booking_number);
        ui_text(c, col2 + ui_text_w(c, UI_FONT_BOLD, head) + 2 * pad, y, UI_FONT_SMALL, t->warn,
                "released");
    }
}

static void draw_row(struct ui_ctx *c, void *user, int i, struct ui_rect r, bool focused)
{
    struct app *a = user;
    screen_board_draw_row(a, &a->board.rows[i], r);
    (void)c;
    (void)focused;
}

/* The country's name for an NCIC code, as people write it: the State
 * Department's name from the consular table, else the NCIC name in title
 * case ("MEXICO" -> "Mexico"; "of", "and", "the" in lower case); "" when
 * the code is unknown. */
static const char *country_name(const char *code, char *buf, size_t len)
{
    buf[0] = '\0';
    const struct code_consular *cc = codes_consular_find(code);
    if (cc && cc->country[0]) {
        snprintf(buf, len, "%s", cc->country);
        return buf;
    }
    const struct code_place *p = codes_place_find(code);
    if (!p)
        return buf;
    code_place_short_name(p, buf, len);
    bool start = true;
    for (char *q = buf; *q; q++) {
        if (*q == ' ' || *q == '-') {
            start = true;
            continue;
        }
        bool small = q > buf && (strncmp(q, "OF ", 3) == 0 || strncmp(q, "AND ", 4) == 0 ||
                                 strncmp(q, "THE ", 4) == 0);
        if (!start || small)
            *q = (char)tolower((unsigned char)*q);
        if (small)
            while (q[1] && q[1] != ' ')
                q++, *q = (char)tolower((unsigned char)*q);
        start = false;
    }
    return buf;
}

/* The core's status and times in words; nothing is decided here. */
void screen_board_consular_words(struct app *a, const struct consular_record *r, char *buf,
                                 size_t len)
{
    kiosk_ms_t now = app_now(a);
    char nat[160] = "", when[32], span[32];
    /* Country names beside the codes: "Mexico (MM)". */
    for (int i = 0; i < IAQ_NATIONALITY_MAX && r->nationality[i][0]; i++) {
        size_t n = strlen(nat);
        char name[64];
        if (country_name(r->nationality[i], name, sizeof name)[0])
            snprintf(nat + n, sizeof nat - n, "%s%s (%s)", i ? ", " : "", name, r->nationality[i]);
        else
            snprintf(nat + n, sizeof nat - n, "%s%s", i ? ", " : "", r->nationality[i]);
    }
    const char *todo = !r->informed ? "inform the person of the right to consular notification"
                                    : "notify the consulate";
    if (r->status == CONSULAR_OVERDUE) {
        app_format_time(r->overdue_at, true, when, sizeof when);
        app_format_age(now - r->overdue_at, span, sizeof span);
        snprintf(buf, len, "Booking %s, %s: %s \xe2\x80\x94 OVERDUE since %s (%s late).",
                 r->booking_number, nat, todo, when, span);
    } else if (r->mandatory && r->overdue_at > 0) {
        app_format_time(r->overdue_at, true, when, sizeof when);
        app_format_age(r->overdue_at - now, span, sizeof span);
        snprintf(buf, len, "Booking %s, %s: %s \xe2\x80\x94 due by %s (%s left)%s.",
                 r->booking_number, nat, todo, when, span,
                 r->status == CONSULAR_ESCALATE ? ", escalated" : "");
    } else {
        snprintf(buf, len, "Booking %s, %s: %s \xe2\x80\x94 due now, no set deadline.",
                 r->booking_number, nat, todo);
    }
}

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    struct board_state *b = &a->board;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    if (app_now(a) - b->loaded >= BOARD_REFRESH_MS)
        load(a);

    static const struct {
        const char *label;
        enum request_state state;
    } filters[] = {{"All open", 0},
                   {"Queued", REQUEST_QUEUED},
                   {"Sent", REQUEST_TRANSMITTED},
                   {"Answered", REQUEST_RESPONDED},
                   {"Needs info", REQUEST_NEEDS_INFO}};
    int nf = (int)(sizeof filters / sizeof filters[0]);
    struct ui_rect bar = ui_cut_top(&body, theme_row_h(c));
    ui_cut_top(&body, pad);
    /* issue 10: find intakes by booking number and name */
    struct ui_rect findb = ui_cut_right(&bar, ui_px(c, 130));
    ui_cut_right(&bar, pad);
    if (w_button(c, findb, "Find\xe2\x80\xa6", W_NORMAL)) {
        screen_find_reset();
        app_push(a, SCREEN_FIND);
    }
    int fw = (bar.w - (nf - 1) * pad) / nf;
    for (int i = 0; i < nf; i++) {
        if (w_button_n(c, ui_rect(bar.x + i * (fw + pad), bar.y, fw, bar.h), filters[i].label, i,
                       b->filter == filters[i].state ? W_PRIMARY : W_NORMAL)) {
            b->filter = filters[i].state;
            b->list.first = 0;
            load(a);
        }
    }
    size_t overdue = 0;
    for (size_t i = 0; i < b->nrows; i++)
        overdue += b->rows[i].clocks.overdue;
    char sum[128];
    snprintf(sum, sizeof sum, "%zu open \xc2\xb7 %zu overdue", b->nrows, overdue);
    struct ui_rect head = ui_cut_top(&body, ui_font_h(c, UI_FONT_BOLD) + ui_px(c, 10));
    w_status(c, head.x, head.y, UI_FONT_BOLD, overdue ? THEME_BAD : THEME_OK, sum);

    struct ui_rect cons = {0};
    if (b->nconsular > 0)
        cons = ui_cut_bottom(&body,
                             ui_font_h(c, UI_FONT_BOLD) + ui_font_h(c, UI_FONT_BODY) * 2 + pad * 3);
    int row_h = ui_font_h(c, UI_FONT_BOLD) + ui_font_h(c, UI_FONT_SMALL) + ui_px(c, 14);
    if (row_h < 48)
        row_h = 48;
    int pick = w_list(c, body, &b->list, (int)b->nrows, row_h, "board", draw_row, a);
    if (pick >= 0) {
        b->detail_id = b->rows[pick].id;
        app_push(a, SCREEN_DETAIL);
    }
    if (b->nconsular > 0) {
        ui_fill(c, cons, t->panel);
        const struct consular_record *r = &b->consular[0];
        enum theme_status st = r->status == CONSULAR_OVERDUE    ? THEME_BAD
                               : r->status == CONSULAR_ESCALATE ? THEME_WARN
                                                                : THEME_INFO;
        char chead[64], what[320];
        snprintf(chead, sizeof chead, "Consular: %zu due", b->nconsular);
        screen_board_consular_words(a, r, what, sizeof what);
        w_status(c, cons.x + pad, cons.y + pad, UI_FONT_BOLD, st, chead);
        /* The words wrap left of the button, inside the banner. */
        struct ui_rect tr = ui_inset(cons, pad);
        ui_cut_top(&tr, ui_font_h(c, UI_FONT_BOLD) + pad / 2);
        if (app_has_role(a, AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR))
            ui_cut_right(&tr, ui_px(c, 260) + pad);
        w_label_wrap(c, tr, UI_FONT_BODY, r->status == CONSULAR_OVERDUE ? t->bad_text : t->text,
                     what);
        if (app_has_role(a, AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR)) {
            struct ui_rect ob =
                ui_rect(cons.x + cons.w - ui_px(c, 260) - pad,
                        cons.y + (cons.h - theme_row_h(c)) / 2, ui_px(c, 260), theme_row_h(c));
            if (w_button(c, ob, "Open consular step", W_NORMAL)) {
                app_flow_reset(a);
                a->flow.intake_id = r->intake_id;
                app_push(a, SCREEN_CONSULAR);
            }
        }
    }
}

const struct screen screen_board = {
    .title = "Status board",
    .roles = AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR | AUTH_ROLE_COMMS | AUTH_ROLE_ADMIN,
    .enter = enter,
    .frame = frame,
    .leave = leave,
};
