/* Personally known: the member attests that they know the person's
 * immigration status, with the reason; when the setting requires it, a
 * supervisor co-signs with badge and PIN on this kiosk; the nationality step
 * feeds the consular record. The core checks the
 * roles and records the exemption (intake_add, basis exempt_known). */
#include "ui/app.h"

#include "core/kiosk_err.h"

#include <stdio.h>
#include <string.h>

static void enter(struct app *a)
{
    store_settings_get(a->st, &a->settings);
}

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    struct intake_flow *f = &a->flow;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    struct ui_rect kb = {0};
    if (a->osk)
        kb = ui_cut_bottom(&body, w_keyboard_h(c));
    struct ui_rect left = ui_cut_left(&body, body.w * 60 / 100);
    ui_cut_left(&body, pad * 2);

    char attest[200];
    snprintf(attest, sizeof attest, "I, %s, personally know this person's immigration status.",
             a->actor.name);
    w_label_wrap(c, ui_cut_top(&left, ui_font_h(c, UI_FONT_BOLD) * 2), UI_FONT_BOLD, t->text,
                 attest);
    ui_cut_top(&left, pad);
    struct w_field rf = {.label = "How you know (required)",
                         .buf = f->known_reason,
                         .cap = sizeof f->known_reason,
                         .hint = "e.g. booked him last month, status verified by ICE"};
    w_textfield(c, ui_cut_top(&left, w_textfield_h(c)), &rf);
    ui_cut_top(&left, pad);
    /* The supervisor co-signed this reason: a changed reason voids it. */
    if (a->cosigner.user_id && strcmp(f->known_reason, f->cosigned_reason) != 0) {
        memset(&a->cosigner, 0, sizeof a->cosigner);
        app_toast(a, THEME_WARN, "The reason changed: the supervisor must co-sign again.");
    }

    bool cosign = a->settings.cosign_required;
    if (cosign) {
        ui_text(c, left.x, left.y, UI_FONT_BOLD, t->text, "Supervisor co-sign (required here)");
        ui_cut_top(&left, ui_font_h(c, UI_FONT_BOLD) + pad / 2);
        if (a->cosigner.user_id) {
            char who[160];
            snprintf(who, sizeof who, "Co-signed by %s", a->cosigner.name);
            w_status(c, left.x, left.y, UI_FONT_BOLD, THEME_OK, who);
            ui_cut_top(&left, ui_font_h(c, UI_FONT_BOLD) + pad * 2);
        } else {
            /* Badge, PIN and the button on one row (room for the keys). */
            struct ui_rect r2 = ui_cut_top(&left, w_textfield_h(c));
            int bw = r2.w / 4;
            int fw = (r2.w - bw - 2 * pad) / 2;
            struct w_field bf = {.label = "Supervisor badge",
                                 .buf = f->cosign_badge,
                                 .cap = sizeof f->cosign_badge,
                                 .allow = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-",
                                 .upper = true};
            struct w_field pf = {.label = "Supervisor PIN",
                                 .buf = f->cosign_pin,
                                 .cap = sizeof f->cosign_pin,
                                 .allow = "0123456789",
                                 .masked = true};
            w_textfield(c, ui_rect(r2.x, r2.y, fw, r2.h), &bf);
            bool go = w_textfield(c, ui_rect(r2.x + fw + pad, r2.y, fw, r2.h), &pf);
            struct ui_rect br =
                ui_rect(r2.x + 2 * (fw + pad), r2.y + ui_font_h(c, UI_FONT_SMALL) + ui_px(c, 2),
                        r2.w - 2 * (fw + pad), theme_row_h(c));
            if (w_button(c, br, "Co-sign", W_NORMAL) || go) {
                struct auth_actor sup;
                int rc = auth_sign_in(a->st, f->cosign_badge, f->cosign_pin, &sup);
                memset(f->cosign_pin, 0, sizeof f->cosign_pin);
                if (rc != 0)
                    app_toast(a, THEME_BAD, "Co-sign refused: %s.",
                              rc == KIOSK_ERR_LOCKED ? "that user is locked"
                                                     : "wrong badge or PIN");
                else if (!(sup.role & AUTH_ROLE_SUPERVISOR))
                    app_toast(a, THEME_BAD, "Co-sign refused: %s is not a supervisor.", sup.name);
                else {
                    a->cosigner = sup;
                    snprintf(f->cosigned_reason, sizeof f->cosigned_reason, "%s", f->known_reason);
                }
            }
            ui_cut_top(&left, pad);
        }
    }
    /* The right side: nationality, then the one action. */
    ui_cut_top(&body, app_nationality_row(a, body) + pad);
    bool ok = f->known_reason[0] && (!cosign || a->cosigner.user_id);
    struct ui_rect b = ui_cut_top(&body, theme_primary_h(c));
    if (w_button(c, b, "Record exemption", ok ? W_OK : W_DISABLED))
        app_intake_submit(a, INTAKE_EXEMPT_KNOWN);
    ui_cut_top(&body, pad);
    w_label_wrap(c, body, UI_FONT_SMALL, t->text_dim,
                 "Your attestation is recorded under your name with the time. "
                 "If you are not sure, use the ICE status check instead.");
    if (a->osk)
        w_keyboard(c, kb);
}

const struct screen screen_known = {
    .title = "Personally known",
    .roles = AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR,
    .enter = enter,
    .frame = frame,
};
