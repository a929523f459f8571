// vmfuzz, the heap: sbrk interleaved with MAP_FIXED and munmap over
// the heap's pages, checked against a model of its own.
//
// The heap is a region like any other (docs/mmap.md): sbrk stretches
// or shrinks it, a MAP_FIXED mapping may replace some of its pages (and
// then stops sbrk from growing into it), munmap may punch holes, and
// shrinking the break unmaps whatever lies above it. The model is one
// entry per page of a window of HPG pages from the break at the start:
// what the page is (nothing, heap, or a mapping placed over the heap's
// pages) and the byte the last store left at its two ends. After every
// step the kernel's break and its listing of the window's regions must
// equal the model's; every CHECKEVERY heap steps every mapped page's
// contents are compared too.
#include "vmfuzz.h"
#include "errno.h"

#define HPG 48   // pages of the heap window

enum { H_NONE, H_HEAP, H_MAP };

static struct {
  uchar what;    // H_NONE, H_HEAP or H_MAP
  uchar val;     // the byte at both ends of the page (0: never stored)
} hp[HPG];

static uint hbase;   // first address of the window: the break at setup
static uint hbrk;    // the model's break, as an offset from hbase
static int hsteps;

static char*
haddr(int i)
{
  return (char*)(hbase + i * PG);
}

// Pages [PGROUNDUP(from), PGROUNDUP(to)) of the window become what.
static void
hset(uint from, uint to, int what)
{
  int i;

  for(i = PGROUNDUP(from) / PG; i < PGROUNDUP(to) / PG && i < HPG; i++){
    hp[i].what = what;
    hp[i].val = 0;
  }
}

// The break where the model says, and the regions of the window runs
// of pages of one kind: the heap's pieces carry VMR_HEAP and mappings
// none, so neighbours of different kinds never merge.
static void
heap_compare(void)
{
  static struct vmregion r[HPG + 1];
  int n, i, j, e, want;

  if((uint)sbrk(0) != hbase + hbrk)
    bad("heap: the break is 0x%x, the model says 0x%x", (uint)sbrk(0),
        hbase + hbrk);
  n = regionsfrom(0, hbase, r, NELEM(r));
  for(j = 0; j < n && j < NELEM(r) && r[j].start < hbase + HPG * PG; j++)
    ;
  n = j;
  j = 0;
  for(i = 0; i < HPG; i = e){
    for(e = i + 1; e < HPG && hp[e].what == hp[i].what; e++)
      ;
    if(hp[i].what == H_NONE)
      continue;
    want = MAP_PRIVATE|MAP_ANONYMOUS|(hp[i].what == H_HEAP ? VMR_HEAP : 0);
    if(j >= n || r[j].start != (uint)haddr(i) || r[j].end != (uint)haddr(e) ||
       r[j].flags != want || r[j].prot != RW)
      bad("heap: region %d is 0x%x-0x%x flags %x, expected 0x%x-0x%x "
          "flags %x", j, j < n ? r[j].start : 0, j < n ? r[j].end : 0,
          j < n ? r[j].flags : 0, (uint)haddr(i), (uint)haddr(e), want);
    j++;
  }
  if(j != n)
    bad("heap: %d regions in the window, the model has %d", n, j);
}

// Every mapped page of the window holds what was last stored there.
static void
heap_contents(void)
{
  int i;
  char *p;

  for(i = 0; i < HPG; i++){
    if(hp[i].what == H_NONE)
      continue;
    p = haddr(i);
    if((uchar)p[0] != hp[i].val || (uchar)p[PG - 1] != hp[i].val)
      bad("heap: page 0x%x holds %x %x, expected %x", (uint)p,
          (uchar)p[0], (uchar)p[PG - 1], hp[i].val);
  }
}

// sbrk by a random amount, whole pages or not, within the window; it
// must fail exactly when a mapping lies in the range it would grow into.
static void
heap_sbrk(void)
{
  int n, blocked = 0, i;
  uint to;
  char *r;

  n = rn(2) ? (int)(rn(6) * PG) : (int)rn(3 * PG);
  if(rn(2))
    n = -n;
  if(n < 0 && (uint)-n > hbrk)
    n = -(int)hbrk;
  to = hbrk + n;
  if(to > (HPG - 1) * PG)
    return;
  if(n > 0)
    for(i = PGROUNDUP(hbrk) / PG; i < PGROUNDUP(to) / PG; i++)
      blocked |= hp[i].what != H_NONE;
  r = sbrk(n);
  if(blocked){
    if(r != (char*)-1 || errno != ENOMEM)
      bad("heap: sbrk(%d) into a mapping returned 0x%x", n, (uint)r);
    return;
  }
  if(r != (char*)(hbase + hbrk))
    bad("heap: sbrk(%d) returned 0x%x, expected 0x%x", n, (uint)r,
        hbase + hbrk);
  if(n > 0)
    hset(hbrk, to, H_HEAP);
  else
    hset(to, hbrk, H_NONE);
  hbrk = to;
}

// One step on the heap window: sbrk, a MAP_FIXED anonymous mapping over
// some of its pages, munmap of some, or a store; then the comparisons.
void
op_heap(void)
{
  int i = rn(HPG), n = 1 + rn(4), k;

  if(i + n > HPG)
    n = HPG - i;
  switch(rn(5)){
  case 0:
  case 1:
    heap_sbrk();
    break;
  case 2:
    if(mmap(haddr(i), n * PG, RW, ANONP|MAP_FIXED, -1, 0) != haddr(i))
      bad("heap: MAP_FIXED over heap page %d failed", i);
    for(k = i; k < i + n; k++){
      hp[k].what = H_MAP;
      hp[k].val = 0;
    }
    break;
  case 3:
    if(munmap(haddr(i), n * PG) < 0)
      bad("heap: munmap of heap page %d failed", i);
    for(k = i; k < i + n; k++)
      hp[k].what = H_NONE;
    break;
  case 4:
    for(k = i; k < i + n; k++){
      if(hp[k].what == H_NONE)
        continue;
      hp[k].val = 1 + rn(255);
      haddr(k)[0] = haddr(k)[PG - 1] = hp[k].val;
    }
    break;
  }
  heap_compare();
  if(++hsteps % CHECKEVERY == 0)
    heap_contents();
}

// Start the window at the break, rounded up to a page.
void
heap_setup(void)
{
  uint b = (uint)sbrk(0);

  if(sbrk(PGROUNDUP(b) - b) == (char*)-1)
    bad("heap: cannot align the break");
  hbase = (uint)sbrk(0);
  hbrk = 0;
}

// Give the window back: the break to where it started, the window
// unmapped, and the model's last look at it.
void
heap_finish(void)
{
  heap_contents();
  if(sbrk(-(int)hbrk) == (char*)-1)
    bad("heap: cannot shrink the break back");
  if(munmap(haddr(0), HPG * PG) < 0)
    bad("heap: cannot unmap the window");
  hbrk = 0;
  hset(0, HPG * PG, H_NONE);
  heap_compare();
}
