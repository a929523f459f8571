// oomtest: every out-of-memory path of the memory system, made to fail
// on purpose with failalloc (issue 7).
//
//   oomtest            run every path
//   oomtest NAME...    run only the named paths
//
// For each path and for n = 1, 2, ... a fresh child process sets the
// scene, arms failalloc(n) (its n-th kalloc or kmalloc from then on
// fails), makes the one call under test, disarms, and judges:
//   - the call failed cleanly: it returned -1 (or MAP_FAILED) and the
//     process's regions, resident pages, heap end and descriptors are
//     exactly as before, and the invariant checker finds nothing (two
//     paths may keep pages the call brought in before it failed: a
//     read() into untouched pages, fork of untouched shared regions;
//     still -1, still a clean failure);
//   - or, for MAP_POPULATE only, the call succeeded with fewer pages
//     resident than asked (best effort, as Linux);
//   - or, where the path allows it (a page fault), the process was
//     killed; after a fork that succeeded, a first write copies a page
//     shared with the new child (copy-on-write), so the fork paths may
//     be killed too, but only once fork itself no longer fails;
//   - or the call succeeded: every allocation it makes has now been
//     failed once, and the path is done.
// Around each child the parent checks that free pages and kmalloc bytes
// come back to what they were, so nothing the failed call allocated may
// leak; at the end, that the test files' inodes were freed when they
// were unlinked, which a leaked file reference would prevent. A round
// killed where that is allowed is followed by `expected kill: pid N
// (...)`, naming the process of the kernel's "-- killed" line before it
// (README, "Expected kills"). The last line is `oomtest: N paths OK` or
// a FAILED line.
//
// This file owns only this program.
#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "param.h"
#include "mmu.h"
#include "memlayout.h"
#include "user.h"

#define PG       PGSIZE
#define BASE     0x50000000   // where scenes map; no page table there yet
#define MAXN     400          // more allocations than any path makes
#define MAXREG   16
#define SETTLE   100          // ticks to wait for the counters to settle
#define RW       (PROT_READ|PROT_WRITE)
#define ANONP    (MAP_ANONYMOUS|MAP_PRIVATE)

#define NELEM(x) (sizeof(x) / sizeof((x)[0]))

// What a child tells its parent (one byte on a pipe); no byte at all
// means it was killed.
#define R_FAILED   'F'   // the call failed cleanly (-1 or MAP_FAILED)
#define R_DEGRADED 'D'   // it succeeded with less, as allowed (populate)
#define R_OK       'S'   // the call succeeded: the path is done
#define R_BAD      'X'   // something was wrong (the child said what)

// One out-of-memory path.
struct path {
  char *name;
  void (*prepare)(void);   // set the scene (not armed)
  int (*attempt)(void);    // the call under test (armed): an A_ value
  int (*verify)(int r);    // after disarming: 0 if all is well
  void (*post)(void);      // in the parent, after the child is reaped
  int maykill;             // the path may kill the process instead
                           // (LATEKILL: only once the call succeeds)
};

#define LATEKILL 2

// What an attempt returns.
#define A_FAILED   0   // -1 or MAP_FAILED, the process exactly as before
#define A_OK       1   // the call succeeded
#define A_FAILKEPT 2   // -1, keeping pages it brought in first (allowed)
#define A_WRONG    3   // a result the call may not give (verify rejects)
#define A_LESS     4   // succeeded with fewer pages (MAP_POPULATE)

// The process's state as a failed call must leave it.
struct snap {
  int nreg;
  struct vmregion reg[MAXREG];
  uint brk;
  int nextfd;
};

static char *prog = "oomtest";   // our own path, for the exec path
static int reportfd;             // the child's end of the report pipe
static char *cur;                // the path running (for messages)
static int curn;
static char *base = (char*)BASE;
static int scenefd = -1;         // a descriptor a scene opened
static int forkpid;
static char fpath[] = "oomtest.f";   // a 4-page file, made by main
static char wpath[] = "oomtest.w";   // the write-back path's file
static char tpath[] = "oomtest.t";   // exec-text's copy of this program

// In a child: say what went wrong, report R_BAD and exit.
static void
childfail(const char *fmt, ...)
  __attribute__((noreturn, format(printf, 1, 2)));

static void
childfail(const char *fmt, ...)
{
  __builtin_va_list ap;
  char c = R_BAD;

  failalloc(0);
  printf(1, "oomtest: %s, allocation %d fails: ", cur, curn);
  __builtin_va_start(ap, fmt);
  vprintf(1, fmt, ap);
  __builtin_va_end(ap);
  printf(1, " -- FAILED\n");
  write(reportfd, &c, 1);
  exit();
}

static int
nextfd(void)
{
  int fd = dup(0);

  if(fd >= 0)
    close(fd);
  return fd;
}

static void
take_snap(struct snap *s)
{
  s->nreg = vmregions(0, s->reg, MAXREG);
  s->brk = (uint)sbrk(0);
  s->nextfd = nextfd();
}

static int
same_snap(struct snap *a, struct snap *b)
{
  int i;

  if(a->nreg != b->nreg || a->brk != b->brk || a->nextfd != b->nextfd)
    return 0;
  for(i = 0; i < a->nreg && i < MAXREG; i++)
    if(memcmp(&a->reg[i], &b->reg[i], sizeof(a->reg[i])) != 0)
      return 0;
  return 1;
}

static void
check_sound(void)
{
  char msg[100];

  msg[0] = 0;
  if(vmcheck(0, msg, sizeof(msg)) != 0)
    childfail("vmcheck: %s", msg);
}

// Fill pages [0, npages) of base, page i with the byte c + i.
static void
fill(int npages, char c)
{
  int i;

  for(i = 0; i < npages; i++)
    memset(base + i*PG, c + i, PG);
}

// Are pages [0, npages) of base still filled as fill() left them?
static int
filled(int npages, char c)
{
  int i;

  for(i = 0; i < npages; i++)
    if(base[i*PG] != (char)(c + i) || base[i*PG + PG - 1] != (char)(c + i))
      return 0;
  return 1;
}

static void
map_fixed(int npages, int prot, int flags, int fd)
{
  if(mmap(base, npages*PG, prot, flags|MAP_FIXED, fd, 0) != base)
    childfail("scene: mmap failed");
}

static int
open_or_die(char *path, int mode)
{
  int fd = open(path, mode);

  if(fd < 0)
    childfail("scene: cannot open %s", path);
  return fd;
}

static int
count_resident(void)
{
  struct vmregion r[MAXREG];
  int i, n, sum = 0;

  n = vmregions(0, r, MAXREG);
  for(i = 0; i < n && i < MAXREG; i++)
    if(r[i].start >= MMAPBASE)  // the mappings, not the program
      sum += r[i].resident;
  return sum;
}

// ---------------------------------------------------------------------
// The paths.

static void
prepare_nothing(void)
{
}

static void
prepare_three(void)
{
  map_fixed(3, RW, ANONP, -1);
  fill(3, 'a');
}

// The pages left mapped keep their contents; after a successful
// munmap the middle one is gone.
static int
verify_three(int r)
{
  if(r)
    return base[0] == 'a' && base[2*PG] == 'c' ? 0 : -1;
  return filled(3, 'a') ? 0 : -1;
}

static void
prepare_file(void)
{
  scenefd = open_or_die(fpath, O_RDWR);
}

static int
verify_nothing(int r)
{
  return 0;
}

// mmap: the region's node (kmalloc).
static int
attempt_mmap_anon(void)
{
  return mmap(0, 2*PG, RW, ANONP, -1, 0) != MAP_FAILED;
}

// mmap of a file: the node, and the region's file reference.
static int
attempt_mmap_file(void)
{
  return mmap(0, 2*PG, RW, MAP_SHARED, scenefd, 0) != MAP_FAILED;
}

// munmap of the middle page: the split needs a second node.
static int
attempt_munmap_split(void)
{
  return munmap(base + PG, PG) == 0;
}

// mprotect of the middle page: two new nodes.
static int
attempt_mprotect_split(void)
{
  return mprotect(base + PG, PG, PROT_READ) == 0;
}

// MAP_FIXED over the middle page: the new node and a split.
static int
attempt_map_fixed(void)
{
  return mmap(base + PG, PG, PROT_READ, ANONP|MAP_FIXED, -1, 0) == base + PG;
}

static int
verify_map_fixed(int r)
{
  if(r)
    return filled(1, 'a') && base[2*PG] == 'a' + 2 && base[PG] == 0 ? 0 : -1;
  return filled(3, 'a') ? 0 : -1;
}

static void
prepare_fault_anon(void)
{
  map_fixed(2, RW, ANONP, -1);
}

// A page fault in fresh memory: the page and its page table. A failure
// kills the process.
static int
attempt_fault_anon(void)
{
  *(volatile int*)(base + PG) = 7;
  return 1;
}

static int
verify_fault_anon(int r)
{
  return *(int*)(base + PG) == 7 ? 0 : -1;
}

static void
prepare_fault_file(void)
{
  prepare_file();
  map_fixed(2, PROT_READ, MAP_PRIVATE, scenefd);
}

// A page fault on a file page: the page filled from the file.
static int
attempt_fault_file(void)
{
  return *(volatile char*)(base + PG) == 'B';
}

static void
prepare_sysfault(void)
{
  map_fixed(4, RW, ANONP, -1);
  scenefd = open_or_die(fpath, O_RDONLY);
}

// read() into untouched mapped pages: the kernel faults them in; a
// failure makes read return -1, and the process lives.
static int
attempt_sysfault(void)
{
  int n = read(scenefd, base, 4*PG);

  if(n == 4*PG)
    return 1;
  return n == -1 ? A_FAILKEPT : A_WRONG;
}

static int
verify_sysfault(int r)
{
  if(r == A_WRONG)
    return -1;
  if(r == A_OK)
    return base[0] == 'A' && base[3*PG] == 'D' ? 0 : -1;
  return 0;
}

// MAP_POPULATE: best effort, so a failure leaves the mapping with
// fewer pages resident (or, if the node fails, no mapping at all).
static int
attempt_populate(void)
{
  char *p = mmap(base, 4*PG, RW, ANONP|MAP_FIXED|MAP_POPULATE, -1, 0);

  if(p == MAP_FAILED)
    return 0;
  if(p != base)
    return A_WRONG;
  return count_resident() == 4 ? A_OK : A_LESS;
}

static int
verify_populate(int r)
{
  int i;

  if(r == A_WRONG)
    return -1;
  if(r == A_FAILED)
    return 0;
  for(i = 0; i < 4; i++)
    if(base[i*PG] != 0)
      return -1;
  return count_resident() == 4 ? 0 : -1;
}

// A scene with every kind of region, all pages present, a shared file
// page dirty: what fork and exec must copy or drop.
static void
prepare_rich(void)
{
  int fd = open_or_die(fpath, O_RDWR);

  map_fixed(2, RW, ANONP, -1);
  fill(2, 'p');
  if(mmap(base + 2*PG, 2*PG, RW, MAP_ANONYMOUS|MAP_SHARED|MAP_FIXED, -1, 0)
     != base + 2*PG)
    childfail("scene: shared mmap failed");
  memset(base + 2*PG, 's', 2*PG);
  if(mmap(base + 4*PG, PG, RW, MAP_SHARED|MAP_FIXED, fd, 0) != base + 4*PG)
    childfail("scene: file mmap failed");
  base[4*PG] = 'A';   // the file's own byte: the page is dirty, unchanged
  close(fd);
}

// Fork a child that exits at once (forkpid, for verify to wait for).
// Returns 1 if fork succeeded, 0 if it returned -1.
static int
forkexit(void)
{
  forkpid = fork();
  if(forkpid == 0)
    exit();
  return forkpid > 0;
}

// fork: the child's kernel stack, page directory and page tables, its
// copies of the image and of private pages, its region nodes.
static int
attempt_fork(void)
{
  return forkexit() ? A_OK : A_FAILED;
}

static int
verify_fork(int r)
{
  if(r && wait() != forkpid)
    return -1;
  return filled(2, 'p') && base[2*PG] == 's' ? 0 : -1;
}

static void
prepare_shared_untouched(void)
{
  int fd = open_or_die(fpath, O_RDWR);

  map_fixed(3, RW, MAP_ANONYMOUS|MAP_SHARED, -1);
  if(mmap(base + 3*PG, 2*PG, PROT_READ, MAP_SHARED|MAP_FIXED, fd, 0)
     != base + 3*PG)
    childfail("scene: file mmap failed");
  close(fd);
}

// fork of untouched shared regions: fork first brings the anonymous
// ones' pages in, in the parent, so that both processes hold the same
// ones (file pages need not be: both find the page cache's). A failure
// may leave some of those pages in (the parent is none the worse).
static int
attempt_fork_populate(void)
{
  return forkexit() ? A_OK : A_FAILKEPT;
}

static int
verify_fork_populate(int r)
{
  if(r == A_OK && wait() != forkpid)
    return -1;
  if(r == A_OK && count_resident() != 3)
    return -1;
  return base[0] == 0 && base[3*PG] == 'A' && base[4*PG] == 'B' ? 0 : -1;
}

// exec program path (this one, or a copy of it) with flag: the new
// image reports success on reportfd for us (main).
static int
exec_reporting(char *path, char *flag)
{
  char fdarg[12], *argv[4];
  int i = 10, fd = reportfd;

  fdarg[11] = 0;
  do {
    fdarg[i--] = '0' + fd % 10;
    fd /= 10;
  } while(fd > 0);
  argv[0] = path;
  argv[1] = flag;
  argv[2] = fdarg + i + 1;
  argv[3] = 0;
  exec(path, argv);
  return 0;
}

// exec: the new page directory, tables and image. On success the new
// program (this one, with -x) reports for us.
static int
attempt_exec(void)
{
  return exec_reporting(prog, "-x");
}

// exec-text: a copy of this program none of whose pages is cached, so
// that the new image's first touches of its text read them in (page
// cache misses) while the failure is armed. Copying it caches its
// pages, so they are then dropped: sbrk, asked for as much memory as
// is free or cached (less the 64 pages it keeps in reserve), reclaims
// every clean cache page nobody maps before it decides.
static void
prepare_text(void)
{
  static char buf[PG];
  struct kmstat st;
  int in, out, n;

  in = open_or_die(prog, O_RDONLY);
  if((out = open(tpath, O_CREATE|O_WRONLY|O_TRUNC)) < 0)
    childfail("scene: cannot create %s", tpath);
  while((n = read(in, buf, PG)) > 0)
    if(write(out, buf, n) != n)
      childfail("scene: cannot copy %s", prog);
  close(in);
  close(out);
  if(kmstat(&st) < 0)
    childfail("scene: kmstat failed");
  n = freepages() + st.cpages - 64 - 1;
  if(sbrk(n * PG) != (char*)-1)
    sbrk(-n * PG);
  // The first page back in (the ELF headers, which exec reads through
  // the cache, and would read around the cache if it could not fill
  // it: a failure that ends nothing, and would end the path early).
  in = open_or_die(tpath, O_RDONLY);
  if(read(in, buf, PG) != PG)
    childfail("scene: cannot read %s", tpath);
  close(in);
}

// Each failing allocation either fails the exec (-1, the caller as it
// was) or kills the new program at the touch that needed it; past
// them, the copy runs and reports (main, -t).
static int
attempt_exec_text(void)
{
  return exec_reporting(tpath, "-t");
}

static void
post_text(void)
{
  unlink(tpath);
}

static int
verify_exec(int r)
{
  return filled(2, 'p') && base[2*PG] == 's' ? 0 : -1;
}

// A scene for copy-on-write: two private pages, filled, shared with a
// child that holds them until this process is gone and then checks
// that they never changed.
static void
prepare_cow(void)
{
  int fds[2], pid;
  char c;

  map_fixed(2, RW, ANONP, -1);
  fill(2, 'p');
  if(pipe(fds) < 0)
    childfail("scene: pipe failed");
  if((pid = fork()) < 0)
    childfail("scene: fork failed");
  if(pid == 0){
    close(fds[1]);
    close(reportfd);
    read(fds[0], &c, 1);  // end of file once this round's process is gone
    if(!filled(2, 'p'))
      printf(1, "oomtest: %s, allocation %d fails: the other holder's "
             "pages changed -- FAILED\n", cur, curn);
    exit();
  }
  close(fds[0]);
  scenefd = open_or_die(fpath, O_RDONLY);
}

// A store into a copy-on-write page: the copy. A failure kills this
// process alone; the other holder keeps its page.
static int
attempt_cow(void)
{
  *(volatile int*)(base + PG) = 7;
  return 1;
}

static int
verify_cow(int r)
{
  return *(int*)(base + PG) == 7 && base[0] == 'p' ? 0 : -1;
}

// read() into a copy-on-write page: the kernel copies it before it
// writes; a failure makes read return -1, with the page unchanged.
static int
attempt_cow_syscall(void)
{
  int n = read(scenefd, base, PG);

  if(n == PG)
    return 1;
  return n == -1 ? 0 : 3;
}

static int
verify_cow_syscall(int r)
{
  if(r == A_OK)
    return base[0] == 'A' && base[PG] == 'q' ? 0 : -1;
  return r == A_FAILED && filled(2, 'p') ? 0 : -1;
}

// sbrk: heap pages and their page table.
static int
attempt_sbrk(void)
{
  return sbrk(5*PG) != (char*)-1;
}

// pipe: the pipe's page.
static int
attempt_pipe(void)
{
  int p[2];

  if(pipe(p) < 0)
    return 0;
  close(p[0]);
  close(p[1]);
  return 1;
}

static void
prepare_writeback(void)
{
  int fd = open_or_die(wpath, O_RDWR);

  map_fixed(3, RW, MAP_SHARED, fd);
  close(fd);
  fill(3, 'a');
}

// munmap of the middle of a dirty shared file mapping: the split's node
// is needed before anything is written back. A failure must lose no
// data: whatever happens, exit writes every page back.
static int
attempt_writeback(void)
{
  return munmap(base + PG, PG) == 0;
}

static void
post_writeback(void)
{
  static char buf[PG];
  int fd, i;

  if((fd = open(wpath, O_RDONLY)) < 0){
    printf(1, "oomtest: %s: cannot open %s -- FAILED\n", cur, wpath);
    return;
  }
  for(i = 0; i < 3; i++){
    if(read(fd, buf, PG) != PG || buf[0] != 'a' + i || buf[PG-1] != 'a' + i){
      printf(1, "oomtest: %s, allocation %d fails: page %d of the file "
             "lost its data -- FAILED\n", cur, curn, i);
      break;
    }
  }
  close(fd);
  // Back to the starting contents for the next round.
  if((fd = open(wpath, O_RDWR)) >= 0){
    memset(buf, 'z', PG);
    for(i = 0; i < 3; i++)
      write(fd, buf, PG);
    close(fd);
  }
}

static struct path paths[] = {
  { "mmap",          prepare_nothing, attempt_mmap_anon, verify_nothing },
  { "mmap-file",     prepare_file, attempt_mmap_file, verify_nothing },
  { "munmap-split",  prepare_three, attempt_munmap_split, verify_three },
  { "mprotect-split", prepare_three, attempt_mprotect_split, verify_three },
  { "map-fixed",     prepare_three, attempt_map_fixed, verify_map_fixed },
  { "fault",         prepare_fault_anon, attempt_fault_anon,
    verify_fault_anon, 0, 1 },
  { "fault-file",    prepare_fault_file, attempt_fault_file, verify_nothing,
    0, 1 },
  { "syscall-fault", prepare_sysfault, attempt_sysfault, verify_sysfault },
  { "populate",      prepare_nothing, attempt_populate, verify_populate },
  { "fork",          prepare_rich, attempt_fork, verify_fork, 0, LATEKILL },
  { "fork-populate", prepare_shared_untouched, attempt_fork_populate,
    verify_fork_populate, 0, LATEKILL },
  { "cow",           prepare_cow, attempt_cow, verify_cow, 0, 1 },
  { "cow-syscall",   prepare_cow, attempt_cow_syscall, verify_cow_syscall },
  { "exec",          prepare_rich, attempt_exec, verify_exec },
  { "exec-text",     prepare_text, attempt_exec_text, verify_nothing,
    post_text, 1 },
  { "sbrk",          prepare_nothing, attempt_sbrk, verify_nothing },
  { "pipe",          prepare_nothing, attempt_pipe, verify_nothing },
  { "write-back",    prepare_writeback, attempt_writeback, verify_three,
    post_writeback },
};

// ---------------------------------------------------------------------
// The harness.

// The child's side of one round: scene, armed call, judgement.
static void
run_round(struct path *p, int n)
{
  struct snap before, after;
  char c;
  int r;

  p->prepare();
  prefault();
  check_sound();
  take_snap(&before);
  failalloc(n);
  r = p->attempt();
  failalloc(0);
  if(p->verify(r) < 0)
    childfail("the call %s, and left the wrong contents",
              r == A_OK ? "succeeded" : "failed");
  check_sound();
  if(r == A_FAILED){
    take_snap(&after);
    if(!same_snap(&before, &after))
      childfail("the call failed but changed the process "
                "(%d regions, brk 0x%x, fd %d; before: %d, 0x%x, %d)",
                after.nreg, after.brk, after.nextfd, before.nreg,
                before.brk, before.nextfd);
  }
  c = r == A_OK ? R_OK : r == A_LESS ? R_DEGRADED : R_FAILED;
  write(reportfd, &c, 1);
  exit();
}

// Fail allocation 1, 2, ... of path p until the call succeeds. Returns
// 0 if every round was clean.
static int
run_path(struct path *p)
{
  struct memusage before, after;
  int n, pid, fds[2], got, t, kills = 0, fails = 0, less = 0;
  char c;

  cur = p->name;
  for(n = 1; n <= MAXN; n++){
    curn = n;
    if(getmemusage(&before) < 0){
      printf(1, "oomtest: %s: cannot read kernel memory usage -- FAILED\n",
             cur);
      return -1;
    }
    if(pipe(fds) < 0){
      printf(1, "oomtest: %s: pipe failed -- FAILED\n", cur);
      return -1;
    }
    if((pid = fork()) < 0){
      printf(1, "oomtest: %s: fork failed -- FAILED\n", cur);
      return -1;
    }
    if(pid == 0){
      close(fds[0]);
      reportfd = fds[1];
      run_round(p, n);
    }
    close(fds[1]);
    got = read(fds[0], &c, 1);
    close(fds[0]);
    if(wait() != pid){
      printf(1, "oomtest: %s: wait did not return the child -- FAILED\n",
             cur);
      return -1;
    }
    if(p->post)
      p->post();
    getmemusage(&after);
    for(t = 0; t < SETTLE && !samememusage(&before, &after); t++){
      sleep(1);
      getmemusage(&after);
    }
    if(!samememusage(&before, &after)){
      printf(1, "oomtest: %s, allocation %d fails: leaked %d pages and %d "
             "kmalloc bytes -- FAILED\n", cur, n, before.pages - after.pages,
             after.kbytes - before.kbytes);
      return -1;
    }
    if(got != 1){
      if(!p->maykill || (p->maykill == LATEKILL && fails + less == 0)){
        printf(1, "oomtest: %s, allocation %d fails: the process was "
               "killed -- FAILED\n", cur, n);
        return -1;
      }
      // The kernel's "-- killed" line for pid came before this one.
      printf(1, "expected kill: pid %d (oomtest %s, allocation %d fails: "
             "a fault with no memory kills, as allowed)\n", pid, cur, n);
      kills++;
      continue;
    }
    if(c != R_OK && kills > 0 && p->maykill == LATEKILL){
      printf(1, "oomtest: %s, allocation %d fails: the call failed after "
             "an earlier round was killed -- FAILED\n", cur, n);
      return -1;
    }
    if(c == R_BAD)
      return -1;
    if(c == R_OK)
      break;
    if(c == R_DEGRADED)
      less++;
    else
      fails++;
  }
  if(n > MAXN){
    printf(1, "oomtest: %s never succeeded -- FAILED\n", cur);
    return -1;
  }
  printf(1, "oomtest: %s: %d allocations failed in turn: %d calls "
         "returned -1 cleanly, %d populated fewer pages, %d killed\n", cur,
         n - 1, fails, less, kills);
  if(n == 1){
    printf(1, "oomtest: %s allocates nothing -- FAILED\n", cur);
    return -1;
  }
  return 0;
}

// Make name a file of npages pages, page i filled with byte c + i.
static int
makefile(char *name, int npages, char c)
{
  static char buf[PG];
  int fd, i;

  if((fd = open(name, O_CREATE|O_RDWR)) < 0)
    return -1;
  for(i = 0; i < npages; i++){
    memset(buf, c + i, PG);
    if(write(fd, buf, PG) != PG){
      close(fd);
      return -1;
    }
  }
  close(fd);
  return 0;
}

static uint
inum(char *name)
{
  struct stat st;

  if(stat(name, &st) < 0)
    return 0;
  return st.ino;
}

// Were the test files' inodes freed when they were unlinked? A file
// reference leaked by a failed call would keep one allocated. Nothing
// else makes files meanwhile, so fresh files must get the same inode
// numbers back (the allocator takes the lowest free one).
static int
files_released(uint i1, uint i2)
{
  uint n1, n2;
  int ok;

  unlink(fpath);
  unlink(wpath);
  if(makefile(fpath, 0, 0) < 0 || makefile(wpath, 0, 0) < 0)
    return 0;
  n1 = inum(fpath);
  n2 = inum(wpath);
  ok = n1 == i1 && n2 == i2;
  if(!ok)
    printf(1, "oomtest: the test files were inodes %d and %d, new files got "
           "%d and %d: a file reference leaked -- FAILED\n", i1, i2, n1, n2);
  unlink(fpath);
  unlink(wpath);
  return ok;
}

static int
wanted(char *name, int argc, char *argv[])
{
  int i;

  if(argc < 2)
    return 1;
  for(i = 1; i < argc; i++)
    if(strcmp(argv[i], name) == 0)
      return 1;
  return 0;
}

int
main(int argc, char *argv[])
{
  char c = R_OK;
  int i, ran = 0, bad = 0;
  uint i1, i2;

  if(argc == 3 && strcmp(argv[1], "-t") == 0){
    // exec-text's new image, still armed: every page of it in first.
    prefault();
    failalloc(0);
    write(atoi(argv[2]), &c, 1);
    exit();
  }
  failalloc(0);
  if(argc == 3 && strcmp(argv[1], "-x") == 0){
    // The exec path's new image: tell the child's parent it worked.
    write(atoi(argv[2]), &c, 1);
    exit();
  }
  prog = argv[0];
  // Every page of this program in now: a first touch of one of its
  // pages later, between a child's two readings of free memory (a
  // post() buffer, say), would count as that child's leak.
  prefault();
  unlink(fpath);
  unlink(wpath);
  if(makefile(fpath, 4, 'A') < 0 || makefile(wpath, 3, 'z') < 0){
    printf(1, "oomtest: cannot make the test files -- FAILED\n");
    exit();
  }
  i1 = inum(fpath);
  i2 = inum(wpath);
  for(i = 0; i < NELEM(paths); i++){
    if(!wanted(paths[i].name, argc, argv))
      continue;
    ran++;
    if(run_path(&paths[i]) < 0)
      bad++;
  }
  if(!files_released(i1, i2))
    bad++;
  if(bad)
    printf(1, "oomtest: %d of %d paths FAILED\n", bad, ran);
  else
    printf(1, "oomtest: %d paths OK\n", ran);
  exit();
}
