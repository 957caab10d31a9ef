/* The backlog report: reads only the open requests (partial indexes) and the
 * last 30 days of history (covering indexes on transmitted/responded/ended
 * and intakes.created), so its cost does not grow with years of history. */
#include "core/report.h"
#include "core/audit.h"
#include "core/consular.h"
#include "core/kiosk_err.h"
#include "core/store.h"
#include "core/store_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growable array of int64 pairs. */
struct pairs {
    int64_t (*v)[2];
    size_t n, cap;
};

static int pairs_push(struct pairs *p, int64_t a, int64_t b)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 1024;
        int64_t(*nv)[2] = realloc(p->v, cap * sizeof *nv);
        if (!nv)
            return KIOSK_ERR_NOMEM;
        p->v = nv;
        p->cap = cap;
    }
    p->v[p->n][0] = a;
    p->v[p->n][1] = b;
    p->n++;
    return KIOSK_OK;
}

/* Runs sql (?1 bound to arg) and collects its two integer columns. */
static int pairs_query(struct store *st, const char *sql, int64_t arg, struct pairs *p)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st, sql, &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, arg);
    int r;
    while (rc == KIOSK_OK && (r = sqlite3_step(s)) == SQLITE_ROW)
        rc = pairs_push(p, sqlite3_column_int64(s, 0),
                        sqlite3_column_type(s, 1) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, 1));
    if (rc == KIOSK_OK && r != SQLITE_DONE)
        rc = store_sqlite_err(r);
    sqlite3_finalize(s);
    return rc;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Median and 90th percentile (nearest rank) of v[0..n); -1 when n == 0. */
static void percentiles(int64_t *v, size_t n, kiosk_ms_t *median, kiosk_ms_t *p90)
{
    if (n == 0) {
        *median = *p90 = -1;
        return;
    }
    qsort(v, n, sizeof *v, cmp_i64);
    *median = v[(n - 1) / 2];
    size_t k = (n * 9 + 9) / 10; /* ceil(0.9 n) */
    *p90 = v[k ? k - 1 : 0];
}

static int by_due(const void *a, const void *b)
{
    const struct report_overdue *x = a, *y = b;
    return (x->due > y->due) - (x->due < y->due);
}

int report_backlog(struct store *st, const struct auth_actor *actor, struct report_backlog *out)
{
    memset(out, 0, sizeof *out);
    int rc = auth_require(st, actor, AUTH_ROLE_ADMIN | AUTH_ROLE_SUPERVISOR | AUTH_ROLE_AUDITOR);
    if (rc != KIOSK_OK)
        return rc;
    struct store_settings set;
    if ((rc = store_settings_get(st, &set)) != KIOSK_OK)
        return rc;
    kiosk_ms_t now = store_now(st);
    out->now = now;
    static const struct {
        const char *label;
        kiosk_ms_t span;
    } win[REPORT_WINDOWS] = {
        {"24h", KIOSK_MS_PER_DAY}, {"7d", 7 * KIOSK_MS_PER_DAY}, {"30d", 30 * KIOSK_MS_PER_DAY}};
    kiosk_ms_t since30 = now - win[2].span;
    struct pairs q2t = {0}, t2r = {0}, ended = {0}, intakes = {0};
    int64_t *tmp = NULL;
    sqlite3_stmt *s = NULL;

    /* Read everything in one snapshot. */
    if ((rc = store_exec(st, "BEGIN")) != KIOSK_OK)
        return rc;

    /* 1. Open requests: counts, oldest, overdue items. */
    rc = store_prepare(st,
                       "SELECT r.id, r.intake_id, i.booking_number, r.state, r.booked, r.queued,"
                       " COALESCE(r.transmitted, r.first_transmitted), r.created FROM requests r"
                       " JOIN intakes i ON i.id = r.intake_id"
                       " WHERE r.state NOT IN ('closed','cancelled')",
                       &s);
    size_t cap = 0;
    int r = SQLITE_DONE;
    while (rc == KIOSK_OK && (r = sqlite3_step(s)) == SQLITE_ROW) {
        enum request_state state = request_state_parse((const char *)sqlite3_column_text(s, 3));
        kiosk_ms_t booked = sqlite3_column_int64(s, 4), queued = sqlite3_column_int64(s, 5);
        kiosk_ms_t tx = sqlite3_column_int64(s, 6), created = sqlite3_column_int64(s, 7);
        out->open_by_state[state]++;
        out->open_total++;
        if (!out->oldest_open_id || now - created > out->oldest_open_age) {
            out->oldest_open_age = now - created;
            out->oldest_open_id = sqlite3_column_int64(s, 0);
        }
        struct request_clocks c;
        request_clocks_compute(&set, state, booked, queued, tx, now, &c);
        if (!c.overdue)
            continue;
        if (out->overdue_count == cap) {
            cap = cap ? 2 * cap : 32;
            struct report_overdue *no = realloc(out->overdue, cap * sizeof *no);
            if (!no) {
                rc = KIOSK_ERR_NOMEM;
                break;
            }
            out->overdue = no;
        }
        struct report_overdue *o = &out->overdue[out->overdue_count++];
        memset(o, 0, sizeof *o);
        o->request_id = sqlite3_column_int64(s, 0);
        o->intake_id = sqlite3_column_int64(s, 1);
        store_col_text(s, 2, o->booking_number, sizeof o->booking_number);
        o->state = state;
        o->clock = c.clock;
        o->due = c.due;
        o->overdue_by = now - c.due;
    }
    if (rc == KIOSK_OK && r != SQLITE_DONE)
        rc = store_sqlite_err(r);
    sqlite3_finalize(s);
    if (rc == KIOSK_OK && out->overdue_count > 1)
        qsort(out->overdue, out->overdue_count, sizeof *out->overdue, by_due);

    /* 2. History of the last 30 days through covering indexes. */
    if (rc == KIOSK_OK)
        rc = pairs_query(st,
                         "SELECT transmitted, queued FROM requests WHERE transmitted IS NOT NULL"
                         " AND transmitted >= ?1",
                         since30, &q2t);
    if (rc == KIOSK_OK)
        rc = pairs_query(st,
                         "SELECT responded, transmitted FROM requests WHERE responded IS NOT NULL"
                         " AND responded >= ?1",
                         since30, &t2r);
    if (rc == KIOSK_OK)
        rc = pairs_query(st,
                         "SELECT created, CASE basis WHEN 'exempt_id' THEN"
                         " (CASE WHEN EXISTS(SELECT 1 FROM id_documents d WHERE"
                         " d.intake_id = intakes.id AND d.source = 'manual') THEN 4 ELSE 1 END)"
                         " WHEN 'exempt_known' THEN 2 ELSE 3 END FROM intakes WHERE created >= ?1",
                         since30, &intakes);
    /* 3. Requests in the open backlog at some point of the last 7 days. */
    kiosk_ms_t since7 = now - win[1].span;
    if (rc == KIOSK_OK)
        rc = pairs_query(st,
                         "SELECT created, ended FROM requests WHERE ended IS NOT NULL AND"
                         " ended > ?1",
                         since7, &ended);
    if (rc == KIOSK_OK)
        rc = pairs_query(st, "SELECT created, NULL FROM requests WHERE ended IS NULL AND ?1 = ?1",
                         0, &ended);
    /* 4. Consular items due. */
    if (rc == KIOSK_OK &&
        (rc = store_prepare(st,
                            "SELECT mandatory, opened, notified IS NULL, informed IS NULL"
                            " FROM consular WHERE notified IS NULL OR informed IS NULL",
                            &s)) == KIOSK_OK) {
        while ((r = sqlite3_step(s)) == SQLITE_ROW) {
            bool mandatory = sqlite3_column_int(s, 0) != 0;
            kiosk_ms_t opened = sqlite3_column_int64(s, 1);
            bool not_notified = sqlite3_column_int(s, 2) != 0;
            bool not_informed = sqlite3_column_int(s, 3) != 0;
            if (mandatory && not_notified) {
                if (now > opened + (kiosk_ms_t)set.consular_overdue_hours * KIOSK_MS_PER_HOUR)
                    out->consular_overdue++;
                else if (now > opened + (kiosk_ms_t)set.consular_escalate_hours * KIOSK_MS_PER_HOUR)
                    out->consular_escalate++;
                else
                    out->consular_due++;
            } else if (not_informed) {
                out->consular_due++;
            }
        }
        if (r != SQLITE_DONE)
            rc = store_sqlite_err(r);
        sqlite3_finalize(s);
    }
    store_exec(st, "COMMIT");
    if (rc != KIOSK_OK)
        goto done;

    size_t maxn = q2t.n > t2r.n ? q2t.n : t2r.n;
    tmp = malloc((maxn ? maxn : 1) * sizeof *tmp);
    if (!tmp) {
        rc = KIOSK_ERR_NOMEM;
        goto done;
    }
    kiosk_ms_t sla = (kiosk_ms_t)set.response_sla_min * KIOSK_MS_PER_MIN;
    for (int w = 0; w < REPORT_WINDOWS; w++) {
        struct report_window *rw = &out->windows[w];
        rw->label = win[w].label;
        rw->span = win[w].span;
        kiosk_ms_t since = now - win[w].span;
        size_t k = 0;
        for (size_t i = 0; i < q2t.n; i++)
            if (q2t.v[i][0] >= since && q2t.v[i][0] <= now)
                tmp[k++] = q2t.v[i][0] - q2t.v[i][1];
        rw->transmitted = (int64_t)k;
        percentiles(tmp, k, &rw->q2t_median, &rw->q2t_p90);
        k = 0;
        for (size_t i = 0; i < t2r.n; i++)
            if (t2r.v[i][0] >= since && t2r.v[i][0] <= now && t2r.v[i][1] >= 0) {
                tmp[k] = t2r.v[i][0] - t2r.v[i][1];
                rw->within_sla += tmp[k] <= sla;
                k++;
            }
        rw->responded = (int64_t)k;
        rw->within_sla_share = k ? (double)rw->within_sla / (double)k : 0.0;
        percentiles(tmp, k, &rw->t2r_median, &rw->t2r_p90);
        for (size_t i = 0; i < intakes.n; i++) {
            if (intakes.v[i][0] < since || intakes.v[i][0] > now)
                continue;
            if (intakes.v[i][1] == 1 || intakes.v[i][1] == 4) {
                rw->exempt_id++;
                rw->exempt_id_manual += intakes.v[i][1] == 4;
            } else if (intakes.v[i][1] == 2)
                rw->exempt_known++;
            else
                rw->iaq++;
        }
        rw->queued = rw->iaq;
    }
    /* Series: open at time T = created <= T and (not ended or ended > T). */
    for (int i = 0; i < REPORT_SERIES_24H; i++) {
        kiosk_ms_t t = now - (kiosk_ms_t)(REPORT_SERIES_24H - 1 - i) * KIOSK_MS_PER_HOUR;
        for (size_t j = 0; j < ended.n; j++)
            out->series_24h[i] += ended.v[j][0] <= t && (ended.v[j][1] < 0 || ended.v[j][1] > t);
    }
    for (int i = 0; i < REPORT_SERIES_7D; i++) {
        kiosk_ms_t t = now - (kiosk_ms_t)(REPORT_SERIES_7D - 1 - i) * 6 * KIOSK_MS_PER_HOUR;
        for (size_t j = 0; j < ended.n; j++)
            out->series_7d[i] += ended.v[j][0] <= t && (ended.v[j][1] < 0 || ended.v[j][1] > t);
    }
    static const int upper[REPORT_HIST_BUCKETS] = {15, 30, 60, 120, 240, 480, 1440, -1};
    memcpy(out->hist_upper_min, upper, sizeof upper);
    for (size_t i = 0; i < t2r.n; i++) {
        if (t2r.v[i][0] < since7 || t2r.v[i][0] > now || t2r.v[i][1] < 0)
            continue;
        kiosk_ms_t mins = (t2r.v[i][0] - t2r.v[i][1]) / KIOSK_MS_PER_MIN;
        int b = 0;
        while (b < REPORT_HIST_BUCKETS - 1 && mins > upper[b])
            b++;
        out->hist_count[b]++;
    }
    if ((rc = store_tx_begin(st)) == KIOSK_OK) {
        char details[64];
        snprintf(details, sizeof details, "open=%lld overdue=%zu", (long long)out->open_total,
                 out->overdue_count);
        rc = store_tx_end(st, audit_append(st, actor, "report.backlog", "requests", "ok", details));
    }
done:
    free(tmp);
    free(q2t.v);
    free(t2r.v);
    free(ended.v);
    free(intakes.v);
    if (rc != KIOSK_OK)
        report_backlog_finish(out);
    return rc;
}

void report_backlog_finish(struct report_backlog *r)
{
    if (!r)
        return;
    free(r->overdue);
    r->overdue = NULL;
    r->overdue_count = 0;
}
