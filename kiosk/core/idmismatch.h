/* "Photo does not match": the deputy found that the person is not the one
 * on the scanned card. Nothing read from that card may be used or kept; the
 * kiosk records only that a mismatch happened, who saw it and when (no name,
 * number, date of birth or issuer: no personal data). */
#ifndef KIOSK_IDMISMATCH_H
#define KIOSK_IDMISMATCH_H

#include "core/auth.h"

struct store;

/* The audit action of a recorded mismatch. */
#define IDMISMATCH_ACTION "id.photo_mismatch"

/* Records the mismatch as one audit row (action IDMISMATCH_ACTION, object
 * "intake", no personal data) for a deputy or supervisor, in its own
 * transaction. 0, KIOSK_ERR_PERM for another role, or a store error
 * (then the caller must say it was not recorded). */
int idmismatch_record(struct store *st, const struct auth_actor *actor);

#endif
