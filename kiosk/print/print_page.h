/* Internal to kiosk/print: a US-Letter PDF page writer on cairo with the
 * bundled fonts (regular, bold, mono), a running vertical position and page
 * breaks, and readers for the record JSON of records.h. */
#ifndef KIOSK_PRINT_PAGE_H
#define KIOSK_PRINT_PAGE_H

#include "print/print.h"

#include <cairo.h>
#include <stdbool.h>

#define PAGE_W   612.0 /* US Letter, points */
#define PAGE_H   792.0
#define PAGE_M   48.0 /* margin */
#define PAGE_MAX 8    /* pages one document may take */

enum page_font { PF_REGULAR = 0, PF_BOLD = 1, PF_MONO = 2 };

struct page {
    cairo_surface_t *surface;
    cairo_t *cr;
    cairo_font_face_t *font[3];
    double y;
    int pages;
    const char *footer; /* drawn at the bottom of every page */
    const char *zone;   /* time zone of every time shown (NULL: TZ_DEFAULT) */
};

/* Opens the PDF at path with the fonts of fonts_dir. 0 or an error with a
 * sentence in msg; on error nothing is left open. */
int page_open(struct page *pg, const char *path, const char *fonts_dir, const char *footer,
              char *msg, size_t msg_len);

/* Finishes the document (last page, footer) and closes it. Returns 0 or
 * KIOSK_ERR_IO (the PDF could not be written; the file is removed). */
int page_close(struct page *pg, const char *path, char *msg, size_t msg_len);

/* Starts a new page when less than need points are left. */
void page_need(struct page *pg, double need);

/* Writes text at x on the current line in font f at size pt; returns its
 * width. Does not advance. */
double page_text(struct page *pg, double x, enum page_font f, double size, const char *text);

/* Writes text and moves down by size * 1.35 (wrapping at the right margin,
 * indent for continuation lines). */
void page_line(struct page *pg, double x, enum page_font f, double size, const char *text);

/* A "label: value" row with the label in bold at x and the value at x + tab. */
void page_field(struct page *pg, double x, double tab, const char *label, const char *value);

/* A section heading with a rule under it. */
void page_heading(struct page *pg, const char *text);

/* A horizontal rule at the current position. */
void page_rule(struct page *pg);

/* The string of key in o, unwrapping {"value": v, "redactable": true};
 * "" when absent or null. */
const char *rec_str(const json_t *o, const char *key);

/* The ISO time of key in o as local "YYYY-MM-DD HH:MM ZZZ" in zone (NULL:
 * TZ_DEFAULT) into buf ("" when absent). Returns buf. */
const char *rec_time(const char *zone, const json_t *o, const char *key, char *buf, size_t len);

/* Local "YYYY-MM-DD HH:MM ZZZ" of t in zone (NULL: TZ_DEFAULT; ZZZ the
 * zone's abbreviation at t, e.g. CST or CDT) into buf. */
const char *page_local_time(const char *zone, kiosk_ms_t t, char *buf, size_t len);

#endif
