/* Shared helpers of the C benchmarks in tests/bench/: a monotonic clock in
 * milliseconds and the comparison and percentile used to summarise timings.
 * Header-only (static inline), so each benchmark stays one executable. */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stdlib.h>
#include <time.h>

/* Monotonic time in milliseconds. */
static inline double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* qsort comparison of two doubles, ascending. */
static inline int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The p-th quantile (0..1, nearest rank) of v[0..n); sorts v in place. */
static inline double pct(double *v, size_t n, double p)
{
    qsort(v, n, sizeof *v, cmp_double);
    size_t k = (size_t)(p * (double)n + 0.999999);
    return v[k ? (k > n ? n : k) - 1 : 0];
}

#endif
