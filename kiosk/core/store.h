/* The kiosk's one SQLite file: opening (WAL, synchronous=FULL, foreign keys,
 * busy timeout, user_version migrations, mode 0600, quick_check), settings,
 * checks, retention purge, online backup and restore. The other store modules
 * (auth.h, intake.h, request.h, consular.h, audit.h, report.h) work on the
 * struct store opened here. Not thread-safe: one thread owns a store. */
#ifndef KIOSK_STORE_H
#define KIOSK_STORE_H

#include "core/auth.h"
#include "core/clock.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

/* The schema version this build writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 10

/* How long a call waits for another process's lock before KIOSK_ERR_BUSY. */
#define STORE_BUSY_TIMEOUT_MS 5000

/* Writes the database path to use into buf: path if not NULL, else $KIOSK_DB,
 * else $XDG_DATA_HOME/booking-kiosk/kiosk.db (XDG_DATA_HOME defaulting to
 * ~/.local/share). Does not create anything. KIOSK_ERR_FULL if buf is short,
 * KIOSK_ERR_NOT_FOUND if no HOME either. */
int store_default_path(const char *path, char *buf, size_t len);

/* Opens (creating with mode 0600, and its folder with 0700, when absent) the
 * database at path and migrates it to STORE_SCHEMA_VERSION. clock may be NULL
 * (system clock); it is copied. Runs PRAGMA quick_check: a damaged file is
 * KIOSK_ERR_CORRUPT with the reason in msg (msg may be NULL). *out is freed
 * with store_close(). */
int store_open(const char *path, const struct kiosk_clock *clock, struct store **out, char *msg,
               size_t msg_len);

/* store_open() / store_open_existing() (create false) with the key folder
 * named: key_dir, else $KIOSK_KEY_DIR, else the default of keys.h
 * (/etc/booking-kiosk/keys for /var/lib/booking-kiosk, else
 * ~/.config/booking-kiosk/keys). Every open also refuses a file owned by
 * another user or writable by group or others (KIOSK_ERR_PERM) and checks
 * the schema against the code's own (KIOSK_ERR_CORRUPT naming what differs);
 * a database with an install id needs its key file (KIOSK_ERR_NOT_FOUND). */
int store_open_keyed(const char *path, const char *key_dir, const struct kiosk_clock *clock,
                     bool create, struct store **out, char *msg, size_t msg_len);

/* True for a database from before the key files (it has data but no
 * install id): it opens, but every sign-in, role check and audited change is
 * refused until the owner runs `kioskctl --local-admin db init`
 * (store_keys_adopt). */
bool store_needs_keys(const struct store *st);

/* Adopts such a database: verifies its unkeyed audit chain, creates its key
 * file (keeping its document-hash key so earlier ID hashes still compare),
 * anchors the old chain under the keyed one, seals every row's MAC, removes
 * the key from the file (VACUUM) and audits it. actor must be the anonymous
 * local administrator. 0 when nothing was to do. */
int store_keys_adopt(struct store *st, const struct auth_actor *actor, char *msg, size_t msg_len);

/* The key folder the store uses (owned by st). */
const char *store_key_dir(const struct store *st);

/* The last security alarm (audit chain or row MAC did not verify, so the
 * action was refused), or NULL; for the admin's alert on screen. Owned by
 * st, valid until the next call on st. */
const char *store_alarm(const struct store *st);

/* Closes the store; NULL is fine. */
void store_close(struct store *st);

/* For booking-kiosk --demo only: the fictional demo users' PINs (printed on
 * the sign-in screen) are hashed at libsodium's minimum argon2id cost, so the
 * demo starts at once and stays small. Never call it on a real database;
 * nothing else (no option, no environment variable) lowers the cost. */
void store_demo_use_minimum_pin_cost(struct store *st);

/* For booking-kiosk --demo only: its fictional audit rows carry the demo's
 * clock (--now) too, so its screenshots are repeatable. A real database's
 * audit always carries the real time (issue 12); booking-kiosk refuses
 * --now without --demo. */
void store_demo_use_clock_for_audit(struct store *st);

/* Back to the production cost, once the demo users exist. */
void store_demo_end_minimum_pin_cost(struct store *st);

/* Opens an existing file without creating it (KIOSK_ERR_NOT_FOUND when
 * absent); otherwise like store_open(). */
int store_open_existing(const char *path, const struct kiosk_clock *clock, struct store **out,
                        char *msg, size_t msg_len);

/* The store's clock "now". */
kiosk_ms_t store_now(const struct store *st);

/* Replaces the store's clock (copied). */
void store_set_clock(struct store *st, const struct kiosk_clock *clock);

/* The path the store was opened with (owned by st). */
const char *store_path(const struct store *st);

/* The sqlite3 handle, for tests and benchmarks only (owned by st). */
struct sqlite3 *store_db(struct store *st);

/* Runs fn(st, ctx) inside one IMMEDIATE transaction (committed when fn
 * returns 0, rolled back otherwise). Nests: an inner call joins the outer
 * transaction. Returns fn's status or KIOSK_ERR_BUSY/IO. */
int store_transaction(struct store *st, int (*fn)(struct store *st, void *ctx), void *ctx);

/* Settings, typed. Defaults in brackets. */
struct store_settings {
    int queue_sla_min;           /* queued -> transmitted [15] */
    int response_sla_min;        /* transmitted -> responded [60] */
    int statutory_hours;         /* booking -> IAQ transmitted, RSMo 544.472 [48] */
    int consular_escalate_hours; /* mandatory notification escalation [24] */
    int consular_overdue_hours;  /* mandatory notification overdue [72] */
    int idle_lock_min;           /* UI idle lock [3] */
    int reauth_hours;            /* UI forced re-sign-in [12] */
    int retention_days;          /* purge closed intakes older than [365] */
    bool cosign_required;        /* personal-knowledge needs a supervisor [false] */
    char desk_phone[24];         /* IAQ PHN/ [""] */
    char ori[16];                /* agency ORI for the IAQ header [""] */
    char kiosk_id[32];           /* this kiosk's name in the audit [hostname] */
    char timezone[64];           /* IANA zone for local dates and times [America/Chicago] */
    char printer[64];            /* CUPS queue for slips ["" = the CUPS default] */
};

/* Reads all settings (defaults for any not stored). No role needed. */
int store_settings_get(struct store *st, struct store_settings *out);

/* Sets one setting by name ("queue_sla_min", ..., "desk_phone") from text;
 * actor admin. KIOSK_ERR_INVALID with msg for an unknown key or a bad value
 * (minutes 1..10080, hours 1..720, days 1..36500, cosign 0/1/true/false). */
int store_setting_set(struct store *st, const struct auth_actor *actor, const char *key,
                      const char *value, char *msg, size_t msg_len);

/* The names of all settings, NULL-terminated (static). */
const char *const *store_setting_names(void);

/* Writes one setting's current value as text into buf. */
int store_setting_text(const struct store_settings *s, const char *key, char *buf, size_t len);

/* PRAGMA integrity_check (full = true) or quick_check; 0 when "ok", else
 * KIOSK_ERR_CORRUPT with the first complaint in msg. Also checks the foreign
 * keys and reports the schema version in *version (may be NULL). */
int store_check(struct store *st, bool full, int *version, char *msg, size_t msg_len);

/* Copies the live database to dest with SQLite's online backup API (dest is
 * created 0600 and must not exist); actor admin; audited. */
int store_backup(struct store *st, const struct auth_actor *actor, const char *dest, char *msg,
                 size_t msg_len);

/* Replaces the database file at db_path with src, after checking src
 * (integrity_check, schema version not newer than this build, audit chain
 * intact): a damaged src is refused with KIOSK_ERR_CORRUPT and db_path is
 * left untouched. Only the owner of db_path (of its folder for a new file)
 * may restore: KIOSK_ERR_PERM otherwise. Done through the backup API into a
 * temporary file and an atomic rename, under an exclusive lock on db_path:
 * KIOSK_ERR_BUSY (nothing changed) while any other connection, such as the
 * running kiosk, has it open. The restore is audited in
 * the restored database (actor_badge may be NULL for the local
 * administrator). */
int store_restore(const char *src, const char *db_path, const struct kiosk_clock *clock,
                  const char *actor_badge, char *msg, size_t msg_len);

/* store_restore() with the key folder named (NULL: as store_open). Besides
 * the checks above, src must match the schema of its version exactly, its
 * rows' MACs and its keyed audit chain must verify with the key file; the
 * head file then moves to the restored chain's end. */
int store_restore_keyed(const char *src, const char *db_path, const char *key_dir,
                        const struct kiosk_clock *clock, const char *actor_badge, char *msg,
                        size_t msg_len);

/* Checks a backup at src without restoring it: the same checks as
 * store_restore_keyed() (integrity, exact schema, row MACs, keyed audit
 * chain with the key file of the database at db_path; key_dir NULL: as
 * store_open), on a temporary copy beside db_path that is removed
 * afterwards. The head file is not compared: a backup ends earlier than the
 * live chain by design. 0 when the backup would restore. */
int store_backup_verify(const char *src, const char *db_path, const char *key_dir,
                        const struct kiosk_clock *clock, char *msg, size_t msg_len);

/* Retention purge: redacts the personal data (IAQ names, dates of birth,
 * identifiers, response text, ID summaries, consular notes) of closed or
 * cancelled intakes whose last activity is older than days; keeps the rows,
 * states, times, codes and the audit trail so reports still count them.
 * actor admin; audited. *purged (may be NULL) gets the number of intakes.
 * The redacted values are overwritten in the file (secure_delete) and the
 * WAL is checkpointed and truncated afterwards, also while the kiosk has
 * the database open; KIOSK_ERR_BUSY when a reader kept the WAL (the purge
 * itself is then done: run it again later to wipe the WAL). */
int store_purge(struct store *st, const struct auth_actor *actor, int days, int64_t *purged);

#endif
