/* The USB plumbing's face to its protocols (drivers/usb): the one header a
 * USB protocol driver (hidpos, hidkbd, cdcacm) sees besides scanner.h. The
 * plumbing owns the libusb context, the event thread, hotplug, matching,
 * claiming and the IN transfers; a protocol turns the bytes of completed
 * transfers into scan_events. Every protocol callback runs on the event
 * thread, so protocol state needs no lock. */
#ifndef KIOSK_USB_H
#define KIOSK_USB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drivers/scanner.h"

/* What the plumbing knows of an interface when it asks a protocol. */
struct usb_iface_info {
    uint16_t vid, pid;
    int number;
    int iface_class, subclass, protocol;
    uint8_t ep_in;              /* IN endpoint address, 0 = none */
    uint8_t ep_in_type;         /* LIBUSB_TRANSFER_TYPE_INTERRUPT or _BULK */
    uint16_t ep_in_size;        /* wMaxPacketSize */
    uint16_t hid_report_len;    /* wDescriptorLength of the HID report descriptor, 0 = none */
    bool known;                 /* listed in an id table, the configuration or the spec */
    const uint8_t *report_desc; /* HID report descriptor when read, else NULL */
    size_t report_desc_len;
};

/* One attached scanner, owned by the plumbing. */
struct usb_dev;

/* Match scores a protocol's probe returns. */
#define USB_MATCH_NONE   0
#define USB_MATCH_WEAK   1 /* usable when nothing better fits */
#define USB_MATCH_STRONG 2 /* the interface says what it is (HID POS page) */

/* A USB protocol: one const vtable per protocol folder, listed in the table
 * of drivers/usb/usb.c. */
struct usb_protocol {
    const char *name;             /* "hidpos", "hidkbd", "cdcacm" (the config's protocol word) */
    const struct scanner_id *ids; /* known models speaking it; vid 0 ends; pid 0 = any PID */
    /* How well the protocol fits the interface (USB_MATCH_*). forced = the
     * configuration names this protocol for the device. */
    int (*probe)(const struct usb_iface_info *ifc, bool forced);
    /* Synchronous device setup before transfers start (may be NULL); a
     * failure is logged, not fatal. */
    void (*setup)(struct usb_dev *dev);
    /* Allocates the protocol state for dev; 0 or a negative enum kiosk_err. */
    int (*start)(struct usb_dev *dev, const struct usb_iface_info *ifc,
                 const struct scanner_config *cfg, void **state);
    /* One completed IN transfer of n bytes, completed at t_ns. */
    void (*on_data)(void *state, struct usb_dev *dev, const uint8_t *buf, size_t n, uint64_t t_ns);
    /* When on_timer should run next (ns, CLOCK_MONOTONIC), 0 = never. May be NULL. */
    uint64_t (*deadline)(void *state);
    void (*on_timer)(void *state, struct usb_dev *dev, uint64_t now_ns);
    /* Forget a partial barcode (device gone, endpoint stalled); true if one
     * was dropped. */
    bool (*drop)(void *state);
    void (*stop)(void *state); /* frees the state; accepts NULL */
};

/* Delivers ev from dev: fills ev->source, passes it to the sink. */
void usb_dev_emit(struct usb_dev *dev, struct scan_event *ev);

/* Acts on an assembler's result r for ev (wedge_feed/wedge_poll): 1 = a
 * barcode is complete, emitted as usb_dev_emit(); KIOSK_ERR_FULL = a status
 * that an over-long barcode was dropped; anything else does nothing. ev
 * stays owned by the caller. */
void usb_dev_deliver(struct usb_dev *dev, struct scan_event *ev, int r);

/* A one-line status about dev (never barcode data). */
void usb_dev_status(struct usb_dev *dev, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A synchronous control transfer on dev (for setup only). Returns bytes
 * transferred or a negative enum kiosk_err. */
int usb_dev_control(struct usb_dev *dev, uint8_t request_type, uint8_t request, uint16_t value,
                    uint16_t index, uint8_t *data, uint16_t len);

/* The claimed data interface of dev. */
int usb_dev_interface(const struct usb_dev *dev);

/* The claimed CDC communication interface of dev, -1 none. */
int usb_dev_comm_interface(const struct usb_dev *dev);

/* True when id table ids lists vid:pid with the given interface class
 * (iface_class -1: any class). */
bool usb_ids_match(const struct scanner_id *ids, uint16_t vid, uint16_t pid, int iface_class);

#endif
