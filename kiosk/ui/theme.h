/* The high-contrast theme of booking-kiosk: colours, sizes and the status
 * badge vocabulary (every status is a colour AND a word AND an icon). */
#ifndef KIOSK_UI_THEME_H
#define KIOSK_UI_THEME_H

#include "ui/ui.h"

enum theme_status {
    THEME_OK = 0, /* valid, closed, on time */
    THEME_INFO,   /* queued, waiting */
    THEME_WARN,   /* due soon, needs info */
    THEME_BAD,    /* overdue, invalid, locked */
};

struct theme {
    struct ui_color bg, panel, panel_hi, text, text_dim, border, focus;
    struct ui_color primary, primary_text, button, button_text, disabled, disabled_text;
    struct ui_color ok, ok_text, info, info_text, warn, warn_text, bad, bad_text;
    struct ui_color field, field_text, banner;
};

/* The one theme; static storage. */
const struct theme *theme_get(void);

/* The theme's text colours (for pre-coloured glyph atlases); returns how
 * many were written to out (at most max). */
int theme_text_palette(struct ui_color *out, int max);

/* The icon glyph (UTF-8, in the bundled font) and the word for a status. */
const char *theme_status_icon(enum theme_status s);
struct ui_color theme_status_bg(enum theme_status s);
struct ui_color theme_status_fg(enum theme_status s);

/* Sizes in pixels at the context's scale. The minimum touch target is 48
 * logical px; primary actions are larger. */
int theme_row_h(const struct ui_ctx *ctx);     /* buttons, fields, list rows */
int theme_primary_h(const struct ui_ctx *ctx); /* primary action buttons */
int theme_pad(const struct ui_ctx *ctx);       /* spacing */

#endif
