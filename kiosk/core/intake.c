/* Intakes: validating and storing what a deputy submits (booking number,
 * charges, exemption or IAQ), the minimal ID-document summary with a keyed
 * hash of the number, and the JSON form used by `kioskctl intake add`. */
#include "core/fact.h"
#include "core/intake.h"
#include "core/aamva_json.h"
#include "core/audit.h"
#include "core/codes.h"
#include "core/consular.h"
#include "core/idcheck.h"
#include "core/kiosk_err.h"
#include "core/request.h"
#include "core/rowmac.h"
#include "core/severity.h"
#include "core/store_priv.h"
#include "core/tz.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *intake_basis_name(enum intake_basis b)
{
    switch (b) {
    case INTAKE_EXEMPT_ID:
        return "exempt_id";
    case INTAKE_EXEMPT_KNOWN:
        return "exempt_known";
    case INTAKE_IAQ:
        return "iaq";
    }
    return "?";
}

static const struct {
    const char *kind, *label;
    bool state;
} manual_kinds[] = {
    {"us_passport", "US passport", false},
    {"us_passport_card", "US passport card", false},
    {"permanent_resident_card", "Permanent-resident card", false},
    {"military_id", "Military ID", false},
    {"state_dl_no_barcode", "State licence, no readable barcode", true},
    {"state_id_no_barcode", "State ID card, no readable barcode", true},
    {"other_federal", "Other federal ID", false},
};
#define MANUAL_KIND_COUNT (sizeof manual_kinds / sizeof manual_kinds[0])

const char *const *intake_manual_kinds(void)
{
    static const char *const names[MANUAL_KIND_COUNT + 1] = {
        "us_passport",         "us_passport_card",    "permanent_resident_card", "military_id",
        "state_dl_no_barcode", "state_id_no_barcode", "other_federal",           NULL};
    return names;
}

static int manual_kind_index(const char *kind)
{
    for (size_t i = 0; kind && i < MANUAL_KIND_COUNT; i++)
        if (!strcmp(manual_kinds[i].kind, kind))
            return (int)i;
    return -1;
}

const char *intake_manual_kind_label(const char *kind)
{
    int i = manual_kind_index(kind);
    return i < 0 ? NULL : manual_kinds[i].label;
}

bool intake_manual_kind_is_state(const char *kind)
{
    int i = manual_kind_index(kind);
    return i >= 0 && manual_kinds[i].state;
}

static enum intake_basis basis_parse(const char *s)
{
    if (!s)
        return 0;
    if (!strcmp(s, "exempt_id"))
        return INTAKE_EXEMPT_ID;
    if (!strcmp(s, "exempt_known"))
        return INTAKE_EXEMPT_KNOWN;
    if (!strcmp(s, "iaq"))
        return INTAKE_IAQ;
    return 0;
}

/* The string members of struct iaq_fields, by JSON key. */
static const struct {
    const char *key;
    size_t offset, size;
} iaq_keys[] = {
#define K(m)                                                                                       \
    {                                                                                              \
#m, offsetof(struct iaq_fields, m), sizeof(((struct iaq_fields *)0)->m)                    \
    }
    K(family_name),
    K(first_name),
    K(middle_names),
    K(suffix),
    K(dob),
    K(sex),
    K(pob),
    K(offense),
    K(mother_maiden_name),
    K(father_last_name),
    K(licence_number),
    K(arn),
    K(fbi),
    K(sid),
#undef K
};
#define IAQ_KEY_COUNT (sizeof iaq_keys / sizeof iaq_keys[0])

json_t *intake_iaq_to_json(const struct iaq_fields *f)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    for (size_t i = 0; i < IAQ_KEY_COUNT; i++) {
        const char *v = (const char *)f + iaq_keys[i].offset;
        if (v[0])
            json_object_set_new(o, iaq_keys[i].key, json_string(v));
    }
    json_t *nat = json_array();
    for (int i = 0; i < IAQ_NATIONALITY_MAX && f->nationality[i][0]; i++)
        json_array_append_new(nat, json_string(f->nationality[i]));
    json_object_set_new(o, "nationality", nat);
    return o;
}

/* Reads a nationality list (array of strings, or one string) into nat. */
static void nationality_from_json(const json_t *v, char (*nat)[4], struct iaq_problems *p)
{
    if (!v || json_is_null(v))
        return;
    if (json_is_string(v)) {
        snprintf(nat[0], 4, "%.3s", json_string_value(v));
        if (json_string_length(v) > 2)
            iaq_problem_add(p, "nationality", "nationality '%.8s' is not a 2-letter code",
                            json_string_value(v));
        return;
    }
    if (!json_is_array(v)) {
        iaq_problem_add(p, "nationality", "nationality must be a list of NCIC country codes");
        return;
    }
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e)
    {
        if (i >= IAQ_NATIONALITY_MAX) {
            iaq_problem_add(p, "nationality", "at most %d nationalities", IAQ_NATIONALITY_MAX);
            break;
        }
        if (!json_is_string(e) || json_string_length(e) != 2) {
            iaq_problem_add(p, "nationality", "nationality %zu is not a 2-letter code", i + 1);
            continue;
        }
        snprintf(nat[i], 4, "%s", json_string_value(e));
        for (char *c = nat[i]; *c; c++)
            *c = (char)toupper((unsigned char)*c);
    }
}

int intake_iaq_from_json(const json_t *o, struct iaq_fields *f, struct iaq_problems *p)
{
    memset(f, 0, sizeof *f);
    if (!json_is_object(o)) {
        iaq_problem_add(p, "iaq", "iaq must be an object of IAQ fields");
        return KIOSK_ERR_INVALID;
    }
    int before = p ? p->count : 0;
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)(uintptr_t)o, key, v)
    {
        if (!strcmp(key, "nationality")) {
            nationality_from_json(v, f->nationality, p);
            continue;
        }
        size_t i = 0;
        while (i < IAQ_KEY_COUNT && strcmp(iaq_keys[i].key, key) != 0)
            i++;
        if (i == IAQ_KEY_COUNT) {
            iaq_problem_add(p, "iaq", "unknown IAQ field '%.40s'", key);
            continue;
        }
        if (json_is_null(v))
            continue;
        if (!json_is_string(v)) {
            iaq_problem_add(p, iaq_keys[i].key, "%s must be text", key);
            continue;
        }
        if (json_string_length(v) >= iaq_keys[i].size) {
            iaq_problem_add(p, iaq_keys[i].key, "%s is too long (at most %zu bytes)", key,
                            iaq_keys[i].size - 1);
            continue;
        }
        memcpy((char *)f + iaq_keys[i].offset, json_string_value(v), json_string_length(v) + 1);
    }
    return p && p->count > before ? KIOSK_ERR_INVALID : KIOSK_OK;
}

/* Reads {"kind","issuer","number","expires","attested":true} into *m. */
static void manual_from_json(const json_t *o, struct intake_manual_doc *m, struct iaq_problems *p)
{
    static const struct {
        const char *key, *field;
        size_t offset, size;
    } keys[] = {
        {"kind", "document_kind", offsetof(struct intake_manual_doc, kind), sizeof m->kind},
        {"issuer", "document_issuer", offsetof(struct intake_manual_doc, issuer), sizeof m->issuer},
        {"number", "document_number", offsetof(struct intake_manual_doc, number), sizeof m->number},
        {"expires", "document_expires", offsetof(struct intake_manual_doc, expires),
         sizeof m->expires},
    };
    if (!json_is_object(o)) {
        iaq_problem_add(p, "manual_document",
                        "manual_document must be {\"kind\", \"issuer\", \"number\", "
                        "\"expires\", \"attested\": true}");
        return;
    }
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)(uintptr_t)o, key, v)
    {
        if (!strcmp(key, "attested")) {
            if (!json_is_boolean(v))
                iaq_problem_add(p, "attestation", "attested must be true or false");
            else
                m->attested = json_is_true(v);
            continue;
        }
        size_t i = 0;
        while (i < sizeof keys / sizeof keys[0] && strcmp(keys[i].key, key) != 0)
            i++;
        if (i == sizeof keys / sizeof keys[0]) {
            iaq_problem_add(p, "manual_document", "unknown manual_document field '%.40s'", key);
            continue;
        }
        if (!json_is_string(v)) {
            iaq_problem_add(p, keys[i].field, "%s must be text", key);
            continue;
        }
        if (json_string_length(v) >= keys[i].size) {
            iaq_problem_add(p, keys[i].field, "%s is too long (at most %zu characters)", key,
                            keys[i].size - 1);
            continue;
        }
        memcpy((char *)m + keys[i].offset, json_string_value(v), json_string_length(v) + 1);
    }
}

int intake_input_from_json(const json_t *root, struct intake_input *in, struct iaq_problems *p)
{
    memset(in, 0, sizeof *in);
    int before = p->count;
    if (!json_is_object(root)) {
        iaq_problem_add(p, "intake", "the intake must be a JSON object");
        return KIOSK_ERR_INVALID;
    }
    const char *key;
    json_t *v;
    int bases = 0;
    json_object_foreach((json_t *)(uintptr_t)root, key, v)
    {
        if (!strcmp(key, "booking_number")) {
            if (!json_is_string(v) || json_string_length(v) >= INTAKE_BOOKING_MAX)
                iaq_problem_add(p, "booking_number",
                                "booking_number must be text of at most %d "
                                "characters",
                                INTAKE_BOOKING_MAX - 1);
            else
                snprintf(in->booking_number, sizeof in->booking_number, "%s", json_string_value(v));
        } else if (!strcmp(key, "charges")) {
            size_t i;
            json_t *e;
            if (!json_is_array(v)) {
                iaq_problem_add(p, "charges", "charges must be a list of NCIC offense codes");
                continue;
            }
            json_array_foreach(v, i, e)
            {
                if (i >= INTAKE_CHARGES_MAX) {
                    iaq_problem_add(p, "charges", "at most %d charges", INTAKE_CHARGES_MAX);
                    break;
                }
                if (!json_is_string(e) || json_string_length(e) != 4)
                    iaq_problem_add(p, "charges", "charge %zu is not a 4-digit NCIC code", i + 1);
                else
                    snprintf(in->charges[i], sizeof in->charges[i], "%s", json_string_value(e));
            }
        } else if (!strcmp(key, "id_document")) {
            bases++;
            in->basis = INTAKE_EXEMPT_ID;
            in->id_document = v;
        } else if (!strcmp(key, "manual_document")) {
            bases++;
            in->basis = INTAKE_EXEMPT_ID;
            in->manual = true;
            manual_from_json(v, &in->manual_document, p);
        } else if (!strcmp(key, "personal_knowledge")) {
            bases++;
            in->basis = INTAKE_EXEMPT_KNOWN;
            json_t *r = json_object_get(v, "reason");
            if (!json_is_object(v) || !json_is_string(r))
                iaq_problem_add(p, "personal_knowledge",
                                "personal_knowledge needs {\"reason\": \"...\"}");
            else if (json_string_length(r) >= sizeof in->known_reason)
                iaq_problem_add(p, "personal_knowledge",
                                "the reason is too long (at most %zu "
                                "bytes)",
                                sizeof in->known_reason - 1);
            else
                snprintf(in->known_reason, sizeof in->known_reason, "%s", json_string_value(r));
        } else if (!strcmp(key, "iaq")) {
            bases++;
            in->basis = INTAKE_IAQ;
            intake_iaq_from_json(v, &in->iaq, p);
        } else if (!strcmp(key, "nationality")) {
            if (json_is_string(v) && !strcmp(json_string_value(v), "not_known"))
                in->nationality_not_known = true;
            else
                nationality_from_json(v, in->nationality, p);
        } else if (!strcmp(key, "booked_at")) {
            if (!json_is_string(v) || json_string_length(v) >= sizeof in->booked_at)
                iaq_problem_add(p, "booked_at", "booked_at must be an ISO 8601 time");
            else
                snprintf(in->booked_at, sizeof in->booked_at, "%s", json_string_value(v));
        } else if (!strcmp(key, "supersede")) {
            json_t *r = json_object_get(v, "reason");
            if (!json_is_object(v) || !json_is_string(r) || json_string_length(r) == 0 ||
                json_string_length(r) >= sizeof in->supersede_reason)
                iaq_problem_add(p, "supersede",
                                "supersede needs {\"reason\": \"...\"} (1-255 bytes)");
            else
                snprintf(in->supersede_reason, sizeof in->supersede_reason, "%s",
                         json_string_value(r));
        } else {
            iaq_problem_add(p, "intake", "unknown field '%.40s'", key);
        }
    }
    if (bases != 1)
        iaq_problem_add(
            p, "intake",
            "give exactly one of id_document, manual_document, personal_knowledge or iaq");
    return p->count > before ? KIOSK_ERR_INVALID : KIOSK_OK;
}

static bool booking_valid(const char *b)
{
    size_t n = strlen(b);
    if (n < 1 || n >= INTAKE_BOOKING_MAX)
        return false;
    for (; *b; b++)
        if (!isalnum((unsigned char)*b) && !strchr("-_/.", *b))
            return false;
    return true;
}

/* The minimal summary of a parsed ID document. */
struct doc_summary {
    char kind[32], issuer[48], expires[16], flags[32], last4[8];
    unsigned char hash[32];
    char notice[200]; /* IIN 636027 */
};

/* The booking date: the local date of now in the kiosk's time zone (the
 * store's setting; the default zone without a store). */
static int booking_date(struct store *st, kiosk_ms_t now, int *y, int *m, int *d)
{
    if (st)
        return tz_store_local_date(st, now, y, m, d);
    return tz_local_date(TZ_DEFAULT, now, y, m, d);
}

/* Keeps the last 4 of number (normalised: upper case, no spaces) and its
 * keyed BLAKE2b hash (the key file's document key) in d. */
static void hash_number(struct store *st, const char *number, const char *field,
                        struct doc_summary *d, struct iaq_problems *p)
{
    char norm[64];
    size_t o = 0;
    for (const char *c = number; *c && o + 1 < sizeof norm; c++)
        if (!isspace((unsigned char)*c))
            norm[o++] = (char)toupper((unsigned char)*c);
    norm[o] = '\0';
    snprintf(d->last4, sizeof d->last4, "%.4s", o > 4 ? norm + o - 4 : norm);
    /* The key lives in the key file outside the database (issue 12): a copy
     * of the file alone cannot test guesses against the hash. */
    if (!st->have_keys)
        iaq_problem_add(p, field, "the install secret for ID hashes is missing (no key file)");
    else
        crypto_generichash(d->hash, sizeof d->hash, (const unsigned char *)norm, o, st->keys.doc,
                           sizeof st->keys.doc);
    sodium_memzero(norm, sizeof norm);
}

/* Judges a parsed-ID object itself: the fields the verdict depends on are
 * read back (aamva_doc_from_json) and idcheck_evaluate() runs again as of the
 * booking date (local date of now, default rules); the "verdict" the caller
 * sent is ignored, so it cannot be forged. Problems name the reason codes
 * only: a reason sentence can carry the date of birth. */
static void check_document(struct store *st, const json_t *doc, kiosk_ms_t now,
                           struct doc_summary *d, struct iaq_problems *p)
{
    memset(d, 0, sizeof *d);
    if (!json_is_object(doc)) {
        iaq_problem_add(p, "id_document",
                        "id_document must be the object `kioskctl id parse --json` prints");
        return;
    }
    struct aamva_doc ad;
    char why[160];
    if (aamva_doc_from_json(doc, &ad, why, sizeof why) != KIOSK_OK) {
        iaq_problem_add(p, "id_document", "%s", why);
        goto done;
    }
    int by, bm, bd;
    struct idcheck_verdict v;
    if (booking_date(st, now, &by, &bm, &bd) != KIOSK_OK ||
        idcheck_evaluate(&ad, by, bm, bd, NULL, &v) != KIOSK_OK) {
        iaq_problem_add(p, "id_document", "the booking date cannot be read from the clock");
        goto done;
    }
    if (!v.valid) {
        char codes[120] = "";
        for (int i = 0; i < v.count; i++) {
            const char *c = idcheck_reason_name(v.reasons[i].code);
            size_t l = strlen(codes);
            if (c && !strstr(codes, c))
                snprintf(codes + l, sizeof codes - l, "%s%s", l ? ", " : "", c);
        }
        iaq_problem_add(p, "id_document",
                        "the document is not a valid government ID on the booking date (%s); "
                        "use personal knowledge or an IAQ",
                        codes);
        goto done;
    }
    snprintf(d->kind, sizeof d->kind, "%s", ad.document_type[0] ? ad.document_type : "?");
    snprintf(d->issuer, sizeof d->issuer, "%s%s%s %s", ad.issuer->jurisdiction,
             ad.issuer->jurisdiction[0] ? " " : "", ad.issuer->name, ad.issuer->country);
    aamva_date_iso(&ad.expires, d->expires);
    snprintf(d->flags, sizeof d->flags, "real_id=%s limited=%s", ad.real_id[0] ? ad.real_id : "-",
             ad.limited_duration == 1   ? "Y"
             : ad.limited_duration == 0 ? "N"
                                        : "-");
    snprintf(d->notice, sizeof d->notice, "%s", v.notice);
    hash_number(st, ad.document_number, "id_document", d, p);
done:
    /* the parsed fields hold the person's name, DOB and number */
    sodium_memzero(&ad, sizeof ad);
}

/* Checks a hand-entered document field by field as of the booking date
 * (local date of now) and fills the summary; hashes the number when st is
 * not NULL and nothing is wrong. */
static void check_manual(struct store *st, const struct intake_manual_doc *m, kiosk_ms_t now,
                         struct doc_summary *d, struct iaq_problems *p)
{
    memset(d, 0, sizeof *d);
    int k = manual_kind_index(m->kind);
    if (k < 0) {
        char list[200] = "";
        for (size_t i = 0; i < MANUAL_KIND_COUNT; i++) {
            size_t l = strlen(list);
            snprintf(list + l, sizeof list - l, "%s%s", i ? ", " : "", manual_kinds[i].kind);
        }
        if (m->kind[0])
            iaq_problem_add(p, "document_kind", "kind '%.32s' is not one of %s", m->kind, list);
        else
            iaq_problem_add(p, "document_kind", "the document kind is required");
    }
    char issuer[8];
    snprintf(issuer, sizeof issuer, "%s", m->issuer);
    for (char *c = issuer; *c; c++)
        *c = (char)toupper((unsigned char)*c);
    if (!issuer[0]) {
        iaq_problem_add(p, "document_issuer", "the issuer is required (a state code, or US)");
    } else if (k >= 0 && !manual_kinds[k].state) {
        if (strcmp(issuer, "US") != 0)
            iaq_problem_add(p, "document_issuer", "a federal document's issuer is US, not '%.7s'",
                            issuer);
        else
            snprintf(d->issuer, sizeof d->issuer, "US United States");
    } else if (k >= 0) {
        const struct code_place *pl = strlen(issuer) == 2 ? codes_place_find(issuer) : NULL;
        if (!pl || (strcmp(pl->kind, "us_state") != 0 && strcmp(pl->kind, "us_territory") != 0))
            iaq_problem_add(p, "document_issuer",
                            "issuer '%.7s' is not the NCIC code of a US state or territory",
                            issuer);
        else
            snprintf(d->issuer, sizeof d->issuer, "%s %s", pl->code, pl->name);
    }
    size_t digits = 0;
    bool bad = false;
    for (const char *c = m->number; *c; c++) {
        if (isalnum((unsigned char)*c))
            digits++;
        else if (*c != ' ' && *c != '-')
            bad = true;
    }
    if (!m->number[0])
        iaq_problem_add(p, "document_number", "the document number is required");
    else if (bad)
        iaq_problem_add(p, "document_number",
                        "the document number takes letters, digits, spaces and '-' only");
    else if (digits < 4 || digits > 25)
        iaq_problem_add(p, "document_number",
                        "the document number must have 4 to 25 letters or digits");
    int ey, em, ed;
    if (!m->expires[0]) {
        iaq_problem_add(p, "document_expires", "the expiry date is required");
    } else if (idcheck_parse_iso_date(m->expires, &ey, &em, &ed) != KIOSK_OK) {
        iaq_problem_add(p, "document_expires", "expiry '%.15s' is not a real date YYYY-MM-DD",
                        m->expires);
    } else {
        /* The booking date is today in the kiosk's time zone, as for a
         * scanned licence. */
        int by = 0, bm = 0, bd = 0;
        if (booking_date(st, now, &by, &bm, &bd) != KIOSK_OK)
            iaq_problem_add(p, "document_expires", "the booking date cannot be read");
        else if (idcheck_is_expired(ey, em, ed, by, bm, bd, NULL))
            iaq_problem_add(p, "document_expires",
                            "the document expired on %s; use personal knowledge or an IAQ",
                            m->expires);
        else
            snprintf(d->expires, sizeof d->expires, "%s", m->expires);
    }
    if (!m->attested)
        iaq_problem_add(p, "attestation", "attest: \"%s\"", INTAKE_ATTESTATION);
    if (k >= 0)
        snprintf(d->kind, sizeof d->kind, "%s", manual_kinds[k].kind);
    if (st && p->count == 0)
        hash_number(st, m->number, "document_number", d, p);
}

bool intake_input_notice(const struct intake_input *in, char *buf, size_t len)
{
    if (len)
        buf[0] = '\0';
    if (in->basis != INTAKE_EXEMPT_ID || in->manual || !json_is_object(in->id_document))
        return false;
    struct aamva_doc ad;
    struct idcheck_verdict v;
    bool have = aamva_doc_from_json(in->id_document, &ad, NULL, 0) == KIOSK_OK &&
                idcheck_evaluate(&ad, 2000, 1, 1, NULL, &v) == KIOSK_OK && v.notice[0];
    if (have)
        snprintf(buf, len, "%s", v.notice);
    sodium_memzero(&ad, sizeof ad);
    return have;
}

int intake_manual_validate(const struct intake_manual_doc *m, kiosk_ms_t now,
                           struct iaq_problems *p)
{
    struct doc_summary d;
    int before = p->count;
    check_manual(NULL, m, now, &d, p);
    return p->count > before ? KIOSK_ERR_INVALID : KIOSK_OK;
}

static void check_nationality(const char (*nat)[4], struct iaq_problems *p)
{
    struct iaq_fields f;
    memset(&f, 0, sizeof f);
    memcpy(f.nationality, nat, sizeof f.nationality);
    struct iaq_problems tmp = {0};
    iaq_validate(&f, 0, &tmp);
    for (int i = 0; i < tmp.count; i++)
        if (!strcmp(tmp.items[i].field, "nationality"))
            iaq_problem_add(p, "nationality", "%s", tmp.items[i].message);
}

static int insert_request(struct store *st, const struct auth_actor *actor, int64_t intake_id,
                          const struct iaq_fields *f, kiosk_ms_t booked, const char *offense_auto,
                          bool overridden, int64_t *rid)
{
    kiosk_ms_t now = store_now(st);
    char name[IAQ_NAME_MAX], attention[64];
    iaq_format_name(f, name, sizeof name);
    snprintf(attention, sizeof attention, "%.30s %.31s",
             actor->name[0] ? actor->name : "LOCAL ADMIN", actor->badge);
    json_t *j = intake_iaq_to_json(f);
    char *text = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    if (!text)
        return KIOSK_ERR_NOMEM;
    sqlite3_stmt *s;
    int rc = store_prepare(st,
                           "INSERT INTO requests(intake_id, state, fields, ncic_name, offense,"
                           " attention, booked, created, queued, updated, offense_auto,"
                           " offense_overridden)"
                           " VALUES (?1, 'queued', ?2, ?3, ?4, ?5, ?7, ?6, ?6, ?6, ?8, ?9)",
                           &s);
    if (rc == KIOSK_OK) {
        sqlite3_bind_int64(s, 1, intake_id);
        sqlite3_bind_text(s, 2, text, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, name, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, f->offense, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, attention, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 6, now);
        sqlite3_bind_int64(s, 7, booked);
        store_bind_text(s, 8, offense_auto, true);
        sqlite3_bind_int(s, 9, overridden ? 1 : 0);
        rc = store_sqlite_err(sqlite3_step(s));
        *rid = sqlite3_last_insert_rowid(st->db);
        sqlite3_finalize(s);
    }
    if (rc == KIOSK_OK)
        rc = rowmac_seal(st, ROWMAC_REQUESTS, *rid);
    free(text);
    if (rc == KIOSK_OK)
        rc = request_event_add(st, *rid, actor, NULL, "queued", NULL);
    return rc;
}

/* A keyed hash (the document key of the key file, issue 12, over a
 * domain-separated JSON text) of everything an intake records: two
 * submissions with the same hash are the same intake. */
static int input_hash(struct store *st, const struct intake_input *in,
                      const struct doc_summary *doc, const struct iaq_fields *iaq,
                      const char *natlist, kiosk_ms_t booked, unsigned char out[32])
{
    char dochash[65];
    sodium_bin2hex(dochash, sizeof dochash, doc->hash, sizeof doc->hash);
    json_t *charges = json_array();
    for (int i = 0; i < INTAKE_CHARGES_MAX && in->charges[i][0]; i++)
        json_array_append_new(charges, json_string(in->charges[i]));
    json_t *o = json_pack(
        "{s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:I, s:o}", "cosigner",
        in->basis == INTAKE_EXEMPT_KNOWN && in->cosigner ? in->cosigner->badge : "", "booking",
        in->booking_number, "charges", charges, "basis", intake_basis_name(in->basis), "doc",
        dochash, "doc_kind", doc->kind, "doc_expires", doc->expires, "known", in->known_reason,
        "nat", natlist, "not_known", in->nationality_not_known, "booked",
        (json_int_t)(in->booked_at[0] ? booked : 0), "iaq",
        in->basis == INTAKE_IAQ ? intake_iaq_to_json(iaq) : json_null());
    char *text = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(o);
    if (!text)
        return KIOSK_ERR_NOMEM;
    static const char domain[] = "booking-kiosk intake input v1";
    crypto_generichash_state h;
    crypto_generichash_init(&h, st->keys.doc, sizeof st->keys.doc, 32);
    crypto_generichash_update(&h, (const unsigned char *)domain, sizeof domain);
    crypto_generichash_update(&h, (const unsigned char *)text, strlen(text));
    crypto_generichash_final(&h, out, 32);
    sodium_memzero(&h, sizeof h);
    sodium_memzero(text, strlen(text));
    free(text);
    return KIOSK_OK;
}

/* The intake already recorded under in's booking number (not superseded):
 * *retry with its ids when it has the same content; otherwise a problem on
 * booking_number unless a supersede reason is given (then *prior is its
 * id). Inside the caller's transaction. */
static int same_booking(struct store *st, const struct intake_input *in,
                        const unsigned char hash[32], struct iaq_problems *p, int64_t *prior,
                        bool *retry, int64_t *iid, int64_t *rid)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st,
                           "SELECT i.id, i.input_hash, (SELECT r.id FROM requests r WHERE"
                           " r.intake_id = i.id) FROM intakes i WHERE i.booking_number = ?1 AND"
                           " i.superseded IS NULL AND i.purged = 0 ORDER BY i.id DESC LIMIT 1",
                           &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_text(s, 1, in->booking_number, -1, SQLITE_STATIC);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(s, 0);
        const void *h = sqlite3_column_blob(s, 1);
        if (h && sqlite3_column_bytes(s, 1) == 32 && sodium_memcmp(h, hash, 32) == 0) {
            *retry = true;
            *iid = id;
            *rid = sqlite3_column_int64(s, 2);
        } else if (in->supersede_reason[0]) {
            *prior = id;
        } else {
            iaq_problem_add(p, "booking_number",
                            "booking number %.31s already has intake %lld with different "
                            "details; a supervisor may supersede it with a reason",
                            in->booking_number, (long long)id);
            rc = KIOSK_ERR_INVALID;
        }
    } else if (r == SQLITE_DONE) {
        if (in->supersede_reason[0]) {
            iaq_problem_add(p, "supersede", "booking number %.31s has no intake to supersede",
                            in->booking_number);
            rc = KIOSK_ERR_INVALID;
        }
    } else {
        rc = store_sqlite_err(r);
    }
    sqlite3_finalize(s);
    return rc;
}

/* Marks intake prior superseded by intake next with reason; its open
 * request (if any) is cancelled with the same reason. */
static int supersede(struct store *st, const struct auth_actor *actor, int64_t prior, int64_t next,
                     const char *reason)
{
    kiosk_ms_t now = store_now(st);
    sqlite3_stmt *s;
    int rc = store_prepare(st,
                           "UPDATE intakes SET superseded = ?2, superseded_by = ?3,"
                           " supersede_reason = ?4, supersede_badge = ?5,"
                           " closed = COALESCE(closed, ?2) WHERE id = ?1",
                           &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, prior);
    sqlite3_bind_int64(s, 2, now);
    sqlite3_bind_int64(s, 3, next);
    sqlite3_bind_text(s, 4, reason, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, actor->badge[0] ? actor->badge : "local-admin", -1, SQLITE_STATIC);
    rc = store_sqlite_err(sqlite3_step(s));
    sqlite3_finalize(s);
    int64_t rid = 0;
    char from[16] = "";
    if (rc == KIOSK_OK &&
        (rc = store_prepare(st,
                            "SELECT id, state FROM requests WHERE intake_id = ?1 AND state NOT IN"
                            " ('closed','cancelled')",
                            &s)) == KIOSK_OK) {
        sqlite3_bind_int64(s, 1, prior);
        if (sqlite3_step(s) == SQLITE_ROW) {
            rid = sqlite3_column_int64(s, 0);
            store_col_text(s, 1, from, sizeof from);
        }
        sqlite3_finalize(s);
    }
    if (rc == KIOSK_OK && rid &&
        (rc = store_prepare(st,
                            "UPDATE requests SET state = 'cancelled', cancelled = ?2,"
                            " ended = COALESCE(ended, ?2), cancel_reason = ?3, updated = ?2"
                            " WHERE id = ?1",
                            &s)) == KIOSK_OK) {
        char why[300];
        snprintf(why, sizeof why, "superseded by intake %lld: %s", (long long)next, reason);
        sqlite3_bind_int64(s, 1, rid);
        sqlite3_bind_int64(s, 2, now);
        sqlite3_bind_text(s, 3, why, -1, SQLITE_TRANSIENT);
        rc = store_sqlite_err(sqlite3_step(s));
        sqlite3_finalize(s);
        if (rc == KIOSK_OK)
            rc = request_event_add(st, rid, actor, from, "cancelled", "superseded");
    }
    char obj[32], details[64];
    snprintf(obj, sizeof obj, "intake:%lld", (long long)prior);
    snprintf(details, sizeof details, "superseded_by=%lld", (long long)next);
    if (rc == KIOSK_OK)
        rc = audit_append(st, actor, "intake.supersede", obj, "ok", details);
    return rc;
}

int intake_add(struct store *st, const struct auth_actor *actor, const struct intake_input *in,
               struct iaq_problems *p, int64_t *intake_id, int64_t *request_id)
{
    struct iaq_problems local;
    if (!p)
        p = &local;
    memset(p, 0, sizeof *p);
    if (intake_id)
        *intake_id = 0;
    if (request_id)
        *request_id = 0;
    int rc = auth_require(st, actor, AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR);
    if (rc != KIOSK_OK) {
        iaq_problem_add(p, "actor", "only deputies and supervisors add intakes");
        return rc;
    }
    kiosk_ms_t now = store_now(st);
    struct store_settings set;
    if ((rc = store_settings_get(st, &set)) != KIOSK_OK)
        return rc;
    if (!in->booking_number[0])
        iaq_problem_add(p, "booking_number",
                        "a booking number is required: the kiosk is only "
                        "for persons presented for incarceration");
    else if (!booking_valid(in->booking_number))
        iaq_problem_add(p, "booking_number",
                        "booking number must be letters, digits, '-', '_', '/' or '.'");
    char charges[INTAKE_CHARGES_MAX * 5 + 1] = "";
    int ncharges = 0;
    for (int i = 0; i < INTAKE_CHARGES_MAX && in->charges[i][0]; i++) {
        const struct code_offense *o =
            strlen(in->charges[i]) == 4 ? codes_offense_find(in->charges[i]) : NULL;
        if (!o) {
            iaq_problem_add(p, "charges", "charge '%.8s' is not an NCIC offense code",
                            in->charges[i]);
            continue;
        }
        size_t l = strlen(charges);
        snprintf(charges + l, sizeof charges - l, "%s%s", l ? "," : "", o->code);
        ncharges++;
    }
    if (!in->charges[0][0])
        iaq_problem_add(p, "charges", "at least one charge (NCIC offense code) is required");
    struct iaq_fields iaq = in->iaq;
    char nat[IAQ_NATIONALITY_MAX][4];
    memcpy(nat, in->nationality, sizeof nat);
    struct doc_summary doc;
    memset(&doc, 0, sizeof doc);
    char offense_auto[8] = "";
    bool offense_overridden = false;
    switch (in->basis) {
    case INTAKE_EXEMPT_ID:
        if (in->manual)
            check_manual(st, &in->manual_document, now, &doc, p);
        else
            check_document(st, in->id_document, now, &doc, p);
        break;
    case INTAKE_EXEMPT_KNOWN:
        if (!in->known_reason[0])
            iaq_problem_add(p, "personal_knowledge",
                            "say how you know the person's status (reason)");
        if (set.cosign_required && !in->cosigner)
            iaq_problem_add(p, "cosigner", "a supervisor must co-sign personal knowledge");
        if (in->cosigner) {
            if (in->cosigner->user_id == actor->user_id)
                iaq_problem_add(p, "cosigner", "the co-signer must be another member");
            else if (auth_require(st, in->cosigner, AUTH_ROLE_SUPERVISOR) != KIOSK_OK)
                iaq_problem_add(p, "cosigner", "the co-signer must be a signed-in supervisor");
        }
        break;
    case INTAKE_IAQ: {
        /* OFF/ is the most serious charge (Nlets), not the first typed; an
         * offense the deputy gives is an override, recorded as such. */
        int best = ncharges > 0
                       ? severity_most_serious((const char(*)[8])in->charges, INTAKE_CHARGES_MAX)
                       : -1;
        if (best >= 0)
            snprintf(offense_auto, sizeof offense_auto, "%s", in->charges[best]);
        if (!iaq.offense[0])
            snprintf(iaq.offense, sizeof iaq.offense, "%s", offense_auto);
        else if (offense_auto[0] && strcmp(iaq.offense, offense_auto) != 0)
            offense_overridden = true;
        iaq_validate(&iaq, now, p);
        if (!nat[0][0])
            memcpy(nat, iaq.nationality, sizeof nat);
        {
            char fixed[IAQ_NATIONALITY_MAX][4];
            memcpy(fixed, iaq.nationality, sizeof fixed);
            if (memcmp(fixed, nat, sizeof nat) != 0)
                check_nationality((const char(*)[4])nat, p);
        }
        break;
    }
    default:
        iaq_problem_add(
            p, "intake",
            "give exactly one of id_document, manual_document, personal_knowledge or iaq");
    }
    if (in->basis != INTAKE_IAQ) {
        check_nationality((const char(*)[4])nat, p);
        /* Asked on every exemption path before it is recorded. */
        if (!nat[0][0] && !in->nationality_not_known)
            iaq_problem_add(p, "nationality",
                            "ask the person's nationality: US citizen (US), the country of a "
                            "foreign national, or not known");
        else if (nat[0][0] && in->nationality_not_known)
            iaq_problem_add(p, "nationality", "give the nationality or \"not known\", not both");
    }
    kiosk_ms_t booked = now;
    if (in->booked_at[0]) {
        char zone[TZ_NAME_MAX];
        if (tz_store_zone(st, zone, sizeof zone) != KIOSK_OK ||
            tz_parse_local(zone, in->booked_at, &booked) != KIOSK_OK)
            iaq_problem_add(p, "booked_at", "booked_at '%.39s' is not an ISO 8601 time",
                            in->booked_at);
        else if (booked > now)
            iaq_problem_add(p, "booked_at", "the booking time cannot be after now");
        else if (booked < now - 30 * KIOSK_MS_PER_DAY)
            iaq_problem_add(p, "booked_at", "the booking time is more than 30 days ago");
    }
    if (in->supersede_reason[0] && auth_require(st, actor, AUTH_ROLE_SUPERVISOR) != KIOSK_OK)
        iaq_problem_add(p, "supersede", "only a supervisor may supersede an intake");
    if (p->count > 0)
        return KIOSK_ERR_INVALID;

    char natlist[IAQ_NATIONALITY_MAX * 5 + 1] = "";
    for (int i = 0; i < IAQ_NATIONALITY_MAX && nat[i][0]; i++) {
        size_t l = strlen(natlist);
        snprintf(natlist + l, sizeof natlist - l, "%s%.2s", l ? "," : "", nat[i]);
    }
    unsigned char ihash[32];
    if ((rc = input_hash(st, in, &doc, &iaq, natlist, booked, ihash)) != KIOSK_OK)
        return rc;
    if ((rc = store_tx_begin(st)) != KIOSK_OK)
        return rc;
    sqlite3_stmt *s = NULL;
    int64_t iid = 0, rid = 0, prior = 0;
    bool retry = false;
    rc = same_booking(st, in, ihash, p, &prior, &retry, &iid, &rid);
    if (rc != KIOSK_OK || retry) {
        char obj[32];
        snprintf(obj, sizeof obj, "intake:%lld", (long long)iid);
        if (rc == KIOSK_OK)
            rc = audit_append(st, actor, "intake.add", obj, "retry",
                              "the same intake submitted again");
        rc = store_tx_end(st, rc);
        if (rc != KIOSK_OK)
            return rc;
        if (intake_id)
            *intake_id = iid;
        if (request_id)
            *request_id = rid;
        return KIOSK_OK;
    }
    rc = store_prepare(st,
                       "INSERT INTO intakes(booking_number, charges, basis, deputy_id,"
                       " deputy_badge, cosigner_badge, known_reason, nationality, created, closed,"
                       " nationality_answer, id_notice, booked_at, input_hash)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                       &s);
    if (rc == KIOSK_OK) {
        sqlite3_bind_text(s, 1, in->booking_number, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, charges, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, intake_basis_name(in->basis), -1, SQLITE_STATIC);
        if (actor->user_id)
            sqlite3_bind_int64(s, 4, actor->user_id);
        else
            sqlite3_bind_null(s, 4);
        sqlite3_bind_text(s, 5, actor->badge[0] ? actor->badge : "local-admin", -1, SQLITE_STATIC);
        store_bind_text(
            s, 6, in->basis == INTAKE_EXEMPT_KNOWN && in->cosigner ? in->cosigner->badge : NULL,
            true);
        store_bind_text(s, 7, in->basis == INTAKE_EXEMPT_KNOWN ? in->known_reason : NULL, true);
        store_bind_text(s, 8, natlist, true);
        sqlite3_bind_int64(s, 9, now);
        if (in->basis == INTAKE_IAQ)
            sqlite3_bind_null(s, 10);
        else
            sqlite3_bind_int64(s, 10, now);
        store_bind_text(s, 11,
                        in->basis == INTAKE_IAQ     ? NULL
                        : in->nationality_not_known ? "not_known"
                                                    : "given",
                        true);
        store_bind_text(s, 12, doc.notice, true);
        sqlite3_bind_int64(s, 13, booked);
        sqlite3_bind_blob(s, 14, ihash, sizeof ihash, SQLITE_TRANSIENT);
        rc = store_sqlite_err(sqlite3_step(s));
        iid = sqlite3_last_insert_rowid(st->db);
        sqlite3_finalize(s);
    }
    if (rc == KIOSK_OK)
        rc = rowmac_seal(st, ROWMAC_INTAKES, iid);
    if (rc == KIOSK_OK && in->basis == INTAKE_EXEMPT_ID &&
        (rc = store_prepare(st,
                            "INSERT INTO id_documents(intake_id, kind, issuer, expires, flags,"
                            " last4, number_hash, source, attested, attested_by, attestation)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                            &s)) == KIOSK_OK) {
        const char *attester = actor->badge[0] ? actor->badge : "local-admin";
        sqlite3_bind_int64(s, 1, iid);
        sqlite3_bind_text(s, 2, doc.kind, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, doc.issuer, -1, SQLITE_STATIC);
        store_bind_text(s, 4, doc.expires, true);
        store_bind_text(s, 5, doc.flags, true);
        sqlite3_bind_text(s, 8, in->manual ? "manual" : "barcode", -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 9, in->manual ? 1 : 0);
        store_bind_text(s, 10, in->manual ? attester : NULL, true);
        store_bind_text(s, 11, in->manual ? INTAKE_ATTESTATION : NULL, true);
        sqlite3_bind_text(s, 6, doc.last4, -1, SQLITE_STATIC);
        sqlite3_bind_blob(s, 7, doc.hash, sizeof doc.hash, SQLITE_STATIC);
        rc = store_sqlite_err(sqlite3_step(s));
        sqlite3_finalize(s);
    }
    if (rc == KIOSK_OK && in->basis == INTAKE_IAQ)
        rc = insert_request(st, actor, iid, &iaq, booked, offense_auto, offense_overridden, &rid);
    if (rc == KIOSK_OK && prior)
        rc = supersede(st, actor, prior, iid, in->supersede_reason);
    if (rc == KIOSK_OK)
        rc = consular_open(
            st, iid, (const char(*)[4])nat,
            in->basis == INTAKE_EXEMPT_ID && !strcmp(doc.kind, "permanent_resident_card"), now);
    char obj[32], details[96];
    snprintf(obj, sizeof obj, "intake:%lld", (long long)iid);
    if (rid)
        snprintf(details, sizeof details, "basis=%s request=%lld", intake_basis_name(in->basis),
                 (long long)rid);
    else if (in->basis == INTAKE_EXEMPT_ID && in->manual)
        snprintf(details, sizeof details, "basis=exempt_id source=manual kind=%s attested=Y",
                 doc.kind);
    else
        snprintf(details, sizeof details, "basis=%s%s%s", intake_basis_name(in->basis),
                 in->basis == INTAKE_EXEMPT_KNOWN && in->cosigner ? " cosigner=" : "",
                 in->basis == INTAKE_EXEMPT_KNOWN && in->cosigner ? in->cosigner->badge : "");
    if (rc == KIOSK_OK)
        rc = fact_emit_intake(st, iid); /* issue 14: the others derive it */
    if (rc == KIOSK_OK)
        rc = audit_append(st, actor, "intake.add", obj, "ok", details);
    rc = store_tx_end(st, rc);
    if (rc != KIOSK_OK)
        return rc;
    if (intake_id)
        *intake_id = iid;
    if (request_id)
        *request_id = rid;
    return KIOSK_OK;
}

int intake_get(struct store *st, const struct auth_actor *actor, int64_t id,
               struct intake_summary *out)
{
    memset(out, 0, sizeof *out);
    int rc = auth_require(
        st, actor, AUTH_ROLE_DEPUTY | AUTH_ROLE_COMMS | AUTH_ROLE_SUPERVISOR | AUTH_ROLE_ADMIN);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_stmt *s;
    rc = store_prepare(st,
                       "SELECT i.id, i.booking_number, i.charges, i.basis, i.deputy_badge,"
                       " i.cosigner_badge, i.created, i.purged,"
                       " (SELECT r.id FROM requests r WHERE r.intake_id = i.id),"
                       " d.kind, d.issuer, d.expires, d.last4, d.flags,"
                       " (SELECT count(*) FROM id_documents o WHERE o.number_hash = d.number_hash"
                       "  AND o.intake_id <> i.id),"
                       " d.source, d.attested, d.attested_by, i.nationality,"
                       " i.nationality_answer, i.id_notice, COALESCE(i.booked_at, i.created),"
                       " i.superseded, i.superseded_by, i.supersede_reason"
                       " FROM intakes i LEFT JOIN id_documents d ON d.intake_id = i.id"
                       " WHERE i.id = ?1",
                       &s);
    if (rc != KIOSK_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        out->id = sqlite3_column_int64(s, 0);
        store_col_text(s, 1, out->booking_number, sizeof out->booking_number);
        char charges[INTAKE_CHARGES_MAX * 5 + 1];
        store_col_text(s, 2, charges, sizeof charges);
        int n = 0;
        char *save = NULL;
        for (char *tok = strtok_r(charges, ",", &save); tok && n < INTAKE_CHARGES_MAX;
             tok = strtok_r(NULL, ",", &save))
            snprintf(out->charges[n++], sizeof out->charges[0], "%s", tok);
        out->basis = basis_parse((const char *)sqlite3_column_text(s, 3));
        store_col_text(s, 4, out->deputy_badge, sizeof out->deputy_badge);
        store_col_text(s, 5, out->cosigner_badge, sizeof out->cosigner_badge);
        out->created = sqlite3_column_int64(s, 6);
        out->purged = sqlite3_column_int(s, 7) != 0;
        out->request_id = sqlite3_column_int64(s, 8);
        store_col_text(s, 9, out->doc_kind, sizeof out->doc_kind);
        store_col_text(s, 10, out->doc_issuer, sizeof out->doc_issuer);
        store_col_text(s, 11, out->doc_expires, sizeof out->doc_expires);
        store_col_text(s, 12, out->doc_last4, sizeof out->doc_last4);
        store_col_text(s, 13, out->doc_flags, sizeof out->doc_flags);
        out->duplicate_count = sqlite3_column_int(s, 14);
        store_col_text(s, 15, out->doc_source, sizeof out->doc_source);
        out->doc_attested = sqlite3_column_int(s, 16) != 0;
        store_col_text(s, 17, out->attested_by, sizeof out->attested_by);
        char nat[IAQ_NATIONALITY_MAX * 5 + 1];
        store_col_text(s, 18, nat, sizeof nat);
        int k = 0;
        char *save2 = NULL;
        for (char *tok = strtok_r(nat, ",", &save2); tok && k < IAQ_NATIONALITY_MAX;
             tok = strtok_r(NULL, ",", &save2))
            snprintf(out->nationality[k++], sizeof out->nationality[0], "%.2s", tok);
        const unsigned char *ans = sqlite3_column_text(s, 19);
        out->nationality_not_known = ans && !strcmp((const char *)ans, "not_known");
        store_col_text(s, 20, out->id_notice, sizeof out->id_notice);
        out->booked_at = sqlite3_column_int64(s, 21);
        out->superseded = sqlite3_column_int64(s, 22);
        out->superseded_by = sqlite3_column_int64(s, 23);
        store_col_text(s, 24, out->supersede_reason, sizeof out->supersede_reason);
    }
    rc = r == SQLITE_ROW ? KIOSK_OK : r == SQLITE_DONE ? KIOSK_ERR_NOT_FOUND : store_sqlite_err(r);
    sqlite3_finalize(s);
    if (rc == KIOSK_OK && store_tx_begin(st) == KIOSK_OK) {
        char obj[32];
        snprintf(obj, sizeof obj, "intake:%lld", (long long)id);
        rc = store_tx_end(st, audit_append(st, actor, "intake.view", obj, "ok", NULL));
    }
    return rc;
}
