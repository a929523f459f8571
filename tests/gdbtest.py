#!/usr/bin/env python3
"""Check the gdb commands of tools/kgdb.py against a running kernel.

Boots the system in QEMU with its gdb stub on a free port, attaches gdb
in batch mode with a breakpoint in the page-fault path (mmap_fault),
types `mmapdemo` at the shell, and when the breakpoint hits runs every
command of tools/kgdb.py: kps, kpmap, kwalk before and after the page is
mapped, kkm, and kpages for mmapdemo's own inode (exec read the program
through the page cache). Each command's output is checked for what must
be there; kpages's rows are checked against the file itself: gdb reads
the first bytes of every physical page kpages names, and they must be
the bytes of user/_mmapdemo at that page number. Prints one line per
check and `gdb: N checks OK` or the failures with gdb's whole output;
exits 1 on any failure.

Owns only this test. It uses the runner's Guest and Images
(tests/runtests.py) to drive QEMU and needs xv6.img, fs.img and
kernel/kernel built (make).

  python3 tests/gdbtest.py [--cpus N] [-v]
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import runtests  # noqa: E402  (the runner's QEMU driver)

TOP = runtests.TOP
GDB_TIMEOUT = 120   # seconds gdb may take from attach to quit

# What gdb runs once attached. The breakpoint is on the mmap area only:
# the shell's fork makes its own first writes copy-on-write faults,
# below MMAPBASE. `finish` returns from mmap_fault, so the second kwalk
# sees the page the fault mapped. INUM is mmapdemo's inode number.
GDB_SCRIPT = [
    "set pagination off",
    "set confirm off",
    "symbol-file kernel/kernel",
    "source tools/kgdb.py",
    "break mmap_fault if va >= 0x40000000",
    "echo ==continuing\\n",
    "continue",
    "set $pid = p->pid",
    "set $va = va",
    "echo ==kps\\n",
    "kps",
    "echo ==kpmap\\n",
    "kpmap $pid",
    "echo ==kwalk-before\\n",
    "kwalk $pid $va",
    "delete",
    "finish",
    "echo ==kwalk-after\\n",
    "kwalk $pid $va",
    "echo ==kkm\\n",
    "kkm",
    "echo ==kpages-all\\n",
    "kpages",
    "echo ==kpages\\n",
    "kpages INUM",
    "echo ==bytes\\n",
    "python exec(PEEK)",
    "echo ==done\\n",
    "detach",
]

# Run inside gdb: parse what `kpages INUM` printed and, for each row, the
# first BYTES bytes at that physical address (through the kernel's map
# of physical memory at KERNBASE), as "PN HEX". The test compares them
# with the file, so a wrong page number or address in kpages shows.
BYTES = 16
PEEK = r"""
import re
out = gdb.execute("kpages INUM", to_string=True)
for m in re.finditer(r"^\s*(\d+) 0x([0-9a-f]{8}) ", out, re.M):
    mem = gdb.selected_inferior().read_memory(0x80000000 + int(m.group(2), 16), BYTES)
    print("%s %s" % (m.group(1), bytes(mem).hex()))
"""

# For each section of gdb's output: (what it shows, patterns it must hold).
CHECKS = [
    ("kps", "kps lists mmapdemo running on a CPU",
     [r"^\s+\d+ RUNNING\s+\d+ mmapdemo\s+0x[0-9a-f]+$",
      r"^\s+1 SLEEPING\s+- init\b"]),
    ("kpmap", "kpmap shows mmapdemo's program, stack and one anonymous "
     "mapping, nothing resident in it",
     [r"^pid \d+ mmapdemo: \d+ regions$",
      r"^  00000000-[0-9a-f]{8} r-xp 00001000 inode \d+\s+\d+ pages \[text\]$",
      r"^  [0-9a-f]{8}-[0-9a-f]{8} rw-p 00000000 anon\s+1 pages \[stack\]$",
      r"^  40000000-40004000 rw-p 00000000 anon\s+0 pages$"]),
    ("kwalk-before", "kwalk before the fault: no page there",
     [r"^va 0x[0-9a-f]{8}: PDX \d+, PTX \d+, offset 0x000$",
      r"(no page table|not present)"]),
    ("kwalk-after", "kwalk after the fault: a present, writable user page",
     [r"PTE\[\d+\] = 0x[0-9a-f]{8}  P W U\b",
      r"^  -> physical 0x[0-9a-f]{8}$"]),
    ("kkm", "kkm lists kmalloc's nine classes, 16 to 4096 bytes",
     [r"^\s+SIZE\s+LIVE\s+PAGES$", r"^\s+16\s+\d+\s+\d+$",
      r"^\s+4096\s+\d+\s+\d+$"]),
]


def check_kpages(got, inum, size, path):
    """Failures of kpages's output against the file at path (inode inum,
    size bytes): the listing of owners names inum with as many pages as
    the rows show; every row is a page inside the file, in order, clean,
    unpinned, with no writable mapping and a reference count of at least
    1 (the cache's); page 0 is there (exec read the ELF header through
    the cache); and every page's first bytes in memory are the file's."""
    fails = []
    rows = re.findall(r"^\s*(\d+) 0x([0-9a-f]{8})\s+(\d+)\s+(\S+)"
                      r"\s+(\d+)\s+(\d+)$", got.get("kpages", ""), re.M)
    head = re.search(r"^inode %d: size %d, (\d+) cached pages, 0 dirty$"
                     % (inum, size), got.get("kpages", ""), re.M)
    if not head:
        fails.append("kpages %d: no header 'inode %d: size %d, N cached "
                     "pages, 0 dirty'" % (inum, inum, size))
    elif int(head.group(1)) != len(rows):
        fails.append("kpages %d: header says %s pages, %d rows" %
                     (inum, head.group(1), len(rows)))
    owner = re.search(r"^\s*%d\s+%d\s+(\d+)\s+0\s+\d+$" % (inum, size),
                      got.get("kpages-all", ""), re.M)
    if not owner or int(owner.group(1)) != len(rows):
        fails.append("kpages: inode %d not listed with %d pages" %
                     (inum, len(rows)))
    pns = [int(r[0]) for r in rows]
    if not pns or pns[0] != 0:
        fails.append("kpages %d: page 0 (the ELF header) is not cached" %
                     inum)
    if pns != sorted(set(pns)) or any(pn * 4096 >= size for pn in pns):
        fails.append("kpages %d: page numbers %s not in order within the "
                     "file" % (inum, pns))
    for pn, pa, ref, dirty, wmaps, pins in rows:
        if int(pa, 16) % 4096 or int(ref) < 1 or dirty != "no" or \
                wmaps != "0" or pins != "0":
            fails.append("kpages %d: bad row for page %s: 0x%s ref %s "
                         "dirty %s wmaps %s pins %s" %
                         (inum, pn, pa, ref, dirty, wmaps, pins))
    with open(path, "rb") as f:
        data = f.read()
    seen = dict(re.findall(r"^(\d+) ([0-9a-f]+)$", got.get("bytes", ""),
                           re.M))
    for pn in pns:
        want = data[pn * 4096:pn * 4096 + BYTES].ljust(BYTES, b"\0").hex()
        if seen.get(str(pn)) != want:
            fails.append("kpages %d: page %d's memory holds %s, the file "
                         "%s" % (inum, pn, seen.get(str(pn)), want))
    return fails


def file_inode(guest, name):
    """(inum, size) of /name, from the guest's ls; None if not listed."""
    guest.type("ls")
    event, text = guest.wait_for(runtests.PROMPT_RE, 60)
    m = re.search(r"^%s\s+2 (\d+) (\d+)\s*$" % re.escape(name), text, re.M)
    return (int(m.group(1)), int(m.group(2))) if m else None


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def sections(text):
    """gdb's output cut at the ==NAME markers: {NAME: text}."""
    out, name = {}, None
    for line in text.split("\n"):
        m = re.match(r"^==(\S+)$", line)
        if m:
            name = m.group(1)
            out[name] = ""
        elif name:
            out[name] += line + "\n"
    return out


def read_until(proc, marker, timeout, sink):
    """Read proc's stdout into sink (a list) until a line equals marker."""
    deadline = time.monotonic() + timeout
    fd = proc.stdout.fileno()
    buf = b""
    while time.monotonic() < deadline:
        ready, _, _ = runtests.select.select([fd], [], [], 0.5)
        if not ready:
            continue
        data = os.read(fd, 65536)
        if not data:
            break
        buf += data
        if ("\n" + marker + "\n").encode() in b"\n" + buf:
            break
    sink.append(buf.decode("utf-8", "replace"))
    return marker.encode() in buf


def run(opts):
    missing = runtests.missing_images()
    if missing or not os.path.exists(os.path.join(TOP, "kernel", "kernel")):
        print("gdb: %s" % (missing or "kernel/kernel is missing: run make"))
        return 1
    port = free_port()
    ropts = argparse.Namespace(qemu_cmd=None, icount=False, keep_fs=False,
                               boot_timeout=60)
    failures = []
    gdbout = []
    stream = sys.stdout if opts.verbose else None
    with runtests.Images(False) as images, \
            runtests.open_log("gdbtest.log") as log:
        argv = runtests.qemu_argv(ropts, images, opts.cpus)
        argv += ["-gdb", "tcp:127.0.0.1:%d" % port]
        with runtests.Guest(argv, log, stream) as guest:
            guest.start()
            dead = runtests.boot(guest, ropts)
            if dead:
                print("gdb: %s" % dead)
                return 1
            ino = file_inode(guest, "mmapdemo")
            if ino is None:
                print("gdb: ls does not list mmapdemo")
                return 1
            peek = PEEK.replace("INUM", str(ino[0])).replace(
                "BYTES", str(BYTES))
            cmd = ["gdb", "-nx", "-batch",
                   "-ex", "target remote 127.0.0.1:%d" % port,
                   "-ex", "python PEEK = %r" % peek]
            for line in GDB_SCRIPT:
                cmd += ["-ex", line.replace("INUM", str(ino[0]))]
            gdb = subprocess.Popen(cmd, cwd=TOP, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT,
                                   preexec_fn=runtests.die_with_parent)
            try:
                if not read_until(gdb, "==continuing", GDB_TIMEOUT, gdbout):
                    failures.append("gdb never got as far as `continue`")
                else:
                    time.sleep(0.5)  # let `continue` reach the stub
                    guest.type("mmapdemo")
                    read_until(gdb, "==done", GDB_TIMEOUT, gdbout)
                    try:
                        rest, _ = gdb.communicate(timeout=30)
                        gdbout.append(rest.decode("utf-8", "replace"))
                    except subprocess.TimeoutExpired:
                        failures.append("gdb did not quit after detach")
                    event, text = guest.wait_for(runtests.PROMPT_RE, 60)
                    if event != "match" or \
                            not re.search(r"mmapdemo: stored 'x' at", text):
                        failures.append("mmapdemo did not finish after "
                                        "detach (%s)" % event)
            finally:
                if gdb.poll() is None:
                    gdb.kill()
                    gdb.wait()
    text = "".join(gdbout)
    if opts.verbose:
        sys.stdout.write(text)
    got = sections(text)
    checks = 0
    for name, what, patterns in CHECKS:
        body = got.get(name)
        missing = [p for p in patterns
                   if body is None or not re.search(p, body, re.MULTILINE)]
        checks += 1
        if missing:
            failures.append("%s: no line matching %s" %
                            (what, ", ".join("/%s/" % p for p in missing)))
        else:
            print("gdb: ok: %s" % what)
    kp = check_kpages(got, ino[0], ino[1],
                      os.path.join(TOP, "user", "_mmapdemo"))
    checks += 1
    if kp:
        failures += kp
    else:
        print("gdb: ok: kpages lists mmapdemo's cached pages, and their "
              "memory holds the file's bytes")
    if failures:
        for f in failures:
            print("gdb: FAILED: %s" % f)
        print("gdb's output:")
        runtests.show_lines(runtests.tail_lines(text, 80))
        return 1
    print("gdb: %d checks OK" % checks)
    return 0


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cpus", type=int, default=2)
    ap.add_argument("-v", "--verbose", action="store_true")
    return run(ap.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
