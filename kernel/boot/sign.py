#!/usr/bin/env python3
"""Turn a raw boot block into a bootable disk sector, in place.

Usage: python3 kernel/boot/sign.py kernel/bootblock

The BIOS loads sector 0 only if its last two bytes are 0x55 0xAA, so the
code is padded with zeros to 510 bytes and the signature appended. A boot
block that does not fit is an error: the build must fail rather than
produce a disk the BIOS refuses.
"""

import sys

LIMIT = 510
SIGNATURE = b"\x55\xaa"


def main(argv):
    if len(argv) != 2:
        print("usage: sign.py BOOTBLOCK", file=sys.stderr)
        return 2
    path = argv[1]
    with open(path, "rb") as f:
        code = f.read()
    if len(code) > LIMIT:
        print("%s: boot block is %d bytes, more than %d"
              % (path, len(code), LIMIT), file=sys.stderr)
        return 1
    print("%s: boot block is %d bytes (max %d)" % (path, len(code), LIMIT))
    with open(path, "wb") as f:
        f.write(code + bytes(LIMIT - len(code)) + SIGNATURE)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
