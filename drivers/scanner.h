/* The one interface every barcode source implements (USB, camera, simulation).
 * A driver delivers scan_events — the exact bytes of one barcode — through a
 * callback; it knows nothing of IDs or policy. The app sees only this header. */
#ifndef KIOSK_SCANNER_H
#define KIOSK_SCANNER_H

#include <stddef.h>
#include <stdint.h>

#include "core/kiosk_err.h"

/* Largest barcode a driver delivers. A PDF417 symbol holds at most 1850
 * text characters or 1108 bytes; larger input is dropped with a logged
 * reason (never truncated silently). */
#define SCAN_DATA_MAX 4096

enum scan_symbology {
    SCAN_SYM_UNKNOWN = 0,
    SCAN_SYM_PDF417,
    SCAN_SYM_CODE128,
    SCAN_SYM_CODE39,
    SCAN_SYM_QR,
    SCAN_SYM_DATAMATRIX,
    SCAN_SYM_EAN13,
    SCAN_SYM_UPCA,
    SCAN_SYM_INTERLEAVED25,
    SCAN_SYM_AZTEC,
};

/* One barcode as read. Self-contained: copy it to keep it. */
struct scan_event {
    char source[64];              /* "usb:0c2e:0b61", "sim:/path", "camera:/dev/video0" */
    enum scan_symbology symbology;
    char aim[4];                  /* AIM identifier without ']', e.g. "L0"; "" if unknown */
    uint64_t t_ns;                /* CLOCK_MONOTONIC at the end of the barcode */
    size_t length;                /* bytes in data */
    unsigned char data[SCAN_DATA_MAX];
};

/* Called on the driver's own thread; must be quick and must copy what it
 * keeps. ev is valid only during the call. */
typedef void (*scan_event_fn)(const struct scan_event *ev, void *user);

/* Called on the driver's thread for things worth a one-line log: a device
 * arrived or left, a partial barcode was dropped. message never contains
 * barcode data. */
typedef void (*scan_status_fn)(const char *source, int err, const char *message, void *user);

struct scanner;

/* Open the source named by spec ("usb", "usb:VID:PID", "sim:PATH",
 * "camera:/dev/videoN"), start delivering events. On success *out owns the
 * source until scanner_close(). Returns 0 or a negative enum kiosk_err
 * (KIOSK_ERR_DEVICE when it cannot be opened, KIOSK_ERR_USAGE for a bad
 * spec); errbuf (may be NULL) receives a one-line reason. */
int scanner_open(const char *spec, scan_event_fn on_event, scan_status_fn on_status, void *user,
                 struct scanner **out, char *errbuf, size_t errlen);

/* Stop the source's threads and free it. Accepts NULL. No callback runs
 * after this returns. */
void scanner_close(struct scanner *s);

/* Name of a symbology ("PDF417"); static storage. */
const char *scan_symbology_name(enum scan_symbology sym);

#endif
