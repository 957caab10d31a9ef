/* `kioskctl decode`: read barcodes from image files (PNG, JPEG, PGM) with
 * the camera path's frame scanner — our PDF417 reader and zbar's codes —
 * and print what each image holds, optionally as one JSON object per line. */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/kiosk_err.h"
#include "drivers/camera/camera.h"

#define DECODE_MAX_SYMBOLS 8

static void usage(FILE *f)
{
    fprintf(f, "usage: kioskctl decode [--json] [--symbology pdf417|all] IMAGE...\n"
               "\n"
               "Decode the barcodes in PNG, JPEG or PGM images: PDF417 (our reader) and,\n"
               "with --symbology all (the default), Code 128, Code 39 and QR (zbar) when\n"
               "an image holds no PDF417.\n"
               "--json prints one object per image and line:\n"
               "  {\"file\",\"ms\",\"symbols\":[{\"type\",\"hex\",\"text\",\"rows\",\"columns\",\n"
               "   \"ec_level\",\"corrected\",\"erasures\"}]}\n"
               "(hex = the exact bytes; text = the bytes read as Latin-1, or as UTF-8 when\n"
               "ECIs named the character sets; written as ASCII JSON with \\u escapes;\n"
               "ms = decode time without loading). Exit 0 when\n"
               "every image was read (found or not), 65 when an image cannot be read, 66\n"
               "when a file is missing.\n");
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Latin-1 bytes as a UTF-8 JSON string value. */
static json_t *latin1_string(const unsigned char *d, size_t n)
{
    char *u = malloc(2 * n + 1);
    if (!u)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (d[i] < 0x80) {
            u[k++] = (char)d[i];
        } else {
            u[k++] = (char)(0xc0 | (d[i] >> 6));
            u[k++] = (char)(0x80 | (d[i] & 0x3f));
        }
    }
    json_t *s = json_stringn(u, k);
    free(u);
    return s;
}

static json_t *symbol_json(const struct frame_symbol *s)
{
    char *hex = malloc(2 * s->length + 1);
    if (!hex)
        return NULL;
    for (size_t i = 0; i < s->length; i++)
        snprintf(hex + 2 * i, 3, "%02x", s->data[i]);
    hex[2 * s->length] = 0;
    json_t *o = json_object();
    json_object_set_new(o, "type", json_string(scan_symbology_name(s->symbology)));
    json_object_set_new(o, "hex", json_string(hex));
    json_t *text = s->utf8 ? json_stringn((const char *)s->data, s->length) : NULL;
    json_object_set_new(o, "text", text ? text : latin1_string(s->data, s->length));
    if (s->symbology == SCAN_SYM_PDF417) {
        json_object_set_new(o, "rows", json_integer(s->rows));
        json_object_set_new(o, "columns", json_integer(s->columns));
        json_object_set_new(o, "ec_level", json_integer(s->ec_level));
        json_object_set_new(o, "corrected", json_integer(s->corrected));
        json_object_set_new(o, "erasures", json_integer(s->erasures));
    }
    free(hex);
    return o;
}

static void print_text(const struct frame_symbol *s)
{
    printf("  %s", scan_symbology_name(s->symbology));
    if (s->symbology == SCAN_SYM_PDF417)
        printf(" %d rows x %d columns, EC level %d, %d corrected, %d erased", s->rows, s->columns,
               s->ec_level, s->corrected, s->erasures);
    printf(", %zu bytes: ", s->length);
    for (size_t i = 0; i < s->length; i++) {
        unsigned char c = s->data[i];
        if (c == '\\')
            fputs("\\\\", stdout);
        else if (c >= 0x20 && c < 0x7f)
            putchar(c);
        else
            printf("\\x%02x", c);
    }
    putchar('\n');
}

int cmd_decode(struct cli_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    bool json = false;
    unsigned flags = FRAME_SCAN_ALL;
    int i = 1;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return KIOSK_EXIT_OK;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (strcmp(argv[i], "--symbology") == 0) {
            if (i + 1 >= argc)
                return cli_fail(KIOSK_EXIT_USAGE, "decode: --symbology needs pdf417 or all");
            const char *v = argv[++i];
            if (strcmp(v, "pdf417") == 0)
                flags = FRAME_SCAN_PDF417;
            else if (strcmp(v, "all") == 0)
                flags = FRAME_SCAN_ALL;
            else
                return cli_fail(KIOSK_EXIT_USAGE,
                                "decode: unknown symbology \"%s\" (pdf417 or all)", v);
        } else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_fail(KIOSK_EXIT_USAGE,
                            "decode: unknown option %s (see kioskctl help decode)", argv[i]);
        } else {
            break;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return KIOSK_EXIT_USAGE;
    }
    int status = KIOSK_EXIT_OK;
    static struct frame_symbol syms[DECODE_MAX_SYMBOLS];
    for (; i < argc; i++) {
        const char *path = argv[i];
        uint8_t *gray = NULL;
        int w = 0, h = 0;
        char err[512];
        int rc = image_load_gray(path, &gray, &w, &h, err, sizeof err);
        if (rc != 0) {
            int ex = rc == KIOSK_ERR_NOT_FOUND ? KIOSK_EXIT_NOINPUT : kiosk_exit_code(rc);
            cli_fail(ex, "decode: %s", err);
            if (ex == KIOSK_EXIT_NOINPUT || status == KIOSK_EXIT_OK)
                status = ex;
            continue;
        }
        struct frame_scanner *fs = frame_scanner_create(w, h, flags);
        if (!fs) {
            free(gray);
            return cli_fail(KIOSK_EXIT_SOFTWARE, "decode: out of memory");
        }
        double t0 = now_ms();
        int n = frame_scanner_scan(fs, gray, w, h, w, syms, DECODE_MAX_SYMBOLS);
        double ms = now_ms() - t0;
        frame_scanner_destroy(fs);
        free(gray);
        if (n < 0) {
            cli_fail(kiosk_exit_code(n), "decode: %s: %s", path, kiosk_strerror(n));
            status = status == KIOSK_EXIT_OK ? kiosk_exit_code(n) : status;
            continue;
        }
        if (json) {
            json_t *o = json_object();
            json_t *arr = json_array();
            json_object_set_new(o, "file", json_string(path));
            json_object_set_new(o, "ms", json_real((double)(long)(ms * 100 + 0.5) / 100));
            for (int k = 0; k < n; k++)
                json_array_append_new(arr, symbol_json(&syms[k]));
            json_object_set_new(o, "symbols", arr);
            /* ASCII only: a raw U+0085 or U+2028 would end the line for
             * line-based readers; \u escapes keep one object per line */
            char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII |
                                        JSON_REAL_PRECISION(6));
            if (s)
                puts(s);
            free(s);
            json_decref(o);
        } else {
            printf("%s: %d symbol%s (%.1f ms)\n", path, n, n == 1 ? "" : "s", ms);
            for (int k = 0; k < n; k++)
                print_text(&syms[k]);
        }
    }
    return status;
}
