/* Consular notification for a foreign national (by nationality): the
 * right-to-notify advisement, whether the country is on the mandatory list,
 * and recording "informed" and "consulate notified" (which consulate, how);
 * the core keeps the record and its clock (consular_*). */
#include "ui/app.h"
#include "ui/code_search.h"

#include "core/consular_text.h"

#include <stdio.h>
#include <string.h>

/* issue 10: the State Department's statements 1 and 2, complete
 * (core/consular_text.c), the conditions in plain words, the person's wish
 * for a non-mandatory country, and the asylum warning. */

static void reload(struct app *a)
{
    a->flow.have_consular =
        consular_get(a->st, &a->actor, a->flow.intake_id, &a->flow.consular) == 0;
}

/* A notification method in words (the core's identifiers are not shown). */
static const char *method_words(const char *m)
{
    static const struct {
        const char *id, *words;
    } w[] = {{"phone", "Phone"},
             {"fax", "Fax"},
             {"email", "Email"},
             {"in_person", "In person"},
             {"other", "Other"}};
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        if (strcmp(w[i].id, m) == 0)
            return w[i].words;
    return "Other";
}

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    struct intake_flow *f = &a->flow;
    const struct consular_record *rec = &f->consular;
    if (!f->have_consular) {
        w_status(c, body.x, body.y, UI_FONT_BOLD, THEME_OK,
                 "No consular record: no foreign nationality was recorded.");
        return;
    }
    struct ui_rect kb = {0};
    if (a->osk)
        kb = ui_cut_bottom(&body, w_keyboard_h(c));
    char line[400];
    /* Nationalities with their country names beside the codes. */
    char nat[200] = "";
    for (int k = 0; k < IAQ_NATIONALITY_MAX && rec->nationality[k][0]; k++) {
        size_t n = strlen(nat);
        char name[128] = "";
        const struct code_place *np = codes_place_find(rec->nationality[k]);
        if (np)
            code_place_short_name(np, name, sizeof name);
        snprintf(nat + n, sizeof nat - n, "%s%s %s", k ? ", " : "", rec->nationality[k], name);
    }
    snprintf(line, sizeof line, "Booking %s \xc2\xb7 nationality %s", rec->booking_number, nat);
    int used = w_label_wrap(c, ui_rect(body.x, body.y, body.w, ui_font_h(c, UI_FONT_LARGE) * 2),
                            UI_FONT_LARGE, t->text, line);
    ui_cut_top(&body, used + pad);
    if (rec->mandatory) {
        w_status(c, body.x, body.y, UI_FONT_BOLD, THEME_WARN, "MANDATORY NOTIFICATION country");
    } else {
        w_status(c, body.x, body.y, UI_FONT_BOLD, THEME_INFO,
                 "Notify the consulate only if the person asks.");
    }
    ui_cut_top(&body, ui_font_h(c, UI_FONT_BOLD) + pad * 2);
    if (rec->mandatory_note[0]) {
        int u = w_label_wrap(c, ui_rect(body.x, body.y, body.w, ui_font_h(c, UI_FONT_SMALL) * 3),
                             UI_FONT_SMALL, t->warn, rec->mandatory_note);
        ui_cut_top(&body, u + pad);
    }
    char said[1200];
    snprintf(said, sizeof said, "Read to the person (statement %d): \"%s\"", rec->mandatory ? 2 : 1,
             consular_statement(rec->mandatory, "en"));
    used = w_label_wrap(c, ui_rect(body.x, body.y, body.w, ui_font_h(c, UI_FONT_BODY) * 6),
                        UI_FONT_BODY, t->text, said);
    ui_cut_top(&body, used + pad / 2);
    used = w_label_wrap(c, ui_rect(body.x, body.y, body.w, ui_font_h(c, UI_FONT_SMALL) * 2),
                        UI_FONT_SMALL, t->warn, consular_asylum_warning());
    ui_cut_top(&body, used + pad);
    char msg[200] = "";
    int bh = theme_primary_h(c), bw = ui_px(c, 420);
    if (rec->informed) {
        char when[32];
        app_format_time(rec->informed, true, when, sizeof when);
        snprintf(line, sizeof line, "Informed %s by %s", when, rec->informed_by);
        w_status(c, body.x, body.y, UI_FONT_BOLD, THEME_OK, line);
        ui_cut_top(&body, ui_font_h(c, UI_FONT_BOLD) + pad * 2);
    } else if (w_button(c, ui_rect(body.x, body.y, bw, bh), "Person was informed", W_PRIMARY)) {
        if (consular_informed(a->st, &a->actor, f->intake_id, msg, sizeof msg) != 0)
            app_toast(a, THEME_BAD, "%s", msg[0] ? msg : "Not recorded.");
        reload(a);
        return;
    } else {
        ui_cut_top(&body, bh + pad);
    }
    if (!rec->mandatory && !rec->wish[0]) {
        /* the answer to statement 1's question */
        struct ui_rect row = ui_cut_top(&body, bh);
        const char *wish = NULL;
        if (w_button(c, ui_rect(row.x, row.y, bw, row.h), "Wants consulate notified", W_PRIMARY))
            wish = "requested";
        if (w_button(c, ui_rect(row.x + bw + pad, row.y, bw, row.h), "Declines notification",
                     W_NORMAL))
            wish = "declined";
        if (wish) {
            if (consular_wish(a->st, &a->actor, f->intake_id, wish, msg, sizeof msg) != 0)
                app_toast(a, THEME_BAD, "%s", msg[0] ? msg : "Not recorded.");
            reload(a);
            return;
        }
        ui_cut_top(&body, pad);
        return;
    }
    if (!rec->mandatory && !strcmp(rec->wish, "declined")) {
        w_status(c, body.x, body.y, UI_FONT_BOLD, THEME_OK,
                 "The person declined consular notification.");
        return;
    }
    if (rec->notified) {
        char when[32];
        app_format_time(rec->notified, true, when, sizeof when);
        snprintf(line, sizeof line, "Consulate notified %s by %s: %s (%s)", when, rec->notified_by,
                 rec->consulate, method_words(rec->method));
        w_status(c, body.x, body.y, UI_FONT_BOLD, THEME_OK, line);
        return;
    }
    struct w_field wf = {.label = "Consulate notified (name, city)",
                         .buf = f->consulate,
                         .cap = sizeof f->consulate};
    w_textfield(c, ui_cut_top(&body, w_textfield_h(c)), &wf);
    const char *const *m = consular_methods();
    struct ui_rect row = ui_cut_top(&body, theme_row_h(c));
    int x = row.x;
    for (int i = 0; m[i]; i++) {
        const char *words = method_words(m[i]);
        int w = ui_text_w(c, UI_FONT_BOLD, words) + 3 * pad;
        if (w_button_n(c, ui_rect(x, row.y, w, row.h), words, i,
                       strcmp(f->method, m[i]) == 0 ? W_PRIMARY : W_NORMAL))
            snprintf(f->method, sizeof f->method, "%s", m[i]);
        x += w + pad;
    }
    ui_cut_top(&body, pad);
    bool ok = f->consulate[0] && f->method[0];
    if (w_button(c, ui_rect(body.x, body.y, bw, bh), "Record notification",
                 ok ? W_PRIMARY : W_DISABLED)) {
        if (consular_notified(a->st, &a->actor, f->intake_id, f->consulate, f->method, msg,
                              sizeof msg) != 0)
            app_toast(a, THEME_BAD, "%s", msg[0] ? msg : "Not recorded.");
        reload(a);
    }
    if (a->osk)
        w_keyboard(c, kb);
}

static void enter(struct app *a)
{
    a->flow.consulate[0] = 0;
    a->flow.method[0] = 0;
    reload(a);
}

const struct screen screen_consular = {
    .title = "Consular notification",
    .roles = AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR,
    .enter = enter,
    .frame = frame,
};
