/* `kioskctl backup`: an online copy of the database (SQLite backup API). */
#include "cli/cli.h"
#include "cli/store_cli.h"
#include "core/kiosk_err.h"

#include <string.h>

static int usage(int status)
{
    FILE *o = status ? stderr : stdout;
    fprintf(o, "usage: kioskctl [global options] backup DEST\n"
               "Copies the live database to DEST (created 0600; must not exist) while the kiosk\n"
               "keeps running. Role: admin. The backup is audited.\n");
    return status;
}

int cmd_backup(struct cli_ctx *ctx, int argc, char **argv)
{
    if (store_cli_wants_help(argc, argv))
        return usage(0);
    if (argc != 2)
        return usage(KIOSK_EXIT_USAGE);
    struct store_cli sc;
    int status = store_cli_begin(ctx, &sc, false);
    if (status)
        return status;
    char msg[512] = "";
    int rc = store_backup(sc.st, &sc.actor, argv[1], msg, sizeof msg);
    if (rc != KIOSK_OK)
        status = store_cli_fail(rc, "backup", msg);
    else
        printf("backup written to %s\n", argv[1]);
    store_cli_finish(&sc);
    return status;
}
