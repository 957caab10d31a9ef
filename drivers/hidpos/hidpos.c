/* HID POS report layouts and the report assembler (see hidpos.h). */
#include "drivers/hidpos/hidpos.h"

#include <string.h>

void hidpos_layout_default(struct hidpos_layout *l)
{
    *l = (struct hidpos_layout){
        .report_id = 2,
        .report_size = 64,
        .len_off = 1,
        .aim_off = 2,
        .data_off = 5,
        .data_max = 56,
        .cont_off = 63,
        .cont_mask = 0x01,
    };
}

/* One short item of a HID report descriptor (HID 1.11 §6.2.2.2). */
struct hid_item {
    uint8_t type; /* 0 main, 1 global, 2 local */
    uint8_t tag;
    uint32_t value;
};

/* Reads the item at *pos; returns 1, 0 at the end, or KIOSK_ERR_INVALID. */
static int hid_next_item(const uint8_t *d, size_t len, size_t *pos, struct hid_item *it)
{
    if (*pos >= len)
        return 0;
    uint8_t b = d[*pos];
    if (b == 0xFE) { /* long item: skip it */
        if (*pos + 3 > len)
            return KIOSK_ERR_INVALID;
        size_t size = d[*pos + 1];
        if (*pos + 3 + size > len)
            return KIOSK_ERR_INVALID;
        *pos += 3 + size;
        it->type = 3;
        it->tag = 0;
        it->value = 0;
        return 1;
    }
    static const size_t sizes[4] = {0, 1, 2, 4};
    size_t size = sizes[b & 3];
    if (*pos + 1 + size > len)
        return KIOSK_ERR_INVALID;
    uint32_t v = 0;
    for (size_t i = 0; i < size; i++)
        v |= (uint32_t)d[*pos + 1 + i] << (8 * i);
    it->type = (b >> 2) & 3;
    it->tag = b >> 4;
    it->value = v;
    *pos += 1 + size;
    return 1;
}

bool hidpos_descriptor_is_pos(const uint8_t *desc, size_t len)
{
    size_t pos = 0;
    struct hid_item it;
    while (hid_next_item(desc, len, &pos, &it) == 1)
        if (it.type == 1 && it.tag == 0 && it.value == HIDPOS_USAGE_PAGE)
            return true;
    return false;
}

#define HID_MAX_REPORTS 16
#define HID_MAX_USAGES  16

struct hid_report_scan {
    uint8_t id;
    uint32_t bits; /* input bits so far, excluding the ID byte */
    struct hidpos_layout lay;
    bool has_data;
    int last8_end; /* byte offset just after the last 8-bit scalar field, -1 */
    int last8_off;
};

int hidpos_layout_from_descriptor(const uint8_t *desc, size_t len, struct hidpos_layout *out)
{
    struct hid_report_scan reps[HID_MAX_REPORTS];
    size_t nreps = 0;
    uint32_t page = 0, rsize = 0, rcount = 0, usage_min = 0;
    uint32_t usages[HID_MAX_USAGES];
    size_t nusages = 0;
    uint8_t cur_id = 0;
    size_t pos = 0;
    struct hid_item it;
    int r;

    while ((r = hid_next_item(desc, len, &pos, &it)) == 1) {
        if (it.type == 1) { /* global */
            if (it.tag == 0)
                page = it.value;
            else if (it.tag == 7)
                rsize = it.value;
            else if (it.tag == 9)
                rcount = it.value;
            else if (it.tag == 8) {
                if (it.value == 0 || it.value > 255)
                    return KIOSK_ERR_INVALID;
                cur_id = (uint8_t)it.value;
            }
        } else if (it.type == 2) { /* local: usages (with page when 32-bit) */
            uint32_t u = it.value <= 0xFFFF ? (page << 16 | it.value) : it.value;
            if (it.tag == 0 && nusages < HID_MAX_USAGES)
                usages[nusages++] = u;
            else if (it.tag == 1)
                usage_min = u;
        } else if (it.type == 0) { /* main */
            if (it.tag == 8) {     /* Input */
                if (rsize > 4096 || rcount > 4096)
                    return KIOSK_ERR_INVALID;
                struct hid_report_scan *rs = NULL;
                for (size_t i = 0; i < nreps; i++)
                    if (reps[i].id == cur_id)
                        rs = &reps[i];
                if (!rs) {
                    if (nreps == HID_MAX_REPORTS)
                        return KIOSK_ERR_INVALID;
                    rs = &reps[nreps++];
                    memset(rs, 0, sizeof *rs);
                    rs->id = cur_id;
                    rs->lay.len_off = rs->lay.aim_off = rs->lay.cont_off = -1;
                    rs->last8_end = rs->last8_off = -1;
                }
                size_t base = cur_id ? 1 : 0;
                uint32_t start_bit = rs->bits;
                bool constant = it.value & 1;
                /* The field's usage: the first listed usage, else the range. */
                uint32_t u = nusages ? usages[0] : usage_min;
                if (!constant && rsize == 8 && start_bit % 8 == 0) {
                    size_t off = base + start_bit / 8;
                    if (u == (HIDPOS_USAGE_PAGE << 16 | 0xFE) && !rs->has_data) {
                        rs->has_data = true;
                        rs->lay.data_off = off;
                        rs->lay.data_max = rcount;
                    }
                    if (u == (HIDPOS_USAGE_PAGE << 16 | 0xFB) && rs->lay.aim_off < 0) {
                        rs->lay.aim_off = (int)off;
                        if (rs->last8_end == (int)off)
                            rs->lay.len_off = rs->last8_off;
                    }
                    if (rcount == 1) {
                        rs->last8_off = (int)off;
                        rs->last8_end = (int)off + 1;
                    }
                }
                /* Decode Data Continued: a 1-bit variable field. */
                for (size_t i = 0; i < nusages && i < rcount; i++) {
                    if (usages[i] == (HIDPOS_USAGE_PAGE << 16 | 0xFF) && rsize == 1 && !constant) {
                        uint32_t bit = start_bit + (uint32_t)i;
                        rs->lay.cont_off = (int)(base + bit / 8);
                        rs->lay.cont_mask = (uint8_t)(1u << (bit % 8));
                    }
                }
                rs->bits += rsize * rcount;
                if (rs->bits > 8 * 4096)
                    return KIOSK_ERR_INVALID;
            }
            nusages = 0;
            usage_min = 0;
        }
    }
    if (r < 0)
        return r;
    for (size_t i = 0; i < nreps; i++) {
        struct hid_report_scan *rs = &reps[i];
        if (!rs->has_data)
            continue;
        *out = rs->lay;
        out->report_id = rs->id;
        out->report_size = (rs->id ? 1 : 0) + (rs->bits + 7) / 8;
        return 0;
    }
    return KIOSK_ERR_NOT_FOUND;
}

bool hidpos_asm_reset(struct hidpos_asm *a)
{
    bool had = a->active;
    a->active = false;
    a->dropping = false;
    a->len = 0;
    a->aim[0] = '\0';
    return had;
}

int hidpos_asm_feed(struct hidpos_asm *a, const struct hidpos_layout *l, const uint8_t *rep,
                    size_t n, struct scan_event *ev)
{
    if (n == 0)
        return KIOSK_ERR_INVALID;
    if (l->report_id && rep[0] != l->report_id)
        return 0; /* another report of the device (status, settings) */
    if (n < l->data_off || (l->cont_off >= 0 && (size_t)l->cont_off >= n) ||
        (l->len_off >= 0 && (size_t)l->len_off >= n) ||
        (l->aim_off >= 0 && (size_t)l->aim_off + 3 > n)) {
        hidpos_asm_reset(a);
        return KIOSK_ERR_INVALID;
    }
    size_t room = n - l->data_off;
    if (room > l->data_max)
        room = l->data_max;
    size_t dlen;
    if (l->len_off >= 0) {
        dlen = rep[l->len_off];
        if (dlen > room) {
            hidpos_asm_reset(a);
            return KIOSK_ERR_INVALID;
        }
    } else {
        dlen = room;
        while (dlen > 0 && rep[l->data_off + dlen - 1] == 0)
            dlen--;
    }
    bool more = l->cont_off >= 0 && (rep[l->cont_off] & l->cont_mask);

    if (!a->active) {
        a->active = true;
        a->len = 0;
        a->aim[0] = '\0';
        if (l->aim_off >= 0 && rep[l->aim_off] == ']' && rep[l->aim_off + 1] >= 0x21 &&
            rep[l->aim_off + 1] < 0x7f && rep[l->aim_off + 2] >= 0x21 &&
            rep[l->aim_off + 2] < 0x7f) {
            a->aim[0] = (char)rep[l->aim_off + 1];
            a->aim[1] = (char)rep[l->aim_off + 2];
            a->aim[2] = '\0';
        }
    }
    if (!a->dropping) {
        if (a->len + dlen > SCAN_DATA_MAX) {
            a->dropping = true;
        } else {
            memcpy(a->buf + a->len, rep + l->data_off, dlen);
            a->len += dlen;
        }
    }
    if (more)
        return 0;
    bool dropped = a->dropping;
    size_t len = a->len;
    if (!dropped && len > 0) {
        memcpy(ev->data, a->buf, len);
        ev->length = len;
        memcpy(ev->aim, a->aim, sizeof ev->aim);
        ev->symbology = scan_symbology_from_aim(a->aim);
    }
    hidpos_asm_reset(a);
    if (dropped)
        return KIOSK_ERR_FULL;
    if (len == 0)
        return KIOSK_ERR_INVALID; /* an empty barcode is not a scan */
    return 1;
}
