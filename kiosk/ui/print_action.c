/* The "Print slip" action of the confirmation, request-detail and history
 * screens: the core's slip record (records_slip, audited), rendered to a
 * PDF beside the database (slips/) and sent to CUPS (print.h). A print that
 * fails says so and where the PDF is; the record is never touched. */
#include "ui/app.h"

#include "core/kiosk_err.h"
#include "print/print.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

void app_print_slip(struct app *a, int64_t intake_id)
{
    json_t *rec = NULL;
    int rc = records_slip(a->st, &a->actor, intake_id, &rec);
    if (rc != KIOSK_OK) {
        app_toast(a, THEME_BAD, "The slip could not be read: %s.", kiosk_strerror(rc));
        return;
    }
    char path[PATH_MAX], fonts[600], msg[300] = "";
    rc = print_spool_path(store_path(a->st), intake_id, "slip", path, sizeof path);
    if (rc != KIOSK_OK) {
        app_toast(a, THEME_BAD, "No folder for slips beside the database: %s.",
                  rc == KIOSK_ERR_IO ? strerror(errno) : kiosk_strerror(rc));
        json_decref(rec);
        return;
    }
    snprintf(fonts, sizeof fonts, "%s/fonts", a->assets);
    struct print_agency ag = {.ori = a->settings.ori,
                              .phone = a->settings.desk_phone,
                              .kiosk = a->settings.kiosk_id,
                              .printed_by = a->actor.badge,
                              .printed_at = app_now(a),
                              .zone = app_zone()};
    rc = print_slip_pdf(rec, &ag, fonts, path, msg, sizeof msg);
    json_decref(rec);
    if (rc != KIOSK_OK) {
        app_toast(a, THEME_BAD, "The slip could not be made: %s.", msg);
        return;
    }
    char title[64];
    snprintf(title, sizeof title, "booking-kiosk intake %lld", (long long)intake_id);
    int job = 0;
    /* the `printer` setting, else [printer] name of kiosk.ini, else CUPS's default */
    const char *queue = a->settings.printer[0] ? a->settings.printer : a->printer_ini;
    rc = print_send(path, queue, title, &job, msg, sizeof msg);
    if (rc == KIOSK_OK)
        app_toast(a, THEME_OK, "Slip sent to the printer (job %d).", job);
    else if (rc == KIOSK_ERR_NOT_FOUND)
        app_toast(a, THEME_INFO, "No printer: the slip is saved as %s.", path);
    else
        app_toast(a, THEME_BAD,
                  "Printing failed (%s). The slip is saved as %s; the record is kept.", msg, path);
}
