/* `kioskctl intake list|hold|unhold`: the history list with its filters
 * (text, JSON, CSV) and legal holds (records.h). */
#include "cli/cli.h"
#include "cli/store_cli.h"
#include "core/kiosk_err.h"
#include "core/tz.h"
#include "records/records.h"

#include <stdlib.h>
#include <string.h>

static int usage(int status)
{
    FILE *o = status ? stderr : stdout;
    fprintf(
        o, "usage: kioskctl [--db P] [--now T] (--as BADGE | --local-admin) intake list\n"
           "           [--from D] [--to D] [--basis exempt_id|exempt_known|iaq]\n"
           "           [--state exempt|open|queued|transmitted|...] [--deputy BADGE]\n"
           "           [--search TEXT] [--limit N] [--json|--csv]\n"
           "       kioskctl ... intake hold INTAKE --reason TEXT\n"
           "       kioskctl ... intake unhold INTAKE\n"
           "list: intakes newest first (exemptions included) with their request state;\n"
           "D is YYYY-MM-DD (local in the timezone setting; --to includes it) or a time; --search\n"
           "matches a booking number prefix or part of the NCIC name (not after a purge).\n"
           "Roles: deputy, supervisor, admin, auditor; audited as a view.\n"
           "hold/unhold: a legal hold keeps the intake from the retention purge until it\n"
           "is released. Roles: supervisor, admin; audited.\n");
    return status;
}

/* Writes s as one CSV field (quoted when needed). */
static void csv_field(const char *s, bool last)
{
    if (strpbrk(s, ",\"\n\r")) {
        putchar('"');
        for (; *s; s++) {
            if (*s == '"')
                putchar('"');
            putchar(*s);
        }
        putchar('"');
    } else {
        fputs(s, stdout);
    }
    putchar(last ? '\n' : ',');
}

static int list_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
    struct records_filter f = {0};
    bool json = false, csv = false;
    const char *from_s = NULL, *to_s = NULL;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--json")) {
            json = true;
            continue;
        }
        if (!strcmp(a, "--csv")) {
            csv = true;
            continue;
        }
        if (!v)
            return usage(KIOSK_EXIT_USAGE);
        i++;
        if (!strcmp(a, "--from") || !strcmp(a, "--to")) {
            bool to = !strcmp(a, "--to");
            /* checked here, read in the store's zone once it is open */
            if (records_parse_day(TZ_DEFAULT, v, to, to ? &f.to : &f.from) != KIOSK_OK)
                return cli_fail(KIOSK_EXIT_USAGE, "%s takes YYYY-MM-DD or an ISO time, not '%s'", a,
                                v);
            *(to ? &to_s : &from_s) = v;
        } else if (!strcmp(a, "--basis")) {
            if (!(f.basis = records_basis_parse(v)))
                return cli_fail(KIOSK_EXIT_USAGE,
                                "--basis is exempt_id, exempt_known or iaq, not '%s'", v);
        } else if (!strcmp(a, "--state")) {
            if (!records_state_valid(v) || strlen(v) >= sizeof f.state)
                return cli_fail(KIOSK_EXIT_USAGE,
                                "--state is exempt, open or a request state, not '%s'", v);
            snprintf(f.state, sizeof f.state, "%s", v);
        } else if (!strcmp(a, "--deputy")) {
            snprintf(f.deputy, sizeof f.deputy, "%s", v);
        } else if (!strcmp(a, "--search")) {
            if (strlen(v) >= sizeof f.search)
                return cli_fail(KIOSK_EXIT_USAGE, "--search is at most %zu characters",
                                sizeof f.search - 1);
            snprintf(f.search, sizeof f.search, "%s", v);
        } else if (!strcmp(a, "--limit")) {
            int64_t l;
            if (!store_cli_parse_id(v, &l))
                return cli_fail(KIOSK_EXIT_USAGE, "--limit takes a positive number");
            f.limit = (size_t)l;
        } else {
            return usage(KIOSK_EXIT_USAGE);
        }
    }
    if (json && csv)
        return cli_fail(KIOSK_EXIT_USAGE, "give --json or --csv, not both");
    if (f.from && f.to && f.to <= f.from)
        return cli_fail(KIOSK_EXIT_USAGE, "--to must be after --from");
    struct store_cli sc;
    int status = store_cli_begin(ctx, &sc, true);
    if (status)
        return status;
    struct records_row *rows = NULL;
    size_t n = 0;
    char zone[TZ_NAME_MAX];
    int rc = tz_store_zone(sc.st, zone, sizeof zone);
    if (rc == KIOSK_OK && from_s)
        rc = records_parse_day(zone, from_s, false, &f.from);
    if (rc == KIOSK_OK && to_s)
        rc = records_parse_day(zone, to_s, true, &f.to);
    if (rc == KIOSK_OK)
        rc = records_list(sc.st, &sc.actor, &f, &rows, &n);
    if (rc != KIOSK_OK) {
        status = store_cli_fail(rc, "intake list",
                                rc == KIOSK_ERR_PERM ? "your role may not list intakes" : NULL);
        goto out;
    }
    if (csv)
        printf("intake_id,booking_number,basis,manual_document,deputy,created,closed,request_id,"
               "state,disposition,ncic_name,nationality,purged,legal_hold\n");
    json_t *arr = json ? json_array() : NULL;
    for (size_t i = 0; i < n; i++) {
        const struct records_row *r = &rows[i];
        char c[KIOSK_ISO_LEN], d[KIOSK_ISO_LEN], id[24], rid[24];
        store_cli_time(r->created, c);
        store_cli_time(r->closed, d);
        snprintf(id, sizeof id, "%lld", (long long)r->intake_id);
        snprintf(rid, sizeof rid, "%lld", (long long)r->request_id);
        if (json) {
            json_array_append_new(
                arr,
                json_pack(
                    "{s:I, s:s, s:s, s:b, s:s, s:o, s:o, s:o, s:s, s:o, s:o, s:o, "
                    "s:b, s:b}",
                    "intake_id", (json_int_t)r->intake_id, "booking_number", r->booking_number,
                    "basis", intake_basis_name(r->basis), "manual_document", r->manual_document,
                    "deputy", r->deputy_badge, "created", store_cli_json_time(r->created), "closed",
                    store_cli_json_time(r->closed), "request_id",
                    r->request_id ? json_integer(r->request_id) : json_null(), "state", r->state,
                    "disposition", r->disposition[0] ? json_string(r->disposition) : json_null(),
                    "ncic_name", r->ncic_name[0] ? json_string(r->ncic_name) : json_null(),
                    "nationality", r->nationality[0] ? json_string(r->nationality) : json_null(),
                    "purged", r->purged, "legal_hold", r->held));
        } else if (csv) {
            const char *fields[] = {id,
                                    r->booking_number,
                                    intake_basis_name(r->basis),
                                    r->manual_document ? "1" : "0",
                                    r->deputy_badge,
                                    c,
                                    d,
                                    r->request_id ? rid : "",
                                    r->state,
                                    r->disposition,
                                    r->ncic_name,
                                    r->nationality,
                                    r->purged ? "1" : "0",
                                    r->held ? "1" : "0"};
            for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
                csv_field(fields[k], k + 1 == sizeof fields / sizeof fields[0]);
        } else {
            printf("%-6s %-14s %-12s %-11s %-6s %s %s%s%s%s\n", id, r->booking_number,
                   intake_basis_name(r->basis), r->state, r->deputy_badge, c,
                   r->ncic_name[0] ? r->ncic_name : (r->purged ? "(purged)" : ""),
                   r->nationality[0] ? " " : "", r->nationality, r->held ? " [hold]" : "");
        }
    }
    if (json)
        store_cli_print_json(arr);
out:
    free(rows);
    store_cli_finish(&sc);
    return status;
}

static int hold_cmd(struct cli_ctx *ctx, int argc, char **argv, bool hold)
{
    int64_t id;
    const char *reason = NULL;
    if (argc < 3 || !store_cli_parse_id(argv[2], &id))
        return usage(KIOSK_EXIT_USAGE);
    for (int i = 3; i < argc; i++) {
        if (hold && !strcmp(argv[i], "--reason") && i + 1 < argc)
            reason = argv[++i];
        else
            return usage(KIOSK_EXIT_USAGE);
    }
    if (hold && !reason)
        return cli_fail(KIOSK_EXIT_USAGE, "intake hold needs --reason TEXT");
    struct store_cli sc;
    int status = store_cli_begin(ctx, &sc, false);
    if (status)
        return status;
    char msg[200] = "";
    int rc = hold ? records_hold(sc.st, &sc.actor, id, reason, msg, sizeof msg)
                  : records_unhold(sc.st, &sc.actor, id, msg, sizeof msg);
    if (rc != KIOSK_OK)
        status = store_cli_fail(rc, hold ? "intake hold" : "intake unhold", msg[0] ? msg : NULL);
    else
        printf("intake %lld %s\n", (long long)id, hold ? "on legal hold" : "released from hold");
    store_cli_finish(&sc);
    return status;
}

int cmd_intake_records(struct cli_ctx *ctx, int argc, char **argv)
{
    if (store_cli_wants_help(argc, argv))
        return usage(0);
    if (argc >= 2 && !strcmp(argv[1], "list"))
        return list_cmd(ctx, argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "hold"))
        return hold_cmd(ctx, argc, argv, true);
    if (argc >= 2 && !strcmp(argv[1], "unhold"))
        return hold_cmd(ctx, argc, argv, false);
    return usage(KIOSK_EXIT_USAGE);
}
