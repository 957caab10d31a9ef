/* `kioskctl intake`: add an intake from JSON (exemption by ID, by personal
 * knowledge, or an IAQ that enters the queue) and show one. */
#include "cli/cli.h"
#include "cli/store_cli.h"
#include "core/intake.h"
#include "core/kiosk_err.h"

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
            "and optionally \"nationality\": [NCIC country codes] for the consular record.\n"
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

int cmd_intake(struct cli_ctx *ctx, int argc, char **argv)
{
    if (store_cli_wants_help(argc, argv))
        return usage(0);
    if (argc >= 2 && !strcmp(argv[1], "add"))
        return intake_add_cmd(ctx, argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "show"))
        return intake_show_cmd(ctx, argc, argv);
    if (argc >= 2 &&
        (!strcmp(argv[1], "list") || !strcmp(argv[1], "hold") || !strcmp(argv[1], "unhold")))
        return cmd_intake_records(ctx, argc, argv); /* cmd_intake_records.c */
    return usage(KIOSK_EXIT_USAGE);
}
