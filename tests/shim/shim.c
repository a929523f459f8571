// shim.c: host stand-ins for the kernel pieces that kernel/mm/kmalloc.c
// calls: a page allocator, spinlocks, fault injection and panic.
//
// Owned by the kmalloc tests (tests/kmalloc.mk). It may not be linked
// into the kernel. It is single-threaded: the locks check that kmalloc
// acquires and releases them in pairs, and never holds one across kalloc.
//
// The page allocator hands out 4 KiB-aligned pages of one arena of
// PHYSTOP bytes: fresh pages in address order, then freed ones, last
// freed first, like kalloc's free list. It knows which pages are out, so
// kfree of a page that is not out is caught, and it counts them, so a test
// can check every page came back. kfree fills the page with junk as the
// kernel's does, so a use after free shows.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "types.h"
#include "mmu.h"
#include "spinlock.h"
#include "memlayout.h"
#include "shim.h"

#define NPAGES (PHYSTOP / PGSIZE)
#define JUNK   1

char *shim_arena;

static struct {
  uint bump;              // pages below this were handed out at least once
  uint freelist[NPAGES];  // freed page numbers, a stack
  uint nfreelist;
  uchar out[NPAGES];      // 1 while the page is handed out
  uint nout;
  uint peak;
  uint limit;
  int failcount;
  int locks;
} shim;

static void
shimfail(char *msg)
{
  fprintf(stderr, "shim: %s\n", msg);
  abort();
}

static void
shiminit(void)
{
  void *a;

  if(shim_arena)
    return;
  a = mmap(0, PHYSTOP, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
           -1, 0);
  if(a == MAP_FAILED)
    shimfail("cannot map the arena");
  shim_arena = a;
}

// V2P and P2V of shim's memlayout.h.
uint
shim_v2p(const void *va)
{
  const char *p = va;

  shiminit();
  if(p < shim_arena || p >= shim_arena + PHYSTOP)
    return 0xFFFFFFFF;
  return p - shim_arena;
}

void*
shim_p2v(uint pa)
{
  shiminit();
  return shim_arena + pa;
}

// The knobs declared in shim.h.
void
shim_reset(void)
{
  shiminit();
  if(shim.nout != 0)
    shimfail("reset with pages out");
  shim.bump = 0;
  shim.nfreelist = 0;
  shim.peak = 0;
  shim.limit = 0;
  shim.failcount = 0;
}

void
shim_reclaim(void)
{
  memset(shim.out, 0, sizeof(shim.out));
  shim.nout = 0;
}

uint
shim_pagesout(void)
{
  return shim.nout;
}

uint
shim_peakpages(void)
{
  return shim.peak;
}

void
shim_setlimit(uint n)
{
  shim.limit = n;
}

void
shim_failafter(int n)
{
  shim.failcount = n > 0 ? n : 0;
}

int
shim_locksheld(void)
{
  return shim.locks;
}

int
shim_pageout(void *page)
{
  uint pa = shim_v2p(page);

  return pa < PHYSTOP && pa % PGSIZE == 0 && shim.out[pa / PGSIZE];
}

// The stand-ins, with kalloc.c's, spinlock.c's and console.c's contracts.
int
failnow(void)
{
  if(shim.failcount <= 0)
    return 0;
  shim.failcount--;
  return shim.failcount == 0;
}

char*
kalloc(void)
{
  uint pn;

  shiminit();
  if(shim.locks != 0)
    shimfail("kalloc called with a kmalloc lock held");
  if(failnow())
    return 0;
  if(shim.limit && shim.nout >= shim.limit)
    return 0;
  if(shim.nfreelist > 0)
    pn = shim.freelist[--shim.nfreelist];
  else if(shim.bump < NPAGES)
    pn = shim.bump++;
  else
    return 0;
  shim.out[pn] = 1;
  if(++shim.nout > shim.peak)
    shim.peak = shim.nout;
  return shim_arena + pn * PGSIZE;
}

void
kfree(char *v)
{
  uint pa = shim_v2p(v);

  if(shim.locks != 0)
    shimfail("kfree called with a kmalloc lock held");
  if(pa >= PHYSTOP || pa % PGSIZE != 0 || !shim.out[pa / PGSIZE])
    shimfail("kfree of a page that is not out");
  memset(v, JUNK, PGSIZE);
  shim.out[pa / PGSIZE] = 0;
  shim.nout--;
  shim.freelist[shim.nfreelist++] = pa / PGSIZE;
}

void
initlock(struct spinlock *lk, char *name)
{
  lk->name = name;
  lk->locked = 0;
}

void
acquire(struct spinlock *lk)
{
  if(lk->locked)
    panic("acquire: already held");
  lk->locked = 1;
  shim.locks++;
}

void
release(struct spinlock *lk)
{
  if(!lk->locked)
    panic("release: not held");
  lk->locked = 0;
  shim.locks--;
}

int
holding(struct spinlock *lk)
{
  return lk->locked;
}

void
panic(char *msg)
{
  fprintf(stderr, "panic: %s\n", msg);
  fflush(stderr);
  _exit(SHIM_PANIC_STATUS);
}

static uint randstate;

void
shim_seed(uint seed)
{
  randstate = seed;
}

uint
shim_rand(void)
{
  uint x = randstate;

  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return randstate = x;
}

uint
shim_kernelsize(void)
{
  uint r = shim_rand();

  switch(r & 3){
  case 0:
  case 1:
    return 1 + (r >> 2) % 256;
  case 2:
    return 1 + (r >> 2) % 1024;
  default:
    return 1 + (r >> 2) % 4096;
  }
}
