// usertests, processes and system calls: sbrk, the stack and kernel
// addresses; bad arguments to system calls (addresses, lengths,
// descriptors, exec arguments); fork, exit, wait, kill, preemption and
// pipes; and mem, which exhausts memory and so runs last.
#include "usertests.h"

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
  // Every page comes back, and every page table the heap grew into.
  if(freepages() != free0)
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
  int fd, pid, n;
  char c;

  pid = forkreport(&fd, "");
  if(pid == 0){
    fn();
    write(fd, "r", 1);
    exit();
  }
  sleep(1);
  if(kill(pid) < 0)
    fail("kill(%d) of %s failed", pid, what);
  if(unblock >= 0)
    close(unblock);
  n = read(fd, &c, 1);
  close(fd);
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

// ---- %gs: the kernel's per-CPU segment ------------------------------

// The kernel reaches its per-CPU data through %gs (SEG_KCPU), reloads
// %gs on every entry and gives the user's value back on return. So a
// user value must survive system calls and clock interrupts unchanged,
// and the kernel's selector must be out of user code's reach.
static void
loadgs_user(uint sel)
{
  asm volatile("movw %w0, %%gs" : : "r" (sel));
}

static void
gssegment(void)
{
  uint sels[] = { 0, (SEG_UDATA << 3) | DPL_USER };
  ushort gs;
  int i, pid = getpid(), t;

  for(i = 0; i < NELEM(sels); i++){
    loadgs_user(sels[i]);
    // System calls, then long enough for a few clock interrupts.
    for(t = 0; t < 1000; t++)
      if(getpid() != pid)
        fail("getpid wrong with %%gs = 0x%x", sels[i]);
    for(t = uptime(); uptime() < t + 3; )
      ;
    asm volatile("movw %%gs, %0" : "=r" (gs));
    if(gs != sels[i])
      fail("%%gs was 0x%x, came back from the kernel as 0x%x", sels[i], gs);
  }
  expect_killed(loadgs_user, (SEG_KCPU << 3) | DPL_USER,
                "loading the kernel's per-CPU selector into %gs");
  expect_killed(loadgs_user, SEG_KCPU << 3,
                "loading the kernel's per-CPU selector with RPL 0");
}

// ---- the table ----------------------------------------------------

// This file's tests, in the order usertests runs them.
struct test proc_tests[] = {
  { sbrkbasic,    "sbrkbasic" },
  { sbrkmuch,     "sbrkmuch" },
  { sbrkneg,      "sbrkneg" },
  { sbrklimit,    "sbrklimit" },
  { bsstest,      "bsstest" },
  { stacktest,    "stacktest" },
  { kernmem,      "kernmem" },
  { gssegment,    "gssegment" },
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
  { 0, 0 },
};

// Run after every other table (main.c): mem exhausts memory.
struct test last_tests[] = {
  { mem, "mem" },
  { 0, 0 },
};
