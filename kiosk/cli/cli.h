/* Shared by the kioskctl subcommands: the parsed global options and the
 * signature every command implements. One file per command (cmd_*.c), one
 * line per command in the sorted table in main.c. */
#ifndef KIOSK_CLI_H
#define KIOSK_CLI_H

#include <stdbool.h>
#include <stdio.h>

struct kiosk_config;

/* Global options; they come before the command name. */
struct cli_ctx {
    const char *prog; /* argv[0] */
    /* --db PATH, else KIOSK_DB, else [database] path of the configuration
     * file, else NULL (then the XDG default) */
    const char *db_path;
    const char *config_path;           /* --config FILE, else NULL (KIOSK_CONFIG, the default) */
    const struct kiosk_config *config; /* the file as read (every field unset when none) */
    const char *now_iso;               /* --now ISO8601, else NULL (the real clock) */
    const char *as_badge;              /* --as BADGE, else NULL */
    bool local_admin;                  /* --local-admin */
    const char *key_dir; /* --key-dir DIR, else NULL (KIOSK_KEY_DIR, else the default) */
};

/* A command gets argv starting at its own name (argv[0] = "id") and returns
 * the process exit status (enum kiosk_exit). */
typedef int (*cli_command_fn)(struct cli_ctx *ctx, int argc, char **argv);

struct cli_command {
    const char *name;
    cli_command_fn run;
    const char *synopsis; /* one line for `kioskctl help` */
};

int cmd_audit(struct cli_ctx *ctx, int argc, char **argv);
int cmd_backlog(struct cli_ctx *ctx, int argc, char **argv);
int cmd_backup(struct cli_ctx *ctx, int argc, char **argv);
int cmd_consular(struct cli_ctx *ctx, int argc, char **argv);
int cmd_db(struct cli_ctx *ctx, int argc, char **argv);
int cmd_decode(struct cli_ctx *ctx, int argc, char **argv);
int cmd_export(struct cli_ctx *ctx, int argc, char **argv);
int cmd_help(struct cli_ctx *ctx, int argc, char **argv);
int cmd_id(struct cli_ctx *ctx, int argc, char **argv);
int cmd_intake(struct cli_ctx *ctx, int argc, char **argv);
/* `intake list|hold|unhold` (cmd_intake_records.c), reached through cmd_intake. */
int cmd_intake_records(struct cli_ctx *ctx, int argc, char **argv);
int cmd_listen(struct cli_ctx *ctx, int argc, char **argv);
int cmd_purge(struct cli_ctx *ctx, int argc, char **argv);
int cmd_request(struct cli_ctx *ctx, int argc, char **argv);
int cmd_report(struct cli_ctx *ctx, int argc, char **argv);
int cmd_restore(struct cli_ctx *ctx, int argc, char **argv);
int cmd_scanners(struct cli_ctx *ctx, int argc, char **argv);
int cmd_slip(struct cli_ctx *ctx, int argc, char **argv);
int cmd_user(struct cli_ctx *ctx, int argc, char **argv);

/* The command table (sorted by name) and its length, for `help`. */
extern const struct cli_command cli_commands[];
extern const int cli_command_count;

/* Print "kioskctl: <message>" to stderr; returns status, for `return cli_fail(...)`. */
int cli_fail(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
