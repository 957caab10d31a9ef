/* Image files as greyscale frames, through SDL2_image (PNG, JPEG, PNM):
 * used by `kioskctl decode`, the tests and the benchmark. */
#include "drivers/camera/camera.h"

#include <SDL.h>
#include <SDL_image.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/kiosk_err.h"

int image_load_gray(const char *path, uint8_t **gray, int *w, int *h, char *errbuf, size_t errlen)
{
    int rc = KIOSK_ERR_INVALID;
    SDL_Surface *img = NULL, *rgb = NULL;
    uint8_t *out = NULL;
    struct stat st;
    if (!path || !gray || !w || !h)
        return KIOSK_ERR_USAGE;
    *gray = NULL;
    if (stat(path, &st) != 0) {
        if (errbuf)
            snprintf(errbuf, errlen, "%s: %s", path, strerror(errno));
        return errno == ENOENT ? KIOSK_ERR_NOT_FOUND : KIOSK_ERR_IO;
    }
    img = IMG_Load(path);
    if (!img) {
        if (errbuf)
            snprintf(errbuf, errlen, "%s: not a readable PNG, JPEG or PGM image (%s)", path,
                     IMG_GetError());
        goto out;
    }
    rgb = SDL_ConvertSurfaceFormat(img, SDL_PIXELFORMAT_RGB24, 0);
    if (!rgb) {
        if (errbuf)
            snprintf(errbuf, errlen, "%s: cannot convert the image (%s)", path, SDL_GetError());
        goto out;
    }
    if (rgb->w <= 0 || rgb->h <= 0 || rgb->w > 16384 || rgb->h > 16384) {
        if (errbuf)
            snprintf(errbuf, errlen, "%s: image size %dx%d out of range", path, rgb->w, rgb->h);
        goto out;
    }
    out = malloc((size_t)rgb->w * (size_t)rgb->h);
    if (!out) {
        rc = KIOSK_ERR_NOMEM;
        goto out;
    }
    for (int y = 0; y < rgb->h; y++) {
        const uint8_t *p = (const uint8_t *)rgb->pixels + (size_t)y * (size_t)rgb->pitch;
        for (int x = 0; x < rgb->w; x++, p += 3) /* ITU-R BT.601 luma */
            out[(size_t)y * (size_t)rgb->w + (size_t)x] =
                (uint8_t)((299 * p[0] + 587 * p[1] + 114 * p[2] + 500) / 1000);
    }
    *gray = out;
    *w = rgb->w;
    *h = rgb->h;
    out = NULL;
    rc = 0;
out:
    free(out);
    SDL_FreeSurface(rgb);
    SDL_FreeSurface(img);
    return rc;
}
