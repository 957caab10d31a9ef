/* HID POS vendor-layout report fixtures (devices/hidpos_reports.h). */
#include "devices/hidpos_reports.h"

#include <string.h>

size_t hidpos_reports_make(const char *aim, const void *data, size_t len, uint8_t (*out)[64],
                           size_t max_reports)
{
    const uint8_t *p = data;
    size_t n = 0;
    do {
        size_t chunk = len > 56 ? 56 : len;
        if (n == max_reports)
            break;
        memset(out[n], 0, 64);
        out[n][0] = 2;
        out[n][1] = (uint8_t)chunk;
        memcpy(&out[n][2], aim, 3);
        memcpy(&out[n][5], p, chunk);
        p += chunk;
        len -= chunk;
        out[n][63] = len ? 1 : 0;
        n++;
    } while (len);
    return n;
}
