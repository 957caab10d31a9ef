/* booking-kiosk: the touchscreen application for the booking counter, the
 * Communications Center and jail administrators. Parses the command line and
 * runs the app (kiosk/ui/app.c). */
#include "ui/app.h"

#include "config/config.h"
#include "core/kiosk_err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f,
            "usage: booking-kiosk [--config FILE] [--demo] [--windowed WxH] [--db PATH]\n"
            "                     [--scanner SPEC]... [--software] [--now ISO8601]\n"
            "                     [--key-dir DIR] [--automation SOCKET] [--no-sync]\n"
            "       booking-kiosk --version\n"
            "\n"
            "  --config FILE    configuration file (else $KIOSK_CONFIG, else\n"
            "                   " CONFIG_DEFAULT_PATH " when it exists); see\n"
            "                   booking-kiosk.ini(5). The options below override it.\n"
            "  --demo           fresh database in a temporary folder with demo users (their\n"
            "                   badges and PINs are shown on the sign-in screen) and a\n"
            "                   \"Simulate scan\" tray of bundled fictional licences\n"
            "  --windowed WxH   a window of W x H pixels instead of full screen\n"
            "  --db PATH        database file (else $KIOSK_DB, else [database] path, else\n"
            "                   $XDG_DATA_HOME/booking-kiosk/kiosk.db); with --demo, where\n"
            "                   to create the fresh demo database (it is kept)\n"
            "  --scanner SPEC   a barcode source, as for `kioskctl listen` (usb, usb:VID:PID,\n"
            "                   sim:PATH, camera:/dev/videoN); up to %d; replaces the\n"
            "                   configuration's [scanners] source and camera lines\n"
            "  --software       use SDL's software renderer\n"
            "  --now ISO8601    run at a fixed time (screenshots, tests; only with --demo)\n"
            "  --key-dir DIR    the database's key folder (else $KIOSK_KEY_DIR, else\n"
            "                   /etc/booking-kiosk/keys or ~/.config/booking-kiosk/keys)\n"
            "  --automation SOCKET  with --demo only: answer \"tree\" lines on this UNIX\n"
            "                   socket with the screen's widgets as one JSON line (tests)\n"
            "  --no-sync        never contact the hub, even when the database has joined one\n"
            "                   (booking-kiosk-sync.service does it for the packaged kiosk)\n"
            "\n"
            "Environment: KIOSK_CONFIG, KIOSK_DB, KIOSK_ASSETS (folder with fonts/ and demo/,\n"
            "else %s), SDL_VIDEODRIVER (kmsdrm, wayland, x11; chosen\n"
            "automatically).\n",
            APP_SCANNERS_MAX, KIOSK_ASSETS_DIR);
}

int main(int argc, char **argv)
{
    struct app_opts o = {0};
    kiosk_ms_t fixed = 0;
    struct kiosk_clock fixed_clock;
    const char *assets = getenv("KIOSK_ASSETS");
    const char *config_path = NULL;
    o.assets_dir = assets && assets[0] ? assets : KIOSK_ASSETS_DIR;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--version") == 0) {
            printf("booking-kiosk %s\n", config_version());
            return 0;
        } else if (strcmp(a, "--config") == 0 && next) {
            config_path = next;
            i++;
        } else if (strcmp(a, "--demo") == 0) {
            o.demo = true;
        } else if (strcmp(a, "--software") == 0) {
            o.software = true;
        } else if (strcmp(a, "--no-sync") == 0) {
            o.no_sync = true;
        } else if (strcmp(a, "--windowed") == 0 && next) {
            if (sscanf(next, "%dx%d", &o.width, &o.height) != 2 || o.width < 320 ||
                o.height < 240 || o.width > 16384 || o.height > 16384) {
                fprintf(stderr, "booking-kiosk: --windowed wants WxH, e.g. 1280x800 (got %s)\n",
                        next);
                return KIOSK_EXIT_USAGE;
            }
            o.windowed = true;
            i++;
        } else if (strcmp(a, "--automation") == 0 && next) {
            o.automation = next;
            i++;
        } else if (strcmp(a, "--db") == 0 && next) {
            o.db_path = next;
            i++;
        } else if (strcmp(a, "--key-dir") == 0 && next) {
            o.key_dir = next;
            i++;
        } else if (strcmp(a, "--scanner") == 0 && next) {
            if (o.nscanners >= APP_SCANNERS_MAX) {
                fprintf(stderr, "booking-kiosk: at most %d --scanner options\n", APP_SCANNERS_MAX);
                return KIOSK_EXIT_USAGE;
            }
            o.scanners[o.nscanners++] = next;
            i++;
        } else if (strcmp(a, "--now") == 0 && next) {
            if (clock_parse_iso(next, &fixed) != 0) {
                fprintf(stderr, "booking-kiosk: --now wants ISO 8601 time, got %s\n", next);
                return KIOSK_EXIT_USAGE;
            }
            fixed_clock = clock_fixed(&fixed);
            o.clock = &fixed_clock;
            i++;
        } else {
            fprintf(stderr, "booking-kiosk: unknown or incomplete option %s\n", a);
            usage(stderr);
            return KIOSK_EXIT_USAGE;
        }
    }
    if (o.automation && !o.demo) {
        fprintf(stderr, "booking-kiosk: --automation is only allowed with --demo (it lets "
                        "another program read the screen)\n");
        return KIOSK_EXIT_USAGE;
    }
    /* A kiosk with real data runs on the real clock (issue 12): a fixed time
     * is for the demo's screenshots and tests only. */
    if (o.clock && !o.demo) {
        fprintf(stderr, "booking-kiosk: --now is only allowed with --demo\n");
        return KIOSK_EXIT_USAGE;
    }
    /* The configuration file fills in what the options left unset. */
    static struct kiosk_config config;
    char err[512] = "";
    int rc = config_load(&config, config_path, err, sizeof err);
    if (rc != 0) {
        fprintf(stderr, "booking-kiosk: %s\n", err[0] ? err : kiosk_strerror(rc));
        return kiosk_exit_code(rc);
    }
    if (!o.db_path && !o.demo) /* a demo never opens the configured database */
        o.db_path = config_db_path(&config);
    for (int i = 0; o.nscanners == 0 && i < config.nsources; i++)
        o.scanners[i] = config.sources[i];
    if (o.nscanners == 0)
        o.nscanners = config.nsources;
    o.scanner_cfg = &config.scanners;
    o.display = config.output;
    o.printer = config.printer;
    if (config_export_key_dir(&config) != 0) {
        fprintf(stderr, "booking-kiosk: out of memory\n");
        return KIOSK_EXIT_SOFTWARE;
    }
    struct app *app = NULL;
    rc = app_create(&o, &app, err, sizeof err);
    if (rc != 0) {
        fprintf(stderr, "booking-kiosk: %s\n", err[0] ? err : kiosk_strerror(rc));
        return kiosk_exit_code(rc);
    }
    if (o.demo)
        printf("booking-kiosk: demo mode, fictional data in a temporary database; the demo "
               "users are listed on the sign-in screen.\n");
    fflush(stdout);
    app_run(app);
    app_destroy(app);
    return 0;
}
