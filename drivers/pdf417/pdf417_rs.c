/* Reed-Solomon over the prime field GF(929) as PDF417 uses it: generator
 * powers 3^1..3^k, check words are the negated remainder; decoding with
 * erasures by Berlekamp-Massey seeded with the erasure locator, Chien search
 * and Forney's formula. */
#include "drivers/pdf417/pdf417_internal.h"

#include <string.h>

int pdf417_gf_mul(int a, int b)
{
    return (int)(((long)a * b) % PDF417_GF);
}

int pdf417_gf_pow(int a, int e)
{
    int r = 1;
    a %= PDF417_GF;
    if (a < 0)
        a += PDF417_GF;
    while (e > 0) {
        if (e & 1)
            r = pdf417_gf_mul(r, a);
        a = pdf417_gf_mul(a, a);
        e >>= 1;
    }
    return r;
}

int pdf417_gf_inv(int a)
{
    return pdf417_gf_pow(a, PDF417_GF - 2);
}

static int gf_sub(int a, int b)
{
    int r = a - b;
    return r < 0 ? r + PDF417_GF : r;
}

static int gf_add(int a, int b)
{
    int r = a + b;
    return r >= PDF417_GF ? r - PDF417_GF : r;
}

void pdf417_rs_encode(const int *data, int n, int k, int *check)
{
    int g[PDF417_MAX_CW + 1];
    int rem[PDF417_MAX_CW];
    /* g(x) = prod (x - 3^i), g[0] is the x^k coefficient */
    memset(g, 0, sizeof g);
    g[0] = 1;
    int a = 3;
    for (int i = 1; i <= k; i++) {
        for (int j = i; j >= 1; j--)
            g[j] = gf_sub(g[j], pdf417_gf_mul(g[j - 1], a));
        a = pdf417_gf_mul(a, 3);
    }
    memset(rem, 0, sizeof(int) * (size_t)k);
    for (int i = 0; i < n; i++) {
        int f = gf_add(data[i] % PDF417_GF, rem[0]);
        memmove(rem, rem + 1, sizeof(int) * (size_t)(k - 1));
        rem[k - 1] = 0;
        for (int j = 0; j < k; j++)
            rem[j] = gf_sub(rem[j], pdf417_gf_mul(f, g[j + 1]));
    }
    for (int j = 0; j < k; j++)
        check[j] = rem[j] ? PDF417_GF - rem[j] : 0;
}

/* p(x) with p[0] the constant term, evaluated at x. */
static int poly_eval(const int *p, int deg, int x)
{
    int r = 0;
    for (int i = deg; i >= 0; i--)
        r = gf_add(pdf417_gf_mul(r, x), p[i]);
    return r;
}

static int syndromes(const int *cw, int n, int k, int *s)
{
    int nonzero = 0;
    int x = 3;
    for (int i = 1; i <= k; i++) {
        int v = 0;
        for (int j = 0; j < n; j++)
            v = gf_add(pdf417_gf_mul(v, x), cw[j]);
        s[i] = v;
        nonzero |= v;
        x = pdf417_gf_mul(x, 3);
    }
    return nonzero;
}

int pdf417_rs_correct(int *cw, int n, int k, const int *erasures, int nerasures)
{
    int s[PDF417_MAX_CW + 2];
    int lam[PDF417_MAX_CW + 2], b[PDF417_MAX_CW + 2], t[PDF417_MAX_CW + 2];
    int omega[PDF417_MAX_CW + 2];
    int pos[PDF417_MAX_CW];
    if (n <= k || n > PDF417_MAX_CW || k < 2 || nerasures < 0)
        return -1;
    for (int i = 0; i < nerasures; i++) {
        if (erasures[i] < 0 || erasures[i] >= n)
            return -1;
        cw[erasures[i]] = 0;
    }
    for (int j = 0; j < n; j++)
        if (cw[j] < 0 || cw[j] >= PDF417_GF)
            return -1;
    if (!syndromes(cw, n, k, s))
        return 0;
    int cap = k - 2; /* two check words are kept for detection */
    if (nerasures > cap)
        return -1;

    /* erasure locator: prod (1 - X x), X = 3^(n-1-pos) */
    memset(lam, 0, sizeof lam);
    lam[0] = 1;
    for (int i = 0; i < nerasures; i++) {
        int x = pdf417_gf_pow(3, n - 1 - erasures[i]);
        for (int j = i + 1; j >= 1; j--)
            lam[j] = gf_sub(lam[j], pdf417_gf_mul(lam[j - 1], x));
    }
    memcpy(b, lam, sizeof lam);
    int L = nerasures;
    for (int r = nerasures + 1; r <= k; r++) {
        int delta = 0;
        for (int i = 0; i <= L && i < r; i++)
            delta = gf_add(delta, pdf417_gf_mul(lam[i], s[r - i]));
        /* t = lam - delta * x * b */
        if (delta == 0) {
            memmove(b + 1, b, sizeof(int) * (size_t)(k + 1));
            b[0] = 0;
            continue;
        }
        t[0] = lam[0];
        for (int i = 1; i <= k + 1; i++)
            t[i] = gf_sub(lam[i], pdf417_gf_mul(delta, b[i - 1]));
        if (2 * L <= r - 1 + nerasures) {
            int dinv = pdf417_gf_inv(delta);
            for (int i = 0; i <= k + 1; i++)
                b[i] = pdf417_gf_mul(lam[i], dinv);
            L = r - L + nerasures;
        } else {
            memmove(b + 1, b, sizeof(int) * (size_t)(k + 1));
            b[0] = 0;
        }
        memcpy(lam, t, sizeof(int) * (size_t)(k + 2));
    }
    int deg = k + 1;
    while (deg > 0 && lam[deg] == 0)
        deg--;
    if (deg != L || 2 * (L - nerasures) + nerasures > cap)
        return -1;

    /* Chien search over the symbol's positions */
    int found = 0;
    for (int j = 0; j < n && found <= L; j++) {
        int xinv = pdf417_gf_pow(3, (PDF417_GF - 1) - (n - 1 - j) % (PDF417_GF - 1));
        if (poly_eval(lam, L, xinv) == 0)
            pos[found++] = j;
    }
    if (found != L)
        return -1;

    /* omega = S(x) * lam(x) mod x^k, S(x) = sum S_{i+1} x^i */
    for (int i = 0; i < k; i++) {
        int v = 0;
        for (int j = 0; j <= i && j <= L; j++)
            v = gf_add(v, pdf417_gf_mul(lam[j], s[i - j + 1]));
        omega[i] = v;
    }
    /* formal derivative of lam */
    int dl[PDF417_MAX_CW + 2];
    for (int i = 1; i <= L; i++)
        dl[i - 1] = pdf417_gf_mul(lam[i], i % PDF417_GF);
    for (int e = 0; e < found; e++) {
        int j = pos[e];
        int xinv = pdf417_gf_pow(3, (PDF417_GF - 1) - (n - 1 - j) % (PDF417_GF - 1));
        int num = poly_eval(omega, k - 1, xinv);
        int den = poly_eval(dl, L - 1, xinv);
        if (den == 0)
            return -1;
        int ev = gf_sub(0, pdf417_gf_mul(num, pdf417_gf_inv(den)));
        cw[j] = gf_sub(cw[j], ev);
    }
    if (syndromes(cw, n, k, s))
        return -1;
    return found;
}
