/* PDF417 reader built on zbar's linear scanner: finds symbols in a greyscale
 * image at any orientation, reads rows along many scanlines, corrects with
 * Reed-Solomon over GF(929) (errors and erasures) and returns the exact bytes. */
#ifndef KIOSK_PDF417_H
#define KIOSK_PDF417_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest decoded payload (a symbol holds at most 2710 digits). */
#define PDF417_DATA_MAX 4096

/* Character-set changes kept per symbol. */
#define PDF417_ECI_MAX 32

/* Macro PDF417 control block, when the symbol carries one. */
struct pdf417_macro {
    bool present;
    int segment_index; /* 0-based */
    int segment_count; /* -1 when the optional field is absent */
    bool last;         /* terminator 922 seen */
    char file_id[96];  /* codewords as 3-digit groups, NUL-terminated */
};

/* One decoded symbol. Self-contained; copy to keep. */
struct pdf417_result {
    size_t length;
    unsigned char data[PDF417_DATA_MAX]; /* exact bytes, Latin-1 unless eci says otherwise */
    int rows, columns, ec_level;
    int corrected; /* codewords changed by error correction, erasures included */
    int erasures;  /* cells no scanline could read */
    int eci;       /* first ECI designator, -1 when none */
    int neci;      /* character-set ECIs (927) in the data: */
    struct pdf417_eci_seg {
        int at;  /* byte offset in data where the set begins */
        int eci; /* ECI number of the set */
    } eci_seg[PDF417_ECI_MAX];
    struct pdf417_macro macro;
    float corners[4][2]; /* image coordinates: top-left, top-right, bottom-right, bottom-left */
};

struct pdf417_decoder;

/* Allocate a decoder (zbar scanner + work buffers sized for images up to
 * max_w x max_h; larger images are refused with KIOSK_ERR_FULL). Returns
 * NULL on allocation failure. Free with pdf417_decoder_destroy(). */
struct pdf417_decoder *pdf417_decoder_create(int max_w, int max_h);

/* Free a decoder; accepts NULL. */
void pdf417_decoder_destroy(struct pdf417_decoder *dec);

/* Find and decode up to max symbols in the 8-bit greyscale image gray (w x h,
 * rows stride bytes apart; the caller keeps ownership). Returns the number
 * of symbols written to out[0..] (0 when none), or a negative enum
 * kiosk_err (KIOSK_ERR_USAGE for bad arguments, KIOSK_ERR_FULL for an image
 * larger than the decoder was made for). Does not allocate; bounded work. */
int pdf417_decoder_decode(struct pdf417_decoder *dec, const uint8_t *gray, int w, int h, int stride,
                          struct pdf417_result *out, size_t max);

/* Convenience: create a decoder for this image, decode, destroy. Same
 * return values as pdf417_decoder_decode, plus KIOSK_ERR_NOMEM. */
int pdf417_decode_gray(const uint8_t *gray, int w, int h, int stride, struct pdf417_result *out,
                       size_t max);

/* r's data as UTF-8 in out (cap bytes), *len its length: each segment in
 * the character set its ECI names (before any, ISO 8859-1). Returns 0,
 * KIOSK_ERR_FULL, or KIOSK_ERR_INVALID for binary data (ECI 899), a set
 * we do not know, or bytes that are not text in their set. */
int pdf417_result_utf8(const struct pdf417_result *r, unsigned char *out, size_t cap, size_t *len);

/* Join the Macro PDF417 segments seg[0..n-1] (any order, one file,
 * duplicates allowed) into out (cap bytes); *len gets the length. With
 * utf8, as text: each segment's ECIs applied, the set in force carried
 * from one segment into the next (pdf417_result_utf8 for a whole file);
 * else the exact bytes. Returns 0 when every segment up to the last is
 * there, KIOSK_ERR_NOT_FOUND while some are missing, KIOSK_ERR_INVALID for
 * a result without a control block, segments of different files,
 * conflicting copies or (utf8) data that is not text, KIOSK_ERR_FULL when
 * cap is too small. */
int pdf417_macro_join(const struct pdf417_result *seg, size_t n, bool utf8, unsigned char *out,
                      size_t cap, size_t *len);

/* Decode a complete codeword matrix (row by row, rows x columns, check
 * words included) at ec_level; erased[i] marks unreadable cells (may be
 * NULL). Fills out except corners. Returns 0 or a negative enum kiosk_err
 * (KIOSK_ERR_INVALID when uncorrectable or malformed). For tests/fuzzing. */
int pdf417_decode_codewords(const int *cw, const bool *erased, int rows, int columns, int ec_level,
                            struct pdf417_result *out);

#endif
