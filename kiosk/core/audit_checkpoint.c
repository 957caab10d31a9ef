/* Signed checkpoints of the audit head (issue 12): a small text file,
 * Ed25519-signed with the install's key, for removable media or another
 * machine; verifying one proves nothing up to its row changed since. */
#include "core/audit.h"
#include "core/keys.h"
#include "core/kiosk_err.h"
#include "core/store_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CP_MAGIC "booking-kiosk audit checkpoint v1"

/* The signed part of a checkpoint. */
static int cp_body(char *buf, size_t len, const char *id, int64_t seq,
                   const unsigned char hash[KEYS_LEN], kiosk_ms_t at,
                   const unsigned char pk[crypto_sign_PUBLICKEYBYTES])
{
    char hh[2 * KEYS_LEN + 1], pkh[2 * crypto_sign_PUBLICKEYBYTES + 1], iso[KIOSK_ISO_LEN];
    sodium_bin2hex(hh, sizeof hh, hash, KEYS_LEN);
    sodium_bin2hex(pkh, sizeof pkh, pk, crypto_sign_PUBLICKEYBYTES);
    int n = snprintf(buf, len, "%s\ninstall_id=%s\nseq=%lld\nhash=%s\nat=%s\npublic_key=%s\n",
                     CP_MAGIC, id, (long long)seq, hh, clock_format_iso(at, iso, sizeof iso), pkh);
    return n < 0 || (size_t)n >= len ? KIOSK_ERR_FULL : KIOSK_OK;
}

int audit_checkpoint_write(struct store *st, const struct auth_actor *actor, const char *path,
                           int64_t *seq, char *msg, size_t msg_len)
{
    int rc = actor ? auth_require(st, actor, AUTH_ROLE_AUDITOR | AUTH_ROLE_ADMIN) : KIOSK_OK;
    if (rc != KIOSK_OK)
        return store_msg(msg, msg_len, rc, "a checkpoint needs auditor or admin");
    if (!st->have_keys)
        return store_msg(msg, msg_len, KIOSK_ERR_PERM,
                         "this database has no key file yet (run `db init` as its owner)");
    int64_t last = 0;
    unsigned char hash[KEYS_LEN];
    char why[256];
    if ((rc = audit_verify_chain(st, true, NULL, NULL, &last, hash, why, sizeof why)) != KIOSK_OK)
        return store_msg(msg, msg_len, rc, "no checkpoint of a broken chain: %s", why);
    char body[512], sigh[2 * crypto_sign_BYTES + 1];
    if ((rc = cp_body(body, sizeof body, st->keys.install_id, last, hash, store_audit_now(st),
                      st->keys.sign_pk)) != KIOSK_OK)
        return rc;
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, NULL, (const unsigned char *)body, strlen(body), st->keys.sign_sk);
    sodium_bin2hex(sigh, sizeof sigh, sig, sizeof sig);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return store_msg(msg, msg_len, errno == EEXIST ? KIOSK_ERR_INVALID : KIOSK_ERR_IO,
                         "cannot create %s: %s", path, strerror(errno));
    char text[700];
    int n = snprintf(text, sizeof text, "%ssignature=%s\n", body, sigh);
    bool ok = write(fd, text, (size_t)n) == n && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (!ok) {
        unlink(path);
        return store_msg(msg, msg_len, errno == ENOSPC ? KIOSK_ERR_NOSPACE : KIOSK_ERR_IO,
                         "cannot write %s: %s", path, strerror(errno));
    }
    if (seq)
        *seq = last;
    char details[64];
    snprintf(details, sizeof details, "seq=%lld", (long long)last);
    if ((rc = store_tx_begin(st)) == KIOSK_OK)
        rc = store_tx_end(st, audit_append(st, actor, "audit.checkpoint", "audit", "ok", details));
    return rc;
}

int audit_checkpoint_verify(struct store *st, const struct auth_actor *actor, const char *path,
                            int64_t *seq, char *msg, size_t msg_len)
{
    int rc = actor ? auth_require(st, actor, AUTH_ROLE_AUDITOR | AUTH_ROLE_ADMIN) : KIOSK_OK;
    if (rc != KIOSK_OK)
        return store_msg(msg, msg_len, rc, "checking a checkpoint needs auditor or admin");
    if (!st->have_keys)
        return store_msg(msg, msg_len, KIOSK_ERR_PERM, "this database has no key file yet");
    FILE *f = fopen(path, "re");
    if (!f)
        return store_msg(msg, msg_len, KIOSK_ERR_NOT_FOUND, "cannot read %s: %s", path,
                         strerror(errno));
    char text[1024];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    char id[KEYS_ID_HEX_LEN + 8] = "", hh[80] = "", at[40] = "", pkh[80] = "";
    long long cseq = -1;
    char *sigline = strstr(text, "\nsignature=");
    if (!sigline ||
        sscanf(text,
               CP_MAGIC "\ninstall_id=%32[0-9a-f]\nseq=%lld\nhash=%70[0-9a-f]\nat=%39[^\n]\n"
                        "public_key=%70[0-9a-f]\n",
               id, &cseq, hh, at, pkh) != 5)
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID, "%s is not an audit checkpoint", path);
    sigline[1] = '\0'; /* the body ends with the newline before "signature=" */
    unsigned char sig[crypto_sign_BYTES], hash[KEYS_LEN], pk[crypto_sign_PUBLICKEYBYTES];
    size_t l1 = 0, l2 = 0, l3 = 0;
    const char *sh = sigline + 11;
    if (sodium_hex2bin(sig, sizeof sig, sh, strcspn(sh, "\n"), NULL, &l1, NULL) != 0 ||
        l1 != sizeof sig || sodium_hex2bin(hash, sizeof hash, hh, strlen(hh), NULL, &l2, NULL) ||
        l2 != sizeof hash || sodium_hex2bin(pk, sizeof pk, pkh, strlen(pkh), NULL, &l3, NULL) ||
        l3 != sizeof pk)
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID, "%s is not an audit checkpoint", path);
    if (strcmp(id, st->keys.install_id) != 0 || sodium_memcmp(pk, st->keys.sign_pk, sizeof pk))
        return store_msg(msg, msg_len, KIOSK_ERR_INVALID,
                         "%s is a checkpoint of another install (or another key)", path);
    if (crypto_sign_verify_detached(sig, (const unsigned char *)text, strlen(text), pk) != 0)
        return store_msg(msg, msg_len, KIOSK_ERR_CORRUPT,
                         "the signature of %s does not hold: the file was edited", path);
    if (seq)
        *seq = cseq;
    char why[256];
    if ((rc = audit_verify_chain(st, true, NULL, NULL, NULL, NULL, why, sizeof why)) != KIOSK_OK)
        return store_msg(msg, msg_len, rc, "%s", why);
    sqlite3_stmt *s;
    if ((rc = store_prepare(st, "SELECT hash FROM audit WHERE seq = ?1", &s)) != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, cseq);
    int r = sqlite3_step(s);
    bool same = r == SQLITE_ROW && sqlite3_column_bytes(s, 0) == KEYS_LEN &&
                sodium_memcmp(sqlite3_column_blob(s, 0), hash, KEYS_LEN) == 0;
    sqlite3_finalize(s);
    if (cseq > 0 && !same)
        return store_msg(msg, msg_len, KIOSK_ERR_CORRUPT,
                         "audit row %lld %s since the checkpoint of %s: the trail was cut or "
                         "rewritten",
                         cseq, r == SQLITE_ROW ? "changed" : "is gone", at);
    return KIOSK_OK;
}
