/* libFuzzer target for keyboard emulation: the input is a stream of boot
 * reports (length byte + report, each copied to an exact-size buffer) with a
 * time step byte each, fed through the translator into the wedge assembler,
 * with gap polls in between. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/hidkbd/hidkbd.h"
#include "drivers/hidkbd/wedge.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct wedge w;
    static struct scan_event ev;
    struct hidkbd_xlat x;
    struct wedge_config c;
    hidkbd_xlat_reset(&x);
    wedge_config_default(&c);
    c.aim_prefix = size > 0 && (data[0] & 1);
    if (size > 0 && (data[0] & 2)) {
        c.prefix[0] = ']';
        c.prefix_len = 1;
    }
    wedge_init(&w, &c);
    uint64_t t = 0;
    size_t pos = 1;
    while (pos + 2 <= size) {
        t += (uint64_t)data[pos++] * 1000000u; /* 0..255 ms between reports */
        size_t n = data[pos++] % 10;
        if (n > size - pos)
            n = size - pos;
        uint8_t *rep = malloc(n ? n : 1);
        if (!rep)
            return 0;
        if (n)
            memcpy(rep, data + pos, n);
        int syms[8];
        size_t k = hidkbd_xlat_feed(&x, rep, n, syms, 8);
        free(rep);
        if (k > 8)
            abort();
        if (wedge_poll(&w, t, &ev) == 1 && (ev.length == 0 || ev.length > SCAN_DATA_MAX))
            abort();
        for (size_t i = 0; i < k; i++)
            if (wedge_feed(&w, syms[i], t, &ev) == 1 &&
                (ev.length == 0 || ev.length > SCAN_DATA_MAX))
                abort();
        pos += n;
    }
    return 0;
}
