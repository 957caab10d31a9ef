/* The keyboard-emulation protocol on the USB plumbing: the scanner's boot
 * keyboard interface is claimed through libusb (so its keystrokes never reach
 * a focused text field), its reports are translated (hidkbd.c) and cut into
 * barcodes by the wedge assembler on the suffix key or an inter-key gap. */
#include "drivers/hidkbd/hidkbd.h"
#include "drivers/hidkbd/wedge.h"
#include "drivers/usb/usb.h"

#include <stdlib.h>

/* Scanner vendors (any PID) whose boot-keyboard interface is a scanner. A
 * boot keyboard of any other vendor is never claimed unless configured
 * (`usb = VID:PID:hidkbd`) or named (`usb:VID:PID`). */
static const struct scanner_id hidkbd_ids[] = {
    {0x0c2e, 0, 3, "Honeywell (Metrologic / Hand Held Products)"},
    {0x05e0, 0, 3, "Zebra (Symbol Technologies)"},
    {0x05f9, 0, 3, "Datalogic (PSC)"},
    {0x0db5, 0, 3, "Access-IS"},
    {0, 0, 0, NULL},
};

struct hidkbd_usb {
    struct hidkbd_xlat xl;
    struct wedge w;
    struct scan_event ev;
};

static int hidkbd_probe(const struct usb_iface_info *ifc, bool forced)
{
    if (ifc->iface_class != 3 || !ifc->ep_in || ifc->ep_in_type != 3)
        return USB_MATCH_NONE;
    if (forced)
        return USB_MATCH_WEAK;
    if (ifc->known && hidkbd_is_boot_keyboard(ifc->iface_class, ifc->subclass, ifc->protocol))
        return USB_MATCH_WEAK;
    return USB_MATCH_NONE;
}

/* Boot protocol, so reports are the 8-byte boot layout. */
static void hidkbd_setup(struct usb_dev *dev)
{
    int r = usb_dev_control(dev, 0x21, 0x0B /* SET_PROTOCOL */, 0, (uint16_t)usb_dev_interface(dev),
                            NULL, 0);
    if (r < 0)
        usb_dev_status(dev, 0, "SET_PROTOCOL(boot) refused (%s); reading reports as they come",
                       kiosk_strerror(r));
}

static int hidkbd_start(struct usb_dev *dev, const struct usb_iface_info *ifc,
                        const struct scanner_config *cfg, void **state)
{
    struct hidkbd_usb *st = calloc(1, sizeof *st);
    if (!st)
        return KIOSK_ERR_NOMEM;
    struct wedge_config wc;
    wedge_config_default(&wc);
    if (cfg->kbd_gap_ms)
        wc.gap_ns = (uint64_t)cfg->kbd_gap_ms * 1000000u;
    if (cfg->kbd_suffix < 0)
        wc.suffix = -1;
    else if (cfg->kbd_suffix > 0)
        wc.suffix = cfg->kbd_suffix;
    wc.aim_prefix = true;
    wedge_init(&st->w, &wc);
    *state = st;
    return 0;
}

static void hidkbd_on_data(void *state, struct usb_dev *dev, const uint8_t *buf, size_t n,
                           uint64_t t_ns)
{
    struct hidkbd_usb *st = state;
    int syms[8];
    if (n < 3) {
        usb_dev_status(dev, KIOSK_ERR_INVALID, "keyboard report of %zu bytes ignored", n);
        return;
    }
    size_t k = hidkbd_xlat_feed(&st->xl, buf, n, syms, 8);
    for (size_t i = 0; i < k; i++)
        usb_dev_deliver(dev, &st->ev, wedge_feed(&st->w, syms[i], t_ns, &st->ev));
}

static uint64_t hidkbd_deadline(void *state)
{
    struct hidkbd_usb *st = state;
    return wedge_deadline(&st->w);
}

static void hidkbd_on_timer(void *state, struct usb_dev *dev, uint64_t now_ns)
{
    struct hidkbd_usb *st = state;
    usb_dev_deliver(dev, &st->ev, wedge_poll(&st->w, now_ns, &st->ev));
}

static bool hidkbd_drop(void *state)
{
    struct hidkbd_usb *st = state;
    hidkbd_xlat_reset(&st->xl);
    return wedge_reset(&st->w);
}

const struct usb_protocol hidkbd_protocol = {
    .name = "hidkbd",
    .ids = hidkbd_ids,
    .probe = hidkbd_probe,
    .setup = hidkbd_setup,
    .start = hidkbd_start,
    .on_data = hidkbd_on_data,
    .deadline = hidkbd_deadline,
    .on_timer = hidkbd_on_timer,
    .drop = hidkbd_drop,
    .stop = free, /* the state holds no resources */
};
