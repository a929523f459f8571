// usertests, mmap: system calls with buffers in mapped memory; text,
// heap and stack are not regions; bad arguments to every region call
// fail and change nothing.
#include "usertests.h"

// ---------------------------------------------------------------------
// System calls with buffers in mapped memory.

static void
mmsyscall(void)
{
  int fd, out, pfd[2];
  char *p, *q, *r, *n, *u;

  p = mm_newmap("mmsys", 2*MM_PG, O_RDONLY, PROT_READ, MAP_PRIVATE, &fd);
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
  expect_errno(read(fd, r, 10), EFAULT, "read into a PROT_READ region");
  close(fd);
  mm_expect_fill(r, MM_PG, 0, "PROT_READ region after a refused read");

  n = mm_map(0, MM_PG, PROT_NONE, MM_ANON, -1, 0, "PROT_NONE mmap");
  out = mm_open("mmsys2", O_RDWR);
  expect_errno(write(out, n, 10), EFAULT,
               "write to a file from a PROT_NONE region");
  mm_pipe(pfd);
  expect_errno(write(pfd[1], n, 10), EFAULT,
               "write to a pipe from a PROT_NONE region");
  close(pfd[0]);
  close(pfd[1]);

  u = mm_map(0, 2*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap");
  mm_unmap(u + MM_PG, MM_PG, "munmap of the second page");
  fd = mm_open("mmsys", O_RDONLY);
  expect_errno(read(fd, u, 2*MM_PG), EFAULT,
               "read into a range running into a hole");
  close(fd);
  expect_errno(write(out, u + MM_PG, 1), EFAULT,
               "write from an unmapped page");
  close(out);
  mm_expect_file("mmsys2", 2*MM_PG, 0, 0, "file after refused writes");
  unlink("mmsys");
  unlink("mmsys2");
  mm_check("mmsyscall");
}

// ---------------------------------------------------------------------
// Bad arguments: each call fails and changes nothing.

// Start a bad-arguments test: map a bystander region, which must survive
// every bad call, and record the state those calls must leave alone
// (mm_take). Returns the bystander.
static char*
mm_badstart(void)
{
  char *a = mm_map(0, 2*MM_PG, MM_RW, MM_ANON, -1, 0, "bystander mmap");

  a[0] = 'k';
  mm_take();
  return a;
}

// End a bad-arguments test: the bystander a still holds what
// mm_badstart put there.
static void
mm_badend(char *a)
{
  if(a[0] != 'k')
    fail("bystander region lost its contents");
}

static void
mmbadlen(void)
{
  static uint lens[] = {
    0, 0xFFFFFFFF, 0xFFFFF001, 0xFFFFF000, 0x80000000, 0x7FFFFFFF,
    0x40001000, MMAPTOP - MMAPBASE + 1,
  };
  char *a;
  uint i;
  int fd, e;

  fd = mm_newfile("mmbadlen", MM_PG, O_RDWR);
  a = mm_badstart();
  // Length 0 is EINVAL; a length the area cannot hold is ENOMEM.
  for(i = 0; i < NELEM(lens); i++){
    e = lens[i] == 0 ? EINVAL : ENOMEM;
    mm_badmap(0, lens[i], MM_RW, MM_ANON, -1, 0, e, "anonymous, bad length");
    mm_badmap(0, lens[i], PROT_READ, MAP_SHARED, fd, 0, e,
              "file, bad length");
    mm_badmap(MMAPBASE + 0x100000, lens[i], MM_RW, MM_ANON|MAP_FIXED, -1, 0,
              e, "MAP_FIXED, bad length");
  }
  mm_badmap(MMAPTOP - MM_PG, 2*MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0,
            ENOMEM, "MAP_FIXED running into the kernel");
  mm_badmap(MMAPBASE + MM_PG, MMAPTOP - MMAPBASE, MM_RW, MM_ANON|MAP_FIXED,
            -1, 0, ENOMEM, "MAP_FIXED of the area's size, not at its base");
  mm_badcall(munmap(a, 0), EINVAL, "munmap of length 0");
  mm_badcall(munmap(a, 0xFFFFF000), EINVAL, "munmap with a wrapping length");
  mm_badcall(munmap(a, 0x80000000), EINVAL, "munmap reaching the kernel");
  mm_badcall(mprotect(a, 0xFFFFF000, PROT_READ), ENOMEM,
             "mprotect with a wrapping length");
  mm_badcall(msync(a, 0xFFFFF000, MS_SYNC), ENOMEM,
             "msync with a wrapping length");
  mm_badend(a);
  close(fd);
  unlink("mmbadlen");
}

static void
mmbadaddr(void)
{
  static uint addrs[] = {
    KERNBASE, KERNBASE + MM_PG, 0xF0000000, 0xFFFFF000, MMAPBASE + 1,
    MMAPBASE + 0x800, MMAPTOP - 1, 1, 0x1001,
  };
  char *a;
  uint i;
  int fd, e;

  fd = mm_newfile("mmbadaddr", MM_PG, O_RDONLY);
  a = mm_badstart();
  // Unaligned is EINVAL; aligned but in the kernel ENOMEM.
  for(i = 0; i < NELEM(addrs); i++){
    e = addrs[i] % MM_PG ? EINVAL : ENOMEM;
    mm_badmap(addrs[i], MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0, e,
              "anonymous MAP_FIXED at a bad address");
    mm_badmap(addrs[i], MM_PG, PROT_READ, MAP_PRIVATE|MAP_FIXED, fd, 0, e,
              "file MAP_FIXED at a bad address");
  }
  mm_badend(a);
  close(fd);
  unlink("mmbadaddr");
}

static void
mmbadoff(void)
{
  static int offs[] = { 1, 100, MM_PG - 1, MM_PG + 1, -MM_PG, -1,
                        (int)0x80000000 };
  char *a;
  uint i;
  int fd;

  fd = mm_newfile("mmbadoff", 3*MM_PG, O_RDWR);
  a = mm_badstart();
  for(i = 0; i < NELEM(offs); i++){
    mm_badmap(0, MM_PG, PROT_READ, MAP_PRIVATE, fd, offs[i], EINVAL,
              "private file mapping, bad offset");
    mm_badmap(0, MM_PG, MM_RW, MAP_SHARED, fd, offs[i], EINVAL,
              "shared file mapping, bad offset");
  }
  mm_badmap(0, MM_PG, MM_RW, MM_ANON, -1, 1, EINVAL,
            "anonymous, unaligned offset");
  mm_badmap(0, MM_PG, MM_RW, MM_ANON, -1, MM_PG - 1, EINVAL,
            "anonymous, unaligned offset");
  mm_badend(a);
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

static void
mmbadfd(void)
{
  int fds[6], pfd[2], closed, i, e;
  char *a;

  closed = mm_newfile("mmbadfd", MM_PG, O_RDWR);
  close(closed);
  mm_pipe(pfd);
  fds[0] = -1;
  fds[1] = 99;
  fds[2] = NOFILE;
  fds[4] = mm_open("/", O_RDONLY);
  fds[5] = mm_open_console();
  fds[3] = lowestfd();  // closed (the pipe may have taken closed's number)
  a = mm_badstart();
  // Not open: EBADF; a directory or a device: ENODEV.
  for(i = 0; i < 6; i++){
    e = i < 4 ? EBADF : ENODEV;
    mm_badmap(0, MM_PG, PROT_READ, MAP_PRIVATE, fds[i], 0, e,
              "private mapping of a bad fd");
    mm_badmap(0, MM_PG, PROT_READ, MAP_SHARED|MAP_FILE, fds[i], 0, e,
              "shared mapping of a bad fd");
  }
  mm_badmap(0, MM_PG, PROT_READ, MAP_PRIVATE, pfd[0], 0, ENODEV,
            "mapping of a pipe");
  mm_badmap(0, MM_PG, PROT_READ, MAP_PRIVATE, pfd[1], 0, EACCES,
            "mapping of a pipe's write end");
  mm_badend(a);
  close(fds[4]);
  close(fds[5]);
  close(pfd[0]);
  close(pfd[1]);
  unlink("mmbadfd");
}

static void
mmbadmode(void)
{
  static int prots[] = { PROT_NONE, PROT_READ, PROT_WRITE, MM_RW };
  int wr, rd, rw, i;
  char *a;

  wr = mm_newfile("mmbadmode", MM_PG, O_WRONLY);
  rd = mm_open("mmbadmode", O_RDONLY);
  rw = mm_open("mmbadmode", O_RDWR);
  a = mm_badstart();
  for(i = 0; i < NELEM(prots); i++){
    mm_badmap(0, MM_PG, prots[i], MAP_PRIVATE, wr, 0, EACCES,
              "private mapping of an O_WRONLY fd");
    mm_badmap(0, MM_PG, prots[i], MAP_SHARED, wr, 0, EACCES,
              "shared mapping of an O_WRONLY fd");
  }
  mm_badmap(0, MM_PG, MM_RW, MAP_SHARED, rd, 0, EACCES,
            "writable shared mapping of an O_RDONLY fd");
  mm_badmap(0, MM_PG, PROT_WRITE, MAP_SHARED, rd, 0, EACCES,
            "PROT_WRITE shared mapping of an O_RDONLY fd");
  mm_badend(a);
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

static void
mmbadflags(void)
{
  static int flags[] = {
    MAP_SHARED|MAP_PRIVATE|MAP_ANONYMOUS, MAP_ANONYMOUS, 0, MAP_FIXED,
    MM_ANON|0x40000, MM_ANON|0x100, MM_ANON|0x4, MM_ANON|(int)0x80000000,
  };
  static int prots[] = { 0x8, 0x10, PROT_READ|0x8, (int)0x80000000, -1 };
  int fd, i;
  char *a;

  fd = mm_newfile("mmbadflags", MM_PG, O_RDWR);
  a = mm_badstart();
  for(i = 0; i < NELEM(flags); i++)
    mm_badmap(0, MM_PG, MM_RW, flags[i], -1, 0, EINVAL,
              "anonymous, bad flags");
  mm_badmap(0, MM_PG, PROT_READ, MAP_SHARED|MAP_PRIVATE, fd, 0, EINVAL,
            "file, both MAP_SHARED and MAP_PRIVATE");
  mm_badmap(0, MM_PG, PROT_READ, 0, fd, 0, EINVAL,
            "file, neither MAP_SHARED nor MAP_PRIVATE");
  mm_badmap(0, MM_PG, PROT_READ, MAP_PRIVATE|0x40000, fd, 0, EINVAL,
            "file, unknown flag");
  for(i = 0; i < NELEM(prots); i++){
    mm_badmap(0, MM_PG, prots[i], MM_ANON, -1, 0, EINVAL,
              "anonymous, bad prot");
    mm_badmap(0, MM_PG, prots[i], MAP_PRIVATE, fd, 0, EINVAL,
              "file, bad prot");
  }
  mm_badend(a);
  close(fd);
  unlink("mmbadflags");
}

static void
mmbadunmap(void)
{
  char *a;

  a = mm_badstart();
  mm_badcall(munmap(a + 1, MM_PG), EINVAL, "munmap at an unaligned address");
  mm_badcall(munmap(a + MM_PG/2, MM_PG), EINVAL,
             "munmap at an unaligned address");
  mm_badcall(munmap(a, 0), EINVAL, "munmap of length 0");
  mm_badcall(munmap((void*)KERNBASE, MM_PG), EINVAL, "munmap of the kernel");
  mm_badcall(munmap((void*)0xFFFFF000, MM_PG), EINVAL,
             "munmap of the top page");
  mm_badcall(munmap((void*)(MMAPTOP - MM_PG), 2*MM_PG), EINVAL,
             "munmap running into the kernel");
  mm_badcall(munmap(a, -MM_PG), EINVAL, "munmap of a negative length");
  mm_badend(a);
}

static void
mmbadprotect(void)
{
  char *a;

  a = mm_badstart();
  mm_badcall(mprotect(a + 1, MM_PG, PROT_READ), EINVAL,
             "mprotect, unaligned address");
  mm_badcall(mprotect(a, MM_PG, 0x8), EINVAL, "mprotect, unknown prot bit");
  mm_badcall(mprotect(a, MM_PG, -1), EINVAL, "mprotect, prot -1");
  mm_badcall(mprotect((void*)KERNBASE, MM_PG, PROT_READ), ENOMEM,
             "mprotect of the kernel");
  mm_badcall(mprotect(a, 0xFFFFF000, PROT_READ), ENOMEM,
             "mprotect with a wrapping length");
  mm_badcall(mprotect((void*)0xF0000000, 0, PROT_READ), ENOMEM,
             "mprotect of length 0 outside the mmap area");
  a[MM_PG] = 'w';  // still writable
  mm_badend(a);
}

static void
mmbadsync(void)
{
  char *s, *u;
  int fd;

  s = mm_newmap("mmbadsync", MM_PG, O_RDWR, MM_RW, MAP_SHARED, &fd);
  mm_scribble(s, 0, MM_PG);
  u = mm_map(0, MM_PG, MM_RW, MM_ANON, -1, 0, "mmap");
  mm_unmap(u, MM_PG, "munmap");
  mm_take();
  mm_badcall(msync(s, MM_PG, MS_ASYNC|MS_SYNC), EINVAL,
             "msync MS_ASYNC|MS_SYNC");
  mm_badcall(msync(s, MM_PG, 8), EINVAL, "msync with unknown flag 8");
  mm_badcall(msync(s, MM_PG, 0x100), EINVAL, "msync with unknown flag 0x100");
  mm_badcall(msync(s + 1, MM_PG, MS_SYNC), EINVAL,
             "msync at an unaligned address");
  mm_badcall(msync(u, MM_PG, MS_SYNC), ENOMEM, "msync of an unmapped range");
  mm_badcall(msync((void*)KERNBASE, MM_PG, MS_SYNC), ENOMEM,
             "msync of the kernel");
  mm_badcall(msync((void*)0xF0000000, 0, MS_SYNC), ENOMEM,
             "msync of length 0 outside the mmap area");
  // read() sees the mapped stores at once (the page cache); the refused
  // calls changed nothing else.
  mm_expect_file("mmbadsync", MM_PG, 0, MM_PG, "file after refused msyncs");
  if(msync(s, MM_PG, MS_SYNC) != 0)
    fail("msync after the refused ones failed");
  mm_expect_file("mmbadsync", MM_PG, 0, MM_PG, "file after msync");
  close(fd);
  unlink("mmbadsync");
}


// ---- the table ----------------------------------------------------

// This file's tests, in the order usertests runs them.
struct test mmbad_tests[] = {
  { mmsyscall,    "mmsyscall" },
  { mmbadlen,     "mmbadlen" },
  { mmbadaddr,    "mmbadaddr" },
  { mmbadoff,     "mmbadoff" },
  { mmbadfd,      "mmbadfd" },
  { mmbadmode,    "mmbadmode" },
  { mmbadflags,   "mmbadflags" },
  { mmbadunmap,   "mmbadunmap" },
  { mmbadprotect, "mmbadprotect" },
  { mmbadsync,    "mmbadsync" },
  { 0, 0 },
};
