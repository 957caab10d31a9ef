#!/usr/bin/env python3
"""Runs one device case folder (tests/devices/<driver>-<case>/) under umockdev.

Regenerates the fixtures from case.txt into WORKDIR and checks the checked-in
device.umockdev / trace.pcap|trace.script / expected.jsonl are current; then
replays the recording with umockdev-run around
`kioskctl listen --source SPEC --count N --timeout S --json` (real libusb,
real termios) and compares every printed event with expected.jsonl (t_ms is
not compared). Exit 0 pass, 1 fail, 77 umockdev-run missing (skip).

usage: run_case.py CASE_DIR KIOSKCTL WORKDIR
"""
import filecmp
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_fixture  # noqa: E402


def fail(msg):
    print("FAIL: " + msg)
    return 1


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    case_dir, kioskctl, work = sys.argv[1:]
    name = os.path.basename(os.path.normpath(case_dir))
    tool = shutil.which("umockdev-run")
    if not tool:
        print("SKIP: umockdev-run not installed (apt-get install umockdev)")
        return 77
    os.makedirs(work, exist_ok=True)
    gen = subprocess.run([sys.executable, os.path.join(HERE, "gen_fixture.py"), case_dir,
                          "--out", work])
    if gen.returncode != 0:
        return fail("fixture generator failed")
    case = gen_fixture.Case(os.path.join(case_dir, "case.txt"))
    rec = "trace.script" if case.tty else "trace.pcap"
    for f in ("device.umockdev", rec, "expected.jsonl"):
        if not filecmp.cmp(os.path.join(case_dir, f), os.path.join(work, f), shallow=False):
            return fail("%s/%s is not what gen_fixture.py makes of case.txt; regenerate it "
                        "(python3 tests/devices/gen_fixture.py %s)" % (name, f, case_dir))
    with open(os.path.join(work, "sysfs.txt"), encoding="utf-8") as f:
        node = f.read().strip()
    lst = case.listen
    count = lst.get("count", "1")
    cmd = [tool, "-d", os.path.join(case_dir, "device.umockdev")]
    if case.tty:
        cmd += ["-s", "%s=%s" % (node, os.path.join(case_dir, rec))]
    else:
        cmd += ["-p", "%s=%s" % (node, os.path.join(case_dir, rec))]
    cmd += ["--", kioskctl, "listen", "--source", lst.get("spec", "usb"), "--count", count,
            "--timeout", lst.get("timeout", "5"), "--json"]
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "verify_asan_link_order=0")
    print("+ " + " ".join(cmd))
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60)
    sys.stdout.write(p.stderr)
    want_rc = int(lst.get("expect_exit", "0"))
    if p.returncode != want_rc:
        sys.stdout.write(p.stdout)
        return fail("kioskctl exited %d, expected %d" % (p.returncode, want_rc))
    got = [json.loads(line) for line in p.stdout.splitlines() if line.strip()]
    with open(os.path.join(case_dir, "expected.jsonl"), encoding="utf-8") as f:
        want = [json.loads(line) for line in f if line.strip()]
    for g in got:
        if not isinstance(g.pop("t_ms", None), int):
            return fail("event without integer t_ms: %r" % g)
    if got != want:
        for i in range(max(len(got), len(want))):
            gi = got[i] if i < len(got) else None
            wi = want[i] if i < len(want) else None
            if gi != wi:
                print("event %d\n  got:  %s\n  want: %s" % (i, json.dumps(gi), json.dumps(wi)))
        return fail("%d events differ from expected.jsonl" % len(want))
    print("PASS: %s, %d event(s), exact bytes" % (name, len(got)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
