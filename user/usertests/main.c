// usertests: the system's own test suite, run inside xv6.
//
//   usertests            run every test in the table at the bottom
//   usertests NAME...    run only the named tests; NAME may end in '*'
//                        to match a prefix (usertests 'mm*')
//
// Each test is a function `void name(void)` that passes by returning and
// fails by calling fail(), which prints `FAILED: <test>: <message>` and
// exits. The harness runs each test in a forked child that, if the test
// returns, writes one byte to a pipe; a child that fails, is killed or
// faults never writes it. Around the child the harness compares kernel
// memory (free pages, and kmalloc's bytes in use) before and after, so
// a test that leaks kernel memory fails even if it otherwise passed.
//
// To add a test: write the function (anywhere above the table), and add
// a line to tests[] at the bottom. Rules for tests:
//   - big buffers must be static: the user stack is one page;
//   - every process a test creates must be waited for before it returns
//     (spawn()/waitall() and expect_killed() do this), and every file it
//     creates removed, so the next run starts from the same state;
//   - never close a descriptor the test did not open: the harness's pipe
//     is open in the test process;
//   - keep the running time to a second or two under QEMU.
//
// This file owns only the test programs; it relies on the kernel's
// contract headers for limits and layout and changes nothing in them.
#include "types.h"
#include "stat.h"
#include "param.h"
#include "fs.h"
#include "fcntl.h"
#include "mmu.h"
#include "memlayout.h"
#include "user.h"

// How long the harness lets the counters settle after a test: an orphan
// the test left to init may still be waiting to be reaped.
#define SETTLETICKS 100

#define NELEM(x) (sizeof(x) / sizeof((x)[0]))

void fail(const char *fmt, ...)
  __attribute__((noreturn, format(printf, 1, 2)));

static char *curname = "?";   // the test running in this process
// Scratch space for any test; big enough for bigwrite's largest write.
static char buf[(MAXOPBLOCKS + 4) * BSIZE];
static volatile char sink;    // reads into here cannot be optimised away

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
static int
spawn(void (*fn)(int), int arg)
{
  int p[2], pid, i;

  if(nkids == MAXKIDS)
    fail("spawn: more than %d helpers", MAXKIDS);
  if(pipe(p) < 0)
    fail("spawn: pipe failed");
  pid = fork();
  if(pid < 0)
    fail("spawn: fork failed");
  if(pid == 0){
    close(p[0]);
    for(i = 0; i < nkids; i++)
      close(kids[i].fd);
    nkids = 0;
    fn(arg);
    write(p[1], "k", 1);
    exit();
  }
  close(p[1]);
  kids[nkids].pid = pid;
  kids[nkids].fd = p[0];
  nkids++;
  return pid;
}

// Wait for every helper spawn() started. Fails the test if one of them
// did not finish its function or if wait() disagrees about who exists.
static void
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
static void
expect_killed(void (*fn)(uint), uint arg, char *what)
{
  int p[2], pid, n;
  char c;

  if(pipe(p) < 0)
    fail("expect_killed: pipe failed");
  pid = fork();
  if(pid < 0)
    fail("expect_killed: fork failed");
  if(pid == 0){
    close(p[0]);
    fn(arg);
    write(p[1], "k", 1);
    exit();
  }
  close(p[1]);
  n = read(p[0], &c, 1);
  close(p[0]);
  if(wait() != pid)
    fail("expect_killed: wait did not return the child");
  if(n != 0)
    fail("%s at 0x%x did not kill the process", what, arg);
}

static void
readbyte(uint a)
{
  sink = *(volatile char*)a;
}

static void
writebyte(uint a)
{
  *(volatile char*)a = 1;
}

// First address of the guard page below the (one page) user stack.
static uint
stackguard(void)
{
  uint sp;

  asm volatile("movl %%esp, %0" : "=r" (sp));
  return PGROUNDDOWN(sp) - PGSIZE;
}

// Grow the heap so the break is page aligned, and return it: the bytes
// just below are user memory, the bytes from it upwards are not mapped.
static char*
alignbreak(void)
{
  uint sz = (uint)sbrk(0);

  if(sbrk(PGROUNDUP(sz) - sz) == (char*)-1)
    fail("cannot align the break");
  return sbrk(0);
}

// Addresses no system call may read or write for a user program.
#define NBAD 9

static int
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

// Create name holding n bytes of buf; fails the test if it cannot.
static void
makefile(char *name, int n)
{
  int fd;

  if((fd = open(name, O_CREATE | O_RDWR)) < 0)
    fail("cannot create %s", name);
  if(write(fd, buf, n) != n)
    fail("cannot write %s", name);
  close(fd);
}

// The lowest free descriptor, to check that a failed call leaked none.
static int
lowestfd(void)
{
  int fd = dup(0);

  if(fd < 0)
    fail("dup failed");
  close(fd);
  return fd;
}

// ---- memory: sbrk, stack, kernel addresses ------------------------

// sbrk hands out contiguous, zeroed, writable memory, also after fork.
static void
sbrkbasic(void)
{
  char *a, *b, *c;
  int i, pid;

  a = sbrk(0);
  for(i = 0; i < 5000; i++){
    b = sbrk(1);
    if(b != a)
      fail("sbrk(1) #%d returned %p, expected %p", i, b, a);
    *b = 1;
    a = b + 1;
  }
  if(sbrk(0) != a)
    fail("sbrk(0) moved the break");

  a = sbrk(4 * PGSIZE);
  if(a == (char*)-1)
    fail("sbrk of 4 pages failed");
  for(i = 0; i < 4 * PGSIZE; i++)
    if(a[i] != 0)
      fail("new heap byte %d is %d, not 0", i, a[i]);

  pid = fork();
  if(pid < 0)
    fail("fork failed");
  b = sbrk(1);
  c = sbrk(1);
  if(c != b + 1)
    fail("sbrk after fork: %p then %p", b, c);
  if(pid == 0)
    exit();
  if(wait() != pid)
    fail("wait did not return the child");
}

// A big heap (64 MiB) can be made, touched, shrunk and grown again.
#define BIGHEAP (64*1024*1024)

static void
sbrkmuch(void)
{
  char *old, *a, *p, *last;
  int free0, amt;

  old = sbrk(0);
  free0 = freepages();
  amt = BIGHEAP - (uint)old;
  a = sbrk(amt);
  if(a != old)
    fail("cannot grow the heap to %d MiB", BIGHEAP >> 20);
  for(p = a; p < a + amt; p += PGSIZE)
    *p = 1;
  if(free0 - freepages() < amt / PGSIZE)
    fail("heap of %d pages took only %d pages", amt / PGSIZE,
         free0 - freepages());
  last = (char*)(BIGHEAP - 1);
  *last = 99;

  // Shrink by one page: the break must move back exactly.
  if(sbrk(-PGSIZE) == (char*)-1)
    fail("sbrk could not shrink by a page");
  if(sbrk(0) != (char*)(BIGHEAP - PGSIZE))
    fail("break at %p after shrinking, expected 0x%x", sbrk(0),
         BIGHEAP - PGSIZE);

  // Grow again: the page comes back zeroed, not with the old contents.
  p = sbrk(PGSIZE);
  if(p != (char*)(BIGHEAP - PGSIZE) || sbrk(0) != (char*)BIGHEAP)
    fail("re-grow: sbrk returned %p, break %p", p, sbrk(0));
  if(*last != 0)
    fail("re-grown page holds %d, not 0", *last);

  // And all the way back down, returning the memory to the kernel.
  if(sbrk(-(sbrk(0) - old)) == (char*)-1)
    fail("cannot shrink back");
  if(sbrk(0) != old)
    fail("break at %p after shrinking back, expected %p", sbrk(0), old);
  // Page-table pages stay until exit (deallocuvm frees data pages
  // only), one per 4 MiB of heap that was touched.
  if(free0 - freepages() > amt / (PGSIZE * 1024) + 1)
    fail("shrinking back left %d pages allocated", free0 - freepages());
}

// Shrinking the heap frees the pages and unmaps them.
static void
sbrkneg(void)
{
  char *a;
  int i, free0;

  a = alignbreak();
  if(sbrk(10 * PGSIZE) != a)
    fail("cannot grow by 10 pages");
  for(i = 0; i < 10; i++)
    a[i * PGSIZE] = i;
  free0 = freepages();
  if(sbrk(-10 * PGSIZE) != a + 10 * PGSIZE)
    fail("sbrk(-10 pages) did not return the old break");
  if(sbrk(0) != a)
    fail("break at %p after shrinking, expected %p", sbrk(0), a);
  if(freepages() < free0 + 10)
    fail("shrinking by 10 pages freed only %d", freepages() - free0);
  expect_killed(readbyte, (uint)a, "reading a freed heap page");
  expect_killed(writebyte, (uint)a + 9 * PGSIZE, "writing a freed heap page");

  if(sbrk(PGSIZE) != a)
    fail("cannot grow again");
  if(a[0] != 0)
    fail("re-grown page holds %d, not 0", a[0]);
}

// sbrk beyond the heap limit (MMAPBASE), or below zero, fails cleanly.
static void
sbrklimit(void)
{
  uint cur = (uint)sbrk(0);

  if(sbrk(MMAPBASE - cur + PGSIZE) != (char*)-1)
    fail("sbrk past MMAPBASE succeeded");
  if(sbrk(0x7fffffff) != (char*)-1)
    fail("sbrk(0x7fffffff) succeeded");
  if((uint)sbrk(0) != cur)
    fail("failed sbrk moved the break to %p", sbrk(0));
  if(sbrk(-(int)(cur + PGSIZE)) != (char*)-1)
    fail("sbrk below address 0 succeeded");
  if((uint)sbrk(0) != cur)
    fail("failed sbrk moved the break to %p", sbrk(0));
  buf[0] = 1;  // still alive and able to write
}

// Uninitialised data starts as zero.
static char uninit[10000];

static void
bsstest(void)
{
  int i;

  for(i = 0; i < sizeof(uninit); i++)
    if(uninit[i] != 0)
      fail("bss byte %d is %d", i, uninit[i]);
}

// Use about 1 KiB of stack per level until depth reaches 0.
static int
recurse(int depth)
{
  volatile char frame[1024];

  frame[0] = depth;
  if(depth == 0)
    return frame[0];
  return recurse(depth - 1) + frame[0];
}

static void
overflowstack(uint depth)
{
  sink = recurse(depth);
}

// Touching the guard page below the stack kills the process, as does
// running the stack into it.
static void
stacktest(void)
{
  uint g = stackguard();

  expect_killed(readbyte, g + PGSIZE - 1, "reading just below the stack");
  expect_killed(readbyte, g, "reading the guard page");
  expect_killed(writebyte, g + PGSIZE - 4, "writing the guard page");
  expect_killed(overflowstack, 16, "16 KiB of recursion");
}

// A user program cannot read or write kernel memory or devices.
static void
kernmem(void)
{
  static uint addrs[] = {
    KERNBASE, KERNLINK, KERNBASE + 0x400000, KERNBASE + PHYSTOP - 1,
    DEVSPACE, 0xFFFFFFFF,
  };
  int i;

  for(i = 0; i < NELEM(addrs); i++)
    expect_killed(readbyte, addrs[i], "reading kernel memory");
  expect_killed(writebyte, KERNLINK, "writing kernel text");
}

// ---- bad arguments to system calls --------------------------------

static char *echoargv[] = { "echo", "ok", 0 };

// Paths at bad addresses: every call taking a path returns -1.
static void
validatetest(void)
{
  uint a[NBAD];
  char *p, *argv[3];
  int i, n;

  unlink("vt.f");
  makefile("vt.f", 10);
  n = badaddrs(a);
  for(i = 0; i < n; i++){
    p = (char*)a[i];
    if(open(p, O_RDONLY) != -1)
      fail("open(0x%x) did not return -1", a[i]);
    if(open(p, O_CREATE | O_RDWR) != -1)
      fail("open(0x%x, O_CREATE) did not return -1", a[i]);
    if(link(p, "vt.x") != -1)
      fail("link(0x%x, ...) did not return -1", a[i]);
    if(link("vt.f", p) != -1)
      fail("link(..., 0x%x) did not return -1", a[i]);
    if(unlink(p) != -1)
      fail("unlink(0x%x) did not return -1", a[i]);
    if(mkdir(p) != -1)
      fail("mkdir(0x%x) did not return -1", a[i]);
    if(chdir(p) != -1)
      fail("chdir(0x%x) did not return -1", a[i]);
    if(mknod(p, 1, 1) != -1)
      fail("mknod(0x%x) did not return -1", a[i]);
    if(exec(p, echoargv) != -1)
      fail("exec(0x%x, ...) did not return -1", a[i]);
    if(exec("/echo", (char**)p) != -1)
      fail("exec(..., argv=0x%x) did not return -1", a[i]);
    argv[0] = "echo";
    argv[1] = p;
    argv[2] = 0;
    if(exec("/echo", argv) != -1)
      fail("exec with argv[1]=0x%x did not return -1", a[i]);
  }
  if(unlink("vt.f") < 0)
    fail("cannot remove vt.f");
}

// Buffers at bad addresses: read, write, fstat and pipe return -1, and
// a failed pipe() leaves no descriptor behind.
static void
badbuf(void)
{
  uint a[NBAD];
  char *p;
  int i, n, fd, pfd[2], low;

  unlink("bb.f");
  makefile("bb.f", 512);
  if((fd = open("bb.f", O_RDWR)) < 0)
    fail("cannot open bb.f");
  if(pipe(pfd) < 0)
    fail("pipe failed");
  low = lowestfd();
  n = badaddrs(a);
  for(i = 0; i < n; i++){
    p = (char*)a[i];
    if(read(fd, p, 10) != -1)
      fail("read(file, 0x%x) did not return -1", a[i]);
    if(write(fd, p, 10) != -1)
      fail("write(file, 0x%x) did not return -1", a[i]);
    // Keep data in the pipe so a read cannot block before it checks.
    if(write(pfd[1], "0123456789", 10) != 10)
      fail("write to pipe failed");
    if(read(pfd[0], p, 10) != -1)
      fail("read(pipe, 0x%x) did not return -1", a[i]);
    if(write(pfd[1], p, 10) != -1)
      fail("write(pipe, 0x%x) did not return -1", a[i]);
    if(write(1, p, 10) != -1)
      fail("write(console, 0x%x) did not return -1", a[i]);
    if(fstat(fd, (struct stat*)p) != -1)
      fail("fstat(0x%x) did not return -1", a[i]);
    if(pipe((int*)p) != -1)
      fail("pipe(0x%x) did not return -1", a[i]);
    if(lowestfd() != low)
      fail("failed pipe(0x%x) left a descriptor open", a[i]);
  }
  close(pfd[0]);
  close(pfd[1]);
  close(fd);
  if(unlink("bb.f") < 0)
    fail("cannot remove bb.f");
}

// Lengths that are negative, wrap around, or run off the end of user
// memory; strings and argv arrays with no end inside user memory.
static void
badlen(void)
{
  char *top, *s;
  char **argv;
  int fd, pfd[2], low;

  unlink("bl.f");
  makefile("bl.f", 512);
  if((fd = open("bl.f", O_RDWR)) < 0)
    fail("cannot open bl.f");
  top = alignbreak();
  if(sbrk(PGSIZE) == (char*)-1)
    fail("sbrk failed");
  top += PGSIZE;  // [top - PGSIZE, top) is ours, [top, ...) is not

  if(read(fd, buf, -1) != -1)
    fail("read with length -1 did not return -1");
  if(write(fd, buf, -1) != -1)
    fail("write with length -1 did not return -1");
  if(read(fd, buf, 0x7fffffff) != -1)
    fail("read with length 0x7fffffff did not return -1");
  if(write(fd, buf, 0x7fffffff) != -1)
    fail("write with length 0x7fffffff did not return -1");
  if(read(fd, top - 8, 16) != -1)
    fail("read running off the heap did not return -1");
  if(write(fd, top - 8, 16) != -1)
    fail("write running off the heap did not return -1");
  if(read(fd, (char*)0xFFFFFFF0, 0x20) != -1)
    fail("read wrapping past 0xFFFFFFFF did not return -1");
  if(write(fd, (char*)0xFFFFFFF0, 0x20) != -1)
    fail("write wrapping past 0xFFFFFFFF did not return -1");
  if(write(fd, (char*)(KERNBASE - 8), 16) != -1)
    fail("write running into the kernel did not return -1");
  if(fstat(fd, (struct stat*)(top - 4)) != -1)
    fail("fstat running off the heap did not return -1");
  low = lowestfd();
  if(pipe((int*)(top - 4)) != -1)
    fail("pipe running off the heap did not return -1");
  if(lowestfd() != low)
    fail("failed pipe left a descriptor open");

  // A path with no NUL before the end of memory.
  s = top - 8;
  memmove(s, "abcdefgh", 8);
  if(open(s, O_RDONLY) != -1)
    fail("open of an unterminated path did not return -1");
  if(open(s, O_CREATE | O_RDWR) != -1)
    fail("create of an unterminated path did not return -1");
  if(mkdir(s) != -1)
    fail("mkdir of an unterminated path did not return -1");
  if(link("bl.f", s) != -1)
    fail("link to an unterminated path did not return -1");
  if(exec(s, echoargv) != -1)
    fail("exec of an unterminated path did not return -1");

  // An argv array with no 0 before the end of memory.
  argv = (char**)(top - 2 * sizeof(char*));
  argv[0] = "echo";
  argv[1] = "ok";
  if(exec("/echo", argv) != -1)
    fail("exec with an unterminated argv did not return -1");

  close(fd);
  if(unlink("bl.f") < 0)
    fail("cannot remove bl.f");
  if(pipe(pfd) < 0)
    fail("pipe failed after the bad calls");
  close(pfd[0]);
  close(pfd[1]);
}

// Descriptors that are out of range or not open give -1.
static void
badfd(void)
{
  static int fds[] = { -1, NOFILE, NOFILE + 1, 1000, 0x7fffffff };
  struct stat st;
  int i, fd, low;

  low = lowestfd();
  for(i = 0; i < NELEM(fds); i++){
    fd = fds[i];
    if(read(fd, buf, 1) != -1)
      fail("read(%d) did not return -1", fd);
    if(write(fd, buf, 1) != -1)
      fail("write(%d) did not return -1", fd);
    if(close(fd) != -1)
      fail("close(%d) did not return -1", fd);
    if(fstat(fd, &st) != -1)
      fail("fstat(%d) did not return -1", fd);
    if(dup(fd) != -1)
      fail("dup(%d) did not return -1", fd);
  }
  if(read(low, buf, 1) != -1)
    fail("read of the closed descriptor %d did not return -1", low);
  if(close(low) != -1)
    fail("close of the closed descriptor %d did not return -1", low);
}

// exec with too many or too big arguments fails and leaves the process
// intact; a big argument list that fits is passed on whole.
#define BIGARGN 16      // arguments in the valid call
#define BIGARGLEN 200   // bytes in each of them

static char bigstr[400];
static char *bigargv[MAXARG + 8];

// Run bigargv in a child with its output going to bigarg.out.
static void
bigargexec(void)
{
  int pid;

  pid = fork();
  if(pid < 0)
    fail("fork failed");
  if(pid == 0){
    close(1);
    if(open("bigarg.out", O_CREATE | O_WRONLY) != 1)
      fail("cannot redirect output to bigarg.out");
    exec("/echo", bigargv);
    fail("exec of /echo with %d arguments of %d bytes failed", BIGARGN,
         BIGARGLEN);
  }
  if(wait() != pid)
    fail("wait did not return the child");
}

static void
bigargtest(void)
{
  struct stat st;
  int i, fd, want;

  memset(bigstr, 'x', sizeof(bigstr) - 1);

  // Too many arguments.
  for(i = 0; i < MAXARG + 4; i++)
    bigargv[i] = "a";
  bigargv[i] = 0;
  if(exec("/echo", bigargv) != -1)
    fail("exec with %d arguments did not return -1", MAXARG + 4);

  // Few enough, but far more bytes than the one-page stack can hold.
  for(i = 0; i < MAXARG - 1; i++)
    bigargv[i] = bigstr;
  bigargv[i] = 0;
  if(exec("/echo", bigargv) != -1)
    fail("exec with %d bytes of arguments did not return -1",
         (MAXARG - 1) * (int)sizeof(bigstr));

  // Big but within bounds: echo must print every byte.
  bigstr[BIGARGLEN] = 0;
  bigargv[0] = "echo";
  for(i = 1; i <= BIGARGN; i++)
    bigargv[i] = bigstr;
  bigargv[i] = 0;
  unlink("bigarg.out");
  bigargexec();

  want = BIGARGN * (BIGARGLEN + 1);  // a space or newline after each
  if((fd = open("bigarg.out", O_RDONLY)) < 0)
    fail("echo left no bigarg.out");
  if(fstat(fd, &st) < 0)
    fail("fstat bigarg.out failed");
  if(st.size != want)
    fail("echo printed %d bytes, expected %d", st.size, want);
  if(read(fd, buf, BIGARGLEN + 1) != BIGARGLEN + 1 ||
     memcmp(buf, bigstr, BIGARGLEN) != 0 || buf[BIGARGLEN] != ' ')
    fail("echo's output does not start with the first argument");
  close(fd);
  if(unlink("bigarg.out") < 0)
    fail("cannot remove bigarg.out");
}

// ---- processes ----------------------------------------------------

// Fork until the process table is full, then reap every child.
static void
forktest(void)
{
  int n, pid;

  for(n = 0; n < 1000; n++){
    pid = fork();
    if(pid < 0)
      break;
    if(pid == 0)
      exit();
  }
  if(n == 0)
    fail("the first fork failed");
  if(n == 1000)
    fail("fork never failed (NPROC is %d)", NPROC);
  for(; n > 0; n--)
    if(wait() < 0)
      fail("wait returned -1 with %d children left", n);
  if(wait() != -1)
    fail("wait found a child that was never forked");
}

// Exit and wait, many times in a row.
static void
exitwait(void)
{
  int i, pid;

  for(i = 0; i < 100; i++){
    pid = fork();
    if(pid < 0)
      fail("fork #%d failed", i);
    if(pid == 0)
      exit();
    if(wait() != pid)
      fail("wait #%d did not return the child", i);
  }
}

// Children that exit while they have children of their own: the
// grandchildren go to init, which must reap them.
static void
reparent(void)
{
  int i, pid, me = getpid();

  for(i = 0; i < 100; i++){
    pid = fork();
    if(pid < 0)
      fail("fork #%d failed", i);
    if(pid == 0){
      if(fork() < 0)
        kill(me);  // the test process dies without reporting success
      exit();
    }
    if(wait() != pid)
      fail("wait #%d did not return the child", i);
  }
}

// malloc until memory runs out, free it all, and malloc again.
static void
mem(void)
{
  void *m, *list = 0;
  int n = 0;

  while((m = malloc(10001)) != 0){
    *(void**)m = list;
    list = m;
    n++;
  }
  if(n == 0)
    fail("the first malloc failed");
  while(list != 0){
    m = *(void**)list;
    free(list);
    list = m;
  }
  if((m = malloc(20 * 1024)) == 0)
    fail("malloc failed after freeing %d blocks", n);
  free(m);
}

// Processes that never give up the CPU are preempted (another process
// gets to run) and can be killed.
static void
preempt(void)
{
  int pid[3], p[2], i, ran, bad = 0;
  char c;

  for(i = 0; i < 2; i++){
    pid[i] = fork();
    if(pid[i] < 0)
      fail("fork failed");
    if(pid[i] == 0)
      for(;;)
        ;
  }
  if(pipe(p) < 0)
    fail("pipe failed");
  pid[2] = fork();
  if(pid[2] < 0)
    fail("fork failed");
  if(pid[2] == 0){
    close(p[0]);
    write(p[1], "x", 1);
    close(p[1]);
    for(;;)
      ;
  }
  close(p[1]);
  ran = read(p[0], &c, 1);
  close(p[0]);
  // Kill the spinners before judging: left alive they would spin forever.
  for(i = 0; i < 3; i++)
    if(kill(pid[i]) < 0)
      bad++;
  for(i = 0; i < 3; i++)
    if(wait() < 0)
      fail("a killed child was not reaped");
  if(ran != 1)
    fail("the third child never ran");
  if(bad)
    fail("kill failed for %d of 3 spinning children", bad);
}

// The kinds of process killstatus kills. Each ends on its own after a
// few seconds, so a kill that does not work fails the test instead of
// hanging it.
#define KILLWAIT 300  // ticks

static int blockpipe[2];

static void
busyloop(void)
{
  int t0 = uptime();

  while(uptime() - t0 < KILLWAIT)
    getpid();
}

static void
sleeper(void)
{
  sleep(KILLWAIT);
}

static void
pipereader(void)
{
  char c;

  close(blockpipe[1]);
  read(blockpipe[0], &c, 1);
}

// Run fn in a child, kill it while fn runs, and check that fn never
// returned. unblock (if not -1) is closed after the kill, so a child that
// the kill missed can finish instead of blocking for ever.
static void
expect_killable(void (*fn)(void), int unblock, char *what)
{
  int p[2], pid, n;
  char c;

  if(pipe(p) < 0)
    fail("pipe failed");
  pid = fork();
  if(pid < 0)
    fail("fork failed");
  if(pid == 0){
    close(p[0]);
    fn();
    write(p[1], "r", 1);
    exit();
  }
  close(p[1]);
  sleep(1);
  if(kill(pid) < 0)
    fail("kill(%d) of %s failed", pid, what);
  if(unblock >= 0)
    close(unblock);
  n = read(p[0], &c, 1);
  close(p[0]);
  if(wait() != pid)
    fail("wait did not return the killed child");
  if(n != 0)
    fail("killing %s did not stop it", what);
}

// kill stops a process in a loop of system calls, one asleep and one
// blocked reading a pipe; kill of a pid that does not exist fails.
static void
killstatus(void)
{
  int i;

  for(i = 0; i < 20; i++)
    expect_killable(busyloop, -1, "a process in a system call loop");
  expect_killable(sleeper, -1, "a sleeping process");
  if(pipe(blockpipe) < 0)
    fail("pipe failed");
  expect_killable(pipereader, blockpipe[1], "a process blocked on a pipe");
  close(blockpipe[0]);
  if(kill(1000000) != -1)
    fail("kill of a pid that does not exist did not return -1");
}

// A pipe carries a stream of numbered bytes, in reads of every size.
#define PIPEN 5
#define PIPESZ 1033

static void
pipewriter(int fd)
{
  int i, j, seq = 0;

  for(i = 0; i < PIPEN; i++){
    for(j = 0; j < PIPESZ; j++)
      buf[j] = seq++;
    if(write(fd, buf, PIPESZ) != PIPESZ)
      fail("pipe write #%d failed", i);
  }
}

static void
pipe1(void)
{
  int p[2], n, i, cc = 1, total = 0, seq = 0;

  if(pipe(p) < 0)
    fail("pipe failed");
  spawn(pipewriter, p[1]);
  close(p[1]);
  while((n = read(p[0], buf, cc)) > 0){
    for(i = 0; i < n; i++)
      if((buf[i] & 0xff) != (seq++ & 0xff))
        fail("byte %d of the stream is wrong", total + i);
    total += n;
    cc *= 2;
    if(cc > sizeof(buf))
      cc = sizeof(buf);
  }
  if(n < 0)
    fail("pipe read failed");
  if(total != PIPEN * PIPESZ)
    fail("read %d bytes from the pipe, expected %d", total, PIPEN * PIPESZ);
  close(p[0]);
  waitall();
}

// ---- file system --------------------------------------------------

// Fail unless the file name exists (want 1) or does not (want 0).
static void
expectfile(char *name, int want)
{
  int fd = open(name, O_RDONLY);

  if(fd >= 0)
    close(fd);
  if(want && fd < 0)
    fail("%s does not exist", name);
  if(!want && fd >= 0)
    fail("%s exists", name);
}

// Remove name, failing the test if that is not possible.
static void
mustunlink(char *name)
{
  if(unlink(name) < 0)
    fail("cannot unlink %s", name);
}

// Many small writes to one file, then read back.
static void
writetest(void)
{
  int fd, i;

  unlink("small");
  if((fd = open("small", O_CREATE | O_RDWR)) < 0)
    fail("cannot create small");
  for(i = 0; i < 100; i++){
    if(write(fd, "aaaaaaaaaa", 10) != 10)
      fail("write #%d of a's failed", i);
    if(write(fd, "bbbbbbbbbb", 10) != 10)
      fail("write #%d of b's failed", i);
  }
  close(fd);
  if((fd = open("small", O_RDONLY)) < 0)
    fail("cannot reopen small");
  if(read(fd, buf, 2000) != 2000)
    fail("cannot read 2000 bytes back");
  for(i = 0; i < 2000; i++)
    if(buf[i] != ((i / 10) % 2 ? 'b' : 'a'))
      fail("byte %d is '%c'", i, buf[i]);
  if(read(fd, buf, 1) != 0)
    fail("read past the end returned data");
  close(fd);
  mustunlink("small");
}

// A file that needs the doubly-indirect block: 1.6 MiB, written in
// 4 KiB pieces, each 512-byte block starting with its own number.
#define BIGBLOCKS 3200
#define PERWRITE 8

static void
writetest1(void)
{
  struct stat st;
  int fd, i, j, b;

  unlink("big");
  if((fd = open("big", O_CREATE | O_RDWR)) < 0)
    fail("cannot create big");
  for(i = 0; i < BIGBLOCKS; i += PERWRITE){
    for(j = 0; j < PERWRITE; j++){
      memset(buf + j * BSIZE, i + j, BSIZE);
      ((int*)(buf + j * BSIZE))[0] = i + j;
    }
    if(write(fd, buf, PERWRITE * BSIZE) != PERWRITE * BSIZE)
      fail("write of blocks %d..%d failed", i, i + PERWRITE - 1);
  }
  if(fstat(fd, &st) < 0 || st.size != BIGBLOCKS * BSIZE)
    fail("size is %d, expected %d", st.size, BIGBLOCKS * BSIZE);
  close(fd);

  if((fd = open("big", O_RDONLY)) < 0)
    fail("cannot reopen big");
  for(b = 0; b < BIGBLOCKS; b++){
    if(read(fd, buf, BSIZE) != BSIZE)
      fail("read of block %d failed", b);
    if(((int*)buf)[0] != b)
      fail("block %d holds block %d's number", b, ((int*)buf)[0]);
    for(j = sizeof(int); j < BSIZE; j++)
      if(buf[j] != (char)b)
        fail("block %d byte %d is wrong", b, j);
  }
  if(read(fd, buf, 1) != 0)
    fail("read past the end returned data");
  close(fd);
  mustunlink("big");
}

// An 8 MiB file, nearly the largest there can be, in 8 KiB chunks;
// then writing on past MAXFILE must fail instead of corrupting anything.
#define HUGECHUNK 8192
#define HUGECHUNKS 1024

static uint
hugeword(int chunk, int i)
{
  return (chunk * (HUGECHUNK / 4) + i) * 2654435761u;
}

static void
hugefile(void)
{
  struct stat st;
  uint *w = (uint*)buf;
  int fd, c, i, n, extra;

  unlink("huge");
  if((fd = open("huge", O_CREATE | O_RDWR)) < 0)
    fail("cannot create huge");
  for(c = 0; c < HUGECHUNKS; c++){
    for(i = 0; i < HUGECHUNK / 4; i++)
      w[i] = hugeword(c, i);
    if((n = write(fd, buf, HUGECHUNK)) != HUGECHUNK)
      fail("write of chunk %d returned %d", c, n);
  }
  for(extra = 0; extra < 100; extra++)
    if(write(fd, buf, HUGECHUNK) != HUGECHUNK)
      break;
  if(extra == 100)
    fail("writes beyond MAXFILE blocks kept succeeding");
  if(fstat(fd, &st) < 0)
    fail("fstat failed");
  if(st.size < HUGECHUNKS * HUGECHUNK || st.size > MAXFILE * BSIZE)
    fail("size is %d, expected %d to %d", st.size, HUGECHUNKS * HUGECHUNK,
         MAXFILE * BSIZE);
  close(fd);

  if((fd = open("huge", O_RDONLY)) < 0)
    fail("cannot reopen huge");
  for(c = 0; c < HUGECHUNKS; c++){
    if((n = read(fd, buf, HUGECHUNK)) != HUGECHUNK)
      fail("read of chunk %d returned %d", c, n);
    for(i = 0; i < HUGECHUNK / 4; i++)
      if(w[i] != hugeword(c, i))
        fail("chunk %d word %d is wrong", c, i);
  }
  close(fd);
  mustunlink("huge");
}

// Writes of many sizes, up to more than one log transaction holds.
static void
bigwrite(void)
{
  int fd, sz, i;

  for(sz = 499; sz < (MAXOPBLOCKS + 2) * BSIZE; sz += 471){
    unlink("bigwrite");
    if((fd = open("bigwrite", O_CREATE | O_RDWR)) < 0)
      fail("cannot create bigwrite");
    for(i = 0; i < 2; i++)
      if(write(fd, buf, sz) != sz)
        fail("write of %d bytes failed", sz);
    close(fd);
    mustunlink("bigwrite");
  }
}

// Writes of 600 bytes read back in pieces of 300.
#define BFCHUNKS 20

static void
bigfile(void)
{
  int fd, i, j, total = 0;

  unlink("bigfile");
  if((fd = open("bigfile", O_CREATE | O_RDWR)) < 0)
    fail("cannot create bigfile");
  for(i = 0; i < BFCHUNKS; i++){
    memset(buf, i, 600);
    if(write(fd, buf, 600) != 600)
      fail("write #%d failed", i);
  }
  close(fd);
  if((fd = open("bigfile", O_RDONLY)) < 0)
    fail("cannot reopen bigfile");
  for(i = 0; ; i++){
    j = read(fd, buf, 300);
    if(j < 0)
      fail("read #%d failed", i);
    if(j == 0)
      break;
    if(j != 300)
      fail("read #%d returned %d bytes", i, j);
    for(j = 0; j < 300; j++)
      if(buf[j] != i / 2)
        fail("read #%d byte %d is wrong", i, j);
    total += 300;
  }
  close(fd);
  if(total != BFCHUNKS * 600)
    fail("read %d bytes, expected %d", total, BFCHUNKS * 600);
  mustunlink("bigfile");
}

// Many files created, then removed.
#define NCREATE 52

static void
createtest(void)
{
  char name[3];
  int i, fd;

  name[0] = 'a';
  name[2] = 0;
  for(i = 0; i < NCREATE; i++){
    name[1] = '0' + i;
    if((fd = open(name, O_CREATE | O_RDWR)) < 0)
      fail("cannot create %s", name);
    close(fd);
  }
  for(i = 0; i < NCREATE; i++){
    name[1] = '0' + i;
    mustunlink(name);
  }
}

// Four processes, each writing its own file at the same time.
#define FFWRITES 12
#define FFSIZE 500

static void
fourfiles_worker(int id)
{
  char name[3] = { 'f', '0' + id, 0 };
  int fd, i;

  if((fd = open(name, O_CREATE | O_RDWR)) < 0)
    fail("cannot create %s", name);
  memset(buf, '0' + id, FFSIZE);
  for(i = 0; i < FFWRITES; i++)
    if(write(fd, buf, FFSIZE) != FFSIZE)
      fail("write #%d to %s failed", i, name);
  close(fd);
}

static void
fourfiles(void)
{
  char name[3] = { 'f', '0', 0 };
  int id, fd, n, i, total;

  for(id = 0; id < 4; id++){
    name[1] = '0' + id;
    unlink(name);
    spawn(fourfiles_worker, id);
  }
  waitall();
  for(id = 0; id < 4; id++){
    name[1] = '0' + id;
    if((fd = open(name, O_RDONLY)) < 0)
      fail("cannot open %s", name);
    total = 0;
    while((n = read(fd, buf, sizeof(buf))) > 0){
      for(i = 0; i < n; i++)
        if(buf[i] != '0' + id)
          fail("%s byte %d is '%c'", name, total + i, buf[i]);
      total += n;
    }
    close(fd);
    if(total != FFWRITES * FFSIZE)
      fail("%s has %d bytes, expected %d", name, total, FFWRITES * FFSIZE);
    mustunlink(name);
  }
}

// Four processes create files and remove half of them concurrently.
#define CDN 20

static void
createdelete_worker(int id)
{
  char name[3] = { 'p' + id, 0, 0 };
  int i, fd;

  for(i = 0; i < CDN; i++){
    name[1] = '0' + i;
    if((fd = open(name, O_CREATE | O_RDWR)) < 0)
      fail("cannot create %s", name);
    close(fd);
    if(i > 0 && i % 2 == 0){
      name[1] = '0' + i / 2;
      mustunlink(name);
    }
  }
}

static void
createdelete(void)
{
  char name[3] = { 0, 0, 0 };
  int id, i;

  for(id = 0; id < 4; id++)
    spawn(createdelete_worker, id);
  waitall();
  for(i = 0; i < CDN; i++){
    for(id = 0; id < 4; id++){
      name[0] = 'p' + id;
      name[1] = '0' + i;
      // Worker steps 2, 4, .. 18 removed files 1 .. 9.
      expectfile(name, i == 0 || i >= CDN / 2);
      if(i == 0 || i >= CDN / 2)
        mustunlink(name);
    }
  }
}

// Two processes write through one shared file descriptor (one offset).
#define SFDWRITES 500
static int sharedfd_fd;

static void
sharedfd_writer(int c)
{
  char b[10];
  int i;

  memset(b, c, sizeof(b));
  for(i = 0; i < SFDWRITES; i++)
    if(write(sharedfd_fd, b, sizeof(b)) != sizeof(b))
      fail("write #%d of '%c' failed", i, c);
}

static void
sharedfd(void)
{
  int fd, n, i, nc = 0, np = 0;

  unlink("sharedfd");
  if((sharedfd_fd = open("sharedfd", O_CREATE | O_RDWR)) < 0)
    fail("cannot create sharedfd");
  spawn(sharedfd_writer, 'c');
  sharedfd_writer('p');
  waitall();
  close(sharedfd_fd);
  if((fd = open("sharedfd", O_RDONLY)) < 0)
    fail("cannot reopen sharedfd");
  while((n = read(fd, buf, sizeof(buf))) > 0){
    for(i = 0; i < n; i++){
      if(buf[i] == 'c')
        nc++;
      else if(buf[i] == 'p')
        np++;
      else
        fail("stray byte %d in sharedfd", buf[i]);
    }
  }
  close(fd);
  if(nc != SFDWRITES * 10 || np != SFDWRITES * 10)
    fail("found %d c's and %d p's, expected %d of each", nc, np,
         SFDWRITES * 10);
  mustunlink("sharedfd");
}

// Two processes race to create, link and remove the same names; the
// directory must end up with each name exactly once, then none.
#define CCN 40

static char ccname[3] = { 'C', 0, 0 };

static void
concreate_make(int i)
{
  int fd;

  ccname[1] = '0' + i;
  if(i % 5 == 1 && link("C0", ccname) == 0)
    return;
  if((fd = open(ccname, O_CREATE | O_RDWR)) < 0)
    fail("cannot create %s", ccname);
  close(fd);
}

static void
concreate_drop(int i)
{
  int k, fd;

  ccname[1] = '0' + i;
  for(k = 0; k < 4; k++){
    if(i % 3 == 0){
      if((fd = open(ccname, O_RDONLY)) >= 0)
        close(fd);
    } else {
      unlink(ccname);
    }
  }
}

static void
concreate(void)
{
  static char seen[CCN];
  struct dirent de;
  int i, fd, n;

  for(i = 0; i < CCN; i++){
    ccname[1] = '0' + i;
    unlink(ccname);
  }
  for(i = 0; i < CCN; i++){
    spawn(concreate_make, i);
    ccname[1] = '0' + i;
    if(i % 3 == 1)
      link("C0", ccname);
    else
      concreate_make(i);
    waitall();
  }

  if((fd = open(".", O_RDONLY)) < 0)
    fail("cannot open .");
  n = 0;
  while(read(fd, &de, sizeof(de)) == sizeof(de)){
    if(de.inum == 0 || de.name[0] != 'C' || de.name[2] != 0)
      continue;
    i = de.name[1] - '0';
    if(i < 0 || i >= CCN)
      fail("unexpected file %s", de.name);
    if(seen[i])
      fail("%s appears twice in the directory", de.name);
    seen[i] = 1;
    n++;
  }
  close(fd);
  if(n != CCN)
    fail("found %d of the %d files", n, CCN);

  // One side removes each name while the other opens it or removes it.
  for(i = 0; i < CCN; i++){
    spawn(concreate_drop, i);
    ccname[1] = '0' + i;
    if(i % 3 == 0){
      for(n = 0; n < 4; n++)
        unlink(ccname);
    } else {
      concreate_drop(i);
    }
    waitall();
  }
  for(i = 0; i < CCN; i++){
    ccname[1] = '0' + i;
    expectfile(ccname, 0);
  }
}

// Two processes create, link and unlink one name at random.
static void
linkunlink_worker(int seed)
{
  uint x = seed;
  int i, fd;

  for(i = 0; i < 100; i++){
    x = x * 1103515245 + 12345;
    switch((x >> 16) % 3){
    case 0:
      if((fd = open("lu.x", O_CREATE | O_RDWR)) >= 0)
        close(fd);
      break;
    case 1:
      link("lu.f", "lu.x");
      break;
    default:
      unlink("lu.x");
      break;
    }
  }
}

static void
linkunlink(void)
{
  unlink("lu.x");
  unlink("lu.f");
  makefile("lu.f", 10);
  spawn(linkunlink_worker, 1);
  linkunlink_worker(97);
  waitall();
  unlink("lu.x");
  mustunlink("lu.f");
}

// A file removed while open stays readable and writable through the
// open descriptor; a new file of the same name is a different file.
static void
unlinkread(void)
{
  int fd, fd1;

  unlink("unlinkread");
  if((fd = open("unlinkread", O_CREATE | O_RDWR)) < 0)
    fail("cannot create unlinkread");
  write(fd, "hello", 5);
  close(fd);

  if((fd = open("unlinkread", O_RDWR)) < 0)
    fail("cannot reopen unlinkread");
  mustunlink("unlinkread");
  if((fd1 = open("unlinkread", O_CREATE | O_RDWR)) < 0)
    fail("cannot create unlinkread again");
  write(fd1, "yyy", 3);
  close(fd1);

  if(read(fd, buf, sizeof(buf)) != 5)
    fail("the removed file did not read back 5 bytes");
  if(buf[0] != 'h')
    fail("the removed file reads back the new file's data");
  if(write(fd, buf, 10) != 10)
    fail("cannot write to the removed file");
  close(fd);
  mustunlink("unlinkread");
}

// Hard links: a second name, link count rules, no links to directories.
static void
linktest(void)
{
  int fd;

  unlink("lf1");
  unlink("lf2");
  if((fd = open("lf1", O_CREATE | O_RDWR)) < 0)
    fail("cannot create lf1");
  if(write(fd, "hello", 5) != 5)
    fail("cannot write lf1");
  close(fd);

  if(link("lf1", "lf2") < 0)
    fail("link lf1 lf2 failed");
  mustunlink("lf1");
  expectfile("lf1", 0);
  if((fd = open("lf2", O_RDONLY)) < 0)
    fail("cannot open lf2");
  if(read(fd, buf, sizeof(buf)) != 5 || memcmp(buf, "hello", 5) != 0)
    fail("lf2 does not hold lf1's data");
  close(fd);

  if(link("lf2", "lf2") >= 0)
    fail("link lf2 lf2 succeeded");
  mustunlink("lf2");
  if(link("lf2", "lf1") >= 0)
    fail("link to a removed file succeeded");
  if(link(".", "lf1") >= 0)
    fail("link to a directory succeeded");
}

// A process opens a directory for writing while another removes it.
static void
openiput_open(int unused)
{
  int fd;

  if((fd = open("oidir", O_RDWR)) >= 0)
    fail("opened a directory for writing");
}

static void
openiputtest(void)
{
  unlink("oidir");
  if(mkdir("oidir") < 0)
    fail("mkdir oidir failed");
  spawn(openiput_open, 0);
  sleep(1);
  mustunlink("oidir");
  waitall();
}

// A process exits while its current directory is already removed.
static void
exitiput_child(int unused)
{
  if(mkdir("iputdir") < 0)
    fail("mkdir failed");
  if(chdir("iputdir") < 0)
    fail("chdir iputdir failed");
  if(unlink("../iputdir") < 0)
    fail("unlink ../iputdir failed");
}

static void
exitiputtest(void)
{
  unlink("iputdir");
  spawn(exitiput_child, 0);
  waitall();
  expectfile("iputdir", 0);
}

// Removing the current directory, then leaving it.
static void
iputtest(void)
{
  unlink("iputdir");
  if(mkdir("iputdir") < 0)
    fail("mkdir failed");
  if(chdir("iputdir") < 0)
    fail("chdir iputdir failed");
  if(unlink("../iputdir") < 0)
    fail("unlink ../iputdir failed");
  if(chdir("/") < 0)
    fail("chdir / failed");
}

// . and .. cannot be removed.
static void
rmdot(void)
{
  unlink("dots");
  if(mkdir("dots") != 0)
    fail("mkdir dots failed");
  if(chdir("dots") != 0)
    fail("chdir dots failed");
  if(unlink(".") == 0)
    fail("unlink . succeeded");
  if(unlink("..") == 0)
    fail("unlink .. succeeded");
  if(chdir("..") != 0)
    fail("chdir .. failed");
  if(unlink("dots/.") == 0)
    fail("unlink dots/. succeeded");
  if(unlink("dots/..") == 0)
    fail("unlink dots/.. succeeded");
  mustunlink("dots");
}

// Names longer than DIRSIZ (14) are cut to DIRSIZ characters.
static void
fourteen(void)
{
  int fd;

  unlink("12345678901234/12345678901234/12345678901234");
  unlink("12345678901234/12345678901234");
  unlink("12345678901234");

  if(mkdir("12345678901234") != 0)
    fail("mkdir 12345678901234 failed");
  if(mkdir("12345678901234/123456789012345") != 0)
    fail("mkdir 12345678901234/123456789012345 failed");
  fd = open("123456789012345/123456789012345/123456789012345", O_CREATE);
  if(fd < 0)
    fail("create 123456789012345/123456789012345/123456789012345 failed");
  close(fd);
  if((fd = open("12345678901234/12345678901234/12345678901234", 0)) < 0)
    fail("open 12345678901234/12345678901234/12345678901234 failed");
  close(fd);
  if(mkdir("12345678901234/12345678901234") == 0)
    fail("mkdir 12345678901234/12345678901234 succeeded twice");
  if(mkdir("123456789012345/12345678901234") == 0)
    fail("mkdir 123456789012345/12345678901234 succeeded twice");

  mustunlink("12345678901234/12345678901234/12345678901234");
  mustunlink("12345678901234/12345678901234");
  mustunlink("12345678901234");
}

// Directories: nested paths, .., and every way to misuse them.
static void
subdir(void)
{
  int fd;

  unlink("ff");
  unlink("dd/dd/ffff");
  unlink("dd/dd/ff");
  unlink("dd/ff");
  unlink("dd/dd");
  unlink("dd");

  if(mkdir("dd") != 0)
    fail("mkdir dd failed");
  if((fd = open("dd/ff", O_CREATE | O_RDWR)) < 0)
    fail("create dd/ff failed");
  write(fd, "ff", 2);
  close(fd);
  if(unlink("dd") >= 0)
    fail("unlink of the non-empty dd succeeded");

  if(mkdir("/dd/dd") != 0)
    fail("mkdir /dd/dd failed");
  if((fd = open("dd/dd/ff", O_CREATE | O_RDWR)) < 0)
    fail("create dd/dd/ff failed");
  write(fd, "FF", 2);
  close(fd);
  if((fd = open("dd/dd/../ff", 0)) < 0)
    fail("open dd/dd/../ff failed");
  if(read(fd, buf, sizeof(buf)) != 2 || buf[0] != 'f')
    fail("dd/dd/../ff has the wrong contents");
  close(fd);

  if(link("dd/dd/ff", "dd/dd/ffff") != 0)
    fail("link dd/dd/ff dd/dd/ffff failed");
  mustunlink("dd/dd/ff");
  expectfile("dd/dd/ff", 0);

  if(chdir("dd") != 0)
    fail("chdir dd failed");
  if(chdir("dd/../../dd") != 0)
    fail("chdir dd/../../dd failed");
  if(chdir("dd/../../../dd") != 0)
    fail("chdir dd/../../../dd failed");
  if(chdir("./..") != 0)
    fail("chdir ./.. failed");

  if((fd = open("dd/dd/ffff", 0)) < 0)
    fail("open dd/dd/ffff failed");
  if(read(fd, buf, sizeof(buf)) != 2 || buf[0] != 'F')
    fail("dd/dd/ffff has the wrong contents");
  close(fd);
  expectfile("dd/dd/ff", 0);

  if(open("dd/ff/ff", O_CREATE | O_RDWR) >= 0)
    fail("create dd/ff/ff (inside a file) succeeded");
  if(open("dd/xx/ff", O_CREATE | O_RDWR) >= 0)
    fail("create dd/xx/ff (missing directory) succeeded");
  if(open("dd", O_CREATE) >= 0)
    fail("create dd (a directory) succeeded");
  if(open("dd", O_RDWR) >= 0)
    fail("open dd for reading and writing succeeded");
  if(open("dd", O_WRONLY) >= 0)
    fail("open dd for writing succeeded");
  if(link("dd/ff/ff", "dd/dd/xx") == 0)
    fail("link dd/ff/ff dd/dd/xx succeeded");
  if(link("dd/xx/ff", "dd/dd/xx") == 0)
    fail("link dd/xx/ff dd/dd/xx succeeded");
  if(link("dd/ff", "dd/dd/ffff") == 0)
    fail("link onto the existing dd/dd/ffff succeeded");
  if(mkdir("dd/ff/ff") == 0)
    fail("mkdir dd/ff/ff succeeded");
  if(mkdir("dd/xx/ff") == 0)
    fail("mkdir dd/xx/ff succeeded");
  if(mkdir("dd/dd/ffff") == 0)
    fail("mkdir over the existing dd/dd/ffff succeeded");
  if(unlink("dd/xx/ff") == 0)
    fail("unlink dd/xx/ff succeeded");
  if(unlink("dd/ff/ff") == 0)
    fail("unlink dd/ff/ff succeeded");
  if(chdir("dd/ff") == 0)
    fail("chdir into the file dd/ff succeeded");
  if(chdir("dd/xx") == 0)
    fail("chdir into the missing dd/xx succeeded");

  mustunlink("dd/dd/ffff");
  mustunlink("dd/ff");
  if(unlink("dd") == 0)
    fail("unlink of the non-empty dd succeeded");
  mustunlink("dd/dd");
  mustunlink("dd");
}

// A plain file used as if it were a directory, and a directory used as
// if it were a plain file.
static void
dirfile(void)
{
  int fd;

  unlink("dirfile");
  makefile("dirfile", 0);
  if(chdir("dirfile") == 0)
    fail("chdir into a file succeeded");
  if((fd = open("dirfile/xx", 0)) >= 0)
    fail("open dirfile/xx succeeded");
  if((fd = open("dirfile/xx", O_CREATE)) >= 0)
    fail("create dirfile/xx succeeded");
  if(mkdir("dirfile/xx") == 0)
    fail("mkdir dirfile/xx succeeded");
  if(unlink("dirfile/xx") == 0)
    fail("unlink dirfile/xx succeeded");
  if(link("dirfile", "dirfile/xx") == 0)
    fail("link into dirfile/xx succeeded");
  mustunlink("dirfile");

  if(open(".", O_RDWR) >= 0)
    fail("open . for writing succeeded");
  if((fd = open(".", O_RDONLY)) < 0)
    fail("open . failed");
  if(write(fd, "x", 1) > 0)
    fail("write to a directory succeeded");
  close(fd);
}

// More nested directories than the inode cache has slots, with failing
// calls at each level that must not leak inode references.
#define IREFN (NINODE + 1)

static void
iref(void)
{
  int i, fd;

  unlink("/iref.f");
  makefile("/iref.f", 0);
  for(i = 0; i < IREFN; i++){
    if(mkdir("irefd") != 0)
      fail("mkdir irefd at depth %d failed", i);
    if(chdir("irefd") != 0)
      fail("chdir irefd at depth %d failed", i);
    if(mkdir("") == 0)
      fail("mkdir of an empty name succeeded");
    if(link("/iref.f", "") == 0)
      fail("link to an empty name succeeded");
    if((fd = open("", O_CREATE)) >= 0)
      fail("create of an empty name succeeded");
    if((fd = open("xx", O_CREATE)) >= 0)
      close(fd);
    unlink("xx");
  }
  for(i = 0; i < IREFN; i++){
    if(chdir("..") != 0)
      fail("chdir .. failed");
    if(unlink("irefd") != 0)
      fail("unlink irefd at depth %d failed", IREFN - 1 - i);
  }
  mustunlink("/iref.f");
}

// A directory with hundreds of entries, all links to one file.
#define BIGDIRN 500

static void
bigdir_name(char *name, int i)
{
  name[0] = 'x';
  name[1] = '0' + i / 64;
  name[2] = '0' + i % 64;
  name[3] = 0;
}

static void
bigdir(void)
{
  char name[4];
  struct stat st;
  int i;

  unlink("bd");
  makefile("bd", 0);
  for(i = 0; i < BIGDIRN; i++){
    bigdir_name(name, i);
    unlink(name);
    if(link("bd", name) != 0)
      fail("link bd %s (#%d) failed", name, i);
  }
  if(stat("bd", &st) < 0 || st.nlink != BIGDIRN + 1)
    fail("bd has %d links, expected %d", st.nlink, BIGDIRN + 1);
  mustunlink("bd");
  for(i = 0; i < BIGDIRN; i++){
    bigdir_name(name, i);
    if(unlink(name) != 0)
      fail("unlink %s (#%d) failed", name, i);
  }
}

// ---- kmalloc test calls (issue 4) -----------------------------------
//
// For user/usertests.c (H6, to be merged by the integrator). These tests
// exercise kmalloc/kmfree/kmstat through the test system calls: every
// size, distinct addresses, reuse, the 64-object limit, rejected bad and
// double frees (never a panic), and that exit gives everything back.
// They use only fail(), the system calls in user.h, and KERNBASE,
// KMALLOC_MAX, KMUSER_MAX and PGROUNDUP from the contract headers that
// usertests.c already includes (memlayout.h, param.h, mmu.h). All helpers
// are static and prefixed km so they cannot clash with the rest of the
// file. Each test restores the kmalloc statistics it started from.

// The class index kmalloc uses for n bytes: the smallest 16 << i >= n.
static int
kmclassof(uint n)
{
  int i = 0;

  while((16u << i) < n)
    i++;
  return i;
}

static void
kmgetstat(struct kmstat *st)
{
  if(kmstat(st) < 0)
    fail("kmstat failed");
}

static int
kmsamestat(struct kmstat *a, struct kmstat *b)
{
  int i;

  if(a->bytes != b->bytes || a->pages != b->pages)
    return 0;
  for(i = 0; i < KM_NCLASS; i++)
    if(a->live[i] != b->live[i])
      return 0;
  return 1;
}

// Fail unless the statistics equal *want. A process that just exited may
// still be on its way out on another CPU, so allow it a little time.
static void
kmexpectstat(struct kmstat *want, char *when)
{
  struct kmstat now;
  int t, i;

  for(t = 0; ; t++){
    kmgetstat(&now);
    if(kmsamestat(&now, want))
      return;
    if(t == 50)
      break;
    sleep(1);
  }
  if(now.bytes != want->bytes)
    fail("%s: kmalloc bytes in use %d, expected %d", when, now.bytes,
         want->bytes);
  if(now.pages != want->pages)
    fail("%s: kmalloc holds %d pages, expected %d", when, now.pages,
         want->pages);
  for(i = 0; i < KM_NCLASS; i++)
    if(now.live[i] != want->live[i])
      fail("%s: %d live objects of %d bytes, expected %d", when,
           now.live[i], now.size[i], want->live[i]);
}

static void
kmfreeok(void *p, char *what)
{
  if(kmfree(p) != 0)
    fail("kmfree(%p) of %s returned -1", p, what);
}

static void
kmfreebad(void *p, char *what)
{
  if(kmfree(p) != -1)
    fail("kmfree(%p) of %s did not return -1", p, what);
}

// Every size 1..4096: a kernel address aligned to its class, counted in
// the right class while live, and gone from the statistics once freed.
static void
kmallsizes(void)
{
  struct kmstat start, st;
  uint n, size;
  char *p;
  int c;

  kmgetstat(&start);
  for(n = 1; n <= KMALLOC_MAX; n++){
    c = kmclassof(n);
    size = start.size[c];
    if(size != 16u << c)
      fail("class %d has size %d, expected %d", c, size, 16 << c);
    if((p = kmalloc(n)) == 0)
      fail("kmalloc(%d) returned 0", n);
    if((uint)p < KERNBASE)
      fail("kmalloc(%d) = %p is not a kernel address", n, p);
    if((uint)p % size != 0)
      fail("kmalloc(%d) = %p is not aligned to %d", n, p, size);
    kmgetstat(&st);
    if(st.live[c] != start.live[c] + 1 || st.bytes != start.bytes + size)
      fail("kmalloc(%d): class %d has %d live (was %d), bytes %d (was %d)",
           n, size, st.live[c], start.live[c], st.bytes, start.bytes);
    kmfreeok(p, "a fresh object");
  }
  kmexpectstat(&start, "after all sizes");
}

// 64 live objects of mixed sizes: non-zero, distinct, not overlapping.
static void
kmdistinct(void)
{
  static char *p[KMUSER_MAX];
  static uint sz[KMUSER_MAX];
  struct kmstat start;
  int i, j;

  kmgetstat(&start);
  for(i = 0; i < KMUSER_MAX; i++){
    sz[i] = start.size[kmclassof((i * 677) % KMALLOC_MAX + 1)];
    if((p[i] = kmalloc((i * 677) % KMALLOC_MAX + 1)) == 0)
      fail("allocation %d returned 0", i);
    if((uint)p[i] < KERNBASE)
      fail("allocation %d = %p is not a kernel address", i, p[i]);
  }
  for(i = 0; i < KMUSER_MAX; i++)
    for(j = i + 1; j < KMUSER_MAX; j++)
      if(p[i] < p[j] + sz[j] && p[j] < p[i] + sz[i])
        fail("objects %p (%d bytes) and %p (%d bytes) overlap", p[i], sz[i],
             p[j], sz[j]);
  for(i = 0; i < KMUSER_MAX; i++)
    kmfreeok(p[i], "a live object");
  kmexpectstat(&start, "after 64 objects");
}

// A freed object is handed out again, and memory does not grow over
// rounds of allocating and freeing.
static void
kmreuse(void)
{
  static char *p[KMUSER_MAX];
  struct kmstat start;
  char *a, *b;
  int i, round, reused = 0;

  kmgetstat(&start);
  for(i = 0; i < 10 && !reused; i++){
    a = kmalloc(100);
    kmfreeok(a, "a fresh object");
    b = kmalloc(100);
    kmfreeok(b, "a fresh object");
    reused = a == b;
  }
  if(!reused)
    fail("a freed 100-byte object is never the next one handed out");
  for(round = 0; round < 20; round++){
    for(i = 0; i < KMUSER_MAX; i++)
      if((p[i] = kmalloc(i % 2 ? 2048 : 48)) == 0)
        fail("round %d: allocation %d returned 0", round, i);
    for(i = 0; i < KMUSER_MAX; i++)
      kmfreeok(p[i], "a live object");
    kmexpectstat(&start, "after a round of 64 allocations");
  }
}

// Frees of anything but a live object of this process return -1, and
// leave the statistics alone.
static void
kmbadfree(void)
{
  static uint kaddrs[] = {
    KERNBASE, KERNBASE + 0x100000, KERNBASE + 0x400000, 0xFE000000,
    0xFFFFF000, 0xFFFFFFF0, 0xFFFFFFFF,
  };
  struct kmstat start, held;
  char *p, *page, local;
  uint x;
  int i;

  kmgetstat(&start);
  kmfreebad(0, "0");
  kmfreebad((void*)0x1000, "a user address");
  kmfreebad(&local, "a stack address");
  kmfreebad(sbrk(0), "the break");
  kmfreebad((void*)(MMAPBASE), "the mmap area");
  for(i = 0; i < NELEM(kaddrs); i++)
    kmfreebad((void*)kaddrs[i], "a kernel address not handed out");

  p = kmalloc(64);
  page = kmalloc(KMALLOC_MAX);
  if(p == 0 || page == 0)
    fail("kmalloc returned 0");
  kmgetstat(&held);
  kmfreebad(p + 1, "a pointer one byte into an object");
  kmfreebad(p + 16, "a pointer 16 bytes into an object");
  kmfreebad(p + 64, "the next object, not ours");
  kmfreebad(p - 64, "the previous object, not ours");
  kmfreebad(page + 16, "a pointer into a whole-page object");
  kmfreebad(page + PGSIZE, "the page after ours");
  // Pseudo-random 32-bit values: none is ours, so none may be freed.
  x = 12345;
  for(i = 0; i < 2000; i++){
    x = x * 1103515245 + 12345;
    if((char*)x != p && (char*)x != page)
      kmfreebad((void*)x, "a random address");
  }
  kmexpectstat(&held, "after rejected frees");
  kmfreeok(p, "a live object");
  kmfreebad(p, "an object already freed");
  kmfreeok(page, "a live page");
  kmfreebad(page, "a page already freed");
  kmexpectstat(&start, "after bad frees");
}

// A process cannot free another's object, in either direction, and
// exiting frees only what the exiting process held.
static void
kmotherproc(void)
{
  struct kmstat start, mine;
  int up[2], down[2], pid;
  char *p, *theirs, c;

  kmgetstat(&start);
  if((p = kmalloc(200)) == 0)
    fail("kmalloc(200) returned 0");
  kmgetstat(&mine);
  if(pipe(up) < 0 || pipe(down) < 0)
    fail("pipe failed");
  pid = fork();
  if(pid < 0)
    fail("fork failed");
  if(pid == 0){
    close(up[0]);
    close(down[1]);
    kmfreebad(p, "the parent's object, from the child");
    if((theirs = kmalloc(300)) == 0)
      fail("child: kmalloc(300) returned 0");
    write(up[1], &theirs, sizeof(theirs));
    read(down[0], &c, 1);     // hold it until the parent has tried
    exit();                   // and let exit free it
  }
  close(up[1]);
  close(down[0]);
  if(read(up[0], &theirs, sizeof(theirs)) != sizeof(theirs))
    fail("the child did not report its object");
  kmfreebad(theirs, "the child's live object, from the parent");
  write(down[1], "x", 1);
  close(up[0]);
  close(down[1]);
  if(wait() != pid)
    fail("wait did not return the child");
  kmfreebad(theirs, "the exited child's object, from the parent");
  kmexpectstat(&mine, "after the child exited");
  kmfreeok(p, "the parent's own object");
  kmexpectstat(&start, "at the end");
}

// n == 0 and n > KMALLOC_MAX give 0 and allocate nothing.
static void
kmzero(void)
{
  static uint bad[] = { 0, KMALLOC_MAX + 1, 8192, 0x7FFFFFFF, 0x80000000,
                        0xFFFFFFFF };
  struct kmstat start;
  char *p;
  int i;

  kmgetstat(&start);
  for(i = 0; i < NELEM(bad); i++)
    if((p = kmalloc(bad[i])) != 0)
      fail("kmalloc(%d) returned %p, not 0", bad[i], p);
  kmexpectstat(&start, "after refused requests");
  if((p = kmalloc(KMALLOC_MAX)) == 0)
    fail("kmalloc(%d) returned 0", KMALLOC_MAX);
  kmfreeok(p, "a whole page");
  kmexpectstat(&start, "at the end");
}

// A process holds at most KMUSER_MAX objects; one more returns 0 and
// takes nothing, and a free makes room again.
static void
kmlimit(void)
{
  static char *p[KMUSER_MAX];
  struct kmstat start, full;
  char *q;
  int i;

  kmgetstat(&start);
  for(i = 0; i < KMUSER_MAX; i++)
    if((p[i] = kmalloc(i % 3 == 0 ? KMALLOC_MAX : 24)) == 0)
      fail("allocation %d of %d returned 0", i + 1, KMUSER_MAX);
  kmgetstat(&full);
  if((q = kmalloc(24)) != 0)
    fail("allocation %d returned %p, not 0", KMUSER_MAX + 1, q);
  if((q = kmalloc(KMALLOC_MAX)) != 0)
    fail("allocation %d (a page) returned %p, not 0", KMUSER_MAX + 1, q);
  kmexpectstat(&full, "after refused allocations");
  kmfreeok(p[10], "a live object");
  if((p[10] = kmalloc(24)) == 0)
    fail("no allocation after a free made room");
  if((q = kmalloc(24)) != 0)
    fail("allocation past the limit returned %p after refilling", q);
  for(i = 0; i < KMUSER_MAX; i++)
    kmfreeok(p[i], "a live object");
  kmexpectstat(&start, "at the end");
}

// Allocate the whole allowance, of every class, and keep it.
static void
kmhold(void)
{
  int i;

  for(i = 0; i < KMUSER_MAX; i++)
    if(kmalloc((16 << (i % KM_NCLASS)) - i % 7) == 0)
      fail("child: allocation %d returned 0", i);
}

// exit frees everything a process still holds: one child, then several
// at once.
static void
kmexit(void)
{
  struct kmstat start;
  int i, pid, n = 4;

  kmgetstat(&start);
  pid = fork();
  if(pid < 0)
    fail("fork failed");
  if(pid == 0){
    kmhold();
    exit();
  }
  if(wait() != pid)
    fail("wait did not return the child");
  kmexpectstat(&start, "after a child exited holding 64 objects");

  for(i = 0; i < n; i++){
    pid = fork();
    if(pid < 0)
      fail("fork failed");
    if(pid == 0){
      kmhold();
      exit();
    }
  }
  for(i = 0; i < n; i++)
    if(wait() < 0)
      fail("wait returned -1 with children left");
  kmexpectstat(&start, "after 4 children exited holding 64 objects each");
}

// A process killed while holding objects gives them back too.
static void
kmkilled(void)
{
  struct kmstat start;
  int fds[2], pid;
  char c;

  kmgetstat(&start);
  if(pipe(fds) < 0)
    fail("pipe failed");
  pid = fork();
  if(pid < 0)
    fail("fork failed");
  if(pid == 0){
    close(fds[0]);
    kmhold();
    write(fds[1], "x", 1);
    for(;;)
      getpid();
  }
  close(fds[1]);
  if(read(fds[0], &c, 1) != 1)
    fail("the child died before it held its objects");
  close(fds[0]);
  kill(pid);
  if(wait() != pid)
    fail("wait did not return the killed child");
  kmexpectstat(&start, "after a killed child");
}

// Fault injection reaches kmalloc: an armed failure makes the test call
// return 0 and allocate nothing.
static void
kmfault(void)
{
  struct kmstat start;
  char *p;

  kmgetstat(&start);
  failalloc(1);
  p = kmalloc(32);
  failalloc(0);
  if(p != 0)
    fail("kmalloc with an injected failure returned %p", p);
  kmexpectstat(&start, "after an injected failure");
  if((p = kmalloc(32)) == 0)
    fail("kmalloc failed after injection was disarmed");
  kmfreeok(p, "a live object");
  kmexpectstat(&start, "at the end");
}

// The statistics describe the allocations: sizes are the classes, one
// object per class shows in live and bytes, and a bad buffer is refused.
static void
kmstats(void)
{
  static char *p[KM_NCLASS];
  struct kmstat start, st;
  uint bytes = 0;
  int i;

  kmgetstat(&start);
  for(i = 0; i < KM_NCLASS; i++){
    if(start.size[i] != 16u << i)
      fail("class %d has size %d", i, start.size[i]);
    if((p[i] = kmalloc(start.size[i])) == 0)
      fail("kmalloc(%d) returned 0", start.size[i]);
    bytes += start.size[i];
  }
  kmgetstat(&st);
  for(i = 0; i < KM_NCLASS; i++)
    if(st.live[i] != start.live[i] + 1)
      fail("class %d: %d live, expected %d", start.size[i], st.live[i],
           start.live[i] + 1);
  if(st.bytes != start.bytes + bytes)
    fail("bytes in use %d, expected %d", st.bytes, start.bytes + bytes);
  if(st.pages < start.pages + 1 || st.pages > start.pages + KM_NCLASS)
    fail("pages went from %d to %d for one object per class", start.pages,
         st.pages);
  for(i = 0; i < KM_NCLASS; i++)
    kmfreeok(p[i], "a live object");
  kmexpectstat(&start, "at the end");

  if(kmstat((struct kmstat*)KERNBASE) != -1)
    fail("kmstat into kernel memory did not return -1");
  if(kmstat((struct kmstat*)0xFFFFFFF0) != -1)
    fail("kmstat into the top of memory did not return -1");
  if(kmstat((struct kmstat*)(PGROUNDUP((uint)sbrk(0)) - 4)) != -1)
    fail("kmstat across the end of the heap did not return -1");
}

// mm_usertests.c: the mmap tests of usertests, for the integrator to
// merge into user/usertests.c. Each test is a void function that
// usertests runs in a child of its own; it passes by returning and fails
// by calling fail(). The tests see the kernel only through system calls:
// mmap, munmap, mprotect, msync, fork, exec, and for inspection
// freepages, kmstat, vmregions and vmcheck.
//
// Needs, included before it: types.h, stat.h, fcntl.h, user.h (which
// brings mman.h and kmstat.h), memlayout.h (MMAPBASE, MMAPTOP,
// KERNBASE) and param.h (NOFILE, VMA_MAX); and from usertests
//   void fail(const char *fmt, ...);   // print FAILED: test: msg, exit
// Everything else here is static and prefixed mm_; the tests are named
// mm* and listed at the bottom in the order usertests should run them.
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

#define MM_PG      4096
#define MM_RW      (PROT_READ|PROT_WRITE)
#define MM_ANON    (MAP_PRIVATE|MAP_ANONYMOUS)
#define MM_NREG    64            // regions a test reads back at most
#define MM_NELEM(a) (sizeof(a) / sizeof((a)[0]))

static struct vmregion mm_reg[MM_NREG];   // last vmregions listing
static struct vmregion mm_reg0[MM_NREG];  // listing saved by mm_take
static char mm_fbuf[4*MM_PG + 1];         // a file read back whole
static char mm_wbuf[MM_PG];               // staging for file writes
static char mm_msg[128];                  // vmcheck's complaint
static volatile char mm_sink;             // keeps reads from vanishing
static uint mm_seed = 1;                  // mm_rand's state

// ---------------------------------------------------------------------
// Small helpers.

// The byte at offset i of every test file: printable, never 0, and
// shifted from page to page so a mapping at the wrong offset shows.
static char
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
static void
mm_scribble(char *p, uint off, uint n)
{
  uint i;

  for(i = 0; i < n; i++)
    if((off + i) % 97 == 0)
      p[i] = mm_want(off + i, 1);
}

// Check that p[0..n), holding file offsets off.., is the pattern,
// scribbled over on file offsets [lo, hi).
static void
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
static void
mm_expect_fill(char *p, uint n, int c, char *what)
{
  uint i;

  for(i = 0; i < n; i++)
    if(p[i] != (char)c)
      fail("%s: byte %d at %p is 0x%x, expected 0x%x",
           what, i, p + i, p[i] & 0xFF, c & 0xFF);
}

// Create (or recreate) name holding size bytes of the pattern.
static void
mm_mkfile(char *name, uint size)
{
  uint off, i, n;
  int fd;

  unlink(name);
  if((fd = open(name, O_CREATE|O_RDWR)) < 0)
    fail("cannot create %s", name);
  for(off = 0; off < size; off += n){
    n = size - off < sizeof(mm_wbuf) ? size - off : sizeof(mm_wbuf);
    for(i = 0; i < n; i++)
      mm_wbuf[i] = mm_pat(off + i);
    if(write(fd, mm_wbuf, n) != n)
      fail("cannot write %s", name);
  }
  close(fd);
}

static int
mm_open(char *name, int mode)
{
  int fd;

  if((fd = open(name, mode)) < 0)
    fail("cannot open %s (mode 0x%x)", name, mode);
  return fd;
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
static void
mm_expect_file(char *name, uint size, uint lo, uint hi, char *what)
{
  uint n = mm_readfile(name);

  if(n != size)
    fail("%s: %s has %d bytes, expected %d", what, name, n, size);
  mm_expect_bytes(mm_fbuf, 0, n, lo, hi, what);
}

static char*
mm_map(void *addr, uint len, int prot, int flags, int fd, int off, char *what)
{
  char *p = mmap(addr, len, prot, flags, fd, off);

  if(p == MAP_FAILED)
    fail("%s: mmap(%p, 0x%x, 0x%x, 0x%x, %d, 0x%x) failed",
         what, addr, len, prot, flags, fd, off);
  return p;
}

static void
mm_unmap(void *addr, uint len, char *what)
{
  if(munmap(addr, len) != 0)
    fail("%s: munmap(%p, 0x%x) failed", what, addr, len);
}

static void
mm_protect(void *addr, uint len, int prot, char *what)
{
  if(mprotect(addr, len, prot) != 0)
    fail("%s: mprotect(%p, 0x%x, 0x%x) failed", what, addr, len, prot);
}

static void
mm_pipe(int *fds)
{
  if(pipe(fds) < 0)
    fail("pipe failed");
}

// Tell the other side of a fork that this side got through its part.
static void
mm_send(int fd)
{
  if(write(fd, "y", 1) != 1)
    fail("pipe write failed");
}

// Wait for the other side's mm_send. If it failed (it has printed its
// own FAILED line) or died, the pipe gives end of file instead.
static void
mm_recv(int fd, char *who)
{
  char c;

  if(read(fd, &c, 1) != 1)
    fail("the %s failed or died (see above)", who);
}

// Free pages plus the pages kmalloc holds (struct memusage).
static int
mm_avail(void)
{
  struct memusage u;

  if(getmemusage(&u) < 0)
    fail("cannot read kernel memory usage");
  return u.pages;
}

static uint
mm_kmbytes(void)
{
  struct memusage u;

  if(getmemusage(&u) < 0)
    fail("cannot read kernel memory usage");
  return u.kbytes;
}

// The number of this process's regions; the first MM_NREG are in
// mm_reg, in address order.
static int
mm_nregions(void)
{
  int n = vmregions(0, mm_reg, MM_NREG);

  if(n < 0)
    fail("vmregions failed");
  return n;
}

static void
mm_expect_nregions(int want, char *what)
{
  int n = mm_nregions();

  if(n != want)
    fail("%s: %d regions, expected %d", what, n, want);
}

// Check, from the last listing, that a region [start, end) with prot
// and file offset off exists; returns its index in mm_reg.
static int
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
static void
mm_check(char *what)
{
  int r = vmcheck(0, mm_msg, sizeof(mm_msg));

  if(r != 0)
    fail("%s: vmcheck returned %d: %s", what, r, r > 0 ? mm_msg : "");
}

static uint
mm_rand(void)
{
  mm_seed = mm_seed * 1103515245 + 12345;
  return mm_seed >> 8;
}

// ---------------------------------------------------------------------
// Running an access that must kill: the harness's expect_killed runs it
// in a grandchild, so the test itself survives to report.

static void
mm_expect_kill(char *addr, int write, char *what)
{
  expect_killed(write ? writebyte : readbyte, (uint)addr, what);
}

// ---------------------------------------------------------------------
// Checking that a failing call changed nothing.

struct mm_snap {
  int nreg;      // region count
  int avail;     // mm_avail()
  uint bytes;    // kmalloc bytes in use
};
static struct mm_snap mm_snap0;

// Record the state that bad calls must leave alone.
static void
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

// mmap must fail and change nothing.
static void
mm_badmap(uint addr, uint len, int prot, int flags, int fd, int off,
          char *what)
{
  char *p = mmap((void*)addr, len, prot, flags, fd, off);

  if(p != MAP_FAILED)
    fail("%s: mmap(0x%x, 0x%x, 0x%x, 0x%x, %d, 0x%x) returned %p, "
         "expected MAP_FAILED", what, addr, len, prot, flags, fd, off, p);
  mm_same(what);
}

// A call that must return -1 and change nothing returned r.
static void
mm_badcall(int r, char *what)
{
  if(r != -1)
    fail("%s returned %d, expected -1", what, r);
  mm_same(what);
}

// ---------------------------------------------------------------------
// Anonymous memory.

// Every mapping starts on a page boundary inside the mmap area and is
// rounded up to whole pages.
void
mmalign(void)
{
  static uint lens[] = { 1, 100, MM_PG - 1, MM_PG, MM_PG + 1, 3*MM_PG + 5 };
  uint i, len, total = 0, sum = 0;
  char *p;
  int n;

  for(i = 0; i < MM_NELEM(lens); i++){
    len = (lens[i] + MM_PG - 1) & ~(MM_PG - 1);
    p = mm_map(0, lens[i], MM_RW, MM_ANON, -1, 0, "mmap");
    if((uint)p % MM_PG != 0)
      fail("mmap of %d bytes returned %p, not page-aligned", lens[i], p);
    if((uint)p < MMAPBASE || (uint)p + len > MMAPTOP)
      fail("mmap of %d bytes returned %p, outside the mmap area",
           lens[i], p);
    p[0] = 1;
    p[len - 1] = 2;  // the whole last page is usable
    total += len;
  }
  p = mm_map((void*)(MMAPBASE + 0x200123), 10, MM_RW, MM_ANON, -1, 0,
             "mmap with an unaligned hint");
  if((uint)p % MM_PG != 0)
    fail("mmap with an unaligned hint returned %p, not page-aligned", p);
  total += MM_PG;

  n = mm_nregions();
  for(i = 0; i < n && i < MM_NREG; i++){
    if((mm_reg[i].start | mm_reg[i].end) % MM_PG != 0)
      fail("region 0x%x-0x%x not page-aligned",
           mm_reg[i].start, mm_reg[i].end);
    sum += mm_reg[i].end - mm_reg[i].start;
  }
  if(sum != total)
    fail("regions cover 0x%x bytes, expected 0x%x (lengths rounded up)",
         sum, total);
}

// Anonymous memory reads as zero, holds what is written, and comes
// back zeroed after munmap and mmap again.
void
mmanon(void)
{
  uint i, n = 3*MM_PG;
  char *p;

  p = mm_map(0, n, MM_RW, MM_ANON, -1, 0, "mmap");
  mm_expect_fill(p, n, 0, "fresh anonymous memory");
  for(i = 0; i < n; i++)
    p[i] = i * 3 + 1;
  for(i = 0; i < n; i++)
    if(p[i] != (char)(i * 3 + 1))
      fail("byte %d reads 0x%x, wrote 0x%x", i, p[i] & 0xFF, (i*3 + 1) & 0xFF);
  mm_expect_nregions(1, "one mapping");
  if(mm_reg[0].resident != 3)
    fail("%d pages resident, expected 3", mm_reg[0].resident);
  mm_unmap(p, n, "munmap");
  p = mm_map(0, n, MM_RW, MM_ANON, -1, 0, "second mmap");
  mm_expect_fill(p, n, 0, "anonymous memory mapped again");
  mm_check("mmanon");
}

// mmap allocates no pages; each first touch costs one page, plus a
// page-table page the first time a 4 MiB area is touched.
void
mmlazy(void)
{
  uint npages = 256, i, pde, lastpde = ~0U;
  int a0, a1, prev, a, used;
  char *p;

  a0 = mm_avail();
  p = mm_map(0, npages * MM_PG, MM_RW, MM_ANON, -1, 0, "mmap");
  a1 = mm_avail();
  if(a1 != a0)
    fail("mmap of %d pages used %d pages, expected none", npages, a0 - a1);
  mm_expect_nregions(1, "one mapping");
  if(mm_reg[0].resident != 0)
    fail("%d pages resident before any touch", mm_reg[0].resident);

  prev = a1;
  for(i = 0; i < npages; i++){
    pde = ((uint)p + i * MM_PG) >> 22;
    if(i % 2)
      mm_sink = p[i * MM_PG + 17];  // a read touch allocates too
    else
      p[i * MM_PG + 17] = 1;
    a = mm_avail();
    used = prev - a;
    if(pde == lastpde && used != 1)
      fail("touching page %d used %d pages, expected 1", i, used);
    if(pde != lastpde && used != 1 && used != 2)
      fail("touching page %d (first in its 4 MiB) used %d pages, "
           "expected 1 or 2", i, used);
    prev = a;
    lastpde = pde;
  }
  p[17] = 2;
  if(mm_avail() != prev)
    fail("touching a present page again used %d pages", prev - mm_avail());
  mm_expect_nregions(1, "one mapping");
  if(mm_reg[0].resident != npages)
    fail("%d pages resident, expected %d", mm_reg[0].resident, npages);
  mm_unmap(p, npages * MM_PG, "munmap");
  if(mm_avail() - prev < (int)npages)
    fail("munmap gave back %d pages, expected at least %d",
         mm_avail() - prev, npages);
}

// A write to a region without PROT_WRITE kills; reads work.
void
mmrokill(void)
{
  char *p;

  p = mm_map(0, 3*MM_PG, PROT_READ, MM_ANON, -1, 0, "mmap PROT_READ");
  if(p[0] != 0 || p[MM_PG + 5] != 0)
    fail("PROT_READ anonymous memory does not read as zero");
  mm_expect_kill(p, 1, "PROT_READ region, touched page");
  mm_expect_kill(p + 2*MM_PG + 9, 1, "PROT_READ region, untouched page");
  p = mm_map(0, MM_PG, PROT_EXEC, MM_ANON, -1, 0, "mmap PROT_EXEC");
  mm_sink = p[3];
  mm_expect_kill(p, 1, "PROT_EXEC region");
}

// Any access to a PROT_NONE region kills.
void
mmnonekill(void)
{
  char *p;

  p = mm_map(0, 2*MM_PG, PROT_NONE, MM_ANON, -1, 0, "mmap PROT_NONE");
  mm_expect_kill(p, 0, "PROT_NONE region");
  mm_expect_kill(p + MM_PG + 1, 1, "PROT_NONE region");
  mm_expect_nregions(1, "one PROT_NONE mapping");
  if(mm_reg[0].prot != PROT_NONE || mm_reg[0].resident != 0)
    fail("region has prot 0x%x and %d resident pages, expected 0 and 0",
         mm_reg[0].prot, mm_reg[0].resident);
}

// After munmap the addresses are gone.
void
mmunmapkill(void)
{
  char *p;

  p = mm_map(0, 2*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap");
  p[0] = 'a';
  p[MM_PG] = 'b';
  mm_unmap(p, 2*MM_PG, "munmap");
  mm_expect_nregions(0, "after munmap");
  mm_expect_kill(p, 0, "unmapped page");
  mm_expect_kill(p + MM_PG, 1, "unmapped page");
  mm_check("mmunmapkill");
}

// A region of many pages holds distinct data in every page.
void
mmmulti(void)
{
  uint n = 40 * MM_PG / 4, i;
  uint *w;

  w = (uint*)mm_map(0, n * 4, MM_RW, MM_ANON, -1, 0, "mmap of 40 pages");
  for(i = 0; i < n; i++)
    w[i] = i * 2654435761U;
  for(i = 0; i < n; i++)
    if(w[i] != i * 2654435761U)
      fail("word %d reads 0x%x, wrote 0x%x", i, w[i], i * 2654435761U);
  mm_expect_nregions(1, "one mapping of 40 pages");
  mm_expect_region(w, (char*)w + n*4, MM_RW, 0, "40 pages");
  if(mm_reg[0].resident != 40)
    fail("%d pages resident, expected 40", mm_reg[0].resident);
}

// ---------------------------------------------------------------------
// Files.

// A MAP_PRIVATE file mapping shows the file; its writes stay private.
void
mmfileprivate(void)
{
  uint size = 2*MM_PG + 1000;
  char *p, *q;
  int fd;

  mm_mkfile("mmpriv", size);
  fd = mm_open("mmpriv", O_RDONLY);
  p = mm_map(0, 3*MM_PG, MM_RW, MAP_PRIVATE, fd, 0, "private file mmap");
  mm_expect_bytes(p, 0, size, 0, 0, "private file mapping");
  mm_expect_fill(p + size, 3*MM_PG - size, 0, "past end of file");
  mm_scribble(p, 0, size);
  p[size + 500] = 'z';
  mm_expect_bytes(p, 0, size, 0, size, "private mapping after writes");
  q = mm_map(0, 3*MM_PG, PROT_READ, MAP_PRIVATE, fd, 0, "second mmap");
  mm_expect_bytes(q, 0, size, 0, 0, "another private mapping");
  mm_unmap(p, 3*MM_PG, "munmap");
  mm_unmap(q, 3*MM_PG, "munmap");
  close(fd);
  mm_expect_file("mmpriv", size, 0, 0, "file after private writes");
  unlink("mmpriv");
}

// Shared writes reach the file at munmap.
void
mmsharedunmap(void)
{
  char *p;
  int fd;

  mm_mkfile("mmshu", 2*MM_PG);
  fd = mm_open("mmshu", O_RDWR);
  p = mm_map(0, 2*MM_PG, MM_RW, MAP_SHARED, fd, 0, "shared file mmap");
  mm_scribble(p, 0, 2*MM_PG);
  mm_unmap(p, 2*MM_PG, "munmap");
  close(fd);
  mm_expect_file("mmshu", 2*MM_PG, 0, 2*MM_PG, "file after munmap");
  unlink("mmshu");
}

// Shared writes reach the file at msync, while still mapped.
void
mmsharedmsync(void)
{
  char *p;
  int fd;

  mm_mkfile("mmshs", 3*MM_PG);
  fd = mm_open("mmshs", O_RDWR);
  p = mm_map(0, 3*MM_PG, MM_RW, MAP_SHARED, fd, 0, "shared file mmap");
  mm_scribble(p + MM_PG, MM_PG, MM_PG);
  if(msync(p, 3*MM_PG, MS_SYNC) != 0)
    fail("msync MS_SYNC failed");
  mm_expect_file("mmshs", 3*MM_PG, MM_PG, 2*MM_PG, "file after msync");
  mm_scribble(p + 2*MM_PG, 2*MM_PG, MM_PG);
  if(msync(p + 2*MM_PG, MM_PG, MS_ASYNC) != 0)
    fail("msync MS_ASYNC failed");
  mm_expect_file("mmshs", 3*MM_PG, MM_PG, 3*MM_PG, "file after 2nd msync");
  if(msync(p, 3*MM_PG, MS_SYNC) != 0)
    fail("msync with nothing dirty failed");
  if(msync(p, MM_PG, MS_INVALIDATE) != 0)
    fail("msync MS_INVALIDATE failed");
  mm_expect_bytes(p, 0, 3*MM_PG, MM_PG, 3*MM_PG, "mapping after msync");
  mm_unmap(p, 3*MM_PG, "munmap");
  close(fd);
  mm_expect_file("mmshs", 3*MM_PG, MM_PG, 3*MM_PG, "file after munmap");
  unlink("mmshs");
}

// Shared writes reach the file when the process exits with the mapping
// (and the file) still open.
void
mmsharedexit(void)
{
  int fds[2], pid, fd;
  char *p;

  mm_mkfile("mmshe", 2*MM_PG);
  mm_pipe(fds);
  if((pid = fork()) < 0)
    fail("fork failed");
  if(pid == 0){
    close(fds[0]);
    fd = mm_open("mmshe", O_RDWR);
    p = mm_map(0, 2*MM_PG, MM_RW, MAP_SHARED, fd, 0, "child's mmap");
    mm_scribble(p, 0, 2*MM_PG);
    mm_send(fds[1]);
    exit();
  }
  close(fds[1]);
  mm_recv(fds[0], "child");
  wait();
  close(fds[0]);
  mm_expect_file("mmshe", 2*MM_PG, 0, 2*MM_PG, "file after child exit");
  unlink("mmshe");
}

// A mapping holds its own reference: close and unlink leave it usable,
// even for pages first touched afterwards.
void
mmclose(void)
{
  char *p, *q;
  int fd;

  mm_mkfile("mmclose", 2*MM_PG);
  fd = mm_open("mmclose", O_RDWR);
  p = mm_map(0, 2*MM_PG, MM_RW, MAP_SHARED, fd, 0, "shared mmap");
  q = mm_map(0, 2*MM_PG, PROT_READ, MAP_PRIVATE, fd, 0, "private mmap");
  close(fd);
  if(unlink("mmclose") != 0)
    fail("unlink of a mapped file failed");
  if(open("mmclose", O_RDONLY) >= 0)
    fail("unlinked file can still be opened");
  mm_expect_bytes(q, 0, 2*MM_PG, 0, 0, "private mapping after close+unlink");
  mm_expect_bytes(p, 0, 2*MM_PG, 0, 0, "shared mapping after close+unlink");
  mm_scribble(p, 0, 2*MM_PG);
  if(msync(p, 2*MM_PG, MS_SYNC) != 0)
    fail("msync of an unlinked file failed");
  mm_unmap(p, 2*MM_PG, "munmap");
  mm_unmap(q, 2*MM_PG, "munmap");
  mm_check("mmclose");
}

// Mappings at a non-zero offset show, and write to, the right bytes.
void
mmoffset(void)
{
  uint size = 3*MM_PG + 100;
  struct stat st;
  char *p, *q, *s;
  int fd, i;

  mm_mkfile("mmoff", size);
  fd = mm_open("mmoff", O_RDWR);
  if(fstat(fd, &st) < 0)
    fail("fstat failed");
  p = mm_map(0, 2*MM_PG, PROT_READ, MAP_PRIVATE, fd, MM_PG, "offset 4096");
  i = mm_expect_region(p, p + 2*MM_PG, PROT_READ, MM_PG, "offset 4096");
  if(mm_reg[i].inum != st.ino)
    fail("region names inode %d, expected %d", mm_reg[i].inum, st.ino);
  mm_expect_bytes(p, MM_PG, 2*MM_PG, 0, 0, "mapping at offset 4096");
  q = mm_map(0, MM_PG, PROT_READ, MAP_PRIVATE, fd, 3*MM_PG, "last page");
  mm_expect_bytes(q, 3*MM_PG, 100, 0, 0, "mapping of the last page");
  mm_expect_fill(q + 100, MM_PG - 100, 0, "past end of file");
  s = mm_map(0, MM_PG, MM_RW, MAP_SHARED, fd, 2*MM_PG, "shared, offset 8192");
  mm_scribble(s, 2*MM_PG, MM_PG);
  mm_unmap(s, MM_PG, "munmap");
  close(fd);
  mm_expect_file("mmoff", size, 2*MM_PG, 3*MM_PG, "file after write-back");
  unlink("mmoff");
}

// In the file's last page, bytes past end of file read as zero, may be
// written, and never reach the file, whose size stays.
void
mmeof(void)
{
  uint size = 5000;
  struct stat st;
  char *p;
  int fd;

  mm_mkfile("mmeof", size);
  fd = mm_open("mmeof", O_RDWR);
  p = mm_map(0, 2*MM_PG, MM_RW, MAP_SHARED, fd, 0, "shared mmap");
  mm_expect_bytes(p, 0, size, 0, 0, "inside the file");
  mm_expect_fill(p + size, 2*MM_PG - size, 0, "past end of file");
  mm_scribble(p, 0, size);
  p[6000] = 'e';
  p[2*MM_PG - 1] = 'e';
  mm_unmap(p, 2*MM_PG, "munmap");
  if(fstat(fd, &st) < 0)
    fail("fstat failed");
  if(st.size != size)
    fail("file size changed from %d to %d", size, st.size);
  mm_expect_file("mmeof", size, 0, size, "file after write-back");
  p = mm_map(0, 2*MM_PG, PROT_READ, MAP_SHARED, fd, 0, "mmap again");
  mm_expect_fill(p + size, 2*MM_PG - size, 0, "past end of file, again");
  close(fd);
  unlink("mmeof");
}

// A file page wholly past end of file kills on access, shared or
// private, even when the file is empty.
void
mmeofkill(void)
{
  char *p, *s, *o;
  int fd;

  mm_mkfile("mmeofk", 5000);
  fd = mm_open("mmeofk", O_RDONLY);
  p = mm_map(0, 3*MM_PG, PROT_READ, MAP_PRIVATE, fd, 0, "private mmap");
  if(p[MM_PG + 903] != mm_pat(MM_PG + 903) || p[MM_PG + 904] != 0)
    fail("bytes around end of file are wrong");
  mm_expect_kill(p + 2*MM_PG, 0, "private page past end of file");
  s = mm_map(0, 3*MM_PG, PROT_READ, MAP_SHARED, fd, 0, "shared mmap");
  mm_expect_kill(s + 2*MM_PG + 10, 0, "shared page past end of file");
  o = mm_map(0, MM_PG, PROT_READ, MAP_PRIVATE, fd, 2*MM_PG, "offset past eof");
  mm_expect_kill(o, 0, "mapping at an offset past end of file");
  close(fd);
  unlink("mmeofk");

  mm_mkfile("mmeofk0", 0);
  fd = mm_open("mmeofk0", O_RDONLY);
  p = mm_map(0, MM_PG, PROT_READ, MAP_PRIVATE, fd, 0, "mmap of empty file");
  mm_expect_kill(p, 0, "mapping of an empty file");
  close(fd);
  unlink("mmeofk0");
}

// ---------------------------------------------------------------------
// Placement.

// A free hint is used; an occupied or impossible one is moved into
// free space.
void
mmhint(void)
{
  char *hint = (char*)0x60000000, *p, *q;
  uint r;

  p = mm_map(hint, 2*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap at a free hint");
  if(p != hint)
    fail("hint %p was free but mmap returned %p", hint, p);
  p[0] = 'h';
  q = mm_map(hint, 2*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap at a taken hint");
  if(q == hint || (q < hint + 2*MM_PG && q + 2*MM_PG > hint))
    fail("hint %p was taken but mmap returned %p, overlapping it", hint, q);
  q = mm_map(hint + MM_PG, MM_PG, MM_RW, MM_ANON, -1, 0, "half-taken hint");
  if(q < hint + 2*MM_PG && q + MM_PG > hint)
    fail("mmap at a taken hint returned %p, overlapping %p", q, hint);
  r = (uint)mm_map((void*)0x60100123, MM_PG, MM_RW, MM_ANON, -1, 0,
                   "unaligned free hint");
  if(r != 0x60100000 && r != 0x60101000)
    fail("free unaligned hint 0x60100123 gave 0x%x, expected it rounded", r);
  r = (uint)mm_map((void*)0x1000, MM_PG, MM_RW, MM_ANON, -1, 0,
                   "hint in the program text");
  if(r < MMAPBASE || r + MM_PG > MMAPTOP)
    fail("hint 0x1000 gave 0x%x, outside the mmap area", r);
  r = (uint)mm_map((void*)KERNBASE, MM_PG, MM_RW, MM_ANON, -1, 0,
                   "hint in the kernel");
  if(r < MMAPBASE || r + MM_PG > MMAPTOP)
    fail("hint 0x%x gave 0x%x, outside the mmap area", KERNBASE, r);
  r = (uint)mm_map((void*)(MMAPTOP - MM_PG), 2*MM_PG, MM_RW, MM_ANON, -1, 0,
                   "hint running past the area");
  if(r < MMAPBASE || r + 2*MM_PG > MMAPTOP)
    fail("hint at the area's top gave 0x%x, outside the mmap area", r);
  if(p[0] != 'h')
    fail("the first mapping lost its contents");
  mm_check("mmhint");
}

// MAP_FIXED replaces what was there: old contents gone, new ones zero,
// shared file pages written back first.
void
mmfixed(void)
{
  char *a, *b, *s, *f = (char*)0x70000000;
  int fd;

  a = mm_map(0, 3*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap");
  memset(a, 'x', 3*MM_PG);
  b = mm_map(a + MM_PG, MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0, "MAP_FIXED");
  if(b != a + MM_PG)
    fail("MAP_FIXED at %p returned %p", a + MM_PG, b);
  mm_expect_fill(a + MM_PG, MM_PG, 0, "replaced page");
  mm_expect_fill(a, MM_PG, 'x', "page before the replaced one");
  mm_expect_fill(a + 2*MM_PG, MM_PG, 'x', "page after the replaced one");
  mm_expect_nregions(1, "replacement with the same attributes");
  mm_expect_region(a, a + 3*MM_PG, MM_RW, 0, "merged after MAP_FIXED");

  mm_mkfile("mmfixed", 2*MM_PG);
  fd = mm_open("mmfixed", O_RDWR);
  b = mm_map(a + 2*MM_PG, MM_PG, PROT_READ, MAP_PRIVATE|MAP_FIXED, fd,
             MM_PG, "MAP_FIXED file over anonymous");
  if(b != a + 2*MM_PG)
    fail("MAP_FIXED at %p returned %p", a + 2*MM_PG, b);
  mm_expect_bytes(b, MM_PG, MM_PG, 0, 0, "file page replacing anonymous");
  mm_expect_nregions(2, "anonymous and file");

  s = mm_map(f, 2*MM_PG, MM_RW, MAP_SHARED|MAP_FIXED, fd, 0,
             "MAP_FIXED in free space");
  if(s != f)
    fail("MAP_FIXED at free %p returned %p", f, s);
  mm_scribble(s, 0, 2*MM_PG);
  b = mm_map(s, 2*MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0,
             "MAP_FIXED over a dirty shared mapping");
  mm_expect_fill(b, 2*MM_PG, 0, "anonymous over shared file");
  mm_expect_file("mmfixed", 2*MM_PG, 0, 2*MM_PG, "file after replacement");

  b = mm_map(a, 3*MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0,
             "MAP_FIXED over two regions");
  mm_expect_fill(b, 3*MM_PG, 0, "memory replacing two regions");
  mm_expect_nregions(2, "after replacing two regions");
  close(fd);
  unlink("mmfixed");
  mm_check("mmfixed");
}

// ---------------------------------------------------------------------
// munmap: split, trim, merge, ranges with holes.

// Unmapping the middle page splits a region in two.
void
mmsplit(void)
{
  char *p, *f;
  int i, fd;

  p = mm_map(0, 3*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap");
  p[0] = 'a';
  p[MM_PG] = 'b';
  p[2*MM_PG] = 'c';
  mm_unmap(p + MM_PG, MM_PG, "munmap of the middle page");
  mm_expect_nregions(2, "after the split");
  i = mm_expect_region(p, p + MM_PG, MM_RW, 0, "head of the split");
  if(mm_reg[i].resident != 1)
    fail("head has %d resident pages, expected 1", mm_reg[i].resident);
  i = mm_expect_region(p + 2*MM_PG, p + 3*MM_PG, MM_RW, 0, "tail of split");
  if(mm_reg[i].resident != 1)
    fail("tail has %d resident pages, expected 1", mm_reg[i].resident);
  if(p[0] != 'a' || p[2*MM_PG] != 'c')
    fail("split lost the contents of its pieces");
  mm_expect_kill(p + MM_PG, 0, "the hole of a split");

  mm_mkfile("mmsplit", 3*MM_PG);
  fd = mm_open("mmsplit", O_RDONLY);
  f = mm_map(0, 3*MM_PG, PROT_READ, MAP_PRIVATE, fd, 0, "file mmap");
  mm_unmap(f + MM_PG, MM_PG, "munmap in a file mapping");
  mm_expect_region(f, f + MM_PG, PROT_READ, 0, "file head");
  mm_expect_region(f + 2*MM_PG, f + 3*MM_PG, PROT_READ, 2*MM_PG, "file tail");
  mm_expect_bytes(f + 2*MM_PG, 2*MM_PG, MM_PG, 0, 0, "file tail after split");
  close(fd);
  unlink("mmsplit");
  mm_check("mmsplit");
}

// Unmapping the first or last page trims a region; a file region's
// offset follows its start.
void
mmtrim(void)
{
  char *p, *f;
  int i, fd;

  p = mm_map(0, 4*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap");
  for(i = 0; i < 4; i++)
    p[i * MM_PG] = '0' + i;
  mm_unmap(p, MM_PG, "munmap of the head");
  mm_expect_nregions(1, "after head trim");
  mm_expect_region(p + MM_PG, p + 4*MM_PG, MM_RW, 0, "after head trim");
  mm_unmap(p + 3*MM_PG, MM_PG, "munmap of the tail");
  mm_expect_nregions(1, "after tail trim");
  mm_expect_region(p + MM_PG, p + 3*MM_PG, MM_RW, 0, "after tail trim");
  if(p[MM_PG] != '1' || p[2*MM_PG] != '2')
    fail("trims lost the remaining pages' contents");
  mm_expect_kill(p, 0, "trimmed head");
  mm_expect_kill(p + 3*MM_PG, 1, "trimmed tail");

  mm_mkfile("mmtrim", 3*MM_PG);
  fd = mm_open("mmtrim", O_RDONLY);
  f = mm_map(0, 3*MM_PG, PROT_READ, MAP_PRIVATE, fd, 0, "file mmap");
  mm_unmap(f, MM_PG, "munmap of a file mapping's head");
  mm_expect_region(f + MM_PG, f + 3*MM_PG, PROT_READ, MM_PG, "file head trim");
  mm_expect_bytes(f + MM_PG, MM_PG, 2*MM_PG, 0, 0, "file after head trim");
  mm_unmap(f + 2*MM_PG, MM_PG, "munmap of a file mapping's tail");
  mm_expect_region(f + MM_PG, f + 2*MM_PG, PROT_READ, MM_PG, "file tail trim");
  close(fd);
  unlink("mmtrim");
  mm_check("mmtrim");
}

// Adjacent regions with the same attributes become one; different
// protection, sharing or file offsets keep them apart.
void
mmmerge(void)
{
  char *a, *g, *b;
  int fd, n;

  a = mm_map(0, 8*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap to find space");
  mm_unmap(a, 8*MM_PG, "munmap");
  mm_map(a, MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0, "first page");
  a[0] = '1';
  mm_map(a + MM_PG, MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0, "second page");
  a[MM_PG] = '2';
  mm_expect_nregions(1, "two adjacent pages");
  mm_expect_region(a, a + 2*MM_PG, MM_RW, 0, "two adjacent pages");
  mm_map(a + 3*MM_PG, MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0, "after a hole");
  mm_expect_nregions(2, "with a hole between");
  mm_map(a + 2*MM_PG, MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0, "into the hole");
  mm_expect_nregions(1, "hole filled");
  mm_expect_region(a, a + 4*MM_PG, MM_RW, 0, "hole filled");
  if(a[0] != '1' || a[MM_PG] != '2')
    fail("merging lost contents");
  mm_map(a + 4*MM_PG, MM_PG, PROT_READ, MM_ANON|MAP_FIXED, -1, 0, "read-only");
  mm_expect_nregions(2, "different protection");
  mm_map(a + 5*MM_PG, MM_PG, MM_RW, MAP_SHARED|MAP_ANONYMOUS|MAP_FIXED, -1, 0,
         "shared");
  mm_expect_nregions(3, "shared next to private");
  mm_protect(a + 4*MM_PG, MM_PG, MM_RW, "mprotect to match");
  mm_expect_nregions(2, "after mprotect made neighbours equal");
  mm_expect_region(a, a + 5*MM_PG, MM_RW, 0, "after mprotect");

  n = mm_nregions();
  mm_mkfile("mmmerge", 4*MM_PG);
  fd = mm_open("mmmerge", O_RDONLY);
  g = mm_map((void*)0x70000000, MM_PG, PROT_READ, MAP_PRIVATE, fd, 0,
             "file page 0");
  b = mm_map(g + MM_PG, MM_PG, PROT_READ, MAP_PRIVATE|MAP_FIXED, fd, MM_PG,
             "file page 1");
  mm_expect_nregions(n + 1, "contiguous file offsets");
  mm_expect_region(g, g + 2*MM_PG, PROT_READ, 0, "contiguous file offsets");
  b = mm_map(g + 2*MM_PG, MM_PG, PROT_READ, MAP_PRIVATE|MAP_FIXED, fd,
             3*MM_PG, "file page 3");
  mm_expect_nregions(n + 2, "non-contiguous file offsets");
  mm_expect_bytes(g, 0, 2*MM_PG, 0, 0, "merged file region");
  mm_expect_bytes(b, 3*MM_PG, MM_PG, 0, 0, "separate file region");
  close(fd);
  unlink("mmmerge");
  mm_check("mmmerge");
}

// One munmap across parts of several regions and the holes between.
void
mmunmapmany(void)
{
  char *a;

  a = mm_map(0, 8*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap to find space");
  mm_unmap(a, 8*MM_PG, "munmap");
  // [a, a+2) rw, hole, [a+3, a+4) r, hole, [a+5, a+8) rw  (in pages)
  mm_map(a, 2*MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0, "region 1");
  mm_map(a + 3*MM_PG, MM_PG, PROT_READ, MM_ANON|MAP_FIXED, -1, 0, "region 2");
  mm_map(a + 5*MM_PG, 3*MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0, "region 3");
  a[0] = 'a';
  a[MM_PG] = 'b';
  a[5*MM_PG] = 'c';
  a[6*MM_PG] = 'd';
  a[7*MM_PG] = 'e';
  mm_expect_nregions(3, "three regions");
  mm_unmap(a + MM_PG, 5*MM_PG, "munmap across three regions");
  mm_expect_nregions(2, "after munmap across three regions");
  mm_expect_region(a, a + MM_PG, MM_RW, 0, "first region's head");
  mm_expect_region(a + 6*MM_PG, a + 8*MM_PG, MM_RW, 0, "third region's tail");
  if(a[0] != 'a' || a[6*MM_PG] != 'd' || a[7*MM_PG] != 'e')
    fail("munmap across regions lost the contents left mapped");
  mm_expect_kill(a + MM_PG, 0, "unmapped tail of region 1");
  mm_expect_kill(a + 3*MM_PG, 0, "unmapped region 2");
  mm_expect_kill(a + 5*MM_PG, 0, "unmapped head of region 3");
  mm_unmap(a, 8*MM_PG, "munmap of everything");
  mm_expect_nregions(0, "after munmap of everything");
  mm_unmap(a, 8*MM_PG, "munmap of nothing");
  mm_check("mmunmapmany");
}

// ---------------------------------------------------------------------
// mprotect.

// mprotect of the middle page splits into three; undoing it merges back.
void
mmprotsplit(void)
{
  char *p;
  int i;

  p = mm_map(0, 3*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap");
  for(i = 0; i < 3; i++)
    p[i * MM_PG] = 'a' + i;
  mm_protect(p + MM_PG, MM_PG, PROT_READ, "mprotect of the middle");
  mm_expect_nregions(3, "after mprotect of the middle page");
  mm_expect_region(p, p + MM_PG, MM_RW, 0, "head");
  mm_expect_region(p + MM_PG, p + 2*MM_PG, PROT_READ, 0, "middle");
  mm_expect_region(p + 2*MM_PG, p + 3*MM_PG, MM_RW, 0, "tail");
  mm_protect(p + MM_PG, MM_PG, MM_RW, "mprotect back");
  mm_expect_nregions(1, "after mprotect back");
  mm_expect_region(p, p + 3*MM_PG, MM_RW, 0, "merged back");
  mm_protect(p, 1, PROT_READ, "mprotect of 1 byte");
  mm_expect_nregions(2, "after mprotect of the head's first byte");
  mm_expect_region(p, p + MM_PG, PROT_READ, 0, "page-rounded head");
  mm_protect(p + 2*MM_PG, MM_PG, PROT_READ, "mprotect of the tail");
  mm_expect_nregions(3, "read-only head and tail");
  mm_protect(p, 3*MM_PG, MM_RW, "mprotect of all three");
  mm_expect_nregions(1, "after mprotect of all three");
  mm_expect_region(p, p + 3*MM_PG, MM_RW, 0, "all three merged");
  if(mm_reg[0].resident != 3)
    fail("%d pages resident, expected 3", mm_reg[0].resident);
  for(i = 0; i < 3; i++)
    if(p[i * MM_PG] != 'a' + i)
      fail("page %d lost its contents", i);
  mm_check("mmprotsplit");
}

// A run of regions that all become compatible merges into one, however
// the run meets the range: here two regions inside it merge, and the
// result must then merge with the region just past the range too.
void
mmprotrun(void)
{
  char *p;

  p = mm_map(0, 3*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap");
  mm_protect(p + MM_PG, MM_PG, MM_RW|PROT_EXEC, "mprotect page 1 rwx");
  mm_protect(p + 2*MM_PG, MM_PG, PROT_READ, "mprotect page 2 r");
  mm_expect_nregions(3, "rw, rwx, r");
  mm_protect(p, 2*MM_PG, PROT_READ, "mprotect pages 0-1 r");
  mm_expect_nregions(1, "after making all three read-only");
  mm_expect_region(p, p + 3*MM_PG, PROT_READ, 0, "one read-only region");
  mm_check("mmprotrun");
}

// The new protection is enforced, on present and untouched pages.
void
mmprotkill(void)
{
  char *p, *q;

  p = mm_map(0, 2*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap");
  p[0] = 'w';
  p[MM_PG] = 'v';
  mm_protect(p, 2*MM_PG, PROT_READ, "mprotect PROT_READ");
  if(p[0] != 'w' || p[MM_PG] != 'v')
    fail("contents changed by mprotect PROT_READ");
  mm_expect_kill(p, 1, "write after mprotect PROT_READ");
  mm_expect_kill(p + MM_PG, 1, "write after mprotect PROT_READ");
  mm_protect(p, 2*MM_PG, PROT_NONE, "mprotect PROT_NONE");
  mm_expect_kill(p, 0, "read after mprotect PROT_NONE");
  mm_protect(p, 2*MM_PG, MM_RW, "mprotect read/write");
  p[0] = 'z';
  q = mm_map(0, MM_PG, MM_RW, MM_ANON, -1, 0, "untouched mmap");
  mm_protect(q, MM_PG, PROT_READ, "mprotect of an untouched page");
  if(q[0] != 0)
    fail("untouched page reads 0x%x, expected 0", q[0] & 0xFF);
  mm_expect_kill(q, 1, "write to untouched page after mprotect PROT_READ");
  mm_protect(q, MM_PG, PROT_EXEC, "mprotect PROT_EXEC");
  mm_sink = q[1];
  mm_expect_kill(q, 1, "write after mprotect PROT_EXEC");
}

// Contents survive a trip through PROT_NONE, and a dirty shared page
// stays dirty through it.
void
mmprotnone(void)
{
  uint n = 4 * MM_PG / 4, i;
  uint *w;
  char *s;
  int fd;

  w = (uint*)mm_map(0, 4*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap");
  for(i = 0; i < n; i++)
    w[i] = ~i;
  mm_protect(w, 4*MM_PG, PROT_NONE, "mprotect PROT_NONE");
  mm_protect(w, 4*MM_PG, MM_RW, "mprotect back");
  for(i = 0; i < n; i++)
    if(w[i] != ~i)
      fail("word %d reads 0x%x after PROT_NONE, expected 0x%x", i, w[i], ~i);

  mm_mkfile("mmprotn", 2*MM_PG);
  fd = mm_open("mmprotn", O_RDWR);
  s = mm_map(0, 2*MM_PG, MM_RW, MAP_SHARED, fd, 0, "shared file mmap");
  mm_scribble(s, 0, 2*MM_PG);
  mm_protect(s, 2*MM_PG, PROT_NONE, "mprotect shared PROT_NONE");
  mm_unmap(s, 2*MM_PG, "munmap");
  close(fd);
  mm_expect_file("mmprotn", 2*MM_PG, 0, 2*MM_PG, "file after PROT_NONE");
  unlink("mmprotn");
  mm_check("mmprotnone");
}

// mprotect of a range that is not wholly mapped fails, changing nothing.
void
mmprothole(void)
{
  char *a;

  a = mm_map(0, 3*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap");
  mm_unmap(a + MM_PG, MM_PG, "munmap of the middle");
  a[0] = 'q';
  mm_take();
  mm_badcall(mprotect(a, 3*MM_PG, PROT_READ), "mprotect across a hole");
  mm_badcall(mprotect(a + MM_PG, MM_PG, PROT_READ), "mprotect of the hole");
  mm_badcall(mprotect(a + MM_PG, 2*MM_PG, PROT_NONE),
             "mprotect of the hole and a region");
  a[0] = 'r';
  a[2*MM_PG] = 's';
}

// A shared mapping of a file opened read-only cannot become writable;
// a private one can, and its writes stay out of the file.
void
mmprotro(void)
{
  char *p, *q;
  int fd;

  mm_mkfile("mmprotro", MM_PG);
  fd = mm_open("mmprotro", O_RDONLY);
  p = mm_map(0, MM_PG, PROT_READ, MAP_SHARED, fd, 0, "shared read-only");
  mm_take();
  mm_badcall(mprotect(p, MM_PG, MM_RW), "mprotect adding PROT_WRITE");
  mm_badcall(mprotect(p, MM_PG, PROT_WRITE), "mprotect to PROT_WRITE");
  mm_expect_kill(p, 1, "write to a shared mapping of a read-only file");
  q = mm_map(0, MM_PG, PROT_READ, MAP_PRIVATE, fd, 0, "private read-only");
  mm_protect(q, MM_PG, MM_RW, "mprotect private mapping writable");
  mm_scribble(q, 0, MM_PG);
  mm_unmap(q, MM_PG, "munmap");
  close(fd);
  mm_expect_file("mmprotro", MM_PG, 0, 0, "file after private writes");
  unlink("mmprotro");
}

// ---------------------------------------------------------------------
// fork, exec, exit.

// Fork a child talking over two pipes: the child gets down[0] and
// up[1], the parent down[1] and up[0]. Returns fork's result.
static int
mm_forkchan(int *down, int *up)
{
  int pid;

  mm_pipe(down);
  mm_pipe(up);
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

// A MAP_PRIVATE anonymous region: the child starts with the parent's
// data; later writes on either side stay on that side.
void
mmforkpriv(void)
{
  int down[2], up[2];
  char *p;

  p = mm_map(0, 3*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap");
  p[0] = 'p';
  p[MM_PG] = 'p';
  if(mm_forkchan(down, up) == 0){
    mm_recv(down[0], "parent");
    if(p[0] != 'p' || p[MM_PG] != 'p')
      fail("child sees 0x%x 0x%x, expected the parent's 'p' 'p'",
           p[0] & 0xFF, p[MM_PG] & 0xFF);
    if(p[2*MM_PG] != 0)
      fail("child's untouched page is not zero");
    mm_expect_nregions(1, "child's regions");
    mm_expect_region(p, p + 3*MM_PG, MM_RW, 0, "child's copy");
    p[0] = 'c';
    p[2*MM_PG] = 'c';
    mm_send(up[1]);
    exit();
  }
  p[MM_PG] = 'P';
  mm_send(down[1]);
  mm_recv(up[0], "child");
  wait();
  if(p[0] != 'p' || p[2*MM_PG] != 0)
    fail("parent sees the child's private writes");
  if(p[MM_PG] != 'P')
    fail("parent lost its own write");
  mm_check("mmforkpriv");
}

// A MAP_SHARED anonymous region is shared memory between parent and
// child, pages untouched before fork included.
void
mmforkshared(void)
{
  int down[2], up[2];
  char *s, *p;

  s = mm_map(0, 3*MM_PG, MM_RW, MAP_SHARED|MAP_ANONYMOUS, -1, 0, "mmap");
  p = mm_map(0, MM_PG, MM_RW, MM_ANON, -1, 0, "private mmap");
  s[0] = 'a';
  p[0] = 'p';
  if(mm_forkchan(down, up) == 0){
    mm_recv(down[0], "parent");
    if(s[0] != 'a' || s[MM_PG] != 'e' || s[2*MM_PG] != 0)
      fail("child sees 0x%x 0x%x 0x%x, expected 'a' 'e' 0",
           s[0] & 0xFF, s[MM_PG] & 0xFF, s[2*MM_PG] & 0xFF);
    s[0] = 'b';
    s[MM_PG] = 'c';
    s[2*MM_PG] = 'd';
    p[0] = 'q';
    mm_check("child");
    mm_send(up[1]);
    exit();
  }
  s[MM_PG] = 'e';  // untouched before fork
  mm_send(down[1]);
  mm_recv(up[0], "child");
  wait();
  if(s[0] != 'b' || s[MM_PG] != 'c' || s[2*MM_PG] != 'd')
    fail("parent sees 0x%x 0x%x 0x%x, expected the child's 'b' 'c' 'd'",
         s[0] & 0xFF, s[MM_PG] & 0xFF, s[2*MM_PG] & 0xFF);
  if(p[0] != 'p')
    fail("the private region was shared");
  mm_check("mmforkshared");
}

// File regions across fork: private ones copy, shared ones share, and
// the child's shared writes reach the file at its exit.
void
mmforkfile(void)
{
  int down[2], up[2], fd;
  char *pv, *sh;

  mm_mkfile("mmforkf", 2*MM_PG);
  fd = mm_open("mmforkf", O_RDWR);
  pv = mm_map(0, 2*MM_PG, MM_RW, MAP_PRIVATE, fd, 0, "private file mmap");
  sh = mm_map(0, 2*MM_PG, MM_RW, MAP_SHARED, fd, 0, "shared file mmap");
  pv[0] = 'P';
  if(mm_forkchan(down, up) == 0){
    mm_recv(down[0], "parent");
    if(pv[0] != 'P')
      fail("child does not see the parent's private write");
    mm_expect_bytes(pv + 1, 1, 2*MM_PG - 1, 0, 0, "child's private copy");
    mm_expect_bytes(sh, 0, 2*MM_PG, 0, 0, "child's shared mapping");
    pv[MM_PG] = 'q';
    mm_scribble(sh, 0, 2*MM_PG);
    mm_send(up[1]);
    exit();
  }
  mm_send(down[1]);
  mm_recv(up[0], "child");
  wait();
  if(pv[0] != 'P' || pv[MM_PG] == 'q')
    fail("private file mapping shared between parent and child");
  mm_expect_bytes(sh, 0, 2*MM_PG, 0, 2*MM_PG, "parent's shared mapping");
  mm_expect_file("mmforkf", 2*MM_PG, 0, 2*MM_PG, "file after child exit");
  close(fd);
  unlink("mmforkf");
  mm_check("mmforkfile");
}

// exec drops every region: shared file pages are written back and the
// regions are gone while the new program (cat, waiting on a pipe) runs.
// The status pipe carries 'r' just before exec, 'f' if exec fails; cat
// inherits its write end, so it reads as end of file once cat is gone.
void
mmexec(void)
{
  static char *argv[] = { "cat", 0 };
  int in[2], status[2], pid, fd, i, n = 0, a0;
  char *s, *a, c;

  mm_mkfile("mmexec", MM_PG);
  a0 = mm_avail();  // before the pipes: their pages are gone at the end
  mm_pipe(in);
  mm_pipe(status);
  if((pid = fork()) < 0)
    fail("fork failed");
  if(pid == 0){
    fd = mm_open("mmexec", O_RDWR);
    s = mm_map(0, MM_PG, MM_RW, MAP_SHARED, fd, 0, "child's shared mmap");
    close(fd);
    a = mm_map(0, 8*MM_PG, MM_RW, MM_ANON, -1, 0, "child's anonymous mmap");
    for(i = 0; i < 8; i++)
      a[i * MM_PG] = i;
    mm_scribble(s, 0, MM_PG);
    close(0);
    dup(in[0]);
    close(in[0]);
    close(in[1]);
    close(status[0]);
    mm_send(status[1]);
    exec("/cat", argv);
    write(status[1], "f", 1);
    fail("exec /cat failed");
  }
  close(in[0]);
  close(status[1]);
  mm_recv(status[0], "child");
  // Wait for exec to drop the regions; cat then blocks reading in[0].
  for(i = 0; i < 500; i++){
    if((n = vmregions(pid, mm_reg, MM_NREG)) <= 0)
      break;
    sleep(1);
  }
  if(n < 0)
    fail("the child died instead of running cat");
  if(n > 0)
    fail("the child still has %d regions, expected exec to drop them", n);
  mm_expect_file("mmexec", MM_PG, 0, MM_PG, "file after exec");
  if(vmregions(pid, mm_reg, MM_NREG) != 0)
    fail("the child is not alive in cat with no regions");
  close(in[1]);
  if(read(status[0], &c, 1) != 0)
    fail("exec /cat failed in the child");
  close(status[0]);
  wait();
  if(mm_avail() != a0)
    fail("pages not back after exec and exit: %d before, %d after",
         a0, mm_avail());
  unlink("mmexec");
}

// exit drops live regions of every kind, writing shared file pages
// back, and leaks nothing.
void
mmexit(void)
{
  int pid, fd, i, a0;
  uint b0;
  char *s, *a, *sh;

  mm_mkfile("mmexit", 2*MM_PG);
  a0 = mm_avail();
  b0 = mm_kmbytes();
  if((pid = fork()) < 0)
    fail("fork failed");
  if(pid == 0){
    fd = mm_open("mmexit", O_RDWR);
    s = mm_map(0, 2*MM_PG, MM_RW, MAP_SHARED, fd, 0, "shared file");
    mm_scribble(s, 0, 2*MM_PG);
    mm_map(0, 2*MM_PG, PROT_READ, MAP_PRIVATE, fd, 0, "private file");
    a = mm_map(0, 16*MM_PG, MM_RW, MM_ANON, -1, 0, "anonymous");
    for(i = 0; i < 16; i++)
      a[i * MM_PG] = i;
    sh = mm_map(0, 4*MM_PG, MM_RW, MAP_SHARED|MAP_ANONYMOUS, -1, 0,
                "shared anonymous");
    sh[0] = 1;
    for(i = 0; i < 8; i++)
      mm_map((void*)(0x70000000 + 2*i*MM_PG), MM_PG, i % 2 ? MM_RW : PROT_NONE,
             MM_ANON, -1, 0, "small region");
    exit();
  }
  wait();
  mm_expect_file("mmexit", 2*MM_PG, 0, 2*MM_PG, "file after exit");
  if(mm_avail() != a0)
    fail("%d pages before the child, %d after", a0, mm_avail());
  if(mm_kmbytes() != b0)
    fail("%d kmalloc bytes before the child, %d after", b0, mm_kmbytes());
  unlink("mmexit");
}

// ---------------------------------------------------------------------
// Many regions, and more memory than there is.

#define MM_NMANY 10000
static ushort mm_order[MM_NMANY];
static char mm_live[MM_NMANY];

// Region i of mmmany: one page at every other page from MMAPBASE, so no
// two can merge.
static char*
mm_many_at(int i)
{
  return (char*)(MMAPBASE + 2 * i * MM_PG);
}

// Does page va hold one of mmmany's live regions?
static int
mm_many_live(uint va)
{
  uint pg;

  if(va < MMAPBASE)
    return 0;
  pg = (va - MMAPBASE) / MM_PG;
  return pg % 2 == 0 && pg / 2 < MM_NMANY && mm_live[pg / 2];
}

// Non-fixed mappings must land in the holes left between live regions.
static void
mm_many_gaps(void)
{
  uint len, va;
  char *q;
  int t, n = mm_nregions();

  for(t = 0; t < 30; t++){
    len = (t % 3 + 1) * MM_PG;
    q = mm_map(0, len, MM_RW, MM_ANON, -1, 0, "mmap into a gap");
    for(va = (uint)q; va < (uint)q + len; va += MM_PG)
      if(mm_many_live(va))
        fail("mmap of %d pages returned %p, over a live region",
             len / MM_PG, q);
    q[0] = 1;
    mm_unmap(q, len, "munmap from a gap");
  }
  mm_expect_nregions(n, "after mappings into gaps");
}

// 10,000 one-page regions, unmapped in random order.
void
mmmany(void)
{
  int i, j, k, t;
  char *p;

  mm_expect_nregions(0, "at the start");
  for(i = 0; i < MM_NMANY; i++){
    p = mmap(mm_many_at(i), MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0);
    if(p != mm_many_at(i))
      fail("mmap of region %d at %p returned %p", i, mm_many_at(i), p);
    if(i % 10 == 0)
      p[0] = i % 251 + 1;
    mm_live[i] = 1;
    if(i % 1000 == 999)
      mm_expect_nregions(i + 1, "while mapping");
  }
  mm_expect_nregions(MM_NMANY, "all mapped");
  mm_check("10,000 regions");

  for(i = 0; i < MM_NMANY; i++)
    mm_order[i] = i;
  for(i = MM_NMANY - 1; i > 0; i--){
    j = mm_rand() % (i + 1);
    t = mm_order[i];
    mm_order[i] = mm_order[j];
    mm_order[j] = t;
  }
  for(k = 0; k < MM_NMANY; k++){
    i = mm_order[k];
    p = mm_many_at(i);
    if(i % 10 == 0 && p[0] != (char)(i % 251 + 1))
      fail("region %d at %p lost its contents", i, p);
    if(munmap(p, MM_PG) != 0)
      fail("munmap of region %d at %p failed", i, p);
    mm_live[i] = 0;
    if(k % 500 == 499)
      mm_expect_nregions(MM_NMANY - k - 1, "while unmapping");
    if(k == MM_NMANY / 2){
      mm_many_gaps();
      mm_check("half unmapped");
    }
  }
  mm_expect_nregions(0, "all unmapped");
  mm_check("all unmapped");
}

// At VMA_MAX regions mmap fails, and so do calls that need a split.
void
mmlimit(void)
{
  char *base = (char*)MMAPBASE, *p;
  int i;

  mm_map(base, 3*MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0, "first region");
  for(i = 1; i < VMA_MAX; i++){
    p = base + (2 + 2*i) * MM_PG;
    if(mmap(p, MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0) != p)
      fail("mmap of region %d of %d at %p failed", i + 1, VMA_MAX, p);
  }
  base[MM_PG] = 'm';
  mm_take();
  if(mm_snap0.nreg != VMA_MAX)
    fail("%d regions, expected %d", mm_snap0.nreg, VMA_MAX);
  mm_badmap(0, MM_PG, MM_RW, MM_ANON, -1, 0, "mmap beyond VMA_MAX");
  mm_badmap(0x7F000000, MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0,
            "MAP_FIXED beyond VMA_MAX");
  mm_badcall(mprotect(base + MM_PG, MM_PG, PROT_READ),
             "mprotect needing a split at VMA_MAX");
  mm_badcall(munmap(base + MM_PG, MM_PG), "munmap needing a split at VMA_MAX");
  if(base[MM_PG] != 'm')
    fail("failed calls changed memory");
  base[MM_PG] = 'n';
  mm_unmap(base, (2 + 2*VMA_MAX) * MM_PG, "munmap of all regions");
  mm_expect_nregions(0, "after munmap of all regions");
  mm_check("mmlimit");
}

#define MM_HUGE (900 << 20)

// Touching more memory than the machine has kills the toucher (or
// mmap refuses); the kernel and everyone else carry on.
void
mmhuge(void)
{
  int fds[2], pid, a0;
  uint i;
  char *p, c;

  a0 = mm_avail();  // before the pipe: its page is gone again at the end
  mm_pipe(fds);
  if((pid = fork()) < 0)
    fail("fork failed");
  if(pid == 0){
    close(fds[0]);
    p = mmap(0, MM_HUGE, MM_RW, MM_ANON, -1, 0);
    if(p != MAP_FAILED){
      for(i = 0; i < MM_HUGE; i += MM_PG)
        p[i] = 1;
      write(fds[1], "x", 1);
    }
    exit();
  }
  close(fds[1]);
  wait();
  if(read(fds[0], &c, 1) == 1)
    fail("a child touched 900 MiB, more memory than the machine has");
  close(fds[0]);
  if(mm_avail() != a0)
    fail("%d pages before the memory hog, %d after", a0, mm_avail());
  p = mm_map(0, 4*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap after the hog");
  memset(p, 'k', 4*MM_PG);
  mm_check("mmhuge");
}

// ---------------------------------------------------------------------
// System calls with buffers in mapped memory.

void
mmsyscall(void)
{
  int fd, out, pfd[2];
  char *p, *q, *r, *n, *u;

  mm_mkfile("mmsys", 2*MM_PG);
  fd = mm_open("mmsys", O_RDONLY);
  p = mm_map(0, 2*MM_PG, PROT_READ, MAP_PRIVATE, fd, 0, "file mmap");
  close(fd);
  unlink("mmsys2");
  if((out = open("mmsys2", O_CREATE|O_RDWR)) < 0)
    fail("cannot create mmsys2");
  if(write(out, p, 2*MM_PG) != 2*MM_PG)
    fail("write from an untouched file mapping failed");
  close(out);
  mm_expect_file("mmsys2", 2*MM_PG, 0, 0, "file written from a mapping");

  q = mm_map(0, 2*MM_PG, MM_RW, MM_ANON, -1, 0, "anonymous mmap");
  fd = mm_open("mmsys", O_RDONLY);
  if(read(fd, q, 2*MM_PG) != 2*MM_PG)
    fail("read into an untouched anonymous mapping failed");
  close(fd);
  mm_expect_bytes(q, 0, 2*MM_PG, 0, 0, "anonymous mapping filled by read");

  r = mm_map(0, MM_PG, PROT_READ, MM_ANON, -1, 0, "read-only mmap");
  fd = mm_open("mmsys", O_RDONLY);
  if(read(fd, r, 10) != -1)
    fail("read into a PROT_READ region did not return -1");
  close(fd);
  mm_expect_fill(r, MM_PG, 0, "PROT_READ region after a refused read");

  n = mm_map(0, MM_PG, PROT_NONE, MM_ANON, -1, 0, "PROT_NONE mmap");
  out = mm_open("mmsys2", O_RDWR);
  if(write(out, n, 10) != -1)
    fail("write to a file from a PROT_NONE region did not return -1");
  mm_pipe(pfd);
  if(write(pfd[1], n, 10) != -1)
    fail("write to a pipe from a PROT_NONE region did not return -1");
  close(pfd[0]);
  close(pfd[1]);

  u = mm_map(0, 2*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap");
  mm_unmap(u + MM_PG, MM_PG, "munmap of the second page");
  fd = mm_open("mmsys", O_RDONLY);
  if(read(fd, u, 2*MM_PG) != -1)
    fail("read into a range running into a hole did not return -1");
  close(fd);
  if(write(out, u + MM_PG, 1) != -1)
    fail("write from an unmapped page did not return -1");
  close(out);
  mm_expect_file("mmsys2", 2*MM_PG, 0, 0, "file after refused writes");
  unlink("mmsys");
  unlink("mmsys2");
  mm_check("mmsyscall");
}

// ---------------------------------------------------------------------
// Text, heap and stack are not regions.

// Every region call on the page at a must fail, changing nothing.
static void
mm_notregion(uint a, char *what)
{
  mm_badmap(a, MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0, what);
  mm_badcall(munmap((void*)a, MM_PG), what);
  mm_badcall(mprotect((void*)a, MM_PG, PROT_READ), what);
  mm_badcall(mprotect((void*)a, MM_PG, PROT_NONE), what);
  mm_badcall(msync((void*)a, MM_PG, MS_SYNC), what);
}

void
mmimage(void)
{
  volatile int local = 1;
  uint text = (uint)mmimage & ~(MM_PG - 1);
  uint stack = (uint)&local & ~(MM_PG - 1);
  char *heap;

  heap = sbrk(2*MM_PG);
  if(heap == (char*)-1)
    fail("sbrk failed");
  heap = (char*)(((uint)heap + MM_PG - 1) & ~(MM_PG - 1));
  heap[0] = 'h';
  mm_take();
  mm_notregion(0, "address 0");
  mm_notregion(0x1000, "address 0x1000");
  mm_notregion(text, "program text");
  mm_notregion(stack, "stack");
  mm_notregion((uint)heap, "heap");
  mm_notregion(MMAPBASE - MM_PG, "page below the mmap area");
  mm_badmap(MMAPBASE - MM_PG, 2*MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0,
            "MAP_FIXED straddling heap and mmap area");
  mm_badcall(munmap((void*)(MMAPBASE - MM_PG), 2*MM_PG),
             "munmap straddling heap and mmap area");
  mm_badcall(mprotect(0, MMAPBASE + MM_PG, PROT_READ),
             "mprotect from 0 into the mmap area");
  if(heap[0] != 'h')
    fail("heap lost its contents");
  heap[0] = 'i';
  local = 2;
  if(local != 2)
    fail("stack not writable any more");
}

// ---------------------------------------------------------------------
// Bad arguments: each call fails and changes nothing.

// A region that must survive every bad call below.
static char*
mm_bystander(void)
{
  char *a = mm_map(0, 2*MM_PG, MM_RW, MM_ANON, -1, 0, "bystander mmap");

  a[0] = 'k';
  return a;
}

void
mmbadlen(void)
{
  static uint lens[] = {
    0, 0xFFFFFFFF, 0xFFFFF001, 0xFFFFF000, 0x80000000, 0x7FFFFFFF,
    0x40001000, MMAPTOP - MMAPBASE + 1,
  };
  char *a;
  uint i;
  int fd;

  mm_mkfile("mmbadlen", MM_PG);
  fd = mm_open("mmbadlen", O_RDWR);
  a = mm_bystander();
  mm_take();
  for(i = 0; i < MM_NELEM(lens); i++){
    mm_badmap(0, lens[i], MM_RW, MM_ANON, -1, 0, "anonymous, bad length");
    mm_badmap(0, lens[i], PROT_READ, MAP_SHARED, fd, 0, "file, bad length");
    mm_badmap(MMAPBASE + 0x100000, lens[i], MM_RW, MM_ANON|MAP_FIXED, -1, 0,
              "MAP_FIXED, bad length");
  }
  mm_badmap(MMAPTOP - MM_PG, 2*MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0,
            "MAP_FIXED running into the kernel");
  mm_badmap(MMAPBASE + MM_PG, MMAPTOP - MMAPBASE, MM_RW, MM_ANON|MAP_FIXED,
            -1, 0, "MAP_FIXED of the area's size, not at its base");
  mm_badcall(munmap(a, 0), "munmap of length 0");
  mm_badcall(munmap(a, 0xFFFFF000), "munmap with a wrapping length");
  mm_badcall(munmap(a, 0x80000000), "munmap reaching the kernel");
  mm_badcall(mprotect(a, 0xFFFFF000, PROT_READ),
             "mprotect with a wrapping length");
  mm_badcall(msync(a, 0xFFFFF000, MS_SYNC), "msync with a wrapping length");
  if(a[0] != 'k')
    fail("bystander region lost its contents");
  close(fd);
  unlink("mmbadlen");
}

void
mmbadaddr(void)
{
  static uint addrs[] = {
    0, 0x1000, MMAPBASE - MM_PG, KERNBASE, KERNBASE + MM_PG, 0xF0000000,
    0xFFFFF000, MMAPBASE + 1, MMAPBASE + 0x800, MMAPTOP - 1,
  };
  char *a;
  uint i;
  int fd;

  mm_mkfile("mmbadaddr", MM_PG);
  fd = mm_open("mmbadaddr", O_RDONLY);
  a = mm_bystander();
  mm_take();
  for(i = 0; i < MM_NELEM(addrs); i++){
    mm_badmap(addrs[i], MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0,
              "anonymous MAP_FIXED at a bad address");
    mm_badmap(addrs[i], MM_PG, PROT_READ, MAP_PRIVATE|MAP_FIXED, fd, 0,
              "file MAP_FIXED at a bad address");
  }
  if(a[0] != 'k')
    fail("bystander region lost its contents");
  close(fd);
  unlink("mmbadaddr");
}

void
mmbadoff(void)
{
  static int offs[] = { 1, 100, MM_PG - 1, MM_PG + 1, -MM_PG, -1,
                        (int)0x80000000 };
  char *a;
  uint i;
  int fd;

  mm_mkfile("mmbadoff", 3*MM_PG);
  fd = mm_open("mmbadoff", O_RDWR);
  a = mm_bystander();
  mm_take();
  for(i = 0; i < MM_NELEM(offs); i++){
    mm_badmap(0, MM_PG, PROT_READ, MAP_PRIVATE, fd, offs[i],
              "private file mapping, bad offset");
    mm_badmap(0, MM_PG, MM_RW, MAP_SHARED, fd, offs[i],
              "shared file mapping, bad offset");
  }
  mm_badmap(0, MM_PG, MM_RW, MM_ANON, -1, 1, "anonymous, unaligned offset");
  mm_badmap(0, MM_PG, MM_RW, MM_ANON, -1, MM_PG - 1,
            "anonymous, unaligned offset");
  if(a[0] != 'k')
    fail("bystander region lost its contents");
  close(fd);
  unlink("mmbadoff");
}

// Open the console device, wherever init made it.
static int
mm_open_console(void)
{
  struct stat st;
  int fd;

  if((fd = open("/console", O_RDWR)) < 0 && (fd = open("console", O_RDWR)) < 0)
    fail("cannot open the console device");
  if(fstat(fd, &st) < 0 || st.type != T_DEV)
    fail("console is not a device");
  return fd;
}

void
mmbadfd(void)
{
  int fds[6], pfd[2], closed, i;
  char *a;

  mm_mkfile("mmbadfd", MM_PG);
  closed = mm_open("mmbadfd", O_RDWR);
  close(closed);
  mm_pipe(pfd);
  fds[0] = -1;
  fds[1] = 99;
  fds[2] = NOFILE;
  fds[3] = closed;
  fds[4] = mm_open("/", O_RDONLY);
  fds[5] = mm_open_console();
  a = mm_bystander();
  mm_take();
  for(i = 0; i < 6; i++){
    mm_badmap(0, MM_PG, PROT_READ, MAP_PRIVATE, fds[i], 0,
              "private mapping of a bad fd");
    mm_badmap(0, MM_PG, PROT_READ, MAP_SHARED|MAP_FILE, fds[i], 0,
              "shared mapping of a bad fd");
  }
  mm_badmap(0, MM_PG, PROT_READ, MAP_PRIVATE, pfd[0], 0, "mapping of a pipe");
  if(a[0] != 'k')
    fail("bystander region lost its contents");
  close(fds[4]);
  close(fds[5]);
  close(pfd[0]);
  close(pfd[1]);
  unlink("mmbadfd");
}

void
mmbadmode(void)
{
  static int prots[] = { PROT_NONE, PROT_READ, PROT_WRITE, MM_RW };
  int wr, rd, rw, i;
  char *a;

  mm_mkfile("mmbadmode", MM_PG);
  wr = mm_open("mmbadmode", O_WRONLY);
  rd = mm_open("mmbadmode", O_RDONLY);
  rw = mm_open("mmbadmode", O_RDWR);
  a = mm_bystander();
  mm_take();
  for(i = 0; i < MM_NELEM(prots); i++){
    mm_badmap(0, MM_PG, prots[i], MAP_PRIVATE, wr, 0,
              "private mapping of an O_WRONLY fd");
    mm_badmap(0, MM_PG, prots[i], MAP_SHARED, wr, 0,
              "shared mapping of an O_WRONLY fd");
  }
  mm_badmap(0, MM_PG, MM_RW, MAP_SHARED, rd, 0,
            "writable shared mapping of an O_RDONLY fd");
  mm_badmap(0, MM_PG, PROT_WRITE, MAP_SHARED, rd, 0,
            "PROT_WRITE shared mapping of an O_RDONLY fd");
  if(a[0] != 'k')
    fail("bystander region lost its contents");
  // What the same fds may do.
  mm_unmap(mm_map(0, MM_PG, MM_RW, MAP_PRIVATE, rd, 0, "private of O_RDONLY"),
           MM_PG, "munmap");
  mm_unmap(mm_map(0, MM_PG, PROT_READ, MAP_SHARED, rd, 0, "shared of O_RDONLY"),
           MM_PG, "munmap");
  mm_unmap(mm_map(0, MM_PG, MM_RW, MAP_SHARED, rw, 0, "shared of O_RDWR"),
           MM_PG, "munmap");
  close(wr);
  close(rd);
  close(rw);
  unlink("mmbadmode");
}

void
mmbadflags(void)
{
  static int flags[] = {
    MAP_SHARED|MAP_PRIVATE|MAP_ANONYMOUS, MAP_ANONYMOUS, 0, MAP_FIXED,
    MM_ANON|0x40000, MM_ANON|0x100, MM_ANON|0x4, MM_ANON|(int)0x80000000,
  };
  static int prots[] = { 0x8, 0x10, PROT_READ|0x8, (int)0x80000000, -1 };
  int fd, i;
  char *a;

  mm_mkfile("mmbadflags", MM_PG);
  fd = mm_open("mmbadflags", O_RDWR);
  a = mm_bystander();
  mm_take();
  for(i = 0; i < MM_NELEM(flags); i++)
    mm_badmap(0, MM_PG, MM_RW, flags[i], -1, 0, "anonymous, bad flags");
  mm_badmap(0, MM_PG, PROT_READ, MAP_SHARED|MAP_PRIVATE, fd, 0,
            "file, both MAP_SHARED and MAP_PRIVATE");
  mm_badmap(0, MM_PG, PROT_READ, 0, fd, 0,
            "file, neither MAP_SHARED nor MAP_PRIVATE");
  mm_badmap(0, MM_PG, PROT_READ, MAP_PRIVATE|0x40000, fd, 0,
            "file, unknown flag");
  for(i = 0; i < MM_NELEM(prots); i++){
    mm_badmap(0, MM_PG, prots[i], MM_ANON, -1, 0, "anonymous, bad prot");
    mm_badmap(0, MM_PG, prots[i], MAP_PRIVATE, fd, 0, "file, bad prot");
  }
  if(a[0] != 'k')
    fail("bystander region lost its contents");
  close(fd);
  unlink("mmbadflags");
}

void
mmbadunmap(void)
{
  char *a;

  a = mm_bystander();
  mm_take();
  mm_badcall(munmap(a + 1, MM_PG), "munmap at an unaligned address");
  mm_badcall(munmap(a + MM_PG/2, MM_PG), "munmap at an unaligned address");
  mm_badcall(munmap(a, 0), "munmap of length 0");
  mm_badcall(munmap((void*)KERNBASE, MM_PG), "munmap of the kernel");
  mm_badcall(munmap((void*)0xFFFFF000, MM_PG), "munmap of the top page");
  mm_badcall(munmap((void*)(MMAPTOP - MM_PG), 2*MM_PG),
             "munmap running into the kernel");
  mm_badcall(munmap(a, -MM_PG), "munmap of a negative length");
  if(a[0] != 'k')
    fail("bystander region lost its contents");
}

void
mmbadprotect(void)
{
  char *a;

  a = mm_bystander();
  mm_take();
  mm_badcall(mprotect(a + 1, MM_PG, PROT_READ), "mprotect, unaligned address");
  mm_badcall(mprotect(a, MM_PG, 0x8), "mprotect, unknown prot bit");
  mm_badcall(mprotect(a, MM_PG, -1), "mprotect, prot -1");
  mm_badcall(mprotect((void*)KERNBASE, MM_PG, PROT_READ),
             "mprotect of the kernel");
  mm_badcall(mprotect(a, 0xFFFFF000, PROT_READ),
             "mprotect with a wrapping length");
  a[MM_PG] = 'w';  // still writable
  if(a[0] != 'k')
    fail("bystander region lost its contents");
}

void
mmbadsync(void)
{
  char *s, *u;
  int fd;

  mm_mkfile("mmbadsync", MM_PG);
  fd = mm_open("mmbadsync", O_RDWR);
  s = mm_map(0, MM_PG, MM_RW, MAP_SHARED, fd, 0, "shared mmap");
  mm_scribble(s, 0, MM_PG);
  u = mm_map(0, MM_PG, MM_RW, MM_ANON, -1, 0, "mmap");
  mm_unmap(u, MM_PG, "munmap");
  mm_take();
  mm_badcall(msync(s, MM_PG, MS_ASYNC|MS_SYNC), "msync MS_ASYNC|MS_SYNC");
  mm_badcall(msync(s, MM_PG, 8), "msync with unknown flag 8");
  mm_badcall(msync(s, MM_PG, 0x100), "msync with unknown flag 0x100");
  mm_badcall(msync(s + 1, MM_PG, MS_SYNC), "msync at an unaligned address");
  mm_badcall(msync(u, MM_PG, MS_SYNC), "msync of an unmapped range");
  mm_badcall(msync((void*)KERNBASE, MM_PG, MS_SYNC), "msync of the kernel");
  mm_expect_file("mmbadsync", MM_PG, 0, 0, "file after refused msyncs");
  if(msync(s, MM_PG, MS_SYNC) != 0)
    fail("msync after the refused ones failed");
  mm_expect_file("mmbadsync", MM_PG, 0, MM_PG, "file after msync");
  close(fd);
  unlink("mmbadsync");
}

// ---- the table ----------------------------------------------------

// Every test, in the order `usertests` runs them. mem runs last: it
// exhausts memory, which is best done when nothing else is left to test.
static struct test {
  void (*fn)(void);
  char *name;
} tests[] = {
  { sbrkbasic,    "sbrkbasic" },
  { sbrkmuch,     "sbrkmuch" },
  { sbrkneg,      "sbrkneg" },
  { sbrklimit,    "sbrklimit" },
  { bsstest,      "bsstest" },
  { stacktest,    "stacktest" },
  { kernmem,      "kernmem" },
  { validatetest, "validatetest" },
  { badbuf,       "badbuf" },
  { badlen,       "badlen" },
  { badfd,        "badfd" },
  { bigargtest,   "bigargtest" },
  { exitwait,     "exitwait" },
  { reparent,     "reparent" },
  { forktest,     "forktest" },
  { preempt,      "preempt" },
  { killstatus,   "killstatus" },
  { pipe1,        "pipe1" },
  { createtest,   "createtest" },
  { writetest,    "writetest" },
  { writetest1,   "writetest1" },
  { bigwrite,     "bigwrite" },
  { bigfile,      "bigfile" },
  { fourfiles,    "fourfiles" },
  { createdelete, "createdelete" },
  { sharedfd,     "sharedfd" },
  { concreate,    "concreate" },
  { linkunlink,   "linkunlink" },
  { unlinkread,   "unlinkread" },
  { linktest,     "linktest" },
  { openiputtest, "openiputtest" },
  { exitiputtest, "exitiputtest" },
  { iputtest,     "iputtest" },
  { rmdot,        "rmdot" },
  { fourteen,     "fourteen" },
  { subdir,       "subdir" },
  { dirfile,      "dirfile" },
  { iref,         "iref" },
  { bigdir,       "bigdir" },
  { hugefile,     "hugefile" },
  { kmallsizes,  "kmallsizes" },
  { kmdistinct,  "kmdistinct" },
  { kmreuse,     "kmreuse" },
  { kmbadfree,   "kmbadfree" },
  { kmotherproc, "kmotherproc" },
  { kmzero,      "kmzero" },
  { kmlimit,     "kmlimit" },
  { kmexit,      "kmexit" },
  { kmkilled,    "kmkilled" },
  { kmfault,     "kmfault" },
  { kmstats,     "kmstats" },
  { mmalign, "mmalign" },
  { mmanon, "mmanon" },
  { mmlazy, "mmlazy" },
  { mmrokill, "mmrokill" },
  { mmnonekill, "mmnonekill" },
  { mmunmapkill, "mmunmapkill" },
  { mmmulti, "mmmulti" },
  { mmfileprivate, "mmfileprivate" },
  { mmsharedunmap, "mmsharedunmap" },
  { mmsharedmsync, "mmsharedmsync" },
  { mmsharedexit, "mmsharedexit" },
  { mmclose, "mmclose" },
  { mmoffset, "mmoffset" },
  { mmeof, "mmeof" },
  { mmeofkill, "mmeofkill" },
  { mmhint, "mmhint" },
  { mmfixed, "mmfixed" },
  { mmsplit, "mmsplit" },
  { mmtrim, "mmtrim" },
  { mmmerge, "mmmerge" },
  { mmunmapmany, "mmunmapmany" },
  { mmprotsplit, "mmprotsplit" },
  { mmprotrun, "mmprotrun" },
  { mmprotkill, "mmprotkill" },
  { mmprotnone, "mmprotnone" },
  { mmprothole, "mmprothole" },
  { mmprotro, "mmprotro" },
  { mmforkpriv, "mmforkpriv" },
  { mmforkshared, "mmforkshared" },
  { mmforkfile, "mmforkfile" },
  { mmexec, "mmexec" },
  { mmexit, "mmexit" },
  { mmsyscall, "mmsyscall" },
  { mmimage, "mmimage" },
  { mmbadlen, "mmbadlen" },
  { mmbadaddr, "mmbadaddr" },
  { mmbadoff, "mmbadoff" },
  { mmbadfd, "mmbadfd" },
  { mmbadmode, "mmbadmode" },
  { mmbadflags, "mmbadflags" },
  { mmbadunmap, "mmbadunmap" },
  { mmbadprotect, "mmbadprotect" },
  { mmbadsync, "mmbadsync" },
  { mmmany, "mmmany" },
  { mmlimit, "mmlimit" },
  { mmhuge, "mmhuge" },
  { mem,          "mem" },
  { 0, 0 },
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

static struct test*
findtest(char *pattern)
{
  struct test *t;

  for(t = tests; t->fn != 0; t++)
    if(matches(pattern, t->name))
      return t;
  return 0;
}

static void
listtests(void)
{
  struct test *t;
  int col = 0;

  for(t = tests; t->fn != 0; t++){
    if(col + strlen(t->name) + 1 > 72){
      printf(1, "\n");
      col = 0;
    }
    printf(1, " %s", t->name);
    col += strlen(t->name) + 1;
  }
  printf(1, "\n");
}

int
main(int argc, char *argv[])
{
  struct test *t;
  int i, n = 0, failed = 0;

  for(i = 1; i < argc; i++){
    if(findtest(argv[i]) == 0){
      printf(1, "usertests: no test called %s; the tests are:\n", argv[i]);
      listtests();
      exit();
    }
  }

  // The tests name files relative to the root (and some absolutely).
  if(chdir("/") < 0)
    printf(1, "usertests: cannot chdir to /\n");

  printf(1, "usertests starting\n");
  if(argc < 2){
    for(t = tests; t->fn != 0; t++){
      n++;
      if(!runtest(t->name, t->fn))
        failed++;
    }
  } else {
    for(i = 1; i < argc; i++){
      for(t = tests; t->fn != 0; t++){
        if(!matches(argv[i], t->name))
          continue;
        n++;
        if(!runtest(t->name, t->fn))
          failed++;
      }
    }
  }
  if(failed)
    printf(1, "SOME TESTS FAILED: %d of %d\n", failed, n);
  else
    printf(1, "ALL TESTS PASSED\n");
  exit();
}
