#!/usr/bin/env python3
"""Fixture generator for the USB scanner device tests (tests/devices/).

Reads a case folder's readable `case.txt` (the device and a list of
transfers) and writes, next to it or into --out DIR:
  device.umockdev  the umockdev-record device description (sysfs attributes,
                   descriptors), built from the `device`/`interface` lines;
  trace.pcap       a usbmon capture (LINKTYPE_USB_LINUX_MMAPPED) of the
                   transfers, in the order the driver issues them;
  expected.jsonl   the events `kioskctl listen --json` must print, from the
                   payloads named by the transfer lines (t_ms left out).

case.txt lines (# starts a comment; NAME=VALUE words; numbers in C syntax):
  device vid=0x0c2e pid=0x0b87 bus=1 dev=2 sysfs=1-1 manufacturer=.. product=..
  interface class=3 sub=0 proto=0 ep_in=0x81 type=int|bulk size=64 report=hidpos|bootkbd
  listen spec=usb count=1 [timeout=5] [expect_exit=0]
  ctrl_in  rt=0x81 req=6 value=0x2200 index=0 [len=N] data=HEX|report
  ctrl_out rt=0x21 req=0x0b value=0 index=0
  hidpos ep=0x81 aim=]L0 file=payload.bin [per=56]     one barcode as HID POS reports
  hidpos_raw ep=0x81 hex=...                            one raw report (garbage)
  kbd ep=0x81 file=payload.bin [enter=1] [ctrl=caret|alt]   typed as boot reports
  bulk ep=0x82 file=payload.bin [chunk=64]
  event file=payload.bin aim=]L0                        an extra expected event
For a /dev/ttyACM scanner (umockdev tty script instead of a pcap):
  tty node=ttyACM0 vid=0x0c2e pid=0x0b6a
  tty_read delay=0 file=payload.bin                     device sends the bytes
(An empty read line, "r 300 ", crashes umockdev 0.17.16's script runner; the
device stays quiet after the last line anyway, so the idle gap still ends the
barcode.)
A payload file's bytes are the barcode, exactly (LF, RS, CR included).
"""
import argparse
import json
import os
import shlex
import struct
import sys

HIDPOS_REPORT_DESC = bytes([
    0x05, 0x8C, 0x09, 0x02, 0xA1, 0x01,  # Bar Code Scanner page, scanner, application
    0x85, 0x02, 0x09, 0x12, 0xA1, 0x02,  # report ID 2, Scanned Data Report, logical
    0x15, 0x00, 0x26, 0xFF, 0x00,        # logical 0..255
    0x06, 0x66, 0xFF, 0x09, 0x01, 0x75, 0x08, 0x95, 0x01, 0x81, 0x02,  # vendor: length
    0x05, 0x8C, 0x09, 0xFB, 0x09, 0xFC, 0x09, 0xFD, 0x75, 0x08, 0x95, 0x03,
    0x81, 0x02,                          # Symbology Identifier 1..3
    0x09, 0xFE, 0x75, 0x08, 0x95, 0x38, 0x82, 0x02, 0x01,  # Decoded Data x 56
    0x06, 0x66, 0xFF, 0x09, 0x02, 0x75, 0x08, 0x95, 0x02, 0x81, 0x02,  # vendor 2 bytes
    0x05, 0x8C, 0x09, 0xFF, 0x75, 0x01, 0x95, 0x01, 0x81, 0x02,  # Decode Data Continued
    0x75, 0x07, 0x95, 0x01, 0x81, 0x03,  # padding
    0xC0, 0xC0,
])

BOOTKBD_REPORT_DESC = bytes([
    0x05, 0x01, 0x09, 0x06, 0xA1, 0x01, 0x05, 0x07, 0x19, 0xE0, 0x29, 0xE7, 0x15, 0x00,
    0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0x95, 0x01, 0x75, 0x08, 0x81, 0x01,
    0x95, 0x05, 0x75, 0x01, 0x05, 0x08, 0x19, 0x01, 0x29, 0x05, 0x91, 0x02, 0x95, 0x01,
    0x75, 0x03, 0x91, 0x01, 0x95, 0x06, 0x75, 0x08, 0x15, 0x00, 0x25, 0x65, 0x05, 0x07,
    0x19, 0x00, 0x29, 0x65, 0x81, 0x00, 0xC0,
])

REPORTS = {"hidpos": HIDPOS_REPORT_DESC, "bootkbd": BOOTKBD_REPORT_DESC}

# US layout: character -> (usage, shift)
US_KEYS = {}
for i, c in enumerate("abcdefghijklmnopqrstuvwxyz"):
    US_KEYS[c] = (0x04 + i, False)
    US_KEYS[c.upper()] = (0x04 + i, True)
for i, c in enumerate("1234567890"):
    US_KEYS[c] = (0x1E + i, False)
for i, c in enumerate("!@#$%^&*()"):
    US_KEYS[c] = (0x1E + i, True)
for u, plain, shifted in [(0x2C, " ", None), (0x2D, "-", "_"), (0x2E, "=", "+"),
                          (0x2F, "[", "{"), (0x30, "]", "}"), (0x31, "\\", "|"),
                          (0x33, ";", ":"), (0x34, "'", '"'), (0x35, "`", "~"),
                          (0x36, ",", "<"), (0x37, ".", ">"), (0x38, "/", "?"),
                          (0x2B, "\t", None)]:
    US_KEYS[plain] = (u, False)
    if shifted:
        US_KEYS[shifted] = (u, True)

KP_DIGIT = {d: (0x62 if d == 0 else 0x58 + d) for d in range(10)}


def num(v):
    return int(v, 0)


def parse_words(words):
    out = {}
    for w in words:
        k, _, v = w.partition("=")
        out[k] = v
    return out


class Case:
    def __init__(self, path):
        self.dir = os.path.dirname(os.path.abspath(path))
        self.device = None
        self.tty = None
        self.ifaces = []
        self.listen = {}
        self.ops = []
        with open(path, encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                words = shlex.split(line)
                kind, kv = words[0], parse_words(words[1:])
                if kind == "device":
                    self.device = kv
                elif kind == "tty":
                    self.tty = kv
                elif kind == "interface":
                    self.ifaces.append(kv)
                elif kind == "listen":
                    self.listen = kv
                else:
                    self.ops.append((kind, kv, lineno))

    def payload(self, name):
        with open(os.path.join(self.dir, name), "rb") as f:
            return f.read()


def descriptors(case):
    d = case.device
    dev = struct.pack("<BBHBBBBHHHBBBB", 18, 1, 0x0200, 0, 0, 0, 64, num(d["vid"]),
                      num(d["pid"]), 0x0100, 1 if "manufacturer" in d else 0,
                      2 if "product" in d else 0, 0, 1)
    body = b""
    for n, i in enumerate(case.ifaces):
        eps = []
        if "ep_in" in i:
            eps.append((num(i["ep_in"]), 3 if i.get("type", "int") == "int" else 2,
                        num(i.get("size", "64"))))
        if "ep_out" in i:
            eps.append((num(i["ep_out"]), 2, num(i.get("size", "64"))))
        body += struct.pack("<BBBBBBBBB", 9, 4, n, 0, len(eps), num(i["class"]),
                            num(i.get("sub", "0")), num(i.get("proto", "0")), 0)
        if "report" in i:
            body += struct.pack("<BBHBBBH", 9, 0x21, 0x0111, 0, 1, 0x22,
                                len(REPORTS[i["report"]]))
        for addr, typ, size in eps:
            body += struct.pack("<BBBBHB", 7, 5, addr, typ, size, 10 if typ == 3 else 0)
    cfg = struct.pack("<BBHBBBBB", 9, 2, 9 + len(body), len(case.ifaces), 1, 0, 0xA0, 50)
    return dev + cfg + body


def tty_text(case):
    t = case.tty
    node = t.get("node", "ttyACM0")
    sysfs = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/tty/" + node
    lines = [
        "P: " + sysfs[len("/sys"):],
        "N: " + node,
        "E: DEVNAME=/dev/" + node,
        "E: MAJOR=166",
        "E: MINOR=0",
        "E: SUBSYSTEM=tty",
        "E: ID_VENDOR_ID=%04x" % num(t["vid"]),
        "E: ID_MODEL_ID=%04x" % num(t["pid"]),
        "E: ID_USB_DRIVER=cdc_acm",
        "A: dev=166:0\\n",
    ]
    return "\n".join(lines) + "\n", "/dev/" + node


def caret(data):
    out = []
    for b in data:
        if b == 0x5E:
            raise SystemExit("tty_read: '^' cannot be written in a umockdev script")
        if b < 0x20:
            out.append("^" + chr(b + 0x40))
        elif b == 0x7F:
            out.append("^?")
        elif b < 0x7F:
            out.append(chr(b))
        else:
            raise SystemExit("tty_read: byte 0x%02x cannot be written in a script" % b)
    return "".join(out)


def tty_script(case):
    lines, events = [], []
    src = "tty:/dev/" + case.tty.get("node", "ttyACM0")
    for kind, kv, lineno in case.ops:
        if kind == "tty_read":
            data = case.payload(kv["file"])
            lines.append("r %d %s" % (num(kv.get("delay", "0")), caret(data)))
            events.append((src, "", data))
        else:
            raise SystemExit("case.txt line %d: %s is not a tty operation" % (lineno, kind))
    return "\n".join(lines) + "\n", events


def umockdev_text(case):
    if case.tty:
        return tty_text(case)
    d = case.device
    bus, devnum = num(d.get("bus", "1")), num(d.get("dev", "2"))
    sysfs = "/sys/devices/pci0000:00/0000:00:14.0/usb%d/%s" % (bus, d.get("sysfs", "1-1"))
    hexd = descriptors(case).hex().upper()
    lines = [
        "P: " + sysfs[len("/sys"):],
        "N: bus/usb/%03d/%03d=%s" % (bus, devnum, hexd),
        "E: BUSNUM=%03d" % bus,
        "E: DEVNAME=/dev/bus/usb/%03d/%03d" % (bus, devnum),
        "E: DEVNUM=%03d" % devnum,
        "E: DEVTYPE=usb_device",
        "E: DRIVER=usb",
        "E: ID_VENDOR_ID=%04x" % num(d["vid"]),
        "E: ID_MODEL_ID=%04x" % num(d["pid"]),
        "E: MAJOR=189",
        "E: MINOR=%d" % ((bus - 1) * 128 + devnum - 1),
        "E: PRODUCT=%x/%x/100" % (num(d["vid"]), num(d["pid"])),
        "E: SUBSYSTEM=usb",
        "A: bConfigurationValue=1\\n",
        "A: bNumInterfaces= %d\\n" % len(case.ifaces),
        "A: busnum=%d\\n" % bus,
        "A: devnum=%d\\n" % devnum,
        "A: idVendor=%04x\\n" % num(d["vid"]),
        "A: idProduct=%04x\\n" % num(d["pid"]),
        "A: speed=12\\n",
        "H: descriptors=" + hexd,
    ]
    if "manufacturer" in d:
        lines.append("A: manufacturer=%s\\n" % d["manufacturer"])
    if "product" in d:
        lines.append("A: product=%s\\n" % d["product"])
    return "\n".join(lines) + "\n", sysfs


class Pcap:
    def __init__(self, bus, devnum):
        self.bus, self.devnum = bus, devnum
        self.recs = []
        self.urb = 0x1000
        self.t = 0

    def _rec(self, urb, kind, xfer, ep, setup, status, length, data):
        self.t += 1000  # 1 ms apart
        sec, usec = divmod(self.t, 1000000)
        flag_setup = 0 if setup is not None else ord("-")
        flag_data = 0 if data else (ord("<") if ep & 0x80 else ord(">"))
        hdr = struct.pack("<QBBBBHBBqiiII8siiII", urb, ord(kind), xfer, ep, self.devnum,
                          self.bus, flag_setup, flag_data, sec, usec, status, length,
                          len(data), setup or b"\0" * 8, 0, 0, 0, 0)
        assert len(hdr) == 64
        self.recs.append(struct.pack("<IIII", sec, usec, 64 + len(data), 64 + len(data)) +
                         hdr + data)

    def transfer(self, xfer, ep, req_len, data_in=b"", data_out=b"", setup=None):
        self.urb += 1
        u = self.urb
        self._rec(u, "S", xfer, ep, setup, -115, req_len if not data_out else len(data_out),
                  data_out)
        self._rec(u, "C", xfer, ep, None, 0, len(data_in) if ep & 0x80 else len(data_out),
                  data_in)

    def bytes(self):
        return struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 220) + b"".join(self.recs)


def kbd_reports(data, enter, ctrl_style):
    reps = []

    def press(mods, usage):
        reps.append(bytes([mods, 0, usage, 0, 0, 0, 0, 0]))
        reps.append(bytes(8))

    for b in data:
        c = chr(b)
        if c in US_KEYS:
            usage, shift = US_KEYS[c]
            press(0x02 if shift else 0, usage)
        elif ctrl_style == "alt":
            # Alt held, keypad digits of the decimal code, Alt released.
            digits = "%03d" % b
            for d in digits:
                reps.append(bytes([0x04, 0, KP_DIGIT[int(d)], 0, 0, 0, 0, 0]))
                reps.append(bytes([0x04, 0, 0, 0, 0, 0, 0, 0]))
            reps.append(bytes(8))
        elif b < 0x20 and 0x01 <= b <= 0x1A:
            press(0x01, 0x04 + b - 1)  # Ctrl+letter
        elif b == 0x1E:
            press(0x01 | 0x02, 0x23)  # Ctrl+^ (Ctrl+Shift+6)
        elif b == 0x1D:
            press(0x01, 0x30)
        elif b == 0x1C:
            press(0x01, 0x31)
        elif b == 0x1B:
            press(0x01, 0x2F)
        elif b == 0x1F:
            press(0x01 | 0x02, 0x2D)
        else:
            raise SystemExit("kbd: byte 0x%02x cannot be typed" % b)
    if enter:
        press(0, 0x28)
    return reps


def build(case):
    d = case.device
    pc = Pcap(num(d.get("bus", "1")), num(d.get("dev", "2")))
    events = []
    src = "usb:%04x:%04x" % (num(d["vid"]), num(d["pid"]))
    for kind, kv, lineno in case.ops:
        if kind == "ctrl_in":
            data = kv["data"]
            payload = None
            if data in REPORTS:
                payload = REPORTS[data]
            else:
                payload = bytes.fromhex(data)
            wlen = num(kv.get("len", str(len(payload))))
            setup = struct.pack("<BBHHH", num(kv["rt"]), num(kv["req"]), num(kv["value"]),
                                num(kv["index"]), wlen)
            pc.transfer(2, 0x80, wlen, data_in=payload, setup=setup)
        elif kind == "ctrl_out":
            setup = struct.pack("<BBHHH", num(kv["rt"]), num(kv["req"]), num(kv["value"]),
                                num(kv["index"]), 0)
            pc.transfer(2, 0x00, 0, setup=setup)
        elif kind == "hidpos":
            data = case.payload(kv["file"])
            aim = kv.get("aim", "]L0").encode()
            per = num(kv.get("per", "56"))
            chunks = [data[i:i + per] for i in range(0, len(data), per)] or [b""]
            for n, ch in enumerate(chunks):
                rep = bytearray(64)
                rep[0] = 2
                rep[1] = len(ch)
                rep[2:5] = aim
                rep[5:5 + len(ch)] = ch
                rep[63] = 1 if n + 1 < len(chunks) else 0
                pc.transfer(1, num(kv["ep"]), 64, data_in=bytes(rep))
            events.append((src, aim.decode()[1:], data))
        elif kind == "hidpos_raw":
            pc.transfer(1, num(kv["ep"]), 64, data_in=bytes.fromhex(kv["hex"]))
        elif kind == "kbd":
            data = case.payload(kv["file"])
            for rep in kbd_reports(data, kv.get("enter", "1") == "1", kv.get("ctrl", "caret")):
                pc.transfer(1, num(kv["ep"]), 8, data_in=rep)
            aim = ""
            if len(data) >= 3 and data[:1] == b"]":
                aim, data = data[1:3].decode(), data[3:]
            events.append((src, aim, data))
        elif kind == "bulk":
            data = case.payload(kv["file"])
            chunk = num(kv.get("chunk", "64"))
            for i in range(0, len(data), chunk):
                pc.transfer(3, num(kv["ep"]), 64, data_in=data[i:i + chunk])
            events.append((src, kv.get("aim", "]")[1:], data))
        elif kind == "event":
            events.append((kv.get("source", src), kv.get("aim", "]")[1:],
                           case.payload(kv["file"])))
        else:
            raise SystemExit("%s line %d: unknown transfer kind %s" % ("case.txt", lineno, kind))
    return pc.bytes(), events


SYMS = {"L": "PDF417", "C": "Code 128", "A": "Code 39", "Q": "QR Code", "d": "Data Matrix",
        "E": "EAN-13", "I": "Interleaved 2 of 5", "z": "Aztec"}


def escape(data):
    out = []
    for b in data:
        if b == 0x5C:
            out.append("\\\\")
        elif 0x20 <= b < 0x7F:
            out.append(chr(b))
        elif b in (0x0A, 0x0D, 0x09):
            out.append({0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"}[b])
        else:
            out.append("\\x%02x" % b)
    return "".join(out)


def expected_lines(events):
    lines = []
    for src, aim, data in events:
        obj = {"source": src, "symbology": SYMS.get(aim[:1], "unknown"), "aim": aim,
               "length": len(data), "hex": data.hex(), "text": escape(data)}
        lines.append(json.dumps(obj, separators=(",", ":")))
    return "\n".join(lines) + "\n" if lines else ""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("case_dir")
    ap.add_argument("--out", help="write here instead of the case folder")
    a = ap.parse_args()
    case = Case(os.path.join(a.case_dir, "case.txt"))
    out = a.out or a.case_dir
    os.makedirs(out, exist_ok=True)
    text, sysfs = umockdev_text(case)
    with open(os.path.join(out, "device.umockdev"), "w", encoding="utf-8") as f:
        f.write(text)
    if case.tty:
        script, events = tty_script(case)
        with open(os.path.join(out, "trace.script"), "w", encoding="utf-8") as f:
            f.write(script)
    else:
        pcap, events = build(case)
        with open(os.path.join(out, "trace.pcap"), "wb") as f:
            f.write(pcap)
    with open(os.path.join(out, "expected.jsonl"), "w", encoding="utf-8") as f:
        f.write(expected_lines(events))
    with open(os.path.join(out, "sysfs.txt"), "w", encoding="utf-8") as f:
        f.write(sysfs + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
