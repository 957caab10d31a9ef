/* JSON rendering of a parsed ID document and its verdict: the stable shape
 * that `kioskctl id parse --json`, the store's `id_document` and the UI share
 * (documented in README "ID payloads"). Built with jansson. */
#ifndef KIOSK_AAMVA_JSON_H
#define KIOSK_AAMVA_JSON_H

#include <jansson.h>

#include "core/aamva.h"
#include "core/idcheck.h"

/* A new JSON object for doc (format AAMVA or MAGSTRIPE) and verdict (NULL
 * gives "verdict": null). Absent values are null, dates ISO YYYY-MM-DD. The
 * caller owns the result (json_decref); NULL on allocation failure. */
json_t *aamva_doc_to_json(const struct aamva_doc *doc, const struct idcheck_verdict *verdict);

/* A new JSON object {"error": sentence, "reason": code} for a refused doc.
 * The caller owns the result; NULL on allocation failure. */
json_t *aamva_refusal_to_json(const struct aamva_doc *doc);

/* The reverse of aamva_doc_to_json() for the fields the verdict depends on
 * (aamva_json_in.c): format, aamva_version, iin (issuer looked up again with
 * codes_iin_find), document_type, names, dob/issued/expires (a date that is
 * not a real YYYY-MM-DD becomes AAMVA_DATE_IMPOSSIBLE), document_number,
 * real_id, limited_duration. Any "verdict" member is ignored: judge *doc with
 * idcheck_evaluate(). KIOSK_ERR_INVALID with a sentence in msg (may be NULL)
 * for a wrong shape or an "issuer" that is not the IIN's. *doc is owned by
 * the caller; nothing is kept from o. */
int aamva_doc_from_json(const json_t *o, struct aamva_doc *doc, char *msg, size_t msg_len);

#endif
