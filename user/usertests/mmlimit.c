// usertests, mmap: many regions (up to VMA_MAX) and more memory than
// there is.
#include "usertests.h"

// ---------------------------------------------------------------------
// Many regions, and more memory than there is.

#define MM_NMANY 10000
static ushort mm_order[MM_NMANY];
static char mm_live[MM_NMANY];

// Region i of mmmany: one page at every other page from MMAPBASE, so no
// two can merge.
static char*
mm_many_at(int i)
{
  return (char*)(MMAPBASE + 2 * i * MM_PG);
}

// Does page va hold one of mmmany's live regions?
static int
mm_many_live(uint va)
{
  uint pg;

  if(va < MMAPBASE)
    return 0;
  pg = (va - MMAPBASE) / MM_PG;
  return pg % 2 == 0 && pg / 2 < MM_NMANY && mm_live[pg / 2];
}

// Non-fixed mappings must land in the holes left between live regions.
static void
mm_many_gaps(void)
{
  uint len, va;
  char *q;
  int t, n = mm_nregions();

  for(t = 0; t < 30; t++){
    len = (t % 3 + 1) * MM_PG;
    q = mm_map(0, len, MM_RW, MM_ANON, -1, 0, "mmap into a gap");
    for(va = (uint)q; va < (uint)q + len; va += MM_PG)
      if(mm_many_live(va))
        fail("mmap of %d pages returned %p, over a live region",
             len / MM_PG, q);
    q[0] = 1;
    mm_unmap(q, len, "munmap from a gap");
  }
  mm_expect_nregions(n, "after mappings into gaps");
}

// 10,000 one-page regions, unmapped in random order.
static void
mmmany(void)
{
  int i, j, k, t;
  char *p;

  mm_expect_nregions(0, "at the start");
  for(i = 0; i < MM_NMANY; i++){
    p = mmap(mm_many_at(i), MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0);
    if(p != mm_many_at(i))
      fail("mmap of region %d at %p returned %p", i, mm_many_at(i), p);
    if(i % 10 == 0)
      p[0] = i % 251 + 1;
    mm_live[i] = 1;
    if(i % 1000 == 999)
      mm_expect_nregions(i + 1, "while mapping");
  }
  mm_expect_nregions(MM_NMANY, "all mapped");
  mm_check("10,000 regions");

  for(i = 0; i < MM_NMANY; i++)
    mm_order[i] = i;
  for(i = MM_NMANY - 1; i > 0; i--){
    j = mm_rand() % (i + 1);
    t = mm_order[i];
    mm_order[i] = mm_order[j];
    mm_order[j] = t;
  }
  for(k = 0; k < MM_NMANY; k++){
    i = mm_order[k];
    p = mm_many_at(i);
    if(i % 10 == 0 && p[0] != (char)(i % 251 + 1))
      fail("region %d at %p lost its contents", i, p);
    if(munmap(p, MM_PG) != 0)
      fail("munmap of region %d at %p failed", i, p);
    mm_live[i] = 0;
    if(k % 500 == 499)
      mm_expect_nregions(MM_NMANY - k - 1, "while unmapping");
    if(k == MM_NMANY / 2){
      mm_many_gaps();
      mm_check("half unmapped");
    }
  }
  mm_expect_nregions(0, "all unmapped");
  mm_check("all unmapped");
}

// At VMA_MAX regions mmap fails, and so do calls that need a split.
// The program's own regions (text, data, stack, ...) count too.
static void
mmlimit(void)
{
  char *base = (char*)MMAPBASE, *p;
  int i, own = vmregions(0, mm_reg, MM_NREG) - mm_nregions();

  mm_map(base, 3*MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0, "first region");
  for(i = 1; i < VMA_MAX - own; i++){
    p = base + (2 + 2*i) * MM_PG;
    if(mmap(p, MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0) != p)
      fail("mmap of region %d of %d at %p failed", i + own + 1, VMA_MAX, p);
  }
  base[MM_PG] = 'm';
  mm_take();
  if(mm_snap0.nreg + own != VMA_MAX)
    fail("%d regions, expected %d", mm_snap0.nreg + own, VMA_MAX);
  mm_badmap(0, MM_PG, MM_RW, MM_ANON, -1, 0, ENOMEM, "mmap beyond VMA_MAX");
  mm_badmap(0x7F000000, MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0, ENOMEM,
            "MAP_FIXED beyond VMA_MAX");
  mm_badcall(mprotect(base + MM_PG, MM_PG, PROT_READ), ENOMEM,
             "mprotect needing a split at VMA_MAX");
  mm_badcall(munmap(base + MM_PG, MM_PG), ENOMEM,
             "munmap needing a split at VMA_MAX");
  if(base[MM_PG] != 'm')
    fail("failed calls changed memory");
  base[MM_PG] = 'n';
  mm_unmap(base, (2 + 2*VMA_MAX) * MM_PG, "munmap of all regions");
  mm_expect_nregions(0, "after munmap of all regions");
  mm_check("mmlimit");
}

#define MM_HUGE (900 << 20)

// Touching more memory than the machine has kills the toucher (or
// mmap refuses); the kernel and everyone else carry on.
static void
mmhuge(void)
{
  int fd, a0;
  uint i;
  char *p, c;

  a0 = mm_avail();  // before the pipe: its page is gone again at the end
  if(forkreport(&fd, "") == 0){
    p = mmap(0, MM_HUGE, MM_RW, MM_ANON, -1, 0);
    if(p != MAP_FAILED){
      for(i = 0; i < MM_HUGE; i += MM_PG)
        p[i] = 1;
      write(fd, "x", 1);
    }
    exit();
  }
  wait();
  if(read(fd, &c, 1) == 1)
    fail("a child touched 900 MiB, more memory than the machine has");
  close(fd);
  if(mm_avail() != a0)
    fail("%d pages before the memory hog, %d after", a0, mm_avail());
  p = mm_map(0, 4*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap after the hog");
  memset(p, 'k', 4*MM_PG);
  mm_check("mmhuge");
}


// ---- the table ----------------------------------------------------

// This file's tests, in the order usertests runs them.
struct test mmlimit_tests[] = {
  { mmmany,  "mmmany" },
  { mmlimit, "mmlimit" },
  { mmhuge,  "mmhuge" },
  { 0, 0 },
};
