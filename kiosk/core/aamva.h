/* AAMVA DL/ID barcode payload parser: turns the bytes a PDF417 decoder or a
 * keyboard-wedge scanner delivers into a fixed-size struct of typed, trimmed
 * fields, repairing known transport damage and reporting every repair. No heap
 * allocation; never reads outside the input. */
#ifndef KIOSK_AAMVA_H
#define KIOSK_AAMVA_H

#include <stddef.h>
#include <stdint.h>

#include "core/codes.h"

/* Largest payload accepted. A PDF417 symbol holds at most 1850 text
 * characters; anything longer is refused as not one barcode. */
#define AAMVA_MAX_PAYLOAD 4096
#define AAMVA_MAX_Z       32 /* jurisdiction (Z?) elements kept */
#define AAMVA_FIELD       41 /* 40 characters + NUL */
#define AAMVA_FIELD_LONG  81 /* DCT-sized fields: 80 characters + NUL */

enum aamva_format {
    AAMVA_FORMAT_NONE = 0,  /* refused: see refusal */
    AAMVA_FORMAT_AAMVA,     /* "@" header + ANSI/AAMVA file type */
    AAMVA_FORMAT_MAGSTRIPE, /* AAMVA magnetic-stripe tracks (British Columbia) */
};

/* Transport repairs, one bit each; aamva_repair_name() gives the stable name. */
enum aamva_repair {
    AAMVA_REPAIR_BOM_REMOVED = 1u << 0,      /* "bom_removed" */
    AAMVA_REPAIR_LEADING_JUNK = 1u << 1,     /* "leading_junk": bytes before '@' */
    AAMVA_REPAIR_HEADER_JUNK = 1u << 2,      /* "header_junk": unknown bytes before the file type */
    AAMVA_REPAIR_RS_AS_6 = 1u << 3,          /* "rs_as_6" */
    AAMVA_REPAIR_RS_AS_UUML = 1u << 4,       /* "rs_as_uuml": RS arrived as U+00DC */
    AAMVA_REPAIR_CR_AS_M = 1u << 5,          /* "cr_as_M" */
    AAMVA_REPAIR_CR_AS_LF = 1u << 6,         /* "cr_as_lf" */
    AAMVA_REPAIR_CRLF = 1u << 7,             /* "crlf" */
    AAMVA_REPAIR_PIPE_SEPARATORS = 1u << 8,  /* "pipe_separators" */
    AAMVA_REPAIR_C1_NOISE = 1u << 9,         /* "c1_noise_removed" */
    AAMVA_REPAIR_CONTROL_DROPPED = 1u << 10, /* "control_chars_dropped": header RS/CR lost */
    AAMVA_REPAIR_SEPARATORS_STRIPPED = 1u << 11, /* "separators_stripped": split by dictionary */
};
#define AAMVA_REPAIR_COUNT 12

/* Findings that do not stop parsing; aamva_warning_name() gives the name. */
enum aamva_warning {
    AAMVA_WARN_DOB_ORDER_FALLBACK = 1u << 0,       /* "dob_order_fallback" */
    AAMVA_WARN_EXPIRES_ORDER_FALLBACK = 1u << 1,   /* "expires_order_fallback" */
    AAMVA_WARN_ISSUED_ORDER_FALLBACK = 1u << 2,    /* "issued_order_fallback" */
    AAMVA_WARN_DOB_IMPOSSIBLE = 1u << 3,           /* "dob_impossible" */
    AAMVA_WARN_EXPIRES_IMPOSSIBLE = 1u << 4,       /* "expires_impossible" */
    AAMVA_WARN_ISSUED_IMPOSSIBLE = 1u << 5,        /* "issued_impossible" */
    AAMVA_WARN_STATE_NOT_ISSUER = 1u << 6,         /* "address_state_differs_from_issuer" */
    AAMVA_WARN_COUNTRY_NOT_ISSUER = 1u << 7,       /* "country_differs_from_issuer" */
    AAMVA_WARN_UNKNOWN_ISSUER = 1u << 8,           /* "unknown_issuer" */
    AAMVA_WARN_SUBFILE_TYPE_MISSING = 1u << 9,     /* "subfile_type_missing" */
    AAMVA_WARN_NO_JURISDICTION_VERSION = 1u << 10, /* "header_without_jurisdiction_version" */
    AAMVA_WARN_UNKNOWN_VERSION = 1u << 11,         /* "aamva_version_unknown" */
    AAMVA_WARN_FIVE_DIGIT_IIN = 1u << 12,          /* "five_digit_iin" */
    AAMVA_WARN_FAMILY_TRUNCATED = 1u << 13,        /* "family_name_truncated" (DDE=T) */
    AAMVA_WARN_FIRST_TRUNCATED = 1u << 14,         /* "first_name_truncated" (DDF=T) */
    AAMVA_WARN_MIDDLE_TRUNCATED = 1u << 15,        /* "middle_names_truncated" (DDG=T) */
    AAMVA_WARN_DATE_JUNK = 1u << 16,               /* "date_junk_suffix" */
    AAMVA_WARN_DUPLICATE_ELEMENT = 1u << 17,       /* "duplicate_element" (first wins) */
    AAMVA_WARN_VALUE_TRUNCATED = 1u << 18,         /* "value_too_long" (cut to the field size) */
    AAMVA_WARN_Z_OVERFLOW = 1u << 19,              /* "too_many_jurisdiction_elements" */
};
#define AAMVA_WARNING_COUNT 20

/* Why a payload was refused (doc->refusal); aamva_refusal_name() gives a
 * stable code and doc->refusal_message a sentence. */
enum aamva_refusal {
    AAMVA_REFUSE_NONE = 0,
    AAMVA_REFUSE_EMPTY,       /* "empty" */
    AAMVA_REFUSE_TOO_LONG,    /* "too_long" */
    AAMVA_REFUSE_NOT_AAMVA,   /* "not_aamva" */
    AAMVA_REFUSE_TRUNCATED,   /* "truncated_header" */
    AAMVA_REFUSE_NO_ELEMENTS, /* "no_elements" */
    AAMVA_REFUSE_STRIPPED,    /* "separators_unrecoverable" */
    AAMVA_REFUSE_COMPACT,     /* "compact_encoding" (Annex I) */
    AAMVA_REFUSE_ENCRYPTED,   /* "encrypted" */
    AAMVA_REFUSE_MAGSTRIPE,   /* "magstripe_unreadable" */
    AAMVA_REFUSE_MILITARY,    /* "uniformed_services_id" */
};

enum aamva_date_state {
    AAMVA_DATE_ABSENT = 0,
    AAMVA_DATE_OK,
    AAMVA_DATE_FALLBACK,   /* valid only in the other order (warning) */
    AAMVA_DATE_IMPOSSIBLE, /* present but no valid calendar date */
};

struct aamva_date {
    int16_t year; /* 0 when not valid */
    int8_t month, day;
    uint8_t state; /* enum aamva_date_state */
};

/* One jurisdiction-defined element, e.g. key "ZVA"; the value is bounded and
 * may be binary (never print it). */
struct aamva_zelem {
    char key[4];
    uint8_t len;
    char value[AAMVA_FIELD];
};

/* A parsed document. All strings are NUL-terminated, right-trimmed, "" when
 * absent. Fixed size; the caller owns it (stack or embedded). */
struct aamva_doc {
    uint8_t format;           /* enum aamva_format */
    uint8_t refusal;          /* enum aamva_refusal */
    char file_type[6];        /* "ANSI ", "AAMVA", "AMVA " */
    int aamva_version;        /* -1 for the magnetic-stripe layout */
    int jurisdiction_version; /* -1 when the header has none (v00/v01) */
    char iin[7];
    const struct code_iin *issuer; /* NULL when the IIN is unknown */
    char document_type[3];         /* "DL", "ID", "EN" or "" */
    char family_name[AAMVA_FIELD];
    char first_name[AAMVA_FIELD];
    char middle_names[AAMVA_FIELD_LONG];
    char suffix[AAMVA_FIELD];
    char trunc_family, trunc_first, trunc_middle; /* DDE/DDF/DDG: 'T','N','U' or 0 */
    struct aamva_date dob, issued, expires;
    char sex;        /* 'M', 'F', 'U' or 0 */
    char sex_raw[4]; /* DBC as found */
    char document_number[AAMVA_FIELD];
    char document_discriminator[AAMVA_FIELD];
    char country[4]; /* DCG ("CDN" normalised to "CAN"), else the issuer's */
    char street[AAMVA_FIELD_LONG];
    char city[AAMVA_FIELD];
    char state[AAMVA_FIELD];
    char postal_code[AAMVA_FIELD];
    char real_id[2];         /* DDA: "F", "M", "N" or "" */
    int8_t limited_duration; /* DDD: 1, 0, or -1 when absent */
    uint32_t repairs;        /* enum aamva_repair bits */
    uint32_t warnings;       /* enum aamva_warning bits */
    int element_count;       /* data elements seen (all subfiles) */
    int z_count;
    char refusal_message[200]; /* why, when refused; "" otherwise */
    struct aamva_zelem z[AAMVA_MAX_Z];
};

/* Parses len bytes at buf into *doc. Every field before refusal_message is
 * overwritten (strings "" when absent), refusal_message is "" or the reason,
 * and z[] is written up to z_count: entries from z_count on are left as they
 * were and must not be read. Returns 0 when the payload was read
 * (doc->format != NONE), KIOSK_ERR_INVALID when it is not an ID payload,
 * KIOSK_ERR_UNSUPPORTED when it is one we recognise but cannot read;
 * doc->refusal and doc->refusal_message then say why. buf may be NULL when
 * len is 0. Nothing is allocated and nothing is read outside buf. */
int aamva_parse(const unsigned char *buf, size_t len, struct aamva_doc *doc);

/* Stable names ("rs_as_6", "dob_order_fallback", "not_aamva") for one bit or
 * value; NULL for an unknown one. Static storage. */
const char *aamva_repair_name(uint32_t bit);
const char *aamva_warning_name(uint32_t bit);
const char *aamva_refusal_name(int refusal);

/* Formats a date as "YYYY-MM-DD" into out (at least 11 bytes); returns out,
 * or NULL (out untouched) when the date is not valid. */
char *aamva_date_iso(const struct aamva_date *d, char *out);

/* Days since 1970-01-01 of a valid proleptic Gregorian date. */
long aamva_days_from_civil(int y, int m, int d);

/* 1 when id (3 characters) is an element ID in the parser's dictionary
 * (research §1.4). For tests. */
int aamva_element_known(const char *id);

/* 1 when y-m-d is a real calendar date in the accepted range 1875-2199. */
int aamva_date_valid(int y, int m, int d);

#endif
