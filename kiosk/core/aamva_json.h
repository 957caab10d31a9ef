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

#endif
