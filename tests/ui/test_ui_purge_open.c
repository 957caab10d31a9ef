/* Purge with the kiosk app open (issue 12): the real app runs (demo
 * database, signed-in deputy reading the board) while a second process's
 * store purges a closed intake; the name, date of birth and MULES reference
 * are then in neither the database file nor its WAL. Proves the app keeps
 * no read transaction open that would pin the old pages. */
#include "harness.h"

#include "core/intake.h"
#include "core/kiosk_err.h"
#include "core/request.h"
#include "core/store.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define NAME  "ZZAPPOPENNAME"
#define MULES "MULESAPP42"

static bool file_has(const char *path, const char *needle)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    static char buf[1 << 22];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    size_t l = strlen(needle);
    for (size_t i = 0; i + l <= n; i++)
        if (buf[i] == needle[0] && memcmp(buf + i, needle, l) == 0)
            return true;
    return false;
}

static void test_purge_while_app_runs(void **state)
{
    (void)state;
    struct harness *h = calloc(1, sizeof *h);
    assert_non_null(h);
    if (h_open(h, 1280, 720, "2026-03-10T14:05:00Z") != 0)
        fail_msg("app: %s", h->err);
    struct store *app_st = h->app->st;
    struct auth_actor dep, comms, admin;
    assert_int_equal(auth_actor_local_admin(app_st, "4411", &dep), KIOSK_OK);
    assert_int_equal(auth_actor_local_admin(app_st, "5120", &comms), KIOSK_OK);
    struct intake_input in;
    struct iaq_problems p;
    char msg[256];
    memset(&in, 0, sizeof in);
    snprintf(in.booking_number, sizeof in.booking_number, "2026-APP-1");
    strcpy(in.charges[0], "1313");
    in.basis = INTAKE_IAQ;
    strcpy(in.iaq.family_name, NAME);
    strcpy(in.iaq.dob, "19790823");
    strcpy(in.iaq.sex, "M");
    strcpy(in.iaq.pob, "MM");
    int64_t iid, rid;
    assert_int_equal(intake_add(app_st, &dep, &in, &p, &iid, &rid), KIOSK_OK);
    assert_int_equal(request_transmit(app_st, &comms, rid, MULES, msg, sizeof msg), KIOSK_OK);
    assert_int_equal(
        request_respond(app_st, &comms, rid, "no_record", "NO RECORD " NAME, msg, sizeof msg),
        KIOSK_OK);
    assert_int_equal(request_close(app_st, &dep, rid, msg, sizeof msg), KIOSK_OK);
    /* someone works at the kiosk: it reads the board */
    assert_true(h_sign_in(h, "4411", "482915"));
    assert_true(h->app->signed_in);
    h_pump(h);
    /* kioskctl purge from another process's connection, 400 days later */
    char path[600], keys[400], wal[620];
    snprintf(path, sizeof path, "%s", store_path(app_st));
    snprintf(keys, sizeof keys, "%s/keys", h->app->demo_dir);
    snprintf(wal, sizeof wal, "%s-wal", path);
    kiosk_ms_t later = 1773151500000LL + 400LL * KIOSK_MS_PER_DAY;
    struct kiosk_clock clock = clock_fixed(&later);
    struct store *other;
    assert_int_equal(store_open_keyed(path, keys, &clock, false, &other, msg, sizeof msg),
                     KIOSK_OK);
    assert_int_equal(auth_actor_local_admin(other, NULL, &admin), KIOSK_OK);
    int64_t n = 0;
    assert_int_equal(store_purge(other, &admin, 365, &n), KIOSK_OK);
    assert_true(n >= 1);
    h_pump(h);
    assert_false(file_has(path, NAME));
    assert_false(file_has(wal, NAME));
    assert_false(file_has(path, MULES));
    assert_false(file_has(wal, MULES));
    assert_false(file_has(path, "19790823"));
    assert_false(file_has(wal, "19790823"));
    store_close(other);
    assert_true(h->app->signed_in);
    h_close(h);
    free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_purge_while_app_runs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
