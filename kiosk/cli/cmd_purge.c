/* `kioskctl purge`: the retention purge of closed intakes' personal data. */
#include "cli/cli.h"
#include "cli/store_cli.h"
#include "core/kiosk_err.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int usage(int status)
{
    FILE *o = status ? stderr : stdout;
    fprintf(o, "usage: kioskctl [global options] purge --older-than DAYS\n"
               "Redacts names, dates of birth, identifiers, IAR text and ID summaries of intakes\n"
               "closed more than DAYS days ago; keeps states, times, codes (for reports) and the\n"
               "audit trail. Role: admin.\n");
    return status;
}

int cmd_purge(struct cli_ctx *ctx, int argc, char **argv)
{
    if (store_cli_wants_help(argc, argv))
        return usage(0);
    if (argc != 3 || strcmp(argv[1], "--older-than") != 0)
        return usage(KIOSK_EXIT_USAGE);
    char *end;
    errno = 0;
    long days = strtol(argv[2], &end, 10);
    if (errno || *end || days < 1 || days > 36500)
        return cli_fail(KIOSK_EXIT_USAGE, "--older-than takes a number of days, 1..36500");
    struct store_cli sc;
    int status = store_cli_begin(ctx, &sc, false);
    if (status)
        return status;
    int64_t n = 0;
    int rc = store_purge(sc.st, &sc.actor, (int)days, &n);
    if (rc == KIOSK_ERR_BUSY && n >= 0)
        status = store_cli_fail(rc, "purge",
                                "the data was purged, but a reader kept the write-ahead log from "
                                "being wiped; run the purge again when the kiosk is idle");
    else if (rc != KIOSK_OK)
        status = store_cli_fail(rc, "purge", rc == KIOSK_ERR_PERM ? "needs the admin role" : NULL);
    else
        printf("purged %lld intakes\n", (long long)n);
    store_cli_finish(&sc);
    return status;
}
