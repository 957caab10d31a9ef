/* Macro PDF417 (structured append): the segments of one file, read from
 * one frame or several, joined in segment order into the file's data. */
#include "drivers/pdf417/pdf417_internal.h"

#include <string.h>

#include "core/kiosk_err.h"

#define MAX_SEGMENTS 128

int pdf417_macro_join(const struct pdf417_result *seg, size_t n, bool utf8, unsigned char *out,
                      size_t cap, size_t *len)
{
    if (!seg || !out || !len || n == 0)
        return KIOSK_ERR_USAGE;
    const struct pdf417_result *by_index[MAX_SEGMENTS] = {NULL};
    const char *file = seg[0].macro.file_id;
    int total = -1;
    for (size_t i = 0; i < n; i++) {
        const struct pdf417_macro *m = &seg[i].macro;
        if (!m->present || strcmp(m->file_id, file) != 0)
            return KIOSK_ERR_INVALID; /* not Macro, or another file */
        if (m->segment_index < 0 || m->segment_index >= MAX_SEGMENTS)
            return KIOSK_ERR_INVALID;
        const struct pdf417_result *prev = by_index[m->segment_index];
        if (prev &&
            (prev->length != seg[i].length || memcmp(prev->data, seg[i].data, seg[i].length) != 0))
            return KIOSK_ERR_INVALID; /* the same segment read two ways */
        by_index[m->segment_index] = &seg[i];
        int t = m->segment_count > 0 ? m->segment_count : m->last ? m->segment_index + 1 : -1;
        if (t > 0 && total > 0 && t != total)
            return KIOSK_ERR_INVALID;
        if (t > 0)
            total = t;
    }
    if (total <= 0 || total > MAX_SEGMENTS)
        return KIOSK_ERR_NOT_FOUND; /* the last segment has not been seen */
    for (int s = 0; s < total; s++)
        if (!by_index[s])
            return KIOSK_ERR_NOT_FOUND;
    size_t k = 0;
    int eci = 3; /* ISO 8859-1 until a designator says otherwise */
    for (int s = 0; s < total; s++) {
        const struct pdf417_result *r = by_index[s];
        if (utf8) {
            int rc = pdf417_eci_utf8(r, &eci, out, cap, &k);
            if (rc != 0)
                return rc;
            continue;
        }
        if (k + r->length > cap)
            return KIOSK_ERR_FULL;
        memcpy(out + k, r->data, r->length);
        k += r->length;
    }
    *len = k;
    return 0;
}
