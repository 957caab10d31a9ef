/* Names and exit statuses for enum kiosk_err. */
#include "core/kiosk_err.h"

const char *kiosk_strerror(int err)
{
    switch (err) {
    case KIOSK_OK:
        return "success";
    case KIOSK_ERR_NOMEM:
        return "out of memory";
    case KIOSK_ERR_INVALID:
        return "invalid input data";
    case KIOSK_ERR_UNSUPPORTED:
        return "unsupported format";
    case KIOSK_ERR_NOT_FOUND:
        return "not found";
    case KIOSK_ERR_IO:
        return "input/output error";
    case KIOSK_ERR_BUSY:
        return "database busy";
    case KIOSK_ERR_LOCKED:
        return "user locked";
    case KIOSK_ERR_PERM:
        return "permission denied";
    case KIOSK_ERR_CORRUPT:
        return "damaged data";
    case KIOSK_ERR_STATE:
        return "not allowed in the current state";
    case KIOSK_ERR_DEVICE:
        return "device unavailable";
    case KIOSK_ERR_USAGE:
        return "usage error";
    case KIOSK_ERR_FULL:
        return "capacity exceeded";
    case KIOSK_ERR_INTERNAL:
        return "internal error";
    case KIOSK_ERR_TIMEOUT:
        return "timed out";
    case KIOSK_ERR_NOSPACE:
        return "disk full";
    default:
        return "unknown error";
    }
}

int kiosk_exit_code(int err)
{
    switch (err) {
    case KIOSK_OK:
        return KIOSK_EXIT_OK;
    case KIOSK_ERR_USAGE:
        return KIOSK_EXIT_USAGE;
    case KIOSK_ERR_INVALID:
    case KIOSK_ERR_UNSUPPORTED:
    case KIOSK_ERR_CORRUPT:
    case KIOSK_ERR_STATE:
        return KIOSK_EXIT_DATAERR;
    case KIOSK_ERR_NOT_FOUND:
        return KIOSK_EXIT_NOINPUT;
    case KIOSK_ERR_DEVICE:
        return KIOSK_EXIT_UNAVAILABLE;
    case KIOSK_ERR_IO:
    case KIOSK_ERR_NOSPACE:
        return KIOSK_EXIT_IOERR;
    case KIOSK_ERR_BUSY:
    case KIOSK_ERR_LOCKED:
    case KIOSK_ERR_TIMEOUT:
        return KIOSK_EXIT_TEMPFAIL;
    case KIOSK_ERR_PERM:
        return KIOSK_EXIT_NOPERM;
    default:
        return KIOSK_EXIT_SOFTWARE;
    }
}
