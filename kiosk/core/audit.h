/* The audit trail: append-only rows (SQLite triggers refuse UPDATE and
 * DELETE), each chained by a BLAKE2b MAC keyed from the key file outside the
 * database over the previous row's MAC and this row's fields, with the head
 * also recorded in the key folder, so any edit, deletion or reordering is found by
 * audit_verify(). Core modules write a row inside the same transaction as the
 * action: if the row cannot be written, the action does not happen. */
#ifndef KIOSK_AUDIT_H
#define KIOSK_AUDIT_H

#include "core/auth.h"
#include "core/clock.h"

#include <stddef.h>
#include <stdint.h>

struct store;

/* Appends one row for actor (NULL = system) at the store's now: action (e.g.
 * "request.transmit"), object ("request:12"), outcome ("ok", "denied",
 * "failed"), details (short, no PII; may be NULL). Must run inside the
 * caller's transaction for the action it records. */
int audit_append(struct store *st, const struct auth_actor *actor, const char *action,
                 const char *object, const char *outcome, const char *details);

/* Records that actor viewed object (a light "view" row, outcome "ok") in
 * its own transaction, for the read-only core functions (DESIGN section 5:
 * every view is audited). The same view by the same user again within 15
 * minutes (a screen refreshing itself) adds no row. An error means the view
 * must not be shown. */
int audit_view(struct store *st, const struct auth_actor *actor, const char *action,
               const char *object, const char *details);

/* Like audit_append() for an actor given by badge only (sign-in attempts). */
int audit_append_badge(struct store *st, const char *badge, const char *action, const char *object,
                       const char *outcome, const char *details);

/* Walks the chain from the first row. 0 when every row's hash and sequence
 * hold; KIOSK_ERR_CORRUPT otherwise, with *bad_seq the first sequence number
 * that fails (a deleted row shows as the row after the gap) and a sentence in
 * msg. *rows (may be NULL) gets the number of rows checked. Actor auditor or
 * admin (NULL actor: the local administrator's `db check`). The check itself
 * is audited. */
int audit_verify(struct store *st, const struct auth_actor *actor, int64_t *bad_seq, int64_t *rows,
                 char *msg, size_t msg_len);

/* Writes a signed checkpoint of the audit head to path (created 0644, must
 * not exist; meant for removable media or another machine): the install
 * id, the last row's sequence number and MAC, the time, the Ed25519 public
 * key and a signature with the key file's signing key. Verifies the chain
 * first. Actor auditor or admin (NULL: the local administrator); audited. */
int audit_checkpoint_write(struct store *st, const struct auth_actor *actor, const char *path,
                           int64_t *seq, char *msg, size_t msg_len);

/* Checks the checkpoint at path against this database: signature by this
 * install's key, then the chain verifies and still holds the checkpoint's
 * row with the same MAC, so nothing up to it changed since it was written.
 * 0, KIOSK_ERR_CORRUPT with the reason in msg, KIOSK_ERR_INVALID for a file
 * that is no checkpoint of this install. *seq gets its row number. */
int audit_checkpoint_verify(struct store *st, const struct auth_actor *actor, const char *path,
                            int64_t *seq, char *msg, size_t msg_len);

struct audit_row {
    int64_t seq;
    kiosk_ms_t at;
    char actor_badge[AUTH_BADGE_MAX];
    char actor_role[16];
    char action[40];
    char object[40];
    char outcome[12];
    char details[200];
};

/* Rows at or after since (0 = all), oldest first, at most limit (0 = no
 * limit); *out malloc'ed (free()). Auditor or admin; audited as a view. */
int audit_list(struct store *st, const struct auth_actor *actor, kiosk_ms_t since, size_t limit,
               struct audit_row **out, size_t *n);

/* Records the weekly audit review (CJIS AU-6) with a note; auditor. */
int audit_review_record(struct store *st, const struct auth_actor *actor, const char *note);

/* When the last weekly review was recorded (0 = never). */
int audit_last_review(struct store *st, kiosk_ms_t *at);

#endif
