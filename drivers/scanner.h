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
    char source[64]; /* "usb:0c2e:0b61", "sim:/path", "camera:/dev/video0" */
    enum scan_symbology symbology;
    char aim[4];   /* AIM identifier without ']', e.g. "L0"; "" if unknown */
    uint64_t t_ns; /* CLOCK_MONOTONIC at the end of the barcode */
    size_t length; /* bytes in data */
    unsigned char data[SCAN_DATA_MAX];
};

/* Called on the driver's own thread; must be quick and must copy what it
 * keeps. ev is valid only during the call. */
typedef void (*scan_event_fn)(const struct scan_event *ev, void *user);

/* Called on the driver's thread for things worth a one-line log: a device
 * arrived or left, a partial barcode was dropped. message never contains
 * barcode data. */
typedef void (*scan_status_fn)(const char *source, int err, const char *message, void *user);

/* A positive status err: the source has ended and will deliver nothing more
 * (a sim directory read to its end). 0 = information; negative = enum kiosk_err. */
#define SCAN_STATUS_END 1

struct scanner;

/* Where a driver sends what it reads. The three fields are copied from
 * scanner_open(); a driver calls them from its own thread(s). */
struct scanner_sink {
    scan_event_fn on_event;
    scan_status_fn on_status; /* may be NULL */
    void *user;
};

/* Deliver ev / a status line through sink (helpers for drivers; NULL-safe). */
void scanner_sink_event(const struct scanner_sink *sink, const struct scan_event *ev);
void scanner_sink_status(const struct scanner_sink *sink, const char *source, int err,
                         const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Limits of the optional configuration below. */
#define SCANNER_USB_CONFIG_MAX 16

/* A configured USB scanner (`usb = VID:PID[:protocol]`). protocol is
 * "hidpos", "hidkbd", "cdcacm" or "" (decide by interface class). */
struct scanner_usb_entry {
    uint16_t vid, pid;
    char protocol[16];
};

/* Optional settings for scanner_open_cfg(); zero-initialise, then set what
 * differs. A zero field means the documented default. */
struct scanner_config {
    struct scanner_usb_entry usb[SCANNER_USB_CONFIG_MAX];
    size_t usb_count;
    unsigned kbd_gap_ms;      /* keyboard emulation: end of barcode after this gap (50) */
    int kbd_suffix;           /* keyboard emulation suffix key: 0 = Enter, -1 = none */
    unsigned serial_gap_ms;   /* CDC-ACM: end of barcode after this idle gap (50) */
    int serial_terminator;    /* CDC-ACM terminator byte, -1 or 0 = none (gap only) */
    unsigned sim_interval_ms; /* sim: pause between payload files (0) */
    unsigned camera_width;    /* camera: frame size to ask the device for; 0 = its choice */
    unsigned camera_height;
};

/* One row of an id table: a known scanner model. vid = 0 ends the table.
 * iface_class -1 = any interface. */
struct scanner_id {
    uint16_t vid, pid;
    int iface_class;
    const char *model; /* "Honeywell Xenon 1900 (HID POS)" */
};

/* What `kioskctl scanners` shows for one device a driver would use. */
struct scanner_info {
    char source[64]; /* the spec that opens it: "usb:0c2e:0b61" */
    char driver[16]; /* "usb", "tty", "sim" */
    char protocol[16];
    unsigned bus, address;
    uint16_t vid, pid;
    char manufacturer[64], product[64];
    int claimed; /* 1 = a kernel driver holds it (the kiosk detaches it), 0 no, -1 unknown */
};

/* A driver: one const vtable per barcode source type, listed once in the
 * registration table of drivers/scanner.c. name is the spec prefix
 * ("usb" in "usb:0c2e:0b61"); arg is what follows "name:" ("" if nothing).
 * open allocates the driver state (*state) without starting threads; start
 * starts delivering through sink; stop joins the threads (no callback runs
 * after it returns); close frees the state. probe lists the devices the
 * driver would use (may be NULL): it fills up to cap rows and returns how
 * many it found (>= 0) or a negative enum kiosk_err. */
struct scanner_driver {
    const char *name;
    const struct scanner_id *ids; /* may be NULL */
    int (*probe)(const struct scanner_config *cfg, struct scanner_info *rows, size_t cap);
    int (*open)(const char *arg, const struct scanner_config *cfg, const struct scanner_sink *sink,
                void **state, char *errbuf, size_t errlen);
    int (*start)(void *state, char *errbuf, size_t errlen);
    void (*stop)(void *state);
    void (*close)(void *state);
};

/* The registration table, terminated by NULL. Static storage. */
const struct scanner_driver *const *scanner_drivers(void);

/* Open the source named by spec ("usb", "usb:VID:PID", "sim:PATH",
 * "camera:/dev/videoN"), start delivering events. On success *out owns the
 * source until scanner_close(). Returns 0 or a negative enum kiosk_err
 * (KIOSK_ERR_DEVICE when it cannot be opened, KIOSK_ERR_USAGE for a bad
 * spec); errbuf (may be NULL) receives a one-line reason. */
int scanner_open(const char *spec, scan_event_fn on_event, scan_status_fn on_status, void *user,
                 struct scanner **out, char *errbuf, size_t errlen);

/* scanner_open() with settings; cfg may be NULL (defaults). cfg is copied. */
int scanner_open_cfg(const char *spec, const struct scanner_config *cfg, scan_event_fn on_event,
                     scan_status_fn on_status, void *user, struct scanner **out, char *errbuf,
                     size_t errlen);

/* Every device the registered drivers would use: fills up to cap rows and
 * returns the total found (may exceed cap), or a negative enum kiosk_err. */
int scanner_list(const struct scanner_config *cfg, struct scanner_info *rows, size_t cap);

/* Stop the source's threads and free it. Accepts NULL. No callback runs
 * after this returns. */
void scanner_close(struct scanner *s);

/* Name of a symbology ("PDF417"); static storage. */
const char *scan_symbology_name(enum scan_symbology sym);

/* The symbology of an AIM identifier's code character ("L0" or "]L0" ->
 * PDF417); SCAN_SYM_UNKNOWN when unknown or NULL. */
enum scan_symbology scan_symbology_from_aim(const char *aim);

/* CLOCK_MONOTONIC now, in nanoseconds (the clock of scan_event.t_ns). */
uint64_t scanner_now_ns(void);

#endif
