/* The application shell: startup (platform, store, demo data, scanners), the
 * screen stack, the chrome around every screen (title bar, clock, sign-out,
 * messages), idle lock, scan routing from driver threads through SDL user
 * events, and the event-driven main loop (render only when the frame
 * changed; wake once a second for the clock). */
#include "ui/app.h"

#include "core/audit.h"
#include "core/tz.h"

#include "core/kiosk_err.h"
#include "ui/automation.h"

#include <sodium.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const struct screen *const screens[SCREEN_COUNT] = {
    [SCREEN_SIGNIN] = &screen_signin,
    [SCREEN_HOME] = &screen_home,
    [SCREEN_INTAKE] = &screen_intake,
    [SCREEN_SCAN] = &screen_scan,
    [SCREEN_IDRESULT] = &screen_idresult,
    [SCREEN_MANUALID] = &screen_manualid,
    [SCREEN_KNOWN] = &screen_known,
    [SCREEN_IAQ] = &screen_iaq,
    [SCREEN_REVIEW] = &screen_review,
    [SCREEN_DONE] = &screen_done,
    [SCREEN_CONSULAR] = &screen_consular,
    [SCREEN_BOARD] = &screen_board,
    [SCREEN_DETAIL] = &screen_detail,
    [SCREEN_COMMS] = &screen_comms,
    [SCREEN_COMMS_ITEM] = &screen_comms_item,
    [SCREEN_BACKLOG] = &screen_backlog,
    [SCREEN_USERS] = &screen_users,
    [SCREEN_AUDIT] = &screen_audit,
    [SCREEN_SETTINGS] = &screen_settings,
    [SCREEN_HELP] = &screen_help,
    [SCREEN_NATIONALITY] = &screen_nationality,
    [SCREEN_AFTER] = &screen_after,
    [SCREEN_NATLATER] = &screen_natlater,
    [SCREEN_FIND] = &screen_find,
    [SCREEN_SUPERSEDE] = &screen_supersede,
    [SCREEN_HISTORY] = &screen_history,
    [SCREEN_SHIFT] = &screen_shift,
    [SCREEN_PERIOD] = &screen_period,
};

/* Demo users: fictional, created only in a --demo database. */
static const struct {
    const char *badge, *name, *pin;
    enum auth_role role;
} demo_users[] = {
    {"4411", "Dep. Jordan Doe", "482915", AUTH_ROLE_DEPUTY},
    {"5120", "Comms Riley Roe", "739204", AUTH_ROLE_COMMS},
    {"6001", "Sgt. Alex Smith", "615283", AUTH_ROLE_SUPERVISOR},
    {"7001", "Adm. Morgan Major", "902741", AUTH_ROLE_ADMIN},
    {"8001", "Aud. Kim Kay", "358170", AUTH_ROLE_AUDITOR},
};

kiosk_ms_t app_now(const struct app *a)
{
    return clock_now(&a->clock);
}

const char *app_screen_name(const struct app *a)
{
    return screens[app_top(a)]->title;
}

enum screen_id app_top(const struct app *a)
{
    return a->depth > 0 ? a->stack[a->depth - 1] : SCREEN_SIGNIN;
}

void app_push(struct app *a, enum screen_id s)
{
    ui_expect(a->npending_push < 4);
    a->pending_push[a->npending_push++] = s;
}

void app_pop(struct app *a)
{
    a->pending_pop++;
}

void app_go_home(struct app *a)
{
    a->pending_home = true;
}

void app_sign_out(struct app *a)
{
    a->pending_signout = true;
}

bool app_has_role(const struct app *a, unsigned roles)
{
    return a->signed_in && (roles == 0 || (a->actor.role & roles) != 0);
}

void app_invalidate(struct app *a)
{
    a->redraw = true;
}

void app_toast(struct app *a, enum theme_status kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->toast, sizeof a->toast, fmt, ap);
    va_end(ap);
    a->toast_kind = kind;
    a->toast_until = app_now(a) + 6000;
}

void app_format_age(kiosk_ms_t ms, char *buf, size_t len)
{
    if (ms < 0)
        ms = 0;
    long min = (long)(ms / KIOSK_MS_PER_MIN);
    if (min < 60)
        snprintf(buf, len, "%ld min", min);
    else if (min < 48 * 60)
        snprintf(buf, len, "%ld h %02ld min", min / 60, min % 60);
    else
        snprintf(buf, len, "%ld d %ld h", min / 1440, (min % 1440) / 60);
}

/* The kiosk's time zone for every time shown (issue 10: the setting, not
 * the machine's TZ); refreshed on each new flow. */
static char shown_zone[TZ_NAME_MAX] = TZ_DEFAULT;

void app_format_time(kiosk_ms_t t, bool with_date, char *buf, size_t len)
{
    char local[TZ_LOCAL_LEN];
    tz_format_local(shown_zone, t, local, sizeof local);
    /* "YYYY-MM-DD hh:mm ZZZ" */
    snprintf(buf, len, "%.31s", with_date || strlen(local) < 11 ? local : local + 11);
}

const char *app_zone(void)
{
    return shown_zone;
}

void app_flow_reset(struct app *a)
{
    if (a->st)
        tz_store_zone(a->st, shown_zone, sizeof shown_zone);
    json_decref(a->flow.doc);
    memset(&a->flow, 0, sizeof a->flow);
    memset(&a->cosigner, 0, sizeof a->cosigner);
}

static void screen_enter(struct app *a, enum screen_id s)
{
    a->ui.id_seed = (uint32_t)s * 7919u;
    a->ui.focus = 0;
    SDL_Window *win = a->plat ? platform_window(a->plat) : NULL;
    if (win) {
        /* The window title names the screen (desk users, and the end-to-end
         * test waits on it). */
        char title[96];
        snprintf(title, sizeof title, "booking-kiosk \xe2\x80\x94 %s", screens[s]->title);
        SDL_SetWindowTitle(win, title);
    }
    if (screens[s]->enter)
        screens[s]->enter(a);
}

static void screen_leave(struct app *a, enum screen_id s)
{
    if (screens[s]->leave)
        screens[s]->leave(a);
}

static void stack_clear(struct app *a)
{
    while (a->depth > 0)
        screen_leave(a, a->stack[--a->depth]);
}

static void stack_push_now(struct app *a, enum screen_id s)
{
    if (screens[s]->roles && !app_has_role(a, screens[s]->roles)) {
        app_toast(a, THEME_BAD, "Your role may not open %s.", screens[s]->title);
        return;
    }
    ui_expect(a->depth < APP_STACK_MAX);
    a->stack[a->depth++] = s;
    screen_enter(a, s);
}

void app_signed_in(struct app *a, const struct auth_actor *actor)
{
    bool resume = a->locked_badge[0] && strcmp(a->locked_badge, actor->badge) == 0;
    a->actor = *actor;
    a->signed_in = true;
    a->last_input = app_now(a);
    store_settings_get(a->st, &a->settings);
    if (resume && a->depth > 1) {
        /* Same user back after an idle lock: pop the lock screen. */
        a->locked_badge[0] = 0;
        app_pop(a);
        return;
    }
    a->locked_badge[0] = 0;
    a->pending_home = true;
}

static void apply_pending(struct app *a)
{
    if (a->pending_signout || a->pending_home || a->pending_pop || a->npending_push)
        a->nav_changed = true;
    if (a->pending_signout) {
        a->pending_signout = false;
        a->signed_in = false;
        a->osk = a->osk_default; /* the next user starts with the kiosk's default */
        memset(&a->actor, 0, sizeof a->actor);
        a->locked_badge[0] = 0;
        stack_clear(a);
        app_flow_reset(a);
        stack_push_now(a, SCREEN_SIGNIN);
        a->npending_push = 0;
        a->pending_pop = 0;
        a->pending_home = false;
    }
    if (a->pending_home) {
        a->pending_home = false;
        stack_clear(a);
        app_flow_reset(a);
        stack_push_now(a, SCREEN_HOME);
    }
    while (a->pending_pop > 0) {
        a->pending_pop--;
        if (a->depth <= 1)
            break;
        screen_leave(a, a->stack[--a->depth]);
        screen_enter(a, a->stack[a->depth - 1]);
    }
    a->pending_pop = 0;
    for (int i = 0; i < a->npending_push; i++)
        stack_push_now(a, a->pending_push[i]);
    a->npending_push = 0;
}

/* The bar above every screen: title, who is signed in, the clock, Back,
 * Home, Keyboard, Sign out. */
static struct ui_rect draw_chrome(struct app *a)
{
    struct ui_ctx *c = &a->ui;
    const struct theme *t = theme_get();
    struct ui_rect all = ui_rect(0, 0, c->width, c->height);
    ui_fill(c, all, t->bg);
    int pad = theme_pad(c);
    int bar_h = theme_row_h(c) + 2 * pad;
    struct ui_rect bar = ui_cut_top(&all, bar_h);
    ui_fill(c, bar, t->panel);
    ui_line(c, bar.x, bar.y + bar.h - 1, bar.x + bar.w, bar.y + bar.h - 1, t->border, 1);
    struct ui_rect row = ui_inset(bar, pad);
    enum screen_id top = app_top(a);
    bool locked = top == SCREEN_SIGNIN;

    char clock[32];
    app_format_time(app_now(a), true, clock, sizeof clock);
    int cw = ui_text_w(c, UI_FONT_BOLD, clock);
    struct ui_rect cr = ui_cut_right(&row, cw + pad);
    int clock_y = cr.y + (cr.h - ui_font_h(c, UI_FONT_BOLD)) / 2;
    if (a->opts.demo) {
        /* Demo mode is always visible: under the clock. */
        clock_y = cr.y;
        const char *d = "DEMO \xe2\x80\x94 fictional";
        ui_text(c, cr.x + cr.w - ui_text_w(c, UI_FONT_SMALL, d),
                cr.y + cr.h - ui_font_h(c, UI_FONT_SMALL), UI_FONT_SMALL, t->warn, d);
    }
    ui_text(c, cr.x + pad, clock_y, UI_FONT_BOLD, t->text, clock);
    int bw = ui_px(c, 150);
    if (!locked && a->signed_in) {
        if (w_button(c, ui_cut_right(&row, bw), "Sign out", W_NORMAL))
            app_sign_out(a);
        ui_cut_right(&row, pad);
        /* Never takes focus: the field being typed into keeps it. Only
         * where there is something to type into, or keys to put away (the
         * frame before's fields and keys; run_frame draws again when they
         * change); the place stays, so the buttons beside it do not move. */
        struct ui_rect kr = ui_cut_right(&row, bw);
        bool keys_up = a->osk && c->keyboards_prev > 0;
        if ((c->fields_prev > 0 || keys_up) &&
            w_button_nofocus(c, kr, a->osk ? "Hide keys" : "Keyboard", W_NORMAL))
            a->osk = !a->osk;
        ui_cut_right(&row, pad);
        if (top != SCREEN_HOME) {
            if (w_button(c, ui_cut_right(&row, ui_px(c, 110)), "Home", W_NORMAL))
                app_go_home(a);
            ui_cut_right(&row, pad);
        }
        if (a->depth > 1 && top != SCREEN_DONE) {
            if (w_button(c, ui_cut_left(&row, ui_px(c, 130)), "\xe2\x97\x80 Back", W_NORMAL))
                app_pop(a);
            ui_cut_left(&row, pad);
        }
    }
    /* Toasts go here, over the title, never over a button or the body. */
    a->toast_rect = row;
    const char *title = screens[top]->title;
    ui_text(c, row.x, row.y + (row.h - ui_font_h(c, UI_FONT_LARGE)) / 2, UI_FONT_LARGE, t->text,
            title);
    if (!locked && a->signed_in) {
        char who[128];
        snprintf(who, sizeof who, "%s \xc2\xb7 %s", a->actor.name, auth_role_name(a->actor.role));
        int tw = ui_text_w(c, UI_FONT_LARGE, title);
        int ww = ui_text_w(c, UI_FONT_SMALL, who);
        if (row.w - tw - 2 * pad > ww)
            ui_text(c, row.x + row.w - ww, row.y + (row.h - ui_font_h(c, UI_FONT_SMALL)) / 2,
                    UI_FONT_SMALL, t->text_dim, who);
    }
    return ui_inset(all, pad);
}

static void draw_toast(struct app *a)
{
    struct ui_ctx *c = &a->ui;
    if (!a->toast[0] || app_now(a) > a->toast_until)
        return;
    /* In the title bar between its buttons (two lines wrap there), so it
     * never covers a button or what the person is reading. */
    struct ui_rect r = a->toast_rect;
    ui_unclip(c);
    ui_fill(c, r, theme_status_bg(a->toast_kind));
    const char *icon = theme_status_icon(a->toast_kind);
    int pad = ui_px(c, 6);
    int iw = ui_text_w(c, UI_FONT_BOLD, icon);
    int one = ui_text_w(c, UI_FONT_BOLD, a->toast) <= r.w - 3 * pad - iw;
    enum ui_font f = one ? UI_FONT_BOLD : UI_FONT_SMALL;
    int lines = one ? 1 : 2;
    int th = lines * ui_font_h(c, f);
    ui_text(c, r.x + pad, r.y + (r.h - ui_font_h(c, UI_FONT_BOLD)) / 2, UI_FONT_BOLD,
            theme_status_fg(a->toast_kind), icon);
    w_label_wrap(c, ui_rect(r.x + 2 * pad + iw, r.y + (r.h - th) / 2, r.w - 3 * pad - iw, th), f,
                 theme_status_fg(a->toast_kind), a->toast);
}

static void run_frame(struct app *a, const struct ui_input *in)
{
    struct ui_ctx *c = &a->ui;
    ui_begin(c, in);
    struct ui_rect body = draw_chrome(a);
    enum screen_id top = app_top(a);
    screens[top]->frame(a, body);
    /* Esc goes back when no widget used it. */
    if (ui_key(c, UI_KEY_ESCAPE) && a->depth > 1 && top != SCREEN_SIGNIN && top != SCREEN_DONE)
        app_pop(a);
    app_draw_security_alert(a);
    draw_toast(a);
    if (c->fields_n != c->fields_prev || c->keyboards_n != c->keyboards_prev)
        a->nav_changed = true; /* the title bar's keyboard button follows: again */
    a->field_focused = c->focus_text != NULL;
    /* A finger on a text field (or any tap on a full-screen touch kiosk)
     * brings up the on-screen keys; the field keeps the focus. */
    if (c->field_pressed && (c->in.touch || a->osk_default))
        a->osk = true;
    if (c->in.paste_refused)
        app_toast(a, THEME_WARN,
                  "The copied text is longer than %d characters; nothing was pasted.",
                  UI_INPUT_TEXT_MAX - 1);
    if (c->text_refused[0]) {
        /* Named by code point: the fonts may not draw the character. */
        const unsigned char *u = (const unsigned char *)c->text_refused;
        unsigned cp = u[0];
        if ((u[0] & 0xE0) == 0xC0)
            cp = (unsigned)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
        else if ((u[0] & 0xF0) == 0xE0)
            cp = (unsigned)(u[0] & 0x0F) << 12 | (unsigned)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
        else if ((u[0] & 0xF8) == 0xF0)
            cp = (unsigned)(u[0] & 0x07) << 18 | (unsigned)(u[1] & 0x3F) << 12 |
                 (unsigned)(u[2] & 0x3F) << 6 | (u[3] & 0x3F);
        app_toast(a, THEME_WARN,
                  "A character (U+%04X) has no form in A\xe2\x80\x93Z and was left out.", cp);
    }
    ui_end(c);
    apply_pending(a);
}

static void idle_check(struct app *a)
{
    if (!a->signed_in)
        return;
    kiosk_ms_t now = app_now(a);
    kiosk_ms_t idle = (kiosk_ms_t)(a->settings.idle_lock_min > 0 ? a->settings.idle_lock_min : 3) *
                      KIOSK_MS_PER_MIN;
    kiosk_ms_t reauth = (kiosk_ms_t)(a->settings.reauth_hours > 0 ? a->settings.reauth_hours : 12) *
                        KIOSK_MS_PER_HOUR;
    if (now - a->last_input >= idle || now - a->actor.signed_in >= reauth) {
        /* Hide everything; the same user may resume where they were. */
        snprintf(a->locked_badge, sizeof a->locked_badge, "%s", a->actor.badge);
        a->signed_in = false;
        memset(&a->actor, 0, sizeof a->actor);
        a->signin.idle_locked = true;
        a->osk = a->osk_default;
        if (now - a->last_input < idle)
            a->locked_badge[0] = 0; /* 12 h re-authentication: start over */
        stack_push_now(a, SCREEN_SIGNIN);
        app_invalidate(a);
    }
}

static void route_scan(struct app *a, const struct scan_event *ev)
{
    a->last_input = app_now(a);
    const struct screen *s = screens[app_top(a)];
    if (s->scan && s->scan(a, ev))
        return;
    app_toast(a, THEME_INFO,
              "A barcode was read, but this screen does not need one. Nothing was recorded.");
}

/* The shortest wedge barcode taken for a scan: a person typing with no
 * field focused makes one-character "barcodes" (each ended by the gap),
 * which are dropped. */
#define WEDGE_MIN 4

static uint64_t sdl_ms_to_ns(uint32_t ms)
{
    return (uint64_t)ms * 1000000u;
}

/* Routes a barcode the wedge assembly finished (rc from wedge_feed or
 * wedge_poll), then wipes the copy. */
static void wedge_done(struct app *a, int rc, struct scan_event *se)
{
    if (rc == 1 && se->length >= WEDGE_MIN) {
        snprintf(se->source, sizeof se->source, "wedge");
        route_scan(a, se);
        apply_pending(a);
        app_invalidate(a);
    } else if (rc == KIOSK_ERR_FULL) {
        app_toast(a, THEME_BAD, "A barcode typed by a scanner was too long and was dropped.");
    }
    sodium_memzero(se, sizeof *se);
    /* The finished barcode's bytes stay in the assembly buffer past the
     * symbols of the next one: wipe them. */
    sodium_memzero(a->wedge.buf + a->wedge.len, sizeof a->wedge.buf - a->wedge.len);
}

/* Ends a wedge barcode whose inter-key gap has passed by now (SDL ticks). */
static void wedge_check(struct app *a, uint32_t now_ms)
{
    struct scan_event se;
    int rc = wedge_poll(&a->wedge, sdl_ms_to_ns(now_ms), &se);
    if (rc != 0)
        wedge_done(a, rc, &se);
}

/* True while the pending wedge bytes may be the start of an AAMVA payload
 * ("@" LF RS CR "ANSI " ...): a scanner types its LF and CR as Enter, which
 * there is data, not the suffix (wedge.h: the AAMVA hint). */
static bool wedge_in_aamva(const struct wedge *w)
{
    if (w->len == 0 || w->buf[0] != '@')
        return false;
    return w->len < 9 || (wedge_hints(w->buf, w->len) & WEDGE_HINT_AAMVA) != 0;
}

/* The wedge symbol of a key press: Enter (the suffix), the control bytes
 * scanners type as Ctrl+letter (Ctrl+J = LF, Ctrl+M = CR) or Ctrl+^ (RS),
 * Tab; -1 for other keys. */
static int wedge_key_sym(const SDL_Keysym *k)
{
    if (k->sym == SDLK_RETURN || k->sym == SDLK_KP_ENTER)
        return HIDKBD_SYM_ENTER;
    if (k->sym == SDLK_TAB && !(k->mod & (KMOD_CTRL | KMOD_ALT)))
        return 0x09;
    if (!(k->mod & KMOD_CTRL) || (k->mod & KMOD_ALT))
        return -1;
    if (k->sym >= SDLK_a && k->sym <= SDLK_z)
        return (int)(k->sym - SDLK_a) + 1;
    if (k->sym == SDLK_6 || k->sym == SDLK_CARET)
        return 0x1e;
    return -1;
}

/* Feeds SDL text and key input to the shared wedge assembly while no text
 * field has focus (drivers/hidkbd/wedge.h: the same prefix/suffix and gap
 * rules as the libusb keyboard driver). A barcode ends on the inter-key gap,
 * or on Enter unless the bytes so far are an AAMVA payload, where Enter is
 * a typed LF/CR and goes in as CR. True when ev was used up (a key that
 * belonged to a burst); text input is never used up (no field wants it). */
static bool wedge_take(struct app *a, const SDL_Event *ev)
{
    if (ev->type != SDL_TEXTINPUT && ev->type != SDL_KEYDOWN)
        return false;
    if (a->field_focused) {
        if (wedge_reset(&a->wedge))
            sodium_memzero(a->wedge.buf, sizeof a->wedge.buf);
        return false;
    }
    uint32_t t = ev->common.timestamp;
    wedge_check(a, t);
    struct scan_event se;
    int rc;
    if (ev->type == SDL_TEXTINPUT) {
        for (const char *p = ev->text.text; *p; p++) {
            rc = wedge_feed(&a->wedge, (unsigned char)*p, sdl_ms_to_ns(t), &se);
            if (rc != 0)
                wedge_done(a, rc, &se);
        }
        return false;
    }
    int sym = wedge_key_sym(&ev->key.keysym);
    if (sym < 0 || a->wedge.len == 0)
        return false; /* not typed by a scanner mid-barcode: the UI's key */
    if (sym == HIDKBD_SYM_ENTER && wedge_in_aamva(&a->wedge))
        sym = 0x0d;
    rc = wedge_feed(&a->wedge, sym, sdl_ms_to_ns(t), &se);
    if (rc != 0)
        wedge_done(a, rc, &se);
    return true;
}

static void handle_event(struct app *a, SDL_Event *ev)
{
    if (ev->type == SDL_QUIT) {
        a->quit = true;
        return;
    }
    if (app_hub_event(a, ev))
        return;
    if (ev->type == a->scan_event_type) {
        struct scan_event *se = ev->user.data1;
        if (se) {
            route_scan(a, se);
            sodium_memzero(se, sizeof *se); /* the payload copy */
            free(se);
            apply_pending(a);
        }
        return;
    }
    if (wedge_take(a, ev))
        return;
    struct ui_input in;
    bool resized = false;
    if (platform_translate(a->plat, ev, &in, &resized)) {
        a->last_input = app_now(a);
        run_frame(a, &in);
    }
    if (resized) {
        platform_size(a->plat, &a->ui.width, &a->ui.height, &a->ui.scale);
        app_invalidate(a);
    }
}

bool app_pump(struct app *a)
{
    SDL_Event ev;
    while (SDL_PollEvent(&ev))
        handle_event(a, &ev);
    if (wedge_deadline(&a->wedge))
        wedge_check(a, SDL_GetTicks());
    idle_check(a);
    /* A frame that navigated drew the old screen: draw until stable (a
     * screen may navigate from its first frame, hence the bound). */
    for (int i = 0; i < 4; i++) {
        a->nav_changed = false;
        run_frame(a, NULL);
        if (!a->nav_changed)
            break;
    }
    uint64_t h = ui_frame_hash(&a->ui);
    if (h == a->last_hash && !a->redraw)
        return false;
    platform_render(a->plat, &a->ui);
    a->last_hash = h;
    a->redraw = false;
    a->frames_rendered++;
    return true;
}

/* Waits up to timeout ms for an event. X11 and Wayland windows block in the
 * kernel; SDL's other drivers (offscreen, dummy, KMSDRM in SDL 2.26) would
 * poll every millisecond inside SDL_WaitEventTimeout, so poll at 100 Hz
 * instead (10 ms worst-case input latency, far less CPU). */
static bool wait_event(struct app *a, SDL_Event *ev, int timeout)
{
    if (a->can_block)
        return SDL_WaitEventTimeout(ev, timeout) == 1;
    int waited = 0;
    for (;;) {
        if (SDL_PollEvent(ev))
            return true;
        if (waited >= timeout)
            return false;
        int d = timeout - waited < 10 ? timeout - waited : 10;
        SDL_Delay((Uint32)d);
        waited += d;
    }
}

void app_step(struct app *a, int max_wait_ms)
{
    /* Sleep until an event or the next whole second (clock, idle lock). */
    kiosk_ms_t now = app_now(a);
    int timeout = (int)(1000 - now % 1000);
    if (timeout < 10)
        timeout = 10;
    if (timeout > max_wait_ms)
        timeout = max_wait_ms;
    if (a->automation && timeout > 20)
        timeout = 20; /* answer tree requests promptly (demo only) */
    uint64_t wd = wedge_deadline(&a->wedge);
    if (wd) {
        /* Wake when a pending wedge barcode's gap has passed. */
        uint64_t now_ns = sdl_ms_to_ns(SDL_GetTicks());
        int left = wd > now_ns ? (int)((wd - now_ns) / 1000000u) + 1 : 0;
        if (left < timeout)
            timeout = left;
    }
    SDL_Event ev;
    if (wait_event(a, &ev, timeout))
        handle_event(a, &ev);
    app_pump(a);
    automation_poll(a->automation, &a->ui, app_screen_name(a));
}

int app_run(struct app *a)
{
    app_pump(a);
    while (!a->quit)
        app_step(a, 1000);
    return 0;
}

/* Scanner callback, on the driver's thread: copy and hand to the UI thread. */
static void on_scan(const struct scan_event *ev, void *user)
{
    struct app *a = user;
    struct scan_event *copy = malloc(sizeof *copy);
    if (!copy)
        return;
    memcpy(copy, ev, sizeof *copy);
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = a->scan_event_type;
    e.user.data1 = copy;
    if (SDL_PushEvent(&e) != 1) {
        sodium_memzero(copy, sizeof *copy);
        free(copy);
    }
}

static void on_scan_status(const char *source, int err, const char *message, void *user)
{
    (void)user;
    /* Driver messages never contain barcode data. */
    if (err < 0)
        fprintf(stderr, "booking-kiosk: scanner %s: %s\n", source, message);
}

int app_inject_scan(struct app *a, const char *source, const unsigned char *data, size_t len)
{
    if (len > SCAN_DATA_MAX)
        return KIOSK_ERR_INVALID;
    struct scan_event *ev = calloc(1, sizeof *ev);
    if (!ev)
        return KIOSK_ERR_NOMEM;
    snprintf(ev->source, sizeof ev->source, "%s", source);
    ev->symbology = SCAN_SYM_PDF417;
    memcpy(ev->data, data, len);
    ev->length = len;
    ev->t_ns = scanner_now_ns();
    on_scan(ev, a);
    sodium_memzero(ev, sizeof *ev);
    free(ev);
    return 0;
}

int app_demo_scan(struct app *a, const char *file)
{
    char path[1024];
    unsigned char buf[SCAN_DATA_MAX + 4];
    snprintf(path, sizeof path, "%s/demo/%s", a->assets, file);
    FILE *f = fopen(path, "rb");
    if (!f)
        return KIOSK_ERR_NOT_FOUND;
    size_t n = fread(buf + 4, 1, SCAN_DATA_MAX, f);
    fclose(f);
    if (a->demo_fifo_fd < 0) {
        int rc = app_inject_scan(a, "sim:tray", buf + 4, n);
        sodium_memzero(buf, sizeof buf);
        return rc;
    }
    buf[0] = (unsigned char)(n >> 24);
    buf[1] = (unsigned char)(n >> 16);
    buf[2] = (unsigned char)(n >> 8);
    buf[3] = (unsigned char)n;
    ssize_t w = write(a->demo_fifo_fd, buf, n + 4);
    sodium_memzero(buf, sizeof buf);
    return w == (ssize_t)(n + 4) ? 0 : KIOSK_ERR_IO;
}

static int demo_setup(struct app *a, char *err, size_t len)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(a->demo_dir, sizeof a->demo_dir, "%s/booking-kiosk-demo-XXXXXX", tmp ? tmp : "/tmp");
    if (!mkdtemp(a->demo_dir)) {
        snprintf(err, len, "cannot create a demo folder: %s", strerror(errno));
        a->demo_dir[0] = 0;
        return KIOSK_ERR_IO;
    }
    char db[512];
    if (a->opts.db_path) {
        /* --demo --db PATH: a fresh demo database kept at PATH (tests read it). */
        if (access(a->opts.db_path, F_OK) == 0) {
            snprintf(err, len, "--demo wants a fresh database; %s exists", a->opts.db_path);
            return KIOSK_ERR_USAGE;
        }
        snprintf(db, sizeof db, "%s", a->opts.db_path);
    } else {
        snprintf(db, sizeof db, "%s/kiosk.db", a->demo_dir);
    }
    char msg[256] = "";
    /* The demo's keys live in its temporary folder (or --key-dir). */
    char keys[300];
    snprintf(keys, sizeof keys, "%s/keys", a->demo_dir);
    int rc = store_open_keyed(db, a->opts.key_dir ? a->opts.key_dir : keys, &a->clock, true, &a->st,
                              msg, sizeof msg);
    if (rc != 0) {
        snprintf(err, len, "demo database: %s", msg[0] ? msg : kiosk_strerror(rc));
        return rc;
    }
    store_demo_use_minimum_pin_cost(a->st); /* throw-away fictional users */
    store_demo_use_clock_for_audit(a->st);
    struct auth_actor admin;
    rc = auth_actor_local_admin(a->st, NULL, &admin);
    for (size_t i = 0; rc == 0 && i < sizeof demo_users / sizeof demo_users[0]; i++)
        rc = auth_user_add(a->st, &admin, demo_users[i].badge, demo_users[i].name,
                           demo_users[i].role, demo_users[i].pin, NULL, msg, sizeof msg);
    /* Users or PINs added later in the demo (it may be kept with --db) get
     * the production cost. */
    store_demo_end_minimum_pin_cost(a->st);
    if (rc == 0)
        rc = store_setting_set(a->st, &admin, "desk_phone", "573-555-0142", msg, sizeof msg);
    if (rc == 0) /* a fictional ORI: an IAQ is not rendered without one (issue 10) */
        rc = store_setting_set(a->st, &admin, "ori", "MO0000000", msg, sizeof msg);
    if (rc != 0) {
        snprintf(err, len, "demo users: %s", msg[0] ? msg : kiosk_strerror(rc));
        return rc;
    }
    snprintf(a->demo_fifo, sizeof a->demo_fifo, "%s/scanner.fifo", a->demo_dir);
    if (mkfifo(a->demo_fifo, 0600) == 0) {
        char spec[320], e2[160];
        snprintf(spec, sizeof spec, "sim:%s", a->demo_fifo);
        if (a->nscanners < APP_SCANNERS_MAX &&
            scanner_open(spec, on_scan, on_scan_status, a, &a->scanners[a->nscanners], e2,
                         sizeof e2) == 0) {
            a->nscanners++;
            a->demo_fifo_fd = open(a->demo_fifo, O_RDWR | O_NONBLOCK | O_CLOEXEC);
        }
    }
    return 0;
}

int app_demo_user_count(void)
{
    return (int)(sizeof demo_users / sizeof demo_users[0]);
}

const char *app_demo_user_line(int i, char *buf, size_t len)
{
    snprintf(buf, len, "%-5s %-7s %s", demo_users[i].badge, demo_users[i].pin,
             auth_role_name(demo_users[i].role));
    return buf;
}

int app_create(const struct app_opts *opts, struct app **out, char *err, size_t len)
{
    int rc;
    struct app *a = calloc(1, sizeof *a);
    if (!a) {
        snprintf(err, len, "out of memory");
        return KIOSK_ERR_NOMEM;
    }
    a->opts = *opts;
    a->demo_fifo_fd = -1;
    struct wedge_config wc;
    wedge_config_default(&wc); /* Enter ends, 50 ms gap: as the libusb keyboard driver */
    wedge_init(&a->wedge, &wc);
    a->clock = opts->clock ? *opts->clock : clock_system();
    snprintf(a->assets, sizeof a->assets, "%s", opts->assets_dir);
    snprintf(a->printer_ini, sizeof a->printer_ini, "%s", opts->printer ? opts->printer : "");
    /* A full-screen kiosk is a touch screen: show the on-screen keyboard;
     * windowed (desks, demo) starts without it. */
    a->osk = !opts->windowed && !opts->offscreen;
    a->osk_default = a->osk;

    struct platform_opts po = {
        .width = opts->windowed || opts->offscreen ? opts->width : 0,
        .height = opts->windowed || opts->offscreen ? opts->height : 0,
        .offscreen = opts->offscreen,
        .software = opts->software,
        .assets_dir = a->assets,
        .title = "booking-kiosk",
        .display = opts->display,
    };
    struct ui_color palette[12];
    po.palette = palette;
    po.npalette = theme_text_palette(palette, 12);
    rc = platform_create(&po, &a->plat, err, len);
    if (rc != 0)
        goto fail;
    int w, h;
    float scale;
    platform_size(a->plat, &w, &h, &scale);
    const char *drv = platform_driver_name(a->plat);
    a->can_block =
        platform_window(a->plat) && (strcmp(drv, "x11") == 0 || strcmp(drv, "wayland") == 0);
    ui_init(&a->ui, platform_text_width, platform_text_height, a->plat, w, h, scale);
    a->scan_event_type = SDL_RegisterEvents(1);
    if (a->scan_event_type == (uint32_t)-1) {
        snprintf(err, len, "no SDL user event left");
        rc = KIOSK_ERR_INTERNAL;
        goto fail;
    }

    if (opts->demo) {
        rc = demo_setup(a, err, len);
        if (rc != 0)
            goto fail;
    } else {
        char path[1024], msg[256] = "";
        rc = store_default_path(opts->db_path, path, sizeof path);
        if (rc == 0)
            rc = store_open_keyed(path, opts->key_dir, &a->clock, true, &a->st, msg, sizeof msg);
        if (rc != 0) {
            snprintf(err, len, "database: %s", msg[0] ? msg : kiosk_strerror(rc));
            goto fail;
        }
        /* The whole keyed chain once per start (appends check only its
         * newest row and the head file); a failure raises the alarm bar. */
        int64_t bad = 0;
        audit_verify(a->st, NULL, &bad, NULL, msg, sizeof msg);
    }
    store_settings_get(a->st, &a->settings);
    for (int i = 0; i < opts->nscanners && a->nscanners < APP_SCANNERS_MAX; i++) {
        char e2[200];
        rc = scanner_open_cfg(opts->scanners[i], opts->scanner_cfg, on_scan, on_scan_status, a,
                              &a->scanners[a->nscanners], e2, sizeof e2);
        if (rc != 0) {
            snprintf(err, len, "scanner %s: %s", opts->scanners[i], e2);
            goto fail;
        }
        a->nscanners++;
    }
    if (opts->automation) {
        if (!opts->demo) {
            snprintf(err, len, "--automation is only allowed with --demo");
            rc = KIOSK_ERR_USAGE;
            goto fail;
        }
        rc = automation_open(opts->automation, &a->automation, err, len);
        if (rc != 0)
            goto fail;
    }
    if (!opts->no_sync && (rc = app_hub_start(a, err, len)) != 0)
        goto fail;
    stack_push_now(a, SCREEN_SIGNIN);
    a->last_input = app_now(a);
    *out = a;
    return 0;
fail:
    app_destroy(a);
    return rc ? rc : KIOSK_ERR_INTERNAL;
}

static void remove_demo_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    char path[1024];
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

void app_destroy(struct app *a)
{
    if (!a)
        return;
    automation_close(a->automation);
    app_hub_stop(a);
    app_hub_close_audio(a);
    for (int i = 0; i < a->nscanners; i++)
        scanner_close(a->scanners[i]);
    /* Scans still queued as SDL events own copies: free them. */
    if (a->plat && a->scan_event_type && a->scan_event_type != (uint32_t)-1) {
        SDL_Event ev;
        while (SDL_PeepEvents(&ev, 1, SDL_GETEVENT, a->scan_event_type, a->scan_event_type) == 1) {
            if (ev.user.data1)
                sodium_memzero(ev.user.data1, sizeof(struct scan_event));
            free(ev.user.data1);
        }
    }
    stack_clear(a);
    app_flow_reset(a);
    if (a->demo_fifo_fd >= 0)
        close(a->demo_fifo_fd);
    store_close(a->st);
    platform_destroy(a->plat);
    if (a->demo_dir[0])
        remove_demo_dir(a->demo_dir);
    /* Wedge bytes, the intake's display copies of the licence: wiped. */
    sodium_memzero(a, sizeof *a);
    free(a);
}

void app_draw_scan_tray(struct app *a, struct ui_rect r)
{
    if (!a->opts.demo)
        return;
    struct ui_ctx *c = &a->ui;
    const struct theme *t = theme_get();
    static const struct {
        const char *file, *label;
    } tray[] = {
        {"licence-valid-az.txt", "Valid licence"},  {"licence-expired.txt", "Expired licence"},
        {"licence-damaged.txt", "Damaged barcode"}, {"licence-canada-on.txt", "Canadian licence"},
        {"not-a-licence.txt", "Not a licence"},
    };
    ui_fill(c, r, t->banner);
    ui_frame(c, r, t->warn, 2);
    int pad = theme_pad(c);
    ui_text(c, r.x + pad, r.y + pad / 2, UI_FONT_BOLD, t->warn,
            "Simulate scan (demo, fictional licences):");
    struct ui_rect row = ui_rect(r.x + pad, r.y + pad / 2 + ui_font_h(c, UI_FONT_BOLD) + pad / 2,
                                 r.w - 2 * pad, theme_row_h(c));
    int n = (int)(sizeof tray / sizeof tray[0]);
    int bw = (row.w - (n - 1) * pad) / n;
    for (int i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/demo/%s", a->assets, tray[i].file);
        bool exists = access(path, R_OK) == 0;
        if (w_button_n(c, ui_rect(row.x + i * (bw + pad), row.y, bw, row.h), tray[i].label, 900 + i,
                       exists ? W_NORMAL : W_DISABLED)) {
            if (app_demo_scan(a, tray[i].file) != 0)
                app_toast(a, THEME_BAD, "Could not simulate that scan.");
        }
    }
}

int app_demo_tray_h(struct ui_ctx *c)
{
    return theme_row_h(c) + ui_font_h(c, UI_FONT_BOLD) + 2 * theme_pad(c);
}
