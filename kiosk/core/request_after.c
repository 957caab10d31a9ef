/* DHS notification, detainer record, release before an answer (see
 * request_after.h). Each is one transaction with an event and an audit row. */
#include "core/request_after.h"
#include "core/audit.h"
#include "core/kiosk_err.h"
#include "core/request.h"
#include "core/store.h"
#include "core/store_priv.h"

#include <stdio.h>
#include <string.h>

const char *const *request_dhs_methods(void)
{
    static const char *const m[] = {"phone", "fax", "email", "nlets", "in_person", "other", NULL};
    return m;
}

static bool text_ok(const char *s, size_t max)
{
    if (!s)
        return true;
    size_t n = 0;
    for (; *s; s++, n++)
        if ((unsigned char)*s < 0x20 || *s == 0x7F)
            return false;
    return n <= max;
}

/* Runs the update sql (?1 id, ?2 now, ?3 badge, ?4..?7 texts) on request id
 * when check_sql (?1 id) finds the row in the right state; adds the event and
 * the audit row. */
struct after_step {
    const char *verb;
    unsigned roles;
    const char *check_sql; /* returns the state when the step is allowed */
    const char *refusal;   /* sentence when it is not */
    const char *update_sql;
    const char *t4, *t5, *t6;
    int64_t i7;
    const char *details;
};

static int after_run(struct store *st, const struct auth_actor *actor, int64_t id,
                     const struct after_step *a, char *msg, size_t msg_len)
{
    int rc = auth_require(st, actor, a->roles);
    if (rc != KIOSK_OK)
        return store_msg(msg, msg_len, rc, "your role may not record this (%s)", a->verb);
    if ((rc = store_tx_begin(st)) != KIOSK_OK)
        return store_msg(msg, msg_len, rc, "the database is busy; try again");
    sqlite3_stmt *s;
    char state[16] = "";
    bool exists = false, allowed = false;
    if ((rc = store_prepare(st, "SELECT state FROM requests WHERE id = ?1", &s)) == KIOSK_OK) {
        sqlite3_bind_int64(s, 1, id);
        exists = sqlite3_step(s) == SQLITE_ROW;
        if (exists)
            store_col_text(s, 0, state, sizeof state);
        sqlite3_finalize(s);
    }
    if (rc == KIOSK_OK && exists && (rc = store_prepare(st, a->check_sql, &s)) == KIOSK_OK) {
        sqlite3_bind_int64(s, 1, id);
        allowed = sqlite3_step(s) == SQLITE_ROW;
        sqlite3_finalize(s);
    }
    if (rc == KIOSK_OK && !exists)
        rc = store_msg(msg, msg_len, KIOSK_ERR_NOT_FOUND, "no request %lld", (long long)id);
    else if (rc == KIOSK_OK && !allowed)
        rc =
            store_msg(msg, msg_len, KIOSK_ERR_STATE, "request %lld: %s", (long long)id, a->refusal);
    kiosk_ms_t now = store_now(st);
    if (rc == KIOSK_OK && (rc = store_prepare(st, a->update_sql, &s)) == KIOSK_OK) {
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int64(s, 2, now);
        sqlite3_bind_text(s, 3, actor->badge[0] ? actor->badge : "local-admin", -1, SQLITE_STATIC);
        int np = sqlite3_bind_parameter_count(s);
        if (np >= 4)
            store_bind_text(s, 4, a->t4, true);
        if (np >= 5)
            store_bind_text(s, 5, a->t5, true);
        if (np >= 6)
            store_bind_text(s, 6, a->t6, true);
        if (np >= 7)
            sqlite3_bind_int64(s, 7, a->i7);
        rc = store_sqlite_err(sqlite3_step(s));
        sqlite3_finalize(s);
    }
    if (rc == KIOSK_OK)
        rc = request_event_add(st, id, actor, state, state, a->details);
    char obj[32], action[40];
    snprintf(obj, sizeof obj, "request:%lld", (long long)id);
    snprintf(action, sizeof action, "request.%s", a->verb);
    if (rc == KIOSK_OK)
        rc = audit_append(st, actor, action, obj, "ok", a->details);
    return store_tx_end(st, rc);
}

int request_dhs_notified(struct store *st, const struct auth_actor *actor, int64_t id,
                         const char *method, const char *note, char *msg, size_t msg_len)
{
    bool ok = false;
    for (const char *const *m = request_dhs_methods(); method && *m; m++)
        ok |= !strcmp(*m, method);
    if (!ok)
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID,
                         "method must be phone, fax, email, nlets, in_person or other");
    if (!text_ok(note, 255))
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID,
                         "the note is at most 255 printable characters");
    char details[64];
    snprintf(details, sizeof details, "dhs_notified method=%s", method);
    struct after_step a = {
        .verb = "dhs_notified",
        .roles = AUTH_ROLE_DEPUTY | AUTH_ROLE_COMMS | AUTH_ROLE_SUPERVISOR,
        .check_sql = "SELECT 1 FROM requests WHERE id = ?1 AND dhs_due IS NOT NULL AND"
                     " dhs_done IS NULL",
        .refusal = "no DHS notification is due (only after an \"unlawfully present\" answer) "
                   "or it is already recorded",
        .update_sql = "UPDATE requests SET dhs_done = ?2, dhs_by = ?3, dhs_method = ?4,"
                      " dhs_note = ?5 WHERE id = ?1",
        .t4 = method,
        .t5 = note,
        .details = details,
    };
    return after_run(st, actor, id, &a, msg, msg_len);
}

int request_detainer_received(struct store *st, const struct auth_actor *actor, int64_t id,
                              kiosk_ms_t received, const char *office, const char *form,
                              bool notify_release, char *msg, size_t msg_len)
{
    if (!office || !office[0] || !text_ok(office, 95))
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID,
                         "name the issuing ICE office (1-95 characters)");
    if (!form || !form[0] || !text_ok(form, 23))
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID,
                         "give the detainer form number, e.g. I-247A (1-23 characters)");
    if (received <= 0 || received > store_now(st))
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID,
                         "the time the detainer was received cannot be in the future");
    char details[64];
    snprintf(details, sizeof details, "detainer received form=%.23s", form);
    struct after_step a = {
        .verb = "detainer",
        .roles = AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR,
        .check_sql = "SELECT 1 FROM detainers WHERE request_id = ?1 AND received IS NULL",
        .refusal = "no detainer is expected (only after a \"detainer_to_follow\" answer) or it "
                   "is already recorded",
        .update_sql = "UPDATE detainers SET received = ?7, recorded_by = ?3,"
                      " issuing_office = ?4, form = ?5, notify_release = ?6 + 0"
                      " WHERE request_id = ?1 AND ?2 IS NOT NULL",
        .t4 = office,
        .t5 = form,
        .t6 = notify_release ? "1" : "0",
        .i7 = received,
        .details = details,
    };
    return after_run(st, actor, id, &a, msg, msg_len);
}

int request_release(struct store *st, const struct auth_actor *actor, int64_t id, const char *note,
                    char *msg, size_t msg_len)
{
    if (!text_ok(note, 255))
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID,
                         "the note is at most 255 printable characters");
    struct after_step a = {
        .verb = "released",
        .roles = AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR,
        .check_sql = "SELECT 1 FROM requests WHERE id = ?1 AND released IS NULL AND state IN"
                     " ('queued','transmitted','acknowledged','needs_info')",
        .refusal = "only a request still waiting for ICE's answer can be marked released, once",
        .update_sql = "UPDATE requests SET released = ?2, released_by = ?3, release_note = ?4"
                      " WHERE id = ?1",
        .t4 = note,
        .details = "released before an answer (policy B.5)",
    };
    return after_run(st, actor, id, &a, msg, msg_len);
}
