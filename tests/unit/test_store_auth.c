/* Users, PINs, sign-in and lockout through the injected clock, unlock and
 * disable, the local administrator, settings, and role checks inside the
 * core functions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "core/audit.h"
#include "core/consular.h"
#include "core/intake.h"
#include "core/report.h"
#include "core/request.h"
#include "core/store_priv.h"
#include "store_fixture.h"

#include <sys/stat.h>

static int setup(void **state)
{
    *state = fixture_create(1);
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    fixture_destroy(*state);
    return 0;
}

static void test_pin_policy(void **state)
{
    (void)state;
    static const struct {
        const char *pin;
        int ok;
    } t[] = {
        {"482915", 1}, {"90817263", 1},
        {"12345", 0},  {"123456", 0},
        {"987654", 0}, {"111111", 0},
        {"121212", 0}, {"123123", 0},
        {"481111", 0}, {"48291a", 0},
        {"", 0},       {"4829 15", 0},
        {"D7", 0},     {"123456789012345678901234567890123", 0}, /* 33 digits */
    };
    char msg[128];
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        int rc = auth_pin_check_policy(t[i].pin, "B1", msg, sizeof msg);
        if ((rc == KIOSK_OK) != t[i].ok)
            fail_msg("PIN '%s': got %d (%s)", t[i].pin, rc, msg);
    }
    assert_int_equal(auth_pin_check_policy("590372", "590372", msg, sizeof msg), KIOSK_ERR_INVALID);
    assert_non_null(strstr(msg, "badge"));
}

static void test_first_user_needs_local_admin(void **state)
{
    (void)state;
    struct fixture *f = fixture_create(0);
    if (!f) {
        fail();
        return;
    }
    struct auth_actor fake = {.user_id = 0, .role = AUTH_ROLE_ADMIN};
    char msg[128];
    assert_int_equal(
        auth_user_add(f->st, &fake, "A1", "Pat", AUTH_ROLE_ADMIN, "482915", NULL, msg, sizeof msg),
        KIOSK_ERR_PERM);
    struct auth_actor local;
    assert_int_equal(auth_actor_local_admin(f->st, NULL, &local), KIOSK_OK);
    assert_true(local.local_admin);
    assert_int_equal(
        auth_user_add(f->st, &local, "A1", "Pat", AUTH_ROLE_ADMIN, "482915", NULL, msg, sizeof msg),
        KIOSK_OK);
    /* duplicate badge, bad role, bad PIN, bad badge */
    assert_int_equal(
        auth_user_add(f->st, &local, "A1", "Pat", AUTH_ROLE_ADMIN, "482915", NULL, msg, sizeof msg),
        KIOSK_ERR_STATE);
    assert_int_equal(auth_user_add(f->st, &local, "A2", "Pat", 0, "482915", NULL, msg, sizeof msg),
                     KIOSK_ERR_INVALID);
    assert_int_equal(
        auth_user_add(f->st, &local, "A2", "Pat", AUTH_ROLE_ADMIN, "111111", NULL, msg, sizeof msg),
        KIOSK_ERR_INVALID);
    assert_int_equal(auth_user_add(f->st, &local, "A 2", "Pat", AUTH_ROLE_ADMIN, "482915", NULL,
                                   msg, sizeof msg),
                     KIOSK_ERR_INVALID);
    /* The database owner check: a caller that is not the file's owner is
     * refused --local-admin (the caller uid is the seam, so this runs as
     * root in CI too), with or without a badge. */
    store_test_set_caller_uid(f->st, getuid() + 12345);
    assert_int_equal(auth_actor_local_admin(f->st, NULL, &local), KIOSK_ERR_PERM);
    assert_int_equal(auth_actor_local_admin(f->st, "A1", &local), KIOSK_ERR_PERM);
    store_test_set_caller_uid(f->st, getuid());
    assert_int_equal(auth_actor_local_admin(f->st, NULL, &local), KIOSK_OK);
    /* The file was created 0600. */
    struct stat sb;
    assert_int_equal(stat(f->path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    fixture_destroy(f);
}

/* Audit rows with action (all rows when NULL). */
static int audit_rows(struct fixture *f, const char *action)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(store_db(f->st),
                           "SELECT count(*) FROM audit WHERE ?1 IS NULL OR action = ?1", -1, &s,
                           NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(s, 1, action, -1, SQLITE_STATIC);
    int n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
    sqlite3_finalize(s);
    return n;
}

static void test_sign_in_and_lockout(void **state)
{
    struct fixture *f = *state;
    struct auth_actor a;
    assert_int_equal(auth_sign_in(f->st, "D7", "739164", &a), KIOSK_OK);
    assert_string_equal(a.badge, "D7");
    assert_int_equal(a.role, AUTH_ROLE_DEPUTY);
    assert_int_equal(a.signed_in, f->now);
    assert_int_equal(auth_sign_in(f->st, "NOPE", "739164", &a), KIOSK_ERR_PERM);
    /* 4 failures spread over more than 15 minutes do not lock ... */
    for (int i = 0; i < 4; i++) {
        assert_int_equal(auth_sign_in(f->st, "D7", "000001", &a), KIOSK_ERR_PERM);
        f->now += 6 * KIOSK_MS_PER_MIN;
    }
    /* ... the first two have left the window: 2 inside, plus this = 3 */
    assert_int_equal(auth_sign_in(f->st, "D7", "000001", &a), KIOSK_ERR_PERM);
    assert_int_equal(auth_sign_in(f->st, "D7", "739164", &a), KIOSK_OK); /* clears failures */
    /* 5 within 15 minutes lock, even for the right PIN afterwards */
    for (int i = 0; i < 4; i++) {
        assert_int_equal(auth_sign_in(f->st, "D7", "000001", &a), KIOSK_ERR_PERM);
        f->now += 2 * KIOSK_MS_PER_MIN;
    }
    assert_int_equal(auth_sign_in(f->st, "D7", "000001", &a), KIOSK_ERR_LOCKED);
    assert_int_equal(auth_sign_in(f->st, "D7", "739164", &a), KIOSK_ERR_LOCKED);
    f->now += 2 * KIOSK_MS_PER_DAY; /* no automatic unlock (CJIS v6 AC-7) */
    assert_int_equal(auth_sign_in(f->st, "D7", "739164", &a), KIOSK_ERR_LOCKED);
    /* The locked user's open session stops too. */
    assert_int_equal(auth_require(f->st, &f->deputy, AUTH_ROLE_DEPUTY), KIOSK_ERR_LOCKED);
    /* Only a supervisor or an admin unlocks. */
    assert_int_equal(auth_user_unlock(f->st, &f->comms, "D7"), KIOSK_ERR_PERM);
    assert_int_equal(auth_user_unlock(f->st, &f->deputy2, "D7"), KIOSK_ERR_PERM);
    assert_int_equal(auth_user_unlock(f->st, &f->supervisor, "D7"), KIOSK_OK);
    assert_int_equal(auth_sign_in(f->st, "D7", "739164", &a), KIOSK_OK);
    assert_int_equal(auth_user_unlock(f->st, &f->admin, "NOPE"), KIOSK_ERR_NOT_FOUND);
    struct auth_user *users;
    size_t n;
    /* the full list is an admin's audited view */
    assert_int_equal(auth_user_list_as(f->st, &f->supervisor, &users, &n), KIOSK_ERR_PERM);
    assert_null(users);
    assert_int_equal(auth_user_list_as(f->st, &f->admin, &users, &n), KIOSK_OK);
    assert_int_equal(n, 6);
    assert_string_equal(users[0].name, "Aud Itor"); /* ordered by name */
    free(users);
    assert_int_equal(audit_rows(f, "user.list"), 1);
}

/* Every view is audited (DESIGN section 5): lists, timelines, consular
 * records; a role that may not see them is refused and leaves no view row. */
static void test_views_audited(void **state)
{
    struct fixture *f = *state;
    struct request_row *rows;
    size_t n;
    assert_int_equal(request_list(f->st, &f->auditor, 0, &rows, &n), KIOSK_ERR_PERM);
    assert_int_equal(audit_rows(f, "request.list"), 0);
    assert_int_equal(request_list(f->st, &f->comms, 0, &rows, &n), KIOSK_OK);
    free(rows);
    assert_int_equal(audit_rows(f, "request.list"), 1);
    struct intake_input in;
    memset(&in, 0, sizeof in);
    strcpy(in.booking_number, "B-V1");
    strcpy(in.charges[0], "5404");
    in.basis = INTAKE_EXEMPT_KNOWN;
    strcpy(in.nationality[0], "US"); /* issue 10: nationality asked on every exemption path */
    strcpy(in.known_reason, "known to the deputy");
    strcpy(in.nationality[0], "MM");
    int64_t iid = 0;
    assert_int_equal(intake_add(f->st, &f->deputy, &in, NULL, &iid, NULL), KIOSK_OK);
    struct consular_record cr;
    assert_int_equal(consular_get(f->st, &f->deputy, iid, &cr), KIOSK_OK);
    assert_int_equal(audit_rows(f, "consular.view"), 1);
    struct consular_record *due;
    assert_int_equal(consular_due(f->st, &f->supervisor, &due, &n), KIOSK_OK);
    assert_int_equal(n, 1);
    free(due);
    assert_int_equal(audit_rows(f, "consular.due"), 1);
    /* the sign-in pick: enabled users' badge and name only, no audit row */
    struct auth_pick *picks;
    assert_int_equal(auth_user_disable(f->st, &f->admin, "D8"), KIOSK_OK);
    int before = audit_rows(f, NULL);
    assert_int_equal(auth_user_pick_list(f->st, &picks, &n), KIOSK_OK);
    assert_int_equal(n, 5);
    for (size_t i = 0; i < n; i++)
        assert_string_not_equal(picks[i].badge, "D8");
    free(picks);
    assert_int_equal(audit_rows(f, NULL), before);
}

static void test_disable(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(auth_user_disable(f->st, &f->supervisor, "D8"), KIOSK_ERR_PERM);
    assert_int_equal(auth_user_disable(f->st, &f->admin, "A1"), KIOSK_ERR_STATE);
    assert_int_equal(auth_user_disable(f->st, &f->admin, "D8"), KIOSK_OK);
    struct auth_actor a;
    assert_int_equal(auth_sign_in(f->st, "D8", "739165", &a), KIOSK_ERR_PERM);
    /* An existing session of a disabled user is refused by every core call. */
    struct request_row *rows;
    size_t n;
    assert_int_equal(request_list(f->st, &f->deputy2, 0, &rows, &n), KIOSK_ERR_PERM);
    /* A forged actor (right id, other badge) is refused. */
    struct auth_actor forged = f->deputy;
    strcpy(forged.badge, "A1");
    assert_int_equal(auth_require(f->st, &forged, AUTH_ROLE_DEPUTY), KIOSK_ERR_PERM);
}

static void test_pin_change(void **state)
{
    struct fixture *f = *state;
    char msg[128];
    assert_int_equal(auth_pin_change(f->st, &f->deputy, "000000", "590371", msg, sizeof msg),
                     KIOSK_ERR_PERM);
    assert_int_equal(auth_pin_change(f->st, &f->deputy, "739164", "123456", msg, sizeof msg),
                     KIOSK_ERR_INVALID);
    assert_int_equal(auth_pin_change(f->st, &f->deputy, "739164", "590371", msg, sizeof msg),
                     KIOSK_OK);
    struct auth_actor a;
    assert_int_equal(auth_sign_in(f->st, "D7", "590371", &a), KIOSK_OK);
}

static void test_role_checks(void **state)
{
    struct fixture *f = *state;
    struct intake_input in;
    memset(&in, 0, sizeof in);
    strcpy(in.booking_number, "B-1");
    strcpy(in.charges[0], "1313");
    in.basis = INTAKE_EXEMPT_KNOWN;
    strcpy(in.nationality[0], "US"); /* issue 10: nationality asked on every exemption path */
    strcpy(in.known_reason, "known US citizen");
    struct iaq_problems p;
    /* comms, admin, auditor may not add intakes */
    assert_int_equal(intake_add(f->st, &f->comms, &in, &p, NULL, NULL), KIOSK_ERR_PERM);
    assert_int_equal(intake_add(f->st, &f->admin, &in, &p, NULL, NULL), KIOSK_ERR_PERM);
    assert_int_equal(intake_add(f->st, &f->auditor, &in, &p, NULL, NULL), KIOSK_ERR_PERM);
    assert_int_equal(intake_add(f->st, NULL, &in, &p, NULL, NULL), KIOSK_ERR_PERM);
    int64_t iid;
    assert_int_equal(intake_add(f->st, &f->supervisor, &in, &p, &iid, NULL), KIOSK_OK);
    /* auditor cannot see requests; deputy cannot see the backlog or the audit */
    struct request_row *rows;
    size_t n;
    assert_int_equal(request_list(f->st, &f->auditor, 0, &rows, &n), KIOSK_ERR_PERM);
    struct report_backlog r;
    assert_int_equal(report_backlog(f->st, &f->deputy, &r), KIOSK_ERR_PERM);
    assert_int_equal(report_backlog(f->st, &f->comms, &r), KIOSK_ERR_PERM);
    assert_int_equal(report_backlog(f->st, &f->auditor, &r), KIOSK_OK);
    report_backlog_finish(&r);
    int64_t bad;
    char msg[200];
    assert_int_equal(audit_verify(f->st, &f->deputy, &bad, NULL, msg, sizeof msg), KIOSK_ERR_PERM);
    assert_int_equal(audit_verify(f->st, &f->auditor, &bad, NULL, msg, sizeof msg), KIOSK_OK);
    assert_int_equal(audit_review_record(f->st, &f->admin, "x"), KIOSK_ERR_PERM);
    assert_int_equal(audit_review_record(f->st, &f->auditor, "week 48 reviewed"), KIOSK_OK);
    kiosk_ms_t at;
    assert_int_equal(audit_last_review(f->st, &at), KIOSK_OK);
    assert_int_equal(at, f->now);
    /* settings: admin only, validated */
    assert_int_equal(
        store_setting_set(f->st, &f->supervisor, "queue_sla_min", "20", msg, sizeof msg),
        KIOSK_ERR_PERM);
    assert_int_equal(store_setting_set(f->st, &f->admin, "queue_sla_min", "0", msg, sizeof msg),
                     KIOSK_ERR_INVALID);
    assert_int_equal(store_setting_set(f->st, &f->admin, "nope", "1", msg, sizeof msg),
                     KIOSK_ERR_INVALID);
    assert_int_equal(store_setting_set(f->st, &f->admin, "queue_sla_min", "20", msg, sizeof msg),
                     KIOSK_OK);
    assert_int_equal(store_setting_set(f->st, &f->admin, "cosign_required", "yes", msg, sizeof msg),
                     KIOSK_OK);
    assert_int_equal(
        store_setting_set(f->st, &f->admin, "desk_phone", "573-555-0100", msg, sizeof msg),
        KIOSK_OK);
    struct store_settings s;
    assert_int_equal(store_settings_get(f->st, &s), KIOSK_OK);
    assert_int_equal(s.queue_sla_min, 20);
    assert_int_equal(s.response_sla_min, 60);
    assert_true(s.cosign_required);
    assert_string_equal(s.desk_phone, "573-555-0100");
    /* a denied attempt is audited */
    struct audit_row *rows2;
    assert_int_equal(audit_list(f->st, &f->auditor, 0, 0, &rows2, &n), KIOSK_OK);
    int denied = 0;
    for (size_t i = 0; i < n; i++)
        denied += !strcmp(rows2[i].action, "auth.denied");
    assert_true(denied >= 8);
    free(rows2);
}

static void test_default_path(void **state)
{
    (void)state;
    char buf[512];
    unsetenv("KIOSK_DB");
    setenv("XDG_DATA_HOME", "/x/data", 1);
    assert_int_equal(store_default_path(NULL, buf, sizeof buf), KIOSK_OK);
    assert_string_equal(buf, "/x/data/booking-kiosk/kiosk.db");
    setenv("KIOSK_DB", "/y/k.db", 1);
    assert_int_equal(store_default_path(NULL, buf, sizeof buf), KIOSK_OK);
    assert_string_equal(buf, "/y/k.db");
    assert_int_equal(store_default_path("/z.db", buf, sizeof buf), KIOSK_OK);
    assert_string_equal(buf, "/z.db");
    assert_int_equal(store_default_path("/z.db", buf, 3), KIOSK_ERR_FULL);
    unsetenv("KIOSK_DB");
    unsetenv("XDG_DATA_HOME");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pin_policy),
        cmocka_unit_test(test_first_user_needs_local_admin),
        cmocka_unit_test_setup_teardown(test_sign_in_and_lockout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_views_audited, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pin_change, setup, teardown),
        cmocka_unit_test_setup_teardown(test_role_checks, setup, teardown),
        cmocka_unit_test(test_default_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
