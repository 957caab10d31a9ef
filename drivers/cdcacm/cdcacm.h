/* Serial-emulation (CDC-ACM) scanners (drivers/cdcacm): the byte-stream
 * assembly settings both paths share — libusb bulk endpoints and a
 * /dev/ttyACM* node owned by the kernel's cdc_acm driver. */
#ifndef KIOSK_CDCACM_H
#define KIOSK_CDCACM_H

#include "drivers/hidkbd/wedge.h"
#include "drivers/scanner.h"

/* Wedge settings for a serial scanner from cfg (may be NULL): the barcode
 * ends on cfg->serial_terminator when set, else on an idle gap of
 * serial_gap_ms (50 ms). No terminator by default: an AAMVA payload holds CR
 * and LF itself, so only a gap is safe unless the scanner is configured
 * with a suffix that cannot occur in data. */
void cdcacm_wedge_config(const struct scanner_config *cfg, struct wedge_config *wc);

#endif
