/* Records: what the kiosk keeps once the work is done, and what people ask
 * of it afterwards. Retention (purge --due keeps the proof and drops the
 * person, legal holds), the public-records export of one intake, history
 * lists and search, the timeline of one intake, and the period and shift
 * reports. One header for the UI and kioskctl (HOUSE-RULES 17); it works on
 * the store opened by core/store.h and writes an audit row for every view
 * and change. Not thread-safe: one thread owns a store. */
#ifndef KIOSK_RECORDS_H
#define KIOSK_RECORDS_H

#include "core/auth.h"
#include "core/clock.h"
#include "core/intake.h"
#include "core/request.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

/* ---- retention and legal hold (records_retention.c) ---- */

/* What a purge did. */
struct records_purge_result {
    kiosk_ms_t cutoff; /* intakes closed before this were due */
    int64_t purged;    /* intakes whose personal data was dropped now */
    int64_t held;      /* due intakes left alone because of a legal hold */
    bool wal_clean;    /* the WAL was checkpointed and truncated afterwards */
    /* On a station joined to a hub: the facts about the intakes purged now
     * (their subject is the intake's stable id). The purge does not reach
     * them yet: their payloads keep the personal data, in this file's fact
     * log and at the hub (kiosk/sync/DESIGN.md, "Known limits"). */
    int64_t facts_kept;
};

/* Purges every intake closed (or cancelled) more than retention_days (the
 * setting) ago that is not under a legal hold: keeps the proof (booking
 * number, basis, charges, states and times, disposition, nationality,
 * consulate, method and times of consular notification, the document kind
 * and issuer, badges, the audit trail) and drops the person (names, date of
 * birth and every other IAQ field, document number hash/last 4/expiry, IAR
 * text, MULES reference, needs-info and cancel notes, event details, the
 * personal-knowledge reason, consular notes). The freed bytes are
 * overwritten (secure_delete) and the WAL is checkpointed and truncated, so
 * the dropped values are gone from the database file and its WAL. actor
 * admin; audited (counts only). *out may be NULL. */
int records_purge_due(struct store *st, const struct auth_actor *actor,
                      struct records_purge_result *out);

/* The same with an explicit age in days (1..36500), for one-off use. */
int records_purge_older(struct store *st, const struct auth_actor *actor, int days,
                        struct records_purge_result *out);

/* Places a legal hold on intake_id with a reason (1..200 printable
 * characters): it is not purged until released. Supervisor or admin;
 * audited. KIOSK_ERR_STATE when already held, KIOSK_ERR_NOT_FOUND for an
 * unknown intake, KIOSK_ERR_INVALID for a bad reason; a sentence in msg. */
int records_hold(struct store *st, const struct auth_actor *actor, int64_t intake_id,
                 const char *reason, char *msg, size_t msg_len);

/* Releases the legal hold of intake_id. Supervisor or admin; audited.
 * KIOSK_ERR_STATE when it is not held. */
int records_unhold(struct store *st, const struct auth_actor *actor, int64_t intake_id, char *msg,
                   size_t msg_len);

/* ---- history: list, search, timeline, export (records_history.c) ---- */

/* Filters of the history list; zero means "any". */
struct records_filter {
    kiosk_ms_t from, to;     /* intake created in [from, to) */
    enum intake_basis basis; /* 0 = any */
    char state[16];          /* a request state, "exempt" (no request), "open", or "" */
    char deputy[AUTH_BADGE_MAX];
    char search[64]; /* booking number prefix or part of the NCIC name */
    size_t limit;    /* 0 = no limit */
};

/* Parses "exempt_id"/"exempt_known"/"iaq" (and the aliases "id", "known"),
 * 0 when unknown. */
enum intake_basis records_basis_parse(const char *s);

/* True when s is a state the filter accepts. */
bool records_state_valid(const char *s);

/* One row of the history list. */
struct records_row {
    int64_t intake_id;
    char booking_number[INTAKE_BOOKING_MAX];
    enum intake_basis basis;
    bool manual_document; /* exempt_id entered by hand */
    char deputy_badge[AUTH_BADGE_MAX];
    kiosk_ms_t created;
    kiosk_ms_t closed;  /* 0 while open */
    int64_t request_id; /* 0 for exemptions */
    char state[16];     /* request state, or "exempt" */
    char disposition[40];
    char ncic_name[IAQ_NAME_MAX]; /* "" for exemptions and after a purge */
    char nationality[24];         /* "MX,GT" or "" */
    bool purged;
    bool held; /* under a legal hold */
};

/* Lists intakes newest first. Deputy, comms, supervisor, admin and auditor;
 * audited as a view (filters in the details, never the search text).
 * *rows malloc'ed (free()). KIOSK_ERR_INVALID on a bad filter. */
int records_list(struct store *st, const struct auth_actor *actor, const struct records_filter *f,
                 struct records_row **rows, size_t *n);

/* One line of an intake's timeline (intake, request events, consular steps,
 * legal holds, purge), oldest first. */
struct records_event {
    kiosk_ms_t at;
    char actor_badge[AUTH_BADGE_MAX];
    char what[40];     /* "intake.add", "request.transmitted", "consular.informed", ... */
    char details[160]; /* no personal data */
};

/* The timeline of intake_id; any role (auditors included); audited as a
 * view. *ev malloc'ed (free()). */
int records_timeline(struct store *st, const struct auth_actor *actor, int64_t intake_id,
                     struct records_event **ev, size_t *n);

/* The records export of one intake for a public-records or court request:
 * {"intake":{...}, "request":{...}|null, "consular":{...}|null,
 * "legal_hold":{...}|null, "timeline":[...], "redactable":[JSON pointers]}
 * where every value that identifies the person is listed in "redactable"
 * (and written as {"value": v, "redactable": true}). Supervisor, admin or
 * auditor; audited. *out is a new reference. */
int records_export(struct store *st, const struct auth_actor *actor, int64_t intake_id,
                   json_t **out);

/* The same object for printing the booking-file slip and the consular
 * notification form of intake_id: deputy, supervisor or admin; audited as
 * "intake.slip". *out is a new reference. */
int records_slip(struct store *st, const struct auth_actor *actor, int64_t intake_id, json_t **out);

/* ---- reports (records_report.c) ---- */

#define RECORDS_MAX_DAYS      400 /* longest per-day series in a period report */
#define RECORDS_MAX_DEPUTIES  64
#define RECORDS_MAX_COUNTRIES 64
#define RECORDS_MAX_DISPOS    12
/* A DHS notification recorded more than this after it fell due is late in
 * the period report (the statute says "shall notify" and sets no hours: a
 * kiosk choice, README "Period report"). */
#define RECORDS_DHS_LATE_HOURS 24

struct records_deputy_count {
    char badge[AUTH_BADGE_MAX];
    int64_t exempt_id, exempt_id_manual, exempt_known, iaq;
};

struct records_country {
    char code[4];          /* NCIC country code */
    int64_t records;       /* consular records opened in the period */
    int64_t mandatory;     /* of those, mandatory-notification */
    int64_t informed;      /* informed at all */
    int64_t informed_24h;  /* informed within 24 h of booking */
    int64_t notified;      /* mandatory and notified at all */
    int64_t notified_72h;  /* mandatory and notified within 72 h */
    int64_t late_informed; /* informed after 24 h (recorded late: stays visible) */
    int64_t late_notified; /* notified after 72 h (recorded late: stays visible) */
    int64_t outstanding;   /* informed or (mandatory) notified still missing */
    /* issue 10: not mandatory: the person's answer to statement 1 */
    int64_t requested; /* asked that the consulate be notified */
    int64_t declined;  /* declined notification */
};

/* One late consular step, kept visible after it was recorded. */
struct records_late {
    int64_t intake_id;
    char booking_number[INTAKE_BOOKING_MAX];
    char code[4];
    char step[16]; /* "informed", "notified" (consular) or "dhs_notified" */
    kiosk_ms_t opened;
    kiosk_ms_t done;    /* 0 = still not done */
    kiosk_ms_t late_by; /* done (or the report's end) - deadline */
};

struct records_period {
    kiosk_ms_t from, to; /* [from, to) */
    int days;            /* days in the per-day series */
    int64_t intakes;
    int64_t exempt_id, exempt_id_manual, exempt_known, iaq;
    struct records_deputy_count deputies[RECORDS_MAX_DEPUTIES];
    size_t deputy_count;
    bool deputies_cut; /* more deputies than RECORDS_MAX_DEPUTIES */
    /* IAQ turnaround over requests of intakes booked in the period:
     * booking -> first transmission and transmission -> response, ms; -1
     * when there is no sample. */
    int64_t transmitted; /* requests transmitted at all */
    int64_t responded;   /* requests answered */
    kiosk_ms_t b2t_median, b2t_p90;
    kiosk_ms_t t2r_median, t2r_p90;
    int64_t within_response_sla; /* answered within response_sla_min of transmission */
    double within_response_sla_share;
    int64_t within_48h;      /* transmitted within statutory_hours of booking */
    double within_48h_share; /* of requests booked in the period */
    int64_t cancelled;
    int64_t still_open; /* not responded or cancelled by the end of the period */
    char dispositions[RECORDS_MAX_DISPOS][40];
    int64_t disposition_count[RECORDS_MAX_DISPOS];
    size_t disposition_kinds;
    struct records_country countries[RECORDS_MAX_COUNTRIES];
    size_t country_count;
    struct records_late *late; /* malloc'ed; freed by records_period_finish() */
    size_t late_count;
    int64_t consular_requested, consular_declined; /* non-mandatory records, all countries */
    /* issue 10, over requests of intakes booked in the period: the RSMo
     * 544.472 DHS notification (due on an "unlawfully present" answer; late
     * when recorded, or still missing, more than RECORDS_DHS_LATE_HOURS after
     * it fell due; a late one stays listed in dhs_late after it was
     * recorded), detainers ("detainer to follow" answers), releases before an
     * answer (and of those, answered later). */
    int64_t dhs_due, dhs_done, dhs_done_late, dhs_outstanding;
    struct records_late *dhs_late; /* malloc'ed; step "dhs_notified", code "" */
    size_t dhs_late_count;
    int64_t detainers_opened, detainers_received;
    int64_t released, released_answered;
    /* per day (local midnight to midnight) from `from`: intakes by basis and
     * the median booking -> transmission of that day's requests (-1: none). */
    int64_t day_exempt_id[RECORDS_MAX_DAYS], day_exempt_known[RECORDS_MAX_DAYS],
        day_iaq[RECORDS_MAX_DAYS];
    kiosk_ms_t day_b2t_median[RECORDS_MAX_DAYS];
};

/* Computes the period report over intakes booked in [from, to) (at most
 * RECORDS_MAX_DAYS days); admin, supervisor or auditor; audited. Free with
 * records_period_finish(). */
int records_report_period(struct store *st, const struct auth_actor *actor, kiosk_ms_t from,
                          kiosk_ms_t to, struct records_period *out);

/* Frees what records_report_period() allocated; NULL is fine. */
void records_period_finish(struct records_period *p);

/* Local time in the records is the store's configured zone (setting
 * `timezone`, core/tz.h: tz_store_zone()), never the process's TZ. */

/* Parses "YYYY-MM-DD" as local midnight in zone (the next midnight when
 * end_of_day, so a --to date includes its day), or a full ISO time (with an
 * offset as given, without one as wall-clock time in zone); 0 or
 * KIOSK_ERR_INVALID. */
int records_parse_day(const char *zone, const char *s, bool end_of_day, kiosk_ms_t *out);

/* The local midnight in zone that starts the day containing t, moved by
 * add_days days (-1: yesterday's midnight, 1: tomorrow's). 0 or
 * KIOSK_ERR_INVALID for an unknown zone. */
int records_day_start(const char *zone, kiosk_ms_t t, int add_days, kiosk_ms_t *out);

/* The Monday 00:00 (local time in zone) of the week containing t; 0 for an
 * unknown zone. */
kiosk_ms_t records_week_start(const char *zone, kiosk_ms_t t);

/* Shifts change at fixed local times of the configured zone: the day shift
 * from 07:00, the night shift from 19:00 (README: History and search). */
#define RECORDS_SHIFT_DAY_START_HOUR   7
#define RECORDS_SHIFT_NIGHT_START_HOUR 19

/* [from, to) of the shift containing t (back 0) or of the one before it
 * (back 1), in zone. 0 or KIOSK_ERR_INVALID. */
int records_shift_bounds(const char *zone, kiosk_ms_t t, int back, kiosk_ms_t *from,
                         kiosk_ms_t *to);

/* The shift handover: what is open at `at`. */
struct records_shift_item {
    int64_t intake_id;
    int64_t request_id; /* 0 for consular items */
    char booking_number[INTAKE_BOOKING_MAX];
    char what[24]; /* "queued", "awaiting_answer", "answer_unread", "needs_info",
                      "consular_inform", "consular_notify", "dhs_notify",
                      "detainer_receipt" */
    kiosk_ms_t since;
    kiosk_ms_t due; /* 0 when no clock */
    bool overdue;
};

struct records_shift {
    kiosk_ms_t at;
    int64_t queued, in_flight, needs_info, answers_unread, overdue;
    int64_t consular_inform, consular_notify;
    int64_t dhs_due;                  /* DHS notifications due and not recorded at `at` */
    int64_t detainers_pending;        /* detainer records awaiting receipt at `at` */
    struct records_shift_item *items; /* malloc'ed; most urgent first */
    size_t item_count;
};

/* The shift handover at `at` (0 = the store's now): open requests, overdue
 * clocks, answers not acknowledged, consular steps due. Deputy, supervisor,
 * admin, auditor; audited. Free with records_shift_finish(). */
int records_report_shift(struct store *st, const struct auth_actor *actor, kiosk_ms_t at,
                         struct records_shift *out);

/* Frees what records_report_shift() allocated; NULL is fine. */
void records_shift_finish(struct records_shift *s);

#endif
