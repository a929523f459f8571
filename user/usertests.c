// usertests: the system's own test suite, run inside xv6.
//
//   usertests            run every test in the table at the bottom
//   usertests NAME...    run only the named tests
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
static char buf[8192];        // scratch space for any test
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

// Kernel memory in use, as far as the tests can see it. Pages that
// kmalloc holds count as free: kmalloc may keep an empty page cached, and
// a leaked kmalloc object shows up in kbytes anyway.
struct usage {
  int pages;
  uint kbytes;
};

static void
getusage(struct usage *u)
{
  struct kmstat st;

  u->pages = freepages();
  u->kbytes = 0;
  if(kmstat(&st) == 0){
    u->pages += st.pages;
    u->kbytes = st.bytes;
  }
}

static int
sameusage(struct usage *a, struct usage *b)
{
  return a->pages == b->pages && a->kbytes == b->kbytes;
}

// Run one test in a child process and judge it. Returns 1 if it passed.
static int
runtest(char *name, void (*fn)(void))
{
  struct usage before, after;
  int fds[2], pid, n, w, t;
  char c;

  printf(1, "test %s: ", name);
  getusage(&before);
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

  getusage(&after);
  for(t = 0; t < SETTLETICKS && !sameusage(&before, &after); t++){
    sleep(1);
    getusage(&after);
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
  { mem,          "mem" },
  { 0, 0 },
};

static struct test*
findtest(char *name)
{
  struct test *t;

  for(t = tests; t->fn != 0; t++)
    if(strcmp(t->name, name) == 0)
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
      t = findtest(argv[i]);
      n++;
      if(!runtest(t->name, t->fn))
        failed++;
    }
  }
  if(failed)
    printf(1, "SOME TESTS FAILED: %d of %d\n", failed, n);
  else
    printf(1, "ALL TESTS PASSED\n");
  exit();
}
