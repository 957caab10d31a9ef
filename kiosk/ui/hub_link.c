/* The station's link to the hub inside booking-kiosk (issue 14): when the
 * database has joined a hub, a background thread with its own connection
 * to the database runs the sync service (LISTEN/NOTIFY, push within 0.5 s
 * of a local change) and posts an SDL event after each round that pulled
 * something; the UI thread then refreshes the lists and, for a new request,
 * shows a banner and plays a short tone at a comms or supervisor desk; a new
 * conflict item shows a banner to comms, supervisors and admins. */
#include "ui/app.h"

#include "core/kiosk_err.h"
#include "sync/sync.h"

#include <SDL.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct hub_link {
    struct store *st; /* the thread's own connection to the same file */
    pthread_t thread;
    volatile sig_atomic_t stop;
    uint32_t event_type;
};

static void on_round(void *ctx, const struct sync_stats *s, int status, const char *msg)
{
    (void)msg;
    struct hub_link *h = ctx;
    if (status != KIOSK_OK || (!s->pulled && !s->refused))
        return;
    SDL_Event ev = {0};
    ev.type = h->event_type;
    ev.user.code = (Sint32)(s->new_requests > 1000 ? 1000 : s->new_requests);
    ev.user.data1 = (void *)(intptr_t)(s->refused ? 1 : 0);
    SDL_PushEvent(&ev); /* thread-safe */
}

static void *link_main(void *arg)
{
    struct hub_link *h = arg;
    char msg[512];
    sync_run(h->st, &h->stop, 500, on_round, h, msg, sizeof msg);
    return NULL;
}

int app_hub_start(struct app *a, char *err, size_t len)
{
    char name[FACT_STATION_MAX];
    if (fact_self(a->st, name, sizeof name, NULL, 0, NULL) != KIOSK_OK)
        return KIOSK_OK; /* not joined: a station alone, as before */
    struct hub_link *h = calloc(1, sizeof *h);
    if (!h)
        return KIOSK_ERR_NOMEM;
    h->event_type = SDL_RegisterEvents(1);
    struct kiosk_clock clock = clock_system();
    char msg[256] = "";
    int rc = h->event_type == (uint32_t)-1
                 ? KIOSK_ERR_INTERNAL
                 : store_open_keyed(store_path(a->st), store_key_dir(a->st), &clock, false, &h->st,
                                    msg, sizeof msg);
    if (rc == KIOSK_OK && pthread_create(&h->thread, NULL, link_main, h) != 0)
        rc = KIOSK_ERR_INTERNAL;
    if (rc != KIOSK_OK) {
        snprintf(err, len, "hub link: %s", msg[0] ? msg : kiosk_strerror(rc));
        store_close(h->st);
        free(h);
        return rc;
    }
    a->hub = h;
    struct fact_counts c;
    if (fact_counts_get(a->st, &c) == KIOSK_OK)
        a->hub_conflicts = c.conflicts;
    return KIOSK_OK;
}

void app_hub_stop(struct app *a)
{
    struct hub_link *h = a ? a->hub : NULL;
    if (!h)
        return;
    h->stop = 1;
    pthread_join(h->thread, NULL);
    store_close(h->st);
    free(h);
    a->hub = NULL;
}

/* A short two-note chime (880 Hz then 1320 Hz, 0.15 s each) on the default
 * audio device; silently nothing when there is no audio device. */
static void chime(struct app *a)
{
    a->hub_cues++;
    if (!SDL_WasInit(SDL_INIT_AUDIO) && SDL_InitSubSystem(SDL_INIT_AUDIO) != 0)
        return;
    SDL_AudioSpec want = {.freq = 22050, .format = AUDIO_S16SYS, .channels = 1, .samples = 1024};
    SDL_AudioDeviceID dev = SDL_OpenAudioDevice(NULL, 0, &want, NULL, 0);
    if (!dev)
        return;
    static int16_t pcm[22050 * 3 / 10];
    size_t n = sizeof pcm / sizeof pcm[0];
    for (size_t i = 0; i < n; i++) {
        double f = i < n / 2 ? 880.0 : 1320.0;
        pcm[i] = (int16_t)(8000.0 * sin(2.0 * M_PI * f * (double)i / 22050.0));
    }
    SDL_QueueAudio(dev, pcm, sizeof pcm);
    SDL_PauseAudioDevice(dev, 0);
    a->hub_audio = dev; /* closed on the next chime or at exit */
}

bool app_hub_event(struct app *a, const SDL_Event *ev)
{
    if (!a->hub || ev->type != a->hub->event_type)
        return false;
    store_settings_get(a->st, &a->settings); /* settings may have changed elsewhere */
    a->comms.loaded = 0;                     /* the comms queue reloads */
    if (ev->user.data1)
        app_toast(a, THEME_BAD, "A fact from the hub was refused: ask the administrator");
    int n = ev->user.code;
    if (n > 0 && a->signed_in && app_has_role(a, AUTH_ROLE_COMMS | AUTH_ROLE_SUPERVISOR)) {
        app_toast(a, THEME_WARN, "New IAQ request%s from the counter", n > 1 ? "s" : "");
        if (a->hub_audio)
            SDL_CloseAudioDevice(a->hub_audio);
        a->hub_audio = 0;
        chime(a);
    }
    /* A new conflict item (two stations changed the same request while
     * apart): the desk's staff are told; `kioskctl station conflicts` lists
     * both facts. */
    struct fact_counts c;
    if (fact_counts_get(a->st, &c) == KIOSK_OK) {
        if (c.conflicts > a->hub_conflicts && a->signed_in &&
            app_has_role(a, AUTH_ROLE_COMMS | AUTH_ROLE_SUPERVISOR | AUTH_ROLE_ADMIN))
            app_toast(a, THEME_BAD,
                      "Conflict: another station changed the same request; both kept for a "
                      "supervisor");
        a->hub_conflicts = c.conflicts;
    }
    app_invalidate(a);
    return true;
}

void app_hub_close_audio(struct app *a)
{
    if (a && a->hub_audio)
        SDL_CloseAudioDevice(a->hub_audio);
    if (a)
        a->hub_audio = 0;
}
