/* JSON rendering of struct aamva_doc + struct idcheck_verdict (jansson). */
#include "core/aamva_json.h"

#include <string.h>

/* A string or null for "". AAMVA text is ISO 8859-1; bytes that are not
 * already valid UTF-8 are converted from Latin-1. */
static json_t *str_or_null(const char *s)
{
    if (!s || !s[0])
        return json_null();
    json_t *j = json_string(s);
    if (j)
        return j;
    char u[2 * AAMVA_FIELD_LONG + 1];
    size_t k = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && k + 3 < sizeof u; p++) {
        if (*p < 0x80) {
            u[k++] = (char)*p;
        } else {
            u[k++] = (char)(0xc0 | (*p >> 6));
            u[k++] = (char)(0x80 | (*p & 0x3f));
        }
    }
    u[k] = '\0';
    return json_string(u);
}

static json_t *date_or_null(const struct aamva_date *d)
{
    char iso[11];
    return aamva_date_iso(d, iso) ? json_string(iso) : json_null();
}

static int put(json_t *obj, const char *key, json_t *val)
{
    /* json_object_set_new steals val even on failure. */
    return val ? json_object_set_new(obj, key, val) : -1;
}

static json_t *names_array(uint32_t bits, const char *(*name)(uint32_t), int count)
{
    json_t *a = json_array();
    if (!a)
        return NULL;
    for (int i = 0; i < count; i++) {
        uint32_t bit = 1u << i;
        if ((bits & bit) && json_array_append_new(a, json_string(name(bit))) != 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *verdict_json(const struct idcheck_verdict *v)
{
    if (!v)
        return json_null();
    json_t *reasons = json_array();
    if (!reasons)
        return NULL;
    for (int i = 0; i < v->count; i++) {
        json_t *r = json_pack("{s:s, s:s}", "code", idcheck_reason_name(v->reasons[i].code),
                              "message", v->reasons[i].message);
        if (!r || json_array_append_new(reasons, r) != 0) {
            json_decref(reasons);
            return NULL;
        }
    }
    json_t *o = json_pack("{s:b, s:s, s:o}", "valid_government_id", v->valid, "as_of", v->as_of,
                          "reasons", reasons);
    if (o && v->notice[0])
        json_object_set_new(o, "notice", json_string(v->notice));
    if (o && v->ask_nationality)
        json_object_set_new(o, "ask_nationality", json_true());
    return o;
}

json_t *aamva_doc_to_json(const struct aamva_doc *doc, const struct idcheck_verdict *verdict)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    int rc = 0;
    char sex[2] = {doc->sex, 0};
    rc |= put(o, "format",
              json_string(doc->format == AAMVA_FORMAT_MAGSTRIPE ? "aamva_magstripe" : "aamva"));
    rc |= put(o, "aamva_version",
              doc->aamva_version >= 0 ? json_integer(doc->aamva_version) : json_null());
    rc |=
        put(o, "jurisdiction_version",
            doc->jurisdiction_version >= 0 ? json_integer(doc->jurisdiction_version) : json_null());
    rc |= put(o, "iin", str_or_null(doc->iin));
    if (doc->issuer)
        rc |= put(o, "issuer",
                  json_pack("{s:o, s:s, s:s}", "code", str_or_null(doc->issuer->jurisdiction),
                            "name", doc->issuer->name, "country", doc->issuer->country));
    else
        rc |= put(o, "issuer", json_null());
    rc |= put(o, "document_type", str_or_null(doc->document_type));
    rc |= put(o, "family_name", str_or_null(doc->family_name));
    rc |= put(o, "first_name", str_or_null(doc->first_name));
    rc |= put(o, "middle_names", str_or_null(doc->middle_names));
    rc |= put(o, "suffix", str_or_null(doc->suffix));
    rc |= put(o, "dob", date_or_null(&doc->dob));
    rc |= put(o, "sex", str_or_null(sex));
    rc |= put(o, "sex_raw", str_or_null(doc->sex_raw));
    rc |= put(o, "issued", date_or_null(&doc->issued));
    rc |= put(o, "expires", date_or_null(&doc->expires));
    rc |= put(o, "document_number", str_or_null(doc->document_number));
    rc |= put(o, "document_discriminator", str_or_null(doc->document_discriminator));
    rc |= put(o, "country", str_or_null(doc->country));
    rc |= put(o, "address",
              json_pack("{s:o, s:o, s:o, s:o}", "street", str_or_null(doc->street), "city",
                        str_or_null(doc->city), "state", str_or_null(doc->state), "postal_code",
                        str_or_null(doc->postal_code)));
    rc |= put(o, "real_id", str_or_null(doc->real_id));
    rc |= put(o, "limited_duration",
              doc->limited_duration < 0 ? json_null() : json_boolean(doc->limited_duration));
    rc |= put(o, "repairs", names_array(doc->repairs, aamva_repair_name, AAMVA_REPAIR_COUNT));
    rc |= put(o, "warnings", names_array(doc->warnings, aamva_warning_name, AAMVA_WARNING_COUNT));
    rc |= put(o, "verdict", verdict_json(verdict));
    if (rc != 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *aamva_refusal_to_json(const struct aamva_doc *doc)
{
    const char *reason = aamva_refusal_name(doc->refusal);
    return json_pack("{s:s, s:s}", "error",
                     doc->refusal_message[0] ? doc->refusal_message : "not an ID payload", "reason",
                     reason ? reason : "unknown");
}
