/* The camera path's image side: scanning one greyscale frame for the
 * symbologies the kiosk reads (our PDF417 reader first, zbar's Code 128/39
 * and QR when no PDF417 is in view), and loading image files as greyscale
 * frames. zbar types stay
 * inside drivers/camera; callers see only this header. */
#ifndef KIOSK_CAMERA_H
#define KIOSK_CAMERA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drivers/scanner.h"

/* Which readers frame_scanner_scan() runs. */
enum frame_scan_flags {
    FRAME_SCAN_PDF417 = 1u << 0, /* drivers/pdf417 */
    FRAME_SCAN_ZBAR = 1u << 1,   /* zbar: Code 128, Code 39, QR */
    FRAME_SCAN_ALL = FRAME_SCAN_PDF417 | FRAME_SCAN_ZBAR,
};

/* One symbol found in a frame. The PDF417 fields are 0 for other symbologies. */
struct frame_symbol {
    enum scan_symbology symbology;
    size_t length;
    unsigned char data[SCAN_DATA_MAX];
    int rows, columns, ec_level, corrected, erasures;
    bool utf8; /* PDF417 with character-set ECIs: data is UTF-8, not Latin-1 */
};

struct frame_scanner;

/* What a frame scanner runs per frame. PDF417 always runs first; zbar runs
 * only on frames where no PDF417 was found, and of those only on every
 * zbar_every-th one, scanning every zbar_density-th row and column (for a
 * 720-line frame; proportionally coarser on taller ones), and not at all
 * when the PDF417 reader already used half of budget_ms. With sliced, each
 * such frame runs one of FRAME_SCAN_SLICES parts of zbar's scan instead of
 * all of it (rows for Code 128/39 in two bands, columns in two strips, QR
 * in three overlapping bands), so no frame pays for a whole scan and the
 * frame's time stays even. */
struct frame_scan_policy {
    int zbar_density; /* at 720 lines; 1 = every row and column (zbar's default) */
    int zbar_every;   /* 1 = every frame without a PDF417 */
    double budget_ms; /* per frame; 0 = unbounded */
    bool sliced;      /* false = zbar scans the whole frame at once */
};

/* The parts of one sliced zbar scan: after this many frames without a
 * PDF417 (times zbar_every), every part of the frame was scanned. */
#define FRAME_SCAN_SLICES 7

/* The policy frame_scanner_create() starts with (one image at a time, as
 * `kioskctl decode` reads them): density 4, every frame, no budget, the
 * whole frame at once. */
#define FRAME_SCAN_POLICY_STILL                                                                    \
    {                                                                                              \
        4, 1, 0.0, false                                                                           \
    }
/* The live camera's policy: one seventh of zbar's scan on every frame
 * without a PDF417 (a badge anywhere in view is read within 7 frames,
 * 0.23 s at 30 fps, and each frame costs the PDF417 sweep plus about a
 * quarter of a whole zbar scan), density 4, a 33 ms frame. */
#define FRAME_SCAN_POLICY_LIVE                                                                     \
    {                                                                                              \
        4, 1, 33.0, true                                                                           \
    }

/* Allocate a scanner for frames up to max_w x max_h running the readers in
 * flags with FRAME_SCAN_POLICY_STILL. NULL on allocation failure. Free with
 * frame_scanner_destroy(). */
struct frame_scanner *frame_scanner_create(int max_w, int max_h, unsigned flags);

/* Replace the scanner's policy (copied). Out-of-range fields are clamped:
 * density and every to 1..64, a negative budget to 0. */
void frame_scanner_set_policy(struct frame_scanner *fs, const struct frame_scan_policy *p);

/* Free; accepts NULL. */
void frame_scanner_destroy(struct frame_scanner *fs);

/* Scan one 8-bit greyscale frame (caller keeps it) under the scanner's
 * policy. Writes up to max symbols to out and returns how many, or a
 * negative enum kiosk_err. Empty zbar results are dropped. Does not
 * allocate when stride == w. */
int frame_scanner_scan(struct frame_scanner *fs, const uint8_t *gray, int w, int h, int stride,
                       struct frame_symbol *out, size_t max);

/* Load a PNG, JPEG or PGM file as 8-bit greyscale (SDL2_image). On success
 * *gray is malloc'd (caller frees) with *w x *h pixels, stride *w. Returns
 * 0, KIOSK_ERR_NOT_FOUND (missing), KIOSK_ERR_INVALID (not an image we can
 * read) or KIOSK_ERR_NOMEM; errbuf gets a one-line reason. */
int image_load_gray(const char *path, uint8_t **gray, int *w, int *h, char *errbuf, size_t errlen);

/* ---- the capture session (drivers/camera/camera.c) ---- */

/* A barcode seen again within this many ns of its last sighting is the
 * same presentation and is not reported again. */
#define CAMERA_HOLD_NS 1500000000ull

struct camera_session;

/* A frame pipeline without a device: frames in, deduplicated scan_events
 * out through sink (copied). source names the events ("camera:/dev/video0").
 * NULL on allocation failure. Free with camera_session_destroy(). */
struct camera_session *camera_session_create(int max_w, int max_h, const char *source,
                                             const struct scanner_sink *sink);

/* Free; accepts NULL. */
void camera_session_destroy(struct camera_session *cs);

/* Scan one greyscale frame taken at now_ns (CLOCK_MONOTONIC) and deliver
 * each barcode not seen in the previous CAMERA_HOLD_NS. Returns the number
 * of events delivered or a negative enum kiosk_err. */
int camera_session_frame(struct camera_session *cs, const uint8_t *gray, int w, int h, int stride,
                         uint64_t now_ns);

#endif
