/* Opening, creating and migrating the kiosk's SQLite file; transactions,
 * settings, checks, backup, restore and the retention purge. */
#include "core/fact.h"
#include "core/store.h"
#include "core/audit.h"
#include "core/codes.h"
#include "core/kiosk_err.h"
#include "core/rowmac.h"
#include "core/tz.h"
#include "core/store_priv.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Schema, one step per version; each runs in its own transaction. */
static const char *const schema_steps[STORE_SCHEMA_VERSION + 1] = {
    NULL,
    /* 1: users, intakes, ID summaries, requests and their events, audit. */
    "CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE users(id INTEGER PRIMARY KEY, badge TEXT NOT NULL UNIQUE,"
    " name TEXT NOT NULL, role TEXT NOT NULL CHECK(role IN"
    " ('deputy','comms','supervisor','admin','auditor')), pin_hash TEXT NOT NULL,"
    " disabled INTEGER NOT NULL DEFAULT 0, locked_at INTEGER, created INTEGER NOT NULL,"
    " last_sign_in INTEGER);"
    "CREATE TABLE sign_in_failures(id INTEGER PRIMARY KEY,"
    " user_id INTEGER NOT NULL REFERENCES users(id), at INTEGER NOT NULL);"
    "CREATE INDEX sign_in_failures_user ON sign_in_failures(user_id, at);"
    "CREATE TABLE intakes(id INTEGER PRIMARY KEY, booking_number TEXT NOT NULL,"
    " charges TEXT NOT NULL, basis TEXT NOT NULL CHECK(basis IN"
    " ('exempt_id','exempt_known','iaq')), deputy_id INTEGER REFERENCES users(id),"
    " deputy_badge TEXT NOT NULL, cosigner_badge TEXT, known_reason TEXT,"
    " nationality TEXT, created INTEGER NOT NULL, closed INTEGER,"
    " purged INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX intakes_booking ON intakes(booking_number);"
    "CREATE TABLE id_documents(intake_id INTEGER PRIMARY KEY REFERENCES intakes(id),"
    " kind TEXT, issuer TEXT, expires TEXT, flags TEXT, last4 TEXT, number_hash BLOB);"
    "CREATE INDEX id_documents_hash ON id_documents(number_hash);"
    "CREATE TABLE requests(id INTEGER PRIMARY KEY,"
    " intake_id INTEGER NOT NULL REFERENCES intakes(id), state TEXT NOT NULL CHECK(state IN"
    " ('queued','transmitted','acknowledged','responded','closed','needs_info','cancelled')),"
    " fields TEXT NOT NULL, ncic_name TEXT, offense TEXT, attention TEXT, mules_ref TEXT,"
    " disposition TEXT, response_text TEXT, needs_info_text TEXT, cancel_reason TEXT,"
    " booked INTEGER NOT NULL, created INTEGER NOT NULL, queued INTEGER NOT NULL,"
    " transmitted INTEGER, acknowledged INTEGER, responded INTEGER, closed INTEGER,"
    " cancelled INTEGER, updated INTEGER NOT NULL);"
    "CREATE INDEX requests_intake ON requests(intake_id);"
    "CREATE INDEX requests_state ON requests(state, queued);"
    "CREATE TABLE request_events(id INTEGER PRIMARY KEY,"
    " request_id INTEGER NOT NULL REFERENCES requests(id), at INTEGER NOT NULL,"
    " actor_badge TEXT NOT NULL, from_state TEXT, to_state TEXT NOT NULL, details TEXT);"
    "CREATE INDEX request_events_request ON request_events(request_id, id);"
    "CREATE TABLE audit(seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, kiosk TEXT NOT NULL,"
    " actor_badge TEXT NOT NULL, actor_role TEXT NOT NULL, local_admin INTEGER NOT NULL,"
    " action TEXT NOT NULL, object TEXT NOT NULL, outcome TEXT NOT NULL, details TEXT,"
    " prev_hash BLOB NOT NULL, hash BLOB NOT NULL);"
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;",
    /* 2: consular notification records. */
    "CREATE TABLE consular(intake_id INTEGER PRIMARY KEY REFERENCES intakes(id),"
    " nationality TEXT NOT NULL, mandatory INTEGER NOT NULL, note TEXT,"
    " opened INTEGER NOT NULL, informed INTEGER, informed_by TEXT, notified INTEGER,"
    " notified_by TEXT, consulate TEXT, method TEXT);"
    "CREATE INDEX consular_open ON consular(opened) WHERE notified IS NULL OR informed IS NULL;",
    /* 3: backlog summary column and indexes (report.c stays fast with a
     * million historical requests). ended = when the request left the open
     * backlog (responded or cancelled); NULL while open. first_transmitted
     * keeps the statutory clock met after a needs_info round trip. */
    "ALTER TABLE requests ADD COLUMN ended INTEGER;"
    "ALTER TABLE requests ADD COLUMN first_transmitted INTEGER;"
    "UPDATE requests SET ended = COALESCE(responded, cancelled, closed)"
    " WHERE state IN ('responded','closed','cancelled');"
    "UPDATE requests SET first_transmitted = transmitted;"
    "CREATE INDEX requests_open ON requests(queued) WHERE ended IS NULL;"
    "CREATE INDEX requests_ended ON requests(ended, created) WHERE ended IS NOT NULL;"
    "CREATE INDEX requests_transmitted ON requests(transmitted, queued)"
    " WHERE transmitted IS NOT NULL;"
    "CREATE INDEX requests_responded ON requests(responded, transmitted)"
    " WHERE responded IS NOT NULL;"
    "CREATE INDEX intakes_created ON intakes(created, basis);"
    "CREATE INDEX intakes_closed ON intakes(closed) WHERE purged = 0;",
    /* 4: the open work list by a partial index (with a million closed rows
     * the planner otherwise scans the table for state IN (...)). */
    "CREATE INDEX requests_active ON requests(queued) WHERE state NOT IN ('closed','cancelled');",
    /* 5: documents without a (readable) barcode entered by hand with the
     * member's attestation; source tells them from parsed barcodes (every
     * earlier row came from a barcode). */
    "ALTER TABLE id_documents ADD COLUMN source TEXT NOT NULL DEFAULT 'barcode'"
    " CHECK(source IN ('barcode','manual'));"
    "ALTER TABLE id_documents ADD COLUMN attested INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE id_documents ADD COLUMN attested_by TEXT;"
    "ALTER TABLE id_documents ADD COLUMN attestation TEXT;",
    /* issue 12: row MACs (rowmac.c) over the security-relevant columns of
     * users and the decision columns of intakes and requests. */
    "ALTER TABLE users ADD COLUMN mac BLOB;"
    "ALTER TABLE intakes ADD COLUMN mac BLOB;"
    "ALTER TABLE requests ADD COLUMN mac BLOB;",
    /* issue 10: policy fidelity II. Intakes: the nationality answer of the
     * exemption paths ('given' or 'not_known'), the ID notice (IIN 636027),
     * the confinement time the statutory clock runs from, a keyed hash of
     * the submitted intake (a retry is the same intake) and supersession
     * under the same booking number. Requests: the most serious charge the
     * kiosk chose for OFF/ and whether the deputy overrode it, the RSMo
     * 544.472 DHS notification step, release before an answer. Detainers.
     * Consular: the person's wish (requested/declined) and the conditional
     * rows of the mandatory list (Poland LPR, ROC/Taiwan passport). */
    "ALTER TABLE intakes ADD COLUMN nationality_answer TEXT"
    " CHECK(nationality_answer IN ('given','not_known'));"
    "ALTER TABLE intakes ADD COLUMN id_notice TEXT;"
    "ALTER TABLE intakes ADD COLUMN booked_at INTEGER;"
    "ALTER TABLE intakes ADD COLUMN input_hash BLOB;"
    "ALTER TABLE intakes ADD COLUMN superseded INTEGER;"
    "ALTER TABLE intakes ADD COLUMN superseded_by INTEGER REFERENCES intakes(id);"
    "ALTER TABLE intakes ADD COLUMN supersede_reason TEXT;"
    "ALTER TABLE intakes ADD COLUMN supersede_badge TEXT;"
    "CREATE INDEX intakes_input_hash ON intakes(input_hash) WHERE input_hash IS NOT NULL;"
    "ALTER TABLE requests ADD COLUMN offense_auto TEXT;"
    "ALTER TABLE requests ADD COLUMN offense_overridden INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE requests ADD COLUMN dhs_due INTEGER;"
    "ALTER TABLE requests ADD COLUMN dhs_done INTEGER;"
    "ALTER TABLE requests ADD COLUMN dhs_by TEXT;"
    "ALTER TABLE requests ADD COLUMN dhs_method TEXT;"
    "ALTER TABLE requests ADD COLUMN dhs_note TEXT;"
    "CREATE INDEX requests_dhs_open ON requests(dhs_due) WHERE dhs_due IS NOT NULL AND"
    " dhs_done IS NULL;"
    "ALTER TABLE requests ADD COLUMN released INTEGER;"
    "ALTER TABLE requests ADD COLUMN released_by TEXT;"
    "ALTER TABLE requests ADD COLUMN release_note TEXT;"
    "CREATE TABLE detainers(request_id INTEGER PRIMARY KEY REFERENCES requests(id),"
    " opened INTEGER NOT NULL, received INTEGER, issuing_office TEXT, form TEXT,"
    " notify_release INTEGER NOT NULL DEFAULT 1, recorded_by TEXT);"
    "ALTER TABLE consular ADD COLUMN wish TEXT CHECK(wish IN ('requested','declined'));"
    "ALTER TABLE consular ADD COLUMN wish_at INTEGER;"
    "ALTER TABLE consular ADD COLUMN wish_by TEXT;"
    "ALTER TABLE consular ADD COLUMN plain_words TEXT;",
    /* issue 11: legal holds (an intake under hold is never purged; releasing
     * deletes the row, the audit trail keeps both) and when an intake was
     * purged (its timeline shows it); requests by when they finished. */
    "CREATE TABLE legal_holds(intake_id INTEGER PRIMARY KEY REFERENCES intakes(id),"
    " reason TEXT NOT NULL, held_by TEXT NOT NULL, held_at INTEGER NOT NULL);"
    "ALTER TABLE intakes ADD COLUMN purged_at INTEGER;"
    /* the shift handover as of a past time: requests finished after it */
    "CREATE INDEX requests_finished ON requests(coalesce(closed, cancelled));"
    /* the history's search by name (prefix; purged names are NULL) */
    "CREATE INDEX requests_name ON requests(ncic_name) WHERE ncic_name IS NOT NULL;"
    /* the period report reads a year of history from covering indexes */
    "CREATE INDEX intakes_period ON intakes(created, basis, deputy_badge);"
    "CREATE INDEX requests_booked ON requests(booked, first_transmitted, transmitted,"
    " responded, state, disposition);"
    "CREATE INDEX consular_opened ON consular(opened, mandatory, informed, notified,"
    " nationality);",
    /* issue 11: the period report after the policy merge. Hourly summary
     * rows (UTC hours: every US zone's local midnight is a whole hour, and a
     * report cuts an hour that straddles one of its bounds from the raw
     * rows), kept by triggers in the transaction that writes the intake or
     * request, so a year is thousands of summary rows instead of 666,000
     * index entries; intakes' created/basis/deputy and requests' booked are
     * never rewritten except through these triggers' OF columns. The
     * turnaround samples from a narrow expression index; the consular wish
     * in the period index; DHS steps and releases from partial indexes. */
    "CREATE TABLE records_hour_intakes(hour INTEGER NOT NULL, basis TEXT NOT NULL,"
    " deputy_badge TEXT NOT NULL, n INTEGER NOT NULL, manual INTEGER NOT NULL DEFAULT 0,"
    " PRIMARY KEY(hour, basis, deputy_badge)) WITHOUT ROWID;"
    "CREATE TABLE records_hour_requests(hour INTEGER NOT NULL, state TEXT NOT NULL,"
    " disposition TEXT NOT NULL, n INTEGER NOT NULL,"
    " PRIMARY KEY(hour, state, disposition)) WITHOUT ROWID;"
    "INSERT INTO records_hour_intakes(hour, basis, deputy_badge, n, manual)"
    " SELECT i.created / 3600000, i.basis, i.deputy_badge, count(*), count(d.intake_id)"
    " FROM intakes i LEFT JOIN id_documents d ON d.intake_id = i.id AND d.source = 'manual'"
    " GROUP BY 1, 2, 3;"
    "INSERT INTO records_hour_requests(hour, state, disposition, n)"
    " SELECT booked / 3600000, state, coalesce(disposition, ''), count(*) FROM requests"
    " GROUP BY 1, 2, 3;"
    "CREATE TRIGGER records_hour_intake_add AFTER INSERT ON intakes BEGIN"
    " INSERT INTO records_hour_intakes(hour, basis, deputy_badge, n)"
    " VALUES (NEW.created / 3600000, NEW.basis, NEW.deputy_badge, 1)"
    " ON CONFLICT(hour, basis, deputy_badge) DO UPDATE SET n = n + 1; END;"
    "CREATE TRIGGER records_hour_intake_move AFTER UPDATE OF created, basis, deputy_badge"
    " ON intakes BEGIN"
    " UPDATE records_hour_intakes SET n = n - 1 WHERE hour = OLD.created / 3600000"
    " AND basis = OLD.basis AND deputy_badge = OLD.deputy_badge;"
    " INSERT INTO records_hour_intakes(hour, basis, deputy_badge, n)"
    " VALUES (NEW.created / 3600000, NEW.basis, NEW.deputy_badge, 1)"
    " ON CONFLICT(hour, basis, deputy_badge) DO UPDATE SET n = n + 1; END;"
    "CREATE TRIGGER records_hour_manual AFTER INSERT ON id_documents"
    " WHEN NEW.source = 'manual' BEGIN"
    " UPDATE records_hour_intakes SET manual = manual + 1 WHERE (hour, basis, deputy_badge) ="
    " (SELECT created / 3600000, basis, deputy_badge FROM intakes WHERE id = NEW.intake_id);"
    " END;"
    "CREATE TRIGGER records_hour_request_add AFTER INSERT ON requests BEGIN"
    " INSERT INTO records_hour_requests(hour, state, disposition, n)"
    " VALUES (NEW.booked / 3600000, NEW.state, coalesce(NEW.disposition, ''), 1)"
    " ON CONFLICT(hour, state, disposition) DO UPDATE SET n = n + 1; END;"
    "CREATE TRIGGER records_hour_request_move AFTER UPDATE OF booked, state, disposition"
    " ON requests WHEN OLD.booked IS NOT NEW.booked OR OLD.state IS NOT NEW.state"
    " OR OLD.disposition IS NOT NEW.disposition BEGIN"
    " UPDATE records_hour_requests SET n = n - 1 WHERE hour = OLD.booked / 3600000"
    " AND state = OLD.state AND disposition = coalesce(OLD.disposition, '');"
    " INSERT INTO records_hour_requests(hour, state, disposition, n)"
    " VALUES (NEW.booked / 3600000, NEW.state, coalesce(NEW.disposition, ''), 1)"
    " ON CONFLICT(hour, state, disposition) DO UPDATE SET n = n + 1; END;"
    "CREATE INDEX requests_turnaround ON requests(booked, first_transmitted - booked,"
    " responded - transmitted) WHERE first_transmitted IS NOT NULL;"
    "CREATE INDEX requests_dhs ON requests(booked, dhs_due, dhs_done, intake_id)"
    " WHERE dhs_due IS NOT NULL;"
    /* a detainer carries its request's booking time (set by a trigger) so
     * the report counts a period's detainers from one narrow index */
    "ALTER TABLE detainers ADD COLUMN booked INTEGER;"
    "UPDATE detainers SET booked = (SELECT r.booked FROM requests r WHERE r.id = request_id);"
    "CREATE TRIGGER records_detainer_booked AFTER INSERT ON detainers BEGIN"
    " UPDATE detainers SET booked = (SELECT r.booked FROM requests r WHERE r.id = NEW.request_id)"
    " WHERE request_id = NEW.request_id; END;"
    "CREATE INDEX detainers_booked ON detainers(booked, received);"
    "CREATE INDEX requests_released ON requests(booked, released, responded)"
    " WHERE released IS NOT NULL;"
    "DROP INDEX consular_opened;"
    "CREATE INDEX consular_period ON consular(opened, mandatory, informed, notified,"
    " nationality, wish);",
    /* issue 14: the replicated fact log (append-only; own facts get their
     * signature when pushed), this station's identity, the pinned keys of
     * the others, conflict items, refused facts, and the stable ids of
     * intakes (station-number). kiosk/sync/DESIGN.md. */
    "CREATE TABLE sync_self(id INTEGER PRIMARY KEY CHECK(id = 1), name TEXT NOT NULL,"
    " hub_url TEXT NOT NULL, joined INTEGER NOT NULL, pubkey BLOB NOT NULL);"
    "CREATE TABLE facts(station TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL,"
    " kind TEXT NOT NULL, subject TEXT NOT NULL, payload TEXT NOT NULL, sig BLOB,"
    " pushed INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(station, seq)) WITHOUT ROWID;"
    "CREATE INDEX facts_subject ON facts(subject, kind, at, station, seq);"
    "CREATE INDEX facts_unpushed ON facts(station, seq) WHERE pushed = 0;"
    "CREATE TRIGGER facts_no_delete BEFORE DELETE ON facts"
    " BEGIN SELECT RAISE(ABORT, 'facts are append-only'); END;"
    "CREATE TRIGGER facts_no_update BEFORE UPDATE OF station, seq, at, kind, subject, payload"
    " ON facts BEGIN SELECT RAISE(ABORT, 'facts are append-only'); END;"
    "CREATE TABLE sync_peers(name TEXT PRIMARY KEY, pubkey BLOB NOT NULL,"
    " first_seen INTEGER NOT NULL, last_contact INTEGER) WITHOUT ROWID;"
    "CREATE TABLE sync_conflicts(station TEXT NOT NULL, seq INTEGER NOT NULL,"
    " subject TEXT NOT NULL, kind TEXT NOT NULL, winner TEXT, reason TEXT NOT NULL,"
    " PRIMARY KEY(station, seq)) WITHOUT ROWID;"
    "CREATE TABLE sync_refused(station TEXT NOT NULL, seq INTEGER NOT NULL,"
    " reason TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY(station, seq)) WITHOUT ROWID;"
    "ALTER TABLE intakes ADD COLUMN gid TEXT;"
    "CREATE UNIQUE INDEX intakes_gid ON intakes(gid) WHERE gid IS NOT NULL;",
};

const char *store_schema_step(int v)
{
    return v >= 1 && v <= STORE_SCHEMA_VERSION ? schema_steps[v] : NULL;
}

int store_msg(char *msg, size_t len, int err, const char *fmt, ...)
{
    if (msg && len) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, len, fmt, ap);
        va_end(ap);
    }
    return err;
}

void *store_array_reserve(void *arr, size_t cnt, size_t *cap, size_t elem, size_t first)
{
    if (cnt < *cap)
        return arr;
    size_t want = *cap ? *cap * 2 : first;
    if (want < *cap || elem == 0 || want > SIZE_MAX / elem)
        return NULL;
    void *grown = realloc(arr, want * elem);
    if (grown)
        *cap = want;
    return grown;
}

int store_collect(sqlite3_stmt *s, size_t elem, size_t first, store_row_fn read_row, void *ctx,
                  void **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0, cnt = 0;
    unsigned char *arr = NULL;
    int rc = KIOSK_OK, r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        unsigned char *na = store_array_reserve(arr, cnt, &cap, elem, first);
        if (!na) {
            rc = KIOSK_ERR_NOMEM;
            break;
        }
        arr = na;
        memset(arr + cnt * elem, 0, elem);
        if (read_row(s, arr + cnt * elem, ctx))
            cnt++;
    }
    if (rc == KIOSK_OK && r != SQLITE_DONE)
        rc = store_sqlite_err(r);
    sqlite3_finalize(s);
    if (rc != KIOSK_OK) {
        free(arr);
        return rc;
    }
    *out = arr;
    *n = cnt;
    return KIOSK_OK;
}

int store_sqlite_err(int rc)
{
    switch (rc & 0xFF) {
    case SQLITE_OK:
    case SQLITE_DONE:
    case SQLITE_ROW:
        return KIOSK_OK;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return KIOSK_ERR_BUSY;
    case SQLITE_NOMEM:
        return KIOSK_ERR_NOMEM;
    case SQLITE_READONLY: /* the file or its folder is not writable for this user */
        return KIOSK_ERR_PERM;
    case SQLITE_FULL:
        return KIOSK_ERR_NOSPACE;
    case SQLITE_IOERR:
        /* SQLite reports a full disk on WAL, shared-memory and journal
         * writes as an I/O error; the system error tells. */
        return errno == ENOSPC ? KIOSK_ERR_NOSPACE : KIOSK_ERR_IO;
    case SQLITE_CANTOPEN:
        return KIOSK_ERR_IO;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return KIOSK_ERR_CORRUPT;
    case SQLITE_CONSTRAINT:
        return KIOSK_ERR_INVALID;
    case SQLITE_PERM:
    case SQLITE_AUTH:
        return KIOSK_ERR_PERM;
    default:
        return KIOSK_ERR_INTERNAL;
    }
}

int store_prepare(struct store *st, const char *sql, sqlite3_stmt **out)
{
    int rc = sqlite3_prepare_v2(st->db, sql, -1, out, NULL);
    return store_sqlite_err(rc);
}

int store_exec(struct store *st, const char *sql)
{
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK && sqlite3_system_errno(st->db) == ENOSPC)
        return KIOSK_ERR_NOSPACE;
    return store_sqlite_err(rc);
}

int store_bind_text(sqlite3_stmt *s, int idx, const char *text, bool empty_null)
{
    if (!text || (empty_null && !text[0]))
        return sqlite3_bind_null(s, idx);
    return sqlite3_bind_text(s, idx, text, -1, SQLITE_TRANSIENT);
}

void store_col_text(sqlite3_stmt *s, int col, char *buf, size_t len)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    snprintf(buf, len, "%s", t ? (const char *)t : "");
}

/* After a COMMIT that appended audit rows: the new head goes to the head
 * file outside the database (monotonic; see keys_head_write). A failure is
 * an alarm, not a lost action: the database already holds the rows. */
static int store_head_flush(struct store *st)
{
    if (!st->head_pending || st->head_defer)
        return KIOSK_OK;
    st->head_pending = false;
    int rc = keys_head_write(st->key_dir, st->keys.install_id, &st->head_next, false);
    if (rc != KIOSK_OK)
        store_alarm_set(st, "the audit head file in %s could not be written: %s", st->key_dir,
                        kiosk_strerror(rc));
    return KIOSK_OK;
}

int store_tx_begin(struct store *st)
{
    if (st->tx_depth++ > 0)
        return KIOSK_OK;
    st->tx_failed = false;
    int rc = store_exec(st, "BEGIN IMMEDIATE");
    if (rc != KIOSK_OK)
        st->tx_depth = 0;
    return rc;
}

int store_tx_end(struct store *st, int rc)
{
    if (st->tx_depth <= 0)
        return rc;
    if (rc != KIOSK_OK)
        st->tx_failed = true;
    if (--st->tx_depth > 0)
        return rc;
    if (st->tx_failed) {
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        st->head_pending = false;
        return rc != KIOSK_OK ? rc : KIOSK_ERR_INTERNAL;
    }
    int c = store_exec(st, "COMMIT");
    if (c != KIOSK_OK) {
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        st->head_pending = false;
        return c;
    }
    return store_head_flush(st);
}

int store_transaction(struct store *st, int (*fn)(struct store *st, void *ctx), void *ctx)
{
    int rc = store_tx_begin(st);
    if (rc != KIOSK_OK)
        return rc;
    return store_tx_end(st, fn(st, ctx));
}

int store_default_path(const char *path, char *buf, size_t len)
{
    int n;
    const char *env = getenv("KIOSK_DB");
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    if (path && path[0])
        n = snprintf(buf, len, "%s", path);
    else if (env && env[0])
        n = snprintf(buf, len, "%s", env);
    else if (xdg && xdg[0] == '/')
        n = snprintf(buf, len, "%s/booking-kiosk/kiosk.db", xdg);
    else if (home && home[0])
        n = snprintf(buf, len, "%s/.local/share/booking-kiosk/kiosk.db", home);
    else
        return KIOSK_ERR_NOT_FOUND;
    return (n < 0 || (size_t)n >= len) ? KIOSK_ERR_FULL : KIOSK_OK;
}

/* mkdir -p of path's parent folder with mode 0700. */
static int make_parent(const char *path)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return KIOSK_OK;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
            return KIOSK_ERR_IO;
        *p = '/';
    }
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return KIOSK_ERR_IO;
    return KIOSK_OK;
}

static int user_version(sqlite3 *db, int *v)
{
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL);
    if (rc != SQLITE_OK)
        return store_sqlite_err(rc);
    rc = sqlite3_step(s);
    *v = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? KIOSK_OK : store_sqlite_err(rc);
}

/* Migrates db forward to target, one transaction per step; the version is
 * re-read inside each transaction so two processes opening a new file at
 * once do not both create the schema. */
static int migrate(sqlite3 *db, int target, char *msg, size_t len)
{
    int cur;
    int rc0 = user_version(db, &cur);
    if (rc0 != KIOSK_OK)
        return store_msg(msg, len, rc0, "cannot read the schema version: %s", sqlite3_errmsg(db));
    if (cur > STORE_SCHEMA_VERSION)
        return store_msg(msg, len, KIOSK_ERR_UNSUPPORTED,
                         "the database has schema version %d; this build knows up to %d", cur,
                         STORE_SCHEMA_VERSION);
    if (cur >= target)
        return KIOSK_OK; /* nothing to do: no write lock needed */
    for (;;) {
        int rc = store_sqlite_err(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL));
        if (rc != KIOSK_OK)
            return store_msg(msg, len, rc,
                             "the database is busy, cannot migrate it (another process holds "
                             "it): %s",
                             sqlite3_errmsg(db));
        int v;
        rc = user_version(db, &v);
        if (rc == KIOSK_OK && v > STORE_SCHEMA_VERSION)
            rc = store_msg(msg, len, KIOSK_ERR_UNSUPPORTED,
                           "the database has schema version %d; this build knows up to %d", v,
                           STORE_SCHEMA_VERSION);
        if (rc != KIOSK_OK || v >= target) {
            sqlite3_exec(db, rc == KIOSK_OK ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
            return rc;
        }
        char pragma[48];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", v + 1);
        int src = sqlite3_exec(db, schema_steps[v + 1], NULL, NULL, NULL);
        if (src == SQLITE_OK)
            src = sqlite3_exec(db, pragma, NULL, NULL, NULL);
        if (src == SQLITE_OK)
            src = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        if (src != SQLITE_OK) {
            store_msg(msg, len, 0, "migration to schema version %d failed: %s", v + 1,
                      sqlite3_errmsg(db));
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            return store_sqlite_err(src);
        }
    }
}

static int quick_check(sqlite3 *db, bool full, char *msg, size_t len)
{
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(db, full ? "PRAGMA integrity_check" : "PRAGMA quick_check", -1, &s,
                                NULL);
    if (rc != SQLITE_OK)
        return store_msg(
            msg, len, store_sqlite_err(rc) == KIOSK_ERR_BUSY ? KIOSK_ERR_BUSY : KIOSK_ERR_CORRUPT,
            "the database file is damaged or not a kiosk database: %s", sqlite3_errmsg(db));
    rc = sqlite3_step(s);
    int err = KIOSK_OK;
    if (rc == SQLITE_ROW) {
        const char *r = (const char *)sqlite3_column_text(s, 0);
        if (!r || strcmp(r, "ok") != 0)
            err = store_msg(msg, len, KIOSK_ERR_CORRUPT, "the database file is damaged: %s",
                            r ? r : "?");
    } else {
        int e = store_sqlite_err(rc);
        err = store_msg(msg, len, e == KIOSK_ERR_BUSY ? e : KIOSK_ERR_CORRUPT,
                        "the database file is damaged or not a kiosk database: %s",
                        sqlite3_errmsg(db));
    }
    sqlite3_finalize(s);
    return err;
}

/* Connection setup shared by store_open and the tools: pragmas only. */
static int configure(sqlite3 *db, char *msg, size_t len)
{
    sqlite3_busy_timeout(db, STORE_BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(db, 1);
    const char *sql = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                      "PRAGMA trusted_schema=OFF; PRAGMA secure_delete=ON;";
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK && (rc == SQLITE_FULL || sqlite3_system_errno(db) == ENOSPC))
        return store_msg(msg, len, KIOSK_ERR_NOSPACE, "disk full: cannot open the database (%s)",
                         sqlite3_errmsg(db));
    if (rc != SQLITE_OK) {
        int e = store_sqlite_err(rc);
        return store_msg(msg, len, e == KIOSK_ERR_BUSY ? e : KIOSK_ERR_CORRUPT,
                         "the database file is damaged or not a kiosk database: %s",
                         sqlite3_errmsg(db));
    }
    return KIOSK_OK;
}

/* Refuses a database file that belongs to another user or that group or
 * others may write: whoever could write it could plant rows or triggers. */
static int check_owner(const char *path, char *msg, size_t len)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return KIOSK_OK; /* SQLite reports it */
    if (sb.st_uid != geteuid())
        return store_msg(msg, len, KIOSK_ERR_PERM,
                         "database %s belongs to another user (uid %ld); refusing to open it", path,
                         (long)sb.st_uid);
    if (sb.st_mode & (S_IWGRP | S_IWOTH))
        return store_msg(msg, len, KIOSK_ERR_PERM,
                         "database %s is writable by group or others (mode %04o); chmod 600 it",
                         path, (unsigned)(sb.st_mode & 07777));
    return KIOSK_OK;
}

static int open_common(const char *path, const char *key_dir, const struct kiosk_clock *clock,
                       bool create, int target, struct store **out, char *msg, size_t len)
{
    *out = NULL;
    if (msg && len)
        msg[0] = '\0';
    if (sodium_init() < 0)
        return store_msg(msg, len, KIOSK_ERR_INTERNAL, "libsodium failed to initialise");
    struct stat sb;
    bool exists = stat(path, &sb) == 0;
    if (!exists && !create)
        return store_msg(msg, len, KIOSK_ERR_NOT_FOUND, "no database at %s", path);
    if (!exists) {
        if (make_parent(path) != KIOSK_OK)
            return store_msg(msg, len, KIOSK_ERR_IO, "cannot create the folder for %s: %s", path,
                             strerror(errno));
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0 && errno != EEXIST)
            return store_msg(msg, len, KIOSK_ERR_IO, "cannot create %s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
    } else if (S_ISDIR(sb.st_mode)) {
        return store_msg(msg, len, KIOSK_ERR_NOT_FOUND, "%s is a folder, not a file", path);
    }
    /* SQLite would fall back to a read-only connection and fail later with
     * a vague error; say what is wrong before opening. The folder must be
     * writable too (WAL and shared-memory files live beside the database). */
    char folder[PATH_MAX];
    snprintf(folder, sizeof folder, "%s", path);
    char *cut = strrchr(folder, '/');
    if (cut)
        *(cut == folder ? cut + 1 : cut) = '\0';
    else
        snprintf(folder, sizeof folder, ".");
    if (access(path, R_OK | W_OK) != 0 || access(folder, W_OK | X_OK) != 0) {
        if (errno == EACCES || errno == EROFS || errno == EPERM)
            return store_msg(msg, len, KIOSK_ERR_PERM,
                             access(path, R_OK) != 0 ? "cannot open %s: permission denied"
                                                     : "database %s is read-only for this user",
                             path);
    }
    int rc = check_owner(path, msg, len);
    if (rc != KIOSK_OK)
        return rc;
    struct store *st = calloc(1, sizeof *st);
    rc = KIOSK_ERR_NOMEM;
    if (!st || !(st->path = strdup(path)))
        goto fail;
    st->clock = clock && clock->now ? *clock : clock_system();
    st->audit_clock = clock_system();
    st->caller_uid = getuid();
    rc = store_sqlite_err(
        sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL));
    if (rc != KIOSK_OK) {
        if (st->db && sqlite3_system_errno(st->db) == EACCES)
            rc = store_msg(msg, len, KIOSK_ERR_PERM, "cannot open %s: permission denied", path);
        else
            store_msg(msg, len, rc, "cannot open %s: %s", path,
                      st->db ? sqlite3_errmsg(st->db) : "out of memory");
        goto fail;
    }
    if (sqlite3_db_readonly(st->db, "main") == 1) {
        rc = store_msg(msg, len, KIOSK_ERR_PERM, "database %s is read-only for this user", path);
        goto fail;
    }
    if ((rc = configure(st->db, msg, len)) != KIOSK_OK)
        goto fail;
    if ((rc = quick_check(st->db, false, msg, len)) != KIOSK_OK)
        goto fail;
    /* The schema is checked before anything runs on it (a planted trigger
     * would fire in the migration already). */
    int v = 0;
    if ((rc = user_version(st->db, &v)) != KIOSK_OK)
        goto fail;
    if (v <= STORE_SCHEMA_VERSION && (rc = store_schema_verify(st->db, v, msg, len)) != KIOSK_OK)
        goto fail;
    if ((rc = migrate(st->db, target, msg, len)) != KIOSK_OK)
        goto fail;
    if (target == STORE_SCHEMA_VERSION &&
        (rc = store_keys_attach(st, key_dir, msg, len)) != KIOSK_OK)
        goto fail;
    *out = st;
    return KIOSK_OK;
fail:
    store_close(st);
    return rc;
}

int store_open(const char *path, const struct kiosk_clock *clock, struct store **out, char *msg,
               size_t msg_len)
{
    return open_common(path, NULL, clock, true, STORE_SCHEMA_VERSION, out, msg, msg_len);
}

int store_open_existing(const char *path, const struct kiosk_clock *clock, struct store **out,
                        char *msg, size_t msg_len)
{
    return open_common(path, NULL, clock, false, STORE_SCHEMA_VERSION, out, msg, msg_len);
}

int store_open_keyed(const char *path, const char *key_dir, const struct kiosk_clock *clock,
                     bool create, struct store **out, char *msg, size_t msg_len)
{
    return open_common(path, key_dir, clock, create, STORE_SCHEMA_VERSION, out, msg, msg_len);
}

int store_create_at_version(const char *path, int version)
{
    struct store *st;
    if (version < 1 || version > STORE_SCHEMA_VERSION)
        return KIOSK_ERR_INVALID;
    int rc = open_common(path, NULL, NULL, true, version, &st, NULL, 0);
    store_close(st);
    return rc;
}

void store_close(struct store *st)
{
    if (!st)
        return;
    if (st->db)
        sqlite3_close_v2(st->db);
    sodium_memzero(&st->keys, sizeof st->keys);
    free(st->path);
    free(st);
}

void store_test_set_pwhash_fast(struct store *st, bool on)
{
    st->pwhash_fast = on;
}

void store_demo_use_minimum_pin_cost(struct store *st)
{
    store_test_set_pwhash_fast(st, true);
}

void store_demo_end_minimum_pin_cost(struct store *st)
{
    store_test_set_pwhash_fast(st, false);
}

void store_test_set_caller_uid(struct store *st, uid_t uid)
{
    st->caller_uid = uid;
}

kiosk_ms_t store_now(const struct store *st)
{
    return clock_now(&st->clock);
}

kiosk_ms_t store_audit_now(const struct store *st)
{
    return clock_now(&st->audit_clock);
}

void store_demo_use_clock_for_audit(struct store *st)
{
    st->audit_clock = st->clock;
}

void store_test_set_audit_clock(struct store *st, const struct kiosk_clock *clock)
{
    st->audit_clock = clock && clock->now ? *clock : clock_system();
}

const char *store_key_dir(const struct store *st)
{
    return st->key_dir;
}

const char *store_alarm(const struct store *st)
{
    return st->alarm[0] ? st->alarm : NULL;
}

void store_alarm_set(struct store *st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->alarm, sizeof st->alarm, fmt, ap);
    va_end(ap);
}

void store_set_clock(struct store *st, const struct kiosk_clock *clock)
{
    st->clock = clock && clock->now ? *clock : clock_system();
}

const char *store_path(const struct store *st)
{
    return st->path;
}

struct sqlite3 *store_db(struct store *st)
{
    return st->db;
}

/* ---- settings ---- */

int store_setting_raw_get(struct store *st, const char *key, char *buf, size_t len)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st, "SELECT value FROM settings WHERE key = ?1", &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        store_col_text(s, 0, buf, len);
    rc = r == SQLITE_ROW ? KIOSK_OK : r == SQLITE_DONE ? KIOSK_ERR_NOT_FOUND : store_sqlite_err(r);
    sqlite3_finalize(s);
    return rc;
}

int store_setting_raw_set(struct store *st, const char *key, const char *value)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st,
                           "INSERT INTO settings(key, value) VALUES (?1, ?2)"
                           " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
    rc = store_sqlite_err(sqlite3_step(s));
    sqlite3_finalize(s);
    return rc;
}

enum setting_type { SET_INT, SET_BOOL, SET_TEXT };

static const struct setting_def {
    const char *key;
    enum setting_type type;
    int lo, hi; /* SET_INT range; SET_TEXT max length */
    size_t offset;
} setting_defs[] = {
    {"queue_sla_min", SET_INT, 1, 10080, offsetof(struct store_settings, queue_sla_min)},
    {"response_sla_min", SET_INT, 1, 10080, offsetof(struct store_settings, response_sla_min)},
    {"statutory_hours", SET_INT, 1, 720, offsetof(struct store_settings, statutory_hours)},
    {"consular_escalate_hours", SET_INT, 1, 720,
     offsetof(struct store_settings, consular_escalate_hours)},
    {"consular_overdue_hours", SET_INT, 1, 720,
     offsetof(struct store_settings, consular_overdue_hours)},
    {"idle_lock_min", SET_INT, 1, 30, offsetof(struct store_settings, idle_lock_min)},
    {"reauth_hours", SET_INT, 1, 12, offsetof(struct store_settings, reauth_hours)},
    {"retention_days", SET_INT, 1, 36500, offsetof(struct store_settings, retention_days)},
    {"cosign_required", SET_BOOL, 0, 1, offsetof(struct store_settings, cosign_required)},
    {"desk_phone", SET_TEXT, 0, 20, offsetof(struct store_settings, desk_phone)},
    {"ori", SET_TEXT, 0, 9, offsetof(struct store_settings, ori)},
    {"kiosk_id", SET_TEXT, 0, 31, offsetof(struct store_settings, kiosk_id)},
    {"timezone", SET_TEXT, 0, 63, offsetof(struct store_settings, timezone)},
    {"printer", SET_TEXT, 0, 63, offsetof(struct store_settings, printer)},
};
#define SETTING_COUNT (sizeof setting_defs / sizeof setting_defs[0])

const char *const *store_setting_names(void)
{
    static const char *const names[] = {"queue_sla_min",
                                        "response_sla_min",
                                        "statutory_hours",
                                        "consular_escalate_hours",
                                        "consular_overdue_hours",
                                        "idle_lock_min",
                                        "reauth_hours",
                                        "retention_days",
                                        "cosign_required",
                                        "desk_phone",
                                        "ori",
                                        "kiosk_id",
                                        "timezone",
                                        "printer",
                                        NULL};
    return names;
}

static void settings_defaults(struct store_settings *s)
{
    memset(s, 0, sizeof *s);
    s->queue_sla_min = 15;
    s->response_sla_min = 60;
    s->statutory_hours = 48;
    s->consular_escalate_hours = 24;
    s->consular_overdue_hours = 72;
    s->idle_lock_min = 3;
    s->reauth_hours = 12;
    s->retention_days = 365;
    s->cosign_required = false;
    if (gethostname(s->kiosk_id, sizeof s->kiosk_id) != 0)
        snprintf(s->kiosk_id, sizeof s->kiosk_id, "kiosk");
    s->kiosk_id[sizeof s->kiosk_id - 1] = '\0';
    snprintf(s->timezone, sizeof s->timezone, "%s", TZ_DEFAULT);
}

/* issue 10: an NCIC ORI is 9 characters, the 2-letter state code first. */
static bool settings_ori_valid(const char *v)
{
    if (strlen(v) != 9 || !isupper((unsigned char)v[0]) || !isupper((unsigned char)v[1]))
        return false;
    const struct code_place *p = codes_place_find(v);
    if (!p || (strcmp(p->kind, "us_state") != 0 && strcmp(p->kind, "us_territory") != 0))
        return false;
    for (int i = 2; i < 9; i++)
        if (!isupper((unsigned char)v[i]) && !isdigit((unsigned char)v[i]))
            return false;
    return true;
}

/* Parses value for def into s; 0 or KIOSK_ERR_INVALID with msg. */
static int setting_apply(const struct setting_def *def, const char *value, struct store_settings *s,
                         char *msg, size_t len)
{
    char *base = (char *)s;
    if (def->type == SET_INT) {
        char *end;
        errno = 0;
        long v = strtol(value, &end, 10);
        if (errno || end == value || *end || v < def->lo || v > def->hi)
            return store_msg(msg, len, KIOSK_ERR_INVALID, "%s must be a whole number %d..%d",
                             def->key, def->lo, def->hi);
        *(int *)(void *)(base + def->offset) = (int)v;
    } else if (def->type == SET_BOOL) {
        bool v;
        if (!strcmp(value, "1") || !strcmp(value, "true") || !strcmp(value, "yes"))
            v = true;
        else if (!strcmp(value, "0") || !strcmp(value, "false") || !strcmp(value, "no"))
            v = false;
        else
            return store_msg(msg, len, KIOSK_ERR_INVALID, "%s must be true or false", def->key);
        *(bool *)(void *)(base + def->offset) = v;
    } else {
        size_t n = strlen(value);
        if (n > (size_t)def->hi)
            return store_msg(msg, len, KIOSK_ERR_INVALID, "%s is at most %d characters", def->key,
                             def->hi);
        for (const char *c = value; *c; c++)
            if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7F)
                return store_msg(msg, len, KIOSK_ERR_INVALID,
                                 "%s takes printable ASCII characters only", def->key);
        if (!strcmp(def->key, "ori") && !settings_ori_valid(value))
            return store_msg(msg, len, KIOSK_ERR_INVALID,
                             "ori must be 9 characters: a 2-letter US state code and 7 letters "
                             "or digits (e.g. MO0950000)");
        if (!strcmp(def->key, "timezone") && !tz_valid(value))
            return store_msg(msg, len, KIOSK_ERR_INVALID,
                             "timezone must be an IANA zone name such as America/Chicago");
        memcpy(base + def->offset, value, n + 1);
    }
    return KIOSK_OK;
}

int store_settings_get(struct store *st, struct store_settings *out)
{
    settings_defaults(out);
    char buf[128];
    for (size_t i = 0; i < SETTING_COUNT; i++) {
        int rc = store_setting_raw_get(st, setting_defs[i].key, buf, sizeof buf);
        if (rc == KIOSK_ERR_NOT_FOUND)
            continue;
        if (rc != KIOSK_OK)
            return rc;
        setting_apply(&setting_defs[i], buf, out, NULL, 0); /* a bad stored value: default */
    }
    return KIOSK_OK;
}

int store_setting_text(const struct store_settings *s, const char *key, char *buf, size_t len)
{
    const char *base = (const char *)s;
    for (size_t i = 0; i < SETTING_COUNT; i++) {
        const struct setting_def *d = &setting_defs[i];
        if (strcmp(d->key, key) != 0)
            continue;
        if (d->type == SET_INT)
            snprintf(buf, len, "%d", *(const int *)(const void *)(base + d->offset));
        else if (d->type == SET_BOOL)
            snprintf(buf, len, "%s",
                     *(const bool *)(const void *)(base + d->offset) ? "true" : "false");
        else
            snprintf(buf, len, "%s", base + d->offset);
        return KIOSK_OK;
    }
    return KIOSK_ERR_NOT_FOUND;
}

int store_setting_set(struct store *st, const struct auth_actor *actor, const char *key,
                      const char *value, char *msg, size_t msg_len)
{
    const struct setting_def *def = NULL;
    for (size_t i = 0; i < SETTING_COUNT; i++)
        if (key && strcmp(setting_defs[i].key, key) == 0)
            def = &setting_defs[i];
    if (!def)
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID, "unknown setting '%s'", key ? key : "");
    int rc = auth_require(st, actor, AUTH_ROLE_ADMIN);
    if (rc != KIOSK_OK)
        return store_msg(msg, msg_len, rc, "changing settings needs the admin role");
    struct store_settings s;
    settings_defaults(&s);
    if ((rc = setting_apply(def, value ? value : "", &s, msg, msg_len)) != KIOSK_OK)
        return rc;
    char norm[64], details[128];
    store_setting_text(&s, key, norm, sizeof norm);
    if ((rc = store_tx_begin(st)) != KIOSK_OK)
        return rc;
    rc = store_setting_raw_set(st, key, norm);
    if (rc == KIOSK_OK)
        rc = fact_emit_setting(st, key, norm); /* issue 14 */
    snprintf(details, sizeof details, "%s=%s", key, norm);
    if (rc == KIOSK_OK)
        rc = audit_append(st, actor, "settings.set", "settings", "ok", details);
    return store_tx_end(st, rc);
}

/* ---- checks, backup, restore, purge ---- */

int store_check(struct store *st, bool full, int *version, char *msg, size_t msg_len)
{
    int rc = quick_check(st->db, full, msg, msg_len);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_stmt *s;
    if ((rc = store_prepare(st, "PRAGMA foreign_key_check", &s)) != KIOSK_OK)
        return rc;
    if (sqlite3_step(s) == SQLITE_ROW)
        rc = store_msg(
            msg, msg_len, KIOSK_ERR_CORRUPT, "a row in table %s refers to a missing %s row",
            (const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 2));
    sqlite3_finalize(s);
    int v = 0;
    if (rc == KIOSK_OK && (rc = user_version(st->db, &v)) == KIOSK_OK && version)
        *version = v;
    if (rc == KIOSK_OK && st->have_keys)
        rc = rowmac_check_all(st, msg, msg_len);
    return rc;
}

/* Copies src into the file at dest (created 0600, must not exist). */
static int backup_into(sqlite3 *src, const char *dest, char *msg, size_t len)
{
    int fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return store_msg(msg, len, errno == EEXIST ? KIOSK_ERR_INVALID : KIOSK_ERR_IO,
                         "cannot create %s: %s", dest, strerror(errno));
    close(fd);
    sqlite3 *d = NULL;
    int rc = sqlite3_open_v2(dest, &d, SQLITE_OPEN_READWRITE, NULL);
    sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(d, "main", src, "main") : NULL;
    if (!b) {
        int e = store_msg(msg, len, KIOSK_ERR_IO, "cannot write %s: %s", dest,
                          d ? sqlite3_errmsg(d) : "out of memory");
        sqlite3_close(d);
        unlink(dest);
        return e;
    }
    sqlite3_busy_timeout(d, STORE_BUSY_TIMEOUT_MS);
    do {
        rc = sqlite3_backup_step(b, 256);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
            sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    int err = KIOSK_OK;
    if (rc != SQLITE_DONE)
        err = store_msg(msg, len, store_sqlite_err(rc), "backup to %s failed: %s", dest,
                        sqlite3_errmsg(d));
    /* The copy keeps WAL mode; fold it into the main file so one file moves. */
    if (err == KIOSK_OK)
        sqlite3_exec(d, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
    sqlite3_close(d);
    if (err != KIOSK_OK)
        unlink(dest);
    return err;
}

int store_backup(struct store *st, const struct auth_actor *actor, const char *dest, char *msg,
                 size_t msg_len)
{
    int rc = auth_require(st, actor, AUTH_ROLE_ADMIN);
    if (rc != KIOSK_OK)
        return store_msg(msg, msg_len, rc, "backup needs the admin role");
    /* The outcome row is written after the attempt, so a failed backup is
     * never recorded as made; the copy therefore ends just before it. */
    char why[400] = "";
    int err = backup_into(st->db, dest, why, sizeof why);
    if ((rc = store_tx_begin(st)) == KIOSK_OK)
        rc = store_tx_end(st, audit_append(st, actor, "store.backup", "database",
                                           err == KIOSK_OK ? "ok" : "failed",
                                           err == KIOSK_OK ? NULL : kiosk_strerror(err)));
    if (err != KIOSK_OK)
        return store_msg(msg, msg_len, err, "%s", why);
    if (rc != KIOSK_OK) {
        /* No audit row, no backup (DESIGN section 5). */
        unlink(dest);
        return store_msg(msg, msg_len, rc, "cannot write the audit row for the backup");
    }
    return KIOSK_OK;
}

/* Takes db_path for the restore: an exclusive lock that only succeeds when
 * no other connection (the kiosk, another kioskctl) has the file open; the
 * switch out of WAL folds and removes the old -wal/-shm under that lock.
 * *out stays open (holding the lock) until the new file is in place; NULL
 * when db_path does not exist yet. */
static int restore_lock_target(const char *db_path, sqlite3 **out, char *msg, size_t len)
{
    *out = NULL;
    struct stat sb;
    if (stat(db_path, &sb) != 0)
        return KIOSK_OK;
    sqlite3 *d = NULL;
    int rc = sqlite3_open_v2(db_path, &d, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(d, "PRAGMA locking_mode=EXCLUSIVE", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(d, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(d, "BEGIN EXCLUSIVE", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        int e = store_sqlite_err(rc);
        if (e == KIOSK_ERR_BUSY)
            store_msg(msg, len, e,
                      "%s is in use (is the kiosk or another kioskctl running?); stop it and "
                      "restore again",
                      db_path);
        else
            store_msg(msg, len, e, "cannot lock %s for the restore: %s", db_path,
                      d ? sqlite3_errmsg(d) : "out of memory");
        sqlite3_close(d);
        return e;
    }
    *out = d;
    return KIOSK_OK;
}

static int restore_common(const char *src, const char *db_path, const char *key_dir,
                          const struct kiosk_clock *clock, const char *actor_badge, uid_t caller,
                          char *msg, size_t msg_len);

int store_restore(const char *src, const char *db_path, const struct kiosk_clock *clock,
                  const char *actor_badge, char *msg, size_t msg_len)
{
    return store_restore_as(src, db_path, clock, actor_badge, getuid(), msg, msg_len);
}

int store_restore_keyed(const char *src, const char *db_path, const char *key_dir,
                        const struct kiosk_clock *clock, const char *actor_badge, char *msg,
                        size_t msg_len)
{
    return restore_common(src, db_path, key_dir, clock, actor_badge, getuid(), msg, msg_len);
}

int store_restore_as(const char *src, const char *db_path, const struct kiosk_clock *clock,
                     const char *actor_badge, uid_t caller, char *msg, size_t msg_len)
{
    return restore_common(src, db_path, NULL, clock, actor_badge, caller, msg, msg_len);
}

/* The checks a restored copy must pass with the key file (issue 12): row
 * MACs and the keyed audit chain (the head file is not compared: a backup
 * ends earlier than the live chain by design). */
static int restore_verify(struct store *st, const char *src, const char *what, char *msg,
                          size_t msg_len)
{
    char why[256];
    if (store_needs_keys(st))
        return store_msg(msg, msg_len, KIOSK_ERR_PERM,
                         "refusing to %s %s: it is from before the key files; restore it "
                         "with the earlier version or adopt it with `db init` first",
                         what, src);
    int rc = rowmac_check_all(st, why, sizeof why);
    if (rc == KIOSK_OK)
        rc = audit_verify_chain(st, false, NULL, NULL, NULL, NULL, why, sizeof why);
    if (rc != KIOSK_OK)
        return store_msg(msg, msg_len, rc, "refusing to %s %s: %s", what, src, why);
    return KIOSK_OK;
}

/* Stages a backup for restore or verification: checks src read-only (a
 * damaged file never goes further), copies it to tmp (beside db_path) and
 * opens the copy as a store with the key folder: its schema exactly (at
 * open, before the migration), then its row MACs and keyed chain. On success
 * *out is the open copy (the caller closes it and removes tmp); on failure
 * tmp is removed. */
static int restore_stage(const char *src, const char *db_path, const char *key_dir,
                         const struct kiosk_clock *clock, const char *what, char *tmp,
                         size_t tmp_len, struct store **out, char *msg, size_t msg_len)
{
    *out = NULL;
    sqlite3 *s = NULL;
    int rc = sqlite3_open_v2(src, &s, SQLITE_OPEN_READONLY, NULL);
    int err = KIOSK_OK;
    if (rc != SQLITE_OK) {
        err = store_msg(msg, msg_len, KIOSK_ERR_CORRUPT, "cannot read %s: %s", src,
                        s ? sqlite3_errmsg(s) : "out of memory");
        goto done;
    }
    sqlite3_busy_timeout(s, STORE_BUSY_TIMEOUT_MS);
    char why[256] = "";
    if ((err = quick_check(s, true, why, sizeof why)) != KIOSK_OK) {
        err = store_msg(msg, msg_len, KIOSK_ERR_CORRUPT, "refusing to %s %s: %s", what, src, why);
        goto done;
    }
    int v = 0;
    sqlite3_stmt *t = NULL;
    if (user_version(s, &v) != KIOSK_OK || v < 1 || v > STORE_SCHEMA_VERSION ||
        sqlite3_prepare_v2(s, "SELECT count(*) FROM audit", -1, &t, NULL) != SQLITE_OK) {
        sqlite3_finalize(t);
        err = store_msg(msg, msg_len, KIOSK_ERR_CORRUPT,
                        "refusing to %s %s: not a kiosk database of a known version", what, src);
        goto done;
    }
    sqlite3_finalize(t);
    snprintf(tmp, tmp_len, "%s.%s-%ld", db_path, what, (long)getpid());
    unlink(tmp);
    if ((err = backup_into(s, tmp, msg, msg_len)) != KIOSK_OK)
        goto done;
    struct store *st = NULL;
    char why2[300] = "";
    char kd[PATH_MAX];
    err = keys_default_dir(key_dir, db_path, kd, sizeof kd);
    if (err == KIOSK_OK)
        err = store_open_keyed(tmp, kd, clock, false, &st, why2, sizeof why2);
    if (err != KIOSK_OK)
        store_msg(msg, msg_len, err, "refusing to %s %s: %s", what, src, why2);
    if (err == KIOSK_OK)
        err = restore_verify(st, src, what, msg, msg_len);
    if (err != KIOSK_OK) {
        store_close(st);
        unlink(tmp);
        goto done;
    }
    *out = st;
done:
    sqlite3_close(s);
    return err;
}

int store_backup_verify(const char *src, const char *db_path, const char *key_dir,
                        const struct kiosk_clock *clock, char *msg, size_t msg_len)
{
    struct stat sb;
    if (stat(src, &sb) != 0)
        return store_msg(msg, msg_len, KIOSK_ERR_NOT_FOUND, "no backup at %s", src);
    char tmp[PATH_MAX];
    struct store *st = NULL;
    int err =
        restore_stage(src, db_path, key_dir, clock, "verify", tmp, sizeof tmp, &st, msg, msg_len);
    if (err != KIOSK_OK)
        return err;
    store_close(st);
    char side[PATH_MAX + 8];
    unlink(tmp);
    snprintf(side, sizeof side, "%s-wal", tmp);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", tmp);
    unlink(side);
    return KIOSK_OK;
}

static int restore_common(const char *src, const char *db_path, const char *key_dir,
                          const struct kiosk_clock *clock, const char *actor_badge, uid_t caller,
                          char *msg, size_t msg_len)
{
    struct stat sb;
    if (stat(src, &sb) != 0)
        return store_msg(msg, msg_len, KIOSK_ERR_NOT_FOUND, "no backup at %s", src);
    /* Only the owner of the database file (or, for a new file, of its
     * folder) may replace it. */
    char folder[PATH_MAX];
    snprintf(folder, sizeof folder, "%s", db_path);
    char *slash = strrchr(folder, '/');
    if (slash)
        *(slash == folder ? slash + 1 : slash) = '\0';
    else
        snprintf(folder, sizeof folder, ".");
    struct stat tb;
    if ((stat(db_path, &tb) == 0 || stat(folder, &tb) == 0) && tb.st_uid != caller)
        return store_msg(msg, msg_len, KIOSK_ERR_PERM,
                         "only the owner of %s may restore it (--local-admin)", db_path);
    sqlite3 *lock = NULL;
    char tmp[PATH_MAX];
    char kd[PATH_MAX];
    struct store *st = NULL;
    int err =
        restore_stage(src, db_path, key_dir, clock, "restore", tmp, sizeof tmp, &st, msg, msg_len);
    if (err != KIOSK_OK)
        return err;
    if ((err = store_tx_begin(st)) == KIOSK_OK) {
        char details[128];
        snprintf(details, sizeof details, "restored from a backup");
        /* The head file moves back to the restored chain once the copy is in
         * place (forced below); the live head is ahead of a backup. */
        st->head_defer = true;
        err = store_tx_end(st, audit_append_badge(st, actor_badge ? actor_badge : "local-admin",
                                                  "store.restore", "database", "ok", details));
    }
    struct keys_head head = {0};
    char head_id[KEYS_ID_HEX_LEN + 1] = "";
    if (st) {
        sqlite3_exec(st->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
        head = st->head_next;
        snprintf(head_id, sizeof head_id, "%s", st->keys.install_id);
        snprintf(kd, sizeof kd, "%s", st->key_dir);
    }
    store_close(st);
    if (err != KIOSK_OK) {
        unlink(tmp);
        goto done;
    }
    /* Nobody may have the old file open while it is replaced. */
    if ((err = restore_lock_target(db_path, &lock, msg, msg_len)) != KIOSK_OK) {
        unlink(tmp);
        goto done;
    }
    /* Old WAL/SHM of the replaced file must not be applied to the new one
     * (the switch out of WAL under the lock has already removed them). */
    char side[PATH_MAX + 8];
    snprintf(side, sizeof side, "%s-wal", tmp);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", tmp);
    unlink(side);
    if (rename(tmp, db_path) != 0) {
        err = store_msg(msg, msg_len, KIOSK_ERR_IO, "cannot replace %s: %s", db_path,
                        strerror(errno));
        unlink(tmp);
        goto done;
    }
    snprintf(side, sizeof side, "%s-wal", db_path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", db_path);
    unlink(side);
    if (head_id[0] && (err = keys_head_write(kd, head_id, &head, true)) != KIOSK_OK)
        store_msg(msg, msg_len, err,
                  "restored, but the audit head file in %s could not be written: the next "
                  "change will be refused until it is",
                  kd);
done:
    sqlite3_close(lock); /* after the rename: the lock was on the old file */
    return err;
}

int store_purge(struct store *st, const struct auth_actor *actor, int days, int64_t *purged)
{
    if (purged)
        *purged = 0;
    if (days < 1)
        return KIOSK_ERR_INVALID;
    int rc = auth_require(st, actor, AUTH_ROLE_ADMIN);
    if (rc != KIOSK_OK)
        return rc;
    kiosk_ms_t cutoff = store_now(st) - (kiosk_ms_t)days * KIOSK_MS_PER_DAY;
    static const char *const sql[] = {
        "CREATE TEMP TABLE IF NOT EXISTS purge_ids(id INTEGER PRIMARY KEY)",
        "DELETE FROM temp.purge_ids",
        "INSERT INTO temp.purge_ids SELECT id FROM intakes WHERE purged = 0"
        " AND closed IS NOT NULL AND closed < ?1",
        "UPDATE requests SET fields = '{}', ncic_name = NULL, attention = NULL,"
        " response_text = NULL, needs_info_text = NULL, cancel_reason = NULL,"
        " mules_ref = NULL WHERE intake_id IN (SELECT id FROM temp.purge_ids)",
        "UPDATE request_events SET details = NULL WHERE request_id IN"
        " (SELECT id FROM requests WHERE intake_id IN (SELECT id FROM temp.purge_ids))",
        "UPDATE id_documents SET issuer = NULL, expires = NULL, last4 = NULL,"
        " number_hash = NULL WHERE intake_id IN (SELECT id FROM temp.purge_ids)",
        "UPDATE consular SET consulate = NULL, note = NULL"
        " WHERE intake_id IN (SELECT id FROM temp.purge_ids)",
        "UPDATE intakes SET booking_number = '', known_reason = NULL, purged = 1"
        " WHERE id IN (SELECT id FROM temp.purge_ids)",
    };
    if ((rc = store_tx_begin(st)) != KIOSK_OK)
        return rc;
    int64_t count = 0;
    for (size_t i = 0; rc == KIOSK_OK && i < sizeof sql / sizeof sql[0]; i++) {
        sqlite3_stmt *s;
        if ((rc = store_prepare(st, sql[i], &s)) != KIOSK_OK)
            break;
        if (sqlite3_bind_parameter_count(s) > 0)
            sqlite3_bind_int64(s, 1, cutoff);
        rc = store_sqlite_err(sqlite3_step(s));
        if (i == 2)
            count = sqlite3_changes(st->db);
        sqlite3_finalize(s);
    }
    char details[64];
    snprintf(details, sizeof details, "older_than_days=%d intakes=%lld", days, (long long)count);
    if (rc == KIOSK_OK)
        rc = audit_append(st, actor, "store.purge", "intakes", "ok", details);
    rc = store_tx_end(st, rc);
    if (rc == KIOSK_OK && purged)
        *purged = count;
    if (rc == KIOSK_OK)
        rc = store_wal_truncate(st);
    return rc;
}

int store_wal_truncate(struct store *st)
{
    int busy = 0, log = 0, done = 0;
    int rc = sqlite3_wal_checkpoint_v2(st->db, "main", SQLITE_CHECKPOINT_TRUNCATE, &log, &done);
    (void)busy;
    if (rc == SQLITE_BUSY || (rc == SQLITE_OK && log != done))
        return KIOSK_ERR_BUSY;
    return store_sqlite_err(rc);
}
