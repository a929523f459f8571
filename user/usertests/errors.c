// errors.c: the error numbers failing system calls report (errno.h):
// every test here makes calls that must fail and checks both the -1 and
// the errno, for the file system calls, the process calls, the
// inspection calls, and the C library's strerror. The mmap family's
// numbers are checked where its bad calls are (mmbad.c and friends,
// through mm_badcall). expect_errno() is shared with those files.
#include "usertests.h"
#include "errno.h"

// The call that returned r must have failed with error number e.
void
expect_errno(int r, int e, char *what)
{
  if(r != -1)
    fail("%s returned %d, expected -1 with errno %d (%s)", what, r, e,
         strerror(e));
  if(errno != e)
    fail("%s: errno %d (%s), expected %d (%s)", what, errno,
         strerror(errno), e, strerror(e));
}

// Path names: missing, not a directory, existing, a directory where a
// file is wanted, too long, not readable.
static void
errpath(void)
{
  static char longpath[MAXPATH + 8];
  int fd;

  unlink("errf");
  if((fd = open("errf", O_CREATE | O_RDWR)) < 0)
    fail("cannot create errf");
  close(fd);
  if(mkdir("errd") < 0 || mkdir("errd/sub") < 0)
    fail("cannot make errd/sub");

  expect_errno(open("errnone", O_RDONLY), ENOENT, "open of a missing file");
  expect_errno(open("errnone/x", O_CREATE | O_RDWR), ENOENT,
               "create in a missing directory");
  expect_errno(open("errf/x", O_RDONLY), ENOTDIR, "open below a file");
  expect_errno(chdir("errf"), ENOTDIR, "chdir to a file");
  expect_errno(chdir("errnone"), ENOENT, "chdir to a missing directory");
  expect_errno(mkdir("errd"), EEXIST, "mkdir of an existing name");
  expect_errno(mkdir("errf"), EEXIST, "mkdir over a file");
  expect_errno(mkdir("/"), EEXIST, "mkdir /");
  expect_errno(mknod("errf", 1, 1), EEXIST, "mknod over a file");
  expect_errno(mknod("errdev", NDEV, 0), EINVAL, "mknod with a bad major");
  expect_errno(link("errf", "errd/sub"), EEXIST, "link over a name");
  expect_errno(link("errnone", "errg"), ENOENT, "link of a missing file");
  expect_errno(link("errd", "errg"), EPERM, "link of a directory");
  expect_errno(open("errd", O_RDWR), EISDIR, "open of a directory to write");
  expect_errno(open("errd", O_CREATE | O_RDWR), EISDIR,
               "O_CREATE over a directory");
  expect_errno(unlink("errnone"), ENOENT, "unlink of a missing name");
  expect_errno(unlink("errd"), ENOTEMPTY, "unlink of a non-empty directory");
  expect_errno(unlink("errd/."), EINVAL, "unlink of .");
  expect_errno(unlink("errd/.."), ENOTEMPTY, "unlink of ..");
  expect_errno(unlink("/"), EBUSY, "unlink of /");
  expect_errno(exec("errnone", (char*[]){ "errnone", 0 }), ENOENT,
               "exec of a missing file");

  memset(longpath, 'a', sizeof(longpath) - 1);
  longpath[sizeof(longpath) - 1] = 0;
  expect_errno(open(longpath, O_RDONLY), ENAMETOOLONG,
               "open of a path longer than MAXPATH");
  expect_errno(mkdir(longpath), ENAMETOOLONG, "mkdir of a long path");
  expect_errno(unlink(longpath), ENAMETOOLONG, "unlink of a long path");
  expect_errno(open((char*)KERNBASE, O_RDONLY), EFAULT,
               "open of a kernel address");
  expect_errno(mkdir((char*)0xFFFFFFF0), EFAULT, "mkdir of a wrapping path");

  if(unlink("errd/sub") < 0 || unlink("errd") < 0 || unlink("errf") < 0)
    fail("cleanup failed");
}

// Descriptors: not open, open the wrong way, table full, bad buffers.
static void
errfd(void)
{
  struct stat st;
  int fd, fds[NOFILE], pp[2], n, i;
  char c;

  expect_errno(read(NOFILE, &c, 1), EBADF, "read of fd NOFILE");
  expect_errno(write(-1, &c, 1), EBADF, "write of fd -1");
  expect_errno(close(NOFILE), EBADF, "close of fd NOFILE");
  expect_errno(fstat(NOFILE + 5, &st), EBADF, "fstat of a bad fd");
  expect_errno(dup(-3), EBADF, "dup of a bad fd");

  if((fd = open("README", O_RDONLY)) < 0)
    fail("cannot open README");
  expect_errno(write(fd, "x", 1), EBADF, "write to a read-only fd");
  expect_errno(read(fd, &c, -1), EINVAL, "read of a negative count");
  expect_errno(read(fd, (char*)KERNBASE, 10), EFAULT,
               "read into kernel memory");
  expect_errno(fstat(fd, (struct stat*)KERNBASE), EFAULT,
               "fstat into kernel memory");
  close(fd);
  if((fd = open("errw", O_CREATE | O_WRONLY)) < 0)
    fail("cannot create errw");
  expect_errno(read(fd, &c, 1), EBADF, "read from a write-only fd");
  expect_errno(write(fd, (char*)KERNBASE, 10), EFAULT,
               "write from kernel memory");
  close(fd);
  unlink("errw");

  // Fill the table; the harness's pipe holds some of it already.
  for(n = 0; n < NOFILE; n++){
    if((fds[n] = open("README", O_RDONLY)) < 0)
      break;
  }
  if(n == NOFILE)
    fail("opened %d files", n);
  expect_errno(fds[n], EMFILE, "open with the descriptor table full");
  expect_errno(dup(fds[0]), EMFILE, "dup with the table full");
  expect_errno(pipe(pp), EMFILE, "pipe with the table full");
  for(i = 0; i < n; i++)
    close(fds[i]);

  // errno keeps the last error: a call that succeeds leaves it alone.
  errno = 0;
  if((fd = open("README", O_RDONLY)) < 0)
    fail("cannot open README again");
  close(fd);
  if(errno != 0)
    fail("a successful open set errno to %d", errno);
}

// Processes, pipes, memory and the inspection calls.
static void
errproc(void)
{
  static char *many[MAXARG + 2];
  static int pids[NPROC];
  struct vmregion r;
  char msg[8];
  int p[2], i, n;

  expect_errno(wait(), ECHILD, "wait with no children");

  // Fill the process table: fork says EAGAIN.
  n = fillprocs(pids);
  expect_errno(pids[n], EAGAIN, "fork with the process table full");
  reapprocs(pids, n);

  expect_errno(kill(1), EPERM, "kill of init");
  expect_errno(kill(100000), ESRCH, "kill of no process");
  expect_errno(sleep(-1), EINVAL, "sleep of -1 ticks");
  expect_errno((int)sbrk(0x7FFFFFFF), ENOMEM, "sbrk past the mmap area");
  expect_errno(pipe((int*)KERNBASE), EFAULT, "pipe into kernel memory");

  if(pipe(p) < 0)
    fail("pipe failed");
  close(p[0]);
  expect_errno(write(p[1], "x", 1), EPIPE, "write to a pipe nobody reads");
  close(p[1]);

  expect_errno(exec("/", (char*[]){ "/", 0 }), EACCES, "exec of a directory");
  expect_errno(exec("/README", (char*[]){ "README", 0 }), ENOEXEC,
               "exec of a text file");
  for(i = 0; i < MAXARG + 1; i++)
    many[i] = "x";
  many[MAXARG + 1] = 0;
  expect_errno(exec("/echo", many), E2BIG, "exec with MAXARG+1 arguments");
  expect_errno(exec("/echo", (char**)KERNBASE), EFAULT,
               "exec with argv in kernel memory");

  expect_errno(vmregions(100000, &r, 1), ESRCH, "vmregions of no process");
  expect_errno(vmregions(0, &r, -1), EINVAL, "vmregions of -1 entries");
  expect_errno(vmregions(0, (struct vmregion*)KERNBASE, 1), EFAULT,
               "vmregions into kernel memory");
  expect_errno(vmcheck(100000, msg, sizeof(msg)), ESRCH,
               "vmcheck of no process");
  expect_errno(vmcheck(0, msg, PGSIZE + 1), EINVAL,
               "vmcheck with a message longer than a page");
  expect_errno(kmstat((struct kmstat*)KERNBASE), EFAULT,
               "kmstat into kernel memory");
  expect_errno(kmfree((void*)KERNBASE), EINVAL, "kmfree of a stranger");

  errno = 0;
  if(kmalloc(0) != 0)
    fail("kmalloc(0) did not return 0");
  if(errno != EINVAL)
    fail("kmalloc(0): errno %d, expected EINVAL", errno);
  if(kmalloc(KMALLOC_MAX + 1) != 0 || errno != EINVAL)
    fail("kmalloc(KMALLOC_MAX+1): errno %d, expected EINVAL", errno);
}

// strerror's words are Linux's; numbers it does not know say so.
// perror writes "prefix: message" to fd 2.
static void
errstr(void)
{
  static char want[] = "errstr: No such file or directory\n";
  char got[64];
  int p[2], n, pid;

  if(strcmp(strerror(ENOENT), "No such file or directory") != 0)
    fail("strerror(ENOENT) is \"%s\"", strerror(ENOENT));
  if(strcmp(strerror(ENOMEM), "Cannot allocate memory") != 0)
    fail("strerror(ENOMEM) is \"%s\"", strerror(ENOMEM));
  if(strcmp(strerror(0), "Unknown error") != 0 ||
     strcmp(strerror(-1), "Unknown error") != 0 ||
     strcmp(strerror(4096), "Unknown error") != 0 ||
     strcmp(strerror(6), "Unknown error") != 0)
    fail("strerror of an unknown number is not \"Unknown error\"");

  if(pipe(p) < 0)
    fail("pipe failed");
  if((pid = fork()) < 0)
    fail("fork failed");
  if(pid == 0){
    close(2);
    if(dup(p[1]) != 2)
      fail("dup did not give fd 2");
    errno = ENOENT;
    perror("errstr");
    exit();
  }
  close(p[1]);
  for(n = 0; n < sizeof(got) - 1; n++){
    if(read(p[0], got + n, 1) != 1)
      break;
  }
  got[n] = 0;
  close(p[0]);
  wait();
  if(strcmp(got, want) != 0)
    fail("perror wrote \"%s\"", got);
}

// ---- the table ----------------------------------------------------

// This file's tests, in the order usertests runs them.
struct test errors_tests[] = {
  { errpath, "errpath" },
  { errfd,   "errfd" },
  { errproc, "errproc" },
  { errstr,  "errstr" },
  { 0, 0 },
};
