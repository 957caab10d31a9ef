/* One request's detail for booking staff: its fields, ICE's answer when there
 * is one, and the timeline of every state change; "Acknowledge answer" closes
 * a responded request (request_close), "Send back to queue" re-queues one that
 * needed more information. The core checks role and state. */
#include "ui/answer.h"
#include "ui/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void unload(struct board_state *b)
{
    if (b->have_detail)
        request_detail_finish(&b->detail);
    b->have_detail = false;
    free(b->events);
    b->events = NULL;
    b->nevents = 0;
}

static void load(struct app *a)
{
    struct board_state *b = &a->board;
    unload(b);
    b->message[0] = 0;
    b->cancelling = false;
    if (request_get(a->st, &a->actor, b->detail_id, &b->detail) == 0)
        b->have_detail = true;
    if (request_events(a->st, &a->actor, b->detail_id, &b->events, &b->nevents) != 0) {
        b->events = NULL;
        b->nevents = 0;
    }
}

static void leave(struct app *a)
{
    unload(&a->board);
}

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    struct board_state *b = &a->board;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    if (!b->have_detail) {
        w_status(c, body.x, body.y, UI_FONT_BOLD, THEME_BAD, "This request could not be read.");
        return;
    }
    const struct request_row *r = &b->detail.row;
    screen_board_draw_row(a, r, ui_cut_top(&body, ui_font_h(c, UI_FONT_BOLD) * 2 + pad));
    ui_cut_top(&body, pad);
    struct ui_rect right = ui_cut_right(&body, body.w * 45 / 100);
    ui_cut_right(&body, pad);
    char line[320];
    if (r->state == REQUEST_RESPONDED || r->state == REQUEST_CLOSED) {
        /* The answer is the outcome: in words, coloured by meaning, with
         * the next step. */
        snprintf(line, sizeof line, "ICE answer: %s", answer_words(r->disposition));
        w_status(c, body.x, body.y, UI_FONT_LARGE, answer_status(r->disposition), line);
        ui_cut_top(&body, ui_font_h(c, UI_FONT_LARGE) + pad * 2);
        int used_next =
            w_label_wrap(c, ui_rect(body.x, body.y, body.w, ui_font_h(c, UI_FONT_BOLD) * 2),
                         UI_FONT_BOLD, t->text, answer_next_step(r->disposition));
        ui_cut_top(&body, used_next + pad);
        if (b->detail.response_text) {
            int used = w_label_wrap(c, ui_rect(body.x, body.y, body.w, body.h / 2), UI_FONT_MONO,
                                    t->text, b->detail.response_text);
            ui_cut_top(&body, used + pad);
        }
    }
    if (r->state == REQUEST_NEEDS_INFO) {
        snprintf(line, sizeof line, "Needs more information: %s", b->detail.needs_info_text);
        int used = w_label_wrap(c, ui_rect(body.x, body.y, body.w, ui_font_h(c, UI_FONT_BOLD) * 3),
                                UI_FONT_BOLD, t->warn, line);
        ui_cut_top(&body, used + pad);
    }
    if (b->message[0]) {
        w_message(c, ui_cut_top(&body, w_message_h(c)), b->message_kind, b->message);
        ui_cut_top(&body, pad);
    }
    /* issue 10: DHS notification, detainer, release before an answer */
    bool after = (r->dhs_due && !r->dhs_done) || (r->detainer && !r->detainer_received) ||
                 ((r->state == REQUEST_QUEUED || r->state == REQUEST_TRANSMITTED ||
                   r->state == REQUEST_ACKNOWLEDGED || r->state == REQUEST_NEEDS_INFO) &&
                  !r->released && app_has_role(a, AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR));
    if (after) {
        bool urgent = r->dhs_due && !r->dhs_done;
        if (w_button(c, ui_cut_top(&body, theme_row_h(c)),
                     urgent ? "Notify DHS (RSMo 544.472)\xe2\x80\xa6"
                            : "After ICE's answer\xe2\x80\xa6",
                     urgent ? W_PRIMARY : W_NORMAL))
            app_push(a, SCREEN_AFTER);
        ui_cut_top(&body, pad);
    }
    /* issue 10: a nationality the person (or ICE's answer) gives later */
    if (app_has_role(a, AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR) && !b->detail.purged) {
        if (w_button(c, ui_cut_top(&body, theme_row_h(c)), "Nationality learned later\xe2\x80\xa6",
                     W_NORMAL))
            app_push(a, SCREEN_NATLATER);
        ui_cut_top(&body, pad);
    }
    struct ui_rect act = ui_cut_bottom(&body, theme_primary_h(c));
    char msg[200] = "";
    if (r->state == REQUEST_RESPONDED && app_has_role(a, AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR)) {
        if (w_button(c, act, "Acknowledge answer and close", W_OK)) {
            if (request_close(a->st, &a->actor, r->id, msg, sizeof msg) == 0) {
                app_toast(a, THEME_OK, "Request %lld closed.", (long long)r->id);
                load(a);
            } else {
                snprintf(b->message, sizeof b->message, "%s", msg);
                b->message_kind = THEME_BAD;
            }
        }
    } else if (r->state == REQUEST_NEEDS_INFO &&
               app_has_role(a, AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR)) {
        int hw = (act.w - pad) / 2;
        if (w_button(c, ui_rect(act.x, act.y, hw, act.h), "Correct the request", W_PRIMARY)) {
            /* The IAQ form, filled with the request's fields; its review
             * screen then re-queues (request_requeue) instead of adding. */
            app_flow_reset(a);
            a->flow.iaq = b->detail.iaq;
            a->flow.requeue_id = r->id;
            snprintf(a->flow.booking, sizeof a->flow.booking, "%s", r->booking_number);
            app_push(a, SCREEN_IAQ);
        }
        if (w_button(c, ui_rect(act.x + hw + pad, act.y, hw, act.h), "Information given as is",
                     W_NORMAL)) {
            struct iaq_problems p = {0};
            if (request_requeue(a->st, &a->actor, r->id, NULL, &p, msg, sizeof msg) == 0) {
                app_toast(a, THEME_OK, "Request %lld is queued again.", (long long)r->id);
                load(a);
            } else {
                snprintf(b->message, sizeof b->message, "%s", msg[0] ? msg : "Not re-queued.");
                b->message_kind = THEME_BAD;
            }
        }
    }
    /* A supervisor cancels an open request, with a reason. */
    if (request_state_open(r->state) && app_has_role(a, AUTH_ROLE_SUPERVISOR)) {
        ui_cut_bottom(&body, pad);
        struct ui_rect cr = ui_cut_bottom(&body, b->cancelling ? w_textfield_h(c) : theme_row_h(c));
        if (!b->cancelling) {
            if (w_button(c, ui_rect(cr.x, cr.y, cr.w / 2, cr.h), "Cancel request\xe2\x80\xa6",
                         W_DANGER)) {
                b->cancelling = true;
                b->cancel_reason[0] = 0;
                ui_set_focus(c, ui_id(c, "Reason for cancelling", 0x7e47));
            }
        } else {
            struct w_field f = {.label = "Reason for cancelling",
                                .buf = b->cancel_reason,
                                .cap = sizeof b->cancel_reason};
            w_textfield(c, ui_rect(cr.x, cr.y, cr.w * 2 / 3, cr.h), &f);
            struct ui_rect bb =
                ui_rect(cr.x + cr.w * 2 / 3 + pad, cr.y + ui_font_h(c, UI_FONT_SMALL),
                        cr.w / 3 - pad, theme_row_h(c));
            if (w_button(c, bb, "Confirm cancel", b->cancel_reason[0] ? W_DANGER : W_DISABLED)) {
                if (request_cancel(a->st, &a->actor, r->id, b->cancel_reason, msg, sizeof msg) ==
                    0) {
                    app_toast(a, THEME_OK, "Request %lld cancelled.", (long long)r->id);
                    b->cancelling = false;
                    load(a);
                } else {
                    snprintf(b->message, sizeof b->message, "%s", msg[0] ? msg : "Not cancelled.");
                    b->message_kind = THEME_BAD;
                }
            }
        }
    }

    /* Timeline, and the slip of the intake for the booking file. */
    if (app_has_role(a, AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR | AUTH_ROLE_ADMIN)) {
        struct ui_rect pb = ui_cut_bottom(&right, theme_row_h(c));
        ui_cut_bottom(&right, pad);
        if (w_button(c, pb, "Print slip", W_NORMAL))
            app_print_slip(a, r->intake_id);
    }
    ui_fill(c, right, t->panel);
    struct ui_rect tl = ui_inset(right, pad);
    ui_text(c, tl.x, tl.y, UI_FONT_BOLD, t->text, "Timeline");
    ui_cut_top(&tl, ui_font_h(c, UI_FONT_BOLD) + pad);
    for (size_t i = 0; i < b->nevents && tl.h > ui_font_h(c, UI_FONT_BODY) * 2; i++) {
        const struct request_event *e = &b->events[i];
        char when[32];
        app_format_time(e->at, true, when, sizeof when);
        snprintf(line, sizeof line, "%s  %s", when, answer_state_words(e->to));
        ui_text(c, tl.x, tl.y, UI_FONT_BOLD, t->text, line);
        ui_cut_top(&tl, ui_font_h(c, UI_FONT_BOLD));
        char words[300];
        snprintf(line, sizeof line, "by %s%s%s", e->actor_badge, e->details[0] ? " \xc2\xb7 " : "",
                 answer_event_words(e->details, words, sizeof words));
        int used = w_label_wrap(c, ui_rect(tl.x + pad, tl.y, tl.w - pad, tl.h), UI_FONT_SMALL,
                                t->text_dim, line);
        ui_cut_top(&tl, used + pad);
    }
}

const struct screen screen_detail = {
    .title = "Request detail",
    .roles = AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR | AUTH_ROLE_COMMS | AUTH_ROLE_ADMIN,
    .enter = load,
    .frame = frame,
    .leave = leave,
};
