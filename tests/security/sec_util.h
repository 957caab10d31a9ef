/* Helpers of the attack suite (label security, issue 12): the attacker's
 * tools (the sqlite3 C API on a copy of the file, a shell), kioskctl runs,
 * searching files for bytes, and the fictional history the attacks use.
 * Header-only so each attack program stays one file. The key folder is
 * given through KIOSK_KEY_DIR (the fixture sets it). */
#ifndef KIOSK_TEST_SEC_UTIL_H
#define KIOSK_TEST_SEC_UTIL_H

#include "core/audit.h"
#include "core/intake.h"
#include "core/request.h"
#include "e2e/cli_run.h"
#include "unit/store_fixture.h"

#include <cmocka.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs a shell command; its exit status (-1 when killed). */
static inline int sec_sh(const char *cmd)
{
    return cli_sh(cmd);
}

/* The attacker edits the database file directly (no kiosk code involved). */
static inline int sec_edit(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL);
    char *err = NULL;
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, sql, NULL, NULL, &err);
    if (rc != SQLITE_OK)
        fprintf(stderr, "attacker's sql failed: %s\n", err ? err : sqlite3_errmsg(db));
    sqlite3_free(err);
    sqlite3_close(db);
    return rc;
}

/* One integer from sql on the file at path (-1 on error). */
static inline int64_t sec_query_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    int64_t v = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

/* Drops the append-only triggers so rows can be edited; SEC_RELOCK puts
 * them back exactly as the kiosk made them. */
#define SEC_UNLOCK "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"
#define SEC_RELOCK                                                                                 \
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"                                        \
    " BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"                               \
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"                                        \
    " BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"

/* Runs `printf PIN | kioskctl --db DB ARGS` with stdout/stderr into
 * dir/out.txt and dir/err.txt; its exit status. */
static inline int sec_kioskctl(const struct fixture *f, const char *stdin_text, const char *args)
{
    const char *bin = getenv("KIOSK_BIN_DIR");
    if (!bin)
        fail_msg("KIOSK_BIN_DIR not set (run through ctest)");
    char cmd[4096], prog[600], out[400], err[400];
    snprintf(prog, sizeof prog, "%s/kioskctl", bin);
    snprintf(out, sizeof out, "%s/out.txt", f->dir);
    snprintf(err, sizeof err, "%s/err.txt", f->dir);
    int status = cli_run("", prog, f->path, stdin_text, args, out, err);
    if (status != 0) { /* the reason, for the test log */
        snprintf(cmd, sizeof cmd, "head -c 2000 '%s/err.txt' >&2", f->dir);
        fprintf(stderr, "kioskctl %s: exit %d:\n", args, status);
        fflush(stderr);
        if (system(cmd) != 0)
            fprintf(stderr, "(no stderr)\n");
    }
    return status;
}

/* The text kioskctl printed on stderr (err) or stdout (out) last time. */
static inline const char *sec_output(const struct fixture *f, const char *which)
{
    static char buf[65536];
    char path[400];
    snprintf(path, sizeof path, "%s/%s.txt", f->dir, which);
    return cli_slurp(path, buf, sizeof buf);
}

/* Whether the file at path contains needle's bytes (a missing file: no). */
static inline bool sec_file_has(const char *path, const char *needle)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return false;
    size_t cap = 1 << 20, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
        n += got;
        if (n == cap) {
            char *g = realloc(buf, cap * 2);
            if (!g)
                break;
            buf = g;
            cap *= 2;
        }
    }
    fclose(fp);
    size_t nl = strlen(needle);
    bool found = false;
    for (size_t i = 0; buf && !found && nl && i + nl <= n; i++)
        found = buf[i] == needle[0] && memcmp(buf + i, needle, nl) == 0;
    free(buf);
    return found;
}

/* An IAQ intake by the deputy (family name and booking given), transmitted
 * with a MULES reference; returns the request id. */
static inline int64_t sec_iaq_intake(struct fixture *f, const char *family, const char *booking,
                                     const char *mules)
{
    struct intake_input in;
    struct iaq_problems p;
    char msg[256];
    memset(&in, 0, sizeof in);
    snprintf(in.booking_number, sizeof in.booking_number, "%s", booking);
    strcpy(in.charges[0], "1313");
    in.basis = INTAKE_IAQ;
    snprintf(in.iaq.family_name, sizeof in.iaq.family_name, "%s", family);
    strcpy(in.iaq.first_name, "QUINTRELLA");
    strcpy(in.iaq.dob, "19810417");
    strcpy(in.iaq.sex, "F");
    strcpy(in.iaq.pob, "MM");
    int64_t iid = 0, rid = 0;
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, &rid), KIOSK_OK);
    f->now += 60 * 1000;
    assert_int_equal(request_transmit(f->st, &f->comms, rid, mules, msg, sizeof msg), KIOSK_OK);
    return rid;
}

/* Closes the fixture's store so the file on disk is complete. */
static inline void sec_close(struct fixture *f)
{
    store_close(f->st);
    f->st = NULL;
}

static inline int sec_setup(void **state)
{
    struct fixture *f = fixture_create(1);
    if (!f)
        return -1;
    *state = f;
    return 0;
}

static inline int sec_teardown(void **state)
{
    fixture_destroy(*state);
    return 0;
}

/* hash v1 as an attacker recomputes it: BLAKE2b-256 over the public
 * layout of the chain (no key). */
static inline void sec_v1_hash_str(crypto_generichash_state *h, const char *s)
{
    uint64_t n = s ? strlen(s) : UINT64_MAX;
    unsigned char len[8];
    for (int i = 0; i < 8; i++)
        len[i] = (unsigned char)(n >> (8 * i));
    crypto_generichash_update(h, len, sizeof len);
    if (s)
        crypto_generichash_update(h, (const unsigned char *)s, strlen(s));
}

/* Rewrites every audit row's prev_hash/hash in db (the caller holds the
 * transaction and dropped the triggers): domain tag, then prev, the row's
 * numbers and its texts, hashed with key (NULL and 0 for the unkeyed v1
 * chain). prev ends as the last row's hash; returns that row's seq. */
static inline int64_t sec_rehash_rows(sqlite3 *db, const unsigned char *key, size_t key_len,
                                      const char *tag, unsigned char prev[32])
{
    sqlite3_stmt *s, *u;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT seq, at, kiosk, actor_badge, actor_role,"
                                        " local_admin, action, object, outcome, details"
                                        " FROM audit ORDER BY seq",
                                        -1, &s, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "UPDATE audit SET prev_hash = ?2, hash = ?3 WHERE seq = ?1",
                                        -1, &u, NULL),
                     SQLITE_OK);
    unsigned char hash[32];
    int64_t last = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        crypto_generichash_state h;
        char num[64];
        crypto_generichash_init(&h, key, key_len, 32);
        crypto_generichash_update(&h, (const unsigned char *)tag, strlen(tag));
        crypto_generichash_update(&h, prev, 32);
        snprintf(num, sizeof num, "%lld/%lld/%d", (long long)sqlite3_column_int64(s, 0),
                 (long long)sqlite3_column_int64(s, 1), sqlite3_column_int(s, 5));
        sec_v1_hash_str(&h, num);
        for (int c = 2; c <= 9; c++)
            if (c != 5)
                sec_v1_hash_str(&h, (const char *)sqlite3_column_text(s, c));
        crypto_generichash_final(&h, hash, 32);
        last = sqlite3_column_int64(s, 0);
        sqlite3_bind_int64(u, 1, last);
        sqlite3_bind_blob(u, 2, prev, 32, SQLITE_TRANSIENT);
        sqlite3_bind_blob(u, 3, hash, 32, SQLITE_TRANSIENT);
        assert_int_equal(sqlite3_step(u), SQLITE_DONE);
        sqlite3_reset(u);
        memcpy(prev, hash, 32);
    }
    sqlite3_finalize(s);
    sqlite3_finalize(u);
    return last;
}

/* Rewrites every row's prev_hash/hash (and the head setting) consistently,
 * the way an attacker without the key would after editing rows. */
static inline void sec_rebuild_v1_chain(const char *path)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "BEGIN;" SEC_UNLOCK, NULL, NULL, NULL), SQLITE_OK);
    unsigned char prev[32] = {0};
    int64_t last = sec_rehash_rows(db, NULL, 0, "kiosk-audit-v1", prev);
    char head[128], hex[65], sql[256];
    sodium_bin2hex(hex, sizeof hex, prev, 32);
    snprintf(head, sizeof head, "%lld:%s", (long long)last, hex);
    snprintf(sql, sizeof sql,
             "INSERT OR REPLACE INTO settings(key, value) VALUES ('audit_head', '%s');", head);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, SEC_RELOCK "COMMIT;", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

#endif
