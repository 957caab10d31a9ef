/* AAMVA DL/ID payload parser (see aamva.h and README "ID payloads"). One pass
 * over the bytes: find the header, repair transport damage into a stack copy,
 * tokenise on separators (or, when every separator was stripped, by a
 * dictionary of element IDs), then derive the typed fields. Designator
 * offsets are only hints; elements are found by scanning. */
#include "core/aamva.h"
#include "core/kiosk_err.h"

#include <stddef.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* ---- element dictionary ---------------------------------------------- */

#define VR(a, b) ((uint16_t)(((1u << ((b) + 1)) - 1u) & ~((1u << (a)) - 1u)))
#define VALL     VR(0, 11)

struct elem_def {
    char id[4];
    uint8_t fixed;     /* fixed value length in dictionary mode, 0 = variable */
    uint16_t versions; /* bit v: defined in AAMVA version v (v00 counted as v01) */
};

/* Element IDs by version, from research §1.4. Used to recognise subfile
 * starts and, restricted to the payload's version, to split payloads whose
 * separators were all stripped. */
static const struct elem_def elem_defs[] = {
    {"DAA", 0, VR(0, 1)},
    {"DAB", 0, VR(0, 1)},
    {"DAC", 0, VR(0, 1) | VR(4, 11)},
    {"DAD", 0, VR(0, 1) | VR(4, 11)},
    {"DAE", 0, VR(0, 1)},
    {"DAF", 0, VR(0, 1)},
    {"DAG", 0, VALL},
    {"DAH", 0, VALL},
    {"DAI", 0, VALL},
    {"DAJ", 0, VALL},
    {"DAK", 0, VALL},
    {"DAL", 0, VR(0, 1)},
    {"DAM", 0, VR(0, 1)},
    {"DAN", 0, VR(0, 1)},
    {"DAO", 0, VR(0, 1)},
    {"DAP", 0, VR(0, 1)},
    {"DAQ", 0, VALL},
    {"DAR", 0, VR(0, 1)},
    {"DAS", 0, VR(0, 1)},
    {"DAT", 0, VR(0, 1)},
    {"DAU", 0, VALL},
    {"DAV", 0, VR(0, 1)},
    {"DAW", 0, VR(0, 1) | VR(4, 11)},
    {"DAX", 0, VR(0, 1) | VR(4, 11)},
    {"DAY", 0, VALL},
    {"DAZ", 0, VALL},
    {"DBA", 8, VALL},
    {"DBB", 8, VALL},
    {"DBC", 1, VALL},
    {"DBD", 8, VALL},
    {"DBE", 0, VR(0, 1)},
    {"DBF", 0, VR(0, 1)},
    {"DBG", 0, VR(0, 1) | VR(3, 10)},
    {"DBH", 0, VR(0, 1)},
    {"DBI", 0, VR(0, 1)},
    {"DBJ", 0, VR(0, 1)},
    {"DBK", 0, VR(0, 1)},
    {"DBL", 0, VR(0, 1)},
    {"DBM", 0, VR(0, 1)},
    {"DBN", 0, VR(0, 10)},
    {"DBO", 0, VR(0, 1)},
    {"DBP", 0, VR(0, 1)},
    {"DBQ", 0, VR(0, 1)},
    {"DBR", 0, VR(0, 1)},
    {"DBS", 0, VR(0, 1) | VR(3, 10)},
    {"DCA", 0, VR(2, 11)},
    {"DCB", 0, VR(2, 11)},
    {"DCD", 0, VR(2, 11)},
    {"DCE", 1, VR(2, 11)},
    {"DCF", 0, VR(2, 11)},
    {"DCG", 0, VR(2, 11)},
    {"DCH", 0, VR(2, 11)},
    {"DCI", 0, VR(2, 11)},
    {"DCJ", 0, VR(2, 11)},
    {"DCK", 0, VR(2, 11)},
    {"DCL", 0, VR(2, 10)},
    {"DCM", 0, VR(2, 11)},
    {"DCN", 0, VR(2, 11)},
    {"DCO", 0, VR(2, 11)},
    {"DCP", 0, VR(2, 11)},
    {"DCQ", 0, VR(2, 11)},
    {"DCR", 0, VR(2, 11)},
    {"DCS", 0, VR(2, 11)},
    {"DCT", 0, VR(2, 11)},
    {"DCU", 0, VR(2, 11)},
    {"DDA", 1, VR(4, 11)},
    {"DDB", 8, VR(4, 11)},
    {"DDC", 8, VR(4, 10)},
    {"DDD", 1, VR(4, 11)},
    {"DDE", 1, VR(4, 11)},
    {"DDF", 1, VR(4, 11)},
    {"DDG", 1, VR(4, 11)},
    {"DDH", 0, VR(4, 11)},
    {"DDI", 0, VR(4, 11)},
    {"DDJ", 0, VR(4, 11)},
    {"DDK", 1, VR(6, 11)},
    {"DDL", 1, VR(7, 11)},
    {"DDM", 1, VR(11, 11)},
    {"DDN", 1, VR(11, 11)},
    {"DDO", 1, VR(11, 11)},
    {"DDP", 1, VR(11, 11)},
    {"PAA", 0, VR(0, 1)},
    {"PAB", 0, VR(0, 1)},
    {"PAC", 0, VR(0, 1)},
    {"PAD", 0, VR(0, 1)},
    {"PAE", 0, VR(0, 1)},
    {"PAF", 0, VR(0, 1)},
};
#define ELEM_DEF_COUNT (sizeof elem_defs / sizeof elem_defs[0])

/* Element slots: D[A-D][A-Z] → 0..103, PA[A-Z] → 104..129. */
#define SLOT_COUNT 130

static int slot_of(const unsigned char *p)
{
    unsigned c1 = p[1], c2 = p[2];
    if (c2 < 'A' || c2 > 'Z')
        return -1;
    if (p[0] == 'D' && c1 >= 'A' && c1 <= 'D')
        return (int)((c1 - 'A') * 26 + (c2 - 'A'));
    if (p[0] == 'P' && c1 == 'A')
        return (int)(104 + (c2 - 'A'));
    return -1;
}

/* The slot of element D<b><c>, e.g. D('A', 'Q') for DAQ. */
#define D(b, c) (((b) - 'A') * 26 + ((c) - 'A'))

/* Slot -> 1 + index into elem_defs, 0 for an unknown ID (checked against
 * elem_defs by test_aamva's test_element_table). */
static const uint8_t slot_def[SLOT_COUNT] = {
    1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
    23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44,
    45, 0,  0,  0,  0,  0,  0,  0,  46, 47, 0,  48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58,
    59, 60, 61, 62, 63, 64, 65, 0,  0,  0,  0,  0,  66, 67, 68, 69, 70, 71, 72, 73, 74, 75,
    76, 77, 78, 79, 80, 81, 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  82, 83, 84, 85, 86, 87,
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
};

/* The definition of the element ID at p (3 bytes), NULL when unknown. */
static const struct elem_def *elem_known(const unsigned char *p)
{
    int s = slot_of(p);
    if (s < 0 || slot_def[s] == 0)
        return NULL;
    return &elem_defs[slot_def[s] - 1];
}

/* Exposed for the unit test that checks slot_def against elem_defs. */
int aamva_element_known(const char *id)
{
    const struct elem_def *d = elem_known((const unsigned char *)id);
    return d && memcmp(d->id, id, 3) == 0;
}

/* ---- names ------------------------------------------------------------ */

static const char *const repair_names[AAMVA_REPAIR_COUNT] = {
    "bom_removed",
    "leading_junk",
    "header_junk",
    "rs_as_6",
    "rs_as_uuml",
    "cr_as_M",
    "cr_as_lf",
    "crlf",
    "pipe_separators",
    "c1_noise_removed",
    "control_chars_dropped",
    "separators_stripped",
};

static const char *const warning_names[AAMVA_WARNING_COUNT] = {
    "dob_order_fallback",
    "expires_order_fallback",
    "issued_order_fallback",
    "dob_impossible",
    "expires_impossible",
    "issued_impossible",
    "address_state_differs_from_issuer",
    "country_differs_from_issuer",
    "unknown_issuer",
    "subfile_type_missing",
    "header_without_jurisdiction_version",
    "aamva_version_unknown",
    "five_digit_iin",
    "family_name_truncated",
    "first_name_truncated",
    "middle_names_truncated",
    "date_junk_suffix",
    "duplicate_element",
    "value_too_long",
    "too_many_jurisdiction_elements",
};

static const char *const refusal_names[] = {
    "none",
    "empty",
    "too_long",
    "not_aamva",
    "truncated_header",
    "no_elements",
    "separators_unrecoverable",
    "compact_encoding",
    "encrypted",
    "magstripe_unreadable",
    "uniformed_services_id",
};

static int bit_index(uint32_t bit)
{
    if (bit == 0 || (bit & (bit - 1)) != 0)
        return -1;
    int i = 0;
    while (!(bit & 1u)) {
        bit >>= 1;
        i++;
    }
    return i;
}

const char *aamva_repair_name(uint32_t bit)
{
    int i = bit_index(bit);
    return i >= 0 && i < AAMVA_REPAIR_COUNT ? repair_names[i] : NULL;
}

const char *aamva_warning_name(uint32_t bit)
{
    int i = bit_index(bit);
    return i >= 0 && i < AAMVA_WARNING_COUNT ? warning_names[i] : NULL;
}

const char *aamva_refusal_name(int refusal)
{
    if (refusal < 0 || refusal >= (int)(sizeof refusal_names / sizeof refusal_names[0]))
        return NULL;
    return refusal_names[refusal];
}

/* ---- dates ------------------------------------------------------------ */

long aamva_days_from_civil(int y, int m, int d)
{
    /* Howard Hinnant's days_from_civil algorithm (public-domain arithmetic). */
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dim[m - 1];
}

int aamva_date_valid(int y, int m, int d)
{
    return y >= 1875 && y <= 2199 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

char *aamva_date_iso(const struct aamva_date *d, char *out)
{
    if (!d || (d->state != AAMVA_DATE_OK && d->state != AAMVA_DATE_FALLBACK))
        return NULL;
    unsigned y = (unsigned)d->year % 10000u, m = (unsigned)d->month % 100u,
             dd = (unsigned)d->day % 100u;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + dd / 10);
    out[9] = (char)('0' + dd % 10);
    out[10] = '\0';
    return out;
}

/* ---- parser state ----------------------------------------------------- */

struct span {
    uint16_t off, len;
};

struct parser {
    struct aamva_doc *doc;
    /* The bytes from the file type on: the caller's input itself while
     * nothing needs repairing, else store (see writable_buf). */
    const unsigned char *buf;
    size_t n;
    /* have[s]: element slot s seen. Bytes, not bits: the tokeniser's
     * stores stay independent of each other. Padded to whole 16s. */
    uint8_t have[(SLOT_COUNT + 15) / 16 * 16];
    struct span el[SLOT_COUNT]; /* valid where have[] is set */
    char declared[8][3];        /* subfile types from the designators */
    int ndeclared;
    int in_z;                               /* tokeniser: inside a Z subfile */
    uint16_t seppos[AAMVA_MAX_PAYLOAD + 1]; /* separator positions in buf */
    unsigned char store[AAMVA_MAX_PAYLOAD]; /* repaired copy, when one is needed */
};

static int has_slot(const struct parser *ps, int s)
{
    return ps->have[s];
}

/* Makes ps->buf a private copy that repairs may write to; returns it. */
static unsigned char *writable_buf(struct parser *ps)
{
    if (ps->buf != ps->store) {
        memcpy(ps->store, ps->buf, ps->n);
        ps->buf = ps->store;
    }
    return ps->store;
}

static int is_upper(unsigned c)
{
    return c >= 'A' && c <= 'Z';
}

static int is_digit(unsigned c)
{
    return c >= '0' && c <= '9';
}

/* strcmp(a, b) == 0 for the short codes compared here, without a call. */
static int str_eq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

#define BYTES_01 0x0101010101010101ull /* SWAR: one in every byte */
#define BYTES_80 0x8080808080808080ull /* SWAR: the top bit of every byte */

/* Byte classes: separators (LF, CR, RS, FS, '|') and C1 controls. */
#define CL_SEP 1
#define CL_C1  2
static const uint8_t byte_class[256] = {
    ['\n'] = CL_SEP, ['\r'] = CL_SEP, [0x1e] = CL_SEP, [0x1c] = CL_SEP, ['|'] = CL_SEP,
    [0x80] = CL_C1,  [0x81] = CL_C1,  [0x82] = CL_C1,  [0x83] = CL_C1,  [0x84] = CL_C1,
    [0x85] = CL_C1,  [0x86] = CL_C1,  [0x87] = CL_C1,  [0x88] = CL_C1,  [0x89] = CL_C1,
    [0x8a] = CL_C1,  [0x8b] = CL_C1,  [0x8c] = CL_C1,  [0x8d] = CL_C1,  [0x8e] = CL_C1,
    [0x8f] = CL_C1,  [0x90] = CL_C1,  [0x91] = CL_C1,  [0x92] = CL_C1,  [0x93] = CL_C1,
    [0x94] = CL_C1,  [0x95] = CL_C1,  [0x96] = CL_C1,  [0x97] = CL_C1,  [0x98] = CL_C1,
    [0x99] = CL_C1,  [0x9a] = CL_C1,  [0x9b] = CL_C1,  [0x9c] = CL_C1,  [0x9d] = CL_C1,
    [0x9e] = CL_C1,  [0x9f] = CL_C1,
};

static int is_sep(unsigned c)
{
    return byte_class[c & 0xff] & CL_SEP;
}

/* memset(p, 0, n) for the fixed sizes used here, with 16-byte stores where
 * SSE2 exists: a memset of a few hundred bytes compiles to "rep stos", whose
 * start-up cost alone was several percent of a whole parse. */
static inline void zero_bytes(void *dst, size_t n)
{
    unsigned char *p = dst;
    size_t i = 0;
#ifdef __SSE2__
    const __m128i zero = _mm_setzero_si128();
    for (; i + 64 <= n; i += 64) {
        _mm_storeu_si128((__m128i *)(void *)(p + i), zero);
        _mm_storeu_si128((__m128i *)(void *)(p + i + 16), zero);
        _mm_storeu_si128((__m128i *)(void *)(p + i + 32), zero);
        _mm_storeu_si128((__m128i *)(void *)(p + i + 48), zero);
    }
    for (; i + 16 <= n; i += 16)
        _mm_storeu_si128((__m128i *)(void *)(p + i), zero);
#endif
    memset(p + i, 0, n - i);
}

/* Counts of the separator kinds scan_separators() reports. */
struct sep_counts {
    size_t pipes; /* '|' */
    size_t crlfs; /* LF right after a CR */
};

/* Records the position of every separator in p[0, n) into pos (room for n
 * entries), ORs the byte classes seen into *any and counts pipes and CR LF
 * pairs into *cnts; returns the number of separators. The one pass every
 * payload gets, so it is vectorised where SSE2 exists. */
static size_t scan_separators(const unsigned char *p, size_t n, uint16_t *pos, unsigned *any,
                              struct sep_counts *cnts)
{
    size_t cnt = 0, i = 0, pipes = 0, crlfs = 0;
    unsigned cls = 0;
#ifdef __SSE2__
    /* Exact separator masks per block (no per-byte table look-ups in the
     * common case); a block with a byte >= 0x80 is classified bytewise for
     * C1 noise. Pipes and CR LF pairs are counted on the masks. */
    const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'), rs = _mm_set1_epi8(0x1e),
                  fs = _mm_set1_epi8(0x1c), bar = _mm_set1_epi8('|');
    unsigned cr_carry = 0; /* the previous block ended with a CR */
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        __m128i mlf = _mm_cmpeq_epi8(v, lf), mcr = _mm_cmpeq_epi8(v, cr),
                mbar = _mm_cmpeq_epi8(v, bar);
        __m128i m = _mm_or_si128(_mm_or_si128(mlf, mcr),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, rs), _mm_cmpeq_epi8(v, fs)));
        unsigned bits = (unsigned)_mm_movemask_epi8(_mm_or_si128(m, mbar));
        if (_mm_movemask_epi8(v)) { /* a byte >= 0x80 */
            for (size_t k = i; k < i + 16; k++)
                cls |= byte_class[p[k]];
        }
        if (!bits) {
            cr_carry = 0;
            continue;
        }
        cls |= CL_SEP;
        unsigned crs = (unsigned)_mm_movemask_epi8(mcr);
        if (crs | cr_carry) {
            unsigned pairs = (unsigned)_mm_movemask_epi8(mlf) & ((crs << 1) | cr_carry);
            for (; pairs; pairs &= pairs - 1)
                crlfs++;
            cr_carry = crs >> 15;
        }
        for (unsigned bars = (unsigned)_mm_movemask_epi8(mbar); bars; bars &= bars - 1)
            pipes++;
        do {
            pos[cnt++] = (uint16_t)(i + (size_t)__builtin_ctz(bits));
            bits &= bits - 1;
        } while (bits);
    }
    if (i < n && n >= 16) {
        /* The last 1-15 bytes: one more block ending at n, the lanes before
         * i masked off (so a CR before an LF is always inside the block). */
        size_t j = n - 16;
        unsigned keep = (0xffffu << (i - j)) & 0xffffu;
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + j));
        __m128i mlf = _mm_cmpeq_epi8(v, lf), mcr = _mm_cmpeq_epi8(v, cr),
                mbar = _mm_cmpeq_epi8(v, bar);
        __m128i m = _mm_or_si128(_mm_or_si128(mlf, mcr),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, rs), _mm_cmpeq_epi8(v, fs)));
        unsigned bits = (unsigned)_mm_movemask_epi8(_mm_or_si128(m, mbar)) & keep;
        if ((unsigned)_mm_movemask_epi8(v) & keep) {
            for (size_t k = i; k < n; k++)
                cls |= byte_class[p[k]];
        }
        if (bits) {
            cls |= CL_SEP;
            unsigned crs = (unsigned)_mm_movemask_epi8(mcr);
            unsigned pairs = (unsigned)_mm_movemask_epi8(mlf) & (crs << 1) & keep;
            for (; pairs; pairs &= pairs - 1)
                crlfs++;
            for (unsigned bars = (unsigned)_mm_movemask_epi8(mbar) & keep; bars; bars &= bars - 1)
                pipes++;
            do {
                pos[cnt++] = (uint16_t)(j + (size_t)__builtin_ctz(bits));
                bits &= bits - 1;
            } while (bits);
        }
        i = n;
    }
#endif
    /* Branch-free tail: every position is written, the count advances only
     * on a separator. */
    for (; i < n; i++) {
        unsigned c = p[i];
        unsigned cl = byte_class[c];
        cls |= cl;
        pos[cnt] = (uint16_t)i;
        cnt += cl & CL_SEP;
        pipes += c == '|';
        crlfs += c == '\n' && i > 0 && p[i - 1] == '\r';
    }
    *any |= cls;
    cnts->pipes = pipes;
    cnts->crlfs = crlfs;
    return cnt;
}

/* Copies the C string src into dst (cap bytes), cut to fit and terminated. */
static void copy_str(char *dst, size_t cap, const char *src)
{
    size_t l = strlen(src);
    if (l >= cap)
        l = cap - 1;
    memcpy(dst, src, l);
    dst[l] = '\0';
}

static int refuse(struct aamva_doc *doc, int refusal, int err, const char *msg)
{
    doc->format = AAMVA_FORMAT_NONE;
    doc->refusal = (uint8_t)refusal;
    copy_str(doc->refusal_message, sizeof doc->refusal_message, msg);
    return err;
}

/* 1 when more than a quarter of the bytes are neither printable ASCII nor
 * separators: binary or encrypted content. */
static int looks_binary(const unsigned char *p, size_t n)
{
    if (n == 0)
        return 0;
    size_t odd = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = p[i];
        if (!((c >= 0x20 && c < 0x7f) || c == '\n' || c == '\r' || c == '\t' || c == 0x1e ||
              c == 0x1c))
            odd++;
    }
    return odd * 4 > n;
}

/* Case-insensitive comparison of n bytes against an upper-case word. */
static int word_eq(const unsigned char *v, const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned c = v[i];
        if (c >= 'a' && c <= 'z')
            c -= 32;
        if (c != (unsigned char)w[i])
            return 0;
    }
    return 1;
}

/* NONE, unavl, unavail, empty and 00000000 mean "no value". */
static int is_absent(const unsigned char *v, size_t n)
{
    switch (n) {
    case 0:
        return 1;
    case 4:
        return word_eq(v, "NONE", 4);
    case 5:
        return word_eq(v, "UNAVL", 5);
    case 7:
        return word_eq(v, "UNAVAIL", 7);
    case 8:
        return memcmp(v, "00000000", 8) == 0;
    default:
        return 0;
    }
}

/* The value of the present element slot s, right-trimmed; NULL (and *len
 * untouched) when it spells "no value". */
static const unsigned char *elem_value(const struct parser *ps, int s, size_t *len)
{
    const unsigned char *v = ps->buf + ps->el[s].off;
    size_t n = ps->el[s].len;
    /* right-trim here, for the elements actually used; space padding 8
     * bytes at a time */
    if (n && v[n - 1] <= ' ') {
        uint64_t x;
        while (n >= 8 && (memcpy(&x, v + n - 8, 8), x == BYTES_01 * ' '))
            n -= 8;
        while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == 0))
            n--;
    }
    if (is_absent(v, n))
        return NULL;
    *len = n;
    return v;
}

/* The value of element slot s, right-trimmed; NULL/0 when absent. The
 * presence test inline, as most look-ups are of absent elements. */
static inline const unsigned char *elem(const struct parser *ps, int s, size_t *len)
{
    *len = 0;
    return has_slot(ps, s) ? elem_value(ps, s, len) : NULL;
}

/* Nonzero when one of the 8 bytes in x is a control character (below 0x20
 * or 0x7f). Borrows only carry out of a byte that is itself a hit, so the
 * answer is exact. */
static uint64_t has_control(uint64_t x)
{
    uint64_t y = x ^ (BYTES_01 * 0x7f);
    return ((x - BYTES_01 * 0x20) & ~x & BYTES_80) | ((y - BYTES_01) & ~y & BYTES_80);
}

/* Nonzero when one of the 8 bytes in x is zero (exact, as above). */
static uint64_t has_zero_byte(uint64_t y)
{
    return (y - BYTES_01) & ~y & BYTES_80;
}

/* Nonzero when one of the 8 bytes in x ends a word for put_words(): a byte
 * up to ' ', ',', '$' or 0x7f. */
static uint64_t has_word_break(uint64_t x)
{
    return ((x - BYTES_01 * 0x21) & ~x & BYTES_80) | has_zero_byte(x ^ (BYTES_01 * ',')) |
           has_zero_byte(x ^ (BYTES_01 * '$')) | has_zero_byte(x ^ (BYTES_01 * 0x7f));
}

/* 1 when each of the 8 bytes in x is an ASCII digit. */
static int all_digits(uint64_t x)
{
    return (x & BYTES_80) == 0 && (((x + BYTES_01 * 0x46) | (x - BYTES_01 * 0x30)) & BYTES_80) == 0;
}

/* Copies v (n bytes) into dst (cap bytes incl. NUL), trimmed on both sides,
 * control characters as spaces; returns the length written. */
static size_t copy_trim(struct aamva_doc *doc, char *dst, size_t cap, const unsigned char *v,
                        size_t n)
{
    while (n && (*v == ' ' || *v == '\t')) {
        v++;
        n--;
    }
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == 0))
        n--;
    if (n >= cap) {
        n = cap - 1;
        doc->warnings |= AAMVA_WARN_VALUE_TRUNCATED;
    }
    size_t i = 0;
    if (n >= 8) { /* 8 bytes at a time while there is nothing to replace */
        uint64_t x;
        for (; i + 8 <= n; i += 8) {
            memcpy(&x, v + i, 8);
            if (has_control(x))
                goto bytewise;
            memcpy(dst + i, &x, 8);
        }
        memcpy(&x, v + n - 8, 8); /* the rest, overlapping what was copied */
        if (i < n && !has_control(x)) {
            memcpy(dst + n - 8, &x, 8);
            i = n;
        }
    } else if (n >= 4) { /* two 4-byte halves, overlapping */
        uint32_t lo, hi;
        memcpy(&lo, v, 4);
        memcpy(&hi, v + n - 4, 4);
        if (!has_control((uint64_t)hi << 32 | lo)) {
            memcpy(dst, &lo, 4);
            memcpy(dst + n - 4, &hi, 4);
            i = n;
        }
    }
bytewise:
    for (; i < n; i++) {
        unsigned char c = v[i];
        dst[i] = (char)(c < 0x20 || c == 0x7f ? ' ' : c);
    }
    dst[n] = '\0';
    return n;
}

/* copy_trim() of the value of element slot s; returns the length written,
 * 0 with dst untouched when the element is absent. */
static size_t copy_elem(const struct parser *ps, char *dst, size_t cap, int s)
{
    size_t n;
    const unsigned char *v = elem(ps, s, &n);
    return v ? copy_trim(ps->doc, dst, cap, v, n) : 0;
}

/* Records the value [vs, ve) of element slot s; the first occurrence wins.
 * The caller counts the element (doc->element_count). */
static inline void put_slot(struct parser *ps, int s, size_t vs, size_t ve)
{
    if (ps->have[s]) {
        ps->doc->warnings |= AAMVA_WARN_DUPLICATE_ELEMENT;
        return;
    }
    ps->have[s] = 1;
    ps->el[s].off = (uint16_t)vs;
    ps->el[s].len = (uint16_t)(ve - vs);
}

/* Stores one jurisdiction element token (id "Z??" at p, value up to e). */
static void store_z(struct parser *ps, size_t p, size_t e)
{
    const unsigned char *b = ps->buf;
    size_t vs = p + 3;
    size_t ve = e;
    while (ve > vs && (b[ve - 1] == ' ' || b[ve - 1] == '\t' || b[ve - 1] == 0))
        ve--;
    struct aamva_doc *doc = ps->doc;
    if (doc->z_count >= AAMVA_MAX_Z) {
        doc->warnings |= AAMVA_WARN_Z_OVERFLOW;
        return;
    }
    struct aamva_zelem *z = &doc->z[doc->z_count++];
    memcpy(z->key, b + p, 3);
    z->key[3] = '\0';
    size_t n = ve - vs;
    if (n > AAMVA_FIELD - 1)
        n = AAMVA_FIELD - 1;
    memcpy(z->value, b + vs, n);
    z->value[n] = '\0';
    z->len = (uint8_t)n;
    doc->element_count++;
}

/* Stores one element token (id at p, value up to e); first occurrence wins. */
static void store_elem(struct parser *ps, size_t p, size_t e)
{
    const unsigned char *b = ps->buf;
    size_t vs = p + 3;
    size_t ve = e;
    if (b[p] == 'Z') {
        store_z(ps, p, e);
        return;
    }
    int s = slot_of(b + p);
    if (s < 0)
        return; /* unknown ID: ignored, never fatal */
    ps->doc->element_count++;
    put_slot(ps, s, vs, ve);
}

static int is_elem_id(const unsigned char *p)
{
    return (p[0] == 'D' || p[0] == 'P') && is_upper(p[1]) && is_upper(p[2]);
}

/* "ZxZx?" at p with matching jurisdiction letter: a Z subfile start. */
static int is_z_start(const unsigned char *p, size_t avail)
{
    return avail >= 5 && p[0] == 'Z' && is_upper(p[1]) && p[2] == 'Z' && p[3] == p[1] &&
           is_upper(p[4]);
}

/* "DL"/"ID"/"EN" + a known element ID at p: a document subfile start. */
static int is_doc_start(const unsigned char *p, size_t avail)
{
    if (avail < 5)
        return 0;
    if (!((p[0] == 'D' && p[1] == 'L') || (p[0] == 'I' && p[1] == 'D') ||
          (p[0] == 'E' && p[1] == 'N')))
        return 0;
    if (elem_known(p))
        return 0; /* the 3 bytes are themselves an element ID */
    return elem_known(p + 2) != NULL;
}

static void set_doc_type(struct parser *ps, const unsigned char *p)
{
    if (!ps->doc->document_type[0]) {
        ps->doc->document_type[0] = (char)p[0];
        ps->doc->document_type[1] = (char)p[1];
        ps->doc->document_type[2] = '\0';
    }
}

/* Handles one token [s, e) of a separated body. */
static void take_token(struct parser *ps, size_t s, size_t e, int *first)
{
    const unsigned char *b = ps->buf;
    if (e - s < 3)
        return;
    /* The common case: a "D[A-D]?" element after the first token (no
     * subfile type starts with DA-DD). */
    if (!*first && b[s] == 'D' && b[s + 1] >= 'A' && b[s + 1] <= 'D' && is_upper(b[s + 2])) {
        store_elem(ps, s, e);
        return;
    }
    if (is_z_start(b + s, e - s)) {
        ps->in_z = 1;
        s += 2;
    } else if (is_doc_start(b + s, e - s)) {
        set_doc_type(ps, b + s);
        ps->in_z = 0;
        s += 2;
    } else if (*first && is_elem_id(b + s)) {
        ps->doc->warnings |= AAMVA_WARN_SUBFILE_TYPE_MISSING;
    }
    *first = 0;
    if (is_elem_id(b + s))
        store_elem(ps, s, e);
    else if (b[s] == 'Z' && is_upper(b[s + 1]) && is_upper(b[s + 2]))
        store_elem(ps, s, e);
}

/* Tokenises [start, end) on runs of separators, given the positions of all
 * separators in buf (seppos, nsep, ascending): no byte is looked at twice. */
static void tokenise_separated(struct parser *ps, size_t start, size_t end, const uint16_t *seppos,
                               size_t nsep)
{
    const unsigned char *b = ps->buf;
    int first = 1;
    int count = 0; /* elements taken by the inline path, added at the end */
    size_t s = start, k = 0;
    while (k < nsep && seppos[k] < start)
        k++;
    for (; k < nsep; k++) {
        size_t e = seppos[k];
        if (e > s) {
            /* take_token's common case, inline: a "D[A-D][A-Z]" element */
            if (!first && e - s >= 3 && b[s] == 'D' && (unsigned)(b[s + 1] - 'A') < 4u &&
                (unsigned)(b[s + 2] - 'A') < 26u) {
                count++;
                put_slot(ps, D(b[s + 1], b[s + 2]), s + 3, e);
            } else if (!first && e - s >= 3 && b[s] == 'Z' && is_upper(b[s + 1]) &&
                       is_upper(b[s + 2]) && !is_z_start(b + s, e - s)) {
                store_z(ps, s, e); /* take_token's path for a "Z??" element */
            } else {
                take_token(ps, s, e, &first);
            }
        }
        s = e + 1;
    }
    if (end > s)
        take_token(ps, s, end, &first);
    ps->doc->element_count += count;
}

/* Whether the bytes after a candidate element ID can be its value: fixed
 * fields have a known shape (dates are 8 digits, DBC a sex code, DDE-DDG
 * T/N/U, ...). Rejects accidental IDs such as "DDC" inside "DCADDCB". */
static int value_fits(const struct elem_def *d, const unsigned char *v, size_t avail)
{
    if (!d->fixed)
        return 1;
    if (avail < d->fixed)
        return 0;
    const char *id = d->id;
    if (d->fixed == 8) {
        for (int i = 0; i < 8; i++)
            if (!is_digit(v[i]))
                return 0;
        return 1;
    }
    unsigned c = v[0];
    if (strcmp(id, "DBC") == 0)
        return c == '1' || c == '2' || c == '9' || c == 'M' || c == 'F' || c == 'X';
    if (strcmp(id, "DDE") == 0 || strcmp(id, "DDF") == 0 || strcmp(id, "DDG") == 0)
        return c == 'T' || c == 'N' || c == 'U';
    if (strcmp(id, "DDA") == 0)
        return c == 'F' || c == 'M' || c == 'N';
    if (strcmp(id, "DCE") == 0)
        return is_digit(c);
    return c == '0' || c == '1';
}

/* Splits a payload whose separators were all stripped, using only element IDs
 * defined for its version, each at most once, fixed-length values taking
 * their fixed width. Returns the number of elements found. */
static int tokenise_dictionary(struct parser *ps, size_t start, size_t end)
{
    const unsigned char *b = ps->buf;
    int v = ps->doc->aamva_version;
    if (v < 0)
        v = 0;
    if (v > 11)
        v = 11;
    uint16_t vbit = (uint16_t)(1u << (v == 0 ? 1 : v));
    uint8_t seen[SLOT_COUNT];
    zero_bytes(seen, sizeof seen);
    size_t i = start;
    int found = 0;
    if (is_doc_start(b + i, end - i)) {
        set_doc_type(ps, b + i);
        i += 2;
    } else {
        ps->doc->warnings |= AAMVA_WARN_SUBFILE_TYPE_MISSING;
    }
    while (i + 3 <= end) {
        const struct elem_def *d = elem_known(b + i);
        if (!d || !(d->versions & vbit))
            break;
        int s = slot_of(b + i);
        seen[s] = 1;
        size_t vs = i + 3, ve;
        if (d->fixed) {
            ve = vs + d->fixed <= end ? vs + d->fixed : end;
        } else {
            ve = vs;
            while (ve < end) {
                unsigned c0 = b[ve];
                if (c0 != 'Z' && c0 != 'D' && c0 != 'P') { /* cannot start either */
                    ve++;
                    continue;
                }
                if (is_z_start(b + ve, end - ve))
                    break;
                if (ve + 3 <= end) {
                    const struct elem_def *n = elem_known(b + ve);
                    if (n && (n->versions & vbit) && !seen[slot_of(b + ve)] &&
                        value_fits(n, b + ve + 3, end - ve - 3))
                        break;
                }
                ve++;
            }
        }
        store_elem(ps, i, ve);
        found++;
        i = ve;
        if (i < end && is_z_start(b + i, end - i))
            break;
    }
    /* Jurisdiction subfiles: ZxZxA...ZxB... split at each "Zx[A-Z]". */
    while (i + 5 <= end && is_z_start(b + i, end - i)) {
        unsigned char j = b[i + 1];
        i += 2;
        while (i + 3 <= end && b[i] == 'Z' && b[i + 1] == j && is_upper(b[i + 2])) {
            size_t ve = i + 3;
            while (ve < end &&
                   !(ve + 3 <= end && b[ve] == 'Z' && is_upper(b[ve + 1]) && is_upper(b[ve + 2])))
                ve++;
            store_elem(ps, i, ve);
            i = ve;
            if (is_z_start(b + i, end - i))
                break;
        }
    }
    return found;
}

/* ---- derived fields ----------------------------------------------------- */

/* Parses a date value: 8 digits after removing '-' and '/', in order
 * ccyymmdd (1) or mmddccyy (0), falling back to the other order. */
static void parse_date(struct parser *ps, int slot, int ccyy_first, struct aamva_date *out,
                       uint32_t warn_fallback, uint32_t warn_impossible)
{
    size_t n;
    const unsigned char *v = elem(ps, slot, &n);
    memset(out, 0, sizeof *out);
    if (!v)
        return;
    char dg[8];
    size_t k = 0, i = 0;
    uint64_t x = 0;
    if (n >= 8)
        memcpy(&x, v, 8);
    if (n >= 8 && all_digits(x)) { /* the usual form: 8 digits */
        memcpy(dg, v, 8);
        k = i = 8;
    } else {
        for (; i < n && k < 8; i++) {
            if (is_digit(v[i]))
                dg[k++] = (char)v[i];
            else if (v[i] == '-' || v[i] == '/')
                continue;
            else
                break;
        }
    }
    if (k == 8) {
        size_t rest = i;
        while (rest < n && v[rest] == ' ')
            rest++;
        if (rest < n)
            ps->doc->warnings |= AAMVA_WARN_DATE_JUNK;
    }
    if (k != 8) {
        out->state = AAMVA_DATE_IMPOSSIBLE;
        ps->doc->warnings |= warn_impossible;
        return;
    }
    int a4 = (dg[0] - '0') * 1000 + (dg[1] - '0') * 100 + (dg[2] - '0') * 10 + (dg[3] - '0');
    int a2 = (dg[0] - '0') * 10 + (dg[1] - '0');
    int b2 = (dg[2] - '0') * 10 + (dg[3] - '0');
    int c2 = (dg[4] - '0') * 10 + (dg[5] - '0');
    int d2 = (dg[6] - '0') * 10 + (dg[7] - '0');
    int c4 = c2 * 100 + d2;
    for (int attempt = 0; attempt < 2; attempt++) {
        int iso = attempt == 0 ? ccyy_first : !ccyy_first;
        int y = iso ? a4 : c4, m = iso ? c2 : a2, d = iso ? d2 : b2;
        if (aamva_date_valid(y, m, d)) {
            out->year = (int16_t)y;
            out->month = (int8_t)m;
            out->day = (int8_t)d;
            out->state = attempt == 0 ? AAMVA_DATE_OK : AAMVA_DATE_FALLBACK;
            if (attempt)
                ps->doc->warnings |= warn_fallback;
            return;
        }
    }
    out->state = AAMVA_DATE_IMPOSSIBLE;
    ps->doc->warnings |= warn_impossible;
}

static int is_suffix_word(const char *w, size_t n)
{
    static const char *const sfx[] = {"JR",  "SR",   "II",  "III", "IV",  "V",   "VI",
                                      "VII", "VIII", "IX",  "1ST", "2ND", "3RD", "4TH",
                                      "5TH", "6TH",  "7TH", "8TH", "9TH", "JR.", "SR."};
    for (size_t i = 0; i < sizeof sfx / sizeof sfx[0]; i++)
        if (strlen(sfx[i]) == n && memcmp(sfx[i], w, n) == 0)
            return 1;
    return 0;
}

/* Copies a trimmed piece [s, e) of src into dst, turning commas into spaces
 * and collapsing runs of spaces; returns the length written. */
static size_t put_words(struct aamva_doc *doc, char *dst, size_t cap, const char *s, const char *e)
{
    /* The usual case, one word that fits: a plain copy. */
    size_t n = (size_t)(e - s);
    if (n >= 4 && n < cap) {
        uint64_t x;
        int plain = 1;
        if (n >= 8) {
            for (size_t i = 0; plain && i + 8 <= n; i += 8) {
                memcpy(&x, s + i, 8);
                plain = !has_word_break(x);
            }
            memcpy(&x, s + n - 8, 8);
            plain = plain && !has_word_break(x);
        } else {
            uint32_t lo, hi;
            memcpy(&lo, s, 4);
            memcpy(&hi, s + n - 4, 4);
            plain = !has_word_break((uint64_t)hi << 32 | lo);
        }
        if (plain) {
            memcpy(dst, s, n);
            dst[n] = '\0';
            return n;
        }
    }
    size_t k = 0;
    int space = 1;
    for (; s < e; s++) {
        char c = *s;
        if (c == ',' || c == '$' || (unsigned char)c <= ' ' || c == 0x7f) {
            space = 1;
            continue;
        }
        if (space && k > 0) {
            if (k + 1 >= cap)
                break;
            dst[k++] = ' ';
        }
        space = 0;
        if (k + 1 >= cap) {
            doc->warnings |= AAMVA_WARN_VALUE_TRUNCATED;
            break;
        }
        dst[k++] = c;
    }
    dst[k] = '\0';
    return k;
}

/* Splits given names "FIRST MIDDLE..." or "FIRST,MIDDLE" into first/middle. */
static void split_given(struct aamva_doc *doc, const char *g)
{
    while (*g == ' ' || *g == ',')
        g++;
    const char *e = g;
    while (*e && *e != ' ' && *e != ',' && *e != '$')
        e++;
    put_words(doc, doc->first_name, sizeof doc->first_name, g, e);
    put_words(doc, doc->middle_names, sizeof doc->middle_names, e, e + strlen(e));
}

/* DAA full name: "LAST,FIRST,MIDDLE,SUFFIX" (commas, optional spaces) or, with
 * no comma at all, natural order "FIRST MIDDLE... LAST [SUFFIX]" (PA). */
static void split_daa(struct aamva_doc *doc, const char *a)
{
    const char *parts[6];
    const char *ends[6];
    int np = 0;
    const char *p = a;
    int has_comma = strchr(a, ',') != NULL || strchr(a, '$') != NULL;
    if (has_comma) {
        while (np < 6) {
            parts[np] = p;
            while (*p && *p != ',' && *p != '$')
                p++;
            ends[np++] = p;
            if (!*p)
                break;
            p++;
        }
        put_words(doc, doc->family_name, sizeof doc->family_name, parts[0], ends[0]);
        if (np >= 3) {
            put_words(doc, doc->first_name, sizeof doc->first_name, parts[1], ends[1]);
            put_words(doc, doc->middle_names, sizeof doc->middle_names, parts[2], ends[2]);
            if (np >= 4)
                put_words(doc, doc->suffix, sizeof doc->suffix, parts[3], ends[3]);
        } else if (np == 2) {
            char given[AAMVA_FIELD_LONG];
            put_words(doc, given, sizeof given, parts[1], ends[1]);
            split_given(doc, given);
        }
        return;
    }
    /* Natural order: words w0 .. wn-1. */
    const char *ws[16];
    size_t wl[16];
    int nw = 0;
    p = a;
    while (*p && nw < 16) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        ws[nw] = p;
        while (*p && *p != ' ')
            p++;
        wl[nw] = (size_t)(p - ws[nw]);
        nw++;
    }
    if (nw == 0)
        return;
    if (nw >= 3 && is_suffix_word(ws[nw - 1], wl[nw - 1])) {
        put_words(doc, doc->suffix, sizeof doc->suffix, ws[nw - 1], ws[nw - 1] + wl[nw - 1]);
        nw--;
    }
    put_words(doc, doc->family_name, sizeof doc->family_name, ws[nw - 1], ws[nw - 1] + wl[nw - 1]);
    if (nw >= 2)
        put_words(doc, doc->first_name, sizeof doc->first_name, ws[0], ws[0] + wl[0]);
    if (nw >= 3)
        put_words(doc, doc->middle_names, sizeof doc->middle_names, ws[1], ws[nw - 2] + wl[nw - 2]);
}

/* put_words() over the value of element slot s ("" when absent); returns
 * the length written. */
static size_t words_elem(struct parser *ps, char *dst, size_t cap, int s)
{
    size_t n;
    const unsigned char *v = elem(ps, s, &n);
    if (v)
        return put_words(ps->doc, dst, cap, (const char *)v, (const char *)v + n);
    dst[0] = '\0';
    return 0;
}

/* Cuts trailing commas and spaces off s (n characters long). */
static void strip_trailing_commas(char *s, size_t n)
{
    while (n && (s[n - 1] == ',' || s[n - 1] == ' '))
        s[--n] = '\0';
}

static void derive_names(struct parser *ps)
{
    struct aamva_doc *doc = ps->doc;
    char tmp[AAMVA_FIELD_LONG];
    tmp[0] = '\0';
    size_t fam = copy_elem(ps, doc->family_name, sizeof doc->family_name, D('C', 'S'));
    if (!fam)
        fam = copy_elem(ps, doc->family_name, sizeof doc->family_name, D('A', 'B'));
    strip_trailing_commas(doc->family_name, fam);
    if (doc->family_name[0]) {
        size_t fl = words_elem(ps, doc->first_name, sizeof doc->first_name, D('A', 'C'));
        if (fl) {
            words_elem(ps, doc->middle_names, sizeof doc->middle_names, D('A', 'D'));
            /* WY puts the middle initial into DAC ("MOTORIST E") with DAD
             * empty: split off a final one-letter word, nothing else. */
            if (!doc->middle_names[0] && fl >= 3 && doc->first_name[fl - 2] == ' ') {
                doc->middle_names[0] = doc->first_name[fl - 1];
                doc->middle_names[1] = '\0';
                doc->first_name[fl - 2] = '\0';
            }
        } else {
            copy_elem(ps, tmp, sizeof tmp, D('C', 'T'));
            if (tmp[0])
                split_given(doc, tmp);
        }
        copy_elem(ps, doc->suffix, sizeof doc->suffix, D('C', 'U'));
        if (!doc->suffix[0])
            copy_elem(ps, doc->suffix, sizeof doc->suffix, D('A', 'E'));
    } else {
        copy_elem(ps, tmp, sizeof tmp, D('A', 'A'));
        if (tmp[0])
            split_daa(doc, tmp);
    }
    size_t n;
    const unsigned char *v;
    char *flags[3] = {&doc->trunc_family, &doc->trunc_first, &doc->trunc_middle};
    static const uint32_t warns[3] = {AAMVA_WARN_FAMILY_TRUNCATED, AAMVA_WARN_FIRST_TRUNCATED,
                                      AAMVA_WARN_MIDDLE_TRUNCATED};
    for (int i = 0; i < 3; i++) {
        v = elem(ps, D('D', 'E' + i), &n);
        if (v && (v[0] == 'T' || v[0] == 'N' || v[0] == 'U')) {
            *flags[i] = (char)v[0];
            if (v[0] == 'T')
                doc->warnings |= warns[i];
        }
    }
}

static void derive_postal(struct aamva_doc *doc, const char *raw, int usa)
{
    const char *p = raw;
    int k = 0;
    while (is_digit((unsigned char)p[k]))
        k++;
    char *o = doc->postal_code;
    if (usa && k >= 5) {
        memcpy(o, p, 5);
        if (k >= 9 && memcmp(p + 5, "0000", 4) != 0) {
            o[5] = '-';
            memcpy(o + 6, p + 5, 4);
            o[10] = '\0';
        } else {
            o[5] = '\0';
        }
        return;
    }
    size_t l = strlen(raw);
    if (l >= sizeof doc->postal_code)
        l = sizeof doc->postal_code - 1;
    memcpy(o, raw, l);
    o[l] = '\0';
}

/* Copies at most 3 characters of a country code. */
static void set_country(struct aamva_doc *doc, const char *c)
{
    size_t l = 0;
    while (l < 3 && c[l])
        l++;
    memcpy(doc->country, c, l);
    doc->country[l] = '\0';
}

static void derive_fields(struct parser *ps)
{
    struct aamva_doc *doc = ps->doc;
    size_t n;
    const unsigned char *v;

    derive_names(ps);

    /* Country: DCG, else the issuer's. Canada by IIN first, then DCG. */
    char dcg[AAMVA_FIELD];
    dcg[0] = '\0';
    copy_elem(ps, dcg, sizeof dcg, D('C', 'G'));
    if (str_eq(dcg, "CDN"))
        strcpy(dcg, "CAN");
    if (dcg[0])
        set_country(doc, dcg);
    else if (doc->issuer)
        set_country(doc, doc->issuer->country);
    int canada = doc->issuer ? str_eq(doc->issuer->country, "CAN") : str_eq(doc->country, "CAN");
    if (doc->issuer && dcg[0] && !str_eq(dcg, doc->issuer->country))
        doc->warnings |= AAMVA_WARN_COUNTRY_NOT_ISSUER;

    /* Date rule: v01 CCYYMMDD; v00/v02 MMDDCCYY; v03+ USA MMDDCCYY, Canada CCYYMMDD. */
    int ver = doc->aamva_version;
    int ccyy_first = ver == 1 || (ver >= 3 && canada);
    parse_date(ps, D('B', 'B'), ccyy_first, &doc->dob, AAMVA_WARN_DOB_ORDER_FALLBACK,
               AAMVA_WARN_DOB_IMPOSSIBLE);
    parse_date(ps, D('B', 'A'), ccyy_first, &doc->expires, AAMVA_WARN_EXPIRES_ORDER_FALLBACK,
               AAMVA_WARN_EXPIRES_IMPOSSIBLE);
    parse_date(ps, D('B', 'D'), ccyy_first, &doc->issued, AAMVA_WARN_ISSUED_ORDER_FALLBACK,
               AAMVA_WARN_ISSUED_IMPOSSIBLE);

    v = elem(ps, D('B', 'C'), &n);
    if (v) {
        copy_trim(doc, doc->sex_raw, sizeof doc->sex_raw, v, n);
        switch (doc->sex_raw[0]) {
        case '1':
        case 'M':
        case 'm':
            doc->sex = 'M';
            break;
        case '2':
        case 'F':
        case 'f':
            doc->sex = 'F';
            break;
        case '9':
        case 'X':
        case 'x':
        case 'U':
        case 'u':
            doc->sex = 'U';
            break;
        default:
            doc->sex = 0;
        }
        if (doc->sex_raw[0] && doc->sex_raw[1])
            doc->sex = 0; /* "12", "MALE": not a code we know */
    }

    copy_elem(ps, doc->document_number, sizeof doc->document_number, D('A', 'Q'));
    copy_elem(ps, doc->document_discriminator, sizeof doc->document_discriminator, D('C', 'F'));

    /* Address: DAG (+ DAH), else the v01 residence address DAL..DAP. */
    char street2[AAMVA_FIELD];
    street2[0] = '\0';
    int res = !(has_slot(ps, D('A', 'G')) && elem(ps, D('A', 'G'), &n));
    size_t sl = copy_elem(ps, doc->street, sizeof doc->street, res ? D('A', 'L') : D('A', 'G'));
    size_t l2 = copy_elem(ps, street2, sizeof street2, res ? D('A', 'M') : D('A', 'H'));
    if (l2 && sl) {
        if (sl + 2 + l2 >= sizeof doc->street) {
            l2 = sl + 2 < sizeof doc->street - 1 ? sizeof doc->street - 1 - sl - 2 : 0;
            doc->warnings |= AAMVA_WARN_VALUE_TRUNCATED;
        }
        if (sl + 2 + l2 < sizeof doc->street) {
            memcpy(doc->street + sl, ", ", 2);
            memcpy(doc->street + sl + 2, street2, l2);
            doc->street[sl + 2 + l2] = '\0';
        }
    }
    copy_elem(ps, doc->city, sizeof doc->city,
              res && has_slot(ps, D('A', 'N')) ? D('A', 'N') : D('A', 'I'));
    if (!doc->city[0])
        copy_elem(ps, doc->city, sizeof doc->city, D('A', 'N'));
    copy_elem(ps, doc->state, sizeof doc->state, D('A', 'J'));
    if (!doc->state[0])
        copy_elem(ps, doc->state, sizeof doc->state, D('A', 'O'));
    char postal[AAMVA_FIELD];
    postal[0] = '\0';
    copy_elem(ps, postal, sizeof postal, D('A', 'K'));
    if (!postal[0])
        copy_elem(ps, postal, sizeof postal, D('A', 'P'));
    if (postal[0])
        derive_postal(doc, postal, str_eq(doc->country, "USA"));
    if (doc->issuer && doc->issuer->jurisdiction[0] && doc->state[0] &&
        !str_eq(doc->state, doc->issuer->jurisdiction))
        doc->warnings |= AAMVA_WARN_STATE_NOT_ISSUER;

    v = elem(ps, D('D', 'A'), &n);
    if (v && (v[0] == 'F' || v[0] == 'M' || v[0] == 'N'))
        doc->real_id[0] = (char)v[0];
    v = elem(ps, D('D', 'D'), &n);
    if (v && (v[0] == '0' || v[0] == '1'))
        doc->limited_duration = (int8_t)(v[0] - '0');
}

/* ---- header ------------------------------------------------------------- */

/* Classifies the bytes between '@' and the file type. */
static void analyse_prefix(struct aamva_doc *doc, const unsigned char *p, size_t n,
                           int *control_missing)
{
    int lf = 0, cr = 0, rs = 0, crlf = 0, six = 0, em = 0, uuml = 0, pipe = 0, c1 = 0, other = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = p[i];
        if (c == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f) {
            c1++;
            i++;
        } else if (c == 0xc3 && i + 1 < n && p[i + 1] == 0x9c) {
            uuml++;
            i++;
        } else if (c >= 0x80 && c <= 0x9f) {
            c1++;
        } else if (c == 0xdc) {
            uuml++;
        } else if (c == '\r' && i + 1 < n && p[i + 1] == '\n') {
            crlf++;
            i++;
        } else if (c == '\n') {
            lf++;
        } else if (c == '\r') {
            cr++;
        } else if (c == 0x1e || c == 0x1c) {
            rs++;
        } else if (c == '6') {
            six++;
        } else if (c == 'M') {
            em++;
        } else if (c == '|') {
            pipe++;
        } else {
            other++;
        }
    }
    if (six)
        doc->repairs |= AAMVA_REPAIR_RS_AS_6;
    if (uuml)
        doc->repairs |= AAMVA_REPAIR_RS_AS_UUML;
    if (em)
        doc->repairs |= AAMVA_REPAIR_CR_AS_M;
    if (crlf)
        doc->repairs |= AAMVA_REPAIR_CRLF;
    if (pipe)
        doc->repairs |= AAMVA_REPAIR_PIPE_SEPARATORS;
    if (c1)
        doc->repairs |= AAMVA_REPAIR_C1_NOISE;
    if (other)
        doc->repairs |= AAMVA_REPAIR_HEADER_JUNK;
    int cr_like = cr + em + crlf + (pipe >= 2);
    if (!cr_like && lf >= 2) {
        doc->repairs |= AAMVA_REPAIR_CR_AS_LF;
        cr_like = 1;
    }
    int rs_like = rs + six + uuml + (pipe >= 1);
    *control_missing = n == 0 ? 2 : (!cr_like || !rs_like);
}

static const unsigned char *find_file_type(const unsigned char *p, size_t n, size_t *pos)
{
    static const char *const types[] = {"ANSI ", "AAMVA", "AMVA "};
    for (size_t i = 0; i + 5 <= n; i++) {
        if (p[i] != 'A')
            continue;
        for (int t = 0; t < 3; t++) {
            if (memcmp(p + i, types[t], 5) == 0) {
                *pos = i;
                return (const unsigned char *)types[t];
            }
        }
    }
    return NULL;
}

static int parse_magstripe(const unsigned char *buf, size_t len, struct aamva_doc *doc);

static int digits_at(const unsigned char *p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (p[i] - '0');
    return v;
}

int aamva_parse(const unsigned char *buf, size_t len, struct aamva_doc *doc)
{
    /* Everything before refusal_message is zeroed; z[] is then written up to
     * z_count and refusal_message set to "" or the reason. */
    zero_bytes(doc, offsetof(struct aamva_doc, refusal_message));
    doc->refusal_message[0] = '\0';
    doc->aamva_version = -1;
    doc->jurisdiction_version = -1;
    doc->limited_duration = -1;
    if (!buf || len == 0)
        return refuse(doc, AAMVA_REFUSE_EMPTY, KIOSK_ERR_INVALID, "the payload is empty");
    if (len > AAMVA_MAX_PAYLOAD)
        return refuse(doc, AAMVA_REFUSE_TOO_LONG, KIOSK_ERR_INVALID,
                      "the payload is longer than 4096 bytes: not one PDF417 barcode");

    size_t p = 0;
    if (len >= 3 && buf[0] == 0xef && buf[1] == 0xbb && buf[2] == 0xbf) {
        doc->repairs |= AAMVA_REPAIR_BOM_REMOVED;
        p = 3;
    }
    size_t q = p;
    while (q < len && (buf[q] == ' ' || buf[q] == '\t' || buf[q] == '\r' || buf[q] == '\n'))
        q++;
    /* Annex I compact encoding: the ISO/IEC 18013-2 application identifier. */
    static const unsigned char aid[5] = {0xa0, 0x00, 0x00, 0x02, 0x48};
    size_t aend = len >= 5 ? len - 4 : 0; /* starts i with i + 5 <= len ... */
    if (aend > q + 16)
        aend = q + 16; /* ... among the first 16 */
    for (size_t i = q; i < aend;) {
        const unsigned char *a = memchr(buf + i, 0xa0, aend - i);
        if (!a)
            break;
        if (memcmp(a, aid, 5) == 0)
            return refuse(doc, AAMVA_REFUSE_COMPACT, KIOSK_ERR_UNSUPPORTED,
                          "AAMVA compact binary encoding (Annex I) is not supported; "
                          "check the card by hand");
        i = (size_t)(a - buf) + 1;
    }
    if (len - q >= 4 && memcmp(buf + q, "IDUS", 4) == 0)
        return refuse(doc, AAMVA_REFUSE_MILITARY, KIOSK_ERR_UNSUPPORTED,
                      "a US Uniformed Services ID barcode, not an AAMVA licence; "
                      "check the card by hand");
    if (q < len && buf[q] == '%') {
        int r = parse_magstripe(buf + q, len - q, doc);
        if (r == 0 && q > p)
            doc->repairs |= AAMVA_REPAIR_LEADING_JUNK;
        return r;
    }

    size_t at = p;
    while (at < len && at < p + 64 && buf[at] != '@')
        at++;
    if (at >= len || buf[at] != '@') {
        if (looks_binary(buf + p, len - p))
            return refuse(doc, AAMVA_REFUSE_ENCRYPTED, KIOSK_ERR_UNSUPPORTED,
                          "binary or encrypted barcode data (e.g. Georgia cards before 2012); "
                          "check the card by hand");
        return refuse(doc, AAMVA_REFUSE_NOT_AAMVA, KIOSK_ERR_INVALID,
                      "not a driver licence or ID card barcode: no AAMVA '@' header");
    }
    if (at > p)
        doc->repairs |= AAMVA_REPAIR_LEADING_JUNK;

    size_t ftpos;
    size_t window = len - (at + 1) < 40 ? len - (at + 1) : 40;
    const unsigned char *ft = find_file_type(buf + at + 1, window, &ftpos);
    if (!ft) {
        if (looks_binary(buf + at, len - at))
            return refuse(doc, AAMVA_REFUSE_ENCRYPTED, KIOSK_ERR_UNSUPPORTED,
                          "binary or encrypted barcode data after '@'; check the card by hand");
        return refuse(doc, AAMVA_REFUSE_NOT_AAMVA, KIOSK_ERR_INVALID,
                      "not a driver licence or ID card barcode: '@' without an ANSI/AAMVA "
                      "file type");
    }
    int control_missing = 0;
    analyse_prefix(doc, buf + at + 1, ftpos, &control_missing);
    memcpy(doc->file_type, ft, 5);
    doc->file_type[5] = '\0';

    /* The bytes from the file type on, read in place; a repaired copy only
     * when C1 noise (0x80-0x9F, with its UTF-8 lead byte) must be dropped or
     * a CR typed as 'M' restored. */
    struct parser ps_store;
    struct parser *ps = &ps_store;
    ps->doc = doc;
    zero_bytes(ps->have, sizeof ps->have);
    ps->ndeclared = 0;
    ps->in_z = 0;
    size_t n = 0;
    size_t seps = 0, crlfs = 0, pipes = 0;
    const unsigned char *src = buf + at + 1 + ftpos;
    size_t srclen = len - (at + 1 + ftpos);
    unsigned any = 0;
    struct sep_counts sc;
    size_t nsep = scan_separators(src, srclen, ps->seppos, &any, &sc);
    pipes = sc.pipes;
    crlfs = sc.crlfs;
    seps = nsep;
    int positions_valid = !(any & CL_C1);
    if (positions_valid) {
        ps->buf = src;
        n = srclen;
    } else {
        unsigned char *w = ps->store;
        seps = 0;
        crlfs = 0;
        size_t tok_start = SIZE_MAX; /* header until the first separator */
        for (size_t i = 0; i < srclen; i++) {
            unsigned c = src[i];
            if (byte_class[c] & CL_C1) {
                /* After 0xC3 inside a value the byte completes a UTF-8 letter
                 * (U+00C0-U+00DF, as a UTF-8 keyboard wedge delivers Ñ or É):
                 * keep it. In the header or an element ID ("DCÔB") the pair is
                 * injected noise, as are U+0080-U+009F (0xC2 lead) and lone
                 * C1 bytes. */
                if (n > 5 && w[n - 1] == 0xc3 && tok_start != SIZE_MAX && n - 1 - tok_start >= 3) {
                    w[n++] = (unsigned char)c;
                    continue;
                }
                if (n > 5 && (w[n - 1] == 0xc2 || w[n - 1] == 0xc3))
                    n--;
                doc->repairs |= AAMVA_REPAIR_C1_NOISE;
                continue;
            }
            if (byte_class[c] & CL_SEP) {
                seps++;
                crlfs += c == '\n' && n > 0 && w[n - 1] == '\r';
                tok_start = n + 1;
            }
            w[n++] = (unsigned char)c;
        }
        ps->buf = w;
    }
    ps->n = n;
    if (crlfs)
        doc->repairs |= AAMVA_REPAIR_CRLF;
    if (pipes >= 3)
        doc->repairs |= AAMVA_REPAIR_PIPE_SEPARATORS;

    /* Header digits: IIN(6) ver(2) [jur(2)] n(2); v00 may have IIN(5) n(1). */
    const unsigned char *b = ps->buf;
    size_t h = 5;
    while (h < n && b[h] == ' ')
        h++;
    size_t dcount = 0;
    while (h + dcount < n && dcount < 16 && is_digit(b[h + dcount]))
        dcount++;
    int entries;
    if (dcount >= 10) {
        memcpy(doc->iin, b + h, 6);
        doc->aamva_version = digits_at(b + h + 6, 2);
        if (doc->aamva_version >= 2 && dcount >= 12) {
            doc->jurisdiction_version = digits_at(b + h + 8, 2);
            entries = digits_at(b + h + 10, 2);
            h += 12;
        } else {
            if (doc->aamva_version >= 2)
                doc->warnings |= AAMVA_WARN_NO_JURISDICTION_VERSION;
            entries = digits_at(b + h + 8, 2);
            h += 10;
        }
    } else if (dcount >= 8) {
        doc->iin[0] = '6';
        memcpy(doc->iin + 1, b + h, 5);
        doc->aamva_version = digits_at(b + h + 5, 2);
        entries = digits_at(b + h + 7, 1);
        doc->warnings |= AAMVA_WARN_FIVE_DIGIT_IIN;
        h += 8;
    } else {
        return refuse(doc, AAMVA_REFUSE_TRUNCATED, KIOSK_ERR_INVALID,
                      "AAMVA header incomplete: the issuer number, version and entry count "
                      "after the file type are missing or damaged");
    }
    doc->iin[6] = '\0';
    doc->issuer = codes_iin_find(doc->iin);
    if (!doc->issuer)
        doc->warnings |= AAMVA_WARN_UNKNOWN_ISSUER;
    if (doc->aamva_version > 11)
        doc->warnings |= AAMVA_WARN_UNKNOWN_VERSION;
    if (entries < 1)
        entries = 1;

    /* Designators: type(2) offset(4) length(4), hints only. */
    int clean = 1;
    for (int e = 0; e < entries && h + 2 <= n; e++) {
        if (!is_upper(b[h]) || !(is_upper(b[h + 1]) || is_digit(b[h + 1])))
            break;
        if (ps->ndeclared < 8) {
            ps->declared[ps->ndeclared][0] = (char)b[h];
            ps->declared[ps->ndeclared][1] = (char)b[h + 1];
            ps->declared[ps->ndeclared][2] = '\0';
            ps->ndeclared++;
        }
        int ok = h + 10 <= n; /* and the 8 offset/length bytes are digits */
        if (ok) {
            uint64_t x;
            memcpy(&x, b + h + 2, 8);
            ok = all_digits(x);
        }
        if (!ok) {
            clean = 0;
            h += 2;
            break;
        }
        h += 10;
    }
    size_t body = h;
    if (!clean) {
        /* Malformed designator: the body starts at the first subfile start
         * or element ID after it. */
        size_t i = h;
        while (i + 3 <= n && !is_doc_start(b + i, n - i) && !elem_known(b + i) &&
               !is_z_start(b + i, n - i))
            i++;
        body = i;
    }

    /* A CR that arrived as 'M' is only recognisable where a subfile ends:
     * before the next "ZxZx" subfile or at the very end. */
    int header_m = (doc->repairs & AAMVA_REPAIR_CR_AS_M) != 0;
    size_t body_seps = seps; /* the header after the file type has none */
    if (header_m && n > body + 1 && b[n - 1] == 'M' && !is_sep(b[n - 2])) {
        unsigned char *w = writable_buf(ps);
        w[n - 1] = '\r';
        b = w;
        positions_valid = 0;
    }
    /* Without separators a CR would have been stripped, not typed as 'M'. */
    if (header_m || body_seps >= 2) {
        for (int k = 0; k < ps->ndeclared; k++) {
            const char *t = ps->declared[k];
            if (t[0] != 'Z' || !is_upper((unsigned char)t[1]))
                continue;
            unsigned char pat[4] = {'Z', (unsigned char)t[1], 'Z', (unsigned char)t[1]};
            const unsigned char *z = b + body + 1;
            while (z + 5 <= b + n && (z = memchr(z, 'Z', (size_t)(b + n - z))) != NULL) {
                if (z + 5 <= b + n && memcmp(z, pat, 4) == 0 && is_upper(z[4]) && z[-1] == 'M' &&
                    z - 2 >= b + body && !is_sep(z[-2])) {
                    size_t zi = (size_t)(z - b);
                    unsigned char *w = writable_buf(ps);
                    w[zi - 1] = '\r';
                    b = w;
                    z = w + zi;
                    body_seps++;
                    positions_valid = 0;
                    doc->repairs |= AAMVA_REPAIR_CR_AS_M;
                }
                z++;
            }
        }
    }
    if (body_seps >= 2 || n - body < 16) {
        if (control_missing)
            doc->repairs |= AAMVA_REPAIR_CONTROL_DROPPED;
        if (!positions_valid) { /* bytes were dropped or replaced: find them again */
            unsigned any2 = 0;
            struct sep_counts sc2;
            nsep = scan_separators(b, n, ps->seppos, &any2, &sc2);
        }
        tokenise_separated(ps, body, n, ps->seppos, nsep);
    } else {
        doc->repairs |= AAMVA_REPAIR_SEPARATORS_STRIPPED; /* implies the header's too */
        tokenise_dictionary(ps, body, n);
        int s_daq = D('A', 'Q'), s_dbb = D('B', 'B');
        int named =
            has_slot(ps, D('C', 'S')) || has_slot(ps, D('A', 'A')) || has_slot(ps, D('A', 'B'));
        if (!has_slot(ps, s_daq) || !has_slot(ps, s_dbb) || !named)
            return refuse(doc, AAMVA_REFUSE_STRIPPED, KIOSK_ERR_INVALID,
                          "every separator was stripped in transport and the elements could "
                          "not be recovered; rescan (set the scanner to keep control "
                          "characters)");
    }
    if (doc->element_count == 0) {
        if (looks_binary(b + body, n - body))
            return refuse(doc, AAMVA_REFUSE_ENCRYPTED, KIOSK_ERR_UNSUPPORTED,
                          "AAMVA header with encrypted or binary data (e.g. Georgia cards "
                          "before 2012); check the card by hand");
        return refuse(doc, AAMVA_REFUSE_NO_ELEMENTS, KIOSK_ERR_INVALID,
                      "AAMVA header without any data element");
    }
    if (!doc->document_type[0] && ps->ndeclared) {
        for (int i = 0; i < ps->ndeclared; i++) {
            const char *t = ps->declared[i];
            if (str_eq(t, "DL") || str_eq(t, "ID") || str_eq(t, "EN")) {
                memcpy(doc->document_type, t, 3);
                break;
            }
        }
    }
    derive_fields(ps);
    doc->format = AAMVA_FORMAT_AAMVA;
    return 0;
}

/* ---- magnetic-stripe layout (British Columbia) -------------------------- */

/* Track 1 "%" ST city "^" name "^" address "^" ... "?", track 2 ";" IIN
 * number "=" YYMM(expiry) CCYYMMDD(dob) ... "?", track 3 "_%" (BC) or "%". */
static int parse_magstripe(const unsigned char *buf, size_t len, struct aamva_doc *doc)
{
    const char *bad = "AAMVA magnetic-stripe layout (as on British Columbia cards) with "
                      "incomplete tracks; check the card by hand";
    size_t i = 1;
    if (len < 4 || !is_upper(buf[1]) || !is_upper(buf[2]))
        return refuse(doc, AAMVA_REFUSE_MAGSTRIPE, KIOSK_ERR_UNSUPPORTED, bad);
    char st[3] = {(char)buf[1], (char)buf[2], 0};
    i = 3;
    size_t f[3][2];
    for (int k = 0; k < 3; k++) {
        f[k][0] = i;
        while (i < len && buf[i] != '^' && buf[i] != '?')
            i++;
        f[k][1] = i;
        if (i >= len || buf[i] != '^')
            return refuse(doc, AAMVA_REFUSE_MAGSTRIPE, KIOSK_ERR_UNSUPPORTED, bad);
        i++;
    }
    while (i < len && buf[i] != ';')
        i++;
    if (i + 8 >= len)
        return refuse(doc, AAMVA_REFUSE_MAGSTRIPE, KIOSK_ERR_UNSUPPORTED, bad);
    i++;
    for (int k = 0; k < 6; k++)
        if (!is_digit(buf[i + k]))
            return refuse(doc, AAMVA_REFUSE_MAGSTRIPE, KIOSK_ERR_UNSUPPORTED, bad);
    memcpy(doc->iin, buf + i, 6);
    doc->iin[6] = '\0';
    i += 6;
    size_t ns = i;
    while (i < len && buf[i] != '=' && buf[i] != '?')
        i++;
    if (i >= len || buf[i] != '=' || i + 13 > len)
        return refuse(doc, AAMVA_REFUSE_MAGSTRIPE, KIOSK_ERR_UNSUPPORTED, bad);
    copy_trim(doc, doc->document_number, sizeof doc->document_number, buf + ns, i - ns);
    i++;
    for (int k = 0; k < 12; k++)
        if (!is_digit(buf[i + k]))
            return refuse(doc, AAMVA_REFUSE_MAGSTRIPE, KIOSK_ERR_UNSUPPORTED, bad);
    int ey = 2000 + digits_at(buf + i, 2), em = digits_at(buf + i + 2, 2);
    int by = digits_at(buf + i + 4, 4), bm = digits_at(buf + i + 8, 2),
        bd = digits_at(buf + i + 10, 2);
    if (em >= 1 && em <= 12 && aamva_date_valid(ey, em, 1)) {
        /* Expiry is a month: valid through its last day. */
        doc->expires = (struct aamva_date){(int16_t)ey, (int8_t)em, (int8_t)days_in_month(ey, em),
                                           AAMVA_DATE_OK};
    } else {
        doc->expires.state = AAMVA_DATE_IMPOSSIBLE;
        doc->warnings |= AAMVA_WARN_EXPIRES_IMPOSSIBLE;
    }
    if (aamva_date_valid(by, bm, bd)) {
        doc->dob = (struct aamva_date){(int16_t)by, (int8_t)bm, (int8_t)bd, AAMVA_DATE_OK};
    } else {
        doc->dob.state = AAMVA_DATE_IMPOSSIBLE;
        doc->warnings |= AAMVA_WARN_DOB_IMPOSSIBLE;
    }
    i += 12;
    /* Name "LAST,$FIRST MIDDLE". */
    char name[AAMVA_FIELD_LONG];
    copy_trim(doc, name, sizeof name, buf + f[1][0], f[1][1] - f[1][0]);
    char *comma = strpbrk(name, ",$");
    if (comma) {
        put_words(doc, doc->family_name, sizeof doc->family_name, name, comma);
        while (*comma == ',' || *comma == '$')
            comma++;
        split_given(doc, comma);
    } else {
        put_words(doc, doc->family_name, sizeof doc->family_name, name, name + strlen(name));
    }
    char addr[AAMVA_FIELD_LONG];
    copy_trim(doc, addr, sizeof addr, buf + f[2][0], f[2][1] - f[2][0]);
    put_words(doc, doc->street, sizeof doc->street, addr, addr + strlen(addr));
    copy_trim(doc, doc->city, sizeof doc->city, buf + f[0][0], f[0][1] - f[0][0]);
    memcpy(doc->state, st, 3);
    /* Track 3 (BC "_%"): version, security, postal(11), class(2),
     * restrictions(10), endorsements(4), sex(1). Best effort. */
    while (i < len && buf[i] != '%')
        i++;
    if (i < len) {
        size_t t = i + 1;
        if (t + 13 <= len)
            copy_trim(doc, doc->postal_code, sizeof doc->postal_code, buf + t + 2, 11);
        size_t sx = t + 2 + 11 + 2 + 10 + 4;
        if (sx < len) {
            char c = (char)buf[sx];
            if (c == '1' || c == 'M' || c == '2' || c == 'F') {
                doc->sex_raw[0] = c;
                doc->sex = (c == '1' || c == 'M') ? 'M' : 'F';
            }
        }
    }
    doc->issuer = codes_iin_find(doc->iin);
    if (!doc->issuer)
        doc->warnings |= AAMVA_WARN_UNKNOWN_ISSUER;
    else
        copy_str(doc->country, sizeof doc->country, doc->issuer->country);
    copy_str(doc->file_type, sizeof doc->file_type, "%");
    doc->element_count = 1;
    doc->format = AAMVA_FORMAT_MAGSTRIPE;
    return 0;
}
