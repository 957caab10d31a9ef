/* `kioskctl backup`: an online copy of the database (SQLite backup API),
 * either to a named file or, with --rotate, as a dated copy in the backup
 * folder of kiosk.ini keeping the newest N (the nightly backup timer). */
#include "cli/cli.h"
#include "cli/store_cli.h"
#include "config/config.h"
#include "core/kiosk_err.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BACKUP_PREFIX    "kiosk-"
#define BACKUP_SUFFIX    ".db"
#define BACKUP_STAMP_LEN 16 /* YYYYMMDDTHHMMSSZ */
#define BACKUP_KEEP_MAX  365

static int usage(int status)
{
    FILE *o = status ? stderr : stdout;
    fprintf(o,
            "usage: kioskctl [global options] backup DEST\n"
            "       kioskctl [global options] backup --rotate [--dir DIR] [--keep N]\n"
            "       kioskctl [global options] backup --verify FILE\n"
            "Copies the live database to DEST (created 0600; must not exist) while the kiosk\n"
            "keeps running. With --rotate the copy is DIR/kiosk-YYYYMMDDTHHMMSSZ.db (UTC;\n"
            "DIR from --dir, else [backup] dir of the configuration file; created 0700 if\n"
            "missing), and afterwards only the newest N such files are kept (N from --keep,\n"
            "else [backup] copies, else %d; 1..%d). Other files in DIR are never touched.\n"
            "Role: admin. The backup is audited.\n"
            "--verify checks a backup FILE as restore would (integrity, schema, row MACs,\n"
            "keyed audit chain with this database's key folder) without restoring it.\n"
            "`db check` on a backup file reports a cut audit trail: a backup ends before the\n"
            "live head by design.\n",
            CONFIG_BACKUP_COPIES, BACKUP_KEEP_MAX);
    return status;
}

/* True for a name backup --rotate writes: kiosk-YYYYMMDDTHHMMSSZ[-K].db */
static bool rotated_name(const char *name)
{
    size_t plen = strlen(BACKUP_PREFIX), n = strlen(name);
    if (strncmp(name, BACKUP_PREFIX, plen) != 0 || n < plen + BACKUP_STAMP_LEN + 3)
        return false;
    const char *s = name + plen;
    for (int i = 0; i < BACKUP_STAMP_LEN; i++) {
        char want = i == 8 ? 'T' : i == 15 ? 'Z' : '0';
        if (want == '0' ? (s[i] < '0' || s[i] > '9') : s[i] != want)
            return false;
    }
    s += BACKUP_STAMP_LEN;
    if (*s == '-') {
        if (!(s[1] >= '0' && s[1] <= '9'))
            return false;
        for (s++; *s >= '0' && *s <= '9'; s++)
            ;
    }
    return strcmp(s, BACKUP_SUFFIX) == 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Removes the oldest rotated copies in dir beyond keep (names sort by time).
 * Returns 0 or an exit status (after printing why). */
static int prune(const char *dir, unsigned keep, int *removed)
{
    *removed = 0;
    DIR *d = opendir(dir);
    if (!d)
        return cli_fail(KIOSK_EXIT_IOERR, "backup: cannot list %s: %s", dir, strerror(errno));
    int status = 0;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!rotated_name(e->d_name))
            continue;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            char **grown = realloc(names, ncap * sizeof *names);
            if (!grown)
                goto nomem;
            names = grown;
            cap = ncap;
        }
        if (!(names[n] = strdup(e->d_name)))
            goto nomem;
        n++;
    }
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i + keep < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (unlink(path) != 0) {
            status = cli_fail(KIOSK_EXIT_IOERR, "backup: cannot remove old copy %s: %s", path,
                              strerror(errno));
            break;
        }
        (*removed)++;
    }
    goto out;
nomem:
    status = cli_fail(KIOSK_EXIT_SOFTWARE, "backup: out of memory");
out:
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    closedir(d);
    return status;
}

/* The next free DIR/kiosk-STAMP[-K].db for now (UTC). */
static int rotated_path(const char *dir, char *out, size_t len)
{
    time_t t = time(NULL);
    struct tm tm;
    char stamp[BACKUP_STAMP_LEN + 1];
    if (!gmtime_r(&t, &tm) || strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm) == 0)
        return cli_fail(KIOSK_EXIT_SOFTWARE, "backup: cannot format the time");
    for (int k = 1; k < 100; k++) {
        char suffix[8] = "";
        if (k > 1)
            snprintf(suffix, sizeof suffix, "-%d", k);
        int w = snprintf(out, len, "%s/" BACKUP_PREFIX "%s%s" BACKUP_SUFFIX, dir, stamp, suffix);
        if (w < 0 || (size_t)w >= len)
            return cli_fail(KIOSK_EXIT_USAGE, "backup: folder name too long");
        if (access(out, F_OK) != 0)
            return 0;
    }
    return cli_fail(KIOSK_EXIT_TEMPFAIL, "backup: 99 copies this second already in %s", dir);
}

static int backup_rotate(struct cli_ctx *ctx, int argc, char **argv)
{
    const char *dir = ctx->config && ctx->config->backup_dir[0] ? ctx->config->backup_dir : NULL;
    unsigned keep = ctx->config && ctx->config->backup_copies ? ctx->config->backup_copies
                                                              : CONFIG_BACKUP_COPIES;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else if (strcmp(argv[i], "--keep") == 0 && i + 1 < argc) {
            char *end;
            errno = 0;
            long v = strtol(argv[++i], &end, 10);
            if (errno || !*argv[i] || *end || v < 1 || v > BACKUP_KEEP_MAX)
                return cli_fail(KIOSK_EXIT_USAGE, "backup: --keep takes a number, 1..%d",
                                BACKUP_KEEP_MAX);
            keep = (unsigned)v;
        } else {
            return usage(KIOSK_EXIT_USAGE);
        }
    }
    if (!dir || !dir[0])
        return cli_fail(KIOSK_EXIT_USAGE,
                        "backup: no backup folder: give --dir DIR or set [backup] dir in %s",
                        CONFIG_DEFAULT_PATH);
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return cli_fail(errno == EACCES ? KIOSK_EXIT_NOPERM : KIOSK_EXIT_IOERR,
                        "backup: cannot create %s: %s", dir, strerror(errno));
    char dest[4096];
    int status = rotated_path(dir, dest, sizeof dest);
    if (status)
        return status;
    struct store_cli sc;
    if ((status = store_cli_begin(ctx, &sc, false)) != 0)
        return status;
    char msg[512] = "";
    int rc = store_backup(sc.st, &sc.actor, dest, msg, sizeof msg);
    store_cli_finish(&sc);
    if (rc != KIOSK_OK)
        return store_cli_fail(rc, "backup", msg);
    /* Old copies go only after the new one is safely written. */
    int removed = 0;
    status = prune(dir, keep, &removed);
    printf("backup written to %s; %d older copies removed, the newest %u kept\n", dest, removed,
           keep);
    return status;
}

/* backup --verify FILE: the checks of a restore, nothing replaced. */
static int backup_verify(struct cli_ctx *ctx, const char *src)
{
    char path[4096];
    if (store_default_path(ctx->db_path, path, sizeof path) != KIOSK_OK)
        return cli_fail(KIOSK_EXIT_USAGE, "no database path: give --db PATH or set KIOSK_DB");
    struct kiosk_clock clock = clock_system();
    char msg[512] = "";
    int rc = store_backup_verify(src, path, ctx->key_dir, &clock, msg, sizeof msg);
    if (rc != KIOSK_OK)
        return store_cli_fail(rc, "backup", msg);
    printf("backup %s verifies: schema, row MACs and keyed audit chain ok\n", src);
    return 0;
}

int cmd_backup(struct cli_ctx *ctx, int argc, char **argv)
{
    if (store_cli_wants_help(argc, argv))
        return usage(0);
    if (argc == 3 && strcmp(argv[1], "--verify") == 0)
        return backup_verify(ctx, argv[2]);
    if (argc >= 2 && strcmp(argv[1], "--rotate") == 0)
        return backup_rotate(ctx, argc, argv);
    if (argc != 2 || argv[1][0] == '-')
        return usage(KIOSK_EXIT_USAGE);
    struct store_cli sc;
    int status = store_cli_begin(ctx, &sc, false);
    if (status)
        return status;
    char msg[512] = "";
    int rc = store_backup(sc.st, &sc.actor, argv[1], msg, sizeof msg);
    if (rc != KIOSK_OK)
        status = store_cli_fail(rc, "backup", msg);
    else
        printf("backup written to %s\n", argv[1]);
    store_cli_finish(&sc);
    return status;
}
