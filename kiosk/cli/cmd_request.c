/* `kioskctl request`: the IAQ queue — list, show (with timeline or as IAQ
 * text), and every state transition. */
#include "cli/cli.h"
#include "cli/store_cli.h"
#include "core/intake.h"
#include "core/kiosk_err.h"
#include "core/iaq_policy.h"
#include "core/request.h"
#include "core/request_after.h"
#include "core/severity.h"
#include "core/tz.h"

#include <stdlib.h>
#include <string.h>

static int usage(int status)
{
    FILE *o = status ? stderr : stdout;
    fprintf(o,
            "usage: kioskctl [global options] request SUBCOMMAND ...\n"
            "  list [--status S] [--json]      open requests oldest first (or those in state S)\n"
            "  show ID [--json|--iaq [--nlets]] one request with its timeline, or its IAQ text\n"
            "                                  (newline per field; --nlets: fields ended by a\n"
            "                                  period). --iaq exits 65 while ori or desk_phone\n"
            "                                  is not set\n"
            "  transmit ID [--ref MULESREF]    queued -> transmitted (comms, supervisor)\n"
            "  ack ID                          transmitted -> acknowledged (comms, supervisor)\n"
            "  respond ID --disposition D --text-file F|-\n"
            "                                  -> responded, ICE's answer verbatim (comms, sup.)\n"
            "  needs-info ID --text T          -> needs_info (comms, supervisor)\n"
            "  requeue ID [--json FILE|-]      needs_info -> queued, corrected IAQ fields\n"
            "                                  (deputy, supervisor)\n"
            "  close ID                        responded -> closed (deputy, supervisor)\n"
            "  cancel ID --reason T            any open state -> cancelled (supervisor)\n"
            "  dhs-notified ID --method M [--note T]\n"
            "                                  RSMo 544.472: DHS notified of an unlawfully\n"
            "                                  present answer (deputy, comms, supervisor);\n"
            "                                  M: phone fax email nlets in_person other\n"
            "  detainer ID --received T --office O --form F [--notify-release yes|no]\n"
            "                                  the detainer that was to follow arrived\n"
            "                                  (deputy, supervisor)\n"
            "  release ID [--note T]           released before ICE answered (policy B.5);\n"
            "                                  a later answer is still recorded\n"
            "States: queued transmitted acknowledged responded closed needs_info cancelled.\n"
            "Dispositions:");
    for (const char *const *d = request_dispositions(); *d; d++)
        fprintf(o, " %s", *d);
    fprintf(o, "\nEvery command reads the acting user's PIN from the first line of stdin\n"
               "(unless --local-admin); an invalid transition exits 65 and changes nothing.\n");
    return status;
}

static json_t *row_json(const struct request_row *r)
{
    json_t *o = json_pack(
        "{s:I, s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)r->id,
        "intake_id", (json_int_t)r->intake_id, "booking_number", r->booking_number, "state",
        request_state_name(r->state), "name", r->ncic_name, "offense", r->offense, "booked",
        store_cli_json_time(r->booked), "queued", store_cli_json_time(r->queued), "transmitted",
        store_cli_json_time(r->transmitted), "responded", store_cli_json_time(r->responded),
        "updated", store_cli_json_time(r->updated));
    json_object_set_new(o, "mules_ref", r->mules_ref[0] ? json_string(r->mules_ref) : json_null());
    json_object_set_new(o, "disposition",
                        r->disposition[0] ? json_string(r->disposition) : json_null());
    json_object_set_new(o, "released",
                        r->released ? store_cli_json_time(r->released) : json_null());
    json_object_set_new(o, "clock",
                        json_pack("{s:s, s:o, s:b, s:o, s:b}", "name",
                                  request_clock_name(r->clocks.clock), "due",
                                  store_cli_json_time(r->clocks.due), "overdue", r->clocks.overdue,
                                  "statutory_due", store_cli_json_time(r->clocks.statutory_due),
                                  "statutory_met", r->clocks.statutory_met));
    return o;
}

static int list_cmd(struct store_cli *sc, int argc, char **argv)
{
    enum request_state state = 0;
    bool json = false;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) {
            json = true;
        } else if (i + 1 < argc && !strcmp(argv[i], "--status")) {
            if (!(state = request_state_parse(argv[++i])))
                return cli_fail(KIOSK_EXIT_USAGE, "unknown state '%s'", argv[i]);
        } else {
            return usage(KIOSK_EXIT_USAGE);
        }
    }
    struct request_row *rows;
    size_t n;
    int rc = request_list(sc->st, &sc->actor, state, &rows, &n);
    if (rc != KIOSK_OK)
        return store_cli_fail(rc, "request list", NULL);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct request_row *r = &rows[i];
        if (json) {
            json_array_append_new(arr, row_json(r));
            continue;
        }
        char q[KIOSK_ISO_LEN], d[KIOSK_ISO_LEN];
        printf("%-6lld %-12s %-12s %-22s %-13s due %-23s%s\n", (long long)r->id, r->booking_number,
               request_state_name(r->state), store_cli_time(r->queued, q),
               request_clock_name(r->clocks.clock), store_cli_time(r->clocks.due, d),
               r->clocks.overdue ? " OVERDUE" : "");
    }
    if (json)
        store_cli_print_json(arr);
    else
        json_decref(arr);
    free(rows);
    return 0;
}

static int show_cmd(struct store_cli *sc, int64_t id, int argc, char **argv)
{
    bool json = false, iaq = false, nlets = false;
    for (int i = 3; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = true;
        else if (!strcmp(argv[i], "--iaq"))
            iaq = true;
        else if (!strcmp(argv[i], "--nlets"))
            nlets = true;
        else
            return usage(KIOSK_EXIT_USAGE);
    }
    if (nlets && !iaq)
        return usage(KIOSK_EXIT_USAGE);
    int rc;
    if (iaq) {
        char text[2048], why[256] = "";
        rc = request_iaq_render(sc->st, &sc->actor, id, nlets, text, sizeof text, why, sizeof why);
        if (rc < 0)
            return store_cli_fail(rc, "request show",
                                  rc == KIOSK_ERR_NOT_FOUND ? "no such request (or purged)"
                                  : why[0]                  ? why
                                                            : NULL);
        fputs(text, stdout);
        return 0;
    }
    struct request_detail d;
    if ((rc = request_get(sc->st, &sc->actor, id, &d)) != KIOSK_OK)
        return store_cli_fail(rc, "request show",
                              rc == KIOSK_ERR_NOT_FOUND ? "no such request" : NULL);
    struct request_event *ev = NULL;
    size_t n = 0;
    rc = request_events(sc->st, &sc->actor, id, &ev, &n);
    json_t *o = row_json(&d.row);
    json_object_set_new(o, "iaq", intake_iaq_to_json(&d.iaq));
    json_object_set_new(o, "attention", json_string(d.attention));
    json_object_set_new(o, "response_text",
                        d.response_text ? json_string(d.response_text) : json_null());
    json_object_set_new(o, "needs_info",
                        d.needs_info_text[0] ? json_string(d.needs_info_text) : json_null());
    json_object_set_new(o, "cancel_reason",
                        d.cancel_reason[0] ? json_string(d.cancel_reason) : json_null());
    json_object_set_new(o, "purged", json_boolean(d.purged));
    /* issue 10 */
    json_t *ch = json_array();
    for (int i = 0; i < INTAKE_CHARGES_MAX && d.charges[i][0]; i++)
        json_array_append_new(ch, json_string(d.charges[i]));
    const char *label = NULL;
    severity_rank(d.offense_auto, &label);
    json_object_set_new(o, "offense_choice",
                        json_pack("{s:o, s:s, s:s, s:s, s:b}", "charges", ch, "most_serious",
                                  d.offense_auto, "rule", label ? label : "", "sent", d.row.offense,
                                  "overridden", d.offense_overridden));
    json_t *warn = json_array();
    if (iaq_immigration_only((const char(*)[8])d.charges, INTAKE_CHARGES_MAX))
        json_array_append_new(warn, json_string(iaq_immigration_only_warning()));
    json_object_set_new(o, "warnings", warn);
    if (d.row.dhs_due) {
        json_t *dhs = json_pack("{s:o, s:o, s:o, s:o}", "due", store_cli_json_time(d.row.dhs_due),
                                "done", store_cli_json_time(d.row.dhs_done), "by",
                                d.dhs_by[0] ? json_string(d.dhs_by) : json_null(), "method",
                                d.dhs_method[0] ? json_string(d.dhs_method) : json_null());
        if (d.dhs_note[0])
            json_object_set_new(dhs, "note", json_string(d.dhs_note));
        json_object_set_new(o, "dhs_notification", dhs);
    } else {
        json_object_set_new(o, "dhs_notification", json_null());
    }
    if (d.row.detainer)
        json_object_set_new(
            o, "detainer",
            json_pack("{s:o, s:o, s:o, s:o, s:b, s:o}", "opened",
                      store_cli_json_time(d.detainer_opened), "received",
                      store_cli_json_time(d.row.detainer_received), "issuing_office",
                      d.detainer_office[0] ? json_string(d.detainer_office) : json_null(), "form",
                      d.detainer_form[0] ? json_string(d.detainer_form) : json_null(),
                      "notify_release", d.detainer_notify_release, "recorded_by",
                      d.detainer_by[0] ? json_string(d.detainer_by) : json_null()));
    else
        json_object_set_new(o, "detainer", json_null());
    if (d.row.released) {
        json_object_set_new(o, "released_by", json_string(d.released_by));
        json_object_set_new(o, "release_note",
                            d.release_note[0] ? json_string(d.release_note) : json_null());
    }
    json_t *tl = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            tl, json_pack("{s:o, s:s, s:o, s:s, s:o}", "at", store_cli_json_time(ev[i].at), "actor",
                          ev[i].actor_badge, "from",
                          ev[i].from ? json_string(request_state_name(ev[i].from)) : json_null(),
                          "to", request_state_name(ev[i].to), "details",
                          ev[i].details[0] ? json_string(ev[i].details) : json_null()));
    json_object_set_new(o, "timeline", tl);
    if (json) {
        store_cli_print_json(o);
    } else {
        char *t = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_PRESERVE_ORDER);
        if (t)
            puts(t);
        free(t);
        json_decref(o);
    }
    free(ev);
    request_detail_finish(&d);
    return 0;
}

/* Finds "--name VALUE" among argv[3..]; anything else unknown is an error. */
static int options(int argc, char **argv, const char *const *names, const char **values)
{
    for (int i = 3; i < argc; i++) {
        int k = 0;
        while (names[k] && strcmp(argv[i], names[k]) != 0)
            k++;
        if (!names[k] || i + 1 >= argc)
            return -1;
        values[k] = argv[++i];
    }
    return 0;
}

int cmd_request(struct cli_ctx *ctx, int argc, char **argv)
{
    if (store_cli_wants_help(argc, argv))
        return usage(0);
    if (argc < 2)
        return usage(KIOSK_EXIT_USAGE);
    const char *sub = argv[1];
    static const char *const known[] = {
        "list",  "show",   "transmit",     "ack",      "respond", "needs-info", "requeue",
        "close", "cancel", "dhs-notified", "detainer", "release", NULL};
    int k = 0;
    while (known[k] && strcmp(known[k], sub) != 0)
        k++;
    if (!known[k])
        return usage(KIOSK_EXIT_USAGE);
    int64_t id = 0;
    if (strcmp(sub, "list") != 0 && (argc < 3 || !store_cli_parse_id(argv[2], &id)))
        return cli_fail(KIOSK_EXIT_USAGE, "request %s needs a request ID", sub);
    const char *v[4] = {NULL, NULL, NULL, NULL};
    if (!strcmp(sub, "transmit")) {
        static const char *const n[] = {"--ref", NULL};
        if (options(argc, argv, n, v))
            return usage(KIOSK_EXIT_USAGE);
    } else if (!strcmp(sub, "respond")) {
        static const char *const n[] = {"--disposition", "--text-file", NULL};
        if (options(argc, argv, n, v) || !v[0] || !v[1])
            return usage(KIOSK_EXIT_USAGE);
    } else if (!strcmp(sub, "needs-info")) {
        static const char *const n[] = {"--text", NULL};
        if (options(argc, argv, n, v) || !v[0])
            return usage(KIOSK_EXIT_USAGE);
    } else if (!strcmp(sub, "cancel")) {
        static const char *const n[] = {"--reason", NULL};
        if (options(argc, argv, n, v) || !v[0])
            return usage(KIOSK_EXIT_USAGE);
    } else if (!strcmp(sub, "requeue")) {
        static const char *const n[] = {"--json", NULL};
        if (options(argc, argv, n, v))
            return usage(KIOSK_EXIT_USAGE);
    } else if (!strcmp(sub, "dhs-notified")) {
        static const char *const n[] = {"--method", "--note", NULL};
        if (options(argc, argv, n, v) || !v[0])
            return usage(KIOSK_EXIT_USAGE);
    } else if (!strcmp(sub, "detainer")) {
        static const char *const n[] = {"--received", "--office", "--form", "--notify-release",
                                        NULL};
        if (options(argc, argv, n, v) || !v[0] || !v[1] || !v[2] ||
            (v[3] && strcmp(v[3], "yes") && strcmp(v[3], "no")))
            return usage(KIOSK_EXIT_USAGE);
    } else if (!strcmp(sub, "release")) {
        static const char *const n[] = {"--note", NULL};
        if (options(argc, argv, n, v))
            return usage(KIOSK_EXIT_USAGE);
    } else if ((!strcmp(sub, "ack") || !strcmp(sub, "close")) && argc != 3) {
        return usage(KIOSK_EXIT_USAGE);
    }
    struct store_cli sc;
    int status = store_cli_open(ctx, &sc, false);
    if (status)
        return status;
    char *text = NULL;
    sc.now_view = !strcmp(sub, "list") || !strcmp(sub, "show");
    if ((status = store_cli_actor(ctx, &sc)) != 0)
        goto out;
    if (!strcmp(sub, "list")) {
        status = list_cmd(&sc, argc, argv);
        goto out;
    }
    if (!strcmp(sub, "show")) {
        status = show_cmd(&sc, id, argc, argv);
        goto out;
    }
    char msg[512] = "";
    int rc;
    if (!strcmp(sub, "transmit")) {
        rc = request_transmit(sc.st, &sc.actor, id, v[0], msg, sizeof msg);
    } else if (!strcmp(sub, "ack")) {
        rc = request_ack(sc.st, &sc.actor, id, msg, sizeof msg);
    } else if (!strcmp(sub, "respond")) {
        if (!(text = store_cli_read_file(v[1], 65536, &status)))
            goto out;
        rc = request_respond(sc.st, &sc.actor, id, v[0], text, msg, sizeof msg);
    } else if (!strcmp(sub, "needs-info")) {
        rc = request_needs_info(sc.st, &sc.actor, id, v[0], msg, sizeof msg);
    } else if (!strcmp(sub, "requeue")) {
        struct iaq_fields f;
        struct iaq_problems p = {0};
        rc = KIOSK_OK;
        if (v[0]) {
            if (!(text = store_cli_read_file(v[0], 1 << 16, &status)))
                goto out;
            json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
            rc = intake_iaq_from_json(j, &f, &p);
            json_decref(j);
        }
        if (rc == KIOSK_OK)
            rc = request_requeue(sc.st, &sc.actor, id, v[0] ? &f : NULL, &p, msg, sizeof msg);
        for (int i = 0; rc != KIOSK_OK && i < p.count; i++)
            fprintf(stderr, "kioskctl: request requeue: %s: %s\n", p.items[i].field,
                    p.items[i].message);
        if (rc != KIOSK_OK && p.count) {
            status = kiosk_exit_code(rc);
            goto out;
        }
    } else if (!strcmp(sub, "close")) {
        rc = request_close(sc.st, &sc.actor, id, msg, sizeof msg);
    } else if (!strcmp(sub, "dhs-notified")) {
        rc = request_dhs_notified(sc.st, &sc.actor, id, v[0], v[1], msg, sizeof msg);
    } else if (!strcmp(sub, "detainer")) {
        char zone[TZ_NAME_MAX];
        kiosk_ms_t when = 0;
        if (tz_store_zone(sc.st, zone, sizeof zone) != KIOSK_OK ||
            tz_parse_local(zone, v[0], &when) != KIOSK_OK) {
            status = cli_fail(KIOSK_EXIT_USAGE, "--received '%s' is not an ISO 8601 time", v[0]);
            goto out;
        }
        rc = request_detainer_received(sc.st, &sc.actor, id, when, v[1], v[2],
                                       !v[3] || !strcmp(v[3], "yes"), msg, sizeof msg);
    } else if (!strcmp(sub, "release")) {
        rc = request_release(sc.st, &sc.actor, id, v[0], msg, sizeof msg);
    } else {
        rc = request_cancel(sc.st, &sc.actor, id, v[0], msg, sizeof msg);
    }
    if (rc != KIOSK_OK) {
        char what[40];
        snprintf(what, sizeof what, "request %s", sub);
        status = store_cli_fail(rc, what, msg);
        goto out;
    }
    printf("request %lld %s\n", (long long)id,
           !strcmp(sub, "transmit")       ? "transmitted"
           : !strcmp(sub, "ack")          ? "acknowledged"
           : !strcmp(sub, "respond")      ? "responded"
           : !strcmp(sub, "needs-info")   ? "needs_info"
           : !strcmp(sub, "requeue")      ? "queued"
           : !strcmp(sub, "close")        ? "closed"
           : !strcmp(sub, "dhs-notified") ? "dhs_notified"
           : !strcmp(sub, "detainer")     ? "detainer_received"
           : !strcmp(sub, "release")      ? "released"
                                          : "cancelled");
out:
    free(text);
    store_cli_finish(&sc);
    return status;
}
