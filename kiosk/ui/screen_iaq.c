/* IAQ form: every field of the ICE status query, as a list on the left (with
 * the core's validation message beside each field, updated as you type) and
 * an editor on the right: text entry, sex M/F/U, and place-of-birth,
 * nationality and offense pickers searchable by name or NCIC code (GA the
 * US state and GD the country shown with their kinds). The core validates
 * (iaq_validate); this screen only shows what it says. */
#include "ui/app.h"
#include "ui/code_search.h"

#include "core/aamva.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

enum edit_kind { K_TEXT, K_NAME, K_DATE, K_SEX, K_PLACE, K_NATION, K_OFFENSE };

struct field_def {
    const char *label;
    const char *core_name; /* iaq_problem.field */
    enum edit_kind kind;
    size_t offset, cap;
    bool optional;
};

#define F(m) offsetof(struct iaq_fields, m), sizeof(((struct iaq_fields *)0)->m)
static const struct field_def fields[IAQ_F_COUNT] = {
    [IAQ_F_FAMILY] = {"Last name", "family_name", K_NAME, F(family_name), false},
    [IAQ_F_FIRST] = {"First name", "first_name", K_NAME, F(first_name), false},
    [IAQ_F_MIDDLE] = {"Middle names", "middle_names", K_NAME, F(middle_names), true},
    [IAQ_F_SUFFIX] = {"Suffix (JR, SR, III)", "suffix", K_NAME, F(suffix), true},
    [IAQ_F_DOB] = {"Date of birth", "dob", K_DATE, F(dob), false},
    [IAQ_F_SEX] = {"Sex", "sex", K_SEX, F(sex), false},
    [IAQ_F_POB] = {"Place of birth", "pob", K_PLACE, F(pob), false},
    [IAQ_F_NATIONALITY] = {"Nationality", "nationality", K_NATION, 0, 0, true},
    [IAQ_F_OFFENSE] = {"Offense (most serious)", "offense", K_OFFENSE, F(offense), false},
    [IAQ_F_MOTHER] = {"Mother's maiden name", "mother_maiden_name", K_NAME, F(mother_maiden_name),
                      true},
    [IAQ_F_FATHER] = {"Father's last name", "father_last_name", K_NAME, F(father_last_name), true},
    [IAQ_F_OLN] = {"Licence number", "licence_number", K_TEXT, F(licence_number), true},
    [IAQ_F_ARN] = {"Alien registration no.", "arn", K_TEXT, F(arn), true},
    [IAQ_F_FBI] = {"FBI number", "fbi", K_TEXT, F(fbi), true},
    [IAQ_F_SID] = {"State ID", "sid", K_TEXT, F(sid), true},
};
#undef F

static char *field_buf(struct iaq_fields *q, int i)
{
    return (char *)q + fields[i].offset;
}

static const char *problem_for(const struct iaq_problems *p, const char *name)
{
    for (int i = 0; i < p->count; i++)
        if (strcmp(p->items[i].field, name) == 0)
            return p->items[i].message;
    return NULL;
}

static void value_text(struct app *a, int i, char *out, size_t len)
{
    struct iaq_fields *q = &a->flow.iaq;
    if (fields[i].kind == K_NATION) {
        out[0] = 0;
        for (int k = 0; k < IAQ_NATIONALITY_MAX && q->nationality[k][0]; k++) {
            size_t n = strlen(out);
            char name[128] = "";
            const struct code_place *np = codes_place_find(q->nationality[k]);
            if (np)
                code_place_short_name(np, name, sizeof name);
            snprintf(out + n, len - n, "%s%s %s", k ? ", " : "", q->nationality[k], name);
        }
        return;
    }
    const char *v = field_buf(q, i);
    if (fields[i].kind == K_PLACE && v[0]) {
        const struct code_place *p = codes_place_find(v);
        char name[128];
        snprintf(out, len, "%s %s", v,
                 p ? code_place_short_name(p, name, sizeof name) : "(unknown code)");
    } else if (fields[i].kind == K_OFFENSE && v[0]) {
        const struct code_offense *o = codes_offense_find(v);
        snprintf(out, len, "%s %s", v, o ? o->literal : "(unknown code)");
    } else {
        snprintf(out, len, "%s", v);
    }
}

static void draw_field_row(struct ui_ctx *c, void *user, int i, struct ui_rect r, bool focused)
{
    struct app *a = user;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    if (i == (int)a->flow.editing)
        ui_fill(c, r, t->panel_hi);
    const char *prob = problem_for(&a->flow.problems, fields[i].core_name);
    char val[96];
    value_text(a, i, val, sizeof val);
    ui_text(c, r.x + pad, r.y + ui_px(c, 2), UI_FONT_SMALL, t->text_dim, fields[i].label);
    int vy = r.y + ui_font_h(c, UI_FONT_SMALL) + ui_px(c, 2);
    if (val[0])
        ui_text(c, r.x + pad, vy, UI_FONT_BOLD, t->text, val);
    else
        ui_text(c, r.x + pad, vy, UI_FONT_BODY, t->text_dim,
                fields[i].optional ? "(optional)" : "\xe2\x80\x94");
    const char *icon = theme_status_icon(prob ? THEME_WARN : THEME_OK);
    if (prob || val[0])
        ui_text(c, r.x + r.w - ui_text_w(c, UI_FONT_BOLD, icon) - pad,
                r.y + (r.h - ui_font_h(c, UI_FONT_BOLD)) / 2, UI_FONT_BOLD, prob ? t->warn : t->ok,
                icon);
    (void)focused;
}

static void select_field(struct app *a, enum iaq_edit e)
{
    struct intake_flow *f = &a->flow;
    f->editing = e;
    f->picker_search[0] = 0;
    f->npicks = 0;
    f->nhits = fields[e].kind == K_OFFENSE ? code_search_offense("", f->hits, 64) : 0;
    f->picker_list.first = 0;
    ui_set_focus(&a->ui, ui_id(&a->ui, fields[e].label, 0x7e47));
}

static void enter(struct app *a)
{
    select_field(a, a->flow.editing);
}

static void draw_offense(struct ui_ctx *c, void *user, int i, struct ui_rect r, bool focused)
{
    struct app *a = user;
    const struct theme *t = theme_get();
    const struct code_offense *o = a->flow.hits[i];
    int pad = theme_pad(c);
    int y = r.y + (r.h - ui_font_h(c, UI_FONT_BODY)) / 2;
    ui_text(c, r.x + pad, y, UI_FONT_MONO, t->focus, o->code);
    ui_text(c, r.x + pad + ui_text_w(c, UI_FONT_MONO, "0000  "), y, UI_FONT_BODY, t->text,
            o->literal);
    (void)focused;
}

/* Draws the editor of the chosen field in r; a picker's list goes to
 * list_r when its width is not 0 (on-screen keys up), else under it. */
static void editor(struct app *a, struct ui_rect r, struct ui_rect list_r)
{
    struct ui_ctx *c = &a->ui;
    struct intake_flow *f = &a->flow;
    struct iaq_fields *q = &f->iaq;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    const struct field_def *d = &fields[f->editing];
    const char *prob = problem_for(&f->problems, d->core_name);
    switch (d->kind) {
    case K_DATE: {
        /* Typed in full in either form, read back in words; or by finger
         * with the stepper, which steps what is shown. */
        w_date_entry(c, ui_cut_top(&r, w_date_entry_h(c)), d->label, &f->dob_text, q->dob,
                     sizeof q->dob, prob);
        ui_cut_top(&r, pad);
        time_t now_s = (time_t)(app_now(a) / 1000);
        struct tm tm;
        localtime_r(&now_s, &tm);
        w_date(c, ui_cut_top(&r, w_date_h(c)), q->dob, sizeof q->dob, aamva_date_valid,
               tm.tm_year + 1900 - 120, tm.tm_year + 1900);
        break;
    }
    case K_TEXT:
    case K_NAME: {
        struct w_field wf = {.label = d->label,
                             .buf = field_buf(q, (int)f->editing),
                             .cap = d->cap,
                             .upper = true,
                             .error = prob};
        if (d->kind == K_NAME)
            wf.allow = "ABCDEFGHIJKLMNOPQRSTUVWXYZ -,'.";
        else
            wf.allow = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-";
        if (w_textfield(c, ui_cut_top(&r, w_textfield_h(c)), &wf) && f->editing + 1 < IAQ_F_COUNT)
            select_field(a, f->editing + 1);
        if (d->kind == K_NAME) {
            ui_cut_top(&r, pad);
            w_label_wrap(c, r, UI_FONT_SMALL, t->text_dim,
                         "Type the name as on the document. The kiosk converts it to the NCIC "
                         "form (upper case, no accents, apostrophes and periods dropped).");
        }
        break;
    }
    case K_SEX: {
        static const char *const labels[3] = {"M \xe2\x80\x94 male", "F \xe2\x80\x94 female",
                                              "U \xe2\x80\x94 unknown / not specified"};
        static const char *const codes[3] = {"M", "F", "U"};
        ui_text(c, r.x, r.y, UI_FONT_SMALL, t->text_dim, "Sex (NCIC code)");
        ui_cut_top(&r, ui_font_h(c, UI_FONT_SMALL) + pad / 2);
        for (int i = 0; i < 3; i++) {
            bool on = strcmp(q->sex, codes[i]) == 0;
            if (w_button_n(c, ui_cut_top(&r, theme_row_h(c)), labels[i], i,
                           on ? W_PRIMARY : W_NORMAL)) {
                snprintf(q->sex, sizeof q->sex, "%s", codes[i]);
                select_field(a, IAQ_F_POB);
            }
            ui_cut_top(&r, pad / 2);
        }
        if (f->have_doc && f->doc_sex[0]) {
            char line[64];
            snprintf(line, sizeof line, "From the licence: %s", f->doc_sex);
            ui_text(c, r.x, r.y, UI_FONT_SMALL, t->text_dim, line);
        }
        break;
    }
    case K_NATION:
        app_nationality_picker(a, r, list_r, d->label, prob, q->nationality);
        break;
    case K_PLACE: {
        char before[sizeof f->picker_search];
        snprintf(before, sizeof before, "%s", f->picker_search);
        /* The search field has the field's label id so select_field focuses it. */
        struct w_field sf = {.label = d->label,
                             .buf = f->picker_search,
                             .cap = sizeof f->picker_search,
                             .allow = "ABCDEFGHIJKLMNOPQRSTUVWXYZ -",
                             .upper = true,
                             .error = prob,
                             .hint = "e.g. GEORGIA or GA"};
        w_textfield(c, ui_cut_top(&r, w_textfield_h(c)), &sf);
        if (strcmp(before, f->picker_search) != 0) {
            f->npicks = code_search_place(f->picker_search, false, f->picks, 64);
            f->picker_list.first = 0;
        }
        int pick = w_list(c, list_r.w ? list_r : r, &f->picker_list, f->npicks, theme_row_h(c),
                          "place", app_place_row, a);
        if (pick >= 0) {
            snprintf(q->pob, sizeof q->pob, "%s", f->picks[pick]->code);
            select_field(a, IAQ_F_NATIONALITY);
        }
        break;
    }
    case K_OFFENSE: {
        char before[sizeof f->picker_search];
        snprintf(before, sizeof before, "%s", f->picker_search);
        struct w_field sf = {.label = d->label,
                             .buf = f->picker_search,
                             .cap = sizeof f->picker_search,
                             .allow = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ -/",
                             .upper = true,
                             .error = prob,
                             .hint = "code or words; 0399 when none fits"};
        w_textfield(c, ui_cut_top(&r, w_textfield_h(c)), &sf);
        if (strcmp(before, f->picker_search) != 0) {
            f->nhits = code_search_offense(f->picker_search, f->hits, 64);
            f->picker_list.first = 0;
        }
        int pick = w_list(c, list_r.w ? list_r : r, &f->picker_list, f->nhits, theme_row_h(c),
                          "off", draw_offense, a);
        if (pick >= 0) {
            snprintf(q->offense, sizeof q->offense, "%s", f->hits[pick]->code);
            select_field(a, IAQ_F_MOTHER);
        }
        break;
    }
    }
}

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    struct intake_flow *f = &a->flow;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    f->problems.count = 0;
    iaq_validate(&f->iaq, app_now(a), &f->problems);

    struct ui_rect kb = {0};
    if (a->osk)
        kb = ui_cut_bottom(&body, w_keyboard_h(c));
    if (f->photo_mismatch) {
        w_status(c, body.x, body.y, UI_FONT_BOLD, THEME_WARN,
                 "Photo did not match: nothing read from that card was kept. Ask the person.");
        ui_cut_top(&body, ui_font_h(c, UI_FONT_BOLD) + pad * 2);
    }
    enum edit_kind kind = fields[f->editing].kind;
    bool picker = kind == K_PLACE || kind == K_NATION || kind == K_OFFENSE;
    struct ui_rect list_r = ui_rect(0, 0, 0, 0);
    if (a->osk && picker) {
        /* Keys up on a picker: its list takes the field list's place at
         * full height (four rows at least); "Hide keys" brings the fields
         * back. */
        list_r = ui_cut_right(&body, body.w * 58 / 100);
        ui_cut_right(&body, pad * 2);
    } else {
        struct ui_rect left = ui_cut_left(&body, body.w * 42 / 100);
        ui_cut_left(&body, pad * 2);
        int row_h = ui_font_h(c, UI_FONT_SMALL) + ui_font_h(c, UI_FONT_BOLD) + ui_px(c, 8);
        if (row_h < 48)
            row_h = 48;
        int chosen =
            w_list(c, left, &f->field_list, IAQ_F_COUNT, row_h, "iaqfield", draw_field_row, a);
        if (chosen >= 0)
            select_field(a, (enum iaq_edit)chosen);
    }
    struct ui_rect right = body;

    struct ui_rect bottom = ui_cut_bottom(&right, theme_primary_h(c));
    ui_cut_bottom(&right, pad);
    editor(a, right, list_r);

    char status[96];
    bool ok = f->problems.count == 0;
    if (ok)
        snprintf(status, sizeof status, "Ready to review");
    else
        snprintf(status, sizeof status, "%d field%s to fix", f->problems.count,
                 f->problems.count == 1 ? "" : "s");
    w_status(c, bottom.x, bottom.y + (bottom.h - ui_font_h(c, UI_FONT_BOLD) - ui_px(c, 8)) / 2,
             UI_FONT_BOLD, ok ? THEME_OK : THEME_WARN, status);
    struct ui_rect rb = ui_cut_right(&bottom, bottom.w / 2);
    if (w_button(c, rb, "Review request", ok ? W_PRIMARY : W_DISABLED))
        app_push(a, SCREEN_REVIEW);
    (void)t;
    if (a->osk)
        w_keyboard(c, kb);
}

const struct screen screen_iaq = {
    .title = "ICE status check (IAQ)",
    .roles = AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR,
    .enter = enter,
    .frame = frame,
};
