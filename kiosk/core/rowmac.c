/* Row MACs over the security-relevant columns (rowmac.h). */
#include "core/rowmac.h"
#include "core/kiosk_err.h"
#include "core/store_priv.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    const char *select; /* id first, then the covered columns, then mac */
    const char *update;
    const char *all;
} tables[] = {
    [ROWMAC_USERS] = {"users",
                      "SELECT id, badge, role, pin_hash, disabled, locked_at, mac FROM users"
                      " WHERE id = ?1",
                      "UPDATE users SET mac = ?2 WHERE id = ?1",
                      "SELECT id FROM users ORDER BY id"},
    [ROWMAC_INTAKES] = {"intakes",
                        "SELECT id, basis, deputy_id, deputy_badge, cosigner_badge, created, mac"
                        " FROM intakes WHERE id = ?1",
                        "UPDATE intakes SET mac = ?2 WHERE id = ?1",
                        "SELECT id FROM intakes ORDER BY id"},
    [ROWMAC_REQUESTS] = {"requests",
                         "SELECT id, intake_id, state, disposition, mac FROM requests"
                         " WHERE id = ?1",
                         "UPDATE requests SET mac = ?2 WHERE id = ?1",
                         "SELECT id FROM requests ORDER BY id"},
};
#define TABLE_COUNT (sizeof tables / sizeof tables[0])

/* MAC of the current row of s (columns 0..n-1, typed and length-prefixed). */
static void row_mac(const struct store *st, const char *table, sqlite3_stmt *s, int n,
                    unsigned char out[crypto_generichash_BYTES])
{
    crypto_generichash_state h;
    crypto_generichash_init(&h, st->keys.row, sizeof st->keys.row, crypto_generichash_BYTES);
    crypto_generichash_update(&h, (const unsigned char *)"kiosk-row-v1", 13);
    crypto_generichash_update(&h, (const unsigned char *)table, strlen(table) + 1);
    for (int i = 0; i < n; i++) {
        int type = sqlite3_column_type(s, i);
        unsigned char head[9];
        const void *data = NULL;
        uint64_t len = 0;
        char num[24];
        if (type == SQLITE_INTEGER) {
            snprintf(num, sizeof num, "%lld", (long long)sqlite3_column_int64(s, i));
            data = num;
            len = strlen(num);
        } else if (type != SQLITE_NULL) {
            data = sqlite3_column_blob(s, i);
            len = (uint64_t)sqlite3_column_bytes(s, i);
        }
        head[0] = (unsigned char)type;
        for (int b = 0; b < 8; b++)
            head[1 + b] = (unsigned char)(len >> (8 * b));
        crypto_generichash_update(&h, head, sizeof head);
        if (data && len)
            crypto_generichash_update(&h, data, len);
    }
    crypto_generichash_final(&h, out, crypto_generichash_BYTES);
}

/* Computes row id's MAC into mac; *ok = whether the stored one matches. */
static int row_compute(struct store *st, enum rowmac_table t, int64_t id,
                       unsigned char mac[crypto_generichash_BYTES], bool *ok)
{
    if (!st->have_keys) {
        store_alarm_set(st, "this database has no key file yet: its owner must run `kioskctl "
                            "--local-admin db init`");
        return KIOSK_ERR_PERM;
    }
    sqlite3_stmt *s;
    int rc = store_prepare(st, tables[t].select, &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        int n = sqlite3_column_count(s) - 1;
        row_mac(st, tables[t].name, s, n, mac);
        *ok = sqlite3_column_bytes(s, n) == crypto_generichash_BYTES &&
              sodium_memcmp(sqlite3_column_blob(s, n), mac, crypto_generichash_BYTES) == 0;
    }
    rc = r == SQLITE_ROW ? KIOSK_OK : r == SQLITE_DONE ? KIOSK_ERR_NOT_FOUND : store_sqlite_err(r);
    sqlite3_finalize(s);
    return rc;
}

int rowmac_seal(struct store *st, enum rowmac_table t, int64_t id)
{
    unsigned char mac[crypto_generichash_BYTES];
    bool ok;
    int rc = row_compute(st, t, id, mac, &ok);
    sqlite3_stmt *s;
    if (rc != KIOSK_OK || (rc = store_prepare(st, tables[t].update, &s)) != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_blob(s, 2, mac, sizeof mac, SQLITE_TRANSIENT);
    rc = store_sqlite_err(sqlite3_step(s));
    sqlite3_finalize(s);
    return rc;
}

int rowmac_check(struct store *st, enum rowmac_table t, int64_t id)
{
    unsigned char mac[crypto_generichash_BYTES];
    bool ok = false;
    int rc = row_compute(st, t, id, mac, &ok);
    if (rc == KIOSK_OK && !ok) {
        store_alarm_set(st, "%s row %lld was changed outside the kiosk (its MAC does not match)",
                        tables[t].name, (long long)id);
        return KIOSK_ERR_CORRUPT;
    }
    return rc;
}

/* Runs fn on every row id of table t; stops at the first failure. */
static int each_row(struct store *st, enum rowmac_table t,
                    int (*fn)(struct store *, enum rowmac_table, int64_t), int64_t *bad)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st, tables[t].all, &s);
    if (rc != KIOSK_OK)
        return rc;
    int r;
    while (rc == KIOSK_OK && (r = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(s, 0);
        rc = fn(st, t, id);
        if (rc != KIOSK_OK && bad)
            *bad = id;
    }
    if (rc == KIOSK_OK && r != SQLITE_DONE)
        rc = store_sqlite_err(r);
    sqlite3_finalize(s);
    return rc;
}

int rowmac_seal_all(struct store *st)
{
    int rc = KIOSK_OK;
    for (size_t t = 0; rc == KIOSK_OK && t < TABLE_COUNT; t++)
        rc = each_row(st, (enum rowmac_table)t, rowmac_seal, NULL);
    return rc;
}

int rowmac_check_all(struct store *st, char *msg, size_t msg_len)
{
    for (size_t t = 0; t < TABLE_COUNT; t++) {
        int64_t bad = 0;
        int rc = each_row(st, (enum rowmac_table)t, rowmac_check, &bad);
        if (rc == KIOSK_ERR_CORRUPT)
            return store_msg(msg, msg_len, rc,
                             "table %s row %lld was changed outside the kiosk (its MAC does not "
                             "match: edited role, PIN hash, state or decision)",
                             tables[t].name, (long long)bad);
        if (rc != KIOSK_OK)
            return store_msg(msg, msg_len, rc, "cannot check the rows of %s", tables[t].name);
    }
    return KIOSK_OK;
}
