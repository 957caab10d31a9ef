/* Attacks by someone holding a copy of the database file or able to write
 * it (a stolen backup, a maintenance login), issue 12: brute force of a
 * licence number from the file alone, a role edited to admin, a PIN hash
 * copied onto another user, a cut audit tail followed by the next action,
 * a chain rebuilt consistently without the key, a wiped audit table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include "security/sec_util.h"

#include <ctype.h>
#include <dirent.h>
#include <sodium.h>

/* The fictional Arizona licence (a letter and 8 digits). */
#define AZ_NUMBER "D47015678"

static void add_az_intake(struct fixture *f)
{
    struct intake_input in;
    struct iaq_problems p;
    memset(&in, 0, sizeof in);
    snprintf(in.booking_number, sizeof in.booking_number, "B-AZ-1");
    strcpy(in.charges[0], "5404");
    in.basis = INTAKE_EXEMPT_ID;
    in.manual = true;
    strcpy(in.manual_document.kind, "state_dl_no_barcode");
    strcpy(in.manual_document.issuer, "AZ");
    strcpy(in.manual_document.number, AZ_NUMBER);
    strcpy(in.manual_document.expires, "2031-04-30");
    in.manual_document.attested = true;
    strcpy(in.nationality[0], "US"); /* asked on every exemption (issue 10) */
    int64_t iid;
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, NULL), KIOSK_OK);
}

/* Tries every Arizona number ending in last4 (a letter and 4 unknown
 * digits: 260,000 guesses) against hash with key (NULL: unkeyed); the
 * number found, or "" . */
static void brute_force(const unsigned char *key, const unsigned char hash[32], const char *last4,
                        char found[16])
{
    found[0] = '\0';
    char guess[16];
    unsigned char h[32];
    for (char letter = 'A'; letter <= 'Z'; letter++) {
        for (int mid = 0; mid < 10000; mid++) {
            snprintf(guess, sizeof guess, "%c%04d%s", letter, mid, last4);
            crypto_generichash(h, sizeof h, (const unsigned char *)guess, strlen(guess), key,
                               key ? 32 : 0);
            if (memcmp(h, hash, 32) == 0) {
                snprintf(found, 16, "%s", guess);
                return;
            }
        }
    }
}

/* Every 32-byte value the file offers as a key: hex settings values. */
static size_t candidate_keys(const char *path, unsigned char keys[][32], size_t max)
{
    sqlite3 *db;
    sqlite3_stmt *s;
    size_t n = 0;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT value FROM settings", -1, &s, NULL), SQLITE_OK);
    while (n < max && sqlite3_step(s) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(s, 0);
        size_t got = 0;
        if (v && sodium_hex2bin(keys[n], 32, v, strlen(v), NULL, &got, NULL) == 0 && got == 32)
            n++;
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return n;
}

/* Finding 1: a copy of the file alone gives back nothing keyed. */
static void test_brute_force_file_alone(void **state)
{
    struct fixture *f = *state;
    add_az_intake(f);
    sec_close(f);
    char copy[400], cmd[1024];
    snprintf(copy, sizeof copy, "%s/stolen.db", f->dir);
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", f->path, copy);
    assert_int_equal(sec_sh(cmd), 0);
    sqlite3 *db;
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_open_v2(copy, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(db, "SELECT last4, number_hash FROM id_documents", -1, &s, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    char last4[8];
    unsigned char hash[32];
    snprintf(last4, sizeof last4, "%s", (const char *)sqlite3_column_text(s, 0));
    assert_int_equal(sqlite3_column_bytes(s, 1), 32);
    memcpy(hash, sqlite3_column_blob(s, 1), 32);
    sqlite3_finalize(s);
    sqlite3_close(db);
    assert_string_equal(last4, "5678");
    unsigned char keys[16][32];
    size_t nk = candidate_keys(copy, keys, 16);
    char found[16];
    brute_force(NULL, hash, last4, found);
    assert_string_equal(found, "");
    for (size_t i = 0; i < nk; i++) {
        brute_force(keys[i], hash, last4, found);
        if (found[0])
            fail_msg("recovered the licence number %s from the file alone", found);
    }
    /* Control: with the key file the same search finds it, so the search
     * itself works (the file alone is what fails). */
    DIR *d = opendir(f->keys);
    struct dirent *e;
    bool controlled = false;
    while (d && (e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 6 || strcmp(e->d_name + l - 5, ".keys") != 0)
            continue;
        char kp[600], line[256];
        snprintf(kp, sizeof kp, "%s/%s", f->keys, e->d_name);
        FILE *kf = fopen(kp, "r");
        while (kf && fgets(line, sizeof line, kf)) {
            unsigned char k[32];
            size_t got = 0;
            if (!strncmp(line, "doc=", 4) &&
                sodium_hex2bin(k, 32, line + 4, 64, NULL, &got, NULL) == 0 && got == 32) {
                brute_force(k, hash, last4, found);
                assert_string_equal(found, AZ_NUMBER);
                controlled = true;
            }
        }
        if (kf)
            fclose(kf);
    }
    if (d)
        closedir(d);
    assert_true(controlled);
}

/* A deputy made admin in the file: the sign-in or every action is refused,
 * and `db check` names the row. */
static void test_role_edit(void **state)
{
    struct fixture *f = *state;
    sec_close(f);
    assert_int_equal(sec_edit(f->path, "UPDATE users SET role = 'admin' WHERE badge = 'D7'"),
                     SQLITE_OK);
    char msg[256];
    assert_int_equal(store_open(f->path, &f->clock, &f->st, msg, sizeof msg), KIOSK_OK);
    store_test_set_pwhash_fast(f->st, true);
    struct auth_actor d7;
    int rc = auth_sign_in(f->st, "D7", "739164", &d7);
    if (rc == KIOSK_OK) {
        /* signed in: it must not act as admin */
        char err[128];
        assert_int_not_equal(auth_user_add(f->st, &d7, "X1", "Xavier", AUTH_ROLE_ADMIN, "480137",
                                           NULL, err, sizeof err),
                             KIOSK_OK);
    }
    int version;
    assert_int_equal(store_check(f->st, false, &version, msg, sizeof msg), KIOSK_ERR_CORRUPT);
    assert_non_null(strstr(msg, "users row"));
    sec_close(f);
    assert_int_equal(sec_kioskctl(f, NULL, "db check"), 65);
    assert_non_null(strstr(sec_output(f, "err"), "users row 2"));
    assert_int_equal(sec_query_int(f->path, "SELECT count(*) FROM users WHERE badge = 'X1'"), 0);
}

/* One user's PIN hash copied onto the admin: the deputy's PIN does not
 * open the admin account. */
static void test_pin_hash_copy(void **state)
{
    struct fixture *f = *state;
    sec_close(f);
    assert_int_equal(sec_edit(f->path, "UPDATE users SET pin_hash = (SELECT pin_hash FROM users"
                                       " WHERE badge = 'D7') WHERE badge = 'A1'"),
                     SQLITE_OK);
    char msg[256];
    assert_int_equal(store_open(f->path, &f->clock, &f->st, msg, sizeof msg), KIOSK_OK);
    struct auth_actor a1;
    assert_int_not_equal(auth_sign_in(f->st, "A1", "739164", &a1), KIOSK_OK);
    assert_int_equal(store_check(f->st, false, NULL, msg, sizeof msg), KIOSK_ERR_CORRUPT);
    assert_non_null(strstr(msg, "users row 1"));
}

/* A request's state edited in the file (queued/transmitted -> responded, to
 * close it without an answer): the next action on it is refused. */
static void test_request_state_edit(void **state)
{
    struct fixture *f = *state;
    int64_t rid = sec_iaq_intake(f, "ZZSTATE", "B-S-1", "M-S");
    sec_close(f);
    char sql[200], msg[256];
    snprintf(sql, sizeof sql, "UPDATE requests SET state = 'responded' WHERE id = %lld",
             (long long)rid);
    assert_int_equal(sec_edit(f->path, sql), SQLITE_OK);
    assert_int_equal(store_open(f->path, &f->clock, &f->st, msg, sizeof msg), KIOSK_OK);
    f->now += 60 * 1000;
    assert_int_not_equal(request_close(f->st, &f->deputy, rid, msg, sizeof msg), KIOSK_OK);
    assert_non_null(strstr(msg, "requests row"));
    sec_close(f);
    assert_int_equal(sec_kioskctl(f, NULL, "db check"), 65);
    assert_non_null(strstr(sec_output(f, "err"), "requests row"));
    snprintf(sql, sizeof sql, "SELECT state = 'closed' FROM requests WHERE id = %lld",
             (long long)rid);
    assert_int_equal(sec_query_int(f->path, sql), 0);
}

/* Finding 3: rows cut off the end stay detected after the next action. */
static void test_tail_cut_then_next_action(void **state)
{
    struct fixture *f = *state;
    sec_iaq_intake(f, "ZZTAILCUT", "B-T-1", "M-1");
    sec_close(f);
    assert_int_equal(sec_edit(f->path, SEC_UNLOCK "DELETE FROM audit WHERE seq >= (SELECT max(seq)"
                                                  " - 1 FROM audit);" SEC_RELOCK),
                     SQLITE_OK);
    char msg[256];
    assert_int_equal(store_open(f->path, &f->clock, &f->st, msg, sizeof msg), KIOSK_OK);
    store_test_set_pwhash_fast(f->st, true);
    struct request_row *rows = NULL;
    size_t n = 0;
    /* the next audited actions (a sign-in and a view) */
    struct auth_actor c3;
    auth_sign_in(f->st, "C3", "639172", &c3);
    if (request_list(f->st, &f->comms, 0, &rows, &n) == KIOSK_OK)
        free(rows);
    int64_t bad = 0;
    assert_int_equal(audit_verify(f->st, NULL, &bad, NULL, msg, sizeof msg), KIOSK_ERR_CORRUPT);
    assert_true(bad > 0);
    sec_close(f);
    /* and still later, from another process */
    assert_int_equal(sec_kioskctl(f, NULL, "--local-admin audit verify"), 65);
    assert_int_equal(sec_kioskctl(f, NULL, "--local-admin audit verify"), 65);
}

static void expect_chain_broken(struct fixture *f)
{
    char msg[256];
    assert_int_equal(store_open(f->path, &f->clock, &f->st, msg, sizeof msg), KIOSK_OK);
    int64_t bad = 0;
    assert_int_equal(audit_verify(f->st, NULL, &bad, NULL, msg, sizeof msg), KIOSK_ERR_CORRUPT);
    sec_close(f);
    assert_int_equal(sec_kioskctl(f, NULL, "--local-admin audit verify"), 65);
}

/* Also: edits, reordering and forged rows with the chain rebuilt without
 * the key are found. */
static void test_consistent_rebuild_without_key(void **state)
{
    struct fixture *f = *state;
    sec_iaq_intake(f, "ZZREBUILD", "B-R-1", "M-2");
    sec_close(f);
    char clean[400], cmd[1024];
    snprintf(clean, sizeof clean, "%s/clean.db", f->dir);
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", f->path, clean);
    assert_int_equal(sec_sh(cmd), 0);
    /* an edit */
    assert_int_equal(sec_edit(f->path, SEC_UNLOCK
                              "UPDATE audit SET actor_badge = 'ZZ9' WHERE seq = 3;" SEC_RELOCK),
                     SQLITE_OK);
    sec_rebuild_v1_chain(f->path);
    expect_chain_broken(f);
    /* a forged row appended */
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", clean, f->path);
    assert_int_equal(sec_sh(cmd), 0);
    assert_int_equal(sec_edit(f->path, "INSERT INTO audit SELECT seq + 1, at, kiosk, 'A1', 'admin',"
                                       " 0, 'user.add', 'user:X1', 'ok', NULL, hash, hash FROM"
                                       " audit ORDER BY seq DESC LIMIT 1"),
                     SQLITE_OK);
    sec_rebuild_v1_chain(f->path);
    expect_chain_broken(f);
    /* two rows swapped */
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", clean, f->path);
    assert_int_equal(sec_sh(cmd), 0);
    assert_int_equal(sec_edit(f->path,
                              SEC_UNLOCK "UPDATE audit SET seq = -5 WHERE seq = 5;"
                                         "UPDATE audit SET seq = 5 WHERE seq = 6;"
                                         "UPDATE audit SET seq = 6 WHERE seq = -5;" SEC_RELOCK),
                     SQLITE_OK);
    sec_rebuild_v1_chain(f->path);
    expect_chain_broken(f);
}

/* Also: the whole audit table and its recorded head wiped. */
static void test_wiped_table_and_head(void **state)
{
    struct fixture *f = *state;
    sec_close(f);
    assert_int_equal(sec_edit(f->path, SEC_UNLOCK
                              "DELETE FROM audit;"
                              "DELETE FROM settings WHERE key = 'audit_head';" SEC_RELOCK),
                     SQLITE_OK);
    expect_chain_broken(f);
    /* the next action does not heal it */
    char msg[256];
    assert_int_equal(store_open(f->path, &f->clock, &f->st, msg, sizeof msg), KIOSK_OK);
    struct auth_actor local;
    assert_int_equal(auth_actor_local_admin(f->st, NULL, &local), KIOSK_OK);
    assert_int_not_equal(
        store_setting_set(f->st, &local, "desk_phone", "573-555-0100", msg, sizeof msg), KIOSK_OK);
    sec_close(f);
    expect_chain_broken(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_brute_force_file_alone, sec_setup, sec_teardown),
        cmocka_unit_test_setup_teardown(test_role_edit, sec_setup, sec_teardown),
        cmocka_unit_test_setup_teardown(test_pin_hash_copy, sec_setup, sec_teardown),
        cmocka_unit_test_setup_teardown(test_request_state_edit, sec_setup, sec_teardown),
        cmocka_unit_test_setup_teardown(test_tail_cut_then_next_action, sec_setup, sec_teardown),
        cmocka_unit_test_setup_teardown(test_consistent_rebuild_without_key, sec_setup,
                                        sec_teardown),
        cmocka_unit_test_setup_teardown(test_wiped_table_and_head, sec_setup, sec_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
