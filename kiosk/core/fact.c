/* The replicated fact log (issue 14): emitting facts from the core's write
 * paths, applying other stations' facts by the same rules, deriving the
 * state deterministically (fact order = at, station, seq), the conflict
 * items, and the digest of the replicated state. See kiosk/sync/DESIGN.md. */
#include "core/fact.h"
#include "core/audit.h"
#include "core/kiosk_err.h"
#include "core/rowmac.h"
#include "core/store_priv.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fact_finish(struct fact *f)
{
    if (!f)
        return;
    free(f->payload);
    f->payload = NULL;
}

bool fact_station_name_valid(const char *name)
{
    size_t n = 0;
    for (; name && name[n]; n++)
        if (!((name[n] >= 'A' && name[n] <= 'Z') || (name[n] >= 'a' && name[n] <= 'z') ||
              (name[n] >= '0' && name[n] <= '9')))
            return false;
    return n >= 1 && n < FACT_STATION_MAX;
}

int fact_canonical(const struct fact *f, char *out, size_t len)
{
    unsigned char h[FACT_HASH_LEN];
    char hex[2 * FACT_HASH_LEN + 1];
    const char *p = f->payload ? f->payload : "";
    crypto_hash_sha256(h, (const unsigned char *)p, strlen(p));
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    int n = snprintf(out, len, "kiosk-fact/1\n%s\n%lld\n%lld\n%s\n%s\n%s\n", f->station,
                     (long long)f->seq, (long long)f->at, f->kind, f->subject, hex);
    return n < 0 || (size_t)n >= len ? KIOSK_ERR_FULL : n;
}

int fact_self(struct store *st, char *name, size_t name_len, char *url, size_t url_len,
              unsigned char pubkey[32])
{
    sqlite3_stmt *s;
    int rc = store_prepare(st, "SELECT name, hub_url, pubkey FROM sync_self WHERE id = 1", &s);
    if (rc != KIOSK_OK)
        return rc;
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        if (name)
            store_col_text(s, 0, name, name_len);
        if (url)
            store_col_text(s, 1, url, url_len);
        if (pubkey && sqlite3_column_bytes(s, 2) == 32)
            memcpy(pubkey, sqlite3_column_blob(s, 2), 32);
        rc = KIOSK_OK;
    } else {
        rc = r == SQLITE_DONE ? KIOSK_ERR_NOT_FOUND : store_sqlite_err(r);
    }
    sqlite3_finalize(s);
    return rc;
}

int fact_max_seq(struct store *st, const char *station, int64_t *seq)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st, "SELECT COALESCE(max(seq), 0) FROM facts WHERE station = ?1", &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_text(s, 1, station, -1, SQLITE_STATIC);
    int r = sqlite3_step(s);
    *seq = r == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    return r == SQLITE_ROW ? KIOSK_OK : store_sqlite_err(r);
}

/* Stores one fact row (own: sig NULL until pushed). */
static int fact_insert(struct store *st, const struct fact *f, bool pushed)
{
    sqlite3_stmt *s;
    int rc =
        store_prepare(st,
                      "INSERT INTO facts(station, seq, at, kind, subject, payload, sig, pushed)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                      &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_text(s, 1, f->station, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, f->seq);
    sqlite3_bind_int64(s, 3, f->at);
    sqlite3_bind_text(s, 4, f->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, f->subject, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, f->payload, -1, SQLITE_STATIC);
    if (f->has_sig)
        sqlite3_bind_blob(s, 7, f->sig, FACT_SIG_LEN, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, 7);
    sqlite3_bind_int(s, 8, pushed ? 1 : 0);
    rc = store_sqlite_err(sqlite3_step(s));
    sqlite3_finalize(s);
    return rc;
}

int fact_emit(struct store *st, const char *kind, const char *subject, kiosk_ms_t at,
              json_t *payload)
{
    struct fact f = {0};
    int rc = fact_self(st, f.station, sizeof f.station, NULL, 0, NULL);
    if (rc == KIOSK_ERR_NOT_FOUND) {
        json_decref(payload);
        return KIOSK_OK; /* a station without a hub works exactly as before */
    }
    if (rc != KIOSK_OK || !payload) {
        json_decref(payload);
        return rc != KIOSK_OK ? rc : KIOSK_ERR_NOMEM;
    }
    if ((rc = fact_max_seq(st, f.station, &f.seq)) != KIOSK_OK) {
        json_decref(payload);
        return rc;
    }
    f.seq++;
    f.at = at;
    snprintf(f.kind, sizeof f.kind, "%s", kind);
    snprintf(f.subject, sizeof f.subject, "%s", subject);
    f.payload = json_dumps(payload, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
    json_decref(payload);
    if (!f.payload)
        return KIOSK_ERR_NOMEM;
    rc = fact_insert(st, &f, false);
    fact_finish(&f);
    return rc;
}

/* ---- rows as JSON and back ---- */

/* The current row of s as a JSON object, leaving out the named columns.
 * BLOB columns become lower-case hex text. */
static json_t *row_json(sqlite3_stmt *s, const char *const *skip)
{
    json_t *o = json_object();
    for (int i = 0; o && i < sqlite3_column_count(s); i++) {
        const char *name = sqlite3_column_name(s, i);
        bool skipped = false;
        for (const char *const *k = skip; k && *k; k++)
            skipped = skipped || !strcmp(*k, name);
        if (skipped)
            continue;
        json_t *v = NULL;
        switch (sqlite3_column_type(s, i)) {
        case SQLITE_INTEGER:
            v = json_integer(sqlite3_column_int64(s, i));
            break;
        case SQLITE_TEXT:
            v = json_string((const char *)sqlite3_column_text(s, i));
            break;
        case SQLITE_BLOB: {
            int n = sqlite3_column_bytes(s, i);
            char *hex = malloc((size_t)n * 2 + 1);
            if (hex) {
                sodium_bin2hex(hex, (size_t)n * 2 + 1, sqlite3_column_blob(s, i), (size_t)n);
                v = json_string(hex);
                free(hex);
            }
            break;
        }
        default:
            v = json_null();
            break;
        }
        if (!v || json_object_set_new(o, name, v) != 0) {
            json_decref(o);
            return NULL;
        }
    }
    return o;
}

/* One row of table selected by "<col> = id" as JSON (NULL object when no
 * row: json_null()). */
static int table_row_json(struct store *st, const char *sql, int64_t id, const char *const *skip,
                          json_t **out)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st, sql, &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        *out = row_json(s, skip);
    else if (r == SQLITE_DONE)
        *out = json_null();
    else
        rc = store_sqlite_err(r);
    sqlite3_finalize(s);
    if (rc == KIOSK_OK && !*out)
        rc = KIOSK_ERR_NOMEM;
    return rc;
}

/* The declared type of table.col ("" when no such column): only columns
 * the table really has may come from a fact (the keys are names we put
 * into SQL). */
static int column_type(struct store *st, const char *table, const char *col, char *type, size_t len)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st, "SELECT type FROM pragma_table_info(?1) WHERE name = ?2", &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, col, -1, SQLITE_STATIC);
    type[0] = '\0';
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        store_col_text(s, 0, type, len);
    else if (r != SQLITE_DONE)
        rc = store_sqlite_err(r);
    sqlite3_finalize(s);
    return rc;
}

static int bind_json(sqlite3_stmt *s, int idx, json_t *v, bool blob)
{
    if (json_is_integer(v))
        return sqlite3_bind_int64(s, idx, json_integer_value(v));
    if (json_is_boolean(v))
        return sqlite3_bind_int(s, idx, json_is_true(v));
    if (json_is_string(v) && blob) {
        const char *hex = json_string_value(v);
        size_t n = strlen(hex) / 2, got = 0;
        unsigned char *b = malloc(n + 1);
        if (!b)
            return SQLITE_NOMEM;
        if (sodium_hex2bin(b, n + 1, hex, strlen(hex), NULL, &got, NULL) != 0) {
            free(b);
            return SQLITE_MISMATCH;
        }
        return sqlite3_bind_blob(s, idx, b, (int)got, free);
    }
    if (json_is_string(v))
        return sqlite3_bind_text(s, idx, json_string_value(v), -1, SQLITE_TRANSIENT);
    return sqlite3_bind_null(s, idx);
}

/* INSERT (update false) or UPDATE ... WHERE key_col = key_val (update true)
 * of table from a JSON object, plus one fixed integer column (key_col =
 * key_val; skipped when key_col is NULL). Every key must be a column. */
static int row_write(struct store *st, const char *table, json_t *o, const char *key_col,
                     int64_t key_val, bool update)
{
    if (!json_is_object(o))
        return KIOSK_ERR_INVALID;
    char sql[4096], vals[1024];
    size_t n = 0, v = 0;
    int cnt = 0, rc = KIOSK_OK;
    const char *k;
    json_t *val;
    bool blob[64] = {0};
    if (update)
        n = (size_t)snprintf(sql, sizeof sql, "UPDATE %s SET ", table);
    else
        n = (size_t)snprintf(sql, sizeof sql, "INSERT INTO %s(", table);
    vals[0] = '\0';
    json_object_foreach(o, k, val)
    {
        char type[32];
        if ((rc = column_type(st, table, k, type, sizeof type)) != KIOSK_OK)
            return rc;
        if (!type[0] || cnt >= 63 || (key_col && !strcmp(k, key_col)))
            return KIOSK_ERR_INVALID;
        blob[cnt] = !strcmp(type, "BLOB");
        cnt++;
        if (update)
            n += (size_t)snprintf(sql + n, sizeof sql - n, "%s\"%s\" = ?%d", cnt > 1 ? ", " : "", k,
                                  cnt);
        else {
            n += (size_t)snprintf(sql + n, sizeof sql - n, "%s\"%s\"", cnt > 1 ? ", " : "", k);
            v += (size_t)snprintf(vals + v, sizeof vals - v, "%s?%d", cnt > 1 ? ", " : "", cnt);
        }
        if (n >= sizeof sql || v >= sizeof vals)
            return KIOSK_ERR_FULL;
    }
    if (update)
        n += (size_t)snprintf(sql + n, sizeof sql - n, " WHERE %s = ?%d", key_col, cnt + 1);
    else if (key_col)
        n += (size_t)snprintf(sql + n, sizeof sql - n, "%s%s) VALUES (%s%s?%d)", cnt ? ", " : "",
                              key_col, vals, cnt ? ", " : "", cnt + 1);
    else
        n += (size_t)snprintf(sql + n, sizeof sql - n, ") VALUES (%s)", vals);
    if (n >= sizeof sql || cnt == 0)
        return KIOSK_ERR_FULL;
    sqlite3_stmt *s;
    if ((rc = store_prepare(st, sql, &s)) != KIOSK_OK)
        return rc;
    int i = 0;
    json_object_foreach(o, k, val)
    {
        if (bind_json(s, i + 1, val, blob[i]) != SQLITE_OK)
            rc = KIOSK_ERR_INVALID;
        i++;
    }
    if (key_col)
        sqlite3_bind_int64(s, cnt + 1, key_val);
    if (rc == KIOSK_OK)
        rc = store_sqlite_err(sqlite3_step(s));
    sqlite3_finalize(s);
    return rc;
}

/* The request columns the transition table (request.c) drives; a replay
 * resets them to the recorded request and folds the transitions. */
static const char *const request_driven[] = {"state",
                                             "fields",
                                             "ncic_name",
                                             "offense",
                                             "mules_ref",
                                             "disposition",
                                             "response_text",
                                             "needs_info_text",
                                             "cancel_reason",
                                             "queued",
                                             "transmitted",
                                             "acknowledged",
                                             "responded",
                                             "closed",
                                             "cancelled",
                                             "updated",
                                             "ended",
                                             "first_transmitted",
                                             NULL};

static bool request_col_driven(const char *col)
{
    for (const char *const *k = request_driven; *k; k++)
        if (!strcmp(*k, col))
            return true;
    return false;
}

/* ---- emitters ---- */

int fact_emit_user(struct store *st, int64_t user_id)
{
    char self[FACT_STATION_MAX];
    if (fact_self(st, self, sizeof self, NULL, 0, NULL) != KIOSK_OK)
        return KIOSK_OK;
    static const char *const skip[] = {"id", "mac", "last_sign_in", NULL};
    json_t *row = NULL;
    int rc = table_row_json(st,
                            "SELECT badge, name, role, pin_hash, disabled, locked_at, created"
                            " FROM users WHERE id = ?1",
                            user_id, skip, &row);
    if (rc != KIOSK_OK)
        return rc;
    if (!json_is_object(row)) {
        json_decref(row);
        return KIOSK_ERR_NOT_FOUND;
    }
    char badge[64];
    snprintf(badge, sizeof badge, "%s", json_string_value(json_object_get(row, "badge")));
    return fact_emit(st, "user.set", badge, store_audit_now(st), row);
}

int fact_gid_of_intake(struct store *st, int64_t intake_id, char *buf, size_t len)
{
    sqlite3_stmt *s;
    buf[0] = '\0';
    int rc = store_prepare(st, "SELECT gid FROM intakes WHERE id = ?1", &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, intake_id);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        store_col_text(s, 0, buf, len);
    else
        rc = r == SQLITE_DONE ? KIOSK_ERR_NOT_FOUND : store_sqlite_err(r);
    sqlite3_finalize(s);
    return rc;
}

int fact_emit_intake(struct store *st, int64_t intake_id)
{
    char self[FACT_STATION_MAX], gid[FACT_SUBJECT_MAX];
    if (fact_self(st, self, sizeof self, NULL, 0, NULL) != KIOSK_OK)
        return KIOSK_OK;
    snprintf(gid, sizeof gid, "%s-%lld", self, (long long)intake_id);
    sqlite3_stmt *s;
    int rc = store_prepare(st, "UPDATE intakes SET gid = ?2 WHERE id = ?1", &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, intake_id);
    sqlite3_bind_text(s, 2, gid, -1, SQLITE_STATIC);
    rc = store_sqlite_err(sqlite3_step(s));
    sqlite3_finalize(s);
    /* local row references stay local */
    static const char *const skip_intake[] = {"id",  "deputy_id",     "mac",
                                              "gid", "superseded_by", NULL};
    static const char *const skip_doc[] = {"intake_id", NULL};
    static const char *const skip_req[] = {"id", "intake_id", "mac", NULL};
    static const char *const skip_ev[] = {"id", "request_id", NULL};
    json_t *p = json_object(), *v = NULL;
    if (!p)
        return KIOSK_ERR_NOMEM;
    if (rc == KIOSK_OK && (rc = table_row_json(st, "SELECT * FROM intakes WHERE id = ?1", intake_id,
                                               skip_intake, &v)) == KIOSK_OK)
        json_object_set_new(p, "intake", v);
    if (rc == KIOSK_OK &&
        (rc = table_row_json(st, "SELECT * FROM id_documents WHERE intake_id = ?1", intake_id,
                             skip_doc, &v)) == KIOSK_OK)
        json_object_set_new(p, "id_document", v);
    if (rc == KIOSK_OK && (rc = table_row_json(st, "SELECT * FROM requests WHERE intake_id = ?1",
                                               intake_id, skip_req, &v)) == KIOSK_OK)
        json_object_set_new(p, "request", v);
    if (rc == KIOSK_OK && (rc = table_row_json(st, "SELECT * FROM consular WHERE intake_id = ?1",
                                               intake_id, skip_doc, &v)) == KIOSK_OK)
        json_object_set_new(p, "consular", v);
    json_t *events = json_array();
    if (rc == KIOSK_OK &&
        (rc = store_prepare(st,
                            "SELECT e.* FROM request_events e JOIN requests r"
                            " ON r.id = e.request_id WHERE r.intake_id = ?1 ORDER BY e.id",
                            &s)) == KIOSK_OK) {
        sqlite3_bind_int64(s, 1, intake_id);
        int r;
        while ((r = sqlite3_step(s)) == SQLITE_ROW)
            json_array_append_new(events, row_json(s, skip_ev));
        if (r != SQLITE_DONE)
            rc = store_sqlite_err(r);
        sqlite3_finalize(s);
    }
    json_object_set_new(p, "events", events);
    json_t *created = json_object_get(json_object_get(p, "intake"), "created");
    kiosk_ms_t at = json_is_integer(created) ? json_integer_value(created) : store_now(st);
    if (rc != KIOSK_OK) {
        json_decref(p);
        return rc;
    }
    return fact_emit(st, "intake.recorded", gid, at, p);
}

static int request_replay(struct store *st, const char *gid);

/* The gid of request_id's intake into gid (len bytes); "" when this station
 * has not joined a hub or the request's intake has no gid. */
static int request_gid(struct store *st, int64_t request_id, char *gid, size_t len)
{
    char self[FACT_STATION_MAX];
    gid[0] = '\0';
    if (fact_self(st, self, sizeof self, NULL, 0, NULL) != KIOSK_OK)
        return KIOSK_OK;
    sqlite3_stmt *s;
    int rc = store_prepare(
        st, "SELECT i.gid FROM requests r JOIN intakes i ON i.id = r.intake_id WHERE r.id = ?1",
        &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, request_id);
    if (sqlite3_step(s) == SQLITE_ROW)
        store_col_text(s, 0, gid, len);
    sqlite3_finalize(s);
    return KIOSK_OK;
}

int fact_emit_request(struct store *st, int64_t request_id, const char *verb, const char *from,
                      const char *to, kiosk_ms_t at, const char *actor_badge, const char *a,
                      const char *b, const char *c, const char *details)
{
    char gid[FACT_SUBJECT_MAX];
    int rc = request_gid(st, request_id, gid, sizeof gid);
    if (rc != KIOSK_OK)
        return rc;
    if (!gid[0])
        return KIOSK_OK; /* an intake from before the station joined stays local */
    json_t *p =
        json_pack("{s:s, s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s?}", "verb", verb, "from", from, "to",
                  to, "actor", actor_badge, "a", a, "b", b, "c", c, "details", details);
    char kind[FACT_KIND_MAX];
    snprintf(kind, sizeof kind, "request.%s", verb);
    if ((rc = fact_emit(st, kind, gid, at, p)) != KIOSK_OK)
        return rc;
    /* Derive the request from its facts, as every other station will (the
     * event rows then carry the fact's time exactly, and a fact of another
     * station ordered after this one, its clock ahead, stays after it). */
    return request_replay(st, gid);
}

int fact_emit_request_step(struct store *st, int64_t request_id, const char *verb,
                           const char *state, kiosk_ms_t at, const char *actor_badge,
                           const char *details, bool event)
{
    char gid[FACT_SUBJECT_MAX];
    int rc = request_gid(st, request_id, gid, sizeof gid);
    if (rc != KIOSK_OK)
        return rc;
    if (!gid[0])
        return KIOSK_OK;
    /* what the step set: the request's other columns that hold a value,
     * and the detainer record */
    static const char *const skip[] = {"id", "intake_id", "mac", NULL};
    json_t *row = NULL, *det = NULL, *cols = json_object();
    if ((rc = table_row_json(st, "SELECT * FROM requests WHERE id = ?1", request_id, skip, &row)) ==
        KIOSK_OK) {
        const char *k;
        json_t *v;
        json_object_foreach(row, k, v)
        {
            if (!request_col_driven(k) && !json_is_null(v))
                json_object_set(cols, k, v);
        }
    }
    static const char *const skip_det[] = {"request_id", NULL};
    bool has_detainers = false;
    if (rc == KIOSK_OK) {
        char type[32];
        rc = column_type(st, "detainers", "opened", type, sizeof type);
        has_detainers = type[0] != '\0';
    }
    if (rc == KIOSK_OK && has_detainers)
        rc = table_row_json(st, "SELECT * FROM detainers WHERE request_id = ?1", request_id,
                            skip_det, &det);
    json_decref(row);
    if (rc != KIOSK_OK) {
        json_decref(cols);
        json_decref(det);
        return rc;
    }
    json_t *p = json_pack("{s:s, s:s?, s:s, s:s?, s:b, s:o, s:o}", "verb", verb, "state", state,
                          "actor", actor_badge, "details", details, "event", event, "cols", cols,
                          "detainer", det ? det : json_null());
    char kind[FACT_KIND_MAX];
    snprintf(kind, sizeof kind, "step.%s", verb);
    if ((rc = fact_emit(st, kind, gid, at, p)) != KIOSK_OK)
        return rc;
    return request_replay(st, gid);
}

int fact_emit_consular(struct store *st, int64_t intake_id)
{
    return fact_emit_consular_opened(st, intake_id, false);
}

int fact_emit_consular_opened(struct store *st, int64_t intake_id, bool with_nationality)
{
    char self[FACT_STATION_MAX], gid[FACT_SUBJECT_MAX];
    if (fact_self(st, self, sizeof self, NULL, 0, NULL) != KIOSK_OK)
        return KIOSK_OK;
    if (fact_gid_of_intake(st, intake_id, gid, sizeof gid) != KIOSK_OK || !gid[0])
        return KIOSK_OK;
    static const char *const skip[] = {"intake_id", NULL};
    json_t *row = NULL;
    int rc =
        table_row_json(st, "SELECT * FROM consular WHERE intake_id = ?1", intake_id, skip, &row);
    if (rc != KIOSK_OK)
        return rc;
    json_t *nat = NULL;
    if (rc == KIOSK_OK && with_nationality) {
        static const char *const keep[] = {"id", "deputy_id", "mac", "gid", "superseded_by", NULL};
        json_t *in = NULL;
        if ((rc = table_row_json(
                 st, "SELECT nationality, nationality_answer FROM intakes WHERE id = ?1", intake_id,
                 keep, &in)) == KIOSK_OK)
            nat = in;
    }
    if (rc != KIOSK_OK) {
        json_decref(row);
        return rc;
    }
    if (!json_is_object(row)) { /* no consular record (no foreign nationality) */
        json_decref(row);
        row = json_object();
    }
    if (nat)
        json_object_set_new(row, "intake_nationality", nat);
    return fact_emit(st, "consular.set", gid, store_now(st), row);
}

static bool setting_replicated(const char *key)
{
    if (!strcmp(key, "kiosk_id")) /* each station's own name in its audit */
        return false;
    for (const char *const *n = store_setting_names(); *n; n++)
        if (!strcmp(*n, key))
            return true;
    return false;
}

int fact_emit_setting(struct store *st, const char *key, const char *value)
{
    if (!setting_replicated(key))
        return KIOSK_OK;
    return fact_emit(st, "setting.set", key, store_audit_now(st),
                     json_pack("{s:s, s:s}", "key", key, "value", value));
}

int fact_emit_audit(struct store *st, json_t *row)
{
    json_t *seq = json_object_get(row, "seq"), *at = json_object_get(row, "at");
    if (!json_is_integer(seq) || !json_is_integer(at)) {
        json_decref(row);
        return KIOSK_ERR_INTERNAL;
    }
    char subject[32];
    snprintf(subject, sizeof subject, "%lld", (long long)json_integer_value(seq));
    return fact_emit(st, "audit.row", subject, json_integer_value(at), row);
}

int fact_join(struct store *st, const char *name, const char *url, const unsigned char pubkey[32],
              char *msg, size_t msg_len)
{
    if (!fact_station_name_valid(name))
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID,
                         "the station name must be 1-15 letters or digits");
    int rc = store_tx_begin(st);
    if (rc != KIOSK_OK)
        return store_msg(msg, msg_len, rc, "the database is busy; try again");
    char old[FACT_STATION_MAX];
    int have = fact_self(st, old, sizeof old, NULL, 0, NULL);
    sqlite3_stmt *s;
    if (have == KIOSK_OK && strcmp(old, name)) {
        rc = store_msg(msg, msg_len, KIOSK_ERR_STATE, "this database already joined as station %s",
                       old);
    } else if (have != KIOSK_OK && have != KIOSK_ERR_NOT_FOUND) {
        rc = have;
    } else if ((rc = store_prepare(st,
                                   "INSERT INTO sync_self(id, name, hub_url, joined, pubkey)"
                                   " VALUES (1, ?1, ?2, ?3, ?4) ON CONFLICT(id) DO UPDATE"
                                   " SET hub_url = excluded.hub_url",
                                   &s)) == KIOSK_OK) {
        sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, url, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 3, store_audit_now(st));
        sqlite3_bind_blob(s, 4, pubkey, 32, SQLITE_STATIC);
        rc = store_sqlite_err(sqlite3_step(s));
        sqlite3_finalize(s);
    }
    /* First join: the users and settings made before it become facts. */
    if (rc == KIOSK_OK && have == KIOSK_ERR_NOT_FOUND &&
        (rc = store_prepare(st, "SELECT id FROM users ORDER BY id", &s)) == KIOSK_OK) {
        int64_t ids[4096];
        size_t n = 0;
        while (n < 4096 && sqlite3_step(s) == SQLITE_ROW)
            ids[n++] = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
        for (size_t i = 0; rc == KIOSK_OK && i < n; i++)
            rc = fact_emit_user(st, ids[i]);
        for (const char *const *k = store_setting_names(); rc == KIOSK_OK && *k; k++) {
            char v[256];
            int g = store_setting_raw_get(st, *k, v, sizeof v);
            if (g == KIOSK_OK)
                rc = fact_emit_setting(st, *k, v);
            else if (g != KIOSK_ERR_NOT_FOUND)
                rc = g;
        }
    }
    return store_tx_end(st, rc);
}

/* ---- push bookkeeping ---- */

static bool fact_row_read(sqlite3_stmt *s, void *row, void *ctx)
{
    (void)ctx;
    struct fact *f = row;
    store_col_text(s, 0, f->station, sizeof f->station);
    f->seq = sqlite3_column_int64(s, 1);
    f->at = sqlite3_column_int64(s, 2);
    store_col_text(s, 3, f->kind, sizeof f->kind);
    store_col_text(s, 4, f->subject, sizeof f->subject);
    const char *p = (const char *)sqlite3_column_text(s, 5);
    f->payload = strdup(p ? p : "");
    if (sqlite3_column_bytes(s, 6) == FACT_SIG_LEN) {
        memcpy(f->sig, sqlite3_column_blob(s, 6), FACT_SIG_LEN);
        f->has_sig = true;
    }
    return f->payload != NULL;
}

int fact_unpushed(struct store *st, size_t max, struct fact **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    char self[FACT_STATION_MAX];
    int rc = fact_self(st, self, sizeof self, NULL, 0, NULL);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_stmt *s;
    if ((rc = store_prepare(st,
                            "SELECT station, seq, at, kind, subject, payload, sig FROM facts"
                            " WHERE station = ?1 AND pushed = 0 ORDER BY seq LIMIT ?2",
                            &s)) != KIOSK_OK)
        return rc;
    sqlite3_bind_text(s, 1, self, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)max);
    return store_collect(s, sizeof(struct fact), 64, fact_row_read, NULL, (void **)out, n);
}

int fact_mark_pushed(struct store *st, const struct fact *f)
{
    sqlite3_stmt *s;
    int rc = store_prepare(
        st, "UPDATE facts SET pushed = 1, sig = ?3 WHERE station = ?1 AND seq = ?2", &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_text(s, 1, f->station, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, f->seq);
    sqlite3_bind_blob(s, 3, f->sig, FACT_SIG_LEN, SQLITE_STATIC);
    rc = store_sqlite_err(sqlite3_step(s));
    sqlite3_finalize(s);
    return rc;
}

/* ---- apply ---- */

/* True when another fact of kind about subject orders after f. */
static int newer_exists(struct store *st, const struct fact *f, bool *newer)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st,
                           "SELECT 1 FROM facts WHERE kind = ?1 AND subject = ?2 AND"
                           " (at, station, seq) > (?3, ?4, ?5) LIMIT 1",
                           &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_text(s, 1, f->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, f->subject, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, f->at);
    sqlite3_bind_text(s, 4, f->station, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 5, f->seq);
    int r = sqlite3_step(s);
    *newer = r == SQLITE_ROW;
    sqlite3_finalize(s);
    return r == SQLITE_ROW || r == SQLITE_DONE ? KIOSK_OK : store_sqlite_err(r);
}

static int id_by(struct store *st, const char *sql, const char *key, int64_t *id)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st, sql, &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        *id = sqlite3_column_int64(s, 0);
    else
        rc = r == SQLITE_DONE ? KIOSK_ERR_NOT_FOUND : store_sqlite_err(r);
    sqlite3_finalize(s);
    return rc;
}

static int exec_gid(struct store *st, const char *sql, int64_t id, const char *text);

/* user.set: the newest fact (by fact order) about a badge wins. */
static int apply_user(struct store *st, const struct fact *f, json_t *p, char *msg, size_t len)
{
    bool newer;
    int rc = newer_exists(st, f, &newer);
    if (rc != KIOSK_OK || newer)
        return rc;
    const char *badge = json_string_value(json_object_get(p, "badge"));
    if (!badge || strcmp(badge, f->subject))
        return store_msg(msg, len, KIOSK_ERR_INVALID, "user fact %s/%lld names another badge",
                         f->station, (long long)f->seq);
    int64_t id = 0, was_locked = 0;
    rc = id_by(st, "SELECT id FROM users WHERE badge = ?1", badge, &id);
    if (rc == KIOSK_OK)
        rc = id_by(st, "SELECT locked_at IS NOT NULL FROM users WHERE badge = ?1", badge,
                   &was_locked);
    json_t *row = json_deep_copy(p);
    if (rc == KIOSK_OK) {
        json_object_del(row, "badge");
        json_object_del(row, "created");
        rc = row_write(st, "users", row, "id", id, true);
    } else if (rc == KIOSK_ERR_NOT_FOUND) {
        rc = row_write(st, "users", row, NULL, 0, false);
        id = sqlite3_last_insert_rowid(st->db);
    }
    json_decref(row);
    /* An unlock made elsewhere clears this station's failed attempts too,
     * as auth_user_unlock() does locally (else they would lock it again). */
    if (rc == KIOSK_OK && was_locked && json_is_null(json_object_get(p, "locked_at")))
        rc = exec_gid(st, "DELETE FROM sign_in_failures WHERE user_id = ?1", id, NULL);
    return rc == KIOSK_OK ? rowmac_seal(st, ROWMAC_USERS, id) : rc;
}

/* setting.set: the newest fact about a key wins. */
static int apply_setting(struct store *st, const struct fact *f, json_t *p, char *msg, size_t len)
{
    bool newer;
    int rc = newer_exists(st, f, &newer);
    if (rc != KIOSK_OK || newer)
        return rc;
    const char *v = json_string_value(json_object_get(p, "value"));
    if (!v || !setting_replicated(f->subject))
        return store_msg(msg, len, KIOSK_ERR_INVALID, "setting fact %s/%lld is not replicated",
                         f->station, (long long)f->seq);
    return store_setting_raw_set(st, f->subject, v);
}

/* The payload of the intake.recorded fact of gid (malloc'ed JSON). */
static int intake_fact(struct store *st, const char *gid, json_t **out)
{
    sqlite3_stmt *s;
    int rc = store_prepare(
        st, "SELECT payload FROM facts WHERE kind = 'intake.recorded' AND subject = ?1", &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_text(s, 1, gid, -1, SQLITE_STATIC);
    int r = sqlite3_step(s);
    *out = NULL;
    if (r == SQLITE_ROW)
        *out = json_loads((const char *)sqlite3_column_text(s, 0), 0, NULL);
    rc = r == SQLITE_ROW    ? (*out ? KIOSK_OK : KIOSK_ERR_CORRUPT)
         : r == SQLITE_DONE ? KIOSK_ERR_NOT_FOUND
                            : store_sqlite_err(r);
    sqlite3_finalize(s);
    return rc;
}

static int exec_gid(struct store *st, const char *sql, int64_t id, const char *text)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st, sql, &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    if (text)
        sqlite3_bind_text(s, 2, text, -1, SQLITE_STATIC);
    rc = store_sqlite_err(sqlite3_step(s));
    sqlite3_finalize(s);
    return rc;
}

/* Folds one step made outside the transition table (issue 10's DHS
 * notification, detainer, release): the values it set (never unset), the
 * detainer record, and its timeline entry. */
static int step_fold(struct store *st, int64_t rid, json_t *fp, kiosk_ms_t at)
{
    json_t *cols = json_object_get(fp, "cols"), *set = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(cols, k, v)
    {
        if (!request_col_driven(k) && !json_is_null(v))
            json_object_set(set, k, v);
    }
    int rc = json_object_size(set) ? row_write(st, "requests", set, "id", rid, true) : KIOSK_OK;
    json_decref(set);
    json_t *det = json_object_get(fp, "detainer");
    if (rc == KIOSK_OK && json_is_object(det)) {
        rc = exec_gid(st,
                      "INSERT INTO detainers(request_id, opened) VALUES (?1, 0)"
                      " ON CONFLICT(request_id) DO NOTHING",
                      rid, NULL);
        json_t *d = json_object();
        json_object_foreach(det, k, v)
        {
            if (!json_is_null(v))
                json_object_set(d, k, v);
        }
        if (rc == KIOSK_OK && json_object_size(d))
            rc = row_write(st, "detainers", d, "request_id", rid, true);
        json_decref(d);
    }
    const char *state = json_string_value(json_object_get(fp, "state"));
    sqlite3_stmt *s;
    if (rc == KIOSK_OK && json_is_true(json_object_get(fp, "event")) &&
        (rc = store_prepare(st,
                            "INSERT INTO request_events(request_id, at, actor_badge, from_state,"
                            " to_state, details) VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
                            &s)) == KIOSK_OK) {
        const char *actor = json_string_value(json_object_get(fp, "actor"));
        sqlite3_bind_int64(s, 1, rid);
        sqlite3_bind_int64(s, 2, at);
        sqlite3_bind_text(s, 3, actor ? actor : "local-admin", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 4, state ? state : "queued", -1, SQLITE_TRANSIENT);
        store_bind_text(s, 5, json_string_value(json_object_get(fp, "details")), true);
        rc = store_sqlite_err(sqlite3_step(s));
        sqlite3_finalize(s);
    }
    return rc;
}

/* Derives request gid from its facts: the request as recorded, then every
 * request.* fact in fact order through request_fold(); a fact made from a
 * state that no longer holds is kept as a conflict item. Also the consular
 * record: as opened, then each consular.set in order, first value wins. */
static int request_replay(struct store *st, const char *gid)
{
    int64_t iid = 0, rid = 0;
    int rc = id_by(st, "SELECT id FROM intakes WHERE gid = ?1", gid, &iid);
    if (rc == KIOSK_ERR_NOT_FOUND)
        return KIOSK_OK; /* its intake has not arrived yet; replayed when it does */
    if (rc != KIOSK_OK)
        return rc;
    json_t *p = NULL;
    if ((rc = intake_fact(st, gid, &p)) != KIOSK_OK)
        return rc == KIOSK_ERR_NOT_FOUND ? KIOSK_OK : rc;
    json_t *req = json_object_get(p, "request");
    sqlite3_stmt *s = NULL;
    bool has_req = json_is_object(req);
    if (has_req && (rc = id_by(st,
                               "SELECT r.id FROM requests r JOIN intakes i ON i.id ="
                               " r.intake_id WHERE i.gid = ?1",
                               gid, &rid)) != KIOSK_OK)
        goto out;
    json_t *closed = json_object_get(json_object_get(p, "intake"), "closed");
    if ((rc = store_prepare(st, "UPDATE intakes SET closed = ?2 WHERE id = ?1", &s)) != KIOSK_OK)
        goto out;
    sqlite3_bind_int64(s, 1, iid);
    bind_json(s, 2, closed, false);
    rc = store_sqlite_err(sqlite3_step(s));
    sqlite3_finalize(s);
    if (rc == KIOSK_OK)
        rc = exec_gid(st, "DELETE FROM sync_conflicts WHERE subject = ?2 AND ?1 = ?1", 0, gid);
    if (rc == KIOSK_OK && has_req) {
        /* Only the columns the transition table drives go back to their
         * recorded values; others (set by steps outside the table, such as
         * a DHS notification) are left alone. */

        json_t *reset = json_object();
        for (const char *const *k = request_driven; reset && *k; k++) {
            json_t *v = json_object_get(req, *k);
            json_object_set(reset, *k, v ? v : json_null());
        }
        rc = reset ? row_write(st, "requests", reset, "id", rid, true) : KIOSK_ERR_NOMEM;
        json_decref(reset);
        if (rc == KIOSK_OK)
            rc = exec_gid(st, "DELETE FROM request_events WHERE request_id = ?1", rid, NULL);
        size_t i;
        json_t *ev;
        json_array_foreach(json_object_get(p, "events"), i, ev)
        {
            if (rc == KIOSK_OK)
                rc = row_write(st, "request_events", ev, "request_id", rid, false);
        }
    }
    if (rc == KIOSK_OK && has_req &&
        (rc = store_prepare(st,
                            "SELECT station, seq, kind, payload FROM facts WHERE subject = ?1"
                            " AND (kind LIKE 'request.%' OR kind LIKE 'step.%')"
                            " ORDER BY at, station, seq",
                            &s)) == KIOSK_OK) {
        sqlite3_bind_text(s, 1, gid, -1, SQLITE_STATIC);
        char winner[48] = "the intake";
        while (rc == KIOSK_OK && sqlite3_step(s) == SQLITE_ROW) {
            char station[FACT_STATION_MAX], kind[FACT_KIND_MAX];
            store_col_text(s, 0, station, sizeof station);
            int64_t seq = sqlite3_column_int64(s, 1);
            store_col_text(s, 2, kind, sizeof kind);
            json_t *fp = json_loads((const char *)sqlite3_column_text(s, 3), 0, NULL);
            if (!fp) {
                rc = KIOSK_ERR_CORRUPT;
                break;
            }
#define FS(k) json_string_value(json_object_get(fp, k))
            kiosk_ms_t at = 0;
            sqlite3_stmt *q;
            if ((rc = store_prepare(st, "SELECT at FROM facts WHERE station = ?1 AND seq = ?2",
                                    &q)) == KIOSK_OK) {
                sqlite3_bind_text(q, 1, station, -1, SQLITE_STATIC);
                sqlite3_bind_int64(q, 2, seq);
                if (sqlite3_step(q) == SQLITE_ROW)
                    at = sqlite3_column_int64(q, 0);
                sqlite3_finalize(q);
            }
            int f = rc != KIOSK_OK ? rc
                    : !strncmp(kind, "step.", 5)
                        ? step_fold(st, rid, fp, at)
                        : request_fold(st, rid, FS("verb"), FS("from"), at, FS("actor"), FS("a"),
                                       FS("b"), FS("c"), FS("details"));
            if (f == KIOSK_OK) {
                snprintf(winner, sizeof winner, "%s/%lld", station, (long long)seq);
            } else if (f == KIOSK_ERR_STATE) {
                /* Kept, not applied: the supervisor sees both facts. */
                char reason[200];
                snprintf(reason, sizeof reason,
                         "%s by %s was made on a %s request; %s came first in fact order",
                         FS("verb") ? FS("verb") : "?", FS("actor") ? FS("actor") : "?",
                         FS("from") ? FS("from") : "?", winner);
                if ((rc = store_prepare(st,
                                        "INSERT INTO sync_conflicts(station, seq, subject, kind,"
                                        " winner, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                        &q)) == KIOSK_OK) {
                    sqlite3_bind_text(q, 1, station, -1, SQLITE_STATIC);
                    sqlite3_bind_int64(q, 2, seq);
                    sqlite3_bind_text(q, 3, gid, -1, SQLITE_STATIC);
                    sqlite3_bind_text(q, 4, kind, -1, SQLITE_STATIC);
                    sqlite3_bind_text(q, 5, winner, -1, SQLITE_STATIC);
                    sqlite3_bind_text(q, 6, reason, -1, SQLITE_STATIC);
                    rc = store_sqlite_err(sqlite3_step(q));
                    sqlite3_finalize(q);
                }
            } else {
                rc = f;
            }
#undef FS
            json_decref(fp);
        }
        sqlite3_finalize(s);
    }
    /* The consular record: as recorded with the intake (or, for one opened
     * later, as its first fact made it), then every consular.set in fact
     * order, each column's first value winning; a nationality given later
     * (issue 10) comes with the fact that opened the record. */
    json_t *cons = json_object_get(p, "consular");
    bool have_cons = json_is_object(cons);
    if (rc == KIOSK_OK && have_cons) {
        json_t *reset = json_deep_copy(cons);
        json_object_del(reset, "nationality");
        rc = row_write(st, "consular", reset, "intake_id", iid, true);
        json_decref(reset);
    }
    if (rc == KIOSK_OK && (rc = store_prepare(st,
                                              "SELECT payload FROM facts WHERE subject = ?1 AND"
                                              " kind = 'consular.set' ORDER BY at, station, seq",
                                              &s)) == KIOSK_OK) {
        sqlite3_bind_text(s, 1, gid, -1, SQLITE_STATIC);
        while (rc == KIOSK_OK && sqlite3_step(s) == SQLITE_ROW) {
            json_t *c = json_loads((const char *)sqlite3_column_text(s, 0), 0, NULL);
            if (!json_is_object(c)) {
                json_decref(c);
                rc = KIOSK_ERR_CORRUPT;
                break;
            }
            json_t *later = json_object_get(c, "intake_nationality");
            if (json_is_object(later)) {
                json_t *ln = json_deep_copy(later);
                rc = row_write(st, "intakes", ln, "id", iid, true);
                json_decref(ln);
            }
            json_t *row = json_deep_copy(c);
            json_object_del(row, "intake_nationality");
            if (rc == KIOSK_OK && !have_cons &&
                json_object_get(row, "nationality")) { /* opened after the intake */
                if ((rc = exec_gid(st, "DELETE FROM consular WHERE intake_id = ?1", iid, NULL)) ==
                    KIOSK_OK)
                    rc = row_write(st, "consular", row, "intake_id", iid, false);
                have_cons = true;
            }
            const char *k;
            json_t *v;
            if (!have_cons) /* no record here (nor in the fact) */
                json_object_clear(row);
            json_object_foreach(row, k, v)
            {
                char type[32], sql[160];
                sqlite3_stmt *u;
                if (rc != KIOSK_OK)
                    break;
                if (json_is_null(v))
                    continue; /* a step never unsets */
                if ((rc = column_type(st, "consular", k, type, sizeof type)) != KIOSK_OK)
                    break;
                if (!type[0]) {
                    rc = KIOSK_ERR_INVALID;
                    break;
                }
                snprintf(sql, sizeof sql,
                         "UPDATE consular SET \"%s\" = COALESCE(\"%s\", ?2) WHERE intake_id = ?1",
                         k, k);
                if ((rc = store_prepare(st, sql, &u)) == KIOSK_OK) {
                    sqlite3_bind_int64(u, 1, iid);
                    bind_json(u, 2, v, !strcmp(type, "BLOB"));
                    rc = store_sqlite_err(sqlite3_step(u));
                    sqlite3_finalize(u);
                }
            }
            json_decref(row);
            json_decref(c);
        }
        sqlite3_finalize(s);
    }
    if (rc == KIOSK_OK && has_req)
        rc = rowmac_seal(st, ROWMAC_REQUESTS, rid);
    if (rc == KIOSK_OK)
        rc = rowmac_seal(st, ROWMAC_INTAKES, iid);
out:
    json_decref(p);
    return rc;
}

/* intake.recorded: the intake and its rows, under their stable id. */
static int apply_intake(struct store *st, const struct fact *f, json_t *p, char *msg, size_t len)
{
    int64_t iid = 0;
    int rc = id_by(st, "SELECT id FROM intakes WHERE gid = ?1", f->subject, &iid);
    if (rc == KIOSK_OK)
        return KIOSK_OK;
    if (rc != KIOSK_ERR_NOT_FOUND)
        return rc;
    json_t *in = json_deep_copy(json_object_get(p, "intake"));
    if (!json_is_object(in)) {
        json_decref(in);
        return store_msg(msg, len, KIOSK_ERR_INVALID, "intake fact %s/%lld has no intake",
                         f->station, (long long)f->seq);
    }
    json_object_set_new(in, "gid", json_string(f->subject));
    int64_t deputy = 0;
    const char *badge = json_string_value(json_object_get(in, "deputy_badge"));
    if (badge && id_by(st, "SELECT id FROM users WHERE badge = ?1", badge, &deputy) == KIOSK_OK)
        json_object_set_new(in, "deputy_id", json_integer(deputy));
    rc = row_write(st, "intakes", in, NULL, 0, false);
    json_decref(in);
    iid = sqlite3_last_insert_rowid(st->db);
    json_t *doc = json_object_get(p, "id_document");
    if (rc == KIOSK_OK && json_is_object(doc))
        rc = row_write(st, "id_documents", doc, "intake_id", iid, false);
    json_t *req = json_object_get(p, "request");
    if (rc == KIOSK_OK && json_is_object(req))
        rc = row_write(st, "requests", req, "intake_id", iid, false);
    json_t *cons = json_object_get(p, "consular");
    if (rc == KIOSK_OK && json_is_object(cons))
        rc = row_write(st, "consular", cons, "intake_id", iid, false);
    if (rc == KIOSK_OK)
        rc = request_replay(st, f->subject);
    if (rc != KIOSK_OK && !(msg && msg[0]))
        store_msg(msg, len, rc, "intake fact %s/%lld does not fit this database", f->station,
                  (long long)f->seq);
    return rc;
}

/* request.* and consular.set: derive the request again from all its facts. */
static int apply_replay(struct store *st, const struct fact *f, json_t *p, char *msg, size_t len)
{
    (void)p;
    int rc = request_replay(st, f->subject);
    if (rc != KIOSK_OK)
        store_msg(msg, len, rc, "fact %s/%lld could not be folded into %s", f->station,
                  (long long)f->seq, f->subject);
    return rc;
}

/* audit.row: nothing to derive; the chain link was checked before. */
static int apply_nothing(struct store *st, const struct fact *f, json_t *p, char *msg, size_t len)
{
    (void)st, (void)f, (void)p, (void)msg, (void)len;
    return KIOSK_OK;
}

/* A station's audit rows travel as facts: each must link to the one
 * before (prev_hash = the earlier row's hash) when that one is here. */
static int check_audit(struct store *st, const struct fact *f, json_t *p, char *msg, size_t len)
{
    json_t *seq = json_object_get(p, "seq");
    const char *prev = json_string_value(json_object_get(p, "prev_hash"));
    if (!json_is_integer(seq) || !prev || !json_string_value(json_object_get(p, "hash")))
        return store_msg(msg, len, KIOSK_ERR_CORRUPT, "audit fact %s/%lld lacks its chain",
                         f->station, (long long)f->seq);
    char before[32];
    snprintf(before, sizeof before, "%lld", (long long)json_integer_value(seq) - 1);
    sqlite3_stmt *s;
    int rc = store_prepare(st,
                           "SELECT json_extract(payload, '$.hash') FROM facts WHERE +station = ?1"
                           " AND kind = 'audit.row' AND subject = ?2", /* + : by subject */
                           &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_text(s, 1, f->station, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, before, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW) {
        const char *h = (const char *)sqlite3_column_text(s, 0);
        if (!h || strcmp(h, prev))
            rc = store_msg(msg, len, KIOSK_ERR_CORRUPT,
                           "station %s's audit row %lld does not link to its row %s", f->station,
                           (long long)json_integer_value(seq), before);
    }
    sqlite3_finalize(s);
    return rc;
}

/* The fact kinds: a new kind is one row here and its apply function
 * (a kind ending in '.' matches every kind with that prefix). */
static const struct fact_kind {
    const char *kind;
    int (*check)(struct store *st, const struct fact *f, json_t *p, char *msg, size_t len);
    int (*apply)(struct store *st, const struct fact *f, json_t *p, char *msg, size_t len);
} fact_kinds[] = {
    {"audit.row", check_audit, apply_nothing},
    {"consular.set", NULL, apply_replay},
    {"intake.recorded", NULL, apply_intake},
    {"request.", NULL, apply_replay},
    {"setting.set", NULL, apply_setting},
    {"step.", NULL, apply_replay},
    {"user.set", NULL, apply_user},
};

static const struct fact_kind *kind_find(const char *kind)
{
    for (size_t i = 0; i < sizeof fact_kinds / sizeof fact_kinds[0]; i++) {
        const char *k = fact_kinds[i].kind;
        size_t n = strlen(k);
        if (k[n - 1] == '.' ? !strncmp(kind, k, n) : !strcmp(kind, k))
            return &fact_kinds[i];
    }
    return NULL;
}

int fact_apply(struct store *st, const struct fact *f, char *msg, size_t msg_len)
{
    if (msg && msg_len)
        msg[0] = '\0';
    int rc = store_tx_begin(st);
    if (rc != KIOSK_OK)
        return store_msg(msg, msg_len, rc, "the database is busy; try again");
    sqlite3_stmt *s;
    json_t *p = NULL;
    if ((rc = store_prepare(st,
                            "SELECT at = ?3 AND kind = ?4 AND subject = ?5 AND payload = ?6"
                            " FROM facts WHERE station = ?1 AND seq = ?2",
                            &s)) != KIOSK_OK)
        goto out;
    sqlite3_bind_text(s, 1, f->station, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, f->seq);
    sqlite3_bind_int64(s, 3, f->at);
    sqlite3_bind_text(s, 4, f->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, f->subject, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, f->payload, -1, SQLITE_STATIC);
    int r = sqlite3_step(s);
    int same = r == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
    sqlite3_finalize(s);
    if (same == 1)
        goto out; /* already here: a repeated pull */
    if (same == 0) {
        rc = store_msg(msg, msg_len, KIOSK_ERR_CORRUPT,
                       "the hub's fact %s/%lld differs from the one this station holds", f->station,
                       (long long)f->seq);
        goto out;
    }
    p = json_loads(f->payload, 0, NULL);
    if (!json_is_object(p)) {
        rc = store_msg(msg, msg_len, KIOSK_ERR_CORRUPT, "fact %s/%lld carries no JSON object",
                       f->station, (long long)f->seq);
        goto out;
    }
    const struct fact_kind *k = kind_find(f->kind);
    if (k && k->check && (rc = k->check(st, f, p, msg, msg_len)) != KIOSK_OK)
        goto out;
    if ((rc = fact_insert(st, f, true)) != KIOSK_OK)
        goto out;
    if (k) /* an unknown (newer) kind is kept and counts in the digest */
        rc = k->apply(st, f, p, msg, msg_len);
out:
    json_decref(p);
    return store_tx_end(st, rc);
}

int fact_refuse(struct store *st, const char *station, int64_t seq, const char *reason,
                bool *is_new)
{
    *is_new = false;
    int rc = store_tx_begin(st);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_stmt *s;
    if ((rc = store_prepare(st,
                            "INSERT INTO sync_refused(station, seq, reason, at)"
                            " VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                            &s)) == KIOSK_OK) {
        sqlite3_bind_text(s, 1, station, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 2, seq);
        sqlite3_bind_text(s, 3, reason, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 4, store_audit_now(st));
        rc = store_sqlite_err(sqlite3_step(s));
        *is_new = rc == KIOSK_OK && sqlite3_changes(st->db) > 0;
        sqlite3_finalize(s);
    }
    if (rc == KIOSK_OK && *is_new) {
        char obj[48];
        snprintf(obj, sizeof obj, "fact:%s/%lld", station, (long long)seq);
        rc = audit_append_badge(st, "sync", "sync.refuse", obj, "denied", reason);
    }
    return store_tx_end(st, rc);
}

int fact_peer_check(struct store *st, const char *station, const unsigned char pubkey[32],
                    kiosk_ms_t now)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st,
                           "INSERT INTO sync_peers(name, pubkey, first_seen, last_contact)"
                           " VALUES (?1, ?2, ?3, ?3) ON CONFLICT(name) DO UPDATE SET"
                           " last_contact = excluded.last_contact WHERE pubkey = excluded.pubkey",
                           &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_text(s, 1, station, -1, SQLITE_STATIC);
    sqlite3_bind_blob(s, 2, pubkey, 32, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, now);
    rc = store_sqlite_err(sqlite3_step(s));
    sqlite3_finalize(s);
    if (rc == KIOSK_OK && sqlite3_changes(st->db) == 0)
        rc = KIOSK_ERR_CORRUPT; /* the hub shows another key than the one pinned */
    return rc;
}

/* ---- digest and lists ---- */

static int hash_query(struct store *st, crypto_hash_sha256_state *h, const char *tag,
                      const char *sql)
{
    crypto_hash_sha256_update(h, (const unsigned char *)tag, strlen(tag) + 1);
    sqlite3_stmt *s;
    int rc = store_prepare(st, sql, &s);
    if (rc != KIOSK_OK)
        return rc;
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(s); i++) {
            unsigned char t = (unsigned char)sqlite3_column_type(s, i);
            const void *b = sqlite3_column_blob(s, i);
            uint64_t n = (uint64_t)sqlite3_column_bytes(s, i);
            crypto_hash_sha256_update(h, &t, 1);
            crypto_hash_sha256_update(h, (const unsigned char *)&n, sizeof n);
            if (n)
                crypto_hash_sha256_update(h, b, n);
        }
    }
    sqlite3_finalize(s);
    return r == SQLITE_DONE ? KIOSK_OK : store_sqlite_err(r);
}

int fact_digest(struct store *st, char hex[2 * FACT_HASH_LEN + 1])
{
    static const struct {
        const char *tag, *sql;
    } parts[] = {
        {"facts",
         "SELECT station, seq, at, kind, subject, payload FROM facts ORDER BY station, seq"},
        {"users", "SELECT badge, name, role, pin_hash, disabled, locked_at FROM users"
                  " ORDER BY badge"},
        {"events", "SELECT i.gid, e.at, e.actor_badge, e.from_state, e.to_state, e.details"
                   " FROM request_events e JOIN requests r ON r.id = e.request_id"
                   " JOIN intakes i ON i.id = r.intake_id WHERE i.gid IS NOT NULL"
                   " ORDER BY 1, 2, 4, 5, 3, 6"},
        {"consular", "SELECT i.gid, c.nationality, c.mandatory, c.opened, c.informed,"
                     " c.informed_by, c.notified, c.notified_by, c.consulate, c.method"
                     " FROM consular c JOIN intakes i ON i.id = c.intake_id"
                     " WHERE i.gid IS NOT NULL ORDER BY i.gid"},
        {"conflicts", "SELECT station, seq, subject, kind, winner, reason FROM sync_conflicts"
                      " ORDER BY station, seq"},
    };
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    int rc = KIOSK_OK;
    for (size_t i = 0; rc == KIOSK_OK && i < sizeof parts / sizeof parts[0]; i++)
        rc = hash_query(st, &h, parts[i].tag, parts[i].sql);
    /* intakes, requests and detainers: every column the schema has (so a
     * column another issue adds is covered), but the local row references
     * and what each station does on its own (retention purge, supersession) */
    static const struct {
        const char *tag, *table, *alias, *from;
    } wide[] = {
        {"intakes", "intakes", "x", "intakes x WHERE x.gid IS NOT NULL ORDER BY x.gid"},
        {"requests", "requests", "x",
         "requests x JOIN intakes i ON i.id = x.intake_id WHERE i.gid IS NOT NULL ORDER BY i.gid"},
        {"detainers", "detainers", "x",
         "detainers x JOIN requests r ON r.id = x.request_id JOIN intakes i ON i.id = r.intake_id"
         " WHERE i.gid IS NOT NULL ORDER BY i.gid"},
    };
    static const char *const local_cols[] = {"id",
                                             "intake_id",
                                             "request_id",
                                             "deputy_id",
                                             "mac",
                                             "purged",
                                             "purged_at",
                                             "superseded",
                                             "superseded_by",
                                             "supersede_reason",
                                             "supersede_badge",
                                             NULL};
    for (size_t w = 0; rc == KIOSK_OK && w < sizeof wide / sizeof wide[0]; w++) {
        char sql[2048];
        size_t n = (size_t)snprintf(sql, sizeof sql, "SELECT 0");
        sqlite3_stmt *c;
        if ((rc = store_prepare(st, "SELECT name FROM pragma_table_info(?1) ORDER BY cid", &c)) !=
            KIOSK_OK)
            break;
        sqlite3_bind_text(c, 1, wide[w].table, -1, SQLITE_STATIC);
        int cols = 0;
        while (sqlite3_step(c) == SQLITE_ROW) {
            const char *col = (const char *)sqlite3_column_text(c, 0);
            bool local = false;
            for (const char *const *k = local_cols; *k; k++)
                local = local || !strcmp(*k, col);
            if (!local && n < sizeof sql)
                n += (size_t)snprintf(sql + n, sizeof sql - n, ", %s.\"%s\"", wide[w].alias, col);
            cols++;
        }
        sqlite3_finalize(c);
        if (cols == 0)
            continue; /* no such table in this schema */
        if (n < sizeof sql)
            n += (size_t)snprintf(sql + n, sizeof sql - n, " FROM %s", wide[w].from);
        if (n >= sizeof sql) {
            rc = KIOSK_ERR_FULL;
            break;
        }
        rc = hash_query(st, &h, wide[w].tag, sql);
    }
    /* the replicated settings, whatever settings the build has */
    crypto_hash_sha256_update(&h, (const unsigned char *)"settings", 9);
    for (const char *const *k = store_setting_names(); rc == KIOSK_OK && *k; k++) {
        char v[256] = "";
        if (!setting_replicated(*k))
            continue;
        int g = store_setting_raw_get(st, *k, v, sizeof v);
        if (g != KIOSK_OK && g != KIOSK_ERR_NOT_FOUND)
            rc = g;
        crypto_hash_sha256_update(&h, (const unsigned char *)*k, strlen(*k) + 1);
        crypto_hash_sha256_update(&h, (const unsigned char *)v, strlen(v) + 1);
    }
    unsigned char out[FACT_HASH_LEN];
    crypto_hash_sha256_final(&h, out);
    sodium_bin2hex(hex, 2 * FACT_HASH_LEN + 1, out, sizeof out);
    return rc;
}

static int count(struct store *st, const char *sql, const char *self, int64_t *n)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st, sql, &s);
    if (rc != KIOSK_OK)
        return rc;
    if (sqlite3_bind_parameter_count(s) >= 1)
        sqlite3_bind_text(s, 1, self, -1, SQLITE_STATIC);
    int r = sqlite3_step(s);
    *n = r == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    return r == SQLITE_ROW ? KIOSK_OK : store_sqlite_err(r);
}

int fact_counts_get(struct store *st, struct fact_counts *out)
{
    memset(out, 0, sizeof *out);
    char self[FACT_STATION_MAX] = "";
    fact_self(st, self, sizeof self, NULL, 0, NULL);
    int rc = count(st, "SELECT count(*) FROM facts", NULL, &out->facts);
    if (rc == KIOSK_OK)
        rc = count(st, "SELECT count(*) FROM facts WHERE station = ?1", self, &out->own);
    if (rc == KIOSK_OK)
        rc = count(st, "SELECT count(*) FROM facts WHERE station = ?1 AND pushed = 0", self,
                   &out->unpushed);
    if (rc == KIOSK_OK)
        rc = count(st, "SELECT count(*) FROM sync_conflicts", NULL, &out->conflicts);
    if (rc == KIOSK_OK)
        rc = count(st, "SELECT count(*) FROM sync_refused", NULL, &out->refused);
    return rc;
}

static bool peer_read(sqlite3_stmt *s, void *row, void *ctx)
{
    (void)ctx;
    struct fact_peer *p = row;
    store_col_text(s, 0, p->name, sizeof p->name);
    p->max_seq = sqlite3_column_int64(s, 1);
    p->last_fact = sqlite3_column_int64(s, 2);
    p->last_contact = sqlite3_column_int64(s, 3);
    return true;
}

int fact_peers(struct store *st, struct fact_peer **out, size_t *n)
{
    sqlite3_stmt *s;
    int rc = store_prepare(
        st,
        "SELECT n.name, COALESCE((SELECT max(seq) FROM facts f WHERE f.station = n.name), 0),"
        " COALESCE((SELECT max(at) FROM facts f WHERE f.station = n.name), 0),"
        " COALESCE(p.last_contact, 0) FROM (SELECT name FROM sync_peers UNION"
        " SELECT name FROM sync_self UNION SELECT DISTINCT station FROM facts) n"
        " LEFT JOIN sync_peers p ON p.name = n.name ORDER BY n.name",
        &s);
    if (rc != KIOSK_OK)
        return rc;
    return store_collect(s, sizeof(struct fact_peer), 8, peer_read, NULL, (void **)out, n);
}

static bool conflict_read(sqlite3_stmt *s, void *row, void *ctx)
{
    (void)ctx;
    struct fact_conflict *c = row;
    store_col_text(s, 0, c->station, sizeof c->station);
    c->seq = sqlite3_column_int64(s, 1);
    store_col_text(s, 2, c->subject, sizeof c->subject);
    store_col_text(s, 3, c->kind, sizeof c->kind);
    store_col_text(s, 4, c->reason, sizeof c->reason);
    return true;
}

int fact_conflicts(struct store *st, struct fact_conflict **out, size_t *n)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st,
                           "SELECT station, seq, subject, kind, reason FROM sync_conflicts"
                           " ORDER BY subject, station, seq",
                           &s);
    if (rc != KIOSK_OK)
        return rc;
    return store_collect(s, sizeof(struct fact_conflict), 8, conflict_read, NULL, (void **)out, n);
}

int fact_resolve(struct store *st, const char *gid, bool request, int64_t *id)
{
    return id_by(st,
                 request ? "SELECT r.id FROM requests r JOIN intakes i ON i.id = r.intake_id"
                           " WHERE i.gid = ?1"
                         : "SELECT id FROM intakes WHERE gid = ?1",
                 gid, id);
}
