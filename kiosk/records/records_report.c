/* The period report (intakes by basis and deputy, IAQ turnaround against the
 * response SLA and RSMo 544.472's 48 hours, dispositions, consular records
 * by country with late steps kept visible, per-day series) and the shift
 * handover (what is open at a time). Reads through the intakes_created
 * index and the requests/consular rows of the period only, so its cost
 * follows the period, not the years of history. */
#include "records/records.h"
#include "core/audit.h"
#include "core/kiosk_err.h"
#include "core/store.h"
#include "core/store_priv.h"
#include "core/tz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Consular deadlines of the report (VCCR Art. 36 practice in the policy):
 * informed of the right within 24 h, the consulate notified within 72 h. */
#define INFORM_WITHIN_MS (24 * KIOSK_MS_PER_HOUR)
#define NOTIFY_WITHIN_MS (72 * KIOSK_MS_PER_HOUR)

struct i64s {
    int64_t *v;
    size_t n, cap;
};

static int i64s_push(struct i64s *a, int64_t x)
{
    int64_t *nv = store_array_reserve(a->v, a->n, &a->cap, sizeof *a->v, 256);
    if (!nv)
        return KIOSK_ERR_NOMEM;
    a->v = nv;
    a->v[a->n++] = x;
    return KIOSK_OK;
}

/* The k-th smallest of v[0..n) (0-based), by quickselect (Hoare partition,
 * middle pivot): v is reordered, O(n) on average instead of a sort's
 * O(n log n), which matters over a year of requests. */
static int64_t select_k(int64_t *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        int64_t pivot = v[lo + (hi - lo) / 2];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i <= j) {
                int64_t t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return v[k];
    }
    return v[k];
}

/* Nearest-rank percentile (p in 1..100) of v[0..n): the value at rank
 * ceil(p/100 * n) of the sorted samples; -1 when n is 0. v is reordered. */
static int64_t percentile(int64_t *v, size_t n, int p)
{
    if (n == 0)
        return -1;
    size_t rank = ((size_t)p * n + 99) / 100;
    return select_k(v, n, rank ? rank - 1 : 0);
}

/* The day index of t among the local-midnight bounds day[0..days]. */
static int day_of(const kiosk_ms_t *bounds, int days, kiosk_ms_t t)
{
    int lo = 0, hi = days - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (bounds[mid] <= t)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

#define HOUR_MS KIOSK_MS_PER_HOUR

/* The cuts of a report: its bounds and every local midnight between them.
 * An hourly summary row is used only for an hour no cut falls strictly
 * inside; such an hour (a zone whose midnight is not a whole UTC hour, a
 * --from given as 10:30) is read from the raw rows instead. */
struct cuts {
    int64_t raw_hours[RECORDS_MAX_DAYS + 4]; /* ascending, unique */
    size_t n;
};

static void cuts_build(const struct records_period *p, const kiosk_ms_t *bounds, struct cuts *c)
{
    c->n = 0;
    for (int d = 0; d <= p->days; d++) {
        kiosk_ms_t t = d == 0 ? p->from : d == p->days ? p->to : bounds[d];
        if (t % HOUR_MS == 0)
            continue;
        int64_t h = t / HOUR_MS;
        if (!c->n || c->raw_hours[c->n - 1] != h)
            c->raw_hours[c->n++] = h;
    }
}

static bool cuts_raw(const struct cuts *c, int64_t h)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->raw_hours[mid] == h)
            return true;
        if (c->raw_hours[mid] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

/* Counts n intakes of basis by deputy badge on day d (manual of them
 * entered by hand). */
static void add_intakes(struct records_period *p, const char *basis, const char *badge, int d,
                        int64_t n, int64_t manual)
{
    struct records_deputy_count *dc = NULL;
    for (size_t k = 0; k < p->deputy_count && !dc; k++)
        if (!strcmp(p->deputies[k].badge, badge ? badge : ""))
            dc = &p->deputies[k];
    if (!dc && p->deputy_count < RECORDS_MAX_DEPUTIES) {
        dc = &p->deputies[p->deputy_count++];
        snprintf(dc->badge, sizeof dc->badge, "%s", badge ? badge : "");
    } else if (!dc) {
        p->deputies_cut = true;
    }
    p->intakes += n;
    switch (records_basis_parse(basis)) {
    case INTAKE_EXEMPT_ID:
        p->exempt_id += n;
        p->exempt_id_manual += manual;
        p->day_exempt_id[d] += n;
        if (dc) {
            dc->exempt_id += n;
            dc->exempt_id_manual += manual;
        }
        break;
    case INTAKE_EXEMPT_KNOWN:
        p->exempt_known += n;
        p->day_exempt_known[d] += n;
        if (dc)
            dc->exempt_known += n;
        break;
    case INTAKE_IAQ:
        p->iaq += n;
        p->day_iaq[d] += n;
        if (dc)
            dc->iaq += n;
        break;
    }
}

/* Counts n requests in state with disposition (may be ""). */
static void add_requests(struct records_period *p, const char *state_text, const char *dispo,
                         int64_t n, int64_t *requests)
{
    *requests += n;
    enum request_state state = request_state_parse(state_text);
    if (state == REQUEST_CANCELLED)
        p->cancelled += n;
    else if (state != REQUEST_RESPONDED && state != REQUEST_CLOSED)
        p->still_open += n;
    if (dispo && dispo[0]) {
        size_t k = 0;
        while (k < p->disposition_kinds && strcmp(p->dispositions[k], dispo) != 0)
            k++;
        if (k == p->disposition_kinds && k < RECORDS_MAX_DISPOS)
            snprintf(p->dispositions[p->disposition_kinds++], sizeof p->dispositions[0], "%s",
                     dispo);
        if (k < RECORDS_MAX_DISPOS)
            p->disposition_count[k] += n;
    }
}

/* Runs s (bound ?1, ?2 to [a, b)) and hands each row to fn. */
static int each_row(sqlite3_stmt *s, kiosk_ms_t a, kiosk_ms_t b, void (*fn)(sqlite3_stmt *, void *),
                    void *ctx)
{
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, a);
    sqlite3_bind_int64(s, 2, b);
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW)
        fn(s, ctx);
    return r == SQLITE_DONE ? KIOSK_OK : store_sqlite_err(r);
}

struct counting {
    struct records_period *p;
    const kiosk_ms_t *bounds;
    const struct cuts *cuts;
    int64_t requests;
};

static void intake_summary_row(sqlite3_stmt *s, void *ctx)
{
    struct counting *c = ctx;
    int64_t h = sqlite3_column_int64(s, 0);
    if (cuts_raw(c->cuts, h))
        return;
    add_intakes(c->p, (const char *)sqlite3_column_text(s, 1),
                (const char *)sqlite3_column_text(s, 2), day_of(c->bounds, c->p->days, h * HOUR_MS),
                sqlite3_column_int64(s, 3), sqlite3_column_int64(s, 4));
}

static void intake_raw_row(sqlite3_stmt *s, void *ctx)
{
    struct counting *c = ctx;
    add_intakes(c->p, (const char *)sqlite3_column_text(s, 0),
                (const char *)sqlite3_column_text(s, 1),
                day_of(c->bounds, c->p->days, sqlite3_column_int64(s, 2)), 1,
                sqlite3_column_int(s, 3) != 0);
}

static void request_summary_row(sqlite3_stmt *s, void *ctx)
{
    struct counting *c = ctx;
    if (cuts_raw(c->cuts, sqlite3_column_int64(s, 0)))
        return;
    add_requests(c->p, (const char *)sqlite3_column_text(s, 1),
                 (const char *)sqlite3_column_text(s, 2), sqlite3_column_int64(s, 3), &c->requests);
}

static void request_raw_row(sqlite3_stmt *s, void *ctx)
{
    struct counting *c = ctx;
    add_requests(c->p, (const char *)sqlite3_column_text(s, 0),
                 (const char *)sqlite3_column_text(s, 1), 1, &c->requests);
}

/* Intakes by basis, deputy and day, and requests by state and disposition:
 * whole hours from the summary rows (records_hour_*), cut hours from the
 * rows themselves. *requests = requests booked in the period. */
static int period_counts(struct store *st, struct records_period *p, const kiosk_ms_t *bounds,
                         int64_t *requests)
{
    struct cuts cuts;
    cuts_build(p, bounds, &cuts);
    struct counting c = {.p = p, .bounds = bounds, .cuts = &cuts};
    sqlite3_stmt *si = NULL, *ri = NULL, *sr = NULL, *rr = NULL;
    int rc = store_prepare(st,
                           "SELECT hour, basis, deputy_badge, n, manual FROM records_hour_intakes"
                           " WHERE hour >= ?1 AND hour < ?2 AND n > 0",
                           &si);
    if (rc == KIOSK_OK)
        rc = store_prepare(st,
                           "SELECT i.basis, i.deputy_badge, i.created,"
                           " CASE WHEN i.basis = 'exempt_id' THEN EXISTS(SELECT 1 FROM"
                           "  id_documents d WHERE d.intake_id = i.id AND d.source = 'manual')"
                           "  ELSE 0 END"
                           " FROM intakes i WHERE i.created >= ?1 AND i.created < ?2",
                           &ri);
    if (rc == KIOSK_OK)
        rc = store_prepare(st,
                           "SELECT hour, state, disposition, n FROM records_hour_requests"
                           " WHERE hour >= ?1 AND hour < ?2 AND n > 0",
                           &sr);
    if (rc == KIOSK_OK)
        rc = store_prepare(st,
                           /* booked is the intake's time (intake_add) */
                           "SELECT state, disposition FROM requests"
                           " WHERE booked >= ?1 AND booked < ?2",
                           &rr);
    /* every hour the period touches; the cut ones are skipped and read raw */
    int64_t h0 = p->from / HOUR_MS, h1 = (p->to + HOUR_MS - 1) / HOUR_MS;
    if (rc == KIOSK_OK)
        rc = each_row(si, h0, h1, intake_summary_row, &c);
    if (rc == KIOSK_OK)
        rc = each_row(sr, h0, h1, request_summary_row, &c);
    for (size_t i = 0; rc == KIOSK_OK && i < cuts.n; i++) {
        kiosk_ms_t a = cuts.raw_hours[i] * HOUR_MS, b = a + HOUR_MS;
        a = a < p->from ? p->from : a;
        b = b > p->to ? p->to : b;
        if ((rc = each_row(ri, a, b, intake_raw_row, &c)) == KIOSK_OK)
            rc = each_row(rr, a, b, request_raw_row, &c);
    }
    sqlite3_finalize(si);
    sqlite3_finalize(ri);
    sqlite3_finalize(sr);
    sqlite3_finalize(rr);
    *requests = c.requests;
    return rc;
}

/* The turnaround samples of requests booked in the period, from the narrow
 * requests_turnaround index: booking -> first transmission, latest
 * transmission -> answer. */
static int period_turnaround(struct store *st, const struct store_settings *set,
                             struct records_period *p, const kiosk_ms_t *bounds, int64_t requests)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st,
                           /* the planner would take the wider requests_booked */
                           "SELECT booked, first_transmitted - booked, responded - transmitted"
                           " FROM requests INDEXED BY requests_turnaround"
                           " WHERE booked >= ?1 AND booked < ?2 AND first_transmitted IS NOT NULL",
                           &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, p->from);
    sqlite3_bind_int64(s, 2, p->to);
    struct i64s b2t = {0}, t2r = {0};
    struct i64s *day = calloc((size_t)p->days, sizeof *day);
    if (!day) {
        sqlite3_finalize(s);
        return KIOSK_ERR_NOMEM;
    }
    kiosk_ms_t sla = (kiosk_ms_t)set->response_sla_min * KIOSK_MS_PER_MIN;
    kiosk_ms_t statutory = (kiosk_ms_t)set->statutory_hours * KIOSK_MS_PER_HOUR;
    int r;
    while (rc == KIOSK_OK && (r = sqlite3_step(s)) == SQLITE_ROW) {
        kiosk_ms_t booked = sqlite3_column_int64(s, 0);
        kiosk_ms_t first = sqlite3_column_int64(s, 1);
        p->transmitted++;
        rc = i64s_push(&b2t, first);
        if (rc == KIOSK_OK)
            rc = i64s_push(&day[day_of(bounds, p->days, booked)], first);
        if (first <= statutory)
            p->within_48h++;
        if (sqlite3_column_type(s, 2) != SQLITE_NULL) {
            kiosk_ms_t resp = sqlite3_column_int64(s, 2);
            p->responded++;
            if (rc == KIOSK_OK)
                rc = i64s_push(&t2r, resp);
            if (resp <= sla)
                p->within_response_sla++;
        }
    }
    if (rc == KIOSK_OK && r != SQLITE_DONE)
        rc = store_sqlite_err(r);
    sqlite3_finalize(s);
    p->b2t_median = percentile(b2t.v, b2t.n, 50);
    p->b2t_p90 = percentile(b2t.v, b2t.n, 90);
    p->t2r_median = percentile(t2r.v, t2r.n, 50);
    p->t2r_p90 = percentile(t2r.v, t2r.n, 90);
    p->within_response_sla_share =
        p->responded ? (double)p->within_response_sla / (double)p->responded : 0;
    p->within_48h_share = requests ? (double)p->within_48h / (double)requests : 0;
    for (int d = 0; d < p->days; d++) {
        p->day_b2t_median[d] = percentile(day[d].v, day[d].n, 50);
        free(day[d].v);
    }
    free(day);
    free(b2t.v);
    free(t2r.v);
    return rc;
}

static int late_add(struct records_period *p, size_t *cap, int64_t intake_id, const char *booking,
                    const char *code, const char *step, kiosk_ms_t opened, kiosk_ms_t done,
                    kiosk_ms_t late_by)
{
    struct records_late *nl = store_array_reserve(p->late, p->late_count, cap, sizeof *nl, 16);
    if (!nl)
        return KIOSK_ERR_NOMEM;
    p->late = nl;
    struct records_late *l = &p->late[p->late_count++];
    memset(l, 0, sizeof *l);
    l->intake_id = intake_id;
    snprintf(l->booking_number, sizeof l->booking_number, "%s", booking ? booking : "");
    snprintf(l->code, sizeof l->code, "%s", code);
    snprintf(l->step, sizeof l->step, "%s", step);
    l->opened = opened;
    l->done = done;
    l->late_by = late_by;
    return KIOSK_OK;
}

static struct records_country *country_get(struct records_period *p, const char *code)
{
    for (size_t k = 0; k < p->country_count; k++)
        if (!strcmp(p->countries[k].code, code))
            return &p->countries[k];
    if (p->country_count == RECORDS_MAX_COUNTRIES)
        return NULL;
    struct records_country *c = &p->countries[p->country_count++];
    snprintf(c->code, sizeof c->code, "%s", code);
    return c;
}

static int period_consular(struct store *st, struct records_period *p, kiosk_ms_t now)
{
    sqlite3_stmt *s;
    /* opened is the intake's time (consular_open); the booking number comes
     * with the row (a rowid lookup), not from a statement per late record */
    int rc = store_prepare(st,
                           "SELECT c.intake_id, c.nationality, c.mandatory, c.opened, c.informed,"
                           " c.notified, c.wish, i.booking_number FROM consular c"
                           " JOIN intakes i ON i.id = c.intake_id"
                           " WHERE c.opened >= ?1 AND c.opened < ?2 ORDER BY c.opened",
                           &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, p->from);
    sqlite3_bind_int64(s, 2, p->to);
    size_t cap = 0;
    int r;
    while (rc == KIOSK_OK && (r = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(s, 0);
        char nat[24], booking[INTAKE_BOOKING_MAX] = "";
        store_col_text(s, 1, nat, sizeof nat);
        bool mandatory = sqlite3_column_int(s, 2) != 0;
        kiosk_ms_t opened = sqlite3_column_int64(s, 3);
        kiosk_ms_t informed = sqlite3_column_int64(s, 4); /* 0 when NULL */
        kiosk_ms_t notified = sqlite3_column_int64(s, 5);
        const char *wish = (const char *)sqlite3_column_text(s, 6);
        bool requested = !mandatory && wish && !strcmp(wish, "requested");
        bool declined = !mandatory && wish && !strcmp(wish, "declined");
        p->consular_requested += requested;
        p->consular_declined += declined;
        bool inform_late =
            informed ? informed - opened > INFORM_WITHIN_MS : now - opened > INFORM_WITHIN_MS;
        bool notify_late = mandatory && (notified ? notified - opened > NOTIFY_WITHIN_MS
                                                  : now - opened > NOTIFY_WITHIN_MS);
        if (inform_late || notify_late)
            store_col_text(s, 7, booking, sizeof booking);
        /* A dual national counts under each nationality; the late list
         * names the record once, under the first. */
        char *save = NULL;
        bool first = true;
        for (char *code = strtok_r(nat, ",", &save); code; code = strtok_r(NULL, ",", &save)) {
            struct records_country *c = country_get(p, code);
            if (!c)
                continue;
            c->records++;
            c->mandatory += mandatory;
            c->informed += informed != 0;
            c->informed_24h += informed && informed - opened <= INFORM_WITHIN_MS;
            c->late_informed += informed && informed - opened > INFORM_WITHIN_MS;
            if (mandatory) {
                c->notified += notified != 0;
                c->notified_72h += notified && notified - opened <= NOTIFY_WITHIN_MS;
                c->late_notified += notified && notified - opened > NOTIFY_WITHIN_MS;
            }
            c->outstanding += !informed || (mandatory && !notified);
            c->requested += requested;
            c->declined += declined;
            if (first && inform_late)
                rc = late_add(p, &cap, id, booking, code, "informed", opened, informed,
                              (informed ? informed : now) - opened - INFORM_WITHIN_MS);
            if (first && notify_late && rc == KIOSK_OK)
                rc = late_add(p, &cap, id, booking, code, "notified", opened, notified,
                              (notified ? notified : now) - opened - NOTIFY_WITHIN_MS);
            first = false;
        }
    }
    if (rc == KIOSK_OK && r != SQLITE_DONE)
        rc = store_sqlite_err(r);
    sqlite3_finalize(s);
    return rc;
}

/* Issue 10's steps over requests booked in the period: DHS notifications
 * (late ones listed, and kept listed once recorded), releases before an
 * answer, detainers. now is the report's end or the present, whichever is
 * earlier. */
/* Runs sql with ?1 = from and ?2 = to and reads its one row's first n
 * integer columns into *out[0..n-1]. */
static int count_row(struct store *st, const char *sql, kiosk_ms_t from, kiosk_ms_t to,
                     int64_t *const out[], int n)
{
    sqlite3_stmt *s = NULL;
    int rc = store_prepare(st, sql, &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, from);
    sqlite3_bind_int64(s, 2, to);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        for (int i = 0; i < n; i++)
            *out[i] = sqlite3_column_int64(s, i);
    } else {
        rc = store_sqlite_err(r);
    }
    sqlite3_finalize(s);
    return rc;
}

static int period_after(struct store *st, struct records_period *p, kiosk_ms_t now)
{
    sqlite3_stmt *s = NULL;
    size_t cap = 0;
    const kiosk_ms_t late_ms = (kiosk_ms_t)RECORDS_DHS_LATE_HOURS * HOUR_MS;
    int rc = store_prepare(st,
                           /* the small partial indexes, never a scan of the period; the
                            * booking number of late ones only */
                           "SELECT r.intake_id, CASE WHEN coalesce(r.dhs_done, ?3) - r.dhs_due"
                           " > ?4 THEN (SELECT i.booking_number FROM intakes i"
                           "  WHERE i.id = r.intake_id) END, r.dhs_due, r.dhs_done"
                           " FROM requests r INDEXED BY requests_dhs"
                           " WHERE r.booked >= ?1 AND r.booked < ?2 AND r.dhs_due IS NOT NULL"
                           " ORDER BY r.dhs_due",
                           &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, p->from);
    sqlite3_bind_int64(s, 2, p->to);
    sqlite3_bind_int64(s, 3, now);
    sqlite3_bind_int64(s, 4, late_ms);
    int r;
    while (rc == KIOSK_OK && (r = sqlite3_step(s)) == SQLITE_ROW) {
        kiosk_ms_t due = sqlite3_column_int64(s, 2), done = sqlite3_column_int64(s, 3);
        p->dhs_due++;
        p->dhs_done += done != 0;
        p->dhs_outstanding += done == 0;
        bool late = done ? done - due > late_ms : now - due > late_ms;
        p->dhs_done_late += done && late;
        if (late) {
            struct records_late *nl =
                store_array_reserve(p->dhs_late, p->dhs_late_count, &cap, sizeof *nl, 16);
            if (!nl) {
                rc = KIOSK_ERR_NOMEM;
                break;
            }
            p->dhs_late = nl;
            struct records_late *l = &p->dhs_late[p->dhs_late_count++];
            memset(l, 0, sizeof *l);
            l->intake_id = sqlite3_column_int64(s, 0);
            store_col_text(s, 1, l->booking_number, sizeof l->booking_number);
            snprintf(l->step, sizeof l->step, "dhs_notified");
            l->opened = due;
            l->done = done;
            l->late_by = (done ? done : now) - due - late_ms;
        }
    }
    if (rc == KIOSK_OK && r != SQLITE_DONE)
        rc = store_sqlite_err(r);
    sqlite3_finalize(s);
    if (rc == KIOSK_OK)
        rc = count_row(st,
                       "SELECT count(*), count(responded) FROM requests"
                       " INDEXED BY requests_released"
                       " WHERE booked >= ?1 AND booked < ?2 AND released IS NOT NULL",
                       p->from, p->to, (int64_t *[]){&p->released, &p->released_answered}, 2);
    if (rc == KIOSK_OK)
        rc = count_row(st,
                       /* detainers carry their request's booking time */
                       "SELECT count(*), count(received) FROM detainers"
                       " WHERE booked >= ?1 AND booked < ?2",
                       p->from, p->to, (int64_t *[]){&p->detainers_opened, &p->detainers_received},
                       2);
    return rc;
}

int records_report_period(struct store *st, const struct auth_actor *actor, kiosk_ms_t from,
                          kiosk_ms_t to, struct records_period *out)
{
    memset(out, 0, sizeof *out);
    int rc = auth_require(st, actor, AUTH_ROLE_ADMIN | AUTH_ROLE_SUPERVISOR | AUTH_ROLE_AUDITOR);
    if (rc != KIOSK_OK)
        return rc;
    if (to <= from || to - from > (kiosk_ms_t)RECORDS_MAX_DAYS * KIOSK_MS_PER_DAY)
        return KIOSK_ERR_INVALID;
    out->from = from;
    out->to = to;
    /* Local-midnight day bounds from `from` in the configured zone (a DST
     * day is 23 or 25 h). */
    kiosk_ms_t bounds[RECORDS_MAX_DAYS + 2];
    char zone[TZ_NAME_MAX];
    if ((rc = tz_store_zone(st, zone, sizeof zone)) != KIOSK_OK)
        return rc;
    int days = 0;
    for (; days <= RECORDS_MAX_DAYS; days++) {
        if ((rc = records_day_start(zone, from, days, &bounds[days])) != KIOSK_OK)
            return rc;
        if (bounds[days] >= to)
            break;
    }
    bounds[0] = from;
    out->days = days < 1 ? 1 : days > RECORDS_MAX_DAYS ? RECORDS_MAX_DAYS : days;
    struct store_settings set;
    if ((rc = store_settings_get(st, &set)) != KIOSK_OK)
        return rc;
    kiosk_ms_t now = store_now(st);
    int64_t requests = 0;
    if ((rc = period_counts(st, out, bounds, &requests)) == KIOSK_OK &&
        (rc = period_turnaround(st, &set, out, bounds, requests)) == KIOSK_OK &&
        (rc = period_consular(st, out, now < to ? now : to)) == KIOSK_OK)
        rc = period_after(st, out, now < to ? now : to);
    if (rc != KIOSK_OK) {
        records_period_finish(out);
        return rc;
    }
    char details[96], a[KIOSK_ISO_LEN], b[KIOSK_ISO_LEN];
    snprintf(details, sizeof details, "from=%s to=%s", clock_format_iso(from, a, sizeof a),
             clock_format_iso(to, b, sizeof b));
    if ((rc = store_tx_begin(st)) == KIOSK_OK)
        rc = store_tx_end(st, audit_append(st, actor, "report.period", "intakes", "ok", details));
    if (rc != KIOSK_OK)
        records_period_finish(out);
    return rc;
}

void records_period_finish(struct records_period *p)
{
    if (!p)
        return;
    free(p->late);
    p->late = NULL;
    p->late_count = 0;
    free(p->dhs_late);
    p->dhs_late = NULL;
    p->dhs_late_count = 0;
}

/* ---- shift handover ---- */

static int shift_add(struct records_shift *sh, size_t *cap, const struct records_shift_item *it)
{
    struct records_shift_item *ni =
        store_array_reserve(sh->items, sh->item_count, cap, sizeof *ni, 32);
    if (!ni)
        return KIOSK_ERR_NOMEM;
    sh->items = ni;
    sh->items[sh->item_count++] = *it;
    return KIOSK_OK;
}

/* The state request id was in at `at` (its last event at or before it). */
static enum request_state state_at(struct store *st, sqlite3_stmt *q, int64_t id, kiosk_ms_t at)
{
    (void)st;
    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_int64(q, 2, at);
    enum request_state s = 0;
    if (sqlite3_step(q) == SQLITE_ROW)
        s = request_state_parse((const char *)sqlite3_column_text(q, 0));
    return s;
}

static int shift_requests(struct store *st, const struct store_settings *set,
                          struct records_shift *sh, size_t *cap)
{
    sqlite3_stmt *s = NULL, *q = NULL;
    int rc = store_prepare(
        st,
        "SELECT r.id, r.intake_id, i.booking_number, r.booked, r.queued, r.first_transmitted,"
        " r.transmitted FROM requests r JOIN intakes i ON i.id = r.intake_id"
        " WHERE coalesce(r.closed, r.cancelled) IS NULL AND r.created <= ?1"
        " UNION ALL SELECT r.id, r.intake_id, i.booking_number, r.booked, r.queued,"
        " r.first_transmitted, r.transmitted FROM requests r JOIN intakes i ON i.id = r.intake_id"
        " WHERE coalesce(r.closed, r.cancelled) > ?1 AND r.created <= ?1",
        &s);
    if (rc == KIOSK_OK)
        rc = store_prepare(st,
                           "SELECT to_state, at FROM request_events WHERE request_id = ?1"
                           " AND at <= ?2 ORDER BY id DESC LIMIT 1",
                           &q);
    if (rc == KIOSK_OK)
        sqlite3_bind_int64(s, 1, sh->at);
    int r = SQLITE_DONE;
    while (rc == KIOSK_OK && (r = sqlite3_step(s)) == SQLITE_ROW) {
        struct records_shift_item it = {0};
        it.request_id = sqlite3_column_int64(s, 0);
        it.intake_id = sqlite3_column_int64(s, 1);
        store_col_text(s, 2, it.booking_number, sizeof it.booking_number);
        kiosk_ms_t booked = sqlite3_column_int64(s, 3);
        kiosk_ms_t first = sqlite3_column_int64(s, 5);
        kiosk_ms_t tx = sqlite3_column_int64(s, 6);
        enum request_state state = state_at(st, q, it.request_id, sh->at);
        if (!state || state == REQUEST_CLOSED || state == REQUEST_CANCELLED)
            continue;
        it.since = sqlite3_column_int64(q, 1);
        struct request_clocks ck;
        /* the latest transmission before `at` runs the response clock */
        kiosk_ms_t sent = tx && tx <= sh->at ? tx : first && first <= sh->at ? first : 0;
        request_clocks_compute(set, state, booked, it.since, sent, sh->at, &ck);
        it.due = ck.due;
        it.overdue = ck.overdue;
        switch (state) {
        case REQUEST_QUEUED:
            sh->queued++;
            snprintf(it.what, sizeof it.what, "queued");
            break;
        case REQUEST_NEEDS_INFO:
            sh->needs_info++;
            snprintf(it.what, sizeof it.what, "needs_info");
            break;
        case REQUEST_RESPONDED:
            sh->answers_unread++;
            snprintf(it.what, sizeof it.what, "answer_unread");
            break;
        default:
            sh->in_flight++;
            snprintf(it.what, sizeof it.what, "awaiting_answer");
        }
        sh->overdue += it.overdue;
        rc = shift_add(sh, cap, &it);
    }
    if (rc == KIOSK_OK && r != SQLITE_DONE)
        rc = store_sqlite_err(r);
    sqlite3_finalize(q);
    sqlite3_finalize(s);
    return rc;
}

static int shift_consular(struct store *st, const struct store_settings *set,
                          struct records_shift *sh, size_t *cap)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st,
                           "SELECT c.intake_id, i.booking_number, c.mandatory, c.opened,"
                           " c.informed, c.notified, c.wish = 'requested' AND c.wish_at <= ?1,"
                           " c.wish_at FROM consular c"
                           " JOIN intakes i ON i.id = c.intake_id WHERE c.opened <= ?1"
                           " AND (c.informed IS NULL OR c.informed > ?1"
                           "  OR ((c.mandatory OR (c.wish = 'requested' AND c.wish_at <= ?1))"
                           "   AND (c.notified IS NULL OR c.notified > ?1)))",
                           &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, sh->at);
    int r;
    while (rc == KIOSK_OK && (r = sqlite3_step(s)) == SQLITE_ROW) {
        struct records_shift_item it = {0};
        it.intake_id = sqlite3_column_int64(s, 0);
        store_col_text(s, 1, it.booking_number, sizeof it.booking_number);
        bool mandatory = sqlite3_column_int(s, 2) != 0;
        it.since = sqlite3_column_int64(s, 3);
        kiosk_ms_t informed = sqlite3_column_int64(s, 4), notified = sqlite3_column_int64(s, 5);
        if (!informed || informed > sh->at) {
            snprintf(it.what, sizeof it.what, "consular_inform");
            it.due = it.since + INFORM_WITHIN_MS;
            it.overdue = sh->at > it.due;
            sh->consular_inform++;
            rc = shift_add(sh, cap, &it);
        }
        /* issue 10: a national of another country who asked for it is
         * due a notification too, its clock from the request */
        bool requested = sqlite3_column_int(s, 6) != 0;
        if (rc == KIOSK_OK && (mandatory || requested) && (!notified || notified > sh->at)) {
            snprintf(it.what, sizeof it.what, "consular_notify");
            it.due = (mandatory ? it.since : sqlite3_column_int64(s, 7)) +
                     (kiosk_ms_t)set->consular_overdue_hours * KIOSK_MS_PER_HOUR;
            it.overdue = sh->at > it.due;
            sh->consular_notify++;
            rc = shift_add(sh, cap, &it);
        }
    }
    if (rc == KIOSK_OK && r != SQLITE_DONE)
        rc = store_sqlite_err(r);
    sqlite3_finalize(s);
    return rc;
}

/* Issue 10's steps open at `at`: DHS notifications due and not recorded
 * (due at once: overdue when RECORDS_DHS_LATE_HOURS have passed), detainer
 * records awaiting receipt. */
static int shift_after(struct store *st, struct records_shift *sh, size_t *cap)
{
    sqlite3_stmt *s;
    int rc = store_prepare(
        st,
        "SELECT r.id, r.intake_id, i.booking_number, r.dhs_due, 'dhs_notify' FROM requests r"
        " JOIN intakes i ON i.id = r.intake_id WHERE r.dhs_due IS NOT NULL AND r.dhs_due <= ?1"
        " AND (r.dhs_done IS NULL OR r.dhs_done > ?1)"
        " UNION ALL SELECT r.id, r.intake_id, i.booking_number, d.opened, 'detainer_receipt'"
        " FROM detainers d JOIN requests r ON r.id = d.request_id"
        " JOIN intakes i ON i.id = r.intake_id WHERE d.opened <= ?1"
        " AND (d.received IS NULL OR d.received > ?1)",
        &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, sh->at);
    int r;
    while (rc == KIOSK_OK && (r = sqlite3_step(s)) == SQLITE_ROW) {
        struct records_shift_item it = {0};
        it.request_id = sqlite3_column_int64(s, 0);
        it.intake_id = sqlite3_column_int64(s, 1);
        store_col_text(s, 2, it.booking_number, sizeof it.booking_number);
        it.since = sqlite3_column_int64(s, 3);
        store_col_text(s, 4, it.what, sizeof it.what);
        if (it.what[0] == 'd' && it.what[1] == 'h') {
            it.due = it.since; /* "shall notify": due at once */
            it.overdue = sh->at - it.since > (kiosk_ms_t)RECORDS_DHS_LATE_HOURS * HOUR_MS;
            sh->dhs_due++;
        } else {
            sh->detainers_pending++;
        }
        rc = shift_add(sh, cap, &it);
    }
    if (rc == KIOSK_OK && r != SQLITE_DONE)
        rc = store_sqlite_err(r);
    sqlite3_finalize(s);
    return rc;
}

/* Overdue first, then by due time (no clock last), then oldest. */
static int cmp_item(const void *a, const void *b)
{
    const struct records_shift_item *x = a, *y = b;
    if (x->overdue != y->overdue)
        return x->overdue ? -1 : 1;
    kiosk_ms_t dx = x->due ? x->due : INT64_MAX, dy = y->due ? y->due : INT64_MAX;
    if (dx != dy)
        return dx < dy ? -1 : 1;
    return (x->since > y->since) - (x->since < y->since);
}

int records_report_shift(struct store *st, const struct auth_actor *actor, kiosk_ms_t at,
                         struct records_shift *out)
{
    memset(out, 0, sizeof *out);
    int rc = auth_require(
        st, actor, AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR | AUTH_ROLE_ADMIN | AUTH_ROLE_AUDITOR);
    if (rc != KIOSK_OK)
        return rc;
    out->at = at ? at : store_now(st);
    struct store_settings set;
    size_t cap = 0;
    if ((rc = store_settings_get(st, &set)) != KIOSK_OK ||
        (rc = shift_requests(st, &set, out, &cap)) != KIOSK_OK ||
        (rc = shift_consular(st, &set, out, &cap)) != KIOSK_OK ||
        (rc = shift_after(st, out, &cap)) != KIOSK_OK) {
        records_shift_finish(out);
        return rc;
    }
    if (out->item_count > 1)
        qsort(out->items, out->item_count, sizeof *out->items, cmp_item);
    char details[64], a[KIOSK_ISO_LEN];
    snprintf(details, sizeof details, "at=%s", clock_format_iso(out->at, a, sizeof a));
    if ((rc = audit_view(st, actor, "report.shift", "requests", details)) != KIOSK_OK)
        records_shift_finish(out);
    return rc;
}

void records_shift_finish(struct records_shift *s)
{
    if (!s)
        return;
    free(s->items);
    s->items = NULL;
    s->item_count = 0;
}
