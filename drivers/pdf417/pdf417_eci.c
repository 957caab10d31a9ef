/* Character-set ECIs of decoded PDF417 data: each segment (the bytes
 * before the first ECI 927 designator in ISO 8859-1, or in the set still in
 * force from the previous Macro PDF417 segment; each later segment in the
 * set its designator names) converted to UTF-8 with iconv, so text mixing
 * several sets reads as one string. */
#include "drivers/pdf417/pdf417_internal.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>

#include "core/kiosk_err.h"

/* iconv name of an ECI character set (AIM ECI assignments), or NULL for
 * binary (899) and sets we do not convert. */
static const char *eci_charset(int eci)
{
    static const char *const iso8859[] = {"ISO-8859-1",  "ISO-8859-2",  "ISO-8859-3",
                                          "ISO-8859-4",  "ISO-8859-5",  "ISO-8859-6",
                                          "ISO-8859-7",  "ISO-8859-8",  "ISO-8859-9",
                                          "ISO-8859-10", "ISO-8859-11", NULL,
                                          "ISO-8859-13", "ISO-8859-14", "ISO-8859-15",
                                          "ISO-8859-16"}; /* ECI 3..18; 14 is unassigned */
    if (eci == 0 || eci == 2)
        return "CP437";
    if (eci == 1)
        return "ISO-8859-1";
    if (eci >= 3 && eci <= 18)
        return iso8859[eci - 3];
    switch (eci) {
    case 20:
        return "SHIFT_JIS";
    case 21:
        return "CP1250";
    case 22:
        return "CP1251";
    case 23:
        return "CP1252";
    case 24:
        return "CP1256";
    case 25:
        return "UTF-16BE";
    case 26:
        return "UTF-8";
    case 27:
    case 170:
        return "ASCII";
    case 28:
        return "BIG5";
    case 29:
        return "GB2312";
    case 30:
        return "EUC-KR";
    case 31:
        return "GBK";
    case 32:
        return "GB18030";
    case 33:
        return "UTF-16LE";
    case 34:
        return "UTF-32BE";
    case 35:
        return "UTF-32LE";
    default:
        return NULL;
    }
}

/* Convert in[0..n-1] from charset to UTF-8 at out[*len..cap-1]. */
static int convert(const char *charset, const unsigned char *in, size_t n, unsigned char *out,
                   size_t *len, size_t cap)
{
    if (n == 0)
        return 0;
    iconv_t cd = iconv_open("UTF-8", charset);
    if (cd == (iconv_t)-1)
        return KIOSK_ERR_INVALID;
    char *ip = (char *)(uintptr_t)in; /* iconv does not write the input */
    size_t il = n;
    char *op = (char *)out + *len;
    size_t ol = cap - *len;
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    int rc = 0;
    if (r == (size_t)-1)
        rc = errno == E2BIG ? KIOSK_ERR_FULL : KIOSK_ERR_INVALID;
    else if (il != 0 || iconv(cd, NULL, NULL, &op, &ol) == (size_t)-1)
        rc = KIOSK_ERR_INVALID;
    iconv_close(cd);
    if (rc == 0)
        *len = (size_t)(op - (char *)out);
    return rc;
}

int pdf417_eci_utf8(const struct pdf417_result *r, int *eci, unsigned char *out, size_t cap,
                    size_t *len)
{
    for (int s = -1; s < r->neci; s++) {
        int e = s < 0 ? *eci : r->eci_seg[s].eci;
        size_t a = s < 0 ? 0 : (size_t)r->eci_seg[s].at;
        size_t b = s + 1 < r->neci ? (size_t)r->eci_seg[s + 1].at : r->length;
        if (b < a || b > r->length)
            return KIOSK_ERR_INVALID;
        const char *cs = eci_charset(e);
        if (!cs && b > a)
            return KIOSK_ERR_INVALID; /* binary (899) or a set we do not know */
        int rc = convert(cs ? cs : "ISO-8859-1", r->data + a, b - a, out, len, cap);
        if (rc != 0)
            return rc;
        *eci = e;
    }
    return 0;
}

int pdf417_result_utf8(const struct pdf417_result *r, unsigned char *out, size_t cap, size_t *len)
{
    if (!r || !out || !len)
        return KIOSK_ERR_USAGE;
    int eci = 3; /* ISO 8859-1 until a designator says otherwise */
    *len = 0;
    return pdf417_eci_utf8(r, &eci, out, cap, len);
}
