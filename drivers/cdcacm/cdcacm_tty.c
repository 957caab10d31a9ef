/* The "tty" driver: a CDC-ACM scanner through the /dev/ttyACM* node the
 * kernel's cdc_acm driver provides (termios raw mode), for when the kiosk
 * leaves the device to the kernel. Spec: tty:/dev/ttyACM0. */
#include "drivers/cdcacm/cdcacm.h"
#include "drivers/worker.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

struct tty_state {
    char path[256];
    char source[64];
    int fd;
    int stop_pipe[2];
    struct scanner_worker worker;
    struct scanner_sink sink;
    struct wedge w;
    struct scan_event ev;
};

static int tty_open(const char *arg, const struct scanner_config *cfg,
                    const struct scanner_sink *sink, void **state, char *errbuf, size_t errlen)
{
    if (!arg[0] || strlen(arg) >= 256) {
        snprintf(errbuf, errlen, "tty: needs a device path, e.g. tty:/dev/ttyACM0");
        return KIOSK_ERR_USAGE;
    }
    int rc;
    struct tty_state *st = calloc(1, sizeof *st);
    if (!st)
        return KIOSK_ERR_NOMEM;
    st->stop_pipe[0] = st->stop_pipe[1] = -1;
    strcpy(st->path, arg);
    snprintf(st->source, sizeof st->source, "tty:%.59s", arg);
    st->sink = *sink;
    struct wedge_config wc;
    cdcacm_wedge_config(cfg, &wc);
    wedge_init(&st->w, &wc);

    st->fd = open(st->path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (st->fd < 0) {
        snprintf(errbuf, errlen, "cannot open %s: %s%s", st->path, strerror(errno),
                 errno == EACCES ? " (is the kiosk user in the dialout group?)" : "");
        rc = errno == ENOENT ? KIOSK_ERR_DEVICE : KIOSK_ERR_DEVICE;
        goto fail;
    }
    struct termios t;
    if (tcgetattr(st->fd, &t) != 0) {
        snprintf(errbuf, errlen, "%s is not a serial device: %s", st->path, strerror(errno));
        rc = KIOSK_ERR_DEVICE;
        goto fail_fd;
    }
    cfmakeraw(&t);
    t.c_cflag |= CLOCAL | CREAD;
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    cfsetispeed(&t, B115200); /* meaningless for CDC-ACM, required by termios */
    cfsetospeed(&t, B115200);
    if (tcsetattr(st->fd, TCSANOW, &t) != 0) {
        snprintf(errbuf, errlen, "cannot set raw mode on %s: %s", st->path, strerror(errno));
        rc = KIOSK_ERR_DEVICE;
        goto fail_fd;
    }
    if (pipe(st->stop_pipe) != 0) {
        rc = KIOSK_ERR_IO;
        goto fail_fd;
    }
    *state = st;
    return 0;
fail_fd:
    close(st->fd);
fail:
    free(st);
    return rc;
}

static void tty_report(struct tty_state *st, int r)
{
    if (r == 1) {
        snprintf(st->ev.source, sizeof st->ev.source, "%s", st->source);
        scanner_sink_event(&st->sink, &st->ev);
    } else if (r == KIOSK_ERR_FULL) {
        scanner_sink_status(&st->sink, st->source, r, "barcode longer than %d bytes dropped",
                            SCAN_DATA_MAX);
    }
}

static void *tty_thread(void *arg)
{
    struct tty_state *st = arg;
    unsigned char buf[512];
    for (;;) {
        uint64_t dl = wedge_deadline(&st->w), now = scanner_now_ns();
        int timeout = -1;
        if (dl)
            timeout = dl <= now ? 0 : (int)((dl - now + 999999) / 1000000);
        struct pollfd p[2] = {{st->stop_pipe[0], POLLIN, 0}, {st->fd, POLLIN, 0}};
        int n = poll(p, 2, timeout);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || p[0].revents)
            break;
        if (p[1].revents & POLLIN) {
            ssize_t r = read(st->fd, buf, sizeof buf);
            uint64_t t = scanner_now_ns();
            if (r > 0) {
                for (ssize_t i = 0; i < r; i++)
                    tty_report(st, wedge_feed(&st->w, buf[i], t, &st->ev));
                continue;
            }
            if (r < 0 && (errno == EAGAIN || errno == EINTR))
                continue;
        }
        if (p[1].revents & (POLLHUP | POLLERR | POLLNVAL) || !(p[1].revents & POLLIN)) {
            if (p[1].revents) {
                if (wedge_reset(&st->w))
                    scanner_sink_status(&st->sink, st->source, KIOSK_ERR_DEVICE,
                                        "partial barcode dropped: the device left");
                scanner_sink_status(&st->sink, st->source, SCAN_STATUS_END, "serial device closed");
                break;
            }
        }
        tty_report(st, wedge_poll(&st->w, scanner_now_ns(), &st->ev));
    }
    return NULL;
}

static int tty_start(void *state, char *errbuf, size_t errlen)
{
    struct tty_state *st = state;
    return scanner_worker_start(&st->worker, tty_thread, st, "tty: cannot start thread", errbuf,
                                errlen);
}

static void tty_stop(void *state)
{
    struct tty_state *st = state;
    if (st)
        scanner_worker_stop_fd(&st->worker, st->stop_pipe[1]);
}

static void tty_close(void *state)
{
    struct tty_state *st = state;
    if (!st)
        return;
    close(st->fd);
    close(st->stop_pipe[0]);
    close(st->stop_pipe[1]);
    free(st);
}

const struct scanner_driver cdcacm_tty_driver = {
    .name = "tty",
    .ids = NULL,
    .probe = NULL,
    .open = tty_open,
    .start = tty_start,
    .stop = tty_stop,
    .close = tty_close,
};
