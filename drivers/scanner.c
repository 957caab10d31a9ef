/* The driver registration table and the spec dispatcher of drivers/scanner.h:
 * scanner_open() finds the driver named by the spec's prefix, opens and
 * starts it; plus the symbology names and the AIM identifier map. */
#include "drivers/scanner.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Each driver folder's CMake fragment defines KIOSK_HAVE_DRIVER_<NAME>, so
 * this table compiles whichever folders exist. Adding a source type = one
 * extern and one line below. */
#ifdef KIOSK_HAVE_DRIVER_SIM
extern const struct scanner_driver sim_driver;
#endif
#ifdef KIOSK_HAVE_DRIVER_USB
extern const struct scanner_driver usb_driver;
#endif
#ifdef KIOSK_HAVE_DRIVER_CDCACM
extern const struct scanner_driver cdcacm_tty_driver;
#endif
#ifdef KIOSK_HAVE_DRIVER_CAMERA
extern const struct scanner_driver camera_driver;
#endif

static const struct scanner_driver *const registered[] = {
#ifdef KIOSK_HAVE_DRIVER_SIM
    &sim_driver,
#endif
#ifdef KIOSK_HAVE_DRIVER_USB
    &usb_driver,
#endif
#ifdef KIOSK_HAVE_DRIVER_CDCACM
    &cdcacm_tty_driver,
#endif
#ifdef KIOSK_HAVE_DRIVER_CAMERA
    &camera_driver,
#endif
    NULL,
};

struct scanner {
    const struct scanner_driver *drv;
    void *state;
    struct scanner_config cfg;
    struct scanner_sink sink;
};

const struct scanner_driver *const *scanner_drivers(void)
{
    return registered;
}

void scanner_sink_event(const struct scanner_sink *sink, const struct scan_event *ev)
{
    if (sink && sink->on_event)
        sink->on_event(ev, sink->user);
}

void scanner_sink_status(const struct scanner_sink *sink, const char *source, int err,
                         const char *fmt, ...)
{
    if (!sink || !sink->on_status)
        return;
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    sink->on_status(source, err, msg, sink->user);
}

__attribute__((format(printf, 3, 4))) static void set_err(char *errbuf, size_t errlen,
                                                          const char *fmt, ...)
{
    va_list ap;
    if (!errbuf || !errlen)
        return;
    va_start(ap, fmt);
    vsnprintf(errbuf, errlen, fmt, ap);
    va_end(ap);
}

int scanner_open_cfg(const char *spec, const struct scanner_config *cfg, scan_event_fn on_event,
                     scan_status_fn on_status, void *user, struct scanner **out, char *errbuf,
                     size_t errlen)
{
    if (errbuf && errlen)
        errbuf[0] = '\0';
    if (!spec || !out || !on_event) {
        set_err(errbuf, errlen, "%s", "scanner_open: missing spec, callback or result pointer");
        return KIOSK_ERR_USAGE;
    }
    *out = NULL;
    size_t plen = strcspn(spec, ":");
    const struct scanner_driver *drv = NULL;
    for (size_t i = 0; registered[i]; i++)
        if (strlen(registered[i]->name) == plen && strncmp(registered[i]->name, spec, plen) == 0)
            drv = registered[i];
    if (!drv) {
        set_err(errbuf, errlen,
                "unknown scanner source \"%.80s\" (expected usb, usb:VID:PID, sim:PATH, "
                "tty:/dev/ttyACMn or camera:/dev/videoN)",
                spec);
        return KIOSK_ERR_USAGE;
    }
    const char *arg = spec[plen] == ':' ? spec + plen + 1 : "";

    int rc;
    struct scanner *s = calloc(1, sizeof *s);
    if (!s) {
        rc = KIOSK_ERR_NOMEM;
        goto fail;
    }
    s->drv = drv;
    if (cfg)
        s->cfg = *cfg;
    s->sink = (struct scanner_sink){on_event, on_status, user};
    rc = drv->open(arg, &s->cfg, &s->sink, &s->state, errbuf, errlen);
    if (rc < 0)
        goto fail_free;
    rc = drv->start(s->state, errbuf, errlen);
    if (rc < 0)
        goto fail_close;
    *out = s;
    return 0;

fail_close:
    drv->close(s->state);
fail_free:
    free(s);
fail:
    if (errbuf && errlen && !errbuf[0])
        snprintf(errbuf, errlen, "%s: %s", spec, kiosk_strerror(rc));
    return rc;
}

int scanner_open(const char *spec, scan_event_fn on_event, scan_status_fn on_status, void *user,
                 struct scanner **out, char *errbuf, size_t errlen)
{
    return scanner_open_cfg(spec, NULL, on_event, on_status, user, out, errbuf, errlen);
}

void scanner_close(struct scanner *s)
{
    if (!s)
        return;
    s->drv->stop(s->state);
    s->drv->close(s->state);
    free(s);
}

int scanner_list(const struct scanner_config *cfg, struct scanner_info *rows, size_t cap)
{
    struct scanner_config defaults = {0};
    if (!cfg)
        cfg = &defaults;
    size_t total = 0;
    for (size_t i = 0; registered[i]; i++) {
        if (!registered[i]->probe)
            continue;
        size_t room = total < cap ? cap - total : 0;
        int n = registered[i]->probe(cfg, room ? rows + total : NULL, room);
        if (n < 0)
            return n;
        total += (size_t)n;
    }
    return (int)total;
}

const char *scan_symbology_name(enum scan_symbology sym)
{
    switch (sym) {
    case SCAN_SYM_PDF417:
        return "PDF417";
    case SCAN_SYM_CODE128:
        return "Code 128";
    case SCAN_SYM_CODE39:
        return "Code 39";
    case SCAN_SYM_QR:
        return "QR Code";
    case SCAN_SYM_DATAMATRIX:
        return "Data Matrix";
    case SCAN_SYM_EAN13:
        return "EAN-13";
    case SCAN_SYM_UPCA:
        return "UPC-A";
    case SCAN_SYM_INTERLEAVED25:
        return "Interleaved 2 of 5";
    case SCAN_SYM_AZTEC:
        return "Aztec";
    case SCAN_SYM_UNKNOWN:
        break;
    }
    return "unknown";
}

enum scan_symbology scan_symbology_from_aim(const char *aim)
{
    if (!aim)
        return SCAN_SYM_UNKNOWN;
    if (aim[0] == ']')
        aim++;
    /* AIM ISO/IEC 15424 code characters. */
    switch (aim[0]) {
    case 'L':
        return SCAN_SYM_PDF417;
    case 'C':
        return SCAN_SYM_CODE128;
    case 'A':
        return SCAN_SYM_CODE39;
    case 'Q':
        return SCAN_SYM_QR;
    case 'd':
        return SCAN_SYM_DATAMATRIX;
    case 'E':
        return SCAN_SYM_EAN13;
    case 'I':
        return SCAN_SYM_INTERLEAVED25;
    case 'z':
        return SCAN_SYM_AZTEC;
    default:
        return SCAN_SYM_UNKNOWN;
    }
}

uint64_t scanner_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}
