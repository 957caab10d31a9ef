/* Users, roles, PINs and sign-in: argon2id PIN hashes (libsodium), the PIN
 * policy, lockout after 5 failures in 15 minutes, and the acting user
 * ("actor") that every state-changing core function checks its role against. */
#ifndef KIOSK_AUTH_H
#define KIOSK_AUTH_H

#include "core/clock.h"

#include <stdbool.h>
#include <stdint.h>

struct store;

enum auth_role {
    AUTH_ROLE_DEPUTY = 1,
    AUTH_ROLE_COMMS = 2,
    AUTH_ROLE_SUPERVISOR = 4,
    AUTH_ROLE_ADMIN = 8,
    AUTH_ROLE_AUDITOR = 16,
};

#define AUTH_BADGE_MAX 32 /* badge text, bytes incl. NUL */
#define AUTH_NAME_MAX  64 /* display name, bytes incl. NUL */
#define AUTH_PIN_MIN   6
#define AUTH_PIN_MAX   32

/* Failed sign-ins that lock a user, and the window they must fall in. */
#define AUTH_LOCK_FAILURES  5
#define AUTH_LOCK_WINDOW_MS (15 * KIOSK_MS_PER_MIN)

/* Who is acting. Filled by auth_sign_in() or auth_actor_local_admin(); plain
 * data, no ownership. Core functions re-read the user's role and status from
 * the store on every call, so a disabled user stops at once. */
struct auth_actor {
    int64_t user_id; /* 0 for the anonymous local administrator */
    char badge[AUTH_BADGE_MAX];
    char name[AUTH_NAME_MAX];
    enum auth_role role;
    bool local_admin;     /* acting as the DB file's owner without a PIN */
    kiosk_ms_t signed_in; /* when the PIN was checked (UI: 12 h re-auth) */
};

/* One user, as listed for the user pick and `kioskctl user list`. */
struct auth_user {
    int64_t id;
    char badge[AUTH_BADGE_MAX];
    char name[AUTH_NAME_MAX];
    enum auth_role role;
    bool disabled;
    bool locked;
    kiosk_ms_t created;
    kiosk_ms_t last_sign_in; /* 0 = never */
    int recent_failures;     /* failures inside the lock window */
};

/* "deputy", "comms", "supervisor", "admin", "auditor"; "?" otherwise. */
const char *auth_role_name(enum auth_role role);

/* The role named s, or 0 when s names none. */
enum auth_role auth_role_parse(const char *s);

/* Checks a new PIN against the policy: 6..32 digits, not all one digit, not an
 * ascending or descending run (123456, 987654), no digit repeated 4+ times in a
 * row, not the badge. 0, or KIOSK_ERR_INVALID with a sentence in msg. */
int auth_pin_check_policy(const char *pin, const char *badge, char *msg, size_t msg_len);

/* Signs in badge with pin at the store's "now". On success fills *out and
 * records the sign-in (audit). A wrong PIN is KIOSK_ERR_PERM (and counts a
 * failure; the 5th within 15 minutes locks the user); a locked user is
 * KIOSK_ERR_LOCKED (even with the right PIN); an unknown or disabled badge is
 * KIOSK_ERR_PERM. Every attempt is audited. */
int auth_sign_in(struct store *st, const char *badge, const char *pin, struct auth_actor *out);

/* Acting as the database file's owner without a PIN (kioskctl --local-admin).
 * Refused (KIOSK_ERR_PERM) unless the calling process's uid owns the DB file.
 * With badge NULL the actor is the anonymous local administrator (role admin);
 * otherwise it is that user (must exist and be enabled). The audit marks every
 * action taken so. */
int auth_actor_local_admin(struct store *st, const char *badge, struct auth_actor *out);

/* Adds a user; actor must be admin (or the local administrator; the first
 * user of an empty store may only be added by the local administrator).
 * KIOSK_ERR_INVALID with msg for a bad badge/name/role/PIN, KIOSK_ERR_STATE
 * when the badge exists. *id_out may be NULL. */
int auth_user_add(struct store *st, const struct auth_actor *actor, const char *badge,
                  const char *name, enum auth_role role, const char *pin, int64_t *id_out,
                  char *msg, size_t msg_len);

/* Lists all users ordered by name (status, last sign-in, recent failures)
 * into a malloc'ed array *out (caller frees with free()), *n its length;
 * actor admin; audited as a view ("user.list"). */
int auth_user_list_as(struct store *st, const struct auth_actor *actor, struct auth_user **out,
                      size_t *n);

/* One entry of the sign-in screen's user pick: nothing but the badge and
 * the display name. */
struct auth_pick {
    char badge[AUTH_BADGE_MAX];
    char name[AUTH_NAME_MAX];
};

/* The enabled users, ordered by name, for the sign-in screen's user pick
 * (before anyone is signed in, so no actor and no audit row; only staff
 * badges and names leave the store). *out is malloc'ed (free()), *n its
 * length. */
int auth_user_pick_list(struct store *st, struct auth_pick **out, size_t *n);

/* Clears a user's lock and failures; actor supervisor or admin. */
int auth_user_unlock(struct store *st, const struct auth_actor *actor, const char *badge);

/* Disables a user (cannot sign in any more; the row stays for the audit);
 * actor admin. An admin cannot disable itself. */
int auth_user_disable(struct store *st, const struct auth_actor *actor, const char *badge);
/* Undoes auth_user_disable (admin; audited as user.enable). */
int auth_user_enable(struct store *st, const struct auth_actor *actor, const char *badge);

/* Changes the actor's own PIN (old PIN checked again). */
int auth_pin_change(struct store *st, const struct auth_actor *actor, const char *old_pin,
                    const char *new_pin, char *msg, size_t msg_len);

/* 0 when actor (re-read from the store) holds one of the roles in role_mask
 * (an OR of enum auth_role), else KIOSK_ERR_PERM. Used by every core module. */
int auth_require(struct store *st, const struct auth_actor *actor, unsigned role_mask);

/* Argon2id cost used for new PIN hashes: opslimit 3, memlimit 64 MiB
 * (~0.2-0.4 s on a kiosk-class CPU). Only the in-process test seam
 * store_test_set_pwhash_fast() (store_priv.h) and the demo's
 * store_demo_use_minimum_pin_cost() select libsodium's minimum limits; the
 * environment cannot weaken production hashes. */
void auth_pwhash_limits(const struct store *st, unsigned long long *ops, size_t *mem);

#endif
