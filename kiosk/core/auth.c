/* Users, roles and PINs: argon2id hashing (libsodium), the PIN policy,
 * sign-in with lockout, the local administrator, and the role check every
 * core module calls. */
#include "core/fact.h"
#include "core/auth.h"
#include "core/audit.h"
#include "core/kiosk_err.h"
#include "core/rowmac.h"
#include "core/store_priv.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
    enum auth_role role;
    const char *name;
} role_names[] = {
    {AUTH_ROLE_DEPUTY, "deputy"},         {AUTH_ROLE_COMMS, "comms"},
    {AUTH_ROLE_SUPERVISOR, "supervisor"}, {AUTH_ROLE_ADMIN, "admin"},
    {AUTH_ROLE_AUDITOR, "auditor"},
};

const char *auth_role_name(enum auth_role role)
{
    for (size_t i = 0; i < sizeof role_names / sizeof role_names[0]; i++)
        if (role_names[i].role == role)
            return role_names[i].name;
    return "?";
}

enum auth_role auth_role_parse(const char *s)
{
    for (size_t i = 0; s && i < sizeof role_names / sizeof role_names[0]; i++)
        if (strcmp(role_names[i].name, s) == 0)
            return role_names[i].role;
    return 0;
}

void auth_pwhash_limits(const struct store *st, unsigned long long *ops, size_t *mem)
{
    if (st && st->pwhash_fast) {
        *ops = crypto_pwhash_OPSLIMIT_MIN;
        *mem = crypto_pwhash_MEMLIMIT_MIN;
    } else {
        *ops = 3;
        *mem = 64u * 1024 * 1024;
    }
}

int auth_pin_check_policy(const char *pin, const char *badge, char *msg, size_t msg_len)
{
    size_t n = pin ? strlen(pin) : 0;
    if (n < AUTH_PIN_MIN || n > AUTH_PIN_MAX)
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID, "the PIN must have %d to %d digits",
                         AUTH_PIN_MIN, AUTH_PIN_MAX);
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)pin[i]))
            return store_msg(msg, msg_len, KIOSK_ERR_INVALID, "the PIN must be digits only");
    bool up = true, down = true;
    for (size_t i = 1; i < n; i++) {
        up &= pin[i] == pin[i - 1] + 1;
        down &= pin[i] == pin[i - 1] - 1;
    }
    if (up || down)
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID,
                         "the PIN must not be a run of consecutive digits");
    for (size_t period = 1; period <= 3; period++) {
        bool rep = true;
        for (size_t i = period; i < n; i++)
            rep &= pin[i] == pin[i - period];
        if (rep)
            return store_msg(msg, msg_len, KIOSK_ERR_INVALID,
                             "the PIN must not repeat one digit or a short pattern");
    }
    for (size_t i = 3; i < n; i++)
        if (pin[i] == pin[i - 1] && pin[i] == pin[i - 2] && pin[i] == pin[i - 3])
            return store_msg(msg, msg_len, KIOSK_ERR_INVALID,
                             "the PIN must not have a digit 4 times in a row");
    if (badge && strcmp(pin, badge) == 0)
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID, "the PIN must not be the badge number");
    return KIOSK_OK;
}

static bool badge_valid(const char *b)
{
    size_t n = b ? strlen(b) : 0;
    if (n < 1 || n >= AUTH_BADGE_MAX)
        return false;
    for (; *b; b++)
        if (!isalnum((unsigned char)*b) && *b != '-' && *b != '_')
            return false;
    return true;
}

static bool name_valid(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 1 || n >= AUTH_NAME_MAX)
        return false;
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7F)
            return false;
    return true;
}

/* Reads the user with badge; KIOSK_ERR_NOT_FOUND if none. */
static int user_by_badge(struct store *st, const char *badge, struct auth_user *u, char *hash,
                         size_t hash_len)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st,
                           "SELECT id, badge, name, role, disabled, locked_at IS NOT NULL,"
                           " created, last_sign_in, pin_hash FROM users WHERE badge = ?1",
                           &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_text(s, 1, badge, -1, SQLITE_STATIC);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        memset(u, 0, sizeof *u);
        u->id = sqlite3_column_int64(s, 0);
        store_col_text(s, 1, u->badge, sizeof u->badge);
        store_col_text(s, 2, u->name, sizeof u->name);
        u->role = auth_role_parse((const char *)sqlite3_column_text(s, 3));
        u->disabled = sqlite3_column_int(s, 4) != 0;
        u->locked = sqlite3_column_int(s, 5) != 0;
        u->created = sqlite3_column_int64(s, 6);
        u->last_sign_in = sqlite3_column_int64(s, 7);
        if (hash)
            store_col_text(s, 8, hash, hash_len);
    }
    rc = r == SQLITE_ROW ? KIOSK_OK : r == SQLITE_DONE ? KIOSK_ERR_NOT_FOUND : store_sqlite_err(r);
    sqlite3_finalize(s);
    return rc;
}

/* Writes an audit row in its own transaction (sign-in attempts, denials). */
static void audit_alone(struct store *st, const struct auth_actor *actor, const char *badge,
                        const char *action, const char *object, const char *outcome,
                        const char *details)
{
    if (st->tx_depth > 0 || store_tx_begin(st) != KIOSK_OK)
        return;
    int rc = actor ? audit_append(st, actor, action, object, outcome, details)
                   : audit_append_badge(st, badge, action, object, outcome, details);
    store_tx_end(st, rc);
}

int auth_require(struct store *st, const struct auth_actor *actor, unsigned role_mask)
{
    if (!actor)
        return KIOSK_ERR_PERM;
    enum auth_role role;
    int rc = KIOSK_OK;
    if (actor->user_id == 0) {
        if (!actor->local_admin)
            return KIOSK_ERR_PERM;
        role = AUTH_ROLE_ADMIN;
    } else {
        sqlite3_stmt *s;
        if ((rc = store_prepare(st,
                                "SELECT role, disabled, locked_at IS NOT NULL, badge FROM users"
                                " WHERE id = ?1",
                                &s)) != KIOSK_OK)
            return rc;
        sqlite3_bind_int64(s, 1, actor->user_id);
        int r = sqlite3_step(s);
        if (r != SQLITE_ROW) {
            sqlite3_finalize(s);
            return r == SQLITE_DONE ? KIOSK_ERR_PERM : store_sqlite_err(r);
        }
        role = auth_role_parse((const char *)sqlite3_column_text(s, 0));
        bool disabled = sqlite3_column_int(s, 1) != 0;
        bool locked = sqlite3_column_int(s, 2) != 0;
        bool same = strcmp((const char *)sqlite3_column_text(s, 3), actor->badge) == 0;
        sqlite3_finalize(s);
        if (disabled || !same)
            rc = KIOSK_ERR_PERM;
        else if (locked)
            rc = KIOSK_ERR_LOCKED;
        else if (rowmac_check(st, ROWMAC_USERS, actor->user_id) != KIOSK_OK)
            rc = KIOSK_ERR_CORRUPT; /* role or status edited in the file */
    }
    if (rc == KIOSK_OK && !(role & role_mask))
        rc = KIOSK_ERR_PERM;
    if (rc != KIOSK_OK)
        audit_alone(st, actor, NULL, "auth.denied", "role", "denied", auth_role_name(role));
    return rc;
}

/* PIN hashes of a random PIN nobody knows, at the production cost and at
 * the test/demo cost: an unknown or disabled badge is checked against one
 * so the answer takes as long as for a real user (no enumeration by
 * timing). */
static const char dummy_hash_production[crypto_pwhash_STRBYTES] =
    "$argon2id$v=19$m=65536,t=3,p=1$Dn8+Yr+BhBmRK35mGY9+jw$"
    "nlXKeMpDFEsiKhtMtb9HViHkEPiEq3XXgxpYPxW0ZR4";
static const char dummy_hash_fast[crypto_pwhash_STRBYTES] =
    "$argon2id$v=19$m=8,t=1,p=1$L1Nlfq70lijcj35iBkMOrQ$iOEaLmEkoNcjwZC9SxZ9gICHGcBeexYLrb4icEKSmJ8";

static bool pin_verify(const char *hash, const char *pin)
{
    return pin && strlen(pin) <= AUTH_PIN_MAX &&
           crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
}

static int exec_id(struct store *st, const char *sql, int64_t id, kiosk_ms_t t)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st, sql, &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    if (sqlite3_bind_parameter_count(s) >= 2)
        sqlite3_bind_int64(s, 2, t);
    rc = store_sqlite_err(sqlite3_step(s));
    sqlite3_finalize(s);
    return rc;
}

static int recent_failures(struct store *st, int64_t user_id, kiosk_ms_t now, int *n)
{
    sqlite3_stmt *s;
    *n = 0;
    int rc = store_prepare(st,
                           "SELECT count(*) FROM sign_in_failures WHERE user_id = ?1"
                           " AND at > ?2 AND at <= ?3",
                           &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, user_id);
    sqlite3_bind_int64(s, 2, now - AUTH_LOCK_WINDOW_MS);
    sqlite3_bind_int64(s, 3, now);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        *n = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return r == SQLITE_ROW ? KIOSK_OK : store_sqlite_err(r);
}

/* Locks the user (sealing the row's MAC) inside the caller's transaction. */
static int lock_user(struct store *st, int64_t id, kiosk_ms_t now)
{
    int rc = exec_id(st, "UPDATE users SET locked_at = ?2 WHERE id = ?1", id, now);
    if (rc == KIOSK_OK)
        rc = rowmac_seal(st, ROWMAC_USERS, id);
    /* issue 14: a lock travels, so the user is locked at every station. */
    return rc == KIOSK_OK ? fact_emit_user(st, id) : rc;
}

/* Step 1 of a sign-in, in one IMMEDIATE transaction before the slow hash:
 * the user's row MAC and lock are checked and a failure is reserved, so
 * any number of parallel attempts get at most AUTH_LOCK_FAILURES hash
 * checks. *known is false for an unknown or disabled badge. *reservation
 * gets the reserved failure's row. */
static int sign_in_reserve(struct store *st, const char *badge, kiosk_ms_t now, struct auth_user *u,
                           char *hash, size_t hash_len, bool *known, int64_t *reservation)
{
    *known = false;
    *reservation = 0;
    int rc = store_tx_begin(st);
    if (rc != KIOSK_OK)
        return rc;
    rc = user_by_badge(st, badge, u, hash, hash_len);
    if (rc == KIOSK_ERR_NOT_FOUND || (rc == KIOSK_OK && u->disabled)) {
        rc = store_tx_end(st, KIOSK_OK);
        return rc;
    }
    if (rc == KIOSK_OK && (rc = rowmac_check(st, ROWMAC_USERS, u->id)) == KIOSK_ERR_CORRUPT) {
        rc = audit_append_badge(st, badge, "auth.sign_in", "user", "denied",
                                "user row changed outside the kiosk");
        store_tx_end(st, rc);
        return KIOSK_ERR_CORRUPT;
    }
    int failures = 0;
    if (rc == KIOSK_OK && !u->locked &&
        (rc = recent_failures(st, u->id, now, &failures)) == KIOSK_OK &&
        failures >= AUTH_LOCK_FAILURES) {
        rc = lock_user(st, u->id, now);
        u->locked = true;
    }
    if (rc == KIOSK_OK && u->locked) {
        rc = audit_append_badge(st, badge, "auth.sign_in", "user", "denied", "locked");
        rc = store_tx_end(st, rc);
        return rc == KIOSK_OK ? KIOSK_ERR_LOCKED : rc;
    }
    if (rc == KIOSK_OK &&
        (rc = exec_id(st, "INSERT INTO sign_in_failures(user_id, at) VALUES (?1, ?2)", u->id,
                      now)) == KIOSK_OK)
        *reservation = sqlite3_last_insert_rowid(st->db);
    *known = rc == KIOSK_OK;
    return store_tx_end(st, rc);
}

int auth_sign_in(struct store *st, const char *badge, const char *pin, struct auth_actor *out)
{
    memset(out, 0, sizeof *out);
    struct auth_user u;
    char hash[crypto_pwhash_STRBYTES + 1];
    const char *dummy = st->pwhash_fast ? dummy_hash_fast : dummy_hash_production;
    if (!badge_valid(badge)) {
        pin_verify(dummy, pin);
        return KIOSK_ERR_PERM;
    }
    /* Sign-ins, failures and the lock window run on the real clock. */
    kiosk_ms_t now = store_audit_now(st);
    bool known;
    int64_t reservation;
    int rc = sign_in_reserve(st, badge, now, &u, hash, sizeof hash, &known, &reservation);
    if (rc != KIOSK_OK) {
        sodium_memzero(hash, sizeof hash);
        return rc;
    }
    bool ok = pin_verify(known ? hash : dummy, pin);
    sodium_memzero(hash, sizeof hash);
    if (!known) {
        audit_alone(st, NULL, badge, "auth.sign_in", "user", "denied", "unknown or disabled badge");
        return KIOSK_ERR_PERM;
    }
    /* Step 2: the outcome. The row is read again: a lock set meanwhile by a
     * parallel wrong PIN wins over a right one. */
    if ((rc = store_tx_begin(st)) != KIOSK_OK)
        return rc;
    struct auth_user again;
    bool locked_now = false;
    rc = user_by_badge(st, badge, &again, NULL, 0);
    if (rc == KIOSK_OK && (again.id != u.id || again.disabled))
        rc = KIOSK_ERR_PERM;
    if (rc == KIOSK_OK)
        rc = rowmac_check(st, ROWMAC_USERS, u.id);
    if (rc == KIOSK_OK && again.locked) {
        ok = false;
        locked_now = true;
        rc = audit_append_badge(st, badge, "auth.sign_in", "user", "denied", "locked");
    } else if (rc == KIOSK_OK && ok) {
        rc = exec_id(st, "DELETE FROM sign_in_failures WHERE user_id = ?1", u.id, 0);
        if (rc == KIOSK_OK)
            rc = exec_id(st, "UPDATE users SET last_sign_in = ?2 WHERE id = ?1", u.id, now);
        if (rc == KIOSK_OK)
            rc = audit_append_badge(st, badge, "auth.sign_in", "user", "ok", NULL);
    } else if (rc == KIOSK_OK) {
        int failures = 0;
        rc = recent_failures(st, u.id, now, &failures);
        if (rc == KIOSK_OK && failures >= AUTH_LOCK_FAILURES) {
            locked_now = true;
            rc = lock_user(st, u.id, now);
        }
        char details[64];
        snprintf(details, sizeof details, "wrong PIN, %d in 15 min%s", failures,
                 locked_now ? ", user locked" : "");
        if (rc == KIOSK_OK)
            rc = audit_append_badge(st, badge, "auth.sign_in", "user", "denied", details);
    }
    (void)reservation; /* a wrong PIN keeps it; a right one cleared all above */
    rc = store_tx_end(st, rc);
    if (rc != KIOSK_OK)
        return rc;
    if (!ok)
        return locked_now ? KIOSK_ERR_LOCKED : KIOSK_ERR_PERM;
    out->user_id = u.id;
    snprintf(out->badge, sizeof out->badge, "%s", u.badge);
    snprintf(out->name, sizeof out->name, "%s", u.name);
    out->role = u.role;
    out->signed_in = now;
    return KIOSK_OK;
}

int auth_actor_local_admin(struct store *st, const char *badge, struct auth_actor *out)
{
    memset(out, 0, sizeof *out);
    struct stat sb;
    if (stat(st->path, &sb) != 0 || sb.st_uid != st->caller_uid)
        return KIOSK_ERR_PERM;
    out->local_admin = true;
    out->signed_in = store_audit_now(st);
    if (!badge || !badge[0]) {
        out->role = AUTH_ROLE_ADMIN;
        snprintf(out->badge, sizeof out->badge, "local-admin");
        out->badge[0] = '\0'; /* audited as "local-admin" */
        return KIOSK_OK;
    }
    struct auth_user u;
    int rc = user_by_badge(st, badge, &u, NULL, 0);
    if (rc == KIOSK_ERR_NOT_FOUND || (rc == KIOSK_OK && u.disabled))
        return KIOSK_ERR_PERM;
    if (rc != KIOSK_OK)
        return rc;
    out->user_id = u.id;
    snprintf(out->badge, sizeof out->badge, "%s", u.badge);
    snprintf(out->name, sizeof out->name, "%s", u.name);
    out->role = u.role;
    return KIOSK_OK;
}

static int count_users(struct store *st, int64_t *n)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st, "SELECT count(*) FROM users", &s);
    if (rc != KIOSK_OK)
        return rc;
    *n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    return KIOSK_OK;
}

int auth_user_add(struct store *st, const struct auth_actor *actor, const char *badge,
                  const char *name, enum auth_role role, const char *pin, int64_t *id_out,
                  char *msg, size_t msg_len)
{
    int64_t users = 0;
    int rc = count_users(st, &users);
    if (rc != KIOSK_OK)
        return rc;
    if (users == 0 && !(actor && actor->local_admin && actor->user_id == 0))
        return store_msg(msg, msg_len, KIOSK_ERR_PERM,
                         "the first user must be added by the database owner (--local-admin)");
    if ((rc = auth_require(st, actor, AUTH_ROLE_ADMIN)) != KIOSK_OK)
        return store_msg(msg, msg_len, rc, "adding users needs the admin role");
    if (!badge_valid(badge))
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID,
                         "badge must be 1-%d letters, digits, '-' or '_'", AUTH_BADGE_MAX - 1);
    if (!name_valid(name))
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID, "name must be 1-%d printable bytes",
                         AUTH_NAME_MAX - 1);
    if (!auth_role_name(role) || !strcmp(auth_role_name(role), "?"))
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID,
                         "role must be deputy, comms, supervisor, admin or auditor");
    if ((rc = auth_pin_check_policy(pin, badge, msg, msg_len)) != KIOSK_OK)
        return rc;
    char hash[crypto_pwhash_STRBYTES];
    unsigned long long ops;
    size_t mem;
    auth_pwhash_limits(st, &ops, &mem);
    if (crypto_pwhash_str(hash, pin, strlen(pin), ops, mem) != 0)
        return store_msg(msg, msg_len, KIOSK_ERR_NOMEM, "not enough memory to hash the PIN");
    if ((rc = store_tx_begin(st)) != KIOSK_OK)
        return rc;
    sqlite3_stmt *s;
    rc = store_prepare(st,
                       "INSERT INTO users(badge, name, role, pin_hash, created)"
                       " VALUES (?1, ?2, ?3, ?4, ?5)",
                       &s);
    int64_t id = 0;
    if (rc == KIOSK_OK) {
        sqlite3_bind_text(s, 1, badge, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, auth_role_name(role), -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, hash, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 5, store_now(st));
        int r = sqlite3_step(s);
        if ((r & 0xFF) == SQLITE_CONSTRAINT)
            rc = store_msg(msg, msg_len, KIOSK_ERR_STATE, "badge %s already exists", badge);
        else
            rc = store_sqlite_err(r);
        id = sqlite3_last_insert_rowid(st->db);
        sqlite3_finalize(s);
    }
    if (rc == KIOSK_OK)
        rc = rowmac_seal(st, ROWMAC_USERS, id);
    if (rc == KIOSK_OK)
        rc = fact_emit_user(st, id); /* issue 14: signs in at every station */
    sodium_memzero(hash, sizeof hash);
    char obj[48], details[64];
    snprintf(obj, sizeof obj, "user:%s", badge);
    snprintf(details, sizeof details, "role=%s", auth_role_name(role));
    if (rc == KIOSK_OK)
        rc = audit_append(st, actor, "user.add", obj, "ok", details);
    rc = store_tx_end(st, rc);
    if (rc == KIOSK_OK && id_out)
        *id_out = id;
    return rc;
}

static bool user_row_read(sqlite3_stmt *s, void *row, void *ctx)
{
    (void)ctx;
    struct auth_user *u = row;
    u->id = sqlite3_column_int64(s, 0);
    store_col_text(s, 1, u->badge, sizeof u->badge);
    store_col_text(s, 2, u->name, sizeof u->name);
    u->role = auth_role_parse((const char *)sqlite3_column_text(s, 3));
    u->disabled = sqlite3_column_int(s, 4) != 0;
    u->locked = sqlite3_column_int(s, 5) != 0;
    u->created = sqlite3_column_int64(s, 6);
    u->last_sign_in = sqlite3_column_int64(s, 7);
    u->recent_failures = sqlite3_column_int(s, 8);
    return true;
}

/* Reads every user, ordered by name (no role check, no audit row: callers
 * do both). */
static int user_list_read(struct store *st, struct auth_user **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s;
    int rc = store_prepare(st,
                           "SELECT u.id, u.badge, u.name, u.role, u.disabled,"
                           " u.locked_at IS NOT NULL, u.created, u.last_sign_in,"
                           " (SELECT count(*) FROM sign_in_failures f WHERE f.user_id = u.id"
                           "  AND f.at > ?1) FROM users u ORDER BY u.name, u.badge",
                           &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, store_now(st) - AUTH_LOCK_WINDOW_MS);
    void *rows;
    rc = store_collect(s, sizeof **out, 16, user_row_read, NULL, &rows, n);
    *out = rows;
    return rc;
}

int auth_user_list_as(struct store *st, const struct auth_actor *actor, struct auth_user **out,
                      size_t *n)
{
    *out = NULL;
    *n = 0;
    int rc = auth_require(st, actor, AUTH_ROLE_ADMIN);
    if (rc != KIOSK_OK)
        return rc;
    if ((rc = user_list_read(st, out, n)) != KIOSK_OK)
        return rc;
    char details[32];
    snprintf(details, sizeof details, "rows=%zu", *n);
    if ((rc = audit_view(st, actor, "user.list", "users", details)) != KIOSK_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

static bool pick_row_read(sqlite3_stmt *s, void *row, void *ctx)
{
    (void)ctx;
    struct auth_pick *p = row;
    store_col_text(s, 0, p->badge, sizeof p->badge);
    store_col_text(s, 1, p->name, sizeof p->name);
    return true;
}

int auth_user_pick_list(struct store *st, struct auth_pick **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s;
    int rc = store_prepare(
        st, "SELECT badge, name FROM users WHERE disabled = 0 ORDER BY name, badge", &s);
    if (rc != KIOSK_OK)
        return rc;
    void *rows;
    rc = store_collect(s, sizeof **out, 16, pick_row_read, NULL, &rows, n);
    *out = rows;
    return rc;
}

/* Runs an UPDATE on the user with badge and audits it; KIOSK_ERR_NOT_FOUND
 * when no such user. */
static int user_update(struct store *st, const struct auth_actor *actor, const char *badge,
                       const char *sql, const char *action)
{
    if ((store_tx_begin(st)) != KIOSK_OK)
        return KIOSK_ERR_BUSY;
    struct auth_user u;
    int rc = user_by_badge(st, badge ? badge : "", &u, NULL, 0);
    sqlite3_stmt *s;
    if (rc == KIOSK_OK && (rc = store_prepare(st, sql, &s)) == KIOSK_OK) {
        sqlite3_bind_int64(s, 1, u.id);
        rc = store_sqlite_err(sqlite3_step(s));
        sqlite3_finalize(s);
    }
    if (rc == KIOSK_OK)
        rc = rowmac_seal(st, ROWMAC_USERS, u.id);
    if (rc == KIOSK_OK)
        rc = fact_emit_user(st, u.id);
    char obj[48];
    snprintf(obj, sizeof obj, "user:%s", badge ? badge : "");
    if (rc == KIOSK_OK)
        rc = audit_append(st, actor, action, obj, "ok", NULL);
    return store_tx_end(st, rc);
}

int auth_user_unlock(struct store *st, const struct auth_actor *actor, const char *badge)
{
    int rc = auth_require(st, actor, AUTH_ROLE_SUPERVISOR | AUTH_ROLE_ADMIN);
    if (rc != KIOSK_OK)
        return rc;
    if ((rc = store_tx_begin(st)) != KIOSK_OK)
        return rc;
    rc = user_update(st, actor, badge, "UPDATE users SET locked_at = NULL WHERE id = ?1",
                     "user.unlock");
    sqlite3_stmt *s;
    if (rc == KIOSK_OK && (rc = store_prepare(st,
                                              "DELETE FROM sign_in_failures WHERE user_id ="
                                              " (SELECT id FROM users WHERE badge = ?1)",
                                              &s)) == KIOSK_OK) {
        sqlite3_bind_text(s, 1, badge, -1, SQLITE_STATIC);
        rc = store_sqlite_err(sqlite3_step(s));
        sqlite3_finalize(s);
    }
    return store_tx_end(st, rc);
}

int auth_user_disable(struct store *st, const struct auth_actor *actor, const char *badge)
{
    int rc = auth_require(st, actor, AUTH_ROLE_ADMIN);
    if (rc != KIOSK_OK)
        return rc;
    if (badge && actor->user_id != 0 && strcmp(badge, actor->badge) == 0)
        return KIOSK_ERR_STATE;
    return user_update(st, actor, badge, "UPDATE users SET disabled = 1 WHERE id = ?1",
                       "user.disable");
}

int auth_user_enable(struct store *st, const struct auth_actor *actor, const char *badge)
{
    int rc = auth_require(st, actor, AUTH_ROLE_ADMIN);
    if (rc != KIOSK_OK)
        return rc;
    return user_update(st, actor, badge, "UPDATE users SET disabled = 0 WHERE id = ?1",
                       "user.enable");
}

int auth_pin_change(struct store *st, const struct auth_actor *actor, const char *old_pin,
                    const char *new_pin, char *msg, size_t msg_len)
{
    struct auth_actor again;
    int rc = auth_sign_in(st, actor->badge, old_pin, &again);
    if (rc != KIOSK_OK)
        return store_msg(msg, msg_len, rc, "the current PIN is not right");
    if ((rc = auth_pin_check_policy(new_pin, actor->badge, msg, msg_len)) != KIOSK_OK)
        return rc;
    char hash[crypto_pwhash_STRBYTES];
    unsigned long long ops;
    size_t mem;
    auth_pwhash_limits(st, &ops, &mem);
    if (crypto_pwhash_str(hash, new_pin, strlen(new_pin), ops, mem) != 0)
        return KIOSK_ERR_NOMEM;
    if ((rc = store_tx_begin(st)) != KIOSK_OK)
        return rc;
    sqlite3_stmt *s;
    if ((rc = store_prepare(st, "UPDATE users SET pin_hash = ?2 WHERE id = ?1", &s)) == KIOSK_OK) {
        sqlite3_bind_int64(s, 1, again.user_id);
        sqlite3_bind_text(s, 2, hash, -1, SQLITE_STATIC);
        rc = store_sqlite_err(sqlite3_step(s));
        sqlite3_finalize(s);
    }
    if (rc == KIOSK_OK)
        rc = rowmac_seal(st, ROWMAC_USERS, again.user_id);
    if (rc == KIOSK_OK)
        rc = fact_emit_user(st, again.user_id);
    sodium_memzero(hash, sizeof hash);
    if (rc == KIOSK_OK)
        rc = audit_append(st, actor, "user.pin_change", "user", "ok", NULL);
    return store_tx_end(st, rc);
}
