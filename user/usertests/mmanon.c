// usertests, mmap: anonymous mappings, their alignment, lazy allocation,
// and the accesses that must kill (read-only, PROT_NONE, unmapped).
#include "usertests.h"

// ---------------------------------------------------------------------
// Anonymous memory.

// Every mapping starts on a page boundary inside the mmap area and is
// rounded up to whole pages.
static void
mmalign(void)
{
  static uint lens[] = { 1, 100, MM_PG - 1, MM_PG, MM_PG + 1, 3*MM_PG + 5 };
  uint i, len, total = 0, sum = 0;
  char *p;
  int n;

  for(i = 0; i < NELEM(lens); i++){
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
static void
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
static void
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
      sink = p[i * MM_PG + 17];  // a read touch allocates too
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
static void
mmrokill(void)
{
  char *p;

  p = mm_map(0, 3*MM_PG, PROT_READ, MM_ANON, -1, 0, "mmap PROT_READ");
  if(p[0] != 0 || p[MM_PG + 5] != 0)
    fail("PROT_READ anonymous memory does not read as zero");
  mm_expect_kill(p, 1, "PROT_READ region, touched page");
  mm_expect_kill(p + 2*MM_PG + 9, 1, "PROT_READ region, untouched page");
  p = mm_map(0, MM_PG, PROT_EXEC, MM_ANON, -1, 0, "mmap PROT_EXEC");
  sink = p[3];
  mm_expect_kill(p, 1, "PROT_EXEC region");
}

// Any access to a PROT_NONE region kills.
static void
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
static void
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
static void
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


// ---- the table ----------------------------------------------------

// This file's tests, in the order usertests runs them.
struct test mmanon_tests[] = {
  { mmalign,     "mmalign" },
  { mmanon,      "mmanon" },
  { mmlazy,      "mmlazy" },
  { mmrokill,    "mmrokill" },
  { mmnonekill,  "mmnonekill" },
  { mmunmapkill, "mmunmapkill" },
  { mmmulti,     "mmmulti" },
  { 0, 0 },
};
