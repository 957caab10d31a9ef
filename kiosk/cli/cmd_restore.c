/* `kioskctl restore`: replace the database with a checked backup. */
#include "cli/cli.h"
#include "cli/store_cli.h"
#include "core/kiosk_err.h"

#include <string.h>

static int usage(int status)
{
    FILE *o = status ? stderr : stdout;
    fprintf(o, "usage: kioskctl [--db P] --local-admin restore SRC\n"
               "Checks SRC (integrity_check, exactly the known schema, row MACs and the keyed\n"
               "audit chain with the key folder) and only then\n"
               "replaces the database atomically; a damaged SRC is refused (exit 65) and the\n"
               "database is left as it was. Stop the kiosk first: while anything has the\n"
               "database open the restore is refused (exit 75). Only the database file's\n"
               "owner may restore (--local-admin, exit 77 otherwise); the restore is audited.\n");
    return status;
}

int cmd_restore(struct cli_ctx *ctx, int argc, char **argv)
{
    if (store_cli_wants_help(argc, argv))
        return usage(0);
    if (argc != 2)
        return usage(KIOSK_EXIT_USAGE);
    if (!ctx->local_admin)
        return cli_fail(KIOSK_EXIT_NOPERM,
                        "restore: only the database file's owner may restore (--local-admin)");
    char path[4096];
    if (store_default_path(ctx->db_path, path, sizeof path) != KIOSK_OK)
        return cli_fail(KIOSK_EXIT_USAGE, "no database path: give --db PATH or set KIOSK_DB");
    struct kiosk_clock clock = clock_system();
    kiosk_ms_t fixed;
    if (ctx->now_iso) {
        if (clock_parse_iso(ctx->now_iso, &fixed) != KIOSK_OK)
            return cli_fail(KIOSK_EXIT_USAGE, "--now '%s' is not an ISO 8601 time", ctx->now_iso);
        clock = clock_fixed(&fixed);
    }
    char msg[512] = "";
    int rc =
        store_restore_keyed(argv[1], path, ctx->key_dir, &clock, ctx->as_badge, msg, sizeof msg);
    if (rc != KIOSK_OK)
        return store_cli_fail(rc, "restore", msg);
    printf("restored %s from %s\n", path, argv[1]);
    return 0;
}
