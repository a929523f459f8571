// usertests: the system's own test suite, run inside xv6. This file
// holds the harness (selection, the run of one test in a child, the
// leak check, fail()) and the helpers every area's tests use; the tests
// live in one file per area:
//
//   proc.c      sbrk, stack, kernel addresses, bad system-call arguments,
//               processes and pipes
//   fs.c        the file system
//   kmalloc.c   kmalloc through its test system calls
//   mmutil.c    helpers of the mmap tests, and their conventions
//   mmanon.c    anonymous mappings and the faults they take
//   mmfile.c    file mappings, private and shared
//   mmregion.c  placement, munmap and mprotect: regions split and merge
//   mmfork.c    mappings across fork, exec and exit
//   mmbad.c     system calls on mapped memory, and bad arguments
//   mmlimit.c   many regions, and more memory than there is
//   mmharden.c  what hostile programs found: page tables freed, locks
//   cow.c       copy-on-write fork: who sees what, who copies when
//   errors.c    the error numbers failing calls report (errno.h)
//
//   usertests            run every test, in table order
//   usertests NAME...    run only the named tests; NAME may end in '*'
//                        to match a prefix (usertests 'mm*')
//
// Each test is a function `static void name(void)` that passes by
// returning and fails by calling fail(), which prints
// `FAILED: <test>: <message>` and exits. The harness runs each test in a
// forked child that, if the test returns, writes one byte to a pipe; a
// child that fails, is killed or faults never writes it. Around the
// child the harness compares kernel memory (free pages, and kmalloc's
// bytes in use) before and after, so a test that leaks kernel memory
// fails even if it otherwise passed.
//
// To add a test: write the function in the file of its area and add a
// line { fn, "name" } to the table at the bottom of that file, where it
// should run. A new area is a new file here (the Makefile builds every
// user/usertests/*.c into /usertests): end it with its own table, declare
// the table in usertests.h and list it in tables[] below. Shared helpers
// go in usertests.h; everything else stays static. Rules for tests:
//   - big buffers must be static: the user stack is one page;
//   - every process a test creates must be waited for before it returns
//     (spawn()/waitall() and expect_killed() do this), and every file it
//     creates removed, so the next run starts from the same state;
//   - never close a descriptor the test did not open: the harness's pipe
//     is open in the test process;
//   - keep the running time to a second or two under QEMU.
//
// These files own only the test programs; they rely on the kernel's
// contract headers for limits and layout and change nothing in them.
#include "usertests.h"

// How long the harness lets the counters settle after a test: an orphan
// the test left to init may still be waiting to be reaped.
#define SETTLETICKS 100

static char *curname = "?";   // the test running in this process
char buf[(MAXOPBLOCKS + 4) * BSIZE];
volatile char sink;

// ---- the harness --------------------------------------------------

// End the current test as failed: print why and exit without reporting
// success. Callable from the test process and from any process it forks.
void
fail(const char *fmt, ...)
{
  __builtin_va_list ap;

  printf(1, "FAILED: %s: ", curname);
  __builtin_va_start(ap, fmt);
  vprintf(1, fmt, ap);
  __builtin_va_end(ap);
  printf(1, "\n");
  exit();
}

// Run one test in a child process and judge it. Returns 1 if it passed.
static int
runtest(char *name, void (*fn)(void))
{
  struct memusage before, after;
  int fds[2], pid, n, w, t;
  char c;

  printf(1, "test %s: ", name);
  if(getmemusage(&before) < 0){
    printf(1, "FAILED: %s: harness cannot read kernel memory usage\n", name);
    return 0;
  }
  if(pipe(fds) < 0){
    printf(1, "FAILED: %s: harness cannot make a pipe\n", name);
    return 0;
  }
  pid = fork();
  if(pid < 0){
    close(fds[0]);
    close(fds[1]);
    printf(1, "FAILED: %s: harness cannot fork\n", name);
    return 0;
  }
  if(pid == 0){
    close(fds[0]);
    curname = name;
    prefault();
    fn();
    write(fds[1], "k", 1);
    exit();
  }
  close(fds[1]);
  n = read(fds[0], &c, 1);
  close(fds[0]);
  while((w = wait()) >= 0 && w != pid)
    ;
  if(n != 1){
    printf(1, "FAILED\n");
    return 0;
  }

  getmemusage(&after);
  for(t = 0; t < SETTLETICKS && !samememusage(&before, &after); t++){
    sleep(1);
    getmemusage(&after);
  }
  if(before.pages != after.pages){
    printf(1, "FAILED: %s leaked %d pages\n", name, before.pages - after.pages);
    return 0;
  }
  if(before.kbytes != after.kbytes){
    printf(1, "FAILED: %s leaked %d kmalloc bytes\n", name,
           (int)(after.kbytes - before.kbytes));
    return 0;
  }
  printf(1, "ok\n");
  return 1;
}

// ---- helpers for tests --------------------------------------------

// Fork a child that reports to this process on a pipe. Returns what
// fork returns: 0 in the child, with *fd the write end; the child's pid
// in this process, with *fd the read end. A pipe or fork that cannot be
// made fails the test, with who (e.g. "spawn: ") before the message.
int
forkreport(int *fd, char *who)
{
  int p[2], pid;

  if(pipe(p) < 0)
    fail("%spipe failed", who);
  pid = fork();
  if(pid < 0)
    fail("%sfork failed", who);
  close(pid == 0 ? p[0] : p[1]);
  *fd = pid == 0 ? p[1] : p[0];
  return pid;
}

// Fork a child talking to this process over two pipes: the child keeps
// down[0] (it reads) and up[1] (it writes), this process down[1] and
// up[0]. Returns what fork returns. A pipe or fork that cannot be made
// fails the test.
int
forkchan(int *down, int *up)
{
  int pid;

  if(pipe(down) < 0 || pipe(up) < 0)
    fail("pipe failed");
  if((pid = fork()) < 0)
    fail("fork failed");
  if(pid == 0){
    close(down[1]);
    close(up[0]);
  } else {
    close(down[0]);
    close(up[1]);
  }
  return pid;
}

// Fill the process table: fork children that sleep until they are
// killed, until fork fails. pids[] has room for NPROC; it gets their
// pids, and pids[n] what the failing fork returned. Returns n, the
// number forked; fails the test if the table never filled.
int
fillprocs(int *pids)
{
  int n;

  for(n = 0; n < NPROC; n++){
    if((pids[n] = fork()) < 0)
      break;
    if(pids[n] == 0){
      sleep(1000);
      exit();
    }
  }
  if(n == NPROC)
    fail("forked %d children: the process table never filled", n);
  return n;
}

// Kill and reap the n children fillprocs() forked.
void
reapprocs(int *pids, int n)
{
  int i;

  for(i = 0; i < n; i++)
    kill(pids[i]);
  for(i = 0; i < n; i++)
    if(wait() < 0)
      fail("lost a child");
}

// Helper processes a test runs alongside itself: spawn() starts one,
// waitall() collects all of them and fails the test if any of them did
// not return from its function (it failed, was killed or faulted).
#define MAXKIDS 8

static struct {
  int pid;
  int fd;   // read end of the pipe the helper reports on
} kids[MAXKIDS];
static int nkids;

// Run fn(arg) in a new helper process; returns its pid.
int
spawn(void (*fn)(int), int arg)
{
  int fd, pid, i;

  if(nkids == MAXKIDS)
    fail("spawn: more than %d helpers", MAXKIDS);
  pid = forkreport(&fd, "spawn: ");
  if(pid == 0){
    for(i = 0; i < nkids; i++)
      close(kids[i].fd);
    nkids = 0;
    fn(arg);
    write(fd, "k", 1);
    exit();
  }
  kids[nkids].pid = pid;
  kids[nkids].fd = fd;
  nkids++;
  return pid;
}

// Wait for every helper spawn() started. Fails the test if one of them
// did not finish its function or if wait() disagrees about who exists.
void
waitall(void)
{
  int i, j, pid, bad = 0, n = nkids;
  char c;

  for(i = 0; i < n; i++){
    if(read(kids[i].fd, &c, 1) != 1)
      bad++;
    close(kids[i].fd);
  }
  for(i = 0; i < n; i++){
    pid = wait();
    for(j = 0; j < n; j++)
      if(kids[j].pid == pid)
        break;
    if(j == n)
      fail("waitall: wait returned %d, not a helper", pid);
  }
  nkids = 0;
  if(bad)
    fail("%d of %d helper processes did not finish", bad, n);
}

// Run fn(arg) in a child and check that the child died before fn
// returned (the kernel killed it). what describes fn in the message.
// The child first says `expected kill: pid N (what)`, so that a reader
// and the test runner know the kernel's "pid N ...: -- killed" line that
// follows is the test working, not a failure (README, "Expected kills").
void
expect_killed(void (*fn)(uint), uint arg, char *what)
{
  int fd, pid, n;
  char c;

  pid = forkreport(&fd, "expect_killed: ");
  if(pid == 0){
    printf(1, "expected kill: pid %d (%s at 0x%x)\n", getpid(), what, arg);
    fn(arg);
    write(fd, "k", 1);
    exit();
  }
  n = read(fd, &c, 1);
  close(fd);
  if(wait() != pid)
    fail("expect_killed: wait did not return the child");
  if(n != 0)
    fail("%s at 0x%x did not kill the process", what, arg);
}

// Read the byte at a, for expect_killed.
void
readbyte(uint a)
{
  sink = *(volatile char*)a;
}

// Write the byte at a, for expect_killed.
void
writebyte(uint a)
{
  *(volatile char*)a = 1;
}

// First address of the guard page below the (one page) user stack.
uint
stackguard(void)
{
  uint sp;

  asm volatile("movl %%esp, %0" : "=r" (sp));
  return PGROUNDDOWN(sp) - PGSIZE;
}

// Grow the heap so the break is page aligned, and return it: the bytes
// just below are user memory, the bytes from it upwards are not mapped.
char*
alignbreak(void)
{
  uint sz = (uint)sbrk(0);

  if(sbrk(PGROUNDUP(sz) - sz) == (char*)-1)
    fail("cannot align the break");
  return sbrk(0);
}

// Fill a[] with NBAD addresses no system call may read or write for a
// user program; returns NBAD.
int
badaddrs(uint *a)
{
  int n = 0;

  a[n++] = stackguard();                        // guard page, bottom
  a[n++] = stackguard() + PGSIZE - 8;           // guard page, top
  a[n++] = PGROUNDUP((uint)sbrk(0));            // just above the heap
  a[n++] = MMAPBASE;                            // empty mmap area
  a[n++] = MMAPTOP - PGSIZE;
  a[n++] = KERNBASE;                            // kernel memory
  a[n++] = KERNLINK;                            // kernel text
  a[n++] = DEVSPACE;                            // devices
  a[n++] = 0xFFFFFFF0;                          // wraps at the top
  return n;
}

// Make directory dir, enter it, and remove it by the name rm (dir as
// seen from inside it, "../dir" or an absolute path): the process's
// working directory is then an inode with no name.
void
enterremoved(char *dir, char *rm)
{
  if(mkdir(dir) < 0)
    fail("mkdir %s failed", dir);
  if(chdir(dir) < 0)
    fail("chdir %s failed", dir);
  if(unlink(rm) < 0)
    fail("unlink %s, the working directory, failed", rm);
}

// Create name holding n bytes of buf; fails the test if it cannot.
void
makefile(char *name, int n)
{
  int fd;

  if((fd = open(name, O_CREATE | O_RDWR)) < 0)
    fail("cannot create %s", name);
  if(write(fd, buf, n) != n)
    fail("cannot write %s", name);
  close(fd);
}

// Read kmalloc's and the page cache's statistics into *st; fails the
// test if they cannot be read.
void
kmgetstat(struct kmstat *st)
{
  if(kmstat(st) < 0)
    fail("kmstat failed");
}

// The lowest free descriptor, to check that a failed call leaked none.
int
lowestfd(void)
{
  int fd = dup(0);

  if(fd < 0)
    fail("dup failed");
  close(fd);
  return fd;
}

// ---- selection and main ---------------------------------------------

// Every table, in the order `usertests` runs them. last_tests holds mem:
// it exhausts memory, which is best done when nothing else is left to
// test.
static struct test *tables[] = {
  proc_tests, ulib_tests, fs_tests, kmalloc_tests,
  mmanon_tests, mmfile_tests, mmregion_tests, mmfork_tests, mmbad_tests,
  mmlimit_tests, mmharden_tests, harden_tests, cow_tests, pagecache_tests,
  errors_tests, aspace_tests,
  last_tests,
  0,
};

// Does test name match pattern? A pattern ending in '*' matches every
// name that starts with what comes before it ("mm*": the mmap tests).
static int
matches(char *pattern, char *name)
{
  int n = strlen(pattern);

  if(n > 0 && pattern[n-1] == '*')
    return strlen(name) >= n - 1 && memcmp(pattern, name, n - 1) == 0;
  return strcmp(pattern, name) == 0;
}

// Does any test match pattern?
static int
findtest(char *pattern)
{
  struct test **tab, *t;

  for(tab = tables; *tab != 0; tab++)
    for(t = *tab; t->fn != 0; t++)
      if(matches(pattern, t->name))
        return 1;
  return 0;
}

static void
listtests(void)
{
  struct test **tab, *t;
  int col = 0;

  for(tab = tables; *tab != 0; tab++){
    for(t = *tab; t->fn != 0; t++){
      if(col + strlen(t->name) + 1 > 72){
        printf(1, "\n");
        col = 0;
      }
      printf(1, " %s", t->name);
      col += strlen(t->name) + 1;
    }
  }
  printf(1, "\n");
}

// Run, in table order, every test that pattern matches (every test if
// pattern is 0); count them in *n and the failures in *failed.
static void
runmatching(char *pattern, int *n, int *failed)
{
  struct test **tab, *t;

  for(tab = tables; *tab != 0; tab++){
    for(t = *tab; t->fn != 0; t++){
      if(pattern != 0 && !matches(pattern, t->name))
        continue;
      (*n)++;
      if(!runtest(t->name, t->fn))
        (*failed)++;
    }
  }
}

int
main(int argc, char *argv[])
{
  int i, n = 0, failed = 0;

  if(argc == 3 && strcmp(argv[1], "-as") == 0)
    aspace_child(argv[2]);  // a copy of this program for aspace.c's tests
  for(i = 1; i < argc; i++){
    if(!findtest(argv[i])){
      // A failure line, so that a typo never passes for a test run.
      printf(1, "FAILED: usertests: no test matches %s; the tests are:\n",
             argv[i]);
      listtests();
      exit();
    }
  }

  // The tests name files relative to the root (and some absolutely).
  if(chdir("/") < 0)
    printf(1, "usertests: cannot chdir to /\n");

  printf(1, "usertests starting\n");
  if(argc < 2)
    runmatching(0, &n, &failed);
  for(i = 1; i < argc; i++)
    runmatching(argv[i], &n, &failed);
  if(failed)
    printf(1, "SOME TESTS FAILED: %d of %d\n", failed, n);
  else
    printf(1, "ALL TESTS PASSED\n");
  exit();
}
