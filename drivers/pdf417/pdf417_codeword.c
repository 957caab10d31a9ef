/* Codeword recognition: an 8-element group is reduced to its seven
 * edge-to-similar-edge distances (bar+space pairs, in 17ths of the group),
 * which tolerate uniform ink spread and blur, and looked up in an index of
 * the generated pattern table. Within a cluster these sequences are unique.
 * For modules near one pixel, the 17 module colours themselves are looked
 * up in a table of every pattern. */
#include "drivers/pdf417/pdf417_internal.h"

#include <stdlib.h>
#include <string.h>

static uint32_t key_of(const int t[7])
{
    uint32_t k = 0;
    for (int i = 0; i < 7; i++)
        k = (k << 4) | (uint32_t)t[i];
    return k;
}

static int cmp_key(const void *a, const void *b)
{
    const struct pdf417_cw_key *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

void pdf417_index_init(struct pdf417_index *idx)
{
    int n = 0;
    for (int c = 0; c < 3; c++)
        for (int v = 0; v < PDF417_NPATTERNS; v++) {
            uint32_t p = pdf417_patterns[c][v];
            int t[7];
            for (int i = 0; i < 7; i++)
                t[i] = pdf417_pattern_element(p, i) + pdf417_pattern_element(p, i + 1);
            idx->e[n].key = key_of(t);
            idx->e[n].value = (uint16_t)v;
            idx->e[n].cluster = (uint8_t)c;
            n++;
        }
    qsort(idx->e, (size_t)n, sizeof idx->e[0], cmp_key);
}

static const struct pdf417_cw_key *find(const struct pdf417_index *idx, uint32_t key)
{
    int lo = 0, hi = 3 * PDF417_NPATTERNS - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (idx->e[mid].key == key)
            return &idx->e[mid];
        if (idx->e[mid].key < key)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return NULL;
}

int pdf417_classify(const struct pdf417_index *idx, const int w[8], int want, int *cluster)
{
    long total = 0;
    for (int i = 0; i < 8; i++) {
        if (w[i] <= 0)
            return -1;
        total += w[i];
    }
    int t[7], alt[7];
    int amb[7]; /* distance of the rounding from .5, in 1/1024 */
    for (int i = 0; i < 7; i++) {
        long num = (long)(w[i] + w[i + 1]) * 17 * 1024 / total; /* 1/1024 modules */
        int r = (int)((num + 512) / 1024);
        int frac = (int)(num - (long)r * 1024); /* -512..511 */
        t[i] = r;
        alt[i] = frac >= 0 ? r + 1 : r - 1;
        amb[i] = 512 - abs(frac);
        if (r < 2 || r > 12) {
            /* out of range: only the other rounding can fit */
            if (alt[i] < 2 || alt[i] > 12 || amb[i] > 200)
                return -1;
            int s = t[i];
            t[i] = alt[i];
            alt[i] = s;
            amb[i] = 1024;
        }
    }
    /* exact rounding first, then the one or two most ambiguous flips */
    int order[7];
    for (int i = 0; i < 7; i++)
        order[i] = i;
    for (int i = 1; i < 7; i++)
        for (int j = i; j > 0 && amb[order[j]] < amb[order[j - 1]]; j--) {
            int s = order[j];
            order[j] = order[j - 1];
            order[j - 1] = s;
        }
    int tries[4][2] = {{-1, -1}, {order[0], -1}, {order[1], -1}, {order[0], order[1]}};
    for (int k = 0; k < 4; k++) {
        int a = tries[k][0], b = tries[k][1];
        if (a >= 0 && amb[a] > 160)
            break; /* not ambiguous enough to be worth a guess */
        if (b >= 0 && amb[b] > 160)
            continue;
        int u[7];
        for (int i = 0; i < 7; i++)
            u[i] = t[i];
        if (a >= 0)
            u[a] = alt[a];
        if (b >= 0)
            u[b] = alt[b];
        bool ok = true;
        for (int i = 0; i < 7; i++)
            ok = ok && u[i] >= 2 && u[i] <= 12;
        if (!ok)
            continue;
        const struct pdf417_cw_key *e = find(idx, key_of(u));
        if (e && (want < 0 || e->cluster == want)) {
            if (cluster)
                *cluster = e->cluster;
            return e->value;
        }
    }
    return -1;
}

void pdf417_bits_init(struct pdf417_bits *b)
{
    memset(b->lookup, 0xff, sizeof b->lookup);
    for (int c = 0; c < 3; c++)
        for (int v = 0; v < PDF417_NPATTERNS; v++) {
            uint32_t bits = 0;
            for (int e = 0; e < 8; e++) {
                int wdt = pdf417_pattern_element(pdf417_patterns[c][v], e);
                for (int k = 0; k < wdt; k++)
                    bits = bits << 1 | (uint32_t)(e % 2 == 0); /* bars at even elements */
            }
            b->bits[c][v] = bits;
            b->lookup[bits & 0x1ffff] = (uint16_t)(c << 10 | v);
        }
}

int pdf417_classify_bits(const struct pdf417_bits *b, uint32_t bits, int want, int max_dist)
{
    if (want < 0 || want > 2)
        return -1;
    uint16_t e = b->lookup[bits & 0x1ffff];
    if (e != 0xffff)
        return e >> 10 == want ? (int)(e & 0x3ff) : -1;
    if (max_dist < 1)
        return -1;
    int found = -1;
    for (int k = 0; k < 17; k++) { /* one module misread */
        e = b->lookup[(bits ^ (1u << k)) & 0x1ffff];
        if (e == 0xffff || e >> 10 != want)
            continue;
        if (found >= 0 && found != (e & 0x3ff))
            return -1; /* two codewords as near: say nothing */
        found = e & 0x3ff;
    }
    return found;
}
