/* The kiosk's configuration file (/etc/booking-kiosk/kiosk.ini, read with
 * inih): database and key folder, scanners, display, hub, printer, backups.
 * kioskctl and booking-kiosk read the same file; their command-line options
 * override it. The format is documented in booking-kiosk.ini(5). */
#ifndef KIOSK_CONFIG_H
#define KIOSK_CONFIG_H

#include "drivers/scanner.h"

#include <stdbool.h>
#include <stddef.h>

/* The packaged file; KIOSK_CONFIG or --config name another one. */
#define CONFIG_DEFAULT_PATH "/etc/booking-kiosk/kiosk.ini"

#define CONFIG_PATH_MAX      1024
#define CONFIG_SOURCES_MAX   4 /* as APP_SCANNERS_MAX */
#define CONFIG_SOURCE_LEN    160
#define CONFIG_BACKUP_COPIES 7 /* default [backup] copies */

/* Everything the file can say. A "" string or 0 number means "not set":
 * the program's own default applies. */
struct kiosk_config {
    char file[CONFIG_PATH_MAX]; /* the file read, "" when none was found */
    /* [database] */
    char db_path[CONFIG_PATH_MAX]; /* path = */
    char key_dir[CONFIG_PATH_MAX]; /* key_dir = (the security issue's key folder) */
    /* [scanners] */
    struct scanner_config scanners;                      /* usb = lines, gaps, camera size */
    char sources[CONFIG_SOURCES_MAX][CONFIG_SOURCE_LEN]; /* source = and camera = */
    int nsources;
    /* [display] */
    char output[64]; /* KMSDRM output: SDL display index or name; "" = the first */
    int rotation;    /* degrees; only 0 is drawn today (see booking-kiosk.ini(5)) */
    /* [hub] */
    char hub_url[256]; /* `kioskctl station join` without a URL */
    /* [printer] */
    char printer[128]; /* CUPS queue when the `printer` setting is empty */
    /* [backup] */
    char backup_dir[CONFIG_PATH_MAX]; /* dir = */
    unsigned backup_copies;           /* copies = (CONFIG_BACKUP_COPIES when 0) */
};

/* Zeroes c (every setting unset). */
void config_init(struct kiosk_config *c);

/* Which file to read: path when given (--config), else $KIOSK_CONFIG when
 * set and not empty, else CONFIG_DEFAULT_PATH. *named is set when the file
 * was named by the user (then it must exist). Static or borrowed storage. */
const char *config_file_path(const char *path, bool *named);

/* Reads the configuration: config_init(c), then the file config_file_path()
 * picks. A default file that does not exist is not an error (c stays
 * unset); a named one is. On a bad line nothing of the file is kept (c is
 * unset again) and err says "FILE:LINE: what is wrong". Returns 0, or
 * KIOSK_ERR_INVALID (bad content), KIOSK_ERR_NOT_FOUND (named file
 * missing), KIOSK_ERR_PERM (unreadable), KIOSK_ERR_IO. */
int config_load(struct kiosk_config *c, const char *path, char *err, size_t len);

/* Parses the text of a file (for tests and config_load); name is used in
 * messages only. Same results as config_load. */
int config_parse_string(struct kiosk_config *c, const char *text, const char *name, char *err,
                        size_t len);

/* The database path the programs use when no --db is given: $KIOSK_DB
 * wins over the file (the order is option, environment, file, then the
 * XDG default of store_default_path()). NULL when neither is set. */
const char *config_db_path(const struct kiosk_config *c);

/* The bridge to the key-folder option of the security issue: when the file
 * sets [database] key_dir and KIOSK_KEY_DIR is unset or empty, exports it as
 * KIOSK_KEY_DIR, so --key-dir > environment > file. Call once, before any
 * thread starts. Returns 0 or KIOSK_ERR_NOMEM. */
int config_export_key_dir(const struct kiosk_config *c);

/* The program version ("0.1.0"), from the CMake project. Static storage. */
const char *config_version(void);

#endif
