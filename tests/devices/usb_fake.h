/* In-process programmable USB scanners for the device tests and the
 * benchmark: an umockdev testbed whose usbfs ioctl handler plays the device,
 * so the kiosk's real libusb code path runs (run under umockdev-wrapper).
 * The test queues reports, stalls an endpoint, unplugs and replugs. */
#ifndef KIOSK_TEST_USB_FAKE_H
#define KIOSK_TEST_USB_FAKE_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

/* The reports a fake HID POS device is given to send. */
#include "devices/hidpos_reports.h"

enum usb_fake_kind {
    USB_FAKE_HIDPOS, /* HID, report descriptor on page 0x8C, interrupt IN 0x81, 64 bytes */
    USB_FAKE_HIDKBD, /* HID boot keyboard, interrupt IN 0x81, 8 bytes */
};

struct usb_fake;

/* A testbed; NULL when not running under umockdev (then skip: exit 77). */
struct usb_fake *usb_fake_create(void);

/* Removes every device and frees the testbed. Accepts NULL. */
void usb_fake_destroy(struct usb_fake *f);

/* Plugs a device in as bus 1 device devnum; returns a slot (>= 0) or -1. */
int usb_fake_plug(struct usb_fake *f, enum usb_fake_kind kind, uint16_t vid, uint16_t pid,
                  int devnum);

/* Unplugs the device in slot (remove uevent; its URBs fail). */
void usb_fake_unplug(struct usb_fake *f, int slot);

/* Queues one IN report; it completes the pending transfer, or the next one. */
void usb_fake_push(struct usb_fake *f, int slot, const void *data, size_t len);

/* The next IN transfer completes with status err (e.g. -EPIPE). */
void usb_fake_push_error(struct usb_fake *f, int slot, int err);

/* CLOCK_MONOTONIC ns when the last queued report was handed to a transfer. */
uint64_t usb_fake_last_completion_ns(struct usb_fake *f, int slot);

/* How many CLEAR_HALT requests the device in slot received. */
unsigned usb_fake_clear_halts(struct usb_fake *f, int slot);

#endif
