/* History: every intake (exemptions included) with its request, filtered and
 * searched; the timeline of one intake; and its records export with the
 * fields that identify the person marked redactable. */
#include "records/records.h"
#include "core/audit.h"
#include "core/kiosk_err.h"
#include "core/store.h"
#include "core/store_priv.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HISTORY_ROLES                                                                              \
    (AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR | AUTH_ROLE_ADMIN | AUTH_ROLE_AUDITOR)

enum intake_basis records_basis_parse(const char *s)
{
    if (!s)
        return 0;
    if (!strcmp(s, "exempt_id") || !strcmp(s, "id"))
        return INTAKE_EXEMPT_ID;
    if (!strcmp(s, "exempt_known") || !strcmp(s, "known"))
        return INTAKE_EXEMPT_KNOWN;
    if (!strcmp(s, "iaq"))
        return INTAKE_IAQ;
    return 0;
}

bool records_state_valid(const char *s)
{
    return s && (!strcmp(s, "exempt") || !strcmp(s, "open") || request_state_parse(s) != 0);
}

static bool read_row(sqlite3_stmt *s, void *row, void *ctx)
{
    (void)ctx;
    struct records_row *r = row;
    r->intake_id = sqlite3_column_int64(s, 0);
    store_col_text(s, 1, r->booking_number, sizeof r->booking_number);
    r->basis = records_basis_parse((const char *)sqlite3_column_text(s, 2));
    char src[12];
    store_col_text(s, 3, src, sizeof src);
    r->manual_document = !strcmp(src, "manual");
    store_col_text(s, 4, r->deputy_badge, sizeof r->deputy_badge);
    r->created = sqlite3_column_int64(s, 5);
    r->closed = sqlite3_column_int64(s, 6);
    r->request_id = sqlite3_column_int64(s, 7);
    if (r->request_id)
        store_col_text(s, 8, r->state, sizeof r->state);
    else
        snprintf(r->state, sizeof r->state, "exempt");
    store_col_text(s, 9, r->disposition, sizeof r->disposition);
    store_col_text(s, 10, r->ncic_name, sizeof r->ncic_name);
    store_col_text(s, 11, r->nationality, sizeof r->nationality);
    r->purged = sqlite3_column_int(s, 12) != 0;
    r->held = sqlite3_column_int(s, 13) != 0;
    return true;
}

int records_list(struct store *st, const struct auth_actor *actor, const struct records_filter *f,
                 struct records_row **rows, size_t *n)
{
    *rows = NULL;
    *n = 0;
    static const struct records_filter none;
    if (!f)
        f = &none;
    int rc = auth_require(st, actor, HISTORY_ROLES);
    if (rc != KIOSK_OK)
        return rc;
    if ((f->state[0] && !records_state_valid(f->state)) || (f->from && f->to && f->to <= f->from))
        return KIOSK_ERR_INVALID;
    /* The search is a prefix of the booking number (as typed or in upper
     * case) or of the NCIC name ("FAMILY,GIVEN", upper case), each found
     * through an index as the range [text, text with its last byte + 1). */
    char raw[sizeof f->search], up[sizeof f->search], raw_end[sizeof f->search],
        up_end[sizeof f->search];
    snprintf(raw, sizeof raw, "%s", f->search);
    size_t sl = strlen(raw);
    for (size_t i = 0; i <= sl; i++)
        up[i] = (char)toupper((unsigned char)raw[i]);
    memcpy(raw_end, raw, sl + 1);
    memcpy(up_end, up, sl + 1);
    if (sl && (unsigned char)raw[sl - 1] < 0xFF) {
        raw_end[sl - 1]++;
        up_end[sl - 1]++;
    }
    sqlite3_stmt *s;
    rc = store_prepare(
        st,
        "SELECT i.id, i.booking_number, i.basis, d.source, i.deputy_badge, i.created, i.closed,"
        " r.id, r.state, r.disposition, r.ncic_name, i.nationality, i.purged,"
        " h.intake_id IS NOT NULL"
        " FROM intakes i LEFT JOIN requests r ON r.intake_id = i.id"
        " LEFT JOIN id_documents d ON d.intake_id = i.id"
        " LEFT JOIN legal_holds h ON h.intake_id = i.id"
        " WHERE i.created >= ?1 AND i.created < ?2"
        " AND (?3 IS NULL OR i.basis = ?3)"
        " AND (?4 IS NULL OR (?4 = 'exempt' AND r.id IS NULL)"
        "  OR (?4 = 'open' AND r.state NOT IN ('closed','cancelled')) OR r.state = ?4)"
        " AND (?5 IS NULL OR i.deputy_badge = ?5)"
        " AND (?6 IS NULL OR i.id IN ("
        "  SELECT id FROM intakes WHERE booking_number >= ?6 AND booking_number < ?8"
        "  UNION SELECT id FROM intakes WHERE booking_number >= ?9 AND booking_number < ?10"
        "  UNION SELECT intake_id FROM requests WHERE ncic_name >= ?9 AND ncic_name < ?10))"
        " ORDER BY i.created DESC, i.id DESC LIMIT ?7",
        &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, f->from);
    sqlite3_bind_int64(s, 2, f->to ? f->to : INT64_MAX);
    store_bind_text(s, 3, f->basis ? intake_basis_name(f->basis) : NULL, true);
    store_bind_text(s, 4, f->state, true);
    store_bind_text(s, 5, f->deputy, true);
    store_bind_text(s, 6, raw, true);
    sqlite3_bind_int64(s, 7, f->limit ? (int64_t)f->limit : -1);
    store_bind_text(s, 8, raw_end, false);
    store_bind_text(s, 9, up, false);
    store_bind_text(s, 10, up_end, false);
    void *out = NULL;
    if ((rc = store_collect(s, sizeof(struct records_row), 64, read_row, NULL, &out, n)) !=
        KIOSK_OK)
        return rc;
    /* The filters are audited, the search text is not (it may be a name). */
    char details[160], a[KIOSK_ISO_LEN] = "", b[KIOSK_ISO_LEN] = "";
    snprintf(details, sizeof details,
             "from=%s to=%s basis=%s state=%s deputy=%s search=%s rows=%zu",
             f->from ? clock_format_iso(f->from, a, sizeof a) : "-",
             f->to ? clock_format_iso(f->to, b, sizeof b) : "-",
             f->basis ? intake_basis_name(f->basis) : "-", f->state[0] ? f->state : "-",
             f->deputy[0] ? f->deputy : "-", f->search[0] ? "yes" : "no", *n);
    if ((rc = audit_view(st, actor, "intake.list", "intakes", details)) != KIOSK_OK) {
        free(out);
        *n = 0;
        return rc;
    }
    *rows = out;
    return KIOSK_OK;
}

/* ---- timeline ---- */

struct timeline {
    struct records_event *ev;
    size_t n, cap;
};

static int timeline_add(struct timeline *t, kiosk_ms_t at, const char *actor, const char *what,
                        const char *details)
{
    struct records_event *ne = store_array_reserve(t->ev, t->n, &t->cap, sizeof *t->ev, 16);
    if (!ne)
        return KIOSK_ERR_NOMEM;
    t->ev = ne;
    struct records_event *e = &t->ev[t->n++];
    memset(e, 0, sizeof *e);
    e->at = at;
    snprintf(e->actor_badge, sizeof e->actor_badge, "%s", actor ? actor : "");
    snprintf(e->what, sizeof e->what, "%s", what);
    snprintf(e->details, sizeof e->details, "%s", details ? details : "");
    return KIOSK_OK;
}

static int cmp_event(const void *a, const void *b)
{
    const struct records_event *x = a, *y = b;
    return (x->at > y->at) - (x->at < y->at);
}

/* Every part of the timeline, one query each (?1 = intake id). */
static int timeline_read(struct store *st, int64_t id, struct timeline *t)
{
    static const char *const sql[] = {
        "SELECT created, deputy_badge, 'intake.' || basis,"
        " 'booking ' || booking_number || CASE WHEN cosigner_badge IS NOT NULL"
        " THEN ', co-signed by ' || cosigner_badge ELSE '' END FROM intakes WHERE id = ?1",
        "SELECT e.at, e.actor_badge, 'request.' || e.to_state, coalesce(e.details, '')"
        " FROM request_events e JOIN requests r ON r.id = e.request_id WHERE r.intake_id = ?1"
        " ORDER BY e.id",
        "SELECT opened, '', 'consular.opened', 'nationality ' || nationality ||"
        " CASE WHEN mandatory THEN ', mandatory notification' ELSE '' END"
        " FROM consular WHERE intake_id = ?1",
        "SELECT informed, informed_by, 'consular.informed', '' FROM consular"
        " WHERE intake_id = ?1 AND informed IS NOT NULL",
        "SELECT notified, notified_by, 'consular.notified', coalesce(consulate, '') || ' by ' ||"
        " coalesce(method, '?') FROM consular WHERE intake_id = ?1 AND notified IS NOT NULL",
        "SELECT held_at, held_by, 'legal_hold', reason FROM legal_holds WHERE intake_id = ?1",
        "SELECT purged_at, '', 'purged', 'personal data dropped, proof kept' FROM intakes"
        " WHERE id = ?1 AND purged_at IS NOT NULL",
    };
    int rc = KIOSK_OK;
    for (size_t i = 0; rc == KIOSK_OK && i < sizeof sql / sizeof sql[0]; i++) {
        sqlite3_stmt *s;
        if ((rc = store_prepare(st, sql[i], &s)) != KIOSK_OK)
            break;
        sqlite3_bind_int64(s, 1, id);
        int r;
        while (rc == KIOSK_OK && (r = sqlite3_step(s)) == SQLITE_ROW)
            rc = timeline_add(
                t, sqlite3_column_int64(s, 0), (const char *)sqlite3_column_text(s, 1),
                (const char *)sqlite3_column_text(s, 2), (const char *)sqlite3_column_text(s, 3));
        if (rc == KIOSK_OK && r != SQLITE_DONE)
            rc = store_sqlite_err(r);
        sqlite3_finalize(s);
        if (rc == KIOSK_OK && i == 0 && t->n == 0)
            rc = KIOSK_ERR_NOT_FOUND;
    }
    if (rc == KIOSK_OK && t->n > 1)
        qsort(t->ev + 1, t->n - 1, sizeof *t->ev, cmp_event); /* the intake stays first */
    return rc;
}

int records_timeline(struct store *st, const struct auth_actor *actor, int64_t intake_id,
                     struct records_event **ev, size_t *n)
{
    *ev = NULL;
    *n = 0;
    int rc = auth_require(st, actor, HISTORY_ROLES);
    if (rc != KIOSK_OK)
        return rc;
    struct timeline t = {0};
    if ((rc = timeline_read(st, intake_id, &t)) != KIOSK_OK) {
        free(t.ev);
        return rc;
    }
    char obj[32];
    snprintf(obj, sizeof obj, "intake:%lld", (long long)intake_id);
    if ((rc = audit_view(st, actor, "intake.timeline", obj, NULL)) != KIOSK_OK) {
        free(t.ev);
        return rc;
    }
    *ev = t.ev;
    *n = t.n;
    return KIOSK_OK;
}

/* ---- export ---- */

/* Sets key of o to a redactable value and records its JSON pointer. */
static void set_redactable(json_t *o, const char *ptr_base, const char *key, json_t *value,
                           json_t *pointers)
{
    if (!value || json_is_null(value) || (json_is_string(value) && !json_string_value(value)[0])) {
        json_object_set_new(o, key, value ? value : json_null());
        return;
    }
    json_object_set_new(o, key, json_pack("{s:o, s:b}", "value", value, "redactable", 1));
    char ptr[128];
    snprintf(ptr, sizeof ptr, "%s/%s", ptr_base, key);
    json_array_append_new(pointers, json_string(ptr));
}

static json_t *col_str(sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    return t ? json_string((const char *)t) : json_null();
}

static json_t *col_time(sqlite3_stmt *s, int col)
{
    if (sqlite3_column_type(s, col) == SQLITE_NULL)
        return json_null();
    char buf[KIOSK_ISO_LEN];
    return json_string(clock_format_iso(sqlite3_column_int64(s, col), buf, sizeof buf));
}

static int export_intake(struct store *st, int64_t id, json_t *root, json_t *ptrs)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st,
                           "SELECT i.booking_number, i.charges, i.basis, i.deputy_badge,"
                           " i.cosigner_badge, i.known_reason, i.nationality, i.created, i.closed,"
                           " i.purged, i.purged_at, d.kind, d.issuer, d.expires, d.flags, d.last4,"
                           " d.source, d.attested_by, d.intake_id, i.supersede_reason"
                           " FROM intakes i LEFT JOIN id_documents d ON d.intake_id = i.id"
                           " WHERE i.id = ?1",
                           &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    int r = sqlite3_step(s);
    if (r != SQLITE_ROW) {
        sqlite3_finalize(s);
        return r == SQLITE_DONE ? KIOSK_ERR_NOT_FOUND : store_sqlite_err(r);
    }
    json_t *charges = json_array();
    char buf[INTAKE_CHARGES_MAX * 5 + 1];
    store_col_text(s, 1, buf, sizeof buf);
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
        json_array_append_new(charges, json_string(tok));
    json_t *in =
        json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o}", "id", (json_int_t)id,
                  "booking_number", col_str(s, 0), "charges", charges, "basis", col_str(s, 2),
                  "deputy", col_str(s, 3), "cosigner", col_str(s, 4), "nationality", col_str(s, 6),
                  "created", col_time(s, 7), "closed", col_time(s, 8), "purged",
                  sqlite3_column_int(s, 9) != 0, "purged_at", col_time(s, 10));
    set_redactable(in, "/intake", "known_reason", col_str(s, 5), ptrs);
    set_redactable(in, "/intake", "supersede_reason", col_str(s, 19), ptrs);
    if (sqlite3_column_type(s, 18) != SQLITE_NULL) {
        json_t *d = json_pack("{s:o, s:o, s:o, s:o, s:o}", "kind", col_str(s, 11), "issuer",
                              col_str(s, 12), "flags", col_str(s, 14), "source", col_str(s, 16),
                              "attested_by", col_str(s, 17));
        set_redactable(d, "/intake/id_document", "expires", col_str(s, 13), ptrs);
        set_redactable(d, "/intake/id_document", "number_last4", col_str(s, 15), ptrs);
        json_object_set_new(in, "id_document", d);
    } else {
        json_object_set_new(in, "id_document", json_null());
    }
    sqlite3_finalize(s);
    json_object_set_new(root, "intake", in);
    return KIOSK_OK;
}

static int export_request(struct store *st, int64_t id, json_t *root, json_t *ptrs)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st,
                           "SELECT id, state, fields, ncic_name, offense, attention, mules_ref,"
                           " disposition, response_text, needs_info_text, cancel_reason, booked,"
                           " queued, first_transmitted, transmitted, acknowledged, responded,"
                           " closed, cancelled, dhs_due, dhs_done, dhs_by, dhs_method, dhs_note,"
                           " released, released_by, release_note, id FROM requests"
                           " WHERE intake_id = ?1",
                           &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    int r = sqlite3_step(s);
    if (r != SQLITE_ROW) {
        sqlite3_finalize(s);
        json_object_set_new(root, "request", json_null());
        return r == SQLITE_DONE ? KIOSK_OK : store_sqlite_err(r);
    }
    json_t *q =
        json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
                  (json_int_t)sqlite3_column_int64(s, 0), "state", col_str(s, 1), "offense",
                  col_str(s, 4), "disposition", col_str(s, 7), "booked", col_time(s, 11), "queued",
                  col_time(s, 12), "first_transmitted", col_time(s, 13), "transmitted",
                  col_time(s, 14), "acknowledged", col_time(s, 15), "responded", col_time(s, 16),
                  "closed", col_time(s, 17), "cancelled", col_time(s, 18));
    /* The IAQ fields as sent: every one identifies the person. */
    json_t *fields = json_object();
    json_t *src = json_loads((const char *)sqlite3_column_text(s, 2), 0, NULL);
    const char *key;
    json_t *v;
    json_object_foreach(src, key, v)
    {
        set_redactable(fields, "/request/iaq", key, json_incref(v), ptrs);
    }
    json_decref(src);
    json_object_set_new(q, "iaq", fields);
    set_redactable(q, "/request", "ncic_name", col_str(s, 3), ptrs);
    set_redactable(q, "/request", "attention", col_str(s, 5), ptrs);
    set_redactable(q, "/request", "mules_ref", col_str(s, 6), ptrs);
    set_redactable(q, "/request", "response_text", col_str(s, 8), ptrs);
    set_redactable(q, "/request", "needs_info_text", col_str(s, 9), ptrs);
    set_redactable(q, "/request", "cancel_reason", col_str(s, 10), ptrs);
    /* issue 10: the RSMo 544.472 DHS step and release before an answer are
     * proof; their notes are free text */
    if (sqlite3_column_type(s, 19) != SQLITE_NULL) {
        json_t *dhs = json_pack("{s:o, s:o, s:o, s:o}", "due", col_time(s, 19), "done",
                                col_time(s, 20), "by", col_str(s, 21), "method", col_str(s, 22));
        set_redactable(dhs, "/request/dhs_notification", "note", col_str(s, 23), ptrs);
        json_object_set_new(q, "dhs_notification", dhs);
    } else {
        json_object_set_new(q, "dhs_notification", json_null());
    }
    json_object_set_new(q, "released", col_time(s, 24));
    json_object_set_new(q, "released_by", col_str(s, 25));
    set_redactable(q, "/request", "release_note", col_str(s, 26), ptrs);
    int64_t rid = sqlite3_column_int64(s, 27);
    sqlite3_finalize(s);
    json_object_set_new(root, "request", q);
    if ((rc = store_prepare(st,
                            "SELECT opened, received, issuing_office, form, notify_release,"
                            " recorded_by FROM detainers WHERE request_id = ?1",
                            &s)) != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, rid);
    r = sqlite3_step(s);
    json_object_set_new(q, "detainer",
                        r == SQLITE_ROW
                            ? json_pack("{s:o, s:o, s:o, s:o, s:b, s:o}", "opened", col_time(s, 0),
                                        "received", col_time(s, 1), "issuing_office", col_str(s, 2),
                                        "form", col_str(s, 3), "notify_release",
                                        sqlite3_column_int(s, 4) != 0, "recorded_by", col_str(s, 5))
                            : json_null());
    sqlite3_finalize(s);
    return r == SQLITE_ROW || r == SQLITE_DONE ? KIOSK_OK : store_sqlite_err(r);
}

static int export_consular_hold(struct store *st, int64_t id, json_t *root)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st,
                           "SELECT nationality, mandatory, opened, informed, informed_by, notified,"
                           " notified_by, consulate, method, wish, wish_at, wish_by"
                           " FROM consular WHERE intake_id = ?1",
                           &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    int r = sqlite3_step(s);
    json_object_set_new(
        root, "consular",
        r == SQLITE_ROW
            ? json_pack("{s:o, s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o,"
                        " s:o, s:o}",
                        "nationality", col_str(s, 0), "mandatory", sqlite3_column_int(s, 1) != 0,
                        "opened", col_time(s, 2), "informed", col_time(s, 3), "informed_by",
                        col_str(s, 4), "notified", col_time(s, 5), "notified_by", col_str(s, 6),
                        "consulate", col_str(s, 7), "method", col_str(s, 8), "wish", col_str(s, 9),
                        "wish_at", col_time(s, 10), "wish_by", col_str(s, 11))
            : json_null());
    sqlite3_finalize(s);
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        return store_sqlite_err(r);
    if ((rc = store_prepare(st,
                            "SELECT reason, held_by, held_at FROM legal_holds WHERE intake_id = ?1",
                            &s)) != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    r = sqlite3_step(s);
    json_object_set_new(root, "legal_hold",
                        r == SQLITE_ROW
                            ? json_pack("{s:o, s:o, s:o}", "reason", col_str(s, 0), "held_by",
                                        col_str(s, 1), "held_at", col_time(s, 2))
                            : json_null());
    sqlite3_finalize(s);
    return r == SQLITE_ROW || r == SQLITE_DONE ? KIOSK_OK : store_sqlite_err(r);
}

/* Builds the export object of intake_id (no role check, no audit). */
static int export_build(struct store *st, int64_t intake_id, json_t **out)
{
    *out = NULL;
    int rc;
    json_t *root = json_object(), *ptrs = json_array();
    struct timeline t = {0};
    if (!root || !ptrs) {
        rc = KIOSK_ERR_NOMEM;
        goto fail;
    }
    if ((rc = export_intake(st, intake_id, root, ptrs)) != KIOSK_OK ||
        (rc = export_request(st, intake_id, root, ptrs)) != KIOSK_OK ||
        (rc = export_consular_hold(st, intake_id, root)) != KIOSK_OK ||
        (rc = timeline_read(st, intake_id, &t)) != KIOSK_OK)
        goto fail;
    json_t *tl = json_array();
    for (size_t i = 0; i < t.n; i++) {
        char at[KIOSK_ISO_LEN];
        json_t *e = json_pack("{s:s, s:s, s:s}", "at", clock_format_iso(t.ev[i].at, at, sizeof at),
                              "actor", t.ev[i].actor_badge, "what", t.ev[i].what);
        /* request events carry the MULES reference and notes */
        char base[32];
        snprintf(base, sizeof base, "/timeline/%zu", i);
        if (!strncmp(t.ev[i].what, "request.", 8))
            set_redactable(e, base, "details", json_string(t.ev[i].details), ptrs);
        else
            json_object_set_new(e, "details", json_string(t.ev[i].details));
        json_array_append_new(tl, e);
    }
    json_object_set_new(root, "timeline", tl);
    json_object_set_new(root, "redactable", ptrs);
    free(t.ev);
    *out = root;
    return KIOSK_OK;
fail:
    free(t.ev);
    json_decref(ptrs);
    json_decref(root);
    return rc;
}

/* export_build for actor with roles, audited as action. */
static int export_as(struct store *st, const struct auth_actor *actor, unsigned roles,
                     const char *action, int64_t intake_id, json_t **out)
{
    *out = NULL;
    int rc = auth_require(st, actor, roles);
    if (rc != KIOSK_OK)
        return rc;
    json_t *root;
    if ((rc = export_build(st, intake_id, &root)) != KIOSK_OK)
        return rc;
    char obj[32];
    snprintf(obj, sizeof obj, "intake:%lld", (long long)intake_id);
    if ((rc = store_tx_begin(st)) == KIOSK_OK)
        rc = store_tx_end(st, audit_append(st, actor, action, obj, "ok", NULL));
    if (rc != KIOSK_OK) {
        json_decref(root);
        return rc;
    }
    *out = root;
    return KIOSK_OK;
}

int records_export(struct store *st, const struct auth_actor *actor, int64_t intake_id,
                   json_t **out)
{
    return export_as(st, actor, AUTH_ROLE_SUPERVISOR | AUTH_ROLE_ADMIN | AUTH_ROLE_AUDITOR,
                     "intake.export", intake_id, out);
}

int records_slip(struct store *st, const struct auth_actor *actor, int64_t intake_id, json_t **out)
{
    return export_as(st, actor, AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR | AUTH_ROLE_ADMIN,
                     "intake.slip", intake_id, out);
}
