/* The in-process test driver for booking-kiosk (see harness.h). */
#include "harness.h"

#include "ui/automation.h"

#include <SDL_image.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *h_test_path(const char *rel, char *buf, size_t len)
{
    const char *dir = getenv("KIOSK_TEST_DIR");
    snprintf(buf, len, "%s/%s", dir ? dir : "tests", rel);
    return buf;
}

int h_open(struct harness *h, int w, int hgt, const char *iso)
{
    memset(h, 0, sizeof *h);
    int rc = 0;
    if (iso) {
        rc = clock_parse_iso(iso, &h->now);
        if (rc != 0)
            return rc;
        h->clock = clock_fixed(&h->now);
    } else {
        h->clock = clock_system();
    }
    setenv("TZ", "UTC", 1);
    tzset();
    struct app_opts o = {.demo = true,
                         .offscreen = true,
                         .software = true,
                         .width = w,
                         .height = hgt,
                         .clock = &h->clock};
    const char *assets = getenv("KIOSK_ASSETS");
    o.assets_dir = assets ? assets : KIOSK_ASSETS_DIR;
    rc = app_create(&o, &h->app, h->err, sizeof h->err);
    if (rc == 0)
        h_pump(h);
    return rc;
}

void h_close(struct harness *h)
{
    app_destroy(h->app);
    h->app = NULL;
}

void h_pump(struct harness *h)
{
    app_pump(h->app);
}

static void push_mouse(int x, int y, bool down)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = down ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.state = down ? SDL_PRESSED : SDL_RELEASED;
    e.button.x = x;
    e.button.y = y;
    e.button.which = 0;
    SDL_PushEvent(&e);
}

bool h_tap(struct harness *h, const char *label, int n)
{
    struct ui_ctx *c = &h->app->ui;
    struct ui_rect r;
    if (!ui_find(c, ui_id(c, label, n), &r))
        return false;
    push_mouse(r.x + r.w / 2, r.y + r.h / 2, true);
    push_mouse(r.x + r.w / 2, r.y + r.h / 2, false);
    h_pump(h);
    return true;
}

bool h_tap_field(struct harness *h, const char *label)
{
    return h_tap(h, label, 0x7e47);
}

void h_finger(struct harness *h, int x, int y)
{
    struct ui_ctx *c = &h->app->ui;
    for (int k = 0; k < 2; k++) {
        SDL_Event e;
        memset(&e, 0, sizeof e);
        e.type = k == 0 ? SDL_FINGERDOWN : SDL_FINGERUP;
        e.tfinger.x = (float)x / (float)c->width;
        e.tfinger.y = (float)y / (float)c->height;
        SDL_PushEvent(&e);
    }
    h_pump(h);
}

void h_type(struct harness *h, const char *text)
{
    size_t n = strlen(text);
    for (size_t i = 0; i < n; i += 16) {
        SDL_Event e;
        memset(&e, 0, sizeof e);
        e.type = SDL_TEXTINPUT;
        snprintf(e.text.text, sizeof e.text.text, "%.*s", (int)(n - i < 16 ? n - i : 16), text + i);
        SDL_PushEvent(&e);
    }
    h_pump(h);
}

void h_key(struct harness *h, SDL_Keycode key, SDL_Keymod mod)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = key;
    e.key.keysym.mod = (Uint16)mod;
    e.key.state = SDL_PRESSED;
    SDL_PushEvent(&e);
    h_pump(h);
}

int h_scan_file(struct harness *h, const char *path)
{
    unsigned char buf[SCAN_DATA_MAX];
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    return h_scan_data(h, buf, n);
}

int h_scan_data(struct harness *h, const unsigned char *data, size_t len)
{
    int rc = app_inject_scan(h->app, "sim:test", data, len);
    h_pump(h);
    return rc;
}

bool h_sign_in(struct harness *h, const char *badge, const char *pin)
{
    if (!h_tap_field(h, "Badge number (or scan it)"))
        return false;
    h_type(h, badge);
    h_key(h, SDLK_RETURN, KMOD_NONE);
    for (const char *p = pin; *p; p++) {
        char d[2] = {*p, 0};
        if (!h_tap(h, "pinpad", *p == '0' ? 10 : *p - '1'))
            return false;
        (void)d;
    }
    return h_tap(h, "pinpad", 11);
}

void h_advance(struct harness *h, kiosk_ms_t ms)
{
    h->now += ms;
}

static bool save_png(SDL_Surface *s, const char *path)
{
    return IMG_SavePNG(s, path) == 0;
}

/* Renders the current frame and counts the pixels that differ from
 * golden/<name>.png by more than H_GOLDEN_LEVELS in any colour channel.
 * *actual_out (when not NULL) receives the frame (caller frees). -1 when
 * the golden cannot be read or has another size. Writes nothing. */
static long golden_diff(struct harness *h, const char *name, SDL_Surface **actual_out)
{
    char dir[512], path[700];
    h_test_path("ui/golden", dir, sizeof dir);
    snprintf(path, sizeof path, "%s/%s.png", dir, name);
    if (actual_out)
        *actual_out = NULL;
    app_invalidate(h->app);
    h_pump(h);
    SDL_Surface *actual = platform_read_pixels(h->app->plat);
    if (!actual) {
        fprintf(stderr, "golden %s: cannot read pixels: %s\n", name, SDL_GetError());
        return -1;
    }
    long bad = -1;
    SDL_Surface *raw = IMG_Load(path);
    SDL_Surface *gold = raw ? SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_RGBA32, 0) : NULL;
    if (!gold) {
        fprintf(stderr, "golden %s: cannot load %s (%s); run with KIOSK_UPDATE_GOLDEN=1\n", name,
                path, IMG_GetError());
    } else if (gold->w != actual->w || gold->h != actual->h) {
        fprintf(stderr, "golden %s: size %dx%d, frame %dx%d\n", name, gold->w, gold->h, actual->w,
                actual->h);
    } else {
        bad = 0;
        for (int y = 0; y < actual->h; y++) {
            const Uint8 *a = (const Uint8 *)actual->pixels + y * actual->pitch;
            const Uint8 *g = (const Uint8 *)gold->pixels + y * gold->pitch;
            for (int x = 0; x < actual->w * 4; x += 4) {
                int d = 0;
                for (int k = 0; k < 3; k++) {
                    int v = abs((int)a[x + k] - (int)g[x + k]);
                    d = v > d ? v : d;
                }
                bad += d > H_GOLDEN_LEVELS;
            }
        }
    }
    SDL_FreeSurface(raw);
    SDL_FreeSurface(gold);
    if (actual_out)
        *actual_out = actual;
    else
        SDL_FreeSurface(actual);
    return bad;
}

long h_golden_diff(struct harness *h, const char *name)
{
    return golden_diff(h, name, NULL);
}

bool h_golden(struct harness *h, const char *name)
{
    char dir[512], path[700], err_path[700];
    h_test_path("ui/golden", dir, sizeof dir);
    snprintf(path, sizeof path, "%s/%s.png", dir, name);
    snprintf(err_path, sizeof err_path, "%s/%s_err.png", dir, name);
    const char *upd = getenv("KIOSK_UPDATE_GOLDEN");
    if (upd && upd[0] == '1') {
        app_invalidate(h->app);
        h_pump(h);
        SDL_Surface *actual = platform_read_pixels(h->app->plat);
        if (!actual) {
            fprintf(stderr, "golden %s: cannot read pixels: %s\n", name, SDL_GetError());
            return false;
        }
        bool ok = save_png(actual, path);
        SDL_FreeSurface(actual);
        remove(err_path);
        return ok;
    }
    SDL_Surface *actual = NULL;
    long bad = golden_diff(h, name, &actual);
    bool ok = bad >= 0 && bad <= H_GOLDEN_MAX_PIXELS;
    if (bad > H_GOLDEN_MAX_PIXELS)
        fprintf(stderr,
                "golden %s: %ld pixels differ by more than %d levels (limit %d); wrote %s\n", name,
                bad, H_GOLDEN_LEVELS, H_GOLDEN_MAX_PIXELS, err_path);
    if (ok)
        remove(err_path);
    else if (actual)
        save_png(actual, err_path);
    SDL_FreeSurface(actual);
    return ok;
}

struct h_query {
    enum ui_wkind kind;
    const char *text;   /* exact match */
    const char *needle; /* substring */
    bool found;
    struct ui_rect r;
    int count;
    char *out;
    size_t out_len;
    bool want_clipped;
    bool want_value;
};

static void query_fn(void *user, const struct automation_item *it, const char *text)
{
    struct h_query *q = user;
    if (q->want_clipped) {
        if (it->clipped) {
            if (q->count == 0 && q->out)
                snprintf(q->out, q->out_len, "%s: %s", automation_kind_name(it->kind), text);
            q->count++;
        }
        return;
    }
    if (q->kind && it->kind != q->kind)
        return;
    if (q->text && strcmp(text, q->text) == 0 && !q->found) {
        q->found = true;
        q->r = it->r;
        if (q->want_value && q->out)
            snprintf(q->out, q->out_len, "%.*s", (int)it->value_len, it->value ? it->value : "");
    }
    if (q->needle && strstr(text, q->needle))
        q->count++;
}

bool h_find(struct harness *h, enum ui_wkind kind, const char *text, struct ui_rect *out)
{
    struct h_query q = {.kind = kind, .text = text};
    automation_walk(&h->app->ui, query_fn, &q);
    if (q.found && out)
        *out = q.r;
    return q.found;
}

bool h_touch(struct harness *h, enum ui_wkind kind, const char *text)
{
    struct ui_rect r;
    if (!h_find(h, kind, text, &r))
        return false;
    h_finger(h, r.x + r.w / 2, r.y + r.h / 2);
    return true;
}

bool h_osk_type(struct harness *h, const char *s)
{
    for (const char *p = s; *p; p++) {
        char k[2] = {*p, 0};
        if (!h_touch(h, UI_W_KEY, *p == ' ' ? "Space" : k))
            return false;
    }
    return true;
}

int h_count(struct harness *h, enum ui_wkind kind, const char *needle)
{
    struct h_query q = {.kind = kind, .needle = needle};
    automation_walk(&h->app->ui, query_fn, &q);
    return q.count;
}

const char *h_field_value(struct harness *h, const char *label, char *buf, size_t len)
{
    buf[0] = 0;
    struct h_query q = {
        .kind = UI_W_FIELD, .text = label, .want_value = true, .out = buf, .out_len = len};
    automation_walk(&h->app->ui, query_fn, &q);
    return buf;
}

int h_clipped(struct harness *h, char *first, size_t len)
{
    if (first && len)
        first[0] = 0;
    struct h_query q = {.want_clipped = true, .out = first, .out_len = len};
    automation_walk(&h->app->ui, query_fn, &q);
    return q.count;
}

void h_shot(struct harness *h, const char *name)
{
    const char *dir = getenv("KIOSK_TEST_SHOTS");
    if (!dir || !dir[0])
        return;
    app_invalidate(h->app);
    h_pump(h);
    SDL_Surface *s = platform_read_pixels(h->app->plat);
    if (!s)
        return;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.png", dir, name);
    save_png(s, path);
    SDL_FreeSurface(s);
}
