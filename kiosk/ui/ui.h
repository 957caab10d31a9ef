/* The UI core of booking-kiosk: an immediate-mode context with no SDL inside.
 * The platform layer fills a struct ui_input once per event; screens call the
 * widgets, which append draw commands to a fixed buffer; the platform renders
 * that buffer. Fixed stacks only: nothing here allocates (microui style). */
#ifndef KIOSK_UI_H
#define KIOSK_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UI_CMD_MAX        4096  /* draw commands per frame */
#define UI_TEXT_ARENA     65536 /* bytes of text per frame */
#define UI_FOCUS_MAX      256   /* focusable widgets per frame */
#define UI_INPUT_TEXT_MAX 1024  /* typed or pasted bytes per event */
#define UI_HIT_MAX        256   /* clickable widgets recorded per frame */
#define UI_OSK_MAX        64    /* on-screen keys (keyboard) per frame */
#define UI_WIDGET_MAX     512   /* widgets recorded per frame for the automation tree */

/* Fails loudly with file and line when a fixed capacity is exceeded. */
#define ui_expect(cond) ((cond) ? (void)0 : ui_expect_failed(__FILE__, __LINE__, #cond))
void ui_expect_failed(const char *file, int line, const char *what);

struct ui_rect {
    int x, y, w, h;
};

struct ui_color {
    uint8_t r, g, b, a;
};

enum ui_font {
    UI_FONT_SMALL = 0,
    UI_FONT_BODY,
    UI_FONT_BOLD,
    UI_FONT_LARGE,
    UI_FONT_HUGE,
    UI_FONT_MONO,
    UI_FONT_MONO_LARGE,
    UI_FONT_COUNT
};

enum ui_cmd_kind {
    UI_CMD_FILL = 1, /* filled rectangle */
    UI_CMD_FRAME,    /* rectangle outline, `thick` px wide */
    UI_CMD_TEXT,     /* UTF-8 text at rect.x, rect.y (top-left) */
    UI_CMD_LINE,     /* from (rect.x, rect.y) to (rect.x + w, rect.y + h) */
    UI_CMD_CLIP,     /* clip to rect; w == 0 removes the clip */
};

struct ui_cmd {
    enum ui_cmd_kind kind;
    struct ui_rect rect;
    struct ui_color color;
    enum ui_font font;
    int thick;
    uint32_t text_off; /* into ui_ctx.text */
    uint32_t text_len;
};

/* Keys the core understands; the platform maps its keys onto these once. */
enum ui_key {
    UI_KEY_NONE = 0,
    UI_KEY_TAB,
    UI_KEY_BACKTAB,
    UI_KEY_ENTER,
    UI_KEY_ESCAPE,
    UI_KEY_BACKSPACE,
    UI_KEY_UP,
    UI_KEY_DOWN,
    UI_KEY_PAGEUP,
    UI_KEY_PAGEDOWN,
};

/* One input event, already translated by the platform layer. */
struct ui_input {
    int x, y;                     /* pointer position (physical pixels) */
    bool press;                   /* pointer (mouse button or finger) went down */
    bool release;                 /* pointer went up */
    bool touch;                   /* the pointer is a finger (not a mouse) */
    int wheel;                    /* +1 up, -1 down */
    enum ui_key key;              /* one key press */
    char text[UI_INPUT_TEXT_MAX]; /* UTF-8 typed or pasted text, NUL-terminated */
    bool paste_refused;           /* a paste longer than text[] was refused whole */
};

/* What a recorded widget is, for the automation tree (automation.h). */
enum ui_wkind {
    UI_W_BUTTON = 1,
    UI_W_KEY,    /* on-screen keyboard and PIN pad keys */
    UI_W_FIELD,  /* text field: text = its label, value = its content */
    UI_W_ITEM,   /* list row: text = the row's drawn text */
    UI_W_LABEL,  /* derived from text commands outside every widget */
    UI_W_TOGGLE, /* on/off control */
};

/* One widget of the frame. Its text lives in the frame's text arena; the
 * draw commands cmd_first..cmd_end-1 are the ones the widget drew. */
struct ui_widget {
    uint32_t id;
    enum ui_wkind kind;
    struct ui_rect r;
    uint32_t text_off, text_len;
    uint32_t value_off, value_len;
    int cmd_first, cmd_end;
    bool enabled;
    bool clipped; /* the widget knew its text did not fit */
    bool has_value;
};

/* An on-screen key drawn in a frame: where it was and what it types. */
struct ui_osk_key {
    struct ui_rect r;
    enum ui_key key; /* UI_KEY_NONE: types text */
    char text[8];
};

/* Text measurement, provided by the platform: width in pixels of len bytes. */
typedef int (*ui_text_width_fn)(void *user, enum ui_font font, const char *s, size_t len);
typedef int (*ui_text_height_fn)(void *user, enum ui_font font);

struct ui_ctx {
    /* Set by the platform once. */
    ui_text_width_fn text_width;
    ui_text_height_fn text_height;
    void *measure_user;
    int width, height; /* the screen, physical pixels */
    float scale;       /* layout scale: 1.0 = 1280x720 at 96 dpi */

    /* This frame's input (one event or none). */
    struct ui_input in;
    bool pointer_down;

    /* Interaction state kept across frames. */
    uint32_t hot;      /* widget under a pressed pointer */
    uint32_t active;   /* widget the pointer went down on */
    uint32_t focus;    /* keyboard focus */
    bool focus_fresh;  /* focus was given this frame to a widget drawn next frame */
    uint32_t clicked;  /* widget activated this frame (pointer or Enter) */
    bool key_consumed; /* a widget used this frame's key */
    bool text_consumed;
    char *focus_text;        /* the focused text field's buffer (screen-owned) */
    size_t focus_text_cap;   /* its capacity including the NUL */
    const char *focus_allow; /* characters that field accepts (NULL = printable) */
    bool focus_upper;        /* that field upper-cases letters */
    bool focus_text_seen;    /* the focused text field drew this frame */
    bool field_pressed;      /* a pointer went down on a text field this frame */
    int fields_n;            /* text fields drawn this frame */
    int fields_prev;         /* ... and in the frame before */
    int keyboards_n;         /* on-screen keyboards drawn this frame (live or not) */
    int keyboards_prev;      /* ... and in the frame before */
    char text_refused[16];   /* a typed character with no ASCII form, this frame */

    /* On-screen keys are an input device: the keys drawn in the previous
     * frame are hit-tested in ui_begin, and a tap becomes this frame's text
     * or key before any widget runs, exactly like a physical keyboard, so
     * every consumer of a field sees the edit in the same frame. */
    struct ui_osk_key osk[UI_OSK_MAX];
    int osk_n;
    struct ui_osk_key osk_prev[UI_OSK_MAX];
    int osk_prev_n;
    int osk_down;   /* 1 + index into osk_prev of the key a pointer is down on */
    bool osk_typed; /* this frame's text or key came from an on-screen key */

    /* The frame's widgets for the automation tree (no allocation). */
    struct ui_widget widgets[UI_WIDGET_MAX];
    int widget_n;

    /* Focus order of the previous and current frame. */
    uint32_t order_prev[UI_FOCUS_MAX];
    int order_prev_n;
    uint32_t order[UI_FOCUS_MAX];
    int order_n;
    uint32_t id_seed;

    /* Every clickable widget of the frame with its rectangle: lets tests and
     * the benchmark tap a widget by its label (ui_find). */
    uint32_t hit_ids[UI_HIT_MAX];
    struct ui_rect hit_rects[UI_HIT_MAX];
    int hit_n;

    /* Output. */
    struct ui_cmd cmds[UI_CMD_MAX];
    int cmd_n;
    char text[UI_TEXT_ARENA];
    size_t text_n;
};

/* Initialise ctx for a screen of w x h pixels; measure functions are kept. */
void ui_init(struct ui_ctx *ctx, ui_text_width_fn tw, ui_text_height_fn th, void *user, int w,
             int h, float scale);

/* Start a frame with one input event (NULL for none): clears the command
 * buffer, moves focus for Tab/Shift-Tab. */
void ui_begin(struct ui_ctx *ctx, const struct ui_input *in);

/* End the frame: keeps the focus order for the next Tab, drops focus that no
 * widget claimed. */
void ui_end(struct ui_ctx *ctx);

/* A hash of the frame's commands: when it equals the last rendered frame's,
 * nothing needs drawing. */
uint64_t ui_frame_hash(const struct ui_ctx *ctx);

/* Widget identity from a label and a number (list rows), mixed with the seed
 * of the current screen so equal labels on two screens differ. */
uint32_t ui_id(struct ui_ctx *ctx, const char *label, int n);

/* Draw commands. Text is copied into the frame's arena. */
void ui_fill(struct ui_ctx *ctx, struct ui_rect r, struct ui_color c);
void ui_frame(struct ui_ctx *ctx, struct ui_rect r, struct ui_color c, int thick);
void ui_line(struct ui_ctx *ctx, int x0, int y0, int x1, int y1, struct ui_color c, int thick);
void ui_text(struct ui_ctx *ctx, int x, int y, enum ui_font f, struct ui_color c, const char *s);
void ui_textn(struct ui_ctx *ctx, int x, int y, enum ui_font f, struct ui_color c, const char *s,
              size_t len);
void ui_clip(struct ui_ctx *ctx, struct ui_rect r);
void ui_unclip(struct ui_ctx *ctx);

/* Measurements. */
int ui_text_w(struct ui_ctx *ctx, enum ui_font f, const char *s);
int ui_font_h(struct ui_ctx *ctx, enum ui_font f);
/* Scaled length: n layout units at the current scale, at least 1. */
int ui_px(const struct ui_ctx *ctx, int n);

/* Pointer helpers. */
bool ui_inside(const struct ui_ctx *ctx, struct ui_rect r);

/* Register a focusable widget; returns true when it holds focus. */
bool ui_focusable(struct ui_ctx *ctx, uint32_t id);

/* Pointer/Enter behaviour shared by every clickable widget: returns true
 * when the widget was activated this frame. focusable = takes keyboard focus. */
bool ui_interact(struct ui_ctx *ctx, uint32_t id, struct ui_rect r, bool focusable);

/* The rectangle the widget id had in the last frame; false when it was not
 * drawn. */
bool ui_find(const struct ui_ctx *ctx, uint32_t id, struct ui_rect *out);

/* Give focus to id now (e.g. the first field of a screen). */
void ui_set_focus(struct ui_ctx *ctx, uint32_t id);

/* True when the frame's key is k and no widget took it. */
bool ui_key(struct ui_ctx *ctx, enum ui_key k);

/* Registers an on-screen key drawn at r that types text (key ==
 * UI_KEY_NONE) or presses key; a tap on it becomes the next frame's input
 * (see struct ui_ctx). live = false registers nothing. label is for
 * the caller's widget record (ui_widget_begin). Returns
 * true while a pointer holds it down (for pressed feedback). */
bool ui_osk_key(struct ui_ctx *ctx, struct ui_rect r, const char *label, const char *text,
                enum ui_key key, bool live);

/* Records a widget for the automation tree; returns its index (or -1 when
 * the table is full, which ui_widget_end and ui_widget_set ignore). text is
 * copied into the frame's arena. Draw commands pushed until ui_widget_end
 * belong to it. */
int ui_widget_begin(struct ui_ctx *ctx, enum ui_wkind kind, uint32_t id, struct ui_rect r,
                    const char *text, bool enabled);
void ui_widget_end(struct ui_ctx *ctx, int idx);
/* Sets a recorded widget's value (fields) and whether its text was cut. */
void ui_widget_value(struct ui_ctx *ctx, int idx, const char *value);
void ui_widget_clipped(struct ui_ctx *ctx, int idx, bool clipped);

/* Copies src into dst (capacity cap), cutting it when too long; always
 * NUL-terminates. Returns dst. */
char *ui_strlcpy(char *dst, const char *src, size_t cap);

/* Layout helpers: split a rect. */
struct ui_rect ui_rect(int x, int y, int w, int h);
struct ui_rect ui_inset(struct ui_rect r, int d);
struct ui_rect ui_cut_top(struct ui_rect *r, int h);
struct ui_rect ui_cut_bottom(struct ui_rect *r, int h);
struct ui_rect ui_cut_left(struct ui_rect *r, int w);
struct ui_rect ui_cut_right(struct ui_rect *r, int w);

#endif
