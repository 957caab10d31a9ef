/* Look-ups over the generated code tables (binary search on sorted keys). */
#include "core/codes.h"

#include <string.h>

#define CODES_FIND(table, count, keyfield, keylen, key)                                            \
    do {                                                                                           \
        size_t lo = 0, hi = (count);                                                               \
        while (lo < hi) {                                                                          \
            size_t mid = lo + (hi - lo) / 2;                                                       \
            int c = strncmp((table)[mid].keyfield, (key), (keylen));                               \
            if (c == 0 && (table)[mid].keyfield[keylen] == '\0')                                   \
                return &(table)[mid];                                                              \
            if (c < 0)                                                                             \
                lo = mid + 1;                                                                      \
            else                                                                                   \
                hi = mid;                                                                          \
        }                                                                                          \
        return NULL;                                                                               \
    } while (0)

/* The parser looks an issuer up on every scan: compare numbers, not strings. */
const struct code_iin *codes_iin_find(const char *iin)
{
    if (!iin)
        return NULL;
    uint32_t key = 0;
    for (int i = 0; i < 6; i++) {
        unsigned d = (unsigned char)iin[i] - '0';
        if (d > 9)
            return NULL;
        key = key * 10 + d;
    }
    size_t lo = 0, hi = codes_iin_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (codes_iin_keys[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < codes_iin_count && codes_iin_keys[lo] == key ? &codes_iin[lo] : NULL;
}

const struct code_offense *codes_offense_find(const char *code)
{
    if (!code)
        return NULL;
    CODES_FIND(codes_offense, codes_offense_count, code, 4, code);
}

const struct code_place *codes_place_find(const char *code)
{
    if (!code)
        return NULL;
    CODES_FIND(codes_place, codes_place_count, code, 2, code);
}

const struct code_consular *codes_consular_find(const char *code)
{
    if (!code)
        return NULL;
    CODES_FIND(codes_consular, codes_consular_count, code, 2, code);
}

const struct code_misc *codes_misc_find(const char *field, const char *code)
{
    if (!field || !code)
        return NULL;
    for (size_t i = 0; i < codes_misc_count; i++)
        if (strcmp(codes_misc[i].field, field) == 0 && strcmp(codes_misc[i].code, code) == 0)
            return &codes_misc[i];
    return NULL;
}
