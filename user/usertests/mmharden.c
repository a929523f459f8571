// usertests, mmap hardening: what a hostile program found (issue 11)
// and must not find again: page-table pages that outlive their last
// page, checks that race with failing forks, and checks that stop the
// clock.
#include "usertests.h"

// ---------------------------------------------------------------------
// Page-table pages go when their last page goes.

#define PT_SPAN   (1024 * MM_PG)   // bytes one page table maps
#define PT_NPAGES 5000             // pages mmptfree maps (5 tables)

// Touch every page of [p, p+len) for writing.
static void
touch(char *p, uint len)
{
  uint off;

  for(off = 0; off < len; off += MM_PG)
    p[off] = 1;
}

// Map, touch and unmap 5,000 pages: every page, and every page table
// that held them, is free again, counted inside the process (the
// harness's check only sees what exit leaves).
static void
mmptfree(void)
{
  char *p;
  int a0;

  a0 = mm_avail();
  p = mm_map(0, PT_NPAGES * MM_PG, MM_RW, MM_ANON, -1, 0, "map 5000 pages");
  touch(p, PT_NPAGES * MM_PG);
  if(a0 - mm_avail() < PT_NPAGES + PT_NPAGES / 1024)
    fail("5000 touched pages took only %d pages", a0 - mm_avail());
  mm_unmap(p, PT_NPAGES * MM_PG, "unmap 5000 pages");
  if(mm_avail() != a0)
    fail("%d pages before mapping 5000, %d after unmapping them", a0,
         mm_avail());
  mm_check("mmptfree");
}

// A table is freed by whichever unmap removes its last page, also when
// that unmap covers only part of it, and not before: two mappings share
// one table; unmapping the first keeps it, the second frees it.
static void
mmptshare(void)
{
  char *base = (char*)(MMAPBASE + 8 * PT_SPAN);
  char *a, *b;
  int a0, a1;

  a0 = mm_avail();
  a = mm_map(base + 10 * MM_PG, 20 * MM_PG, MM_RW, MM_ANON | MAP_FIXED, -1,
             0, "first mapping");
  b = mm_map(base + 500 * MM_PG, 600 * MM_PG, MM_RW, MM_ANON | MAP_FIXED,
             -1, 0, "second mapping");
  touch(a, 20 * MM_PG);
  touch(b, 600 * MM_PG);
  a1 = mm_avail();
  mm_unmap(a, 20 * MM_PG, "unmap the first");
  if(mm_avail() != a1 + 20)
    fail("unmapping 20 pages sharing a table freed %d pages, not 20",
         mm_avail() - a1);
  if(b[599 * MM_PG] != 1 || b[0] != 1)
    fail("the second mapping lost its pages");
  // From the top: the first unmap empties the second table, the last
  // one the first table.
  mm_unmap(b + 100 * MM_PG, 500 * MM_PG, "unmap the top of the second");
  mm_unmap(b, 100 * MM_PG, "unmap the rest");
  if(mm_avail() != a0)
    fail("%d pages before two mappings, %d after unmapping them", a0,
         mm_avail());
  mm_check("mmptshare");
}

// A PROT_NONE page is still a page: its table must stay when the pages
// around it go, and it keeps its contents.
static void
mmptnone(void)
{
  char *p;

  p = mm_map(0, 3 * MM_PG, MM_RW, MM_ANON, -1, 0, "map 3 pages");
  touch(p, 3 * MM_PG);
  p[MM_PG] = 'n';
  mm_protect(p + MM_PG, MM_PG, PROT_NONE, "PROT_NONE the middle page");
  mm_unmap(p, MM_PG, "unmap the first page");
  mm_unmap(p + 2 * MM_PG, MM_PG, "unmap the last page");
  mm_check("mmptnone: PROT_NONE page alone");
  mm_protect(p + MM_PG, MM_PG, MM_RW, "make it readable again");
  if(p[MM_PG] != 'n')
    fail("the PROT_NONE page lost its contents: %d", p[MM_PG]);
  mm_unmap(p + MM_PG, MM_PG, "unmap the middle page");
  mm_check("mmptnone");
}

// ---------------------------------------------------------------------
// Checks while forks fail, and checks that do not stop the clock.

#define NFORKS 200   // failing forks mmforkcheck's child makes

// Forks that fail at every point (failalloc) while another process
// checks both processes, and so every address space (vmcheck's
// reference counts, EMBRYO children included): fork builds the child
// a page table per lock hold and unwinds it under the child's vmlock,
// so every check must see a consistent system.
static void
mmforkcheck(void)
{
  char *sh, *pv, msg[80], c;
  int i, pid, r, f, fd, done;

  sh = mm_map(0, 8 * MM_PG, MM_RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0,
              "shared pages");
  pv = mm_map(0, 64 * MM_PG, MM_RW, MM_ANON, -1, 0, "private pages");
  touch(sh, 8 * MM_PG);
  touch(pv, 64 * MM_PG);
  if((pid = forkreport(&fd, "")) == 0){
    // Each failing fork is made by a process of its own: once fork
    // succeeds, its pages are shared copy-on-write, and the store that
    // follows may take the failing allocation and kill that process,
    // which is allowed (cow.md). A forker that is killed never reports
    // on done: then say that the kernel's kill line for it was expected.
    for(i = 0; i < NFORKS; i++){
      if((f = forkreport(&done, "fork of a forker: ")) == 0){
        failalloc(1 + i % 60);
        r = fork();
        failalloc(0);
        if(r == 0)
          exit();
        if(r > 0 && wait() != r)
          fail("wait did not return the forked child");
        mm_send(done);
        exit();
      }
      if(read(done, &c, 1) != 1)
        printf(1, "expected kill: pid %d (a store after a fork that "
               "succeeded, allocation %d failing)\n", f, 1 + i % 60);
      close(done);
      if(wait() != f)
        fail("wait did not return the forker's child");
    }
    mm_send(fd);
    exit();
  }
  for(i = 0; i < 4 * NFORKS; i++){
    if((r = vmcheck(i % 2 ? pid : 0, msg, sizeof(msg))) > 0)
      fail("vmcheck of %s while forks fail: %s", i % 2 ? "the forker" :
           "the test", msg);
    if(r < 0 && i % 2 == 0)
      fail("vmcheck of the test itself returned %d", r);
  }
  mm_recv(fd, "the forker");
  close(fd);
  if(wait() != pid)
    fail("wait did not return the forker");
  mm_check("mmforkcheck");
}

#define NSTALL  8     // processes mmcheckstall fills with page tables
#define NCHECKS 10    // vmchecks it times

static uint
tsc(void)
{
  uint lo, hi;

  asm volatile("rdtsc" : "=a" (lo), "=d" (hi));
  return (hi << 24) | (lo >> 8);   // 256-cycle units, so 32 bits last
}

// vmcheck with 2,048 page tables in the system (8 processes, one page
// in each of their 256 mmap-area tables): while a spinlock is held the
// clock does not tick, so if the checker walked every table with
// ptable.lock held, the ticks counted across the calls would fall far
// behind the time-stamp counter. Each hold is bounded now; the clock
// must keep at least half its pace.
static void
mmcheckstall(void)
{
  int i, j, pid, fds[2], hold[2], t0, t, want;
  uint c0, cpt;
  char c, msg[80];

  mm_pipe(fds);
  mm_pipe(hold);
  for(i = 0; i < NSTALL; i++){
    if((pid = fork()) < 0)
      fail("fork");
    if(pid == 0){
      close(fds[0]);
      close(hold[1]);
      for(j = 0; j < 256; j++)
        *mm_map((char*)MMAPBASE + j * PT_SPAN, MM_PG, MM_RW,
                MM_ANON | MAP_FIXED, -1, 0, "a page per table") = 1;
      mm_send(fds[1]);
      read(hold[0], &c, 1);  // until the test closes its end
      exit();
    }
  }
  close(fds[1]);
  close(hold[0]);
  for(i = 0; i < NSTALL; i++)
    mm_recv(fds[0], "a filler");
  close(fds[0]);

  t0 = uptime();
  c0 = tsc();
  sleep(10);
  cpt = (tsc() - c0) / (uptime() - t0);

  t0 = uptime();
  c0 = tsc();
  for(i = 0; i < NCHECKS; i++)
    if(vmcheck(0, msg, sizeof(msg)) != 0)
      fail("vmcheck: %s", msg);
  t = uptime() - t0;
  want = (tsc() - c0) / cpt;
  close(hold[1]);
  for(i = 0; i < NSTALL; i++)
    wait();
  if(t < want / 2 - 2)
    fail("the clock stalled: %d ticks passed during %d vmchecks that "
         "took %d ticks of time", t, NCHECKS, want);
}

// ---- the table ----------------------------------------------------

// This file's tests, in the order usertests runs them.
struct test mmharden_tests[] = {
  { mmptfree,  "mmptfree" },
  { mmptshare, "mmptshare" },
  { mmptnone,  "mmptnone" },
  { mmforkcheck, "mmforkcheck" },
  { mmcheckstall, "mmcheckstall" },
  { 0, 0 },
};
