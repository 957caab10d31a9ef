/* ID without barcode (passport, passport card, permanent-resident card,
 * military ID). Whether a hand-entered document counts as a valid ID is a
 * rule for the core, which does not have it yet (intake_add accepts only a
 * parsed barcode with the core's verdict); until it does, this screen says
 * so plainly and offers the two paths that remain. */
#include "ui/app.h"

#include <string.h>

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    w_status(c, body.x, body.y, UI_FONT_BOLD, THEME_WARN,
             "Hand entry of documents without a barcode is not available yet.");
    ui_cut_top(&body, ui_font_h(c, UI_FONT_BOLD) + pad * 3);
    int used = w_label_wrap(
        c, ui_rect(body.x, body.y, body.w * 2 / 3, body.h / 2), UI_FONT_BODY, t->text,
        "A passport, passport card, permanent-resident card or military ID cannot be recorded "
        "as an exemption on this kiosk yet. If you personally know the person's status, use "
        "\"Personally known\". Otherwise continue to the ICE status check; you can put the "
        "alien registration number from a permanent-resident card in the form.");
    ui_cut_top(&body, used + pad * 2);
    int bh = theme_primary_h(c), bw = ui_px(c, 420);
    if (w_button(c, ui_rect(body.x, body.y, bw, bh), "Continue to ICE status check", W_PRIMARY)) {
        memset(&a->flow.iaq, 0, sizeof a->flow.iaq);
        memcpy(a->flow.iaq.offense, a->flow.charges[0], sizeof a->flow.iaq.offense);
        a->flow.have_doc = false;
        app_pop(a);
        app_push(a, SCREEN_IAQ);
    }
    if (w_button(c, ui_rect(body.x + bw + pad, body.y, bw, bh), "Personally known", W_NORMAL)) {
        app_pop(a);
        app_push(a, SCREEN_KNOWN);
    }
}

const struct screen screen_manualid = {
    .title = "ID without barcode",
    .roles = AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR,
    .frame = frame,
};
