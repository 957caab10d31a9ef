/* `kioskctl audit`: verify the hash chain, list rows, record the weekly review. */
#include "cli/cli.h"
#include "cli/store_cli.h"
#include "core/audit.h"
#include "core/kiosk_err.h"

#include <stdlib.h>
#include <string.h>

static int usage(int status)
{
    FILE *o = status ? stderr : stdout;
    fprintf(o, "usage: kioskctl [global options] audit verify [--checkpoint FILE]\n"
               "       kioskctl [global options] audit checkpoint FILE   signed head (Ed25519)\n"
               "       kioskctl [global options] audit list [--since ISO8601] [--json]\n"
               "       kioskctl [global options] audit review [--note TEXT]\n"
               "verify exits 0 when the chain holds, else 65 naming the first bad row.\n"
               "Roles: auditor or admin (review: auditor). PIN on the first line of stdin.\n");
    return status;
}

int cmd_audit(struct cli_ctx *ctx, int argc, char **argv)
{
    if (store_cli_wants_help(argc, argv))
        return usage(0);
    if (argc < 2)
        return usage(KIOSK_EXIT_USAGE);
    const char *sub = argv[1], *since_s = NULL, *note = NULL, *cp_file = NULL;
    bool json = false;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(sub, "checkpoint") && !cp_file && argv[i][0] != '-')
            cp_file = argv[i];
        else if (i + 1 < argc && !strcmp(argv[i], "--checkpoint") && !strcmp(sub, "verify"))
            cp_file = argv[++i];
        else if (!strcmp(argv[i], "--json"))
            json = true;
        else if (i + 1 < argc && !strcmp(argv[i], "--since"))
            since_s = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "--note"))
            note = argv[++i];
        else
            return usage(KIOSK_EXIT_USAGE);
    }
    kiosk_ms_t since = 0;
    if (since_s && clock_parse_iso(since_s, &since) != KIOSK_OK)
        return cli_fail(KIOSK_EXIT_USAGE, "--since '%s' is not an ISO 8601 time", since_s);
    if (strcmp(sub, "verify") && strcmp(sub, "list") && strcmp(sub, "review") &&
        strcmp(sub, "checkpoint"))
        return usage(KIOSK_EXIT_USAGE);
    if (!strcmp(sub, "checkpoint") && !cp_file)
        return usage(KIOSK_EXIT_USAGE);
    struct store_cli sc;
    int status = store_cli_begin(ctx, &sc, strcmp(sub, "review") && strcmp(sub, "checkpoint"));
    if (status)
        return status;
    int rc;
    if (!strcmp(sub, "checkpoint") || (!strcmp(sub, "verify") && cp_file)) {
        char msg[400] = "";
        int64_t seq = 0;
        bool write = !strcmp(sub, "checkpoint");
        rc = write ? audit_checkpoint_write(sc.st, &sc.actor, cp_file, &seq, msg, sizeof msg)
                   : audit_checkpoint_verify(sc.st, &sc.actor, cp_file, &seq, msg, sizeof msg);
        if (rc != KIOSK_OK)
            status = store_cli_fail(rc, write ? "audit checkpoint" : "audit verify", msg);
        else if (write)
            printf("checkpoint of audit row %lld signed into %s\n", (long long)seq, cp_file);
        else
            printf("audit chain ok and unchanged up to the checkpoint's row %lld\n",
                   (long long)seq);
    } else if (!strcmp(sub, "verify")) {
        int64_t bad = 0, rows = 0;
        char msg[256];
        rc = audit_verify(sc.st, &sc.actor, &bad, &rows, msg, sizeof msg);
        if (rc == KIOSK_OK) {
            printf("audit chain ok: %lld rows\n", (long long)rows);
        } else if (rc == KIOSK_ERR_CORRUPT) {
            printf("audit chain broken at row %lld\n", (long long)bad);
            status = store_cli_fail(rc, "audit verify", msg);
        } else {
            status = store_cli_fail(rc, "audit verify", msg);
        }
    } else if (!strcmp(sub, "list")) {
        struct audit_row *rows;
        size_t n;
        rc = audit_list(sc.st, &sc.actor, since, 0, &rows, &n);
        if (rc != KIOSK_OK) {
            status = store_cli_fail(rc, "audit list", NULL);
            goto out;
        }
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++) {
            const struct audit_row *a = &rows[i];
            char t[KIOSK_ISO_LEN];
            if (json)
                json_array_append_new(
                    arr, json_pack("{s:I, s:o, s:s, s:s, s:s, s:s, s:s, s:o}", "seq",
                                   (json_int_t)a->seq, "at", store_cli_json_time(a->at), "actor",
                                   a->actor_badge, "role", a->actor_role, "action", a->action,
                                   "object", a->object, "outcome", a->outcome, "details",
                                   a->details[0] ? json_string(a->details) : json_null()));
            else
                printf("%6lld %s %-12s %-16s %-18s %-14s %-7s %s\n", (long long)a->seq,
                       store_cli_time(a->at, t), a->actor_badge, a->actor_role, a->action,
                       a->object, a->outcome, a->details);
        }
        if (json)
            store_cli_print_json(arr);
        else
            json_decref(arr);
        free(rows);
    } else {
        rc = audit_review_record(sc.st, &sc.actor, note);
        if (rc != KIOSK_OK)
            status =
                store_cli_fail(rc, "audit review",
                               rc == KIOSK_ERR_PERM ? "only an auditor records the review" : NULL);
        else
            printf("weekly audit review recorded\n");
    }
out:
    store_cli_finish(&sc);
    return status;
}
