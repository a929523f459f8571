# kgdb.py: gdb commands that print this kernel's own structures.
#
# Loaded by .gdbinit (made from .gdbinit.tmpl by `make qemu-gdb`), or by
# hand with `source tools/kgdb.py`. Every command reads kernel memory
# through the symbols of kernel/kernel, so it works whenever the kernel
# is stopped: at a breakpoint, after Ctrl-C, in a panic.
#
#   kps                 the process table: pid, state, name, CPU
#   kpmap PID           a process's regions, pmap style, walking the
#                       red-black tree p->vmroot in address order
#   kwalk PID ADDR      the two-level page walk of ADDR in PID's page
#                       directory: the PDE, the PTE, their bits decoded
#   kkm                 kmalloc's size classes: size, live objects, pages
#   kpages [INUM]       an inode's cached pages, from its red-black tree
#                       ip->i_pages: page number, physical address,
#                       reference count, dirty, writable PTEs, pins;
#                       without INUM, every inode that owns cached pages
#
# PID and ADDR may be any gdb expression (`kpmap p->pid`, `kwalk $pid va`).
#
# It owns nothing in the kernel and changes no memory. It knows the
# layouts of struct proc, struct vma, struct rb_node, struct inode,
# kmalloc's struct kmclass and the page cache's struct cpage from the
# kernel's debug information; the names of three static tables (fs.c's
# icache, pagecache.c's pcache, kalloc.c's kmem) and a few numbers from
# memlayout.h, mmu.h and pagecache.c, repeated below: if those change,
# change these.

import gdb

KERNBASE = 0x80000000
PGSIZE = 4096
NPTENTRIES = 1024

# PTE bits (kernel/mmu.h). PTE_A and PTE_D are set by the CPU; COW is
# PTE_COW, the first of the bits the MMU leaves to the system.
PTE_BITS = [(0x001, "P"), (0x002, "W"), (0x004, "U"), (0x008, "PWT"),
            (0x010, "PCD"), (0x020, "A"), (0x040, "D"), (0x080, "PS"),
            (0x200, "COW"), (0x400, "AVL1"), (0x800, "AVL2")]

# pagecache.c's struct cpage flags.
CP_DIRTY, CP_ORPHAN = 0x1, 0x2

# mman.h
PROT_READ, PROT_WRITE, PROT_EXEC = 1, 2, 4
MAP_SHARED = 0x01
MAP_ANONYMOUS = 0x20
VMR_PROG, VMR_HEAP, VMR_STACK, VMR_GUARD = 0x100, 0x200, 0x400, 0x800


def u32(value):
    return int(value) & 0xFFFFFFFF


def read_word(addr):
    """The 32-bit word at kernel virtual address addr."""
    ptr = gdb.Value(addr).cast(gdb.lookup_type("uint").pointer())
    return u32(ptr.dereference())


def procs():
    """Every slot of the process table that is in use."""
    table = gdb.parse_and_eval("ptable.proc")
    lo, hi = table.type.range()
    for i in range(lo, hi + 1):
        p = table[i]
        if str(p["state"]) != "UNUSED":
            yield p


def find_proc(pid):
    for p in procs():
        if int(p["pid"]) == pid:
            return p
    raise gdb.GdbError("no process with pid %d" % pid)


def running_cpu(p):
    """The index of the CPU running p, or None."""
    n = int(gdb.parse_and_eval("ncpu"))
    cpus = gdb.parse_and_eval("cpus")
    for i in range(n):
        if u32(cpus[i]["proc"]) == u32(p.address):
            return i
    return None


def rb_inorder(node):
    """The nodes of a red-black tree in key order (iterative walk)."""
    stack = []
    while stack or u32(node) != 0:
        if u32(node) != 0:
            stack.append(node)
            node = node["rb_left"]
        else:
            node = stack.pop()
            yield node
            node = node["rb_right"]


def vma_of(node):
    """The struct vma holding rb_node node (vm_rb is its first field)."""
    vma = gdb.lookup_type("struct vma")
    return node.cast(vma.pointer()).dereference()


def pte_of(pgdir, va):
    """(pde, pte) for va in pgdir; pte is None if there is no table."""
    pde = read_word(pgdir + 4 * (va >> 22))
    if not pde & 1:
        return pde, None
    table = KERNBASE + (pde & ~0xFFF)
    return pde, read_word(table + 4 * ((va >> 12) & 0x3FF))


def resident(pgdir, start, end):
    n = 0
    va = start
    while va < end:
        pde, pte = pte_of(pgdir, va)
        if pte is None:
            va = ((va >> 22) + 1) << 22
            continue
        if pte & 1:
            n += 1
        va += PGSIZE
    return n


def decode(entry):
    names = [name for bit, name in PTE_BITS if entry & bit]
    return "%s addr 0x%08x" % (" ".join(names) or "-", entry & ~0xFFF)


class KPs(gdb.Command):
    """kps: list the processes (pid, state, CPU, name, break)."""

    def __init__(self):
        super().__init__("kps", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        print("%5s %-9s %4s %-16s %s" % ("PID", "STATE", "CPU", "NAME", "BRK"))
        for p in procs():
            cpu = running_cpu(p)
            print("%5d %-9s %4s %-16s 0x%x" % (
                int(p["pid"]), str(p["state"]),
                "-" if cpu is None else str(cpu),
                p["name"].string(), u32(p["brk"])))


class KPmap(gdb.Command):
    """kpmap PID: a process's regions, in address order, pmap style."""

    def __init__(self):
        super().__init__("kpmap", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        if not arg.strip():
            raise gdb.GdbError("usage: kpmap PID")
        p = find_proc(int(gdb.parse_and_eval(arg)))
        pgdir = u32(p["pgdir"])
        print("pid %d %s: %d regions" % (int(p["pid"]), p["name"].string(),
                                         int(p["nvma"])))
        for node in rb_inorder(p["vmroot"]["rb_node"]):
            v = vma_of(node)
            start, end = u32(v["vm_start"]), u32(v["vm_end"])
            prot, flags = int(v["vm_prot"]), int(v["vm_flags"])
            mode = "%s%s%s%s" % ("r" if prot & PROT_READ else "-",
                                 "w" if prot & PROT_WRITE else "-",
                                 "x" if prot & PROT_EXEC else "-",
                                 "s" if flags & MAP_SHARED else "p")
            if u32(v["vm_file"]) != 0:
                what = "inode %d" % int(v["vm_file"]["ip"]["inum"])
            else:
                what = "anon"
            line = "  %08x-%08x %s %08x %-10s %d pages %s" % (
                start, end, mode, u32(v["vm_off"]), what,
                resident(pgdir, start, end), role_name(flags, prot))
            print(line.rstrip())


def role_name(flags, prot):
    """What a region is to its program: mman.h's vmr_name."""
    if flags & VMR_HEAP:
        return "[heap]"
    if flags & VMR_STACK:
        return "[stack]"
    if flags & VMR_GUARD:
        return "[guard]"
    if not flags & VMR_PROG:
        return ""
    if flags & MAP_ANONYMOUS:
        return "[bss]"
    if prot & PROT_WRITE:
        return "[data]"
    return "[text]" if prot & PROT_EXEC else "[rodata]"


class KWalk(gdb.Command):
    """kwalk PID ADDR: walk ADDR through PID's two-level page table."""

    def __init__(self):
        super().__init__("kwalk", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        args = gdb.string_to_argv(arg)
        if len(args) != 2:
            raise gdb.GdbError("usage: kwalk PID ADDR")
        p = find_proc(int(gdb.parse_and_eval(args[0])))
        va = u32(gdb.parse_and_eval(args[1]))
        pgdir = u32(p["pgdir"])
        pdx, ptx = va >> 22, (va >> 12) & 0x3FF
        pde, pte = pte_of(pgdir, va)
        print("va 0x%08x: PDX %d, PTX %d, offset 0x%03x" % (
            va, pdx, ptx, va & 0xFFF))
        print("  pgdir 0x%08x  PDE[%d] = 0x%08x  %s" % (
            pgdir, pdx, pde, decode(pde)))
        if pte is None:
            print("  no page table: the address is not mapped")
            return
        print("  table 0x%08x  PTE[%d] = 0x%08x  %s" % (
            KERNBASE + (pde & ~0xFFF), ptx, pte, decode(pte)))
        if pte & 1:
            print("  -> physical 0x%08x" % ((pte & ~0xFFF) | (va & 0xFFF)))
        else:
            print("  not present: the next touch faults")


class KKm(gdb.Command):
    """kkm: kmalloc's size classes."""

    def __init__(self):
        super().__init__("kkm", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        classes = gdb.parse_and_eval("kmclass")
        lo, hi = classes.type.range()
        print("%6s %8s %6s" % ("SIZE", "LIVE", "PAGES"))
        for i in range(lo, hi + 1):
            c = classes[i]
            print("%6d %8d %6d" % (int(c["size"]), int(c["live"]),
                                   int(c["pages"])))


def static(name, file):
    """The file-static variable name of kernel source file file."""
    return gdb.parse_and_eval("'%s'::%s" % (file, name))


def cache_owners():
    """The inodes that own cached pages: pcache.owners, via i_cnext."""
    ip = static("pcache", "pagecache.c")["owners"]
    while u32(ip) != 0:
        yield ip.dereference()
        ip = ip["i_cnext"]


def find_inode(inum):
    """The in-memory inode inum: referenced, or still owning pages."""
    table = static("icache", "fs.c")["inode"]
    lo, hi = table.type.range()
    for i in range(lo, hi + 1):
        ip = table[i]
        if int(ip["inum"]) == inum and \
                (int(ip["ref"]) > 0 or int(ip["i_npages"]) > 0):
            return ip
    raise gdb.GdbError("inode %d is not in the inode table" % inum)


def cache_pages(ip):
    """(pn, pa, ref, flags, wmaps, pins) of each cached page of inode ip,
    by page number. A page's node is entry pfn of pcache.page[], so its
    physical address is pfn * PGSIZE; its reference count is kalloc's
    kmem.ref[pfn]."""
    cpage = gdb.lookup_type("struct cpage")
    base = u32(static("pcache", "pagecache.c")["page"].address)
    refs = static("kmem", "kalloc.c")["ref"]
    for node in rb_inorder(ip["i_pages"]["rb_node"]):
        c = node.cast(cpage.pointer()).dereference()  # rb is first
        pfn = (u32(node) - base) // cpage.sizeof
        yield (int(c["pn"]), pfn * PGSIZE, int(refs[pfn]), int(c["flags"]),
               int(c["wmaps"]), int(c["pins"]))


class KPages(gdb.Command):
    """kpages [INUM]: an inode's cached pages; without INUM, the inodes
    that own cached pages."""

    def __init__(self):
        super().__init__("kpages", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        if not arg.strip():
            print("%6s %8s %6s %6s %4s" % ("INUM", "SIZE", "PAGES", "DIRTY",
                                           "REF"))
            for ip in cache_owners():
                print("%6d %8d %6d %6d %4d" % (
                    int(ip["inum"]), int(ip["size"]), int(ip["i_npages"]),
                    int(ip["i_ndirty"]), int(ip["ref"])))
            return
        ip = find_inode(int(gdb.parse_and_eval(arg)))
        print("inode %d: size %d, %d cached pages, %d dirty" % (
            int(ip["inum"]), int(ip["size"]), int(ip["i_npages"]),
            int(ip["i_ndirty"])))
        print("%6s %10s %4s %5s %5s %4s" % ("PN", "PHYSICAL", "REF", "DIRTY",
                                            "WMAPS", "PINS"))
        for pn, pa, ref, flags, wmaps, pins in cache_pages(ip):
            print("%6d 0x%08x %4d %5s %5d %4d" % (
                pn, pa, ref, "yes" if flags & CP_DIRTY else "no", wmaps,
                pins))


KPs()
KPmap()
KWalk()
KKm()
KPages()
