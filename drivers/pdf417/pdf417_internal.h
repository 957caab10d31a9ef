/* Internals of the PDF417 reader shared by its stages and their unit tests:
 * the symbol-character table, codeword classification, GF(929) Reed-Solomon
 * and high-level (compaction) decoding. Not part of the driver interface. */
#ifndef KIOSK_PDF417_INTERNAL_H
#define KIOSK_PDF417_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drivers/pdf417/pdf417.h"

#define PDF417_GF        929 /* the prime of the codeword field */
#define PDF417_MAX_CW    928 /* codewords in one symbol, data + check */
#define PDF417_NPATTERNS 929 /* codeword values per cluster */

/* pdf417_patterns[c][v]: widths of codeword v in cluster 3*c, 8 elements of
 * 3 bits each, first bar in bits 21..23 (generated table). */
extern const uint32_t pdf417_patterns[3][929];

/* Element i (0..7) of a packed pattern, in modules. */
static inline int pdf417_pattern_element(uint32_t packed, int i)
{
    return (int)((packed >> (21 - 3 * i)) & 7u);
}

/* One entry of the classification index: the edge-to-similar-edge sequence
 * of a pattern (7 values 2..12, 4 bits each) and what it stands for. */
struct pdf417_cw_key {
    uint32_t key;
    uint16_t value;
    uint8_t cluster; /* 0, 1, 2 = clusters 0, 3, 6 */
};

/* Sorted index of all 3 x 929 patterns by edge-to-similar-edge key. Filled by
 * pdf417_index_init() into caller storage; read-only afterwards. */
struct pdf417_index {
    struct pdf417_cw_key e[3 * 929];
};

/* Build idx from the pattern table. No allocation. */
void pdf417_index_init(struct pdf417_index *idx);

/* Classify 8 element widths (any unit, bar first) as a codeword. want is the
 * expected cluster 0..2 or -1 for any. Returns the value (0..928) and
 * stores the cluster in *cluster, or returns -1 when no pattern fits. */
int pdf417_classify(const struct pdf417_index *idx, const int w[8], int want, int *cluster);

/* The 17-module bar/space pattern of every codeword (bit 16 = first
 * module, 1 = bar) per cluster 0..2, for symbols too fine for element
 * widths: each module sampled at its centre. Filled by pdf417_bits_init. */
struct pdf417_bits {
    uint32_t bits[3][929];
    /* every 17-bit pattern: cluster << 10 | value, or 0xffff for none
     * (each pattern belongs to one cluster) */
    uint16_t lookup[1u << 17];
};

/* Build b from the pattern table. No allocation. */
void pdf417_bits_init(struct pdf417_bits *b);

/* Classify a 17-module pattern in cluster want (0..2): the codeword with
 * exactly that pattern, else, with max_dist 1, the only one of that
 * cluster one module off. Returns the value or -1. Table look-ups only. */
int pdf417_classify_bits(const struct pdf417_bits *b, uint32_t bits, int want, int max_dist);

/* GF(929) arithmetic. */
int pdf417_gf_mul(int a, int b);
int pdf417_gf_inv(int a);
int pdf417_gf_pow(int a, int e);

/* Reed-Solomon check words for data[0..n-1] with k = 2^(level+1) check words,
 * written to check[0..k-1] (the order they appear in the symbol). */
void pdf417_rs_encode(const int *data, int n, int k, int *check);

/* Correct cw[0..n-1] in place (n includes the k check words); erasures lists
 * the positions known to be unreadable (their values are ignored).
 * Returns the number of corrected codewords (errors + erasures) or -1 when
 * the symbol is beyond the correction bound (2e + f <= k - 2, k >= 4; with
 * k == 2 only detection). */
int pdf417_rs_correct(int *cw, int n, int k, const int *erasures, int nerasures);

/* High-level decoding of the data codewords cw[0..n-1] (cw[0] is the
 * symbol length descriptor, already checked). Fills out->data, length, eci
 * and macro fields. Returns 0 or KIOSK_ERR_INVALID / KIOSK_ERR_FULL. */
int pdf417_decode_highlevel(const int *cw, int n, struct pdf417_result *out);

/* r's data as UTF-8, appended at out[*len..cap-1]: the bytes before r's
 * first character-set ECI are in ECI *eci, each later segment in its own;
 * *eci gets the set in force at the end (it carries into the next Macro
 * PDF417 segment). Returns 0, KIOSK_ERR_FULL, or KIOSK_ERR_INVALID for
 * binary data, an unknown set or bytes that are not text in their set.
 * Uses iconv (allocates). */
int pdf417_eci_utf8(const struct pdf417_result *r, int *eci, unsigned char *out, size_t cap,
                    size_t *len);

#endif
