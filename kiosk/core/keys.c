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
    static const char *const ext[] = {"keys", "head", "head2", "lock"};
    char path[PATH_MAX];
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++)
        if (file_name(path, sizeof path, dir, install_id, ext[i]) == KIOSK_OK)
            unlink(path);
}

/* The head lives in two slots, <id>.head and <id>.head2, each with a
 * checksum: a write goes to the slot that does not hold the newest head, so
 * a crash mid-write leaves the other one valid. That is why the frequent
 * writes need no fsync: after a power cut the head may be older than the
 * database (an older head only proves less), never unreadable. */
static const char *const head_slot[2] = {"head", "head2"};

/* The text of h with its checksum line. */
static int head_text(const struct keys_head *h, char *text, size_t len)
{
    char hex[2 * KEYS_LEN + 1], sum[2 * 16 + 1];
    unsigned char c[16];
    sodium_bin2hex(hex, sizeof hex, h->hash, KEYS_LEN);
    int n = snprintf(text, len, "%s\nseq=%lld\nhash=%s\nkeyed_from=%lld\n", HEAD_MAGIC,
                     (long long)h->seq, hex, (long long)h->keyed_from);
    if (n < 0 || (size_t)n + 40 >= len)
        return -1;
    crypto_generichash(c, sizeof c, (const unsigned char *)text, (size_t)n, NULL, 0);
    sodium_bin2hex(sum, sizeof sum, c, sizeof c);
    return n + snprintf(text + n, len - (size_t)n, "check=%s\n", sum);
}

/* Parses one slot's text; KIOSK_ERR_CORRUPT when torn or edited. */
static int head_parse(const char *text, struct keys_head *out)
{
    const char *check = strstr(text, "check=");
    if (strncmp(text, HEAD_MAGIC "\n", strlen(HEAD_MAGIC) + 1) != 0 || !check)
        return KIOSK_ERR_CORRUPT;
    unsigned char c[16], want[16];
    size_t got = 0;
    crypto_generichash(c, sizeof c, (const unsigned char *)text, (size_t)(check - text), NULL, 0);
    if (sodium_hex2bin(want, sizeof want, check + 6, strcspn(check + 6, "\n"), NULL, &got, NULL) !=
            0 ||
        got != sizeof want || sodium_memcmp(c, want, sizeof c) != 0)
        return KIOSK_ERR_CORRUPT;
    unsigned seen = 0;
    char line[160];
    for (const char *p = text; *p && p < check;
         p += strcspn(p, "\n") + (p[strcspn(p, "\n")] != 0)) {
        snprintf(line, sizeof line, "%.*s", (int)strcspn(p, "\n"), p);
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

/* Reads slot k: 0, KIOSK_ERR_NOT_FOUND or KIOSK_ERR_CORRUPT. */
static int slot_read(const char *dir, const char *id, int k, struct keys_head *out)
{
    char path[PATH_MAX], text[512];
    memset(out, 0, sizeof *out);
    if (file_name(path, sizeof path, dir, id, head_slot[k]) != KIOSK_OK)
        return KIOSK_ERR_FULL;
    FILE *f = fopen(path, "re");
    if (!f)
        return errno == ENOENT ? KIOSK_ERR_NOT_FOUND : KIOSK_ERR_IO;
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    return head_parse(text, out);
}

/* The newest valid slot into *out; *which gets its slot (-1 when none). */
static int head_best(const char *dir, const char *id, struct keys_head *out, int *which)
{
    struct keys_head h[2];
    int rc[2] = {slot_read(dir, id, 0, &h[0]), slot_read(dir, id, 1, &h[1])};
    *which = -1;
    for (int k = 0; k < 2; k++)
        if (rc[k] == KIOSK_OK && (*which < 0 || h[k].seq > h[*which].seq))
            *which = k;
    if (*which >= 0) {
        *out = h[*which];
        return KIOSK_OK;
    }
    memset(out, 0, sizeof *out);
    if (rc[0] == KIOSK_ERR_NOT_FOUND && rc[1] == KIOSK_ERR_NOT_FOUND)
        return KIOSK_ERR_NOT_FOUND;
    return rc[0] == KIOSK_ERR_NOT_FOUND ? rc[1] : rc[0];
}

int keys_head_read(const char *dir, const char *install_id, struct keys_head *out)
{
    int which;
    return head_best(dir, install_id, out, &which);
}

/* Writes text into slot k (truncating it); fsync'ed when durable. */
static int slot_write(const char *dir, const char *id, int k, const char *text, bool durable)
{
    char path[PATH_MAX];
    if (file_name(path, sizeof path, dir, id, head_slot[k]) != KIOSK_OK)
        return KIOSK_ERR_FULL;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return errno == ENOSPC ? KIOSK_ERR_NOSPACE : KIOSK_ERR_IO;
    size_t n = strlen(text);
    bool ok = write(fd, text, n) == (ssize_t)n && (!durable || fsync(fd) == 0);
    int e = errno;
    ok = close(fd) == 0 && ok;
    if (!ok)
        return e == ENOSPC ? KIOSK_ERR_NOSPACE : KIOSK_ERR_IO;
    return KIOSK_OK;
}

int keys_head_write(const char *dir, const char *install_id, const struct keys_head *h, bool force)
{
    char lock[PATH_MAX], text[512];
    if (file_name(lock, sizeof lock, dir, install_id, "lock") != KIOSK_OK ||
        head_text(h, text, sizeof text) < 0)
        return KIOSK_ERR_FULL;
    int lfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (lfd < 0)
        return errno == ENOSPC ? KIOSK_ERR_NOSPACE : KIOSK_ERR_IO;
    if (flock(lfd, LOCK_EX) != 0) {
        close(lfd);
        return KIOSK_ERR_IO;
    }
    int rc = KIOSK_OK, which = -1;
    struct keys_head cur;
    int cr = head_best(dir, install_id, &cur, &which);
    if (force) {
        /* Setup and restore: both slots, durably (the head may move back). */
        rc = slot_write(dir, install_id, 0, text, true);
        if (rc == KIOSK_OK)
            rc = slot_write(dir, install_id, 1, text, true);
        int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            fsync(dfd);
            close(dfd);
        }
    } else if (cr != KIOSK_OK || cur.seq < h->seq) {
        /* never over the newest valid slot; another process may already
         * have recorded a later head (then nothing to do) */
        rc = slot_write(dir, install_id, which == 0 ? 1 : 0, text, false);
    }
    flock(lfd, LOCK_UN);
    close(lfd);
    return rc;
}
