// usertests, mmap: mappings across fork (private copies, shared pages,
// shared files), exec and exit.
#include "usertests.h"

// ---------------------------------------------------------------------
// fork, exec, exit.

// A MAP_PRIVATE anonymous region: the child starts with the parent's
// data; later writes on either side stay on that side.
static void
mmforkpriv(void)
{
  int down[2], up[2];
  char *p;

  p = mm_map(0, 3*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap");
  p[0] = 'p';
  p[MM_PG] = 'p';
  if(forkchan(down, up) == 0){
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
static void
mmforkshared(void)
{
  int down[2], up[2];
  char *s, *p;

  s = mm_map(0, 3*MM_PG, MM_RW, MAP_SHARED|MAP_ANONYMOUS, -1, 0, "mmap");
  p = mm_map(0, MM_PG, MM_RW, MM_ANON, -1, 0, "private mmap");
  s[0] = 'a';
  p[0] = 'p';
  if(forkchan(down, up) == 0){
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
static void
mmforkfile(void)
{
  int down[2], up[2], fd;
  char *pv, *sh;

  pv = mm_newmap("mmforkf", 2*MM_PG, O_RDWR, MM_RW, MAP_PRIVATE, &fd);
  sh = mm_map(0, 2*MM_PG, MM_RW, MAP_SHARED, fd, 0, "shared file mmap");
  pv[0] = 'P';
  if(forkchan(down, up) == 0){
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
static void
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
  // Wait for exec to drop the mappings; cat then blocks reading in[0].
  for(i = 0; i < 500; i++){
    if((n = mm_listregions(pid)) <= 0)
      break;
    sleep(1);
  }
  if(n < 0)
    fail("the child died instead of running cat");
  if(n > 0)
    fail("the child still has %d mappings, expected exec to drop them", n);
  mm_expect_file("mmexec", MM_PG, 0, MM_PG, "file after exec");
  if(mm_listregions(pid) != 0)
    fail("the child is not alive in cat with no mappings");
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
static void
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


// ---- the table ----------------------------------------------------

// This file's tests, in the order usertests runs them.
struct test mmfork_tests[] = {
  { mmforkpriv,   "mmforkpriv" },
  { mmforkshared, "mmforkshared" },
  { mmforkfile,   "mmforkfile" },
  { mmexec,       "mmexec" },
  { mmexit,       "mmexit" },
  { 0, 0 },
};
