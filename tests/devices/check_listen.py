#!/usr/bin/env python3
"""`kioskctl listen` end to end without USB: a sim directory of payload files
comes out byte for byte (hex) with control characters escaped in text, in
name order; bad sources give one-line messages and the documented exit
codes (64 usage, 66 missing sim path, 69 a named USB device that is absent).

usage: check_listen.py KIOSKCTL
"""
import json
import os
import subprocess
import sys
import tempfile

AAMVA = (b"@\n\x1e\rANSI 636000090001DL00310045DLDAQX98765\nDCSTESTER\n"
         b"DACJANE\nDBB01021990\r")


def run(kioskctl, *args):
    return subprocess.run([kioskctl, "listen", *args], capture_output=True, text=True,
                          timeout=30)


def main():
    kioskctl = sys.argv[1]
    bad = 0
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "01-licence"), "wb") as f:
            f.write(AAMVA)
        with open(os.path.join(d, "02-badge"), "wb") as f:
            f.write(b"P1234567")
        p = run(kioskctl, "--source", "sim:%s?aim=L0" % d, "--count", "1", "--json")
        lines = p.stdout.splitlines()
        if p.returncode != 0 or len(lines) != 1:
            print("FAIL: --count 1 gave exit %d and %d lines" % (p.returncode, len(lines)))
            return 1
        o = json.loads(lines[0])
        want = {"source": "sim:" + d, "symbology": "PDF417", "aim": "L0",
                "length": len(AAMVA), "hex": AAMVA.hex(),
                "text": "@\\n\\x1e\\rANSI 636000090001DL00310045DLDAQX98765\\nDCSTESTER\\n"
                        "DACJANE\\nDBB01021990\\r"}
        t_ms = o.pop("t_ms", None)
        if o != want or not isinstance(t_ms, int):
            print("FAIL: got %r\n      want %r" % (o, want))
            bad += 1
        if bytes.fromhex(o["hex"]) != AAMVA:
            print("FAIL: hex is not the file's bytes")
            bad += 1
        p = run(kioskctl, "--source", "sim:" + d, "--json")
        got = [json.loads(x)["hex"] for x in p.stdout.splitlines()]
        if p.returncode != 0 or got != [AAMVA.hex(), b"P1234567".hex()]:
            print("FAIL: whole directory: exit %d, %r" % (p.returncode, got))
            bad += 1
        p = run(kioskctl, "--source", "sim:" + d, "--count", "3")
        if p.returncode != 66 or "ended after 2 of 3" not in p.stderr:
            print("FAIL: source ending early: exit %d, %s" % (p.returncode, p.stderr))
            bad += 1
    for args, code, text in [
        (["--source", "bogus"], 64, "unknown scanner source"),
        (["--count", "0"], 64, "--count"),
        (["--source", "sim:/nonexistent/scans"], 66, "cannot open /nonexistent/scans"),
        (["--source", "usb:1234:5678", "--count", "1"], 69, "no USB device 1234:5678"),
        (["--source", "tty:/nonexistent/ttyACM9"], 69, "cannot open /nonexistent/ttyACM9"),
    ]:
        p = run(kioskctl, *args)
        msg = p.stderr.strip().splitlines()
        if p.returncode != code or not msg or text not in msg[-1]:
            print("FAIL: %s: exit %d (want %d), stderr %r" % (args, p.returncode, code, p.stderr))
            bad += 1
    print("PASS" if not bad else "%d failures" % bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
