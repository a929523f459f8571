#!/usr/bin/env python3
"""Crash test: kill the machine under a file system workload, reboot the
same image, and check that the log kept its promise.

  python3 tests/crash.py [--points N] [--seed S] [--cpus C]
                         [--max-delay SECONDS] [--no-build] [-v]

The promise (kernel/fs/log.c): after a crash the disk is consistent, and
every write() and msync() that returned before the crash is on disk.
For each crash point this script

  1. boots xv6 on one throwaway image, kept from point to point (the
     kernel's recover() replays a committed log at boot);
  2. checks the image (tests/fsck.py, the log not replayed: boot must
     have done that), and that every file of the workload holds what the
     previous point's workload completed (see below);
  3. runs user/crashload, which writes, creates and deletes files /cr0-5
     and stores through MAP_SHARED mappings with msync, printing each
     operation before it starts ("CL> N ...") and once it has returned
     ("CL< N");
  4. kills QEMU at a random moment, up to --max-delay seconds after the
     workload is ready, and notes whether the disk was left with a
     committed log for the next boot to replay (then the image must also
     check clean with the log applied).

Every chunk (a 512-byte block) of every file must then hold what the
last completed operation on it wrote; the one operation in progress at
the kill may have happened or not, chunk by chunk, and a write() it was
doing may have extended the file by any prefix of its chunks. A file a
completed create made must exist, one a completed delete removed must
not. Anything else is a lost completed write; an fsck problem is an
inconsistency. The last line is a summary; the exit status is 1 if
anything was wrong. `make crash` runs 200 points on one CPU; `make test`
runs a short run through tests/runtests.py (run_points). Python 3
standard library only.
"""

import argparse
import os
import random
import re
import signal
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fsck       # noqa: E402
import runtests   # noqa: E402

NF = 6            # user/crashload.c's files, chunk size and limits
CHUNK = 512
FILES = ["cr%d" % i for i in range(NF)]
OP_RE = re.compile(r"^CL> (\d+) ([WMCD]) (\d+)(?: (\d+))?(?: (\d+))?$")
DONE_RE = re.compile(r"^CL< (\d+)$")
STATE_RE = re.compile(r"^CL state (\d+) (\d+)$")
READY = "CL ready"
PROMPT_RE = re.compile(r"(?:^|\n)\$ ")


def chunkfill(run, f, c, op):
    tag = b"r%d f%d c%d n%d;" % (run, f, c, op)
    return (tag * (CHUNK // len(tag) + 1))[:CHUNK]


def chunks_of(body):
    return [body[i:i + CHUNK] for i in range(0, len(body), CHUNK)]


class Op:
    def __init__(self, m):
        self.n = int(m.group(1))
        self.kind = m.group(2)
        self.f = int(m.group(3))
        self.c = int(m.group(4)) if m.group(4) else 0
        self.k = int(m.group(5)) if m.group(5) else 1


def parse(console):
    """The operations the console shows: (completed ops in order, the op
    in progress or None, crashload's own view of the files, errors)."""
    ops, done, state, errors = [], set(), {}, []
    # A line cut by the kill has no newline yet: it did not happen.
    for line in console.split("\n")[:-1]:
        line = line.strip()
        m = OP_RE.match(line)
        if m:
            ops.append(Op(m))
            continue
        m = DONE_RE.match(line)
        if m:
            done.add(int(m.group(1)))
            continue
        m = STATE_RE.match(line)
        if m:
            state[FILES[int(m.group(1))]] = int(m.group(2))
            continue
        if line.startswith("crashload:") or runtests.PANIC_RE.search(line):
            errors.append(line)
    completed = [op for op in ops if op.n in done]
    pending = [op for op in ops if op.n not in done]
    if len(pending) > 1 or (pending and pending[0] is not ops[-1]):
        errors.append("operations %s never completed" %
                      [op.n for op in pending])
    return completed, (pending[-1] if pending else None), state, errors


def apply(files, run, op, upto=None):
    """Apply op to FILES (name -> list of chunks, or absent) in place.
    For a write, upto limits it to its first upto chunks."""
    name = FILES[op.f]
    if op.kind == "C":
        files.setdefault(name, [])
    elif op.kind == "D":
        files.pop(name, None)
    elif op.kind in "WM":
        body = files.setdefault(name, [])
        k = op.k if upto is None else upto
        for j in range(k):
            c = op.c + j
            if c > len(body):
                raise ValueError("op %d writes past the end" % op.n)
            new = chunkfill(run, op.f, c, op.n)
            if c == len(body):
                body.append(new)
            else:
                body[c] = new


def judge(actual, baseline, run, completed, pending):
    """Compare ACTUAL (name -> bytes) with what the run must have left.
    Returns a list of lost-write descriptions."""
    want = {n: list(b) for n, b in baseline.items()}
    for op in completed:
        apply(want, run, op)
    lost = []
    for name in FILES:
        got = actual.get(name)
        exp = want.get(name)
        if pending is not None and FILES[pending.f] == name:
            alts = []
            if pending.kind == "W":
                for j in range(pending.k + 1):
                    w = {name: list(exp)} if exp is not None else {}
                    apply(w, run, pending, upto=j)
                    alts.append(w.get(name))
            else:
                w = {name: list(exp)} if exp is not None else {}
                apply(w, run, pending)
                alts = [exp, w.get(name)]
            if not any(ok_with(got, alt, alts) for alt in alts):
                lost.append("%s: %s; the operation in progress (%d %s) "
                            "explains neither state" %
                            (name, describe(got, exp), pending.n,
                             pending.kind))
            continue
        if got is None and exp is None:
            continue
        if got is None or exp is None or chunks_of(got) != exp:
            lost.append("%s: %s" % (name, describe(got, exp)))
    return lost


def ok_with(got, alt, alts):
    # got matches alt in existence and size, and each chunk holds what
    # one of the allowed states has there (chunks are written alone).
    if (got is None) != (alt is None):
        return False
    if got is None:
        return True
    cs = chunks_of(got)
    if len(cs) != len(alt):
        return False
    for i, c in enumerate(cs):
        if not any(a is not None and i < len(a) and a[i] == c for a in alts):
            return False
    return True


def describe(got, exp):
    if got is None:
        return "missing, expected %d chunks" % len(exp)
    if exp is None:
        return "exists (%d bytes), expected deleted" % len(got)
    cs = chunks_of(got)
    if len(cs) != len(exp):
        return "%d chunks, expected %d" % (len(cs), len(exp))
    bad = [i for i in range(len(cs)) if cs[i] != exp[i]]
    return "chunk %d holds %r, expected %r" % (
        bad[0], cs[bad[0]][:24], exp[bad[0]][:24])


class Result:
    def __init__(self):
        self.points = 0
        self.inconsistent = 0      # points whose image fsck rejected
        self.lost = 0              # points that lost a completed op
        self.replays = 0           # kills that left a committed log
        self.ops = 0               # completed operations checked
        self.problems = []         # descriptions, for the report

    def summary(self):
        return ("crash: %d crash points, %d operations completed before "
                "them, %d left a committed log for boot to replay; "
                "%d inconsistencies, %d lost completed writes" %
                (self.points, self.ops, self.replays, self.inconsistent,
                 self.lost))

    def ok(self):
        return not (self.inconsistent or self.lost or self.problems)


def qemu_opts():
    return argparse.Namespace(qemu_cmd=None, icount=False)


def read_image(path):
    with open(path, "rb") as f:
        return f.read()


def boot_and_check(images, cpus, res, expect, log, stream):
    """Boot the image and check it; returns the running guest (at the
    prompt) or None if the kernel did not come up."""
    guest = runtests.Guest(runtests.qemu_argv(qemu_opts(), images, cpus),
                           log, stream)
    guest.start()
    event, _ = guest.wait_for(PROMPT_RE, 60)
    if event != "match":
        res.problems.append("boot %d: %s" % (res.points + 1, event))
        show(guest.console)
        guest.kill()
        return None
    # Boot has replayed the log; sh waits for input, so the disk is quiet.
    data = read_image(images.fs)
    problems, _ = fsck.check(data)
    if problems:
        res.inconsistent += 1
        res.problems += ["after crash %d: %s" % (res.points, p)
                         for p in problems[:10]]
    elif expect:
        baseline, run, completed, pending = expect
        lost = judge(fsck.root_files(data), baseline, run, completed,
                     pending)
        res.ops += len(completed)
        if lost:
            res.lost += 1
            res.problems += ["after crash %d (run %d): %s" % (res.points,
                                                              run, p)
                             for p in lost]
    return guest


def show(console, n=20):
    runtests.show_lines(runtests.tail_lines(console, n))


def crash_point(guest, images, run, rng, max_delay, res):
    """Run the workload, kill the guest at a random moment; returns the
    expectation for the next boot, or None if something went wrong."""
    data = read_image(images.fs)
    baseline = {n: chunks_of(b) for n, b in fsck.root_files(data).items()
                if n in FILES}
    start = len(guest.console)
    guest.type("crashload %d" % run)
    deadline = time.monotonic() + 30
    while READY not in guest.console[start:]:
        if time.monotonic() > deadline or not guest._read(0.5):
            res.problems.append("run %d: crashload did not start" % run)
            show(guest.console)
            return None
    kill_at = time.monotonic() + rng.uniform(0, max_delay)
    while time.monotonic() < kill_at and guest._read(kill_at -
                                                     time.monotonic()):
        pass
    guest.proc.kill()
    # Whatever QEMU printed before it died is still in the pipe.
    while guest._read(1.0):
        pass
    guest.kill()
    console = guest.console[start:]
    completed, pending, state, errors = parse(console)
    want = {n: len(b) * CHUNK for n, b in baseline.items()}
    if state != want:
        errors.append("crashload saw files %s, the image has %s" %
                      (state, want))
    if errors:
        res.problems += ["run %d: %s" % (run, e) for e in errors]
        show(console)
    res.points += 1
    data = read_image(images.fs)
    header = int.from_bytes(data[2 * fsck.BSIZE:2 * fsck.BSIZE + 4],
                            "little", signed=True)
    if header != 0:
        res.replays += 1
        problems, _ = fsck.check(data, replay=True)
        if problems:
            res.inconsistent += 1
            res.problems += ["crash %d, log applied: %s" % (res.points, p)
                             for p in problems[:10]]
    return baseline, run, completed, pending


def run_points(points, seed, cpus, max_delay, log=None, stream=None,
               progress=None):
    """Run POINTS crash points on a fresh copy of fs.img; a Result."""
    rng = random.Random(seed)
    res = Result()
    with runtests.Images(keep_fs=False) as images:
        expect = None
        for i in range(points + 1):
            guest = boot_and_check(images, cpus, res, expect, log, stream)
            if guest is None or i == points:
                if guest:
                    guest.kill()
                break
            with guest:
                expect = crash_point(guest, images, seed * 100000 + i + 1,
                                     rng, max_delay, res)
            if expect is None:
                break
            if progress:
                progress(res)
    if res.points < points and not res.problems:
        res.problems.append("only %d of %d crash points ran" %
                            (res.points, points))
    return res


def main(argv):
    ap = argparse.ArgumentParser(description="Crash test of the file "
                                 "system's log.")
    ap.add_argument("--points", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cpus", type=int, default=1)
    ap.add_argument("--max-delay", type=float, default=2.0,
                    help="latest kill, in seconds after the workload starts")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--log", default="crash.log",
                    help="console log file in tests/out/")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="show the console")
    opts = ap.parse_args(argv)
    if not opts.no_build:
        if not runtests.make_or_say("crash: build failed"):
            return 1
    if runtests.missing_images():
        print("crash: %s" % runtests.missing_images())
        return 1
    # A polite kill becomes an exception, so every QEMU is killed too.
    signal.signal(signal.SIGTERM, runtests.on_signal)
    t0 = time.monotonic()

    def progress(res):
        if res.points % 10 == 0:
            print("crash: %d points, %d ops, %d replays, %d bad (%.0fs)" %
                  (res.points, res.ops, res.replays,
                   res.inconsistent + res.lost, time.monotonic() - t0),
                  flush=True)

    with runtests.open_log(opts.log) as log:
        res = run_points(opts.points, opts.seed, opts.cpus, opts.max_delay,
                         log, sys.stdout if opts.verbose else None, progress)
    for p in res.problems[:40]:
        print("crash: " + p)
    print(res.summary() + " (%.0fs)" % (time.monotonic() - t0))
    return 0 if res.ok() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
