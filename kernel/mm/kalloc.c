// kalloc.c: the physical page allocator.
//
// Owns every 4 KiB page of physical memory between the end of the kernel
// image and PHYSTOP that is not in use, and a reference count for each
// page it has handed out. It does not know what a page is used for: page
// tables, user pages, kernel stacks, pipes and kmalloc's slabs all come
// from here. It may not touch page tables or process state, except the
// one field failcount of the current process (fault injection). When it
// runs dry it asks the page cache to give back pages (pcache_reclaim).
//
// Design. Free pages sit on a singly linked list threaded through their
// first word, so kalloc and the final kfree are O(1). A page may be
// mapped in several places at once (a shared file page in two processes),
// so each page carries a count: kalloc sets it to 1, kref adds one, and
// kfree drops one and frees the page only when the last holder lets go.
// The counts live in a flat array indexed by physical page number, which
// costs 2 bytes per page of PHYSTOP (112 KiB for 224 MiB).
//
// Locking. kmem.lock guards the free list and the free-page counter.
// The reference counts are changed with atomic instructions instead
// (lock xadd), without the lock: fork adds a reference to every page a
// process has and exit drops them all again, and a lock round trip per
// page would cost several times the rest of that work. A count moves
// from 0 to 1 only in kalloc (under the lock: the page is on no one's
// list but the allocator's) and from 1 to 0 only in the last kfree,
// which alone then owns the page and puts it on the list under the
// lock. Before kinit2 only one CPU runs and interrupts are off, so the
// lock is skipped (use_lock == 0); the lock's owner bookkeeping needs
// mycpu(), which does not work that early.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "spinlock.h"
#include "proc.h"

#define NPHYSPAGES (PHYSTOP / PGSIZE)
#define JUNK 1           // fill byte of a freed page, to expose stale users

extern char end[];       // first address after the kernel image (kernel.ld)

// A free page, viewed through its first word.
struct run {
  struct run *next;
};

static struct {
  struct spinlock lock;
  int use_lock;                // 0 until kinit2: single CPU, no lock
  struct run *freelist;        // free pages, any order
  int nfree;                   // length of freelist
  ushort ref[NPHYSPAGES];      // holders of each page; 0 when free (atomic)
} kmem;

static void
lockmem(void)
{
  if(kmem.use_lock)
    acquire(&kmem.lock);
}

static void
unlockmem(void)
{
  if(kmem.use_lock)
    release(&kmem.lock);
}

// The index of v's reference count. Panics if v is not the start of a
// page this allocator could own: such a caller has a corrupt pointer.
static uint
pageindex(char *v, char *who)
{
  if((uint)v % PGSIZE != 0 || v < end || V2P(v) >= PHYSTOP)
    panic(who);
  return V2P(v) / PGSIZE;
}

// Hand page v (count already 0, contents junk) to the free list.
// Caller holds kmem.lock if use_lock.
static void
pushfree(char *v)
{
  struct run *r = (struct run*)v;

  r->next = kmem.freelist;
  kmem.freelist = r;
  kmem.nfree++;
}

// Give every whole page in [vstart, vend) to the allocator.
static void
freerange(void *vstart, void *vend)
{
  char *p;

  for(p = (char*)PGROUNDUP((uint)vstart); p + PGSIZE <= (char*)vend;
      p += PGSIZE){
    lockmem();
    kmem.ref[pageindex(p, "freerange: bad page")] = 1;
    unlockmem();
    kfree(p);
  }
}

// First stage of boot, before paging covers all of memory and before
// other CPUs start: give the pages in [vstart, vend) to the allocator,
// which runs without a lock until kinit2.
void
kinit1(void *vstart, void *vend)
{
  initlock(&kmem.lock, "kmem");
  kmem.use_lock = 0;
  freerange(vstart, vend);
}

// Second stage, once the full kernel page table is in place: give it
// the rest of memory, [vstart, vend), and start locking.
void
kinit2(void *vstart, void *vend)
{
  freerange(vstart, vend);
  kmem.use_lock = 1;
}

// Fault injection for tests (see failalloc). Called at the top of every
// allocator. Returns 1 if this allocation must fail on purpose, else 0.
// Only the current process's own allocations count down; with no
// current process (early boot, the scheduler) it always returns 0.
int
failnow(void)
{
  struct proc *p = myproc();

  if(p == 0 || p->failcount <= 0)
    return 0;
  p->failcount--;
  return p->failcount == 0;
}

// Arm fault injection for the current process: its n-th allocation from
// now on (kalloc or kmalloc) returns 0, after which injection is off
// again. The write-back of a cache page counts too, once per chunk
// written (fs.c's writepage): so tests can make a write-back fail. n <= 0
// disarms. Returns 0.
int
failalloc(int n)
{
  struct proc *p = myproc();

  if(p)
    p->failcount = n > 0 ? n : 0;
  return 0;
}

// Allocate one 4096-byte page of physical memory, with a reference count
// of 1. Returns its kernel virtual address, or 0 if memory is exhausted
// (or fault injection says so). The contents are garbage. When no page
// is free, the page cache gives back clean pages nobody maps first, so
// kalloc fails only when there are none. Callers may hold spinlocks,
// except the page cache's.
char*
kalloc(void)
{
  struct run *r;
  uint i;

  if(failnow())
    return 0;
  lockmem();
  while((r = kmem.freelist) == 0 && kmem.use_lock){
    // pcache_reclaim frees through kfree, which takes kmem.lock.
    unlockmem();
    if(pcache_reclaim() == 0)
      return 0;
    lockmem();
  }
  if(r){
    kmem.freelist = r->next;
    kmem.nfree--;
    i = pageindex((char*)r, "kalloc: corrupt free list");
    if(kmem.ref[i] != 0)
      panic("kalloc: free page in use");
    kmem.ref[i] = 1;
  }
  unlockmem();
  return (char*)r;
}

// Add delta (1 or -1) to allocated page v's count with one atomic
// instruction and return the count before; who names the caller's
// panics (a bad address, or a page that was free: kernel bugs).
static ushort
addref(char *v, ushort delta, char *badaddr, char *wasfree)
{
  uint i = pageindex(v, badaddr);
  ushort old = __atomic_fetch_add(&kmem.ref[i], delta, __ATOMIC_SEQ_CST);

  if(old == 0)
    panic(wasfree);
  return old;
}

// Add a holder to page v, which must be allocated (the caller holds a
// reference to it already, so it cannot be freed meanwhile). Panics if
// v is not an allocated page or the count overflowed.
void
kref(char *v)
{
  if(addref(v, 1, "kref: bad address", "kref: free page") == 0xFFFF)
    panic("kref: count overflow");
}

// kref each of the n allocated pages v[0..n-1] (a fault's pages:
// fault-around maps up to 17 at once). The counts are atomic, so this
// is kref in a loop; it takes no lock.
void
krefs(char **v, int n)
{
  int k;

  for(k = 0; k < n; k++)
    kref(v[k]);
}

// Drop one holder of page v; the last holder's kfree returns the page
// to the free list. Panics if v is misaligned, outside the allocator's
// range, or already free: all of those are kernel bugs.
void
kfree(char *v)
{
  // (ushort)-1: the count drops by one, modulo 2^16.
  if(addref(v, (ushort)-1, "kfree: bad address",
            "kfree: page already free") != 1)
    return;

  // Nobody else holds the page now, so it can be scribbled on without
  // the lock; the junk makes a use after free show up quickly.
  memset(v, JUNK, PGSIZE);
  lockmem();
  pushfree(v);
  unlockmem();
}

// The number of holders of allocated page v (0 if it is free).
int
krefcount(char *v)
{
  uint i = pageindex(v, "krefcount: bad address");

  return __atomic_load_n(&kmem.ref[i], __ATOMIC_SEQ_CST);
}

// Could n pages be allocated now? Yes if n are free; else clean cache
// pages nobody maps are reclaimed until n are free, unless even all of
// the cache would not be enough (then nothing is reclaimed). For sbrk's
// refusal to promise memory the machine does not have (mmap.c). Only a
// snapshot: other allocations may take the pages before they are used.
int
kavailable(uint n)
{
  while(kfreecount() < n){
    if(n > kfreecount() + pcache_size() || pcache_reclaim() == 0)
      return 0;
  }
  return 1;
}

// The number of free pages right now. O(1).
int
kfreecount(void)
{
  int n;

  lockmem();
  n = kmem.nfree;
  unlockmem();
  return n;
}
