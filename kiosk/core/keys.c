/* The key folder: the per-database key file and audit head file (keys.h). */
#include "core/keys.h"
#include "core/kiosk_err.h"
#include "core/store_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEYS_MAGIC "booking-kiosk key file v1"
#define HEAD_MAGIC "booking-kiosk audit head v1"

int keys_default_dir(const char *key_dir, const char *db_path, char *buf, size_t len)
{
    const char *env = getenv("KIOSK_KEY_DIR");
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    int n;
    if (key_dir && key_dir[0])
        n = snprintf(buf, len, "%s", key_dir);
    else if (env && env[0])
        n = snprintf(buf, len, "%s", env);
    else if (db_path && strncmp(db_path, "/var/lib/booking-kiosk/", 23) == 0)
        n = snprintf(buf, len, "/etc/booking-kiosk/keys");
    else if (xdg && xdg[0] == '/')
        n = snprintf(buf, len, "%s/booking-kiosk/keys", xdg);
    else if (home && home[0])
        n = snprintf(buf, len, "%s/.config/booking-kiosk/keys", home);
    else
        return KIOSK_ERR_NOT_FOUND;
    return (n < 0 || (size_t)n >= len) ? KIOSK_ERR_FULL : KIOSK_OK;
}

static int file_name(char *buf, size_t len, const char *dir, const char *id, const char *ext)
{
    int n = snprintf(buf, len, "%s/%s.%s", dir, id, ext);
    return (n < 0 || (size_t)n >= len) ? KIOSK_ERR_FULL : KIOSK_OK;
}

/* mkdir -p dir, the last part with mode 0700. */
static int make_dir(const char *dir)
{
    char d[PATH_MAX];
    snprintf(d, sizeof d, "%s", dir);
    for (char *p = d + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(d, 0755) != 0 && errno != EEXIST)
            return KIOSK_ERR_IO;
        *p = '/';
    }
    if (mkdir(d, 0700) != 0 && errno != EEXIST)
        return KIOSK_ERR_IO;
    return KIOSK_OK;
}

static void put_hex(FILE *f, const char *name, const unsigned char *b, size_t n)
{
    char hex[2 * crypto_sign_SECRETKEYBYTES + 1];
    sodium_bin2hex(hex, sizeof hex, b, n);
    fprintf(f, "%s=%s\n", name, hex);
    sodium_memzero(hex, sizeof hex);
}

int keys_create(const char *dir, const char *install_id, const unsigned char *doc_key,
                struct store_keys *out, char *msg, size_t len)
{
    char path[PATH_MAX];
    if (file_name(path, sizeof path, dir, install_id, "keys") != KIOSK_OK)
        return store_msg(msg, len, KIOSK_ERR_FULL, "key folder path too long");
    if (make_dir(dir) != KIOSK_OK)
        return store_msg(msg, len, KIOSK_ERR_IO, "cannot create the key folder %s: %s", dir,
                         strerror(errno));
    memset(out, 0, sizeof *out);
    snprintf(out->install_id, sizeof out->install_id, "%s", install_id);
    if (doc_key)
        memcpy(out->doc, doc_key, KEYS_LEN);
    else
        randombytes_buf(out->doc, KEYS_LEN);
    randombytes_buf(out->audit, KEYS_LEN);
    randombytes_buf(out->row, KEYS_LEN);
    crypto_sign_keypair(out->sign_pk, out->sign_sk);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return store_msg(msg, len, errno == EEXIST ? KIOSK_ERR_STATE : KIOSK_ERR_IO,
                         "cannot create the key file %s: %s", path, strerror(errno));
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(path);
        return store_msg(msg, len, KIOSK_ERR_NOMEM, "out of memory");
    }
    fprintf(f, "%s\ninstall_id=%s\n", KEYS_MAGIC, install_id);
    put_hex(f, "doc", out->doc, KEYS_LEN);
    put_hex(f, "audit", out->audit, KEYS_LEN);
    put_hex(f, "row", out->row, KEYS_LEN);
    put_hex(f, "sign", out->sign_sk, sizeof out->sign_sk);
    bool ok = fflush(f) == 0 && fsync(fd) == 0;
    ok = fclose(f) == 0 && ok;
    if (!ok) {
        int e = errno;
        unlink(path);
        return store_msg(msg, len, e == ENOSPC ? KIOSK_ERR_NOSPACE : KIOSK_ERR_IO,
                         "cannot write the key file %s: %s", path,
                         e == ENOSPC ? "disk full" : strerror(e));
    }
    return KIOSK_OK;
}

/* Reads "name=hex" into b (exactly n bytes). */
static bool get_hex(const char *line, const char *name, unsigned char *b, size_t n)
{
    size_t l = strlen(name);
    if (strncmp(line, name, l) != 0 || line[l] != '=')
        return false;
    size_t got = 0;
    const char *hex = line + l + 1;
    return sodium_hex2bin(b, n, hex, strcspn(hex, "\n"), NULL, &got, NULL) == 0 && got == n;
}

int keys_load(const char *dir, const char *install_id, struct store_keys *out, char *msg,
              size_t len)
{
    char path[PATH_MAX];
    if (file_name(path, sizeof path, dir, install_id, "keys") != KIOSK_OK)
        return store_msg(msg, len, KIOSK_ERR_FULL, "key folder path too long");
    memset(out, 0, sizeof *out);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return store_msg(msg, len, errno == ENOENT ? KIOSK_ERR_NOT_FOUND : KIOSK_ERR_PERM,
                         "cannot read the key file %s: %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0 || sb.st_uid != geteuid() || (sb.st_mode & 077) != 0) {
        close(fd);
        return store_msg(msg, len, KIOSK_ERR_PERM,
                         "the key file %s must belong to this user with mode 0600", path);
    }
    FILE *f = fdopen(fd, "r");
    if (!f) {
        close(fd);
        return KIOSK_ERR_NOMEM;
    }
    char line[256];
    unsigned seen = 0;
    bool magic = fgets(line, sizeof line, f) && strncmp(line, KEYS_MAGIC, strlen(KEYS_MAGIC)) == 0;
    while (magic && fgets(line, sizeof line, f)) {
        if (get_hex(line, "doc", out->doc, KEYS_LEN))
            seen |= 1;
        else if (get_hex(line, "audit", out->audit, KEYS_LEN))
            seen |= 2;
        else if (get_hex(line, "row", out->row, KEYS_LEN))
            seen |= 4;
        else if (get_hex(line, "sign", out->sign_sk, sizeof out->sign_sk))
            seen |= 8;
        else if (!strncmp(line, "install_id=", 11) && strcspn(line + 11, "\n") == KEYS_ID_HEX_LEN &&
                 !strncmp(line + 11, install_id, KEYS_ID_HEX_LEN))
            seen |= 16;
    }
    sodium_memzero(line, sizeof line);
    fclose(f);
    if (!magic || seen != 31) {
        sodium_memzero(out, sizeof *out);
        return store_msg(msg, len, KIOSK_ERR_CORRUPT, "the key file %s is damaged", path);
    }
    snprintf(out->install_id, sizeof out->install_id, "%s", install_id);
    crypto_sign_ed25519_sk_to_pk(out->sign_pk, out->sign_sk);
    return KIOSK_OK;
}

void keys_remove(const char *dir, const char *install_id)
{
    char path[PATH_MAX];
    if (file_name(path, sizeof path, dir, install_id, "keys") == KIOSK_OK)
        unlink(path);
    if (file_name(path, sizeof path, dir, install_id, "head") == KIOSK_OK)
        unlink(path);
}

static int head_parse(FILE *f, struct keys_head *out)
{
    char line[160];
    unsigned seen = 0;
    if (!fgets(line, sizeof line, f) || strncmp(line, HEAD_MAGIC, strlen(HEAD_MAGIC)) != 0)
        return KIOSK_ERR_CORRUPT;
    while (fgets(line, sizeof line, f)) {
        long long v;
        if (sscanf(line, "seq=%lld", &v) == 1 && v >= 0) {
            out->seq = v;
            seen |= 1;
        } else if (sscanf(line, "keyed_from=%lld", &v) == 1 && v >= 1) {
            out->keyed_from = v;
            seen |= 2;
        } else if (get_hex(line, "hash", out->hash, KEYS_LEN)) {
            seen |= 4;
        }
    }
    return seen == 7 ? KIOSK_OK : KIOSK_ERR_CORRUPT;
}

int keys_head_read(const char *dir, const char *install_id, struct keys_head *out)
{
    char path[PATH_MAX];
    memset(out, 0, sizeof *out);
    if (file_name(path, sizeof path, dir, install_id, "head") != KIOSK_OK)
        return KIOSK_ERR_FULL;
    FILE *f = fopen(path, "re");
    if (!f)
        return errno == ENOENT ? KIOSK_ERR_NOT_FOUND : KIOSK_ERR_IO;
    int rc = head_parse(f, out);
    fclose(f);
    return rc;
}

int keys_head_write(const char *dir, const char *install_id, const struct keys_head *h, bool force)
{
    char path[PATH_MAX], lock[PATH_MAX], tmp[PATH_MAX + 16];
    if (file_name(path, sizeof path, dir, install_id, "head") != KIOSK_OK ||
        file_name(lock, sizeof lock, dir, install_id, "lock") != KIOSK_OK)
        return KIOSK_ERR_FULL;
    int lfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (lfd < 0)
        return KIOSK_ERR_IO;
    int rc = KIOSK_OK;
    if (flock(lfd, LOCK_EX) != 0) {
        close(lfd);
        return KIOSK_ERR_IO;
    }
    struct keys_head cur;
    if (!force && keys_head_read(dir, install_id, &cur) == KIOSK_OK && cur.seq >= h->seq)
        goto out; /* another process already recorded a later head */
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        rc = errno == ENOSPC ? KIOSK_ERR_NOSPACE : KIOSK_ERR_IO;
        goto out;
    }
    char hex[2 * KEYS_LEN + 1], text[256];
    sodium_bin2hex(hex, sizeof hex, h->hash, KEYS_LEN);
    int n = snprintf(text, sizeof text, "%s\nseq=%lld\nhash=%s\nkeyed_from=%lld\n", HEAD_MAGIC,
                     (long long)h->seq, hex, (long long)h->keyed_from);
    bool ok = write(fd, text, (size_t)n) == n && fsync(fd) == 0;
    int e = errno;
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        rc = (!ok && e == ENOSPC) ? KIOSK_ERR_NOSPACE : KIOSK_ERR_IO;
        goto out;
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
out:
    flock(lfd, LOCK_UN);
    close(lfd);
    return rc;
}
