#!/usr/bin/env python3
"""Long fuzz runs of the memory system calls (`make fuzz`, issue 7).

  python3 tests/fuzz.py [--cpus N] [--steps N] [--no-build] SEED...

Boots xv6 once (on a throwaway copy of the images, with the test runner's
machinery from runtests.py) and runs `vmfuzz SEED STEPS` for each seed in
turn. If the kernel dies, the next seed gets a fresh boot. Prints one line
per seed, then the totals: steps run, kills expected and seen (and the
kill lines the kernel printed), invariant violations, panics, and leaked
pages and kmalloc bytes. The exit status is 1 unless every seed ended OK.
The whole console goes to tests/out/fuzz.log.

This file owns only the long-run driver; the guest machinery and the
judging of ordinary tests stay in runtests.py.
"""

import argparse
import os
import re
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import runtests  # noqa: E402  (the runner's Guest, Images, boot, ...)

SUMMARY_RE = re.compile(
    r"^vmfuzz: seed (\d+) steps (\d+) kills (\d+)/(\d+) violations (\d+) "
    r"leaked pages (-?\d+) kmalloc (-?\d+) (OK|FAILED)$", re.MULTILINE)
KILLED_RE = re.compile(r"^pid \d+ vmfuzz: .* -- killed$", re.MULTILINE)
DETAIL_RE = re.compile(r"^vmfuzz: (?:seed \d+ step|last call|region).*$",
                       re.MULTILINE)

# Seconds a seed may take: generous, since the machine may be shared.
SECONDS_PER_KSTEP = 30
SECONDS_EXTRA = 300
REGIONS_SHOWN = 8


class Totals:
    def __init__(self):
        self.steps = 0
        self.expected = 0
        self.seen = 0
        self.killlines = 0
        self.violations = 0
        self.panics = 0
        self.pages = 0
        self.kbytes = 0
        self.failed = 0


def show_details(text):
    # What vmfuzz said about a disagreement: the message and the last
    # call, then the start of its region listing.
    lines = [l for l in DETAIL_RE.findall(text) if not SUMMARY_RE.match(l)]
    regions = [l for l in lines if l.startswith("vmfuzz: region")]
    others = [l for l in lines if not l.startswith("vmfuzz: region")]
    runtests.show_lines(others[:runtests.TAIL] + regions[:REGIONS_SHOWN])
    if len(regions) > REGIONS_SHOWN:
        print("    | ... %d regions in all (see tests/out/fuzz.log)" %
              len(regions))


def run_seed(guest, seed, steps, timeout, tot):
    """Run one seed on a live guest. Returns None, or why the guest died."""
    cmd = "vmfuzz %d %d" % (seed, steps)
    t0 = time.monotonic()
    if not guest.type(cmd):
        tot.panics += 1
        tot.failed += 1
        print("seed %d: QEMU is gone" % seed, flush=True)
        return "QEMU is gone"
    event, text = guest.wait_for(runtests.PROMPT_RE, timeout)
    elapsed = time.monotonic() - t0
    kills = len(KILLED_RE.findall(text))
    tot.killlines += kills
    show_details(text)
    if event != "match":
        why = runtests.why_dead(event, guest, timeout)
        tot.panics += event == "panic"
        tot.failed += 1
        print("seed %d: %s after %s" % (seed, why, runtests.seconds(elapsed)),
              flush=True)
        runtests.show_lines(runtests.tail_lines(text))
        return why
    m = SUMMARY_RE.search(text)
    if not m:
        tot.failed += 1
        print("seed %d: no summary line" % seed, flush=True)
        runtests.show_lines(runtests.tail_lines(text))
        return None
    ran, exp, seen, viol, pages, kbytes = (int(x) for x in m.groups()[1:7])
    tot.steps += ran
    tot.expected += exp
    tot.seen += seen
    tot.violations += viol
    tot.pages += pages
    tot.kbytes += kbytes
    ok = m.group(8) == "OK" and ran == steps and kills == seen
    tot.failed += not ok
    print("seed %d: %d steps, kills %d/%d (%d kernel kill lines), "
          "violations %d, leaked pages %d, kmalloc %d: %s (%s)" %
          (seed, ran, exp, seen, kills, viol, pages, kbytes,
           "OK" if ok else "FAILED", runtests.seconds(elapsed)), flush=True)
    return None


def main(argv):
    ap = argparse.ArgumentParser(description="Long vmfuzz runs in xv6.")
    ap.add_argument("seeds", nargs="+", type=int, metavar="SEED")
    ap.add_argument("--steps", type=int, default=250000)
    ap.add_argument("--cpus", type=int, default=2)
    ap.add_argument("--no-build", action="store_true",
                    help="do not run make first")
    ap.add_argument("--boot-timeout", type=float, default=60)
    opts = ap.parse_args(argv)
    signal.signal(signal.SIGTERM, runtests.on_signal)
    signal.signal(signal.SIGHUP, runtests.on_signal)
    # What runtests.qemu_argv and boot() read from their options.
    opts.qemu_cmd = None
    opts.icount = False
    opts.keep_fs = False

    if not opts.no_build:
        if not runtests.make_or_say("build failed"):
            return 1
    if runtests.missing_images():
        print(runtests.missing_images())
        return 1

    tot = Totals()
    timeout = SECONDS_EXTRA + SECONDS_PER_KSTEP * opts.steps / 1000
    t0 = time.monotonic()
    todo = list(opts.seeds)
    with runtests.open_log("fuzz.log") as log:
        while todo:
            with runtests.Images(False) as images, \
                    runtests.Guest(runtests.qemu_argv(opts, images, opts.cpus),
                                   log) as guest:
                dead = runtests.start_and_boot(guest, opts)
                if dead:
                    print("boot: %s" % dead)
                    tot.failed += len(todo)
                    break
                while todo and not dead:
                    dead = run_seed(guest, todo.pop(0), opts.steps, timeout,
                                    tot)
    elapsed = time.monotonic() - t0

    print("fuzz: seeds %s, %d steps each, CPUS=%d, %s" %
          (" ".join(str(s) for s in opts.seeds), opts.steps, opts.cpus,
           runtests.seconds(elapsed)))
    print("fuzz: steps run %d, kills expected %d seen %d (kernel kill lines "
          "%d), invariant violations %d, panics %d, leaked pages %d, "
          "leaked kmalloc bytes %d: %s" %
          (tot.steps, tot.expected, tot.seen, tot.killlines, tot.violations,
           tot.panics, tot.pages, tot.kbytes,
           "FAILED" if tot.failed else "OK"), flush=True)
    return 1 if tot.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
