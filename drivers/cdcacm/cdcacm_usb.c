/* The CDC-ACM protocol on the USB plumbing: bulk-IN bytes of the data
 * interface, cut into barcodes by terminator or idle gap. */
#include "drivers/cdcacm/cdcacm.h"
#include "drivers/usb/usb.h"

#include <stdlib.h>
#include <string.h>

/* Scanner vendors (any PID) whose CDC data interfaces are scanners. Other
 * CDC devices (modems, boards) are used only when configured or named. */
static const struct scanner_id cdcacm_ids[] = {
    {0x0c2e, 0, 0x0a, "Honeywell (Metrologic / Hand Held Products)"},
    {0x05e0, 0, 0x0a, "Zebra (Symbol Technologies)"},
    {0x05f9, 0, 0x0a, "Datalogic (PSC)"},
    {0x0db5, 0, 0x0a, "Access-IS"},
    {0, 0, 0, NULL},
};

struct cdcacm_usb {
    struct wedge w;
    struct scan_event ev;
};

void cdcacm_wedge_config(const struct scanner_config *cfg, struct wedge_config *wc)
{
    memset(wc, 0, sizeof *wc);
    wc->gap_ns = 50u * 1000000u;
    wc->suffix = -1;
    if (cfg && cfg->serial_gap_ms)
        wc->gap_ns = (uint64_t)cfg->serial_gap_ms * 1000000u;
    if (cfg && cfg->serial_terminator > 0 && cfg->serial_terminator < 256)
        wc->suffix = cfg->serial_terminator;
}

static int cdcacm_probe(const struct usb_iface_info *ifc, bool forced)
{
    if (!ifc->ep_in || ifc->ep_in_type != 2 /* bulk */)
        return USB_MATCH_NONE;
    if (ifc->iface_class != 0x0a && ifc->iface_class != 0xff)
        return USB_MATCH_NONE;
    return forced || ifc->known ? USB_MATCH_WEAK : USB_MATCH_NONE;
}

/* Raise DTR/RTS: some scanners send nothing until the host is "there". */
static void cdcacm_setup(struct usb_dev *dev)
{
    int comm = usb_dev_comm_interface(dev);
    if (comm < 0)
        return;
    (void)usb_dev_control(dev, 0x21, 0x22 /* SET_CONTROL_LINE_STATE */, 3, (uint16_t)comm, NULL, 0);
}

static int cdcacm_start(struct usb_dev *dev, const struct usb_iface_info *ifc,
                        const struct scanner_config *cfg, void **state)
{
    struct cdcacm_usb *st = calloc(1, sizeof *st);
    if (!st)
        return KIOSK_ERR_NOMEM;
    struct wedge_config wc;
    cdcacm_wedge_config(cfg, &wc);
    wedge_init(&st->w, &wc);
    *state = st;
    return 0;
}

static void cdcacm_on_data(void *state, struct usb_dev *dev, const uint8_t *buf, size_t n,
                           uint64_t t_ns)
{
    struct cdcacm_usb *st = state;
    for (size_t i = 0; i < n; i++)
        usb_dev_deliver(dev, &st->ev, wedge_feed(&st->w, buf[i], t_ns, &st->ev));
}

static uint64_t cdcacm_deadline(void *state)
{
    struct cdcacm_usb *st = state;
    return wedge_deadline(&st->w);
}

static void cdcacm_on_timer(void *state, struct usb_dev *dev, uint64_t now_ns)
{
    struct cdcacm_usb *st = state;
    usb_dev_deliver(dev, &st->ev, wedge_poll(&st->w, now_ns, &st->ev));
}

static bool cdcacm_drop(void *state)
{
    struct cdcacm_usb *st = state;
    return wedge_reset(&st->w);
}

const struct usb_protocol cdcacm_protocol = {
    .name = "cdcacm",
    .ids = cdcacm_ids,
    .probe = cdcacm_probe,
    .setup = cdcacm_setup,
    .start = cdcacm_start,
    .on_data = cdcacm_on_data,
    .deadline = cdcacm_deadline,
    .on_timer = cdcacm_on_timer,
    .drop = cdcacm_drop,
    .stop = free, /* the state holds no resources */
};
