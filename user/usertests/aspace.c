// usertests, the whole address space in regions: exec maps the
// program's segments, the heap and stack are regions, and every region
// call works on them (docs/mmap.md, "The address space").
#include "usertests.h"
#include "elf.h"

#define AS_NREG 16   // regions of a program without mappings, at most

static struct vmregion as_reg[AS_NREG];
static int as_global = 1;          // in [data]
static char as_zeroes[3 * PGSIZE]; // in [bss]
static const char as_text[] = "a string in rodata";

// List process pid's regions into as_reg; fail if there are too many.
static int
as_list(int pid)
{
  int n = vmregions(pid, as_reg, AS_NREG);

  if(n < 0)
    fail("vmregions(%d) failed", pid);
  if(n > AS_NREG)
    fail("%d regions, more than %d", n, AS_NREG);
  return n;
}

// The listed region holding address a, or 0.
static struct vmregion*
as_holding(int n, uint a)
{
  int i;

  for(i = 0; i < n; i++)
    if(as_reg[i].start <= a && a < as_reg[i].end)
      return &as_reg[i];
  return 0;
}

// Fail unless address a lies in a listed region named name, with
// protection prot; returns that region.
static struct vmregion*
as_expect(int n, uint a, char *name, int prot)
{
  struct vmregion *r = as_holding(n, a);

  if(r == 0)
    fail("address 0x%x (%s) is in no region", a, name);
  if(strcmp((char*)vmr_name(r->flags, r->prot), name) != 0)
    fail("address 0x%x lies in a region named '%s', expected %s", a,
         vmr_name(r->flags, r->prot), name);
  if(r->prot != prot)
    fail("%s region has prot %d, expected %d", name, r->prot, prot);
  return r;
}

// Read n bytes at offset off of file name into dst (no lseek: read up
// to off first). Returns dst.
static char*
as_readat(char *name, uint off, char *dst, uint n)
{
  uint m;
  int fd;

  if((fd = open(name, O_RDONLY)) < 0)
    fail("cannot open %s", name);
  for(; off > 0; off -= m){
    m = off > sizeof(buf) ? sizeof(buf) : off;
    if(read(fd, buf, m) != m)
      fail("short read of %s", name);
  }
  if(read(fd, dst, n) != n)
    fail("short read of %s", name);
  close(fd);
  return dst;
}

// Every address the program uses lies in a region that says what it
// is: text, rodata, data and bss from exec, then the guard page, the
// stack and the heap, in that order and without holes between the
// segments and the heap.
static void
asregions(void)
{
  volatile int local = 1;
  struct vmregion *text, *data, *guard, *stack, *heap;
  char *brk = alignbreak();
  int n;

  if(sbrk(PGSIZE) != brk)
    fail("sbrk did not return the old break");
  n = as_list(0);
  text = as_expect(n, (uint)asregions, "[text]", PROT_READ|PROT_EXEC);
  as_expect(n, (uint)as_text, "[rodata]", PROT_READ);
  data = as_expect(n, (uint)&as_global, "[data]", PROT_READ|PROT_WRITE);
  as_expect(n, (uint)as_zeroes, "[bss]", PROT_READ|PROT_WRITE);
  stack = as_expect(n, (uint)&local, "[stack]", PROT_READ|PROT_WRITE);
  guard = as_expect(n, stack->start - 1, "[guard]", PROT_NONE);
  heap = as_expect(n, (uint)brk, "[heap]", PROT_READ|PROT_WRITE);
  if(text->start != 0 || text->inum == 0 || text->inum != data->inum)
    fail("text at 0x%x of inode %d, data of inode %d", text->start,
         text->inum, data->inum);
  if(guard->end - guard->start != PGSIZE || stack->end - stack->start != PGSIZE)
    fail("guard and stack are not one page each");
  if(heap->start != stack->end || heap->end != (uint)brk + PGSIZE)
    fail("heap region 0x%x-0x%x, expected 0x%x-0x%x", heap->start,
         heap->end, stack->end, (uint)brk + PGSIZE);
  if(as_zeroes[0] || as_zeroes[sizeof(as_zeroes) - 1])
    fail("bss is not zero");
  sbrk(-PGSIZE);
}

// Text and rodata are read-only: a store kills the process.
static void
astextkill(void)
{
  mm_expect_kill((char*)astextkill, 1, "store into text");
  mm_expect_kill((char*)as_text, 1, "store into rodata");
  if(as_text[0] != 'a')
    fail("rodata changed");
}

// sbrk allocates nothing: pages arrive on first touch, one each, and
// shrinking gives them back.
static void
aslazyheap(void)
{
  char *p = alignbreak();
  int before = freepages(), n;

  if(sbrk(64 * PGSIZE) != p)
    fail("sbrk of 64 pages failed");
  if(freepages() != before)
    fail("sbrk of 64 pages took %d pages before any touch",
         before - freepages());
  p[5 * PGSIZE] = 1;
  if(before - freepages() != 1)
    fail("first touch of a heap page took %d pages, expected 1",
         before - freepages());
  n = as_list(0);
  if(as_expect(n, (uint)p, "[heap]", PROT_READ|PROT_WRITE)->resident != 1)
    fail("heap region does not show one resident page");
  if(sbrk(-64 * PGSIZE) == (char*)-1)
    fail("sbrk(-64 pages) failed");
  if(freepages() != before)
    fail("shrinking the heap left %d pages taken", before - freepages());
}

// The heap is a region like any other: MAP_FIXED over it replaces its
// pages, sbrk refuses to grow into a mapping, munmap may take a heap
// page away (touching it then kills) and sbrk shrinks across the hole.
static void
asheapfixed(void)
{
  char *p = alignbreak(), *m;
  int n;

  if(sbrk(4 * PGSIZE) != p)
    fail("sbrk of 4 pages failed");
  memset(p, 'h', 4 * PGSIZE);
  m = mm_map(p + PGSIZE, PGSIZE, MM_RW, MM_ANON|MAP_FIXED, -1, 0,
             "MAP_FIXED over the heap");
  if(m != p + PGSIZE || m[0] != 0 || p[0] != 'h' || p[2 * PGSIZE] != 'h')
    fail("MAP_FIXED over the heap: bytes %x %x %x", m[0], p[0],
         p[2 * PGSIZE]);
  n = as_list(0);
  if(vmr_name(as_holding(n, (uint)m)->flags, MM_RW)[0] != 0)
    fail("a mapping over the heap is listed as heap");
  // A mapping just above the break stops the heap from growing.
  mm_map(p + 4 * PGSIZE, PGSIZE, MM_RW, MM_ANON|MAP_FIXED, -1, 0,
         "MAP_FIXED above the break");
  expect_errno((int)sbrk(PGSIZE), ENOMEM, "sbrk into a mapping");
  if(sbrk(0) != p + 4 * PGSIZE)
    fail("a failed sbrk moved the break");
  mm_unmap(p + 4 * PGSIZE, PGSIZE, "munmap above the break");
  mm_unmap(p + 2 * PGSIZE, PGSIZE, "munmap of a heap page");
  mm_expect_kill(p + 2 * PGSIZE, 0, "heap page unmapped");
  if(sbrk(-4 * PGSIZE) == (char*)-1)
    fail("sbrk could not shrink across a hole and a mapping");
  n = as_list(0);
  for(m = p; m < p + 4 * PGSIZE; m += PGSIZE)
    if(as_holding(n, (uint)m))
      fail("0x%x is still mapped after shrinking the heap", (uint)m);
}

// mprotect works on the program's own segments: rodata made writable
// takes a private copy (the program's file does not change), text made
// PROT_READ still runs nothing new but reads the same.
static void
asprotect(void)
{
  uint page = (uint)as_text & ~(PGSIZE - 1), off;
  volatile char *t = (volatile char*)as_text;
  struct vmregion *r;
  char c;

  r = as_expect(as_list(0), page, "[rodata]", PROT_READ);
  off = r->offset + ((uint)as_text - r->start);
  mm_protect((void*)page, PGSIZE, MM_RW, "mprotect of rodata");
  t[0] = 'A';
  if(t[0] != 'A')
    fail("store into writable rodata did not stick");
  if(*as_readat("/usertests", off, &c, 1) != 'a')
    fail("a store into private rodata reached the file ('%c')", c);
  mm_protect((void*)page, PGSIZE, PROT_READ, "mprotect back");
  mm_expect_kill((char*)as_text, 1, "store into rodata made read-only");
}

// Run "usertests -as mode" with fd 0 input[0] (0: none) and fd 1 a pipe
// whose first byte is returned in *c; returns the child's pid.
static int
as_child(char *mode, int *input, char *c)
{
  char *argv[] = { "usertests", "-as", mode, 0 };
  int out[2], pid;

  if(pipe(out) < 0 || (pid = fork()) < 0)
    fail("pipe or fork failed");
  if(pid == 0){
    if(input){
      close(0);
      dup(input[0]);
      close(input[0]);
      close(input[1]);
    }
    close(1);
    dup(out[1]);
    close(out[0]);
    close(out[1]);
    exec("/usertests", argv);
    exit();
  }
  close(out[1]);
  *c = 0;
  if(read(out[0], c, 1) != 1)
    fail("usertests -as %s did not start", mode);
  close(out[0]);
  return pid;
}

extern char edata[];  // the linker's end of the initialised data

// What the copies of usertests that these tests start run (main.c
// passes "usertests -as mode" here):
//   hold  read every page of its own text, say 'r' on fd 1, then wait
//         for the end of its input on fd 0;
//   bss   say on fd 1 whether the bytes after the data segment's file
//         bytes, up to the end of their page, read as zeros ('z') or
//         not ('n'), before anything wrote to them.
void
aspace_child(char *mode)
{
  int i, n = as_list(0);
  char *p, c;
  uint a;

  if(strcmp(mode, "bss") == 0){
    c = 'z';
    for(p = edata; (uint)p % PGSIZE; p++)
      if(*p)
        c = 'n';
    write(1, &c, 1);
    exit();
  }
  for(i = 0; i < n; i++){
    if(strcmp((char*)vmr_name(as_reg[i].flags, as_reg[i].prot), "[text]"))
      continue;
    for(a = as_reg[i].start; a < as_reg[i].end; a += PGSIZE)
      sink = *(volatile char*)a;
  }
  write(1, "r", 1);
  while(read(0, &c, 1) == 1)
    ;
  exit();
}

// The page where the data segment's file bytes end and bss begins
// holds zeros after them, although the file holds other bytes there.
static void
asbsstail(void)
{
  struct vmregion *data;
  uint tail = (uint)edata, n, i, nonzero = 0;
  char c, *f;

  data = as_expect(as_list(0), tail - 1, "[data]", MM_RW);
  n = PGROUNDUP(tail) - tail;
  if(n == 0 || data->end != PGROUNDUP(tail))
    fail("data segment ends at 0x%x, its region at 0x%x", tail, data->end);
  f = as_readat("/usertests", data->offset + (tail - data->start),
                buf, n);
  for(i = 0; i < n; i++)
    nonzero += f[i] != 0;
  if(nonzero == 0)
    fail("the file holds zeros after the data too: the test shows nothing");
  as_child("bss", 0, &c);
  if(wait() < 0 || c != 'z')
    fail("a new program's bss tail is not zero ('%c')", c);
}

// An ELF file whose segments exec cannot map fails with ENOEXEC and
// leaves the caller running as it was.
struct as_elf {
  char *why;
  int nph;
  struct proghdr ph[2];
};

#define AS_R   ELF_PROG_FLAG_READ
#define AS_RX  (ELF_PROG_FLAG_READ|ELF_PROG_FLAG_EXEC)
#define AS_ELFSIZE 0x1800

static struct as_elf as_badelfs[] = {
  { "file offset not congruent to the address (ld -N)", 1,
    { { ELF_PROG_LOAD, 0x80, 0, 0, 0x100, 0x100, AS_RX, 0x20 } } },
  { "file bytes past end of file", 1,
    { { ELF_PROG_LOAD, 0x1000, 0x1000, 0, 0x2000, 0x2000, AS_RX, 0x1000 } } },
  { "memsz smaller than filesz", 1,
    { { ELF_PROG_LOAD, 0x1000, 0x1000, 0, 0x100, 0x10, AS_RX, 0x1000 } } },
  { "segment reaching the mmap area", 1,
    { { ELF_PROG_LOAD, 0x1000, 0x1000, 0, 0x100, MMAPBASE, AS_RX, 0x1000 } } },
  { "segments out of order", 2,
    { { ELF_PROG_LOAD, 0x1000, 0x3000, 0, 0x100, 0x100, AS_RX, 0x1000 },
      { ELF_PROG_LOAD, 0x1000, 0x1000, 0, 0x100, 0x100, AS_R, 0x1000 } } },
  { "two segments in one page", 2,
    { { ELF_PROG_LOAD, 0x1000, 0x1000, 0, 0x100, 0x100, AS_RX, 0x1000 },
      { ELF_PROG_LOAD, 0x1200, 0x1200, 0, 0x100, 0x100, AS_R, 0x1000 } } },
  { "no loadable segment", 1,
    { { 6, 0x1000, 0x1000, 0, 0x100, 0x100, AS_R, 0x1000 } } },
};

static void
asbadelf(void)
{
  char *argv[] = { "asbadelf", 0 };
  struct elfhdr eh;
  struct as_elf *e;
  int fd, before = as_list(0);

  for(e = as_badelfs; e < as_badelfs + NELEM(as_badelfs); e++){
    memset(&eh, 0, sizeof(eh));
    eh.magic = ELF_MAGIC;
    eh.phoff = sizeof(eh);
    eh.phnum = e->nph;
    memset(buf, 'x', AS_ELFSIZE);
    memmove(buf, &eh, sizeof(eh));
    memmove(buf + sizeof(eh), e->ph, e->nph * sizeof(e->ph[0]));
    if((fd = open("asbadelf", O_CREATE|O_RDWR)) < 0 ||
       write(fd, buf, AS_ELFSIZE) != AS_ELFSIZE)
      fail("cannot write asbadelf");
    close(fd);
    expect_errno(exec("asbadelf", argv), ENOEXEC, e->why);
    unlink("asbadelf");
    if(as_list(0) != before || as_global != 1)
      fail("%s: a failed exec changed the caller", e->why);
  }
}

// Two processes running the same program share its text pages: the
// second copy, with all of its text resident, costs fewer pages than
// its text alone (an exec that loaded the text would cost all of it).
static void
assharetext(void)
{
  int fds[2], a, b, ta, tb, f1, f2;

  char c;

  if(pipe(fds) < 0)
    fail("pipe failed");
  a = as_child("hold", fds, &c);
  ta = as_expect(as_list(a), 0, "[text]", PROT_READ|PROT_EXEC)->resident;
  f1 = freepages();
  b = as_child("hold", fds, &c);
  tb = as_expect(as_list(b), 0, "[text]", PROT_READ|PROT_EXEC)->resident;
  f2 = freepages();
  close(fds[0]);
  close(fds[1]);
  if(wait() < 0 || wait() < 0)
    fail("wait for the copies failed");
  if(ta != tb || tb < 8)
    fail("text resident %d and %d pages, expected equal and at least 8",
         ta, tb);
  if(f1 - f2 > tb / 2)
    fail("the second copy took %d pages with %d pages of text: not shared",
         f1 - f2, tb);
  if(a == b)
    fail("one pid for two copies");
}

// This file's tests, in the order usertests runs them.
struct test aspace_tests[] = {
  { asregions,   "asregions" },
  { astextkill,  "astextkill" },
  { aslazyheap,  "aslazyheap" },
  { asheapfixed, "asheapfixed" },
  { asprotect,   "asprotect" },
  { assharetext, "assharetext" },
  { asbsstail,   "asbsstail" },
  { asbadelf,    "asbadelf" },
  { 0, 0 },
};
