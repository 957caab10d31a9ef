/* `kioskctl slip INTAKE`: the booking-file slip (or the consular
 * notification form) of one intake as a PDF, or printed through CUPS
 * (print.h); a failed print keeps the PDF and says where it is. */
#include "cli/cli.h"
#include "cli/store_cli.h"
#include "config/config.h"
#include "core/kiosk_err.h"
#include "print/print.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static int usage(int status)
{
    FILE *o = status ? stderr : stdout;
    fprintf(o, "usage: kioskctl [--db P] (--as BADGE | --local-admin) slip INTAKE\n"
               "           [--consular-form] (--pdf FILE | --print)\n"
               "The booking-file slip of an intake (booking number, basis, document or the IAQ\n"
               "as sent, request number and times, ICE's answer, consular steps, badges,\n"
               "timeline), or with --consular-form the consular notification form. --pdf\n"
               "writes FILE; --print sends it to the `printer` setting's CUPS queue, else to\n"
               "[printer] name of kiosk.ini, else the CUPS default, and with no printer at all\n"
               "saves it as a PDF beside the database\n"
               "(slips/); a failed print (exit 69) keeps that PDF. Fonts: $KIOSK_ASSETS/fonts.\n"
               "Roles: deputy, supervisor, admin; audited.\n");
    return status;
}

/* The assets folder: $KIOSK_ASSETS, else the source tree's. */
static const char *assets_dir(void)
{
    const char *e = getenv("KIOSK_ASSETS");
    return e && e[0] ? e : KIOSK_ASSETS_DIR;
}

int cmd_slip(struct cli_ctx *ctx, int argc, char **argv)
{
    if (store_cli_wants_help(argc, argv))
        return usage(0);
    int64_t id;
    const char *pdf = NULL;
    bool print = false, form = false;
    if (argc < 3 || !store_cli_parse_id(argv[1], &id))
        return usage(KIOSK_EXIT_USAGE);
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--pdf") && i + 1 < argc)
            pdf = argv[++i];
        else if (!strcmp(argv[i], "--print"))
            print = true;
        else if (!strcmp(argv[i], "--consular-form"))
            form = true;
        else
            return usage(KIOSK_EXIT_USAGE);
    }
    if (!pdf == !print)
        return cli_fail(KIOSK_EXIT_USAGE, "give --pdf FILE or --print");
    struct store_cli sc;
    int status = store_cli_begin(ctx, &sc, true);
    if (status)
        return status;
    json_t *rec = NULL;
    char path[PATH_MAX], msg[400] = "", fonts[PATH_MAX];
    struct store_settings set;
    int rc = store_settings_get(sc.st, &set);
    if (rc == KIOSK_OK)
        rc = records_slip(sc.st, &sc.actor, id, &rec);
    if (rc != KIOSK_OK) {
        status = store_cli_fail(rc, "slip",
                                rc == KIOSK_ERR_NOT_FOUND ? "no such intake"
                                : rc == KIOSK_ERR_PERM    ? "needs a deputy, supervisor or admin"
                                                          : NULL);
        goto out;
    }
    if (pdf)
        snprintf(path, sizeof path, "%s", pdf);
    else if ((rc = print_spool_path(store_path(sc.st), id, form ? "consular" : "slip", path,
                                    sizeof path)) != KIOSK_OK) {
        status = store_cli_fail(rc, "slip", "cannot make the slips folder beside the database");
        goto out;
    }
    snprintf(fonts, sizeof fonts, "%s/fonts", assets_dir());
    struct print_agency ag = {.ori = set.ori,
                              .phone = set.desk_phone,
                              .kiosk = set.kiosk_id,
                              .printed_by = sc.actor.badge,
                              .printed_at = store_now(sc.st),
                              .zone = set.timezone};
    rc = form ? print_consular_pdf(rec, &ag, fonts, path, msg, sizeof msg)
              : print_slip_pdf(rec, &ag, fonts, path, msg, sizeof msg);
    if (rc != KIOSK_OK) {
        status = store_cli_fail(rc, "slip", msg);
        goto out;
    }
    if (!print) {
        printf("wrote %s\n", path);
        goto out;
    }
    int job = 0;
    char title[64];
    snprintf(title, sizeof title, "booking-kiosk intake %lld", (long long)id);
    /* the `printer` setting, else [printer] name of kiosk.ini, else CUPS's default */
    const char *queue = set.printer[0] ? set.printer : ctx->config ? ctx->config->printer : "";
    rc = print_send(path, queue, title, &job, msg, sizeof msg);
    if (rc == KIOSK_OK)
        printf("printed: job %d (%s)\n", job, path);
    else if (rc == KIOSK_ERR_NOT_FOUND)
        printf("%s; saved as PDF: %s\n", msg, path);
    else
        status = cli_fail(KIOSK_EXIT_UNAVAILABLE,
                          "slip: printing failed: %s; the slip is saved as PDF at %s and the "
                          "record is unchanged",
                          msg, path);
out:
    json_decref(rec);
    store_cli_finish(&sc);
    return status;
}
