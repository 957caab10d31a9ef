/* The backlog report for administrators: open counts per state, the oldest
 * open item, every overdue item with the clock it broke, turnaround
 * statistics over 24 h / 7 d / 30 d, exemptions by basis, consular items due,
 * and the series behind the dashboard's charts. Computed at the store's now
 * from summary columns and indexes, fast with a million historical requests. */
#ifndef KIOSK_REPORT_H
#define KIOSK_REPORT_H

#include "core/auth.h"
#include "core/clock.h"
#include "core/request.h"

#include <stddef.h>
#include <stdint.h>

struct store;

#define REPORT_WINDOWS      3  /* 24 h, 7 d, 30 d */
#define REPORT_SERIES_24H   24 /* open backlog at each hour of the last 24 h */
#define REPORT_SERIES_7D    28 /* open backlog every 6 h over the last 7 d */
#define REPORT_HIST_BUCKETS 8

struct report_overdue {
    int64_t request_id;
    int64_t intake_id;
    char booking_number[INTAKE_BOOKING_MAX];
    enum request_state state;
    enum request_clock clock;
    kiosk_ms_t due;
    kiosk_ms_t overdue_by; /* now - due */
};

struct report_window {
    const char *label; /* "24h", "7d", "30d" (static) */
    kiosk_ms_t span;
    int64_t queued;          /* requests queued in the window */
    int64_t transmitted;     /* transmitted in the window */
    int64_t responded;       /* responded in the window */
    int64_t within_sla;      /* of those, answered within the response SLA */
    double within_sla_share; /* within_sla / responded, 0 when none */
    /* Turnaround in ms over requests transmitted (q->t) or responded (t->r)
     * in the window; -1 when there is no sample. */
    kiosk_ms_t q2t_median, q2t_p90;
    kiosk_ms_t t2r_median, t2r_p90;
    int64_t exempt_id, exempt_known, iaq; /* intakes by basis in the window */
    int64_t exempt_id_manual;             /* of exempt_id, documents entered by hand (no barcode) */
};

struct report_backlog {
    kiosk_ms_t now;
    int64_t open_by_state[8]; /* indexed by enum request_state (0 unused) */
    int64_t open_total;
    kiosk_ms_t oldest_open_age; /* 0 when nothing is open */
    int64_t oldest_open_id;
    struct report_overdue *overdue; /* malloc'ed, oldest due first */
    size_t overdue_count;
    struct report_window windows[REPORT_WINDOWS];
    int64_t consular_due, consular_escalate, consular_overdue;
    /* Open backlog (requests neither closed, cancelled nor responded) at
     * now - (N-1-i)*step, i.e. the last point is now. */
    int64_t series_24h[REPORT_SERIES_24H];
    int64_t series_7d[REPORT_SERIES_7D];
    /* Response time (transmitted -> responded) histogram over 7 d; bucket
     * upper bounds in minutes in hist_upper_min (last is open-ended, -1). */
    int hist_upper_min[REPORT_HIST_BUCKETS];
    int64_t hist_count[REPORT_HIST_BUCKETS];
};

/* Computes the report; actor admin, supervisor or auditor; audited. Free
 * with report_backlog_finish(). */
int report_backlog(struct store *st, const struct auth_actor *actor, struct report_backlog *out);

/* Frees what report_backlog() allocated; NULL is fine. */
void report_backlog_finish(struct report_backlog *r);

#endif
