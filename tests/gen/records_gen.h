/* A seeded month of booking-counter activity for the records tests: intakes
 * of every basis (scanned ID, ID by hand, personal knowledge, IAQ) by four
 * deputies, IAQ requests through every outcome (answered with each
 * disposition, acknowledged or not, needs-info round trips, cancelled, left
 * queued or waiting, transmitted after the 48 hours), and consular records
 * for foreign nationals, some informed or notified late and some never;
 * and issue 10's steps: DHS notifications of unlawfully-present answers
 * (on time, late or missing), detainers received or awaited, releases
 * before an answer, the requested/declined wish of non-mandatory nationals.
 * Everything goes through the core's API at the planned times, in time
 * order, into a real SQLite file; the generator counts what it did itself
 * (struct records_gen_truth), so a report can be checked against it. */
#ifndef KIOSK_TEST_RECORDS_GEN_H
#define KIOSK_TEST_RECORDS_GEN_H

#include "core/clock.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define RECORDS_GEN_DEPUTIES  4
#define RECORDS_GEN_COUNTRIES 5
#define RECORDS_GEN_DISPOS    8

/* The users the generator creates (badge, PIN). */
#define RECORDS_GEN_ADMIN_BADGE "A900"
#define RECORDS_GEN_ADMIN_PIN   "482915"

struct records_gen_country {
    char code[4];
    int mandatory;
    int64_t records, informed_24h, notified_72h, late_informed, late_notified, outstanding;
    int64_t late_steps;          /* entries the report's late list must show */
    int64_t requested, declined; /* issue 10: the wish where not mandatory */
};

/* The report's DHS lateness (records.h RECORDS_DHS_LATE_HOURS), restated so
 * the generator does not read the code under test. */
#define RECORDS_GEN_DHS_LATE_HOURS 24

struct records_gen_truth {
    kiosk_ms_t start, end; /* [start, end): the activity and the report's period */
    int64_t intakes, exempt_id, exempt_id_manual, exempt_known, iaq;
    char deputy_badge[RECORDS_GEN_DEPUTIES][8];
    int64_t deputy_exempt_id[RECORDS_GEN_DEPUTIES], deputy_exempt_known[RECORDS_GEN_DEPUTIES],
        deputy_iaq[RECORDS_GEN_DEPUTIES];
    int64_t transmitted, responded, within_sla, within_48h, cancelled, still_open;
    kiosk_ms_t b2t_median, b2t_p90, t2r_median, t2r_p90; /* nearest rank; -1 none */
    int64_t dispositions[RECORDS_GEN_DISPOS];            /* by request_dispositions() index */
    struct records_gen_country countries[RECORDS_GEN_COUNTRIES];
    /* at `end`: what the shift handover must show */
    int64_t open_queued, open_waiting, open_needs_info, open_unacknowledged;
    int64_t consular_to_inform, consular_to_notify;
    /* the same at `mid` (the middle of the period, noon), as a handover
     * replayed for a past time must show it */
    kiosk_ms_t mid;
    int64_t mid_queued, mid_waiting, mid_needs_info, mid_unacknowledged, mid_to_inform,
        mid_to_notify;
    int64_t per_day_iaq[64]; /* intakes by day (local midnights of the zone from start) */
    /* issue 10 */
    int64_t consular_requested, consular_declined;
    int64_t dhs_due, dhs_done, dhs_done_late, dhs_outstanding, dhs_late_listed;
    int64_t detainers_opened, detainers_received;
    int64_t released, released_answered;
    int64_t open_dhs_due, open_detainers; /* at `end` */
    int64_t mid_dhs_due, mid_detainers;   /* at `mid` */
};

/* Creates the database at path (must not exist) with an admin, a
 * supervisor, a comms operator and four deputies, and days (1..63) of
 * activity from start (a local midnight of zone, the store's timezone
 * setting; days follow that zone's midnights, 23 or 25 h on a DST change)
 * at per_day_min..per_day_max intakes a day, all
 * decided by seed. licence is the `kioskctl id parse --json` object of a
 * valid licence (borrowed) used for the scanned exemptions. Fills *truth.
 * 0 or a negative kiosk error with a sentence in msg. */
int records_gen_month(const char *path, uint64_t seed, const char *zone, kiosk_ms_t start, int days,
                      int per_day_min, int per_day_max, const json_t *licence,
                      struct records_gen_truth *truth, char *msg, size_t msg_len);

#endif
