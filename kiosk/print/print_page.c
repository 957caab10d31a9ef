/* The PDF page writer of kiosk/print: cairo PDF surfaces, the bundled
 * DejaVu fonts loaded through FreeType (never the system's fonts, so a slip
 * looks the same on every kiosk), lines, fields, headings and page breaks. */
#include "print/print_page.h"
#include "core/tz.h"
#include "core/kiosk_err.h"

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* One FreeType library for the process: cairo may keep a font face (and
 * so its FT_Face) cached after a document is finished, so the library
 * outlives every document. Set once under pthread_once. */
static FT_Library ft_lib;
static int ft_status;
static pthread_once_t ft_once = PTHREAD_ONCE_INIT;
static const cairo_user_data_key_t face_key;

static void ft_init(void)
{
    ft_status = FT_Init_FreeType(&ft_lib);
}

static void face_done(void *face)
{
    FT_Done_Face((FT_Face)face);
}

static cairo_font_face_t *load_font(const char *dir, const char *file, char *msg, size_t len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    FT_Face face;
    if (FT_New_Face(ft_lib, path, 0, &face) != 0) {
        snprintf(msg, len, "cannot load the font %s", path);
        return NULL;
    }
    cairo_font_face_t *ff = cairo_ft_font_face_create_for_ft_face(face, 0);
    if (cairo_font_face_status(ff) != CAIRO_STATUS_SUCCESS ||
        cairo_font_face_set_user_data(ff, &face_key, face, face_done) != CAIRO_STATUS_SUCCESS) {
        cairo_font_face_destroy(ff);
        FT_Done_Face(face);
        snprintf(msg, len, "cannot use the font %s", path);
        return NULL;
    }
    return ff;
}

int page_open(struct page *pg, const char *path, const char *fonts_dir, const char *footer,
              char *msg, size_t msg_len)
{
    char dummy[8];
    if (!msg || !msg_len) {
        msg = dummy;
        msg_len = sizeof dummy;
    }
    memset(pg, 0, sizeof *pg);
    pthread_once(&ft_once, ft_init);
    if (ft_status != 0) {
        snprintf(msg, msg_len, "FreeType could not start");
        return KIOSK_ERR_INTERNAL;
    }
    static const char *const files[3] = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf",
                                         "DejaVuSansMono.ttf"};
    for (int i = 0; i < 3; i++) {
        if (!(pg->font[i] = load_font(fonts_dir, files[i], msg, msg_len))) {
            for (int k = 0; k < i; k++)
                cairo_font_face_destroy(pg->font[k]);
            return KIOSK_ERR_NOT_FOUND;
        }
    }
    pg->surface = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
    if (cairo_surface_status(pg->surface) != CAIRO_STATUS_SUCCESS) {
        snprintf(msg, msg_len, "cannot write %s: %s", path,
                 cairo_status_to_string(cairo_surface_status(pg->surface)));
        cairo_surface_destroy(pg->surface);
        for (int k = 0; k < 3; k++)
            cairo_font_face_destroy(pg->font[k]);
        memset(pg, 0, sizeof *pg);
        return KIOSK_ERR_IO;
    }
    pg->cr = cairo_create(pg->surface);
    pg->y = PAGE_M;
    pg->pages = 1;
    pg->footer = footer;
    cairo_set_source_rgb(pg->cr, 0, 0, 0);
    return KIOSK_OK;
}

static void draw_footer(struct page *pg)
{
    if (!pg->footer)
        return;
    char buf[300];
    snprintf(buf, sizeof buf, "%s \xc2\xb7 page %d", pg->footer, pg->pages);
    double y = pg->y;
    pg->y = PAGE_H - PAGE_M / 2;
    page_text(pg, PAGE_M, PF_REGULAR, 7.5, buf);
    pg->y = y;
}

void page_need(struct page *pg, double need)
{
    if (pg->y + need <= PAGE_H - PAGE_M || pg->pages >= PAGE_MAX)
        return;
    draw_footer(pg);
    cairo_show_page(pg->cr);
    pg->pages++;
    pg->y = PAGE_M;
}

int page_close(struct page *pg, const char *path, char *msg, size_t msg_len)
{
    draw_footer(pg);
    cairo_show_page(pg->cr);
    cairo_destroy(pg->cr);
    cairo_surface_finish(pg->surface);
    cairo_status_t st = cairo_surface_status(pg->surface);
    cairo_surface_destroy(pg->surface);
    for (int k = 0; k < 3; k++)
        cairo_font_face_destroy(pg->font[k]);
    memset(pg, 0, sizeof *pg);
    if (st != CAIRO_STATUS_SUCCESS) {
        if (msg && msg_len)
            snprintf(msg, msg_len, "cannot write %s: %s", path, cairo_status_to_string(st));
        unlink(path);
        return KIOSK_ERR_IO;
    }
    return KIOSK_OK;
}

double page_text(struct page *pg, double x, enum page_font f, double size, const char *text)
{
    cairo_set_font_face(pg->cr, pg->font[f]);
    cairo_set_font_size(pg->cr, size);
    cairo_move_to(pg->cr, x, pg->y + size);
    cairo_show_text(pg->cr, text);
    cairo_text_extents_t e;
    cairo_text_extents(pg->cr, text, &e);
    return e.x_advance;
}

void page_line(struct page *pg, double x, enum page_font f, double size, const char *text)
{
    /* Greedy wrap at spaces (or anywhere in a long word) to the right margin. */
    cairo_set_font_face(pg->cr, pg->font[f]);
    cairo_set_font_size(pg->cr, size);
    double width = PAGE_W - PAGE_M - x;
    const char *p = text;
    char buf[512];
    do {
        size_t best = 0, n = 0, len = strlen(p);
        while (n < len && n < sizeof buf - 1) {
            size_t next = n + 1;
            while (next < len && ((unsigned char)p[next] & 0xC0) == 0x80)
                next++; /* whole UTF-8 characters */
            memcpy(buf, p, next);
            buf[next] = '\0';
            cairo_text_extents_t e;
            cairo_text_extents(pg->cr, buf, &e);
            if (e.x_advance > width && n > 0)
                break;
            n = next;
            if (p[n] == ' ' || p[n] == '\0' || p[n] == '\n')
                best = n;
            if (p[n - 1] == '\n') {
                best = n;
                break;
            }
        }
        if (best == 0)
            best = n; /* no space: cut the word */
        memcpy(buf, p, best);
        buf[best] = '\0';
        if (best && buf[best - 1] == '\n')
            buf[best - 1] = '\0';
        page_need(pg, size * 1.35);
        page_text(pg, x, f, size, buf);
        pg->y += size * 1.35;
        p += best;
        while (*p == ' ')
            p++;
    } while (*p);
}

void page_field(struct page *pg, double x, double tab, const char *label, const char *value)
{
    page_need(pg, 14);
    page_text(pg, x, PF_BOLD, 9.5, label);
    page_line(pg, x + tab, PF_REGULAR, 9.5, value && value[0] ? value : "\xe2\x80\x94");
}

void page_rule(struct page *pg)
{
    cairo_set_line_width(pg->cr, 0.6);
    cairo_move_to(pg->cr, PAGE_M, pg->y);
    cairo_line_to(pg->cr, PAGE_W - PAGE_M, pg->y);
    cairo_stroke(pg->cr);
}

void page_heading(struct page *pg, const char *text)
{
    page_need(pg, 40);
    pg->y += 8;
    page_text(pg, PAGE_M, PF_BOLD, 11.5, text);
    pg->y += 15;
    page_rule(pg);
    pg->y += 5;
}

const char *rec_str(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (json_is_object(v))
        v = json_object_get(v, "value");
    return json_is_string(v) ? json_string_value(v) : "";
}

const char *page_local_time(const char *zone, kiosk_ms_t t, char *buf, size_t len)
{
    return tz_format_local(zone && zone[0] ? zone : TZ_DEFAULT, t, buf, len);
}

const char *rec_time(const char *zone, const json_t *o, const char *key, char *buf, size_t len)
{
    kiosk_ms_t t;
    const char *s = rec_str(o, key);
    if (!s[0] || clock_parse_iso(s, &t) != KIOSK_OK) {
        snprintf(buf, len, "%s", s);
        return buf;
    }
    return page_local_time(zone, t, buf, len);
}
