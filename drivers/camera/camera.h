/* The camera path's image side: scanning one greyscale frame for every
 * symbology the kiosk reads (zbar's Code 128/39 and QR, plus our PDF417
 * reader), and loading image files as greyscale frames. zbar types stay
 * inside drivers/camera; callers see only this header. */
#ifndef KIOSK_CAMERA_H
#define KIOSK_CAMERA_H

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
};

struct frame_scanner;

/* Allocate a scanner for frames up to max_w x max_h running the readers in
 * flags. NULL on allocation failure. Free with frame_scanner_destroy(). */
struct frame_scanner *frame_scanner_create(int max_w, int max_h, unsigned flags);

/* Free; accepts NULL. */
void frame_scanner_destroy(struct frame_scanner *fs);

/* Scan one 8-bit greyscale frame (caller keeps it). Writes up to max
 * symbols to out and returns how many, or a negative enum kiosk_err. Known
 * false zbar hits (QR or linear codes read inside a PDF417 symbol, empty
 * QR) are dropped. Does not allocate when stride == w. */
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
