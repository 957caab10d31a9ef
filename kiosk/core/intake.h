/* Intakes: one per person presented for incarceration (booking number,
 * charges, deputy, outcome). The outcome is an exemption by valid government
 * ID (a minimal summary of the parsed document only), an exemption by
 * personal knowledge (attestation, optional supervisor co-sign), or an IAQ
 * request that enters the queue (request.h). */
#ifndef KIOSK_INTAKE_H
#define KIOSK_INTAKE_H

#include "core/auth.h"
#include "core/iaq.h"

#include <jansson.h>
#include <stdint.h>

struct store;

#define INTAKE_BOOKING_MAX 32 /* booking number, bytes incl. NUL */
#define INTAKE_CHARGES_MAX 16 /* NCIC offense codes per intake */

enum intake_basis {
    INTAKE_EXEMPT_ID = 1,    /* "exempt_id" */
    INTAKE_EXEMPT_KNOWN = 2, /* "exempt_known" */
    INTAKE_IAQ = 3,          /* "iaq" */
};

/* "exempt_id", "exempt_known", "iaq". */
const char *intake_basis_name(enum intake_basis b);

/* The deputy's words for a hand-entered document (DESIGN.md section 1: IDs
 * without a barcode are recorded by hand, with the deputy's attestation). */
#define INTAKE_ATTESTATION                                                                         \
    "I have inspected this document and it appears genuine and matches the person"

/* A document without a (readable) barcode, entered by hand. */
struct intake_manual_doc {
    char kind[32];    /* one of intake_manual_kinds() */
    char issuer[8];   /* NCIC state code for state documents, "US" for federal */
    char number[40];  /* as printed; only the last 4 and a keyed hash are kept */
    char expires[16]; /* YYYY-MM-DD; not expired on the booking date */
    bool attested;    /* the signed-in member attests INTAKE_ATTESTATION */
};

/* The kinds a hand-entered document may be, NULL-terminated (static):
 * us_passport, us_passport_card, permanent_resident_card, military_id,
 * state_dl_no_barcode, state_id_no_barcode, other_federal. */
const char *const *intake_manual_kinds(void);

/* A short label for a kind ("US passport"), NULL for an unknown kind. */
const char *intake_manual_kind_label(const char *kind);

/* True for the state-issued kinds (issuer is an NCIC state code). */
bool intake_manual_kind_is_state(const char *kind);

/* The rules intake_add applies to a hand-entered document, as of the
 * booking date of now (see intake_add), without storing anything: for a
 * form that shows the core's verdict while it is filled in. Problems are
 * appended to *p. Returns 0 or KIOSK_ERR_INVALID. */
int intake_manual_validate(const struct intake_manual_doc *m, kiosk_ms_t now,
                           struct iaq_problems *p);

/* What a deputy submits. Borrowed pointers; nothing is kept after the call. */
struct intake_input {
    char booking_number[INTAKE_BOOKING_MAX];
    char charges[INTAKE_CHARGES_MAX][8]; /* 4-digit NCIC codes; "" ends */
    enum intake_basis basis;
    /* INTAKE_EXEMPT_ID: the object `kioskctl id parse --json` prints (borrowed;
     * the core reads the fields back and judges the document again as of the
     * booking date; any "verdict" in it is ignored). */
    const json_t *id_document;
    /* INTAKE_EXEMPT_ID by hand instead (id_document is then ignored): the
     * document has no barcode or its barcode cannot be read. */
    bool manual;
    struct intake_manual_doc manual_document;
    /* INTAKE_EXEMPT_KNOWN: why the member knows the person's status. */
    char known_reason[256];
    /* INTAKE_EXEMPT_KNOWN with co-sign: the supervisor who co-signs, already
     * signed in on this kiosk (NULL when none). Required when the setting
     * cosign_required is on. */
    const struct auth_actor *cosigner;
    /* INTAKE_IAQ: the IAQ fields (also validated here). */
    struct iaq_fields iaq;
    /* Nationalities (NCIC country codes) for the consular record, any basis;
     * for INTAKE_IAQ the iaq.nationality list is used when this is empty.
     * ["US"] records a US citizen. */
    char nationality[IAQ_NATIONALITY_MAX][4];
    /* issue 10: the exemption paths must record an answer to the
     * nationality question: a list above, or "not known" here. */
    bool nationality_not_known;
    /* The booking (confinement) time when it differs from the kiosk entry
     * time: ISO 8601, read in the kiosk's time zone without an offset; the
     * RSMo 544.472 clock runs from it. "" = now. Not after now. */
    char booked_at[40];
    /* A supervisor replacing the intake already recorded under this booking
     * number gives the reason here ("" = no supersession). */
    char supersede_reason[256];
};

/* Reads the JSON form used by `kioskctl intake add --json`:
 * {"booking_number", "charges":[...], and one of "id_document":{...},
 * "manual_document":{"kind","issuer","number","expires","attested":true},
 * "personal_knowledge":{"reason":...}, "iaq":{fields...}; optional
 * "nationality":[...]} into *in (cleared first; in->id_document borrows from
 * root, which must outlive *in). Every shape problem goes into *p. Returns 0
 * or KIOSK_ERR_INVALID. */
int intake_input_from_json(const json_t *root, struct intake_input *in, struct iaq_problems *p);

/* IAQ fields as a JSON object (the "iaq" member of the intake JSON; also
 * what the store keeps). Returns a new reference, NULL when out of memory. */
json_t *intake_iaq_to_json(const struct iaq_fields *f);

/* Reads IAQ fields from such an object into *f (cleared first); shape
 * problems (unknown keys, non-text values, too long) are appended to *p (may
 * be NULL). Returns 0 or KIOSK_ERR_INVALID. */
int intake_iaq_from_json(const json_t *o, struct iaq_fields *f, struct iaq_problems *p);

/* Adds an intake for actor (deputy or supervisor), all in one transaction
 * with its audit row: the intake, the ID summary or attestation or the queued
 * IAQ request, and a consular record when a nationality is foreign. Every
 * validation problem goes into *p (cleared first) and nothing is written
 * (KIOSK_ERR_INVALID). An exempt_id document is judged again here
 * (aamva_doc_from_json + idcheck_evaluate as of the booking date, default
 * rules; an issuer that is not the IIN's is refused) and refused unless valid
 * (problem on "id_document"). A manual document is checked field by field
 * (problems on "document_kind", "document_issuer", "document_number",
 * "document_expires", "attestation"): kind from the fixed list, issuer "US"
 * for federal kinds or a US state/territory code for state kinds, a number,
 * an expiry not before the booking date (the kiosk clock's local date; the
 * expiry day itself counts, idcheck_is_expired), and the attestation, which
 * is recorded with actor's badge (source "manual"). *request_id is 0 unless basis is INTAKE_IAQ.
 * Either out pointer may be NULL. */
/*
 * issue 10 additions: an exemption needs a nationality answer (problem on
 * "nationality"); an ID from a Canadian or Mexican issuer is refused naming
 * FOREIGN_ISSUER; IIN 636027 is kept with its immunity notice. For an IAQ
 * without "offense" OFF/ is the most serious charge (severity.h); an offense
 * given by the deputy must be one of the charges and is recorded as an
 * override. The same intake submitted again (same booking number, same
 * content: a retry) returns the first intake's ids and KIOSK_OK without
 * writing; a different intake under a booking number already in use is
 * refused (problem on "booking_number") unless a supervisor gives
 * supersede_reason, which marks the old intake superseded (and cancels its
 * open request). */
int intake_add(struct store *st, const struct auth_actor *actor, const struct intake_input *in,
               struct iaq_problems *p, int64_t *intake_id, int64_t *request_id);

/* True when the ID document of in carries a notice that does not change
 * the decision (IIN 636027: possible diplomatic or consular immunity,
 * notify a supervisor); the sentence goes into buf. */
bool intake_input_notice(const struct intake_input *in, char *buf, size_t len);

/* An intake as shown back (after a purge, personal fields are empty and
 * purged is true). */
struct intake_summary {
    int64_t id;
    char booking_number[INTAKE_BOOKING_MAX];
    char charges[INTAKE_CHARGES_MAX][8];
    enum intake_basis basis;
    char deputy_badge[AUTH_BADGE_MAX];
    char cosigner_badge[AUTH_BADGE_MAX];
    kiosk_ms_t created;
    int64_t request_id; /* 0 if none */
    /* exempt_id summary */
    char doc_kind[32];    /* "DL", "ID", ... or a manual kind */
    char doc_issuer[48];  /* "AZ Arizona USA" */
    char doc_expires[16]; /* YYYY-MM-DD or "" */
    char doc_last4[8];
    char doc_flags[32]; /* "real_id=F" ... */
    char doc_source[8]; /* "barcode" or "manual" ("" when no document) */
    bool doc_attested;  /* manual: the member attested INTAKE_ATTESTATION */
    char attested_by[AUTH_BADGE_MAX];
    int duplicate_count; /* other intakes with the same document hash */
    bool purged;
    /* issue 10 */
    char nationality[IAQ_NATIONALITY_MAX][4];
    bool nationality_not_known;
    char id_notice[200];  /* IIN 636027 notice, "" when none */
    kiosk_ms_t booked_at; /* confinement time (the created time unless entered) */
    kiosk_ms_t superseded;
    int64_t superseded_by;
    char supersede_reason[256];
};

/* Reads one intake; any signed-in role except auditor. */
int intake_get(struct store *st, const struct auth_actor *actor, int64_t id,
               struct intake_summary *out);

#endif
