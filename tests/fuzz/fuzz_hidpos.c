/* libFuzzer target for the HID POS side of the scanner drivers: the first
 * bytes are read as a HID report descriptor (length in byte 0), the rest as
 * a stream of input reports (each preceded by its length byte) fed to the
 * assembler under the descriptor's layout (or the vendor default). Every
 * piece is copied to an exact-size heap buffer so over-reads are caught. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/hidpos/hidpos.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t *dup_exact(const uint8_t *p, size_t n)
{
    uint8_t *c = malloc(n ? n : 1);
    if (c && n)
        memcpy(c, p, n);
    return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct hidpos_asm a;
    static struct scan_event ev;
    if (size < 1)
        return 0;
    size_t dlen = data[0];
    if (dlen > size - 1)
        dlen = size - 1;
    uint8_t *desc = dup_exact(data + 1, dlen);
    if (!desc)
        return 0;
    struct hidpos_layout l;
    (void)hidpos_descriptor_is_pos(desc, dlen);
    if (hidpos_layout_from_descriptor(desc, dlen, &l) != 0)
        hidpos_layout_default(&l);
    free(desc);
    hidpos_asm_reset(&a);
    size_t pos = 1 + dlen;
    while (pos < size) {
        size_t n = data[pos++];
        if (n > size - pos)
            n = size - pos;
        uint8_t *rep = dup_exact(data + pos, n);
        if (!rep)
            return 0;
        int r = hidpos_asm_feed(&a, &l, rep, n, &ev);
        if (r == 1 && (ev.length == 0 || ev.length > SCAN_DATA_MAX))
            abort(); /* a delivered barcode is never empty or oversized */
        free(rep);
        pos += n;
    }
    return 0;
}
