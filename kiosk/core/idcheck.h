/* The valid-ID decision: a pure function of a parsed document, the booking
 * date and a configuration that says whether the document counts as a valid
 * government identification for the policy's exemption, with reason codes and
 * human sentences. Only a US federal or US state/territory issuer is a valid
 * government identification for the exemption (issue 10); the person's
 * nationality is asked separately and is never inferred here. */
#ifndef KIOSK_IDCHECK_H
#define KIOSK_IDCHECK_H

#include <stdbool.h>

#include "core/aamva.h"

enum idcheck_reason {
    IDCHECK_UNSUPPORTED_FORMAT = 1, /* refused payload */
    IDCHECK_UNKNOWN_ISSUER,         /* IIN not in the issuer table */
    IDCHECK_MISSING_DATA,           /* a mandatory element is absent */
    IDCHECK_IMPOSSIBLE_DATE,        /* unreadable date or dates out of order */
    IDCHECK_EXPIRED,
    IDCHECK_NOT_YET_ISSUED,
    IDCHECK_IMPLAUSIBLE_AGE,  /* born after the booking date or more than 120 years ago */
    IDCHECK_NOT_REAL_ID,      /* only with require_real_id */
    IDCHECK_LIMITED_DURATION, /* only with reject_limited_duration */
    IDCHECK_FOREIGN_ISSUER,   /* issue 10: a Canadian province or Mexican state, not US */
};

/* The IIN of the State Department's Office of Foreign Missions licences for
 * members of foreign missions and their families: a valid federal ID that
 * raises the immunity notice (idcheck_verdict.notice). */
#define IDCHECK_IIN_FOREIGN_MISSIONS "636027"

#define IDCHECK_MAX_REASONS 12

struct idcheck_config {
    int grace_days;               /* an expired document still counts this many days; default 0 */
    bool require_real_id;         /* off by default: REAL ID is shown, not required */
    bool reject_limited_duration; /* off by default: DDD=1 is shown, not held against anyone */
};

struct idcheck_item {
    int code; /* enum idcheck_reason */
    char message[200];
};

struct idcheck_verdict {
    bool valid; /* valid government identification */
    /* A notice that does not change validity (IIN 636027: possible
     * diplomatic or consular immunity, notify a supervisor); "" when none. */
    char notice[200];
    bool ask_nationality; /* the nationality step must be asked (foreign issuer, 636027) */
    char as_of[11];       /* booking date, YYYY-MM-DD */
    int count;
    struct idcheck_item reasons[IDCHECK_MAX_REASONS];
};

/* The defaults: 0 grace days, nothing beyond the policy required. */
void idcheck_config_init(struct idcheck_config *cfg);

/* Decides for doc as of the booking date y-m-d (the expiry day itself is still
 * valid). cfg may be NULL for the defaults. Fills *out completely; returns 0,
 * or KIOSK_ERR_INVALID when the booking date is not a real date. */
int idcheck_evaluate(const struct aamva_doc *doc, int y, int m, int d,
                     const struct idcheck_config *cfg, struct idcheck_verdict *out);

/* The expiry rule shared by the barcode and the hand-entry paths: true when
 * a document expiring on ey-em-ed is expired as of the booking date y-m-d
 * (the expiry day itself is still valid; cfg->grace_days more days count
 * too). cfg may be NULL for the defaults. Dates must be real dates. */
bool idcheck_is_expired(int ey, int em, int ed, int y, int m, int d,
                        const struct idcheck_config *cfg);

/* Parses "YYYY-MM-DD" into y/m/d; 0 on success, KIOSK_ERR_INVALID otherwise. */
int idcheck_parse_iso_date(const char *s, int *y, int *m, int *d);

/* "Canada", "Mexico", "United States" for an issuer table country (CAN,
 * MEX, USA); other text is returned as given. Static storage. */
const char *idcheck_country_name(const char *alpha3);

/* Stable code name ("EXPIRED"); NULL for an unknown code. Static storage. */
const char *idcheck_reason_name(int code);

#endif
