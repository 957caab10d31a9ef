/* IAQ requests: the state machine queued -> transmitted -> (acknowledged) ->
 * responded -> closed, needs_info -> queued, cancelled (with a reason) from
 * any open state; the event timeline; the clocks (queue SLA, response SLA,
 * RSMo 544.472 48 h); the oldest-first work list. */
#ifndef KIOSK_REQUEST_H
#define KIOSK_REQUEST_H

#include "core/auth.h"
#include "core/clock.h"
#include "core/iaq.h"
#include "core/intake.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

enum request_state {
    REQUEST_QUEUED = 1,
    REQUEST_TRANSMITTED = 2,
    REQUEST_ACKNOWLEDGED = 3,
    REQUEST_RESPONDED = 4,
    REQUEST_CLOSED = 5,
    REQUEST_NEEDS_INFO = 6,
    REQUEST_CANCELLED = 7,
};

/* "queued", "transmitted", ... ; "?" otherwise. */
const char *request_state_name(enum request_state s);
/* The state named s, or 0. */
enum request_state request_state_parse(const char *s);
/* True for every state but closed and cancelled. */
bool request_state_open(enum request_state s);

/* The IAR dispositions a comms operator picks (the verbatim text is kept
 * too), NULL-terminated, static: "record_found_citizen",
 * "record_found_lpr", "record_found_nonimmigrant",
 * "record_found_unlawfully_present", "no_record", "possible_match",
 * "detainer_to_follow", "other". */
const char *const *request_dispositions(void);
bool request_disposition_valid(const char *d);

/* Which clock matters now for an open request. */
enum request_clock {
    CLOCK_NONE = 0,      /* closed/cancelled, or responded (nothing running) */
    CLOCK_QUEUE = 1,     /* queued: must be transmitted within the queue SLA */
    CLOCK_RESPONSE = 2,  /* transmitted/acknowledged: ICE answer within the response SLA */
    CLOCK_STATUTORY = 3, /* RSMo 544.472: queried within 48 h of booking */
};

/* "none", "queue_sla", "response_sla", "statutory_48h". */
const char *request_clock_name(enum request_clock c);

struct store_settings;

/* The clocks of one request at now (pure; used by lists and reports). The
 * statutory clock runs from booking until transmission and wins over the
 * queue clock once its due time is earlier. */
struct request_clocks {
    enum request_clock clock; /* the clock that matters now */
    kiosk_ms_t due;           /* when it runs out (0 with CLOCK_NONE) */
    bool overdue;             /* now > due */
    kiosk_ms_t statutory_due; /* booking + 48 h */
    bool statutory_met;       /* transmitted before statutory_due */
};
void request_clocks_compute(const struct store_settings *s, enum request_state state,
                            kiosk_ms_t booked, kiosk_ms_t queued, kiosk_ms_t transmitted,
                            kiosk_ms_t now, struct request_clocks *out);

/* One row of the work list. */
struct request_row {
    int64_t id;
    int64_t intake_id;
    char booking_number[INTAKE_BOOKING_MAX];
    enum request_state state;
    char ncic_name[IAQ_NAME_MAX]; /* "" after a purge */
    char offense[8];
    char mules_ref[32];
    char disposition[40];
    kiosk_ms_t booked;      /* the intake's time */
    kiosk_ms_t queued;      /* latest time it entered queued */
    kiosk_ms_t transmitted; /* 0 = not yet */
    kiosk_ms_t responded;   /* 0 = not yet */
    kiosk_ms_t updated;     /* last event */
    struct request_clocks clocks;
    /* issue 10 */
    kiosk_ms_t dhs_due;  /* RSMo 544.472 DHS notification due (unlawfully present); 0 = none */
    kiosk_ms_t dhs_done; /* 0 = not yet */
    kiosk_ms_t released; /* released before an answer (policy B.5); 0 = not */
    bool detainer;       /* a detainer record exists */
    kiosk_ms_t detainer_received; /* 0 = the detainer has not arrived yet */
};

/* Lists requests oldest first (by queued time) at the store's now. state 0
 * lists every open request; otherwise that state only. *rows is malloc'ed
 * (free() it), *n its length. Any role but auditor. */
int request_list(struct store *st, const struct auth_actor *actor, enum request_state state,
                 struct request_row **rows, size_t *n);

/* One request with its IAQ fields and the IAR text. */
struct request_detail {
    struct request_row row;
    struct iaq_fields iaq;
    char attention[64];
    char needs_info_text[256];
    char cancel_reason[256];
    char *response_text; /* malloc'ed verbatim IAR text or NULL; freed by request_detail_finish() */
    bool purged;
    /* issue 10 */
    char charges[INTAKE_CHARGES_MAX][8]; /* the intake's charges */
    char offense_auto[8];                /* the most serious charge, the kiosk's choice */
    bool offense_overridden;             /* the deputy chose another OFF/ */
    char dhs_by[AUTH_BADGE_MAX], dhs_method[16], dhs_note[256];
    char released_by[AUTH_BADGE_MAX], release_note[256];
    kiosk_ms_t detainer_opened;
    char detainer_office[96], detainer_form[24], detainer_by[AUTH_BADGE_MAX];
    bool detainer_notify_release;
};

/* Reads request id; audited as a view. Free with request_detail_finish(). */
int request_get(struct store *st, const struct auth_actor *actor, int64_t id,
                struct request_detail *out);
void request_detail_finish(struct request_detail *d);

/* Renders request id as IAQ text (iaq_render_text with the configured ORI,
 * desk phone and the requesting deputy as attention) into out. comms,
 * supervisor, deputy. Returns the length or a negative error. */
int request_iaq_text(struct store *st, const struct auth_actor *actor, int64_t id, char *out,
                     size_t out_len);

/* As request_iaq_text, in the newline form or (nlets) the Nlets form
 * (iaq_render_nlets). Refused with KIOSK_ERR_INVALID and a sentence naming
 * the setting in msg while the ORI ("ori") or the desk phone ("desk_phone")
 * is not configured: an IAQ without them is not a message (issue 10). */
int request_iaq_render(struct store *st, const struct auth_actor *actor, int64_t id, bool nlets,
                       char *out, size_t out_len, char *msg, size_t msg_len);

/* One entry of a request's timeline. */
struct request_event {
    int64_t id;
    kiosk_ms_t at;
    char actor_badge[AUTH_BADGE_MAX];
    enum request_state from; /* 0 for creation */
    enum request_state to;
    char details[256]; /* MULES ref, disposition, reason, note (may be cut) */
};

/* The timeline of request id, oldest first; *ev malloc'ed (free()). */
int request_events(struct store *st, const struct auth_actor *actor, int64_t id,
                   struct request_event **ev, size_t *n);

/* Transitions. Each checks the role and the current state (KIOSK_ERR_STATE
 * with a sentence in msg when the transition is not allowed,
 * KIOSK_ERR_NOT_FOUND for an unknown id), writes an event row and an audit
 * row in one transaction, at the store's now. msg may be NULL. */

/* queued -> transmitted; comms or supervisor. mules_ref may be NULL/"" (then
 * recorded as not given), at most 31 printable characters. */
int request_transmit(struct store *st, const struct auth_actor *actor, int64_t id,
                     const char *mules_ref, char *msg, size_t msg_len);
/* transmitted -> acknowledged (LESC auto-acknowledgement); comms or supervisor. */
int request_ack(struct store *st, const struct auth_actor *actor, int64_t id, char *msg,
                size_t msg_len);
/* transmitted|acknowledged -> responded, with a disposition from
 * request_dispositions() and the verbatim IAR text (non-empty, ≤ 64 KiB);
 * comms or supervisor. */
int request_respond(struct store *st, const struct auth_actor *actor, int64_t id,
                    const char *disposition, const char *text, char *msg, size_t msg_len);
/* queued|transmitted|acknowledged|responded -> needs_info with a note of what
 * is missing; comms or supervisor. */
int request_needs_info(struct store *st, const struct auth_actor *actor, int64_t id,
                       const char *text, char *msg, size_t msg_len);
/* needs_info -> queued with corrected IAQ fields (validated; NULL keeps the
 * old ones); deputy or supervisor. Problems go into *p (may be NULL). */
int request_requeue(struct store *st, const struct auth_actor *actor, int64_t id,
                    const struct iaq_fields *fields, struct iaq_problems *p, char *msg,
                    size_t msg_len);
/* responded -> closed (booking staff have read ICE's answer); deputy or
 * supervisor. */
int request_close(struct store *st, const struct auth_actor *actor, int64_t id, char *msg,
                  size_t msg_len);
/* any open state -> cancelled, reason required; supervisor. */
int request_cancel(struct store *st, const struct auth_actor *actor, int64_t id, const char *reason,
                   char *msg, size_t msg_len);

#endif
