/* Benchmark: AAMVA payloads parsed per second on one core over the fixture
 * set, and bytes allocated per parse. Allocations are counted by wrapping
 * malloc/calloc/realloc/free at link time (-Wl,--wrap), which sees every call
 * from the statically linked kiosk_core; the answer should be 0.
 * Usage: bench_aamva [SECONDS] [FIXTURE_DIR] */
#define _GNU_SOURCE
#include <dirent.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/aamva.h"
#include "core/idcheck.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);

static size_t alloc_calls, alloc_bytes; /* benchmark-local counters */

void *__wrap_malloc(size_t n)
{
    alloc_calls++;
    alloc_bytes += n;
    return __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t m)
{
    alloc_calls++;
    alloc_bytes += n * m;
    return __real_calloc(n, m);
}

void *__wrap_realloc(void *p, size_t n)
{
    alloc_calls++;
    alloc_bytes += n;
    return __real_realloc(p, n);
}

void __wrap_free(void *p)
{
    __real_free(p);
}

struct payload {
    unsigned char *data;
    size_t len;
};

static double now_s(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int load(const char *dir, struct payload *p, int cap, size_t *total)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    *total = 0;
    while ((e = readdir(d)) != NULL && n < cap) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".txt") != 0)
            continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        unsigned char *buf = malloc(AAMVA_MAX_PAYLOAD);
        size_t len = buf ? fread(buf, 1, AAMVA_MAX_PAYLOAD, f) : 0;
        fclose(f);
        if (!buf)
            break;
        p[n].data = buf;
        p[n].len = len;
        *total += len;
        n++;
    }
    closedir(d);
    return n;
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 2.0;
    const char *dir = argc > 2 ? argv[2] : KIOSK_AAMVA_FIXTURES;
    static struct payload p[256];
    size_t total;
    int n = load(dir, p, 256, &total);
    if (n <= 0) {
        fprintf(stderr, "bench_aamva: no payloads in %s\n", dir);
        return 1;
    }
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(0, &one);
    sched_setaffinity(0, sizeof one, &one); /* one core; best effort */

    static struct aamva_doc doc;
    struct idcheck_verdict v;
    unsigned long checksum = 0;
    for (int i = 0; i < n; i++) /* warm-up */
        checksum += (unsigned long)aamva_parse(p[i].data, p[i].len, &doc);

    /* Windows of about 0.1 s; the machine may be shared, so the rate is
     * taken on CPU time, and the median and best window are reported. */
    const char *mode[2] = {"parse", "parse + verdict"};
    for (int m = 0; m < 2; m++) {
        enum { MAXW = 200 };
        double rates[MAXW];
        int w = 0;
        size_t calls0 = alloc_calls, bytes0 = alloc_bytes;
        unsigned long parses = 0;
        double t0 = now_s(CLOCK_MONOTONIC), t1;
        double cpu_all = 0;
        do {
            unsigned long wp = 0;
            double c0 = now_s(CLOCK_THREAD_CPUTIME_ID), w0 = now_s(CLOCK_MONOTONIC);
            do {
                for (int rep = 0; rep < 20; rep++) {
                    for (int i = 0; i < n; i++) {
                        checksum += (unsigned long)aamva_parse(p[i].data, p[i].len, &doc);
                        if (m == 1)
                            checksum +=
                                (unsigned long)idcheck_evaluate(&doc, 2026, 11, 27, NULL, &v);
                        checksum += (unsigned long)doc.element_count;
                    }
                    wp += (unsigned long)n;
                }
            } while (now_s(CLOCK_MONOTONIC) - w0 < 0.1);
            double c = now_s(CLOCK_THREAD_CPUTIME_ID) - c0;
            cpu_all += c;
            parses += wp;
            if (w < MAXW && c > 0)
                rates[w++] = (double)wp / c;
            t1 = now_s(CLOCK_MONOTONIC);
        } while (t1 - t0 < seconds);
        /* sort the window rates (insertion sort, few values) */
        for (int a = 1; a < w; a++)
            for (int b = a; b > 0 && rates[b - 1] > rates[b]; b--) {
                double x = rates[b];
                rates[b] = rates[b - 1];
                rates[b - 1] = x;
            }
        double median = w ? rates[w / 2] : 0, best = w ? rates[w - 1] : 0;
        printf("%-16s %lu payloads, %.2f s CPU / %.2f s wall: %.0f payloads/s per core "
               "(median of %d windows; best %.0f; overall %.0f), %.1f MB/s, "
               "%.3f allocations and %.3f bytes allocated per parse\n",
               mode[m], parses, cpu_all, t1 - t0, median, w, best, (double)parses / cpu_all,
               median * (double)total / n / 1e6, (double)(alloc_calls - calls0) / (double)parses,
               (double)(alloc_bytes - bytes0) / (double)parses);
    }
    printf("%d fixtures, %zu bytes, mean %.0f bytes per payload (checksum %lu)\n", n, total,
           (double)total / n, checksum);
    for (int i = 0; i < n; i++)
        free(p[i].data);
    return 0;
}
