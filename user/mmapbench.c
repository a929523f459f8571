// mmapbench: what system calls, mmap, page faults, munmap, mprotect and
// fork cost, and how that cost grows with the number of regions a
// process holds. Run by `make bench` under QEMU with -icount shift=0,
// where the time-stamp counter advances one tick per guest instruction,
// so a tick here is (very nearly) one instruction, user and kernel
// together, and the figures repeat from run to run.
//
//   mmapbench          the whole benchmark (about 20 s under icount)
//
// Method. Each figure is measured NTRIAL times after one untimed warm-up
// run; a trial times a batch of operations with rdtsc read in user space
// and divides by the batch size. The table gives the median trial with
// the smallest and largest. The scaling figures are taken with N other
// one-page regions present, laid out so that no two can merge (PROT_READ
// and PROT_NONE alternate) and with a free hole in the middle of the
// address range, where the measured operations land: the tree is walked
// to its middle, not to an edge. docs/benchmarks.md explains each
// figure.
//
// The exec rows fork a child that execs user/tinyprog.c or
// user/bigtext.c (1 MiB of text, one page of it used), which must be on
// the file system (make puts every user program there); the heap row
// grows the heap a page at a time with sbrk and touches each new page.
//
// This file owns the benchmark only. It is an ordinary user program: it
// uses the system calls in user.h and the kernel's contract headers
// (x86.h for rdtsc, mman.h, kmstat.h, memlayout.h) and changes nothing
// in them. Its scratch file is removed before it exits.
//
// The same source builds for Linux i386 (tests/bench.py, `make bench`):
// with BENCH_LINUX defined, tests/linux/xv6compat.h supplies the same
// calls on top of glibc, and nothing below knows which kernel it runs on.
#ifdef BENCH_LINUX
#include "xv6compat.h"
#else
#include "types.h"
#include "param.h"
#include "mmu.h"
#include "memlayout.h"
#include "fcntl.h"
#include "x86.h"
#include "user.h"
#endif

#define NTRIAL      7       // timed trials per figure (the median is shown)
#define KSYSCALL    1000    // getpid calls per trial
#define KMEMSET     100     // page fills per trial
#define KMAP        100     // mmap+munmap pairs, munmaps per trial
#define FAULTPAGES  256     // pages first touched per fault trial
#define KPROT       50      // mprotect split/merge pairs per trial
#define KFORK       4       // fork+exit+wait rounds per trial
#define FORKPAGES   64      // touched pages of the fork benchmark's region
#define HEAPPAGES   1024    // touched heap pages (4 MiB) of the heap fork
#define COWPAGES    128     // pages first written after a fork, per trial
#define FILEPAGES   256     // size of the scratch file, in pages
#define HOTPAGES    3       // file pages that fit in the buffer cache
#define HOTROUNDS   8       // map/touch/unmap rounds per hot-file trial
#define SEQPAGES    64      // pages of the sequential page-cache read
#define KREAD       64      // read() calls per trial
#define KEXEC       4       // fork+exec+exit+wait rounds per trial
#define KSBRK       64      // sbrk(+4096) and first touches per trial
#define NMAX        10000   // most regions in the scaling runs

// The scaling layout: regions [0, n/2) from MMAPBASE up, then a free
// hole of HOLE bytes, then regions [n/2, n). Measured mappings go to the
// lowest free range, which is the start of the hole.
#define HOLE        (4*1024*1024)

static char *filename = "mmbench.tmp";
static char *hotname = "mmbench.hot";
static int filefd = -1;          // the scratch file, open for reading
static char page[PGSIZE] __attribute__((aligned(PGSIZE)));
static char filebuf[HOTPAGES*PGSIZE];
static uint trial[NTRIAL];
static volatile char sink;       // reads into here are not optimised away

struct figure {
  uint med, min, max;
};

// One trial of a figure: run a batch, return ticks per operation.
typedef uint (*trialfn)(int arg);

// ---------------------------------------------------------------------
// Helpers.

// Stop the benchmark. FAILED makes the test runner report the run as
// failed rather than print a partial table as a success.
static void
die(char *what)
{
  printf(2, "mmapbench: FAILED: %s\n", what);
  if(filefd >= 0){
    unlink(filename);
    unlink(hotname);
  }
  exit();
}

// The time-stamp counter, with compiler barriers on both sides so that
// no memory access moves across it. Only differences are used, and a
// trial lasts far less than 2^32 ticks, so the low word is enough.
static inline uint
stamp(void)
{
  uint t;

  asm volatile("" ::: "memory");
  t = (uint)rdtsc();
  asm volatile("" ::: "memory");
  return t;
}

static char*
mapanon(void *hint, uint len, int prot)
{
  char *p = mmap(hint, len, prot, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0);

  if(p == MAP_FAILED)
    die("mmap failed");
  return p;
}

static void
unmap(void *p, uint len)
{
  if(munmap(p, len) < 0)
    die("munmap failed");
}

// Run f(arg) once, timed, for a figure that can be taken only once
// (the file is rewritten first, which takes a while).
static void
measure1(trialfn f, int arg, struct figure *fg)
{
  fg->med = fg->min = fg->max = f(arg);
}

// Run f(arg) once untimed, then NTRIAL times; fill *fg.
static void
measure(trialfn f, int arg, struct figure *fg)
{
  int i, j;
  uint t;

  f(arg);
  for(i = 0; i < NTRIAL; i++)
    trial[i] = f(arg);
  for(i = 1; i < NTRIAL; i++){
    t = trial[i];
    for(j = i; j > 0 && trial[j-1] > t; j--)
      trial[j] = trial[j-1];
    trial[j] = t;
  }
  fg->min = trial[0];
  fg->med = trial[NTRIAL/2];
  fg->max = trial[NTRIAL-1];
}

static void
printrow(char *name, struct figure *fg)
{
  printf(1, "%-44s %9u %9u %9u\n", name, fg->med, fg->min, fg->max);
}

// Print a/b with two decimals (truncated). b must be below 2^32/100.
static void
printratio(uint a, uint b)
{
  if(b == 0){
    printf(1, "-");
    return;
  }
  printf(1, "%u.%02u", a / b, (a % b) * 100 / b);
}

// ---------------------------------------------------------------------
// The operations. Each returns ticks per operation for one trial.

static uint
t_getpid(int arg)
{
  uint t0, t1;
  int i;

  t0 = stamp();
  for(i = 0; i < KSYSCALL; i++)
    getpid();
  t1 = stamp();
  return (t1 - t0) / KSYSCALL;
}

// Fill a mapped page: arg 0 with rep stosl (1024 stores, what the kernel
// does to zero a page), arg 1 with the C library's memset.
static uint
t_memset(int arg)
{
  uint t0, t1;
  int i;

  t0 = stamp();
  for(i = 0; i < KMEMSET; i++){
    if(arg == 0)
      stosl(page, 0, PGSIZE/4);
    else
      memset(page, 0, PGSIZE);
  }
  t1 = stamp();
  return (t1 - t0) / KMEMSET;
}

// Copy a 4 KiB page with the C library: arg 0 memmove, arg 1 memcpy.
static uint
t_copy(int arg)
{
  uint t0, t1;
  int i;

  t0 = stamp();
  for(i = 0; i < KMEMSET; i++){
    if(arg == 0)
      memmove(page, filebuf, PGSIZE);
    else
      memcpy(page, filebuf, PGSIZE);
  }
  t1 = stamp();
  return (t1 - t0) / KMEMSET;
}

static uint
t_mapunmap(int arg)
{
  uint t0, t1;
  char *p;
  int i;

  t0 = stamp();
  for(i = 0; i < KMAP; i++){
    p = mapanon(0, PGSIZE, PROT_READ|PROT_WRITE);
    unmap(p, PGSIZE);
  }
  t1 = stamp();
  return (t1 - t0) / KMAP;
}

// First write to each page of a fresh FAULTPAGES-page anonymous region.
static uint
t_fault(int arg)
{
  uint t0, t1;
  char *p;
  int i;

  p = mapanon(0, FAULTPAGES*PGSIZE, PROT_READ|PROT_WRITE);
  t0 = stamp();
  for(i = 0; i < FAULTPAGES; i++)
    p[i*PGSIZE] = 1;
  t1 = stamp();
  unmap(p, FAULTPAGES*PGSIZE);
  return (t1 - t0) / FAULTPAGES;
}

// munmap of a one-page region whose page is present.
static uint
t_munmap(int arg)
{
  uint t0, sum = 0;
  char *p;
  int i;

  for(i = 0; i < KMAP; i++){
    p = mapanon(0, PGSIZE, PROT_READ|PROT_WRITE);
    p[0] = 1;
    t0 = stamp();
    unmap(p, PGSIZE);
    sum += stamp() - t0;
  }
  return sum / KMAP;
}

// mprotect of the middle page of a touched three-page region to
// PROT_READ (one region becomes three) and back (three merge into one).
// arg 0 returns the split's cost, arg 1 the merge's.
static uint
t_mprotect(int arg)
{
  uint t0, split = 0, merge = 0;
  char *p;
  int i;

  p = mapanon(0, 3*PGSIZE, PROT_READ|PROT_WRITE);
  for(i = 0; i < 3; i++)
    p[i*PGSIZE] = 1;
  for(i = 0; i < KPROT; i++){
    t0 = stamp();
    if(mprotect(p + PGSIZE, PGSIZE, PROT_READ) < 0)
      die("mprotect failed");
    split += stamp() - t0;
    t0 = stamp();
    if(mprotect(p + PGSIZE, PGSIZE, PROT_READ|PROT_WRITE) < 0)
      die("mprotect failed");
    merge += stamp() - t0;
  }
  unmap(p, 3*PGSIZE);
  return (arg == 0 ? split : merge) / KPROT;
}

// fork, the child exits at once, the parent waits: whatever the process
// holds at the time is copied and then freed.
static uint
t_fork(int arg)
{
  uint t0, t1;
  int i, pid;

  t0 = stamp();
  for(i = 0; i < KFORK; i++){
    if((pid = fork()) < 0)
      die("fork failed");
    if(pid == 0)
      exit();
    if(wait() != pid)
      die("wait returned another child");
  }
  t1 = stamp();
  return (t1 - t0) / KFORK;
}

// The same with a touched FORKPAGES-page private anonymous region.
static uint
t_forkpages(int arg)
{
  char *p;
  uint r;
  int i;

  p = mapanon(0, FORKPAGES*PGSIZE, PROT_READ|PROT_WRITE);
  for(i = 0; i < FORKPAGES; i++)
    p[i*PGSIZE] = 1;
  r = t_fork(arg);
  unmap(p, FORKPAGES*PGSIZE);
  return r;
}

// The same with a touched 4 MiB heap (HEAPPAGES image pages).
static uint
t_forkheap(int arg)
{
  char *p;
  uint r;
  int i;

  if((p = sbrk(HEAPPAGES*PGSIZE)) == (char*)-1)
    die("sbrk failed");
  for(i = 0; i < HEAPPAGES; i++)
    p[i*PGSIZE] = 1;
  r = t_fork(arg);
  if(sbrk(-HEAPPAGES*PGSIZE) == (char*)-1)
    die("sbrk back failed");
  return r;
}

// First write to each of COWPAGES touched anonymous pages after a fork:
// arg 0 while the child still holds them (each write copies), arg 1
// after the child has exited (the parent is the last holder: each write
// only makes the page writable again).
static uint
t_cow(int arg)
{
  uint t0, t1;
  int fd[2], i, pid;
  char *p, c;

  p = mapanon(0, COWPAGES*PGSIZE, PROT_READ|PROT_WRITE);
  for(i = 0; i < COWPAGES; i++)
    p[i*PGSIZE] = 1;
  if(pipe(fd) < 0)
    die("pipe failed");
  if((pid = fork()) < 0)
    die("fork failed");
  if(pid == 0){
    close(fd[1]);
    read(fd[0], &c, 1);  // hold the pages until the parent is done
    exit();
  }
  close(fd[0]);
  if(arg == 1){
    close(fd[1]);
    if(wait() != pid)
      die("wait returned another child");
  }
  t0 = stamp();
  for(i = 0; i < COWPAGES; i++)
    p[i*PGSIZE] = 2;
  t1 = stamp();
  if(arg == 0){
    close(fd[1]);
    if(wait() != pid)
      die("wait returned another child");
  }
  unmap(p, COWPAGES*PGSIZE);
  return (t1 - t0) / COWPAGES;
}

// ---------------------------------------------------------------------
// File mappings.

// (Re)create the scratch file: FILEPAGES pages, each filled with its
// page number. write() does not bring pages into the page cache, so
// none of the file is in it afterwards, and only its last blocks are in
// the buffer cache. Leaves it open for reading in filefd.
static void
makefile(void)
{
  int fd, i;

  if(filefd >= 0)
    close(filefd);
  unlink(filename);
  if((fd = open(filename, O_CREATE|O_RDWR)) < 0)
    die("cannot create the scratch file");
  filefd = fd;  // from here on die() removes the file
  for(i = 0; i < FILEPAGES; i++){
    memset(page, i, PGSIZE);
    if(write(fd, page, PGSIZE) != PGSIZE)
      die("cannot write the scratch file");
  }
  close(fd);
  if((filefd = open(filename, O_RDONLY)) < 0)
    die("cannot reopen the scratch file");
}

// Read the whole scratch file back with read() and check it. Afterwards
// every page of it is in the page cache.
static void
checkfile(void)
{
  int fd, i, j;

  if((fd = open(filename, O_RDONLY)) < 0)
    die("cannot open the scratch file");
  for(i = 0; i < FILEPAGES; i++){
    if(read(fd, page, PGSIZE) != PGSIZE)
      die("cannot read the scratch file");
    for(j = 0; j < PGSIZE; j += 512)
      if(page[j] != (char)i)
        die("scratch file reads back wrong");
  }
  close(fd);
}

// Rewrite the HOTPAGES-page file hotname (O_TRUNC), which leaves none
// of its pages in the page cache and all of its blocks in the buffer
// cache. Returns it open for reading.
static int
rewritehot(void)
{
  int fd;

  if((fd = open(hotname, O_CREATE|O_RDWR|O_TRUNC)) < 0)
    die("cannot create the hot file");
  if(write(fd, filebuf, sizeof(filebuf)) != sizeof(filebuf))
    die("cannot write the hot file");
  close(fd);
  if((fd = open(hotname, O_RDONLY)) < 0)
    die("cannot open the hot file");
  return fd;
}

// First read of a file page that is not in the page cache but whose
// blocks are all in the buffer cache: pages 0..HOTPAGES-1 of a file
// written just before. arg is MAP_PRIVATE or MAP_SHARED.
static uint
t_filehot(int arg)
{
  uint t0, sum = 0;
  char *p;
  int r, i, fd;

  for(r = 0; r < HOTROUNDS; r++){
    fd = rewritehot();
    p = mmap(0, HOTPAGES*PGSIZE, PROT_READ, arg, fd, 0);
    close(fd);
    if(p == MAP_FAILED)
      die("mmap of the hot file failed");
    t0 = stamp();
    for(i = 0; i < HOTPAGES; i++)
      sink = p[i*PGSIZE];
    sum += stamp() - t0;
    unmap(p, HOTPAGES*PGSIZE);
  }
  return sum / (HOTROUNDS * HOTPAGES);
}

// A fault on a page that is in the page cache, in a one-page mapping
// (so fault-around has nothing to add): map page i of the scratch file,
// read it, unmap; only the read is timed. A touched anonymous page
// mapped first, just below, keeps the page table alive (munmap frees a
// table when its last PTE goes), so the fault is the fault alone, not
// also a page-table allocation. arg is MAP_PRIVATE or MAP_SHARED.
static uint
t_cachefault(int arg)
{
  uint t0, sum = 0;
  char *p, *anchor;
  int i;

  anchor = mapanon(0, PGSIZE, PROT_READ|PROT_WRITE);
  anchor[0] = 1;
  for(i = 0; i < KMAP; i++){
    p = mmap(0, PGSIZE, PROT_READ, arg, filefd, (i % FILEPAGES) * PGSIZE);
    if(p == MAP_FAILED)
      die("mmap of the scratch file failed");
    t0 = stamp();
    sink = p[0];
    sum += stamp() - t0;
    unmap(p, PGSIZE);
  }
  unmap(anchor, PGSIZE);
  return sum / KMAP;
}

// Read the first byte of each page of an npages-page mapping of the
// scratch file, in order; ticks per page, the reads alone. flags is
// MAP_PRIVATE or MAP_SHARED.
static uint
touchfile(int npages, int flags)
{
  uint t0, t1;
  char *p;
  int i;

  p = mmap(0, npages*PGSIZE, PROT_READ, flags, filefd, 0);
  if(p == MAP_FAILED)
    die("mmap of the scratch file failed");
  t0 = stamp();
  for(i = 0; i < npages; i++)
    sink = p[i*PGSIZE];
  t1 = stamp();
  unmap(p, npages*PGSIZE);
  return (t1 - t0) / npages;
}

// Reading every page of a SEQPAGES-page mapping of the cached file, in
// order (fault-around maps up to 16 pages per fault); per page.
static uint
t_cacheseq(int arg)
{
  return touchfile(SEQPAGES, arg);
}

// read() of one 4 KiB page of the cached file into a present buffer;
// with arg 0 bytes (the system call, its argument checks and the inode
// lock, without the page cache).
static uint
t_cacheread(int arg)
{
  uint t0, t1;
  int fd, i, n = arg ? 0 : PGSIZE;

  if((fd = open(filename, O_RDONLY)) < 0)
    die("cannot open the scratch file");
  page[0] = 0;  // present and writable
  t0 = stamp();
  for(i = 0; i < KREAD; i++)
    if(read(fd, page, n) != n)
      die("read of the scratch file failed");
  t1 = stamp();
  close(fd);
  return (t1 - t0) / KREAD;
}

// First read of each page of the whole file, in order, none of it in
// the page cache: the file is far bigger than the buffer cache, so
// nearly every block comes from disk. One trial per figure (the file is
// cached afterwards); see measure1.
static uint
t_filecold(int arg)
{
  return touchfile(FILEPAGES, arg);
}

// ---------------------------------------------------------------------
// exec and the heap.

static char *execprog[] = { "tinyprog", "bigtext" };

// fork, the child execs execprog[arg], which exits at once, the parent
// waits: exec's cost on top of fork+exit+wait. tinyprog is a small
// program, bigtext one with 1 MiB of text of which it touches one page.
static uint
t_exec(int arg)
{
  char *argv[2];
  uint t0, t1;
  int i, pid;

  argv[0] = execprog[arg];
  argv[1] = 0;
  t0 = stamp();
  for(i = 0; i < KEXEC; i++){
    if((pid = fork()) < 0)
      die("fork failed");
    if(pid == 0){
      exec(argv[0], argv);
      printf(2, "mmapbench: FAILED: cannot exec %s\n", argv[0]);
      exit();
    }
    if(wait() != pid)
      die("wait returned another child");
  }
  t1 = stamp();
  return (t1 - t0) / KEXEC;
}

// Grow the heap by one page and store into the new page, KSBRK times;
// the heap shrinks back afterwards, untimed.
static uint
t_sbrk(int arg)
{
  uint t0, sum = 0;
  char *p;
  int i;

  for(i = 0; i < KSBRK; i++){
    t0 = stamp();
    if((p = sbrk(PGSIZE)) == (char*)-1)
      die("sbrk failed");
    p[0] = 1;
    sum += stamp() - t0;
  }
  if(sbrk(-KSBRK*PGSIZE) == (char*)-1)
    die("sbrk back failed");
  return sum / KSBRK;
}

// ---------------------------------------------------------------------
// Scaling.

// The address of background region i of n (see HOLE).
static uint
spreadaddr(int i, int n)
{
  uint a = MMAPBASE + i*PGSIZE;

  return i < n/2 ? a : a + HOLE;
}

// Create n one-page background regions, PROT_READ and PROT_NONE in
// turn, so that no two merge and none merges with a measured mapping.
static void
spread(int n)
{
  int i;
  uint a;

  for(i = 0; i < n; i++){
    a = spreadaddr(i, n);
    if((uint)mapanon((void*)a, PGSIZE, i % 2 ? PROT_NONE : PROT_READ) != a)
      die("background region not placed at its hint");
  }
}

static void
unspread(int n)
{
  unmap((void*)MMAPBASE, spreadaddr(n-1, n) + PGSIZE - MMAPBASE);
}

static int nlist[] = { 1, 10, 100, 1000, 10000 };
#define NN (sizeof(nlist) / sizeof(nlist[0]))

static struct {
  char *name;
  trialfn f;
} scaled[] = {
  { "mmap+munmap, 1 page untouched", t_mapunmap },
  { "first touch, anonymous", t_fault },
  { "munmap, 1 touched page", t_munmap },
  { "fork+exit+wait", t_fork },
};
#define NSCALED (sizeof(scaled) / sizeof(scaled[0]))

static struct figure scale[NSCALED][NN];

// Kernel memory held per region, from kmstat before and after creating
// NMAX regions: kmalloc bytes (whole size-class objects) and kmalloc
// pages (everything the allocator took from kalloc for them).
static void
printpermem(struct kmstat *a, struct kmstat *b)
{
  uint bytes = b->bytes - a->bytes, pages = b->pages - a->pages;

  printf(1, "kernel memory per region (kmstat, %d regions): %u bytes in "
         "kmalloc objects, %u bytes counting kmalloc's pages\n",
         NMAX, bytes / NMAX, (pages * PGSIZE + NMAX/2) / NMAX);
  printf(1, "  target <= 64 bytes: %s\n", bytes <= 64 * NMAX ? "met" :
         "not met");
}

static void
runscaling(void)
{
  struct kmstat a = { 0 }, b = { 0 };  // filled at N = NMAX
  uint k, n;

  printf(1, "\nscaling: the same with N other regions present\n");
  printf(1, "%-44s %9s %9s %9s\n", "operation, N other regions", "median",
         "min", "max");
  for(n = 0; n < NN; n++){
    if(nlist[n] == NMAX && kmstat(&a) < 0)
      die("kmstat failed");
    spread(nlist[n]);
    if(nlist[n] == NMAX && kmstat(&b) < 0)
      die("kmstat failed");
    for(k = 0; k < NSCALED; k++)
      measure(scaled[k].f, 0, &scale[k][n]);
    unspread(nlist[n]);
  }
  for(k = 0; k < NSCALED; k++){
    for(n = 0; n < NN; n++){
      printf(1, "%-36s N=%-5d %9u %9u %9u\n", scaled[k].name, nlist[n],
             scale[k][n].med, scale[k][n].min, scale[k][n].max);
    }
  }

  printf(1, "\nratios (medians)\n");
  for(k = 0; k < NSCALED; k++){
    printf(1, "  %-36s N=10000 / N=10: ", scaled[k].name);
    printratio(scale[k][NN-1].med, scale[k][1].med);
    if(scaled[k].f == t_fork){
      printf(1, "  (copies every region: %u ticks per region)\n",
             (scale[k][NN-1].med - scale[k][1].med) / (NMAX - 10));
    } else {
      printf(1, "  target <= 1.50: %s\n", scale[k][NN-1].med * 2 <=
             scale[k][1].med * 3 ? "met" : "not met");
    }
  }
  printpermem(&a, &b);
}

// ---------------------------------------------------------------------

int
main(int argc, char *argv[])
{
  struct figure sys, fill, fillc, fault, fork0, forkheap, cow, f;
  struct figure exectiny, execbig;

  printf(1, "mmapbench: ticks per operation (rdtsc; one tick per "
         "instruction under -icount shift=0), %d trials\n", NTRIAL);
  printf(1, "%-44s %9s %9s %9s\n", "operation, no other regions", "median",
         "min", "max");

  measure(t_getpid, 0, &sys);
  printrow("null system call (getpid)", &sys);
  measure(t_memset, 0, &fill);
  printrow("fill a mapped 4 KiB page (rep stosl)", &fill);
  measure(t_memset, 1, &fillc);
  printrow("memset 4 KiB (C library)", &fillc);
  measure(t_copy, 0, &f);
  printrow("memmove 4 KiB (C library)", &f);
  measure(t_copy, 1, &f);
  printrow("memcpy 4 KiB (C library)", &f);
  measure(t_mapunmap, 0, &f);
  printrow("mmap+munmap, 1 anonymous page, untouched", &f);
  measure(t_fault, 0, &fault);
  printrow("first touch, anonymous (256-page region)", &fault);
  measure(t_munmap, 0, &f);
  printrow("munmap, 1 touched page", &f);

  makefile();
  measure1(t_filecold, MAP_PRIVATE, &f);
  printrow("first touch, file private, from disk", &f);
  makefile();
  measure1(t_filecold, MAP_SHARED, &f);
  printrow("first touch, file shared, from disk", &f);
  checkfile();
  measure(t_filehot, MAP_PRIVATE, &f);
  printrow("first touch, file private, blocks cached", &f);
  measure(t_filehot, MAP_SHARED, &f);
  printrow("first touch, file shared, blocks cached", &f);
  measure(t_cachefault, MAP_PRIVATE, &f);
  printrow("fault, page in the page cache, private", &f);
  measure(t_cachefault, MAP_SHARED, &f);
  printrow("fault, page in the page cache, shared", &f);
  measure(t_cacheseq, MAP_SHARED, &f);
  printrow("read 64-page mapping of a cached file, /page", &f);
  measure(t_cacheread, 0, &f);
  printrow("read() of a cached 4 KiB page", &f);
  measure(t_cacheread, 1, &f);
  printrow("read() of 0 bytes (syscall + inode lock)", &f);
  close(filefd);
  unlink(filename);
  unlink(hotname);
  filefd = -1;

  measure(t_mprotect, 0, &f);
  printrow("mprotect middle page (split 1 -> 3)", &f);
  measure(t_mprotect, 1, &f);
  printrow("mprotect it back (merge 3 -> 1)", &f);
  measure(t_fork, 0, &fork0);
  printrow("fork+exit+wait, no regions", &fork0);
  measure(t_forkpages, 0, &f);
  printrow("fork+exit+wait, 64 touched pages", &f);
  measure(t_forkheap, 0, &forkheap);
  printrow("fork+exit+wait, 4 MiB touched heap", &forkheap);
  measure(t_cow, 0, &cow);
  printrow("first write after fork, page shared (copy)", &cow);
  measure(t_cow, 1, &f);
  printrow("first write after fork, last holder", &f);
  measure(t_sbrk, 0, &f);
  printrow("sbrk(+4096) and first touch", &f);
  measure(t_exec, 0, &exectiny);
  printrow("fork+exec+exit+wait, small program", &exectiny);
  measure(t_exec, 1, &execbig);
  printrow("fork+exec+exit+wait, 1 MiB text, 1 page used", &execbig);

  printf(1, "\nanonymous fault / (null syscall + rep stosl fill): ");
  printratio(fault.med, sys.med + fill.med);
  printf(1, "  target <= 2.00: %s\n",
         fault.med <= 2 * (sys.med + fill.med) ? "met" : "not met");
  printf(1, "anonymous fault / (null syscall + C library memset): ");
  printratio(fault.med, sys.med + fillc.med);
  printf(1, "\n");
  printf(1, "fork, 4 MiB heap: %d ticks per heap page",
         (int)(forkheap.med - fork0.med) / HEAPPAGES);
  printf(1, "  target <= 150: %s\n",
         forkheap.med <= fork0.med + 150 * HEAPPAGES ? "met" : "not met");
  printf(1, "copy-on-write fault / anonymous fault: ");
  printratio(cow.med, fault.med);
  printf(1, "  target <= 1.30: %s\n",
         cow.med * 10 <= fault.med * 13 ? "met" : "not met");
  printf(1, "exec, 1 MiB text, 1 page used / exec, small program: ");
  printratio(execbig.med, exectiny.med);
  printf(1, "  target <= 1.20: %s\n",
         execbig.med * 10 <= exectiny.med * 12 ? "met" : "not met");

  runscaling();
  printf(1, "mmapbench: done\n");
  exit();
}
