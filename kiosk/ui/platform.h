/* The platform layer of booking-kiosk: the only place that knows SDL video,
 * input and fonts. It opens the window (or an offscreen surface for tests),
 * translates SDL events into struct ui_input once, measures text, renders the
 * UI core's draw commands and reads the frame back for screenshots. */
#ifndef KIOSK_UI_PLATFORM_H
#define KIOSK_UI_PLATFORM_H

#include "ui/ui.h"

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>

struct platform;

struct platform_opts {
    int width, height;      /* windowed size; 0 = fullscreen desktop */
    bool offscreen;         /* render into a memory surface (tests, benchmarks) */
    bool software;          /* force the software renderer (deterministic pixels) */
    const char *assets_dir; /* folder holding fonts/ */
    /* Text colours drawn often (the theme's): glyph atlases are pre-coloured
     * for these, which the software renderer draws about twice as fast. */
    const struct ui_color *palette;
    int npalette;
    const char *title;
    /* The output to show on (kiosk.ini [display] output): an SDL display
     * index ("0") or a display name as SDL reports it; NULL or "" = the first. */
    const char *display;
};

/* Initialises SDL video (choosing KMSDRM when no X11/Wayland display exists
 * and SDL_VIDEODRIVER is unset), opens the window or surface, the renderer
 * and the fonts, and builds the glyph atlases. *out is freed with
 * platform_destroy(). Returns 0 or KIOSK_ERR_DEVICE / KIOSK_ERR_NOT_FOUND
 * (font missing) with a reason in err. */
int platform_create(const struct platform_opts *o, struct platform **out, char *err, size_t len);

/* Frees everything platform_create() made and quits SDL; NULL is fine. */
void platform_destroy(struct platform *p);

/* The drawable size in pixels and the layout scale (1.0 at 1280x720). */
void platform_size(const struct platform *p, int *w, int *h, float *scale);

/* Text measurement for the UI core (user = the platform). */
int platform_text_width(void *user, enum ui_font f, const char *s, size_t len);
int platform_text_height(void *user, enum ui_font f);

/* Translates one SDL event. Returns true and fills *in when the event is UI
 * input. A finger and the mouse event SDL synthesises for it count once
 * (synthesised mouse events are dropped). Window size changes set *resized. */
bool platform_translate(struct platform *p, const SDL_Event *ev, struct ui_input *in,
                        bool *resized);

/* Draws the commands of ctx and presents them. */
void platform_render(struct platform *p, const struct ui_ctx *ctx);

/* Copies the last rendered frame into a new RGBA32 surface (caller frees
 * with SDL_FreeSurface), or NULL with SDL_GetError(). */
SDL_Surface *platform_read_pixels(struct platform *p);

/* The SDL window (NULL offscreen). */
SDL_Window *platform_window(struct platform *p);

/* Name of the video driver and renderer in use ("x11", "software"). */
const char *platform_driver_name(const struct platform *p);
const char *platform_renderer_name(const struct platform *p);

#endif
