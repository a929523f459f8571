// kmalloc_bench.c: throughput and page use of kernel/mm/kmalloc.c against a
// K&R free-list allocator, on the same workloads and the same page supply.
//
// Owned by the kmalloc tests. Not a timed test: it prints a table (the
// one in docs/kmalloc.md) and exits 0 unless an allocator fails. Build and
// run with `make -C tests build/kmalloc_bench && tests/build/kmalloc_bench`.
//
// The K&R allocator is the design kmalloc replaced: one free list of
// blocks sorted by address, each with an 8-byte header (link and size),
// searched first-fit from a roving start (as K&R's malloc and xv6's
// umalloc do), split from the tail, coalesced with both neighbours on
// free. It gets memory from the stand-in kalloc one page run at a time
// and, like the original, never gives it back. Links are 32-bit offsets
// into the arena, so the header costs what it costs in the 32-bit kernel
// whatever the host's pointer size.
//
// Each workload is a fixed sequence of operations made beforehand from a
// fixed seed: allocate a random size into a free slot, or free a random
// live slot. Both allocators run the identical sequence; each object has
// its first and last byte written, as a user of the memory would.

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "shim.h"
#include "memlayout.h"

#define PGSIZE 4096
#define NOPS   1000000
#define NRUNS  3               // best of, to iron out noise

// --- the K&R allocator ---------------------------------------------------

struct khdr {
  uint next;    // arena offset of the next free block (address order, circular)
  uint units;   // block size in 8-byte units, header included
};

#define KUNIT sizeof(struct khdr)

static uint kfreep;            // offset of the rover; KNONE before the first call
#define KNONE 0xFFFFFFFF

static struct khdr*
kh(uint off)
{
  return (struct khdr*)(shim_arena + off);
}

static uint
koff(struct khdr *h)
{
  return (char*)h - shim_arena;
}

static void kr_free(void *ap);

// Take enough contiguous pages for nunits more units and put them on the
// free list. The stand-in kalloc hands out fresh pages in address order
// and K&R never frees a page, so consecutive kallocs are adjacent.
static int
kr_morecore(uint nunits)
{
  uint npages = (nunits * KUNIT + PGSIZE - 1) / PGSIZE, i;
  char *first, *pg;
  struct khdr *h;

  if((first = kalloc()) == 0)
    return -1;
  for(i = 1; i < npages; i++){
    if((pg = kalloc()) == 0)
      return -1;
    if(pg != first + i * PGSIZE){
      fprintf(stderr, "kmalloc_bench: K&R got non-adjacent pages\n");
      exit(1);
    }
  }
  h = (struct khdr*)first;
  h->units = npages * PGSIZE / KUNIT;
  kr_free(h + 1);
  return 0;
}

static void*
kr_malloc(uint n)
{
  uint nunits = (n + KUNIT - 1) / KUNIT + 1;
  struct khdr *prev, *p, *base;
  char *pg;

  if(kfreep == KNONE){
    // The list's zero-size anchor lives in the first page taken.
    if((pg = kalloc()) == 0)
      return 0;
    base = (struct khdr*)pg;
    base->next = koff(base);
    base->units = 0;
    kfreep = koff(base);
    p = base + 1;
    p->units = PGSIZE / KUNIT - 1;
    kr_free(p + 1);
  }
  prev = kh(kfreep);
  for(p = kh(prev->next); ; prev = p, p = kh(p->next)){
    if(p->units >= nunits){
      if(p->units == nunits){
        prev->next = p->next;
      } else {
        p->units -= nunits;
        p += p->units;
        p->units = nunits;
      }
      kfreep = koff(prev);
      return p + 1;
    }
    if(p == kh(kfreep) && kr_morecore(nunits) < 0)
      return 0;
  }
}

static void
kr_free(void *ap)
{
  struct khdr *bp = (struct khdr*)ap - 1, *p;
  uint b = koff(bp), o;

  // Find the free block just below bp (the list is sorted by address and
  // wraps around once, at its highest block).
  for(o = kfreep; !(b > o && b < kh(o)->next); o = kh(o)->next)
    if(o >= kh(o)->next && (b > o || b < kh(o)->next))
      break;
  p = kh(o);
  if(b + bp->units * KUNIT == p->next){
    bp->units += kh(p->next)->units;
    bp->next = kh(p->next)->next;
  } else {
    bp->next = p->next;
  }
  if(o + p->units * KUNIT == b){
    p->units += bp->units;
    p->next = bp->next;
  } else {
    p->next = b;
  }
  kfreep = o;
}

// --- workloads ---------------------------------------------------------------

struct op {
  int slot;     // which object
  uint n;       // bytes to allocate into it, or 0 to free it
};

struct workload {
  const char *name;
  const char *sizes;        // how sizes are drawn, for the table
  int maxlive;              // slots
  uint (*size)(void);
  struct op ops[NOPS];
  int nops;
};

static uint
uniformsize(void)
{
  return 1 + shim_rand() % 4096;
}

static uint
smallsize(void)
{
  return 16 + shim_rand() % 113;    // 16..128: tree nodes, small records
}

// Make w's operation sequence: grow to maxlive objects, then (the bulk)
// allocate or free at random with the live count wandering between half
// and all of maxlive, so frees land all over the heap and leave holes.
static void
makeops(struct workload *w, uint seed)
{
  static int live[1 << 16], freeslots[1 << 16];
  int nlive = 0, nfree, i, k, slot, grow;

  shim_seed(seed);
  nfree = w->maxlive;
  for(i = 0; i < w->maxlive; i++)
    freeslots[i] = w->maxlive - 1 - i;
  for(i = 0; i < NOPS; i++){
    if(nlive < w->maxlive / 2)
      grow = 1;
    else if(nlive == w->maxlive)
      grow = 0;
    else
      grow = shim_rand() % 2;
    if(i < w->maxlive)
      grow = 1;
    if(grow){
      slot = freeslots[--nfree];
      live[nlive++] = slot;
      w->ops[i].slot = slot;
      w->ops[i].n = w->size();
    } else {
      k = shim_rand() % nlive;
      slot = live[k];
      live[k] = live[--nlive];
      freeslots[nfree++] = slot;
      w->ops[i].slot = slot;
      w->ops[i].n = 0;
    }
  }
  w->nops = NOPS;
}

struct result {
  double opspersec;
  uint peakpages;
};

static void *slots[1 << 16];

static double
now(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

// Run w against one allocator; every object still live at the end is
// freed (untimed) so the next run starts from an empty arena.
static struct result
runone(struct workload *w, void *(*alloc)(uint), void (*release)(void*),
       const char *who)
{
  struct result r;
  unsigned char *p;
  double t0, t1;
  int i;

  memset(slots, 0, sizeof(slots));
  t0 = now();
  for(i = 0; i < w->nops; i++){
    struct op *op = &w->ops[i];
    if(op->n){
      if((p = alloc(op->n)) == 0){
        fprintf(stderr, "kmalloc_bench: %s out of memory in %s\n", who,
                w->name);
        exit(1);
      }
      p[0] = 1;
      p[op->n - 1] = 1;
      slots[op->slot] = p;
    } else {
      release(slots[op->slot]);
      slots[op->slot] = 0;
    }
  }
  t1 = now();
  r.opspersec = w->nops / (t1 - t0);
  r.peakpages = shim_peakpages();
  for(i = 0; i < w->maxlive; i++)
    if(slots[i])
      release(slots[i]);
  return r;
}

static void
kr_reset(void)
{
  kfreep = KNONE;
}

// Best of NRUNS for each allocator.
static void
bench(struct workload *w, struct result *km, struct result *kr)
{
  struct result r;
  int run;

  km->opspersec = kr->opspersec = 0;
  km->peakpages = kr->peakpages = 0;
  for(run = 0; run < NRUNS; run++){
    shim_reset();
    r = runone(w, kmalloc, kmfree, "kmalloc");
    if(shim_pagesout() != 0){
      fprintf(stderr, "kmalloc_bench: kmalloc kept %u pages\n",
              shim_pagesout());
      exit(1);
    }
    if(r.opspersec > km->opspersec)
      *km = r;

    shim_reset();
    kr_reset();
    r = runone(w, kr_malloc, kr_free, "K&R");
    if(r.opspersec > kr->opspersec)
      *kr = r;
    shim_reclaim();    // K&R never returns a page; take them all back
  }
}

static struct workload workloads[] = {
  { "fragmented", "mixed 1..4096", 4000, shim_kernelsize },
  { "uniform", "uniform 1..4096", 2000, uniformsize },
  { "small", "16..128", 8000, smallsize },
};

int
main(void)
{
  struct result km, kr;
  int i, met = 1;
  struct workload *w;

  printf("%-11s %-16s %5s | %12s %6s | %12s %6s | %7s\n", "workload",
         "sizes", "live", "kmalloc op/s", "pages", "K&R op/s", "pages",
         "speedup");
  for(i = 0; i < (int)(sizeof(workloads) / sizeof(workloads[0])); i++){
    w = &workloads[i];
    makeops(w, 0x5EED + i);
    bench(w, &km, &kr);
    printf("%-11s %-16s %5d | %12.0f %6u | %12.0f %6u | %6.1fx\n", w->name,
           w->sizes, w->maxlive, km.opspersec, km.peakpages, kr.opspersec,
           kr.peakpages, km.opspersec / kr.opspersec);
    if(i == 0 && (km.opspersec < 5 * kr.opspersec ||
                  km.peakpages > kr.peakpages))
      met = 0;
  }
  printf("%d operations per workload, best of %d runs; pages = most "
         "pages out at once.\n", NOPS, NRUNS);
  printf("target (fragmented: >= 5x K&R op/s, no more pages): %s\n",
         met ? "met" : "NOT met");
  return 0;
}
