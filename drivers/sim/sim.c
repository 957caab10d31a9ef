/* The simulation driver: scans from a directory of payload files (one file =
 * one scan, delivered in byte-wise name order) or from a FIFO (one scan per
 * message, framed by a 4-byte big-endian length prefix or by a terminator
 * byte). Used by the demo and the tests.
 *
 * Spec: sim:PATH[?opt&opt...], options aim=L0 (AIM identifier of every scan),
 * term=HEX (FIFO terminator byte instead of the length prefix),
 * interval_ms=N (pause between directory files). */
#include "drivers/scanner.h"
#include "drivers/worker.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SIM_PATH_MAX 1024

struct sim_state {
    char path[SIM_PATH_MAX];
    char source[64];
    char aim[4];
    int terminator; /* -1 = length prefix */
    unsigned interval_ms;
    bool is_dir;
    int fifo_fd;
    int stop_pipe[2];
    struct scanner_worker worker;
    struct scanner_sink sink;
    struct scan_event ev;                    /* reused, not on the stack (4 KiB) */
    unsigned char rx[2 * SCAN_DATA_MAX + 8]; /* FIFO reassembly buffer */
    size_t rx_len;
    bool rx_skipping; /* dropping an oversized terminator-framed message */
};

static int sim_parse_options(struct sim_state *st, char *opts, char *errbuf, size_t errlen)
{
    for (char *save = NULL, *tok = strtok_r(opts, "&", &save); tok;
         tok = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(tok, '=');
        if (!eq)
            goto bad;
        *eq = '\0';
        const char *val = eq + 1;
        char *end = NULL;
        if (strcmp(tok, "aim") == 0) {
            if (val[0] == ']')
                val++;
            if (strlen(val) != 2)
                goto bad;
            memcpy(st->aim, val, 3);
        } else if (strcmp(tok, "term") == 0) {
            unsigned long v = strtoul(val, &end, 16);
            if (!*val || *end || v > 255)
                goto bad;
            st->terminator = (int)v;
        } else if (strcmp(tok, "interval_ms") == 0) {
            unsigned long v = strtoul(val, &end, 10);
            if (!*val || *end || v > 3600000)
                goto bad;
            st->interval_ms = (unsigned)v;
        } else {
            goto bad;
        }
        continue;
    bad:
        snprintf(errbuf, errlen,
                 "sim: bad option \"%s\" (expected aim=XY, term=HEX or interval_ms=N)", tok);
        return KIOSK_ERR_USAGE;
    }
    return 0;
}

static int sim_open(const char *arg, const struct scanner_config *cfg,
                    const struct scanner_sink *sink, void **state, char *errbuf, size_t errlen)
{
    int rc = 0;
    struct sim_state *st = calloc(1, sizeof *st);
    if (!st)
        return KIOSK_ERR_NOMEM;
    st->terminator = -1;
    st->fifo_fd = -1;
    st->stop_pipe[0] = st->stop_pipe[1] = -1;
    st->sink = *sink;
    st->interval_ms = cfg ? cfg->sim_interval_ms : 0;

    if (!arg[0]) {
        snprintf(errbuf, errlen, "sim: needs a path (sim:DIRECTORY or sim:FIFO)");
        rc = KIOSK_ERR_USAGE;
        goto fail;
    }
    if (strlen(arg) >= sizeof st->path) {
        snprintf(errbuf, errlen, "sim: path too long");
        rc = KIOSK_ERR_USAGE;
        goto fail;
    }
    strcpy(st->path, arg);
    char *q = strchr(st->path, '?');
    if (q) {
        *q = '\0';
        rc = sim_parse_options(st, q + 1, errbuf, errlen);
        if (rc < 0)
            goto fail;
    }
    snprintf(st->source, sizeof st->source, "sim:%.59s", st->path);

    struct stat sb;
    if (stat(st->path, &sb) != 0) {
        snprintf(errbuf, errlen, "sim: cannot open %s: %s", st->path, strerror(errno));
        rc = errno == ENOENT ? KIOSK_ERR_NOT_FOUND : KIOSK_ERR_DEVICE;
        goto fail;
    }
    if (S_ISDIR(sb.st_mode)) {
        st->is_dir = true;
    } else if (S_ISFIFO(sb.st_mode)) {
        /* O_RDWR keeps a writer open ourselves, so a writer that closes does
         * not turn the FIFO into an endless EOF. */
        st->fifo_fd = open(st->path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
        if (st->fifo_fd < 0) {
            snprintf(errbuf, errlen, "sim: cannot open FIFO %s: %s", st->path, strerror(errno));
            rc = KIOSK_ERR_DEVICE;
            goto fail;
        }
    } else {
        snprintf(errbuf, errlen, "sim: %s is neither a directory nor a FIFO", st->path);
        rc = KIOSK_ERR_USAGE;
        goto fail;
    }
    if (pipe(st->stop_pipe) != 0) {
        snprintf(errbuf, errlen, "sim: pipe: %s", strerror(errno));
        rc = KIOSK_ERR_IO;
        goto fail;
    }
    *state = st;
    return 0;

fail:
    if (st->fifo_fd >= 0)
        close(st->fifo_fd);
    free(st);
    return rc;
}

/* Waits up to timeout_ms (-1 forever) for fd (may be -1) or the stop pipe.
 * Returns 1 when fd is readable, 0 on timeout, -1 when asked to stop. */
static int sim_wait(struct sim_state *st, int fd, int timeout_ms)
{
    struct pollfd p[2] = {{st->stop_pipe[0], POLLIN, 0}, {fd, POLLIN, 0}};
    for (;;) {
        int n = poll(p, fd >= 0 ? 2 : 1, timeout_ms);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || p[0].revents)
            return -1;
        return n > 0 ? 1 : 0;
    }
}

static void sim_deliver(struct sim_state *st, const unsigned char *data, size_t len)
{
    struct scan_event *ev = &st->ev;
    memset(ev, 0, offsetof(struct scan_event, data));
    snprintf(ev->source, sizeof ev->source, "%s", st->source);
    memcpy(ev->aim, st->aim, sizeof ev->aim);
    ev->symbology = scan_symbology_from_aim(st->aim);
    ev->length = len;
    memcpy(ev->data, data, len);
    ev->t_ns = scanner_now_ns();
    scanner_sink_event(&st->sink, ev);
}

static int sim_name_cmp(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int sim_name_keep(const struct dirent *d)
{
    return d->d_name[0] != '.';
}

/* Reads one payload file into st->ev.data; returns its length or a negative
 * enum kiosk_err (reported by the caller). */
static long sim_read_file(struct sim_state *st, const char *name)
{
    char full[SIM_PATH_MAX + 256];
    snprintf(full, sizeof full, "%s/%s", st->path, name);
    int fd = open(full, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return KIOSK_ERR_IO;
    long rc;
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        rc = KIOSK_ERR_UNSUPPORTED;
        goto out;
    }
    size_t len = 0;
    for (;;) {
        ssize_t n = read(fd, st->rx + len, sizeof st->rx - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = KIOSK_ERR_IO;
            goto out;
        }
        if (n == 0)
            break;
        len += (size_t)n;
        if (len > SCAN_DATA_MAX) {
            rc = KIOSK_ERR_FULL;
            goto out;
        }
    }
    rc = (long)len;
out:
    close(fd);
    return rc;
}

static void sim_run_dir(struct sim_state *st)
{
    struct dirent **names = NULL;
    int n = scandir(st->path, &names, sim_name_keep, sim_name_cmp);
    if (n < 0) {
        scanner_sink_status(&st->sink, st->source, KIOSK_ERR_IO, "cannot read directory: %s",
                            strerror(errno));
        return;
    }
    for (int i = 0; i < n; i++) {
        if (i > 0 && st->interval_ms && sim_wait(st, -1, (int)st->interval_ms) < 0)
            goto out;
        if (sim_wait(st, -1, 0) < 0)
            goto out;
        long len = sim_read_file(st, names[i]->d_name);
        if (len == KIOSK_ERR_UNSUPPORTED)
            continue; /* a subdirectory or a special file: not a payload */
        if (len < 0) {
            scanner_sink_status(
                &st->sink, st->source, (int)len, "payload file %s skipped: %s", names[i]->d_name,
                len == KIOSK_ERR_FULL ? "larger than 4096 bytes" : kiosk_strerror((int)len));
            continue;
        }
        if (len == 0) {
            scanner_sink_status(&st->sink, st->source, KIOSK_ERR_INVALID,
                                "payload file %s skipped: empty", names[i]->d_name);
            continue;
        }
        sim_deliver(st, st->rx, (size_t)len);
    }
    scanner_sink_status(&st->sink, st->source, SCAN_STATUS_END, "end of directory (%d files)", n);
out:
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* Cuts complete messages out of st->rx and delivers them. */
static void sim_fifo_drain(struct sim_state *st)
{
    for (;;) {
        if (st->terminator >= 0) {
            unsigned char *t = memchr(st->rx, st->terminator, st->rx_len);
            if (!t) {
                if (st->rx_len > SCAN_DATA_MAX) {
                    if (!st->rx_skipping)
                        scanner_sink_status(&st->sink, st->source, KIOSK_ERR_FULL,
                                            "message longer than %d bytes dropped", SCAN_DATA_MAX);
                    st->rx_skipping = true;
                    st->rx_len = 0;
                }
                return;
            }
            size_t len = (size_t)(t - st->rx);
            if (!st->rx_skipping && len > 0)
                sim_deliver(st, st->rx, len);
            st->rx_skipping = false;
            memmove(st->rx, t + 1, st->rx_len - len - 1);
            st->rx_len -= len + 1;
        } else {
            if (st->rx_len < 4)
                return;
            uint32_t len = (uint32_t)st->rx[0] << 24 | (uint32_t)st->rx[1] << 16 |
                           (uint32_t)st->rx[2] << 8 | st->rx[3];
            if (len == 0 || len > SCAN_DATA_MAX) {
                /* The framing is lost; nothing later can be trusted. */
                scanner_sink_status(&st->sink, st->source, KIOSK_ERR_INVALID,
                                    "bad length prefix %u (1..%d); buffered input dropped",
                                    (unsigned)len, SCAN_DATA_MAX);
                st->rx_len = 0;
                return;
            }
            if (st->rx_len < 4 + (size_t)len)
                return;
            sim_deliver(st, st->rx + 4, len);
            memmove(st->rx, st->rx + 4 + len, st->rx_len - 4 - len);
            st->rx_len -= 4 + len;
        }
    }
}

static void sim_run_fifo(struct sim_state *st)
{
    for (;;) {
        if (sim_wait(st, st->fifo_fd, -1) < 0)
            return;
        ssize_t n = read(st->fifo_fd, st->rx + st->rx_len, sizeof st->rx - st->rx_len);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n <= 0) {
            scanner_sink_status(&st->sink, st->source, KIOSK_ERR_IO, "FIFO read failed: %s",
                                n < 0 ? strerror(errno) : "end of file");
            return;
        }
        st->rx_len += (size_t)n;
        sim_fifo_drain(st);
    }
}

static void *sim_thread(void *arg)
{
    struct sim_state *st = arg;
    if (st->is_dir)
        sim_run_dir(st);
    else
        sim_run_fifo(st);
    return NULL;
}

static int sim_start(void *state, char *errbuf, size_t errlen)
{
    struct sim_state *st = state;
    return scanner_worker_start(&st->worker, sim_thread, st, "sim: cannot start thread", errbuf,
                                errlen);
}

static void sim_stop(void *state)
{
    struct sim_state *st = state;
    if (st)
        scanner_worker_stop_fd(&st->worker, st->stop_pipe[1]);
}

static void sim_close(void *state)
{
    struct sim_state *st = state;
    if (!st)
        return;
    if (st->fifo_fd >= 0)
        close(st->fifo_fd);
    close(st->stop_pipe[0]);
    close(st->stop_pipe[1]);
    free(st);
}

const struct scanner_driver sim_driver = {
    .name = "sim",
    .ids = NULL,
    .probe = NULL,
    .open = sim_open,
    .start = sim_start,
    .stop = sim_stop,
    .close = sim_close,
};
