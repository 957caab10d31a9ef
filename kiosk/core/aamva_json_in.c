/* Reading back the JSON shape aamva_doc_to_json() writes into the struct
 * aamva_doc fields the valid-ID verdict depends on, so the store can judge a
 * submitted document itself instead of trusting the verdict sent with it. */
#include "core/aamva_json.h"
#include "core/codes.h"
#include "core/idcheck.h"
#include "core/kiosk_err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int fail(char *msg, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(char *msg, size_t len, const char *fmt, ...)
{
    if (msg && len) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, len, fmt, ap);
        va_end(ap);
    }
    return KIOSK_ERR_INVALID;
}

/* Copies the string member key (absent or null = "") into buf; refuses a
 * value of another type or one longer than the struct field. */
static int get_text(const json_t *o, const char *key, char *buf, size_t len, char *msg,
                    size_t msg_len)
{
    const json_t *v = json_object_get(o, key);
    buf[0] = '\0';
    if (!v || json_is_null(v))
        return KIOSK_OK;
    if (!json_is_string(v))
        return fail(msg, msg_len, "%s must be text or null", key);
    if (json_string_length(v) >= len)
        return fail(msg, msg_len, "%s is longer than %zu characters", key, len - 1);
    memcpy(buf, json_string_value(v), json_string_length(v) + 1);
    return KIOSK_OK;
}

/* A date member: absent/null = ABSENT, a real YYYY-MM-DD = OK, any other
 * text = IMPOSSIBLE (the verdict then refuses it). */
static int get_date(const json_t *o, const char *key, struct aamva_date *d, char *msg,
                    size_t msg_len)
{
    const json_t *v = json_object_get(o, key);
    memset(d, 0, sizeof *d);
    if (!v || json_is_null(v))
        return KIOSK_OK;
    if (!json_is_string(v))
        return fail(msg, msg_len, "%s must be a date YYYY-MM-DD or null", key);
    int y, m, dd;
    if (idcheck_parse_iso_date(json_string_value(v), &y, &m, &dd) != KIOSK_OK) {
        d->state = AAMVA_DATE_IMPOSSIBLE;
        return KIOSK_OK;
    }
    d->year = (int16_t)y;
    d->month = (int8_t)m;
    d->day = (int8_t)dd;
    d->state = AAMVA_DATE_OK;
    return KIOSK_OK;
}

/* The issuer object in the JSON must be exactly the IIN's table row (or
 * null when the IIN is unknown). */
static int check_issuer(const json_t *o, const struct code_iin *want, char *msg, size_t msg_len)
{
    const json_t *iss = json_object_get(o, "issuer");
    if (!iss || json_is_null(iss)) {
        if (want)
            return fail(msg, msg_len, "the issuer does not match issuer number %s", want->iin);
        return KIOSK_OK;
    }
    if (!json_is_object(iss))
        return fail(msg, msg_len, "issuer must be an object or null");
    if (!want)
        return fail(msg, msg_len, "an issuer is given but the issuer number is not a known one");
    const json_t *code = json_object_get(iss, "code");
    const json_t *name = json_object_get(iss, "name");
    const json_t *ctry = json_object_get(iss, "country");
    const char *c = json_is_string(code) ? json_string_value(code) : json_is_null(code) ? "" : NULL;
    if (!c || strcmp(c, want->jurisdiction) != 0 || !json_is_string(name) ||
        strcmp(json_string_value(name), want->name) != 0 || !json_is_string(ctry) ||
        strcmp(json_string_value(ctry), want->country) != 0)
        return fail(msg, msg_len, "the issuer does not match issuer number %s", want->iin);
    return KIOSK_OK;
}

int aamva_doc_from_json(const json_t *o, struct aamva_doc *doc, char *msg, size_t msg_len)
{
    memset(doc, 0, sizeof *doc);
    doc->aamva_version = -1;
    doc->jurisdiction_version = -1;
    doc->limited_duration = -1;
    if (msg && msg_len)
        msg[0] = '\0';
    if (!json_is_object(o))
        return fail(msg, msg_len, "the document must be a JSON object");
    const json_t *fmt = json_object_get(o, "format");
    if (!json_is_string(fmt))
        return fail(msg, msg_len, "format is missing");
    if (!strcmp(json_string_value(fmt), "aamva"))
        doc->format = AAMVA_FORMAT_AAMVA;
    else if (!strcmp(json_string_value(fmt), "aamva_magstripe"))
        doc->format = AAMVA_FORMAT_MAGSTRIPE;
    else
        return fail(msg, msg_len, "format must be \"aamva\" or \"aamva_magstripe\"");
    const json_t *ver = json_object_get(o, "aamva_version");
    if (json_is_integer(ver) && json_integer_value(ver) >= 0 && json_integer_value(ver) <= 99)
        doc->aamva_version = (int)json_integer_value(ver);
    else if (ver && !json_is_null(ver))
        return fail(msg, msg_len, "aamva_version must be a number 0..99 or null");
    int rc;
    if ((rc = get_text(o, "iin", doc->iin, sizeof doc->iin, msg, msg_len)) != KIOSK_OK)
        return rc;
    doc->issuer = doc->iin[0] ? codes_iin_find(doc->iin) : NULL;
    if ((rc = check_issuer(o, doc->issuer, msg, msg_len)) != KIOSK_OK)
        return rc;
    if ((rc = get_text(o, "document_type", doc->document_type, sizeof doc->document_type, msg,
                       msg_len)) != KIOSK_OK ||
        (rc = get_text(o, "family_name", doc->family_name, sizeof doc->family_name, msg,
                       msg_len)) != KIOSK_OK ||
        (rc = get_text(o, "first_name", doc->first_name, sizeof doc->first_name, msg, msg_len)) !=
            KIOSK_OK ||
        (rc = get_text(o, "middle_names", doc->middle_names, sizeof doc->middle_names, msg,
                       msg_len)) != KIOSK_OK ||
        (rc = get_text(o, "document_number", doc->document_number, sizeof doc->document_number, msg,
                       msg_len)) != KIOSK_OK ||
        (rc = get_text(o, "real_id", doc->real_id, sizeof doc->real_id, msg, msg_len)) !=
            KIOSK_OK ||
        (rc = get_date(o, "dob", &doc->dob, msg, msg_len)) != KIOSK_OK ||
        (rc = get_date(o, "issued", &doc->issued, msg, msg_len)) != KIOSK_OK ||
        (rc = get_date(o, "expires", &doc->expires, msg, msg_len)) != KIOSK_OK)
        return rc;
    const json_t *ld = json_object_get(o, "limited_duration");
    if (json_is_boolean(ld))
        doc->limited_duration = json_is_true(ld) ? 1 : 0;
    else if (ld && !json_is_null(ld))
        return fail(msg, msg_len, "limited_duration must be true, false or null");
    return KIOSK_OK;
}
