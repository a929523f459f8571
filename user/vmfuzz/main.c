// vmfuzz: a random tester for the memory system calls (issue 7).
//
//   vmfuzz [seed] [steps] [-v]   defaults: seed 1, 5000 steps; -v also
//                                prints what the run covered
//
// It draws a random sequence of mmap, munmap, mprotect and msync calls,
// reads and writes through mappings and through system calls, forks
// (the child runs a few steps of its own, reports its writes to shared
// pages, then exits, execs or dies on a bad access), probes accesses
// that must kill (in a child), opens, writes, closes and unlinks the
// backing files, and makes calls with hostile arguments that must fail
// and change nothing, not even kernel memory use. The hostile classes
// are listed at hostile_call; docs/reliability.md has them all.
// It keeps a model of what every page of a fuzz window
// should be, and after every step compares the kernel's picture with
// it: the invariant checker (vmcheck) must find nothing wrong, and the
// region listing (vmregions) must equal the model's regions, merged the
// way the kernel merges them, with the same number of resident pages.
// At the end it unmaps everything, removes its files and checks that
// free pages and kmalloc bytes are back where they started.
//
// The first disagreement is printed with its seed and step, and the
// run stops. The last line is always the summary:
//   vmfuzz: seed S steps N kills E/E violations 0 leaked pages 0 kmalloc 0 OK
// (or FAILED). A run is a pure function of its seed.
//
// The window is the bottom NPG pages of the mmap area. The kernel puts
// a mapping without MAP_FIXED at its hint if that range is free, else
// at the lowest free range, so the model can predict every address; an
// mmap whose predicted place would leave the window is not made.
//
// Contents. Every page, in memory or in a file, is modelled as a
// `struct content`: bytes [0, len) follow the pattern of version ver,
// the rest are zero. Writes fill a whole page with a new version; a
// page read from a file gets the file page's content cut at end of
// file. A few bytes per page are checked, among them both sides of the
// cut.
//
// This file owns only this program; it changes nothing in the kernel's
// contract headers it includes.
#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "param.h"
#include "mmu.h"
#include "memlayout.h"
#include "user.h"

#define PG        PGSIZE
#define NPG       256     // pages in the fuzz window, from MMAPBASE up
#define MAXLEN    16      // longest mapping or range drawn, in pages
#define FPG       12      // most pages a backing file grows to
#define MAXOFF    (FPG+3) // file offsets drawn, in pages (some past EOF)
#define NNAME     3       // backing file names
#define NFD       4       // descriptors kept open for mapping
#define NOBJ      16      // open files (struct file) the model tracks
#define NINO      12      // inodes the model tracks
#define MAXREG    (NPG+1) // regions vmregions may report
#define MAXLOG    64      // shared-page writes a fork child reports
#define CHECKEVERY 16     // steps between checks of all page contents
#define SETTLE    100     // ticks to wait for the counters to settle

#define NELEM(x)  (sizeof(x) / sizeof((x)[0]))

// ---------------------------------------------------------------------
// The model.

struct content {
  ushort ver;   // pattern version of bytes [0, len)
  ushort len;   // bytes that follow the pattern; the rest are zero
};

// One page of the window.
struct mpage {
  uchar mapped;     // inside some region
  uchar prot;       // PROT_* of its region
  uchar flags;      // MAP_SHARED or MAP_PRIVATE, | MAP_ANONYMOUS
  uchar present;    // in the page table (resident)
  uchar dirty;      // written since its last write-back
  uchar fromparent; // (fork child) the very page the parent maps
  char obj;         // open file of a file page; -1 if anonymous
  uint foff;        // file page number of a file page
  struct content c; // contents, if present
};

// A file on disk (an inode); it lives as long as a name, an open file
// or a mapping refers to it. Files only grow.
struct minode {
  uint inum;
  uint size;                  // bytes
  struct content pg[FPG];     // contents of each page below size
};

// An open file (a struct file in the kernel): what open() made. Two
// regions merge only if they hold the same one.
struct mobj {
  int ino;          // index in inodes[], -1 if the slot is free
  char readable;
  char writable;
};

struct mfd {
  int fd;           // descriptor number, -1 if closed
  int obj;          // index in objs[]
};

static struct mpage pg[NPG];
static struct minode inodes[NINO];
static struct mobj objs[NOBJ];
static struct mfd fds[NFD];
static int names[NNAME];          // inode of each name, -1 if none
static char *namestr[NNAME] = { "vmfz.0", "vmfz.1", "vmfz.2" };

// A fork child's report: its writes to pages it shares with the parent
// and the files as its exit leaves them.
struct wlog {
  ushort page;
  struct content c;
};

struct report {
  int magic;
  int ending;       // how the child ends: END_*
  int nlog;
  struct wlog log[MAXLOG];
  struct minode ino[NINO];
};

#define REPORT_MAGIC 0x7a7a1234

// How a fork child ends, after its report: every way drops its regions
// and writes its dirty shared file pages back.
enum { END_EXIT, END_EXEC, END_KILLED, NEND };

static struct report rep;

// ---------------------------------------------------------------------
// Run state.

static char *progname = "vmfuzz";
static uint seed, nsteps, step;
static uint rngstate;
static int inchild;               // 1 in a fork step's child
static int finishing;             // cleaning up: no more recursion
static int kills_expected, kills_seen, violations;
static struct memusage start_usage;
static uint nextver = 1;

static char scratch[3*PG];        // file writes (2 pages and a tail)
static char fbuf[PG];             // file reads
static struct vmregion rbuf[MAXREG];
static char msg[128];
static int verbose;               // print what the run covered

// What a run covered, printed with -v.
enum {
  S_MMAP, S_MMAP_FAIL, S_MUNMAP, S_MPROTECT, S_MPROTECT_FAIL, S_MSYNC,
  S_MSYNC_FAIL, S_READ, S_WRITE, S_FILEFAULT, S_WRITEBACK, S_SYSIO,
  S_FORK, S_FILEOP, S_HOSTILE, S_MAXREG, NSTAT
};
static char *statname[NSTAT] = {
  "mmap", "mmap-failed", "munmap", "mprotect", "mprotect-failed", "msync",
  "msync-failed", "page-reads", "page-writes", "file-faults",
  "write-backs", "syscall-io", "forks", "file-ops", "hostile",
  "most-regions",
};
static uint stats[NSTAT];

// The last call a step made, printed with a disagreement.
static struct {
  char *name;
  int n;
  uint arg[6];
} last;

static void finish(void) __attribute__((noreturn));
static void bad(const char *fmt, ...)
  __attribute__((noreturn, format(printf, 1, 2)));

// ---------------------------------------------------------------------
// Small helpers.

static uint
rnd(void)
{
  // xorshift32: tiny, and the same sequence on every run of a seed.
  rngstate ^= rngstate << 13;
  rngstate ^= rngstate >> 17;
  rngstate ^= rngstate << 5;
  return rngstate;
}

// A random number in [0, n); n > 0.
static uint
rn(uint n)
{
  return rnd() % n;
}

static char*
pgaddr(int i)
{
  return (char*)(MMAPBASE + i*PG);
}

static uint
newver(void)
{
  nextver = nextver % 65535 + 1;
  return nextver;
}

// Word j of the pattern of version ver; byte i of the page is byte
// i%4 of word i/4.
static uint
patword(uint ver, uint j)
{
  return (ver * 0x9E3779B1u) ^ ((j + 1) * 0x85EBCA6Bu);
}

static uchar
patbyte(uint ver, uint i)
{
  return patword(ver, i >> 2) >> (8 * (i & 3));
}

static void
fillpage(char *p, uint ver)
{
  uint *w = (uint*)p;
  uint j;

  for(j = 0; j < PG/4; j++)
    w[j] = patword(ver, j);
}

static uchar
expected_byte(struct content c, uint i)
{
  return i < c.len ? patbyte(c.ver, i) : 0;
}

// Compare a few bytes of the page at p with c: both ends, both sides of
// the end of the pattern, one at random.
static void
check_bytes(char *p, struct content c, const char *what)
{
  uint off[5], i;
  int n = 0;
  uchar got, want;

  off[n++] = 0;
  off[n++] = PG - 1;
  off[n++] = rn(PG);
  if(c.len > 0)
    off[n++] = c.len - 1;
  if(c.len < PG)
    off[n++] = c.len;
  for(i = 0; i < n; i++){
    got = p[off[i]];
    want = expected_byte(c, off[i]);
    if(got != want)
      bad("%s: byte %d of page 0x%x is 0x%x, expected 0x%x "
          "(version %d, %d pattern bytes)", what, off[i], (uint)p,
          got, want, c.ver, c.len);
  }
}

// ---------------------------------------------------------------------
// Reporting.

// Remember a call about to be made: its name and n arguments.
static void
called(char *name, int n, ...)
{
  __builtin_va_list ap;
  int i;

  last.name = name;
  last.n = n;
  __builtin_va_start(ap, n);
  for(i = 0; i < n && i < NELEM(last.arg); i++)
    last.arg[i] = __builtin_va_arg(ap, uint);
  __builtin_va_end(ap);
}

static void
print_last(void)
{
  int i;

  if(last.name == 0)
    return;
  printf(1, "vmfuzz: last call %s(", last.name);
  for(i = 0; i < last.n; i++)
    printf(1, i ? ", 0x%x" : "0x%x", last.arg[i]);
  printf(1, ")\n");
}

// Print the kernel's regions, to go with a disagreement.
static void
dump_regions(void)
{
  struct vmregion *r;
  int n, j;

  n = vmregions(0, rbuf, MAXREG);
  for(j = 0; j < n && j < MAXREG; j++){
    r = &rbuf[j];
    printf(1, "vmfuzz: region 0x%x-0x%x prot %x flags %x off %x inode %d "
           "resident %d\n", r->start, r->end, r->prot, r->flags, r->offset,
           r->inum, r->resident);
  }
}

static void
bad(const char *fmt, ...)
{
  __builtin_va_list ap;

  printf(1, "vmfuzz: seed %d step %d%s: ", seed, step,
         inchild ? " (fork child)" : "");
  __builtin_va_start(ap, fmt);
  vprintf(1, fmt, ap);
  __builtin_va_end(ap);
  printf(1, "\n");
  print_last();
  if(!finishing)
    dump_regions();
  if(inchild)
    exit();   // the parent sees no report and fails too
  violations++;
  finish();
}

// ---------------------------------------------------------------------
// Files and open files in the model.

static int
obj_used(int o)
{
  int i;

  for(i = 0; i < NFD; i++)
    if(fds[i].fd >= 0 && fds[i].obj == o)
      return 1;
  for(i = 0; i < NPG; i++)
    if(pg[i].mapped && pg[i].obj == o)
      return 1;
  return 0;
}

static int
ino_used(int n)
{
  int i;

  for(i = 0; i < NNAME; i++)
    if(names[i] == n)
      return 1;
  for(i = 0; i < NOBJ; i++)
    if(objs[i].ino == n && obj_used(i))
      return 1;
  return 0;
}

// A free open-file slot for inode n, or -1 if all are in use.
static int
alloc_obj(int n, int readable, int writable)
{
  int o;

  for(o = 0; o < NOBJ; o++){
    if(objs[o].ino < 0 || !obj_used(o)){
      objs[o].ino = n;
      objs[o].readable = readable;
      objs[o].writable = writable;
      return o;
    }
  }
  return -1;
}

static int
alloc_ino(void)
{
  int n;

  for(n = 0; n < NINO; n++)
    if(!ino_used(n))
      return n;
  return -1;
}

static struct minode*
page_inode(struct mpage *m)
{
  return &inodes[objs[(int)m->obj].ino];
}

// What page foff of inode ip reads as through a mapping: its content
// cut at end of file. Only for pages below the end of file.
static struct content
file_content(struct minode *ip, uint foff)
{
  struct content c = ip->pg[foff];
  uint left = ip->size - foff*PG;

  if(c.len > left)
    c.len = left;
  if(c.len == 0)
    c.ver = 0;
  return c;
}

// ---------------------------------------------------------------------
// Pages and regions in the model.

static int
readable(struct mpage *m)
{
  return m->mapped && (m->prot & (PROT_READ|PROT_WRITE|PROT_EXEC));
}

static int
writable(struct mpage *m)
{
  return m->mapped && (m->prot & PROT_WRITE);
}

// Is page i of a file that does not reach it (a fault there kills)?
static int
past_eof(int i)
{
  struct mpage *m = &pg[i];

  return m->mapped && m->obj >= 0 && !m->present &&
         m->foff*PG >= page_inode(m)->size;
}

// May the process touch page i (for writing if write) and live?
static int
touchable(int i, int write)
{
  if(write ? !writable(&pg[i]) : !readable(&pg[i]))
    return 0;
  return !past_eof(i);
}

// Page i is being faulted in (it is mapped and not past end of file):
// record it as present with the contents the kernel must give it.
static void
fault_in(int i)
{
  struct mpage *m = &pg[i];

  if(m->present)
    return;
  m->present = 1;
  m->dirty = 0;
  if(m->obj < 0){
    m->c.ver = 0;
    m->c.len = 0;
  } else {
    m->c = file_content(page_inode(m), m->foff);
    stats[S_FILEFAULT]++;
  }
}

// The process stores c into page i (present). In a fork child a page
// the parent shares sees it too: log it for the parent.
static void
set_content(int i, struct content c)
{
  pg[i].c = c;
  pg[i].dirty = 1;
  if(inchild && pg[i].fromparent){
    if(rep.nlog == MAXLOG)
      bad("model: child's write log is full");
    rep.log[rep.nlog].page = i;
    rep.log[rep.nlog].c = c;
    rep.nlog++;
  }
}

// Do pages i and i+1 belong to one region? The kernel merges adjacent
// regions with the same protection, flags and open file, and, for a
// file, contiguous offsets.
static int
joined(int i)
{
  struct mpage *a = &pg[i], *b = &pg[i+1];

  if(i + 1 >= NPG || !a->mapped || !b->mapped)
    return 0;
  if(a->prot != b->prot || a->flags != b->flags || a->obj != b->obj)
    return 0;
  return a->obj < 0 || a->foff + 1 == b->foff;
}

static int
region_start(int i)
{
  while(i > 0 && joined(i - 1))
    i--;
  return i;
}

// One past the last page of the region holding page i.
static int
region_end(int i)
{
  while(joined(i))
    i++;
  return i + 1;
}

// A random mapped page, or -1 if nothing is mapped.
static int
random_mapped(void)
{
  int i, n = 0, k;

  for(i = 0; i < NPG; i++)
    n += pg[i].mapped;
  if(n == 0)
    return -1;
  k = rn(n);
  for(i = 0; i < NPG; i++)
    if(pg[i].mapped && k-- == 0)
      return i;
  return -1;
}

// Write the dirty shared file pages of [a, b) to their files, in
// address order, within each file's size; as munmap, msync and exit do.
static void
model_writeback(int a, int b)
{
  struct mpage *m;
  struct minode *ip;
  int i;

  for(i = a; i < b && i < NPG; i++){
    m = &pg[i];
    if(!m->mapped || m->obj < 0 || !(m->flags & MAP_SHARED) ||
       !m->present || !m->dirty)
      continue;
    ip = page_inode(m);
    if(m->foff*PG < ip->size)
      ip->pg[m->foff] = m->c;
    m->dirty = 0;
    stats[S_WRITEBACK]++;
  }
}

static void
clear_page(int i)
{
  memset(&pg[i], 0, sizeof(pg[i]));
  pg[i].obj = -1;
}

static void
model_unmap(int a, int b)
{
  int i;

  model_writeback(a, b);
  for(i = a; i < b && i < NPG; i++)
    clear_page(i);
}

static int
fully_mapped(int a, int b)
{
  int i;

  if(b > NPG)
    return 0;
  for(i = a; i < b; i++)
    if(!pg[i].mapped)
      return 0;
  return 1;
}

// Lowest page where n free pages start (free pages beyond the window
// count too: nothing is ever mapped there).
static int
lowest_fit(int n)
{
  int i, run = 0;

  for(i = 0; i < NPG; i++){
    run = pg[i].mapped ? 0 : run + 1;
    if(run == n)
      return i - n + 1;
  }
  return NPG - run;
}

static int
range_free(int a, int n)
{
  int i;

  for(i = a; i < a + n && i < NPG; i++)
    if(pg[i].mapped)
      return 0;
  return 1;
}

// fork populates every MAP_SHARED region of the parent first (file
// pages up to end of file), so that both hold the very same pages.
static void
model_fork_populate(void)
{
  int i;

  for(i = 0; i < NPG; i++){
    if(pg[i].mapped && (pg[i].flags & MAP_SHARED) && !past_eof(i))
      fault_in(i);
  }
}

// ---------------------------------------------------------------------
// Comparing the kernel with the model.

static void
check_regions(void)
{
  struct vmregion *r, want;
  int n, i, j, e, k;

  n = vmregions(0, rbuf, MAXREG);
  if(n < 0)
    bad("vmregions failed");
  j = 0;
  for(i = 0; i < NPG; i = e){
    if(!pg[i].mapped){
      e = i + 1;
      continue;
    }
    e = region_end(i);
    want.start = (uint)pgaddr(i);
    want.end = (uint)pgaddr(e);
    want.prot = pg[i].prot;
    want.flags = pg[i].flags;
    want.offset = pg[i].obj < 0 ? 0 : pg[i].foff * PG;
    want.inum = pg[i].obj < 0 ? 0 : page_inode(&pg[i])->inum;
    want.resident = 0;
    for(k = i; k < e; k++)
      want.resident += pg[k].present;
    if(j >= n || j >= MAXREG)
      bad("region %d missing: expected 0x%x-0x%x", j, want.start, want.end);
    r = &rbuf[j];
    if(r->start != want.start || r->end != want.end ||
       r->prot != want.prot || r->flags != want.flags ||
       r->offset != want.offset || r->inum != want.inum ||
       r->resident != want.resident)
      bad("region %d is 0x%x-0x%x prot %x flags %x off %x inode %d "
          "resident %d; expected 0x%x-0x%x prot %x flags %x off %x "
          "inode %d resident %d", j, r->start, r->end, r->prot, r->flags,
          r->offset, r->inum, r->resident, want.start, want.end,
          want.prot, want.flags, want.offset, want.inum, want.resident);
    j++;
  }
  if(n != j)
    bad("vmregions reports %d regions, the model has %d", n, j);
  if(n > stats[S_MAXREG])
    stats[S_MAXREG] = n;
}

static void
check_state(void)
{
  int r;

  msg[0] = 0;
  if((r = vmcheck(0, msg, sizeof(msg))) != 0)
    bad("vmcheck returned %d: %s", r, msg);
  check_regions();
}

// Check the bytes of every present page the process may read.
static void
check_contents(void)
{
  int i;

  for(i = 0; i < NPG; i++)
    if(pg[i].present && readable(&pg[i]))
      check_bytes(pgaddr(i), pg[i].c, "contents");
}

// ---------------------------------------------------------------------
// The backing files.

static int
free_fd_slot(void)
{
  int s;

  for(s = 0; s < NFD; s++)
    if(fds[s].fd < 0)
      return s;
  return -1;
}

static int
random_name(int live)
{
  int x, k, n = 0;

  for(x = 0; x < NNAME; x++)
    n += (names[x] >= 0) == live;
  if(n == 0)
    return -1;
  k = rn(n);
  for(x = 0; x < NNAME; x++)
    if((names[x] >= 0) == live && k-- == 0)
      return x;
  return -1;
}

// Open name x and move to file page k by reading the pages before it.
static int
open_at(int x, int mode, int k)
{
  int fd, i;

  if((fd = open(namestr[x], mode)) < 0)
    bad("open %s failed", namestr[x]);
  for(i = 0; i < k; i++)
    if(read(fd, fbuf, PG) != PG)
      bad("read of page %d of %s failed", i, namestr[x]);
  return fd;
}

// Write m whole pages (at most 2) and a tail of b bytes, each with a
// new version, to name x from file page k on. (File writes are the
// slowest steps by far: every block goes through the log.)
static void
file_write(int x, int k, int m, int b)
{
  struct minode *ip = &inodes[names[x]];
  int fd, j, n = m*PG + b;
  uint ver[3];

  if(m > 2 || b >= PG)
    bad("model: file_write of %d pages and %d bytes", m, b);

  for(j = 0; j < m + (b > 0); j++){
    ver[j] = newver();
    fillpage(scratch + j*PG, ver[j]);
  }
  fd = open_at(x, O_RDWR, k);
  if(write(fd, scratch, n) != n)
    bad("write of %d bytes at page %d of %s failed", n, k, namestr[x]);
  close(fd);
  for(j = 0; j < m + (b > 0); j++){
    ip->pg[k + j].ver = ver[j];
    ip->pg[k + j].len = PG;
  }
  if(k*PG + n > ip->size)
    ip->size = k*PG + n;
}

// Check name x's size, inode and every page against the model.
static void
file_check(int x)
{
  struct minode *ip = &inodes[names[x]];
  struct stat st;
  int fd, j, n, want;

  if((fd = open(namestr[x], O_RDONLY)) < 0)
    bad("open %s failed", namestr[x]);
  if(fstat(fd, &st) < 0 || st.ino != ip->inum || st.size != ip->size)
    bad("%s is inode %d size %d, expected inode %d size %d", namestr[x],
        st.ino, st.size, ip->inum, ip->size);
  for(j = 0; j*PG < ip->size; j++){
    want = ip->size - j*PG < PG ? ip->size - j*PG : PG;
    if((n = read(fd, fbuf, PG)) != want)
      bad("read of page %d of %s gave %d bytes, expected %d", j,
          namestr[x], n, want);
    memset(fbuf + want, 0, PG - want);
    check_bytes(fbuf, file_content(ip, j), namestr[x]);
  }
  if(read(fd, fbuf, PG) != 0)
    bad("%s is longer than %d bytes", namestr[x], ip->size);
  close(fd);
}

// A new, empty file under a free name, with a descriptor kept open if
// there is room, then some contents.
static void
file_create(void)
{
  int x, n, s, o, fd;
  struct stat st;

  if((x = random_name(0)) < 0 || (n = alloc_ino()) < 0)
    return;
  if((fd = open(namestr[x], O_CREATE|O_RDWR)) < 0)
    bad("create %s failed", namestr[x]);
  if(fstat(fd, &st) < 0 || st.size != 0)
    bad("new file %s is not empty", namestr[x]);
  memset(&inodes[n], 0, sizeof(inodes[n]));
  inodes[n].inum = st.ino;
  names[x] = n;
  s = free_fd_slot();
  if(s >= 0 && (o = alloc_obj(n, 1, 1)) >= 0){
    fds[s].fd = fd;
    fds[s].obj = o;
  } else {
    close(fd);
  }
  file_write(x, 0, rn(3), rn(2) ? 1 + rn(PG - 1) : 0);
}

// Write new versions somewhere in a file: whole pages from a page the
// file reaches, maybe a partial tail. A partial tail that ends before
// the old end of file would leave a page of two versions, which the
// model cannot describe, so tails only come with a write that reaches
// the old end.
static void
op_file_write(void)
{
  struct minode *ip;
  int x, k, m, b, room;

  if((x = random_name(1)) < 0)
    return;
  ip = &inodes[names[x]];
  // Half the time append, so that files grow.
  k = rn(2) ? ip->size / PG : rn(ip->size / PG + 1);
  if(k >= FPG)
    k = FPG - 1;
  room = FPG - k;
  m = rn((room < 2 ? room : 2) + 1);
  b = 0;
  if(k + m < FPG && rn(2) && (k + m)*PG + PG > ip->size){
    b = 1 + rn(PG - 1);
    if((k + m)*PG + b < ip->size)
      b = ip->size - (k + m)*PG;
  }
  if(m == 0 && b == 0)
    m = 1;
  file_write(x, k, m, b);
}

// Open another descriptor for mapping, in any mode: a wrong mode makes
// the mmaps that use it fail, which the model expects.
static void
file_open(void)
{
  int x, s, o, k, mode;

  if((x = random_name(1)) < 0 || (s = free_fd_slot()) < 0)
    return;
  k = rn(8);
  mode = k < 5 ? O_RDWR : k < 7 ? O_RDONLY : O_WRONLY;
  if((o = alloc_obj(names[x], mode != O_WRONLY, mode != O_RDONLY)) < 0)
    return;
  if((fds[s].fd = open(namestr[x], mode)) < 0)
    bad("open %s mode %d failed", namestr[x], mode);
  fds[s].obj = o;
}

static void
op_file(void)
{
  int x, s;

  stats[S_FILEOP]++;
  switch(rn(7)){
  case 0:
    file_create();
    break;
  case 1:
  case 2:
    op_file_write();
    break;
  case 3:
    if((x = random_name(1)) >= 0)
      file_check(x);
    break;
  case 4:
    // Unlink: mappings and descriptors keep the inode alive.
    if((x = random_name(1)) >= 0){
      if(unlink(namestr[x]) < 0)
        bad("unlink %s failed", namestr[x]);
      names[x] = -1;
    }
    break;
  case 5:
    file_open();
    break;
  case 6:
    // Close: mappings keep their own reference.
    s = rn(NFD);
    if(fds[s].fd >= 0){
      if(close(fds[s].fd) < 0)
        bad("close %d failed", fds[s].fd);
      fds[s].fd = -1;
    }
    break;
  }
}

// ---------------------------------------------------------------------
// mmap, munmap, mprotect, msync.

static int prots[] = {
  PROT_NONE, PROT_READ, PROT_WRITE, PROT_READ|PROT_WRITE,
  PROT_READ|PROT_EXEC, PROT_READ|PROT_WRITE|PROT_EXEC,
};

// Hints mmap must ignore (outside the area, or reaching out of it).
static uint ignored_hints[] = {
  0, 0x1000, MMAPBASE - PG, KERNBASE, 0xFFFFF000,
};

// The arguments of an mmap call being drawn.
struct mcall {
  int n;          // pages it covers
  uint len;       // length in bytes: n pages, or a little less
  uint hint;      // addr
  int prot;
  int flags;
  int slot;       // descriptor slot of a file mapping; -1 if anonymous
  int fd;
  int off;
};

// Random protection, flags, and for a file a descriptor and offset.
static void
draw_mapping(struct mcall *c, int file)
{
  struct mobj *ob;

  c->prot = prots[rn(NELEM(prots))];
  c->flags = rn(2) ? MAP_SHARED : MAP_PRIVATE;
  c->slot = -1;
  c->fd = -1;
  c->off = 0;
  if(!file){
    c->flags |= MAP_ANONYMOUS;
    return;
  }
  c->slot = rn(NFD);
  c->fd = fds[c->slot].fd;
  // Mostly offsets the file reaches, sometimes past its end, now and
  // then near the largest offset there is.
  ob = c->fd >= 0 ? &objs[fds[c->slot].obj] : 0;
  if(ob && rn(4))
    c->off = rn(inodes[ob->ino].size / PG + 1) * PG;
  else if(rn(16))
    c->off = rn(MAXOFF) * PG;
  else
    c->off = 0x7FFFF000 - rn(MAXLEN) * PG;
}

// Draw a mapping that continues a region (after it or before it): the
// same protection, flags and open file, the adjoining offset, so that
// the kernel must merge the two. Sets *start; returns 0 if there is no
// such mapping (no region, no descriptor for its file, no room).
static int
draw_beside(struct mcall *c, int *start)
{
  struct mpage *m;
  int i, s, e, k;

  if((i = random_mapped()) < 0)
    return 0;
  s = region_start(i);
  e = region_end(i);
  m = &pg[s];
  c->prot = m->prot;
  c->flags = m->flags;
  c->slot = -1;
  c->fd = -1;
  c->off = 0;
  if(m->obj >= 0){
    for(k = 0; k < NFD; k++)
      if(fds[k].fd >= 0 && fds[k].obj == m->obj)
        break;
    if(k == NFD)
      return 0;
    c->slot = k;
    c->fd = fds[k].fd;
  }
  if(rn(2)){
    *start = e;
    if(m->obj >= 0)
      c->off = (pg[e-1].foff + 1) * PG;
  } else {
    *start = s - c->n;
    if(m->obj >= 0)
      c->off = ((int)pg[s].foff - c->n) * PG;
  }
  return *start >= 0 && *start + c->n <= NPG && c->off >= 0;
}

// Would the kernel accept these arguments? (The range is always fine.)
static int
mapping_ok(struct mcall *c)
{
  struct mobj *ob;

  if(c->slot < 0)
    return 1;
  if(c->fd < 0)
    return 0;
  ob = &objs[fds[c->slot].obj];
  if(!ob->readable)
    return 0;
  return !((c->flags & MAP_SHARED) && (c->prot & PROT_WRITE) &&
           !ob->writable);
}

// mmap in one of four ways: MAP_FIXED anywhere in the window, with a
// hint, with a hint mmap must ignore, or beside a region it must merge
// with (fixed or as a hint).
static void
op_mmap(int file)
{
  struct mcall c;
  int mode, start, a = 0, ok, i;
  uint r;

  c.n = 1 + (rn(4) ? rn(4) : rn(MAXLEN));
  c.len = c.n*PG - (rn(4) == 0 ? rn(PG) : 0);
  mode = rn(4);
  if(mode != 3 || !draw_beside(&c, &a)){
    if(mode == 3)
      mode = 0;
    draw_mapping(&c, file);
  }
  if(rn(8) == 0)
    c.flags |= MAP_POPULATE;
  ok = mapping_ok(&c);

  if(mode == 0 || (mode == 3 && rn(2))){
    c.flags |= MAP_FIXED;
    start = mode == 0 ? rn(NPG - c.n + 1) : a;
    c.hint = (uint)pgaddr(start);
  } else {
    if(mode == 1)
      a = rn(NPG - c.n + 1);
    if(mode != 2){
      c.hint = (uint)pgaddr(a) + (rn(4) == 0 ? rn(PG) : 0);
    } else {
      c.hint = ignored_hints[rn(NELEM(ignored_hints))];
      if(c.n > 1 && rn(4) == 0)
        c.hint = MMAPTOP - PG;   // in the area, but the range is not
    }
    if(mode != 2 && range_free(a, c.n))
      start = a;
    else
      start = lowest_fit(c.n);
    if(start + c.n > NPG)
      return;   // it would land outside the window
  }

  called("mmap", 6, c.hint, c.len, c.prot, c.flags, c.fd, c.off);
  r = (uint)mmap((void*)c.hint, c.len, c.prot, c.flags, c.fd, c.off);
  stats[ok ? S_MMAP : S_MMAP_FAIL]++;
  if(!ok){
    if(r != (uint)MAP_FAILED)
      bad("mmap returned 0x%x, expected failure", r);
    return;
  }
  if(r != (uint)pgaddr(start))
    bad("mmap returned 0x%x, expected 0x%x", r, (uint)pgaddr(start));

  model_unmap(start, start + c.n);
  for(i = start; i < start + c.n; i++){
    pg[i].mapped = 1;
    pg[i].prot = c.prot;
    pg[i].flags = c.flags & (MAP_SHARED|MAP_PRIVATE|MAP_ANONYMOUS);
    pg[i].obj = c.slot >= 0 ? fds[c.slot].obj : -1;
    pg[i].foff = c.slot >= 0 ? c.off/PG + (i - start) : 0;
  }
  if(c.flags & MAP_POPULATE){
    for(i = start; i < start + c.n; i++)
      if(!past_eof(i))
        fault_in(i);
  }
}

// Pick a page range [*a, *a + *n): half the time anywhere, else around
// a region, so that calls on exactly mapped ranges are common.
static void
pick_range(int *a, int *n)
{
  int i, s, e;

  if(rn(2) == 0 || (i = random_mapped()) < 0){
    *a = rn(NPG);
    *n = 1 + rn(MAXLEN);
    return;
  }
  s = region_start(i);
  e = region_end(i);
  switch(rn(4)){
  case 0:
    break;
  case 1:
    s += rn(e - s);
    e = s + 1 + rn(e - s);
    break;
  case 2:
    s -= rn(3);
    if(s < 0)
      s = 0;
    e += rn(3);
    break;
  case 3:
    s = i;
    e = i + 1;
    break;
  }
  *a = s;
  *n = e - s;
}

static void
op_munmap(void)
{
  int a, n;
  uint len;

  pick_range(&a, &n);
  len = n*PG - (rn(4) == 0 ? rn(PG) : 0);
  called("munmap", 2, pgaddr(a), len);
  if(munmap(pgaddr(a), len) != 0)
    bad("munmap(0x%x, %d) failed", (uint)pgaddr(a), len);
  stats[S_MUNMAP]++;
  model_unmap(a, a + n);
}

static void
op_mprotect(void)
{
  int a, n, i, prot, ok, r;
  uint len;

  pick_range(&a, &n);
  len = n*PG - (rn(4) == 0 ? rn(PG) : 0);
  prot = prots[rn(NELEM(prots))];
  ok = fully_mapped(a, a + n);
  for(i = a; ok && i < a + n; i++){
    if((prot & PROT_WRITE) && pg[i].obj >= 0 &&
       (pg[i].flags & MAP_SHARED) && !objs[(int)pg[i].obj].writable)
      ok = 0;
  }
  called("mprotect", 3, pgaddr(a), len, prot);
  r = mprotect(pgaddr(a), len, prot);
  if(r != (ok ? 0 : -1))
    bad("mprotect(0x%x, %d, %x) = %d, expected %d", (uint)pgaddr(a), len,
        prot, r, ok ? 0 : -1);
  stats[ok ? S_MPROTECT : S_MPROTECT_FAIL]++;
  for(i = a; ok && i < a + n; i++)
    pg[i].prot = prot;
}

static void
op_msync(void)
{
  static int flagset[] = {
    0, MS_ASYNC, MS_SYNC, MS_INVALIDATE, MS_SYNC|MS_INVALIDATE,
  };
  int a, n, ok, r, flags;
  uint len;

  pick_range(&a, &n);
  len = n*PG - (rn(4) == 0 ? rn(PG) : 0);
  flags = flagset[rn(NELEM(flagset))];
  ok = fully_mapped(a, a + n);
  called("msync", 3, pgaddr(a), len, flags);
  r = msync(pgaddr(a), len, flags);
  if(r != (ok ? 0 : -1))
    bad("msync(0x%x, %d, %x) = %d, expected %d", (uint)pgaddr(a), len,
        flags, r, ok ? 0 : -1);
  stats[ok ? S_MSYNC : S_MSYNC_FAIL]++;
  if(ok)
    model_writeback(a, a + n);
}

// ---------------------------------------------------------------------
// Touching pages.

// A random page near mapped ones that the process may touch, or -1.
static int
random_touchable(int write)
{
  int i, j;

  for(j = 0; j < 8; j++){
    if((i = random_mapped()) < 0)
      return -1;
    if(touchable(i, write))
      return i;
  }
  return -1;
}

static void
op_read(void)
{
  int i, j, k = 1 + rn(4);

  if((i = random_touchable(0)) < 0)
    return;
  for(j = i; j < i + k && j < NPG && touchable(j, 0); j++){
    fault_in(j);
    check_bytes(pgaddr(j), pg[j].c, "read");
    stats[S_READ]++;
  }
}

// A random writable page of a MAP_SHARED file region (whose writes go
// back to the file), or -1.
static int
random_shared_file(void)
{
  int i, n = 0, k;

  for(i = 0; i < NPG; i++)
    n += touchable(i, 1) && pg[i].obj >= 0 && (pg[i].flags & MAP_SHARED);
  if(n == 0)
    return -1;
  k = rn(n);
  for(i = 0; i < NPG; i++)
    if(touchable(i, 1) && pg[i].obj >= 0 && (pg[i].flags & MAP_SHARED) &&
       k-- == 0)
      return i;
  return -1;
}

static void
op_write(void)
{
  struct content c;
  int i, j, k = 1 + rn(4);

  // Shared file pages are a small part of the window; favour them so
  // that write-back is exercised often.
  if((rn(2) == 0 && (i = random_shared_file()) >= 0) ||
     (i = random_touchable(1)) >= 0){
  } else {
    return;
  }
  for(j = i; j < i + k && j < NPG && touchable(j, 1); j++){
    fault_in(j);
    c.ver = newver();
    c.len = PG;
    fillpage(pgaddr(j), c.ver);
    set_content(j, c);
    stats[S_WRITE]++;
  }
}

// System calls on mapped buffers: write() from mapped pages to a file,
// read() from a file into mapped pages. Both fault the pages in first.
static void
op_sysio(void)
{
  struct minode *ip;
  int x, i, j, k, m, fd, n;

  if((x = random_name(1)) < 0)
    return;
  ip = &inodes[names[x]];
  m = 1 + rn(2);
  if(rn(2) == 0){
    if((i = random_touchable(0)) < 0)
      return;
    for(j = i; j < i + m; j++)
      if(j >= NPG || !touchable(j, 0))
        return;
    k = rn(ip->size / PG + 1);
    if(k + m > FPG)
      return;
    for(j = i; j < i + m; j++)
      fault_in(j);
    fd = open_at(x, O_RDWR, k);
    if((n = write(fd, pgaddr(i), m*PG)) != m*PG)
      bad("write(%s, 0x%x, %d) = %d", namestr[x], (uint)pgaddr(i), m*PG, n);
    close(fd);
    stats[S_SYSIO]++;
    for(j = 0; j < m; j++)
      ip->pg[k + j] = pg[i + j].c;
    if((k + m)*PG > ip->size)
      ip->size = (k + m)*PG;
  } else {
    if(ip->size < m*PG || (i = random_touchable(1)) < 0)
      return;
    for(j = i; j < i + m; j++)
      if(j >= NPG || !touchable(j, 1))
        return;
    k = rn(ip->size / PG - m + 1);
    for(j = i; j < i + m; j++)
      fault_in(j);
    fd = open_at(x, O_RDONLY, k);
    if((n = read(fd, pgaddr(i), m*PG)) != m*PG)
      bad("read(%s, 0x%x, %d) = %d", namestr[x], (uint)pgaddr(i), m*PG, n);
    close(fd);
    stats[S_SYSIO]++;
    for(j = 0; j < m; j++){
      set_content(i + j, file_content(ip, k + j));
      check_bytes(pgaddr(i + j), pg[i + j].c, "read() into a mapping");
    }
  }
}

// ---------------------------------------------------------------------
// Probes that must kill.

static char*
stack_page(void)
{
  char c;

  return (char*)PGROUNDDOWN((uint)&c);
}

// Choose an access that must kill: *va and *write. Returns its name.
static char*
pick_probe(uint *va, int *write)
{
  int i, j;

  *write = rn(2);
  for(j = 0; j < 16; j++){
    i = rn(NPG);
    switch(rn(4)){
    case 0:
      if(pg[i].mapped)
        continue;
      *va = (uint)pgaddr(i) + rn(PG);
      return "access to an unmapped page";
    case 1:
      if(!pg[i].mapped || pg[i].prot != PROT_NONE)
        continue;
      *va = (uint)pgaddr(i) + rn(PG);
      return "access to a PROT_NONE page";
    case 2:
      if(!readable(&pg[i]) || writable(&pg[i]))
        continue;
      *va = (uint)pgaddr(i) + rn(PG);
      *write = 1;
      return "write to a read-only page";
    case 3:
      if(!past_eof(i))
        continue;
      *va = (uint)pgaddr(i) + rn(PG);
      return "access to a file page past end of file";
    }
  }
  switch(rn(4)){
  case 0:
    *va = KERNBASE + rn(4) * 0x100000;
    return "access to kernel memory";
  case 1:
    *va = 0xFFFFF000 + rn(PG);
    return "access to the top page";
  case 2:
    *va = (uint)stack_page() - PG + rn(PG);
    *write = 0;
    return "read of the stack guard page";
  default:
    *va = MMAPBASE - 1 - rn(PG);
    return "access between the heap and the mmap area";
  }
}

static void
op_kill(void)
{
  int p[2], pid, n, wr;
  uint va;
  char *what, c = 0;

  what = pick_probe(&va, &wr);
  if(pipe(p) < 0)
    bad("pipe failed");
  model_fork_populate();
  if((pid = fork()) < 0)
    bad("fork failed");
  if(pid == 0){
    close(p[0]);
    if(wr)
      *(volatile char*)va = 1;
    else
      c = *(volatile char*)va;
    write(p[1], &c, 1);
    exit();
  }
  close(p[1]);
  n = read(p[0], &c, 1);
  close(p[0]);
  if(wait() != pid)
    bad("wait did not return the probe child");
  kills_expected++;
  if(n != 0)
    bad("%s (%s at 0x%x) did not kill the process", what,
        wr ? "write" : "read", va);
  kills_seen++;
}

// ---------------------------------------------------------------------
// fork: the child runs a few steps on its own copy and reports.

static void do_step(void);

// End a fork child as its report says: exit, exec (this program, which
// then exits at once), or an access that must kill it.
static void
end_child(int ending, int wfd)
{
  char *argv[3], c = 0;
  uint va;
  int wr;

  if(ending == END_EXEC){
    argv[0] = progname;
    argv[1] = "-exec";
    argv[2] = 0;
    exec(progname, argv);
    bad("exec %s failed", progname);
  }
  if(ending == END_KILLED){
    pick_probe(&va, &wr);
    if(wr)
      *(volatile char*)va = 1;
    else
      c = *(volatile char*)va;
    write(wfd, &c, 1);   // it lived: the parent will see this
  }
  exit();
}

static void
run_child(int wfd)
{
  int i, k;

  inchild = 1;
  rngstate ^= 0x5bd1e995;
  if(rngstate == 0)
    rngstate = 1;
  rep.magic = REPORT_MAGIC;
  rep.nlog = 0;
  // The child's page table starts clean: no page is dirty in it, and
  // the shared pages are the parent's own.
  for(i = 0; i < NPG; i++){
    pg[i].dirty = 0;
    pg[i].fromparent = pg[i].present && (pg[i].flags & MAP_SHARED);
  }
  check_state();
  check_contents();
  k = 1 + rn(8);
  for(i = 0; i < k; i++){
    do_step();
    check_state();
  }
  check_contents();
  // exit writes every dirty shared file page back, in address order;
  // so do exec and the exit of a killed process.
  model_writeback(0, NPG);
  memmove(rep.ino, inodes, sizeof(inodes));
  rep.ending = rn(NEND);
  if(write(wfd, &rep, sizeof(rep)) != sizeof(rep))
    bad("cannot report to the parent");
  end_child(rep.ending, wfd);
}

static void
op_fork(void)
{
  int p[2], pid, n, got, i, j;
  struct wlog *w;
  char c;

  if(pipe(p) < 0)
    bad("pipe failed");
  model_fork_populate();
  if((pid = fork()) < 0)
    bad("fork failed");
  if(pid == 0){
    close(p[0]);
    run_child(p[1]);
  }
  close(p[1]);
  for(got = 0; got < sizeof(rep); got += n)
    if((n = read(p[0], (char*)&rep + got, sizeof(rep) - got)) <= 0)
      break;
  // Anything after the report means a child that had to die lived.
  n = read(p[0], &c, 1);
  close(p[0]);
  if(wait() != pid)
    bad("wait did not return the fork child");
  if(got != sizeof(rep) || rep.magic != REPORT_MAGIC)
    bad("the fork child failed (reported %d of %d bytes)", got,
        sizeof(rep));
  if(rep.ending == END_KILLED){
    kills_expected++;
    if(n != 0)
      bad("the fork child's last access did not kill it");
    kills_seen++;
  }
  stats[S_FORK]++;
  for(j = 0; j < rep.nlog; j++){
    w = &rep.log[j];
    if(w->page >= NPG || !pg[w->page].present ||
       !(pg[w->page].flags & MAP_SHARED))
      bad("model: the child wrote page %d, not one shared with it",
          w->page);
    pg[w->page].c = w->c;
  }
  for(i = 0; i < NINO; i++){
    if(rep.ino[i].size != inodes[i].size)
      bad("model: the child changed the size of inode %d", inodes[i].inum);
    memmove(inodes[i].pg, rep.ino[i].pg, sizeof(inodes[i].pg));
  }
}

// ---------------------------------------------------------------------
// Hostile arguments: each call must fail and change nothing.

// A descriptor number that is not open, or -1.
static int
closed_fd(void)
{
  struct stat st;
  int fd;

  for(fd = 3 + rn(NOFILE - 3); fd < NOFILE; fd++)
    if(fstat(fd, &st) < 0)
      return fd;
  return -1;
}

static int unknown_flags[] = {
  0x04, 0x08, 0x40, 0x80, 0x100, 0x1000, 0x4000, 0x10000, 0x80000000,
};
static int bad_prots[] = { 0x8, 0x10, 0x80, 0x80000000, -1 };

// An unmapped page of the window (or the page just above it).
static char*
unmapped_page(void)
{
  int i, j;

  for(j = 0; j < 32; j++){
    i = 1 + rn(NPG - 1);
    if(!pg[i].mapped)
      return pgaddr(i);
  }
  return (char*)(MMAPBASE + NPG*PG);
}

// A mapped page with protection prot, or an unmapped one if there is
// none.
static char*
page_like(int prot)
{
  int i, j;

  for(j = 0; j < 32; j++){
    i = rn(NPG);
    if(pg[i].mapped && pg[i].prot == prot)
      return pgaddr(i);
  }
  return unmapped_page();
}

static char*
page_past_eof(void)
{
  int i, j;

  for(j = 0; j < 32; j++){
    i = rn(NPG);
    if(past_eof(i))
      return pgaddr(i);
  }
  return page_like(PROT_NONE);
}

// Descriptors a hostile call needs, opened before and closed after the
// usage is measured: opening a pipe allocates.
struct hostile_fds {
  int dir, wronly, rdonly, pipe[2];
};

static void
open_hostile_fds(struct hostile_fds *h)
{
  int x = random_name(1);

  h->dir = open("/", O_RDONLY);
  h->wronly = x >= 0 ? open(namestr[x], O_WRONLY) : -1;
  h->rdonly = x >= 0 ? open(namestr[x], O_RDONLY) : -1;
  if(pipe(h->pipe) < 0)
    bad("pipe failed");
  // One byte waiting, so a read that wrongly accepts its buffer does
  // not block.
  write(h->pipe[1], "z", 1);
}

static void
close_hostile_fds(struct hostile_fds *h)
{
  if(h->dir >= 0)
    close(h->dir);
  if(h->wronly >= 0)
    close(h->wronly);
  if(h->rdonly >= 0)
    close(h->rdonly);
  close(h->pipe[0]);
  close(h->pipe[1]);
}

#define MMAP(a, l, p, f, fd, o) ((int)mmap((void*)(a), (l), (p), (f), (fd), (o)))
#define ANONP  (MAP_ANONYMOUS|MAP_PRIVATE)
#define RW     (PROT_READ|PROT_WRITE)

// Make hostile call number k; *what names it. Returns its result as an
// int (MAP_FAILED is -1).
static int
hostile_call(int k, struct hostile_fds *h, char **what)
{
  uint win = (uint)pgaddr(rn(NPG - 1));
  uint sp = (uint)stack_page();
  uint brk = (uint)sbrk(0);
  char *p;
  int r;

  switch(k){
  case 0:
    *what = "mmap of length 0";
    return MMAP(win, 0, RW, ANONP, -1, 0);
  case 1:
    *what = "mmap of length 0xFFFFFFFF";
    return MMAP(win, 0xFFFFFFFF, RW, ANONP, -1, 0);
  case 2:
    *what = "mmap of a length that wraps when rounded";
    return MMAP(0, 0xFFFFF001, RW, ANONP, -1, 0);
  case 3:
    *what = "mmap longer than the mmap area";
    return MMAP(0, MMAPTOP - MMAPBASE + PG, RW, ANONP, -1, 0);
  case 4:
    *what = "MAP_FIXED at a kernel address";
    return MMAP(KERNBASE + rn(64)*PG, PG, RW, ANONP|MAP_FIXED, -1, 0);
  case 5:
    *what = "MAP_FIXED at the top page";
    return MMAP(0xFFFFF000, PG, RW, ANONP|MAP_FIXED, -1, 0);
  case 6:
    *what = "MAP_FIXED reaching into the kernel";
    return MMAP(MMAPTOP - PG, 2*PG, RW, ANONP|MAP_FIXED, -1, 0);
  case 7:
    *what = "MAP_FIXED at an unaligned address";
    return MMAP(win + 1 + rn(PG - 1), PG, RW, ANONP|MAP_FIXED, -1, 0);
  case 8:
    *what = "MAP_FIXED onto the program text";
    return MMAP(0, PG, RW, ANONP|MAP_FIXED, -1, 0);
  case 9:
    *what = "MAP_FIXED onto the stack";
    return MMAP(sp, PG, RW, ANONP|MAP_FIXED, -1, 0);
  case 10:
    *what = "MAP_FIXED onto the top of the heap";
    return MMAP(PGROUNDDOWN(brk - 1), PG, RW, ANONP|MAP_FIXED, -1, 0);
  case 11:
    *what = "MAP_FIXED from below the mmap area into it";
    return MMAP(MMAPBASE - PG, 2*PG, RW, ANONP|MAP_FIXED, -1, 0);
  case 12:
    *what = "mmap with both MAP_SHARED and MAP_PRIVATE";
    return MMAP(0, PG, RW, MAP_ANONYMOUS|MAP_SHARED|MAP_PRIVATE, -1, 0);
  case 13:
    *what = "mmap with neither MAP_SHARED nor MAP_PRIVATE";
    return MMAP(0, PG, RW, MAP_ANONYMOUS, -1, 0);
  case 14:
    *what = "mmap with an unknown flag";
    return MMAP(0, PG, RW, ANONP|unknown_flags[rn(NELEM(unknown_flags))],
                -1, 0);
  case 15:
    *what = "mmap with unknown protection bits";
    return MMAP(0, PG, bad_prots[rn(NELEM(bad_prots))], ANONP, -1, 0);
  case 16:
    *what = "mmap of a file at an unaligned offset";
    return MMAP(0, PG, PROT_READ, MAP_PRIVATE, h->rdonly, 1 + rn(PG - 1));
  case 17:
    *what = "mmap of a file at a negative offset";
    return MMAP(0, PG, PROT_READ, MAP_PRIVATE, h->rdonly, -PG*(1 + rn(4)));
  case 18:
    *what = "mmap of a bad descriptor number";
    r = rn(4);
    return MMAP(0, PG, PROT_READ, MAP_PRIVATE,
                r == 0 ? -1 : r == 1 ? NOFILE : r == 2 ? 1000 : -1000, 0);
  case 19:
    *what = "mmap of a closed descriptor";
    return MMAP(0, PG, PROT_READ, MAP_PRIVATE, closed_fd(), 0);
  case 20:
    *what = "mmap of a directory";
    return MMAP(0, PG, PROT_READ, MAP_PRIVATE, h->dir, 0);
  case 21:
    *what = "mmap of the console";
    return MMAP(0, PG, PROT_READ, rn(2) ? MAP_PRIVATE : MAP_SHARED, 1, 0);
  case 22:
    *what = "mmap of a pipe";
    return MMAP(0, PG, PROT_READ, MAP_PRIVATE, h->pipe[rn(2)], 0);
  case 23:
    *what = "mmap of a file opened write-only";
    return MMAP(0, PG, PROT_READ, rn(2) ? MAP_PRIVATE : MAP_SHARED,
                h->wronly, 0);
  case 24:
    *what = "writable MAP_SHARED of a file opened read-only";
    return MMAP(0, PG, RW, MAP_SHARED, h->rdonly, 0);
  case 25:
    *what = "munmap of length 0";
    return munmap((void*)win, 0);
  case 26:
    *what = "munmap at an unaligned address";
    return munmap((void*)(win + 1 + rn(PG - 1)), PG);
  case 27:
    *what = "munmap of kernel memory";
    return munmap((void*)(KERNBASE + rn(64)*PG), PG);
  case 28:
    *what = "munmap of the program text";
    return munmap(0, PG);
  case 29:
    *what = "munmap of the stack";
    return munmap((void*)sp, PG);
  case 30:
    *what = "munmap reaching into the kernel";
    return munmap((void*)(MMAPTOP - PG), 2*PG);
  case 31:
    *what = "munmap of a length that wraps";
    return munmap((void*)win, 0xFFFFFFFF - rn(PG));
  case 32:
    *what = "munmap from below the mmap area into it";
    return munmap((void*)(MMAPBASE - PG), (2 + rn(NPG))*PG);
  case 33:
    *what = "mprotect at an unaligned address";
    return mprotect((void*)(win + 1 + rn(PG - 1)), PG, PROT_READ);
  case 34:
    *what = "mprotect with unknown protection bits";
    return mprotect((void*)win, PG, bad_prots[rn(NELEM(bad_prots))]);
  case 35:
    *what = "mprotect of kernel memory";
    return mprotect((void*)KERNBASE, PG, RW);
  case 36:
    *what = "mprotect of the program text";
    return mprotect(0, PG, PROT_READ);
  case 37:
    *what = "mprotect of a length that wraps";
    return mprotect((void*)win, 0xFFFFFFFF - rn(PG), PROT_READ);
  case 38:
    *what = "mprotect from below the mmap area into it";
    return mprotect((void*)(MMAPBASE - PG), 2*PG, PROT_READ);
  case 39:
    *what = "msync with unknown flags";
    return msync((void*)win, PG, 8 << rn(8));
  case 40:
    *what = "msync with MS_ASYNC and MS_SYNC";
    return msync((void*)win, PG, MS_ASYNC|MS_SYNC);
  case 41:
    *what = "msync of the program text";
    return msync(0, PG, MS_SYNC);
  case 42:
    *what = "msync of kernel memory";
    return msync((void*)KERNBASE, PG, MS_SYNC);
  case 43:
    *what = "msync at an unaligned address";
    return msync((void*)(win + 1 + rn(PG - 1)), PG, MS_SYNC);
  case 44:
    *what = "sbrk into the mmap area";
    return (int)sbrk(MMAPBASE - brk + PG*(1 + rn(4)));
  case 45:
    *what = "sbrk below address 0";
    return (int)sbrk(-(int)brk - PG*(1 + rn(4)));
  case 46:
    *what = "write() from a PROT_NONE or unmapped page";
    return write(h->pipe[1], page_like(PROT_NONE), 1 + rn(PG));
  case 47:
    *what = "read() into a read-only or unmapped page";
    return read(h->pipe[0], page_like(rn(2) ? PROT_READ : PROT_READ|PROT_EXEC),
                1 + rn(PG));
  case 48:
    *what = "read() into kernel memory";
    return read(h->pipe[0], (void*)(KERNBASE + rn(64)*PG), 1);
  case 49:
    *what = "write() from kernel memory";
    return write(h->pipe[1], (void*)(KERNBASE + rn(64)*PG), 1);
  case 50:
    *what = "read() into a buffer that wraps";
    return read(h->pipe[0], (void*)(0xFFFFF000 + rn(PG)), 2*PG);
  case 51:
    *what = "write() from a file page past end of file";
    return write(h->pipe[1], page_past_eof(), 1);
  case 52:
    *what = "vmregions into kernel memory";
    return vmregions(0, (struct vmregion*)KERNBASE, 4);
  case 53:
    *what = "vmregions with a bad count";
    return vmregions(0, rbuf, rn(2) ? -1 : VMA_MAX + 1);
  case 54:
    *what = "vmcheck into kernel memory";
    return vmcheck(0, (char*)KERNBASE, 64);
  case 55:
    *what = "vmcheck with a bad length or pid";
    return rn(2) ? vmcheck(0, msg, PG + 1) : vmcheck(0x7FFFFFFF, msg, 16);
  case 56:
    *what = "mmap as long as the whole (non-empty) mmap area";
    if(random_mapped() < 0)
      return -1;
    return MMAP(0, MMAPTOP - MMAPBASE, PROT_READ, ANONP, -1, 0);
  case 57:
    *what = "msync of a range with an unmapped page";
    p = unmapped_page() - PG*rn(2);
    called("msync", 3, p, 2*PG, MS_SYNC);
    return msync(p, 2*PG, MS_SYNC);
  default:
    *what = "mprotect of a range with an unmapped page";
    p = unmapped_page() - PG*rn(2);
    called("mprotect", 3, p, 2*PG, PROT_READ);
    return mprotect(p, 2*PG, PROT_READ);
  }
}

#define NHOSTILE 59

static void
op_hostile(void)
{
  struct hostile_fds h;
  struct memusage before, after;
  uint brk = (uint)sbrk(0);
  char *what = "?";
  int k = rn(NHOSTILE), r;

  open_hostile_fds(&h);
  getmemusage(&before);
  r = hostile_call(k, &h, &what);
  getmemusage(&after);
  close_hostile_fds(&h);
  if(r != -1)
    bad("%s returned %d (0x%x), expected -1", what, r, r);
  if((uint)sbrk(0) != brk)
    bad("%s moved the heap end from 0x%x to 0x%x", what, brk,
        (uint)sbrk(0));
  stats[S_HOSTILE]++;
  if(!samememusage(&before, &after))
    bad("%s changed kernel memory: %d free pages and %d kmalloc bytes "
        "became %d and %d", what, before.pages, before.kbytes,
        after.pages, after.kbytes);
}

// ---------------------------------------------------------------------
// The main loop.

enum {
  OP_MMAP_ANON, OP_MMAP_FILE, OP_MUNMAP, OP_MPROTECT, OP_MSYNC, OP_READ,
  OP_WRITE, OP_SYSIO, OP_FORK, OP_KILL, OP_FILE, OP_HOSTILE, NOP
};

// How often each step is drawn, out of the sum.
static int weight[NOP] = {
  [OP_MMAP_ANON] 14, [OP_MMAP_FILE] 10, [OP_MUNMAP] 9, [OP_MPROTECT] 9,
  [OP_MSYNC] 4, [OP_READ] 12, [OP_WRITE] 12, [OP_SYSIO] 3, [OP_FORK] 2,
  [OP_KILL] 2, [OP_FILE] 4, [OP_HOSTILE] 12,
};

// May a fork child take this step? Children leave files, names and
// descriptors alone, and do not fork again.
static int
child_may(int op)
{
  return op != OP_SYSIO && op != OP_FORK && op != OP_KILL && op != OP_FILE;
}

static int
pick_op(void)
{
  int op, k, total = 0;

  for(op = 0; op < NOP; op++)
    total += weight[op];
  for(;;){
    k = rn(total);
    for(op = 0; k >= weight[op]; op++)
      k -= weight[op];
    if(!inchild || child_may(op))
      return op;
  }
}

static void
do_step(void)
{
  switch(pick_op()){
  case OP_MMAP_ANON: op_mmap(0); break;
  case OP_MMAP_FILE: op_mmap(1); break;
  case OP_MUNMAP:    op_munmap(); break;
  case OP_MPROTECT:  op_mprotect(); break;
  case OP_MSYNC:     op_msync(); break;
  case OP_READ:      op_read(); break;
  case OP_WRITE:     op_write(); break;
  case OP_SYSIO:     op_sysio(); break;
  case OP_FORK:      op_fork(); break;
  case OP_KILL:      op_kill(); break;
  case OP_FILE:      op_file(); break;
  case OP_HOSTILE:   op_hostile(); break;
  }
}

static void
setup(void)
{
  int i, s;
  char *p;

  for(i = 0; i < NPG; i++)
    clear_page(i);
  for(i = 0; i < NOBJ; i++)
    objs[i].ino = -1;
  for(i = 0; i < NFD; i++)
    fds[i].fd = -1;
  for(i = 0; i < NNAME; i++){
    names[i] = -1;
    unlink(namestr[i]);   // left over from a run that died
  }
  if(vmregions(0, rbuf, MAXREG) != 0)
    bad("vmfuzz must start with no regions");
  // Touch the window once, so that its page table exists before the
  // starting reading of free memory (it stays until exit).
  p = mmap((void*)MMAPBASE, PG, RW, ANONP|MAP_FIXED, -1, 0);
  if(p != (char*)MMAPBASE)
    bad("cannot map the window");
  p[0] = 1;
  if(munmap(p, PG) < 0)
    bad("cannot unmap the window");
  for(i = 0; i < 2; i++)
    file_create();
  for(s = 0; s < NFD; s++)
    file_open();
  if(getmemusage(&start_usage) < 0)
    bad("cannot read kernel memory usage");
}

// Unmap everything, check the files that are left against the model,
// remove them, and print the summary. Also the way out after a failure.
static void
finish(void)
{
  struct memusage end;
  int i, t, ok, leakp, leakb;

  if(!finishing){
    finishing = 1;
    if(munmap((void*)MMAPBASE, MMAPTOP - MMAPBASE) != 0)
      bad("munmap of the whole area failed");
    model_unmap(0, NPG);
    check_state();
    for(i = 0; i < NNAME; i++)
      if(names[i] >= 0 && violations == 0)
        file_check(i);
  }
  for(i = 0; i < NFD; i++)
    if(fds[i].fd >= 0)
      close(fds[i].fd);
  for(i = 0; i < NNAME; i++)
    unlink(namestr[i]);
  getmemusage(&end);
  for(t = 0; t < SETTLE && !samememusage(&start_usage, &end); t++){
    sleep(1);
    getmemusage(&end);
  }
  if(verbose){
    printf(1, "vmfuzz: covered");
    for(i = 0; i < NSTAT; i++)
      printf(1, " %s %d", statname[i], stats[i]);
    printf(1, "\n");
  }
  leakp = start_usage.pages - end.pages;
  leakb = end.kbytes - start_usage.kbytes;
  ok = violations == 0 && kills_expected == kills_seen && leakp == 0 &&
       leakb == 0;
  printf(1, "vmfuzz: seed %d steps %d kills %d/%d violations %d "
         "leaked pages %d kmalloc %d %s\n", seed, step, kills_expected,
         kills_seen, violations, leakp, leakb, ok ? "OK" : "FAILED");
  exit();
}

int
main(int argc, char *argv[])
{
  if(argc > 1 && strcmp(argv[1], "-exec") == 0)
    exit();   // a fork child's exec ending
  progname = argv[0];
  seed = argc > 1 ? atoi(argv[1]) : 1;
  nsteps = argc > 2 ? atoi(argv[2]) : 5000;
  verbose = argc > 3 && strcmp(argv[3], "-v") == 0;
  rngstate = seed * 2654435761u + 0x6d2b79f5;
  if(rngstate == 0)
    rngstate = 1;
  setup();
  check_state();
  for(step = 1; step <= nsteps; step++){
    do_step();
    check_state();
    if(step % CHECKEVERY == 0)
      check_contents();
  }
  step = nsteps;
  check_contents();
  finish();
}
