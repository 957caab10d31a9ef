/* `kioskctl station join|list|conflicts`: this database as a station of a
 * hub (issue 14): registering it, the stations with their lag, and the
 * conflict items a supervisor reviews. */
#include "cli/cli.h"
#include "cli/store_cli.h"
#include "config/config.h"
#include "core/fact.h"
#include "core/kiosk_err.h"
#include "sync/sync.h"

#include <stdlib.h>
#include <string.h>

static int usage(int status)
{
    FILE *o = status ? stderr : stdout;
    fprintf(
        o,
        "usage: kioskctl --local-admin station join [URL] --name NAME   register this\n"
        "                                       database with the hub as station NAME (1-15\n"
        "                                       letters or digits; stable ids read NAME-17);\n"
        "                                       URL defaults to [hub] url of kiosk.ini\n"
        "       kioskctl (--as B | --local-admin) station list        stations, last contact\n"
        "                                       and lag (facts at the hub not yet held here)\n"
        "       kioskctl (--as B | --local-admin) station conflicts   facts kept but not\n"
        "                                       applied (concurrent changes), for a supervisor\n");
    return status;
}

static int list(struct store_cli *sc)
{
    struct sync_station_row *rows = NULL;
    size_t n = 0;
    bool reached = false;
    char msg[512] = "";
    int rc = sync_station_list(sc->st, &rows, &n, &reached, msg, sizeof msg);
    if (rc != KIOSK_OK)
        return store_cli_fail(rc, "station list", NULL);
    struct fact_counts c;
    fact_counts_get(sc->st, &c);
    if (!reached)
        printf("hub not reached (%s): lag unknown\n", msg[0] ? msg : "not joined");
    printf("%-16s %-5s %8s %8s %5s %-20s %s\n", "STATION", "SELF", "HELD", "AT_HUB", "LAG",
           "LAST_CONTACT", "LAST_FACT");
    for (size_t i = 0; i < n; i++) {
        char a[KIOSK_ISO_LEN], b[KIOSK_ISO_LEN], lag[24] = "?";
        if (rows[i].at_hub >= 0)
            snprintf(
                lag, sizeof lag, "%lld",
                (long long)(rows[i].at_hub > rows[i].held ? rows[i].at_hub - rows[i].held : 0));
        printf("%-16s %-5s %8lld %8lld %5s %-20s %s\n", rows[i].name, rows[i].self ? "yes" : "",
               (long long)rows[i].held, (long long)rows[i].at_hub, lag,
               rows[i].last_contact ? store_cli_time(rows[i].last_contact, a) : "-",
               rows[i].last_fact ? store_cli_time(rows[i].last_fact, b) : "-");
    }
    printf("facts %lld, own not yet pushed %lld, conflicts %lld, refused %lld\n",
           (long long)c.facts, (long long)c.unpushed, (long long)c.conflicts, (long long)c.refused);
    free(rows);
    return 0;
}

static int conflicts(struct store_cli *sc)
{
    struct fact_conflict *cs = NULL;
    size_t n = 0;
    int rc = fact_conflicts(sc->st, &cs, &n);
    if (rc != KIOSK_OK)
        return store_cli_fail(rc, "station conflicts", NULL);
    for (size_t i = 0; i < n; i++)
        printf("conflict %s fact %s/%lld %s: %s\n", cs[i].subject, cs[i].station,
               (long long)cs[i].seq, cs[i].kind, cs[i].reason);
    printf("%zu conflict item%s\n", n, n == 1 ? "" : "s");
    free(cs);
    return 0;
}

int cmd_station(struct cli_ctx *ctx, int argc, char **argv)
{
    if (store_cli_wants_help(argc, argv))
        return usage(0);
    if (argc < 2)
        return usage(KIOSK_EXIT_USAGE);
    const char *sub = argv[1], *url = NULL, *name = NULL;
    if (!strcmp(sub, "join")) {
        /* join URL --name NAME, or join --name NAME with [hub] url */
        if (argc == 5 && !strcmp(argv[3], "--name")) {
            url = argv[2];
            name = argv[4];
        } else if (argc == 4 && !strcmp(argv[2], "--name")) {
            url = ctx->config ? ctx->config->hub_url : "";
            name = argv[3];
            if (!url[0])
                return cli_fail(KIOSK_EXIT_USAGE, "station join needs the hub's URL: give it, "
                                                  "or set [hub] url in kiosk.ini");
        } else {
            return usage(KIOSK_EXIT_USAGE);
        }
        if (!ctx->local_admin)
            return cli_fail(KIOSK_EXIT_USAGE, "station join needs --local-admin (the owner of "
                                              "the database file)");
    } else if ((strcmp(sub, "list") && strcmp(sub, "conflicts")) || argc != 2) {
        return usage(KIOSK_EXIT_USAGE);
    }
    struct store_cli sc;
    int status = store_cli_open(ctx, &sc, false);
    if (status)
        return status;
    sc.now_view = true;
    if ((status = store_cli_actor(ctx, &sc)) != 0)
        goto out;
    if (!strcmp(sub, "join")) {
        char msg[512] = "";
        int rc = sync_station_join(sc.st, url, name, msg, sizeof msg);
        if (rc != KIOSK_OK)
            status = store_cli_fail(rc, "station join", msg);
        else
            printf("joined the hub as station %s\n", name);
    } else if (!strcmp(sub, "list")) {
        status = list(&sc);
    } else {
        status = conflicts(&sc);
    }
out:
    store_cli_finish(&sc);
    return status;
}
