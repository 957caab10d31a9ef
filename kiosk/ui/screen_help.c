/* Help screen: the department's immigration-status policy in plain words
 * (from the policy text, shared/policy/immigration-status-policy.txt), and
 * where U and T visa certification requests go. */
#include "ui/app.h"

static const char help_text[] =
    "Who gets a check. Every person presented for incarceration, and no one else. "
    "Never use the kiosk for victims or witnesses.\n"
    "\n"
    "No check is needed when the person presents a valid Federal or State government "
    "ID (scan the back of the licence or ID card), or when you personally know the "
    "person's immigration status (you attest to it; a supervisor may have to co-sign).\n"
    "\n"
    "Otherwise fill in the ICE status check (IAQ): name, date of birth, sex, place of "
    "birth, the offense and its NCIC code, and if possible the mother's maiden name and "
    "father's last name. The kiosk queues it; the Communications Center keys it into "
    "MULES; ICE normally answers within one hour. Missouri law (RSMo 544.472) wants the "
    "query within 48 hours of booking.\n"
    "\n"
    "Equal treatment. Treat everyone equally, without regard to race, color or national "
    "origin. The kiosk asks for none of these.\n"
    "\n"
    "Do not hold anyone longer only to check status. No arrest or detention for "
    "immigration status alone: there must be a Missouri charge, a federal warrant, or an "
    "ICE-authorised detainer.\n"
    "\n"
    "Consular notification. Tell every foreign national (by nationality) of the right to "
    "have the consulate notified. For mandatory-notification countries notify the "
    "consulate without delay, whatever the person wants. The kiosk records who, when, "
    "how and which consulate.\n";

static const char visa_text[] =
    "U and T visas: a victim or witness asking for help with a U visa (crime victims) or "
    "T visa (human trafficking) certification \xe2\x80\x94 forward the request to the DETECTIVE "
    "DIVISION in a timely manner. The kiosk records nothing about victims or witnesses.";

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    /* Where U/T visa requests go comes first: it must never be cut off. */
    struct ui_rect visa = ui_cut_top(&body, ui_font_h(c, UI_FONT_BOLD) * 3 + pad * 2);
    ui_fill(c, visa, t->banner);
    ui_frame(c, visa, t->warn, 2);
    w_label_wrap(c, ui_inset(visa, pad), UI_FONT_BOLD, t->text, visa_text);
    ui_cut_top(&body, pad);
    ui_fill(c, body, t->panel);
    struct ui_rect in = ui_inset(body, pad * 2);
    ui_clip(c, body);
    w_label_wrap(c, in, c->height >= 900 ? UI_FONT_BODY : UI_FONT_SMALL, t->text, help_text);
    ui_unclip(c);
}

const struct screen screen_help = {
    .title = "Help",
    .roles = 0,
    .frame = frame,
};
