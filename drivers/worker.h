/* The worker thread every polling driver (sim, tty, usb) runs between its
 * start and stop: one pthread that is started once and stopped by waking it
 * and joining. Driver-internal: only drivers include it, the app never sees
 * it (it reaches drivers through drivers/scanner.h alone). */
#ifndef KIOSK_DRIVERS_WORKER_H
#define KIOSK_DRIVERS_WORKER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

/* A driver's worker thread; embed it in the driver state, zero-initialised
 * (calloc) means "not running". */
struct scanner_worker {
    pthread_t thread;
    bool running;
};

/* Starts fn(arg) on a new thread. On failure writes "WHAT: STRERROR" into
 * errbuf (what names the driver and the thread, e.g. "sim: cannot start
 * thread") and returns KIOSK_ERR_INTERNAL; 0 on success. arg must stay valid
 * until scanner_worker_stop*() returned. */
int scanner_worker_start(struct scanner_worker *w, void *(*fn)(void *), void *arg, const char *what,
                         char *errbuf, size_t errlen);

/* Stops a running worker: calls wake(arg) (which must make fn return soon),
 * then joins the thread. Does nothing when w is NULL or not running, so
 * calling it twice is safe. */
void scanner_worker_stop(struct scanner_worker *w, void (*wake)(void *), void *arg);

/* scanner_worker_stop() for a worker that polls a stop pipe: wakes it by
 * writing one byte to wake_fd (the pipe's write end, still owned and closed
 * by the caller), then joins. */
void scanner_worker_stop_fd(struct scanner_worker *w, int wake_fd);

#endif
