/* The ICE Immigration Alien Query: its fields, the validation rules (NCIC name
 * form, date of birth, sex, place of birth, offense, nationality, optional
 * identifiers; DESIGN §1), and the IAQ text in Nlets/MULES field order for
 * the communications-center operator to key. Pure functions, no I/O. */
#ifndef KIOSK_IAQ_H
#define KIOSK_IAQ_H

#include "core/clock.h"

#include <stdbool.h>
#include <stddef.h>

#define IAQ_NAME_MAX        31 /* NCIC NAM/ is at most 30 characters */
#define IAQ_TEXT_MAX        64 /* one name part as typed, UTF-8 bytes incl. NUL */
#define IAQ_NATIONALITY_MAX 4  /* nationalities per person */
#define IAQ_MAX_PROBLEMS    24

/* The fields a deputy fills (UTF-8 as typed; empty string = absent). Plain
 * fixed-size data: a front end can keep one in its screen state. */
struct iaq_fields {
    char family_name[IAQ_TEXT_MAX];
    char first_name[IAQ_TEXT_MAX];
    char middle_names[IAQ_TEXT_MAX];
    char suffix[8];                           /* JR, SR, II, III, IV ... */
    char dob[16];                             /* CCYYMMDD or YYYY-MM-DD */
    char sex[4];                              /* M, F, U; licence 1/2/9/X accepted and mapped */
    char pob[4];                              /* NCIC place code, 2 letters */
    char offense[8];                          /* NCIC offense code, 4 digits */
    char mother_maiden_name[IAQ_TEXT_MAX];    /* optional */
    char father_last_name[IAQ_TEXT_MAX];      /* optional */
    char nationality[IAQ_NATIONALITY_MAX][4]; /* NCIC country codes; "" ends */
    char licence_number[32];                  /* optional, OLN/ */
    char arn[16]; /* optional alien registration number, 8-9 digits (A optional) */
    char fbi[16]; /* optional FBI number, up to 9 characters */
    char sid[16]; /* optional state ID, up to 10 characters */
};

/* One problem with one field: field is the struct member's name
 * ("family_name", "dob", "nationality", ...), message a sentence for the
 * deputy. */
struct iaq_problem {
    char field[24];
    char message[128];
};

/* All problems found, in field order. Fixed capacity; count never exceeds
 * IAQ_MAX_PROBLEMS (further problems are dropped). */
struct iaq_problems {
    int count;
    struct iaq_problem items[IAQ_MAX_PROBLEMS];
};

/* Appends a problem (printf-style message); ignored when full. */
void iaq_problem_add(struct iaq_problems *p, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Checks every field and appends every problem to *p (not cleared first).
 * today is used for "not in the future" and the plausible-age check (0..120
 * years). Returns the number of problems appended. Safe to call on every
 * keystroke. */
int iaq_validate(const struct iaq_fields *f, kiosk_ms_t today, struct iaq_problems *p);

/* Converts one name part to NCIC characters: UTF-8 Latin letters
 * transliterated (É->E, ß->SS, Ø->O ...), upper case, apostrophes and
 * periods dropped, runs of spaces folded. out gets at most out_len-1 bytes.
 * Returns 0, or KIOSK_ERR_INVALID when a character has no NCIC form (digits,
 * other scripts, symbols); out then holds what was converted. */
int iaq_ncic_text(const char *in, char *out, size_t out_len);

/* Transliterates typed or pasted UTF-8 to ASCII by the same rules as
 * iaq_ncic_text (É->E, ñ->N, Vietnamese ễ->E, a decomposed accent dropped
 * after its letter, typographic apostrophes and hyphens to ASCII); ASCII is
 * kept as typed (case, punctuation). A character with no ASCII form is left
 * out and named in bad (may be NULL), and KIOSK_ERR_INVALID is returned:
 * callers say so, nothing is dropped silently. out gets at most out_len-1
 * bytes. */
int iaq_translit(const char *in, char *out, size_t out_len, char *bad, size_t bad_len);

/* The NCIC name "LAST,FIRST MIDDLE SUFFIX", at most 30 characters: given
 * names are shortened (middle names to initials, then dropped, then the first
 * name cut) before the surname. out needs IAQ_NAME_MAX bytes. Returns 0 or
 * KIOSK_ERR_INVALID (no surname, or a character with no NCIC form). */
int iaq_format_name(const struct iaq_fields *f, char *out, size_t out_len);

/* True when iaq_format_name had to shorten the name to fit NCIC's 30
 * characters; full (may be NULL with full_len 0) gets the unshortened
 * "LAST,FIRST MIDDLE SUFFIX" so a screen can show both and ask the deputy to
 * confirm. False when nothing was cut or the name does not convert. */
bool iaq_name_shortened(const struct iaq_fields *f, char *full, size_t full_len);

/* The NCIC sex code for s ("M","F","U", licence "1"->M, "2"->F, "9"/"X"->U),
 * or NULL. *mapped is set when the input was a licence code. */
const char *iaq_sex_code(const char *s, bool *mapped);

/* The 8-digit CCYYMMDD form of dob (CCYYMMDD or YYYY-MM-DD) into out[9];
 * 0 or KIOSK_ERR_INVALID. */
int iaq_dob_ccyymmdd(const char *dob, char out[9]);

/* The header fields the kiosk fills from configuration and the actor. */
struct iaq_header {
    const char *ori;       /* sender ORI, may be "" */
    const char *purpose;   /* "C" */
    const char *attention; /* requesting member, e.g. "DEP J DOE 4411" */
    const char *phone;     /* booking desk phone */
    const char *custody;   /* "Y" */
};

/* Renders the IAQ text, one field per line in Nlets order: an "IAQ.<ORI>.AX."
 * header line, then PUR/ ATN/ PHN/ NAM/ DOB/ SEX/ POB/ CUS/ OFF/, then the
 * optional ARN/ FBI/ SID/ OLN/ CTZ/ (one per nationality) and a REM/ line
 * with the parents' names. Fields are converted like iaq_format_name. out
 * gets the NUL-terminated text; returns the length, or KIOSK_ERR_FULL when
 * out_len is short, KIOSK_ERR_INVALID when f does not validate. */
int iaq_render_text(const struct iaq_fields *f, const struct iaq_header *h, char *out,
                    size_t out_len);

#endif
