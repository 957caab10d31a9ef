/* Consular notification records (policy §II.B.6, VCCR Art. 36): for every
 * foreign national (by nationality, not birthplace) whether and when the
 * person was informed of the right to consular notification; for nationals
 * of mandatory-notification countries the notification of the consulate
 * (who, when, how, which consulate), escalating at 24 h and overdue at 72 h. */
#ifndef KIOSK_CONSULAR_H
#define KIOSK_CONSULAR_H

#include "core/auth.h"
#include "core/clock.h"
#include "core/iaq.h"
#include "core/intake.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

enum consular_status {
    CONSULAR_DONE = 0,     /* nothing outstanding */
    CONSULAR_DUE = 1,      /* something to do, not late yet */
    CONSULAR_ESCALATE = 2, /* mandatory notification past the escalation time */
    CONSULAR_OVERDUE = 3,  /* mandatory notification past the overdue time */
};

/* "done", "due", "escalate", "overdue". */
const char *consular_status_name(enum consular_status s);

/* True when NCIC code is a US state/territory or "US" (not foreign). */
bool consular_code_is_us(const char *code);

struct consular_record {
    int64_t intake_id;
    char booking_number[INTAKE_BOOKING_MAX];
    char nationality[IAQ_NATIONALITY_MAX][4];
    bool mandatory;           /* any nationality on the mandatory list */
    char mandatory_note[400]; /* the list's conditions in plain words (issue 10) */
    kiosk_ms_t opened;        /* the intake's time */
    kiosk_ms_t informed;      /* 0 = not yet */
    char informed_by[AUTH_BADGE_MAX];
    kiosk_ms_t notified; /* 0 = not yet */
    char notified_by[AUTH_BADGE_MAX];
    char consulate[96];
    char method[16]; /* "phone", "fax", "email", "in_person", "other" */
    enum consular_status status;
    kiosk_ms_t escalate_at; /* mandatory, or requested by the person */
    kiosk_ms_t overdue_at;  /* mandatory, or requested by the person */
    /* issue 10: not mandatory: the person's wish, "requested" or "declined"
     * ("" = not asked yet) */
    char wish[12];
    kiosk_ms_t wish_at;
    char wish_by[AUTH_BADGE_MAX];
};

/* What the mandatory list says for a set of nationalities (pure). */
struct consular_assessment {
    bool us_national; /* "US" is listed: no consular record (dual nationals too) */
    bool foreign;     /* a record is opened */
    bool mandatory;
    char plain_words[400]; /* the conditional rows that applied, in plain words */
};

/* Assesses nationality (NCIC codes, "" ends) for a person who showed a US
 * permanent-resident card (lpr) or not: Poland is mandatory only for
 * non-LPRs; China is not mandatory for a Republic of China (Taiwan)
 * passport holder (TW listed; TECRO on request); the United Kingdom row
 * covers its dependencies and territories. Returns 0. */
int consular_assess(const char (*nationality)[4], bool lpr, struct consular_assessment *out);

/* Records the wish of a national of a non-mandatory country: "requested"
 * (notification becomes due without delay, with the escalation and overdue
 * clocks from now) or "declined"; deputy or supervisor. KIOSK_ERR_STATE for
 * a mandatory record (notification does not depend on the wish) or when
 * already recorded; KIOSK_ERR_INVALID for another word. */
int consular_wish(struct store *st, const struct auth_actor *actor, int64_t intake_id,
                  const char *wish, char *msg, size_t msg_len);

/* The country a text names (ICE's answer, e.g. "COUNTRY OF CITIZENSHIP:
 * MEXICO"): the NCIC country whose name (up to any "(" or ",") appears as
 * whole words, the longest name winning; code gets its 2-letter code and
 * *name (may be NULL) the name. False when none is named. */
bool consular_country_in_text(const char *text, char code[4], const char **name);

/* Records a nationality learned after intake (from the person or from ICE's
 * answer) for intake_id and opens its consular record when it is foreign;
 * deputy or supervisor. KIOSK_ERR_INVALID for a code that is not an NCIC
 * country; KIOSK_ERR_STATE when the intake already has a consular record.
 * *opened tells whether a record was opened (may be NULL). */
int consular_nationality_later(struct store *st, const struct auth_actor *actor, int64_t intake_id,
                               const char (*nationality)[4], bool *opened, char *msg,
                               size_t msg_len);

/* The record of intake_id (KIOSK_ERR_NOT_FOUND when the intake has no
 * foreign nationality); status computed at the store's now. */
int consular_get(struct store *st, const struct auth_actor *actor, int64_t intake_id,
                 struct consular_record *out);

/* Records that the person was informed of the right to consular
 * notification; deputy or supervisor. KIOSK_ERR_STATE if already recorded. */
int consular_informed(struct store *st, const struct auth_actor *actor, int64_t intake_id,
                      char *msg, size_t msg_len);

/* Records the notification of consulate (non-empty) by method (one of
 * consular_methods()); deputy or supervisor. KIOSK_ERR_STATE if already
 * recorded. */
int consular_notified(struct store *st, const struct auth_actor *actor, int64_t intake_id,
                      const char *consulate, const char *method, char *msg, size_t msg_len);

/* "phone", "fax", "email", "in_person", "other"; NULL-terminated, static. */
const char *const *consular_methods(void);

/* Every record with something outstanding, most urgent first; *out
 * malloc'ed (free()), *n its length. */
int consular_due(struct store *st, const struct auth_actor *actor, struct consular_record **out,
                 size_t *n);

#endif
