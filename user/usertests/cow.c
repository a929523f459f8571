// usertests, copy-on-write fork: fork shares every private page (the
// image and MAP_PRIVATE regions) read-only between parent and child,
// and the first write by either side copies it (docs/cow.md). These
// tests check what each side sees, what the kernel's own writes into
// user memory do (read, pipe), what mprotect may and may not do to a
// shared page, and, with free-page counts, that a copy is made exactly
// when a page still has another holder.
//
// Parent and child talk over two pipes (cow_fork, cow_tell, cow_hear),
// so that each step runs while the other side is blocked. A process's
// first writes after a fork copy its stack and data pages too; every
// count here is taken after the process has already told or heard once,
// which writes its stack, and around nothing but the stores measured.
#include "usertests.h"

#define COWPAGES 8

// Image pages: below the break, shared at fork like the heap and stack.
static char image[COWPAGES * MM_PG] __attribute__((aligned(MM_PG)));
static char image2[MM_PG] __attribute__((aligned(MM_PG)));

static int cow_up[2];    // child to parent
static int cow_down[2];  // parent to child
static int cow_pid;      // what cow_fork returned in this process

// Fork a child connected to this process by two pipes. Returns fork's
// value (0 in the child).
static int
cow_fork(void)
{
  cow_pid = forkchan(cow_down, cow_up);
  return cow_pid;
}

// Tell the other side this side is through its step.
static void
cow_tell(void)
{
  mm_send(cow_pid == 0 ? cow_up[1] : cow_down[1]);
}

// Wait for the other side's cow_tell.
static void
cow_hear(void)
{
  mm_recv(cow_pid == 0 ? cow_down[0] : cow_up[0],
          cow_pid == 0 ? "parent" : "child");
}

// In the parent: close the pipes and reap the child.
static void
cow_reap(void)
{
  int pid = cow_pid;

  close(cow_up[0]);
  close(cow_down[1]);
  if(wait() != pid)
    fail("wait did not return the child");
}

// Give page i of the n pages at p the fill tag + i.
static void
fill(char *p, int n, int tag)
{
  int i;

  for(i = 0; i < n; i++)
    memset(p + i*MM_PG, tag + i, MM_PG);
}

// Check that every page i of the n at p holds tag + i throughout.
static void
expect(char *p, int n, int tag, char *what)
{
  int i;

  for(i = 0; i < n; i++)
    mm_expect_fill(p + i*MM_PG, MM_PG, tag + i, what);
}

// ---------------------------------------------------------------------
// What each side sees.

// Parent and child each write every page after the fork (image, heap,
// anonymous region) and each sees only its own data, before and after
// the other's writes.
static void
cowsee(void)
{
  char *a, *h;

  a = mm_map(0, COWPAGES*MM_PG, MM_RW, MM_ANON, -1, 0, "anonymous");
  h = alignbreak();
  if(sbrk(COWPAGES*MM_PG) == (char*)-1)
    fail("sbrk failed");
  fill(image, COWPAGES, 'a');
  fill(a, COWPAGES, 'k');
  fill(h, COWPAGES, 'u');
  if(cow_fork() == 0){
    expect(image, COWPAGES, 'a', "child, image before any write");
    expect(a, COWPAGES, 'k', "child, region before any write");
    expect(h, COWPAGES, 'u', "child, heap before any write");
    cow_tell();
    cow_hear();
    expect(image, COWPAGES, 'a', "child, image after the parent's writes");
    expect(a, COWPAGES, 'k', "child, region after the parent's writes");
    expect(h, COWPAGES, 'u', "child, heap after the parent's writes");
    fill(image, COWPAGES, 'A');
    fill(a, COWPAGES, 'K');
    fill(h, COWPAGES, 'U');
    mm_check("child after its writes");
    expect(image, COWPAGES, 'A', "child, its own image writes");
    expect(a, COWPAGES, 'K', "child, its own region writes");
    expect(h, COWPAGES, 'U', "child, its own heap writes");
    cow_tell();
    exit();
  }
  cow_hear();
  fill(image, COWPAGES, 'b');
  fill(a, COWPAGES, 'l');
  fill(h, COWPAGES, 'v');
  mm_check("parent after its writes");
  cow_tell();
  cow_hear();
  expect(image, COWPAGES, 'b', "parent, image after the child's writes");
  expect(a, COWPAGES, 'l', "parent, region after the child's writes");
  expect(h, COWPAGES, 'v', "parent, heap after the child's writes");
  cow_reap();
  expect(image, COWPAGES, 'b', "parent, image after the child exited");
  expect(h, COWPAGES, 'v', "parent, heap after the child exited");
  mm_check("parent after the child exited");
  sbrk(-COWPAGES*MM_PG);
}

// A process holding two thirds of free memory in its heap forks (twice
// in a row); a copying fork could not. The child touches a few pages and
// exits, the parent checks its data and gives the memory back.
static void
cowbig(void)
{
  int n, i, round, pid;
  char *p;

  for(round = 0; round < 2; round++){
    n = freepages() / 3 * 2;
    if((p = sbrk(n * MM_PG)) == (char*)-1)
      fail("sbrk of %d pages failed", n);
    for(i = 0; i < n; i++)
      *(int*)(p + i*MM_PG) = i;
    if((pid = fork()) < 0)
      fail("fork of a process holding %d pages failed", n);
    if(pid == 0){
      for(i = 0; i < n; i += n / 16)
        if(*(int*)(p + i*MM_PG) != i)
          fail("child: heap page %d reads %d", i, *(int*)(p + i*MM_PG));
      for(i = 0; i < 16; i++)
        *(int*)(p + i*MM_PG) = -i;
      exit();
    }
    if(wait() != pid)
      fail("wait did not return the child");
    for(i = 0; i < n; i++)
      if(*(int*)(p + i*MM_PG) != i)
        fail("parent: heap page %d reads %d", i, *(int*)(p + i*MM_PG));
    if(sbrk(-n * MM_PG) == (char*)-1)
      fail("sbrk(-%d pages) failed", n);
  }
}

// Three generations share a quarter of memory; the grandchild writes
// four fifths of it, the child half, the parent all of it, each with
// its own pid, and each then finds only its own values. Three rounds.
static void
cowthree(void)
{
  int n, i, round, pid, pid2, me;
  char *p;

  for(round = 0; round < 3; round++){
    n = freepages() / 4;
    if((p = sbrk(n * MM_PG)) == (char*)-1)
      fail("sbrk of %d pages failed", n);
    for(i = 0; i < n; i++)
      *(int*)(p + i*MM_PG) = 1;
    if((pid = fork()) < 0)
      fail("fork failed");
    if(pid == 0){
      if((pid2 = fork()) < 0)
        fail("second fork failed");
      me = getpid();
      if(pid2 == 0){
        for(i = 0; i < n / 5 * 4; i++)
          *(int*)(p + i*MM_PG) = me;
        for(i = 0; i < n / 5 * 4; i++)
          if(*(int*)(p + i*MM_PG) != me)
            fail("grandchild: page %d reads %d", i, *(int*)(p + i*MM_PG));
        exit();
      }
      for(i = 0; i < n / 2; i++)
        *(int*)(p + i*MM_PG) = 9999;
      if(wait() != pid2)
        fail("child: wait did not return the grandchild");
      for(i = 0; i < n; i++)
        if(*(int*)(p + i*MM_PG) != (i < n / 2 ? 9999 : 1))
          fail("child: page %d reads %d", i, *(int*)(p + i*MM_PG));
      exit();
    }
    me = getpid();
    for(i = 0; i < n; i++)
      *(int*)(p + i*MM_PG) = me;
    if(wait() != pid)
      fail("wait did not return the child");
    for(i = 0; i < n; i++)
      if(*(int*)(p + i*MM_PG) != me)
        fail("parent: page %d reads %d", i, *(int*)(p + i*MM_PG));
    if(sbrk(-n * MM_PG) == (char*)-1)
      fail("sbrk(-%d pages) failed", n);
  }
}

// ---------------------------------------------------------------------
// The kernel's writes.

// read() into a shared page breaks copy-on-write like a store: the
// reader gets the file's bytes, the other side keeps its own. Both an
// image page and a region page, each read by one side.
static void
cowread(void)
{
  char *a;
  int fd;

  mm_mkfile("cowread", MM_PG);
  a = mm_map(0, MM_PG, MM_RW, MM_ANON, -1, 0, "anonymous");
  fill(image, 1, 'p');
  fill(a, 1, 'q');
  if(cow_fork() == 0){
    fd = mm_open("cowread", O_RDONLY);
    if(read(fd, image, MM_PG) != MM_PG)
      fail("child: read into a copy-on-write image page failed");
    close(fd);
    mm_expect_bytes(image, 0, MM_PG, 0, 0, "child, image page read into");
    mm_check("child after read");
    cow_tell();
    cow_hear();
    expect(a, 1, 'q', "child, region page after the parent's read");
    mm_expect_bytes(image, 0, MM_PG, 0, 0, "child, image page at the end");
    exit();
  }
  cow_hear();
  expect(image, 1, 'p', "parent, image page after the child's read");
  fd = mm_open("cowread", O_RDONLY);
  if(read(fd, a, MM_PG) != MM_PG)
    fail("parent: read into a copy-on-write region page failed");
  close(fd);
  mm_expect_bytes(a, 0, MM_PG, 0, 0, "parent, region page read into");
  mm_check("parent after read");
  cow_tell();
  cow_reap();
  expect(image, 1, 'p', "parent, image page at the end");
  unlink("cowread");
}

// Read exactly n bytes from pipe fd into p, in as many reads as the
// pipe needs; returns how many arrived before end of file or an error.
static int
readall(int fd, char *p, int n)
{
  int got = 0, r;

  while(got < n && (r = read(fd, p + got, n - got)) > 0)
    got += r;
  return got;
}

// A pipe read into a shared page copies it: the child reads what the
// parent sent into its image page, the parent reads the child's bytes
// into a region page; neither sees the other's.
static void
cowpipe(void)
{
  int p[2], q[2];
  char *a;

  mm_pipe(p);  // parent to child
  mm_pipe(q);  // child to parent
  a = mm_map(0, MM_PG, MM_RW, MM_ANON, -1, 0, "anonymous");
  fill(image, 1, 'p');
  fill(a, 1, 'q');
  memset(image2, 'x', MM_PG);
  if(cow_fork() == 0){
    close(p[1]);
    close(q[0]);
    if(readall(p[0], image, MM_PG) != MM_PG)
      fail("child: pipe read into a copy-on-write image page failed");
    expect(image, 1, 'x', "child, image page after the pipe read");
    memset(image2, 'y', MM_PG);
    if(write(q[1], image2, MM_PG) != MM_PG)
      fail("child: pipe write failed");
    cow_hear();
    expect(a, 1, 'q', "child, region page after the parent's pipe read");
    exit();
  }
  close(p[0]);
  close(q[1]);
  if(write(p[1], image2, MM_PG) != MM_PG)
    fail("parent: pipe write failed");
  if(readall(q[0], a, MM_PG) != MM_PG)
    fail("parent: pipe read into a copy-on-write region page failed");
  expect(a, 1, 'y', "parent, region page after the pipe read");
  expect(image, 1, 'p', "parent, image page after the child's pipe read");
  expect(image2, 1, 'x', "parent, its pipe buffer after the child's write");
  mm_check("parent after the pipe reads");
  cow_tell();
  cow_reap();
  close(p[1]);
  close(q[0]);
}

// ---------------------------------------------------------------------
// Who copies, counted.

// One page shared by three processes after two forks. The first two
// writers each take a copy (one free page each); the third, holding
// the page alone by then, writes it in place (no page).
static int cow3_fd[2][2];    // parent -> child k: go
static int cow3_back[2][2];  // child k -> parent: done

static void
cow3_write(char *a, int tag, int copies, char *who)
{
  int before, after;

  if(a[0] != 'o')
    fail("%s: the shared page reads 0x%x before its write", who,
         a[0] & 0xFF);
  before = mm_avail();
  a[0] = tag;
  after = mm_avail();
  if(before - after != copies)
    fail("%s: its write took %d pages, expected %d", who, before - after,
         copies);
}

static void
cowshare3(void)
{
  int k, pid[2];
  char *a, c;

  a = mm_map(0, MM_PG, MM_RW, MM_ANON, -1, 0, "one page");
  a[0] = 'o';
  for(k = 0; k < 2; k++){
    mm_pipe(cow3_fd[k]);
    mm_pipe(cow3_back[k]);
    if((pid[k] = fork()) < 0)
      fail("fork %d failed", k);
    if(pid[k] == 0){
      // Write the stack before anything is counted.
      if(read(cow3_fd[k][0], &c, 1) != 1)
        fail("child %d: the parent failed", k);
      cow3_write(a, 'a' + k, 1, k ? "second child" : "first child");
      mm_check("child after its write");
      mm_send(cow3_back[k][1]);
      if(read(cow3_fd[k][0], &c, 1) != 1)
        fail("child %d: the parent failed", k);
      if(a[0] != 'a' + k)
        fail("child %d: its page reads 0x%x at the end", k, a[0] & 0xFF);
      exit();
    }
  }
  for(k = 0; k < 2; k++){
    mm_send(cow3_fd[k][1]);
    mm_recv(cow3_back[k][0], k ? "second child" : "first child");
  }
  cow3_write(a, 'p', 0, "parent, the last holder");
  mm_check("parent after its write");
  for(k = 0; k < 2; k++){
    mm_send(cow3_fd[k][1]);
    if(wait() < 0)
      fail("wait failed");
  }
  if(a[0] != 'p')
    fail("parent: its page reads 0x%x at the end", a[0] & 0xFF);
  for(k = 0; k < 2; k++){
    close(cow3_fd[k][0]);
    close(cow3_fd[k][1]);
    close(cow3_back[k][0]);
    close(cow3_back[k][1]);
  }
}

// While the child lives, each first write by the parent takes exactly
// one page; once the child has exited, the parent, the last holder,
// writes every page in place without taking any.
static void
cowlast(void)
{
  int before, after;
  char *a, *h;

  a = mm_map(0, COWPAGES*MM_PG, MM_RW, MM_ANON, -1, 0, "anonymous");
  h = alignbreak();
  if(sbrk(COWPAGES*MM_PG) == (char*)-1)
    fail("sbrk failed");
  fill(a, COWPAGES, 'a');
  fill(h, COWPAGES, 'h');
  if(cow_fork() == 0){
    cow_hear();
    expect(a, COWPAGES, 'a', "child, region after the parent's writes");
    expect(h, COWPAGES, 'h', "child, heap after the parent's writes");
    exit();
  }
  before = mm_avail();
  fill(a, COWPAGES / 2, 'b');
  fill(h, COWPAGES / 2, 'i');
  after = mm_avail();
  if(before - after != COWPAGES)
    fail("writing %d shared pages took %d pages, expected one each",
         COWPAGES, before - after);
  cow_tell();
  cow_reap();
  before = mm_avail();
  fill(a + COWPAGES/2*MM_PG, COWPAGES / 2, 'c');
  fill(h + COWPAGES/2*MM_PG, COWPAGES / 2, 'j');
  after = mm_avail();
  if(after != before)
    fail("the last holder's writes took %d pages, expected none",
         before - after);
  expect(a, COWPAGES / 2, 'b', "parent, first half of the region");
  expect(h + COWPAGES/2*MM_PG, COWPAGES / 2, 'j', "parent, heap's second half");
  mm_check("parent at the end");
  sbrk(-COWPAGES*MM_PG);
}

// ---------------------------------------------------------------------
// Files and protections.

// A MAP_PRIVATE file mapping across fork: the parent has read one page
// and written another; the child writes them all; each side sees the
// file where it has not written and its own bytes where it has, and
// the file never changes.
static void
cowfile(void)
{
  char *p;
  int fd;

  p = mm_newmap("cowfile", 4*MM_PG, O_RDWR, MM_RW, MAP_PRIVATE, &fd);
  close(fd);
  sink = p[0];
  mm_scribble(p + MM_PG, MM_PG, MM_PG);
  if(cow_fork() == 0){
    mm_expect_bytes(p, 0, 4*MM_PG, MM_PG, 2*MM_PG, "child before writing");
    fill(p, 4, 'c');
    mm_check("child after its writes");
    expect(p, 4, 'c', "child after its writes");
    cow_tell();
    exit();
  }
  cow_hear();
  mm_expect_bytes(p, 0, 4*MM_PG, MM_PG, 2*MM_PG,
                  "parent after the child's writes");
  cow_reap();
  mm_scribble(p, 0, MM_PG);
  mm_expect_bytes(p, 0, 4*MM_PG, 0, 2*MM_PG, "parent at the end");
  mm_check("parent at the end");
  mm_unmap(p, 4*MM_PG, "private file");
  mm_expect_file("cowfile", 4*MM_PG, 0, 0, "the file after both wrote");
  unlink("cowfile");
}

// mprotect on a shared page keeps it copy-on-write: a writable page
// made read-only and writable again, and a page that was read-only at
// the fork made writable, are still copied on the parent's write. And
// vmcheck agrees that no shared page became writable.
static void
cowprotect(void)
{
  char *a, *r;

  a = mm_map(0, 2*MM_PG, MM_RW, MM_ANON, -1, 0, "writable");
  r = mm_map(0, MM_PG, PROT_READ, MM_ANON, -1, 0, "read-only");
  fill(a, 2, 'a');
  sink = r[0];  // present, zero
  if(cow_fork() == 0){
    cow_hear();
    expect(a, 2, 'a', "child, after the parent's mprotect and writes");
    expect(r, 1, 0, "child, read-only page after the parent's write");
    exit();
  }
  mm_protect(a, 2*MM_PG, PROT_READ, "writable to read-only");
  mm_check("after mprotect PROT_READ");
  mm_protect(a, 2*MM_PG, MM_RW, "and back");
  mm_check("after mprotect back to PROT_READ|PROT_WRITE");
  mm_protect(r, MM_PG, MM_RW, "read-only to writable");
  mm_check("after making the read-only page writable");
  fill(a, 2, 'b');
  fill(r, 1, 'r');
  mm_check("after the parent's writes");
  cow_tell();
  cow_reap();
  expect(a, 2, 'b', "parent, its own writes");
  expect(r, 1, 'r', "parent, its own write to the once read-only page");
}

// A store into a read-only private page still kills, shared or not,
// and with or without the copy-on-write mark; a read() into it fails.
static void
cowrokill(void)
{
  char *r, *w;
  int fd;

  mm_mkfile("cowrokill", MM_PG);
  r = mm_map(0, MM_PG, PROT_READ, MM_ANON, -1, 0, "read-only");
  w = mm_map(0, MM_PG, MM_RW, MM_ANON, -1, 0, "writable");
  sink = r[0];
  w[0] = 1;
  if(cow_fork() == 0){
    cow_hear();
    exit();
  }
  // w's page is copy-on-write now; making it read-only must keep the
  // store a kill, not a copy.
  mm_protect(w, MM_PG, PROT_READ, "copy-on-write page to read-only");
  mm_expect_kill(r, 1, "store into a shared read-only page");
  mm_expect_kill(w, 1, "store into a read-only copy-on-write page");
  fd = mm_open("cowrokill", O_RDONLY);
  if(read(fd, r, MM_PG) != -1 || read(fd, w, MM_PG) != -1)
    fail("read() into a read-only shared page succeeded");
  close(fd);
  if(r[0] != 0 || w[0] != 1)
    fail("a read-only shared page changed");
  mm_check("after the kills");
  cow_tell();
  cow_reap();
  unlink("cowrokill");
}

// ---- the table ----------------------------------------------------

// This file's tests, in the order usertests runs them.
struct test cow_tests[] = {
  { cowsee,     "cowsee" },
  { cowread,    "cowread" },
  { cowpipe,    "cowpipe" },
  { cowshare3,  "cowshare3" },
  { cowlast,    "cowlast" },
  { cowfile,    "cowfile" },
  { cowprotect, "cowprotect" },
  { cowrokill,  "cowrokill" },
  { cowbig,     "cowbig" },
  { cowthree,   "cowthree" },
  { 0, 0 },
};
