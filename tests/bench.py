#!/usr/bin/env python3
"""Run user/mmapbench.c on this kernel and on Linux; print one table.

This file owns `make bench`'s comparison: building the benchmark for
Linux i386, getting a Linux kernel, booting both in the same QEMU, and
the table with its targets and footnotes. It reuses the guest driver of
tests/runtests.py and changes no source.

  python3 tests/bench.py             build, run both, print the table
  python3 tests/bench.py --no-build  use the images make already built
  python3 tests/bench.py --no-linux  this kernel's column only
  python3 tests/bench.py --doc       also write the table into
                                     docs/benchmarks.md (make bench DOC=1)

Both kernels run under qemu-system-i386 -icount shift=0 -smp 1 -m 512,
where the guest's time-stamp counter advances one tick per guest
instruction; mmapbench reads it with rdtsc in user space on both, so
every figure is guest instructions, user and kernel together.

Linux is Debian's i386 kernel: the package linux-image-686 depends on,
fetched with `apt-get download` (this needs the i386 architecture in
apt: dpkg --add-architecture i386 && apt-get update) and cached with
the benchmark and its initramfs in tests/build/linux/, which is never
committed. LINUX_VMLINUZ=path uses another kernel instead. The initramfs
holds one program, /init, which is the benchmark built with
gcc -m32 -static -DBENCH_LINUX (tests/linux/xv6compat.h); its exit powers
the machine off. If Linux cannot be had, the table says why in one line
and shows this kernel's column alone.

With --doc the whole report (header with the commit measured, table,
footnotes, mmapbench's own targets) replaces what lies between the
BEGIN and END markers in docs/benchmarks.md, as a code block; nothing
else in the document changes, and a failed run writes nothing.

Exit status 1 if this kernel's run failed; unmet targets are reported in
the table, not in the status. Python 3 standard library only.
"""

import argparse
import contextlib
import glob
import io
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import runtests  # noqa: E402  (the guest driver: Guest, Images, boot)

TOP = runtests.TOP
LINUXDIR = os.path.join(TOP, "tests", "build", "linux")
BENCH_SRC = os.path.join(TOP, "user", "mmapbench.c")
BENCH_BIN = os.path.join(LINUXDIR, "mmapbench")
# The programs mmapbench execs, built for Linux as well: (name, source).
EXEC_PROGS = [(n, os.path.join(TOP, "user", n + ".c"))
              for n in ("tinyprog", "bigtext")]
INITRAMFS = os.path.join(LINUXDIR, "initramfs.cpio")
VMLINUZ = os.path.join(LINUXDIR, "vmlinuz")
VERSION = os.path.join(LINUXDIR, "vmlinuz.version")
META = "linux-image-686:i386"
TIMEOUT = 900          # seconds each benchmark run may take
DONE = "mmapbench: done"
DOC = os.path.join(TOP, "docs", "benchmarks.md")
DOC_BEGIN = "<!-- BEGIN make bench DOC=1: generated, do not edit by hand -->"
DOC_END = "<!-- END make bench DOC=1 -->"

# Targets: operation (as mmapbench names it, or a derived row below),
# the most instructions allowed, and the issue that set it.
TARGETS = {
    "null system call (getpid)": (250, 16),
    "memset 4 KiB (C library)": (1150, 16),
    "memmove 4 KiB (C library)": (1150, 16),
    "memcpy 4 KiB (C library)": (1150, 16),
    "first touch, anonymous (256-page region)": (2100, 16),
    "fork, per region (N=10000 vs N=10)": (1700, 16),
    "fault, page in the page cache, private": (2000, 12),
    "read 64-page mapping of a cached file, /page": (544, 12),
    "read() of a cached 4 KiB page": (3000, 12),
    "fork+exit+wait, 64 touched pages": (130000, 13),
    "fork, per heap page (4 MiB heap vs none)": (150, 13),
    "fork+exit+wait, no regions": (108560, 14),
    "sbrk(+4096) and first touch": (3203, 14),
    "exec, 1 MiB text vs small program, %": (20, 14),
}

# Operations whose meaning differs between the two kernels.
NOTES = {
    "null system call (getpid)": "a",
    "memset 4 KiB (C library)": "b",
    "memmove 4 KiB (C library)": "b",
    "memcpy 4 KiB (C library)": "b",
    "mmap+munmap, 1 anonymous page, untouched": "c",
    "first touch, file private, blocks cached": "d",
    "first touch, file shared, blocks cached": "d",
    "first touch, file private, from disk": "d",
    "first touch, file shared, from disk": "d",
    "fault, page in the page cache, private": "d",
    "fault, page in the page cache, shared": "d",
    "read 64-page mapping of a cached file, /page": "d",
    "fork+exit+wait, 64 touched pages": "e",
    "fork, per region (N=10000 vs N=10)": "e",
    "fork+exit+wait, 4 MiB touched heap": "e",
    "fork, per heap page (4 MiB heap vs none)": "e",
    "kernel memory per region, bytes": "f",
    "fork+exec+exit+wait, small program": "g",
    "fork+exec+exit+wait, 1 MiB text, 1 page used": "g",
    "exec, 1 MiB text vs small program, %": "g",
}

FOOTNOTES = """\
[a] Both enter the kernel with a software interrupt: int $64 here, a raw
    int $0x80 on Linux. glibc's getpid() would enter through the vDSO
    (sysenter) and cost Linux about 40 more.
[b] Each system's own C library: this kernel's user/ulib.c, Linux's
    static glibc. Both use rep stosl / rep movsl.
[c] Linux's other system calls go through glibc (vDSO, sysenter). Linux
    places mmap(0) top-down below its mmap base, not in the hole amid
    the background regions, so its tree walks differ in the scaling rows.
[d] On Linux the scratch file lives in the initramfs (ramfs): its pages
    are always in the page cache, there is no disk, and fault-around
    maps up to 16 cached pages per fault, so a per-page figure shares
    one fault among the pages of the mapping (3 pages for "blocks
    cached"). This kernel has a page cache too (docs/pagecache.md), with
    the same fault-around: its "blocks cached" and "from disk" rows are
    page-cache misses (the blocks come from the buffer cache, or the
    disk, which includes waiting for the host and varies from run to
    run; "from disk" is one run, not a median), its "page cache" rows
    hits.
[e] Both fork copy-on-write: no page is copied at fork, each present
    private page costs a PTE copy and a reference (docs/cow.md). Both
    copy every region: here a kmalloc and a node copy each (the tree's
    shape is copied whole), then a kmfree at exit.
[f] This kernel: kmalloc bytes per region (kmstat). Linux: the growth of
    Slab in /proc/meminfo per region (vm_area_struct, maple tree nodes),
    to 1 kB over 10,000 regions.
[g] The child execs user/tinyprog.c (here 7 KiB of text: main and the
    user library) or user/bigtext.c (the same plus a 1 MiB const array
    in its text, of which it reads one byte). "vs small program" is how
    much more the second costs, in percent (issue 14: at most 20). On
    Linux both are static glibc programs in the initramfs, each with
    about 650 KiB of glibc's text besides and its startup code to run;
    Linux maps a program at exec and pages it in on demand."""

ROW_RE = re.compile(r"^(\S.*?)\s+(\d+)\s+(\d+)\s+(\d+)\s*$")
MEM_RE = re.compile(r"^kernel memory per region .*?: (\d+) bytes")


# ---------------------------------------------------------------------
# Running the benchmark


def qemu_opts():
    return argparse.Namespace(qemu_cmd=None, icount=True, boot_timeout=120)


def run_xv6():
    """Boot this kernel, run mmapbench; returns (console text, error)."""
    if runtests.missing_images():
        return "", runtests.missing_images()
    opts = qemu_opts()
    with runtests.Images(False) as images, \
            runtests.open_log("bench-xv6.log") as log, \
            runtests.Guest(runtests.qemu_argv(opts, images, 1), log) as g:
        dead = runtests.start_and_boot(g, opts)
        if dead:
            return g.console, dead
        g.type("mmapbench")
        event, _ = g.wait_for(runtests.PROMPT_RE, TIMEOUT)
        if event != "match":
            return g.console, runtests.why_dead(event, g, TIMEOUT)
        m = re.search(r"^.*FAILED.*$", g.console, re.M)
        if m:
            return g.console, m.group(0).strip()
        return g.console, None


def run(argv, **kw):
    return subprocess.run(argv, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          **kw)


def build_linux_bench():
    """Compile mmapbench and the programs it execs for Linux; returns an
    error or None."""
    os.makedirs(LINUXDIR, exist_ok=True)
    for src, out in [(BENCH_SRC, BENCH_BIN)] + \
            [(src, os.path.join(LINUXDIR, n)) for n, src in EXEC_PROGS]:
        try:
            p = run(["gcc", "-m32", "-static", "-O2", "-Wall", "-Werror",
                     "-DBENCH_LINUX", "-I", os.path.join(TOP, "tests",
                                                         "linux"),
                     src, "-o", out])
        except OSError as e:
            return "cannot run gcc: %s" % e
        if p.returncode != 0:
            lines = p.stdout.decode("utf-8", "replace").strip().split("\n")
            return "gcc -m32 -static failed (%s)" % lines[-1]
    return None


def fetch_linux():
    """The cached vmlinuz, fetched if need be: (path, version, error)."""
    path = os.environ.get("LINUX_VMLINUZ")
    if path:
        if not os.path.exists(path):
            return None, None, "LINUX_VMLINUZ=%s does not exist" % path
        return path, os.path.basename(path), None
    if os.path.exists(VMLINUZ) and os.path.exists(VERSION):
        with open(VERSION) as f:
            return VMLINUZ, f.read().strip(), None
    try:
        p = run(["apt-cache", "depends", META])
    except OSError as e:
        return None, None, "no apt-cache (%s)" % e
    m = re.search(r"Depends: (linux-image-\S+)",
                  p.stdout.decode("utf-8", "replace"))
    if not m:
        return None, None, ("no package %s (add the architecture: dpkg "
                            "--add-architecture i386 && apt-get update)"
                            % META)
    pkg = m.group(1)
    for old in glob.glob(os.path.join(LINUXDIR, "*.deb")):
        os.unlink(old)
    p = run(["apt-get", "download", pkg], cwd=LINUXDIR)
    debs = glob.glob(os.path.join(LINUXDIR, "*.deb"))
    if p.returncode != 0 or not debs:
        out = p.stdout.decode("utf-8", "replace").strip().split("\n")
        return None, None, "apt-get download %s failed (%s)" % (pkg, out[-1])
    deb = debs[0]
    # Only the kernel image is needed: take it out of the package's
    # data archive, not the whole tree of modules.
    tar = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", deb],
                           stdout=subprocess.PIPE)
    x = subprocess.run(["tar", "-x", "-C", LINUXDIR, "--wildcards",
                        "./boot/vmlinuz-*"], stdin=tar.stdout,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    tar.stdout.close()
    tar.wait()
    found = glob.glob(os.path.join(LINUXDIR, "boot", "vmlinuz-*"))
    if x.returncode != 0 or not found:
        return None, None, "no vmlinuz in %s" % os.path.basename(deb)
    shutil.move(found[0], VMLINUZ)
    shutil.rmtree(os.path.join(LINUXDIR, "boot"))
    version = "%s (Debian package %s)" % (
        os.path.basename(found[0])[len("vmlinuz-"):],
        os.path.basename(deb)[:-len(".deb")])
    os.unlink(deb)
    with open(VERSION, "w") as f:
        f.write(version + "\n")
    return VMLINUZ, version, None


def cpio_entry(name, mode, data=b"", rdev=(0, 0)):
    """One member of a newc ("070701") cpio archive."""
    name = name.encode() + b"\0"
    fields = (0, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1],
              len(name), 0)
    out = b"070701" + b"".join(b"%08x" % v for v in fields) + name
    out += b"\0" * (-len(out) % 4)
    return out + data + b"\0" * (-len(data) % 4)


def make_initramfs():
    """/init is the benchmark, beside the programs it execs; /dev/console
    lets the kernel give it a console as stdin, stdout and stderr; /proc
    is for kmstat."""
    def program(name, path):
        with open(path, "rb") as f:
            return cpio_entry(name, 0o100755, f.read())
    archive = (cpio_entry("dev", 0o040755) +
               cpio_entry("dev/console", 0o020600, rdev=(5, 1)) +
               cpio_entry("proc", 0o040755) +
               program("init", BENCH_BIN) +
               b"".join(program(n, os.path.join(LINUXDIR, n))
                        for n, _ in EXEC_PROGS) +
               cpio_entry("TRAILER!!!", 0))
    with open(INITRAMFS, "wb") as f:
        f.write(archive)


def run_linux(vmlinuz):
    """Boot Linux on the initramfs; returns (console text, error)."""
    argv = [os.environ.get("QEMU", "qemu-system-i386"),
            "-kernel", vmlinuz, "-initrd", INITRAMFS,
            "-append", "console=ttyS0 quiet",
            "-smp", "1,sockets=1", "-m", "512", "-icount", "shift=0",
            "-display", "none", "-serial", "stdio", "-monitor", "none",
            "-no-reboot"]
    with runtests.open_log("bench-linux.log") as log, \
            runtests.Guest(argv, log) as g:
        try:
            g.start()
        except OSError as e:
            return "", "cannot start QEMU: %s" % e
        event, _ = g.wait_for(re.compile(re.escape(DONE) + r"\n"), TIMEOUT)
        if DONE in g.console:
            return g.console, None
        return g.console, runtests.why_dead(event, g, TIMEOUT)


# ---------------------------------------------------------------------
# The table


def parse(text):
    """mmapbench's output: {operation: median}, in order, plus the
    derived rows, and the lines that state its own targets."""
    rows, targets = {}, []
    for line in text.replace("\r", "").split("\n"):
        m = ROW_RE.match(line)
        if m and not line.startswith("operation"):
            rows[m.group(1)] = int(m.group(2))
        m = MEM_RE.match(line)
        if m:
            rows["kernel memory per region, bytes"] = int(m.group(1))
        if re.search(r"target .*: (met|not met)$", line):
            line = line.strip()
            if line.startswith("target"):
                line = "kernel memory per region: " + line
            targets.append(line)
    a = rows.get("fork+exit+wait                       N=10")
    b = rows.get("fork+exit+wait                       N=10000")
    if a is not None and b is not None:
        rows["fork, per region (N=10000 vs N=10)"] = (b - a) // 9990
    a = rows.get("fork+exit+wait, no regions")
    b = rows.get("fork+exit+wait, 4 MiB touched heap")
    if a is not None and b is not None:
        rows["fork, per heap page (4 MiB heap vs none)"] = (b - a) // 1024
    a = rows.get("fork+exec+exit+wait, small program")
    b = rows.get("fork+exec+exit+wait, 1 MiB text, 1 page used")
    if a and b is not None:
        rows["exec, 1 MiB text vs small program, %"] = (b - a) * 100 // a
    return rows, targets


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "-"
    return "%.2f" % (a / b)


def show(n):
    return "-" if n is None else "{:,}".format(n)


def table(mine, linux, linux_why, linux_version):
    names = list(mine) + [n for n in (linux or {}) if n not in mine]
    ops = [n for n in names if "N=" not in n]
    scaled = [n for n in names if "N=" in n]
    w = max(len(n) for n in names) + 4
    head = "%-*s %11s %11s %6s  %-21s %s" % (
        w, "operation", "this kernel", "Linux", "ratio", "target", "result")
    print(head)
    print("-" * len(head))
    for group in (ops, scaled):
        for n in group:
            label = n + (" [%s]" % NOTES[n] if n in NOTES else "")
            a = mine.get(n)
            b = linux.get(n) if linux else None
            target, result = "", ""
            if n in TARGETS:
                limit, issue = TARGETS[n]
                target = "<= {:,} (issue {})".format(limit, issue)
                result = ("not run" if a is None else
                          "met" if a <= limit else "not met")
            r = "-" if n.endswith("%") else ratio(a, b)
            line = "%-*s %11s %11s %6s  %-21s %s" % (
                w, label, show(a), show(b), r, target, result)
            print(line.rstrip())
        print()
    if linux is None:
        print("Linux: not measured: %s" % linux_why)
    else:
        print("Linux: %s" % linux_version)
    print("ratio: this kernel / Linux (below 1.00: this kernel needs "
          "fewer instructions)")
    print(FOOTNOTES)


def qemu_version():
    try:
        p = run([os.environ.get("QEMU", "qemu-system-i386"), "--version"])
        return p.stdout.decode("utf-8", "replace").split("\n")[0]
    except OSError:
        return "QEMU not found"


def commit():
    try:
        p = run(["git", "-C", TOP, "log", "-1", "--format=%h %s"])
        dirty = run(["git", "-C", TOP, "status", "--porcelain",
                     "--untracked-files=no"]).stdout.strip()
        return p.stdout.decode().strip()[:60] + (" (plus uncommitted "
                                                  "changes)" if dirty else "")
    except OSError:
        return "?"


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--no-build", action="store_true",
                    help="do not run make first")
    ap.add_argument("--no-linux", action="store_true",
                    help="measure this kernel only")
    ap.add_argument("--doc", action="store_true",
                    help="write the table into docs/benchmarks.md")
    opts = ap.parse_args(argv)
    if not opts.no_build:
        if not runtests.make_or_say("bench: build failed"):
            return 1

    print("bench: this kernel ...", flush=True)
    text, why = run_xv6()
    if why:
        print("bench: this kernel's run failed: %s" % why)
        runtests.show_lines(runtests.tail_lines(text))
        return 1
    mine, mytargets = parse(text)

    linux, linux_why, version = None, None, None
    if opts.no_linux:
        linux_why = "--no-linux"
    else:
        linux_why = build_linux_bench()
        if not linux_why:
            vmlinuz, version, linux_why = fetch_linux()
        if not linux_why:
            make_initramfs()
            print("bench: Linux %s ..." % version, flush=True)
            ltext, linux_why = run_linux(vmlinuz)
            if not linux_why:
                linux, _ = parse(ltext)

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        report(mine, mytargets, linux, linux_why, version)
    print()
    sys.stdout.write(out.getvalue())
    if opts.doc:
        why = write_doc(out.getvalue())
        print("bench: %s" % (why or "wrote the table into " +
                             os.path.relpath(DOC, TOP)))
        if why:
            return 1
    return 0


def report(mine, mytargets, linux, linux_why, version):
    print("guest instructions per operation (median of 7 trials; rdtsc "
          "under -icount shift=0)")
    print("same source (user/mmapbench.c), same QEMU: %s" % qemu_version())
    print("this kernel: %s" % commit())
    print()
    table(mine, linux, linux_why, version)
    print()
    print("this kernel's own targets (mmapbench):")
    for t in mytargets:
        print("  " + t)


def write_doc(text):
    """Put text, as a code block, between the markers in DOC. Returns an
    error or None."""
    try:
        with open(DOC) as f:
            doc = f.read()
    except OSError as e:
        return "cannot read %s: %s" % (DOC, e)
    a, b = doc.find(DOC_BEGIN), doc.find(DOC_END)
    if a < 0 or b < a:
        return "%s has no %s ... %s markers" % (DOC, DOC_BEGIN, DOC_END)
    block = "%s\n```\n%s```\n" % (DOC_BEGIN, text)
    with open(DOC, "w") as f:
        f.write(doc[:a] + block + doc[b:])
    return None


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
