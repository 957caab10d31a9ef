/* Finding intakes by booking number and name (see intake_find.h). */
#include "core/intake_find.h"
#include "core/audit.h"
#include "core/kiosk_err.h"
#include "core/store_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool hit_read(sqlite3_stmt *s, void *row, void *ctx)
{
    (void)ctx;
    struct intake_hit *h = row;
    h->id = sqlite3_column_int64(s, 0);
    store_col_text(s, 1, h->booking_number, sizeof h->booking_number);
    const char *b = (const char *)sqlite3_column_text(s, 2);
    h->basis = !b                           ? 0
               : !strcmp(b, "exempt_id")    ? INTAKE_EXEMPT_ID
               : !strcmp(b, "exempt_known") ? INTAKE_EXEMPT_KNOWN
                                            : INTAKE_IAQ;
    h->created = sqlite3_column_int64(s, 3);
    h->request_id = sqlite3_column_int64(s, 4);
    h->state = request_state_parse((const char *)sqlite3_column_text(s, 5));
    store_col_text(s, 6, h->ncic_name, sizeof h->ncic_name);
    h->superseded_by = sqlite3_column_int64(s, 7);
    return true;
}

int intake_find(struct store *st, const struct auth_actor *actor, const char *booking,
                const char *name, struct intake_hit **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    int rc = auth_require(
        st, actor, AUTH_ROLE_DEPUTY | AUTH_ROLE_COMMS | AUTH_ROLE_SUPERVISOR | AUTH_ROLE_ADMIN);
    if (rc != KIOSK_OK)
        return rc;
    if (!booking || !booking[0] || strlen(booking) >= INTAKE_BOOKING_MAX)
        return KIOSK_ERR_INVALID;
    char pattern[IAQ_NAME_MAX + 2] = "";
    if (name && name[0]) {
        char ncic[IAQ_NAME_MAX];
        if (iaq_ncic_text(name, ncic, sizeof ncic) != KIOSK_OK || !ncic[0])
            return KIOSK_ERR_INVALID;
        snprintf(pattern, sizeof pattern, "%s", ncic);
    }
    sqlite3_stmt *s;
    if ((rc = store_prepare(st,
                            "SELECT i.id, i.booking_number, i.basis, i.created, r.id, r.state,"
                            " r.ncic_name, i.superseded_by FROM intakes i LEFT JOIN requests r ON"
                            " r.intake_id = i.id WHERE i.booking_number = ?1 AND (?2 IS NULL OR"
                            " instr(r.ncic_name, ?2) > 0) ORDER BY i.id DESC LIMIT 200",
                            &s)) != KIOSK_OK)
        return rc;
    sqlite3_bind_text(s, 1, booking, -1, SQLITE_STATIC);
    store_bind_text(s, 2, pattern, true);
    void *raw;
    size_t cnt;
    if ((rc = store_collect(s, sizeof **out, 8, hit_read, NULL, &raw, &cnt)) != KIOSK_OK)
        return rc;
    char details[48];
    snprintf(details, sizeof details, "rows=%zu%s", cnt, pattern[0] ? " by_name" : "");
    rc = audit_view(st, actor, "intake.find", "intakes", details);
    if (rc != KIOSK_OK) {
        free(raw);
        return rc;
    }
    *out = raw;
    *n = cnt;
    return KIOSK_OK;
}
