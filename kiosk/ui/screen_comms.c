/* Communications Center queue: the open requests oldest first; one request
 * shown in IAQ field order in large monospace for keying into MULES, with
 * Mark transmitted (MULES reference), Acknowledged, Record response
 * (disposition + verbatim text) and Needs info. Every transition is the
 * core's (request_transmit/ack/respond/needs_info), which checks role and
 * state. */
#include "ui/answer.h"
#include "ui/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void list_free(struct comms_state *s)
{
    free(s->rows);
    s->rows = NULL;
    s->nrows = 0;
}

static void load_list(struct app *a)
{
    struct comms_state *s = &a->comms;
    list_free(s);
    if (request_list(a->st, &a->actor, 0, &s->rows, &s->nrows) != 0) {
        s->rows = NULL;
        s->nrows = 0;
    }
    s->loaded = app_now(a);
}

static void draw_row(struct ui_ctx *c, void *user, int i, struct ui_rect r, bool focused)
{
    struct app *a = user;
    screen_board_draw_row(a, &a->comms.rows[i], r);
    (void)c;
    (void)focused;
}

static void list_frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    struct comms_state *s = &a->comms;
    if (app_now(a) - s->loaded >= 15000)
        load_list(a);
    int row_h = ui_font_h(c, UI_FONT_BOLD) + ui_font_h(c, UI_FONT_SMALL) + ui_px(c, 14);
    int pick = w_list(c, body, &s->list, (int)s->nrows, row_h, "comms", draw_row, a);
    if (pick >= 0) {
        s->id = s->rows[pick].id;
        app_push(a, SCREEN_COMMS_ITEM);
    }
}

static void list_leave(struct app *a)
{
    list_free(&a->comms);
}

const struct screen screen_comms = {
    .title = "Comms queue",
    .roles = AUTH_ROLE_COMMS | AUTH_ROLE_SUPERVISOR,
    .enter = load_list,
    .frame = list_frame,
    .leave = list_leave,
};

static void load_item(struct app *a)
{
    struct comms_state *s = &a->comms;
    s->iaq_text[0] = 0;
    memset(&s->row, 0, sizeof s->row);
    struct request_detail d;
    if (request_get(a->st, &a->actor, s->id, &d) == 0) {
        s->row = d.row;
        request_detail_finish(&d);
    }
    /* issue 10: no IAQ without the ORI and desk phone: say what to configure */
    char why[256] = "";
    if (request_iaq_render(a->st, &a->actor, s->id, false, s->iaq_text, sizeof s->iaq_text, why,
                           sizeof why) < 0)
        snprintf(s->iaq_text, sizeof s->iaq_text, "%s",
                 why[0] ? why : "(the request text could not be rendered)");
}

static void item_enter(struct app *a)
{
    struct comms_state *s = &a->comms;
    s->mode = 0;
    s->disposition = -1;
    s->mules_ref[0] = s->response[0] = s->note[0] = 0;
    s->message[0] = 0;
    load_item(a);
}

static void done(struct app *a, int rc, const char *msg, const char *what)
{
    struct comms_state *s = &a->comms;
    if (rc == 0) {
        app_toast(a, THEME_OK, "Request %lld: %s.", (long long)s->id, what);
        s->mode = 0;
        load_item(a);
    } else {
        snprintf(s->message, sizeof s->message, "%s", msg && msg[0] ? msg : "Refused.");
        s->message_kind = THEME_BAD;
    }
}

static void item_frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    struct comms_state *s = &a->comms;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    struct ui_rect kb = {0};
    if (a->osk && s->mode != 0)
        kb = ui_cut_bottom(&body, w_keyboard_h(c));
    screen_board_draw_row(a, &s->row, ui_cut_top(&body, ui_font_h(c, UI_FONT_BOLD) * 2 + pad));
    ui_cut_top(&body, pad);
    /* Typing with the on-screen keys: the form takes the whole width (the
     * request text comes back with the keys hidden). */
    bool wide = a->osk && s->mode != 0;
    struct ui_rect right = wide ? body : ui_cut_right(&body, body.w * 42 / 100);
    if (!wide) {
        ui_cut_right(&body, pad);
        ui_fill(c, body, t->panel);
        struct ui_rect in = ui_inset(body, pad);
        int lh = ui_font_h(c, UI_FONT_MONO_LARGE);
        const char *p = s->iaq_text;
        while (*p && in.h >= lh) {
            const char *e = strchr(p, '\n');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            ui_textn(c, in.x, in.y, UI_FONT_MONO_LARGE, t->text, p, len);
            ui_cut_top(&in, lh);
            p += len + (e ? 1 : 0);
        }
    }

    /* A message goes under the buttons, never above them: nothing under the
     * finger moves when one appears. */
    if (s->message[0]) {
        w_message(c, ui_cut_bottom(&right, w_message_h(c)), s->message_kind, s->message);
        ui_cut_bottom(&right, pad);
    }
    int bh = theme_primary_h(c);
    enum request_state st = s->row.state;
    char msg[200] = "";
    if (s->mode == 0) {
        if (st == REQUEST_QUEUED &&
            w_button(c, ui_cut_top(&right, bh), "Mark transmitted", W_PRIMARY)) {
            s->mode = 1;
            ui_set_focus(c, ui_id(c, "MULES reference (as MULES shows it)", 0x7e47));
        }
        if (st == REQUEST_TRANSMITTED &&
            w_button(c, ui_cut_top(&right, bh), "Acknowledged by LESC", W_NORMAL))
            done(a, request_ack(a->st, &a->actor, s->id, msg, sizeof msg), msg, "acknowledged");
        ui_cut_top(&right, pad);
        if ((st == REQUEST_TRANSMITTED || st == REQUEST_ACKNOWLEDGED) &&
            w_button(c, ui_cut_top(&right, bh), "Record response", W_PRIMARY))
            s->mode = 2;
        ui_cut_top(&right, pad);
        if ((st == REQUEST_QUEUED || st == REQUEST_TRANSMITTED || st == REQUEST_ACKNOWLEDGED) &&
            w_button(c, ui_cut_top(&right, bh), "Needs info", W_NORMAL))
            s->mode = 3;
        if (!request_state_open(st) || st == REQUEST_RESPONDED || st == REQUEST_NEEDS_INFO)
            w_label_wrap(c, ui_rect(right.x, right.y + pad, right.w, right.h - pad), UI_FONT_BODY,
                         t->text_dim, "Nothing for the Communications Center to do here.");
    } else if (s->mode == 1) {
        struct w_field f = {.label = "MULES reference (as MULES shows it)",
                            .buf = s->mules_ref,
                            .cap = sizeof s->mules_ref,
                            .upper = true};
        bool go = w_textfield(c, ui_cut_top(&right, w_textfield_h(c)), &f);
        ui_cut_top(&right, pad);
        struct ui_rect brow = ui_cut_top(&right, theme_row_h(c));
        int bw = (brow.w - pad) / 2;
        if (w_button(c, ui_rect(brow.x, brow.y, bw, brow.h), "Cancel", W_NORMAL))
            s->mode = 0;
        if (w_button(c, ui_rect(brow.x + bw + pad, brow.y, bw, brow.h), "Confirm transmitted",
                     W_PRIMARY) ||
            go)
            done(a, request_transmit(a->st, &a->actor, s->id, s->mules_ref, msg, sizeof msg), msg,
                 "transmitted");
    } else if (s->mode == 2) {
        const char *const *d = request_dispositions();
        int n = 0;
        while (d[n])
            n++;
        int rh = theme_row_h(c);
        if (wide && s->disposition >= 0) {
            /* Keys up and an answer chosen: one line for it, room to type. */
            struct ui_rect row = ui_cut_top(&right, rh);
            struct ui_rect chg = ui_cut_right(&row, ui_px(c, 240));
            char line[96];
            snprintf(line, sizeof line, "Answer: %s", answer_button(d[s->disposition]));
            w_status(c, row.x, row.y + (rh - ui_font_h(c, UI_FONT_BOLD) - ui_px(c, 8)) / 2,
                     UI_FONT_BOLD, answer_status(d[s->disposition]), line);
            if (w_button(c, chg, "Change answer", W_NORMAL))
                s->disposition = -1;
            ui_cut_top(&right, pad);
        } else {
            int cols = wide ? 4 : 2;
            int cw = (right.w - (cols - 1) * pad) / cols;
            for (int i = 0; i < n; i++) {
                struct ui_rect r = ui_rect(right.x + (i % cols) * (cw + pad),
                                           right.y + (i / cols) * (rh + ui_px(c, 4)), cw, rh);
                if (w_button_n(c, r, answer_button(d[i]), i,
                               s->disposition == i ? W_PRIMARY : W_NORMAL))
                    s->disposition = i;
            }
            ui_cut_top(&right, ((n + cols - 1) / cols) * (rh + ui_px(c, 4)) + pad);
        }
        /* Several lines, kept verbatim: Enter is a new line here. */
        struct w_field f = {
            .label = "ICE's answer, word for word", .buf = s->response, .cap = sizeof s->response};
        /* As many lines as fit above the Save row (2 to 4). */
        int lines = (right.h - rh - pad - w_textarea_h(c, 0)) / ui_font_h(c, UI_FONT_MONO);
        lines = lines < 2 ? 2 : lines > 4 ? 4 : lines;
        w_textarea(c, ui_cut_top(&right, w_textarea_h(c, lines)), &f, lines);
        ui_cut_top(&right, pad);
        bool ok = s->disposition >= 0 && s->response[0];
        struct ui_rect brow = ui_cut_top(&right, rh);
        int bw = (brow.w - pad) / 2;
        if (w_button(c, ui_rect(brow.x, brow.y, bw, rh), "Cancel", W_NORMAL))
            s->mode = 0;
        if (w_button(c, ui_rect(brow.x + bw + pad, brow.y, bw, rh), "Save response",
                     ok ? W_PRIMARY : W_DISABLED)) {
            /* issue 10: an answer that names a country is a nationality
             * learned later: booking staff record it for the consular step */
            char code[4], what[160] = "response recorded";
            const char *cname = NULL;
            if (consular_country_in_text(s->response, code, &cname))
                snprintf(what, sizeof what,
                         "response recorded; it names %.40s (%s): booking staff record the "
                         "nationality (consular notification)",
                         cname, code);
            done(a,
                 request_respond(a->st, &a->actor, s->id, d[s->disposition], s->response, msg,
                                 sizeof msg),
                 msg, what);
        }
    } else {
        struct w_field f = {.label = "What is missing", .buf = s->note, .cap = sizeof s->note};
        w_textfield(c, ui_cut_top(&right, w_textfield_h(c)), &f);
        ui_cut_top(&right, pad);
        struct ui_rect brow = ui_cut_top(&right, theme_row_h(c));
        int bw = (brow.w - pad) / 2;
        if (w_button(c, ui_rect(brow.x, brow.y, bw, brow.h), "Cancel", W_NORMAL))
            s->mode = 0;
        if (w_button(c, ui_rect(brow.x + bw + pad, brow.y, bw, brow.h), "Send back for info",
                     s->note[0] ? W_PRIMARY : W_DISABLED))
            done(a, request_needs_info(a->st, &a->actor, s->id, s->note, msg, sizeof msg), msg,
                 "needs info");
    }
    if (a->osk && s->mode != 0)
        w_keyboard(c, kb);
}

const struct screen screen_comms_item = {
    .title = "Request for MULES",
    .roles = AUTH_ROLE_COMMS | AUTH_ROLE_SUPERVISOR,
    .enter = item_enter,
    .frame = item_frame,
};
