/* ID without barcode: a passport, passport card, permanent-resident card,
 * military ID, or a state licence or ID card whose barcode cannot be read,
 * entered by hand with the member's attestation. This screen only collects
 * (kind, issuer, number, expiry with the date stepper, nationality, the
 * attestation) and shows what the core says while it is filled in
 * (intake_manual_validate); "Record exemption" hands it to the core
 * (intake_add with a manual document), which decides. */
#include "ui/app.h"

#include "core/severity.h"
#include "core/tz.h"

#include "core/aamva.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static void enter(struct app *a)
{
    struct intake_flow *f = &a->flow;
    f->problems.count = 0;
    /* No default expiry: the deputy types it as printed ("Record
     * exemption" stays disabled until then). */
}

/* The kind picker: one button per kind, two columns. */
static void kinds(struct app *a, struct ui_rect *r)
{
    struct ui_ctx *c = &a->ui;
    struct intake_flow *f = &a->flow;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    ui_text(c, r->x, r->y, UI_FONT_SMALL, t->text_dim,
            "Document (no barcode, or its barcode cannot be read)");
    ui_cut_top(r, ui_font_h(c, UI_FONT_SMALL) + pad / 2);
    const char *const *k = intake_manual_kinds();
    int rh = theme_row_h(c), cw = (r->w - pad) / 2;
    int n = 0;
    while (k[n])
        n++;
    for (int i = 0; i < n; i++) {
        struct ui_rect b =
            ui_rect(r->x + (i % 2) * (cw + pad), r->y + (i / 2) * (rh + pad / 2), cw, rh);
        bool on = strcmp(f->manual_kind, k[i]) == 0;
        if (w_button_n(c, b, intake_manual_kind_label(k[i]), i, on ? W_PRIMARY : W_NORMAL)) {
            bool was_state = intake_manual_kind_is_state(f->manual_kind);
            snprintf(f->manual_kind, sizeof f->manual_kind, "%s", k[i]);
            /* Federal documents are issued by US; a state is typed. */
            if (!intake_manual_kind_is_state(k[i]))
                snprintf(f->manual_issuer, sizeof f->manual_issuer, "US");
            else if (!was_state)
                f->manual_issuer[0] = 0;
        }
    }
    ui_cut_top(r, ((n + 1) / 2) * (rh + pad / 2) + pad / 2);
}

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    struct intake_flow *f = &a->flow;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    /* The core's verdict on what is filled in so far (as the IAQ form). */
    struct intake_manual_doc m;
    memset(&m, 0, sizeof m);
    snprintf(m.kind, sizeof m.kind, "%s", f->manual_kind);
    snprintf(m.issuer, sizeof m.issuer, "%s", f->manual_issuer);
    snprintf(m.number, sizeof m.number, "%s", f->manual_number);
    snprintf(m.expires, sizeof m.expires, "%s", f->manual_expiry);
    m.attested = f->manual_attest;
    f->problems.count = 0;
    intake_manual_validate(&m, app_now(a), &f->problems);

    struct ui_rect kb = {0};
    if (a->osk)
        kb = ui_cut_bottom(&body, w_keyboard_h(c));
    struct ui_rect left = ui_cut_left(&body, body.w * 55 / 100);
    ui_cut_left(&body, pad * 2);

    /* With the on-screen keyboard up only the typed fields and the record
     * button fit; the kind grid and the stepper come back with "Hide keys". */
    bool compact = a->osk;
    /* Left: kind, issuer and number, expiry. */
    if (compact) {
        char line[96];
        const char *kl = intake_manual_kind_label(f->manual_kind);
        snprintf(line, sizeof line, "Document: %s", kl ? kl : "(choose with the keys hidden)");
        ui_text(c, left.x, left.y, UI_FONT_BOLD, t->text, line);
        ui_cut_top(&left, ui_font_h(c, UI_FONT_BOLD) + pad / 2);
    } else {
        kinds(a, &left);
    }
    struct ui_rect r2 = ui_cut_top(&left, w_textfield_h(c));
    bool state = intake_manual_kind_is_state(f->manual_kind);
    struct w_field isf = {.label = state ? "Issuing state" : "Issuer",
                          .buf = f->manual_issuer,
                          .cap = sizeof f->manual_issuer,
                          .allow = "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                          .upper = true,
                          .hint = state ? "e.g. MO" : "US"};
    struct w_field nf = {.label = "Document number",
                         .buf = f->manual_number,
                         .cap = sizeof f->manual_number,
                         .allow = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ -",
                         .upper = true,
                         .hint = "as printed; only the last 4 are kept"};
    w_textfield(c, ui_rect(r2.x, r2.y, r2.w / 3 - pad, r2.h), &isf);
    w_textfield(c, ui_rect(r2.x + r2.w / 3, r2.y, r2.w - r2.w / 3, r2.h), &nf);
    ui_cut_top(&left, pad);
    w_date_entry(c, ui_cut_top(&left, w_date_entry_h(c)), "Expiry date as printed", &f->expiry_text,
                 f->manual_expiry, sizeof f->manual_expiry, NULL);
    ui_cut_top(&left, pad / 4);
    /* The stepper adjusts a date once there is one; it never invents one. */
    if (!compact && f->manual_expiry[0]) {
        time_t now_s = (time_t)(app_now(a) / 1000);
        struct tm tm;
        localtime_r(&now_s, &tm);
        w_date(c, ui_cut_top(&left, w_date_h(c)), f->manual_expiry, sizeof f->manual_expiry,
               aamva_date_valid, tm.tm_year + 1900 - 30, tm.tm_year + 1900 + 30);
    }

    /* Right: nationality, attestation, record, then what the core says is
     * still wrong. */
    ui_cut_top(&body, app_nationality_row(a, body) + pad);
    int rh = theme_row_h(c);
    char attest[200];
    snprintf(attest, sizeof attest, "%s: \"%s.\"", a->actor.name, INTAKE_ATTESTATION);
    int used = w_label_wrap(c, ui_rect(body.x, body.y, body.w, ui_font_h(c, UI_FONT_BODY) * 3),
                            UI_FONT_BODY, t->text, attest);
    ui_cut_top(&body, used + pad / 2);
    int bw = (body.w - pad) / 2;
    struct ui_rect row = ui_cut_top(&body, theme_primary_h(c));
    if (w_button(c, ui_rect(row.x, row.y, bw, row.h),
                 f->manual_attest ? "\xe2\x9c\x94 Attested" : "I attest",
                 f->manual_attest ? W_OK : W_NORMAL))
        f->manual_attest = !f->manual_attest;
    bool ok = f->problems.count == 0;
    if (w_button(c, ui_rect(row.x + bw + pad, row.y, bw, row.h), "Record exemption",
                 ok ? W_OK : W_DISABLED))
        app_intake_submit(a, INTAKE_EXEMPT_ID);
    ui_cut_top(&body, pad);
    struct ui_rect alt = compact ? ui_rect(0, 0, 0, 0) : ui_cut_top(&body, rh);
    if (!compact && w_button(c, ui_rect(alt.x, alt.y, bw, rh), "Personally known", W_NORMAL)) {
        app_pop(a);
        app_push(a, SCREEN_KNOWN);
    }
    if (!compact &&
        w_button(c, ui_rect(alt.x + bw + pad, alt.y, bw, rh), "ICE status check", W_NORMAL)) {
        char nat[IAQ_NATIONALITY_MAX][4];
        memcpy(nat, f->iaq.nationality, sizeof nat);
        memset(&f->iaq, 0, sizeof f->iaq);
        memcpy(f->iaq.nationality, nat, sizeof nat);
        /* OFF/: the most serious charge (issue 10) */
        int best = severity_most_serious((const char(*)[8])f->charges, f->ncharges);
        snprintf(f->iaq.offense, sizeof f->iaq.offense, "%s", f->charges[best >= 0 ? best : 0]);
        f->have_doc = false;
        app_pop(a);
        app_push(a, SCREEN_IAQ);
    }
    /* What the core says is still wrong, where there is room. */
    struct ui_rect pr = compact ? left : body;
    ui_cut_top(&pr, pad);
    for (int i = 0; i < f->problems.count && pr.h > ui_font_h(c, UI_FONT_SMALL); i++) {
        char line[160];
        snprintf(line, sizeof line, "%s %s", theme_status_icon(THEME_WARN),
                 f->problems.items[i].message);
        int h = w_label_wrap(c, pr, UI_FONT_SMALL, t->warn, line);
        ui_cut_top(&pr, h + pad / 4);
    }
    if (a->osk)
        w_keyboard(c, kb);
}

const struct screen screen_manualid = {
    .title = "ID without barcode",
    .roles = AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR,
    .enter = enter,
    .frame = frame,
};
