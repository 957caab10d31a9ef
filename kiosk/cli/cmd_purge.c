/* `kioskctl purge`: the retention purge (records.h): --due applies the
 * retention_days setting (run from a timer), --older-than DAYS is for one-off
 * use. Both keep the proof and drop the person, and skip legal holds. */
#include "cli/cli.h"
#include "cli/store_cli.h"
#include "core/kiosk_err.h"
#include "records/records.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int usage(int status)
{
    FILE *o = status ? stderr : stdout;
    fprintf(o, "usage: kioskctl [global options] purge --due | --older-than DAYS\n"
               "Drops the person from intakes closed (or cancelled) more than retention_days\n"
               "(--due; `kioskctl db settings`) or DAYS days ago: names, date of birth and the\n"
               "other IAQ fields, document number (last 4, hash) and expiry, IAR text, MULES\n"
               "reference, notes. Keeps the proof: booking number, basis, charges, states and\n"
               "times, disposition, nationality, consulate, method and times of consular\n"
               "notification, badges and the audit trail. Intakes under a legal hold (`intake\n"
               "hold`) are skipped. The freed bytes are overwritten and the WAL truncated.\n"
               "Prints `purged N intakes[, M kept under legal hold]`. Role: admin.\n");
    return status;
}

int cmd_purge(struct cli_ctx *ctx, int argc, char **argv)
{
    if (store_cli_wants_help(argc, argv))
        return usage(0);
    long days = 0;
    bool due = argc == 2 && strcmp(argv[1], "--due") == 0;
    if (!due) {
        if (argc != 3 || strcmp(argv[1], "--older-than") != 0)
            return usage(KIOSK_EXIT_USAGE);
        char *end;
        errno = 0;
        days = strtol(argv[2], &end, 10);
        if (errno || *end || days < 1 || days > 36500)
            return cli_fail(KIOSK_EXIT_USAGE, "--older-than takes a number of days, 1..36500");
    }
    struct store_cli sc;
    int status = store_cli_begin(ctx, &sc, false);
    if (status)
        return status;
    struct records_purge_result res;
    int rc = due ? records_purge_due(sc.st, &sc.actor, &res)
                 : records_purge_older(sc.st, &sc.actor, (int)days, &res);
    if (rc != KIOSK_OK) {
        status = store_cli_fail(rc, "purge", rc == KIOSK_ERR_PERM ? "needs the admin role" : NULL);
    } else {
        if (res.held)
            printf("purged %lld intakes, %lld kept under legal hold\n", (long long)res.purged,
                   (long long)res.held);
        else
            printf("purged %lld intakes\n", (long long)res.purged);
        if (res.facts_kept)
            fprintf(stderr,
                    "kioskctl: purge: warning: this station is joined to a hub, and %lld hub "
                    "facts about the purged intakes still hold their personal data, in this "
                    "file's fact log and at the hub: replicating a purge is not built yet "
                    "(README, \"Several stations and the hub\")\n",
                    (long long)res.facts_kept);
        if (!res.wal_clean)
            fprintf(stderr,
                    "kioskctl: purge: the write-ahead log could not be truncated (another "
                    "process is reading); old pages stay in it until the next checkpoint\n");
    }
    store_cli_finish(&sc);
    return status;
}
