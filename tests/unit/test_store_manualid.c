/* Documents without a (readable) barcode entered by hand (intake_add with a
 * manual document): every field's rule with all problems at once, the
 * expiry day rule, the keyed hash shared with the barcode path, the
 * attestation and its audit row, the report's manual count, the JSON form,
 * the consular record on this path, and the schema migration to version 5
 * from every earlier version. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "core/consular.h"
#include "core/idcheck.h"
#include "core/intake.h"
#include "core/report.h"
#include "core/store_priv.h"
#include "store_fixture.h"

#include <jansson.h>
#include <time.h>

static int setup(void **state)
{
    /* The booking date is the local date of the clock: pin the zone. */
    setenv("TZ", "UTC", 1);
    tzset();
    *state = fixture_create(1);
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    fixture_destroy(*state);
    return 0;
}

/* A valid passport as of FIXTURE_T0 (2026-11-27). */
static void manual_input(struct intake_input *in, const char *booking)
{
    memset(in, 0, sizeof *in);
    snprintf(in->booking_number, sizeof in->booking_number, "%s", booking);
    strcpy(in->charges[0], "5404");
    in->basis = INTAKE_EXEMPT_ID;
    strcpy(in->nationality[0], "US"); /* issue 10: nationality asked on every exemption path */
    in->manual = true;
    strcpy(in->manual_document.kind, "us_passport");
    strcpy(in->manual_document.issuer, "US");
    strcpy(in->manual_document.number, "x9 87 65 432");
    strcpy(in->manual_document.expires, "2031-04-30");
    in->manual_document.attested = true;
}

static const char *problem(const struct iaq_problems *p, const char *field)
{
    for (int i = 0; i < p->count; i++)
        if (!strcmp(p->items[i].field, field))
            return p->items[i].message;
    return NULL;
}

static int64_t count(struct fixture *f, const char *sql)
{
    sqlite3_stmt *q;
    assert_int_equal(store_prepare(f->st, sql, &q), KIOSK_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return n;
}

static void test_manual_recorded(void **state)
{
    struct fixture *f = *state;
    struct intake_input in;
    struct iaq_problems p;
    int64_t iid = 0, rid = -1;
    manual_input(&in, "B-M1");
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, &rid), KIOSK_OK);
    assert_true(iid > 0);
    assert_int_equal(rid, 0);
    struct intake_summary s;
    assert_int_equal(intake_get(f->st, &f->deputy, iid, &s), KIOSK_OK);
    assert_int_equal(s.basis, INTAKE_EXEMPT_ID);
    assert_string_equal(s.doc_source, "manual");
    assert_string_equal(s.doc_kind, "us_passport");
    assert_string_equal(s.doc_issuer, "US United States");
    assert_string_equal(s.doc_expires, "2031-04-30");
    assert_string_equal(s.doc_last4, "5432");
    assert_true(s.doc_attested);
    assert_string_equal(s.attested_by, "D7");
    assert_int_equal(s.duplicate_count, 0);
    /* the attestation text is stored with the row; the full number is not */
    assert_int_equal(count(f, "SELECT count(*) FROM id_documents WHERE source = 'manual' AND"
                              " attested = 1 AND attestation = '" INTAKE_ATTESTATION "'"
                              " AND length(number_hash) = 32"),
                     1);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "grep -c -a -e X98765432 -e 98765432 '%s' >/dev/null", f->path);
    assert_int_not_equal(system(cmd), 0);
    /* audited with the source and the attestation */
    assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = 'intake.add' AND"
                              " details LIKE '%source=manual%attested=Y%'"
                              " AND actor_badge = 'D7'"),
                     1);
    /* the same number as a scanned licence: same keyed hash, so the
     * duplicate is seen across both paths */
    json_t *doc =
        json_pack("{s:s, s:{s:s, s:s, s:s}, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:{s:b}}",
                  "document_number", "X98765432", "issuer", "code", "AZ", "name", "Arizona",
                  "country", "USA", "document_type", "DL", "expires", "2030-08-31", "real_id", "F",
                  "format", "aamva", "iin", "636026", "family_name", "PUBLIC", "first_name", "JOHN",
                  "dob", "1970-01-31", "verdict", "valid_government_id", 1);
    struct intake_input bc;
    memset(&bc, 0, sizeof bc);
    strcpy(bc.booking_number, "B-M2");
    strcpy(bc.charges[0], "5404");
    bc.basis = INTAKE_EXEMPT_ID;
    strcpy(bc.nationality[0], "US"); /* issue 10: nationality asked on every exemption path */
    bc.id_document = doc;
    int64_t iid2;
    assert_int_equal(intake_add(f->st, &f->deputy, &bc, &p, &iid2, NULL), KIOSK_OK);
    json_decref(doc);
    assert_int_equal(intake_get(f->st, &f->deputy, iid2, &s), KIOSK_OK);
    assert_string_equal(s.doc_source, "barcode");
    assert_false(s.doc_attested);
    assert_string_equal(s.attested_by, "");
    assert_int_equal(s.duplicate_count, 1);
    /* a state document without a barcode: issuer is a state code */
    manual_input(&in, "B-M3");
    strcpy(in.manual_document.kind, "state_dl_no_barcode");
    strcpy(in.manual_document.issuer, "mo");
    strcpy(in.manual_document.number, "M123-456-789");
    assert_int_equal(intake_add(f->st, &f->supervisor, &in, &p, &iid, NULL), KIOSK_OK);
    assert_int_equal(intake_get(f->st, &f->deputy, iid, &s), KIOSK_OK);
    assert_string_equal(s.doc_issuer, "MO MISSOURI");
    assert_string_equal(s.attested_by, "S2");
    /* only deputies and supervisors */
    manual_input(&in, "B-M4");
    assert_int_equal(intake_add(f->st, &f->comms, &in, &p, &iid, NULL), KIOSK_ERR_PERM);
}

static void test_manual_problems(void **state)
{
    struct fixture *f = *state;
    struct intake_input in;
    struct iaq_problems p;
    int64_t iid = 0;
    memset(&in, 0, sizeof in);
    strcpy(in.booking_number, "B-P1");
    strcpy(in.charges[0], "5404");
    in.basis = INTAKE_EXEMPT_ID;
    strcpy(in.nationality[0], "US"); /* issue 10: nationality asked on every exemption path */
    in.manual = true;
    /* everything missing: one problem per field, all at once */
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, NULL), KIOSK_ERR_INVALID);
    assert_int_equal(p.count, 5);
    assert_non_null(problem(&p, "document_kind"));
    assert_non_null(problem(&p, "document_issuer"));
    assert_non_null(problem(&p, "document_number"));
    assert_non_null(problem(&p, "document_expires"));
    assert_non_null(strstr(problem(&p, "attestation"), INTAKE_ATTESTATION));
    /* wrong values */
    manual_input(&in, "B-P2");
    strcpy(in.manual_document.kind, "library_card");
    strcpy(in.manual_document.number, "12;4");
    strcpy(in.manual_document.expires, "2026-02-30");
    in.manual_document.attested = false;
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, NULL), KIOSK_ERR_INVALID);
    assert_int_equal(p.count, 4);
    assert_non_null(strstr(problem(&p, "document_kind"), "library_card"));
    assert_non_null(strstr(problem(&p, "document_number"), "letters, digits"));
    assert_non_null(strstr(problem(&p, "document_expires"), "not a real date"));
    assert_non_null(problem(&p, "attestation"));
    /* federal documents are issued by US; state ones by a US state */
    manual_input(&in, "B-P3");
    strcpy(in.manual_document.issuer, "MO");
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, NULL), KIOSK_ERR_INVALID);
    assert_int_equal(p.count, 1);
    assert_non_null(strstr(problem(&p, "document_issuer"), "federal"));
    strcpy(in.manual_document.kind, "state_id_no_barcode");
    strcpy(in.manual_document.issuer, "US");
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, NULL), KIOSK_ERR_INVALID);
    assert_non_null(problem(&p, "document_issuer"));
    strcpy(in.manual_document.issuer, "GD"); /* Georgia the country, not a state */
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, NULL), KIOSK_ERR_INVALID);
    assert_non_null(problem(&p, "document_issuer"));
    strcpy(in.manual_document.issuer, "GA");
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, NULL), KIOSK_OK);
    /* too short a number */
    manual_input(&in, "B-P4");
    strcpy(in.manual_document.number, "12 3");
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, NULL), KIOSK_ERR_INVALID);
    assert_non_null(strstr(problem(&p, "document_number"), "4 to 25"));
    /* the same rules without a store, for the form */
    struct iaq_problems v = {0};
    struct intake_manual_doc empty;
    memset(&empty, 0, sizeof empty);
    assert_int_equal(intake_manual_validate(&empty, f->now, &v), KIOSK_ERR_INVALID);
    assert_int_equal(v.count, 5);
    manual_input(&in, "B-P5");
    memset(&v, 0, sizeof v);
    assert_int_equal(intake_manual_validate(&in.manual_document, f->now, &v), KIOSK_OK);
    assert_int_equal(v.count, 0);
    strcpy(in.manual_document.expires, "2026-11-26");
    assert_int_equal(intake_manual_validate(&in.manual_document, f->now, &v), KIOSK_ERR_INVALID);
    assert_string_equal(v.items[0].field, "document_expires");
    /* nothing was written by the refused calls */
    assert_int_equal(count(f, "SELECT count(*) FROM intakes"), 1);
}

static void test_manual_expiry_day(void **state)
{
    struct fixture *f = *state;
    struct intake_input in;
    struct iaq_problems p;
    int64_t iid = 0;
    /* booking date 2026-11-27: expiring that day is still valid */
    manual_input(&in, "B-E1");
    strcpy(in.manual_document.expires, "2026-11-27");
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, NULL), KIOSK_OK);
    manual_input(&in, "B-E2");
    strcpy(in.manual_document.expires, "2026-11-26");
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, NULL), KIOSK_ERR_INVALID);
    assert_int_equal(p.count, 1);
    assert_non_null(strstr(problem(&p, "document_expires"), "expired on 2026-11-26"));
    /* the same rule as the barcode path */
    assert_false(idcheck_is_expired(2026, 11, 27, 2026, 11, 27, NULL));
    assert_true(idcheck_is_expired(2026, 11, 26, 2026, 11, 27, NULL));
    struct idcheck_config cfg;
    idcheck_config_init(&cfg);
    cfg.grace_days = 1;
    assert_false(idcheck_is_expired(2026, 11, 26, 2026, 11, 27, &cfg));
    /* a day later on the clock the 27th has expired too */
    f->now += KIOSK_MS_PER_DAY;
    manual_input(&in, "B-E3");
    strcpy(in.manual_document.expires, "2026-11-27");
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, NULL), KIOSK_ERR_INVALID);
}

static void test_manual_report_and_consular(void **state)
{
    struct fixture *f = *state;
    struct intake_input in;
    struct iaq_problems p;
    int64_t iid = 0;
    manual_input(&in, "B-R1");
    strcpy(in.manual_document.kind, "permanent_resident_card");
    strcpy(in.nationality[0], "MM");
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, NULL), KIOSK_OK);
    struct consular_record cr;
    assert_int_equal(consular_get(f->st, &f->deputy, iid, &cr), KIOSK_OK);
    assert_string_equal(cr.nationality[0], "MM");
    /* a US nationality (or none) opens no consular record */
    manual_input(&in, "B-R2");
    strcpy(in.nationality[0], "US");
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, NULL), KIOSK_OK);
    assert_int_equal(consular_get(f->st, &f->deputy, iid, &cr), KIOSK_ERR_NOT_FOUND);
    /* one barcode exemption and one known for the counts */
    json_t *doc = json_pack(
        "{s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s}, s:s, s:s, s:s, s:s, s:{s:b}}", "document_number",
        "D555", "document_type", "ID", "format", "aamva", "iin", "636026", "issuer", "code", "AZ",
        "name", "Arizona", "country", "USA", "family_name", "PUBLIC", "first_name", "JOHN", "dob",
        "1970-01-31", "expires", "2030-08-31", "verdict", "valid_government_id", 1);
    struct intake_input bc;
    memset(&bc, 0, sizeof bc);
    strcpy(bc.booking_number, "B-R3");
    strcpy(bc.charges[0], "5404");
    bc.basis = INTAKE_EXEMPT_ID;
    strcpy(bc.nationality[0], "US"); /* issue 10: nationality asked on every exemption path */
    bc.id_document = doc;
    assert_int_equal(intake_add(f->st, &f->deputy, &bc, &p, NULL, NULL), KIOSK_OK);
    json_decref(doc);
    memset(&bc, 0, sizeof bc);
    strcpy(bc.booking_number, "B-R4");
    strcpy(bc.charges[0], "5404");
    bc.basis = INTAKE_EXEMPT_KNOWN;
    strcpy(bc.nationality[0], "US"); /* issue 10: nationality asked on every exemption path */
    strcpy(bc.known_reason, "known");
    assert_int_equal(intake_add(f->st, &f->deputy, &bc, &p, NULL, NULL), KIOSK_OK);
    struct report_backlog r;
    assert_int_equal(report_backlog(f->st, &f->admin, &r), KIOSK_OK);
    for (int w = 0; w < REPORT_WINDOWS; w++) {
        assert_int_equal(r.windows[w].exempt_id, 3);
        assert_int_equal(r.windows[w].exempt_id_manual, 2);
        assert_int_equal(r.windows[w].exempt_known, 1);
        assert_int_equal(r.windows[w].iaq, 0);
    }
    report_backlog_finish(&r);
}

static void test_manual_json(void **state)
{
    (void)state;
    struct intake_input in;
    struct iaq_problems p = {0};
    json_t *root = json_loads(
        "{\"booking_number\":\"B-J1\",\"charges\":[\"5404\"],\"nationality\":[\"mx\"],"
        "\"manual_document\":{\"kind\":\"military_id\",\"issuer\":\"US\",\"number\":\"1234567\","
        "\"expires\":\"2030-01-31\",\"attested\":true}}",
        0, NULL);
    assert_non_null(root);
    assert_int_equal(intake_input_from_json(root, &in, &p), KIOSK_OK);
    assert_int_equal(in.basis, INTAKE_EXEMPT_ID);
    assert_true(in.manual);
    assert_string_equal(in.manual_document.kind, "military_id");
    assert_string_equal(in.manual_document.issuer, "US");
    assert_string_equal(in.manual_document.number, "1234567");
    assert_string_equal(in.manual_document.expires, "2030-01-31");
    assert_true(in.manual_document.attested);
    assert_string_equal(in.nationality[0], "MX");
    json_decref(root);
    /* shape problems: attested not a boolean, number not text, an unknown
     * key, and two bases */
    root = json_loads("{\"booking_number\":\"B-J2\",\"charges\":[\"5404\"],\"id_document\":{},"
                      "\"manual_document\":{\"kind\":\"us_passport\",\"number\":7,"
                      "\"attested\":\"yes\",\"photo\":\"x\"}}",
                      0, NULL);
    memset(&p, 0, sizeof p);
    assert_int_equal(intake_input_from_json(root, &in, &p), KIOSK_ERR_INVALID);
    assert_int_equal(p.count, 4);
    assert_non_null(problem(&p, "attestation"));
    assert_non_null(problem(&p, "document_number"));
    assert_non_null(strstr(problem(&p, "manual_document"), "photo"));
    assert_non_null(strstr(problem(&p, "intake"), "manual_document"));
    json_decref(root);
    root = json_loads("{\"booking_number\":\"B-J3\",\"charges\":[\"5404\"],"
                      "\"manual_document\":[1]}",
                      0, NULL);
    memset(&p, 0, sizeof p);
    assert_int_equal(intake_input_from_json(root, &in, &p), KIOSK_ERR_INVALID);
    assert_non_null(problem(&p, "manual_document"));
    json_decref(root);
    /* the kinds list and labels */
    const char *const *k = intake_manual_kinds();
    int n = 0;
    for (; k[n]; n++)
        assert_non_null(intake_manual_kind_label(k[n]));
    assert_int_equal(n, 7);
    assert_true(intake_manual_kind_is_state("state_id_no_barcode"));
    assert_false(intake_manual_kind_is_state("us_passport_card"));
    assert_null(intake_manual_kind_label("passport"));
}

/* From every earlier version: old documents become source 'barcode', and a
 * manual document can be recorded afterwards. */
static void test_migration_to_manual(void **state)
{
    (void)state;
    setenv("TZ", "UTC", 1);
    tzset();
    for (int v = 1; v < STORE_SCHEMA_VERSION; v++) {
        char dir[] = "/tmp/kiosk-migrate5-XXXXXX";
        assert_non_null(mkdtemp(dir));
        char path[128], msg[256], keys[128];
        snprintf(keys, sizeof keys, "%s/keys", dir);
        setenv("KIOSK_KEY_DIR", keys, 1);
        snprintf(path, sizeof path, "%s/k.db", dir);
        assert_int_equal(store_create_at_version(path, v), KIOSK_OK);
        sqlite3 *db;
        assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
        assert_int_equal(
            sqlite3_exec(db,
                         "INSERT INTO intakes(id, booking_number, charges, basis, deputy_badge,"
                         " created, closed) VALUES (1, 'B-OLD', '5404', 'exempt_id', 'D7', 1000,"
                         " 1000);"
                         "INSERT INTO id_documents(intake_id, kind, issuer, expires, flags, last4,"
                         " number_hash) VALUES (1, 'DL', 'AZ Arizona USA', '2030-08-31',"
                         " 'real_id=F limited=-', '5678', x'00');",
                         NULL, NULL, NULL),
            SQLITE_OK);
        sqlite3_close(db);
        kiosk_ms_t now = FIXTURE_T0;
        struct kiosk_clock clock = clock_fixed(&now);
        struct store *st;
        assert_int_equal(store_open(path, &clock, &st, msg, sizeof msg), KIOSK_OK);
        int version;
        assert_int_equal(store_check(st, true, &version, msg, sizeof msg), KIOSK_OK);
        assert_int_equal(version, STORE_SCHEMA_VERSION);
        struct auth_actor admin;
        assert_int_equal(auth_actor_local_admin(st, NULL, &admin), KIOSK_OK);
        /* a database with data from before the key files: the owner adopts it */
        assert_true(store_needs_keys(st));
        assert_int_equal(store_keys_adopt(st, &admin, msg, sizeof msg), KIOSK_OK);
        assert_false(store_needs_keys(st));
        struct intake_summary s;
        assert_int_equal(intake_get(st, &admin, 1, &s), KIOSK_OK);
        assert_string_equal(s.doc_source, "barcode");
        assert_false(s.doc_attested);
        assert_string_equal(s.doc_last4, "5678");
        /* the CHECK constraint came with the column */
        assert_int_not_equal(sqlite3_exec(store_db(st), "UPDATE id_documents SET source = 'guess'",
                                          NULL, NULL, NULL),
                             SQLITE_OK);
        char err[128];
        assert_int_equal(auth_user_add(st, &admin, "D9", "Dee Deputy", AUTH_ROLE_DEPUTY, "739166",
                                       NULL, err, sizeof err),
                         KIOSK_OK);
        struct auth_actor dep;
        assert_int_equal(auth_sign_in(st, "D9", "739166", &dep), KIOSK_OK);
        struct intake_input in;
        struct iaq_problems p;
        int64_t iid;
        manual_input(&in, "B-NEW");
        assert_int_equal(intake_add(st, &dep, &in, &p, &iid, NULL), KIOSK_OK);
        assert_int_equal(intake_get(st, &admin, iid, &s), KIOSK_OK);
        assert_string_equal(s.doc_source, "manual");
        assert_string_equal(s.attested_by, "D9");
        store_close(st);
        fixture_rm_dir(dir);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_manual_recorded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_manual_problems, setup, teardown),
        cmocka_unit_test_setup_teardown(test_manual_expiry_day, setup, teardown),
        cmocka_unit_test_setup_teardown(test_manual_report_and_consular, setup, teardown),
        cmocka_unit_test(test_manual_json),
        cmocka_unit_test(test_migration_to_manual),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
