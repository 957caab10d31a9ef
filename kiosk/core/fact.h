/* The replicated fact log (issue 14): what the core writes when a station
 * has joined a hub, and how it derives its state from facts that other
 * stations made. A fact is one thing a person (or a station) did: a user
 * set, an intake recorded, a request transition, a consular step, a
 * setting, an audit row. Facts are emitted inside the same SQLite
 * transaction as the change they describe, and applied through the same
 * rules (request.c's transition table, LWW by fact order for users and
 * settings), so stations holding the same facts hold the same state. The
 * transport (PostgreSQL, signatures) lives in kiosk/sync/, which uses only
 * this header of the core's replication part. */
#ifndef KIOSK_FACT_H
#define KIOSK_FACT_H

#include "core/clock.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

#define FACT_STATION_MAX 16 /* station names: 1..15 of [A-Za-z0-9] */
#define FACT_KIND_MAX    40
#define FACT_SUBJECT_MAX 64
#define FACT_SIG_LEN     64 /* Ed25519 */
#define FACT_HASH_LEN    32 /* SHA-256 */

/* One fact. Its global id is (station, seq); its order, the same on every
 * station, is (at, station, seq). payload is canonical JSON text (jansson,
 * sorted keys, compact) and travels byte for byte. */
struct fact {
    char station[FACT_STATION_MAX];
    int64_t seq;
    kiosk_ms_t at;
    char kind[FACT_KIND_MAX];
    char subject[FACT_SUBJECT_MAX];
    char *payload; /* malloc'ed; freed by fact_finish() */
    unsigned char sig[FACT_SIG_LEN];
    bool has_sig;
};

/* Frees f->payload (f itself is the caller's); NULL is fine. */
void fact_finish(struct fact *f);

/* True for a valid station name (1..15 letters or digits). */
bool fact_station_name_valid(const char *name);

/* The bytes a station signs: "kiosk-fact/1", station, seq, at, kind,
 * subject and the SHA-256 of the payload, one per line. Signing the hash
 * (not the payload) lets a retention purge drop a payload later while the
 * signed header still verifies. Returns the length (< len) or
 * KIOSK_ERR_FULL. */
int fact_canonical(const struct fact *f, char *out, size_t len);

/* This database's station identity, NULL-able outputs. KIOSK_ERR_NOT_FOUND
 * when it has not joined a hub (then nothing is emitted). url gets the
 * hub's connection string. */
int fact_self(struct store *st, char *name, size_t name_len, char *url, size_t url_len,
              unsigned char pubkey[32]);

/* Records the station identity (inside the caller's transaction or its
 * own) and emits a fact for every existing user and replicated setting, so
 * the others learn them. KIOSK_ERR_STATE when already joined under
 * another name; joining again under the same name only updates the URL. */
int fact_join(struct store *st, const char *name, const char *url, const unsigned char pubkey[32],
              char *msg, size_t msg_len);

/* Emitters, each inside the caller's transaction and a no-op (0) when the
 * station has not joined. payload is stolen. */
int fact_emit(struct store *st, const char *kind, const char *subject, kiosk_ms_t at,
              json_t *payload);
/* user.set: the security row of user id (PIN hash included). */
int fact_emit_user(struct store *st, int64_t user_id);
/* intake.recorded: gives intake id its stable id (station-number) and
 * carries the intake, its ID summary, request, first events and consular
 * record. */
int fact_emit_intake(struct store *st, int64_t intake_id);
/* request.<verb>: a transition of request id made from state from. */
int fact_emit_request(struct store *st, int64_t request_id, const char *verb, const char *from,
                      const char *to, kiosk_ms_t at, const char *actor_badge, const char *a,
                      const char *b, const char *c, const char *details);
/* step.<verb>: a step on request id outside the transition table (issue
 * 10: DHS notified, detainer received, released; the follow-up of an
 * answer), with the values it set and whether it adds a timeline entry. */
int fact_emit_request_step(struct store *st, int64_t request_id, const char *verb,
                           const char *state, kiosk_ms_t at, const char *actor_badge,
                           const char *details, bool event);
/* consular.set: the consular record of intake id after a step. */
int fact_emit_consular(struct store *st, int64_t intake_id);
/* The same after a nationality given later (issue 10): the fact also carries
 * the intake's nationality and answer, and may open the record elsewhere. */
int fact_emit_consular_opened(struct store *st, int64_t intake_id, bool with_nationality);
/* setting.set: a replicated setting (every one but kiosk_id). */
int fact_emit_setting(struct store *st, const char *key, const char *value);
/* audit.row: one audit row as written (with its chain hashes, hex). */
int fact_emit_audit(struct store *st, json_t *row);

/* Own facts not yet acknowledged by the hub, oldest first, at most max;
 * *out malloc'ed (free each with fact_finish, then free()). */
int fact_unpushed(struct store *st, size_t max, struct fact **out, size_t *n);

/* Records that the hub holds this station's facts up to seq (with their
 * signatures, written back so the local log keeps them). */
int fact_mark_pushed(struct store *st, const struct fact *f);

/* The highest seq of station held locally (0 when none). */
int fact_max_seq(struct store *st, const char *station, int64_t *seq);

/* Applies a verified fact of another station in one transaction: stores it
 * and derives state through the kind's apply function (unknown kinds are
 * kept, not applied). Idempotent: the same fact again is 0; a different
 * fact under the same (station, seq) is KIOSK_ERR_CORRUPT. A fact that
 * breaks its station's audit chain is KIOSK_ERR_CORRUPT, nothing stored. */
int fact_apply(struct store *st, const struct fact *f, char *msg, size_t msg_len);

/* Records (once) that a fact was refused (bad signature, broken chain,
 * changed key), with an audit row; KIOSK_OK also when already recorded.
 * *is_new tells whether it was news. */
int fact_refuse(struct store *st, const char *station, int64_t seq, const char *reason,
                bool *is_new);

/* Known stations: pins a public key on first sight; a different key later
 * is KIOSK_ERR_CORRUPT. Records last contact. */
int fact_peer_check(struct store *st, const char *station, const unsigned char pubkey[32],
                    kiosk_ms_t now);

/* The SHA-256 digest (hex, 65 bytes with NUL) of the replicated state: the
 * facts, and the users, intakes, requests, events, consular records,
 * settings and conflict items derived from them. Equal on stations holding
 * the same facts. */
int fact_digest(struct store *st, char hex[2 * FACT_HASH_LEN + 1]);

/* Counts for `station list` and the comms cue. */
struct fact_counts {
    int64_t facts, own, unpushed, conflicts, refused;
};
int fact_counts_get(struct store *st, struct fact_counts *out);

/* One known station as seen from here. */
struct fact_peer {
    char name[FACT_STATION_MAX];
    int64_t max_seq;         /* highest seq held here */
    kiosk_ms_t last_fact;    /* time of that fact */
    kiosk_ms_t last_contact; /* last sync that saw it (0 never) */
};
/* *out malloc'ed (free()). */
int fact_peers(struct store *st, struct fact_peer **out, size_t *n);

/* One conflict item: a fact kept but not applied, and why. */
struct fact_conflict {
    char station[FACT_STATION_MAX];
    int64_t seq;
    char subject[FACT_SUBJECT_MAX];
    char kind[FACT_KIND_MAX];
    char reason[200];
};
/* *out malloc'ed (free()). */
int fact_conflicts(struct store *st, struct fact_conflict **out, size_t *n);

/* The local row id of the intake with stable id gid ("B-17"), or of its
 * request (request true). KIOSK_ERR_NOT_FOUND otherwise. */
int fact_resolve(struct store *st, const char *gid, bool request, int64_t *id);

/* The stable id of intake id into buf ("" when it has none: made before
 * the station joined). */
int fact_gid_of_intake(struct store *st, int64_t intake_id, char *buf, size_t len);

/* Internal to the core (request.c): folds one request transition into row
 * id at time at, by the same table of transitions the local commands use.
 * KIOSK_ERR_STATE when the request is no longer in state from (the fact is
 * then a conflict item). */
int request_fold(struct store *st, int64_t id, const char *verb, const char *from, kiosk_ms_t at,
                 const char *actor_badge, const char *a, const char *b, const char *c,
                 const char *details);

#endif
