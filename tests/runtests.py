#!/usr/bin/env python3
"""Build the system and run its tests: host tests, then guest tests in QEMU.

This file owns the test runner only: the list of guest tests (GROUPS, just
below), how QEMU is started and driven, and how results are judged and
reported. It builds with the Makefiles but never edits them or any source.

  python3 tests/runtests.py              everything (same as --suite all)
  python3 tests/runtests.py --suite host only the host tests
  python3 tests/runtests.py --suite guest --cpus 2
                                         only the guest groups with 2 CPUs
  python3 tests/runtests.py --cpus 4 'usertests sbrkbasic' 'ls'
                                         boot once, type each command, show
                                         the console as it goes

Host tests are the programs named by `make -s -C tests list`; each passes
if it exits with status 0. Guest tests are commands typed at the xv6 shell,
one QEMU boot per group, on a throwaway copy of fs.img. A test fails if its
output has a line containing FAILED, or sh's "exec NAME failed", or a line
matching one of its own failure patterns, or lacks its pass pattern. A
kernel panic, QEMU exiting or the prompt not coming back in time fails the
test and the rest of its group; the next group boots afresh. Each boot's
console goes to tests/out/. After a group that kept its kernel alive the
image it used is checked with tests/fsck.py (label "cpus=N fsck"), so a
test that corrupts or leaks disk space fails. A short crash test
(tests/crash.py) kills QEMU a few times under a file system workload.

The last line printed is always `N passed, M failed`; the exit status is 1
when anything failed. Python 3 standard library only.
"""

import argparse
import codecs
import os
import re
import select
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fsck  # noqa: E402  (tests/fsck.py)


class Test:
    """One command typed at the guest shell.

    name     shown in the progress lines
    cmd      the line typed at the prompt
    passre   a pattern (re.MULTILINE) the output must match; None means the
             prompt coming back is enough
    failre   patterns any one of which fails the test when a line matches
    timeout  seconds the command has to bring the prompt back
    parts    a pattern (re.MULTILINE) whose group 1 names one part of the
             output, such as usertests' `test NAME: `: each part up to the
             next is then a test of its own, counted and reported by
             name; it passes if its last line ends in `ok` and it has no
             failure line
    """

    def __init__(self, name, cmd, passre=None, failre=(), timeout=60,
                 parts=None):
        self.name = name
        self.cmd = cmd
        self.passre = passre
        self.failre = list(failre)
        self.timeout = timeout
        self.parts = parts


# usertests prints `test NAME: ` before each test and `ok` or a FAILED
# line after it (kernel kill lines may come between).
USERTESTS_PARTS = r"^test (\S+): "
# Summary lines after the last part, not part of it.
PARTS_END_RE = re.compile(r"^(ALL TESTS PASSED|SOME TESTS FAILED)")


# The guest tests: one QEMU boot per group, its tests run in order. To add
# a test, append a Test to a group; to test another CPU count, add a group.
GROUPS = [
    {"cpus": 1, "tests": [
        Test("usertests", "usertests", passre=r"^ALL TESTS PASSED",
             timeout=300, parts=USERTESTS_PARTS),
    ]},
    {"cpus": 2, "tests": [
        Test("usertests", "usertests", passre=r"^ALL TESTS PASSED",
             timeout=300, parts=USERTESTS_PARTS),
        Test("forktest", "forktest", passre=r"fork test OK", timeout=60),
        Test("stressfs", "stressfs", failre=[r"(?i)error"], timeout=120),
    ]},
    # Races hide on fewer CPUs.
    {"cpus": 4, "tests": [
        Test("usertests", "usertests", passre=r"^ALL TESTS PASSED",
             timeout=300, parts=USERTESTS_PARTS),
    ]},
    # The memory system under random and hostile calls and with failing
    # allocations (issue 7): 20,000 fuzz steps in all, then every
    # out-of-memory path. `make fuzz` runs longer fuzzing (tests/fuzz.py).
    {"cpus": 2, "tests": [
        Test("vmfuzz %d" % seed, "vmfuzz %d 5000" % seed,
             passre=r"^vmfuzz: seed %d steps 5000 kills (\d+)/\1 "
                    r"violations 0 leaked pages 0 kmalloc 0 OK$" % seed,
             timeout=300)
        for seed in (1, 2, 3, 4)
    ] + [
        Test("oomtest", "oomtest", passre=r"^oomtest: \d+ paths OK$",
             timeout=300),
    ]},
]

# Judged on every guest command, whatever the test.
PANIC_RE = re.compile(r"\bpanic: ")         # the kernel is dead
FAILED_RE = re.compile(r"FAILED")           # this command failed
# sh could not run the command as typed: no such program, a syntax
# error, a redirection it could not open.
NOEXEC_RE = re.compile(r"^(exec \S+ failed|sh: |open \S+ failed)")
BOOT_PROMPT_RE = re.compile(r"(?:^|\n)\$ ")  # init has started sh
PROMPT_RE = re.compile(r"\n\$ ")            # the command has finished

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTDIR = os.path.join(TOP, "tests", "out")
TAIL = 30             # console lines shown when something goes wrong
PANIC_GRACE = 1.0     # seconds to keep reading after a panic (backtrace)
QUIET = 0.2           # seconds of silence after a prompt before it counts
HOST_TIMEOUT = 600    # seconds a host test may run


# ---------------------------------------------------------------------
# Small helpers


# A test that makes the kernel kill a process on purpose names it in a
# line `expected kill: pid N (why)`, before or after the kernel's own
# "pid N NAME: ... -- killed" line (README, "Expected kills"); failure
# output marks such kernel lines as expected.
KILL_RE = re.compile(r"^pid (\d+) \S+: .* -- killed$")
EXPECTED_RE = re.compile(r"expected kill: pid (\d+) \((.*)\)")


def mark_expected(lines, text):
    """lines, each kernel kill line of a pid that text announces as an
    expected kill marked so."""
    why = {m.group(1): m.group(2) for m in EXPECTED_RE.finditer(text)}
    out = []
    for line in lines:
        m = KILL_RE.match(line)
        if m and m.group(1) in why:
            line += "   [expected: %s]" % why[m.group(1)]
        out.append(line)
    return out


def tail_lines(text, n=TAIL):
    lines = text.rstrip("\n").split("\n")
    return mark_expected(lines[-n:], text) if text.strip() else []


def show_lines(lines, out=sys.stdout):
    if not any("[expected: " in line for line in lines):
        lines = mark_expected(lines, "\n".join(lines))
    for line in lines:
        out.write("    | " + line + "\n")
    out.flush()


def seconds(t):
    return "%.1fs" % t


def make_env():
    # The runner's own make calls are not part of an outer make: without
    # this, `make -j2 test` hands them a jobserver they cannot reach.
    env = dict(os.environ)
    for name in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
        env.pop(name, None)
    return env


def run_make(args):
    """Run make with ARGS from the top; return (ok, output)."""
    cmd = ["make", "--no-print-directory"] + args
    try:
        p = subprocess.run(cmd, cwd=TOP, env=make_env(),
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
    except OSError as e:
        return False, "cannot run make: %s\n" % e
    return p.returncode == 0, p.stdout.decode("utf-8", "replace")


def load_prctl():
    # Lets QEMU die with the runner even if the runner is killed -9.
    try:
        import ctypes
        return ctypes.CDLL(None, use_errno=True).prctl
    except (ImportError, OSError, AttributeError):
        return None


_prctl = load_prctl()
PR_SET_PDEATHSIG = 1


def die_with_parent():
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL))


# ---------------------------------------------------------------------
# Results


class Tally:
    """Counts results and prints one progress line per test."""

    def __init__(self, verbose=False):
        self.passed = 0
        self.failed = 0
        self.verbose = verbose   # console is streamed: labels get own lines

    def start(self, label):
        if self.verbose:
            print("\n== %s" % label, flush=True)
        else:
            print("%s: " % label, end="", flush=True)

    def ok(self, label, elapsed):
        self.passed += 1
        self._say(label, "ok (%s)" % seconds(elapsed))

    def parts(self, label, npassed, elapsed):
        # A command whose parts are tests: one line for all that passed;
        # each failed part is reported on its own by fail().
        self.passed += npassed
        self._say(label, "%d ok (%s)" % (npassed, seconds(elapsed)))

    def fail(self, label, why, lines=(), elapsed=None):
        self.failed += 1
        if elapsed is None:
            self._say(label, "FAILED")
        else:
            self._say(label, "FAILED (%s)" % seconds(elapsed))
        print("    %s" % why)
        show_lines(lines)

    def note(self, label, elapsed):
        # A step that is not a test (the build): shown, not counted.
        self._say(label, "ok (%s)" % seconds(elapsed))

    def skip_as_failed(self, label, why):
        # A test that could not run counts as failed: nothing proved it works.
        self.start(label)
        self.fail(label, why)

    def _say(self, label, verdict):
        if self.verbose:
            print("\n== %s: %s" % (label, verdict), flush=True)
        else:
            print(verdict, flush=True)

    def summary(self):
        print("%d passed, %d failed" % (self.passed, self.failed), flush=True)
        return 1 if self.failed else 0


# ---------------------------------------------------------------------
# The guest


class Guest:
    """A running QEMU whose serial console is our stdin/stdout pipe.

    start() it inside a `with`: QEMU is killed on the way out, whatever
    happened (exception, Ctrl-C, SIGTERM turned into SystemExit).
    """

    def __init__(self, argv, log=None, stream=None):
        self.argv = argv
        self.log = log          # file that gets the whole console
        self.stream = stream    # file that gets it as it arrives (or None)
        self.proc = None
        self.console = ""       # everything read since boot
        self.pending = ""       # read but not yet consumed by a wait
        self.exitstatus = None
        self.last_data = time.monotonic()
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def start(self):
        """Start QEMU; raises OSError if it cannot be run."""
        self.proc = subprocess.Popen(self.argv, cwd=TOP, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT,
                                     preexec_fn=die_with_parent)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kill()
        return False

    def kill(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass
        self.proc = None

    def type(self, line):
        """Type LINE and Enter at the console; False if QEMU is gone."""
        try:
            self.proc.stdin.write((line + "\n").encode())
            self.proc.stdin.flush()
            return True
        except (BrokenPipeError, OSError):
            return False

    def dump_processes(self):
        """Press Ctrl-P, as a person at a hung console would: the kernel
        prints every process (state, name, where a sleeper waits, its
        regions) into the console log. Used when a command times out."""
        try:
            self.proc.stdin.write(b"\x10")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            return
        end = time.monotonic() + 2
        while time.monotonic() < end and self._read(end - time.monotonic()):
            pass

    def _receive(self, text):
        text = text.replace("\r", "")
        if not text:
            return
        self.console += text
        self.pending += text
        self.last_data = time.monotonic()
        if self.log:
            self.log.write(text)
            self.log.flush()
        if self.stream:
            self.stream.write(text)
            self.stream.flush()

    def _read(self, timeout):
        """Wait up to TIMEOUT seconds for output; False once QEMU exits."""
        fd = self.proc.stdout.fileno()
        ready, _, _ = select.select([fd], [], [], max(timeout, 0))
        if not ready:
            return True
        data = os.read(fd, 65536)
        if not data:
            self._receive(self.decoder.decode(b"", final=True))
            try:
                self.exitstatus = self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.exitstatus = "?"
            return False
        self._receive(self.decoder.decode(data))
        return True

    def wait_for(self, pattern, timeout):
        """Read until the console ends in a match of PATTERN (a prompt).

        The match counts once the console has been quiet for QUIET
        seconds: sh prints its prompt and then waits for input, while a
        "$ " that a program's output happens to contain is soon followed
        by more output, and is passed over.

        Returns (event, text): event is "match", "panic", "exit" or
        "timeout"; text is the pending output up to the end of the last
        match (or all of it), and is consumed. A panic is reported as soon
        as it shows, after a short grace period to collect its backtrace.
        """
        deadline = time.monotonic() + timeout
        scanned = 0
        last = None
        while True:
            if PANIC_RE.search(self.pending, max(0, scanned - 16)):
                return "panic", self._drain_panic()
            for last in pattern.finditer(self.pending, max(0, scanned - 2)):
                pass
            scanned = len(self.pending)
            now = time.monotonic()
            quiet_left = self.last_data + QUIET - now
            if last and quiet_left <= 0:
                text = self.pending[:last.end()]
                self.pending = self.pending[last.end():]
                return "match", text
            left = deadline - now
            if left <= 0:
                text, self.pending = self.pending, ""
                return "timeout", text
            if not self._read(min(left, quiet_left if last else 0.5)):
                text, self.pending = self.pending, ""
                return "exit", text

    def _drain_panic(self):
        end = time.monotonic() + PANIC_GRACE
        while time.monotonic() < end and self._read(end - time.monotonic()):
            pass
        text, self.pending = self.pending, ""
        return text


def why_dead(event, guest, timeout):
    if event == "panic":
        return "kernel panic"
    if event == "exit":
        return "QEMU exited (status %s)" % guest.exitstatus
    guest.dump_processes()
    return "no prompt within %gs (Ctrl-P's process list is in the log)" % timeout


def strip_echo(text, cmd):
    # The console echoes what we type; judge only what the command printed.
    if text.startswith(cmd + "\n"):
        return text[len(cmd) + 1:]
    return text


def judge(test, text):
    """Judge a command that brought the prompt back: (ok, why, lines)."""
    out = strip_echo(text, test.cmd)
    if out.endswith("$ "):
        out = out[:-2]
    lines = out.split("\n")
    bad = [l for l in lines if FAILED_RE.search(l) or NOEXEC_RE.search(l)
           or any(re.search(p, l) for p in test.failre)]
    if bad:
        return False, "printed a failure line", bad[:TAIL]
    if test.passre and not re.search(test.passre, out, re.MULTILINE):
        return False, "no line matching /%s/" % test.passre, tail_lines(out)
    return True, "", []


class Images:
    """Throwaway copies of xv6.img and fs.img for one boot.

    Both are copied: QEMU locks the images it opens, so a copy keeps a
    test run from clashing with a `make qemu` running at the same time.
    With keep_fs the real fs.img is used, so changes to it stay.
    """

    def __init__(self, keep_fs):
        self.keep_fs = keep_fs
        self.dir = None

    def __enter__(self):
        self.dir = tempfile.TemporaryDirectory(prefix="xv6test-")
        self.xv6 = os.path.join(self.dir.name, "xv6.img")
        shutil.copyfile(os.path.join(TOP, "xv6.img"), self.xv6)
        if self.keep_fs:
            self.fs = os.path.join(TOP, "fs.img")
        else:
            self.fs = os.path.join(self.dir.name, "fs.img")
            shutil.copyfile(os.path.join(TOP, "fs.img"), self.fs)
        return self

    def __exit__(self, *exc):
        self.dir.cleanup()
        return False


def qemu_argv(opts, images, cpus):
    if opts.qemu_cmd:
        return [w.format(fs=images.fs, xv6=images.xv6, cpus=cpus)
                for w in shlex.split(opts.qemu_cmd)]
    argv = [os.environ.get("QEMU", "qemu-system-i386"),
            "-drive", "file=%s,index=1,media=disk,format=raw" % images.fs,
            "-drive", "file=%s,index=0,media=disk,format=raw" % images.xv6,
            # One CPU per socket: SeaBIOS's MP table lists only the
            # first CPU of each socket, and QEMU's default puts all
            # CPUs in one.
            "-smp", "%d,sockets=%d" % (cpus, cpus), "-m", "512",
            "-display", "none",
            "-serial", "stdio", "-monitor", "none", "-no-reboot"]
    if opts.icount:
        argv += ["-icount", "shift=0"]
    return argv


def open_log(name):
    os.makedirs(OUTDIR, exist_ok=True)
    return open(os.path.join(OUTDIR, name), "w", encoding="utf-8")


def missing_images():
    for name in ("xv6.img", "fs.img"):
        if not os.path.exists(os.path.join(TOP, name)):
            return "%s is missing: run make" % name
    return None


def boot(guest, opts):
    """Wait for the first prompt; returns None or why the boot failed."""
    event, _ = guest.wait_for(BOOT_PROMPT_RE, opts.boot_timeout)
    if event == "match":
        return None
    return "boot: " + why_dead(event, guest, opts.boot_timeout)


def start_and_boot(guest, opts):
    """Start QEMU and wait for the first prompt; None or why that failed."""
    try:
        guest.start()
        return boot(guest, opts)
    except OSError as e:
        return "cannot start QEMU: %s" % e


def make_or_say(failed):
    """Run make; if it fails, print its output then FAILED. True if built."""
    ok, out = run_make([])
    if not ok:
        sys.stdout.write(out)
        print(failed)
    return ok


# ---------------------------------------------------------------------
# The suite


def build(tally, args):
    """Run make with ARGS, shown as a step; a failure counts as a test."""
    label = " ".join(["make"] + args)
    tally.start(label)
    t0 = time.monotonic()
    ok, out = run_make(args)
    if ok:
        tally.note(label, time.monotonic() - t0)
    else:
        tally.fail(label, "build failed; last lines:", tail_lines(out))
    return ok


def exit_why(status):
    """Why a host test with this exit status failed, or None if it passed."""
    if status == 0:
        return None
    if status < 0:
        return "killed by signal %d" % -status
    return "exit status %d" % status


def run_host_tests(tally, want_build):
    if want_build and not build(tally, ["-C", "tests"]):
        return
    ok, out = run_make(["-s", "-C", "tests", "list"])
    if not ok:
        tally.skip_as_failed("host tests: make -C tests list", "failed")
        show_lines(tail_lines(out))
        return
    for name in out.split():
        run_program(tally, "host " + name,
                    [os.path.join(TOP, "tests", "build", name)])


def run_group(n, group, opts, tally):
    cpus = group["cpus"]
    todo = [(t, "cpus=%d %s" % (cpus, t.name)) for t in group["tests"]]
    logname = "group%d-cpus%d.log" % (n, cpus)
    failed_before = tally.failed
    stream = sys.stdout if opts.verbose else None
    with Images(opts.keep_fs) as images:
        with open_log(logname) as log, \
                Guest(qemu_argv(opts, images, cpus), log, stream) as guest:
            dead = start_and_boot(guest, opts)
            if dead:
                tally.skip_as_failed(todo.pop(0)[1],
                                     dead + "; last console lines:")
                show_lines(tail_lines(guest.console))
            while todo and not dead:
                test, label = todo.pop(0)
                dead = run_guest_test(guest, test, label, opts, tally)
            for _, label in todo:
                tally.skip_as_failed(label, "not run: %s" % dead)
        # QEMU is gone: the image is as the group left it.
        if not dead:
            check_image(images.fs, "cpus=%d fsck" % cpus, tally)
    if dead or tally.failed > failed_before:
        print("    (whole console: %s)" %
              os.path.relpath(os.path.join(OUTDIR, logname)))


def check_image(path, label, tally):
    """Run tests/fsck.py on the image a group used: a test that corrupts
    or leaks disk space fails here. Counted as one test."""
    tally.start(label)
    t0 = time.monotonic()
    try:
        with open(path, "rb") as f:
            data = f.read()
        problems, _ = fsck.check(data, replay=True)
    except OSError as e:
        problems = ["cannot read %s: %s" % (path, e)]
    elapsed = time.monotonic() - t0
    if problems:
        tally.fail(label, "the file system image is damaged:",
                   problems[:TAIL], elapsed)
    else:
        tally.ok(label, elapsed)


def run_guest_test(guest, test, label, opts, tally):
    """Run one test; returns None, or why the guest is unusable now."""
    timeout = opts.timeout or test.timeout
    tally.start(label)
    t0 = time.monotonic()
    if not guest.type(test.cmd):
        tally.fail(label, "QEMU is gone", tail_lines(guest.console))
        return "QEMU is gone"
    event, text = guest.wait_for(PROMPT_RE, timeout)
    elapsed = time.monotonic() - t0
    if event != "match":
        why = why_dead(event, guest, timeout)
        tally.fail(label, why + "; last console lines:",
                   tail_lines(guest.console), elapsed)
        return "kernel died during %s (%s)" % (test.name, why)
    ok, why, lines = judge(test, text)
    if test.parts:
        judge_parts(test, text, label, ok, why, lines, elapsed, tally)
    elif ok:
        tally.ok(label, elapsed)
    else:
        tally.fail(label, why, lines, elapsed)
    return None


def split_parts(test, text):
    """The parts of a command's output: [(name, passed, lines)]."""
    out = strip_echo(text, test.cmd)
    marks = list(re.finditer(test.parts, out, re.MULTILINE))
    parts = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(out)
        body = out[m.end():end].rstrip("\n")
        if body.endswith("$ "):
            body = body[:-2].rstrip("\n")
        lines = body.split("\n")
        while len(lines) > 1 and PARTS_END_RE.search(lines[-1]):
            lines.pop()
        bad = any(FAILED_RE.search(l) or any(re.search(p, l)
                  for p in test.failre) for l in lines)
        passed = not bad and re.search(r"\bok$", lines[-1]) is not None
        parts.append((m.group(1), passed, lines))
    return parts


def judge_parts(test, text, label, ok, why, lines, elapsed, tally):
    """Count each part of the output as a test; the command as a whole
    counts only if it failed in a way no part explains."""
    parts = split_parts(test, text)
    tally.parts(label, sum(1 for _, passed, _ in parts if passed), elapsed)
    failed = [(name, plines) for name, passed, plines in parts
              if not passed]
    for name, plines in failed:
        tally.start("%s %s" % (label, name))
        tally.fail("%s %s" % (label, name), "its output:", plines[-TAIL:])
    if not ok and not failed:
        tally.start(label)
        tally.fail(label, why, lines)


def run_suite(opts):
    tally = Tally(opts.verbose)
    want_host = opts.suite in ("all", "host")
    want_guest = opts.suite in ("all", "guest")
    if want_guest and not opts.no_build and not build(tally, []):
        return tally.summary()
    if want_host:
        run_host_tests(tally, want_build=not opts.no_build)
        run_script(tally, "host doccheck", ["tests/doccheck.py"])
    if want_guest and missing_images():
        tally.skip_as_failed("guest tests", missing_images())
    elif want_guest:
        for n, group in enumerate(GROUPS):
            if group["tests"] and opts.cpus in (None, group["cpus"]):
                run_group(n, group, opts, tally)
        if opts.cpus in (None, 2):
            run_script(tally, "gdb commands", ["tests/gdbtest.py"])
        if opts.cpus in (None, 1):
            # A short crash test; `make crash` runs 200 points.
            run_script(tally, "cpus=1 crash test, 5 points",
                       ["tests/crash.py", "--no-build", "--cpus", "1",
                        "--points", "5", "--max-delay", "1",
                        "--log", "crash-short.log"])
    return tally.summary()


def run_script(tally, label, argv):
    """A test that is a Python script in tests/ (the doc check, or a guest
    test that drives QEMU itself)."""
    run_program(tally, label, [sys.executable] + argv)


def run_program(tally, label, argv):
    """A test that is a host program: passes if it exits 0 within
    HOST_TIMEOUT; its last lines are shown if not."""
    tally.start(label)
    t0 = time.monotonic()
    try:
        p = subprocess.run(argv, cwd=TOP, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=HOST_TIMEOUT)
        output = p.stdout.decode("utf-8", "replace")
        why = exit_why(p.returncode)
    except subprocess.TimeoutExpired as e:
        output = (e.stdout or b"").decode("utf-8", "replace")
        why = "no exit within %ds" % HOST_TIMEOUT
    except OSError as e:
        output, why = "", "cannot run it: %s" % e
    elapsed = time.monotonic() - t0
    if not why:
        tally.ok(label, elapsed)
    else:
        if output.strip():
            why += "; last lines:"
        tally.fail(label, why, tail_lines(output), elapsed)


# ---------------------------------------------------------------------
# Commands given on the command line


def run_adhoc(opts):
    """Boot once, type each command, stream the console to stdout."""
    if not opts.no_build:
        if not make_or_say("build failed"):
            print("0 passed, %d failed" % len(opts.commands))
            return 1
    if missing_images():
        print(missing_images())
        print("0 passed, %d failed" % len(opts.commands))
        return 1
    cpus = opts.cpus or 2
    timeout = opts.timeout or 300
    results = []
    with Images(opts.keep_fs) as images, open_log("adhoc.log") as log, \
            Guest(qemu_argv(opts, images, cpus), log, sys.stdout) as guest:
        dead = start_and_boot(guest, opts)
        for cmd in opts.commands:
            if dead:
                results.append((cmd, "not run: " + dead))
                continue
            why, dead = run_adhoc_command(guest, cmd, timeout)
            results.append((cmd, why))
    print()
    tally = Tally()
    for cmd, why in results:
        print("%-30s %s" % (cmd, "FAILED: " + why if why else "ok"))
        if why:
            tally.failed += 1
        else:
            tally.passed += 1
    return tally.summary()


def run_adhoc_command(guest, cmd, timeout):
    """Returns (why it failed or None, why the guest is dead or None)."""
    if not guest.type(cmd):
        return "QEMU is gone", "QEMU is gone"
    event, text = guest.wait_for(PROMPT_RE, timeout)
    if event != "match":
        why = why_dead(event, guest, timeout)
        return why, "kernel died during %r (%s)" % (cmd, why)
    ok, why, _ = judge(Test(cmd, cmd), text)
    return (None if ok else why), None


# ---------------------------------------------------------------------


def list_tests():
    print("host tests: `make -s -C tests list`")
    for n, g in enumerate(GROUPS):
        print("group %d, cpus=%d:" % (n, g["cpus"]))
        for t in g["tests"]:
            print("  %-16s %-24r timeout %ds" % (t.name, t.cmd, t.timeout))


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="Build and run the tests, or run commands in the guest.",
        epilog="With COMMANDs: boot once, type each one at the shell and "
        "count it passed if the prompt comes back with no panic and no "
        "FAILED line.")
    ap.add_argument("commands", nargs="*", metavar="COMMAND",
                    help="shell command to run in the guest")
    ap.add_argument("--suite", choices=["all", "host", "guest"],
                    help="which tests to run (default all)")
    ap.add_argument("--cpus", type=int,
                    help="CPUs for COMMANDs (default 2); with --suite, run "
                    "only the guest groups with this many CPUs")
    ap.add_argument("--timeout", type=float,
                    help="seconds each command may take (COMMANDs: default "
                    "300; suite: overrides each test's own)")
    ap.add_argument("--boot-timeout", type=float, default=60,
                    help="seconds to wait for the first prompt (default 60)")
    ap.add_argument("--icount", action="store_true",
                    help="run QEMU with -icount shift=0 (for benchmarks)")
    ap.add_argument("--keep-fs", action="store_true",
                    help="boot on fs.img itself, not a copy: changes stay")
    ap.add_argument("--no-build", action="store_true",
                    help="do not run make first")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="show the guest console while the suite runs")
    ap.add_argument("--list", action="store_true",
                    help="list the guest test groups and exit")
    # For testing the runner itself against a fake guest: a command line
    # with {fs}, {xv6} and {cpus} standing for the images and CPU count.
    ap.add_argument("--qemu-cmd", help=argparse.SUPPRESS)
    opts = ap.parse_args(argv)
    if opts.commands and opts.suite:
        ap.error("give either --suite or COMMANDs, not both")
    if opts.cpus is not None and not 1 <= opts.cpus <= 8:
        ap.error("--cpus must be 1 to 8")
    opts.suite = opts.suite or "all"
    return opts


def on_signal(signum, frame):
    # Turn a polite kill into an exception, so every `with` kills its QEMU.
    sys.exit(128 + signum)


def main(argv):
    opts = parse_args(argv)
    if opts.list:
        list_tests()
        return 0
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    try:
        if opts.commands:
            return run_adhoc(opts)
        return run_suite(opts)
    except KeyboardInterrupt:
        print("\ninterrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
