/* Benchmark: time from a HID POS report's completion (the fake device hands
 * the report to the in-flight interrupt transfer) to the scan_event callback,
 * through the real libusb event thread, the USB plumbing and the HID POS
 * assembler, over N barcodes (default 10,000) on an in-process umockdev fake
 * scanner. Prints p50/p99/max. Re-executes itself under the umockdev preload
 * library when started without it.
 *
 * usage: bench_scanner [N] */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "devices/usb_fake.h"
#include "drivers/scanner.h"

struct bench {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    unsigned long got;
    uint64_t last_cb_ns;
    uint64_t last_xfer_ns; /* ev->t_ns: when libusb's transfer callback began */
    int attached;
};

static void on_event(const struct scan_event *ev, void *user)
{
    struct bench *b = user;
    uint64_t now = scanner_now_ns();
    pthread_mutex_lock(&b->lock);
    b->last_cb_ns = now;
    b->last_xfer_ns = ev->t_ns;
    b->got++;
    pthread_cond_signal(&b->cond);
    pthread_mutex_unlock(&b->lock);
}

static void on_status(const char *source, int err, const char *message, void *user)
{
    struct bench *b = user;
    (void)source;
    pthread_mutex_lock(&b->lock);
    if (strstr(message, "scanner attached"))
        b->attached = 1;
    else if (err < 0)
        fprintf(stderr, "status: %s\n", message);
    pthread_cond_signal(&b->cond);
    pthread_mutex_unlock(&b->lock);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static int wait_until(struct bench *b, unsigned long got, int attached)
{
    struct timespec dl;
    clock_gettime(CLOCK_REALTIME, &dl);
    dl.tv_sec += 5;
    pthread_mutex_lock(&b->lock);
    while (b->got < got || b->attached < attached)
        if (pthread_cond_timedwait(&b->cond, &b->lock, &dl) == ETIMEDOUT)
            break;
    int ok = b->got >= got && b->attached >= attached;
    pthread_mutex_unlock(&b->lock);
    return ok;
}

int main(int argc, char **argv)
{
    const char *pre = getenv("LD_PRELOAD");
    if (!pre || !strstr(pre, "libumockdev-preload")) {
        setenv("LD_PRELOAD", "libumockdev-preload.so.0", 1);
        execv("/proc/self/exe", argv);
        perror("bench_scanner: cannot re-execute under libumockdev-preload");
        return 77;
    }
    unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 10000;
    if (n == 0)
        n = 10000;
    struct usb_fake *fake = usb_fake_create();
    if (!fake) {
        fprintf(stderr, "bench_scanner: umockdev is not available\n");
        return 77;
    }
    static struct bench b = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, 0};
    int slot = usb_fake_plug(fake, USB_FAKE_HIDPOS, 0x0c2e, 0x0b87, 2);
    struct scanner *sc = NULL;
    char err[256];
    if (slot < 0 || scanner_open("usb", on_event, on_status, &b, &sc, err, sizeof err) != 0 ||
        !wait_until(&b, 0, 1)) {
        fprintf(stderr, "bench_scanner: cannot open the fake scanner: %s\n", err);
        return 70;
    }
    uint64_t *lat = calloc(n, sizeof *lat), *drv = calloc(n, sizeof *drv);
    if (!lat || !drv)
        return 70;
    uint8_t rep[1][64];
    hidpos_reports_make("]C0", "P1234567", 8, rep, 1);
    struct timespec c0, c1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
    uint64_t t0 = scanner_now_ns();
    for (unsigned long i = 0; i < n; i++) {
        usb_fake_push(fake, slot, rep[0], 64);
        if (!wait_until(&b, i + 1, 1)) {
            fprintf(stderr, "bench_scanner: barcode %lu never arrived\n", i);
            return 70;
        }
        pthread_mutex_lock(&b.lock);
        uint64_t cb = b.last_cb_ns, xf = b.last_xfer_ns;
        pthread_mutex_unlock(&b.lock);
        drv[i] = cb > xf ? cb - xf : 0;
        uint64_t done = usb_fake_last_completion_ns(fake, slot);
        lat[i] = cb > done ? cb - done : 0;
    }
    uint64_t wall = scanner_now_ns() - t0;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
    scanner_close(sc);
    qsort(lat, n, sizeof *lat, cmp_u64);
    qsort(drv, n, sizeof *drv, cmp_u64);
    double cpu = (double)(c1.tv_sec - c0.tv_sec) + (double)(c1.tv_nsec - c0.tv_nsec) / 1e9;
    printf("bench_scanner: %lu HID POS barcodes (1 report each) through libusb under umockdev\n",
           n);
    printf("  report completion -> scan_event callback: p50 %.3f ms, p99 %.3f ms, max %.3f ms\n",
           (double)lat[n / 2] / 1e6, (double)lat[(n * 99) / 100] / 1e6, (double)lat[n - 1] / 1e6);
    printf("  of which libusb transfer callback -> scan_event callback (plumbing + HID POS "
           "assembler): p50 %.3f ms, p99 %.3f ms\n",
           (double)drv[n / 2] / 1e6, (double)drv[(n * 99) / 100] / 1e6);
    printf("  target p99 <= 2 ms: %s\n", lat[(n * 99) / 100] <= 2000000 ? "met" : "NOT met");
    double load[1] = {0};
    FILE *la = fopen("/proc/loadavg", "r");
    if (la) {
        if (fscanf(la, "%lf", &load[0]) != 1)
            load[0] = -1;
        fclose(la);
    }
    printf("  wall %.2f s, process CPU %.2f s, load average %.2f on %ld CPUs\n", (double)wall / 1e9,
           cpu, load[0], sysconf(_SC_NPROCESSORS_ONLN));
    free(lat);
    free(drv);
    usb_fake_destroy(fake);
    return 0;
}
