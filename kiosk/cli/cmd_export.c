/* `kioskctl export INTAKE --json`: the records export of one intake for a
 * public-records or court request (records.h), redactable fields marked. */
#include "cli/cli.h"
#include "cli/store_cli.h"
#include "core/kiosk_err.h"
#include "records/records.h"

#include <stdlib.h>
#include <string.h>

static int usage(int status)
{
    FILE *o = status ? stderr : stdout;
    fprintf(o, "usage: kioskctl [--db P] (--as BADGE | --local-admin) export INTAKE --json\n"
               "One intake as JSON: the intake, its request (IAQ fields as sent, answer),\n"
               "consular record, legal hold and timeline. Every value that identifies the\n"
               "person is written as {\"value\": ..., \"redactable\": true} and its JSON pointer\n"
               "listed in \"redactable\". Roles: supervisor, admin, auditor; audited.\n");
    return status;
}

int cmd_export(struct cli_ctx *ctx, int argc, char **argv)
{
    if (store_cli_wants_help(argc, argv))
        return usage(0);
    int64_t id;
    if (argc != 3 || !store_cli_parse_id(argv[1], &id) || strcmp(argv[2], "--json") != 0)
        return usage(KIOSK_EXIT_USAGE);
    struct store_cli sc;
    int status = store_cli_begin(ctx, &sc, true);
    if (status)
        return status;
    json_t *o = NULL;
    int rc = records_export(sc.st, &sc.actor, id, &o);
    if (rc != KIOSK_OK)
        status = store_cli_fail(rc, "export",
                                rc == KIOSK_ERR_NOT_FOUND ? "no such intake"
                                : rc == KIOSK_ERR_PERM    ? "needs a supervisor, admin or auditor"
                                                          : NULL);
    else
        store_cli_print_json(o);
    store_cli_finish(&sc);
    return status;
}
