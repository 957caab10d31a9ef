/* The per-database secrets kept outside the database file (issue 12): the
 * key file (document-number key, audit MAC key, row-MAC key, Ed25519
 * checkpoint key) and the audit head file, both in the key folder (mode
 * 0700, files 0600), named after the database's install id. A copy of the
 * database without this folder reveals nothing keyed and cannot be changed
 * undetected. */
#ifndef KIOSK_KEYS_H
#define KIOSK_KEYS_H

#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KEYS_LEN        32
#define KEYS_ID_HEX_LEN 32 /* install id: 16 random bytes in hex */

/* One database's secrets; wipe with sodium_memzero when done. */
struct store_keys {
    char install_id[KEYS_ID_HEX_LEN + 1];
    unsigned char doc[KEYS_LEN];   /* keys ID-number hashes (intake.c) */
    unsigned char audit[KEYS_LEN]; /* keys the audit chain (audit.c) */
    unsigned char row[KEYS_LEN];   /* keys the row MACs (rowmac.c) */
    unsigned char sign_pk[crypto_sign_PUBLICKEYBYTES];
    unsigned char sign_sk[crypto_sign_SECRETKEYBYTES]; /* signs checkpoints */
};

/* The audit head recorded outside the database: the last row's sequence
 * number and MAC, and the first keyed row (earlier rows are from before the
 * keys existed and carry the unkeyed v1 hash). */
struct keys_head {
    int64_t seq;
    unsigned char hash[KEYS_LEN];
    int64_t keyed_from;
};

/* Writes the key folder for the database at db_path into buf: key_dir when
 * given, else $KIOSK_KEY_DIR, else /etc/booking-kiosk/keys for the packaged
 * database under /var/lib/booking-kiosk/, else
 * $XDG_CONFIG_HOME/booking-kiosk/keys (~/.config/...). Never the database's
 * own folder. KIOSK_ERR_NOT_FOUND without HOME, KIOSK_ERR_FULL if buf is
 * short. */
int keys_default_dir(const char *key_dir, const char *db_path, char *buf, size_t len);

/* Creates the folder (0700) and a new key file for install_id (0600,
 * refused when one exists) with fresh random keys; doc_key (may be NULL)
 * replaces the random document key (migration keeps the old hashes
 * comparable). Fills *out. */
int keys_create(const char *dir, const char *install_id, const unsigned char *doc_key,
                struct store_keys *out, char *msg, size_t len);

/* Reads the key file of install_id from dir into *out. KIOSK_ERR_NOT_FOUND
 * when absent, KIOSK_ERR_PERM when readable by others or not ours,
 * KIOSK_ERR_CORRUPT when damaged; a sentence in msg. */
int keys_load(const char *dir, const char *install_id, struct store_keys *out, char *msg,
              size_t len);

/* Removes the key file of install_id (a setup that failed half-way). */
void keys_remove(const char *dir, const char *install_id);

/* Reads the head: the newer valid one of the two slots <id>.head and
 * <id>.head2 (each carries a checksum). KIOSK_ERR_NOT_FOUND when there is
 * none, KIOSK_ERR_CORRUPT when neither is valid. */
int keys_head_read(const char *dir, const char *install_id, struct keys_head *out);

/* Records h as the head under an exclusive lock on <id>.lock. Unless force,
 * only when h->seq is past the recorded one (two processes appending never
 * move it back), into the slot that does not hold the newest head, without
 * fsync (a crash leaves an older head, which is accepted: the database may
 * be ahead of its head, never behind it). force (setup, restore) writes
 * both slots durably, also backwards. */
int keys_head_write(const char *dir, const char *install_id, const struct keys_head *h, bool force);

#endif
