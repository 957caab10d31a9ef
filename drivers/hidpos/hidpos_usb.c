/* The HID POS protocol on the USB plumbing: every interrupt-IN report goes
 * through the report assembler; the layout comes from the interface's report
 * descriptor (usage page 0x8C) or is the vendor default. */
#include "drivers/hidpos/hidpos.h"
#include "drivers/usb/usb.h"

#include <stdlib.h>

/* Scanner vendors whose HID interfaces are worth a look (any PID). The match
 * itself is the 0x8C usage page in the report descriptor. */
static const struct scanner_id hidpos_ids[] = {
    {0x0c2e, 0, 3, "Honeywell (Metrologic / Hand Held Products)"},
    {0x05e0, 0, 3, "Zebra (Symbol Technologies)"},
    {0x05f9, 0, 3, "Datalogic (PSC)"},
    {0x0db5, 0, 3, "Access-IS"},
    {0, 0, 0, NULL},
};

struct hidpos_usb {
    struct hidpos_layout layout;
    struct hidpos_asm as;
    struct scan_event ev;
};

static int hidpos_probe(const struct usb_iface_info *ifc, bool forced)
{
    if (ifc->iface_class != 3 || !ifc->ep_in || ifc->ep_in_type != 3 /* interrupt */)
        return USB_MATCH_NONE;
    struct hidpos_layout l;
    if (ifc->report_desc && hidpos_descriptor_is_pos(ifc->report_desc, ifc->report_desc_len) &&
        hidpos_layout_from_descriptor(ifc->report_desc, ifc->report_desc_len, &l) == 0)
        return USB_MATCH_STRONG;
    return forced ? USB_MATCH_WEAK : USB_MATCH_NONE;
}

static int hidpos_start(struct usb_dev *dev, const struct usb_iface_info *ifc,
                        const struct scanner_config *cfg, void **state)
{
    struct hidpos_usb *st = calloc(1, sizeof *st);
    if (!st)
        return KIOSK_ERR_NOMEM;
    if (!ifc->report_desc ||
        hidpos_layout_from_descriptor(ifc->report_desc, ifc->report_desc_len, &st->layout) != 0)
        hidpos_layout_default(&st->layout);
    *state = st;
    return 0;
}

static void hidpos_on_data(void *state, struct usb_dev *dev, const uint8_t *buf, size_t n,
                           uint64_t t_ns)
{
    struct hidpos_usb *st = state;
    int r = hidpos_asm_feed(&st->as, &st->layout, buf, n, &st->ev);
    if (r == 1) {
        st->ev.t_ns = t_ns;
        usb_dev_emit(dev, &st->ev);
    } else if (r == KIOSK_ERR_FULL) {
        usb_dev_status(dev, r, "barcode longer than %d bytes dropped", SCAN_DATA_MAX);
    } else if (r < 0) {
        usb_dev_status(dev, r,
                       "report of %zu bytes does not fit the HID POS layout (report ID "
                       "%u, length <= %zu); ignored",
                       n, st->layout.report_id, st->layout.data_max);
    }
}

static bool hidpos_drop(void *state)
{
    struct hidpos_usb *st = state;
    return hidpos_asm_reset(&st->as);
}

const struct usb_protocol hidpos_protocol = {
    .name = "hidpos",
    .ids = hidpos_ids,
    .probe = hidpos_probe,
    .setup = NULL,
    .start = hidpos_start,
    .on_data = hidpos_on_data,
    .deadline = NULL,
    .on_timer = NULL,
    .drop = hidpos_drop,
    .stop = free, /* the state holds no resources */
};
