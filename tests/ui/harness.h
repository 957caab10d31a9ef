/* In-process driver for booking-kiosk tests and benchmarks: runs the real app
 * (demo database, offscreen software renderer, fixed clock), pushes SDL
 * events as a finger or keyboard would, taps widgets by their label, and
 * compares frames with golden PNGs. */
#ifndef KIOSK_TEST_UI_HARNESS_H
#define KIOSK_TEST_UI_HARNESS_H

#include "ui/app.h"

#include <stdbool.h>

struct harness {
    struct app *app;
    kiosk_ms_t now;
    struct kiosk_clock clock;
    char err[512];
};

/* Opens the app in demo mode at w x h, offscreen, software renderer, the
 * clock fixed at iso (NULL = the real clock). 0 or a negative enum kiosk_err (h->err says why). */
int h_open(struct harness *h, int w, int hgt, const char *iso);
void h_close(struct harness *h);

/* Processes pending events and renders if needed. */
void h_pump(struct harness *h);

/* Taps the widget whose id is ui_id(label, n) on the current screen (n = 0
 * for most buttons). False when no such widget was drawn. */
bool h_tap(struct harness *h, const char *label, int n);
/* Taps a text field (by its label). */
bool h_tap_field(struct harness *h, const char *label);
/* Taps at a point with a finger event (touch path). */
void h_finger(struct harness *h, int x, int y);
/* Types text as text-input events; presses a key. */
void h_type(struct harness *h, const char *text);
void h_key(struct harness *h, SDL_Keycode key, SDL_Keymod mod);
/* Delivers a payload file as a scan through the app's scan event path. */
int h_scan_file(struct harness *h, const char *path);
/* Signs in badge with pin through the user pick and the PIN pad. */
bool h_sign_in(struct harness *h, const char *badge, const char *pin);
/* Moves the fixed clock. */
void h_advance(struct harness *h, kiosk_ms_t ms);

/* Path of a file under the test source folder (KIOSK_TEST_DIR). */
const char *h_test_path(const char *rel, char *buf, size_t len);

/* Golden tolerance. The software renderer with the bundled fonts draws the
 * same pixels on every run (Debian 12), so the comparison is all but exact:
 * a frame matches its golden when at most H_GOLDEN_MAX_PIXELS pixels differ
 * by more than H_GOLDEN_LEVELS levels in any colour channel. One changed
 * digit changes far more pixels than that (test_ui_golden proves it). */
#define H_GOLDEN_LEVELS     24
#define H_GOLDEN_MAX_PIXELS 8

/* Renders the current frame and compares it with
 * tests/ui/golden/<name>.png within the tolerance above. On mismatch writes
 * <name>_err.png beside the golden and returns false. With
 * KIOSK_UPDATE_GOLDEN=1 writes the golden instead and returns true. */
bool h_golden(struct harness *h, const char *name);

/* Renders the current frame and returns how many pixels differ from
 * tests/ui/golden/<name>.png by more than H_GOLDEN_LEVELS (-1 when the
 * golden is missing or has another size). Never writes a file, also not
 * under KIOSK_UPDATE_GOLDEN=1. */
long h_golden_diff(struct harness *h, const char *name);

/* The automation tree of the current frame (ui/automation.h), as a person
 * sees it. kind 0 = any kind. */
/* First widget of kind whose text equals text; false when none. */
bool h_find(struct harness *h, enum ui_wkind kind, const char *text, struct ui_rect *out);
/* Taps the centre of that widget with a finger (down and up). */
bool h_touch(struct harness *h, enum ui_wkind kind, const char *text);
/* Types s by tapping the on-screen keys with a finger ("Space" for a
 * blank); false when a key is not on screen. */
bool h_osk_type(struct harness *h, const char *s);
/* How many widgets of kind have text containing needle. */
int h_count(struct harness *h, enum ui_wkind kind, const char *needle);
/* The value of the field labelled label ("" when none) into buf. */
const char *h_field_value(struct harness *h, const char *label, char *buf, size_t len);
/* How many widgets or labels report clipped text; the first one's text
 * goes to first (may be NULL). */
int h_clipped(struct harness *h, char *first, size_t len);

/* Writes the current frame to $KIOSK_TEST_SHOTS/<name>.png when that
 * variable is set (for people looking at a flow); otherwise does nothing. */
void h_shot(struct harness *h, const char *name);

/* Delivers data[0..len) as a scan through the app's scan event path. */
int h_scan_data(struct harness *h, const unsigned char *data, size_t len);

#endif
