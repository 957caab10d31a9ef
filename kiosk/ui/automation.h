/* The automation tree of booking-kiosk: what the current frame shows, as
 * widgets with kind, text, rectangle, state and whether their text fitted,
 * built from the frame's recorded widgets and draw commands (ui.h) when
 * asked, never in the frame loop. Served as one JSON line per "tree"
 * request on a UNIX stream socket (`booking-kiosk --demo --automation
 * SOCKET`); the in-process tests read the same tree. */
#ifndef KIOSK_UI_AUTOMATION_H
#define KIOSK_UI_AUTOMATION_H

#include "ui/ui.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* One entry of the tree, pointing into the frame (valid until the next
 * frame). Text is written to the caller's buffer. */
struct automation_item {
    enum ui_wkind kind;
    uint32_t id;
    struct ui_rect r;
    bool enabled, focused, clipped;
    const char *value; /* fields only, else NULL; into the frame's arena */
    size_t value_len;
};

/* The kind's name in the tree ("button", "key", "field", "item", "label",
 * "toggle"). */
const char *automation_kind_name(enum ui_wkind k);

/* Walks the frame: calls fn once per widget and once per label (text drawn
 * outside every widget), with its text (NUL-terminated, cut at 511 bytes).
 * Clipped means the widget said its text did not fit, or a text command it
 * drew (or the label's) runs past its clip rectangle, its widget or the
 * screen. Returns the number of entries. */
int automation_walk(const struct ui_ctx *c,
                    void (*fn)(void *user, const struct automation_item *it, const char *text),
                    void *user);

/* The whole tree as a JSON object {"screen", "width", "height", "widgets"};
 * NULL when out of memory. */
json_t *automation_tree(const struct ui_ctx *c, const char *screen);

struct automation;

/* Listens on a UNIX stream socket at path (an existing socket file is
 * replaced, any other file is refused). 0 or a negative enum kiosk_err with
 * the reason in err. */
int automation_open(const char *path, struct automation **out, char *err, size_t len);

/* Accepts clients and answers complete request lines without blocking:
 * "tree" gets one JSON line (automation_tree); anything else gets
 * {"error": "..."}. */
void automation_poll(struct automation *au, const struct ui_ctx *c, const char *screen);

/* The listening descriptor (to wait on), -1 when none. */
int automation_fd(const struct automation *au);

/* Closes the clients and the socket and removes the socket file. NULL is
 * fine. */
void automation_close(struct automation *au);

#endif
