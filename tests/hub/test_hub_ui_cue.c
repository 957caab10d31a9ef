/* Issue 14: the comms desk's booking-kiosk, joined to a real PostgreSQL hub,
 * syncs in the background and cues a new request within 2 s of a counter
 * pushing it (banner + tone), through LISTEN/NOTIFY. The app is the real
 * one driven by the UI harness; the counter is a second station database.
 * Run by test_hub_ui_cue.sh, which starts the cluster (HUB_URL). */
#include "core/intake.h"
#include "core/kiosk_err.h"
#include "core/request.h"
#include "core/store_priv.h"
#include "sync/sync.h"
#include "ui/harness.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                   \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            exit(1);                                                                               \
        }                                                                                          \
    } while (0)

int main(void)
{
    const char *url = getenv("HUB_URL"), *dir = getenv("HUB_DIR");
    if (!url || !dir) {
        fprintf(stderr, "SKIP: run through test_hub_ui_cue.sh (HUB_URL, HUB_DIR)\n");
        return 77;
    }
    char msg[512] = "";
    CHECK(sync_hub_init(url, msg, sizeof msg) == KIOSK_OK, "hub init: %s", msg);

    /* the comms desk: the real app (demo users), joined as station C */
    struct harness h;
    CHECK(h_open(&h, 1280, 800, NULL) == 0, "app: %s", h.err);
    CHECK(sync_station_join(h.app->st, url, "C", msg, sizeof msg) == KIOSK_OK, "join C: %s", msg);
    CHECK(app_hub_start(h.app, msg, sizeof msg) == KIOSK_OK, "hub link: %s", msg);
    CHECK(h_sign_in(&h, "5120", "739204"), "comms sign-in");

    /* the counter: station A */
    char path[512], keys[512];
    snprintf(keys, sizeof keys, "%s/A.keys", dir);
    mkdir(keys, 0700);
    snprintf(path, sizeof path, "%s/A.db", dir);
    struct kiosk_clock clock = clock_system();
    struct store *a = NULL;
    CHECK(store_open_keyed(path, keys, &clock, true, &a, msg, sizeof msg) == KIOSK_OK, "A: %s",
          msg);
    store_test_set_pwhash_fast(a, true);
    CHECK(sync_station_join(a, url, "A", msg, sizeof msg) == KIOSK_OK, "join A: %s", msg);
    struct auth_actor local, deputy;
    auth_actor_local_admin(a, NULL, &local);
    CHECK(auth_user_add(a, &local, "D7", "Dana Deputy", AUTH_ROLE_DEPUTY, "482916", NULL, msg,
                        sizeof msg) == KIOSK_OK,
          "user: %s", msg);
    auth_actor_local_admin(a, "D7", &deputy);
    struct sync_stats s;
    CHECK(sync_once(a, &s, msg, sizeof msg) == KIOSK_OK, "A first sync: %s", msg);
    /* let the desk take in A's users first (they are not requests: no cue) */
    double until = now_ms() + 3000;
    while (now_ms() < until) {
        h_pump(&h);
        SDL_Delay(10);
    }
    CHECK(h.app->hub_cues == 0, "a cue without a request");

    struct intake_input in = {0};
    snprintf(in.booking_number, sizeof in.booking_number, "2026-0000777");
    strcpy(in.charges[0], "1313");
    in.basis = INTAKE_IAQ;
    strcpy(in.iaq.family_name, "Fictional");
    strcpy(in.iaq.first_name, "Alexandra");
    strcpy(in.iaq.dob, "19850412");
    strcpy(in.iaq.sex, "F");
    strcpy(in.iaq.pob, "MM");
    strcpy(in.iaq.nationality[0], "MM");
    int64_t iid = 0;
    CHECK(intake_add(a, &deputy, &in, NULL, &iid, NULL) == KIOSK_OK, "intake at A");
    double t0 = now_ms();
    CHECK(sync_once(a, &s, msg, sizeof msg) == KIOSK_OK && s.pushed > 0, "push: %s", msg);
    double t_hub = now_ms() - t0;
    while (h.app->hub_cues == 0 && now_ms() - t0 < 5000) {
        h_pump(&h);
        SDL_Delay(5);
    }
    double t = now_ms() - t0;
    CHECK(h.app->hub_cues == 1, "no cue within 5 s");
    CHECK(strstr(h.app->toast, "New IAQ request"), "banner says '%s'", h.app->toast);
    CHECK(t < 2000.0, "cue after %.0f ms (> 2 s)", t);
    char gid[FACT_SUBJECT_MAX];
    snprintf(gid, sizeof gid, "A-%lld", (long long)iid);
    int64_t rid = 0;
    CHECK(fact_resolve(h.app->st, gid, true, &rid) == KIOSK_OK, "%s not at the desk", gid);
    printf("push took %.1f ms; cue (banner + tone) %.1f ms after the push began\n", t_hub, t);

    /* a conflict: A asks for more information while the desk transmits */
    struct auth_actor comms_a;
    CHECK(auth_user_add(a, &local, "C9", "Cam Comms", AUTH_ROLE_COMMS, "639173", NULL, msg,
                        sizeof msg) == KIOSK_OK,
          "user: %s", msg);
    auth_actor_local_admin(a, "C9", &comms_a);
    int64_t rid_a = 0;
    CHECK(fact_resolve(a, gid, true, &rid_a) == KIOSK_OK, "request at A");
    CHECK(request_needs_info(a, &comms_a, rid_a, "photo missing", msg, sizeof msg) == KIOSK_OK,
          "needs_info at A: %s", msg);
    CHECK(request_transmit(h.app->st, &h.app->actor, rid, "MULES-9", msg, sizeof msg) == KIOSK_OK,
          "transmit at the desk: %s", msg);
    CHECK(sync_once(a, &s, msg, sizeof msg) == KIOSK_OK, "push: %s", msg);
    t0 = now_ms();
    while (!strstr(h.app->toast, "Conflict") && now_ms() - t0 < 5000) {
        h_pump(&h);
        SDL_Delay(5);
    }
    CHECK(strstr(h.app->toast, "Conflict"), "no conflict banner; toast '%s'", h.app->toast);
    struct fact_counts fc;
    CHECK(fact_counts_get(h.app->st, &fc) == KIOSK_OK && fc.conflicts == 1, "conflicts %lld",
          (long long)fc.conflicts);
    printf("conflict banner %.1f ms after the push\n", now_ms() - t0);
    store_close(a);
    h_close(&h);
    printf("PASS\n");
    return 0;
}
