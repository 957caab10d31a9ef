/* Hub benchmark (issue 14): a counter (A) and a comms desk (C) on a real
 * PostgreSQL hub. Prints the time from an intake committed at A (then
 * pushed by A's sync round) to the request being applied at C, whose
 * service loop follows the hub's NOTIFY (p50/p99); the push and pull
 * throughput in facts/s for a backlog made offline; and the facts per
 * intake. tests/bench/bench_hub.sh starts the cluster and adds the hub's
 * size per 100,000 intakes.
 *   bench_hub URL DIR [--latency N] [--backlog N] */
#include "core/intake.h"
#include "core/kiosk_err.h"
#include "core/store_priv.h"
#include "sync/sync.h"

#include "bench_util.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static void fill_input(struct intake_input *in, long i)
{
    memset(in, 0, sizeof *in);
    snprintf(in->booking_number, sizeof in->booking_number, "2026-%07ld", i);
    strcpy(in->charges[0], "1313");
    in->basis = INTAKE_IAQ;
    strcpy(in->iaq.family_name, "Fictional-Person");
    strcpy(in->iaq.first_name, "Alexandra");
    strcpy(in->iaq.dob, "19850412");
    strcpy(in->iaq.sex, "F");
    strcpy(in->iaq.pob, "MM");
    strcpy(in->iaq.nationality[0], "MM");
}

static void die(const char *what, const char *msg)
{
    fprintf(stderr, "bench_hub: %s: %s\n", what, msg);
    exit(1);
}

static struct store *station(const char *dir, const char *name, const char *url,
                             struct auth_actor *deputy)
{
    char path[512], keys[512], msg[512];
    snprintf(keys, sizeof keys, "%s/%s.keys", dir, name);
    mkdir(keys, 0700);
    snprintf(path, sizeof path, "%s/%s.db", dir, name);
    struct kiosk_clock clock = clock_system();
    struct store *st;
    if (store_open_keyed(path, keys, &clock, true, &st, msg, sizeof msg) != KIOSK_OK)
        die("open", msg);
    store_test_set_pwhash_fast(st, true); /* sign-in cost is not what is measured */
    if (sync_station_join(st, url, name, msg, sizeof msg) != KIOSK_OK)
        die("join", msg);
    struct auth_actor local;
    auth_actor_local_admin(st, NULL, &local);
    if (deputy && (auth_user_add(st, &local, "D7", "Deputy", AUTH_ROLE_DEPUTY, "739164", NULL, msg,
                                 sizeof msg) != KIOSK_OK ||
                   auth_actor_local_admin(st, "D7", deputy) != KIOSK_OK))
        die("user", msg);
    return st;
}

struct desk {
    struct store *st;
    volatile sig_atomic_t stop;
    atomic_long requests;
    pthread_mutex_t mu;
    pthread_cond_t cv;
};

static void on_round(void *ctx, const struct sync_stats *s, int status, const char *msg)
{
    struct desk *d = ctx;
    if (status != KIOSK_OK)
        fprintf(stderr, "bench_hub: comms round: %s\n", msg);
    pthread_mutex_lock(&d->mu);
    atomic_fetch_add(&d->requests, (long)s->new_requests);
    pthread_cond_broadcast(&d->cv);
    pthread_mutex_unlock(&d->mu);
}

static void *desk_main(void *arg)
{
    struct desk *d = arg;
    char msg[512];
    sync_run(d->st, &d->stop, 200, on_round, d, msg, sizeof msg);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_hub URL DIR [--latency N] [--backlog N]\n");
        return 64;
    }
    const char *url = argv[1], *dir = argv[2];
    long lat_n = 200, backlog = 2000;
    for (int i = 3; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--latency"))
            lat_n = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--backlog"))
            backlog = atol(argv[i + 1]);
    }
    char msg[512];
    if (sync_hub_init(url, msg, sizeof msg) != KIOSK_OK)
        die("hub init", msg);
    struct auth_actor deputy;
    struct store *a = station(dir, "A", url, &deputy);
    struct store *c = station(dir, "C", url, NULL);
    struct sync_stats s;
    if (sync_once(a, &s, msg, sizeof msg) != KIOSK_OK || sync_once(c, &s, msg, sizeof msg))
        die("first sync", msg);

    /* 1. intake at A -> applied at C (C follows NOTIFY in its own thread) */
    struct desk d = {.st = c, .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
    atomic_init(&d.requests, 0);
    pthread_t th;
    pthread_create(&th, NULL, desk_main, &d);
    struct timespec pause = {0, 300 * 1000000L};
    nanosleep(&pause, NULL); /* C connected and listening */
    double *lat = calloc((size_t)lat_n, sizeof *lat);
    long n = 0;
    for (long i = 0; i < lat_n; i++) {
        struct intake_input in;
        fill_input(&in, i);
        double t0 = now_ms();
        if (intake_add(a, &deputy, &in, NULL, NULL, NULL) != KIOSK_OK)
            die("intake", "intake_add failed");
        if (sync_once(a, &s, msg, sizeof msg) != KIOSK_OK)
            die("push", msg);
        pthread_mutex_lock(&d.mu);
        while (atomic_load(&d.requests) < i + 1) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += 5;
            if (pthread_cond_timedwait(&d.cv, &d.mu, &until) != 0)
                break;
        }
        pthread_mutex_unlock(&d.mu);
        if (atomic_load(&d.requests) < i + 1)
            die("latency", "the comms desk did not see the request within 5 s");
        lat[n++] = now_ms() - t0;
    }
    d.stop = 1;
    pthread_join(th, NULL);
    double p50 = pct(lat, (size_t)n, 0.50), p99 = pct(lat, (size_t)n, 0.99);
    printf("intake at counter -> applied at comms desk (%ld intakes, push by sync_once, "
           "pull by the NOTIFY loop): p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
           n, p50, p99, lat[n - 1]);
    free(lat);

    /* 2. a backlog made offline, then one push and one pull */
    struct fact_counts before, after;
    fact_counts_get(a, &before);
    for (long i = 0; i < backlog; i++) {
        struct intake_input in;
        fill_input(&in, lat_n + i);
        if (intake_add(a, &deputy, &in, NULL, NULL, NULL) != KIOSK_OK)
            die("intake", "intake_add failed");
    }
    fact_counts_get(a, &after);
    long facts = (long)(after.own - before.own);
    double t0 = now_ms();
    if (sync_once(a, &s, msg, sizeof msg) != KIOSK_OK)
        die("push", msg);
    double push_ms = now_ms() - t0;
    t0 = now_ms();
    struct sync_stats sc;
    if (sync_once(c, &sc, msg, sizeof msg) != KIOSK_OK)
        die("pull", msg);
    double pull_ms = now_ms() - t0;
    printf("backlog of %ld intakes = %ld facts (%.2f per intake)\n", backlog, facts,
           (double)facts / (double)backlog);
    printf("push: %lld facts in %.0f ms = %.0f facts/s\n", (long long)s.pushed, push_ms,
           (double)s.pushed * 1000.0 / push_ms);
    printf("pull and apply at the comms desk: %lld facts in %.0f ms = %.0f facts/s\n",
           (long long)sc.pulled, pull_ms, (double)sc.pulled * 1000.0 / pull_ms);
    printf("intakes_total %ld\n", lat_n + backlog);
    char da[65], dc[65];
    fact_digest(a, da);
    fact_digest(c, dc);
    printf("digests %s\n", strcmp(da, dc) ? "DIFFER" : "equal");
    store_close(a);
    store_close(c);
    return strcmp(da, dc) ? 1 : 0;
}
