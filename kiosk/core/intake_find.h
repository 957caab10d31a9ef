/* Finding intakes by booking number (and optionally by the NCIC name of an
 * IAQ request): for the booking counter's search and `kioskctl intake find`
 * (issue 10 §6). Exemptions keep no name (only a minimal ID summary), so a
 * name narrows the search to intakes with an IAQ. */
#ifndef KIOSK_INTAKE_FIND_H
#define KIOSK_INTAKE_FIND_H

#include "core/auth.h"
#include "core/intake.h"
#include "core/request.h"

#include <stddef.h>
#include <stdint.h>

struct store;

struct intake_hit {
    int64_t id;
    char booking_number[INTAKE_BOOKING_MAX];
    enum intake_basis basis;
    kiosk_ms_t created;
    int64_t request_id;           /* 0 if none */
    enum request_state state;     /* 0 if no request */
    char ncic_name[IAQ_NAME_MAX]; /* "" for exemptions and after a purge */
    int64_t superseded_by;        /* 0 unless superseded */
};

/* Intakes whose booking number is booking (exact, case-sensitive; required)
 * and, when name is not NULL/"", whose request's NCIC name contains name
 * (converted like iaq_ncic_text, so "Nguyễn" finds NGUYEN). Newest first,
 * at most 200. Any role but auditor; audited as a view. *out malloc'ed. */
int intake_find(struct store *st, const struct auth_actor *actor, const char *booking,
                const char *name, struct intake_hit **out, size_t *n);

#endif
