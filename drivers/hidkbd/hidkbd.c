/* Boot-keyboard report translation with a US layout (see hidkbd.h). */
#include "drivers/hidkbd/hidkbd.h"

#include <string.h>

#define MOD_CTRL  0x11 /* left | right Ctrl */
#define MOD_SHIFT 0x22
#define MOD_ALT   0x44

/* US layout, usages 0x04..0x38: unshifted and shifted characters. */
static const char us_plain[] = "abcdefghijklmnopqrstuvwxyz1234567890\n\x1b\b\t -=[]\\#;'`,./";
static const char us_shift[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ!@#$%^&*()\n\x1b\b\t _+{}|~:\"~<>?";

void hidkbd_xlat_reset(struct hidkbd_xlat *x)
{
    memset(x, 0, sizeof *x);
}

bool hidkbd_is_boot_keyboard(int iface_class, int subclass, int protocol)
{
    return iface_class == 3 && subclass == 1 && protocol == 1;
}

/* Keypad digit of usage u (0x59..0x62 = 1..9, 0), or -1. */
static int keypad_digit(uint8_t u)
{
    if (u >= 0x59 && u <= 0x61)
        return u - 0x58;
    if (u == 0x62)
        return 0;
    return -1;
}

/* The character of usage u with shift state, or -1 (no character). */
static int key_char(uint8_t u, bool shift, bool caps)
{
    if (u >= 0x04 && u <= 0x38 && u != 0x28) {
        bool upper = shift;
        if (u <= 0x1d && caps)
            upper = !upper;
        return (unsigned char)(upper ? us_shift : us_plain)[u - 0x04];
    }
    switch (u) {
    case 0x54:
        return '/';
    case 0x55:
        return '*';
    case 0x56:
        return '-';
    case 0x57:
        return '+';
    case 0x63:
        return '.';
    default: {
        int d = keypad_digit(u);
        return d >= 0 ? '0' + d : -1;
    }
    }
}

/* Ctrl + key: the ASCII control character scanners mean by it, or -1. */
static int ctrl_char(uint8_t u, bool shift)
{
    if (u >= 0x04 && u <= 0x1d)
        return (u - 0x04 + 'a') & 0x1f; /* Ctrl+J = LF, Ctrl+M = CR */
    switch (u) {
    case 0x1f: /* 2 / @ */
        return 0x00;
    case 0x23: /* 6 / ^: RS */
        return 0x1e;
    case 0x2d: /* - / _: US */
        return 0x1f;
    case 0x2f: /* [ */
        return shift ? -1 : 0x1b;
    case 0x31: /* \ */
        return shift ? -1 : 0x1c;
    case 0x30: /* ] */
        return shift ? -1 : 0x1d;
    default:
        return -1;
    }
}

size_t hidkbd_xlat_feed(struct hidkbd_xlat *x, const uint8_t *rep, size_t n, int *out, size_t cap)
{
    if (n < 3)
        return 0;
    size_t nkeys = n - 2 > 6 ? 6 : n - 2;
    const uint8_t *keys = rep + 2;
    for (size_t i = 0; i < nkeys; i++)
        if (keys[i] >= 0x01 && keys[i] <= 0x03)
            return 0; /* ErrorRollOver / POSTFail / ErrorUndefined: phantom state */

    size_t count = 0;
    uint8_t mods = rep[0];
    bool ctrl = mods & MOD_CTRL, shift = mods & MOD_SHIFT, alt = mods & MOD_ALT;

    /* Alt released: an Alt+numpad sequence ends and yields its byte. */
    if (x->alt_active && !alt) {
        if (x->alt_digits && count < cap)
            out[count++] = (int)(x->alt_value & 0xff);
        x->alt_active = false;
        x->alt_value = x->alt_digits = 0;
    }

    for (size_t i = 0; i < nkeys; i++) {
        uint8_t u = keys[i];
        if (u == 0)
            continue;
        bool held = false;
        for (size_t j = 0; j < 6; j++)
            if (x->prev_keys[j] == u)
                held = true;
        if (held)
            continue;
        int sym = -1;
        if (alt) {
            int d = keypad_digit(u);
            if (d >= 0) {
                x->alt_active = true;
                if (x->alt_digits < 4)
                    x->alt_value = x->alt_value * 10 + (unsigned)d;
                x->alt_digits++;
            }
            continue; /* Alt + anything else types nothing */
        }
        if (u == 0x39) {
            x->caps_lock = !x->caps_lock;
            continue;
        }
        if (u == 0x28 || u == 0x58)
            sym = ctrl ? 0x0d : HIDKBD_SYM_ENTER; /* Ctrl+Enter: a CR in the data */
        else if (ctrl)
            sym = ctrl_char(u, shift);
        else
            sym = key_char(u, shift, x->caps_lock);
        if (sym >= 0 && count < cap)
            out[count++] = sym;
    }
    memset(x->prev_keys, 0, sizeof x->prev_keys);
    memcpy(x->prev_keys, keys, nkeys);
    x->prev_mods = mods;
    return count;
}
