/* Recording a photo mismatch (see idmismatch.h). */
#include "core/idmismatch.h"

#include "core/audit.h"
#include "core/kiosk_err.h"
#include "core/store_priv.h"

int idmismatch_record(struct store *st, const struct auth_actor *actor)
{
    int rc = auth_require(st, actor, AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR);
    if (rc != KIOSK_OK)
        return rc;
    rc = store_tx_begin(st);
    if (rc != KIOSK_OK)
        return rc;
    rc = audit_append(st, actor, IDMISMATCH_ACTION, "intake", "ok",
                      "photo did not match the person; nothing read from the card was kept");
    return store_tx_end(st, rc);
}
