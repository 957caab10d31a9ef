/* SDL2 platform layer: window/renderer setup, event translation, glyph
 * atlases built once at start (so drawing text never allocates), and the
 * renderer for the UI core's command list. */
#include "ui/platform.h"

#include "core/kiosk_err.h"

#include <SDL_ttf.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Codepoints beyond Latin-1 the screens use as icons and punctuation. */
static const uint32_t extra_cps[] = {
    0x2714, 0x2716, 0x26A0, 0x25CF, 0x25B2, 0x25BC, 0x25C0, 0x25B6, 0x2013, 0x2014,
    0x2022, 0x232B, 0x21B5, 0x2190, 0x2192, 0x2026, 0x2018, 0x2019, 0x201C, 0x201D,
    0x2264, 0x2265, 0x25CB, 0x2191, 0x2193, 0x2139, 0x2605, 0x2302, 0x231A, 0x2212,
};
#define N_EXTRA  ((int)(sizeof extra_cps / sizeof extra_cps[0]))
#define N_GLYPHS (256 + N_EXTRA)
#define ATLAS_W  1024

struct glyph {
    SDL_Rect src; /* in the atlas; w == 0 = not drawable */
    int xoff;     /* draw offset from the pen */
    int adv;      /* advance */
};

#define PALETTE_MAX 12

struct font {
    TTF_Font *ttf;
    int height;
    SDL_Texture *atlas;                /* white glyphs, coloured by modulation */
    SDL_Texture *colored[PALETTE_MAX]; /* the same glyphs in each palette colour */
    struct glyph g[N_GLYPHS];
};

struct platform {
    SDL_Window *win;
    SDL_Surface *surface; /* offscreen target */
    SDL_Renderer *ren;
    int w, h;        /* drawable pixels */
    float pointer_k; /* drawable / window coordinates (HiDPI) */
    float scale;
    struct font fonts[UI_FONT_COUNT];
    struct ui_color palette[PALETTE_MAX];
    int npalette;
    bool ttf_up;
};

/* precolour: the font also gets one pre-coloured atlas per palette colour
 * (fast blending in the software renderer, see draw_text). Only the text
 * fonts that draw most glyphs per frame get them: an atlas grows with the
 * square of the size, and the copies of the three display sizes (primary
 * buttons, banners, the PIN and verdict lines: a few words a frame) held
 * 25 MB at 1920x1080; those are drawn by colour modulation instead. */
static const struct {
    const char *file;
    int size; /* at scale 1.0 */
    bool precolour;
} font_specs[UI_FONT_COUNT] = {
    [UI_FONT_SMALL] = {"DejaVuSans.ttf", 17, true},
    [UI_FONT_BODY] = {"DejaVuSans.ttf", 21, true},
    [UI_FONT_BOLD] = {"DejaVuSans-Bold.ttf", 21, true},
    [UI_FONT_LARGE] = {"DejaVuSans-Bold.ttf", 30, false},
    [UI_FONT_HUGE] = {"DejaVuSans-Bold.ttf", 52, false},
    [UI_FONT_MONO] = {"DejaVuSansMono.ttf", 21, true},
    [UI_FONT_MONO_LARGE] = {"DejaVuSansMono.ttf", 28, false},
};

static int glyph_index(uint32_t cp)
{
    if (cp < 256)
        return (int)cp;
    for (int i = 0; i < N_EXTRA; i++)
        if (extra_cps[i] == cp)
            return 256 + i;
    return '?';
}

/* ASCII, the Latin-1 signs the screens use, and the extras. Names reach the
 * screen in NCIC form (ASCII): the core transliterates them. */
static bool glyph_wanted(int i)
{
    if (i >= 32 && i < 127)
        return true;
    if (i < 256)
        return i == 0xB7 || i == 0xB0 || i == 0xA7;
    return true;
}

static uint32_t glyph_cp(int i)
{
    return i < 256 ? (uint32_t)i : extra_cps[i - 256];
}

/* Decodes one UTF-8 sequence at s (len bytes left); returns its length. */
static size_t utf8_next(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    if ((u[0] & 0xe0) == 0xc0 && len >= 2) {
        *cp = (uint32_t)(u[0] & 0x1f) << 6 | (u[1] & 0x3f);
        return 2;
    }
    if ((u[0] & 0xf0) == 0xe0 && len >= 3) {
        *cp = (uint32_t)(u[0] & 0x0f) << 12 | (uint32_t)(u[1] & 0x3f) << 6 | (u[2] & 0x3f);
        return 3;
    }
    if ((u[0] & 0xf8) == 0xf0 && len >= 4) {
        *cp = (uint32_t)(u[0] & 0x07) << 18 | (uint32_t)(u[1] & 0x3f) << 12 |
              (uint32_t)(u[2] & 0x3f) << 6 | (u[3] & 0x3f);
        return 4;
    }
    *cp = '?';
    return 1;
}

static int font_build(struct platform *p, struct font *f, const char *path, int size,
                      bool precolour, char *err, size_t len)
{
    int rc = KIOSK_ERR_DEVICE;
    SDL_Surface *atlas = NULL;
    f->ttf = TTF_OpenFont(path, size);
    if (!f->ttf) {
        snprintf(err, len, "cannot open font %s: %s", path, TTF_GetError());
        return KIOSK_ERR_NOT_FOUND;
    }
    f->height = TTF_FontHeight(f->ttf);
    int rows_needed = 1, x = 0;
    for (int i = 32; i < N_GLYPHS; i++) {
        int minx, maxx, miny, maxy, adv;
        if (!glyph_wanted(i) ||
            TTF_GlyphMetrics32(f->ttf, glyph_cp(i), &minx, &maxx, &miny, &maxy, &adv) != 0)
            continue;
        int w = (maxx > adv ? maxx : adv) - (minx < 0 ? minx : 0) + 2;
        if (x + w > ATLAS_W) {
            rows_needed++;
            x = 0;
        }
        x += w;
    }
    atlas = SDL_CreateRGBSurfaceWithFormat(0, ATLAS_W, rows_needed * f->height, 32,
                                           SDL_PIXELFORMAT_ARGB8888);
    if (!atlas) {
        snprintf(err, len, "glyph atlas: %s", SDL_GetError());
        goto out;
    }
    SDL_FillRect(atlas, NULL, 0);
    SDL_Color white = {255, 255, 255, 255};
    int ax = 0, ay = 0;
    for (int i = 32; i < N_GLYPHS; i++) {
        uint32_t cp = glyph_cp(i);
        if (!glyph_wanted(i) || !TTF_GlyphIsProvided32(f->ttf, cp))
            continue;
        int minx, maxx, miny, maxy, adv;
        if (TTF_GlyphMetrics32(f->ttf, cp, &minx, &maxx, &miny, &maxy, &adv) != 0)
            continue;
        f->g[i].adv = adv;
        if (cp == ' ')
            continue;
        SDL_Surface *gs = TTF_RenderGlyph32_Blended(f->ttf, cp, white);
        if (!gs)
            continue;
        if (ax + gs->w + 2 > ATLAS_W) {
            ax = 0;
            ay += f->height;
        }
        if (ay + gs->h > atlas->h) {
            SDL_FreeSurface(gs);
            continue;
        }
        SDL_Rect dst = {ax, ay, gs->w, gs->h};
        SDL_SetSurfaceBlendMode(gs, SDL_BLENDMODE_NONE);
        SDL_BlitSurface(gs, NULL, atlas, &dst);
        f->g[i].src = dst;
        f->g[i].xoff = minx < 0 ? minx : 0;
        ax += gs->w + 2;
        SDL_FreeSurface(gs);
    }
    f->atlas = SDL_CreateTextureFromSurface(p->ren, atlas);
    if (!f->atlas) {
        snprintf(err, len, "glyph texture: %s", SDL_GetError());
        goto out;
    }
    SDL_SetTextureBlendMode(f->atlas, SDL_BLENDMODE_BLEND);
    for (int k = 0; precolour && k < p->npalette; k++) {
        struct ui_color col = p->palette[k];
        SDL_Surface *cs = SDL_ConvertSurfaceFormat(atlas, SDL_PIXELFORMAT_ARGB8888, 0);
        if (!cs)
            continue;
        SDL_LockSurface(cs);
        for (int py = 0; py < cs->h; py++) {
            Uint32 *px = (Uint32 *)((Uint8 *)cs->pixels + py * cs->pitch);
            for (int q = 0; q < cs->w; q++) {
                Uint32 a8 = (px[q] >> 24) * col.a / 255;
                px[q] = a8 << 24 | (Uint32)col.r << 16 | (Uint32)col.g << 8 | col.b;
            }
        }
        SDL_UnlockSurface(cs);
        f->colored[k] = SDL_CreateTextureFromSurface(p->ren, cs);
        if (f->colored[k])
            SDL_SetTextureBlendMode(f->colored[k], SDL_BLENDMODE_BLEND);
        SDL_FreeSurface(cs);
    }
    rc = 0;
out:
    SDL_FreeSurface(atlas);
    return rc;
}

static void compute_scale(struct platform *p)
{
    int ww = p->w, wh = p->h;
    if (p->win) {
        SDL_GetWindowSize(p->win, &ww, &wh);
        if (ww > 0)
            p->pointer_k = (float)p->w / (float)ww;
    }
    float dpi = p->pointer_k > 0 ? p->pointer_k : 1.0f;
    float sx = (float)ww / 1280.0f, sy = (float)wh / 720.0f;
    float s = sx < sy ? sx : sy;
    if (s < 0.8f)
        s = 0.8f;
    if (s > 2.0f)
        s = 2.0f;
    p->scale = s * dpi;
}

/* True when the machine has a GPU render node (/dev/dri/renderD*). */
static bool gpu_render_node(void)
{
    DIR *d = opendir("/dev/dri");
    if (!d)
        return false;
    bool found = false;
    struct dirent *e;
    while (!found && (e = readdir(d)))
        found = strncmp(e->d_name, "renderD", 7) == 0;
    closedir(d);
    return found;
}

/* The SDL display named by want (an index or a display name), or -1 with
 * the displays there are listed in err. */
static int pick_display(const char *want, char *err, size_t len)
{
    int n = SDL_GetNumVideoDisplays();
    char *end;
    long idx = strtol(want, &end, 10);
    if (*end == '\0' && idx >= 0 && idx < n)
        return (int)idx;
    for (int i = 0; i < n && *end; i++) {
        const char *name = SDL_GetDisplayName(i);
        if (name && strcmp(name, want) == 0)
            return i;
    }
    int k = snprintf(err, len, "display output '%s' not found; there are %d:", want, n);
    for (int i = 0; i < n && k >= 0 && (size_t)k < len; i++) {
        const char *name = SDL_GetDisplayName(i);
        k += snprintf(err + k, len - (size_t)k, " %d (%s)", i, name ? name : "unnamed");
    }
    return -1;
}

int platform_create(const struct platform_opts *o, struct platform **out, char *err, size_t len)
{
    int rc = KIOSK_ERR_DEVICE;
    struct platform *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(err, len, "out of memory");
        return KIOSK_ERR_NOMEM;
    }
    p->pointer_k = 1.0f;
    if (!o->offscreen && !getenv("SDL_VIDEODRIVER") && !getenv("DISPLAY") &&
        !getenv("WAYLAND_DISPLAY"))
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "kmsdrm"); /* a kiosk needs no X */
    /* Real touch screens: SDL also synthesises mouse events for fingers;
     * platform_translate() drops those. Mice must not fake fingers. */
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    /* No GPU render node: OpenGL would be Mesa's software rasteriser with
     * LLVM loaded for nothing. Choose SDL's software renderer before
     * anything loads GL. */
    bool software = o->software || !gpu_render_node();
    if (software) {
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
        /* Without this SDL backs an X11 window's surface with an OpenGL
         * texture, which loads Mesa (llvmpipe and its LLVM, ~100 MB
         * resident) only to copy pixels; the software renderer draws into
         * the window through XShm directly. */
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    }
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        snprintf(err, len, "cannot start SDL video: %s", SDL_GetError());
        free(p);
        return KIOSK_ERR_DEVICE;
    }
    if (TTF_Init() != 0) {
        snprintf(err, len, "cannot start SDL_ttf: %s", TTF_GetError());
        goto fail;
    }
    p->ttf_up = true;
    if (o->offscreen) {
        p->w = o->width > 0 ? o->width : 1280;
        p->h = o->height > 0 ? o->height : 720;
        p->surface = SDL_CreateRGBSurfaceWithFormat(0, p->w, p->h, 32, SDL_PIXELFORMAT_ARGB8888);
        if (!p->surface || !(p->ren = SDL_CreateSoftwareRenderer(p->surface))) {
            snprintf(err, len, "offscreen renderer: %s", SDL_GetError());
            goto fail;
        }
    } else {
        Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI | SDL_WINDOW_SHOWN;
        int w = o->width, h = o->height;
        if (w <= 0 || h <= 0) {
            flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
            w = 1280;
            h = 720;
        } else {
            flags |= SDL_WINDOW_RESIZABLE;
        }
        int display = 0;
        if (o->display && o->display[0] && (display = pick_display(o->display, err, len)) < 0)
            goto fail;
        p->win = SDL_CreateWindow(o->title ? o->title : "booking-kiosk",
                                  (int)SDL_WINDOWPOS_CENTERED_DISPLAY(display),
                                  (int)SDL_WINDOWPOS_CENTERED_DISPLAY(display), w, h, flags);
        if (!p->win) {
            snprintf(err, len, "cannot open a window (video driver %s): %s",
                     SDL_GetCurrentVideoDriver() ? SDL_GetCurrentVideoDriver() : "none",
                     SDL_GetError());
            goto fail;
        }
        p->ren = SDL_CreateRenderer(p->win, -1, software ? SDL_RENDERER_SOFTWARE : 0);
        if (!p->ren) {
            snprintf(err, len, "cannot create a renderer: %s", SDL_GetError());
            goto fail;
        }
        SDL_GetRendererOutputSize(p->ren, &p->w, &p->h);
        if (!(flags & SDL_WINDOW_FULLSCREEN_DESKTOP))
            SDL_ShowCursor(SDL_ENABLE);
    }
    compute_scale(p);
    for (int k = 0; k < o->npalette && p->npalette < PALETTE_MAX; k++) {
        bool dup = false;
        for (int j = 0; j < p->npalette; j++)
            dup |= memcmp(&p->palette[j], &o->palette[k], sizeof o->palette[k]) == 0;
        if (!dup)
            p->palette[p->npalette++] = o->palette[k];
    }
    char path[1024];
    for (int i = 0; i < UI_FONT_COUNT; i++) {
        snprintf(path, sizeof path, "%s/fonts/%s", o->assets_dir, font_specs[i].file);
        int size = (int)((float)font_specs[i].size * p->scale + 0.5f);
        rc = font_build(p, &p->fonts[i], path, size, font_specs[i].precolour, err, len);
        if (rc != 0)
            goto fail;
    }
    SDL_StartTextInput();
    *out = p;
    return 0;
fail:
    platform_destroy(p);
    return rc ? rc : KIOSK_ERR_DEVICE;
}

void platform_destroy(struct platform *p)
{
    if (!p)
        return;
    for (int i = 0; i < UI_FONT_COUNT; i++) {
        if (p->fonts[i].atlas)
            SDL_DestroyTexture(p->fonts[i].atlas);
        for (int k = 0; k < PALETTE_MAX; k++)
            if (p->fonts[i].colored[k])
                SDL_DestroyTexture(p->fonts[i].colored[k]);
        if (p->fonts[i].ttf)
            TTF_CloseFont(p->fonts[i].ttf);
    }
    if (p->ren)
        SDL_DestroyRenderer(p->ren);
    if (p->surface)
        SDL_FreeSurface(p->surface);
    if (p->win)
        SDL_DestroyWindow(p->win);
    if (p->ttf_up)
        TTF_Quit();
    SDL_Quit();
    free(p);
}

void platform_size(const struct platform *p, int *w, int *h, float *scale)
{
    *w = p->w;
    *h = p->h;
    *scale = p->scale;
}

int platform_text_width(void *user, enum ui_font f, const char *s, size_t len)
{
    const struct platform *p = user;
    const struct font *fo = &p->fonts[f];
    int w = 0;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        i += utf8_next(s + i, len - i, &cp);
        w += fo->g[glyph_index(cp)].adv;
    }
    return w;
}

int platform_text_height(void *user, enum ui_font f)
{
    const struct platform *p = user;
    return p->fonts[f].height;
}

static enum ui_key map_key(const SDL_KeyboardEvent *k)
{
    switch (k->keysym.sym) {
    case SDLK_TAB:
        return (k->keysym.mod & KMOD_SHIFT) ? UI_KEY_BACKTAB : UI_KEY_TAB;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
        return UI_KEY_ENTER;
    case SDLK_ESCAPE:
    case SDLK_AC_BACK:
        return UI_KEY_ESCAPE;
    case SDLK_BACKSPACE:
        return UI_KEY_BACKSPACE;
    case SDLK_UP:
        return UI_KEY_UP;
    case SDLK_DOWN:
        return UI_KEY_DOWN;
    case SDLK_PAGEUP:
        return UI_KEY_PAGEUP;
    case SDLK_PAGEDOWN:
        return UI_KEY_PAGEDOWN;
    default:
        return UI_KEY_NONE;
    }
}

bool platform_translate(struct platform *p, const SDL_Event *ev, struct ui_input *in, bool *resized)
{
    memset(in, 0, sizeof *in);
    *resized = false;
    switch (ev->type) {
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (ev->button.which == SDL_TOUCH_MOUSEID || ev->button.button != SDL_BUTTON_LEFT)
            return false; /* the finger event already counted */
        in->x = (int)((float)ev->button.x * p->pointer_k);
        in->y = (int)((float)ev->button.y * p->pointer_k);
        in->press = ev->type == SDL_MOUSEBUTTONDOWN;
        in->release = !in->press;
        return true;
    case SDL_MOUSEMOTION:
        if (ev->motion.which == SDL_TOUCH_MOUSEID)
            return false;
        in->x = (int)((float)ev->motion.x * p->pointer_k);
        in->y = (int)((float)ev->motion.y * p->pointer_k);
        return (ev->motion.state & SDL_BUTTON_LMASK) != 0; /* only drags matter */
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
        in->x = (int)(ev->tfinger.x * (float)p->w);
        in->y = (int)(ev->tfinger.y * (float)p->h);
        in->press = ev->type == SDL_FINGERDOWN;
        in->release = !in->press;
        in->touch = true;
        return true;
    case SDL_MOUSEWHEEL:
        if (ev->wheel.which == SDL_TOUCH_MOUSEID)
            return false;
        in->wheel = ev->wheel.y > 0 ? 1 : ev->wheel.y < 0 ? -1 : 0;
        SDL_GetMouseState(&in->x, &in->y);
        in->x = (int)((float)in->x * p->pointer_k);
        in->y = (int)((float)in->y * p->pointer_k);
        return in->wheel != 0;
    case SDL_KEYDOWN:
        if (ev->key.keysym.sym == SDLK_v && (ev->key.keysym.mod & KMOD_CTRL) &&
            !(ev->key.keysym.mod & KMOD_ALT)) {
            /* Paste: the clipboard as typed text (whole, or not at all). */
            char *clip = SDL_GetClipboardText();
            if (clip && strlen(clip) < sizeof in->text)
                snprintf(in->text, sizeof in->text, "%s", clip);
            else if (clip && clip[0])
                in->paste_refused = true;
            SDL_free(clip);
            return in->text[0] != 0 || in->paste_refused;
        }
        in->key = map_key(&ev->key);
        return in->key != UI_KEY_NONE;
    case SDL_TEXTINPUT:
        snprintf(in->text, sizeof in->text, "%s", ev->text.text);
        return in->text[0] != 0;
    case SDL_WINDOWEVENT:
        if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED && p->ren) {
            SDL_GetRendererOutputSize(p->ren, &p->w, &p->h);
            compute_scale(p);
            *resized = true;
        }
        if (ev->window.event == SDL_WINDOWEVENT_EXPOSED)
            *resized = true; /* redraw */
        return false;
    default:
        return false;
    }
}

static void draw_text(struct platform *p, const struct ui_cmd *c, const char *s)
{
    struct font *f = &p->fonts[c->font];
    /* A pre-coloured atlas when the colour is in the palette: the software
     * renderer blends it without the (slow) colour modulation. */
    SDL_Texture *tex = f->atlas;
    for (int k = 0; k < p->npalette; k++)
        if (memcmp(&p->palette[k], &c->color, sizeof c->color) == 0 && f->colored[k]) {
            tex = f->colored[k];
            break;
        }
    if (tex == f->atlas) {
        SDL_SetTextureColorMod(tex, c->color.r, c->color.g, c->color.b);
        SDL_SetTextureAlphaMod(tex, c->color.a);
    }
    int x = c->rect.x;
    size_t i = 0, len = c->text_len;
    while (i < len) {
        uint32_t cp;
        i += utf8_next(s + i, len - i, &cp);
        const struct glyph *g = &f->g[glyph_index(cp)];
        if (g->src.w) {
            SDL_Rect dst = {x + g->xoff, c->rect.y, g->src.w, g->src.h};
            SDL_RenderCopy(p->ren, tex, &g->src, &dst);
        }
        x += g->adv;
    }
}

static void draw_line(struct platform *p, const struct ui_cmd *c)
{
    int x0 = c->rect.x, y0 = c->rect.y, x1 = x0 + c->rect.w, y1 = y0 + c->rect.h;
    bool flat = abs(c->rect.w) >= abs(c->rect.h);
    for (int k = 0; k < c->thick; k++) {
        int d = k - c->thick / 2;
        if (flat)
            SDL_RenderDrawLine(p->ren, x0, y0 + d, x1, y1 + d);
        else
            SDL_RenderDrawLine(p->ren, x0 + d, y0, x1 + d, y1);
    }
}

void platform_render(struct platform *p, const struct ui_ctx *ctx)
{
    SDL_RenderSetClipRect(p->ren, NULL);
    SDL_SetRenderDrawBlendMode(p->ren, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(p->ren, 0, 0, 0, 255);
    if (ctx->cmd_n == 0 || ctx->cmds[0].kind != UI_CMD_FILL)
        SDL_RenderClear(p->ren); /* screens start with a full-screen fill */
    for (int i = 0; i < ctx->cmd_n; i++) {
        const struct ui_cmd *c = &ctx->cmds[i];
        /* Opaque colours need no blending (much cheaper in software). */
        SDL_SetRenderDrawBlendMode(p->ren,
                                   c->color.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
        SDL_SetRenderDrawColor(p->ren, c->color.r, c->color.g, c->color.b, c->color.a);
        SDL_Rect r = {c->rect.x, c->rect.y, c->rect.w, c->rect.h};
        switch (c->kind) {
        case UI_CMD_FILL:
            SDL_RenderFillRect(p->ren, &r);
            break;
        case UI_CMD_FRAME:
            for (int k = 0; k < c->thick && r.w > 0 && r.h > 0; k++) {
                SDL_RenderDrawRect(p->ren, &r);
                r.x++, r.y++, r.w -= 2, r.h -= 2;
            }
            break;
        case UI_CMD_TEXT:
            draw_text(p, c, ctx->text + c->text_off);
            break;
        case UI_CMD_LINE:
            draw_line(p, c);
            break;
        case UI_CMD_CLIP:
            SDL_RenderSetClipRect(p->ren, c->rect.w > 0 ? &r : NULL);
            break;
        }
    }
    SDL_RenderPresent(p->ren);
}

SDL_Surface *platform_read_pixels(struct platform *p)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, p->w, p->h, 32, SDL_PIXELFORMAT_RGBA32);
    if (!s)
        return NULL;
    if (SDL_RenderReadPixels(p->ren, NULL, SDL_PIXELFORMAT_RGBA32, s->pixels, s->pitch) != 0) {
        SDL_FreeSurface(s);
        return NULL;
    }
    return s;
}

SDL_Window *platform_window(struct platform *p)
{
    return p->win;
}

const char *platform_driver_name(const struct platform *p)
{
    const char *d = SDL_GetCurrentVideoDriver();
    return p->surface ? "offscreen-surface" : d ? d : "none";
}

const char *platform_renderer_name(const struct platform *p)
{
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(p->ren, &info) != 0)
        return "?";
    return info.name;
}
