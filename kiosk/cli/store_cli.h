/* Helpers shared by the store commands of kioskctl (user, intake, request,
 * consular, backlog, audit, purge, backup, restore, db): opening the
 * database from the global options, the acting user and its PIN, reading
 * files, JSON and time output. */
#ifndef KIOSK_STORE_CLI_H
#define KIOSK_STORE_CLI_H

#include "cli/cli.h"
#include "core/auth.h"
#include "core/clock.h"
#include "core/store.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

/* Everything a store command holds; finish with store_cli_finish(). */
struct store_cli {
    struct store *st;
    kiosk_ms_t now_fixed; /* --now, borrowed by the store's clock */
    struct auth_actor actor;
    bool have_actor;
    /* Set by read-only commands (reports, lists, shows) after
     * store_cli_open(): --now may then come with --as (the sign-in itself is
     * still stamped with the real time). State-changing commands leave it
     * false: there --now needs --local-admin (installer, tests). */
    bool now_view;
    char path[4096];
};

/* Opens the store named by --db / KIOSK_DB / the XDG default (creating it
 * when create is set) with the --now clock. Returns 0 or an exit status
 * (after printing why). */
int store_cli_open(struct cli_ctx *ctx, struct store_cli *sc, bool create);

/* Establishes the acting user: --local-admin (the DB file's owner, with or
 * without --as) or --as BADGE with the PIN read from the first line of
 * stdin. --now without --local-admin is refused (exit 64) unless
 * sc->now_view is set. Returns 0 or an exit status (after printing why). */
int store_cli_actor(struct cli_ctx *ctx, struct store_cli *sc);

/* Signs in a second member (a co-signer) with badge and the PIN read from
 * the next line of stdin, at the real time; fills *out. Returns 0 or an
 * exit status (after printing why). */
int store_cli_cosigner(struct cli_ctx *ctx, struct store_cli *sc, const char *badge,
                       struct auth_actor *out);

/* The usual start of a store command in one call: store_cli_open() of the
 * existing database, sc->now_view set, store_cli_actor(). On failure sc is
 * already finished and the exit status is returned; on 0 the caller ends
 * with store_cli_finish(). */
int store_cli_begin(struct cli_ctx *ctx, struct store_cli *sc, bool now_view);

/* Reads one line from stdin (without its newline) into buf; no echo when
 * stdin is a terminal (prompt shown on stderr). 0 or an exit status. */
int store_cli_read_line(const char *prompt, char *buf, size_t len);

/* Closes what store_cli_open opened. */
void store_cli_finish(struct store_cli *sc);

/* Prints "kioskctl: <what>: <message or kiosk_strerror(err)>" and returns
 * the exit status for err. */
int store_cli_fail(int err, const char *what, const char *msg);

/* Reads a whole file (or stdin for "-") into a malloc'ed NUL-terminated
 * buffer. NULL on failure (message printed, *status set). */
char *store_cli_read_file(const char *path, size_t max, int *status);

/* Parses a positive record id; false when s is not one. */
bool store_cli_parse_id(const char *s, int64_t *id);

/* ISO time text, "" for 0. buf needs KIOSK_ISO_LEN bytes. */
const char *store_cli_time(kiosk_ms_t t, char *buf);

/* A JSON string of ISO time, or null for 0 (new reference). */
json_t *store_cli_json_time(kiosk_ms_t t);

/* Prints a JSON value (compact, sorted keys) and a newline to stdout;
 * consumes the reference. */
void store_cli_print_json(json_t *j);

/* True when argv[i] is "--help" anywhere. */
bool store_cli_wants_help(int argc, char **argv);

#endif
