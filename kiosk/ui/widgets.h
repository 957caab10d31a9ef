/* The widget set of booking-kiosk (one file per widget, w_*.c). Every widget
 * draws through the UI core and keeps no state of its own; state the caller
 * must keep (text buffers, list position) lives in the caller's structs. */
#ifndef KIOSK_UI_WIDGETS_H
#define KIOSK_UI_WIDGETS_H

#include "ui/theme.h"
#include "ui/ui.h"

enum w_style {
    W_NORMAL = 0,
    W_PRIMARY,
    W_DANGER,
    W_OK,
    W_DISABLED, /* drawn, not clickable, not focusable */
};

/* A button: returns true when tapped or activated with Enter. The label is
 * centred; an id derived from the label (and n) keeps focus across frames. */
bool w_button(struct ui_ctx *ctx, struct ui_rect r, const char *label, enum w_style style);
bool w_button_n(struct ui_ctx *ctx, struct ui_rect r, const char *label, int n, enum w_style style);
/* A button that never takes keyboard focus (the title bar's "Keyboard":
 * tapping it leaves the focus in the text field being typed into). */
bool w_button_nofocus(struct ui_ctx *ctx, struct ui_rect r, const char *label, enum w_style style);

/* An on/off control (kind "toggle" in the automation tree, id from label):
 * a tap flips *on; shows "On"/"Off" with an icon. Returns true when tapped. */
bool w_toggle(struct ui_ctx *ctx, struct ui_rect r, const char *label, bool *on);

/* A label: single line at x,y. */
void w_label(struct ui_ctx *ctx, int x, int y, enum ui_font f, struct ui_color c, const char *s);
/* Word-wrapped text inside r; returns the height used. */
int w_label_wrap(struct ui_ctx *ctx, struct ui_rect r, enum ui_font f, struct ui_color c,
                 const char *s);
/* A status badge: colour + icon + word(s); returns its width. */
int w_status(struct ui_ctx *ctx, int x, int y, enum ui_font f, enum theme_status s,
             const char *words);

/* A message box of fixed size (w_message_h: two lines): colour + icon +
 * words wrapped inside r. Screens reserve its place whether or not there is
 * a message, so nothing under a finger moves when one appears. Draws
 * nothing when words is empty. */
void w_message(struct ui_ctx *ctx, struct ui_rect r, enum theme_status s, const char *words);
int w_message_h(struct ui_ctx *ctx);

/* A text field bound to buf (capacity cap including the NUL). allow lists
 * the accepted characters (NULL = printable ASCII); typed lower-case letters
 * are upper-cased when upper is true. error (may be NULL) is shown under
 * the field in the warning colour. Returns true when Enter was pressed in it.
 * While focused, the field is the on-screen keyboard's target. */
struct w_field {
    const char *label;
    char *buf;
    size_t cap;
    const char *allow;
    bool upper;
    bool masked;
    const char *error;
    const char *hint;
};
bool w_textfield(struct ui_ctx *ctx, struct ui_rect r, const struct w_field *f);
/* The height a field takes with its label and message line. */
int w_textfield_h(struct ui_ctx *ctx);

/* A multi-line text field of `lines` visible lines bound to f->buf (allow
 * and upper are ignored: the text is kept as typed). Enter, physical or
 * on-screen, inserts a new line; pasted line breaks are kept. Returns true
 * when the text changed this frame. */
bool w_textarea(struct ui_ctx *ctx, struct ui_rect r, const struct w_field *f, int lines);
/* The height a text area of `lines` lines takes with its label. */
int w_textarea_h(struct ui_ctx *ctx, int lines);

/* A paged list. The caller keeps struct w_list; draw_row paints row i inside
 * its rect. Returns the tapped/Entered row, or -1. */
struct w_list {
    int first; /* first visible row */
};
typedef void (*w_list_row_fn)(struct ui_ctx *ctx, void *user, int i, struct ui_rect r,
                              bool focused);
int w_list(struct ui_ctx *ctx, struct ui_rect r, struct w_list *st, int count, int row_h,
           const char *name, w_list_row_fn draw_row, void *user);

/* On-screen keyboard typing into the focused text field: letters, digits
 * and the NCIC name characters (space, hyphen, comma). A tap is applied as
 * input at the start of the next frame (ui_osk_key), before the field
 * draws, so every reader of the field sees it in that frame. Its keys do
 * not take focus. Returns true when this frame's input is its Enter key. */
bool w_keyboard(struct ui_ctx *ctx, struct ui_rect r);
int w_keyboard_h(struct ui_ctx *ctx);

/* Date stepper: year, month and day with - and + buttons stepping by one,
 * editing buf as YYYY-MM-DD (an unreadable buf starts at 1990-01-01). After a
 * step the day moves back until valid(y, m, d) (the core's calendar check)
 * accepts it, so no impossible date is ever written. Years stay within
 * [min_year, max_year]. Returns true when buf changed. */
bool w_date(struct ui_ctx *ctx, struct ui_rect r, char *buf, size_t cap,
            int (*valid)(int y, int m, int d), int min_year, int max_year);
int w_date_h(struct ui_ctx *ctx);

/* A date typed in full (MM/DD/YYYY or YYYY-MM-DD) and how it was read,
 * bound to iso ("YYYY-MM-DD", "" until complete). The caller keeps struct
 * w_date_text; a change of iso made elsewhere (prefill, stepper) shows in
 * the field. error (may be NULL) is the core's message for the date. */
struct w_date_text {
    char text[16];   /* as typed */
    char synced[16]; /* the iso value text was last in step with */
};
void w_date_entry(struct ui_ctx *ctx, struct ui_rect r, const char *label, struct w_date_text *st,
                  char *iso, size_t iso_cap, const char *error);
int w_date_entry_h(struct ui_ctx *ctx);

/* Numeric PIN pad editing pin (capacity cap); returns true on its OK key. */
bool w_pinpad(struct ui_ctx *ctx, struct ui_rect r, char *pin, size_t cap);

/* Charts drawn with rectangles and lines. values has n entries; labels may
 * be NULL or have n entries (only some are drawn when crowded). */
void w_chart_bars(struct ui_ctx *ctx, struct ui_rect r, const char *title, const int *values, int n,
                  const char *const *labels, struct ui_color bar);
void w_chart_line(struct ui_ctx *ctx, struct ui_rect r, const char *title, const int *values, int n,
                  const char *left_label, const char *right_label);

/* Insert typed UTF-8 text into a field's buffer honouring allow/upper/cap,
 * accented Latin letters transliterated by the core's rule (iaq_translit:
 * É->E, ñ->N, ễ->E); returns true when something changed. Shared by the text field and the
 * on-screen keyboard. */
bool w_text_insert(char *buf, size_t cap, const char *allow, bool upper, const char *text);
/* The same, naming in refused (may be NULL) a typed character that has no
 * ASCII form and was left out ("" when none). */
bool w_text_insert_checked(char *buf, size_t cap, const char *allow, bool upper, const char *text,
                           char *refused, size_t refused_len);
/* Remove the last character (UTF-8 aware). */
bool w_text_backspace(char *buf);

#endif
