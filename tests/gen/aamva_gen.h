/* Test-data generator: our own encoder of AAMVA DL/ID payloads (versions
 * 01-10, USA and Canada) with known truth, optionally damaged the way
 * keyboard-wedge scanners and jurisdictions damage real payloads. Used by the
 * parser's round-trip test and, through the same API, by the PDF417 image and
 * USB scanner trace tests. All person data are made up. */
#ifndef KIOSK_AAMVA_GEN_H
#define KIOSK_AAMVA_GEN_H

#include <stddef.h>
#include <stdint.h>

/* Quirks (bit mask for aamva_gen_payload). Where two conflict, the one
 * listed first among the separator quirks wins: STRIPPED, PIPES, then the
 * per-character ones (RS: RS_AS_6 before RS_AS_UUML; CR: CR_AS_M, CRLF,
 * CR_AS_LF). truth->quirks says which were applied. */
enum aamva_gen_quirk {
    AAMVA_GEN_BOM = 1u << 0,              /* UTF-8 BOM before everything */
    AAMVA_GEN_LEADING_JUNK = 1u << 1,     /* "]L2" symbology identifier before '@' */
    AAMVA_GEN_HEADER_JUNK = 1u << 2,      /* a stray 'a' right after '@' */
    AAMVA_GEN_RS_AS_6 = 1u << 3,          /* RS typed as '6' */
    AAMVA_GEN_RS_AS_UUML = 1u << 4,       /* RS as U+00DC in UTF-8 */
    AAMVA_GEN_CR_AS_M = 1u << 5,          /* CR typed as 'M' */
    AAMVA_GEN_CR_AS_LF = 1u << 6,         /* CR delivered as LF */
    AAMVA_GEN_CRLF = 1u << 7,             /* every LF and CR as CR LF */
    AAMVA_GEN_PIPES = 1u << 8,            /* every control character as '|' */
    AAMVA_GEN_C1_NOISE = 1u << 9,         /* U+0090 (C2 90) around every LF */
    AAMVA_GEN_STRIPPED = 1u << 10,        /* every control character dropped */
    AAMVA_GEN_ZERO_OFFSETS = 1u << 11,    /* designator offset/length 0000 */
    AAMVA_GEN_NO_SUBFILE_TYPE = 1u << 12, /* "DL" missing before the first element */
    AAMVA_GEN_PADDING = 1u << 13,         /* variable values space-padded */
    AAMVA_GEN_DATE_ORDER = 1u << 14,      /* dates in the other order (WV/WY) */
    AAMVA_GEN_FILE_TYPE_AAMVA = 1u << 15, /* "AAMVA" instead of "ANSI " */
};
#define AAMVA_GEN_QUIRK_COUNT 16
#define AAMVA_GEN_QUIRK_ALL   ((1u << AAMVA_GEN_QUIRK_COUNT) - 1u)

struct aamva_gen_date {
    int year, month, day;
};

/* What the payload encodes, in the parser's canonical form. */
struct aamva_gen_truth {
    int version;              /* 1..10 */
    int jurisdiction_version; /* -1 for v01 */
    char iin[7];
    char jurisdiction[3];  /* issuer code, also the address state */
    char country[4];       /* "USA" or "CAN" */
    char document_type[3]; /* "DL", "ID" or "EN" */
    char family_name[41], first_name[41], middle_names[41], suffix[8];
    struct aamva_gen_date dob, issued, expires;
    char sex;        /* 'M', 'F', 'U' */
    char sex_raw[2]; /* as encoded */
    char document_number[26];
    char document_discriminator[26]; /* "" for v01 */
    char street[41], city[41], postal_code[11];
    char real_id[2];      /* "" when absent */
    int limited_duration; /* 1, 0, -1 absent */
    unsigned quirks;      /* applied aamva_gen_quirk bits */
    uint32_t repairs;     /* AAMVA_REPAIR_* bits the parser must report */
    uint32_t warnings;    /* AAMVA_WARN_* bits the parser must report */
};

/* Writes one payload for seed (same seed, same bytes) with the requested
 * quirks into out (cap bytes; not NUL-terminated) and fills *truth (may be
 * NULL). quirks = 0 gives a fully compliant payload with byte-exact
 * designators. Returns the length, or 0 when cap is too small. */
size_t aamva_gen_payload(uint64_t seed, unsigned quirks, unsigned char *out, size_t cap,
                         struct aamva_gen_truth *truth);

/* Stable name of one quirk bit ("rs_as_6"); NULL for an unknown bit. */
const char *aamva_gen_quirk_name(unsigned bit);

#endif
