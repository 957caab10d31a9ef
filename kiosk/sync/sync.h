/* The hub (issue 14): a station's SQLite fact log pushed to and pulled from
 * one PostgreSQL database, signed with the station's Ed25519 key. The only
 * header of kiosk/sync/; libpq stays behind it. The core decides (fact.h);
 * this room only carries, signs and verifies. See kiosk/sync/DESIGN.md. */
#ifndef KIOSK_SYNC_H
#define KIOSK_SYNC_H

#include "core/clock.h"
#include "core/fact.h"

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

/* What one round moved. */
struct sync_stats {
    int64_t pushed;       /* own facts the hub acknowledged */
    int64_t pulled;       /* others' facts applied here */
    int64_t refused;      /* facts refused (bad signature, broken chain, changed key) */
    int64_t new_requests; /* intake.recorded facts with a request among the pulled */
};

/* Creates or upgrades the hub schema at url (a libpq connection string or
 * postgresql:// URL): facts, stations, the NOTIFY trigger, the
 * kiosk_station role and its row-level policy. Idempotent; safe to run
 * concurrently. KIOSK_ERR_DEVICE when the hub cannot be reached. */
int sync_hub_init(const char *url, char *msg, size_t msg_len);

/* Registers the open database as station name with the hub at url:
 * creates the station's Ed25519 key in the store's key folder (0600) when
 * absent, records the station (name and public key) in the hub and the
 * identity locally; joining again with the same name and key is a no-op.
 * KIOSK_ERR_STATE when the hub knows name with another key or the
 * database joined under another name. */
int sync_station_join(struct store *st, const char *url, const char *name, char *msg,
                      size_t msg_len);

/* Pushes own facts and pulls the others' until caught up. Idempotent and
 * safe to kill at any point: the hub keeps (station, seq) unique and each
 * fact is applied with its log row in one SQLite transaction.
 * KIOSK_ERR_DEVICE when the hub is unreachable (nothing local changes),
 * KIOSK_ERR_CORRUPT when a fact was refused (named in msg; the rest is
 * still done), KIOSK_ERR_NOT_FOUND when the station has not joined.
 * stats may be NULL. */
int sync_once(struct store *st, struct sync_stats *stats, char *msg, size_t msg_len);

/* Called by sync_run() after every round that moved something. */
typedef void (*sync_round_fn)(void *ctx, const struct sync_stats *round, int status,
                              const char *msg);

/* Syncs continuously: LISTEN kiosk_facts on the hub (a round within
 * milliseconds of another station's push), a push within poll_ms of a
 * local change, reconnecting with backoff while the hub is down. Returns
 * when *stop becomes non-zero. */
int sync_run(struct store *st, volatile sig_atomic_t *stop, int poll_ms, sync_round_fn on_round,
             void *ctx, char *msg, size_t msg_len);

/* One station as `station list` shows it. */
struct sync_station_row {
    char name[FACT_STATION_MAX];
    bool self;
    int64_t held;            /* highest seq held here */
    int64_t at_hub;          /* highest seq at the hub (-1: hub not reached) */
    kiosk_ms_t last_fact;    /* time of the newest fact held here */
    kiosk_ms_t last_contact; /* the station's last sync at the hub (0: unknown) */
};

/* The stations known here, and at the hub when reachable (*hub_reached).
 * *rows malloc'ed (free()). */
int sync_station_list(struct store *st, struct sync_station_row **rows, size_t *n,
                      bool *hub_reached, char *msg, size_t msg_len);

#endif
