/* Touch-only flows through booking-kiosk, in process: every step is a
 * finger tap on what the automation tree (ui/automation.h) says is on the
 * screen, and text is typed only by tapping the on-screen keys, never
 * through SDL text events. Proves the three blockers of issue 9: on-screen
 * keyboard edits reach the charge search and the place-of-birth and
 * nationality pickers in the frame they happen; "Photo does not match"
 * discards the card and records an audited mismatch with no personal data;
 * the ID result follows the core's verdict and asks nationality. */
#include "harness.h"

#include "core/aamva.h"
#include "core/audit.h"
#include "core/idcheck.h"
#include "core/idmismatch.h"
#include "core/kiosk_err.h"
#include "ui/automation.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define NOW "2026-03-10T14:05:00Z"

static struct harness *open_app(int w, int hgt)
{
    struct harness *h = calloc(1, sizeof *h);
    assert_non_null(h);
    if (h_open(h, w, hgt, NOW) != 0)
        fail_msg("app: %s", h->err);
    return h;
}

static void close_app(struct harness *h)
{
    h_close(h);
    free(h);
}

struct find_item {
    const char *needle;
    enum ui_wkind kind;
    bool found;
    struct ui_rect r;
    int total, matching;
};

static void find_item_fn(void *user, const struct automation_item *it, const char *text)
{
    struct find_item *q = user;
    if (it->kind != q->kind)
        return;
    q->total++;
    if (strstr(text, q->needle)) {
        q->matching++;
        if (!q->found) {
            q->found = true;
            q->r = it->r;
        }
    }
}

/* Taps the first widget of kind whose text contains needle. */
static bool touch_containing(struct harness *h, enum ui_wkind kind, const char *needle)
{
    struct find_item q = {.needle = needle, .kind = kind};
    automation_walk(&h->app->ui, find_item_fn, &q);
    if (!q.found)
        return false;
    h_finger(h, q.r.x + q.r.w / 2, q.r.y + q.r.h / 2);
    return true;
}

/* List rows on screen: how many, and how many contain needle. */
static void items(struct harness *h, const char *needle, int *total, int *matching)
{
    struct find_item q = {.needle = needle, .kind = UI_W_ITEM};
    automation_walk(&h->app->ui, find_item_fn, &q);
    *total = q.total;
    *matching = q.matching;
}

/* All label text of the frame joined by single blanks (for sentences that
 * a wrapped label splits over lines). */
struct join {
    char buf[8192];
    size_t n;
};

static void join_fn(void *user, const struct automation_item *it, const char *text)
{
    struct join *j = user;
    if (it->kind != UI_W_LABEL)
        return;
    int w = snprintf(j->buf + j->n, sizeof j->buf - j->n, "%s ", text);
    if (w > 0 && (size_t)w < sizeof j->buf - j->n)
        j->n += (size_t)w;
}

static bool screen_says(struct harness *h, const char *sentence)
{
    static struct join j;
    memset(&j, 0, sizeof j);
    automation_walk(&h->app->ui, join_fn, &j);
    return strstr(j.buf, sentence) != NULL;
}

/* Taps a "Simulate scan" tray button: the payload goes through the demo
 * FIFO and the simulated scanner's thread, so wait for the ID result. */
static void touch_tray(struct harness *h, const char *label)
{
    assert_true(h_touch(h, UI_W_BUTTON, label));
    for (int i = 0; i < 200 && app_top(h->app) != SCREEN_IDRESULT; i++) {
        SDL_Delay(10);
        h_pump(h);
    }
    h_pump(h);
    assert_int_equal(app_top(h->app), SCREEN_IDRESULT);
}

/* A snake_case identifier (lower_lower) in any text on screen. */
struct raw_find {
    char found[120];
};

static void raw_fn(void *user, const struct automation_item *it, const char *text)
{
    struct raw_find *r = user;
    (void)it;
    for (const char *p = text; *p && !r->found[0]; p++) {
        if (*p != '_' || p == text || p[1] < 'a' || p[1] > 'z' || p[-1] < 'a' || p[-1] > 'z')
            continue;
        snprintf(r->found, sizeof r->found, "%s", text);
    }
}

static const char *raw_identifier(struct harness *h, struct raw_find *r)
{
    r->found[0] = 0;
    automation_walk(&h->app->ui, raw_fn, r);
    return r->found[0] ? r->found : NULL;
}

/* Signs in by tapping the user's name and the PIN pad digits. */
static void touch_sign_in(struct harness *h, const char *name, const char *pin)
{
    assert_true(touch_containing(h, UI_W_ITEM, name));
    for (const char *p = pin; *p; p++) {
        char k[2] = {*p, 0};
        assert_true(h_touch(h, UI_W_KEY, k));
    }
    assert_true(h_touch(h, UI_W_KEY, "OK"));
    assert_true(h->app->signed_in);
}

/* New intake by taps: booking number and a charge found by tapping 1 3 1 3
 * on the on-screen keys. The list must show only 1313 rows after the last
 * key, in that frame. */
static void touch_intake(struct harness *h, const char *booking)
{
    assert_true(h_touch(h, UI_W_BUTTON, "New intake"));
    assert_int_equal(app_top(h->app), SCREEN_INTAKE);
    /* A finger on the field brings up the keys and keeps the focus there. */
    assert_false(h->app->osk);
    assert_true(h_touch(h, UI_W_FIELD, "Booking number"));
    assert_true(h->app->osk);
    assert_int_equal(h->app->ui.focus, ui_id(&h->app->ui, "Booking number", 0x7e47));
    assert_true(h_osk_type(h, booking));
    char v[64];
    assert_string_equal(h_field_value(h, "Booking number", v, sizeof v), booking);
    const char *search = "Add a charge: NCIC code or words (most serious first)";
    assert_true(h_touch(h, UI_W_FIELD, search));
    assert_true(h_osk_type(h, "1313"));
    assert_string_equal(h_field_value(h, search, v, sizeof v), "1313");
    int total, matching;
    items(h, "1313", &total, &matching);
    assert_true(total >= 1);
    assert_int_equal(matching, total); /* filtered: the common charges are gone */
    assert_true(touch_containing(h, UI_W_ITEM, "1313"));
    assert_int_equal(h->app->flow.ncharges, 1);
    assert_string_equal(h->app->flow.charges[0], "1313");
}

/* Blocker 1: on-screen keys reach the charge search, and the place-of-birth
 * and nationality pickers, in the frame of the tap; Delete too. */
static void test_osk_edits_reach_every_picker(void **state)
{
    (void)state;
    struct harness *h = open_app(1280, 720);
    touch_sign_in(h, "Dep. Jordan Doe", "482915");
    touch_intake(h, "2026-000901");

    /* Words work the same way, and Delete is seen at once. */
    const char *search = "Add a charge: NCIC code or words (most serious first)";
    assert_true(h_touch(h, UI_W_FIELD, search));
    for (int i = 0; i < 4; i++)
        assert_true(h_touch(h, UI_W_KEY, "\xe2\x8c\xab Delete"));
    assert_true(h_osk_type(h, "ASSAULT"));
    int total, matching;
    /* Ranked: the assault codes (category ASSAULT) before the sexual-assault
     * ones. */
    items(h, "ASSLT", &total, &matching);
    assert_true(total >= 1);
    assert_int_equal(matching, total);
    assert_int_equal(h_count(h, UI_W_ITEM, "RAPE"), 0);
    assert_int_equal(h_count(h, UI_W_ITEM, "5404"), 0); /* a common charge, gone */
    for (int i = 0; i < 7; i++)
        assert_true(h_touch(h, UI_W_KEY, "\xe2\x8c\xab Delete"));
    char v[64];
    assert_string_equal(h_field_value(h, search, v, sizeof v), "");
    items(h, "1313", &total, &matching);
    assert_true(total > matching); /* the common charges again */

    /* No ID: the ICE status check, place of birth and nationality by keys. */
    assert_true(h_touch(h, UI_W_BUTTON, "Hide keys"));
    assert_true(h_touch(h, UI_W_BUTTON, "No ID \xe2\x80\x94 ICE status check"));
    assert_int_equal(app_top(h->app), SCREEN_IAQ);
    assert_true(touch_containing(h, UI_W_ITEM, "Place of birth"));
    /* "Keyboard" does not take the focus from the search field. */
    uint32_t search_id = h->app->ui.focus;
    assert_true(search_id != 0);
    assert_true(h_touch(h, UI_W_BUTTON, "Keyboard"));
    assert_int_equal(h->app->ui.focus, search_id);
    assert_true(h_osk_type(h, "MEXICO"));
    assert_string_equal(h_field_value(h, "Place of birth", v, sizeof v), "MEXICO");
    items(h, "MEXICO", &total, &matching);
    assert_true(matching >= 1);
    assert_true(touch_containing(h, UI_W_ITEM, "MM MEXICO"));
    assert_string_equal(h->app->flow.iaq.pob, "MM");
    /* The form moved on to nationality, its search focused. */
    assert_int_equal(h->app->flow.editing, IAQ_F_NATIONALITY);
    assert_true(h_osk_type(h, "MEXICO"));
    assert_true(touch_containing(h, UI_W_ITEM, "MM MEXICO"));
    assert_string_equal(h->app->flow.iaq.nationality[0], "MM");
    assert_true(h_count(h, UI_W_BUTTON, "MM MEXICO \xe2\x9c\x96") == 1);

    /* The same text from a physical keyboard is seen the same way. */
    assert_true(h_touch(h, UI_W_BUTTON, "Hide keys"));
    assert_true(touch_containing(h, UI_W_ITEM, "Place of birth"));
    h_type(h, "GEORGIA");
    items(h, "GEORGIA", &total, &matching);
    assert_true(matching >= 2); /* GA the US state, GD the country */
    /* Sign-out puts the keys away for the next user. */
    assert_true(h_touch(h, UI_W_BUTTON, "Keyboard"));
    assert_true(h->app->osk);
    assert_true(h_touch(h, UI_W_BUTTON, "Sign out"));
    assert_false(h->app->osk);
    close_app(h);
}

static bool audit_has_mismatch(struct harness *h, char *details, size_t len)
{
    struct auth_actor admin;
    assert_int_equal(auth_actor_local_admin(h->app->st, NULL, &admin), 0);
    struct audit_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(audit_list(h->app->st, &admin, 0, 0, &rows, &n), 0);
    bool found = false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].action, IDMISMATCH_ACTION) == 0) {
            found = true;
            snprintf(details, len, "%s|%s|%s", rows[i].actor_badge, rows[i].object,
                     rows[i].details);
        }
    free(rows);
    return found;
}

/* Blocker 2: "Photo does not match" keeps nothing from the card. */
static void test_photo_mismatch_discards_card(void **state)
{
    (void)state;
    struct harness *h = open_app(1280, 720);
    touch_sign_in(h, "Dep. Jordan Doe", "482915");
    touch_intake(h, "2026-000902");
    assert_true(h_touch(h, UI_W_BUTTON, "Hide keys"));
    assert_true(h_touch(h, UI_W_BUTTON, "Scan the back of the ID"));
    touch_tray(h, "Valid licence");
    assert_true(h->app->flow.doc_valid);
    assert_true(h_count(h, UI_W_LABEL, "SAMPLE") >= 1); /* the card's name shown */

    assert_true(h_touch(h, UI_W_BUTTON, "Photo does not match"));
    assert_int_equal(app_top(h->app), SCREEN_IAQ);
    h_shot(h, "photo_mismatch");
    /* Nothing of the card on screen or in the flow. */
    assert_int_equal(h_count(h, UI_W_LABEL, "SAMPLE") + h_count(h, UI_W_ITEM, "SAMPLE"), 0);
    assert_int_equal(h_count(h, UI_W_ITEM, "1988"), 0);
    assert_int_equal(h_count(h, UI_W_ITEM, "D08154711"), 0);
    assert_true(screen_says(h, "Photo did not match: nothing read from that card was kept."));
    const struct intake_flow *f = &h->app->flow;
    assert_false(f->have_doc);
    assert_null(f->doc);
    assert_string_equal(f->iaq.family_name, "");
    assert_string_equal(f->iaq.first_name, "");
    assert_string_equal(f->iaq.dob, "");
    assert_string_equal(f->iaq.sex, "");
    assert_string_equal(f->iaq.licence_number, "");
    assert_string_equal(f->doc_name, "");
    assert_string_equal(f->doc_number, "");
    assert_string_equal(f->iaq.offense, "1313"); /* from the intake, not the card */
    /* The mismatch is audited, without personal data. */
    char details[400];
    assert_true(audit_has_mismatch(h, details, sizeof details));
    assert_non_null(strstr(details, "4411|intake|"));
    assert_null(strstr(details, "SAMPLE"));
    assert_null(strstr(details, "4711"));
    assert_null(strstr(details, "1988"));
    /* Back on the ID result: nothing of the card there either. */
    assert_true(h_touch(h, UI_W_BUTTON, "\xe2\x97\x80 Back"));
    assert_int_equal(app_top(h->app), SCREEN_IDRESULT);
    assert_int_equal(h_count(h, UI_W_LABEL, "SAMPLE"), 0);
    assert_int_equal(h_count(h, UI_W_BUTTON, "Photo matches the person"), 0);
    close_app(h);
}

/* Blocker 3: the ID result shows exactly the core's verdict for every demo
 * licence, with the core's reason sentences, asks nationality, and goes to
 * the ICE status check when not valid. */
static void check_demo_licence(const char *tray_label, const char *file)
{
    struct harness *h = open_app(1280, 720);
    /* The core's verdict, computed here independently of the screen. */
    char path[1024];
    snprintf(path, sizeof path, "%s/demo/%s", KIOSK_ASSETS_DIR, file);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    unsigned char data[SCAN_DATA_MAX];
    size_t n = fread(data, 1, sizeof data, fp);
    fclose(fp);
    struct aamva_doc doc;
    struct idcheck_verdict v;
    int prc = aamva_parse(data, n, &doc);
    if (prc == 0)
        assert_int_equal(idcheck_evaluate(&doc, 2026, 3, 10, NULL, &v), 0);

    touch_sign_in(h, "Dep. Jordan Doe", "482915");
    touch_intake(h, "2026-000903");
    assert_true(h_touch(h, UI_W_BUTTON, "Hide keys"));
    assert_true(h_touch(h, UI_W_BUTTON, "Scan the back of the ID"));
    touch_tray(h, tray_label);
    bool valid = prc == 0 && v.valid;
    print_message("%s: core says %s\n", file, valid ? "valid" : "not valid");
    assert_int_equal(h_count(h, UI_W_LABEL, "VALID GOVERNMENT ID") > 0, valid);
    assert_int_equal(h_count(h, UI_W_BUTTON, "Photo matches the person"), valid ? 1 : 0);
    assert_int_equal(h_count(h, UI_W_BUTTON, "Continue to ICE status check"), valid ? 0 : 1);
    if (prc == 0) {
        /* Nationality is asked on both paths. */
        assert_int_equal(h_count(h, UI_W_BUTTON, "Nationality\xe2\x80\xa6"), 1);
        /* The first words of each of the core's reasons are on screen. */
        for (int i = 0; i < v.count; i++) {
            char head[40];
            snprintf(head, sizeof head, "%.30s", v.reasons[i].message);
            char *sp = strrchr(head, ' ');
            if (sp)
                *sp = 0;
            if (!screen_says(h, head))
                fail_msg("%s: reason \"%s\" not on screen", file, v.reasons[i].message);
        }
    }
    struct raw_find rf;
    if (raw_identifier(h, &rf))
        fail_msg("%s: an identifier on screen: %s", file, rf.found);
    if (!valid) {
        assert_true(h_touch(h, UI_W_BUTTON, "Continue to ICE status check"));
        /* The IAQ path; a foreign licence asks the nationality first. */
        assert_true(app_top(h->app) == SCREEN_IAQ || app_top(h->app) == SCREEN_NATIONALITY);
    }
    close_app(h);
}

static void test_idresult_follows_core(void **state)
{
    (void)state;
    check_demo_licence("Valid licence", "licence-valid-az.txt");
    check_demo_licence("Expired licence", "licence-expired.txt");
    check_demo_licence("Canadian licence", "licence-canada-on.txt");
    check_demo_licence("Damaged barcode", "licence-damaged.txt");
}

/* Accented letters typed on a physical keyboard or pasted are
 * transliterated by the core's rule, never deleted; a character with no
 * ASCII form is named in a message. */
static void test_accents_transliterated(void **state)
{
    (void)state;
    struct harness *h = open_app(1280, 720);
    touch_sign_in(h, "Dep. Jordan Doe", "482915");
    touch_intake(h, "2026-000904");
    assert_true(h_touch(h, UI_W_BUTTON, "Hide keys"));
    assert_true(h_touch(h, UI_W_BUTTON, "No ID \xe2\x80\x94 ICE status check"));
    assert_int_equal(app_top(h->app), SCREEN_IAQ);
    char v[64];
    /* Typed (the Last name field has the focus on entry). */
    h_type(h, "N\xc3\xba\xc3\xb1"
              "ez");
    assert_string_equal(h_field_value(h, "Last name", v, sizeof v), "NUNEZ");
    /* Decomposed accents, as some keyboards send them. */
    h_type(h, "-Nu\xcc\x81n\xcc\x83"
              "ez");
    assert_string_equal(h_field_value(h, "Last name", v, sizeof v), "NUNEZ-NUNEZ");
    /* Pasted. */
    assert_true(touch_containing(h, UI_W_ITEM, "First name"));
    assert_int_equal(SDL_SetClipboardText("Nguy\xe1\xbb\x85n"), 0);
    h_key(h, SDLK_v, KMOD_LCTRL);
    assert_string_equal(h_field_value(h, "First name", v, sizeof v), "NGUYEN");
    /* No ASCII form: left out and said. */
    assert_int_equal(SDL_SetClipboardText("\xd0\x96"), 0);
    h_key(h, SDLK_v, KMOD_LCTRL);
    assert_string_equal(h_field_value(h, "First name", v, sizeof v), "NGUYEN");
    assert_non_null(strstr(h->app->toast, "has no form in A"));
    h_shot(h, "toast");
    char first[200];
    if (h_clipped(h, first, sizeof first) != 0)
        fail_msg("clipped with a message shown: %s", first);
    assert_true(h_touch(h, UI_W_BUTTON, "Sign out"));

    /* A user's display name keeps its case: "José" is "Jose", not "Jos". */
    touch_sign_in(h, "Adm. Morgan Major", "902741");
    assert_true(h_touch(h, UI_W_BUTTON, "Users"));
    assert_true(h_touch(h, UI_W_BUTTON, "Add a user"));
    assert_true(h_touch(h, UI_W_FIELD, "Name as shown"));
    h_type(h, "Jos\xc3\xa9 Dom\xc3\xadnguez");
    assert_string_equal(h_field_value(h, "Name as shown", v, sizeof v), "Jose Dominguez");
    close_app(h);
}

/* A deputy at 1280x720 with an expired licence: on the IAQ form with the
 * keys up on "Middle names". */
static struct harness *touch_to_iaq_middle(const char *booking)
{
    struct harness *h = open_app(1280, 720);
    touch_sign_in(h, "Dep. Jordan Doe", "482915");
    touch_intake(h, booking);
    assert_true(h_touch(h, UI_W_BUTTON, "Hide keys"));
    assert_true(h_touch(h, UI_W_BUTTON, "Scan the back of the ID"));
    touch_tray(h, "Expired licence");
    assert_true(h_touch(h, UI_W_BUTTON, "Continue to ICE status check"));
    assert_int_equal(app_top(h->app), SCREEN_IAQ);
    assert_true(touch_containing(h, UI_W_ITEM, "Middle names"));
    assert_true(h_touch(h, UI_W_BUTTON, "Keyboard"));
    return h;
}

/* A name cut for NAM/ is shown exactly and must be confirmed before the
 * request is queued; the surname stays whole. */
static void test_shortened_name_confirmed(void **state)
{
    (void)state;
    struct harness *h = touch_to_iaq_middle("2026-000905");
    assert_true(h_osk_type(h, "KATHERINE ELIZABETH ANNE"));
    assert_true(iaq_name_shortened(&h->app->flow.iaq, NULL, 0));
    assert_true(h_touch(h, UI_W_BUTTON, "Hide keys"));
    assert_true(touch_containing(h, UI_W_ITEM, "Place of birth"));
    assert_true(h_touch(h, UI_W_BUTTON, "Keyboard"));
    assert_true(h_osk_type(h, "GEORGIA"));
    assert_true(touch_containing(h, UI_W_ITEM, "GA GEORGIA"));
    assert_true(h_touch(h, UI_W_BUTTON, "Hide keys"));
    assert_true(h_touch(h, UI_W_BUTTON, "Review request"));
    assert_int_equal(app_top(h->app), SCREEN_REVIEW);
    char nam[IAQ_NAME_MAX];
    assert_int_equal(iaq_format_name(&h->app->flow.iaq, nam, sizeof nam), 0);
    char surname[IAQ_TEXT_MAX + 1];
    snprintf(surname, sizeof surname, "%s,", h->app->flow.iaq.family_name);
    assert_true(strncmp(nam, surname, strlen(surname)) == 0); /* the surname whole */
    char said[80];
    snprintf(said, sizeof said, "NAM/%s", nam);
    assert_true(screen_says(h, said));
    h_shot(h, "review_shortened");
    struct ui_rect r;
    assert_true(h_find(h, UI_W_BUTTON, "Queue request", &r));
    assert_int_equal(h_count(h, UI_W_BUTTON, "Queue request"), 1);
    /* Disabled until confirmed: a tap does nothing. */
    assert_true(h_touch(h, UI_W_BUTTON, "Queue request"));
    assert_int_equal(app_top(h->app), SCREEN_REVIEW);
    assert_true(h_touch(h, UI_W_BUTTON, "Confirm the shortened name"));
    assert_true(h_touch(h, UI_W_BUTTON, "Queue request"));
    assert_int_equal(app_top(h->app), SCREEN_DONE);
    close_app(h);
}

/* A co-sign is void once the reason changes after it. */
static void test_cosign_void_on_reason_change(void **state)
{
    (void)state;
    struct harness *h = open_app(1280, 720);
    struct auth_actor admin;
    char msg[200];
    assert_int_equal(auth_actor_local_admin(h->app->st, NULL, &admin), 0);
    assert_int_equal(store_setting_set(h->app->st, &admin, "cosign_required", "1", msg, sizeof msg),
                     0);
    touch_sign_in(h, "Dep. Jordan Doe", "482915");
    touch_intake(h, "2026-000906");
    assert_true(h_touch(h, UI_W_BUTTON, "Hide keys"));
    assert_true(h_touch(h, UI_W_BUTTON, "Personally known"));
    assert_int_equal(app_top(h->app), SCREEN_KNOWN);
    assert_true(h_touch(h, UI_W_FIELD, "How you know (required)"));
    assert_true(h_osk_type(h, "BOOKED LAST MONTH"));
    h_shot(h, "known_keys");
    assert_true(h_touch(h, UI_W_FIELD, "Supervisor badge"));
    assert_true(h_osk_type(h, "6001"));
    assert_true(h_touch(h, UI_W_FIELD, "Supervisor PIN"));
    assert_true(h_osk_type(h, "615283"));
    assert_true(h_touch(h, UI_W_BUTTON, "Hide keys"));
    assert_true(h_touch(h, UI_W_BUTTON, "Co-sign"));
    assert_true(h->app->cosigner.user_id != 0);
    struct ui_rect r;
    assert_true(h_find(h, UI_W_BUTTON, "Record exemption", &r));
    /* The deputy edits the reason: the co-sign is gone, Record disabled. */
    assert_true(h_touch(h, UI_W_FIELD, "How you know (required)"));
    assert_true(h_osk_type(h, " X"));
    assert_int_equal(h->app->cosigner.user_id, 0);
    assert_non_null(strstr(h->app->toast, "co-sign again"));
    assert_true(h_touch(h, UI_W_BUTTON, "Hide keys"));
    assert_true(h_touch(h, UI_W_BUTTON, "Record exemption"));
    assert_int_equal(app_top(h->app), SCREEN_KNOWN); /* nothing recorded */
    close_app(h);
}

/* The date of birth typed in full in the US or the ISO form, read back in
 * words, never turned silently; the stepper steps the date shown. */
static void test_dob_forms(void **state)
{
    (void)state;
    struct harness *h = open_app(1280, 720);
    touch_sign_in(h, "Dep. Jordan Doe", "482915");
    touch_intake(h, "2026-000907");
    assert_true(h_touch(h, UI_W_BUTTON, "Hide keys"));
    assert_true(h_touch(h, UI_W_BUTTON, "No ID \xe2\x80\x94 ICE status check"));
    assert_true(touch_containing(h, UI_W_ITEM, "Date of birth"));
    assert_true(h_touch(h, UI_W_FIELD, "Date of birth"));
    const struct iaq_fields *q = &h->app->flow.iaq;
    static const struct {
        const char *typed, *dob, *said;
    } t[] = {
        {"03/10/1990", "1990-03-10", "Read as 10 March 1990"},
        {"1990-03-10", "1990-03-10", "Read as 10 March 1990"},
        {"10/03/1990", "1990-10-03", "Read as 3 October 1990"},
        {"03/10/90", "", "Type the whole date"},
        {"19900310", "", "Type the whole date"},
        {"02/30/1990", "", "Type the whole date"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char v[32];
        size_t n = strlen(h_field_value(h, "Date of birth", v, sizeof v));
        for (size_t k = 0; k < n; k++)
            assert_true(h_touch(h, UI_W_KEY, "\xe2\x8c\xab Delete"));
        assert_true(h_osk_type(h, t[i].typed));
        if (strcmp(q->dob, t[i].dob) != 0 || !screen_says(h, t[i].said))
            fail_msg("typed %s: dob \"%s\", want \"%s\" and \"%s\" on screen", t[i].typed, q->dob,
                     t[i].dob, t[i].said);
    }
    /* The stepper steps what is shown, one month, one year: no jump. */
    for (int k = 0; k < 10; k++)
        assert_true(h_touch(h, UI_W_KEY, "\xe2\x8c\xab Delete"));
    assert_true(h_osk_type(h, "03/10/1990"));
    assert_true(h_touch(h, UI_W_BUTTON, "Hide keys"));
    struct ui_rect r;
    assert_true(h_find(h, UI_W_BUTTON, "+", &r)); /* the year's + comes first */
    assert_true(h_touch(h, UI_W_BUTTON, "+"));
    assert_string_equal(q->dob, "1991-03-10");
    char v[32];
    assert_string_equal(h_field_value(h, "Date of birth", v, sizeof v), "1991-03-10");
    /* Never a decade at once: no "+ 10"/"- 10" buttons, and twelve taps on
     * the year's minus go back twelve years, one at a time. */
    assert_int_equal(h_count(h, UI_W_BUTTON, " 10"), 0);
    for (int k = 1; k <= 12; k++) {
        assert_true(h_touch(h, UI_W_BUTTON, "\xe2\x88\x92")); /* the year's minus */
        char want[16];
        snprintf(want, sizeof want, "%04d-03-10", 1991 - k);
        assert_string_equal(q->dob, want);
    }
    assert_string_equal(h_field_value(h, "Date of birth", v, sizeof v), "1979-03-10");
    assert_true(screen_says(h, "Read as 10 March 1979"));
    close_app(h);
}

/* A long charge is shown whole beside its Remove button, never cut under
 * it (seen in the README screenshots): 5404 at 1024x600, keys hidden. */
static void test_long_charge_whole(void **state)
{
    (void)state;
    struct harness *h = open_app(1024, 600);
    touch_sign_in(h, "Dep. Jordan Doe", "482915");
    assert_true(h_touch(h, UI_W_BUTTON, "New intake"));
    assert_true(h_touch(h, UI_W_FIELD, "Booking number"));
    assert_true(h_osk_type(h, "2026-000990"));
    const char *search = "Add a charge: NCIC code or words (most serious first)";
    assert_true(h_touch(h, UI_W_FIELD, search));
    assert_true(h_osk_type(h, "5404"));
    assert_true(touch_containing(h, UI_W_ITEM, "5404"));
    assert_int_equal(h->app->flow.ncharges, 1);
    assert_true(h_touch(h, UI_W_BUTTON, "Hide keys"));
    assert_true(h_find(h, UI_W_BUTTON, "Remove", NULL));
    char first[160] = "";
    if (h_clipped(h, first, sizeof first) != 0)
        fail_msg("clipped on the intake screen: %s", first);
    assert_true(h_count(h, UI_W_LABEL, "ALCOHOL") >= 1); /* the chip, not the list */
    close_app(h);
}

/* A stored audit identifier ("auth.sign_in", "intake.add": lower.lower) in
 * any text on screen. */
static void dotted_fn(void *user, const struct automation_item *it, const char *text)
{
    struct raw_find *r = user;
    (void)it;
    for (const char *p = text; *p && !r->found[0]; p++)
        if (*p == '.' && p > text && p[-1] >= 'a' && p[-1] <= 'z' && p[1] >= 'a' && p[1] <= 'z')
            snprintf(r->found, sizeof r->found, "%s", text);
}

/* The auditor's audit screen in words (issue 9): actions and outcomes as a
 * person reads them, the stored record only in the line under the list
 * after a tap on a row. */
static void test_audit_in_words(void **state)
{
    (void)state;
    struct harness *h = open_app(1280, 720);
    touch_sign_in(h, "Dep. Jordan Doe", "482915");
    assert_true(h_touch(h, UI_W_BUTTON, "Sign out"));
    touch_sign_in(h, "Aud. Kim Kay", "358170");
    assert_true(touch_containing(h, UI_W_BUTTON, "Audit review"));
    assert_int_equal(app_top(h->app), SCREEN_AUDIT);
    assert_true(touch_containing(h, UI_W_ITEM, "Sign-in \xe2\x80\x94 user, done"));
    /* That tap selected the row; go back to a screen with nothing selected. */
    assert_true(h_touch(h, UI_W_BUTTON, "\xe2\x97\x80 Back"));
    assert_true(touch_containing(h, UI_W_BUTTON, "Audit review"));
    struct raw_find r;
    if (raw_identifier(h, &r))
        fail_msg("raw identifier on the audit screen: %s", r.found);
    r.found[0] = 0;
    automation_walk(&h->app->ui, dotted_fn, &r);
    if (r.found[0])
        fail_msg("stored action on the audit screen: %s", r.found);
    assert_true(h_count(h, UI_W_ITEM, "Audit chain checked \xe2\x80\x94 audit, done") > 0);
    assert_int_equal(h_count(h, UI_W_ITEM, ", ok"), 0);
    /* A tap on a row shows its record as stored, for kioskctl audit. */
    assert_true(touch_containing(h, UI_W_ITEM, "Sign-in \xe2\x80\x94 user, done"));
    assert_true(screen_says(h, "Recorded as: auth.sign_in  user  ok"));
    int clipped = h_clipped(h, NULL, 0);
    assert_int_equal(clipped, 0);
    close_app(h);
}

static bool user_disabled(struct harness *h, const char *badge)
{
    struct auth_actor admin;
    assert_int_equal(auth_actor_local_admin(h->app->st, NULL, &admin), 0);
    struct auth_user *users = NULL;
    size_t n = 0;
    assert_int_equal(auth_user_list_as(h->app->st, &admin, &users, &n), 0);
    bool d = false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(users[i].badge, badge) == 0)
            d = users[i].disabled;
    free(users);
    return d;
}

/* Users: disabling asks first and can be undone; after "Add user" no
 * user stays selected with its buttons armed. */
static void test_users_disable_confirm_reenable(void **state)
{
    (void)state;
    struct harness *h = open_app(1280, 720);
    touch_sign_in(h, "Adm. Morgan Major", "902741");
    assert_true(h_touch(h, UI_W_BUTTON, "Users"));
    assert_true(touch_containing(h, UI_W_ITEM, "Dep. Jordan Doe"));
    assert_true(h_touch(h, UI_W_BUTTON, "Disable\xe2\x80\xa6"));
    assert_false(user_disabled(h, "4411")); /* only asked */
    assert_true(h_touch(h, UI_W_BUTTON, "Keep"));
    assert_false(user_disabled(h, "4411"));
    assert_true(h_touch(h, UI_W_BUTTON, "Disable\xe2\x80\xa6"));
    assert_true(h_touch(h, UI_W_BUTTON, "Yes, disable"));
    assert_true(user_disabled(h, "4411"));
    assert_true(h_touch(h, UI_W_BUTTON, "Re-enable"));
    assert_false(user_disabled(h, "4411"));
    /* Add a user: afterwards nothing is selected. */
    assert_true(touch_containing(h, UI_W_ITEM, "Dep. Jordan Doe"));
    assert_true(h_touch(h, UI_W_BUTTON, "Add a user"));
    assert_true(h_touch(h, UI_W_FIELD, "Badge"));
    assert_true(h_osk_type(h, "4499"));
    assert_true(h_touch(h, UI_W_FIELD, "Name as shown"));
    assert_true(h_osk_type(h, "DEP TEST"));
    assert_true(h_touch(h, UI_W_FIELD, "First PIN (6+ digits)"));
    assert_true(h_osk_type(h, "271828"));
    assert_true(h_touch(h, UI_W_BUTTON, "Hide keys"));
    assert_true(h_touch(h, UI_W_BUTTON, "Add user"));
    assert_non_null(strstr(h->app->toast, "added"));
    assert_int_equal(h_count(h, UI_W_BUTTON, "Disable\xe2\x80\xa6"), 0);
    assert_int_equal(h_count(h, UI_W_BUTTON, "Re-enable"), 0);
    close_app(h);
}

/* Settings have controls and words, never keys and typed booleans. */
static void test_settings_controls(void **state)
{
    (void)state;
    struct harness *h = open_app(1280, 720);
    touch_sign_in(h, "Adm. Morgan Major", "902741");
    assert_true(h_touch(h, UI_W_BUTTON, "Settings"));
    assert_int_equal(h_count(h, 0, "_min") + h_count(h, 0, "_hours") + h_count(h, 0, "cosign_"), 0);
    assert_true(touch_containing(h, UI_W_ITEM, "Lock the screen when idle for"));
    assert_true(h_touch(h, UI_W_BUTTON, "+"));
    assert_true(h_touch(h, UI_W_BUTTON, "Save"));
    struct store_settings set;
    assert_int_equal(store_settings_get(h->app->st, &set), 0);
    assert_int_equal(set.idle_lock_min, 4);
    assert_true(touch_containing(h, UI_W_ITEM, "Supervisor co-signs"));
    const char *label = "Supervisor co-signs \"personally known\"";
    struct ui_rect r;
    assert_true(h_find(h, UI_W_TOGGLE, label, &r));
    assert_true(h_touch(h, UI_W_TOGGLE, label));
    assert_true(h_touch(h, UI_W_BUTTON, "Save"));
    assert_int_equal(store_settings_get(h->app->st, &set), 0);
    assert_true(set.cosign_required);
    assert_true(h_count(h, UI_W_ITEM, "On") >= 1);
    close_app(h);
}

/* Backlog: the state tiles add up to the open number, every tile opens
 * the list behind it, nothing clipped at 1024x600. */
static void test_backlog_drill_down(void **state)
{
    (void)state;
    struct harness *h = open_app(1024, 600);
    touch_sign_in(h, "Dep. Jordan Doe", "482915");
    touch_intake(h, "2026-000908");
    assert_true(h_touch(h, UI_W_BUTTON, "Hide keys"));
    assert_true(h_touch(h, UI_W_BUTTON, "No ID \xe2\x80\x94 ICE status check"));
    assert_true(touch_containing(h, UI_W_ITEM, "Last name"));
    h_type(h, "ROE");
    assert_true(touch_containing(h, UI_W_ITEM, "First name"));
    h_type(h, "ROWAN");
    assert_true(touch_containing(h, UI_W_ITEM, "Date of birth"));
    assert_true(h_touch(h, UI_W_FIELD, "Date of birth"));
    h_type(h, "02/28/1990");
    assert_true(h_touch(h, UI_W_BUTTON, "Hide keys"));
    assert_true(touch_containing(h, UI_W_ITEM, "Sex"));
    assert_true(h_touch(h, UI_W_BUTTON, "M \xe2\x80\x94 male"));
    h_type(h, "GEORGIA");
    assert_true(touch_containing(h, UI_W_ITEM, "GA GEORGIA"));
    if (h->app->osk)
        assert_true(h_touch(h, UI_W_BUTTON, "Hide keys"));
    assert_true(h_touch(h, UI_W_BUTTON, "Review request"));
    assert_true(h_touch(h, UI_W_BUTTON, "Queue request"));
    assert_int_equal(app_top(h->app), SCREEN_DONE);
    assert_true(h_touch(h, UI_W_BUTTON, "Sign out"));
    h_advance(h, 20 * KIOSK_MS_PER_MIN); /* past the 15 min to send */
    touch_sign_in(h, "Adm. Morgan Major", "902741");
    assert_true(h_touch(h, UI_W_BUTTON, "Backlog"));
    const struct report_backlog *r = &h->app->admin.report;
    assert_int_equal(r->open_by_state[REQUEST_QUEUED] + r->open_by_state[REQUEST_TRANSMITTED] +
                         r->open_by_state[REQUEST_ACKNOWLEDGED] +
                         r->open_by_state[REQUEST_NEEDS_INFO] + r->open_by_state[REQUEST_RESPONDED],
                     r->open_total);
    char first[200];
    if (h_clipped(h, first, sizeof first) != 0)
        fail_msg("backlog at 1024x600: %s", first);
    assert_true(h_touch(h, UI_W_BUTTON, "1 overdue"));
    assert_true(h_count(h, UI_W_ITEM, "not sent to MULES in time") == 1);
    if (h_clipped(h, first, sizeof first) != 0)
        fail_msg("overdue list at 1024x600: %s", first);
    assert_true(h_touch(h, UI_W_BUTTON, "1 = open"));
    assert_int_equal(h->app->admin.ndrill, 1);
    assert_true(h_count(h, UI_W_ITEM, "2026-000908") == 1);
    assert_true(h_touch(h, UI_W_BUTTON, "Back to the charts"));
    assert_int_equal(h->app->admin.drill, 0);
    assert_true(h_touch(h, UI_W_BUTTON, "Sign out"));

    /* Needs info, then re-queued 10 min later: the age still runs from
     * the first queueing (30 min), not from the re-queue. */
    struct auth_actor comms, dep;
    char msg[200];
    assert_int_equal(auth_sign_in(h->app->st, "5120", "739204", &comms), 0);
    assert_int_equal(auth_sign_in(h->app->st, "4411", "482915", &dep), 0);
    int64_t rid = h->app->admin.report.oldest_open_id;
    assert_true(rid > 0);
    assert_int_equal(request_needs_info(h->app->st, &comms, rid, "MOTHER'S NAME", msg, sizeof msg),
                     0);
    h_advance(h, 10 * KIOSK_MS_PER_MIN);
    struct iaq_problems p = {0};
    assert_int_equal(request_requeue(h->app->st, &dep, rid, NULL, &p, msg, sizeof msg), 0);
    touch_sign_in(h, "Dep. Jordan Doe", "482915");
    assert_true(h_touch(h, UI_W_BUTTON, "Status board"));
    assert_true(h_count(h, UI_W_ITEM, "age 30 min") == 1);
    close_app(h);
}

struct rects {
    struct ui_rect r[16];
};

static void key_rects(struct harness *h, struct rects *out)
{
    static const char *const names[] = {"1", "2", "3", "4",  "5",      "6",      "7",
                                        "8", "9", "0", "OK", "Cancel", "Sign in"};
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!h_find(h, i < 11 ? UI_W_KEY : UI_W_BUTTON, names[i], &out->r[i]))
            fail_msg("no %s on the PIN screen", names[i]);
}

/* Nothing moves under the finger when a message appears, and messages are
 * never clipped (the lockout and idle-lock sentences at 1024x600). */
static void test_messages_move_nothing(void **state)
{
    (void)state;
    struct harness *h = open_app(1024, 600);
    char first[200];
    assert_true(touch_containing(h, UI_W_ITEM, "Dep. Jordan Doe"));
    struct rects before, after;
    key_rects(h, &before);
    for (int i = 0; i < AUTH_LOCK_FAILURES; i++) {
        for (const char *p = "111111"; *p; p++)
            assert_true(h_touch(h, UI_W_KEY, "1"));
        assert_true(h_touch(h, UI_W_KEY, "OK"));
        assert_false(h->app->signed_in);
        key_rects(h, &after);
        assert_memory_equal(&before, &after, sizeof before);
        if (h_clipped(h, first, sizeof first) != 0)
            fail_msg("clipped after wrong PIN %d: %s", i + 1, first);
    }
    assert_true(screen_says(h, "A supervisor must unlock it."));
    /* Idle lock: "Sign in again" in full. */
    assert_true(h_touch(h, UI_W_BUTTON, "Cancel"));
    touch_sign_in(h, "Sgt. Alex Smith", "615283");
    h_advance(h, 60 * KIOSK_MS_PER_MIN);
    h_pump(h);
    assert_int_equal(app_top(h->app), SCREEN_SIGNIN);
    assert_true(screen_says(h, "Sign in again to continue."));
    if (h_clipped(h, first, sizeof first) != 0)
        fail_msg("clipped on the idle lock: %s", first);
    close_app(h);
}

/* The keyboard button is there only where there is something to type
 * into, and the idle lock puts the keys away too. */
static void test_idle_lock_hides_keys(void **state)
{
    (void)state;
    struct harness *h = open_app(1024, 600);
    touch_sign_in(h, "Dep. Jordan Doe", "482915");
    assert_int_equal(app_top(h->app), SCREEN_HOME);
    assert_int_equal(h_count(h, UI_W_BUTTON, "Keyboard"), 0);
    assert_int_equal(h_count(h, UI_W_BUTTON, "Hide keys"), 0);
    assert_true(h_touch(h, UI_W_BUTTON, "New intake"));
    assert_true(h_touch(h, UI_W_BUTTON, "Keyboard"));
    assert_true(h->app->osk);
    h_advance(h, 60 * KIOSK_MS_PER_MIN);
    h_pump(h);
    assert_int_equal(app_top(h->app), SCREEN_SIGNIN);
    assert_false(h->app->osk);
    assert_int_equal(h_count(h, UI_W_KEY, "Q"), 0);
    close_app(h);
}

/* On the IAQ form the keys stay up while a choice (Sex) is edited, and
 * "Hide keys" is there to put them away; with the keys down and nothing to
 * type into there is no keyboard button; a name field brings it back. */
static void test_keys_button_follows_fields(void **state)
{
    (void)state;
    struct harness *h = touch_to_iaq_middle("2026-000906");
    assert_true(h->app->osk);
    /* with the keys up the field list is short: page to Sex */
    for (int i = 0; i < 3 && h_count(h, UI_W_ITEM, "Sex") == 0; i++)
        assert_true(touch_containing(h, UI_W_BUTTON, "Next"));
    assert_true(touch_containing(h, UI_W_ITEM, "Sex"));
    assert_int_equal(h_count(h, UI_W_FIELD, ""), 0); /* "" counts every one */
    assert_true(h_count(h, UI_W_KEY, "Q") == 1);
    assert_true(h_touch(h, UI_W_BUTTON, "Hide keys"));
    assert_false(h->app->osk);
    assert_int_equal(h_count(h, UI_W_KEY, "Q"), 0);
    assert_int_equal(h_count(h, UI_W_BUTTON, "Keyboard"), 0);
    assert_int_equal(h_count(h, UI_W_BUTTON, "Hide keys"), 0);
    for (int i = 0; i < 3 && h_count(h, UI_W_ITEM, "Middle names") == 0; i++)
        assert_true(touch_containing(h, UI_W_BUTTON, "Previous"));
    assert_true(touch_containing(h, UI_W_ITEM, "Middle names"));
    assert_int_equal(h_count(h, UI_W_BUTTON, "Keyboard"), 1);
    close_app(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_osk_edits_reach_every_picker),
        cmocka_unit_test(test_photo_mismatch_discards_card),
        cmocka_unit_test(test_idresult_follows_core),
        cmocka_unit_test(test_idle_lock_hides_keys),
        cmocka_unit_test(test_keys_button_follows_fields),
        cmocka_unit_test(test_accents_transliterated),
        cmocka_unit_test(test_shortened_name_confirmed),
        cmocka_unit_test(test_messages_move_nothing),
        cmocka_unit_test(test_cosign_void_on_reason_change),
        cmocka_unit_test(test_dob_forms),
        cmocka_unit_test(test_users_disable_confirm_reenable),
        cmocka_unit_test(test_settings_controls),
        cmocka_unit_test(test_backlog_drill_down),
        cmocka_unit_test(test_audit_in_words),
        cmocka_unit_test(test_long_charge_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
