/* Running kioskctl as a child in the end-to-end and security tests: one
 * shell command with stdin from printf and stdout/stderr into files, its
 * exit status, reading those files back, and the EXPECT check that shows
 * both on a wrong exit. Header-only so each test stays one program. */
#ifndef KIOSK_TEST_CLI_RUN_H
#define KIOSK_TEST_CLI_RUN_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* Fills bin with $KIOSK_BIN_DIR/kioskctl; 0, or 1 after a FAIL line when
 * CTest did not set the folder (it sets it and builds kioskctl first) or
 * kioskctl is not built there. */
static inline int cli_find_kioskctl(char *bin, size_t len)
{
    const char *b = getenv("KIOSK_BIN_DIR");
    if (!b) {
        fprintf(stderr, "FAIL: KIOSK_BIN_DIR not set (run through ctest)\n");
        return 1;
    }
    snprintf(bin, len, "%s/kioskctl", b);
    if (access(bin, X_OK) != 0) {
        fprintf(stderr, "FAIL: kioskctl not built at %s\n", bin);
        return 1;
    }
    return 0;
}

/* Runs a shell command; its exit status (-1 when it did not exit). */
static inline int cli_sh(const char *cmd)
{
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* Runs `printf '%s' STDIN | ENV'BIN' --db 'DB' ARGS > 'OUT' 2> 'ERR'`
 * (env is "" or ends in a space, e.g. "TZ=UTC "); the exit status. */
static inline int cli_run(const char *env, const char *bin, const char *db, const char *stdin_text,
                          const char *args, const char *out, const char *err)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "printf '%s' | %s'%s' --db '%s' %s > '%s' 2> '%s'",
             stdin_text ? stdin_text : "", env, bin, db, args, out, err);
    return cli_sh(cmd);
}

/* Reads at most len - 1 bytes of path into buf, NUL-terminated (empty when
 * the file is missing); returns buf. */
static inline char *cli_slurp(const char *path, char *buf, size_t len)
{
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, len - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = '\0';
    return buf;
}

/* Fails the cmocka test when the exit status got (evaluated once) is not
 * status, showing args and the output texts (evaluated only then). */
#define CLI_EXPECT(status, got, args, out_text, err_text)                                          \
    do {                                                                                           \
        int got_ = (got);                                                                          \
        if (got_ != (status))                                                                      \
            fail_msg("kioskctl %s: exit %d, expected %d\nstdout: %s\nstderr: %s", args, got_,      \
                     status, out_text, err_text);                                                  \
    } while (0)

#endif
