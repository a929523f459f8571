#!/usr/bin/env python3
"""fsck: check a file system image (fs.img) for consistency, on the host.

  python3 tests/fsck.py [--replay] [-q] IMAGE

This file owns the checker only; the format it checks is kernel/fs/fs.h
(layout, inodes, directories) and kernel/fs/log.c (the log header), as
mkfs/mkfs.c writes it. It never changes the image. Python 3 standard
library only.

What it checks, each violation one line on stdout:
  - the super block: the areas (log, inodes, bitmap, data) follow each
    other as mkfs lays them out and fit in the image;
  - the log: its header is empty (the image was left between
    transactions). With --replay a committed but uninstalled log is
    applied first, in memory, as the kernel's recover() would at boot;
  - inodes: a known type; a free inode holds no blocks; a device has no
    data; every block number an inode or index block names lies in the
    data area; a file's blocks agree with its size (no hole below the
    size, nothing allocated above it);
  - blocks: every block is either metadata (boot, super, log, inodes,
    bitmap) or owned exactly once (a data block or an index block of one
    inode), and the bitmap marks exactly those used;
  - names: every allocated inode is reachable from / ; every directory
    starts with "." naming itself and ".." naming its parent (the root's
    names the root), has no duplicate names and exactly one name of its
    own; no entry names a free inode; every link count matches the
    names: a file's is its number of names, a directory's is 1 + its
    number of subdirectories (their ".." entries; "." does not count).

Exit status 0 if the image is clean, 1 if anything is wrong, 2 if it
cannot be read. check() is what the crash test and fsck_test.py use.
"""

import argparse
import struct
import sys

# kernel/fs/fs.h and kernel/fs/stat.h
BSIZE = 512
ROOTINO = 1
NDIRECT = 11
NINDIRECT = BSIZE // 4
NDINDIRECT = NINDIRECT * NINDIRECT
MAXFILE = NDIRECT + NINDIRECT + NDINDIRECT
DINODE = struct.Struct("<hhhhI%dI" % (NDIRECT + 2))   # 64 bytes
IPB = BSIZE // DINODE.size
BPB = BSIZE * 8
DIRENT = struct.Struct("<H14s")                       # 16 bytes
DIRSIZ = 14
T_DIR, T_FILE, T_DEV = 1, 2, 3
TYPES = {T_DIR: "directory", T_FILE: "file", T_DEV: "device"}
SUPER = struct.Struct("<7I")

MAXPROBLEMS = 200   # stop listing after this many (a wrecked image)


class Inode:
    def __init__(self, inum, raw):
        f = DINODE.unpack(raw)
        self.inum = inum
        self.type, self.major, self.minor, self.nlink, self.size = f[:5]
        self.addrs = list(f[5:])


class Image:
    """The image's blocks, with the log replayed on request."""

    def __init__(self, data):
        self.data = data           # copied only if the log is replayed
        self.nblocks_file = len(data) // BSIZE

    def block(self, b):
        return bytes(self.data[b * BSIZE:(b + 1) * BSIZE])

    def uints(self, b):
        return struct.unpack_from("<%dI" % NINDIRECT, self.data, b * BSIZE)

    def put(self, b, raw):
        if not isinstance(self.data, bytearray):
            self.data = bytearray(self.data)
        self.data[b * BSIZE:(b + 1) * BSIZE] = raw


def name_of(raw):
    return raw.split(b"\0", 1)[0].decode("latin-1")


class Checker:
    def __init__(self, data, replay=False):
        self.img = Image(data)
        self.replay = replay
        self.problems = []
        self.owner = {}        # block -> description of its one owner
        self.inodes = {}       # inum -> Inode, allocated ones only
        self.stats = {}

    def bad(self, msg):
        if len(self.problems) < MAXPROBLEMS:
            self.problems.append(msg)

    # -- super block and log -------------------------------------------

    def superblock(self):
        if self.img.nblocks_file < 2:
            self.bad("image is %d bytes: no super block" % len(self.img.data))
            return False
        (self.size, self.nblocks, self.ninodes, self.nlog, self.logstart,
         self.inodestart, self.bmapstart) = SUPER.unpack(
             self.img.block(1)[:SUPER.size])
        ok = True
        ninodeblk = (self.ninodes + IPB - 1) // IPB if self.ninodes else 0
        nbitmap = (self.size + BPB - 1) // BPB
        self.datastart = self.bmapstart + nbitmap
        if self.size == 0 or self.size > self.img.nblocks_file:
            self.bad("super block: size %d blocks, but the image has %d" %
                     (self.size, self.img.nblocks_file))
            ok = False
        if self.ninodes < 2:
            self.bad("super block: %d inodes" % self.ninodes)
            ok = False
        if self.nlog < 2 or self.logstart != 2:
            self.bad("super block: log of %d blocks at block %d (want >= 2 "
                     "blocks at block 2)" % (self.nlog, self.logstart))
            ok = False
        if self.inodestart != self.logstart + self.nlog:
            self.bad("super block: inodes start at block %d, not after the "
                     "log (%d)" % (self.inodestart, self.logstart + self.nlog))
            ok = False
        if self.bmapstart < self.inodestart + ninodeblk:
            self.bad("super block: bitmap at block %d overlaps the %d inode "
                     "blocks from %d" % (self.bmapstart, ninodeblk,
                                        self.inodestart))
            ok = False
        if ok and self.nblocks != self.size - self.datastart:
            self.bad("super block: %d data blocks, but the layout leaves %d"
                     % (self.nblocks, self.size - self.datastart))
            ok = False
        if ok and self.datastart >= self.size:
            self.bad("super block: no room for data")
            ok = False
        return ok

    def log(self):
        raw = self.img.block(self.logstart)
        n = struct.unpack("<i", raw[:4])[0]
        if n == 0:
            return
        if n < 0 or n > self.nlog - 1 or n > (BSIZE // 4) - 1:
            self.bad("log header: bad count %d" % n)
            return
        blocks = struct.unpack("<%di" % n, raw[4:4 + 4 * n])
        if not self.replay:
            self.bad("log header holds %d committed blocks not yet installed "
                     "(the image was not left between transactions; "
                     "--replay applies them)" % n)
            return
        for i, b in enumerate(blocks):
            if b < 2 or b >= self.size or \
                    self.logstart <= b < self.inodestart:
                self.bad("log entry %d names block %d, outside the disk's "
                         "metadata and data" % (i, b))
                continue
            self.img.put(b, self.img.block(self.logstart + 1 + i))
        self.stats["replayed"] = n

    # -- inodes and their blocks ---------------------------------------

    def read_inodes(self):
        for inum in range(self.ninodes):
            b = self.inodestart + inum // IPB
            off = (inum % IPB) * DINODE.size
            ip = Inode(inum, self.img.block(b)[off:off + DINODE.size])
            if ip.type == 0:
                if any(ip.addrs) or ip.size:
                    self.bad("inode %d is free but still has size %d and "
                             "blocks %s" % (inum, ip.size,
                                            [a for a in ip.addrs if a]))
                continue
            if inum == 0:
                self.bad("inode 0 (never used) has type %d" % ip.type)
                continue
            if ip.type not in TYPES:
                self.bad("inode %d has unknown type %d" % (inum, ip.type))
                continue
            self.inodes[inum] = ip
        root = self.inodes.get(ROOTINO)
        if root is None or root.type != T_DIR:
            self.bad("root inode %d is not a directory" % ROOTINO)
            return False
        return True

    def claim(self, b, what):
        """Record that WHAT owns block b; False if b cannot be used."""
        if b < self.datastart or b >= self.size:
            self.bad("%s: block %d is outside the data area [%d, %d)" %
                     (what, b, self.datastart, self.size))
            return False
        if b in self.owner:
            self.bad("block %d is owned twice: by %s and by %s" %
                     (b, self.owner[b], what))
            return False
        self.owner[b] = what
        return True

    def file_blocks(self, ip):
        """Claim ip's blocks; return its data blocks in file order (0 for
        none), or None if its block tree is unusable."""
        who = "inode %d" % ip.inum

        def blocks(a, depth):
            # The data blocks under block a, claiming each block on the
            # way: a itself at depth 0, else a is an index block (depth 1:
            # data below it; 2: index blocks below it). 0 for each data
            # block a hole leaves out; None if a block cannot be used.
            if not a:
                return [0] * NINDIRECT ** depth
            if depth == 0:
                return [a] if self.claim(a, who) else None
            if not self.claim(a, "%s (index block)" % who):
                return None
            out = []
            for b in self.img.uints(a):
                sub = blocks(b, depth - 1)
                if sub is None:
                    return None
                out.extend(sub)
            return out

        # addrs: NDIRECT data blocks, one index block, one double index.
        data = []
        for slot, a in enumerate(ip.addrs[:NDIRECT + 2]):
            sub = blocks(a, max(0, slot - NDIRECT + 1))
            if sub is None:
                return None
            data.extend(sub)
        return data

    def check_sizes(self, ip, data):
        who = "inode %d (%s)" % (ip.inum, TYPES[ip.type])
        if ip.size > MAXFILE * BSIZE:
            self.bad("%s: size %d is over the largest file, %d" %
                     (who, ip.size, MAXFILE * BSIZE))
            return
        need = (ip.size + BSIZE - 1) // BSIZE
        holes = [bn for bn in range(need) if not data[bn]]
        extra = [bn for bn in range(need, MAXFILE) if data[bn]]
        if holes:
            self.bad("%s: size %d needs %d blocks but file blocks %s are "
                     "missing" % (who, ip.size, need, short(holes)))
        if extra:
            self.bad("%s: size %d needs %d blocks but file blocks %s "
                     "beyond it are allocated" % (who, ip.size, need,
                                                   short(extra)))
        if ip.type == T_DEV and (ip.size or any(ip.addrs)):
            self.bad("%s has data (size %d)" % (who, ip.size))
        # An index block wholly above the size is allowed only if it is
        # empty: writei allocates the index block before its data block,
        # so a write that filled the disk can leave one behind. (The
        # empty block is owned, so nothing leaks.)

    def blocks(self):
        self.data = {}
        for inum, ip in sorted(self.inodes.items()):
            data = self.file_blocks(ip)
            if data is None:
                continue
            self.data[inum] = data
            self.check_sizes(ip, data)

    def bitmap(self):
        used = 0
        leaked, lost = [], []
        for b in range(self.size):
            raw = self.img.data[(self.bmapstart + b // BPB) * BSIZE +
                                (b % BPB) // 8]
            inuse = bool(raw & (1 << (b % 8)))
            used += inuse
            if b < self.datastart:
                if not inuse:
                    lost.append(b)
            elif inuse and b not in self.owner:
                leaked.append(b)
            elif not inuse and b in self.owner:
                self.bad("block %d belongs to %s but is free in the bitmap" %
                         (b, self.owner[b]))
        if lost:
            self.bad("metadata blocks %s are free in the bitmap" % short(lost))
        if leaked:
            self.bad("blocks %s are used in the bitmap but owned by no inode "
                     "(leaked)" % short(leaked))
        self.stats["blocks used"] = used

    # -- directories and names -----------------------------------------

    def entries(self, ip):
        """(offset, inum, name) for every entry of directory ip."""
        data = self.data.get(ip.inum)
        if data is None:
            return []
        raw = b"".join(self.img.block(a) if a else bytes(BSIZE)
                       for a in data[:(ip.size + BSIZE - 1) // BSIZE])
        raw = raw[:ip.size]
        if ip.size % DIRENT.size:
            self.bad("directory %d: size %d is not a whole number of "
                     "entries" % (ip.inum, ip.size))
        return [(off,) + DIRENT.unpack_from(raw, off)
                for off in range(0, len(raw) - DIRENT.size + 1, DIRENT.size)]

    def tree(self):
        names = {inum: 0 for inum in self.inodes}    # non-dot entries
        dotdots = {inum: 0 for inum in self.inodes}  # subdirectories' ".."
        parent = {ROOTINO: ROOTINO}
        seen = set()
        todo = [ROOTINO]
        while todo:
            d = todo.pop()
            if d in seen:
                continue
            seen.add(d)
            dp = self.inodes[d]
            where = "directory %d (%s)" % (d, self.path(d, parent))
            ents = self.entries(dp)
            first = {0: ".", DIRENT.size: ".."}
            want = {".": d, "..": parent[d]}
            got = set()
            for off, inum, raw in ents:
                name = name_of(raw)
                if off in first:
                    dot = first[off]
                    if inum == 0 or name != dot:
                        self.bad("%s: entry %d is %r (inode %d), not %r" %
                                 (where, off // DIRENT.size, name, inum, dot))
                        continue
                    if inum != want[dot]:
                        self.bad("%s: %r names inode %d, not %d" %
                                 (where, dot, inum, want[dot]))
                    elif dot == ".." and d != ROOTINO:
                        dotdots[inum] += 1
                    continue
                if inum == 0:
                    continue
                if name in (".", "..", ""):
                    self.bad("%s: extra entry %r (inode %d)" %
                             (where, name, inum))
                    continue
                if name in got:
                    self.bad("%s: name %r appears twice" % (where, name))
                got.add(name)
                if inum >= self.ninodes:
                    self.bad("%s: %r names inode %d, past the last (%d)" %
                             (where, name, inum, self.ninodes - 1))
                    continue
                ip = self.inodes.get(inum)
                if ip is None:
                    self.bad("%s: %r names free inode %d" %
                             (where, name, inum))
                    continue
                names[inum] += 1
                if ip.type == T_DIR:
                    if inum in parent:
                        self.bad("%s: %r is a second name for directory %d"
                                 % (where, name, inum))
                        continue
                    parent[inum] = d
                    todo.append(inum)
            if len(ents) < 2:
                self.bad("%s has no '.' and '..' entries" % where)
        self.stats["inodes"] = len(self.inodes)
        self.stats["directories"] = len(seen)
        for inum, ip in sorted(self.inodes.items()):
            if inum != ROOTINO and names[inum] == 0:
                self.bad("inode %d (%s, nlink %d, size %d) is allocated but "
                         "no directory names it%s" %
                         (inum, TYPES[ip.type], ip.nlink, ip.size,
                          " (a removed file still open at a crash)"
                          if ip.nlink == 0 else ""))
                continue
            want = names[inum] + (1 if inum == ROOTINO else 0)
            if ip.type == T_DIR:
                want += dotdots[inum]
            if ip.nlink != want:
                self.bad("inode %d (%s, %s): link count %d, but %d names "
                         "refer to it" % (inum, TYPES[ip.type],
                                          self.path(inum, parent), ip.nlink,
                                          want))

    def path(self, inum, parent):
        # A readable name for directory inum, for messages ("?" if its
        # parent is not known yet).
        parts = []
        while inum != ROOTINO and len(parts) < 64:
            p = parent.get(inum)
            if p is None:
                return "?/" + "/".join(reversed(parts))
            for _, i, raw in self.entries(self.inodes[p])[2:]:
                if i == inum:
                    parts.append(name_of(raw))
                    break
            else:
                parts.append("?")
            inum = p
        return "/" + "/".join(reversed(parts))

    def run(self):
        if not self.superblock():
            return self.problems
        self.log()
        if self.read_inodes():
            self.blocks()
            self.bitmap()
            self.tree()
        return self.problems


def short(nums, n=8):
    nums = list(nums)
    s = ", ".join(str(x) for x in nums[:n])
    return "[%s%s]" % (s, ", ... %d in all" % len(nums) if len(nums) > n
                       else "")


def root_files(data):
    """The regular files named in the root directory of image DATA (as
    the kernel would see it: the log is replayed first), as a dict from
    name to contents. For the crash test; call check() first, since an
    inconsistent image may not be readable."""
    c = Checker(data, replay=True)
    if not c.superblock():
        return {}
    c.log()
    if not c.read_inodes():
        return {}
    c.blocks()
    out = {}
    for _, inum, raw in c.entries(c.inodes[ROOTINO])[2:]:
        ip = c.inodes.get(inum)
        if inum == 0 or ip is None or ip.type != T_FILE or \
                inum not in c.data:
            continue
        blocks = c.data[inum][:(ip.size + BSIZE - 1) // BSIZE]
        body = b"".join(c.img.block(a) if a else bytes(BSIZE) for a in blocks)
        out[name_of(raw)] = body[:ip.size]
    return out


def check(data, replay=False):
    """Check image bytes DATA; returns (problems, stats)."""
    c = Checker(data, replay)
    problems = c.run()
    return problems, c.stats


def main(argv):
    ap = argparse.ArgumentParser(description="Check an xv6 fs.img.")
    ap.add_argument("image")
    ap.add_argument("--replay", action="store_true",
                    help="apply a committed log first, as boot would")
    ap.add_argument("-q", "--quiet", action="store_true",
                    help="print nothing if the image is clean")
    opts = ap.parse_args(argv)
    try:
        with open(opts.image, "rb") as f:
            data = f.read()
    except OSError as e:
        print("fsck: %s" % e)
        return 2
    problems, stats = check(data, opts.replay)
    for p in problems:
        print("fsck: %s: %s" % (opts.image, p))
    if problems:
        print("fsck: %s: %d problem%s%s" %
              (opts.image, len(problems), "s" if len(problems) > 1 else "",
               " (list cut short)" if len(problems) >= MAXPROBLEMS else ""))
        return 1
    if not opts.quiet:
        print("fsck: %s: clean (%s)" % (opts.image, ", ".join(
            "%s %d" % kv for kv in stats.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
