/* What follows ICE's answer (issue 10 §3): the RSMo 544.472 notification of
 * DHS when the answer is "unlawfully present", the detainer record opened by
 * "detainer to follow", and release before an answer (policy §B.5: release
 * is never delayed waiting for ICE; a later answer is still recorded). */
#ifndef KIOSK_REQUEST_AFTER_H
#define KIOSK_REQUEST_AFTER_H

#include "core/auth.h"
#include "core/clock.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

/* "phone", "fax", "email", "nlets", "in_person", "other"; NULL-terminated. */
const char *const *request_dhs_methods(void);

/* Records that DHS was notified of request id's unlawfully-present answer
 * by method (one of request_dhs_methods()), with an optional note (at most
 * 255 bytes); deputy, comms or supervisor. KIOSK_ERR_STATE when no
 * notification is due or it is already recorded. One transaction with an
 * event row and an audit row. */
int request_dhs_notified(struct store *st, const struct auth_actor *actor, int64_t id,
                         const char *method, const char *note, char *msg, size_t msg_len);

/* Fills the detainer record of request id (opened by a "detainer_to_follow"
 * answer): when it was received (not in the future), the issuing ICE office,
 * the form number (e.g. "I-247A"), and whether the jail must notify ICE
 * before release. deputy or supervisor. KIOSK_ERR_STATE without a detainer
 * record or when already received. */
int request_detainer_received(struct store *st, const struct auth_actor *actor, int64_t id,
                              kiosk_ms_t received, const char *office, const char *form,
                              bool notify_release, char *msg, size_t msg_len);

/* Records that the person of open request id was released before ICE
 * answered (note optional, at most 255 bytes); deputy or supervisor. The
 * request stays open so ICE's answer is still recorded when it comes.
 * KIOSK_ERR_STATE for a closed, cancelled or responded request or one
 * already released. */
int request_release(struct store *st, const struct auth_actor *actor, int64_t id, const char *note,
                    char *msg, size_t msg_len);

#endif
