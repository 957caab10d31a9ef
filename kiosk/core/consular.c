/* Consular notification records: opened with a foreign national's intake,
 * updated when the person is informed and the consulate notified, and the
 * due list with the 24 h escalation and 72 h overdue clocks. */
#include "core/fact.h"
#include "core/consular.h"
#include "core/audit.h"
#include "core/codes.h"
#include "core/kiosk_err.h"
#include "core/store.h"
#include "core/store_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *consular_status_name(enum consular_status s)
{
    switch (s) {
    case CONSULAR_DONE:
        return "done";
    case CONSULAR_DUE:
        return "due";
    case CONSULAR_ESCALATE:
        return "escalate";
    case CONSULAR_OVERDUE:
        return "overdue";
    }
    return "?";
}

bool consular_code_is_us(const char *code)
{
    if (!code || !code[0])
        return false;
    if (!strcmp(code, "US"))
        return true;
    const struct code_place *p = codes_place_find(code);
    return p && (!strcmp(p->kind, "us_state") || !strcmp(p->kind, "us_territory"));
}

const char *const *consular_methods(void)
{
    static const char *const m[] = {"phone", "fax", "email", "in_person", "other", NULL};
    return m;
}

int consular_open(struct store *st, int64_t intake_id, const char (*nationality)[4], kiosk_ms_t now)
{
    char list[IAQ_NATIONALITY_MAX * 5 + 1] = "", note[96] = "";
    bool foreign = false, mandatory = false;
    for (int i = 0; i < IAQ_NATIONALITY_MAX && nationality[i][0]; i++) {
        size_t l = strlen(list);
        snprintf(list + l, sizeof list - l, "%s%.2s", l ? "," : "", nationality[i]);
        if (consular_code_is_us(nationality[i]))
            continue;
        foreign = true;
        const struct code_consular *c = codes_consular_find(nationality[i]);
        if (c) {
            mandatory = true;
            if (strcmp(c->condition, "mandatory") != 0 && !note[0])
                snprintf(note, sizeof note, "%.20s: %.70s", c->country, c->condition);
        }
    }
    if (!foreign)
        return KIOSK_OK;
    sqlite3_stmt *s;
    int rc = store_prepare(st,
                           "INSERT INTO consular(intake_id, nationality, mandatory, note, opened)"
                           " VALUES (?1, ?2, ?3, ?4, ?5)",
                           &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, intake_id);
    sqlite3_bind_text(s, 2, list, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 3, mandatory);
    store_bind_text(s, 4, note, true);
    sqlite3_bind_int64(s, 5, now);
    rc = store_sqlite_err(sqlite3_step(s));
    sqlite3_finalize(s);
    return rc;
}

#define CONSULAR_COLUMNS                                                                           \
    "c.intake_id, i.booking_number, c.nationality, c.mandatory, c.note, c.opened, c.informed,"     \
    " c.informed_by, c.notified, c.notified_by, c.consulate, c.method"

static void record_read(sqlite3_stmt *s, const struct store_settings *set, kiosk_ms_t now,
                        struct consular_record *r)
{
    memset(r, 0, sizeof *r);
    r->intake_id = sqlite3_column_int64(s, 0);
    store_col_text(s, 1, r->booking_number, sizeof r->booking_number);
    char nat[IAQ_NATIONALITY_MAX * 5 + 1];
    store_col_text(s, 2, nat, sizeof nat);
    int n = 0;
    char *save = NULL;
    for (char *tok = strtok_r(nat, ",", &save); tok && n < IAQ_NATIONALITY_MAX;
         tok = strtok_r(NULL, ",", &save))
        snprintf(r->nationality[n++], 4, "%.2s", tok);
    r->mandatory = sqlite3_column_int(s, 3) != 0;
    store_col_text(s, 4, r->mandatory_note, sizeof r->mandatory_note);
    r->opened = sqlite3_column_int64(s, 5);
    r->informed = sqlite3_column_int64(s, 6);
    store_col_text(s, 7, r->informed_by, sizeof r->informed_by);
    r->notified = sqlite3_column_int64(s, 8);
    store_col_text(s, 9, r->notified_by, sizeof r->notified_by);
    store_col_text(s, 10, r->consulate, sizeof r->consulate);
    store_col_text(s, 11, r->method, sizeof r->method);
    r->status = CONSULAR_DONE;
    if (r->mandatory) {
        r->escalate_at = r->opened + (kiosk_ms_t)set->consular_escalate_hours * KIOSK_MS_PER_HOUR;
        r->overdue_at = r->opened + (kiosk_ms_t)set->consular_overdue_hours * KIOSK_MS_PER_HOUR;
        if (!r->notified)
            r->status = now > r->overdue_at    ? CONSULAR_OVERDUE
                        : now > r->escalate_at ? CONSULAR_ESCALATE
                                               : CONSULAR_DUE;
    }
    if (r->status == CONSULAR_DONE && !r->informed)
        r->status = CONSULAR_DUE;
}

#define CONSULAR_ROLES (AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR | AUTH_ROLE_ADMIN)

int consular_get(struct store *st, const struct auth_actor *actor, int64_t intake_id,
                 struct consular_record *out)
{
    memset(out, 0, sizeof *out);
    int rc = auth_require(st, actor, CONSULAR_ROLES);
    if (rc != KIOSK_OK)
        return rc;
    struct store_settings set;
    if ((rc = store_settings_get(st, &set)) != KIOSK_OK)
        return rc;
    sqlite3_stmt *s;
    if ((rc = store_prepare(st,
                            "SELECT " CONSULAR_COLUMNS " FROM consular c JOIN intakes i ON"
                            " i.id = c.intake_id WHERE c.intake_id = ?1",
                            &s)) != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, intake_id);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        record_read(s, &set, store_now(st), out);
    rc = r == SQLITE_ROW ? KIOSK_OK : r == SQLITE_DONE ? KIOSK_ERR_NOT_FOUND : store_sqlite_err(r);
    sqlite3_finalize(s);
    if (rc == KIOSK_OK) {
        char obj[32];
        snprintf(obj, sizeof obj, "intake:%lld", (long long)intake_id);
        rc = audit_view(st, actor, "consular.view", obj, NULL);
    }
    if (rc != KIOSK_OK)
        memset(out, 0, sizeof *out);
    return rc;
}

/* Updates one record if the column named by check is still NULL. */
static int record_update(struct store *st, const struct auth_actor *actor, int64_t intake_id,
                         const char *sql, const char *a, const char *b, const char *action,
                         const char *already, char *msg, size_t msg_len)
{
    int rc = auth_require(st, actor, AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR);
    if (rc != KIOSK_OK)
        return store_msg(msg, msg_len, rc, "only deputies and supervisors record consular steps");
    if ((rc = store_tx_begin(st)) != KIOSK_OK)
        return rc;
    sqlite3_stmt *s;
    if ((rc = store_prepare(st, sql, &s)) == KIOSK_OK) {
        sqlite3_bind_int64(s, 1, intake_id);
        sqlite3_bind_int64(s, 2, store_now(st));
        sqlite3_bind_text(s, 3, actor->badge[0] ? actor->badge : "local-admin", -1, SQLITE_STATIC);
        store_bind_text(s, 4, a, true);
        store_bind_text(s, 5, b, true);
        rc = store_sqlite_err(sqlite3_step(s));
        sqlite3_finalize(s);
    }
    if (rc == KIOSK_OK && sqlite3_changes(st->db) == 0) {
        sqlite3_stmt *q;
        bool exists = false;
        if (store_prepare(st, "SELECT 1 FROM consular WHERE intake_id = ?1", &q) == KIOSK_OK) {
            sqlite3_bind_int64(q, 1, intake_id);
            exists = sqlite3_step(q) == SQLITE_ROW;
            sqlite3_finalize(q);
        }
        rc = exists ? store_msg(msg, msg_len, KIOSK_ERR_STATE, "%s", already)
                    : store_msg(msg, msg_len, KIOSK_ERR_NOT_FOUND,
                                "intake %lld has no consular record (no foreign nationality)",
                                (long long)intake_id);
    }
    char obj[32];
    snprintf(obj, sizeof obj, "intake:%lld", (long long)intake_id);
    if (rc == KIOSK_OK)
        rc = fact_emit_consular(st, intake_id);
    if (rc == KIOSK_OK)
        rc = audit_append(st, actor, action, obj, "ok", b);
    return store_tx_end(st, rc);
}

int consular_informed(struct store *st, const struct auth_actor *actor, int64_t intake_id,
                      char *msg, size_t msg_len)
{
    return record_update(st, actor, intake_id,
                         "UPDATE consular SET informed = ?2, informed_by = ?3"
                         " WHERE intake_id = ?1 AND informed IS NULL AND ?4 IS NULL",
                         NULL, NULL, "consular.informed",
                         "the person's information was already recorded", msg, msg_len);
}

int consular_notified(struct store *st, const struct auth_actor *actor, int64_t intake_id,
                      const char *consulate, const char *method, char *msg, size_t msg_len)
{
    if (!consulate || !consulate[0] || strlen(consulate) >= 96)
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID,
                         "name the consulate notified (1-95 characters)");
    bool ok = false;
    for (const char *const *m = consular_methods(); method && *m; m++)
        ok |= !strcmp(*m, method);
    if (!ok)
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID,
                         "method must be phone, fax, email, in_person or other");
    return record_update(st, actor, intake_id,
                         "UPDATE consular SET notified = ?2, notified_by = ?3, consulate = ?4,"
                         " method = ?5 WHERE intake_id = ?1 AND notified IS NULL",
                         consulate, method, "consular.notified",
                         "the consulate's notification was already recorded", msg, msg_len);
}

static int by_urgency(const void *a, const void *b)
{
    const struct consular_record *x = a, *y = b;
    if (x->status != y->status)
        return x->status > y->status ? -1 : 1;
    return x->opened < y->opened ? -1 : x->opened > y->opened;
}

/* What due_row_read needs to compute each record's clock. */
struct due_ctx {
    const struct store_settings *set;
    kiosk_ms_t now;
};

/* Keeps the records with something still due. */
static bool due_row_read(sqlite3_stmt *s, void *row, void *ctx)
{
    const struct due_ctx *dc = ctx;
    struct consular_record *rec = row;
    record_read(s, dc->set, dc->now, rec);
    return rec->status != CONSULAR_DONE;
}

int consular_due(struct store *st, const struct auth_actor *actor, struct consular_record **out,
                 size_t *n)
{
    *out = NULL;
    *n = 0;
    int rc = auth_require(st, actor, CONSULAR_ROLES | AUTH_ROLE_AUDITOR);
    if (rc != KIOSK_OK)
        return rc;
    struct store_settings set;
    if ((rc = store_settings_get(st, &set)) != KIOSK_OK)
        return rc;
    sqlite3_stmt *s;
    if ((rc = store_prepare(st,
                            "SELECT " CONSULAR_COLUMNS " FROM consular c JOIN intakes i ON"
                            " i.id = c.intake_id WHERE c.notified IS NULL OR c.informed IS NULL",
                            &s)) != KIOSK_OK)
        return rc;
    struct due_ctx dc = {&set, store_now(st)};
    void *raw;
    size_t cnt;
    if ((rc = store_collect(s, sizeof **out, 16, due_row_read, &dc, &raw, &cnt)) != KIOSK_OK)
        return rc;
    struct consular_record *recs = raw;
    char details[32];
    snprintf(details, sizeof details, "rows=%zu", cnt);
    rc = audit_view(st, actor, "consular.due", "consular", details);
    if (rc != KIOSK_OK) {
        free(recs);
        return rc;
    }
    if (cnt)
        qsort(recs, cnt, sizeof *recs, by_urgency);
    *out = recs;
    *n = cnt;
    return KIOSK_OK;
}
