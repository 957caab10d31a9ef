/* The OFF/ severity order (see severity.h). */
#include "core/severity.h"
#include "core/codes.h"

#include <stdlib.h>
#include <string.h>

int severity_rank(const char *code, const char **label)
{
    if (!code || strlen(code) != 4)
        return 0;
    for (size_t i = 0; i < codes_severity_count; i++) {
        const struct code_severity *r = &codes_severity[i];
        if (strcmp(code, r->first) >= 0 && strcmp(code, r->last) <= 0) {
            if (label)
                *label = r->label;
            return atoi(r->rank);
        }
    }
    return 0;
}

int severity_most_serious(const char (*charges)[8], int n)
{
    int best = -1, best_rank = 0;
    for (int i = 0; i < n && charges[i][0]; i++) {
        int r = severity_rank(charges[i], NULL);
        if (r > 0 && (best < 0 || r < best_rank)) {
            best = i;
            best_rank = r;
        }
    }
    return best;
}
