/* Shared plumbing for kioskctl's store commands: database, acting user,
 * PIN on stdin, files, times and JSON output. */
#include "cli/store_cli.h"
#include "core/kiosk_err.h"
#include "core/tz.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

int store_cli_fail(int err, const char *what, const char *msg)
{
    cli_fail(kiosk_exit_code(err), "%s: %s", what, msg && msg[0] ? msg : kiosk_strerror(err));
    return kiosk_exit_code(err);
}

int store_cli_open(struct cli_ctx *ctx, struct store_cli *sc, bool create)
{
    memset(sc, 0, sizeof *sc);
    int rc = store_default_path(ctx->db_path, sc->path, sizeof sc->path);
    if (rc != KIOSK_OK)
        return cli_fail(KIOSK_EXIT_USAGE, "no database path: give --db PATH or set KIOSK_DB");
    struct kiosk_clock clock = clock_system();
    if (ctx->now_iso) {
        if (clock_parse_iso(ctx->now_iso, &sc->now_fixed) != KIOSK_OK)
            return cli_fail(KIOSK_EXIT_USAGE, "--now '%s' is not an ISO 8601 time", ctx->now_iso);
        clock = clock_fixed(&sc->now_fixed);
    }
    char msg[512];
    rc = store_open_keyed(sc->path, ctx->key_dir, &clock, create, &sc->st, msg, sizeof msg);
    if (rc != KIOSK_OK)
        return store_cli_fail(rc, "database", msg);
    if (!create && store_needs_keys(sc->st))
        fprintf(stderr, "kioskctl: this database has no key file yet; every change and sign-in is "
                        "refused until its owner runs `kioskctl --local-admin db init`\n");
    /* issue 10: --now without an offset is a wall-clock time in the
     * kiosk's configured zone (the machine's TZ does not matter). */
    if (ctx->now_iso && !tz_iso_has_offset(ctx->now_iso)) {
        char zone[TZ_NAME_MAX];
        if (tz_store_zone(sc->st, zone, sizeof zone) != KIOSK_OK ||
            tz_parse_local(zone, ctx->now_iso, &sc->now_fixed) != KIOSK_OK) {
            store_close(sc->st);
            sc->st = NULL;
            return cli_fail(KIOSK_EXIT_USAGE, "--now '%s' is not an ISO 8601 time", ctx->now_iso);
        }
    }
    return 0;
}

int store_cli_read_line(const char *prompt, char *buf, size_t len)
{
    bool tty = isatty(STDIN_FILENO);
    struct termios old, quiet;
    if (tty) {
        fprintf(stderr, "%s", prompt);
        if (tcgetattr(STDIN_FILENO, &old) == 0) {
            quiet = old;
            quiet.c_lflag &= ~(tcflag_t)ECHO;
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        } else {
            tty = false;
        }
    }
    char *got = fgets(buf, (int)len, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    if (!got)
        return cli_fail(KIOSK_EXIT_NOINPUT, "expected %s on stdin", prompt);
    buf[strcspn(buf, "\r\n")] = '\0';
    return 0;
}

/* auth_sign_in at the real time (sign-ins are never back-dated by --now),
 * with the failure explained. */
static int sign_in_real_time(struct cli_ctx *ctx, struct store_cli *sc, const char *badge,
                             const char *pin, struct auth_actor *out, const char *what)
{
    struct kiosk_clock real = clock_system();
    store_set_clock(sc->st, &real);
    int rc = auth_sign_in(sc->st, badge, pin, out);
    if (ctx->now_iso) {
        struct kiosk_clock fixed = clock_fixed(&sc->now_fixed);
        store_set_clock(sc->st, &fixed);
    }
    if (rc == KIOSK_ERR_LOCKED)
        return store_cli_fail(rc, what,
                              "the user is locked after 5 wrong PINs; a supervisor must unlock");
    if (rc == KIOSK_ERR_PERM)
        return store_cli_fail(rc, what, "wrong badge or PIN");
    if (rc != KIOSK_OK)
        return store_cli_fail(rc, what, NULL);
    return 0;
}

int store_cli_actor(struct cli_ctx *ctx, struct store_cli *sc)
{
    int rc;
    if (ctx->now_iso && !ctx->local_admin && !sc->now_view)
        return cli_fail(KIOSK_EXIT_USAGE,
                        "--now (acting at another time) is for --local-admin only on commands "
                        "that change data; a signed-in user acts at the real time (--now is "
                        "allowed with --as on reports, lists and shows)");
    if (ctx->now_iso && !ctx->local_admin) {
        struct kiosk_clock real = clock_system();
        if (sc->now_fixed > real.now(real.ctx) + KIOSK_MS_PER_MIN)
            return cli_fail(KIOSK_EXIT_USAGE,
                            "--now in the future is for --local-admin only; a signed-in user "
                            "may look at reports as of now or an earlier time");
    }
    if (ctx->local_admin) {
        rc = auth_actor_local_admin(sc->st, ctx->as_badge, &sc->actor);
        if (rc != KIOSK_OK)
            return store_cli_fail(rc, "--local-admin",
                                  rc == KIOSK_ERR_PERM
                                      ? "only the database file's owner may act without a PIN "
                                        "(or the --as user does not exist or is disabled)"
                                      : NULL);
        sc->have_actor = true;
        return 0;
    }
    if (!ctx->as_badge)
        return cli_fail(KIOSK_EXIT_USAGE,
                        "this command needs an acting user: --as BADGE (PIN on stdin) or "
                        "--local-admin");
    char pin[AUTH_PIN_MAX + 8];
    if ((rc = store_cli_read_line("PIN: ", pin, sizeof pin)) != 0)
        return rc;
    /* The sign-in (its audit row, failure count and lockout window) always
     * happens at the real time, also when a report is asked for at --now. */
    rc = sign_in_real_time(ctx, sc, ctx->as_badge, pin, &sc->actor, "sign-in");
    memset(pin, 0, sizeof pin);
    if (rc != 0)
        return rc;
    sc->have_actor = true;
    return 0;
}

int store_cli_cosigner(struct cli_ctx *ctx, struct store_cli *sc, const char *badge,
                       struct auth_actor *out)
{
    char pin[AUTH_PIN_MAX + 8];
    int rc = store_cli_read_line("co-signer PIN: ", pin, sizeof pin);
    if (rc != 0)
        return rc;
    rc = sign_in_real_time(ctx, sc, badge, pin, out, "co-signer sign-in");
    memset(pin, 0, sizeof pin);
    return rc;
}

int store_cli_begin(struct cli_ctx *ctx, struct store_cli *sc, bool now_view)
{
    int status = store_cli_open(ctx, sc, false);
    if (status)
        return status;
    sc->now_view = now_view;
    if ((status = store_cli_actor(ctx, sc)) != 0)
        store_cli_finish(sc);
    return status;
}

void store_cli_finish(struct store_cli *sc)
{
    /* A chain or row-MAC failure refused something: say it loudly. */
    const char *alarm = sc->st ? store_alarm(sc->st) : NULL;
    if (alarm)
        fprintf(stderr, "kioskctl: SECURITY ALARM: %s\n", alarm);
    store_close(sc->st);
    sc->st = NULL;
}

char *store_cli_read_file(const char *path, size_t max, int *status)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        int e = errno;
        *status = e == EACCES
                      ? cli_fail(KIOSK_EXIT_NOPERM, "cannot open %s: permission denied", path)
                  : e == ENOENT || e == ENOTDIR
                      ? cli_fail(KIOSK_EXIT_NOINPUT, "cannot read %s: %s", path, strerror(e))
                      : cli_fail(KIOSK_EXIT_IOERR, "cannot read %s: %s", path, strerror(e));
        return NULL;
    }
    struct stat sb;
    if (f != stdin && fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        fclose(f);
        *status = cli_fail(KIOSK_EXIT_NOINPUT, "%s is a folder, not a file", path);
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n + 1 >= cap) {
            if (cap > max) {
                free(buf);
                buf = NULL;
                *status = cli_fail(KIOSK_EXIT_DATAERR, "%s is larger than %zu bytes", path, max);
                break;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (buf && ferror(f)) {
        free(buf);
        buf = NULL;
        *status = cli_fail(KIOSK_EXIT_IOERR, "cannot read %s: %s", path, strerror(errno));
    }
    if (buf)
        buf[n] = '\0';
    else if (*status == 0)
        *status = cli_fail(KIOSK_EXIT_SOFTWARE, "out of memory reading %s", path);
    if (f != stdin)
        fclose(f);
    return buf;
}

bool store_cli_parse_id(const char *s, int64_t *id)
{
    if (!s || !*s)
        return false;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v <= 0)
        return false;
    *id = v;
    return true;
}

const char *store_cli_time(kiosk_ms_t t, char *buf)
{
    if (!t) {
        buf[0] = '\0';
        return buf;
    }
    return clock_format_iso(t, buf, KIOSK_ISO_LEN);
}

json_t *store_cli_json_time(kiosk_ms_t t)
{
    char buf[KIOSK_ISO_LEN];
    return t ? json_string(clock_format_iso(t, buf, sizeof buf)) : json_null();
}

void store_cli_print_json(json_t *j)
{
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    if (s) {
        puts(s);
        free(s);
    }
    json_decref(j);
}

bool store_cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return true;
    return false;
}
