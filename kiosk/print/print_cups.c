/* Sending a PDF to CUPS (libcups): the configured queue or the CUPS default
 * destination; "no printer at all" is told apart from a refusal so the
 * caller can keep the PDF and say where it is. */
#include "core/kiosk_err.h"
#include "print/print.h"

#include <cups/cups.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int print_spool_path(const char *db_path, int64_t intake_id, const char *kind, char *out,
                     size_t len)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", db_path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    size_t l = strlen(dir);
    snprintf(dir + l, sizeof dir - l, "/slips");
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return KIOSK_ERR_IO;
    int n = snprintf(out, len, "%s/intake-%lld-%s.pdf", dir, (long long)intake_id, kind);
    return n < 0 || (size_t)n >= len ? KIOSK_ERR_FULL : KIOSK_OK;
}

int print_send(const char *path, const char *printer, const char *title, int *job, char *msg,
               size_t msg_len)
{
    if (job)
        *job = 0;
    char dummy[8];
    if (!msg || !msg_len) {
        msg = dummy;
        msg_len = sizeof dummy;
    }
    const char *dest = printer && printer[0] ? printer : cupsGetDefault();
    if (!dest) {
        /* No queue named and no CUPS default (none set, or no CUPS running):
         * there is no printer to send to, which is not a failure. */
        if (cupsLastError() > IPP_STATUS_OK_EVENTS_COMPLETE &&
            cupsLastError() != IPP_STATUS_ERROR_NOT_FOUND)
            snprintf(msg, msg_len, "no printer is configured (setting printer empty; CUPS: %s)",
                     cupsLastErrorString());
        else
            snprintf(msg, msg_len,
                     "no printer is configured (setting printer empty, no CUPS "
                     "default)");
        return KIOSK_ERR_NOT_FOUND;
    }
    int id = cupsPrintFile(dest, path, title, 0, NULL);
    if (id == 0) {
        snprintf(msg, msg_len, "printer %s: %s", dest, cupsLastErrorString());
        return KIOSK_ERR_DEVICE;
    }
    if (job)
        *job = id;
    return KIOSK_OK;
}
