#!/usr/bin/env python3
"""Host test of tests/fsck.py: it must pass a sound image and report each
of many kinds of damage.

Builds mkfs (mkfs/mkfs.c, as the Makefile does) into a temporary
directory, makes an image with a small file and one big enough for the
doubly-indirect block, adds a subdirectory with a file in it the way the
kernel's mkdir would, checks that fsck finds all of that clean, then
damages a fresh copy in one way at a time and requires fsck to report
it with the expected message. Prints one line per case and exits 0 only
if every case passed. Run by `make test` (tests/fsck.mk). Python 3
standard library only.
"""

import os
import re
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import fsck  # noqa: E402
from fsck import BSIZE, BPB, DINODE, DIRENT, IPB, NDIRECT, T_DIR, T_FILE  # noqa

KDIRS = ["kernel", "kernel/boot", "kernel/mm", "kernel/fs", "kernel/proc",
         "kernel/dev"]
BIGBLOCKS = NDIRECT + fsck.NINDIRECT + 3   # reaches the doubly-indirect


class Img:
    """An image in memory with just enough of a file system writer to add
    a directory and to damage things in place."""

    def __init__(self, data):
        self.d = bytearray(data)
        (self.size, _, self.ninodes, self.nlog, self.logstart,
         self.inodestart, self.bmapstart) = fsck.SUPER.unpack_from(self.d,
                                                                   BSIZE)

    def copy(self):
        return Img(self.d)

    # inodes
    def ioff(self, inum):
        return (self.inodestart + inum // IPB) * BSIZE + \
            (inum % IPB) * DINODE.size

    def iget(self, inum):
        return list(DINODE.unpack_from(self.d, self.ioff(inum)))

    def iput(self, inum, f):
        DINODE.pack_into(self.d, self.ioff(inum), *f)

    def ialloc(self, typ):
        for inum in range(1, self.ninodes):
            if self.iget(inum)[0] == 0:
                self.iput(inum, [typ, 0, 0, 1, 0] + [0] * (NDIRECT + 2))
                return inum
        raise RuntimeError("no free inode")

    # blocks
    def bit(self, b):
        o = (self.bmapstart + b // BPB) * BSIZE + (b % BPB) // 8
        return o, 1 << (b % 8)

    def isused(self, b):
        o, m = self.bit(b)
        return bool(self.d[o] & m)

    def setbit(self, b, on):
        o, m = self.bit(b)
        self.d[o] = (self.d[o] | m) if on else (self.d[o] & ~m)

    def balloc(self):
        for b in range(self.size):
            if not self.isused(b):
                self.setbit(b, True)
                self.d[b * BSIZE:(b + 1) * BSIZE] = bytes(BSIZE)
                return b
        raise RuntimeError("disk full")

    def free_block(self):
        for b in range(self.size - 1, 0, -1):
            if not self.isused(b):
                return b
        raise RuntimeError("no free block")

    # directories (small ones: entries in the first block)
    def entries(self, dinum):
        f = self.iget(dinum)
        out = []
        for off in range(0, f[4], DIRENT.size):
            b = f[5 + off // BSIZE]
            o = b * BSIZE + off % BSIZE
            inum, raw = DIRENT.unpack_from(self.d, o)
            out.append((o, inum, fsck.name_of(raw)))
        return out

    def entry(self, dinum, name):
        for o, inum, n in self.entries(dinum):
            if n == name and inum:
                return o, inum
        raise KeyError(name)

    def setentry(self, o, inum, name):
        DIRENT.pack_into(self.d, o, inum, name.encode())

    def addentry(self, dinum, name, inum):
        f = self.iget(dinum)
        off = f[4]
        bn = off // BSIZE
        if f[5 + bn] == 0:
            f[5 + bn] = self.balloc()
        o = f[5 + bn] * BSIZE + off % BSIZE
        f[4] = off + DIRENT.size
        self.iput(dinum, f)
        self.setentry(o, inum, name)

    def mkdir(self, parent, name):
        inum = self.ialloc(T_DIR)
        self.addentry(inum, ".", inum)
        self.addentry(inum, "..", parent)
        self.addentry(parent, name, inum)
        f = self.iget(parent)
        f[3] += 1            # the new directory's ".."
        self.iput(parent, f)
        return inum

    def mkfile(self, dinum, name, data):
        inum = self.ialloc(T_FILE)
        f = self.iget(inum)
        for i in range(0, len(data), BSIZE):
            b = self.balloc()
            chunk = data[i:i + BSIZE]
            self.d[b * BSIZE:b * BSIZE + len(chunk)] = chunk
            f[5 + i // BSIZE] = b
        f[4] = len(data)
        self.iput(inum, f)
        self.addentry(dinum, name, inum)
        return inum


def build_image(tmp):
    mkfs = os.path.join(tmp, "mkfs")
    cmd = ["gcc", "-Werror", "-Wall", "-O2"] + \
        ["-I" + os.path.join(TOP, d) for d in KDIRS] + \
        ["-o", mkfs, os.path.join(TOP, "mkfs", "mkfs.c")]
    subprocess.run(cmd, check=True)
    small = os.path.join(tmp, "small")
    big = os.path.join(tmp, "big")
    with open(small, "wb") as f:
        f.write(b"a small file\n" * 50)        # 650 bytes: 2 blocks
    with open(big, "wb") as f:
        f.write(bytes(range(256)) * (BIGBLOCKS * BSIZE // 256) + b"tail")
    img = os.path.join(tmp, "fs.img")
    subprocess.run([mkfs, img, small, big], check=True,
                   stdout=subprocess.DEVNULL)
    with open(img, "rb") as f:
        return Img(f.read())


def main():
    with tempfile.TemporaryDirectory(prefix="fscktest-") as tmp:
        base = build_image(tmp)
    root = fsck.ROOTINO
    d = base.mkdir(root, "d")
    base.mkfile(d, "f", b"in the subdirectory\n")
    base.mkdir(d, "e")
    _, small = base.entry(root, "small")
    _, big = base.entry(root, "big")
    _, e = base.entry(d, "e")
    sf, bf = base.iget(small), base.iget(big)

    failed = 0

    def case(name, damage, want, replay=False):
        nonlocal failed
        img = base.copy()
        if damage:
            damage(img)
        problems, _ = fsck.check(img.d, replay)
        if want is None:
            ok = not problems
            why = "reported %r" % problems[:3]
        else:
            ok = any(re.search(want, p) for p in problems)
            why = "no problem matching /%s/ among %r" % (want, problems[:5])
        print("fsck_test: %-34s %s" % (name, "ok" if ok else "FAILED: " + why))
        if not ok:
            failed += 1

    def inode(inum, field, value):
        def f(img):
            fs = img.iget(inum)
            fs[field] = value(fs[field]) if callable(value) else value
            img.iput(inum, fs)
        return f

    def superfield(i, delta):
        def f(img):
            vals = list(fsck.SUPER.unpack_from(img.d, BSIZE))
            vals[i] += delta
            fsck.SUPER.pack_into(img.d, BSIZE, *vals)
        return f

    def log_one(img, block, contents):
        # A committed log holding one block: header n=1, block number,
        # then the copy.
        struct.pack_into("<ii", img.d, img.logstart * BSIZE, 1, block)
        o = (img.logstart + 1) * BSIZE
        img.d[o:o + BSIZE] = contents

    def log_nlink(img):
        # Log an inode block in which small's link count is 5.
        blk = img.inodestart + small // IPB
        copy = img.copy()
        inode(small, 3, 5)(copy)
        log_one(img, blk, bytes(copy.d[blk * BSIZE:(blk + 1) * BSIZE]))

    def entry_to(dinum, name, inum=None, newname=None):
        def f(img):
            o, old = img.entry(dinum, name)
            img.setentry(o, old if inum is None else inum,
                         newname if newname else name)
        return f

    def free_inum(img):
        for i in range(2, img.ninodes):
            if img.iget(i)[0] == 0:
                return i

    def clear_bit_of(b):
        return lambda img: img.setbit(b, False)

    # The sound image, with the log replayed or not.
    case("sound image", None, None)
    case("sound image, --replay", None, None, replay=True)
    case("empty committed log, --replay",
         lambda img: log_one(img, img.free_block(), bytes(BSIZE)), None,
         replay=True)
    # Damage, one kind at a time.
    case("super block size", superfield(0, 100), r"super block: size")
    case("super block bitmap start", superfield(6, -5),
         r"super block: bitmap")
    case("log not installed", log_nlink, r"log header holds 1 committed")
    case("log replayed shows its change", log_nlink,
         r"inode %d .*link count 5" % small, replay=True)
    case("bad log count", lambda img: struct.pack_into(
        "<i", img.d, img.logstart * BSIZE, 9999), r"log header: bad count")
    case("leaked block", lambda img: img.setbit(img.free_block(), True),
         r"owned by no inode \(leaked\)")
    case("used block free in bitmap", clear_bit_of(bf[5]),
         r"block %d belongs to inode %d but is free" % (bf[5], big))
    case("index block free in bitmap", clear_bit_of(bf[5 + NDIRECT + 1]),
         r"belongs to inode %d \(index block\) but is free" % big)
    case("metadata free in bitmap", clear_bit_of(3),
         r"metadata blocks \[3\] are free")
    case("block owned twice", inode(small, 5, bf[6]),
         r"block %d is owned twice" % bf[6])
    case("block in the log area", inode(small, 5, 3),
         r"block 3 is outside the data area")
    case("block past the disk", inode(small, 6, base.size + 7),
         r"block %d is outside the data area" % (base.size + 7))
    case("file link count", inode(small, 3, 2),
         r"inode %d \(file.*link count 2, but 1" % small)
    case("directory link count", inode(d, 3, 1),
         r"inode %d \(directory.*link count 1, but 2" % d)
    case("root link count", inode(root, 3, lambda n: n + 1),
         r"inode 1 \(directory.*link count")
    case("unreachable inode", entry_to(root, "small", inum=0),
         r"inode %d \(file.*no directory names it" % small)
    case("removed file left open", lambda img: (
        entry_to(root, "small", inum=0)(img), inode(small, 3, 0)(img)),
        r"inode %d .*a removed file still open at a crash" % small)
    case("entry names a free inode",
         lambda img: entry_to(root, "small", inum=free_inum(img))(img),
         r"'small' names free inode")
    case("entry past the last inode", entry_to(root, "small", inum=60000),
         r"names inode 60000, past the last")
    case("'..' wrong", entry_to(e, "..", inum=e),
         r"directory %d .*'\.\.' names inode %d, not %d" % (e, e, d))
    case("'.' wrong", entry_to(e, ".", inum=d),
         r"directory %d .*'\.' names inode %d, not %d" % (e, d, e))
    case("'.' missing", entry_to(e, ".", newname="x"),
         r"entry 0 is 'x'")
    case("duplicate name", entry_to(root, "small", newname="big"),
         r"name 'big' appears twice")
    case("second name for a directory",
         lambda img: img.addentry(root, "d2", e),
         r"is a second name for directory %d" % e)
    case("size past the blocks", inode(small, 4, 3 * BSIZE),
         r"inode %d .*file blocks \[2\] are missing" % small)
    case("blocks past the size", inode(big, 4, 10),
         r"inode %d .*beyond it are allocated" % big)
    case("size over the largest file", inode(big, 4, 0x7fffffff),
         r"over the largest file")
    case("unknown type", inode(small, 0, 7), r"unknown type 7")
    case("free inode with blocks", inode(small, 0, 0),
         r"inode %d is free but still has" % small)
    case("root not a directory", inode(root, 0, T_FILE),
         r"root inode 1 is not a directory")
    case("directory size not whole entries", inode(e, 4, 40),
         r"not a whole number of entries")
    if failed:
        print("fsck_test: %d cases FAILED" % failed)
        return 1
    print("fsck_test: all cases passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
