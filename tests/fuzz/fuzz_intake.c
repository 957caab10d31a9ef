/* libFuzzer target for the intake JSON and IAQ rules: arbitrary bytes as the
 * `kioskctl intake add --json` document, then validation, NCIC name and IAQ
 * text rendering, the hand-entered document rules; the same bytes as a name part and as an ISO
 * time. No database: this exercises the parsers and rule code only. */
#include "core/clock.h"
#include "core/iaq.h"
#include "core/intake.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    if (root) {
        struct intake_input in;
        struct iaq_problems p = {0};
        if (intake_input_from_json(root, &in, &p) == 0 && in.basis == INTAKE_IAQ) {
            struct iaq_problems q = {0};
            iaq_validate(&in.iaq, 1795773600000LL, &q);
            char name[IAQ_NAME_MAX], text[2048];
            iaq_format_name(&in.iaq, name, sizeof name);
            struct iaq_header h = {"MO0950000", "C", "DEPUTY D7", "573-555-0100", "Y"};
            iaq_render_text(&in.iaq, &h, text, sizeof text);
            json_t *back = intake_iaq_to_json(&in.iaq);
            json_decref(back);
        } else if (in.manual) {
            struct iaq_problems q = {0};
            intake_manual_validate(&in.manual_document, 1795773600000LL, &q);
        }
        json_decref(root);
    }
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    char out[64];
    iaq_ncic_text(s, out, sizeof out);
    kiosk_ms_t t;
    if (clock_parse_iso(s, &t) == 0) {
        char iso[KIOSK_ISO_LEN];
        clock_format_iso(t, iso, sizeof iso);
    }
    char d8[9];
    iaq_dob_ccyymmdd(s, d8);
    free(s);
    return 0;
}
