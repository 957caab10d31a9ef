/* `kioskctl scanners`: every barcode scanner the kiosk would use right now —
 * bus/address, VID:PID, manufacturer and product strings, protocol, driver
 * and whether a kernel driver holds it — as a table or as JSON. */
#include "cli/cli.h"
#include "config/config.h"
#include "core/kiosk_err.h"
#include "drivers/scanner.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define SCANNERS_MAX 32

static int scanners_usage(FILE *f, int status)
{
    fprintf(f, "usage: kioskctl scanners [--json]\n"
               "\n"
               "List the barcode scanners the kiosk would use: USB HID POS interfaces\n"
               "(usage page 0x8C), keyboard-emulation and CDC-ACM scanners of known\n"
               "vendors or configured models. Columns: bus:address, VID:PID, protocol\n"
               "(hidpos, hidkbd, cdcacm; no-access when the device node cannot be\n"
               "opened), driver, claimed (a kernel driver holds the interface; the\n"
               "kiosk detaches it while reading and re-attaches it after),\n"
               "manufacturer and product. Open one with `kioskctl listen --source SOURCE`.\n"
               "\n"
               "  --json   a JSON array of {\"source\",\"bus\",\"address\",\"vid\",\"pid\",\n"
               "           \"manufacturer\",\"product\",\"protocol\",\"driver\",\"claimed\"}\n"
               "\n"
               "Exit status: 0 (also when none is found), 64 usage, 69 USB unavailable.\n");
    return status;
}

int cmd_scanners(struct cli_ctx *ctx, int argc, char **argv)
{
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0)
            return scanners_usage(stdout, KIOSK_EXIT_OK);
        if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else {
            fprintf(stderr, "kioskctl: scanners: unexpected argument %s\n", argv[i]);
            return scanners_usage(stderr, KIOSK_EXIT_USAGE);
        }
    }
    struct scanner_info *rows = calloc(SCANNERS_MAX, sizeof *rows);
    if (!rows)
        return cli_fail(KIOSK_EXIT_SOFTWARE, "scanners: out of memory");
    int n = scanner_list(ctx->config ? &ctx->config->scanners : NULL, rows, SCANNERS_MAX);
    if (n < 0) {
        free(rows);
        return cli_fail(kiosk_exit_code(n), "scanners: cannot list USB devices: %s",
                        kiosk_strerror(n));
    }
    int shown = n < SCANNERS_MAX ? n : SCANNERS_MAX;
    if (json) {
        json_t *arr = json_array();
        for (int i = 0; i < shown; i++) {
            const struct scanner_info *r = &rows[i];
            char vid[8], pid[8];
            snprintf(vid, sizeof vid, "%04x", r->vid);
            snprintf(pid, sizeof pid, "%04x", r->pid);
            json_t *claimed = r->claimed < 0 ? json_null() : json_boolean(r->claimed);
            json_array_append_new(arr,
                                  json_pack("{s:s, s:i, s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:o}",
                                            "source", r->source, "bus", (int)r->bus, "address",
                                            (int)r->address, "vid", vid, "pid", pid, "manufacturer",
                                            r->manufacturer, "product", r->product, "protocol",
                                            r->protocol, "driver", r->driver, "claimed", claimed));
        }
        char *s = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (s)
            printf("%s\n", s);
        free(s);
        json_decref(arr);
    } else if (shown == 0) {
        printf("No scanners found. Check the cable, the scanner's USB mode (see README,\n"
               "\"Setting up a scanner\") and the udev rules; `kioskctl listen` waits for one.\n");
    } else {
        printf("%-8s %-9s %-9s %-6s %-7s %s\n", "BUS:ADDR", "VID:PID", "PROTOCOL", "DRIVER",
               "CLAIMED", "MANUFACTURER / PRODUCT");
        for (int i = 0; i < shown; i++) {
            const struct scanner_info *r = &rows[i];
            char where[16], id[16];
            snprintf(where, sizeof where, "%03u:%03u", r->bus, r->address);
            snprintf(id, sizeof id, "%04x:%04x", r->vid, r->pid);
            printf("%-8s %-9s %-9s %-6s %-7s %s%s%s\n", where, id, r->protocol, r->driver,
                   r->claimed < 0 ? "?"
                   : r->claimed   ? "kernel"
                                  : "no",
                   r->manufacturer, r->manufacturer[0] && r->product[0] ? " / " : "", r->product);
        }
        if (n > shown)
            printf("(%d more not shown)\n", n - shown);
    }
    free(rows);
    return KIOSK_EXIT_OK;
}
