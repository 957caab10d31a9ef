/* `kioskctl hub init URL`: creates or upgrades the PostgreSQL hub schema
 * (issue 14). Needs no local database: it acts on the hub only. */
#include "cli/cli.h"
#include "cli/store_cli.h"
#include "core/kiosk_err.h"
#include "sync/sync.h"

#include <string.h>

static int usage(int status)
{
    FILE *o = status ? stderr : stdout;
    fprintf(o, "usage: kioskctl hub init URL   create or upgrade the hub schema (idempotent)\n"
               "URL is a libpq connection string or postgresql:// URL of a role that may\n"
               "create tables and roles; use sslmode=verify-full over a network.\n"
               "Exit status: 0 done, 69 the hub is unreachable, 74 the hub refused.\n");
    return status;
}

int cmd_hub(struct cli_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    if (store_cli_wants_help(argc, argv))
        return usage(0);
    if (argc != 3 || strcmp(argv[1], "init"))
        return usage(KIOSK_EXIT_USAGE);
    char msg[512] = "";
    int rc = sync_hub_init(argv[2], msg, sizeof msg);
    if (rc != KIOSK_OK)
        return store_cli_fail(rc, "hub init", msg);
    printf("hub schema ready\n");
    return 0;
}
