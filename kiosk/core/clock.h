/* Time for every rule of the kiosk: UTC milliseconds since the Unix epoch, an
 * injectable clock seam (tests and `kioskctl --now` replace the real clock) and
 * ISO 8601 text with hundredths of a second (CJIS AU-8). */
#ifndef KIOSK_CLOCK_H
#define KIOSK_CLOCK_H

#include <stddef.h>
#include <stdint.h>

/* A point in time: UTC milliseconds since 1970-01-01T00:00:00Z. */
typedef int64_t kiosk_ms_t;

#define KIOSK_MS_PER_MIN  ((kiosk_ms_t)60000)
#define KIOSK_MS_PER_HOUR ((kiosk_ms_t)3600000)
#define KIOSK_MS_PER_DAY  ((kiosk_ms_t)86400000)

/* The clock seam. now() returns the current time; ctx is passed back
 * unchanged. A struct kiosk_clock is copied by value wherever it is kept, so
 * ctx must outlive every user of the copy. */
struct kiosk_clock {
    kiosk_ms_t (*now)(void *ctx);
    void *ctx;
};

/* The real clock (CLOCK_REALTIME). */
struct kiosk_clock clock_system(void);

/* A clock that returns *t each time it is asked (t is borrowed: it must outlive
 * the clock). Tests move time by writing *t. */
struct kiosk_clock clock_fixed(const kiosk_ms_t *t);

/* The time now on clock c (c->now NULL means the system clock). */
kiosk_ms_t clock_now(const struct kiosk_clock *c);

/* Writes t as "YYYY-MM-DDThh:mm:ss.ccZ" (UTC, hundredths) into buf (at least
 * KIOSK_ISO_LEN bytes). Returns buf. */
#define KIOSK_ISO_LEN 32
char *clock_format_iso(kiosk_ms_t t, char *buf, size_t len);

/* Parses ISO 8601: "YYYY-MM-DD", "YYYY-MM-DDThh:mm[:ss[.fff]]" with "Z",
 * "+hh:mm"/"-hh:mm" or no zone (taken as UTC). 0 or KIOSK_ERR_INVALID. */
int clock_parse_iso(const char *s, kiosk_ms_t *out);

#endif
