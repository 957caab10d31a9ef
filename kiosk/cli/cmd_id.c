/* `kioskctl id parse`: reads a licence barcode payload from a file or stdin
 * and prints the parsed document and the valid-ID verdict, as a readable
 * summary or as the JSON object documented in README "ID payloads". */
#include "cli/cli.h"
#include "core/aamva.h"
#include "core/aamva_json.h"
#include "core/idcheck.h"
#include "core/tz.h"
#include "core/kiosk_err.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char id_usage[] =
    "usage: kioskctl id parse [--json] [--today YYYY-MM-DD] [--tz ZONE] [FILE|-]\n"
    "\n"
    "Reads the raw bytes of a driver licence / ID card PDF417 payload (AAMVA\n"
    "versions 00-11, or the British Columbia magnetic-stripe layout) from FILE,\n"
    "or from stdin when FILE is '-' or missing, repairs keyboard-wedge transport\n"
    "damage, and prints the document and whether it is a valid government ID on\n"
    "the booking date.\n"
    "\n"
    "  --json              print exactly one JSON object (see README, \"ID payloads\")\n"
    "  --today YYYY-MM-DD  the booking date to judge expiry against (default: the\n"
    "                      local date of the global --now, else of the real time,\n"
    "                      in --tz ZONE, default America/Chicago; the machine's TZ\n"
    "                      does not matter; --now without an offset is read in ZONE)\n"
    "\n"
    "Exit status: 0 parsed (whatever the verdict), 65 not a readable ID payload\n"
    "(under --json a {\"error\": ...} object on stdout), 64 usage, 66 missing file.\n";

/* Reads all of f into buf (cap bytes); sets *too_long when more was there. */
static size_t read_all(FILE *f, unsigned char *buf, size_t cap, int *too_long)
{
    size_t n = 0, r;
    while (n < cap && (r = fread(buf + n, 1, cap - n, f)) > 0)
        n += r;
    *too_long = n == cap && fgetc(f) != EOF;
    return n;
}

/* The booking date: --today, else the local date of --now (or of the real
 * time) in zone; the machine's TZ does not matter (issue 10). */
static int booking_date(const struct cli_ctx *ctx, const char *today, const char *zone, int *y,
                        int *m, int *d)
{
    if (today)
        return idcheck_parse_iso_date(today, y, m, d);
    kiosk_ms_t t;
    if (ctx->now_iso) {
        if (tz_parse_local(zone, ctx->now_iso, &t) != 0)
            return KIOSK_ERR_INVALID;
    } else {
        struct kiosk_clock c = clock_system();
        t = clock_now(&c);
    }
    return tz_local_date(zone, t, y, m, d);
}

static const char *or_dash(const char *s)
{
    return s && s[0] ? s : "-";
}

static void print_summary(const struct aamva_doc *doc, const struct idcheck_verdict *v)
{
    char iso[3][11];
    if (doc->format == AAMVA_FORMAT_MAGSTRIPE)
        printf("Format         AAMVA magnetic-stripe layout\n");
    else if (doc->jurisdiction_version >= 0)
        printf("Format         AAMVA version %02d, jurisdiction version %02d, file type \"%s\"\n",
               doc->aamva_version, doc->jurisdiction_version, doc->file_type);
    else
        printf("Format         AAMVA version %02d, file type \"%s\"\n", doc->aamva_version,
               doc->file_type);
    if (doc->issuer)
        printf("Issuer         %s %s (%s, %s)\n", doc->iin, doc->issuer->name,
               or_dash(doc->issuer->jurisdiction), doc->issuer->country);
    else
        printf("Issuer         %s (unknown issuer number)\n", or_dash(doc->iin));
    printf("Document       %s %s\n", or_dash(doc->document_type), or_dash(doc->document_number));
    printf("Name           %s, %s%s%s%s%s\n", or_dash(doc->family_name), or_dash(doc->first_name),
           doc->middle_names[0] ? " " : "", doc->middle_names, doc->suffix[0] ? " " : "",
           doc->suffix);
    printf("Born           %s\n", or_dash(aamva_date_iso(&doc->dob, iso[0])));
    printf("Sex            %s (as encoded: %s)\n", doc->sex ? (char[2]){doc->sex, 0} : "-",
           or_dash(doc->sex_raw));
    printf("Issued         %s\n", or_dash(aamva_date_iso(&doc->issued, iso[1])));
    printf("Expires        %s\n", or_dash(aamva_date_iso(&doc->expires, iso[2])));
    printf("Discriminator  %s\n", or_dash(doc->document_discriminator));
    printf("Address        %s, %s, %s %s, %s\n", or_dash(doc->street), or_dash(doc->city),
           or_dash(doc->state), or_dash(doc->postal_code), or_dash(doc->country));
    printf("REAL ID        %s   limited duration: %s\n", or_dash(doc->real_id),
           doc->limited_duration < 0 ? "-" : (doc->limited_duration ? "yes" : "no"));
    printf("Repairs        ");
    int any = 0;
    for (int i = 0; i < AAMVA_REPAIR_COUNT; i++)
        if (doc->repairs & (1u << i))
            printf("%s%s", any++ ? ", " : "", aamva_repair_name(1u << i));
    printf("%s\n", any ? "" : "none");
    printf("Warnings       ");
    any = 0;
    for (int i = 0; i < AAMVA_WARNING_COUNT; i++)
        if (doc->warnings & (1u << i))
            printf("%s%s", any++ ? ", " : "", aamva_warning_name(1u << i));
    printf("%s\n", any ? "" : "none");
    printf("Verdict        %s as of %s\n",
           v->valid ? "VALID government ID" : "NOT a valid government ID", v->as_of);
    for (int i = 0; i < v->count; i++)
        printf("  %-16s %s\n", idcheck_reason_name(v->reasons[i].code), v->reasons[i].message);
}

static int id_parse(struct cli_ctx *ctx, int argc, char **argv)
{
    int json = 0;
    const char *today = NULL, *path = NULL, *zone = TZ_DEFAULT;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(id_usage, stdout);
            return KIOSK_EXIT_OK;
        } else if (strcmp(a, "--json") == 0) {
            json = 1;
        } else if (strcmp(a, "--today") == 0) {
            if (i + 1 >= argc)
                return cli_fail(KIOSK_EXIT_USAGE, "--today needs a date YYYY-MM-DD");
            today = argv[++i];
        } else if (strcmp(a, "--tz") == 0) {
            if (i + 1 >= argc || !tz_valid(argv[i + 1]))
                return cli_fail(KIOSK_EXIT_USAGE,
                                "--tz needs an IANA zone such as America/Chicago");
            zone = argv[++i];
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_fail(KIOSK_EXIT_USAGE, "id parse: unknown option %s (see kioskctl help id)",
                            a);
        } else if (path) {
            return cli_fail(KIOSK_EXIT_USAGE, "id parse: only one FILE may be given");
        } else {
            path = a;
        }
    }
    int y, m, d;
    if (booking_date(ctx, today, zone, &y, &m, &d) != 0)
        return cli_fail(KIOSK_EXIT_USAGE, "the booking date must be a real date YYYY-MM-DD");

    static unsigned char buf[AAMVA_MAX_PAYLOAD + 1];
    size_t n;
    int too_long = 0;
    if (!path || strcmp(path, "-") == 0) {
        n = read_all(stdin, buf, sizeof buf, &too_long);
        if (ferror(stdin))
            return cli_fail(KIOSK_EXIT_IOERR, "cannot read standard input");
    } else {
        FILE *f = fopen(path, "rb");
        if (!f) {
            int e = errno;
            if (e == EACCES)
                return cli_fail(KIOSK_EXIT_NOPERM, "cannot open %s: permission denied", path);
            return cli_fail(e == ENOENT || e == ENOTDIR ? KIOSK_EXIT_NOINPUT : KIOSK_EXIT_IOERR,
                            "cannot open %s: %s", path, strerror(e));
        }
        struct stat sb;
        if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
            fclose(f);
            return cli_fail(KIOSK_EXIT_NOINPUT, "%s is a folder, not a file", path);
        }
        n = read_all(f, buf, sizeof buf, &too_long);
        int bad = ferror(f);
        fclose(f);
        if (bad)
            return cli_fail(KIOSK_EXIT_IOERR, "cannot read %s", path);
    }
    if (too_long)
        n = sizeof buf; /* the parser refuses anything over AAMVA_MAX_PAYLOAD */

    struct aamva_doc doc;
    int rc = aamva_parse(buf, n, &doc);
    if (rc != 0) {
        if (json) {
            json_t *o = aamva_refusal_to_json(&doc);
            if (!o)
                return cli_fail(KIOSK_EXIT_SOFTWARE, "out of memory");
            json_dumpf(o, stdout, JSON_COMPACT | JSON_ENSURE_ASCII);
            fputc('\n', stdout);
            json_decref(o);
        } else {
            cli_fail(KIOSK_EXIT_DATAERR, "not a readable ID payload: %s", doc.refusal_message);
        }
        return KIOSK_EXIT_DATAERR;
    }
    struct idcheck_verdict v;
    idcheck_evaluate(&doc, y, m, d, NULL, &v);
    if (json) {
        json_t *o = aamva_doc_to_json(&doc, &v);
        if (!o)
            return cli_fail(KIOSK_EXIT_SOFTWARE, "out of memory");
        json_dumpf(o, stdout, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER);
        fputc('\n', stdout);
        json_decref(o);
    } else {
        print_summary(&doc, &v);
    }
    return KIOSK_EXIT_OK;
}

int cmd_id(struct cli_ctx *ctx, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(id_usage, stdout);
        return argc < 2 ? KIOSK_EXIT_USAGE : KIOSK_EXIT_OK;
    }
    if (strcmp(argv[1], "parse") == 0)
        return id_parse(ctx, argc - 1, argv + 1);
    return cli_fail(KIOSK_EXIT_USAGE, "id: unknown subcommand %s (see kioskctl help id)", argv[1]);
}
