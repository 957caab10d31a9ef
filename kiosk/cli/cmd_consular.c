/* `kioskctl consular`: the consular-notification record of an intake. */
#include "cli/cli.h"
#include "cli/store_cli.h"
#include "core/consular.h"
#include "core/consular_text.h"
#include "core/kiosk_err.h"

#include <stdlib.h>
#include <string.h>

static int usage(int status)
{
    FILE *o = status ? stderr : stdout;
    fprintf(o, "usage: kioskctl [global options] consular show INTAKE [--json]\n"
               "       kioskctl [global options] consular informed INTAKE\n"
               "       kioskctl [global options] consular notified INTAKE --consulate C --method "
               "M\n"
               "       kioskctl [global options] consular due [--json]\n"
               "       kioskctl [global options] consular wish INTAKE requested|declined\n"
               "       kioskctl [global options] consular statement INTAKE [--lang en|es]\n"
               "A nationality list with US opens no record (show exits 66). Not mandatory:\n"
               "ask the person (statement 1) and record requested or declined; a request\n"
               "makes notification due at once. Mandatory: statement 2, notify anyway.\n"
               "Methods: phone fax email in_person other. Mandatory-notification nationals:\n"
               "escalate at 24 h, overdue at 72 h (settings). PIN on the first line of stdin.\n");
    return status;
}

static json_t *record_json(const struct consular_record *r)
{
    json_t *nat = json_array();
    for (int i = 0; i < IAQ_NATIONALITY_MAX && r->nationality[i][0]; i++)
        json_array_append_new(nat, json_string(r->nationality[i]));
    json_t *o = json_pack(
        "{s:I, s:s, s:o, s:b, s:s, s:o, s:o, s:o}", "intake_id", (json_int_t)r->intake_id,
        "booking_number", r->booking_number, "nationality", nat, "mandatory", r->mandatory,
        "status", consular_status_name(r->status), "opened", store_cli_json_time(r->opened),
        "informed", store_cli_json_time(r->informed), "notified", store_cli_json_time(r->notified));
    if (r->mandatory_note[0])
        json_object_set_new(o, "condition", json_string(r->mandatory_note));
    json_object_set_new(o, "wish", r->wish[0] ? json_string(r->wish) : json_null());
    if (r->wish[0]) {
        json_object_set_new(o, "wish_at", store_cli_json_time(r->wish_at));
        json_object_set_new(o, "wish_by", json_string(r->wish_by));
    }
    if (r->informed_by[0])
        json_object_set_new(o, "informed_by", json_string(r->informed_by));
    if (r->notified) {
        json_object_set_new(o, "notified_by", json_string(r->notified_by));
        json_object_set_new(o, "consulate", json_string(r->consulate));
        json_object_set_new(o, "method", json_string(r->method));
    }
    if (r->escalate_at) { /* mandatory, or requested by the person */
        json_object_set_new(o, "escalate_at", store_cli_json_time(r->escalate_at));
        json_object_set_new(o, "overdue_at", store_cli_json_time(r->overdue_at));
    }
    return o;
}

static void print_json(json_t *o, bool compact)
{
    if (compact) {
        store_cli_print_json(o);
        return;
    }
    char *t = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);
    if (t)
        puts(t);
    free(t);
    json_decref(o);
}

int cmd_consular(struct cli_ctx *ctx, int argc, char **argv)
{
    if (store_cli_wants_help(argc, argv))
        return usage(0);
    if (argc < 2)
        return usage(KIOSK_EXIT_USAGE);
    const char *sub = argv[1];
    int64_t id = 0;
    bool json = false;
    const char *consulate = NULL, *method = NULL, *lang = "en", *wish = NULL;
    if (strcmp(sub, "due") != 0 && (argc < 3 || !store_cli_parse_id(argv[2], &id)))
        return usage(KIOSK_EXIT_USAGE);
    for (int i = strcmp(sub, "due") ? 3 : 2; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = true;
        else if (i + 1 < argc && !strcmp(argv[i], "--consulate"))
            consulate = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "--method"))
            method = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "--lang"))
            lang = argv[++i];
        else if (!strcmp(sub, "wish") && i == 3 && !wish)
            wish = argv[i];
        else
            return usage(KIOSK_EXIT_USAGE);
    }
    if (strcmp(sub, "show") && strcmp(sub, "informed") && strcmp(sub, "notified") &&
        strcmp(sub, "due") && strcmp(sub, "wish") && strcmp(sub, "statement"))
        return usage(KIOSK_EXIT_USAGE);
    if (!strcmp(sub, "wish") && !wish)
        return usage(KIOSK_EXIT_USAGE);
    if (strcmp(lang, "en") && strcmp(lang, "es"))
        return cli_fail(KIOSK_EXIT_USAGE, "--lang is en or es");
    if (!strcmp(sub, "notified") && (!consulate || !method))
        return usage(KIOSK_EXIT_USAGE);
    struct store_cli sc;
    int status = store_cli_begin(
        ctx, &sc, !strcmp(sub, "show") || !strcmp(sub, "due") || !strcmp(sub, "statement"));
    if (status)
        return status;
    char msg[256] = "";
    int rc;
    if (!strcmp(sub, "show")) {
        struct consular_record r;
        rc = consular_get(sc.st, &sc.actor, id, &r);
        if (rc == KIOSK_OK)
            print_json(record_json(&r), json);
        else
            snprintf(msg, sizeof msg, "%s",
                     rc == KIOSK_ERR_NOT_FOUND
                         ? "no consular record (no foreign nationality on this intake)"
                         : "");
    } else if (!strcmp(sub, "due")) {
        struct consular_record *recs;
        size_t n;
        rc = consular_due(sc.st, &sc.actor, &recs, &n);
        if (rc == KIOSK_OK) {
            json_t *arr = json_array();
            for (size_t i = 0; i < n; i++) {
                if (json) {
                    json_array_append_new(arr, record_json(&recs[i]));
                    continue;
                }
                char t[KIOSK_ISO_LEN];
                printf("intake %-6lld %-12s %-9s %s %s\n", (long long)recs[i].intake_id,
                       recs[i].booking_number, consular_status_name(recs[i].status),
                       recs[i].mandatory ? "mandatory" : "inform",
                       store_cli_time(recs[i].opened, t));
            }
            if (json)
                store_cli_print_json(arr);
            else
                json_decref(arr);
            free(recs);
        }
    } else if (!strcmp(sub, "statement")) {
        struct consular_record r;
        rc = consular_get(sc.st, &sc.actor, id, &r);
        if (rc == KIOSK_OK) {
            printf("Statement %d (%s):\n%s\n\n", r.mandatory ? 2 : 1,
                   r.mandatory ? "mandatory notification" : "notification on request",
                   consular_statement(r.mandatory, lang));
            if (r.mandatory_note[0])
                printf("Conditions: %s\n\n", r.mandatory_note);
            printf("WARNING: %s\n", consular_asylum_warning());
        } else {
            snprintf(msg, sizeof msg, "%s",
                     rc == KIOSK_ERR_NOT_FOUND
                         ? "no consular record (no foreign nationality on this intake)"
                         : "");
        }
    } else if (!strcmp(sub, "wish")) {
        rc = consular_wish(sc.st, &sc.actor, id, wish, msg, sizeof msg);
        if (rc == KIOSK_OK)
            printf("intake %lld: consular notification %s\n", (long long)id, wish);
    } else if (!strcmp(sub, "informed")) {
        rc = consular_informed(sc.st, &sc.actor, id, msg, sizeof msg);
        if (rc == KIOSK_OK)
            printf("intake %lld: informed of consular notification rights\n", (long long)id);
    } else {
        rc = consular_notified(sc.st, &sc.actor, id, consulate, method, msg, sizeof msg);
        if (rc == KIOSK_OK)
            printf("intake %lld: consulate notified\n", (long long)id);
    }
    if (rc != KIOSK_OK) {
        char what[32];
        snprintf(what, sizeof what, "consular %s", sub);
        status = store_cli_fail(rc, what, msg);
    }
    store_cli_finish(&sc);
    return status;
}
