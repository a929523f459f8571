// usertests, the helpers of the mmap tests (mm*.c), declared in
// usertests.h and prefixed mm_. The mmap tests see the kernel only
// through system calls: mmap, munmap, mprotect, msync, fork, exec, and
// for inspection freepages, kmstat, vmregions and vmcheck.
//
// Conventions.
// - An access that must kill runs in a grandchild (expect_killed), so
//   the test itself survives to report.
// - "avail" (mm_avail) is free pages plus the pages kmalloc holds: a
//   region node may take a fresh kmalloc page, and that must not look
//   like a page of the mapping. Page-table pages are real pages and are
//   allowed for where they can appear.
// - Test files hold mm_pat(i) at offset i. A "scribbled" range has every
//   byte whose offset is a multiple of 97 flipped (mm_want), so a file
//   read back shows which ranges were written through a mapping.
// - Tests leave mappings in place when they end (exit drops them) but
//   unlink every file they create.
#include "usertests.h"

struct vmregion mm_reg[MM_NREG];          // last vmregions listing
static struct vmregion mm_reg0[MM_NREG];  // listing saved by mm_take
static char mm_fbuf[4*MM_PG + 1];         // a file read back whole
static char mm_wbuf[MM_PG];               // staging for file writes
static char mm_msg[128];                  // vmcheck's complaint
static uint mm_seed = 1;                  // mm_rand's state

// ---------------------------------------------------------------------
// Small helpers.

// The byte at offset i of every test file: printable, never 0, and
// shifted from page to page so a mapping at the wrong offset shows.
char
mm_pat(uint i)
{
  return '!' + (i * 7 + (i / MM_PG) * 13) % 90;
}

// What offset off of a test file should hold, scribbled over or not.
static char
mm_want(uint off, int scribbled)
{
  if(scribbled && off % 97 == 0)
    return mm_pat(off) ^ 0x80;
  return mm_pat(off);
}

// Write through p, which maps file offset off, the scribble on
// [off, off+n).
void
mm_scribble(char *p, uint off, uint n)
{
  uint i;

  for(i = 0; i < n; i++)
    if((off + i) % 97 == 0)
      p[i] = mm_want(off + i, 1);
}

// Check that p[0..n), holding file offsets off.., is the pattern,
// scribbled over on file offsets [lo, hi).
void
mm_expect_bytes(char *p, uint off, uint n, uint lo, uint hi, char *what)
{
  uint i, o;
  char want;

  for(i = 0; i < n; i++){
    o = off + i;
    want = mm_want(o, o >= lo && o < hi);
    if(p[i] != want)
      fail("%s: byte at file offset %d is 0x%x, expected 0x%x",
           what, o, p[i] & 0xFF, want & 0xFF);
  }
}

// Check that p[0..n) all equal c.
void
mm_expect_fill(char *p, uint n, int c, char *what)
{
  uint i;

  for(i = 0; i < n; i++)
    if(p[i] != (char)c)
      fail("%s: byte %d at %p is 0x%x, expected 0x%x",
           what, i, p + i, p[i] & 0xFF, c & 0xFF);
}

// Create (or recreate) name holding size bytes, byte i being pat(i).
void
mm_mkfilewith(char *name, uint size, char (*pat)(uint))
{
  uint off, i, n;
  int fd;

  unlink(name);
  if((fd = open(name, O_CREATE|O_RDWR)) < 0)
    fail("cannot create %s", name);
  for(off = 0; off < size; off += n){
    n = size - off < sizeof(mm_wbuf) ? size - off : sizeof(mm_wbuf);
    for(i = 0; i < n; i++)
      mm_wbuf[i] = pat(off + i);
    if(write(fd, mm_wbuf, n) != n)
      fail("cannot write %s", name);
  }
  close(fd);
}

// Create (or recreate) name holding size bytes of the pattern.
void
mm_mkfile(char *name, uint size)
{
  mm_mkfilewith(name, size, mm_pat);
}

// Open name with mode; fails the test if it cannot.
int
mm_open(char *name, int mode)
{
  int fd;

  if((fd = open(name, mode)) < 0)
    fail("cannot open %s (mode 0x%x)", name, mode);
  return fd;
}

// Create name holding size bytes of the pattern, and open it with mode.
int
mm_newfile(char *name, uint size, int mode)
{
  mm_mkfile(name, size);
  return mm_open(name, mode);
}

// Read all of name into mm_fbuf; returns its size.
static uint
mm_readfile(char *name)
{
  uint size = 0;
  int fd, n;

  fd = mm_open(name, O_RDONLY);
  while((n = read(fd, mm_fbuf + size, sizeof(mm_fbuf) - size)) > 0){
    size += n;
    if(size == sizeof(mm_fbuf))
      fail("%s is bigger than any test file should be", name);
  }
  if(n < 0)
    fail("cannot read %s", name);
  close(fd);
  return size;
}

// Check that file name has size bytes: the pattern, scribbled over on
// [lo, hi).
void
mm_expect_file(char *name, uint size, uint lo, uint hi, char *what)
{
  uint n = mm_readfile(name);

  if(n != size)
    fail("%s: %s has %d bytes, expected %d", what, name, n, size);
  mm_expect_bytes(mm_fbuf, 0, n, lo, hi, what);
}

// A new file of size bytes (mm_newfile, opened with mode; *fd is the
// descriptor) mapped whole with prot and flags where the kernel
// chooses: how most file tests begin.
char*
mm_newmap(char *name, uint size, int mode, int prot, int flags, int *fd)
{
  *fd = mm_newfile(name, size, mode);
  return mm_map(0, size, prot, flags, *fd, 0, "mmap of the new file");
}

// mmap that must succeed; what names it if it fails.
char*
mm_map(void *addr, uint len, int prot, int flags, int fd, int off, char *what)
{
  char *p = mmap(addr, len, prot, flags, fd, off);

  if(p == MAP_FAILED)
    fail("%s: mmap(%p, 0x%x, 0x%x, 0x%x, %d, 0x%x) failed",
         what, addr, len, prot, flags, fd, off);
  return p;
}

// munmap that must succeed.
void
mm_unmap(void *addr, uint len, char *what)
{
  if(munmap(addr, len) != 0)
    fail("%s: munmap(%p, 0x%x) failed", what, addr, len);
}

// mprotect that must succeed.
void
mm_protect(void *addr, uint len, int prot, char *what)
{
  if(mprotect(addr, len, prot) != 0)
    fail("%s: mprotect(%p, 0x%x, 0x%x) failed", what, addr, len, prot);
}

// pipe that must succeed.
void
mm_pipe(int *fds)
{
  if(pipe(fds) < 0)
    fail("pipe failed");
}

// Tell the other side of a fork that this side got through its part.
void
mm_send(int fd)
{
  if(write(fd, "y", 1) != 1)
    fail("pipe write failed");
}

// Wait for the other side's mm_send. If it failed (it has printed its
// own FAILED line) or died, the pipe gives end of file instead.
void
mm_recv(int fd, char *who)
{
  char c;

  if(read(fd, &c, 1) != 1)
    fail("the %s failed or died (see above)", who);
}

// The kernel's memory use; the test fails if it cannot be read.
static struct memusage
mm_usage(void)
{
  struct memusage u;

  if(getmemusage(&u) < 0)
    fail("cannot read kernel memory usage");
  return u;
}

// Free pages plus the pages kmalloc holds (struct memusage).
int
mm_avail(void)
{
  return mm_usage().pages;
}

// kmalloc bytes in use.
uint
mm_kmbytes(void)
{
  return mm_usage().kbytes;
}

// List the regions of process pid (0: this one) that lie in the mmap
// area, where the tests map, into mm_reg in address order: the
// program, stack and heap below it are every process's and are left
// out. Returns how many there are (only the first MM_NREG are listed),
// or -1 if there is no such process.
int
mm_listregions(int pid)
{
  return regionsfrom(pid, MMAPBASE, mm_reg, MM_NREG);
}

// The number of this process's regions in the mmap area; the first
// MM_NREG are in mm_reg, in address order.
int
mm_nregions(void)
{
  int n = mm_listregions(0);

  if(n < 0)
    fail("vmregions failed");
  return n;
}

// Fail unless this process has want regions.
void
mm_expect_nregions(int want, char *what)
{
  int n = mm_nregions();

  if(n != want)
    fail("%s: %d regions, expected %d", what, n, want);
}

// Check, from the last listing, that a region [start, end) with prot
// and file offset off exists; returns its index in mm_reg.
int
mm_expect_region(void *start, void *end, int prot, uint off, char *what)
{
  int i, n = mm_nregions();

  for(i = 0; i < n && i < MM_NREG; i++){
    if(mm_reg[i].start != (uint)start)
      continue;
    if(mm_reg[i].end != (uint)end)
      fail("%s: region at %p ends at 0x%x, expected %p",
           what, start, mm_reg[i].end, end);
    if(mm_reg[i].prot != prot)
      fail("%s: region at %p has prot 0x%x, expected 0x%x",
           what, start, mm_reg[i].prot, prot);
    if(mm_reg[i].offset != off)
      fail("%s: region at %p has offset 0x%x, expected 0x%x",
           what, start, mm_reg[i].offset, off);
    return i;
  }
  fail("%s: no region starts at %p", what, start);
  return -1;
}

// Ask the kernel to check this process's tree and page table and every
// page's reference count.
void
mm_check(char *what)
{
  int r = vmcheck(0, mm_msg, sizeof(mm_msg));

  if(r != 0)
    fail("%s: vmcheck returned %d: %s", what, r, r > 0 ? mm_msg : "");
}

// A pseudo-random number, the same sequence on every run.
uint
mm_rand(void)
{
  mm_seed = mm_seed * 1103515245 + 12345;
  return mm_seed >> 8;
}

// ---------------------------------------------------------------------
// Running an access that must kill: the harness's expect_killed runs it
// in a grandchild, so the test itself survives to report.

// Check that reading (or, if write, writing) the byte at addr kills
// the process that tries.
void
mm_expect_kill(char *addr, int write, char *what)
{
  expect_killed(write ? writebyte : readbyte, (uint)addr, what);
}

// ---------------------------------------------------------------------
// Checking that a failing call changed nothing.

struct mm_snap mm_snap0;

// Record the state that bad calls must leave alone.
void
mm_take(void)
{
  mm_snap0.nreg = mm_nregions();
  memmove(mm_reg0, mm_reg, sizeof(mm_reg));
  mm_snap0.avail = mm_avail();
  mm_snap0.bytes = mm_kmbytes();
}

static void
mm_same(char *what)
{
  int n = mm_nregions(), a = mm_avail();
  uint b = mm_kmbytes();

  if(n != mm_snap0.nreg)
    fail("%s: region count went from %d to %d", what, mm_snap0.nreg, n);
  if(memcmp(mm_reg0, mm_reg,
            (n < MM_NREG ? n : MM_NREG) * sizeof(struct vmregion)) != 0)
    fail("%s: changed a region", what);
  if(a != mm_snap0.avail)
    fail("%s: available pages went from %d to %d", what, mm_snap0.avail, a);
  if(b != mm_snap0.bytes)
    fail("%s: kmalloc bytes went from %d to %d", what, mm_snap0.bytes, b);
  mm_check(what);
}

// mmap must fail with error number err (errno.h) and change nothing.
void
mm_badmap(uint addr, uint len, int prot, int flags, int fd, int off,
          int err, char *what)
{
  char *p = mmap((void*)addr, len, prot, flags, fd, off);

  if(p != MAP_FAILED)
    fail("%s: mmap(0x%x, 0x%x, 0x%x, 0x%x, %d, 0x%x) returned %p, "
         "expected MAP_FAILED", what, addr, len, prot, flags, fd, off, p);
  if(errno != err)
    fail("%s: mmap(0x%x, 0x%x, 0x%x, 0x%x, %d, 0x%x): errno %d (%s), "
         "expected %d (%s)", what, addr, len, prot, flags, fd, off, errno,
         strerror(errno), err, strerror(err));
  mm_same(what);
}

// A call that must fail with -1 and error number err, and change
// nothing, returned r.
void
mm_badcall(int r, int err, char *what)
{
  expect_errno(r, err, what);
  mm_same(what);
}
