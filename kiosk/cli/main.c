/* kioskctl: the operator, installer and test command line of booking-kiosk.
 * Parses the global options, then dispatches to one command per file. */
#include "cli/cli.h"
#include "config/config.h"
#include "core/kiosk_err.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Sorted by name; one line per command. */
const struct cli_command cli_commands[] = {
    {"audit", cmd_audit,
     "audit verify [--checkpoint F] | checkpoint FILE | list [--since T] [--json] | review "
     "[--note N]   the audit trail"},
    {"backlog", cmd_backlog,
     "backlog [--json|--csv]    open IAQ requests, overdue items, turnaround"},
    {"backup", cmd_backup,
     "backup DEST | --rotate [--dir DIR] [--keep N]   online copy of the database"},
    {"consular", cmd_consular,
     "consular show|informed|notified INTAKE ... | due   consular notification"},
    {"db", cmd_db,
     "db check [--full] | path | init | settings | set KEY VALUE   the database file"},
    {"decode", cmd_decode,
     "decode [--json] [--symbology pdf417|all] IMAGE...   read barcodes in image files"},
    {"export", cmd_export,
     "export INTAKE --json      one intake with its timeline, redactable fields marked"},
    {"help", cmd_help, "help [COMMAND]            describe kioskctl or one command"},
    {"id", cmd_id,
     "id parse [--json] [--today YYYY-MM-DD] [FILE|-]   read a licence barcode payload"},
    {"intake", cmd_intake,
     "intake add --json FILE|- | show ID | list [filters] | hold ID --reason T | unhold ID"},
    {"listen", cmd_listen,
     "listen [--source SPEC] [--count N] [--timeout S] [--json]   print barcodes a scanner sends"},
    {"purge", cmd_purge, "purge --due | --older-than DAYS   drop the person, keep the proof"},
    {"report", cmd_report,
     "report period --from D --to D | week [--at T] | shift [--at T]   records reports"},
    {"request", cmd_request,
     "request list|show|transmit|ack|respond|needs-info|requeue|close|cancel   the IAQ queue"},
    {"restore", cmd_restore,
     "restore SRC               replace the database with a checked backup"},
    {"scanners", cmd_scanners,
     "scanners [--json]         list the barcode scanners the kiosk would use"},
    {"slip", cmd_slip,
     "slip INTAKE [--consular-form] (--pdf FILE | --print)   the booking-file slip"},
    {"user", cmd_user, "user add|list|unlock|disable   kiosk users and roles"},
};
const int cli_command_count = (int)(sizeof cli_commands / sizeof cli_commands[0]);

int cli_fail(int status, const char *fmt, ...)
{
    va_list ap;
    fputs("kioskctl: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return status;
}

static const struct cli_command *find_command(const char *name)
{
    for (int i = 0; i < cli_command_count; i++)
        if (strcmp(cli_commands[i].name, name) == 0)
            return &cli_commands[i];
    return NULL;
}

int cmd_help(struct cli_ctx *ctx, int argc, char **argv)
{
    if (argc >= 2) {
        const struct cli_command *c = find_command(argv[1]);
        if (!c)
            return cli_fail(KIOSK_EXIT_USAGE, "no such command: %s", argv[1]);
        static char help_opt[] = "--help";
        if (argc >= 3) {
            char *sub3[] = {argv[1], argv[2], help_opt, NULL};
            return c->run(ctx, 3, sub3);
        }
        char *sub[] = {argv[1], help_opt, NULL};
        return c->run(ctx, 2, sub);
    }
    printf("usage: kioskctl [--config FILE] [--db PATH] [--key-dir DIR] [--now ISO8601]\n"
           "                [--as BADGE] [--local-admin] COMMAND ...\n"
           "       kioskctl --version\n"
           "\n"
           "booking-kiosk's command line: ID payload parsing, the intake store, the IAQ\n"
           "queue, scanners. `kioskctl help COMMAND` describes one command.\n"
           "\n"
           "Global options:\n"
           "  --config FILE    configuration file (else $KIOSK_CONFIG, else\n"
           "                   " CONFIG_DEFAULT_PATH " when it exists);\n"
           "                   see booking-kiosk.ini(5)\n"
           "  --db PATH        database file (else $KIOSK_DB, else [database] path of the\n"
           "                   configuration, else $XDG_DATA_HOME/booking-kiosk/kiosk.db)\n"
           "  --key-dir DIR    the database's key folder (else $KIOSK_KEY_DIR, else [database]\n"
           "                   key_dir of the configuration, else /etc/booking-kiosk/keys for\n"
           "                   /var/lib/booking-kiosk, else $XDG_CONFIG_HOME/booking-kiosk/keys);\n"
           "                   never beside the database\n"
           "  --now ISO8601    the time to act at: reports with --as; changes only with\n"
           "                   --local-admin (installer, tests)\n"
           "  --as BADGE       acting user; store commands read that user's PIN on stdin\n"
           "  --local-admin    act as the database file's owner without a PIN (audited)\n"
           "  --version        print the version and exit\n"
           "\n"
           "Commands:\n");
    for (int i = 0; i < cli_command_count; i++)
        printf("  %s\n", cli_commands[i].synopsis);
    printf("\nExit status: 0 success, 64 usage, 65 bad input data, 66 missing input,\n"
           "69 device unavailable, 70 internal error, 74 I/O error, 75 temporary failure\n"
           "(locked, busy), 77 permission denied.\n");
    return KIOSK_EXIT_OK;
}

int main(int argc, char **argv)
{
    struct cli_ctx ctx = {.prog = argv[0]};
    int i = 1;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        const char *opt = argv[i];
        if (strcmp(opt, "--local-admin") == 0) {
            ctx.local_admin = true;
            continue;
        }
        if (strcmp(opt, "--help") == 0)
            return cmd_help(&ctx, 1, argv);
        if (strcmp(opt, "--version") == 0) {
            printf("kioskctl %s\n", config_version());
            return KIOSK_EXIT_OK;
        }
        if (i + 1 >= argc)
            return cli_fail(KIOSK_EXIT_USAGE, "%s needs a value", opt);
        if (strcmp(opt, "--db") == 0)
            ctx.db_path = argv[++i];
        else if (strcmp(opt, "--config") == 0)
            ctx.config_path = argv[++i];
        else if (strcmp(opt, "--now") == 0)
            ctx.now_iso = argv[++i];
        else if (strcmp(opt, "--as") == 0)
            ctx.as_badge = argv[++i];
        else if (strcmp(opt, "--key-dir") == 0)
            ctx.key_dir = argv[++i];
        else
            return cli_fail(KIOSK_EXIT_USAGE, "unknown global option %s (see kioskctl help)", opt);
    }
    if (i >= argc) {
        cmd_help(&ctx, 1, argv);
        return KIOSK_EXIT_USAGE;
    }
    const struct cli_command *c = find_command(argv[i]);
    if (!c)
        return cli_fail(KIOSK_EXIT_USAGE, "unknown command %s (see kioskctl help)", argv[i]);
    if (c->run == cmd_help)
        return c->run(&ctx, argc - i, argv + i); /* help works with a broken file too */
    /* The configuration file: options given above override it. */
    static struct kiosk_config config;
    char err[512];
    int rc = config_load(&config, ctx.config_path, err, sizeof err);
    if (rc != KIOSK_OK)
        return cli_fail(kiosk_exit_code(rc), "%s", err[0] ? err : kiosk_strerror(rc));
    ctx.config = &config;
    if (!ctx.db_path)
        ctx.db_path = config_db_path(&config);
    if (config_export_key_dir(&config) != KIOSK_OK)
        return cli_fail(KIOSK_EXIT_SOFTWARE, "out of memory");
    return c->run(&ctx, argc - i, argv + i);
}
