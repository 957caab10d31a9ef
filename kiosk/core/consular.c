/* Consular notification records: opened with a foreign national's intake,
 * updated when the person is informed and the consulate notified, and the
 * due list with the 24 h escalation and 72 h overdue clocks. */
#include "core/consular.h"
#include "core/audit.h"
#include "core/codes.h"
#include "core/kiosk_err.h"
#include "core/store.h"
#include "core/store_priv.h"

#include <ctype.h>
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

int consular_assess(const char (*nationality)[4], bool lpr, struct consular_assessment *out)
{
    memset(out, 0, sizeof *out);
    bool taiwan = false;
    for (int i = 0; i < IAQ_NATIONALITY_MAX && nationality[i][0]; i++) {
        if (!strcmp(nationality[i], "US"))
            out->us_national = true;
        else if (!consular_code_is_us(nationality[i]))
            out->foreign = true;
        if (!strcmp(nationality[i], "TW"))
            taiwan = true;
    }
    /* A US national (dual nationals included) is not a foreign national for
     * consular notification, even for a mandatory country. */
    if (out->us_national) {
        out->foreign = false;
        snprintf(out->plain_words, sizeof out->plain_words,
                 "A US national (including a dual national) is not covered by consular "
                 "notification; no record is opened.");
        return KIOSK_OK;
    }
    if (!out->foreign)
        return KIOSK_OK;
    size_t l = 0;
#define SAY(...)                                                                                   \
    do {                                                                                           \
        l = strlen(out->plain_words);                                                              \
        snprintf(out->plain_words + l, sizeof out->plain_words - l, __VA_ARGS__);                  \
    } while (0)
    for (int i = 0; i < IAQ_NATIONALITY_MAX && nationality[i][0]; i++) {
        const struct code_consular *c = codes_consular_find(nationality[i]);
        if (!c)
            continue;
        if (!strcmp(c->condition, "mandatory_non_lpr_only")) {
            if (lpr) {
                SAY("%s%s: notification is mandatory only for nationals who are not US lawful "
                    "permanent residents; this person showed a permanent-resident card, so ask "
                    "whether they want their consulate notified.",
                    out->plain_words[0] ? " " : "", c->country);
            } else {
                out->mandatory = true;
                SAY("%s%s: mandatory (the person is not known to be a US lawful permanent "
                    "resident).",
                    out->plain_words[0] ? " " : "", c->country);
            }
        } else if (!strcmp(c->condition, "mandatory_except_roc_taiwan_passport")) {
            if (taiwan) {
                SAY("%s%s: not mandatory for a holder of a Republic of China (Taiwan) passport; "
                    "tell the person without delay that the Taipei Economic and Cultural "
                    "Representative Office (TECRO) can be notified if they ask.",
                    out->plain_words[0] ? " " : "", c->country);
            } else {
                out->mandatory = true;
                SAY("%s%s (including Hong Kong and Macao): mandatory, unless the person holds a "
                    "Republic of China (Taiwan) passport.",
                    out->plain_words[0] ? " " : "", c->country);
            }
        } else if (!strcmp(c->condition,
                           "mandatory_incl_crown_dependencies_and_overseas_territories")) {
            out->mandatory = true;
            SAY("%s%s: mandatory, including Jersey, Guernsey, the Isle of Man and the British "
                "overseas territories.",
                out->plain_words[0] ? " " : "", c->country);
        } else {
            out->mandatory = true;
        }
    }
    if (taiwan && !strstr(out->plain_words, "TECRO"))
        SAY("%sTaiwan: not on the mandatory list; tell the person without delay that TECRO can "
            "be notified if they ask.",
            out->plain_words[0] ? " " : "");
    if (!out->mandatory && !out->plain_words[0])
        SAY("Not a mandatory-notification country: ask whether the person wants their "
            "consulate notified; if they ask, notify without delay.");
#undef SAY
    return KIOSK_OK;
}

int consular_open(struct store *st, int64_t intake_id, const char (*nationality)[4], bool lpr,
                  kiosk_ms_t now)
{
    char list[IAQ_NATIONALITY_MAX * 5 + 1] = "";
    for (int i = 0; i < IAQ_NATIONALITY_MAX && nationality[i][0]; i++) {
        size_t l = strlen(list);
        snprintf(list + l, sizeof list - l, "%s%.2s", l ? "," : "", nationality[i]);
    }
    struct consular_assessment as;
    consular_assess(nationality, lpr, &as);
    if (!as.foreign)
        return KIOSK_OK;
    sqlite3_stmt *s;
    int rc = store_prepare(st,
                           "INSERT INTO consular(intake_id, nationality, mandatory, note, opened,"
                           " plain_words) VALUES (?1, ?2, ?3, ?4, ?5, ?4)",
                           &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, intake_id);
    sqlite3_bind_text(s, 2, list, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 3, as.mandatory);
    store_bind_text(s, 4, as.plain_words, true);
    sqlite3_bind_int64(s, 5, now);
    rc = store_sqlite_err(sqlite3_step(s));
    sqlite3_finalize(s);
    return rc;
}

#define CONSULAR_COLUMNS                                                                           \
    "c.intake_id, i.booking_number, c.nationality, c.mandatory, c.note, c.opened, c.informed,"     \
    " c.informed_by, c.notified, c.notified_by, c.consulate, c.method, c.wish, c.wish_at,"         \
    " c.wish_by"

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
    store_col_text(s, 12, r->wish, sizeof r->wish);
    r->wish_at = sqlite3_column_int64(s, 13);
    store_col_text(s, 14, r->wish_by, sizeof r->wish_by);
    r->status = CONSULAR_DONE;
    /* A non-mandatory national who asks for notification: due without
     * delay, on the same clocks from the request (issue 10). */
    bool requested = !r->mandatory && !strcmp(r->wish, "requested");
    if (r->mandatory || requested) {
        kiosk_ms_t from = requested ? r->wish_at : r->opened;
        r->escalate_at = from + (kiosk_ms_t)set->consular_escalate_hours * KIOSK_MS_PER_HOUR;
        r->overdue_at = from + (kiosk_ms_t)set->consular_overdue_hours * KIOSK_MS_PER_HOUR;
        if (!r->notified)
            r->status = now > r->overdue_at    ? CONSULAR_OVERDUE
                        : now > r->escalate_at ? CONSULAR_ESCALATE
                                               : CONSULAR_DUE;
    }
    if (r->status == CONSULAR_DONE && !r->informed)
        r->status = CONSULAR_DUE;
    /* not mandatory: the person's wish must be asked */
    if (r->status == CONSULAR_DONE && !r->mandatory && !r->wish[0])
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
                            " i.id = c.intake_id WHERE c.informed IS NULL OR (c.notified IS NULL"
                            " AND (c.mandatory = 1 OR c.wish IS NULL OR c.wish = 'requested'))",
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

int consular_wish(struct store *st, const struct auth_actor *actor, int64_t intake_id,
                  const char *wish, char *msg, size_t msg_len)
{
    if (!wish || (strcmp(wish, "requested") != 0 && strcmp(wish, "declined") != 0))
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID, "the answer is requested or declined");
    sqlite3_stmt *q;
    int rc = store_prepare(st, "SELECT mandatory, wish FROM consular WHERE intake_id = ?1", &q);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(q, 1, intake_id);
    int r = sqlite3_step(q);
    bool mandatory = r == SQLITE_ROW && sqlite3_column_int(q, 0);
    bool already = r == SQLITE_ROW && sqlite3_column_type(q, 1) != SQLITE_NULL;
    sqlite3_finalize(q);
    if (r == SQLITE_ROW && mandatory)
        return store_msg(msg, msg_len, KIOSK_ERR_STATE,
                         "notification is mandatory for this nationality whatever the person "
                         "wishes; record the notification instead");
    if (r == SQLITE_ROW && already)
        return store_msg(msg, msg_len, KIOSK_ERR_STATE, "the person's answer is already recorded");
    return record_update(st, actor, intake_id,
                         "UPDATE consular SET wish_at = ?2, wish_by = ?3, wish = ?4"
                         " WHERE intake_id = ?1 AND wish IS NULL AND mandatory = 0 AND"
                         " ?5 IS NULL",
                         wish, NULL, "consular.wish", "the person's answer is already recorded",
                         msg, msg_len);
}

int consular_nationality_later(struct store *st, const struct auth_actor *actor, int64_t intake_id,
                               const char (*nationality)[4], bool *opened, char *msg,
                               size_t msg_len)
{
    if (opened)
        *opened = false;
    int rc = auth_require(st, actor, AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR);
    if (rc != KIOSK_OK)
        return store_msg(msg, msg_len, rc, "only deputies and supervisors record nationality");
    char list[IAQ_NATIONALITY_MAX * 5 + 1] = "";
    for (int i = 0; i < IAQ_NATIONALITY_MAX && nationality[i][0]; i++) {
        const struct code_place *p = codes_place_find(nationality[i]);
        if (strlen(nationality[i]) != 2 || !p ||
            (strcmp(p->kind, "country") != 0 && strcmp(nationality[i], "US") != 0))
            return store_msg(msg, msg_len, KIOSK_ERR_INVALID,
                             "'%.3s' is not an NCIC country code (US for a US citizen)",
                             nationality[i]);
        for (int j = 0; j < i; j++)
            if (!strcmp(nationality[i], nationality[j]))
                return store_msg(msg, msg_len, KIOSK_ERR_INVALID, "'%s' is listed twice",
                                 nationality[i]);
        size_t l = strlen(list);
        snprintf(list + l, sizeof list - l, "%s%.2s", l ? "," : "", nationality[i]);
    }
    if (!list[0])
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID, "give at least one nationality");
    if ((rc = store_tx_begin(st)) != KIOSK_OK)
        return rc;
    sqlite3_stmt *s;
    bool exists = false, has_record = false, lpr = false;
    if ((rc = store_prepare(st,
                            "SELECT (SELECT 1 FROM consular c WHERE c.intake_id = i.id),"
                            " (SELECT 1 FROM id_documents d WHERE d.intake_id = i.id AND"
                            "  d.kind = 'permanent_resident_card')"
                            " FROM intakes i WHERE i.id = ?1 AND i.purged = 0",
                            &s)) == KIOSK_OK) {
        sqlite3_bind_int64(s, 1, intake_id);
        exists = sqlite3_step(s) == SQLITE_ROW;
        has_record = exists && sqlite3_column_int(s, 0);
        lpr = exists && sqlite3_column_int(s, 1);
        sqlite3_finalize(s);
    }
    if (rc == KIOSK_OK && !exists)
        rc = store_msg(msg, msg_len, KIOSK_ERR_NOT_FOUND, "no intake %lld", (long long)intake_id);
    else if (rc == KIOSK_OK && has_record)
        rc = store_msg(msg, msg_len, KIOSK_ERR_STATE, "intake %lld already has a consular record",
                       (long long)intake_id);
    if (rc == KIOSK_OK &&
        (rc = store_prepare(st,
                            "UPDATE intakes SET nationality = ?2, nationality_answer = 'given'"
                            " WHERE id = ?1",
                            &s)) == KIOSK_OK) {
        sqlite3_bind_int64(s, 1, intake_id);
        sqlite3_bind_text(s, 2, list, -1, SQLITE_STATIC);
        rc = store_sqlite_err(sqlite3_step(s));
        sqlite3_finalize(s);
    }
    if (rc == KIOSK_OK)
        rc = consular_open(st, intake_id, nationality, lpr, store_now(st));
    bool made = false;
    if (rc == KIOSK_OK &&
        store_prepare(st, "SELECT 1 FROM consular WHERE intake_id = ?1", &s) == KIOSK_OK) {
        sqlite3_bind_int64(s, 1, intake_id);
        made = sqlite3_step(s) == SQLITE_ROW;
        sqlite3_finalize(s);
    }
    char obj[32], details[64];
    snprintf(obj, sizeof obj, "intake:%lld", (long long)intake_id);
    snprintf(details, sizeof details, "nationality=%s consular=%s", list, made ? "opened" : "none");
    if (rc == KIOSK_OK)
        rc = audit_append(st, actor, "intake.nationality", obj, "ok", details);
    rc = store_tx_end(st, rc);
    if (rc == KIOSK_OK && opened)
        *opened = made;
    return rc;
}

bool consular_country_in_text(const char *text, char code[4], const char **name)
{
    code[0] = '\0';
    if (!text)
        return false;
    size_t tl = strlen(text);
    char *up = malloc(tl + 1);
    if (!up)
        return false;
    for (size_t i = 0; i <= tl; i++)
        up[i] = (char)toupper((unsigned char)text[i]);
    size_t best = 0;
    for (size_t i = 0; i < codes_place_count; i++) {
        const struct code_place *p = &codes_place[i];
        if (strcmp(p->kind, "country") != 0)
            continue;
        char base[96];
        snprintf(base, sizeof base, "%s", p->name);
        base[strcspn(base, "(,")] = '\0';
        char *dash = strstr(base, " - "); /* "CHINA - PEOPLE'S REPUBLIC OF CHINA" */
        if (dash)
            *dash = '\0';
        size_t n = strlen(base);
        while (n > 0 && base[n - 1] == ' ')
            base[--n] = '\0';
        if (n < 4 || n <= best)
            continue;
        for (const char *hit = strstr(up, base); hit; hit = strstr(hit + 1, base)) {
            bool before = hit == up || !isalpha((unsigned char)hit[-1]);
            bool after = !isalpha((unsigned char)hit[n]);
            if (before && after) {
                best = n;
                snprintf(code, 4, "%s", p->code);
                if (name)
                    *name = p->name;
                break;
            }
        }
    }
    free(up);
    return best > 0;
}
