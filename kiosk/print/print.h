/* Printing: the booking-file slip and the consular notification form of one
 * intake, and the period report with its charts, rendered to PDF with cairo
 * in the bundled DejaVu fonts, and sent to a CUPS queue (the `printer`
 * setting, else the CUPS default) when there is one. One header for the UI
 * and kioskctl (HOUSE-RULES 17); the data comes from records.h. */
#ifndef KIOSK_PRINT_H
#define KIOSK_PRINT_H

#include "core/clock.h"
#include "records/records.h"

#include <jansson.h>
#include <stddef.h>

/* Who is printing and for which agency (for the headers and the form's
 * contact block). Borrowed strings; "" when unknown. */
struct print_agency {
    const char *ori;        /* agency ORI (setting ori) */
    const char *phone;      /* desk phone (setting desk_phone) */
    const char *kiosk;      /* kiosk name (setting kiosk_id) */
    const char *printed_by; /* badge of the member printing */
    kiosk_ms_t printed_at;  /* time printed (the store's clock) */
    const char *zone;       /* setting timezone: every time printed is local there
                               with its abbreviation (NULL: TZ_DEFAULT) */
};

/* Renders the booking-file slip of record (the object of records_slip()
 * or records_export()) to a one- or two-page US-Letter PDF at path,
 * replacing it. fonts_dir holds DejaVuSans.ttf, DejaVuSans-Bold.ttf and
 * DejaVuSansMono.ttf. 0, or KIOSK_ERR_NOT_FOUND (fonts), KIOSK_ERR_IO
 * (cannot write path), KIOSK_ERR_INVALID (record has no intake) with a
 * sentence in msg. */
int print_slip_pdf(const json_t *record, const struct print_agency *ag, const char *fonts_dir,
                   const char *path, char *msg, size_t msg_len);

/* Renders the consular notification form (the State Department's fax sheet
 * layout: to the consulate, the national, nationality, date and time of
 * arrest, agency contact) of record to a PDF at path. Fields the kiosk does
 * not keep (a name after an exemption by ID) are left as lines to fill in
 * by hand. KIOSK_ERR_STATE when the intake has no consular record. */
int print_consular_pdf(const json_t *record, const struct print_agency *ag, const char *fonts_dir,
                       const char *path, char *msg, size_t msg_len);

/* Renders the period report with its charts (intakes per day by basis,
 * median booking-to-transmission per day) to a PDF at path. */
int print_period_pdf(const struct records_period *p, const struct print_agency *ag,
                     const char *fonts_dir, const char *path, char *msg, size_t msg_len);

/* The PDF's place beside the database: <folder of db_path>/slips/
 * intake-ID-KIND.pdf in out, the folder made 0700 when missing. 0,
 * KIOSK_ERR_IO when the folder cannot be made (errno says why) or
 * KIOSK_ERR_FULL when out is too small. */
int print_spool_path(const char *db_path, int64_t intake_id, const char *kind, char *out,
                     size_t len);

/* Sends the PDF at path to CUPS: printer (NULL or "" = the CUPS default
 * destination) with title as the job name. 0 with the job id in *job (may
 * be NULL); KIOSK_ERR_NOT_FOUND when printer is empty and CUPS has no
 * default (none set, or CUPS not running: nothing to print to, the caller
 * keeps the PDF), KIOSK_ERR_DEVICE when the queue refused the job or CUPS
 * could not be reached for it, with CUPS's reason in msg. */
int print_send(const char *path, const char *printer, const char *title, int *job, char *msg,
               size_t msg_len);

#endif
