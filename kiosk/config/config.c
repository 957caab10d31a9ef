/* Reads kiosk.ini with inih into struct kiosk_config: one table row per
 * key, each with a parser that checks its value, and a line-counting reader
 * so every message names FILE:LINE. A file with any bad line is rejected as
 * a whole (nothing half-applied). */
#include "config/config.h"

#include "core/kiosk_err.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef KIOSK_VERSION
#define KIOSK_VERSION "unknown"
#endif

#define CONFIG_FILE_MAX (64 * 1024) /* a kiosk.ini is a page or two */

/* What a key parser gets: the value and where to write; returns false with
 * a reason in why (without file and line; the caller adds them). */
typedef bool (*config_set_fn)(struct kiosk_config *c, const char *value, char *why, size_t len);

struct config_key {
    const char *section, *name;
    config_set_fn set;
    bool repeatable;
};

/* State of one parse: the text being read and the first error. */
struct config_parse {
    struct kiosk_config *c;
    const char *name;      /* the file's name, for messages */
    const char *text, *at; /* the whole text and the reader's position */
    int line;              /* physical line of the chunk the reader returned last */
    bool at_line_start;
    bool failed;
    int err_line;  /* the line of the error in err */
    bool seen[32]; /* non-repeatable keys already set, indexed like keys[] */
    char *err;
    size_t errlen;
};

static bool copy_value(char *dst, size_t cap, const char *value, char *why, size_t len)
{
    if (!value[0]) {
        snprintf(why, len, "is empty");
        return false;
    }
    if (strlen(value) >= cap) {
        snprintf(why, len, "is longer than %zu characters", cap - 1);
        return false;
    }
    snprintf(dst, cap, "%s", value);
    return true;
}

static bool copy_abs_path(char *dst, size_t cap, const char *value, char *why, size_t len)
{
    if (value[0] && value[0] != '/') {
        snprintf(why, len, "wants an absolute path (starting with /), got '%.80s'", value);
        return false;
    }
    return copy_value(dst, cap, value, why, len);
}

/* A whole decimal number in [lo, hi]. */
static bool parse_uint(const char *value, unsigned lo, unsigned hi, unsigned *out, char *why,
                       size_t len)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(value, &end, 10);
    if (!value[0] || value[0] == '-' || value[0] == '+' || *end || errno || v < lo || v > hi) {
        snprintf(why, len, "wants a whole number from %u to %u, got '%.40s'", lo, hi, value);
        return false;
    }
    *out = (unsigned)v;
    return true;
}

/* 1..4 hex digits. */
static bool parse_hex16(const char *s, size_t n, uint16_t *out)
{
    if (n < 1 || n > 4)
        return false;
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        int d = ch >= '0' && ch <= '9'   ? ch - '0'
                : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                         : -1;
        if (d < 0)
            return false;
        v = v * 16 + (unsigned)d;
    }
    *out = (uint16_t)v;
    return true;
}

static bool set_db_path(struct kiosk_config *c, const char *v, char *why, size_t len)
{
    return copy_abs_path(c->db_path, sizeof c->db_path, v, why, len);
}

static bool set_key_dir(struct kiosk_config *c, const char *v, char *why, size_t len)
{
    return copy_abs_path(c->key_dir, sizeof c->key_dir, v, why, len);
}

/* usb = VID:PID[:protocol] */
static bool set_usb(struct kiosk_config *c, const char *v, char *why, size_t len)
{
    static const char *const protocols[] = {"hidpos", "hidkbd", "cdcacm"};
    struct scanner_config *s = &c->scanners;
    if (s->usb_count >= SCANNER_USB_CONFIG_MAX) {
        snprintf(why, len, "more than %d usb lines", SCANNER_USB_CONFIG_MAX);
        return false;
    }
    struct scanner_usb_entry e = {0};
    const char *colon = strchr(v, ':');
    const char *pid = colon ? colon + 1 : NULL;
    const char *colon2 = pid ? strchr(pid, ':') : NULL;
    size_t pid_len = pid ? (colon2 ? (size_t)(colon2 - pid) : strlen(pid)) : 0;
    if (!colon || !parse_hex16(v, (size_t)(colon - v), &e.vid) ||
        !parse_hex16(pid, pid_len, &e.pid) || e.vid == 0) {
        snprintf(why, len,
                 "wants VID:PID[:protocol] in hexadecimal, e.g. 0c2e:0b61:hidpos, got '%.60s'", v);
        return false;
    }
    if (colon2) {
        const char *p = colon2 + 1;
        bool known = false;
        for (size_t i = 0; i < sizeof protocols / sizeof protocols[0]; i++)
            known = known || strcmp(p, protocols[i]) == 0;
        if (!known) {
            snprintf(why, len, "protocol '%.20s' is not one of hidpos, hidkbd, cdcacm", p);
            return false;
        }
        snprintf(e.protocol, sizeof e.protocol, "%s", p);
    }
    s->usb[s->usb_count++] = e;
    return true;
}

static bool add_source(struct kiosk_config *c, const char *spec, char *why, size_t len)
{
    if (c->nsources >= CONFIG_SOURCES_MAX) {
        snprintf(why, len, "more than %d scanner sources (source = and camera = together)",
                 CONFIG_SOURCES_MAX);
        return false;
    }
    return copy_value(c->sources[c->nsources++], CONFIG_SOURCE_LEN, spec, why, len);
}

/* source = SPEC, checked against the registered drivers' names. */
static bool set_source(struct kiosk_config *c, const char *v, char *why, size_t len)
{
    size_t plen = strcspn(v, ":");
    const struct scanner_driver *const *d = scanner_drivers();
    for (; *d; d++)
        if (strlen((*d)->name) == plen && strncmp((*d)->name, v, plen) == 0)
            return add_source(c, v, why, len);
    snprintf(why, len,
             "'%.60s' names no scanner driver (usb, usb:VID:PID, tty:/dev/ttyACMn, "
             "camera:/dev/videoN, sim:PATH)",
             v);
    return false;
}

/* camera = /dev/videoN: one more source. */
static bool set_camera(struct kiosk_config *c, const char *v, char *why, size_t len)
{
    if (strncmp(v, "/dev/", 5) != 0) {
        snprintf(why, len, "wants a V4L2 device such as /dev/video0, got '%.60s'", v);
        return false;
    }
    char spec[CONFIG_SOURCE_LEN];
    if (snprintf(spec, sizeof spec, "camera:%s", v) >= (int)sizeof spec) {
        snprintf(why, len, "is too long");
        return false;
    }
    return add_source(c, spec, why, len);
}

/* camera_size = WxH */
static bool set_camera_size(struct kiosk_config *c, const char *v, char *why, size_t len)
{
    unsigned w = 0, h = 0;
    char tail;
    if (sscanf(v, "%ux%u%c", &w, &h, &tail) != 2 || w < 160 || h < 120 || w > 8192 || h > 8192) {
        snprintf(why, len,
                 "wants WIDTHxHEIGHT from 160x120 to 8192x8192, e.g. 1280x720, got '%.40s'", v);
        return false;
    }
    c->scanners.camera_width = w;
    c->scanners.camera_height = h;
    return true;
}

static bool set_kbd_gap(struct kiosk_config *c, const char *v, char *why, size_t len)
{
    return parse_uint(v, 5, 2000, &c->scanners.kbd_gap_ms, why, len);
}

static bool set_serial_gap(struct kiosk_config *c, const char *v, char *why, size_t len)
{
    return parse_uint(v, 5, 2000, &c->scanners.serial_gap_ms, why, len);
}

static bool set_output(struct kiosk_config *c, const char *v, char *why, size_t len)
{
    return copy_value(c->output, sizeof c->output, v, why, len);
}

static bool set_rotation(struct kiosk_config *c, const char *v, char *why, size_t len)
{
    unsigned deg;
    if (!parse_uint(v, 0, 270, &deg, why, len) || deg % 90) {
        snprintf(why, len, "wants 0, 90, 180 or 270, got '%.20s'", v);
        return false;
    }
    if (deg != 0) {
        snprintf(why, len,
                 "%u is not supported yet: booking-kiosk draws upright only; mount the panel "
                 "upright or leave rotation = 0",
                 deg);
        return false;
    }
    c->rotation = (int)deg;
    return true;
}

static bool set_hub_url(struct kiosk_config *c, const char *v, char *why, size_t len)
{
    /* the hub is a PostgreSQL database: a libpq URI or key=value string */
    if (strncmp(v, "postgresql://", 13) != 0 && strncmp(v, "postgres://", 11) != 0 &&
        !strchr(v, '=')) {
        snprintf(why, len,
                 "wants the hub's PostgreSQL address (postgresql://USER@HOST/DB or "
                 "'host=HOST dbname=DB'), got '%.60s'",
                 v);
        return false;
    }
    return copy_value(c->hub_url, sizeof c->hub_url, v, why, len);
}

static bool set_printer(struct kiosk_config *c, const char *v, char *why, size_t len)
{
    return copy_value(c->printer, sizeof c->printer, v, why, len);
}

static bool set_backup_dir(struct kiosk_config *c, const char *v, char *why, size_t len)
{
    return copy_abs_path(c->backup_dir, sizeof c->backup_dir, v, why, len);
}

static bool set_backup_copies(struct kiosk_config *c, const char *v, char *why, size_t len)
{
    return parse_uint(v, 1, 365, &c->backup_copies, why, len);
}

static const struct config_key keys[] = {
    {"database", "path", set_db_path, false},
    {"database", "key_dir", set_key_dir, false},
    {"scanners", "usb", set_usb, true},
    {"scanners", "source", set_source, true},
    {"scanners", "camera", set_camera, true},
    {"scanners", "camera_size", set_camera_size, false},
    {"scanners", "keyboard_gap_ms", set_kbd_gap, false},
    {"scanners", "serial_gap_ms", set_serial_gap, false},
    {"display", "output", set_output, false},
    {"display", "rotation", set_rotation, false},
    {"hub", "url", set_hub_url, false},
    {"printer", "name", set_printer, false},
    {"backup", "dir", set_backup_dir, false},
    {"backup", "copies", set_backup_copies, false},
};
#define NKEYS (sizeof keys / sizeof keys[0])
_Static_assert(NKEYS <= sizeof((struct config_parse *)0)->seen, "config_parse.seen is too small");

/* Records the first error as "FILE:LINE: message". */
__attribute__((format(printf, 3, 4))) static void parse_fail(struct config_parse *p, int line,
                                                             const char *fmt, ...)
{
    if (p->failed && line >= p->err_line)
        return; /* the first error in the file is the one reported */
    p->failed = true;
    p->err_line = line;
    int n = snprintf(p->err, p->errlen, "%s:%d: ", p->name, line);
    if (n >= 0 && (size_t)n < p->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
}

static int on_value(void *user, const char *section, const char *name, const char *value)
{
    struct config_parse *p = user;
    bool section_known = false;
    for (size_t i = 0; i < NKEYS; i++) {
        if (strcmp(keys[i].section, section) != 0)
            continue;
        section_known = true;
        if (strcmp(keys[i].name, name) != 0)
            continue;
        if (!keys[i].repeatable && p->seen[i]) {
            parse_fail(p, p->line, "%s is set twice in [%s]", name, section);
            return 1;
        }
        p->seen[i] = true;
        char why[256];
        if (!keys[i].set(p->c, value, why, sizeof why))
            parse_fail(p, p->line, "[%s] %s %s", section, name, why);
        return 1;
    }
    if (!section[0])
        parse_fail(p, p->line, "%s = comes before any [section]", name);
    else if (!section_known)
        parse_fail(p, p->line,
                   "unknown section [%s] (known: database, scanners, display, hub, printer, "
                   "backup)",
                   section);
    else
        parse_fail(p, p->line, "unknown key '%s' in [%s]", name, section);
    return 1; /* keep our own first error; inih's count stays for syntax errors */
}

/* An fgets over the text that counts physical lines and refuses a line
 * longer than inih's buffer (inih would read the rest as a new line). */
static char *read_chunk(char *str, int num, void *stream)
{
    struct config_parse *p = stream;
    if (!*p->at || p->failed)
        return NULL;
    size_t cap = (size_t)num - 1, n = 0;
    while (n < cap && p->at[n] && p->at[n] != '\n')
        n++;
    bool newline = n < cap && p->at[n] == '\n';
    if (p->at_line_start)
        p->line++;
    if (!newline && p->at[n]) {
        parse_fail(p, p->line, "line longer than %zu characters", cap - 1);
        return NULL;
    }
    if (newline)
        n++;
    memcpy(str, p->at, n);
    str[n] = '\0';
    p->at += n;
    p->at_line_start = newline;
    return str;
}

void config_init(struct kiosk_config *c)
{
    memset(c, 0, sizeof *c);
}

int config_parse_string(struct kiosk_config *c, const char *text, const char *name, char *err,
                        size_t len)
{
    config_init(c);
    if (err && len)
        err[0] = '\0';
    char scratch[8];
    struct config_parse p = {
        .c = c,
        .name = name ? name : "config",
        .text = text,
        .at = text,
        .at_line_start = true,
        .err = err && len ? err : scratch,
        .errlen = err && len ? len : sizeof scratch,
    };
    int r = ini_parse_stream(read_chunk, &p, on_value, &p);
    if (r > 0)
        parse_fail(&p, r, "not a 'key = value' line, a [section] or a comment");
    else if (r < 0 && !p.failed)
        return KIOSK_ERR_NOMEM;
    if (p.failed) {
        config_init(c); /* nothing of a bad file is kept */
        return KIOSK_ERR_INVALID;
    }
    return KIOSK_OK;
}

const char *config_file_path(const char *path, bool *named)
{
    const char *env = getenv("KIOSK_CONFIG");
    *named = true;
    if (path && path[0])
        return path;
    if (env && env[0])
        return env;
    *named = false;
    return CONFIG_DEFAULT_PATH;
}

int config_load(struct kiosk_config *c, const char *path, char *err, size_t len)
{
    config_init(c);
    if (err && len)
        err[0] = '\0';
    bool named;
    const char *file = config_file_path(path, &named);
    FILE *f = fopen(file, "r");
    if (!f) {
        int e = errno;
        if (e == ENOENT && !named)
            return KIOSK_OK;
        snprintf(err, len, "%s: cannot read the configuration: %s", file, strerror(e));
        return e == ENOENT ? KIOSK_ERR_NOT_FOUND : e == EACCES ? KIOSK_ERR_PERM : KIOSK_ERR_IO;
    }
    int rc = KIOSK_OK;
    char *text = malloc(CONFIG_FILE_MAX + 1);
    if (!text) {
        rc = KIOSK_ERR_NOMEM;
        goto out;
    }
    size_t n = fread(text, 1, CONFIG_FILE_MAX + 1, f);
    if (ferror(f)) {
        snprintf(err, len, "%s: cannot read the configuration: %s", file, strerror(errno));
        rc = KIOSK_ERR_IO;
        goto out;
    }
    if (n > CONFIG_FILE_MAX) {
        snprintf(err, len, "%s: larger than %d bytes; not a kiosk.ini", file, CONFIG_FILE_MAX);
        rc = KIOSK_ERR_INVALID;
        goto out;
    }
    if (memchr(text, '\0', n)) {
        snprintf(err, len, "%s: contains a NUL byte; not a text file", file);
        rc = KIOSK_ERR_INVALID;
        goto out;
    }
    text[n] = '\0';
    rc = config_parse_string(c, text, file, err, len);
    if (rc == KIOSK_OK)
        snprintf(c->file, sizeof c->file, "%s", file);
out:
    free(text);
    fclose(f);
    return rc;
}

const char *config_db_path(const struct kiosk_config *c)
{
    const char *env = getenv("KIOSK_DB");
    if (env && env[0])
        return env;
    return c->db_path[0] ? c->db_path : NULL;
}

int config_export_key_dir(const struct kiosk_config *c)
{
    const char *env = getenv("KIOSK_KEY_DIR");
    if (!c->key_dir[0] || (env && env[0])) /* set and not empty: it wins */
        return KIOSK_OK;
    return setenv("KIOSK_KEY_DIR", c->key_dir, 1) == 0 ? KIOSK_OK : KIOSK_ERR_NOMEM;
}

const char *config_version(void)
{
    return KIOSK_VERSION;
}
