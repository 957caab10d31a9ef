/* libFuzzer target for the PDF417 reader. Byte 0 picks the mode:
 *   even: an image - bytes 1..2 give width and height (16..175 x 8..127), the
 *         rest are the pixels (repeated to fill), decoded by the full image
 *         pipeline (sweep, boundaries, probes, row reads, RS, high level);
 *   odd:  a codeword stream - bytes 1..3 give rows, columns, EC level, then
 *         little-endian 16-bit codewords (mod 929, 0xffff = erased) fill the
 *         matrix, decoded by pdf417_decode_codewords; the same stream also
 *         goes straight to the high-level decoder.
 * The image is an exact-size heap copy so over-reads are caught. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/pdf417/pdf417.h"
#include "drivers/pdf417/pdf417_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct pdf417_result results[2];

static void fuzz_image(const uint8_t *data, size_t size)
{
    if (size < 4)
        return;
    int w = 16 + data[1] % 160, h = 8 + data[2] % 120; /* small: many runs per second */
    const uint8_t *px = data + 3;
    size_t n = size - 3;
    uint8_t *img = malloc((size_t)w * (size_t)h);
    if (!img)
        return;
    for (size_t i = 0; i < (size_t)w * (size_t)h; i++)
        img[i] = px[i % n];
    int r = pdf417_decode_gray(img, w, h, w, results, 2);
    if (r > 0 && results[0].length > PDF417_DATA_MAX)
        abort();
    free(img);
}

static void fuzz_codewords(const uint8_t *data, size_t size)
{
    static int cw[PDF417_MAX_CW];
    static bool erased[PDF417_MAX_CW];
    if (size < 4)
        return;
    int rows = 3 + data[1] % 88, cols = 1 + data[2] % 30, ecl = data[3] % 9;
    int n = rows * cols;
    if (n > PDF417_MAX_CW)
        return;
    size_t k = 4;
    int m = 0;
    for (int i = 0; i < n; i++) {
        uint16_t v = 0;
        if (k + 1 < size) {
            v = (uint16_t)(data[k] | data[k + 1] << 8);
            k += 2;
            m = i + 1;
        }
        erased[i] = v == 0xffff;
        cw[i] = v % 929;
    }
    pdf417_decode_codewords(cw, erased, rows, cols, ecl, &results[0]);
    if (m > 0) {
        cw[0] = m; /* a consistent length descriptor */
        pdf417_decode_highlevel(cw, m, &results[1]);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (data[0] & 1)
        fuzz_codewords(data, size);
    else
        fuzz_image(data, size);
    return 0;
}
