/* Internals shared by the store modules (store, audit, auth, intake,
 * request, consular, report) and their tests; not for front ends. */
#ifndef KIOSK_STORE_PRIV_H
#define KIOSK_STORE_PRIV_H

#include "core/iaq.h"
#include "core/keys.h"
#include "core/store.h"

#include <limits.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <sys/types.h>

struct store {
    sqlite3 *db;
    char *path;
    struct kiosk_clock clock;
    int tx_depth;
    bool tx_failed;
    bool pwhash_fast; /* tests and the demo only: libsodium minimum limits */
    uid_t caller_uid; /* getuid() at open; --local-admin compares the file owner with it */
    /* issue 12: the key folder and this database's keys (have_keys false for
     * a database from before the keys until `db init` adopts it). */
    char key_dir[PATH_MAX];
    struct store_keys keys;
    bool have_keys;
    bool legacy;                    /* has data but no install id yet */
    struct kiosk_clock audit_clock; /* the real clock; tests only replace it */
    bool head_pending;              /* write head_next to the head file after COMMIT */
    bool head_defer;                /* restore: the caller writes it (forced) */
    struct keys_head head_next;
    char alarm[256]; /* the last chain/row-MAC failure, for the admin's alert */
};

/* Records a security alarm (chain or row MAC failure) on the store. */
void store_alarm_set(struct store *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The time audit rows and sign-ins are stamped with: always the real clock
 * (--now is an "as of" for reports only); tests replace it through
 * store_test_set_audit_clock(). */
kiosk_ms_t store_audit_now(const struct store *st);

/* Test seam: the clock audit rows and sign-ins use (the fixture's fixed
 * clock). No option or environment variable reaches it. */
void store_test_set_audit_clock(struct store *st, const struct kiosk_clock *clock);

/* Opens the keys of an open store from key_dir (NULL: keys_default_dir()):
 * loads them when the database has an install id, creates them for an
 * empty database, marks a database with data but no keys as legacy (every
 * change refused until store_keys_adopt()). keys_setup.c. */
int store_keys_attach(struct store *st, const char *key_dir, char *msg, size_t len);

/* The audit chain walk behind audit_verify(): v1 hashes before the head
 * file's keyed_from, keyed MACs from there; with check_head the head file
 * must exist and match. *last_seq / last_hash (may be NULL) get the end. */
int audit_verify_chain(struct store *st, bool check_head, int64_t *bad_seq, int64_t *rows,
                       int64_t *last_seq, unsigned char *last_hash, char *msg, size_t msg_len);

/* The schema of version v as the code's own schema_steps[] build it, checked
 * against the open database: 0, or KIOSK_ERR_CORRUPT naming the first extra,
 * missing or different table, index, trigger or view (schema_verify.c). */
int store_schema_verify(sqlite3 *db, int version, char *msg, size_t len);

/* The DDL of schema step v (1..STORE_SCHEMA_VERSION), NULL otherwise. */
const char *store_schema_step(int v);

/* Runs a WAL checkpoint(TRUNCATE) so redacted pages leave the WAL file
 * (purge); KIOSK_ERR_BUSY when a reader kept it from completing. */
int store_wal_truncate(struct store *st);

/* Test seam: new PIN hashes of this store use libsodium's minimum argon2id
 * limits, so tests that add many users stay fast. Production code never
 * calls it, and no environment variable can switch it on. */
void store_test_set_pwhash_fast(struct store *st, bool on);

/* Test seam: the uid auth_actor_local_admin() takes for the caller's, so the
 * owner refusal is tested when the tests run as root too. */
void store_test_set_caller_uid(struct store *st, uid_t uid);

/* Maps an SQLite result code to enum kiosk_err. */
int store_sqlite_err(int rc);

/* Prepares sql (prepared statements only; values are bound by the caller). */
int store_prepare(struct store *st, const char *sql, sqlite3_stmt **out);

/* Runs sql that binds nothing (schema, pragmas). */
int store_exec(struct store *st, const char *sql);

/* Begins (or joins) an IMMEDIATE transaction. */
int store_tx_begin(struct store *st);

/* Ends the transaction begun by the matching store_tx_begin(): commits when
 * rc is 0 and no inner part failed, rolls back otherwise. Returns rc, or the
 * commit's error. */
int store_tx_end(struct store *st, int rc);

/* Raw settings access (inside or outside a transaction). */
int store_setting_raw_get(struct store *st, const char *key, char *buf, size_t len);
int store_setting_raw_set(struct store *st, const char *key, const char *value);

/* Binds text, or NULL for an empty string when empty_null. */
int store_bind_text(sqlite3_stmt *s, int idx, const char *text, bool empty_null);

/* Copies column col as text into buf ("" for NULL). */
void store_col_text(sqlite3_stmt *s, int col, char *buf, size_t len);

/* Test seam: creates a database at path with the schema of an earlier
 * version (1..STORE_SCHEMA_VERSION), to test migrations from it. */
int store_create_at_version(const char *path, int version);

/* store_restore() with the calling uid given (the owner check compares the
 * database file's owner with it); the seam lets tests check the refusal
 * when they run as root. */
int store_restore_as(const char *src, const char *db_path, const struct kiosk_clock *clock,
                     const char *actor_badge, uid_t caller, char *msg, size_t msg_len);

/* Growth of the malloc'ed result arrays of the list functions: returns arr
 * itself while cnt < *cap, else arr grown with realloc to twice *cap (first
 * elements when *cap is 0) and *cap updated. NULL when out of memory or the
 * size would overflow; arr is then still valid and still owned by the
 * caller (free() it). */
void *store_array_reserve(void *arr, size_t cnt, size_t *cap, size_t elem, size_t first);

/* Fills one row of a collected result from the statement's current row; the
 * row arrives zeroed. Returns false to leave the row out. */
typedef bool (*store_row_fn)(sqlite3_stmt *s, void *row, void *ctx);

/* Steps s to the end, collecting rows of elem bytes (first: the initial
 * capacity) filled by read_row, and finalizes s. On success *out is
 * malloc'ed (free(); NULL when no row) with *n rows; on failure nothing is
 * returned and the error is the value. */
int store_collect(sqlite3_stmt *s, size_t elem, size_t first, store_row_fn read_row, void *ctx,
                  void **out, size_t *n);

/* Writes a message into msg (may be NULL); returns err. */
int store_msg(char *msg, size_t len, int err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Opens the consular record of a new intake inside the caller's transaction
 * when any nationality is foreign and none is US (consular.c); lpr: the
 * intake's document is a US permanent-resident card (Poland's condition). */
int consular_open(struct store *st, int64_t intake_id, const char (*nationality)[4], bool lpr,
                  kiosk_ms_t now);

/* Inserts a request event row (request.c), inside the caller's transaction. */
int request_event_add(struct store *st, int64_t request_id, const struct auth_actor *actor,
                      const char *from, const char *to, const char *details);

#endif
