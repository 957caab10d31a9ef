/* The drivers' worker thread start and stop (drivers/worker.h), written once
 * for the sim, tty and usb drivers. */
#include "drivers/worker.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/kiosk_err.h"

int scanner_worker_start(struct scanner_worker *w, void *(*fn)(void *), void *arg, const char *what,
                         char *errbuf, size_t errlen)
{
    int err = pthread_create(&w->thread, NULL, fn, arg);
    if (err) {
        snprintf(errbuf, errlen, "%s: %s", what, strerror(err));
        return KIOSK_ERR_INTERNAL;
    }
    w->running = true;
    return 0;
}

void scanner_worker_stop(struct scanner_worker *w, void (*wake)(void *), void *arg)
{
    if (!w || !w->running)
        return;
    if (wake)
        wake(arg);
    pthread_join(w->thread, NULL);
    w->running = false;
}

/* Writes the one wake byte the worker's poll() sees, retrying on EINTR. */
static void worker_wake_fd(void *arg)
{
    int fd = *(const int *)arg;
    ssize_t n;
    do
        n = write(fd, "x", 1);
    while (n < 0 && errno == EINTR);
}

void scanner_worker_stop_fd(struct scanner_worker *w, int wake_fd)
{
    scanner_worker_stop(w, worker_wake_fd, &wake_fd);
}
