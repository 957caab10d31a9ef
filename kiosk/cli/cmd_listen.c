/* `kioskctl listen`: prints every barcode a scanner source delivers — the
 * installer's check that a scanner sends the exact bytes (symbology, length,
 * hex, printable text), as text or one JSON object per line. */
#include "cli/cli.h"
#include "config/config.h"
#include "core/kiosk_err.h"
#include "drivers/scanner.h"

#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct listen_state {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool json;
    long want; /* 0 = no limit */
    long got;
    bool ended;
    int end_err;
    uint64_t t0_ns;
};

/* Printable form of data: bytes 0x20..0x7e as they are (backslash doubled),
 * \n \r \t, every other byte as \xHH. out must hold 4 * len + 1 bytes. */
static void listen_escape(const unsigned char *data, size_t len, char *out)
{
    static const char hexd[] = "0123456789abcdef";
    char *o = out;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = data[i];
        if (c == '\\') {
            *o++ = '\\';
            *o++ = '\\';
        } else if (c >= 0x20 && c < 0x7f) {
            *o++ = (char)c;
        } else if (c == '\n' || c == '\r' || c == '\t') {
            *o++ = '\\';
            *o++ = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
        } else {
            *o++ = '\\';
            *o++ = 'x';
            *o++ = hexd[c >> 4];
            *o++ = hexd[c & 15];
        }
    }
    *o = '\0';
}

static void listen_hex(const unsigned char *data, size_t len, char *out)
{
    static const char hexd[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = hexd[data[i] >> 4];
        out[2 * i + 1] = hexd[data[i] & 15];
    }
    out[2 * len] = '\0';
}

static void listen_print(struct listen_state *ls, const struct scan_event *ev)
{
    static char hex[2 * SCAN_DATA_MAX + 1];
    static char text[4 * SCAN_DATA_MAX + 1];
    listen_hex(ev->data, ev->length, hex);
    listen_escape(ev->data, ev->length, text);
    double t_ms = ev->t_ns >= ls->t0_ns ? (double)(ev->t_ns - ls->t0_ns) / 1e6 : 0.0;
    if (ls->json) {
        json_t *o = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:I}", "source", ev->source,
                              "symbology", scan_symbology_name(ev->symbology), "aim",
                              ev->aim[0] ? ev->aim : "", "length", (json_int_t)ev->length, "hex",
                              hex, "text", text, "t_ms", (json_int_t)(t_ms + 0.5));
        char *s = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
        if (s)
            printf("%s\n", s);
        free(s);
        json_decref(o);
    } else {
        printf("%10.3f s  %s  %s%s%s  %zu bytes\n  hex:  %s\n  text: %s\n", t_ms / 1000.0,
               ev->source, scan_symbology_name(ev->symbology), ev->aim[0] ? " ]" : "", ev->aim,
               ev->length, hex, text);
    }
    fflush(stdout);
}

static void listen_on_event(const struct scan_event *ev, void *user)
{
    struct listen_state *ls = user;
    pthread_mutex_lock(&ls->lock);
    if (!ls->want || ls->got < ls->want) {
        /* Static print buffers: serialised by the lock. */
        listen_print(ls, ev);
        ls->got++;
        if (ls->want && ls->got >= ls->want)
            pthread_cond_signal(&ls->cond);
    }
    pthread_mutex_unlock(&ls->lock);
}

static void listen_on_status(const char *source, int err, const char *message, void *user)
{
    struct listen_state *ls = user;
    pthread_mutex_lock(&ls->lock);
    fprintf(stderr, "kioskctl: listen: %s: %s\n", source, message);
    if (err == SCAN_STATUS_END) {
        ls->ended = true;
        pthread_cond_signal(&ls->cond);
    }
    pthread_mutex_unlock(&ls->lock);
}

static int listen_usage(FILE *f, int status)
{
    fprintf(f, "usage: kioskctl listen [--source SPEC] [--count N] [--timeout S] [--json]\n"
               "\n"
               "Print each barcode a scanner source delivers: symbology, length, the\n"
               "exact bytes in hex and a printable text (control characters escaped as\n"
               "\\n \\r \\t \\xHH). With --json, one object per line:\n"
               "  {\"source\",\"symbology\",\"aim\",\"length\",\"hex\",\"text\",\"t_ms\"}\n"
               "\n"
               "  --source SPEC  usb (every scanner; default unless kiosk.ini names a source),\n"
               "                 usb:VID:PID[:PROTOCOL],\n"
               "                 tty:/dev/ttyACMn, sim:DIRECTORY or sim:FIFO, camera:/dev/videoN\n"
               "  --count N      stop after N barcodes (exit 75 if the timeout comes first)\n"
               "  --timeout S    stop after S seconds\n"
               "  --json         JSON lines\n"
               "\n"
               "Exit status: 0, 64 usage, 66 the source ended before N barcodes,\n"
               "69 the device cannot be opened, 75 timed out before N barcodes.\n");
    return status;
}

int cmd_listen(struct cli_ctx *ctx, int argc, char **argv)
{
    /* The first source of the configuration file, else any USB scanner. */
    const char *spec = ctx->config && ctx->config->nsources ? ctx->config->sources[0] : "usb";
    long count = 0;
    double timeout_s = 0;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        char *end = NULL;
        if (strcmp(a, "--help") == 0)
            return listen_usage(stdout, KIOSK_EXIT_OK);
        if (strcmp(a, "--json") == 0) {
            json = true;
        } else if (i + 1 < argc && strcmp(a, "--source") == 0) {
            spec = argv[++i];
        } else if (i + 1 < argc && strcmp(a, "--count") == 0) {
            errno = 0;
            count = strtol(argv[++i], &end, 10);
            if (errno || !*argv[i] || *end || count < 1)
                return cli_fail(KIOSK_EXIT_USAGE, "listen: --count needs a positive number");
        } else if (i + 1 < argc && strcmp(a, "--timeout") == 0) {
            timeout_s = strtod(argv[++i], &end);
            if (!*argv[i] || *end || !(timeout_s > 0) || timeout_s > 1e7)
                return cli_fail(KIOSK_EXIT_USAGE, "listen: --timeout needs a positive number "
                                                  "of seconds");
        } else {
            fprintf(stderr, "kioskctl: listen: unexpected argument %s\n", a);
            return listen_usage(stderr, KIOSK_EXIT_USAGE);
        }
    }

    struct listen_state ls = {.json = json, .want = count, .t0_ns = scanner_now_ns()};
    pthread_mutex_init(&ls.lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&ls.cond, &ca);
    pthread_condattr_destroy(&ca);

    int status = KIOSK_EXIT_OK;
    char err[256];
    struct scanner *s = NULL;
    int rc = scanner_open_cfg(spec, ctx->config ? &ctx->config->scanners : NULL, listen_on_event,
                              listen_on_status, &ls, &s, err, sizeof err);
    if (rc < 0) {
        status = cli_fail(kiosk_exit_code(rc), "listen: %s", err);
        goto out;
    }

    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    if (timeout_s > 0) {
        double whole = (double)(time_t)timeout_s;
        deadline.tv_sec += (time_t)timeout_s;
        deadline.tv_nsec += (long)((timeout_s - whole) * 1e9);
        if (deadline.tv_nsec >= 1000000000L) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000L;
        }
    }
    bool timed_out = false;
    pthread_mutex_lock(&ls.lock);
    while (!(ls.want && ls.got >= ls.want) && !ls.ended && !timed_out) {
        if (timeout_s > 0)
            timed_out = pthread_cond_timedwait(&ls.cond, &ls.lock, &deadline) == ETIMEDOUT;
        else
            pthread_cond_wait(&ls.cond, &ls.lock);
    }
    long got = ls.got;
    pthread_mutex_unlock(&ls.lock);
    scanner_close(s);

    if (ls.want && got < ls.want) {
        if (timed_out)
            status = cli_fail(KIOSK_EXIT_TEMPFAIL,
                              "listen: timed out after %g s with %ld of %ld "
                              "barcodes",
                              timeout_s, got, ls.want);
        else
            status = cli_fail(KIOSK_EXIT_NOINPUT, "listen: %s ended after %ld of %ld barcodes",
                              spec, got, ls.want);
    }
out:
    pthread_cond_destroy(&ls.cond);
    pthread_mutex_destroy(&ls.lock);
    return status;
}
