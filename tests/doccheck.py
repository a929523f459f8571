#!/usr/bin/env python3
"""Check that the system-call documents match the code.

  - docs/syscalls.md's table lists every SYS_name of
    kernel/proc/syscall.h, with its number, and nothing else;
  - each signature in that table is the declaration in user/user.h
    (compared without spaces);
  - every man page in docs/man/ (if any) has the sections NAME,
    SYNOPSIS, DESCRIPTION, RETURN VALUE, ERRORS, NOTES and EXAMPLE, and
    each declaration in its SYNOPSIS block is the one user/user.h has.

Prints one line per problem and `doccheck: N calls, M man pages OK`;
exits 1 if anything is wrong. Python 3 standard library only.
"""

import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECTIONS = ["NAME", "SYNOPSIS", "DESCRIPTION", "RETURN VALUE", "ERRORS",
            "NOTES", "EXAMPLE"]


def read(path):
    with open(os.path.join(TOP, path), encoding="utf-8") as f:
        return f.read()


def squash(decl):
    """A declaration without spaces or a trailing semicolon."""
    return re.sub(r"\s+", "", decl).rstrip(";")


def syscall_numbers():
    return {m.group(1): int(m.group(2)) for m in re.finditer(
        r"^#define\s+SYS_(\w+)\s+(\d+)", read("kernel/proc/syscall.h"),
        re.MULTILINE)}


def user_decls():
    """{function name: squashed declaration} from user/user.h."""
    text = re.sub(r"//[^\n]*", "", read("user/user.h"))
    text = re.sub(r"__attribute__\s*\(\(.*?\)\)", "", text, flags=re.S)
    decls = {}
    for m in re.finditer(r"([A-Za-z_][\w\s\*]*?\b(\w+)\s*\([^;{]*\))\s*;",
                         text):
        decls[m.group(2)] = squash(m.group(1))
    return decls


def check_table(problems, nums, decls):
    rows = re.findall(r"^\|\s*(\d+)\s*\|\s*(\w+)\s*\|\s*`([^`]*)`\s*\|",
                      read("docs/syscalls.md"), re.MULTILINE)
    seen = {}
    for num, name, sig in rows:
        seen[name] = int(num)
        if name not in nums:
            problems.append("syscalls.md lists %s, which syscall.h lacks"
                            % name)
        elif nums[name] != int(num):
            problems.append("syscalls.md gives %s number %s; syscall.h %d"
                            % (name, num, nums[name]))
        if name not in decls:
            problems.append("syscalls.md: user.h declares no %s" % name)
        elif squash(sig) != decls[name]:
            problems.append("syscalls.md: %s is `%s`; user.h says `%s`"
                            % (name, sig, decls[name]))
    for name in nums:
        if name not in seen:
            problems.append("syscalls.md does not list %s (SYS_%s = %d)"
                            % (name, name, nums[name]))
    return len(rows)


def check_man(problems, decls):
    mandir = os.path.join(TOP, "docs", "man")
    if not os.path.isdir(mandir):
        return 0
    pages = sorted(f for f in os.listdir(mandir) if f.endswith(".md"))
    for page in pages:
        text = read(os.path.join("docs", "man", page))
        heads = re.findall(r"^##\s+(.+?)\s*$", text, re.MULTILINE)
        for s in SECTIONS:
            if s not in heads:
                problems.append("man/%s has no section %s" % (page, s))
        m = re.search(r"^##\s+SYNOPSIS\s*$(.*?)^##\s", text,
                      re.MULTILINE | re.S)
        if not m:
            continue
        code = re.findall(r"```[a-z]*\n(.*?)```", m.group(1), re.S)
        found = 0
        for block in code:
            for d in re.finditer(r"([A-Za-z_][\w\s\*]*?\b(\w+)\s*\([^;]*\))"
                                 r"\s*;", block):
                name = d.group(2)
                found += 1
                if name not in decls:
                    problems.append("man/%s: user.h declares no %s"
                                    % (page, name))
                elif squash(d.group(1)) != decls[name]:
                    problems.append("man/%s: SYNOPSIS has `%s`; user.h `%s`"
                                    % (page, squash(d.group(1)),
                                       decls[name]))
        if found == 0:
            problems.append("man/%s: SYNOPSIS declares nothing" % page)
    return len(pages)


def main():
    problems = []
    decls = user_decls()
    ncalls = check_table(problems, syscall_numbers(), decls)
    npages = check_man(problems, decls)
    for p in problems:
        print("doccheck: FAILED: %s" % p)
    if problems:
        return 1
    print("doccheck: %d calls, %d man pages OK" % (ncalls, npages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
