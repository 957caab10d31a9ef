/* Sign-in timing (issue 12): how long a wrong PIN takes for a known badge
 * and for an unknown one (checked against a dummy argon2id hash of the
 * production cost), and the cost of the open-time schema check. Prints
 * medians; run under `flock /tmp/bench.lock`. */
#include "core/auth.h"
#include "core/kiosk_err.h"
#include "core/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp);
    return v[n / 2];
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 9;
    if (n < 1 || n > 1000)
        n = 9;
    char dir[] = "/tmp/bench-signin-XXXXXX", path[128], keys[128], msg[256];
    if (!mkdtemp(dir))
        return 1;
    snprintf(path, sizeof path, "%s/k.db", dir);
    snprintf(keys, sizeof keys, "%s/keys", dir);
    struct store *st;
    if (store_open_keyed(path, keys, NULL, true, &st, msg, sizeof msg) != KIOSK_OK) {
        fprintf(stderr, "open: %s\n", msg);
        return 1;
    }
    struct auth_actor local, a;
    auth_actor_local_admin(st, NULL, &local);
    char badge[16];
    for (int i = 0; i < n; i++) { /* one user per try: no lockout in the way */
        snprintf(badge, sizeof badge, "K%d", i);
        if (auth_user_add(st, &local, badge, "Known User", AUTH_ROLE_DEPUTY, "739164", NULL, msg,
                          sizeof msg) != KIOSK_OK) {
            fprintf(stderr, "user add: %s\n", msg);
            return 1;
        }
    }
    double *known = calloc((size_t)n, sizeof *known), *unknown = calloc((size_t)n, sizeof *unknown),
           *opens = calloc((size_t)n, sizeof *opens);
    for (int i = 0; i < n; i++) {
        snprintf(badge, sizeof badge, "K%d", i);
        double t = now_ms();
        auth_sign_in(st, badge, "555111", &a);
        known[i] = now_ms() - t;
        snprintf(badge, sizeof badge, "U%d", i);
        t = now_ms();
        auth_sign_in(st, badge, "555111", &a);
        unknown[i] = now_ms() - t;
    }
    store_close(st);
    for (int i = 0; i < n; i++) {
        double t = now_ms();
        if (store_open_keyed(path, keys, NULL, false, &st, msg, sizeof msg) == KIOSK_OK)
            store_close(st);
        opens[i] = now_ms() - t;
    }
    printf("wrong PIN, known badge:   median %.1f ms (%d tries, argon2id t=3 m=64 MiB)\n",
           median(known, n), n);
    printf("wrong PIN, unknown badge: median %.1f ms (dummy hash of the same cost)\n",
           median(unknown, n));
    printf("store open (quick_check + schema check + keys): median %.2f ms\n", median(opens, n));
    free(known);
    free(unknown);
    free(opens);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : 1;
}
