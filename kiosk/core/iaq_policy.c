/* The §B.4 immigration-only warning and the Nlets form of the IAQ (see
 * iaq_policy.h). */
#include "core/iaq_policy.h"
#include "core/kiosk_err.h"

#include <string.h>

bool iaq_code_is_immigration_status(const char *code)
{
    if (!code || strlen(code) != 4)
        return false;
    return !strncmp(code, "03", 2) || !strcmp(code, "8003") || !strcmp(code, "8004");
}

bool iaq_immigration_only(const char (*charges)[8], int n)
{
    int k = 0;
    for (; k < n && charges[k][0]; k++)
        if (!iaq_code_is_immigration_status(charges[k]))
            return false;
    return k > 0;
}

const char *iaq_immigration_only_warning(void)
{
    return "Only immigration-status offenses are listed: no Missouri charge, federal warrant or "
           "ICE-authorized detainer. Members do not enforce immigration status itself; if no "
           "city/state charge applies, contact ICE for instructions and release the person if "
           "ICE cannot answer in time (B.5). " IAQ_POLICY_B4;
}

int iaq_render_nlets(const char *text, char *out, size_t out_len)
{
    size_t o = 0;
    const char *nl = strchr(text, '\n');
    if (!nl)
        return KIOSK_ERR_INVALID;
    size_t hl = (size_t)(nl - text) + 1;
    if (hl >= out_len)
        return KIOSK_ERR_FULL;
    memcpy(out, text, hl);
    o = hl;
    for (const char *p = nl + 1; *p;) {
        const char *e = strchr(p, '\n');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l) {
            if (o + l + 2 >= out_len)
                return KIOSK_ERR_FULL;
            for (size_t i = 0; i < l; i++)
                out[o++] = p[i] == '.' ? ' ' : p[i];
            out[o++] = '.';
        }
        p += l + (e ? 1 : 0);
    }
    if (o + 2 > out_len)
        return KIOSK_ERR_FULL;
    out[o++] = '\n';
    out[o] = '\0';
    return (int)o;
}
