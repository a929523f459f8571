// usertests, hardening (issue 11): hostile programs that once panicked,
// hung or leaked the kernel: strings changing under the system calls
// reading them, a removed working directory, killing init or filling
// the process table under it, exec of a device.
#include "usertests.h"

#define RACETICKS 150   // clock ticks each string race runs

static char racebig[PGSIZE - 40];   // exec argument: with the racing
                                    // one, more than a page

// Make a shared anonymous page whose end is followed by unmapped memory
// (at is 0 for anywhere, or a fixed address), and fill it with a path
// "rf/xxx...x" of len bytes whose NUL is the page's last byte. rf is a
// plain file, so every path call on the string fails, but only after
// the kernel has scanned all of it.
static char*
racepage(uint at, int len)
{
  char *p;

  if(at){
    p = mmap((void*)at, PGSIZE, PROT_READ|PROT_WRITE,
             MAP_SHARED|MAP_ANONYMOUS|MAP_FIXED, -1, 0);
  } else {
    p = mmap(0, 2*PGSIZE, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS,
             -1, 0);
    if(p != MAP_FAILED && munmap(p + PGSIZE, PGSIZE) < 0)
      fail("munmap of the second page failed");
  }
  if(p == MAP_FAILED)
    fail("mmap of a shared page at 0x%x failed", at);
  memset(p, 'x', PGSIZE);
  memmove(p + PGSIZE - len, "rf/", 3);
  p[PGSIZE - 1] = 0;
  return p + PGSIZE - len;
}

// Every path call, and exec with the string as a path and as an
// argument; all must fail.
static void
racecalls(char *s)
{
  char *argv[3];

  if(open(s, O_RDONLY) != -1 || open(s, O_CREATE | O_RDWR) != -1)
    fail("open of a path through a file succeeded");
  if(mkdir(s) != -1 || mknod(s, 1, 1) != -1 || chdir(s) != -1)
    fail("mkdir, mknod or chdir of a path through a file succeeded");
  if(unlink(s) != -1 || link("rf", s) != -1 || link(s, "rf.l") != -1)
    fail("unlink or link of a path through a file succeeded");
  argv[0] = s;
  argv[1] = 0;
  if(exec(s, argv) != -1)
    fail("exec of a path through a file succeeded");
  argv[0] = s;
  argv[1] = racebig;
  argv[2] = 0;
  if(exec("/echo", argv) != -1)
    fail("exec with more than a page of arguments succeeded");
}

// Race a sibling that keeps clearing and setting the NUL at the end of
// the string (in a MAP_SHARED page it shares) against the system calls
// reading it, for RACETICKS ticks.
static void
racestring(uint at, int len)
{
  volatile char *end;
  char *s;
  int pid, t0, n;

  s = racepage(at, len);
  end = s + len - 1;
  pid = fork();
  if(pid < 0)
    fail("fork failed");
  if(pid == 0){
    for(;;){
      *end = 'x';
      *end = 0;
    }
  }
  t0 = uptime();
  for(n = 0; uptime() - t0 < RACETICKS; n++)
    racecalls(s);
  kill(pid);
  if(wait() != pid)
    fail("wait did not return the racing child");
  if(munmap((char*)PGROUNDDOWN((uint)s), PGSIZE) < 0)
    fail("munmap failed");
  if(n == 0)
    fail("no calls made");
}

// Issue 11 item 1: the kernel copies each path and exec argument once,
// bounded, and uses only the copy. Before, a NUL cleared after the
// check sent skipelem (or exec's strlen) past the checked page: trap 14
// in the kernel, or reading kernel memory when the page is the last one
// below KERNBASE.
static void
strrace(void)
{
  char longpath[MAXPATH + 10];

  makefile("rf", 1);
  memset(racebig, 'y', sizeof(racebig) - 1);
  racestring(0, 60);             // fits MAXPATH
  racestring(0, 3000);           // too long for a path
  racestring(KERNBASE - PGSIZE, 60);
  // A path of MAXPATH bytes or more is refused whole, never cut short.
  memset(longpath, 'a', sizeof(longpath) - 1);
  longpath[sizeof(longpath) - 1] = 0;
  if(open(longpath, O_CREATE | O_RDWR) != -1)
    fail("open of a %d-byte path succeeded", (int)sizeof(longpath) - 1);
  longpath[MAXPATH - 1] = 0;
  if(open(longpath, O_RDONLY) != -1)
    fail("open of a missing %d-byte path succeeded", MAXPATH - 1);
  if(unlink("rf") < 0)
    fail("cannot remove rf");
}

// Leave the removed working directory for the root, and remove name,
// the file the test made there.
static void
rmcwdleave(char *name)
{
  if(chdir("/") < 0)
    fail("chdir / failed");
  if(unlink(name) < 0)
    fail("cannot remove %s", name);
}

// Issue 11 item 2: ".." of a removed working directory. Before, the
// directory's ".." still named its removed (and freed) parent: ilock
// panicked "inode has no type", or ".." named whatever file had reused
// the inode. Now, as in Linux, the removed directory still works as
// the working directory but has no "..".
static void
rmcwddotdot(void)
{
  struct stat st;
  int fd;

  if(mkdir("/da") < 0)
    fail("mkdir /da failed");
  enterremoved("/da/db", "/da/db");
  if(unlink("/da") < 0)
    fail("unlink /da failed");
  if((fd = open("..", O_RDONLY)) != -1)
    fail("open(\"..\") of a removed directory returned %d", fd);
  makefile("/rmcwd.f", 10);  // may reuse /da's inode
  if((fd = open("..", O_RDONLY)) != -1)
    fail("open(\"..\") of a removed directory returned %d once its "
         "parent's inode was reused", fd);
  if(chdir("..") != -1)
    fail("chdir(\"..\") out of a removed directory succeeded");
  if(open("../rmcwd.f", O_RDONLY) != -1)
    fail("a path through \"..\" of a removed directory opened");
  if((fd = open(".", O_RDONLY)) < 0)
    fail("open(\".\") of the removed working directory failed");
  if(fstat(fd, &st) < 0 || st.type != T_DIR || st.nlink != 0)
    fail("fstat of the removed directory: type %d nlink %d", st.type,
         st.nlink);
  close(fd);
  rmcwdleave("/rmcwd.f");
}

// Issue 11 item 3: nothing can be created in a removed directory.
// Before, a file created there (and its blocks) stayed allocated for
// ever, named by nothing; fsck after the group sees such a leak.
static void
rmcwdcreate(void)
{
  int fd;

  enterremoved("/od", "/od");
  if((fd = open("f", O_CREATE | O_RDWR)) >= 0){
    write(fd, buf, 2000);
    close(fd);
    fail("created a file in a removed directory");
  }
  if(open("./g", O_CREATE | O_RDWR) != -1)
    fail("created ./g in a removed directory");
  if(mkdir("d") != -1)
    fail("made a directory in a removed directory");
  if(mknod("n", 1, 1) != -1)
    fail("made a device in a removed directory");
  makefile("/rmcwd.l", 1);
  if(link("/rmcwd.l", "l") != -1)
    fail("linked a file into a removed directory");
  rmcwdleave("/rmcwd.l");
}

// Issue 11 item 4: kill(1) killed init, and the kernel panicked "init
// exiting". init is not killable.
static void
killinit(void)
{
  if(kill(1) != -1)
    fail("kill(1) did not return -1");
  sleep(2);
  if(kill(1) != -1)
    fail("second kill(1) did not return -1");
}

// Issue 11 item 4: init must survive its fork failing. Run /init as an
// ordinary process with the process table full (its output going to a
// file, its input an empty file): it must say it will retry, and retry,
// instead of exiting.
static void
initfork(void)
{
  static char *initargv[] = { "init", 0 };
  static int fillers[NPROC];
  int go[2], pid, n, fd, tries;
  char c, *s;

  unlink("initfork.out");
  unlink("initfork.in");
  if(pipe(go) < 0)
    fail("pipe failed");
  pid = fork();
  if(pid < 0)
    fail("fork failed");
  if(pid == 0){
    close(go[1]);
    if(read(go[0], &c, 1) != 1)
      exit();
    close(go[0]);
    close(0);
    if(open("initfork.in", O_CREATE | O_RDONLY) != 0)
      fail("cannot make initfork.in fd 0");
    close(1);
    if(open("initfork.out", O_CREATE | O_WRONLY) != 1)
      fail("cannot make initfork.out fd 1");
    exec("/init", initargv);
    fail("exec /init failed");
  }
  close(go[0]);
  n = fillprocs(fillers);
  write(go[1], "g", 1);
  close(go[1]);
  sleep(130);  // init's first try, and two retries 50 ticks apart
  kill(pid);
  while(wait() != pid)
    ;
  reapprocs(fillers, n);
  if((fd = open("initfork.out", O_RDONLY)) < 0)
    fail("init left no output");
  n = read(fd, buf, sizeof(buf) - 1);
  close(fd);
  buf[n < 0 ? 0 : n] = 0;
  tries = 0;
  for(s = buf; (s = strchr(s, 'f')) != 0; s++)
    if(strncmp(s, "fork failed", 11) == 0)
      tries++;
  if(tries < 2)
    fail("init tried to fork %d time(s) with the table full, not >= 2: %s",
         tries, buf);
  unlink("initfork.out");
  unlink("initfork.in");
}

// Issue 11 item 5: exec of a device waited for the device inside a log
// operation (exec("console") read a line from the console, and every
// file system call in the system waited with it). exec refuses anything
// but a regular file before reading it.
static void
execdev(void)
{
  static char *argv[] = { "console", 0 };
  int fd, pid;
  char c;

  if(exec("/", argv) != -1)
    fail("exec of a directory did not return -1");
  if((pid = forkreport(&fd, "")) == 0){
    if(exec("console", argv) != -1)
      fail("exec of the console did not return -1");
    write(fd, "r", 1);
    exit();
  }
  // Give it a second, then unblock it if it is waiting for input
  // (killed, it exits without writing to the pipe).
  sleep(100);
  kill(pid);
  if(wait() != pid)
    fail("wait did not return the child");
  if(read(fd, &c, 1) != 1)
    fail("exec of the console was still waiting after a second");
  close(fd);
}

// ---- the table ----------------------------------------------------

// This file's tests, in the order usertests runs them.
struct test harden_tests[] = {
  { strrace,     "strrace" },
  { rmcwddotdot, "rmcwddotdot" },
  { rmcwdcreate, "rmcwdcreate" },
  { killinit,    "killinit" },
  { initfork,    "initfork" },
  { execdev,     "execdev" },
  { 0, 0 },
};
