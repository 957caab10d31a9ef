/* The IAQ request state machine, its event timeline, the clocks and the
 * oldest-first work list. Every transition is one transaction holding the
 * state change, an event row and an audit row. */
#include "core/request.h"
#include "core/audit.h"
#include "core/iaq_policy.h"
#include "core/kiosk_err.h"
#include "core/store.h"
#include "core/rowmac.h"
#include "core/store_priv.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const state_names[] = {
    NULL, "queued", "transmitted", "acknowledged", "responded", "closed", "needs_info", "cancelled",
};

const char *request_state_name(enum request_state s)
{
    return (s >= REQUEST_QUEUED && s <= REQUEST_CANCELLED) ? state_names[s] : "?";
}

enum request_state request_state_parse(const char *s)
{
    for (int i = REQUEST_QUEUED; s && i <= REQUEST_CANCELLED; i++)
        if (!strcmp(state_names[i], s))
            return (enum request_state)i;
    return 0;
}

bool request_state_open(enum request_state s)
{
    return s >= REQUEST_QUEUED && s <= REQUEST_CANCELLED && s != REQUEST_CLOSED &&
           s != REQUEST_CANCELLED;
}

const char *const *request_dispositions(void)
{
    static const char *const d[] = {"record_found_citizen",
                                    "record_found_lpr",
                                    "record_found_nonimmigrant",
                                    "record_found_unlawfully_present",
                                    "no_record",
                                    "possible_match",
                                    "detainer_to_follow",
                                    "other",
                                    NULL};
    return d;
}

bool request_disposition_valid(const char *d)
{
    for (const char *const *p = request_dispositions(); d && *p; p++)
        if (!strcmp(*p, d))
            return true;
    return false;
}

const char *request_clock_name(enum request_clock c)
{
    switch (c) {
    case CLOCK_QUEUE:
        return "queue_sla";
    case CLOCK_RESPONSE:
        return "response_sla";
    case CLOCK_STATUTORY:
        return "statutory_48h";
    case CLOCK_NONE:
        break;
    }
    return "none";
}

void request_clocks_compute(const struct store_settings *s, enum request_state state,
                            kiosk_ms_t booked, kiosk_ms_t queued, kiosk_ms_t transmitted,
                            kiosk_ms_t now, struct request_clocks *out)
{
    memset(out, 0, sizeof *out);
    out->statutory_due = booked + (kiosk_ms_t)s->statutory_hours * KIOSK_MS_PER_HOUR;
    out->statutory_met = transmitted != 0 && transmitted <= out->statutory_due;
    switch (state) {
    case REQUEST_QUEUED:
    case REQUEST_NEEDS_INFO: {
        kiosk_ms_t queue_due = queued + (kiosk_ms_t)s->queue_sla_min * KIOSK_MS_PER_MIN;
        bool statutory_running = transmitted == 0;
        if (state == REQUEST_NEEDS_INFO) {
            /* Waiting on the deputy: only the statute runs. */
            if (statutory_running) {
                out->clock = CLOCK_STATUTORY;
                out->due = out->statutory_due;
            }
        } else if (statutory_running &&
                   (out->statutory_due <= queue_due || now > out->statutory_due)) {
            out->clock = CLOCK_STATUTORY;
            out->due = out->statutory_due;
        } else {
            out->clock = CLOCK_QUEUE;
            out->due = queue_due;
        }
        break;
    }
    case REQUEST_TRANSMITTED:
    case REQUEST_ACKNOWLEDGED:
        out->clock = CLOCK_RESPONSE;
        out->due = transmitted + (kiosk_ms_t)s->response_sla_min * KIOSK_MS_PER_MIN;
        break;
    default:
        break;
    }
    out->overdue = out->clock != CLOCK_NONE && now > out->due;
}

int request_event_add(struct store *st, int64_t request_id, const struct auth_actor *actor,
                      const char *from, const char *to, const char *details)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st,
                           "INSERT INTO request_events(request_id, at, actor_badge, from_state,"
                           " to_state, details) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, request_id);
    sqlite3_bind_int64(s, 2, store_now(st));
    sqlite3_bind_text(s, 3, actor && actor->badge[0] ? actor->badge : "local-admin", -1,
                      SQLITE_STATIC);
    store_bind_text(s, 4, from, true);
    sqlite3_bind_text(s, 5, to, -1, SQLITE_STATIC);
    store_bind_text(s, 6, details, true);
    rc = store_sqlite_err(sqlite3_step(s));
    sqlite3_finalize(s);
    return rc;
}

#define ROW_COLUMNS                                                                                \
    "r.id, r.intake_id, i.booking_number, r.state, r.ncic_name, r.offense, r.mules_ref,"           \
    " r.disposition, r.booked, r.queued, r.transmitted, r.responded, r.updated,"                   \
    " r.first_transmitted, r.dhs_due, r.dhs_done, r.released,"                                     \
    " (SELECT 1 + COALESCE(dt.received, 0) FROM detainers dt WHERE dt.request_id = r.id)"

static void row_read(sqlite3_stmt *s, const struct store_settings *set, kiosk_ms_t now,
                     struct request_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(s, 0);
    r->intake_id = sqlite3_column_int64(s, 1);
    store_col_text(s, 2, r->booking_number, sizeof r->booking_number);
    r->state = request_state_parse((const char *)sqlite3_column_text(s, 3));
    store_col_text(s, 4, r->ncic_name, sizeof r->ncic_name);
    store_col_text(s, 5, r->offense, sizeof r->offense);
    store_col_text(s, 6, r->mules_ref, sizeof r->mules_ref);
    store_col_text(s, 7, r->disposition, sizeof r->disposition);
    r->booked = sqlite3_column_int64(s, 8);
    r->queued = sqlite3_column_int64(s, 9);
    r->transmitted = sqlite3_column_int64(s, 10);
    r->responded = sqlite3_column_int64(s, 11);
    r->updated = sqlite3_column_int64(s, 12);
    kiosk_ms_t first = sqlite3_column_int64(s, 13);
    kiosk_ms_t tx = r->transmitted ? r->transmitted : first;
    request_clocks_compute(set, r->state, r->booked, r->queued, tx, now, &r->clocks);
    if (first && first <= r->clocks.statutory_due)
        r->clocks.statutory_met = true;
    r->dhs_due = sqlite3_column_int64(s, 14);
    r->dhs_done = sqlite3_column_int64(s, 15);
    r->released = sqlite3_column_int64(s, 16);
    kiosk_ms_t det = sqlite3_column_int64(s, 17);
    r->detainer = det != 0;
    r->detainer_received = det > 1 ? det - 1 : 0;
}

#define VIEW_ROLES (AUTH_ROLE_DEPUTY | AUTH_ROLE_COMMS | AUTH_ROLE_SUPERVISOR | AUTH_ROLE_ADMIN)

/* What list_row_read needs to compute each row's clocks. */
struct list_ctx {
    const struct store_settings *set;
    kiosk_ms_t now;
};

static bool list_row_read(sqlite3_stmt *s, void *row, void *ctx)
{
    const struct list_ctx *lc = ctx;
    row_read(s, lc->set, lc->now, row);
    return true;
}

int request_list(struct store *st, const struct auth_actor *actor, enum request_state state,
                 struct request_row **rows, size_t *n)
{
    *rows = NULL;
    *n = 0;
    int rc = auth_require(st, actor, VIEW_ROLES);
    if (rc != KIOSK_OK)
        return rc;
    struct store_settings set;
    if ((rc = store_settings_get(st, &set)) != KIOSK_OK)
        return rc;
    sqlite3_stmt *s;
    rc = store_prepare(st,
                       state ? "SELECT " ROW_COLUMNS " FROM requests r JOIN intakes i ON"
                               " i.id = r.intake_id WHERE r.state = ?1 ORDER BY r.queued, r.id"
                             : "SELECT " ROW_COLUMNS " FROM requests r JOIN intakes i ON"
                               " i.id = r.intake_id WHERE r.state NOT IN ('closed','cancelled')"
                               " ORDER BY r.queued, r.id",
                       &s);
    if (rc != KIOSK_OK)
        return rc;
    if (state)
        sqlite3_bind_text(s, 1, request_state_name(state), -1, SQLITE_STATIC);
    struct list_ctx lc = {&set, store_now(st)};
    void *raw;
    size_t cnt;
    if ((rc = store_collect(s, sizeof **rows, 32, list_row_read, &lc, &raw, &cnt)) != KIOSK_OK)
        return rc;
    struct request_row *out = raw;
    char details[48];
    snprintf(details, sizeof details, "state=%s rows=%zu",
             state ? request_state_name(state) : "open", cnt);
    rc = audit_view(st, actor, "request.list", "requests", details);
    if (rc != KIOSK_OK) {
        free(out);
        return rc;
    }
    *rows = out;
    *n = cnt;
    return KIOSK_OK;
}

/* The issue 10 parts of a request's detail: charges, OFF/ choice, DHS
 * notification, release, detainer. */
static int request_detail_more(struct store *st, int64_t id, struct request_detail *out)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st,
                           "SELECT i.charges, r.offense_auto, r.offense_overridden, r.dhs_by,"
                           " r.dhs_method, r.dhs_note, r.released_by, r.release_note, d.opened,"
                           " d.issuing_office, d.form, d.notify_release, d.recorded_by"
                           " FROM requests r JOIN intakes i ON i.id = r.intake_id"
                           " LEFT JOIN detainers d ON d.request_id = r.id WHERE r.id = ?1",
                           &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    if (sqlite3_step(s) == SQLITE_ROW) {
        char charges[INTAKE_CHARGES_MAX * 5 + 1];
        store_col_text(s, 0, charges, sizeof charges);
        int n = 0;
        char *save = NULL;
        for (char *tok = strtok_r(charges, ",", &save); tok && n < INTAKE_CHARGES_MAX;
             tok = strtok_r(NULL, ",", &save))
            snprintf(out->charges[n++], sizeof out->charges[0], "%.4s", tok);
        store_col_text(s, 1, out->offense_auto, sizeof out->offense_auto);
        out->offense_overridden = sqlite3_column_int(s, 2) != 0;
        store_col_text(s, 3, out->dhs_by, sizeof out->dhs_by);
        store_col_text(s, 4, out->dhs_method, sizeof out->dhs_method);
        store_col_text(s, 5, out->dhs_note, sizeof out->dhs_note);
        store_col_text(s, 6, out->released_by, sizeof out->released_by);
        store_col_text(s, 7, out->release_note, sizeof out->release_note);
        out->detainer_opened = sqlite3_column_int64(s, 8);
        store_col_text(s, 9, out->detainer_office, sizeof out->detainer_office);
        store_col_text(s, 10, out->detainer_form, sizeof out->detainer_form);
        out->detainer_notify_release = sqlite3_column_int(s, 11) != 0;
        store_col_text(s, 12, out->detainer_by, sizeof out->detainer_by);
    }
    sqlite3_finalize(s);
    return KIOSK_OK;
}

int request_get(struct store *st, const struct auth_actor *actor, int64_t id,
                struct request_detail *out)
{
    memset(out, 0, sizeof *out);
    int rc = auth_require(st, actor, VIEW_ROLES);
    if (rc != KIOSK_OK)
        return rc;
    struct store_settings set;
    if ((rc = store_settings_get(st, &set)) != KIOSK_OK)
        return rc;
    sqlite3_stmt *s;
    if ((rc = store_prepare(st,
                            "SELECT " ROW_COLUMNS ", r.fields, r.attention, r.needs_info_text,"
                            " r.cancel_reason, r.response_text, i.purged FROM requests r"
                            " JOIN intakes i ON i.id = r.intake_id WHERE r.id = ?1",
                            &s)) != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        row_read(s, &set, store_now(st), &out->row);
        json_t *j = json_loads((const char *)sqlite3_column_text(s, 18), 0, NULL);
        intake_iaq_from_json(j, &out->iaq, NULL);
        json_decref(j);
        store_col_text(s, 19, out->attention, sizeof out->attention);
        store_col_text(s, 20, out->needs_info_text, sizeof out->needs_info_text);
        store_col_text(s, 21, out->cancel_reason, sizeof out->cancel_reason);
        const char *t = (const char *)sqlite3_column_text(s, 22);
        if (t && !(out->response_text = strdup(t)))
            rc = KIOSK_ERR_NOMEM;
        out->purged = sqlite3_column_int(s, 23) != 0;
    } else {
        rc = r == SQLITE_DONE ? KIOSK_ERR_NOT_FOUND : store_sqlite_err(r);
    }
    sqlite3_finalize(s);
    if (rc == KIOSK_OK)
        rc = request_detail_more(st, id, out);
    if (rc == KIOSK_OK && (rc = store_tx_begin(st)) == KIOSK_OK) {
        char obj[32];
        snprintf(obj, sizeof obj, "request:%lld", (long long)id);
        rc = store_tx_end(st, audit_append(st, actor, "request.view", obj, "ok", NULL));
    }
    if (rc != KIOSK_OK)
        request_detail_finish(out);
    return rc;
}

void request_detail_finish(struct request_detail *d)
{
    if (!d)
        return;
    free(d->response_text);
    d->response_text = NULL;
}

int request_iaq_text(struct store *st, const struct auth_actor *actor, int64_t id, char *out,
                     size_t out_len)
{
    return request_iaq_render(st, actor, id, false, out, out_len, NULL, 0);
}

int request_iaq_render(struct store *st, const struct auth_actor *actor, int64_t id, bool nlets,
                       char *out, size_t out_len, char *msg, size_t msg_len)
{
    struct store_settings set;
    int rc = store_settings_get(st, &set);
    if (rc != KIOSK_OK)
        return rc;
    if (!set.ori[0])
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID,
                         "ori is not set: an administrator sets the agency ORI first "
                         "(kioskctl db set ori MO0950000, or Settings on the kiosk)");
    if (!set.desk_phone[0])
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID,
                         "desk_phone is not set: an administrator sets the booking desk phone "
                         "first (kioskctl db set desk_phone ..., or Settings on the kiosk)");
    struct request_detail d;
    rc = request_get(st, actor, id, &d);
    if (rc != KIOSK_OK)
        return rc;
    {
        struct iaq_header h = {.ori = set.ori,
                               .purpose = "C",
                               .attention = d.attention,
                               .phone = set.desk_phone,
                               .custody = "Y"};
        rc = d.purged ? KIOSK_ERR_NOT_FOUND : iaq_render_text(&d.iaq, &h, out, out_len);
        if (rc >= 0 && nlets) {
            char *tmp = strdup(out);
            rc = tmp ? iaq_render_nlets(tmp, out, out_len) : KIOSK_ERR_NOMEM;
            free(tmp);
        }
    }
    request_detail_finish(&d);
    return rc;
}

static bool event_row_read(sqlite3_stmt *s, void *row, void *ctx)
{
    (void)ctx;
    struct request_event *e = row;
    e->id = sqlite3_column_int64(s, 0);
    e->at = sqlite3_column_int64(s, 1);
    store_col_text(s, 2, e->actor_badge, sizeof e->actor_badge);
    e->from = request_state_parse((const char *)sqlite3_column_text(s, 3));
    e->to = request_state_parse((const char *)sqlite3_column_text(s, 4));
    store_col_text(s, 5, e->details, sizeof e->details);
    return true;
}

int request_events(struct store *st, const struct auth_actor *actor, int64_t id,
                   struct request_event **ev, size_t *n)
{
    *ev = NULL;
    *n = 0;
    int rc = auth_require(st, actor, VIEW_ROLES);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_stmt *s;
    if ((rc = store_prepare(st,
                            "SELECT id, at, actor_badge, from_state, to_state, details FROM"
                            " request_events WHERE request_id = ?1 ORDER BY id",
                            &s)) != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    void *raw;
    size_t cnt;
    if ((rc = store_collect(s, sizeof **ev, 8, event_row_read, NULL, &raw, &cnt)) != KIOSK_OK)
        return rc;
    struct request_event *out = raw;
    if (cnt == 0)
        rc = KIOSK_ERR_NOT_FOUND;
    if (rc == KIOSK_OK) {
        char obj[32];
        snprintf(obj, sizeof obj, "request:%lld", (long long)id);
        rc = audit_view(st, actor, "request.events", obj, NULL);
    }
    if (rc != KIOSK_OK) {
        free(out);
        return rc;
    }
    *ev = out;
    *n = cnt;
    return KIOSK_OK;
}

/* One transition: the parameters that differ between them. */
struct transition {
    const char *verb;   /* "transmit" (audit action request.<verb>) */
    unsigned roles;     /* who may */
    unsigned from_mask; /* bit (1 << state) for each allowed source state */
    enum request_state to;
    const char *update_sql; /* ?1 id, ?2 now, ?3 text a, ?4 text b, ?5 text c */
    const char *a, *b, *c;  /* bound as ?3, ?4 and ?5 */
    const char *details;    /* event/audit details (no PII) */
    /* What the audit row says instead of details (NULL: details): the audit
     * is never purged, so identifiers such as the MULES reference stay in
     * the request's events only (issue 12). */
    const char *audit_details;
    bool close_intake; /* also set the intake's closed time */
    const struct iaq_fields *requeue_fields;
};

#define FROM(s) (1u << (s))
#define OPEN_STATES                                                                                \
    (FROM(REQUEST_QUEUED) | FROM(REQUEST_TRANSMITTED) | FROM(REQUEST_ACKNOWLEDGED) |               \
     FROM(REQUEST_RESPONDED) | FROM(REQUEST_NEEDS_INFO))

static void allowed_from(unsigned mask, char *buf, size_t len)
{
    buf[0] = '\0';
    for (int i = REQUEST_QUEUED; i <= REQUEST_CANCELLED; i++) {
        if (!(mask & FROM(i)))
            continue;
        size_t l = strlen(buf);
        snprintf(buf + l, len - l, "%s%s", l ? " or " : "", state_names[i]);
    }
}

static int transition_run(struct store *st, const struct auth_actor *actor, int64_t id,
                          const struct transition *t, char *msg, size_t msg_len)
{
    if (msg && msg_len)
        msg[0] = '\0';
    int rc = auth_require(st, actor, t->roles);
    if (rc != KIOSK_OK)
        return store_msg(msg, msg_len, rc, "your role may not %s a request", t->verb);
    if ((rc = store_tx_begin(st)) != KIOSK_OK)
        return store_msg(msg, msg_len, rc, "the database is busy; try again");
    sqlite3_stmt *s = NULL;
    enum request_state from = 0;
    int64_t intake_id = 0;
    if ((rc = store_prepare(st, "SELECT state, intake_id FROM requests WHERE id = ?1", &s)) ==
        KIOSK_OK) {
        sqlite3_bind_int64(s, 1, id);
        int r = sqlite3_step(s);
        if (r == SQLITE_ROW) {
            from = request_state_parse((const char *)sqlite3_column_text(s, 0));
            intake_id = sqlite3_column_int64(s, 1);
        } else {
            rc = r == SQLITE_DONE ? store_msg(msg, msg_len, KIOSK_ERR_NOT_FOUND, "no request %lld",
                                              (long long)id)
                                  : store_sqlite_err(r);
        }
        sqlite3_finalize(s);
    }
    /* A request or intake edited in the file (state, decision) is refused. */
    if (rc == KIOSK_OK && (rc = rowmac_check(st, ROWMAC_REQUESTS, id)) == KIOSK_OK)
        rc = rowmac_check(st, ROWMAC_INTAKES, intake_id);
    if (rc == KIOSK_ERR_CORRUPT)
        store_msg(msg, msg_len, rc, "%s", store_alarm(st));
    if (rc == KIOSK_OK && !(t->from_mask & FROM(from))) {
        char allowed[96];
        allowed_from(t->from_mask, allowed, sizeof allowed);
        rc = store_msg(msg, msg_len, KIOSK_ERR_STATE,
                       "request %lld is %s; only a %s request can be %s", (long long)id,
                       request_state_name(from), allowed,
                       t->to == REQUEST_QUEUED ? "re-queued" : request_state_name(t->to));
    }
    kiosk_ms_t now = store_now(st);
    /* The timeline only moves forward: a change stamped before the last
     * event (a wrong clock, or a back-dated command) is refused. */
    if (rc == KIOSK_OK &&
        (rc = store_prepare(st, "SELECT max(at) FROM request_events WHERE request_id = ?1", &s)) ==
            KIOSK_OK) {
        sqlite3_bind_int64(s, 1, id);
        int r = sqlite3_step(s);
        kiosk_ms_t last = r == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
        sqlite3_finalize(s);
        if (r != SQLITE_ROW) {
            rc = store_sqlite_err(r);
        } else if (now < last) {
            char a[KIOSK_ISO_LEN], b[KIOSK_ISO_LEN];
            rc = store_msg(msg, msg_len, KIOSK_ERR_STATE,
                           "request %lld's last event is at %s; a change cannot be recorded "
                           "earlier (%s): check the clock",
                           (long long)id, clock_format_iso(last, a, sizeof a),
                           clock_format_iso(now, b, sizeof b));
        }
    }
    if (rc == KIOSK_OK && (rc = store_prepare(st, t->update_sql, &s)) == KIOSK_OK) {
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int64(s, 2, now);
        store_bind_text(s, 3, t->a, true);
        store_bind_text(s, 4, t->b, true);
        if (sqlite3_bind_parameter_count(s) >= 5)
            store_bind_text(s, 5, t->c, true);
        rc = store_sqlite_err(sqlite3_step(s));
        sqlite3_finalize(s);
    }
    if (rc == KIOSK_OK)
        rc = rowmac_seal(st, ROWMAC_REQUESTS, id);
    if (rc == KIOSK_OK && t->close_intake &&
        (rc = store_prepare(st, "UPDATE intakes SET closed = ?2 WHERE id = ?1", &s)) == KIOSK_OK) {
        sqlite3_bind_int64(s, 1, intake_id);
        sqlite3_bind_int64(s, 2, now);
        rc = store_sqlite_err(sqlite3_step(s));
        sqlite3_finalize(s);
    }
    if (rc == KIOSK_OK)
        rc = request_event_add(st, id, actor, request_state_name(from), request_state_name(t->to),
                               t->details);
    char obj[32], details[320];
    snprintf(obj, sizeof obj, "request:%lld", (long long)id);
    const char *ad = t->audit_details ? t->audit_details : t->details;
    snprintf(details, sizeof details, "%s->%s%s%s", request_state_name(from),
             request_state_name(t->to), ad ? " " : "", ad ? ad : "");
    if (rc == KIOSK_OK) {
        char action[40];
        snprintf(action, sizeof action, "request.%s", t->verb);
        rc = audit_append(st, actor, action, obj, "ok", details);
    }
    return store_tx_end(st, rc);
}

static bool printable(const char *s, size_t max)
{
    size_t n = 0;
    for (; *s; s++, n++)
        if ((unsigned char)*s < 0x20 || *s == 0x7F)
            return false;
    return n <= max;
}

int request_transmit(struct store *st, const struct auth_actor *actor, int64_t id,
                     const char *mules_ref, char *msg, size_t msg_len)
{
    if (mules_ref && !printable(mules_ref, 31))
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID,
                         "the MULES reference must be at most 31 printable characters");
    char details[64];
    snprintf(details, sizeof details, "mules_ref=%s",
             mules_ref && mules_ref[0] ? mules_ref : "(not given)");
    struct transition t = {
        .verb = "transmit",
        .roles = AUTH_ROLE_COMMS | AUTH_ROLE_SUPERVISOR,
        .from_mask = FROM(REQUEST_QUEUED),
        .to = REQUEST_TRANSMITTED,
        .update_sql = "UPDATE requests SET state = 'transmitted', transmitted = ?2,"
                      " first_transmitted = COALESCE(first_transmitted, ?2), mules_ref = ?3,"
                      " updated = ?2 WHERE id = ?1",
        .a = mules_ref,
        .details = details,
        .audit_details = mules_ref && mules_ref[0] ? "mules_ref given" : "mules_ref not given",
    };
    return transition_run(st, actor, id, &t, msg, msg_len);
}

int request_ack(struct store *st, const struct auth_actor *actor, int64_t id, char *msg,
                size_t msg_len)
{
    struct transition t = {
        .verb = "ack",
        .roles = AUTH_ROLE_COMMS | AUTH_ROLE_SUPERVISOR,
        .from_mask = FROM(REQUEST_TRANSMITTED),
        .to = REQUEST_ACKNOWLEDGED,
        .update_sql = "UPDATE requests SET state = 'acknowledged', acknowledged = ?2,"
                      " updated = ?2 WHERE id = ?1",
    };
    return transition_run(st, actor, id, &t, msg, msg_len);
}

static int respond_extra(struct store *st, int64_t id, const char *sql);
static int respond_run(struct store *st, const struct auth_actor *actor, int64_t id,
                       const char *disposition, const char *text, const char *details, char *msg,
                       size_t msg_len);

int request_respond(struct store *st, const struct auth_actor *actor, int64_t id,
                    const char *disposition, const char *text, char *msg, size_t msg_len)
{
    if (!request_disposition_valid(disposition)) {
        char list[256] = "";
        for (const char *const *d = request_dispositions(); *d; d++) {
            size_t l = strlen(list);
            snprintf(list + l, sizeof list - l, "%s%s", l ? ", " : "", *d);
        }
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID, "disposition must be one of %s", list);
    }
    if (!text || !text[0])
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID,
                         "the IAR text is required (paste ICE's answer verbatim)");
    if (strlen(text) > 65536)
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID, "the IAR text is longer than 64 KiB");
    char details[64];
    snprintf(details, sizeof details, "disposition=%s", disposition);
    /* issue 10: RSMo 544.472 "shall notify" DHS when unlawfully present (due
     * at once); "detainer to follow" opens the detainer record. Both in the
     * transition's transaction. */
    int rc = store_tx_begin(st);
    if (rc != KIOSK_OK)
        return store_msg(msg, msg_len, rc, "the database is busy; try again");
    rc = respond_run(st, actor, id, disposition, text, details, msg, msg_len);
    if (rc == KIOSK_OK && !strcmp(disposition, "record_found_unlawfully_present"))
        rc = respond_extra(st, id,
                           "UPDATE requests SET dhs_due = COALESCE(dhs_due, ?2) WHERE id = ?1");
    if (rc == KIOSK_OK && !strcmp(disposition, "detainer_to_follow"))
        rc = respond_extra(st, id,
                           "INSERT INTO detainers(request_id, opened) VALUES (?1, ?2)"
                           " ON CONFLICT(request_id) DO NOTHING");
    return store_tx_end(st, rc);
}

static int respond_extra(struct store *st, int64_t id, const char *sql)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st, sql, &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int64(s, 2, store_now(st));
    rc = store_sqlite_err(sqlite3_step(s));
    sqlite3_finalize(s);
    return rc;
}

static int respond_run(struct store *st, const struct auth_actor *actor, int64_t id,
                       const char *disposition, const char *text, const char *details, char *msg,
                       size_t msg_len)
{
    struct transition t = {
        .verb = "respond",
        .roles = AUTH_ROLE_COMMS | AUTH_ROLE_SUPERVISOR,
        .from_mask = FROM(REQUEST_TRANSMITTED) | FROM(REQUEST_ACKNOWLEDGED),
        .to = REQUEST_RESPONDED,
        .update_sql = "UPDATE requests SET state = 'responded', responded = ?2, ended = ?2,"
                      " disposition = ?3, response_text = ?4, updated = ?2 WHERE id = ?1",
        .a = disposition,
        .b = text,
        .details = details,
    };
    return transition_run(st, actor, id, &t, msg, msg_len);
}

int request_needs_info(struct store *st, const struct auth_actor *actor, int64_t id,
                       const char *text, char *msg, size_t msg_len)
{
    if (!text || !text[0] || strlen(text) > 255)
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID,
                         "say what information is needed (1-255 characters)");
    struct transition t = {
        .verb = "needs_info",
        .roles = AUTH_ROLE_COMMS | AUTH_ROLE_SUPERVISOR,
        .from_mask = FROM(REQUEST_QUEUED) | FROM(REQUEST_TRANSMITTED) | FROM(REQUEST_ACKNOWLEDGED) |
                     FROM(REQUEST_RESPONDED),
        .to = REQUEST_NEEDS_INFO,
        .update_sql = "UPDATE requests SET state = 'needs_info', needs_info_text = ?3,"
                      " ended = NULL, updated = ?2 WHERE id = ?1",
        .a = text,
    };
    return transition_run(st, actor, id, &t, msg, msg_len);
}

int request_requeue(struct store *st, const struct auth_actor *actor, int64_t id,
                    const struct iaq_fields *fields, struct iaq_problems *p, char *msg,
                    size_t msg_len)
{
    char *text = NULL, name[IAQ_NAME_MAX] = "";
    if (fields) {
        struct iaq_problems local = {0};
        if (!p)
            p = &local;
        if (iaq_validate(fields, store_now(st), p) > 0)
            return store_msg(msg, msg_len, KIOSK_ERR_INVALID, "%s: %s", p->items[0].field,
                             p->items[0].message);
        json_t *j = intake_iaq_to_json(fields);
        text = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        json_decref(j);
        if (!text)
            return KIOSK_ERR_NOMEM;
        iaq_format_name(fields, name, sizeof name);
    }
    struct transition t = {
        .verb = "requeue",
        .roles = AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR,
        .from_mask = FROM(REQUEST_NEEDS_INFO),
        .to = REQUEST_QUEUED,
        .update_sql = "UPDATE requests SET state = 'queued', queued = ?2, transmitted = NULL,"
                      " acknowledged = NULL, responded = NULL, ended = NULL,"
                      " disposition = NULL, fields = COALESCE(?3, fields),"
                      " ncic_name = COALESCE(?4, ncic_name), offense = COALESCE(?5, offense),"
                      " updated = ?2 WHERE id = ?1",
        .a = text,
        .b = fields ? name : NULL,
        .c = fields ? fields->offense : NULL, /* validated: never empty */
        .details = fields ? "fields updated" : NULL,
    };
    int rc = transition_run(st, actor, id, &t, msg, msg_len);
    free(text);
    return rc;
}

int request_close(struct store *st, const struct auth_actor *actor, int64_t id, char *msg,
                  size_t msg_len)
{
    /* issue 10: the DHS notification stays on the board until done */
    sqlite3_stmt *q;
    if (store_prepare(st,
                      "SELECT 1 FROM requests WHERE id = ?1 AND dhs_due IS NOT NULL AND"
                      " dhs_done IS NULL",
                      &q) == KIOSK_OK) {
        sqlite3_bind_int64(q, 1, id);
        bool pending = sqlite3_step(q) == SQLITE_ROW;
        sqlite3_finalize(q);
        if (pending)
            return store_msg(msg, msg_len, KIOSK_ERR_STATE,
                             "request %lld: notify DHS first (RSMo 544.472: unlawfully present); "
                             "record it with request dhs-notified",
                             (long long)id);
    }
    struct transition t = {
        .verb = "close",
        .roles = AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR,
        .from_mask = FROM(REQUEST_RESPONDED),
        .to = REQUEST_CLOSED,
        .update_sql = "UPDATE requests SET state = 'closed', closed = ?2, updated = ?2"
                      " WHERE id = ?1",
        .close_intake = true,
    };
    return transition_run(st, actor, id, &t, msg, msg_len);
}

int request_cancel(struct store *st, const struct auth_actor *actor, int64_t id, const char *reason,
                   char *msg, size_t msg_len)
{
    if (!reason || !reason[0] || strlen(reason) > 255)
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID,
                         "a reason (1-255 characters) is required to cancel");
    struct transition t = {
        .verb = "cancel",
        .roles = AUTH_ROLE_SUPERVISOR,
        .from_mask = OPEN_STATES,
        .to = REQUEST_CANCELLED,
        .update_sql = "UPDATE requests SET state = 'cancelled', cancelled = ?2,"
                      " ended = COALESCE(ended, ?2), cancel_reason = ?3, updated = ?2"
                      " WHERE id = ?1",
        .a = reason,
        .close_intake = true,
    };
    return transition_run(st, actor, id, &t, msg, msg_len);
}
