/* `kioskctl intake`: add an intake from JSON (exemption by ID, by personal
 * knowledge, or an IAQ that enters the queue) and show one. */
#include "cli/cli.h"
#include "cli/store_cli.h"
#include "core/intake.h"
#include "core/consular.h"
#include "core/iaq_policy.h"
#include "core/intake_find.h"
#include "core/severity.h"
#include "core/kiosk_err.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int usage(int status)
{
    FILE *o = status ? stderr : stdout;
    fprintf(o,
            "usage: kioskctl [--db P] [--now T] (--as BADGE | --local-admin) intake add --json "
            "FILE|-\n"
            "                [--cosign BADGE]\n"
            "       kioskctl [--db P] (--as BADGE | --local-admin) intake show ID [--json]\n"
            "       kioskctl [--db P] (--as BADGE | --local-admin) intake find --booking N\n"
            "                [--name TEXT] [--json]\n"
            "       kioskctl [--db P] (--as BADGE | --local-admin) intake nationality ID CODE...\n"
            "                a nationality learned later (deputy, supervisor): opens the\n"
            "                consular record when foreign (US: none)\n"
            "\n"
            "The JSON object has \"booking_number\", \"charges\" (NCIC offense codes) and one of\n"
            "  \"id_document\": the object `kioskctl id parse --json` prints (judged again\n"
            "      as of the booking date; the verdict in it is ignored),\n"
            "  \"manual_document\": a document without a (readable) barcode, entered by hand:\n"
            "      {\"kind\": one of us_passport, us_passport_card, permanent_resident_card,\n"
            "                military_id, state_dl_no_barcode, state_id_no_barcode, "
            "other_federal,\n"
            "       \"issuer\": NCIC state code for state documents, \"US\" for federal ones,\n"
            "       \"number\": as printed (only the last 4 and a keyed hash are kept),\n"
            "       \"expires\": \"YYYY-MM-DD\" (not expired on the booking date; the expiry "
            "day counts),\n"
            "       \"attested\": true = you attest \"" INTAKE_ATTESTATION "\"}\n"
            "    recorded as exempt_id with source \"manual\" and your badge,\n"
            "  \"personal_knowledge\": {\"reason\": \"...\"},\n"
            "  \"iaq\": {\"family_name\", \"first_name\", \"middle_names\", \"suffix\", \"dob\", "
            "\"sex\",\n"
            "          \"pob\", \"offense\", \"mother_maiden_name\", \"father_last_name\",\n"
            "          \"nationality\": [...], \"licence_number\", \"arn\", \"fbi\", \"sid\"}\n"
            "and \"nationality\": [NCIC country codes] (\"US\" = US citizen) or \"not_known\":\n"
            "required for an exemption (asked on every exemption path). Optional:\n"
            "\"booked_at\": the booking (confinement) time if not now (ISO 8601; without an\n"
            "offset read in the kiosk's timezone) - the RSMo 544.472 48-hour clock runs from it;\n"
            "\"supersede\": {\"reason\": \"...\"} (supervisor) to replace the intake already\n"
            "recorded under the booking number. An IAQ's OFF/ is the most serious charge unless\n"
            "\"offense\" is given (an override). The same intake sent again (a retry) prints the\n"
            "same line and exits 0; different details under a used booking number exit 65.\n"
            "A Canadian or Mexican licence is not a US federal or state ID (FOREIGN_ISSUER).\n"
            "Prints `intake ID`, or `intake ID request ID` for an IAQ. The PIN is the first\n"
            "line of stdin; with --cosign BADGE (a supervisor co-signing personal knowledge)\n"
            "the co-signer's PIN is the next line; then the JSON when FILE is -. Bad input:\n"
            "exit 65, every problem listed, nothing stored.\n");
    return status;
}

static int intake_add_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
    const char *file = NULL, *cosign = NULL;
    for (int i = 2; i < argc; i++) {
        if (i + 1 < argc && !strcmp(argv[i], "--json"))
            file = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "--cosign"))
            cosign = argv[++i];
        else
            return usage(KIOSK_EXIT_USAGE);
    }
    if (!file)
        return usage(KIOSK_EXIT_USAGE);
    struct store_cli sc;
    int status = store_cli_open(ctx, &sc, false);
    if (status)
        return status;
    char *text = NULL;
    json_t *root = NULL;
    if ((status = store_cli_actor(ctx, &sc)) != 0)
        goto out;
    struct auth_actor cosigner;
    if (cosign && (status = store_cli_cosigner(ctx, &sc, cosign, &cosigner)) != 0)
        goto out;
    if (!(text = store_cli_read_file(file, 1 << 20, &status)))
        goto out;
    json_error_t jerr;
    root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        status = cli_fail(KIOSK_EXIT_DATAERR, "%s: not valid JSON (line %d: %s)", file, jerr.line,
                          jerr.text);
        goto out;
    }
    struct intake_input in;
    struct iaq_problems p = {0};
    int rc = intake_input_from_json(root, &in, &p);
    if (cosign)
        in.cosigner = &cosigner;
    int64_t iid = 0, rid = 0;
    if (rc == KIOSK_OK)
        rc = intake_add(sc.st, &sc.actor, &in, &p, &iid, &rid);
    if (rc != KIOSK_OK) {
        if (p.count == 0)
            status = store_cli_fail(rc, "intake add", NULL);
        else
            status = kiosk_exit_code(rc);
        for (int i = 0; i < p.count; i++)
            fprintf(stderr, "kioskctl: intake add: %s: %s\n", p.items[i].field, p.items[i].message);
        goto out;
    }
    if (rid)
        printf("intake %lld request %lld\n", (long long)iid, (long long)rid);
    else
        printf("intake %lld\n", (long long)iid);
    char notice[200];
    if (intake_input_notice(&in, notice, sizeof notice))
        fprintf(stderr, "kioskctl: NOTICE: %s\n", notice);
    if (iaq_immigration_only((const char(*)[8])in.charges, INTAKE_CHARGES_MAX))
        fprintf(stderr, "kioskctl: WARNING: %s\n", iaq_immigration_only_warning());
    if (rid) {
        const char *label = NULL;
        int best = severity_most_serious((const char(*)[8])in.charges, INTAKE_CHARGES_MAX);
        if (best >= 0 && severity_rank(in.charges[best], &label) > 0)
            fprintf(stderr, "kioskctl: OFF/ %s: %s\n",
                    in.iaq.offense[0] ? in.iaq.offense : in.charges[best],
                    in.iaq.offense[0] && strcmp(in.iaq.offense, in.charges[best])
                        ? "chosen by the deputy (override of the most serious charge)"
                        : label);
    }
out:
    json_decref(root);
    free(text);
    store_cli_finish(&sc);
    return status;
}

static int intake_show_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
    int64_t id;
    bool json = false;
    if (argc < 3 || !store_cli_parse_id(argv[2], &id))
        return usage(KIOSK_EXIT_USAGE);
    for (int i = 3; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = true;
        else
            return usage(KIOSK_EXIT_USAGE);
    }
    struct store_cli sc;
    int status = store_cli_open(ctx, &sc, false);
    if (status)
        return status;
    sc.now_view = true;
    if ((status = store_cli_actor(ctx, &sc)) != 0)
        goto out;
    struct intake_summary s;
    int rc = intake_get(sc.st, &sc.actor, id, &s);
    if (rc != KIOSK_OK) {
        status =
            store_cli_fail(rc, "intake show", rc == KIOSK_ERR_NOT_FOUND ? "no such intake" : NULL);
        goto out;
    }
    json_t *charges = json_array();
    for (int i = 0; i < INTAKE_CHARGES_MAX && s.charges[i][0]; i++)
        json_array_append_new(charges, json_string(s.charges[i]));
    json_t *o = json_pack("{s:I, s:s, s:o, s:s, s:s, s:o, s:b}", "id", (json_int_t)s.id,
                          "booking_number", s.booking_number, "charges", charges, "basis",
                          intake_basis_name(s.basis), "deputy", s.deputy_badge, "created",
                          store_cli_json_time(s.created), "purged", s.purged);
    if (s.cosigner_badge[0])
        json_object_set_new(o, "cosigner", json_string(s.cosigner_badge));
    json_t *nat = json_array();
    for (int i = 0; i < IAQ_NATIONALITY_MAX && s.nationality[i][0]; i++)
        json_array_append_new(nat, json_string(s.nationality[i]));
    json_object_set_new(o, "nationality",
                        s.nationality_not_known ? (json_decref(nat), json_string("not_known"))
                                                : nat);
    json_object_set_new(o, "booked_at", store_cli_json_time(s.booked_at));
    if (s.id_notice[0])
        json_object_set_new(o, "notice", json_string(s.id_notice));
    if (s.superseded) {
        json_object_set_new(o, "superseded", store_cli_json_time(s.superseded));
        json_object_set_new(o, "superseded_by", json_integer(s.superseded_by));
        json_object_set_new(o, "supersede_reason", json_string(s.supersede_reason));
    }
    if (s.request_id)
        json_object_set_new(o, "request_id", json_integer(s.request_id));
    if (s.basis == INTAKE_EXEMPT_ID) {
        json_t *d = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:s}", "kind", s.doc_kind, "issuer",
                              s.doc_issuer, "expires", s.doc_expires, "number_last4", s.doc_last4,
                              "flags", s.doc_flags, "other_intakes_same_document",
                              s.duplicate_count, "source", s.doc_source);
        if (s.doc_attested)
            json_object_set_new(d, "attested_by", json_string(s.attested_by));
        json_object_set_new(o, "id_document", d);
    }
    if (json) {
        store_cli_print_json(o);
    } else {
        char *t = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);
        if (t)
            puts(t);
        free(t);
        json_decref(o);
    }
out:
    store_cli_finish(&sc);
    return status;
}

static int intake_find_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
    const char *booking = NULL, *name = NULL;
    bool json = false;
    for (int i = 2; i < argc; i++) {
        if (i + 1 < argc && !strcmp(argv[i], "--booking"))
            booking = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "--name"))
            name = argv[++i];
        else if (!strcmp(argv[i], "--json"))
            json = true;
        else
            return usage(KIOSK_EXIT_USAGE);
    }
    if (!booking)
        return usage(KIOSK_EXIT_USAGE);
    struct store_cli sc;
    int status = store_cli_begin(ctx, &sc, true);
    if (status)
        return status;
    struct intake_hit *hits = NULL;
    size_t n = 0;
    int rc = intake_find(sc.st, &sc.actor, booking, name, &hits, &n);
    if (rc != KIOSK_OK) {
        status = store_cli_fail(rc, "intake find",
                                rc == KIOSK_ERR_INVALID
                                    ? "give a booking number (1-31 characters) and a name in "
                                      "letters"
                                    : NULL);
        goto out;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct intake_hit *h = &hits[i];
        if (json) {
            json_t *o = json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)h->id, "booking_number",
                                  h->booking_number, "basis", intake_basis_name(h->basis),
                                  "created", store_cli_json_time(h->created));
            json_object_set_new(o, "request_id",
                                h->request_id ? json_integer(h->request_id) : json_null());
            json_object_set_new(o, "state",
                                h->state ? json_string(request_state_name(h->state)) : json_null());
            json_object_set_new(o, "name",
                                h->ncic_name[0] ? json_string(h->ncic_name) : json_null());
            json_object_set_new(o, "superseded_by",
                                h->superseded_by ? json_integer(h->superseded_by) : json_null());
            json_array_append_new(arr, o);
            continue;
        }
        char t[KIOSK_ISO_LEN];
        printf("intake %-6lld %-14s %-12s %s%s%s\n", (long long)h->id, h->booking_number,
               intake_basis_name(h->basis), store_cli_time(h->created, t),
               h->ncic_name[0] ? " " : "", h->ncic_name);
    }
    if (json)
        store_cli_print_json(arr);
    else
        json_decref(arr);
    if (!n && !json)
        status = cli_fail(KIOSK_EXIT_NOINPUT, "intake find: no intake under booking number %s%s",
                          booking, name ? " with that name" : "");
out:
    free(hits);
    store_cli_finish(&sc);
    return status;
}

/* `intake nationality INTAKE CODE...`: a nationality learned after intake. */
static int intake_nationality_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
    int64_t id;
    if (argc < 4 || !store_cli_parse_id(argv[2], &id) || argc - 3 > IAQ_NATIONALITY_MAX)
        return usage(KIOSK_EXIT_USAGE);
    char nat[IAQ_NATIONALITY_MAX][4];
    memset(nat, 0, sizeof nat);
    for (int i = 3; i < argc; i++) {
        if (strlen(argv[i]) != 2)
            return cli_fail(KIOSK_EXIT_DATAERR, "intake nationality: '%s' is not a 2-letter code",
                            argv[i]);
        for (int k = 0; k < 2; k++)
            nat[i - 3][k] = (char)toupper((unsigned char)argv[i][k]);
    }
    struct store_cli sc;
    int status = store_cli_begin(ctx, &sc, false);
    if (status)
        return status;
    char msg[256] = "";
    bool opened = false;
    int rc = consular_nationality_later(sc.st, &sc.actor, id, (const char(*)[4])nat, &opened, msg,
                                        sizeof msg);
    if (rc != KIOSK_OK)
        status = store_cli_fail(rc, "intake nationality", msg);
    else
        printf("intake %lld nationality recorded%s\n", (long long)id,
               opened ? "; consular record opened" : "; no consular record (US national)");
    store_cli_finish(&sc);
    return status;
}

int cmd_intake(struct cli_ctx *ctx, int argc, char **argv)
{
    if (store_cli_wants_help(argc, argv))
        return usage(0);
    if (argc >= 2 && !strcmp(argv[1], "add"))
        return intake_add_cmd(ctx, argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "show"))
        return intake_show_cmd(ctx, argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "find"))
        return intake_find_cmd(ctx, argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "nationality"))
        return intake_nationality_cmd(ctx, argc, argv);
    if (argc >= 2 &&
        (!strcmp(argv[1], "list") || !strcmp(argv[1], "hold") || !strcmp(argv[1], "unhold")))
        return cmd_intake_records(ctx, argc, argv); /* cmd_intake_records.c */
    return usage(KIOSK_EXIT_USAGE);
}
