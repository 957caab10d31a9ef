/* Issue 14, the core's fact log without a hub: facts made at one station
 * and applied at another give the same digest (the request is derived by
 * the same transition table at both); a fact applied twice is a no-op; a
 * different fact under a held id, and an audit row that does not link to
 * its station's previous row, are refused and not stored. */
#include "core/fact.h"
#include "core/intake.h"
#include "core/request.h"
#include "records/records.h"
#include "unit/store_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static const unsigned char no_key[32];

/* Joins x as station A and records an IAQ intake whose request is
 * transmitted and answered; returns the request's id. */
static int64_t make_history(struct fixture *x)
{
    char msg[256];
    assert_int_equal(fact_join(x->st, "A", "postgresql:///none", no_key, msg, sizeof msg), 0);
    struct intake_input in = {0};
    snprintf(in.booking_number, sizeof in.booking_number, "2026-0000001");
    strcpy(in.charges[0], "1313");
    in.basis = INTAKE_IAQ;
    strcpy(in.iaq.family_name, "Fictional");
    strcpy(in.iaq.first_name, "Alexandra");
    strcpy(in.iaq.dob, "19850412");
    strcpy(in.iaq.sex, "F");
    strcpy(in.iaq.pob, "MM");
    strcpy(in.iaq.nationality[0], "MM");
    int64_t iid = 0, rid = 0;
    assert_int_equal(intake_add(x->st, &x->deputy, &in, NULL, &iid, &rid), 0);
    x->now += 60000;
    assert_int_equal(request_transmit(x->st, &x->comms, rid, "MULES-1", msg, sizeof msg), 0);
    x->now += 60000;
    assert_int_equal(request_respond(x->st, &x->comms, rid, "no_record", "IAR text (fictional)",
                                     msg, sizeof msg),
                     0);
    return rid;
}

static void facts_free(struct fact *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fact_finish(&f[i]);
    free(f);
}

static void test_same_facts_same_digest(void **state)
{
    (void)state;
    struct fixture *x = fixture_create(1), *y = fixture_create(0);
    assert_non_null(x);
    assert_non_null(y);
    make_history(x);
    char msg[256];
    assert_int_equal(fact_join(y->st, "C", "postgresql:///none", no_key, msg, sizeof msg), 0);
    struct fact *f = NULL;
    size_t n = 0;
    assert_int_equal(fact_unpushed(x->st, 10000, &f, &n), 0);
    assert_true(n > 10);
    for (int round = 0; round < 2; round++) /* the second round: all no-ops */
        for (size_t i = 0; i < n; i++)
            assert_int_equal(fact_apply(y->st, &f[i], msg, sizeof msg), 0);
    char dx[65], dy[65];
    assert_int_equal(fact_digest(x->st, dx), 0);
    assert_int_equal(fact_digest(y->st, dy), 0);
    assert_string_equal(dx, dy);
    int64_t rid = 0;
    assert_int_equal(fact_resolve(y->st, "A-1", true, &rid), 0);
    struct request_detail d;
    assert_int_equal(request_get(y->st, &(struct auth_actor){.local_admin = true}, rid, &d), 0);
    assert_int_equal(d.row.state, REQUEST_RESPONDED);
    assert_string_equal(d.row.mules_ref, "MULES-1");
    request_detail_finish(&d);

    /* a different fact under a held id */
    struct fact g = f[n - 1];
    g.payload = strdup("{\"other\":1}");
    assert_int_equal(fact_apply(y->st, &g, msg, sizeof msg), KIOSK_ERR_CORRUPT);
    assert_non_null(strstr(msg, "differs"));
    free(g.payload);
    facts_free(f, n);
    fixture_destroy(x);
    fixture_destroy(y);
}

static void test_broken_audit_link_refused(void **state)
{
    (void)state;
    struct fixture *x = fixture_create(1), *z = fixture_create(0);
    assert_non_null(x);
    assert_non_null(z);
    make_history(x);
    char msg[256];
    assert_int_equal(fact_join(z->st, "D", "postgresql:///none", no_key, msg, sizeof msg), 0);
    struct fact *f = NULL;
    size_t n = 0;
    assert_int_equal(fact_unpushed(x->st, 10000, &f, &n), 0);
    int audits = 0;
    size_t i = 0;
    for (; i < n; i++) {
        if (!strcmp(f[i].kind, "audit.row") && ++audits == 2)
            break;
        assert_int_equal(fact_apply(z->st, &f[i], msg, sizeof msg), 0);
    }
    assert_true(i < n);
    /* the second audit row, its link to the first rewritten */
    json_t *p = json_loads(f[i].payload, 0, NULL);
    json_object_set_new(p, "prev_hash",
                        json_string("00000000000000000000000000000000000000000"
                                    "00000000000000000000000"));
    free(f[i].payload);
    f[i].payload = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(p);
    assert_int_equal(fact_apply(z->st, &f[i], msg, sizeof msg), KIOSK_ERR_CORRUPT);
    assert_non_null(strstr(msg, "does not link"));
    int64_t held = 0;
    assert_int_equal(fact_max_seq(z->st, "A", &held), 0);
    assert_int_equal(held, f[i].seq - 1); /* nothing stored */
    facts_free(f, n);
    fixture_destroy(x);
    fixture_destroy(z);
}

/* A purge on a joined station counts the facts about the purged intakes
 * that it does not reach yet (their payloads still hold the person): the
 * number kioskctl purge warns about and the audit row records. */
static void test_purge_counts_kept_facts(void **state)
{
    (void)state;
    struct fixture *x = fixture_create(1);
    assert_non_null(x);
    int64_t rid = make_history(x);
    char msg[256];
    assert_int_equal(request_close(x->st, &x->deputy, rid, msg, sizeof msg), 0);
    struct fact *f = NULL;
    size_t n = 0;
    assert_int_equal(fact_unpushed(x->st, 10000, &f, &n), 0);
    int64_t about = 0;
    for (size_t i = 0; i < n; i++)
        about += !strcmp(f[i].subject, "A-1");
    facts_free(f, n);
    assert_true(about >= 3); /* recorded, transmitted, responded, closed */
    x->now += 2 * KIOSK_MS_PER_DAY;
    struct records_purge_result res;
    assert_int_equal(records_purge_older(x->st, &x->admin, 1, &res), 0);
    assert_int_equal(res.purged, 1);
    assert_int_equal(res.facts_kept, about);
    fixture_destroy(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_facts_same_digest),
        cmocka_unit_test(test_broken_audit_link_refused),
        cmocka_unit_test(test_purge_counts_kept_facts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
