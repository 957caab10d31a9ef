/* HID POS barcode reports (drivers/hidpos): the report layout of a scanner in
 * "HID POS" mode, read from its report descriptor (usage page 0x8C) or the
 * vendor default, and the assembler that joins a barcode's reports into one
 * scan_event. Pure functions over bytes: no USB, no clock, fuzzable. */
#ifndef KIOSK_HIDPOS_H
#define KIOSK_HIDPOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drivers/scanner.h"

/* HID usage page of bar code scanners (HID Point of Sale Usage Tables). */
#define HIDPOS_USAGE_PAGE 0x8C

/* Where the fields of the scanned-data input report sit, in bytes counted
 * from the report ID byte (byte 0). */
struct hidpos_layout {
    uint8_t report_id;  /* 0 = the device uses no report IDs (no ID byte) */
    size_t report_size; /* bytes including the ID byte */
    int len_off;        /* data length byte, -1 = none (trailing NULs trimmed) */
    int aim_off;        /* 3 bytes "]L0", -1 = none */
    size_t data_off;
    size_t data_max;
    int cont_off; /* byte holding the "more reports follow" bit, -1 = none */
    uint8_t cont_mask;
};

/* The vendor layout most scanners use: 64-byte report ID 2, byte 1 length
 * (<= 56), bytes 2-4 AIM identifier, data from byte 5, byte 63 bit 0 set
 * while more reports of the same barcode follow. */
void hidpos_layout_default(struct hidpos_layout *l);

/* True when the HID report descriptor desc[0..len) uses usage page 0x8C. */
bool hidpos_descriptor_is_pos(const uint8_t *desc, size_t len);

/* Reads the scanned-data report layout out of a report descriptor: the input
 * report holding Decoded Data (0x8C:0xFE), with Symbology Identifier 1..3
 * (0xFB..0xFD) and Decode Data Continued (0xFF) when present; an 8-bit field
 * just before the identifiers is taken as the length byte. Returns 0 and fills
 * *l, KIOSK_ERR_NOT_FOUND when the descriptor has no such report, or
 * KIOSK_ERR_INVALID when it is malformed. Never reads outside desc. */
int hidpos_layout_from_descriptor(const uint8_t *desc, size_t len, struct hidpos_layout *l);

/* Joins the reports of one barcode. Zero-initialise or hidpos_asm_reset(). */
struct hidpos_asm {
    size_t len;
    char aim[4];
    bool active;   /* a barcode is partly received */
    bool dropping; /* too long: skip until its last report */
    unsigned char buf[SCAN_DATA_MAX];
};

/* Forget any partial barcode; returns true if one was dropped. */
bool hidpos_asm_reset(struct hidpos_asm *a);

/* Feeds one input report rep[0..n) as read from the interrupt endpoint.
 * Returns 1 when a barcode is complete: ev->data, length, aim and symbology
 * are set (the caller sets source and t_ns); 0 when more reports are needed
 * or the report is not a scanned-data report (another report ID); a negative
 * enum kiosk_err when the report does not fit the layout
 * (KIOSK_ERR_INVALID; any partial barcode is dropped) or the barcode is longer
 * than SCAN_DATA_MAX (KIOSK_ERR_FULL, returned once, at its last report). */
int hidpos_asm_feed(struct hidpos_asm *a, const struct hidpos_layout *l, const uint8_t *rep,
                    size_t n, struct scan_event *ev);

#endif
