/* `kioskctl sync [--once]`: push this station's facts to the hub and pull
 * the others' (issue 14); without --once a service that follows the hub's
 * NOTIFY until SIGTERM. */
#include "cli/cli.h"
#include "cli/store_cli.h"
#include "core/kiosk_err.h"
#include "sync/sync.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static int usage(int status)
{
    FILE *o = status ? stderr : stdout;
    fprintf(o, "usage: kioskctl --local-admin sync --once   push and pull until caught up\n"
               "       kioskctl --local-admin sync          run until SIGTERM: LISTEN for the\n"
               "                                            hub's NOTIFY, push local changes\n"
               "Exit status (--once): 0 caught up, 69 the hub is unreachable (nothing local\n"
               "changed), 65 a fact was refused (named; the rest was done), 66 not joined.\n");
    return status;
}

static void on_round(void *ctx, const struct sync_stats *s, int status, const char *msg)
{
    (void)ctx;
    if (status == KIOSK_ERR_DEVICE) {
        fprintf(stderr, "kioskctl: sync: %s (retrying)\n", msg);
        return;
    }
    printf("sync: pushed %lld, pulled %lld, new requests %lld%s%s\n", (long long)s->pushed,
           (long long)s->pulled, (long long)s->new_requests, status ? "; " : "", status ? msg : "");
    if (s->new_requests > 0)
        printf("\a"); /* the terminal's bell: a new request reached this desk */
    fflush(stdout);
}

int cmd_sync(struct cli_ctx *ctx, int argc, char **argv)
{
    if (store_cli_wants_help(argc, argv))
        return usage(0);
    bool once = argc == 2 && !strcmp(argv[1], "--once");
    if (argc > 2 || (argc == 2 && !once))
        return usage(KIOSK_EXIT_USAGE);
    struct store_cli sc;
    int status = store_cli_open(ctx, &sc, false);
    if (status)
        return status;
    if ((status = store_cli_actor(ctx, &sc)) != 0)
        goto out;
    char msg[512] = "";
    if (once) {
        struct sync_stats s;
        int rc = sync_once(sc.st, &s, msg, sizeof msg);
        if (rc == KIOSK_OK || rc == KIOSK_ERR_CORRUPT)
            printf("sync: pushed %lld, pulled %lld, new requests %lld, refused %lld\n",
                   (long long)s.pushed, (long long)s.pulled, (long long)s.new_requests,
                   (long long)s.refused);
        if (rc != KIOSK_OK)
            status = store_cli_fail(rc, "sync", msg);
        goto out;
    }
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    int rc = sync_run(sc.st, &stop_flag, 500, on_round, NULL, msg, sizeof msg);
    if (rc != KIOSK_OK)
        status = store_cli_fail(rc, "sync", msg);
out:
    store_cli_finish(&sc);
    return status;
}
