/* Error values shared by every kiosk module: 0 is success, failures are the
 * negative values of enum kiosk_err, and each maps to one sysexits-style exit
 * status for kioskctl (DESIGN §6). */
#ifndef KIOSK_ERR_H
#define KIOSK_ERR_H

enum kiosk_err {
    KIOSK_OK = 0,
    KIOSK_ERR_NOMEM = -1,       /* allocation failed */
    KIOSK_ERR_INVALID = -2,     /* bad input data (exit 65) */
    KIOSK_ERR_UNSUPPORTED = -3, /* recognised but not readable (exit 65) */
    KIOSK_ERR_NOT_FOUND = -4,   /* missing input or record (exit 66) */
    KIOSK_ERR_IO = -5,          /* read/write failure, disk full (exit 74) */
    KIOSK_ERR_BUSY = -6,        /* database busy after its timeout (exit 75) */
    KIOSK_ERR_LOCKED = -7,      /* user locked out (exit 75) */
    KIOSK_ERR_PERM = -8,        /* role or PIN does not allow it (exit 77) */
    KIOSK_ERR_CORRUPT = -9,     /* damaged database or chain (exit 65) */
    KIOSK_ERR_STATE = -10,      /* transition not allowed from this state (exit 65) */
    KIOSK_ERR_DEVICE = -11,     /* device cannot be opened or is gone (exit 69) */
    KIOSK_ERR_USAGE = -12,      /* wrong arguments (exit 64) */
    KIOSK_ERR_FULL = -13,       /* a fixed capacity was exceeded (exit 70) */
    KIOSK_ERR_INTERNAL = -14,   /* a bug or an unexpected library failure (exit 70) */
    KIOSK_ERR_TIMEOUT = -15,    /* waited and nothing came (exit 75) */
    KIOSK_ERR_NOSPACE = -16,    /* disk full (exit 74) */
};

/* Sysexits values used by kioskctl (DESIGN §6). */
enum kiosk_exit {
    KIOSK_EXIT_OK = 0,
    KIOSK_EXIT_USAGE = 64,
    KIOSK_EXIT_DATAERR = 65,
    KIOSK_EXIT_NOINPUT = 66,
    KIOSK_EXIT_UNAVAILABLE = 69,
    KIOSK_EXIT_SOFTWARE = 70,
    KIOSK_EXIT_IOERR = 74,
    KIOSK_EXIT_TEMPFAIL = 75,
    KIOSK_EXIT_NOPERM = 77,
};

/* A short English description of err; never NULL, static storage. */
const char *kiosk_strerror(int err);

/* The kioskctl exit status for err (0 for KIOSK_OK). */
int kiosk_exit_code(int err);

#endif
