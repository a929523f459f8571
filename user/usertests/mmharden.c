// usertests, mmap hardening: what a hostile program found (issue 11)
// and must not find again: page-table pages that outlive their last
// page.
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

// ---- the table ----------------------------------------------------

// This file's tests, in the order usertests runs them.
struct test mmharden_tests[] = {
  { mmptfree,  "mmptfree" },
  { mmptshare, "mmptshare" },
  { mmptnone,  "mmptnone" },
  { 0, 0 },
};
