/* PDF417 high-level decoding (ISO/IEC 15438 section 5.4): text compaction
 * with its four sub-modes, latches and shifts, byte compaction (901, 924,
 * shift 913), numeric compaction (902), ECI designators (925-927) anywhere
 * and the Macro PDF417 control block (928, 923, 922). Produces the exact
 * bytes and where character-set ECIs divide them (UTF-8: pdf417_eci.c). */
#include "drivers/pdf417/pdf417_internal.h"

#include <string.h>

#include "core/kiosk_err.h"

enum {
    CW_TEXT = 900,
    CW_BYTE = 901,
    CW_NUMERIC = 902,
    CW_SHIFT_BYTE = 913,
    CW_READER_INIT = 921,
    CW_MACRO_END = 922,
    CW_MACRO_FIELD = 923,
    CW_BYTE6 = 924,
    CW_ECI_USER = 925,
    CW_ECI_GENERAL = 926,
    CW_ECI_CHARSET = 927,
    CW_MACRO = 928,
};

enum text_mode { TM_ALPHA, TM_LOWER, TM_MIXED, TM_PUNCT };

/* Mixed sub-mode values 0..24 and punctuation values 0..28. */
static const char mixed_chars[25] = {'0', '1', '2',  '3',  '4', '5', '6', '7', '8',
                                     '9', '&', '\r', '\t', ',', ':', '#', '-', '.',
                                     '$', '/', '+',  '%',  '*', '=', '^'};
static const char punct_chars[29] = {';', '<',  '>',  '@', '[', '\\', ']', '_', '`', '~',
                                     '!', '\r', '\t', ',', ':', '\n', '-', '.', '$', '/',
                                     '"', '|',  '*',  '(', ')', '?',  '{', '}', '\''};

struct hl {
    struct pdf417_result *out;
    enum text_mode mode; /* latched text sub-mode */
    int shift;           /* -1 none, else the sub-mode of the next value only */
    int err;
};

static void put(struct hl *h, int byte)
{
    if (h->out->length >= PDF417_DATA_MAX) {
        h->err = KIOSK_ERR_FULL;
        return;
    }
    h->out->data[h->out->length++] = (unsigned char)byte;
}

static void text_value(struct hl *h, int v)
{
    enum text_mode m = h->shift >= 0 ? (enum text_mode)h->shift : h->mode;
    bool shifted = h->shift >= 0;
    h->shift = -1;
    switch (m) {
    case TM_ALPHA:
    case TM_LOWER:
        if (v < 26)
            put(h, (m == TM_ALPHA ? 'A' : 'a') + v);
        else if (v == 26)
            put(h, ' ');
        else if (shifted)
            break; /* a control value inside a shift means nothing */
        else if (v == 27)
            m == TM_ALPHA ? (void)(h->mode = TM_LOWER) : (void)(h->shift = TM_ALPHA);
        else if (v == 28)
            h->mode = TM_MIXED;
        else
            h->shift = TM_PUNCT;
        break;
    case TM_MIXED:
        if (v < 25)
            put(h, mixed_chars[v]);
        else if (v == 26)
            put(h, ' ');
        else if (shifted)
            break;
        else if (v == 25)
            h->mode = TM_PUNCT;
        else if (v == 27)
            h->mode = TM_LOWER;
        else if (v == 28)
            h->mode = TM_ALPHA;
        else
            h->shift = TM_PUNCT;
        break;
    case TM_PUNCT:
        if (v < 29)
            put(h, punct_chars[v]);
        else if (!shifted)
            h->mode = TM_ALPHA;
        break;
    }
}

/* Value of up to 15 base-900 digits as decimal digits into dec[] (most
 * significant first); returns the digit count. */
static int base900_to_decimal(const int *cw, int n, char *dec)
{
    unsigned char d[64]; /* little-endian decimal digits; 900^15 < 10^45 */
    int nd = 1;
    d[0] = 0;
    for (int i = 0; i < n; i++) {
        int carry = cw[i];
        for (int j = 0; j < nd; j++) {
            int v = d[j] * 900 + carry;
            d[j] = (unsigned char)(v % 10);
            carry = v / 10;
        }
        while (carry && nd < (int)sizeof d) {
            d[nd++] = (unsigned char)(carry % 10);
            carry /= 10;
        }
    }
    while (nd > 1 && d[nd - 1] == 0)
        nd--;
    for (int j = 0; j < nd; j++)
        dec[j] = (char)('0' + d[nd - 1 - j]);
    dec[nd] = 0;
    return nd;
}

/* Numeric compaction run cw[i..] up to the next codeword >= 900; returns
 * the index after it. */
static int numeric_run(struct hl *h, const int *cw, int n, int i)
{
    while (i < n && cw[i] < 900) {
        int g = 0;
        while (g < 15 && i + g < n && cw[i + g] < 900)
            g++;
        char dec[64];
        int nd = base900_to_decimal(cw + i, g, dec);
        if (dec[0] != '1') {
            h->err = KIOSK_ERR_INVALID;
            return n;
        }
        for (int j = 1; j < nd; j++)
            put(h, dec[j]);
        i += g;
    }
    return i;
}

static bool is_eci(int c)
{
    return c == CW_ECI_USER || c == CW_ECI_GENERAL || c == CW_ECI_CHARSET;
}

/* Record an ECI designator at cw[i - 1] (arguments from cw[i]); returns the
 * index after its arguments or -1 when they are missing. */
static int eci(struct hl *h, const int *cw, int n, int i)
{
    int c = cw[i - 1], value;
    if (c == CW_ECI_GENERAL) {
        if (i + 1 >= n || cw[i] >= 900 || cw[i + 1] >= 900)
            return -1;
        value = 900 * (cw[i] + 1) + cw[i + 1];
        i += 2;
    } else {
        if (i >= n || cw[i] >= 900)
            return -1;
        value = c == CW_ECI_CHARSET ? cw[i] : 810900 + cw[i];
        i++;
    }
    if (h->out->eci < 0)
        h->out->eci = value;
    if (c == CW_ECI_CHARSET) {
        struct pdf417_result *o = h->out;
        if (o->neci >= PDF417_ECI_MAX)
            return -1;
        o->eci_seg[o->neci].at = (int)o->length;
        o->eci_seg[o->neci++].eci = value;
    }
    return i;
}

/* ECIs between byte groups; returns the index of the next data codeword,
 * mode codeword or end, or n with h->err set. */
static int byte_ecis(struct hl *h, const int *cw, int n, int i)
{
    while (i < n && is_eci(cw[i])) {
        i = eci(h, cw, n, i + 1);
        if (i < 0) {
            h->err = KIOSK_ERR_INVALID;
            return n;
        }
    }
    return i;
}

/* Byte compaction from cw[i]: groups of 5 codewords make 6 bytes, the rest
 * one byte each (in 901 a run of a multiple of 5 ends with 5 single bytes).
 * ECIs may stand between groups and bytes without ending the run. */
static int byte_run(struct hl *h, const int *cw, int n, int i, bool six)
{
    int count = 0;
    for (int j = i; j < n;) {
        if (cw[j] < 900) {
            count++;
            j++;
        } else if (is_eci(cw[j])) {
            j += cw[j] == CW_ECI_GENERAL ? 3 : 2;
        } else {
            break;
        }
    }
    int groups = count / 5, singles = count % 5;
    if (!six && singles == 0 && groups > 0) {
        groups--;
        singles = 5;
    }
    if (six && singles != 0) {
        h->err = KIOSK_ERR_INVALID;
        return n;
    }
    i = byte_ecis(h, cw, n, i);
    for (int g = 0; g < groups && !h->err; g++) {
        uint64_t v = 0;
        for (int j = 0; j < 5; j++, i++) {
            if (i >= n || cw[i] >= 900) {
                h->err = KIOSK_ERR_INVALID; /* an ECI inside a group */
                return n;
            }
            v = v * 900 + (uint64_t)cw[i];
        }
        if (v >> 48) {
            h->err = KIOSK_ERR_INVALID;
            return n;
        }
        for (int j = 5; j >= 0; j--)
            put(h, (int)((v >> (8 * j)) & 0xff));
        i = byte_ecis(h, cw, n, i);
    }
    for (int k = 0; k < singles && !h->err; k++) {
        if (i >= n || cw[i] > 255) {
            h->err = KIOSK_ERR_INVALID;
            return n;
        }
        put(h, cw[i++]);
        i = byte_ecis(h, cw, n, i);
    }
    return i;
}

/* A Macro field's text/numeric content is skipped; count and last are kept. */
static int macro_block(struct hl *h, const int *cw, int n, int i)
{
    struct pdf417_macro *m = &h->out->macro;
    m->present = true;
    m->segment_count = -1;
    if (i + 2 > n || cw[i] >= 900 || cw[i + 1] >= 900)
        goto bad;
    char dec[64];
    base900_to_decimal(cw + i, 2, dec);
    if (dec[0] != '1' || strlen(dec) != 6)
        goto bad;
    m->segment_index = (dec[1] - '0') * 10000 + (dec[2] - '0') * 1000 + (dec[3] - '0') * 100 +
                       (dec[4] - '0') * 10 + (dec[5] - '0');
    i += 2;
    size_t fl = 0;
    while (i < n && cw[i] < 900) {
        if (fl + 4 <= sizeof m->file_id) {
            m->file_id[fl++] = (char)('0' + cw[i] / 100);
            m->file_id[fl++] = (char)('0' + cw[i] / 10 % 10);
            m->file_id[fl++] = (char)('0' + cw[i] % 10);
            m->file_id[fl] = 0;
        }
        i++;
    }
    while (i < n) {
        if (cw[i] == CW_MACRO_END) {
            m->last = true;
            i++;
        } else if (cw[i] == CW_MACRO_FIELD && i + 1 < n) {
            int designator = cw[i + 1];
            int j = i + 2;
            while (j < n && cw[j] < 900)
                j++;
            if (designator == 1 && j > i + 2 && j - (i + 2) <= 15) {
                char d[64];
                int nd = base900_to_decimal(cw + i + 2, j - (i + 2), d);
                if (d[0] == '1' && nd <= 10) {
                    long v = 0;
                    for (int q = 1; q < nd; q++)
                        v = v * 10 + (d[q] - '0');
                    m->segment_count = (int)v;
                }
            }
            i = j;
        } else if (cw[i] == CW_TEXT) {
            i++; /* padding */
        } else {
            goto bad;
        }
    }
    return n;
bad:
    h->err = KIOSK_ERR_INVALID;
    return n;
}

int pdf417_decode_highlevel(const int *cw, int n, struct pdf417_result *out)
{
    struct hl h = {.out = out, .mode = TM_ALPHA, .shift = -1, .err = 0};
    out->length = 0;
    out->eci = -1;
    out->neci = 0;
    memset(&out->macro, 0, sizeof out->macro);
    out->macro.segment_count = -1;
    int i = 1; /* cw[0] is the length descriptor */
    int mode = CW_TEXT;
    while (i < n && !h.err) {
        int c = cw[i];
        if (c < 900) {
            if (mode == CW_TEXT) {
                text_value(&h, c / 30);
                text_value(&h, c % 30);
                i++;
            } else if (mode == CW_NUMERIC) {
                i = numeric_run(&h, cw, n, i);
            } else {
                i = byte_run(&h, cw, n, i, mode == CW_BYTE6);
            }
            continue;
        }
        i++;
        switch (c) {
        case CW_TEXT:
            mode = CW_TEXT;
            h.mode = TM_ALPHA;
            h.shift = -1;
            break;
        case CW_BYTE:
        case CW_BYTE6:
        case CW_NUMERIC:
            mode = c;
            break;
        case CW_SHIFT_BYTE:
            if (i >= n || cw[i] > 255 || mode != CW_TEXT)
                return KIOSK_ERR_INVALID;
            put(&h, cw[i++]);
            h.shift = -1; /* a shift left pending before 913 was padding */
            break;
        case CW_ECI_CHARSET:
        case CW_ECI_USER:
        case CW_ECI_GENERAL:
            i = eci(&h, cw, n, i);
            if (i < 0)
                return KIOSK_ERR_INVALID;
            break;
        case CW_MACRO:
            i = macro_block(&h, cw, n, i);
            break;
        case CW_READER_INIT:
            break;
        default:
            return KIOSK_ERR_INVALID;
        }
    }
    return h.err;
}
