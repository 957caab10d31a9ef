/* The USB plumbing (drivers/usb): one libusb context per opened source on a
 * dedicated event thread; hotplug callbacks where libusb supports them, 1 Hz
 * re-enumeration otherwise; matching by the protocols' id tables, the
 * configuration and the interface (a HID report descriptor with usage page
 * 0x8C is a HID POS scanner); claiming with the kernel-driver rules (detach
 * only when libusb_kernel_driver_active() == 1, never auto-detach, re-attach
 * on release); one IN transfer per scanner whose completions feed the
 * protocol. A device that leaves mid-barcode drops its partial barcode with a
 * logged reason and is picked up again when it returns.
 *
 * Spec: usb (every scanner), usb:VID:PID or usb:VID:PID:PROTOCOL.
 * KIOSK_USB_NO_HOTPLUG=1 in the environment forces the re-enumeration path
 * (used by the tests; the one environment hook of the USB drivers). */
#include "drivers/usb/usb.h"
#include "drivers/worker.h"

#include <errno.h>
#include <glob.h>
#include <libusb.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef KIOSK_HAVE_DRIVER_HIDPOS
extern const struct usb_protocol hidpos_protocol;
#endif
#ifdef KIOSK_HAVE_DRIVER_HIDKBD
extern const struct usb_protocol hidkbd_protocol;
#endif
#ifdef KIOSK_HAVE_DRIVER_CDCACM
extern const struct usb_protocol cdcacm_protocol;
#endif

/* In order of preference when two interfaces of a device fit equally. */
static const struct usb_protocol *const usb_protocols[] = {
#ifdef KIOSK_HAVE_DRIVER_HIDPOS
    &hidpos_protocol,
#endif
#ifdef KIOSK_HAVE_DRIVER_HIDKBD
    &hidkbd_protocol,
#endif
#ifdef KIOSK_HAVE_DRIVER_CDCACM
    &cdcacm_protocol,
#endif
    NULL,
};

#define USB_MAX_DEVS        8
#define USB_MAX_PENDING     16
#define USB_MAX_IFACES      8
#define USB_MAX_ERRORS      5 /* consecutive transfer errors before giving a device up */
#define USB_REPORT_DESC_MAX 1024
#define USB_CTRL_TIMEOUT_MS 1000

struct usb_src;

struct usb_dev {
    bool used;
    struct usb_src *src;
    libusb_device *device; /* one reference held */
    libusb_device_handle *h;
    uint8_t bus, addr;
    uint16_t vid, pid;
    int iface, comm_iface; /* claimed interfaces, -1 none */
    bool detached, comm_detached;
    const struct usb_protocol *proto;
    void *pstate;
    struct libusb_transfer *xfer;
    uint8_t ep_in;
    bool xfer_busy, cancelling;
    bool gone;    /* left or given up: tear down */
    bool stalled; /* clear the halt, then resubmit */
    unsigned errors;
    char source[32];
};

struct usb_src {
    libusb_context *ctx;
    struct scanner_sink sink;
    struct scanner_config cfg;
    bool any;
    uint16_t want_vid, want_pid;
    char want_proto[16];
    char source[32];
    struct scanner_worker worker;
    atomic_int stop;
    bool has_hotplug;
    libusb_hotplug_callback_handle hp;
    uint64_t next_enum_ns;
    struct usb_dev devs[USB_MAX_DEVS];
    libusb_device *pending[USB_MAX_PENDING];
    size_t npending;
};

/* A device examined for a scanner interface. */
struct usb_match {
    libusb_device_handle *h; /* opened while matching, else NULL */
    int open_err;            /* libusb error of libusb_open, 0 */
    const struct usb_protocol *proto;
    struct usb_iface_info ifc;
    int comm_iface;
    uint32_t claimed_mask; /* interfaces claimed while reading report descriptors */
    uint8_t report_desc[USB_REPORT_DESC_MAX]; /* scratch, per interface */
    uint8_t chosen_desc[USB_REPORT_DESC_MAX]; /* the chosen interface's */
};

static int usb_err(int lerr)
{
    switch (lerr) {
    case LIBUSB_ERROR_NO_MEM:
        return KIOSK_ERR_NOMEM;
    case LIBUSB_ERROR_TIMEOUT:
        return KIOSK_ERR_TIMEOUT;
    case LIBUSB_ERROR_ACCESS:
        return KIOSK_ERR_DEVICE;
    case LIBUSB_ERROR_BUSY:
        return KIOSK_ERR_BUSY;
    default:
        return KIOSK_ERR_DEVICE;
    }
}

bool usb_ids_match(const struct scanner_id *ids, uint16_t vid, uint16_t pid, int iface_class)
{
    for (; ids && ids->vid; ids++)
        if (ids->vid == vid && (ids->pid == 0 || ids->pid == pid) &&
            (ids->iface_class < 0 || iface_class < 0 || ids->iface_class == iface_class))
            return true;
    return false;
}

void usb_dev_emit(struct usb_dev *dev, struct scan_event *ev)
{
    snprintf(ev->source, sizeof ev->source, "%s", dev->source);
    scanner_sink_event(&dev->src->sink, ev);
}

void usb_dev_deliver(struct usb_dev *dev, struct scan_event *ev, int r)
{
    if (r == 1)
        usb_dev_emit(dev, ev);
    else if (r == KIOSK_ERR_FULL)
        usb_dev_status(dev, r, "barcode longer than %d bytes dropped", SCAN_DATA_MAX);
}

void usb_dev_status(struct usb_dev *dev, int err, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    scanner_sink_status(&dev->src->sink, dev->source, err, "%s", msg);
}

int usb_dev_control(struct usb_dev *dev, uint8_t request_type, uint8_t request, uint16_t value,
                    uint16_t index, uint8_t *data, uint16_t len)
{
    int r = libusb_control_transfer(dev->h, request_type, request, value, index, data, len,
                                    USB_CTRL_TIMEOUT_MS);
    return r < 0 ? usb_err(r) : r;
}

int usb_dev_interface(const struct usb_dev *dev)
{
    return dev->iface;
}

int usb_dev_comm_interface(const struct usb_dev *dev)
{
    return dev->comm_iface;
}

/* The configured protocol for vid:pid ("" = none, NULL = not configured). */
static const char *usb_config_protocol(const struct usb_src *src, uint16_t vid, uint16_t pid)
{
    if (!src->any && src->want_vid == vid && src->want_pid == pid)
        return src->want_proto;
    for (size_t i = 0; i < src->cfg.usb_count && i < SCANNER_USB_CONFIG_MAX; i++)
        if (src->cfg.usb[i].vid == vid && src->cfg.usb[i].pid == pid)
            return src->cfg.usb[i].protocol;
    return NULL;
}

static bool usb_known(uint16_t vid, uint16_t pid, int iface_class)
{
    for (size_t i = 0; usb_protocols[i]; i++)
        if (usb_ids_match(usb_protocols[i]->ids, vid, pid, iface_class))
            return true;
    return false;
}

/* Reads the report descriptor the kernel exposes in sysfs for a HID
 * interface bound to usbhid; returns its length or -1. */
static int usb_sysfs_report_desc(libusb_device *d, int config, int iface, uint8_t *buf, size_t cap)
{
    uint8_t ports[8];
    int np = libusb_get_port_numbers(d, ports, sizeof ports);
    if (np <= 0)
        return -1;
    char pat[256];
    int o =
        snprintf(pat, sizeof pat, "/sys/bus/usb/devices/%u-%u", libusb_get_bus_number(d), ports[0]);
    for (int i = 1; i < np; i++)
        o += snprintf(pat + o, sizeof pat - (size_t)o, ".%u", ports[i]);
    snprintf(pat + o, sizeof pat - (size_t)o, ":%d.%d/*:*:*.*/report_descriptor", config, iface);
    glob_t g;
    int len = -1;
    if (glob(pat, 0, NULL, &g) == 0 && g.gl_pathc > 0) {
        FILE *f = fopen(g.gl_pathv[0], "rb");
        if (f) {
            size_t n = fread(buf, 1, cap, f);
            len = n > 0 ? (int)n : -1;
            fclose(f);
        }
    }
    globfree(&g);
    return len;
}

/* Reads a HID interface's report descriptor through a control transfer;
 * only when no kernel driver holds the interface (it is claimed for that and
 * stays claimed, recorded in m->claimed_mask). Returns length or -1. */
static int usb_ctrl_report_desc(struct usb_match *m, int iface, uint16_t want)
{
    if (!m->h || iface >= 32)
        return -1;
    if (libusb_kernel_driver_active(m->h, iface) == 1)
        return -1; /* never detach a device only to look at it */
    if (!(m->claimed_mask & (1u << iface))) {
        if (libusb_claim_interface(m->h, iface) != 0)
            return -1;
        m->claimed_mask |= 1u << iface;
    }
    if (want == 0 || want > USB_REPORT_DESC_MAX)
        want = USB_REPORT_DESC_MAX;
    int r = libusb_control_transfer(
        m->h, LIBUSB_ENDPOINT_IN | LIBUSB_REQUEST_TYPE_STANDARD | LIBUSB_RECIPIENT_INTERFACE,
        LIBUSB_REQUEST_GET_DESCRIPTOR, 0x2200, (uint16_t)iface, m->report_desc, want,
        USB_CTRL_TIMEOUT_MS);
    return r > 0 ? r : -1;
}

static void usb_match_release(struct usb_match *m, int keep1, int keep2)
{
    if (!m->h)
        return;
    for (int i = 0; i < 32; i++)
        if ((m->claimed_mask & (1u << i)) && i != keep1 && i != keep2) {
            libusb_release_interface(m->h, i);
            m->claimed_mask &= ~(1u << i);
        }
}

/* Finds the best scanner interface of d. Returns 1 when found (m->proto
 * set), 0 when d is not a scanner, or a negative enum kiosk_err. When
 * want_open, the device is opened (m->h) and stays open on success. */
static int usb_match_device(struct usb_src *src, libusb_device *d, bool want_open,
                            struct usb_match *m, char *errbuf, size_t errlen)
{
    memset(m, 0, sizeof *m);
    m->comm_iface = -1;
    struct libusb_device_descriptor dd;
    if (libusb_get_device_descriptor(d, &dd) != 0 || dd.bDeviceClass == LIBUSB_CLASS_HUB)
        return 0;
    if (!src->any && (dd.idVendor != src->want_vid || dd.idProduct != src->want_pid))
        return 0;
    const char *forced_name = usb_config_protocol(src, dd.idVendor, dd.idProduct);
    bool configured = forced_name != NULL;
    if (forced_name && !forced_name[0])
        forced_name = NULL;

    struct libusb_config_descriptor *cd = NULL;
    if (libusb_get_active_config_descriptor(d, &cd) != 0 &&
        libusb_get_config_descriptor(d, 0, &cd) != 0)
        return 0;

    /* Is any interface worth opening the device for? */
    bool candidate = configured;
    for (int i = 0; i < cd->bNumInterfaces && !candidate; i++) {
        const struct libusb_interface_descriptor *id = &cd->interface[i].altsetting[0];
        if (id->bInterfaceClass == LIBUSB_CLASS_HID ||
            usb_known(dd.idVendor, dd.idProduct, id->bInterfaceClass))
            candidate = true;
    }
    if (!candidate) {
        libusb_free_config_descriptor(cd);
        return 0;
    }
    if (want_open) {
        int r = libusb_open(d, &m->h);
        if (r != 0) {
            m->h = NULL;
            m->open_err = r;
        }
    }

    int best = USB_MATCH_NONE;
    for (int i = 0; i < cd->bNumInterfaces && i < USB_MAX_IFACES; i++) {
        if (cd->interface[i].num_altsetting < 1)
            continue;
        const struct libusb_interface_descriptor *id = &cd->interface[i].altsetting[0];
        struct usb_iface_info ifc = {
            .vid = dd.idVendor,
            .pid = dd.idProduct,
            .number = id->bInterfaceNumber,
            .iface_class = id->bInterfaceClass,
            .subclass = id->bInterfaceSubClass,
            .protocol = id->bInterfaceProtocol,
        };
        ifc.known = configured || usb_known(dd.idVendor, dd.idProduct, id->bInterfaceClass);
        if (id->bInterfaceClass == LIBUSB_CLASS_COMM && m->comm_iface < 0)
            m->comm_iface = id->bInterfaceNumber;
        for (int e = 0; e < id->bNumEndpoints; e++) {
            const struct libusb_endpoint_descriptor *ep = &id->endpoint[e];
            int type = ep->bmAttributes & 3;
            if ((ep->bEndpointAddress & LIBUSB_ENDPOINT_IN) &&
                (type == LIBUSB_TRANSFER_TYPE_INTERRUPT || type == LIBUSB_TRANSFER_TYPE_BULK) &&
                !ifc.ep_in) {
                ifc.ep_in = ep->bEndpointAddress;
                ifc.ep_in_type = (uint8_t)type;
                ifc.ep_in_size = ep->wMaxPacketSize;
            }
        }
        /* HID descriptor (type 0x21) in the interface's extra bytes. */
        for (int x = 0; x + 9 <= id->extra_length; x += id->extra[x] ? id->extra[x] : 9)
            if (id->extra[x + 1] == 0x21 && id->extra[x] >= 9 && id->extra[x + 6] == 0x22)
                ifc.hid_report_len = (uint16_t)(id->extra[x + 7] | id->extra[x + 8] << 8);
        if (id->bInterfaceClass == LIBUSB_CLASS_HID && ifc.ep_in) {
            int n = usb_sysfs_report_desc(d, cd->bConfigurationValue, ifc.number, m->report_desc,
                                          sizeof m->report_desc);
            if (n < 0)
                n = usb_ctrl_report_desc(m, ifc.number, ifc.hid_report_len);
            if (n > 0) {
                ifc.report_desc = m->report_desc;
                ifc.report_desc_len = (size_t)n;
            }
        }
        for (size_t p = 0; usb_protocols[p]; p++) {
            bool forced = forced_name && strcmp(forced_name, usb_protocols[p]->name) == 0;
            if (forced_name && !forced)
                continue;
            int score = usb_protocols[p]->probe(&ifc, forced);
            if (score > best) {
                best = score;
                m->proto = usb_protocols[p];
                m->ifc = ifc;
                if (ifc.report_desc) {
                    memcpy(m->chosen_desc, ifc.report_desc, ifc.report_desc_len);
                    m->ifc.report_desc = m->chosen_desc;
                }
            }
        }
    }
    libusb_free_config_descriptor(cd);
    if (best == USB_MATCH_NONE && !m->h && m->open_err &&
        (configured || usb_known(dd.idVendor, dd.idProduct, -1)))
        goto open_failed; /* a scanner we may not open: say so */
    if (best == USB_MATCH_NONE) {
        usb_match_release(m, -1, -1);
        if (m->h)
            libusb_close(m->h);
        m->h = NULL;
        if (forced_name && errbuf)
            snprintf(errbuf, errlen, "usb:%04x:%04x: no interface fits protocol \"%s\"",
                     dd.idVendor, dd.idProduct, forced_name);
        return 0;
    }
    if (want_open && !m->h) {
    open_failed:
        m->ifc.vid = dd.idVendor;
        m->ifc.pid = dd.idProduct;
        if (errbuf)
            snprintf(errbuf, errlen,
                     "cannot open USB device %04x:%04x at /dev/bus/usb/%03u/%03u: %s%s",
                     dd.idVendor, dd.idProduct, libusb_get_bus_number(d),
                     libusb_get_device_address(d), libusb_strerror(m->open_err),
                     m->open_err == LIBUSB_ERROR_ACCESS
                         ? " (install packaging/udev/70-booking-kiosk-scanners.rules)"
                         : "");
        return usb_err(m->open_err);
    }
    return 1;
}

static void LIBUSB_CALL usb_xfer_cb(struct libusb_transfer *t);

static int usb_submit(struct usb_dev *dev)
{
    int r = libusb_submit_transfer(dev->xfer);
    if (r == 0) {
        dev->xfer_busy = true;
        return 0;
    }
    if (r == LIBUSB_ERROR_NO_DEVICE)
        dev->gone = true;
    return usb_err(r);
}

static void LIBUSB_CALL usb_xfer_cb(struct libusb_transfer *t)
{
    struct usb_dev *dev = t->user_data;
    uint64_t now = scanner_now_ns();
    dev->xfer_busy = false;
    if (dev->cancelling || dev->gone)
        return;
    switch (t->status) {
    case LIBUSB_TRANSFER_COMPLETED:
        dev->errors = 0;
        dev->proto->on_data(dev->pstate, dev, t->buffer, (size_t)t->actual_length, now);
        if (usb_submit(dev) < 0 && !dev->gone) {
            usb_dev_status(dev, KIOSK_ERR_DEVICE, "cannot resubmit the IN transfer");
            dev->gone = true;
        }
        break;
    case LIBUSB_TRANSFER_NO_DEVICE:
        dev->gone = true;
        break;
    case LIBUSB_TRANSFER_STALL:
        dev->stalled = true;
        break;
    case LIBUSB_TRANSFER_CANCELLED:
        break;
    default:
        if (++dev->errors >= USB_MAX_ERRORS) {
            usb_dev_status(dev, KIOSK_ERR_IO, "%u transfer errors in a row; giving the device up",
                           dev->errors);
            dev->gone = true;
        } else if (usb_submit(dev) < 0) {
            dev->gone = true;
        }
        break;
    }
}

static struct usb_dev *usb_find_dev(struct usb_src *src, libusb_device *d)
{
    uint8_t bus = libusb_get_bus_number(d), addr = libusb_get_device_address(d);
    for (size_t i = 0; i < USB_MAX_DEVS; i++)
        if (src->devs[i].used && src->devs[i].bus == bus && src->devs[i].addr == addr)
            return &src->devs[i];
    return NULL;
}

/* Claims iface, detaching a kernel driver only when one is bound. */
static int usb_claim(libusb_device_handle *h, int iface, bool already, bool *detached)
{
    *detached = false;
    if (already)
        return 0;
    if (libusb_kernel_driver_active(h, iface) == 1) {
        int r = libusb_detach_kernel_driver(h, iface);
        if (r != 0 && r != LIBUSB_ERROR_NOT_FOUND)
            return r;
        *detached = r == 0;
    }
    int r = libusb_claim_interface(h, iface);
    if (r != 0 && *detached) {
        libusb_attach_kernel_driver(h, iface);
        *detached = false;
    }
    return r;
}

static void usb_release(libusb_device_handle *h, int iface, bool detached)
{
    if (iface < 0)
        return;
    libusb_release_interface(h, iface);
    if (detached)
        libusb_attach_kernel_driver(h, iface);
}

/* Attaches d when it is a scanner. Returns 1 attached, 0 not a scanner (or
 * already attached), negative enum kiosk_err with errbuf set. */
static int usb_attach(struct usb_src *src, libusb_device *d, char *errbuf, size_t errlen)
{
    if (usb_find_dev(src, d))
        return 0;
    struct usb_match *m = calloc(1, sizeof *m);
    if (!m)
        return KIOSK_ERR_NOMEM;
    int rc = usb_match_device(src, d, true, m, errbuf, errlen);
    if (rc <= 0) {
        free(m);
        return rc;
    }
    struct usb_dev *dev = NULL;
    for (size_t i = 0; i < USB_MAX_DEVS && !dev; i++)
        if (!src->devs[i].used)
            dev = &src->devs[i];
    if (!dev) {
        snprintf(errbuf, errlen, "more than %d scanners attached", USB_MAX_DEVS);
        rc = KIOSK_ERR_FULL;
        goto fail_match;
    }
    memset(dev, 0, sizeof *dev);
    dev->src = src;
    dev->h = m->h;
    dev->bus = libusb_get_bus_number(d);
    dev->addr = libusb_get_device_address(d);
    dev->vid = m->ifc.vid;
    dev->pid = m->ifc.pid;
    dev->iface = dev->comm_iface = -1;
    dev->proto = m->proto;
    dev->ep_in = m->ifc.ep_in;
    snprintf(dev->source, sizeof dev->source, "usb:%04x:%04x", dev->vid, dev->pid);

    int r = usb_claim(m->h, m->ifc.number, m->claimed_mask & (1u << m->ifc.number), &dev->detached);
    if (r != 0) {
        snprintf(errbuf, errlen, "%s: cannot claim interface %d: %s", dev->source, m->ifc.number,
                 libusb_strerror(r));
        rc = usb_err(r);
        goto fail_match;
    }
    dev->iface = m->ifc.number;
    if (strcmp(m->proto->name, "cdcacm") == 0 && m->comm_iface >= 0 &&
        m->comm_iface != dev->iface) {
        if (usb_claim(m->h, m->comm_iface, m->claimed_mask & (1u << m->comm_iface),
                      &dev->comm_detached) == 0)
            dev->comm_iface = m->comm_iface;
    }
    usb_match_release(m, dev->iface, dev->comm_iface);
    dev->used = true;
    dev->device = libusb_ref_device(d);

    if (dev->proto->setup)
        dev->proto->setup(dev);
    rc = dev->proto->start(dev, &m->ifc, &src->cfg, &dev->pstate);
    if (rc < 0) {
        snprintf(errbuf, errlen, "%s: %s start failed: %s", dev->source, dev->proto->name,
                 kiosk_strerror(rc));
        goto fail_dev;
    }
    size_t len = m->ifc.ep_in_size ? m->ifc.ep_in_size : 64;
    dev->xfer = libusb_alloc_transfer(0);
    unsigned char *buf = malloc(len);
    if (!dev->xfer || !buf) {
        free(buf);
        rc = KIOSK_ERR_NOMEM;
        goto fail_dev;
    }
    if (m->ifc.ep_in_type == LIBUSB_TRANSFER_TYPE_BULK)
        libusb_fill_bulk_transfer(dev->xfer, dev->h, dev->ep_in, buf, (int)len, usb_xfer_cb, dev,
                                  0);
    else
        libusb_fill_interrupt_transfer(dev->xfer, dev->h, dev->ep_in, buf, (int)len, usb_xfer_cb,
                                       dev, 0);
    dev->xfer->flags = LIBUSB_TRANSFER_FREE_BUFFER;
    rc = usb_submit(dev);
    if (rc < 0) {
        snprintf(errbuf, errlen, "%s: cannot start reading: %s", dev->source, kiosk_strerror(rc));
        goto fail_dev;
    }
    usb_dev_status(dev, 0, "scanner attached (%s, interface %d%s)", dev->proto->name, dev->iface,
                   dev->detached ? ", kernel driver detached" : "");
    free(m);
    return 1;

fail_dev:
    if (dev->xfer)
        libusb_free_transfer(dev->xfer);
    dev->proto->stop(dev->pstate);
    usb_release(dev->h, dev->comm_iface, dev->comm_detached);
    usb_release(dev->h, dev->iface, dev->detached);
    libusb_unref_device(dev->device);
    dev->used = false;
    libusb_close(m->h);
    free(m);
    return rc;
fail_match:
    usb_match_release(m, -1, -1);
    libusb_close(m->h);
    free(m);
    return rc;
}

/* Finishes a departed device once its transfer is no longer in flight. */
static void usb_teardown(struct usb_dev *dev)
{
    if (dev->xfer_busy) {
        if (!dev->cancelling) {
            dev->cancelling = true;
            if (libusb_cancel_transfer(dev->xfer) != 0)
                dev->xfer_busy = false; /* nothing in flight after all */
        }
        if (dev->xfer_busy)
            return;
    }
    if (dev->proto->drop(dev->pstate))
        usb_dev_status(dev, KIOSK_ERR_DEVICE, "partial barcode dropped: the device left");
    usb_dev_status(dev, 0, "scanner detached");
    dev->proto->stop(dev->pstate);
    libusb_free_transfer(dev->xfer);
    usb_release(dev->h, dev->comm_iface, dev->comm_detached);
    usb_release(dev->h, dev->iface, dev->detached);
    libusb_close(dev->h);
    libusb_unref_device(dev->device);
    dev->used = false;
}

static void usb_recover_stall(struct usb_dev *dev)
{
    dev->stalled = false;
    if (dev->proto->drop(dev->pstate))
        usb_dev_status(dev, KIOSK_ERR_IO, "partial barcode dropped: endpoint stalled (EPIPE)");
    else
        usb_dev_status(dev, KIOSK_ERR_IO, "endpoint stalled (EPIPE); clearing the halt");
    if (++dev->errors >= USB_MAX_ERRORS) {
        usb_dev_status(dev, KIOSK_ERR_IO, "endpoint keeps stalling; giving the device up");
        dev->gone = true;
        return;
    }
    int r = libusb_clear_halt(dev->h, dev->ep_in);
    if (r == LIBUSB_ERROR_NO_DEVICE) {
        dev->gone = true;
        return;
    }
    if (usb_submit(dev) < 0)
        dev->gone = true;
}

static int LIBUSB_CALL usb_hotplug_cb(libusb_context *ctx, libusb_device *d,
                                      libusb_hotplug_event event, void *user)
{
    struct usb_src *src = user;
    if (event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED) {
        if (src->npending < USB_MAX_PENDING)
            src->pending[src->npending++] = libusb_ref_device(d);
    } else {
        struct usb_dev *dev = usb_find_dev(src, d);
        if (dev)
            dev->gone = true;
        for (size_t i = 0; i < src->npending; i++)
            if (src->pending[i] == d) {
                libusb_unref_device(d);
                src->pending[i] = src->pending[--src->npending];
                break;
            }
    }
    return 0;
}

/* Without hotplug: compares the bus with what is attached, once a second. */
static void usb_reenumerate(struct usb_src *src)
{
    libusb_device **list = NULL;
    ssize_t n = libusb_get_device_list(src->ctx, &list);
    if (n < 0)
        return;
    for (size_t i = 0; i < USB_MAX_DEVS; i++) {
        struct usb_dev *dev = &src->devs[i];
        bool present = false;
        for (ssize_t k = 0; k < n && dev->used && !present; k++)
            present = libusb_get_bus_number(list[k]) == dev->bus &&
                      libusb_get_device_address(list[k]) == dev->addr;
        if (dev->used && !present)
            dev->gone = true;
    }
    for (ssize_t k = 0; k < n; k++)
        if (!usb_find_dev(src, list[k]) && src->npending < USB_MAX_PENDING)
            src->pending[src->npending++] = libusb_ref_device(list[k]);
    libusb_free_device_list(list, 1);
}

static void usb_service(struct usb_src *src)
{
    while (src->npending) {
        libusb_device *d = src->pending[--src->npending];
        char err[256] = "";
        int rc = usb_attach(src, d, err, sizeof err);
        if (rc < 0)
            scanner_sink_status(&src->sink, src->source, rc, "%s", err);
        libusb_unref_device(d);
    }
    uint64_t now = scanner_now_ns();
    for (size_t i = 0; i < USB_MAX_DEVS; i++) {
        struct usb_dev *dev = &src->devs[i];
        if (!dev->used)
            continue;
        if (dev->stalled && !dev->gone)
            usb_recover_stall(dev);
        if (dev->gone) {
            usb_teardown(dev);
            continue;
        }
        if (dev->proto->deadline && dev->proto->on_timer) {
            uint64_t dl = dev->proto->deadline(dev->pstate);
            if (dl && dl <= now)
                dev->proto->on_timer(dev->pstate, dev, now);
        }
    }
}

/* Nanoseconds until the next protocol deadline or re-enumeration (<= 1 s). */
static uint64_t usb_wait_ns(struct usb_src *src)
{
    uint64_t now = scanner_now_ns(), wait = 1000000000u;
    for (size_t i = 0; i < USB_MAX_DEVS; i++) {
        struct usb_dev *dev = &src->devs[i];
        if (!dev->used || !dev->proto->deadline)
            continue;
        uint64_t dl = dev->proto->deadline(dev->pstate);
        if (dl)
            wait = dl <= now ? 0 : (dl - now < wait ? dl - now : wait);
        if (dev->gone || dev->stalled)
            wait = 0;
    }
    if (!src->has_hotplug)
        wait = src->next_enum_ns <= now         ? 0
               : src->next_enum_ns - now < wait ? src->next_enum_ns - now
                                                : wait;
    return wait;
}

static void *usb_thread(void *arg)
{
    struct usb_src *src = arg;
    if (src->has_hotplug) {
        int r = libusb_hotplug_register_callback(
            src->ctx, LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT,
            LIBUSB_HOTPLUG_ENUMERATE, src->any ? LIBUSB_HOTPLUG_MATCH_ANY : src->want_vid,
            src->any ? LIBUSB_HOTPLUG_MATCH_ANY : src->want_pid, LIBUSB_HOTPLUG_MATCH_ANY,
            usb_hotplug_cb, src, &src->hp);
        if (r != 0) {
            scanner_sink_status(&src->sink, src->source, 0,
                                "hotplug unavailable (%s); re-enumerating once a second",
                                libusb_strerror(r));
            src->has_hotplug = false;
        }
    }
    if (!src->has_hotplug)
        scanner_sink_status(&src->sink, src->source, 0, "no hotplug: re-enumerating once a second");
    while (!atomic_load(&src->stop)) {
        if (!src->has_hotplug && scanner_now_ns() >= src->next_enum_ns) {
            usb_reenumerate(src);
            src->next_enum_ns = scanner_now_ns() + 1000000000u;
        }
        usb_service(src);
        uint64_t w = usb_wait_ns(src);
        struct timeval tv = {(time_t)(w / 1000000000u), (long)(w % 1000000000u / 1000u)};
        libusb_handle_events_timeout_completed(src->ctx, &tv, NULL);
    }
    /* Shut down: every device goes, transfers are cancelled and reaped. */
    if (src->has_hotplug)
        libusb_hotplug_deregister_callback(src->ctx, src->hp);
    for (int round = 0; round < 100; round++) {
        bool left = false;
        for (size_t i = 0; i < USB_MAX_DEVS; i++)
            if (src->devs[i].used) {
                src->devs[i].gone = true;
                usb_teardown(&src->devs[i]);
                left = left || src->devs[i].used;
            }
        if (!left)
            break;
        struct timeval tv = {0, 10000};
        libusb_handle_events_timeout_completed(src->ctx, &tv, NULL);
    }
    return NULL;
}

/* Parses "", "VID:PID" or "VID:PID:PROTOCOL" into src. */
static int usb_parse_spec(struct usb_src *src, const char *arg, char *errbuf, size_t errlen)
{
    src->any = arg[0] == '\0';
    if (src->any) {
        snprintf(src->source, sizeof src->source, "usb");
        return 0;
    }
    unsigned vid, pid;
    int used = 0;
    if (sscanf(arg, "%4x:%4x%n", &vid, &pid, &used) != 2 || (arg[used] && arg[used] != ':')) {
        snprintf(errbuf, errlen,
                 "bad USB source \"usb:%.40s\" (expected usb:VID:PID, hex, e.g. "
                 "usb:0c2e:0b61)",
                 arg);
        return KIOSK_ERR_USAGE;
    }
    src->want_vid = (uint16_t)vid;
    src->want_pid = (uint16_t)pid;
    if (arg[used] == ':') {
        const char *p = arg + used + 1;
        bool ok = false;
        for (size_t i = 0; usb_protocols[i]; i++)
            ok = ok || strcmp(p, usb_protocols[i]->name) == 0;
        if (!ok || strlen(p) >= sizeof src->want_proto) {
            snprintf(errbuf, errlen,
                     "unknown USB protocol \"%.20s\" (expected hidpos, hidkbd or "
                     "cdcacm)",
                     p);
            return KIOSK_ERR_USAGE;
        }
        strcpy(src->want_proto, p);
    }
    snprintf(src->source, sizeof src->source, "usb:%04x:%04x", vid, pid);
    return 0;
}

static void usb_close(void *state);

static int usb_open(const char *arg, const struct scanner_config *cfg,
                    const struct scanner_sink *sink, void **state, char *errbuf, size_t errlen)
{
    struct usb_src *src = calloc(1, sizeof *src);
    if (!src)
        return KIOSK_ERR_NOMEM;
    src->sink = *sink;
    if (cfg)
        src->cfg = *cfg;
    atomic_init(&src->stop, 0);
    int rc = usb_parse_spec(src, arg, errbuf, errlen);
    if (rc < 0)
        goto fail;
    int r = libusb_init(&src->ctx);
    if (r != 0) {
        snprintf(errbuf, errlen, "cannot start libusb: %s", libusb_strerror(r));
        rc = KIOSK_ERR_DEVICE;
        goto fail;
    }
    src->has_hotplug =
        libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG) && !getenv("KIOSK_USB_NO_HOTPLUG");
    if (!src->any) {
        /* A named device must be there and openable now (exit 69 otherwise). */
        libusb_device **list = NULL;
        ssize_t n = libusb_get_device_list(src->ctx, &list);
        bool found = false;
        for (ssize_t k = 0; k < n && !found; k++) {
            struct libusb_device_descriptor dd;
            if (libusb_get_device_descriptor(list[k], &dd) == 0 && dd.idVendor == src->want_vid &&
                dd.idProduct == src->want_pid) {
                found = true;
                errbuf[0] = '\0';
                rc = usb_attach(src, list[k], errbuf, errlen);
                if (rc == 0) {
                    if (!errbuf[0])
                        snprintf(errbuf, errlen,
                                 "%s is not a barcode scanner this kiosk can read (no HID POS, "
                                 "keyboard or CDC-ACM interface); name the protocol with "
                                 "%s:PROTOCOL",
                                 src->source, src->source);
                    rc = KIOSK_ERR_DEVICE;
                }
            }
        }
        if (n >= 0)
            libusb_free_device_list(list, 1);
        if (!found) {
            snprintf(errbuf, errlen, "no USB device %s is connected", src->source + 4);
            rc = KIOSK_ERR_DEVICE;
        }
        if (rc < 0)
            goto fail;
    }
    *state = src;
    return 0;
fail:
    usb_close(src);
    return rc;
}

static int usb_start(void *state, char *errbuf, size_t errlen)
{
    struct usb_src *src = state;
    return scanner_worker_start(&src->worker, usb_thread, src, "usb: cannot start the event thread",
                                errbuf, errlen);
}

/* Wakes the event thread: the flag ends its loop, the interrupt ends the
 * libusb wait it may be in. */
static void usb_wake(void *arg)
{
    struct usb_src *src = arg;
    atomic_store(&src->stop, 1);
    libusb_interrupt_event_handler(src->ctx);
}

static void usb_stop(void *state)
{
    struct usb_src *src = state;
    if (src)
        scanner_worker_stop(&src->worker, usb_wake, src);
}

static void usb_close(void *state)
{
    struct usb_src *src = state;
    if (!src)
        return;
    for (size_t i = 0; i < USB_MAX_DEVS; i++)
        if (src->devs[i].used) { /* attached in open, never started */
            src->devs[i].gone = true;
            for (int round = 0; round < 100 && src->devs[i].used; round++) {
                usb_teardown(&src->devs[i]);
                struct timeval tv = {0, 10000};
                if (src->devs[i].used)
                    libusb_handle_events_timeout_completed(src->ctx, &tv, NULL);
            }
        }
    while (src->npending)
        libusb_unref_device(src->pending[--src->npending]);
    if (src->ctx)
        libusb_exit(src->ctx);
    free(src);
}

/* Lists what usb would use, without claiming anything. */
static int usb_probe(const struct scanner_config *cfg, struct scanner_info *rows, size_t cap)
{
    struct usb_src *src = calloc(1, sizeof *src);
    struct usb_match *m = calloc(1, sizeof *m);
    int count = 0;
    if (!src || !m) {
        count = KIOSK_ERR_NOMEM;
        goto out;
    }
    src->any = true;
    if (cfg)
        src->cfg = *cfg;
    if (libusb_init(&src->ctx) != 0) {
        count = KIOSK_ERR_DEVICE;
        goto out;
    }
    libusb_device **list = NULL;
    ssize_t n = libusb_get_device_list(src->ctx, &list);
    for (ssize_t k = 0; k < n; k++) {
        if (usb_match_device(src, list[k], true, m, NULL, 0) <= 0) {
            if (m->open_err == 0 || m->ifc.vid == 0)
                continue;
            m->proto = NULL; /* a known scanner that cannot be opened */
        }
        if ((size_t)count < cap) {
            struct scanner_info *row = &rows[count];
            memset(row, 0, sizeof *row);
            snprintf(row->source, sizeof row->source, "usb:%04x:%04x", m->ifc.vid, m->ifc.pid);
            snprintf(row->driver, sizeof row->driver, "usb");
            snprintf(row->protocol, sizeof row->protocol, "%s",
                     m->proto ? m->proto->name : "no-access");
            row->bus = libusb_get_bus_number(list[k]);
            row->address = libusb_get_device_address(list[k]);
            row->vid = m->ifc.vid;
            row->pid = m->ifc.pid;
            row->claimed = -1;
            if (m->h) {
                struct libusb_device_descriptor dd;
                libusb_get_device_descriptor(list[k], &dd);
                if (dd.iManufacturer)
                    libusb_get_string_descriptor_ascii(m->h, dd.iManufacturer,
                                                       (unsigned char *)row->manufacturer,
                                                       sizeof row->manufacturer);
                if (dd.iProduct)
                    libusb_get_string_descriptor_ascii(
                        m->h, dd.iProduct, (unsigned char *)row->product, sizeof row->product);
                int a = libusb_kernel_driver_active(m->h, m->ifc.number);
                row->claimed = a == 1 ? 1 : a == 0 ? 0 : -1;
            }
        }
        count++;
        if (m->h) {
            usb_match_release(m, -1, -1);
            libusb_close(m->h);
            m->h = NULL;
        }
    }
    if (n >= 0)
        libusb_free_device_list(list, 1);
out:
    if (src && src->ctx)
        libusb_exit(src->ctx);
    free(src);
    free(m);
    return count;
}

const struct scanner_driver usb_driver = {
    .name = "usb",
    .ids = NULL,
    .probe = usb_probe,
    .open = usb_open,
    .start = usb_start,
    .stop = usb_stop,
    .close = usb_close,
};
