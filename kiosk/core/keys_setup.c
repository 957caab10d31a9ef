/* Attaching a database to its key folder: loading its keys, creating them
 * for a new database, and adopting a database from before the keys (issue
 * 12; the migration is described in README "Key handling"). */
#include "core/audit.h"
#include "core/keys.h"
#include "core/kiosk_err.h"
#include "core/rowmac.h"
#include "core/store_priv.h"

#include <stdio.h>
#include <string.h>

static int count_rows(struct store *st, const char *sql, int64_t *n)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st, sql, &s);
    if (rc != KIOSK_OK)
        return rc;
    int r = sqlite3_step(s);
    *n = r == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    return r == SQLITE_ROW ? KIOSK_OK : store_sqlite_err(r);
}

static int set_install_id(struct store *st, const char *id)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st, "INSERT INTO settings(key, value) VALUES ('install_id', ?1)", &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
    rc = store_sqlite_err(sqlite3_step(s));
    sqlite3_finalize(s);
    if (rc == KIOSK_OK)
        rc = store_exec(st, "DELETE FROM settings WHERE key IN ('doc_hash_key', 'audit_head')");
    return rc;
}

static void new_install_id(char id[KEYS_ID_HEX_LEN + 1])
{
    unsigned char raw[KEYS_ID_HEX_LEN / 2];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(id, KEYS_ID_HEX_LEN + 1, raw, sizeof raw);
}

/* Keys for an empty database: key file and head file first, then the
 * install id in the same transaction that finds the database still
 * without one (a second process opening the new file at once loses and
 * loads the winner's keys). */
static int setup_fresh(struct store *st, char *msg, size_t len)
{
    char id[KEYS_ID_HEX_LEN + 1];
    new_install_id(id);
    int rc = keys_create(st->key_dir, id, NULL, &st->keys, msg, len);
    if (rc != KIOSK_OK)
        return rc;
    struct keys_head h = {.seq = 0, .keyed_from = 1};
    if ((rc = keys_head_write(st->key_dir, id, &h, true)) != KIOSK_OK) {
        keys_remove(st->key_dir, id);
        return store_msg(msg, len, rc, "cannot write the audit head file in %s", st->key_dir);
    }
    if ((rc = store_tx_begin(st)) != KIOSK_OK)
        goto fail;
    char other[KEYS_ID_HEX_LEN + 8];
    if (store_setting_raw_get(st, "install_id", other, sizeof other) == KIOSK_OK) {
        store_tx_end(st, KIOSK_ERR_STATE);
        keys_remove(st->key_dir, id);
        rc = keys_load(st->key_dir, other, &st->keys, msg, len);
        st->have_keys = rc == KIOSK_OK;
        return rc;
    }
    if ((rc = store_tx_end(st, set_install_id(st, id))) != KIOSK_OK)
        goto fail;
    st->have_keys = true;
    return KIOSK_OK;
fail:
    keys_remove(st->key_dir, id);
    sodium_memzero(&st->keys, sizeof st->keys);
    return store_msg(msg, len, rc, "cannot record the install id: %s", kiosk_strerror(rc));
}

int store_keys_attach(struct store *st, const char *key_dir, char *msg, size_t len)
{
    int rc = keys_default_dir(key_dir, st->path, st->key_dir, sizeof st->key_dir);
    if (rc != KIOSK_OK)
        return store_msg(msg, len, KIOSK_ERR_USAGE,
                         "no key folder: give --key-dir DIR or set KIOSK_KEY_DIR");
    char id[KEYS_ID_HEX_LEN + 8];
    rc = store_setting_raw_get(st, "install_id", id, sizeof id);
    if (rc == KIOSK_OK) {
        rc = keys_load(st->key_dir, id, &st->keys, msg, len);
        if (rc == KIOSK_ERR_NOT_FOUND)
            return store_msg(msg, len, rc,
                             "no key file for this database (install id %s) in %s: give the "
                             "right --key-dir, or restore the key folder from its separate "
                             "backup",
                             id, st->key_dir);
        st->have_keys = rc == KIOSK_OK;
        return rc;
    }
    if (rc != KIOSK_ERR_NOT_FOUND)
        return store_msg(msg, len, rc, "cannot read the install id");
    int64_t users = 0, audit = 0, intakes = 0;
    if ((rc = count_rows(st, "SELECT count(*) FROM users", &users)) != KIOSK_OK ||
        (rc = count_rows(st, "SELECT count(*) FROM audit", &audit)) != KIOSK_OK ||
        (rc = count_rows(st, "SELECT count(*) FROM intakes", &intakes)) != KIOSK_OK)
        return store_msg(msg, len, rc, "cannot read the database");
    if (users || audit || intakes) {
        st->legacy = true; /* adopted by `kioskctl --local-admin db init` */
        return KIOSK_OK;
    }
    return setup_fresh(st, msg, len);
}

bool store_needs_keys(const struct store *st)
{
    return st->legacy && !st->have_keys;
}

int store_keys_adopt(struct store *st, const struct auth_actor *actor, char *msg, size_t len)
{
    if (!store_needs_keys(st))
        return KIOSK_OK;
    if (!actor || !actor->local_admin || actor->user_id != 0)
        return store_msg(msg, len, KIOSK_ERR_PERM,
                         "creating the keys of an existing database needs the database file's "
                         "owner (--local-admin)");
    /* The old chain must hold (v1 hashes and the recorded head) before it is
     * anchored under the keys. */
    int64_t bad = 0, last = 0;
    unsigned char last_hash[KEYS_LEN] = {0};
    char why[256];
    int rc = audit_verify_chain(st, true, &bad, NULL, &last, last_hash, why, sizeof why);
    if (rc != KIOSK_OK)
        return store_msg(msg, len, rc,
                         "the audit trail of this database does not verify (%s); keys are not "
                         "created over a broken chain",
                         why);
    unsigned char doc[KEYS_LEN], *docp = NULL;
    char hex[80];
    size_t klen = 0;
    if (store_setting_raw_get(st, "doc_hash_key", hex, sizeof hex) == KIOSK_OK &&
        sodium_hex2bin(doc, sizeof doc, hex, strlen(hex), NULL, &klen, NULL) == 0 &&
        klen == sizeof doc)
        docp = doc; /* earlier ID hashes stay comparable */
    sodium_memzero(hex, sizeof hex);
    char id[KEYS_ID_HEX_LEN + 1];
    new_install_id(id);
    rc = keys_create(st->key_dir, id, docp, &st->keys, msg, len);
    sodium_memzero(doc, sizeof doc);
    if (rc != KIOSK_OK)
        return rc;
    struct keys_head h = {.seq = last, .keyed_from = last + 1};
    memcpy(h.hash, last_hash, sizeof h.hash);
    if ((rc = keys_head_write(st->key_dir, id, &h, true)) != KIOSK_OK) {
        keys_remove(st->key_dir, id);
        return store_msg(msg, len, rc, "cannot write the audit head file in %s", st->key_dir);
    }
    st->have_keys = true;
    if ((rc = store_tx_begin(st)) == KIOSK_OK) {
        rc = set_install_id(st, id);
        if (rc == KIOSK_OK)
            rc = rowmac_seal_all(st);
        if (rc == KIOSK_OK)
            rc = audit_append(st, actor, "store.keys_created", "database", "ok",
                              "keys moved out of the database file");
        rc = store_tx_end(st, rc);
    }
    if (rc != KIOSK_OK) {
        st->have_keys = false;
        st->head_pending = false;
        keys_remove(st->key_dir, id);
        sodium_memzero(&st->keys, sizeof st->keys);
        return store_msg(msg, len, rc, "cannot adopt the database: %s", kiosk_strerror(rc));
    }
    st->legacy = false;
    /* The old document key must not linger in freed pages or the WAL. */
    store_exec(st, "VACUUM");
    store_wal_truncate(st);
    return KIOSK_OK;
}
