/* Keyboard-emulation scanners (drivers/hidkbd): translation of 8-byte HID
 * boot-keyboard reports into bytes with a US layout, including the control
 * characters scanners type as Ctrl+letter (Ctrl+J = LF, Ctrl+^ = RS,
 * Ctrl+M = CR) or as Alt+numpad decimal codes. A pure state machine over
 * bytes: no USB, no clock, fuzzable. */
#ifndef KIOSK_HIDKBD_H
#define KIOSK_HIDKBD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Symbols the translator emits: 0..255 are bytes; these are keys that
 * end or shape a barcode rather than being part of it. */
#define HIDKBD_SYM_ENTER 0x100 /* Enter or keypad Enter (the usual suffix) */

/* Translator state; zero-initialise or hidkbd_xlat_reset(). */
struct hidkbd_xlat {
    uint8_t prev_keys[6];
    uint8_t prev_mods;
    bool caps_lock;
    bool alt_active;    /* an Alt+numpad sequence is being typed */
    unsigned alt_value; /* its decimal value so far */
    unsigned alt_digits;
};

void hidkbd_xlat_reset(struct hidkbd_xlat *x);

/* Feeds one boot-keyboard report (byte 0 modifiers, byte 1 reserved, bytes
 * 2..7 key usages; shorter reports carry fewer keys). Writes the symbols of
 * newly pressed keys, in report order, to out[0..cap) and returns how many
 * (symbols beyond cap are lost: pass cap >= 8). A rollover-error report
 * (key 0x01) is ignored. Reports shorter than 3 bytes return 0. */
size_t hidkbd_xlat_feed(struct hidkbd_xlat *x, const uint8_t *rep, size_t n, int *out, size_t cap);

/* True when a HID interface is a boot keyboard (class 3, subclass 1,
 * protocol 1). */
bool hidkbd_is_boot_keyboard(int iface_class, int subclass, int protocol);

#endif
