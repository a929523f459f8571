// usertests, the whole address space in regions: exec maps the
// program's segments, the heap and stack are regions, and every region
// call works on them (docs/mmap.md, "The address space").
#include "usertests.h"

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
  int fd, n;

  n = as_list(0);
  r = as_expect(n, page, "[rodata]", PROT_READ);
  off = r->offset + ((uint)as_text - r->start);
  mm_protect((void*)page, PGSIZE, MM_RW, "mprotect of rodata");
  t[0] = 'A';
  if(t[0] != 'A')
    fail("store into writable rodata did not stick");
  if((fd = open("/usertests", O_RDONLY)) < 0)
    fail("cannot open /usertests");
  // Read the byte at off: seek by reading in pieces.
  while(off > 0){
    n = off > sizeof(buf) ? sizeof(buf) : off;
    if(read(fd, buf, n) != n)
      fail("short read of /usertests");
    off -= n;
  }
  if(read(fd, &c, 1) != 1 || c != 'a')
    fail("a store into private rodata reached the file ('%c')", c);
  close(fd);
  mm_protect((void*)page, PGSIZE, PROT_READ, "mprotect back");
  mm_expect_kill((char*)as_text, 1, "store into rodata made read-only");
}

// "usertests -hold": what the copies of usertests that assharetext
// starts run: read every page of its own text, say so on fd 1, then
// wait for the end of its input on fd 0.
void
aspace_hold(void)
{
  int i, n = as_list(0);
  uint a;
  char c;

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

// Start "usertests -hold" reading from input[0]; return its pid once
// it has all of its text resident, with *text its text's resident
// pages.
static int
as_hold(int *input, int *text)
{
  char *argv[] = { "usertests", "-hold", 0 };
  int ready[2], pid, n;
  char c = 0;

  if(pipe(ready) < 0 || (pid = fork()) < 0)
    fail("pipe or fork failed");
  if(pid == 0){
    close(0);
    dup(input[0]);
    close(1);
    dup(ready[1]);
    close(input[0]);
    close(input[1]);
    close(ready[0]);
    close(ready[1]);
    exec("/usertests", argv);
    exit();
  }
  close(ready[1]);
  if(read(ready[0], &c, 1) != 1 || c != 'r')
    fail("usertests -hold did not start");
  close(ready[0]);
  n = as_list(pid);
  *text = as_expect(n, 0, "[text]", PROT_READ|PROT_EXEC)->resident;
  return pid;
}

// Two processes running the same program share its text pages: the
// second copy, with all of its text resident, costs fewer pages than
// its text alone (an exec that loaded the text would cost all of it).
static void
assharetext(void)
{
  int fds[2], a, b, ta, tb, f1, f2;

  if(pipe(fds) < 0)
    fail("pipe failed");
  a = as_hold(fds, &ta);
  f1 = freepages();
  b = as_hold(fds, &tb);
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
  { 0, 0 },
};
