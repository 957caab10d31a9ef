/* Code tables compiled from the CSV files in assets/codes/ at build time: AAMVA issuer
 * numbers, NCIC offense, place (POB/CTZ) and descriptor codes, and the State
 * Department's mandatory consular-notification countries. All strings are
 * static, UTF-8, and live for the whole program. */
#ifndef KIOSK_CODES_H
#define KIOSK_CODES_H

#include <stddef.h>
#include <stdint.h>

struct code_iin {
    const char *iin;          /* 6 digits */
    const char *jurisdiction; /* 2 letters; "" for 636027 (State Department) */
    const char *name;         /* "Arizona" */
    const char *country;      /* "USA", "CAN" or "MEX" */
};

struct code_offense {
    const char *code;     /* 4 digits, "0399" */
    const char *literal;  /* "IMMIGRATION" */
    const char *category; /* NCIC heading */
};

struct code_place {
    const char *code; /* 2 letters, NCIC POB/CTZ */
    const char *name;
    const char *kind; /* us_state, us_territory, canada_province, mexico_state, country, special */
};

struct code_misc {
    const char *field; /* SEX, EYE, HAI, SKN, "OFF-modifier (GOFF)" */
    const char *code;
    const char *literal;
};

struct code_consular {
    const char *code;      /* NCIC country code */
    const char *country;   /* State Department name */
    const char *condition; /* mandatory, mandatory_non_lpr_only, ... */
    const char *notes;
};

/* One range of the OFF/ severity order (assets/codes/offense_severity.csv,
 * issue 10): codes first..last have rank (1 = most serious). */
struct code_severity {
    const char *rank; /* decimal text */
    const char *first, *last;
    const char *klass; /* "UCR Part I" or "NCIC" */
    const char *label;
};

/* Sorted by key (iin / code / field+code). */
extern const struct code_iin codes_iin[];
extern const size_t codes_iin_count;
extern const uint32_t codes_iin_keys[]; /* codes_iin[i].iin as a number */
extern const struct code_offense codes_offense[];
extern const size_t codes_offense_count;
extern const struct code_place codes_place[];
extern const size_t codes_place_count;
extern const struct code_misc codes_misc[];
extern const size_t codes_misc_count;
extern const struct code_consular codes_consular[];
extern const size_t codes_consular_count;
extern const struct code_severity codes_severity[]; /* sorted by first */
extern const size_t codes_severity_count;

/* Look-ups by exact key; NULL when absent. The key need not be
 * NUL-terminated at its fixed length (6 for IINs, 4 for offenses, 2 for
 * places and consular codes) but must be at least that long. */
const struct code_iin *codes_iin_find(const char *iin);
const struct code_offense *codes_offense_find(const char *code);
const struct code_place *codes_place_find(const char *code);
const struct code_consular *codes_consular_find(const char *code);

/* The descriptor row for field and code (e.g. "SEX", "U"); NULL when absent. */
const struct code_misc *codes_misc_find(const char *field, const char *code);

#endif
