/* Row MACs (issue 12): a keyed BLAKE2b over the security-relevant columns
 * of users (badge, role, PIN hash, disabled, locked) and the decision
 * columns of intakes and requests, kept in each row's mac column. A row
 * edited in the file without the key file no longer matches: the sign-in or
 * action is refused and `db check` names the row. */
#ifndef KIOSK_ROWMAC_H
#define KIOSK_ROWMAC_H

#include <stddef.h>
#include <stdint.h>

struct store;

/* The tables with row MACs. */
enum rowmac_table { ROWMAC_USERS, ROWMAC_INTAKES, ROWMAC_REQUESTS };

/* Recomputes and stores the MAC of row id (inside the caller's transaction,
 * after every change of a covered column). */
int rowmac_seal(struct store *st, enum rowmac_table t, int64_t id);

/* 0 when row id's MAC matches; KIOSK_ERR_CORRUPT (and the store's alarm
 * set, naming the row) otherwise. KIOSK_ERR_NOT_FOUND when no such row. */
int rowmac_check(struct store *st, enum rowmac_table t, int64_t id);

/* Seals every row of every table (key setup of a database). */
int rowmac_seal_all(struct store *st);

/* Checks every row; the first mismatch is KIOSK_ERR_CORRUPT with "table
 * users row 3 (...)" in msg. */
int rowmac_check_all(struct store *st, char *msg, size_t msg_len);

#endif
