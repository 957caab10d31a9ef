/* In-process programmable USB scanners on an umockdev testbed (see
 * usb_fake.h). The ioctl handler follows the approach of libusb's own
 * tests/umockdev.c: SUBMITURB keeps the URB in flight, REAPURB(NDELAY)
 * hands back completed URBs, DISCARDURB completes with -ENOENT. The handler
 * runs on umockdev's thread, so all state sits behind one mutex. */
#include "devices/usb_fake.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/ioctl.h>
#include <linux/usbdevice_fs.h>
#include <umockdev.h>

#define FAKE_SLOTS 4
#define FAKE_QUEUE 64
#define FAKE_URBS  16

static const uint8_t hidpos_report_desc[] = {
    0x05, 0x8C, 0x09, 0x02, 0xA1, 0x01, 0x85, 0x02, 0x09, 0x12, 0xA1, 0x02, 0x15, 0x00, 0x26, 0xFF,
    0x00, 0x06, 0x66, 0xFF, 0x09, 0x01, 0x75, 0x08, 0x95, 0x01, 0x81, 0x02, 0x05, 0x8C, 0x09, 0xFB,
    0x09, 0xFC, 0x09, 0xFD, 0x75, 0x08, 0x95, 0x03, 0x81, 0x02, 0x09, 0xFE, 0x75, 0x08, 0x95, 0x38,
    0x82, 0x02, 0x01, 0x06, 0x66, 0xFF, 0x09, 0x02, 0x75, 0x08, 0x95, 0x02, 0x81, 0x02, 0x05, 0x8C,
    0x09, 0xFF, 0x75, 0x01, 0x95, 0x01, 0x81, 0x02, 0x75, 0x07, 0x95, 0x01, 0x81, 0x03, 0xC0, 0xC0,
};

struct fake_report {
    int status; /* 0 or a negative errno */
    size_t len;
    uint8_t data[64];
};

struct fake_dev {
    bool used, gone;
    enum usb_fake_kind kind;
    uint16_t vid, pid;
    int devnum;
    char syspath[128];
    char devnode[64];
    UMockdevIoctlBase *handler;
    UMockdevIoctlData *flying[FAKE_URBS]; /* submitted IN URBs */
    size_t nflying;
    UMockdevIoctlData *done[FAKE_URBS]; /* completed, waiting to be reaped */
    size_t ndone;
    struct fake_report queue[FAKE_QUEUE];
    size_t qhead, qlen;
    uint64_t last_completion_ns;
    unsigned clear_halts;
};

struct usb_fake {
    UMockdevTestbed *tb;
    pthread_mutex_t lock;
    struct fake_dev devs[FAKE_SLOTS];
};

static uint64_t fake_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Completes URB u with a report; lock held. */
static void fake_complete(struct fake_dev *d, UMockdevIoctlData *u, const struct fake_report *r)
{
    struct usbdevfs_urb *urb = (struct usbdevfs_urb *)u->data;
    size_t n = r->len < (size_t)urb->buffer_length ? r->len : (size_t)urb->buffer_length;
    if (n)
        memcpy(urb->buffer, r->data, n); /* same address space: the client's buffer */
    urb->actual_length = (int)n;
    urb->status = r->status;
    d->done[d->ndone++] = u;
    d->last_completion_ns = fake_now_ns();
}

/* Pairs queued reports with flying URBs; lock held. */
static void fake_pump(struct fake_dev *d)
{
    while (d->qlen && d->nflying && d->ndone < FAKE_URBS) {
        UMockdevIoctlData *u = d->flying[0];
        memmove(d->flying, d->flying + 1, --d->nflying * sizeof d->flying[0]);
        fake_complete(d, u, &d->queue[d->qhead]);
        d->qhead = (d->qhead + 1) % FAKE_QUEUE;
        d->qlen--;
    }
}

static void fake_string(uint8_t *out, int *len, const char *s)
{
    size_t n = strlen(s);
    out[0] = (uint8_t)(2 + 2 * n);
    out[1] = 3;
    for (size_t i = 0; i < n; i++) {
        out[2 + 2 * i] = (uint8_t)s[i];
        out[3 + 2 * i] = 0;
    }
    *len = (int)(2 + 2 * n);
}

/* Answers a control URB at once; lock held. */
static void fake_control(struct fake_dev *d, UMockdevIoctlData *u)
{
    struct usbdevfs_urb *urb = (struct usbdevfs_urb *)u->data;
    uint8_t *buf = urb->buffer;
    uint8_t rt = buf[0], req = buf[1];
    uint16_t value = (uint16_t)(buf[2] | buf[3] << 8), wlen = (uint16_t)(buf[6] | buf[7] << 8);
    uint8_t reply[256];
    int n = 0;
    if (rt == 0x81 && req == 6 && value == 0x2200) {
        if (d->kind == USB_FAKE_HIDPOS) {
            memcpy(reply, hidpos_report_desc, sizeof hidpos_report_desc);
            n = (int)sizeof hidpos_report_desc;
        } else {
            n = 0; /* no 0x8C page: the plumbing must not take it for HID POS */
        }
    } else if (rt == 0x80 && req == 6 && value >> 8 == 3) {
        if ((value & 0xff) == 0) {
            reply[0] = 4, reply[1] = 3, reply[2] = 0x09, reply[3] = 0x04;
            n = 4;
        } else {
            fake_string(reply, &n, (value & 0xff) == 1 ? "Fake Scanners Inc" : "Test Scanner");
        }
    }
    if (n > wlen)
        n = wlen;
    if (n)
        memcpy(buf + 8, reply, (size_t)n);
    urb->actual_length = n;
    urb->status = 0;
    d->done[d->ndone++] = umockdev_ioctl_data_ref(u);
}

static struct fake_dev *fake_find(struct usb_fake *f, UMockdevIoctlClient *client)
{
    const char *node = umockdev_ioctl_client_get_devnode(client);
    for (size_t i = 0; i < FAKE_SLOTS; i++)
        if (f->devs[i].used && strcmp(f->devs[i].devnode, node) == 0)
            return &f->devs[i];
    return NULL;
}

static gboolean fake_ioctl(UMockdevIoctlBase *handler, UMockdevIoctlClient *client, gpointer user)
{
    struct usb_fake *f = user;
    (void)handler;
    gulong request = umockdev_ioctl_client_get_request(client);
    UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
    gboolean handled = TRUE;
    pthread_mutex_lock(&f->lock);
    struct fake_dev *d = fake_find(f, client);
    if (!d) {
        umockdev_ioctl_client_complete(client, -1, ENODEV);
        goto out;
    }
    switch (request) {
    case USBDEVFS_GET_CAPABILITIES: {
        UMockdevIoctlData *c = umockdev_ioctl_data_resolve(arg, 0, sizeof(uint32_t), NULL);
        *(uint32_t *)c->data = USBDEVFS_CAP_BULK_CONTINUATION | USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
                               USBDEVFS_CAP_REAP_AFTER_DISCONNECT | USBDEVFS_CAP_ZERO_PACKET;
        umockdev_ioctl_data_unref(c);
        umockdev_ioctl_client_complete(client, 0, 0);
        break;
    }
    case USBDEVFS_GETDRIVER:
        umockdev_ioctl_client_complete(client, -1, ENODATA); /* no kernel driver bound */
        break;
    case USBDEVFS_CLEAR_HALT:
        d->clear_halts++;
        umockdev_ioctl_client_complete(client, d->gone ? -1 : 0, d->gone ? ENODEV : 0);
        break;
    case USBDEVFS_CLAIMINTERFACE:
    case USBDEVFS_RELEASEINTERFACE:
    case USBDEVFS_SETINTERFACE:
    case USBDEVFS_RESETEP:
        umockdev_ioctl_client_complete(client, d->gone ? -1 : 0, d->gone ? ENODEV : 0);
        break;
    case USBDEVFS_SUBMITURB: {
        if (d->gone || d->nflying >= FAKE_URBS || d->ndone >= FAKE_URBS) {
            umockdev_ioctl_client_complete(client, -1, d->gone ? ENODEV : ENOMEM);
            break;
        }
        UMockdevIoctlData *u =
            umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_urb), NULL);
        struct usbdevfs_urb *urb = (struct usbdevfs_urb *)u->data;
        if (urb->type == USBDEVFS_URB_TYPE_CONTROL) {
            fake_control(d, u);
        } else {
            d->flying[d->nflying++] = umockdev_ioctl_data_ref(u);
            fake_pump(d);
        }
        umockdev_ioctl_data_unref(u);
        umockdev_ioctl_client_complete(client, 0, 0);
        break;
    }
    case USBDEVFS_REAPURB:
    case USBDEVFS_REAPURBNDELAY: {
        if (!d->ndone) {
            umockdev_ioctl_client_complete(client, -1, d->gone ? ENODEV : EAGAIN);
            break;
        }
        UMockdevIoctlData *u = d->done[0];
        memmove(d->done, d->done + 1, --d->ndone * sizeof d->done[0]);
        UMockdevIoctlData *p = umockdev_ioctl_data_resolve(arg, 0, sizeof(void *), NULL);
        umockdev_ioctl_data_set_ptr(p, 0, u);
        umockdev_ioctl_data_unref(p);
        umockdev_ioctl_data_unref(u);
        umockdev_ioctl_client_complete(client, 0, 0);
        break;
    }
    case USBDEVFS_DISCARDURB: {
        void *addr = *(void **)arg->data;
        size_t i = 0;
        while (i < d->nflying && d->flying[i]->client_addr != (gulong)addr)
            i++;
        if (i == d->nflying || d->ndone >= FAKE_URBS) {
            umockdev_ioctl_client_complete(client, -1, EINVAL);
            break;
        }
        UMockdevIoctlData *u = d->flying[i];
        memmove(d->flying + i, d->flying + i + 1, (--d->nflying - i) * sizeof d->flying[0]);
        struct fake_report cancelled = {.status = -ENOENT};
        struct usbdevfs_urb *urb = (struct usbdevfs_urb *)u->data;
        urb->actual_length = 0;
        urb->status = cancelled.status;
        d->done[d->ndone++] = u;
        umockdev_ioctl_client_complete(client, 0, 0);
        break;
    }
    default:
        handled = FALSE; /* umockdev answers ENOTTY */
        break;
    }
out:
    pthread_mutex_unlock(&f->lock);
    return handled;
}

struct usb_fake *usb_fake_create(void)
{
    /* The preload library must be there (umockdev-wrapper), or libusb would
     * see the real (empty) bus. */
    const char *pre = getenv("LD_PRELOAD");
    if (!pre || !strstr(pre, "libumockdev-preload"))
        return NULL;
    struct usb_fake *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    pthread_mutex_init(&f->lock, NULL);
    f->tb = umockdev_testbed_new();
    return f;
}

static void fake_drop_urbs(struct fake_dev *d)
{
    for (size_t i = 0; i < d->nflying; i++)
        umockdev_ioctl_data_unref(d->flying[i]);
    for (size_t i = 0; i < d->ndone; i++)
        umockdev_ioctl_data_unref(d->done[i]);
    d->nflying = d->ndone = 0;
}

void usb_fake_destroy(struct usb_fake *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < FAKE_SLOTS; i++) {
        struct fake_dev *d = &f->devs[i];
        if (!d->used)
            continue;
        fake_drop_urbs(d);
        if (d->handler)
            g_object_unref(d->handler);
    }
    g_object_unref(f->tb);
    pthread_mutex_destroy(&f->lock);
    free(f);
}

static void hex_append(char *out, size_t cap, const uint8_t *b, size_t n)
{
    size_t o = strlen(out);
    for (size_t i = 0; i < n && o + 2 < cap; i++, o += 2)
        snprintf(out + o, cap - o, "%02X", b[i]);
}

int usb_fake_plug(struct usb_fake *f, enum usb_fake_kind kind, uint16_t vid, uint16_t pid,
                  int devnum)
{
    int slot = -1;
    pthread_mutex_lock(&f->lock);
    for (int i = 0; i < FAKE_SLOTS && slot < 0; i++)
        if (!f->devs[i].used || f->devs[i].gone)
            slot = i;
    if (slot < 0) {
        pthread_mutex_unlock(&f->lock);
        return -1;
    }
    struct fake_dev *d = &f->devs[slot];
    fake_drop_urbs(d);
    if (d->handler)
        g_object_unref(d->handler);
    memset(d, 0, sizeof *d);
    d->kind = kind;
    d->vid = vid;
    d->pid = pid;
    d->devnum = devnum;
    snprintf(d->devnode, sizeof d->devnode, "/dev/bus/usb/001/%03d", devnum);
    snprintf(d->syspath, sizeof d->syspath, "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-%d",
             devnum);
    d->used = true;
    pthread_mutex_unlock(&f->lock);

    bool pos = kind == USB_FAKE_HIDPOS;
    uint16_t rlen = pos ? (uint16_t)sizeof hidpos_report_desc : 63;
    uint8_t desc[] = {18, 1, 0x00, 0x02, 0, 0, 0, 64, (uint8_t)vid, (uint8_t)(vid >> 8),
                      (uint8_t)pid, (uint8_t)(pid >> 8), 0x00, 0x01, 1, 2, 0, 1,
                      /* configuration, one HID interface, HID descriptor, interrupt IN 0x81 */
                      9, 2, 34, 0, 1, 1, 0, 0xA0, 50, 9, 4, 0, 0, 1, 3, pos ? 0 : 1, pos ? 0 : 1, 0,
                      9, 0x21, 0x11, 0x01, 0, 1, 0x22, (uint8_t)rlen, (uint8_t)(rlen >> 8), 7, 5,
                      0x81, 3, pos ? 64 : 8, 0, 1};
    char hex[2 * sizeof desc + 1] = "";
    hex_append(hex, sizeof hex, desc, sizeof desc);
    char record[1024];
    snprintf(record, sizeof record,
             "P: %s\nN: bus/usb/001/%03d=%s\nE: SUBSYSTEM=usb\nE: DEVTYPE=usb_device\n"
             "E: DRIVER=usb\nE: BUSNUM=001\nE: DEVNUM=%03d\nE: DEVNAME=%s\n"
             "A: busnum=1\\n\nA: devnum=%d\\n\nA: speed=12\\n\nA: bConfigurationValue=1\\n\n"
             "H: descriptors=%s\n",
             d->syspath + 4, devnum, hex, devnum, d->devnode, devnum, hex);

    d->handler = umockdev_ioctl_base_new();
    g_signal_connect(d->handler, "handle-ioctl", G_CALLBACK(fake_ioctl), f);
    GError *err = NULL;
    if (!umockdev_testbed_attach_ioctl(f->tb, d->devnode, d->handler, &err) ||
        !umockdev_testbed_add_from_string(f->tb, record, &err)) {
        fprintf(stderr, "usb_fake: cannot add device: %s\n", err ? err->message : "?");
        g_clear_error(&err);
        return -1;
    }
    return slot;
}

void usb_fake_unplug(struct usb_fake *f, int slot)
{
    pthread_mutex_lock(&f->lock);
    struct fake_dev *d = &f->devs[slot];
    d->gone = true;
    pthread_mutex_unlock(&f->lock);
    umockdev_testbed_uevent(f->tb, d->syspath, "remove");
    umockdev_testbed_remove_device(f->tb, d->syspath);
}

static void fake_queue(struct usb_fake *f, int slot, const struct fake_report *r)
{
    pthread_mutex_lock(&f->lock);
    struct fake_dev *d = &f->devs[slot];
    if (d->qlen < FAKE_QUEUE) {
        d->queue[(d->qhead + d->qlen) % FAKE_QUEUE] = *r;
        d->qlen++;
        fake_pump(d);
    } else {
        fprintf(stderr, "usb_fake: report queue full\n");
    }
    pthread_mutex_unlock(&f->lock);
}

void usb_fake_push(struct usb_fake *f, int slot, const void *data, size_t len)
{
    struct fake_report r = {.status = 0, .len = len > 64 ? 64 : len};
    memcpy(r.data, data, r.len);
    fake_queue(f, slot, &r);
}

void usb_fake_push_error(struct usb_fake *f, int slot, int err)
{
    struct fake_report r = {.status = err};
    fake_queue(f, slot, &r);
}

uint64_t usb_fake_last_completion_ns(struct usb_fake *f, int slot)
{
    pthread_mutex_lock(&f->lock);
    uint64_t t = f->devs[slot].last_completion_ns;
    pthread_mutex_unlock(&f->lock);
    return t;
}

unsigned usb_fake_clear_halts(struct usb_fake *f, int slot)
{
    pthread_mutex_lock(&f->lock);
    unsigned n = f->devs[slot].clear_halts;
    pthread_mutex_unlock(&f->lock);
    return n;
}
