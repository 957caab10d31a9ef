/* libFuzzer target for the AAMVA parser: any bytes go through aamva_parse,
 * the verdict and the JSON rendering; ASan/UBSan catch any over-read. The
 * input is copied to an exact-size heap buffer so that reading one byte past
 * it is caught. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/aamva.h"
#include "core/aamva_json.h"
#include "core/idcheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    if (size)
        memcpy(copy, data, size);
    struct aamva_doc doc;
    int rc = aamva_parse(size ? copy : NULL, size, &doc);
    struct idcheck_verdict v;
    idcheck_evaluate(&doc, 2026, 11, 27, NULL, &v);
    json_t *o = rc == 0 ? aamva_doc_to_json(&doc, &v) : aamva_refusal_to_json(&doc);
    if (!o)
        abort(); /* rendering must never fail on parsed data */
    char *s = json_dumps(o, JSON_COMPACT);
    if (!s)
        abort();
    free(s);
    json_decref(o);
    free(copy);
    return 0;
}
