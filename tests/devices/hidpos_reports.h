/* Test fixtures for the HID POS protocol: the 64-byte vendor-layout input
 * reports a scanner sends for one barcode, shared by the parser tests, the
 * in-process fake device and the scanner benchmark. */
#ifndef KIOSK_TEST_HIDPOS_REPORTS_H
#define KIOSK_TEST_HIDPOS_REPORTS_H

#include <stddef.h>
#include <stdint.h>

/* Builds the reports of one barcode into out (64 bytes each, caller-owned,
 * room for max_reports): report ID 2, the chunk length, the 3-byte AIM
 * identifier aim, up to 56 data bytes, and a "more follows" flag in the last
 * byte. Returns how many reports were written (at most max_reports). */
size_t hidpos_reports_make(const char *aim, const void *data, size_t len, uint8_t (*out)[64],
                           size_t max_reports);

#endif
