/* Keyboard-wedge assembly, shared by every path where a barcode arrives as
 * a stream of typed characters or serial bytes: the hidkbd driver (through
 * libusb), the CDC-ACM driver, and the UI's keyboard-wedge input (a scanner
 * the OS treats as a plain keyboard). Cuts the stream into barcodes on the
 * suffix symbol or an inter-character gap, strips a configured prefix and
 * an optional AIM identifier prefix, and tells the AAMVA parser when control
 * characters look lost. Pure: time is passed in, nothing sleeps. */
#ifndef KIOSK_WEDGE_H
#define KIOSK_WEDGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drivers/hidkbd/hidkbd.h"
#include "drivers/scanner.h"

#define WEDGE_PREFIX_MAX 8

struct wedge_config {
    uint64_t gap_ns; /* a pause this long ends the barcode; 0 = never */
    int suffix;      /* symbol that ends a barcode (HIDKBD_SYM_ENTER, a byte), -1 = none */
    unsigned char prefix[WEDGE_PREFIX_MAX]; /* stripped when the barcode starts with it */
    size_t prefix_len;
    bool aim_prefix; /* the scanner sends "]Xn" first: move it to ev->aim */
};

/* Defaults of keyboard emulation: Enter ends, 50 ms gap. */
void wedge_config_default(struct wedge_config *cfg);

struct wedge {
    struct wedge_config cfg;
    uint64_t last_ns; /* time of the last symbol */
    size_t len;
    bool overflow;
    unsigned char buf[SCAN_DATA_MAX];
};

void wedge_init(struct wedge *w, const struct wedge_config *cfg);

/* Drops a partial barcode; returns true if there was one. */
bool wedge_reset(struct wedge *w);

/* Feeds one symbol typed at t_ns. When it completes a barcode (suffix), or
 * when the gap since the previous symbol already ended one, fills ev->data,
 * length, aim, symbology and t_ns and returns 1 (the new symbol then starts
 * the next barcode); returns 0 otherwise, or KIOSK_ERR_FULL when the
 * finished barcode was longer than SCAN_DATA_MAX (dropped). A symbol that is
 * neither a byte nor the suffix (e.g. Enter when the suffix is none) is taken
 * as CR. */
int wedge_feed(struct wedge *w, int sym, uint64_t t_ns, struct scan_event *ev);

/* Ends a pending barcode whose gap has passed at now_ns; same results as
 * wedge_feed. Call it when wedge_deadline() is reached. */
int wedge_poll(struct wedge *w, uint64_t now_ns, struct scan_event *ev);

/* When wedge_poll() should next be called (CLOCK_MONOTONIC ns), or 0 when
 * nothing is pending. */
uint64_t wedge_deadline(const struct wedge *w);

/* Hints for the AAMVA parser about a wedge-typed payload. */
#define WEDGE_HINT_AAMVA 0x1 /* starts like an AAMVA payload ("@" ... "ANSI "/"AAMVA") */
#define WEDGE_HINT_CONTROLS_LOST                                                                   \
    0x2                         /* ... but holds no LF, RS or CR: the scanner or                   \
                                   the keyboard path dropped them */
#define WEDGE_HINT_CR_AS_LF 0x4 /* ... holds LF but no CR: CR likely typed as Enter */

/* Hint bits for data[0..len). */
unsigned wedge_hints(const unsigned char *data, size_t len);

#endif
