/* The hash-chained, append-only audit trail: appending rows inside the
 * caller's transaction, verifying the chain, listing, weekly reviews. */
#include "core/audit.h"
#include "core/keys.h"
#include "core/kiosk_err.h"
#include "core/store_priv.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define AUDIT_HASH_LEN 32

/* The fields of one row that the chain covers. */
struct audit_fields {
    int64_t seq;
    kiosk_ms_t at;
    const char *kiosk, *badge, *role;
    int local_admin;
    const char *action, *object, *outcome, *details;
};

static void hash_str(crypto_generichash_state *h, const char *s)
{
    uint64_t n = s ? strlen(s) : UINT64_MAX; /* NULL differs from "" */
    unsigned char len[8];
    for (int i = 0; i < 8; i++)
        len[i] = (unsigned char)(n >> (8 * i));
    crypto_generichash_update(h, len, sizeof len);
    if (s)
        crypto_generichash_update(h, (const unsigned char *)s, strlen(s));
}

/* hash = BLAKE2b-256(prev_hash || seq || at || each field, length-prefixed),
 * keyed with the audit key from the key file (v2) for rows from keyed_from
 * on; rows written before the database had keys carry the unkeyed v1 hash
 * and are anchored by the first keyed row's MAC over their head. */
static void audit_hash(const unsigned char *key, const unsigned char prev[AUDIT_HASH_LEN],
                       const struct audit_fields *f, unsigned char out[AUDIT_HASH_LEN])
{
    crypto_generichash_state h;
    char num[48];
    crypto_generichash_init(&h, key, key ? KEYS_LEN : 0, AUDIT_HASH_LEN);
    crypto_generichash_update(
        &h, (const unsigned char *)(key ? "kiosk-audit-v2" : "kiosk-audit-v1"), 14);
    crypto_generichash_update(&h, prev, AUDIT_HASH_LEN);
    snprintf(num, sizeof num, "%lld/%lld/%d", (long long)f->seq, (long long)f->at, f->local_admin);
    hash_str(&h, num);
    hash_str(&h, f->kiosk);
    hash_str(&h, f->badge);
    hash_str(&h, f->role);
    hash_str(&h, f->action);
    hash_str(&h, f->object);
    hash_str(&h, f->outcome);
    hash_str(&h, f->details);
    crypto_generichash_final(&h, out, AUDIT_HASH_LEN);
}

/* Refuses (loudly: the store's alarm) unless the database has its keys and
 * the newest row and the head file agree: the newest row's MAC holds, the
 * chain is not shorter than the head file says and holds the recorded head.
 * *last and prev get the newest row's sequence number and MAC. */
static int audit_tail_check(struct store *st, int64_t *last, unsigned char prev[AUDIT_HASH_LEN],
                            struct keys_head *head)
{
    *last = 0;
    memset(prev, 0, AUDIT_HASH_LEN);
    if (!st->have_keys) {
        store_alarm_set(st, "this database has no key file yet: the owner must run `kioskctl "
                            "--local-admin db init` before anything is recorded");
        return KIOSK_ERR_PERM;
    }
    int rc = keys_head_read(st->key_dir, st->keys.install_id, head);
    if (rc != KIOSK_OK) {
        store_alarm_set(st,
                        "the audit head file of this database in %s is %s: nothing is recorded "
                        "until it is restored",
                        st->key_dir, rc == KIOSK_ERR_NOT_FOUND ? "missing" : "unreadable");
        return KIOSK_ERR_CORRUPT;
    }
    sqlite3_stmt *s;
    if ((rc = store_prepare(st,
                            "SELECT seq, at, kiosk, actor_badge, actor_role, local_admin, action,"
                            " object, outcome, details, prev_hash, hash FROM audit"
                            " WHERE seq IN ((SELECT max(seq) FROM audit), ?1) ORDER BY seq DESC",
                            &s)) != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, head->seq);
    bool bad = false, head_seen = head->seq == 0;
    int r;
    for (int row = 0; (r = sqlite3_step(s)) == SQLITE_ROW; row++) {
        int64_t seq = sqlite3_column_int64(s, 0);
        bool sized = sqlite3_column_bytes(s, 11) == AUDIT_HASH_LEN &&
                     sqlite3_column_bytes(s, 10) == AUDIT_HASH_LEN;
        if (!sized) {
            bad = true;
            break;
        }
        if (row == 0) {
            struct audit_fields f = {.seq = seq,
                                     .at = sqlite3_column_int64(s, 1),
                                     .kiosk = (const char *)sqlite3_column_text(s, 2),
                                     .badge = (const char *)sqlite3_column_text(s, 3),
                                     .role = (const char *)sqlite3_column_text(s, 4),
                                     .local_admin = sqlite3_column_int(s, 5),
                                     .action = (const char *)sqlite3_column_text(s, 6),
                                     .object = (const char *)sqlite3_column_text(s, 7),
                                     .outcome = (const char *)sqlite3_column_text(s, 8),
                                     .details = (const char *)sqlite3_column_text(s, 9)};
            unsigned char want[AUDIT_HASH_LEN];
            audit_hash(seq >= head->keyed_from ? st->keys.audit : NULL, sqlite3_column_blob(s, 10),
                       &f, want);
            *last = seq;
            memcpy(prev, sqlite3_column_blob(s, 11), AUDIT_HASH_LEN);
            if (sodium_memcmp(want, prev, AUDIT_HASH_LEN) != 0) {
                bad = true;
                break;
            }
        }
        if (seq == head->seq) {
            head_seen = true;
            if (sodium_memcmp(sqlite3_column_blob(s, 11), head->hash, AUDIT_HASH_LEN) != 0)
                bad = true;
        }
    }
    if (r != SQLITE_DONE && r != SQLITE_ROW)
        rc = store_sqlite_err(r);
    sqlite3_finalize(s);
    if (rc != KIOSK_OK)
        return rc;
    if (!st->head_defer && (bad || !head_seen || *last < head->seq)) {
        store_alarm_set(st,
                        "the audit trail does not match its head file (row %lld recorded, the "
                        "table ends at %lld%s): rows were cut, wiped or forged; nothing is "
                        "recorded until an admin investigates (`kioskctl audit verify`)",
                        (long long)head->seq, (long long)*last, bad ? ", a row's MAC fails" : "");
        return KIOSK_ERR_CORRUPT;
    }
    if (bad) {
        store_alarm_set(st, "the newest audit row's MAC does not hold");
        return KIOSK_ERR_CORRUPT;
    }
    return KIOSK_OK;
}

static int append_row(struct store *st, const char *badge, const char *role, int local_admin,
                      const char *action, const char *object, const char *outcome,
                      const char *details)
{
    sqlite3_stmt *s = NULL;
    unsigned char prev[AUDIT_HASH_LEN] = {0}, hash[AUDIT_HASH_LEN];
    int64_t seq = 0;
    char kiosk[32];
    int rc = store_setting_raw_get(st, "kiosk_id", kiosk, sizeof kiosk);
    if (rc == KIOSK_ERR_NOT_FOUND) {
        /* the default, as in store_settings_get(): the host name */
        if (gethostname(kiosk, sizeof kiosk) != 0)
            snprintf(kiosk, sizeof kiosk, "kiosk");
        kiosk[sizeof kiosk - 1] = '\0';
        rc = KIOSK_OK;
    }
    if (rc != KIOSK_OK)
        return rc;
    struct keys_head head;
    if ((rc = audit_tail_check(st, &seq, prev, &head)) != KIOSK_OK)
        return rc;
    seq++;
    struct audit_fields f = {.seq = seq,
                             .at = store_audit_now(st),
                             .kiosk = kiosk,
                             .badge = badge,
                             .role = role,
                             .local_admin = local_admin,
                             .action = action,
                             .object = object,
                             .outcome = outcome,
                             .details = details};
    audit_hash(st->keys.audit, prev, &f, hash);
    rc = store_prepare(st,
                       "INSERT INTO audit(seq, at, kiosk, actor_badge, actor_role, local_admin,"
                       " action, object, outcome, details, prev_hash, hash)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                       &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, seq);
    sqlite3_bind_int64(s, 2, f.at);
    sqlite3_bind_text(s, 3, f.kiosk, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, badge, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, role, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 6, local_admin);
    sqlite3_bind_text(s, 7, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 8, object, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 9, outcome, -1, SQLITE_STATIC);
    store_bind_text(s, 10, details, false);
    sqlite3_bind_blob(s, 11, prev, AUDIT_HASH_LEN, SQLITE_STATIC);
    sqlite3_bind_blob(s, 12, hash, AUDIT_HASH_LEN, SQLITE_STATIC);
    rc = store_sqlite_err(sqlite3_step(s));
    sqlite3_finalize(s);
    if (rc != KIOSK_OK)
        return rc;
    /* The head goes to the file outside the database once the transaction
     * commits (store_tx_end), so a cut tail or a wiped table is found for
     * good, not only until the next row. */
    st->head_next.seq = seq;
    st->head_next.keyed_from = head.keyed_from;
    memcpy(st->head_next.hash, hash, AUDIT_HASH_LEN);
    st->head_pending = true;
    if (st->tx_depth == 0 && !st->head_defer) { /* autocommit: already committed */
        st->head_pending = false;
        return keys_head_write(st->key_dir, st->keys.install_id, &st->head_next, false);
    }
    return KIOSK_OK;
}

int audit_append(struct store *st, const struct auth_actor *actor, const char *action,
                 const char *object, const char *outcome, const char *details)
{
    if (!actor)
        return append_row(st, "system", "system", 0, action, object, outcome, details);
    const char *badge = actor->badge[0] ? actor->badge : "local-admin";
    return append_row(st, badge, auth_role_name(actor->role), actor->local_admin ? 1 : 0, action,
                      object, outcome, details);
}

/* A view the same user repeats within this time (the status board and the
 * comms queue refresh themselves while open) is the same view: one row, not
 * one per refresh. */
#define AUDIT_VIEW_REPEAT_MS (15 * 60 * 1000)
/* How many of the newest rows are looked at for such a repeat (a screen that
 * refreshes reads a few lists, each audited). */
#define AUDIT_VIEW_REPEAT_ROWS 8

/* *repeat = whether actor viewed the same object the same way among the
 * newest rows, recently. */
static int view_is_repeat(struct store *st, const struct auth_actor *actor, const char *action,
                          const char *object, const char *details, bool *repeat)
{
    *repeat = false;
    sqlite3_stmt *s;
    int rc = store_prepare(st,
                           "SELECT 1 FROM audit WHERE seq > (SELECT coalesce(max(seq), 0) FROM"
                           " audit) - ?1 AND actor_badge = ?2 AND action = ?3 AND object = ?4"
                           " AND details IS ?5 AND outcome = 'ok' AND at >= ?6 AND at <= ?7"
                           " AND local_admin = ?8 LIMIT 1",
                           &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int(s, 1, AUDIT_VIEW_REPEAT_ROWS);
    sqlite3_bind_text(s, 2, actor && actor->badge[0] ? actor->badge : "local-admin", -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(s, 3, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, object, -1, SQLITE_STATIC);
    store_bind_text(s, 5, details, false);
    kiosk_ms_t now = store_audit_now(st);
    sqlite3_bind_int64(s, 6, now - AUDIT_VIEW_REPEAT_MS);
    sqlite3_bind_int64(s, 7, now); /* a row stamped in the future is no repeat */
    sqlite3_bind_int(s, 8, actor && actor->local_admin ? 1 : 0);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        *repeat = true;
    else if (r != SQLITE_DONE)
        rc = store_sqlite_err(r);
    sqlite3_finalize(s);
    return rc;
}

int audit_view(struct store *st, const struct auth_actor *actor, const char *action,
               const char *object, const char *details)
{
    int rc = store_tx_begin(st);
    if (rc != KIOSK_OK)
        return rc;
    bool repeat = false;
    if (actor)
        rc = view_is_repeat(st, actor, action, object, details, &repeat);
    if (rc == KIOSK_OK && !repeat)
        rc = audit_append(st, actor, action, object, "ok", details);
    return store_tx_end(st, rc);
}

int audit_append_badge(struct store *st, const char *badge, const char *action, const char *object,
                       const char *outcome, const char *details)
{
    return append_row(st, badge && badge[0] ? badge : "?", "-", 0, action, object, outcome,
                      details);
}

static const char *col(sqlite3_stmt *s, int i)
{
    return (const char *)sqlite3_column_text(s, i);
}

/* The legacy (pre-key) tail check: the head kept in settings. */
static bool legacy_head_ok(struct store *st, int64_t last, const unsigned char *hash, char *msg,
                           size_t msg_len)
{
    char head[128] = "", hex[2 * AUDIT_HASH_LEN + 1], want[128];
    int hr = store_setting_raw_get(st, "audit_head", head, sizeof head);
    sodium_bin2hex(hex, sizeof hex, hash, AUDIT_HASH_LEN);
    snprintf(want, sizeof want, "%lld:%s", (long long)last, hex);
    if ((hr == KIOSK_OK && strcmp(head, want) != 0) || (hr != KIOSK_OK && last > 0)) {
        store_msg(msg, msg_len, 0,
                  "the audit trail ends at row %lld but the recorded head is %s: rows were "
                  "removed from the end",
                  (long long)last, head[0] ? head : "missing");
        return false;
    }
    return true;
}

int audit_verify_chain(struct store *st, bool check_head, int64_t *bad_seq, int64_t *rows,
                       int64_t *last_seq, unsigned char *last_hash, char *msg, size_t msg_len)
{
    if (bad_seq)
        *bad_seq = 0;
    if (rows)
        *rows = 0;
    struct keys_head head = {.keyed_from = INT64_MAX};
    if (st->have_keys) {
        int hr = keys_head_read(st->key_dir, st->keys.install_id, &head);
        if (hr != KIOSK_OK && check_head)
            return store_msg(msg, msg_len, KIOSK_ERR_CORRUPT,
                             "the audit head file of this database in %s is %s", st->key_dir,
                             hr == KIOSK_ERR_NOT_FOUND ? "missing" : "unreadable");
        if (hr != KIOSK_OK)
            head.keyed_from = 1;
    }
    sqlite3_stmt *s;
    int rc;
    if ((rc = store_prepare(st,
                            "SELECT seq, at, kiosk, actor_badge, actor_role, local_admin,"
                            " action, object, outcome, details, prev_hash, hash"
                            " FROM audit ORDER BY seq",
                            &s)) != KIOSK_OK)
        return store_msg(msg, msg_len, rc, "cannot read the audit trail: %s",
                         sqlite3_errmsg(st->db));
    unsigned char prev[AUDIT_HASH_LEN] = {0}, hash[AUDIT_HASH_LEN];
    int64_t expect = 1, n = 0, bad = 0;
    bool head_ok = head.seq == 0;
    int r;
    store_msg(msg, msg_len, 0, "ok");
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        struct audit_fields f = {.seq = sqlite3_column_int64(s, 0),
                                 .at = sqlite3_column_int64(s, 1),
                                 .kiosk = col(s, 2),
                                 .badge = col(s, 3),
                                 .role = col(s, 4),
                                 .local_admin = sqlite3_column_int(s, 5),
                                 .action = col(s, 6),
                                 .object = col(s, 7),
                                 .outcome = col(s, 8),
                                 .details = col(s, 9)};
        n++;
        if (f.seq != expect) {
            bad = f.seq;
            store_msg(msg, msg_len, 0, "audit row %lld follows row %lld: rows are missing",
                      (long long)f.seq, (long long)(expect - 1));
            break;
        }
        bool prev_ok = sqlite3_column_bytes(s, 10) == AUDIT_HASH_LEN &&
                       memcmp(sqlite3_column_blob(s, 10), prev, AUDIT_HASH_LEN) == 0;
        audit_hash(f.seq >= head.keyed_from ? st->keys.audit : NULL, prev, &f, hash);
        bool hash_ok = sqlite3_column_bytes(s, 11) == AUDIT_HASH_LEN &&
                       sodium_memcmp(sqlite3_column_blob(s, 11), hash, AUDIT_HASH_LEN) == 0;
        if (!prev_ok || !hash_ok) {
            bad = f.seq;
            store_msg(msg, msg_len, 0,
                      "audit row %lld does not match its %s: it was changed, moved, forged or "
                      "its predecessor was",
                      (long long)f.seq, f.seq >= head.keyed_from ? "keyed MAC" : "hash");
            break;
        }
        if (f.seq == head.seq)
            head_ok = sodium_memcmp(hash, head.hash, AUDIT_HASH_LEN) == 0;
        memcpy(prev, hash, AUDIT_HASH_LEN);
        expect++;
    }
    if (r != SQLITE_ROW && r != SQLITE_DONE) {
        sqlite3_finalize(s);
        return store_msg(msg, msg_len, store_sqlite_err(r), "cannot read the audit trail: %s",
                         sqlite3_errmsg(st->db));
    }
    sqlite3_finalize(s);
    if (!bad && st->have_keys && check_head && !head_ok) {
        bad = expect - 1 < head.seq ? expect : head.seq;
        store_msg(msg, msg_len, 0,
                  "the audit trail ends at row %lld but the head file outside the database "
                  "records row %lld%s: rows were cut from the end, wiped or replaced",
                  (long long)(expect - 1), (long long)head.seq,
                  expect - 1 >= head.seq ? " with another MAC" : "");
    }
    if (!bad && !st->have_keys && !legacy_head_ok(st, expect - 1, prev, msg, msg_len))
        bad = expect;
    if (bad_seq)
        *bad_seq = bad;
    if (rows)
        *rows = n;
    if (last_seq)
        *last_seq = expect - 1;
    if (last_hash)
        memcpy(last_hash, prev, AUDIT_HASH_LEN);
    if (bad)
        store_alarm_set(st, "%s", msg && msg[0] ? msg : "the audit trail does not verify");
    return bad ? KIOSK_ERR_CORRUPT : KIOSK_OK;
}

int audit_verify(struct store *st, const struct auth_actor *actor, int64_t *bad_seq, int64_t *rows,
                 char *msg, size_t msg_len)
{
    int rc = actor ? auth_require(st, actor, AUTH_ROLE_AUDITOR | AUTH_ROLE_ADMIN) : KIOSK_OK;
    if (rc != KIOSK_OK)
        return store_msg(msg, msg_len, rc, "verifying the audit trail needs auditor or admin");
    int64_t bad = 0, n = 0;
    rc = audit_verify_chain(st, true, &bad, &n, NULL, NULL, msg, msg_len);
    if (bad_seq)
        *bad_seq = bad;
    if (rows)
        *rows = n;
    if (actor && (rc == KIOSK_OK || rc == KIOSK_ERR_CORRUPT)) {
        char details[160];
        snprintf(details, sizeof details, "rows=%lld result=%s", (long long)n,
                 bad ? "broken" : "ok");
        if (store_tx_begin(st) == KIOSK_OK)
            store_tx_end(st, audit_append(st, actor, "audit.verify", "audit", bad ? "failed" : "ok",
                                          details));
    }
    return rc;
}

static bool audit_row_read(sqlite3_stmt *s, void *row, void *ctx)
{
    (void)ctx;
    struct audit_row *a = row;
    a->seq = sqlite3_column_int64(s, 0);
    a->at = sqlite3_column_int64(s, 1);
    store_col_text(s, 2, a->actor_badge, sizeof a->actor_badge);
    store_col_text(s, 3, a->actor_role, sizeof a->actor_role);
    if (sqlite3_column_int(s, 4)) {
        size_t l = strlen(a->actor_role);
        snprintf(a->actor_role + l, sizeof a->actor_role - l, "%s", "+local");
    }
    store_col_text(s, 5, a->action, sizeof a->action);
    store_col_text(s, 6, a->object, sizeof a->object);
    store_col_text(s, 7, a->outcome, sizeof a->outcome);
    store_col_text(s, 8, a->details, sizeof a->details);
    return true;
}

int audit_list(struct store *st, const struct auth_actor *actor, kiosk_ms_t since, size_t limit,
               struct audit_row **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    int rc = auth_require(st, actor, AUTH_ROLE_AUDITOR | AUTH_ROLE_ADMIN);
    if (rc != KIOSK_OK)
        return rc;
    if ((rc = store_tx_begin(st)) != KIOSK_OK)
        return rc;
    rc = audit_append(st, actor, "audit.list", "audit", "ok", NULL);
    if ((rc = store_tx_end(st, rc)) != KIOSK_OK)
        return rc;
    sqlite3_stmt *s;
    if ((rc = store_prepare(st,
                            "SELECT seq, at, actor_badge, actor_role, local_admin, action,"
                            " object, outcome, details FROM audit WHERE at >= ?1 ORDER BY seq"
                            " LIMIT ?2",
                            &s)) != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, since);
    sqlite3_bind_int64(s, 2, limit ? (int64_t)limit : -1);
    void *rows;
    rc = store_collect(s, sizeof **out, 64, audit_row_read, NULL, &rows, n);
    *out = rows;
    return rc;
}

int audit_review_record(struct store *st, const struct auth_actor *actor, const char *note)
{
    int rc = auth_require(st, actor, AUTH_ROLE_AUDITOR);
    if (rc != KIOSK_OK)
        return rc;
    if ((rc = store_tx_begin(st)) != KIOSK_OK)
        return rc;
    char at[24];
    snprintf(at, sizeof at, "%lld", (long long)store_audit_now(st));
    rc = audit_append(st, actor, "audit.review", "audit", "ok", note && note[0] ? note : NULL);
    if (rc == KIOSK_OK)
        rc = store_setting_raw_set(st, "audit_last_review", at);
    return store_tx_end(st, rc);
}

int audit_last_review(struct store *st, kiosk_ms_t *at)
{
    char buf[32];
    *at = 0;
    int rc = store_setting_raw_get(st, "audit_last_review", buf, sizeof buf);
    if (rc == KIOSK_ERR_NOT_FOUND)
        return KIOSK_OK;
    if (rc == KIOSK_OK)
        *at = strtoll(buf, NULL, 10);
    return rc;
}
