/* Retention: what a purge keeps (the proof that the rule was followed) and
 * what it drops (the person), applied to intakes past retention_days unless
 * a legal hold exempts them; and the legal holds themselves. The dropped
 * bytes are overwritten and the WAL truncated so they are not left in the
 * files. */
#include "records/records.h"
#include "core/audit.h"
#include "core/kiosk_err.h"
#include "core/store.h"
#include "core/store_priv.h"

#include <stdio.h>
#include <string.h>

/* The purge, step by step; ?1 is the cutoff, ?2 now. Everything not named
 * here stays: booking number, charges, basis, badges, nationality, states
 * and times, offense code, disposition, document kind/issuer/source, the
 * consulate, method and times of consular notification, the consular wish
 * (requested/declined, when, by whom), the DHS notification step (due,
 * done, by, method), the release time, the detainer record (issuing office
 * and form are the agency's, not the person's), audit rows. */
static const char *const purge_sql[] = {
    "CREATE TEMP TABLE IF NOT EXISTS records_purge_ids(id INTEGER PRIMARY KEY)",
    "DELETE FROM temp.records_purge_ids",
    "INSERT INTO temp.records_purge_ids SELECT id FROM intakes WHERE purged = 0"
    " AND closed IS NOT NULL AND closed < ?1"
    " AND id NOT IN (SELECT intake_id FROM legal_holds)",
    /* the IAQ fields (names, DOB, POB, identifiers), the IAR text, the
     * MULES reference and every note */
    "UPDATE requests SET fields = '{}', ncic_name = NULL, attention = NULL,"
    " response_text = NULL, needs_info_text = NULL, cancel_reason = NULL, mules_ref = NULL,"
    /* issue 10's free-text notes; the DHS step (due, done, by, method) and
     * the release time stay as proof */
    " dhs_note = NULL, release_note = NULL"
    " WHERE intake_id IN (SELECT id FROM temp.records_purge_ids)",
    "UPDATE request_events SET details = NULL WHERE request_id IN (SELECT id FROM requests"
    " WHERE intake_id IN (SELECT id FROM temp.records_purge_ids))",
    /* the document's number (last 4, keyed hash) and expiry */
    "UPDATE id_documents SET expires = NULL, last4 = NULL, number_hash = NULL"
    " WHERE intake_id IN (SELECT id FROM temp.records_purge_ids)",
    "UPDATE consular SET note = NULL WHERE intake_id IN (SELECT id FROM temp.records_purge_ids)",
    /* the supersede reason is free text (it may name the person); the
     * retry hash is keyed over the submitted personal data */
    "UPDATE intakes SET known_reason = NULL, supersede_reason = NULL, input_hash = NULL,"
    " purged = 1, purged_at = ?2"
    " WHERE id IN (SELECT id FROM temp.records_purge_ids)",
};

/* Counts the due intakes a legal hold keeps. */
static int count_held(struct store *st, kiosk_ms_t cutoff, int64_t *held)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st,
                           "SELECT count(*) FROM intakes i JOIN legal_holds h ON h.intake_id = i.id"
                           " WHERE i.purged = 0 AND i.closed IS NOT NULL AND i.closed < ?1",
                           &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, cutoff);
    int r = sqlite3_step(s);
    *held = r == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    rc = r == SQLITE_ROW ? KIOSK_OK : store_sqlite_err(r);
    sqlite3_finalize(s);
    return rc;
}

/* Counts the hub facts about the intakes of this purge (a joined station's
 * fact log; 0 on a station that never joined a hub). */
static int count_facts_kept(struct store *st, int64_t *n)
{
    sqlite3_stmt *s;
    int rc =
        store_prepare(st,
                      "SELECT count(*) FROM facts WHERE subject IN (SELECT gid FROM intakes"
                      " WHERE gid IS NOT NULL AND id IN (SELECT id FROM temp.records_purge_ids))",
                      &s);
    if (rc != KIOSK_OK)
        return rc;
    int r = sqlite3_step(s);
    *n = r == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    rc = r == SQLITE_ROW ? KIOSK_OK : store_sqlite_err(r);
    sqlite3_finalize(s);
    return rc;
}

/* Reads PRAGMA secure_delete (0/1). */
static int secure_delete_get(struct store *st)
{
    sqlite3_stmt *s;
    if (store_prepare(st, "PRAGMA secure_delete", &s) != KIOSK_OK)
        return 0;
    int v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
    sqlite3_finalize(s);
    return v;
}

/* Checkpoints the WAL into the database file and truncates it; true when
 * every frame was copied and the WAL is empty. */
static bool wal_truncate(struct store *st)
{
    sqlite3_stmt *s;
    if (store_prepare(st, "PRAGMA wal_checkpoint(TRUNCATE)", &s) != KIOSK_OK)
        return false;
    bool ok = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == 0;
    sqlite3_finalize(s);
    return ok;
}

static int purge_before(struct store *st, const struct auth_actor *actor, kiosk_ms_t cutoff,
                        const char *how, struct records_purge_result *out)
{
    struct records_purge_result res = {.cutoff = cutoff};
    int rc = auth_require(st, actor, AUTH_ROLE_ADMIN);
    if (rc != KIOSK_OK)
        goto done;
    if (st->tx_depth > 0) { /* secure_delete and the checkpoint need our own transaction */
        rc = KIOSK_ERR_STATE;
        goto done;
    }
    int was_secure = secure_delete_get(st);
    if (!was_secure && (rc = store_exec(st, "PRAGMA secure_delete=ON")) != KIOSK_OK)
        goto done;
    if ((rc = store_tx_begin(st)) != KIOSK_OK)
        goto restore;
    kiosk_ms_t now = store_now(st);
    rc = count_held(st, cutoff, &res.held);
    for (size_t i = 0; rc == KIOSK_OK && i < sizeof purge_sql / sizeof purge_sql[0]; i++) {
        sqlite3_stmt *s;
        if ((rc = store_prepare(st, purge_sql[i], &s)) != KIOSK_OK)
            break;
        int np = sqlite3_bind_parameter_count(s);
        if (np >= 1)
            sqlite3_bind_int64(s, 1, cutoff);
        if (np >= 2)
            sqlite3_bind_int64(s, 2, now);
        rc = store_sqlite_err(sqlite3_step(s));
        if (i == 2)
            res.purged = sqlite3_changes(st->db);
        sqlite3_finalize(s);
    }
    if (rc == KIOSK_OK)
        rc = count_facts_kept(st, &res.facts_kept);
    char details[192], cut[KIOSK_ISO_LEN];
    snprintf(details, sizeof details, "%s closed_before=%s intakes=%lld held=%lld facts_kept=%lld",
             how, clock_format_iso(cutoff, cut, sizeof cut), (long long)res.purged,
             (long long)res.held, (long long)res.facts_kept);
    if (rc == KIOSK_OK)
        rc = audit_append(st, actor, "store.purge", "intakes", "ok", details);
    rc = store_tx_end(st, rc);
    if (rc == KIOSK_OK)
        res.wal_clean = wal_truncate(st);
restore:
    if (!was_secure)
        store_exec(st, "PRAGMA secure_delete=OFF");
done:
    if (out)
        *out = res;
    return rc;
}

int records_purge_due(struct store *st, const struct auth_actor *actor,
                      struct records_purge_result *out)
{
    struct store_settings set;
    int rc = store_settings_get(st, &set);
    if (rc != KIOSK_OK)
        return rc;
    char how[48];
    snprintf(how, sizeof how, "due retention_days=%d", set.retention_days);
    return purge_before(
        st, actor, store_now(st) - (kiosk_ms_t)set.retention_days * KIOSK_MS_PER_DAY, how, out);
}

int records_purge_older(struct store *st, const struct auth_actor *actor, int days,
                        struct records_purge_result *out)
{
    if (days < 1 || days > 36500) {
        if (out)
            memset(out, 0, sizeof *out);
        return KIOSK_ERR_INVALID;
    }
    char how[48];
    snprintf(how, sizeof how, "older_than_days=%d", days);
    return purge_before(st, actor, store_now(st) - (kiosk_ms_t)days * KIOSK_MS_PER_DAY, how, out);
}

/* 0 when intake_id exists (*purged set), else an error with a sentence. */
static int intake_exists(struct store *st, int64_t intake_id, bool *purged, char *msg,
                         size_t msg_len)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st, "SELECT purged FROM intakes WHERE id = ?1", &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, intake_id);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        *purged = sqlite3_column_int(s, 0) != 0;
    else if (r == SQLITE_DONE)
        rc = store_msg(msg, msg_len, KIOSK_ERR_NOT_FOUND, "no intake %lld", (long long)intake_id);
    else
        rc = store_sqlite_err(r);
    sqlite3_finalize(s);
    return rc;
}

int records_hold(struct store *st, const struct auth_actor *actor, int64_t intake_id,
                 const char *reason, char *msg, size_t msg_len)
{
    if (msg && msg_len)
        msg[0] = '\0';
    int rc = auth_require(st, actor, AUTH_ROLE_SUPERVISOR | AUTH_ROLE_ADMIN);
    if (rc != KIOSK_OK)
        return store_msg(msg, msg_len, rc, "a legal hold needs a supervisor or an admin");
    size_t len = reason ? strlen(reason) : 0;
    if (len == 0 || len > 200)
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID,
                         "the reason for the hold is required (at most 200 characters)");
    for (const char *c = reason; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7F)
            return store_msg(msg, msg_len, KIOSK_ERR_INVALID,
                             "the reason for the hold has a control character");
    if ((rc = store_tx_begin(st)) != KIOSK_OK)
        return store_msg(msg, msg_len, rc, "the database is busy; try again");
    bool purged = false;
    rc = intake_exists(st, intake_id, &purged, msg, msg_len);
    if (rc == KIOSK_OK && purged)
        rc = store_msg(msg, msg_len, KIOSK_ERR_STATE,
                       "intake %lld was already purged; only its proof is left",
                       (long long)intake_id);
    sqlite3_stmt *s;
    if (rc == KIOSK_OK &&
        (rc = store_prepare(st,
                            "INSERT INTO legal_holds(intake_id, reason, held_by, held_at)"
                            " VALUES (?1, ?2, ?3, ?4) ON CONFLICT(intake_id) DO NOTHING",
                            &s)) == KIOSK_OK) {
        sqlite3_bind_int64(s, 1, intake_id);
        sqlite3_bind_text(s, 2, reason, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, actor->badge[0] ? actor->badge : "local-admin", -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 4, store_now(st));
        rc = store_sqlite_err(sqlite3_step(s));
        sqlite3_finalize(s);
        if (rc == KIOSK_OK && sqlite3_changes(st->db) == 0)
            rc = store_msg(msg, msg_len, KIOSK_ERR_STATE, "intake %lld is already on hold",
                           (long long)intake_id);
    }
    char obj[32];
    snprintf(obj, sizeof obj, "intake:%lld", (long long)intake_id);
    if (rc == KIOSK_OK)
        rc = audit_append(st, actor, "intake.hold", obj, "ok", NULL);
    return store_tx_end(st, rc);
}

int records_unhold(struct store *st, const struct auth_actor *actor, int64_t intake_id, char *msg,
                   size_t msg_len)
{
    if (msg && msg_len)
        msg[0] = '\0';
    int rc = auth_require(st, actor, AUTH_ROLE_SUPERVISOR | AUTH_ROLE_ADMIN);
    if (rc != KIOSK_OK)
        return store_msg(msg, msg_len, rc, "releasing a legal hold needs a supervisor or an admin");
    if ((rc = store_tx_begin(st)) != KIOSK_OK)
        return store_msg(msg, msg_len, rc, "the database is busy; try again");
    bool purged = false;
    rc = intake_exists(st, intake_id, &purged, msg, msg_len);
    sqlite3_stmt *s;
    if (rc == KIOSK_OK &&
        (rc = store_prepare(st, "DELETE FROM legal_holds WHERE intake_id = ?1", &s)) == KIOSK_OK) {
        sqlite3_bind_int64(s, 1, intake_id);
        rc = store_sqlite_err(sqlite3_step(s));
        sqlite3_finalize(s);
        if (rc == KIOSK_OK && sqlite3_changes(st->db) == 0)
            rc = store_msg(msg, msg_len, KIOSK_ERR_STATE, "intake %lld is not on hold",
                           (long long)intake_id);
    }
    char obj[32];
    snprintf(obj, sizeof obj, "intake:%lld", (long long)intake_id);
    if (rc == KIOSK_OK)
        rc = audit_append(st, actor, "intake.unhold", obj, "ok", NULL);
    return store_tx_end(st, rc);
}
