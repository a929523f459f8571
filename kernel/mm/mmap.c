// mmap.c: what mmap, munmap, mprotect, msync and sbrk do, and the
// page-fault path that fills every user page lazily.
//
// Owns the meaning of a process's regions, which are all of its memory
// (program segments, heap, stack and mappings; image.c lays them out
// for a new program): argument checks, placement (through vma.c's gap
// search), splitting and merging, the pages behind regions (through
// vm.c's page-table helpers), write-back of shared file pages, moving
// the break, and copying regions at fork. It also owns the fault path: the
// page-fault handler (trap.c) and uvmaccess, which the system-call layer
// uses to check a user buffer and fault in its pages, both come here.
// The tree's shape is vma.c's; the system-call argument decoding,
// including turning a descriptor into a file, is sysmmap.c's.
//
// Calls go down only: to vma.c, vm.c, fs.c and file.c (file pages and
// references), kalloc.c and kmalloc.c, and to proc.c for myproc() alone.
//
// Pages. mmap allocates nothing (unless MAP_POPULATE); the first touch
// faults, and mmap_fault maps a zeroed page (anonymous) or the file's
// page-cache page (docs/pagecache.md), the same physical page in every
// process and region that maps that file page. A page's permissions
// are its region's:
//   PROT_NONE            present, kernel only (contents survive)
//   PROT_READ, PROT_EXEC present, PTE_U
//   PROT_WRITE           present, PTE_U|PTE_W
// except that a file page stays read-only until its first store faults
// (a shared one is then counted dirty; a private one is copied). Shared
// pages are reference counted by kalloc.c; kfree drops one reference.
//
// Locking. Only the process itself changes its regions and the page
// table under them, so it reads its own tree with no lock. Other
// processes read them (pmap, Ctrl-P, vmcheck) holding p->vmlock, so the
// owner takes p->vmlock around every change to the tree or to present
// user PTEs. File I/O sleeps, so it is never done holding
// p->vmlock: write-back happens before a change, file references are
// dropped after, and nodes unlinked under the lock wait on a dead list
// until it is released. Every function that needs p->vmlock held
// asserts it. A file fault holds the inode's lock (keeping truncation
// away) around taking vmlock. Lock order: the inode lock, ptable.lock,
// p->vmlock, ftable.lock, the page cache's lock, kmalloc's and kalloc's
// locks.
//
// Every user address lies in a region or nowhere: the fault path, the
// system-call layer's buffer checks (uvmaccess) and fork know no other
// kind of memory. MAP_FIXED, munmap, mprotect and msync work on any
// region below KERNBASE; only placement without MAP_FIXED keeps to the
// mmap area [MMAPBASE, MMAPTOP), above the heap's room to grow.
//
// Errors. Every call checks all of its arguments and allocates every
// node it may need before it changes anything, so a failure leaves the
// address space as it was.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "x86.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "stat.h"
#include "file.h"
#include "proc.h"
#include "mman.h"
#include "vma.h"
#include "errno.h"

#define PROT_ALL   (PROT_READ|PROT_WRITE|PROT_EXEC)
#define MAP_KNOWN  (MAP_SHARED|MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS|MAP_POPULATE)
#define MS_KNOWN   (MS_ASYNC|MS_INVALIDATE|MS_SYNC)


// The page-table permission bits for a region's protection.
uint
prot_pte(int prot)
{
  if(prot & PROT_WRITE)
    return PTE_U|PTE_W;
  if(prot & (PROT_READ|PROT_EXEC))
    return PTE_U;
  return 0;
}

// Does [addr, addr+len) lie in user space, below KERNBASE? (len may
// be 0.)
static int
in_user(uint addr, uint len)
{
  return addr <= KERNBASE && len <= KERNBASE - addr;
}

// Does [addr, addr+len) lie inside the mmap area?
static int
in_area(uint addr, uint len)
{
  return addr >= MMAPBASE && addr <= MMAPTOP && len <= MMAPTOP - addr;
}

// Panic unless the caller holds p->vmlock; fn names the caller.
static void
assert_vmlock(struct proc *p, char *fn)
{
  if(!holding(&p->vmlock))
    panic(fn);
}

// Drop p's stale TLB entries after its PTEs changed. p must be the
// calling process: only its own page table is changed and flushed.
//
// No TLB shootdown is needed because a process has one thread: its page
// table is live only on the CPU running it, this one, and every other
// CPU that ran it switched to kpgdir (switchkvm) when it stopped, which
// dropped its user TLB entries. Reloading cr3 here is enough.
//
// That is also why callers may kfree pages and page tables before this
// flush: until it, only this CPU may cache the old translations, and it
// runs kernel code that does not touch those user addresses (a
// speculative walk through a reused table can load junk entries, but
// they go with the flush, before user code runs). With threads another
// CPU could go on using a freed page through its TLB, and pages would
// have to be freed only after every CPU flushed (Linux's mmu_gather).
static void
flush_tlb(struct proc *p)
{
  if(p != myproc())
    panic("flush_tlb: not the current process");
  lcr3(V2P(p->pgdir));
}

// A zeroed region node, or 0 if kmalloc fails.
struct vma*
vma_alloc(void)
{
  struct vma *v = kmalloc(sizeof(*v));

  if(v)
    memset(v, 0, sizeof(*v));
  return v;
}

// Free an unlinked region and drop its file reference. Dropping the
// last reference may sleep (iput), so the caller must not hold vmlock
// unless another region still holds the same file.
void
vma_free(struct vma *v)
{
  if(v->vm_file)
    fileclose(v->vm_file);
  kmfree(v);
}

// A dead list: regions unlinked under vmlock wait on it and are freed
// after the lock is released, so no kmfree or fileclose runs under it
// (OpenBSD's dead queue). An unlinked node's tree pointers mean
// nothing, so rb_left serves as the link.
static void
dead_push(struct vma **dead, struct vma *v)
{
  v->vm_rb.rb_left = *dead ? &(*dead)->vm_rb : 0;
  *dead = v;
}

// Free every region on a dead list. Call without vmlock held.
static void
dead_free(struct vma *dead)
{
  struct vma *next;

  for(; dead; dead = next){
    next = dead->vm_rb.rb_left ? vma_entry(dead->vm_rb.rb_left) : 0;
    vma_free(dead);
  }
}

// ---------------------------------------------------------------------
// Faults.
//
// Anonymous pages are zeroed pages of their own. File pages are the
// page cache's pages (docs/pagecache.md): a fault maps the file's one
// cache page, read-only at first, and in the same step up to AROUND of
// its cached neighbours (fault-around). The first store then faults
// again: in a MAP_SHARED region it marks the cache page dirty and makes
// the PTE writable (pcache_mkwrite); in a MAP_PRIVATE region it gives
// the process its own copy. So a PTE is writable only on an anonymous
// page, a private copy, or a cache page counted dirty.

#define AROUND     16   // pages of the aligned window fault-around maps

// The page number within v's file of address va in v.
static uint
file_pn(struct vma *v, uint va)
{
  return (v->vm_off + (va - v->vm_start)) / PGSIZE;
}

// Map a new private page at va in v: zeros, or a copy of src if src is
// not 0. Returns -1 if memory runs out.
static int
map_private(struct proc *p, struct vma *v, uint va, char *src)
{
  char *mem;
  int r;

  if((mem = kalloc()) == 0)
    return -1;
  if(src)
    memmove(mem, src, PGSIZE);
  else
    memset(mem, 0, PGSIZE);
  acquire(&p->vmlock);
  r = mappages(p->pgdir, (void*)va, PGSIZE, V2P(mem), prot_pte(v->vm_prot));
  release(&p->vmlock);
  if(r < 0){
    kfree(mem);
    return -1;
  }
  return 0;
}

// What the fault path's mapping callback needs.
struct fmap {
  pde_t *pgdir;
  struct vma *v;
  uint va;        // the faulting page
  uint perm;      // its PTE bits
};

// Called by pcache_mapfault under the cache lock: map cache page mem,
// page pn of the file. The faulting page (first) gets f->perm; a
// neighbour is mapped read-only if its PTE is absent (its page table
// is the faulting page's: the window is aligned and smaller than a
// table). Returns 1 if it mapped the page.
static int
map_cached(void *arg, uint pn, char *mem, int first)
{
  struct fmap *f = arg;
  uint va;
  pte_t *pte;

  va = first ? f->va : f->v->vm_start + (pn * PGSIZE - f->v->vm_off);
  pte = walkpgdir(f->pgdir, (void*)va, 0);
  if(pte == 0 || (*pte & PTE_P))
    return 0;
  *pte = V2P(mem) | PTE_P | (first ? f->perm : f->perm & ~PTE_W);
  return 1;
}

// Map cached page pn of v's file at va (absent in p), and for a read
// its cached neighbours in the aligned AROUND-page window, within v.
// Returns 1 if mapped, 0 if page pn is not cached, -1 if no page table
// can be had.
static int
map_from_cache(struct proc *p, struct vma *v, uint va, int write)
{
  struct fmap f;
  uint pn = file_pn(v, va), lo, hi, first, last;
  int r;

  f.pgdir = p->pgdir;
  f.v = v;
  f.va = va;
  f.perm = prot_pte(v->vm_prot);
  if(!write)
    f.perm &= ~PTE_W;
  lo = hi = pn;
  if(!write){
    first = file_pn(v, v->vm_start);
    last = file_pn(v, v->vm_end - PGSIZE);
    lo = pn - pn % AROUND;
    hi = lo + AROUND;
    lo = lo > first ? lo : first;
    hi = hi <= last ? hi : last + 1;
  }
  acquire(&p->vmlock);
  // The page table first: allocating under the cache lock could recurse
  // into reclaim.
  if(walkpgdir(p->pgdir, (void*)va, 1) == 0)
    r = -1;
  else
    r = pcache_mapfault(v->vm_file->ip, pn, write, lo, hi, map_cached, &f);
  release(&p->vmlock);
  return r;
}

// An absent page va of file region v: map the file's cache page there,
// read-only, plus its cached neighbours; or, for a store, writable
// (shared: counted dirty) or a private copy. A page in the cache is
// mapped without the inode lock: cached pages lie below end of file,
// and truncation drops them under the cache lock. A miss reads the
// page in under the inode lock and maps it holding its pin. Returns -1
// if va lies wholly past end of file or memory runs out.
static int
file_fault(struct proc *p, struct vma *v, uint va, int write)
{
  struct inode *ip = v->vm_file->ip;
  int shared = v->vm_flags & MAP_SHARED, r;
  char *mem;

  if((!write || shared) && (r = map_from_cache(p, v, va, write)) != 0)
    return r < 0 ? -1 : 0;
  // The inode lock keeps truncation away until the page is mapped.
  ilock(ip);
  if((mem = ipage(ip, file_pn(v, va))) == 0){
    iunlock(ip);
    return -1;
  }
  if(write && !shared)
    r = map_private(p, v, va, mem);
  else
    r = map_from_cache(p, v, va, write) > 0 ? 0 : -1;
  pcache_unpin(mem);
  iunlock(ip);
  return r;
}

// A store to present read-only file page va (PTE pte) in writable
// region v. Shared: the first store since write-back, so count the
// cache page dirty and make the PTE writable. Private: replace the
// page with a copy of its own. Returns -1 if memory runs out, or if a
// shared page is no longer the file's (truncated under the mapping).
static int
file_store(struct proc *p, struct vma *v, uint va, pte_t *pte)
{
  char *old = P2V(PTE_ADDR(*pte)), *mem;

  if(v->vm_flags & MAP_SHARED){
    acquire(&p->vmlock);
    if(pcache_mkwrite(old) < 0){
      release(&p->vmlock);
      return -1;
    }
    *pte |= PTE_W;
    release(&p->vmlock);
    flush_tlb(p);
    return 0;
  }
  if((mem = kalloc()) == 0)
    return -1;
  memmove(mem, old, PGSIZE);
  acquire(&p->vmlock);
  *pte = V2P(mem) | prot_pte(v->vm_prot) | PTE_P;
  kfree(old);
  release(&p->vmlock);
  flush_tlb(p);
  return 0;
}

// Map a page for va, in region v of p: anonymous or file. Used by the
// fault path and to populate regions; does not check access.
static int
fault_in(struct proc *p, struct vma *v, uint va, int write)
{
  if(v->vm_file)
    return file_fault(p, v, va, write);
  return map_private(p, v, va, 0);
}

// Break copy-on-write at page va of p, the current process, for a
// write its region allows; pte is va's PTE, present, user
// and PTE_COW. If p holds the only reference the page is simply made
// writable again; otherwise p gets a private copy and drops its
// reference to the shared page, which the other holders keep. Returns
// 0, or -1 (nothing changed) if no page can be had. The one mechanism
// for every page shared read-only under a writable private mapping:
// the pages fork shared, and any page that another holder
// keeps (a reference count above 1 always means "copy").
static int
cow_break(struct proc *p, pte_t *pte, uint va)
{
  char *old = P2V(PTE_ADDR(*pte)), *mem = 0;

  // Only p changes p's PTEs and a fork of a sharer cannot make a count
  // of 1 grow (it is p's own PTE), so a count of 1 stays 1; a count
  // above 1 may fall meanwhile, and copying is then merely wasted.
  if(krefcount(old) > 1){
    if((mem = kalloc()) == 0)
      return -1;
    memmove(mem, old, PGSIZE);
  }
  // Under vmlock, and the old reference dropped inside it, so vmcheck
  // never sees a count that differs from the PTEs.
  acquire(&p->vmlock);
  if(mem){
    *pte = V2P(mem) | (PTE_FLAGS(*pte) & ~(PTE_COW|PTE_A|PTE_D)) | PTE_W;
    kfree(old);
  } else {
    *pte = (*pte & ~PTE_COW) | PTE_W;
  }
  release(&p->vmlock);
  invlpg(va);
  return 0;
}

// Resolve a fault (from trap.c, or a system call's access, through
// uvmaccess) at va by process p, the current process. Returns 0 if the
// page is now mapped with access allowed, -1 if the access is illegal:
// outside every region, PROT_NONE, a write to a region
// without PROT_WRITE or to a read-only page that is not copy-on-write,
// a file page wholly past end of file, or memory exhausted. The caller
// kills the process or fails the call. O(log n) in the number of
// regions, plus a lookup in the file's page cache. A present
// read-only file page's first store is put right too (file_store).
int
mmap_fault(struct proc *p, uint va, int write)
{
  struct vma *v;
  pte_t *pte;

  va = PGROUNDDOWN(va);
  v = vma_find(&p->vmroot, va);
  if(v == 0 || v->vm_prot == PROT_NONE)
    return -1;
  if(write && !(v->vm_prot & PROT_WRITE))
    return -1;
  pte = walkpgdir(p->pgdir, (void*)va, 0);
  if(pte && (*pte & PTE_P)){
    // Present, yet refused: a write to a copy-on-write page, or the
    // first store to a read-only file page, can be put right.
    if(write && (*pte & (PTE_U|PTE_COW)) == (PTE_U|PTE_COW))
      return cow_break(p, pte, va);
    if(write && v->vm_file && !(*pte & PTE_W))
      return file_store(p, v, va, pte);
    return -1;
  }
  return fault_in(p, v, va, write);
}

// The PTE of va in pgdir, or 0 if its page table is missing: the lookup
// half of walkpgdir, written out here because uvmaccess runs for every
// system-call argument, and a call into vm.c per page would make every
// system call dearer than it was when uvmaccess lived in vm.c.
static pte_t*
lookup_pte(pde_t *pgdir, uint va)
{
  pde_t pde = pgdir[PDX(va)];

  if(!(pde & PTE_P))
    return 0;
  return (pte_t*)P2V(PTE_ADDR(pde)) + PTX(va);
}

// Whether p may touch the page at page (page aligned) as asked.
static int
pageok(struct proc *p, uint page, int write)
{
  pte_t *pte = lookup_pte(p->pgdir, page);
  uint need = PTE_P | PTE_U | (write ? PTE_W : 0);

  if(pte && (*pte & need) == need)
    return 1;
  // Every page arrives lazily, and a copy-on-write page must be copied
  // before the kernel writes it: both are the fault path's.
  return mmap_fault(p, page, write) == 0;
}

// Check that user code of p may access [va, va+n), for writing if write
// is set, and fault in any lazily mapped mmap pages in that range, so
// the kernel can then use the addresses directly without taking a page
// fault. Only a region allows access. For a write it also breaks copy-on-write in the range, exactly
// as a user store would, so the kernel never writes through a page
// another process shares. Returns 0 if so (always for n == 0), -1 if
// any page is off limits, the range wraps or reaches into the kernel,
// or memory for a copy runs out. Call as p itself, without spinlocks
// held: mmap_fault may sleep. The system-call layer (syscall.c's
// argument fetchers) calls this.
int
uvmaccess(struct proc *p, uint va, uint n, int write)
{
  uint a;

  if(n == 0)
    return 0;
  if(va + n < va || va + n > KERNBASE)
    return -1;
  for(a = PGROUNDDOWN(va); a < va + n; a += PGSIZE){
    if(!pageok(p, a, write))
      return -1;
  }
  return 0;
}

// Bring in every absent page of [start, end) in v, skipping file pages
// past end of file (read faults: shared file pages stay clean). Returns
// -1 if memory runs out.
static int
populate(struct proc *p, struct vma *v, uint start, uint end)
{
  uint va;
  uint eof = 0;
  pte_t *pte;

  if(v->vm_file){
    ilock(v->vm_file->ip);
    eof = v->vm_file->ip->size;
    iunlock(v->vm_file->ip);
  }
  for(va = start; va < end; va += PGSIZE){
    pte = walkpgdir(p->pgdir, (void*)va, 0);
    if(pte && (*pte & PTE_P))
      continue;  // present already, or mapped by fault-around
    if(v->vm_file && v->vm_off + (va - v->vm_start) >= eof)
      return 0;
    if(fault_in(p, v, va, 0) < 0)
      return -1;
  }
  return 0;
}

// Write back the dirty cache pages under [start, end), for every
// MAP_SHARED file region there: first make p's own writable PTEs of
// those pages read-only (so a later store faults and dirties the page
// again), then have the file system write every dirty page of the file
// range once, whoever dirtied it (docs/pagecache.md). Returns -1 if a
// write failed; those pages stay dirty.
static int
writeback_range(struct proc *p, uint start, uint end)
{
  struct vma *v;
  struct inode *ip;
  uint va, s, e, a, next;
  pte_t *pte;
  int r = 0, cleared = 0;

  for(v = vma_first_after(&p->vmroot, start); v && v->vm_start < end;
      v = vma_next(v)){
    if(v->vm_file == 0 || !(v->vm_flags & MAP_SHARED))
      continue;
    ip = v->vm_file->ip;
    if(pcache_ndirty(ip) == 0)
      continue;  // no dirty page: no writable PTE either
    s = v->vm_start > start ? v->vm_start : start;
    e = v->vm_end < end ? v->vm_end : end;
    // A page table per vmlock hold: the region may span 1 GiB.
    for(a = s; a < e; a = next){
      next = uvm_tableend(a, e);
      acquire(&p->vmlock);
      for(va = a; va < next && (pte = uvm_nextpte(p->pgdir, &va, next)) != 0;
          va += PGSIZE){
        if((*pte & PTE_W) && pcache_unwrite(P2V(PTE_ADDR(*pte)))){
          *pte &= ~(PTE_W|PTE_D);
          cleared = 1;
        }
      }
      release(&p->vmlock);
    }
    if(cleared)
      flush_tlb(p);
    if(iwriteback(ip, file_pn(v, s), file_pn(v, e - PGSIZE) + 1) < 0)
      r = -1;
  }
  return r;
}

// ---------------------------------------------------------------------
// Changing the tree. Callers hold p->vmlock.

// Drop every present page of [start, end) from p's page table.
// uvm_nextpte finds each run of present PTEs and the run is freed in a
// tight loop: exit frees every page a process has, and a call per page
// would cost a quarter as much again as the freeing.
static void
free_pages(struct proc *p, uint start, uint end)
{
  uint va;
  pte_t *pte;
  char *mem;

  assert_vmlock(p, "free_pages: vmlock not held");
  for(va = start; va < end && (pte = uvm_nextpte(p->pgdir, &va, end)) != 0;){
    do {
      mem = P2V(PTE_ADDR(*pte));
      if(*pte & PTE_W)
        pcache_unwrite(mem);
      kfree(mem);
      *pte++ = 0;
      va += PGSIZE;
    } while(va < end && PTX(va) != 0 && (*pte & PTE_P));
  }
}

// Drop every present page of [start, end) (page aligned, below
// KERNBASE) and the page tables left empty, taking p->vmlock for one
// page table at a time: a range may span 1 GiB, and a walk over it all
// with interrupts off would stall this CPU and every reader spinning on
// the lock. Between holds the range is part freed, which a reader may
// see: a region with fewer pages is still a consistent address space.
static void
free_range(struct proc *p, uint start, uint end)
{
  uint a, next;

  for(a = start; a < end; a = next){
    next = uvm_tableend(a, end);
    acquire(&p->vmlock);
    free_pages(p, a, next);
    uvm_freetables(p->pgdir, a, next);
    release(&p->vmlock);
  }
}

// Give every present page of [start, end) of region v the permissions
// of prot, keeping its dirty bit. A private page that someone else
// still holds (count above 1: a fork's other side, or a cache) never
// becomes writable: where prot allows writing it is marked PTE_COW
// instead, so the first write copies it. PTE_COW stays on a page made
// read-only, harmless there: the fault path checks the region first.
// A cache page in a shared region gains PTE_W only through its first
// store's fault (counted dirty); one losing PTE_W is counted.
static void
protect_pages(struct proc *p, struct vma *v, int prot)
{
  uint va, perm = prot_pte(prot);
  int private = !(v->vm_flags & MAP_SHARED);
  pte_t *pte;
  char *mem;

  assert_vmlock(p, "protect_pages: vmlock not held");
  for(va = v->vm_start;
      va < v->vm_end && (pte = uvm_nextpte(p->pgdir, &va, v->vm_end)) != 0;
      va += PGSIZE){
    mem = P2V(PTE_ADDR(*pte));
    if((*pte & PTE_W) && !(perm & PTE_W))
      pcache_unwrite(mem);
    if(!private && (perm & PTE_W) && !(*pte & PTE_W) && pcache_cached(mem)){
      *pte = (*pte & ~PTE_U) | (perm & ~PTE_W);
      continue;
    }
    *pte &= ~(PTE_U|PTE_W);
    if(private && (perm & PTE_W)){
      if(krefcount(P2V(PTE_ADDR(*pte))) > 1)
        *pte |= PTE_COW | (perm & ~PTE_W);
      else
        *pte = (*pte & ~PTE_COW) | perm;
    } else {
      *pte |= perm;
    }
  }
}

// Split v at addr (inside it) using the spare node n: v keeps
// [vm_start, addr), n gets [addr, vm_end). Returns n.
static struct vma*
split_at(struct proc *p, struct vma *v, uint addr, struct vma *n)
{
  assert_vmlock(p, "split_at: vmlock not held");
  *n = *v;
  n->vm_start = addr;
  if(n->vm_file){
    n->vm_off += addr - v->vm_start;
    filedup(n->vm_file);
  }
  v->vm_end = addr;
  vma_resized(v);
  vma_insert(&p->vmroot, n);
  p->nvma++;
  return n;
}

// Merge every pair of neighbouring regions that meet inside [start,
// end], boundaries included, where their attributes allow. A region
// that absorbs its successor is tried again against the next one, so
// any run of compatible regions becomes one. The nodes that disappear
// go on the dead list *dead, for the caller to free after releasing
// vmlock.
static void
merge_range(struct proc *p, uint start, uint end, struct vma **dead)
{
  struct vma *v, *next;

  assert_vmlock(p, "merge_range: vmlock not held");
  // The region ending at start (if any), else the first one after it.
  v = vma_first_after(&p->vmroot, start - 1);
  while(v && v->vm_end <= end && (next = vma_next(v)) != 0){
    if(!vma_mergeable(v, next)){
      v = next;
      continue;
    }
    vma_erase(&p->vmroot, next);
    v->vm_end = next->vm_end;
    vma_resized(v);
    p->nvma--;
    dead_push(dead, next);
  }
}

// Link the new region v (its range free) into p's tree and merge it
// with its neighbours where their attributes allow.
static void
insert_region(struct proc *p, struct vma *v)
{
  struct vma *dead = 0;

  acquire(&p->vmlock);
  vma_insert(&p->vmroot, v);
  p->nvma++;
  merge_range(p, v->vm_start, v->vm_end, &dead);
  release(&p->vmlock);
  dead_free(dead);
}

// Does unmapping [start, end) need a new node (it cuts a hole in the
// middle of one region)?
static int
needs_split(struct proc *p, uint start, uint end)
{
  struct vma *v = vma_first_after(&p->vmroot, start);

  return v && v->vm_start < start && v->vm_end > end;
}

// Unmap [start, end) (page-aligned, below KERNBASE): write back
// dirty shared pages, then trim, split or remove every region there
// and free its pages and the page tables left empty. Returns -1,
// having changed no region, if a split is needed and no node can be had.
static int
unmap_range(struct proc *p, uint start, uint end)
{
  struct vma *v, *spare = 0, *dead;
  uint s, e;

  if(needs_split(p, start, end)){
    if(p->nvma >= VMA_MAX || (spare = vma_alloc()) == 0)
      return -1;
  }
  writeback_range(p, start, end);
  while((v = vma_first_after(&p->vmroot, start)) != 0 && v->vm_start < end){
    s = v->vm_start > start ? v->vm_start : start;
    e = v->vm_end < end ? v->vm_end : end;
    dead = 0;
    free_range(p, s, e);
    acquire(&p->vmlock);
    if(s == v->vm_start && e == v->vm_end){
      vma_erase(&p->vmroot, v);
      p->nvma--;
      dead = v;
    } else if(s == v->vm_start){
      if(v->vm_file)
        v->vm_off += e - v->vm_start;
      v->vm_start = e;
      vma_resized(v);
    } else if(e == v->vm_end){
      v->vm_end = s;
      vma_resized(v);
    } else {
      split_at(p, v, e, spare);
      spare = 0;
      v->vm_end = s;
      vma_resized(v);
    }
    release(&p->vmlock);
    if(dead)
      vma_free(dead);
  }
  flush_tlb(p);
  if(spare)
    kmfree(spare);
  return 0;
}

// Is [start, end) covered by regions with no hole? If so and last is
// not 0, *last is the region holding end-1.
static int
range_mapped(struct proc *p, uint start, uint end, struct vma **last)
{
  struct vma *v;
  uint cur = start;

  for(v = vma_first_after(&p->vmroot, start); v && v->vm_start < end;
      v = vma_next(v)){
    if(v->vm_start > cur)
      return 0;
    cur = v->vm_end;
    if(last)
      *last = v;
  }
  return cur >= end;
}

// ---------------------------------------------------------------------
// The system calls.

// Check length and page-round it into *end from addr; -1 if it is 0,
// wraps, or reaches the kernel.
static int
range_end(uint addr, uint len, uint *end)
{
  if(len == 0 || len > KERNBASE)
    return -1;
  len = PGROUNDUP(len);
  if(!in_user(addr, len))
    return -1;
  *end = addr + len;
  return 0;
}

// Check mmap's file argument: a regular file open for reading, and for
// writing too if shared writes are asked for. Returns 0, or the errno:
// EBADF (no open file), EACCES (the open mode forbids it), ENODEV (not
// a regular file), in Linux's order: the mode is checked first.
static int
file_ok(struct file *f, int prot, int flags)
{
  if(f == 0)
    return EBADF;
  if(!f->readable)
    return EACCES;
  if((flags & MAP_SHARED) && (prot & PROT_WRITE) && !f->writable)
    return EACCES;
  if(f->type != FD_INODE || f->ip->type != T_FILE)
    return ENODEV;
  return 0;
}

// Choose where a new mapping of len bytes goes: the hint if that range
// is free, else the lowest free range. Returns 0 if there is none.
static uint
place(struct proc *p, uint hint, uint len)
{
  hint = PGROUNDDOWN(hint);
  if(hint && in_area(hint, len) && vma_range_free(&p->vmroot, hint, hint+len))
    return hint;
  return vma_find_gap(&p->vmroot, len, MMAPBASE, MMAPTOP);
}

// mmap: map len bytes at (or near) addr, of file f from offset off
// (f is ignored with MAP_ANONYMOUS; 0, a descriptor that was not open,
// fails otherwise). Takes its own reference to f. Returns the address,
// or -errno as a uint (docs/man/mmap.md's ERRORS) with nothing changed:
// EINVAL for a bad length, flag, prot, offset or MAP_FIXED alignment;
// file_ok's EBADF, EACCES, ENODEV; ENOMEM for a length beyond user
// space, a MAP_FIXED range reaching the kernel, no room in the mmap area,
// the region limit, no memory.
uint
mmap_map(struct proc *p, uint addr, uint len, int prot, int flags,
         struct file *f, int off)
{
  struct vma *v;
  uint start, end;
  int need, err;

  if(len == 0 || (prot & ~PROT_ALL) || (flags & ~MAP_KNOWN))
    return -EINVAL;
  if(!(flags & MAP_SHARED) == !(flags & MAP_PRIVATE))
    return -EINVAL;
  if(off < 0 || off % PGSIZE)
    return -EINVAL;
  if(len > KERNBASE)
    return -ENOMEM;
  len = PGROUNDUP(len);
  if((uint)off + len < (uint)off)
    return -EOVERFLOW;
  if(flags & MAP_ANONYMOUS)
    f = 0;
  else if((err = file_ok(f, prot, flags)) != 0)
    return -err;

  if(flags & MAP_FIXED){
    if(addr % PGSIZE)
      return -EINVAL;
    if(!in_user(addr, len))
      return -ENOMEM;
    start = addr;
    need = 1 + needs_split(p, start, start + len);
  } else {
    if((start = place(p, addr, len)) == 0)
      return -ENOMEM;
    need = 1;
  }
  if(p->nvma + need > VMA_MAX || (v = vma_alloc()) == 0)
    return -ENOMEM;
  end = start + len;
  if((flags & MAP_FIXED) && unmap_range(p, start, end) < 0){
    kmfree(v);
    return -ENOMEM;
  }

  v->vm_start = start;
  v->vm_end = end;
  v->vm_prot = prot;
  v->vm_flags = flags & (MAP_SHARED|MAP_PRIVATE|MAP_ANONYMOUS);
  if(f){
    v->vm_file = filedup(f);
    v->vm_off = off;
  }
  insert_region(p, v);

  // As on Linux, populating is best effort: the mapping stands even if
  // memory runs short, and later touches fault the rest in.
  if(flags & MAP_POPULATE)
    populate(p, vma_find(&p->vmroot, start), start, end);
  return start;
}

// munmap: remove [addr, addr+len) from every region there. Holes are
// fine, and any region goes: text, heap and stack too (a program that
// unmaps its own stack dies of it at its next touch). Returns 0,
// -EINVAL for bad arguments (unaligned, length 0, reaching the
// kernel), or -ENOMEM if a needed split fails.
int
mmap_unmap(struct proc *p, uint addr, uint len)
{
  uint end;

  if(addr % PGSIZE || range_end(addr, len, &end) < 0)
    return -EINVAL;
  return unmap_range(p, addr, end) < 0 ? -ENOMEM : 0;
}

// mprotect: give [addr, addr+len) protection prot. The whole range must
// be mapped, and a shared mapping of a file not open for writing cannot
// become writable. Splits and merges regions. Returns 0, or, changing
// nothing, -EINVAL (unaligned addr, unknown prot bits), -ENOMEM (not
// all mapped or reaching the kernel; a split passing VMA_MAX or
// finding no memory), -EACCES (a shared file opened read-only).
int
mmap_protect(struct proc *p, uint addr, uint len, int prot)
{
  struct vma *v, *n, *last = 0, *spare[2] = { 0, 0 }, *dead = 0;
  uint end;
  int i, need;

  if(addr % PGSIZE || (prot & ~PROT_ALL))
    return -EINVAL;
  if(len == 0)
    return in_user(addr, 0) ? 0 : -ENOMEM;
  if(range_end(addr, len, &end) < 0 || !range_mapped(p, addr, end, &last))
    return -ENOMEM;
  v = vma_first_after(&p->vmroot, addr);
  for(struct vma *w = v; w && w->vm_start < end; w = vma_next(w)){
    if((prot & PROT_WRITE) && w->vm_file && (w->vm_flags & MAP_SHARED) &&
       !w->vm_file->writable)
      return -EACCES;
  }
  need = (v->vm_start < addr) + (last->vm_end > end);
  if(p->nvma + need > VMA_MAX)
    return -ENOMEM;
  for(i = 0; i < need; i++){
    if((spare[i] = vma_alloc()) == 0){
      if(i)
        kmfree(spare[0]);
      return -ENOMEM;
    }
  }

  i = 0;
  acquire(&p->vmlock);
  if(v->vm_start < addr){
    n = split_at(p, v, addr, spare[i++]);
    if(last == v)
      last = n;
    v = n;
  }
  if(last->vm_end > end)
    split_at(p, last, end, spare[i++]);
  // Now the regions from v on cover exactly [addr, end).
  for(; v && v->vm_end <= end; v = vma_next(v)){
    v->vm_prot = prot;
    protect_pages(p, v, prot);
  }
  merge_range(p, addr, end, &dead);
  release(&p->vmlock);
  flush_tlb(p);
  dead_free(dead);
  return 0;
}

// msync: write the dirty cache pages under the MAP_SHARED file regions
// of [addr, addr+len) to their files, whoever dirtied them. The whole
// range must be mapped. MS_INVALIDATE does nothing more, as on Linux:
// every mapping shares the one cache page, so none is stale. Returns 0;
// -EINVAL on bad arguments, -ENOMEM for a range not all mapped, -EIO if
// a page could not be written back (the pages that failed stay dirty).
int
mmap_sync(struct proc *p, uint addr, uint len, int flags)
{
  uint end;

  if(addr % PGSIZE || (flags & ~MS_KNOWN) ||
     ((flags & MS_ASYNC) && (flags & MS_SYNC)))
    return -EINVAL;
  if(len == 0)
    return in_user(addr, 0) ? 0 : -ENOMEM;
  if(range_end(addr, len, &end) < 0 || !range_mapped(p, addr, end, 0))
    return -ENOMEM;
  return writeback_range(p, addr, end) < 0 ? -EIO : 0;
}

// ---------------------------------------------------------------------
// The break.
//
// The heap is the region [p->brkbase, PGROUNDUP(p->brk)), anonymous,
// private, read-write, of role VMR_HEAP (so it never merges with the
// stack below it). sbrk moves the break: growing only makes the region
// longer, and its pages arrive on first touch like any others;
// shrinking unmaps what lies above the new break, as munmap would.

#define HEAPFLAGS  (MAP_PRIVATE|MAP_ANONYMOUS|VMR_HEAP)

// Pages sbrk leaves free when it grows the heap: room for page tables,
// kernel stacks and the other processes meanwhile.
#define BRKRESERVE 64

// Make [lo, hi) (page aligned, free) part of the heap: stretch the
// heap region that ends at lo, the common case, or start a new one.
// Returns -1, with nothing changed, if the range is not free or no
// node can be had.
static int
grow_heap(struct proc *p, uint lo, uint hi)
{
  struct vma *v, want;

  if(!vma_range_free(&p->vmroot, lo, hi))
    return -1;
  memset(&want, 0, sizeof(want));
  want.vm_start = lo;
  want.vm_end = hi;
  want.vm_prot = PROT_READ|PROT_WRITE;
  want.vm_flags = HEAPFLAGS;
  v = lo ? vma_find(&p->vmroot, lo - 1) : 0;
  if(v && vma_mergeable(v, &want)){
    acquire(&p->vmlock);
    v->vm_end = hi;
    vma_resized(v);
    release(&p->vmlock);
    return 0;
  }
  if(p->nvma >= VMA_MAX || (v = vma_alloc()) == 0)
    return -1;
  *v = want;
  insert_region(p, v);
  return 0;
}

// sbrk: move p's break by n bytes. Growing allocates nothing, but it is
// refused when the new pages, and BRKRESERVE more, could not all be had
// now (kavailable: free pages, and clean cache pages it reclaims):
// xv6 programs grow the heap until sbrk fails (malloc returns 0), and
// Linux's default heuristic likewise refuses an obvious overcommit. A
// touch that finds memory gone since kills the toucher, as any fault
// does. Shrinking frees the pages and page tables above the new break,
// whatever region they are in (as Linux's brk). Returns the old break,
// or -ENOMEM with nothing changed if the new break would pass MMAPBASE
// or fall below the heap's start, the memory is not there, the range
// it grows into holds a mapping, or a node for the region (growing) or
// a split (shrinking) cannot be had.
int
mmap_brk(struct proc *p, int n)
{
  uint old = p->brk, brk = old + n, lo = PGROUNDUP(old), hi;

  if(n > 0 && (brk < old || brk > MMAPBASE))
    return -ENOMEM;
  if(n < 0 && (brk > old || brk < p->brkbase))
    return -ENOMEM;
  hi = PGROUNDUP(brk);
  if(hi > lo && (!kavailable((hi - lo) / PGSIZE + BRKRESERVE) ||
                 grow_heap(p, lo, hi) < 0))
    return -ENOMEM;
  if(hi < lo && unmap_range(p, hi, lo) < 0)
    return -ENOMEM;
  p->brk = brk;
  return old;
}

// ---------------------------------------------------------------------
// fork, exec and exit.

// Free every region of a detached tree (post-order: children first),
// with its file reference: call without vmlock.
void
vma_freetree(struct rb_node *n)
{
  if(n == 0)
    return;
  vma_freetree(n->rb_left);
  vma_freetree(n->rb_right);
  vma_free(vma_entry(n));
}

// Free every page of p's regions with its PTE, and the page tables, a
// table at a time (free_range); then detach the tree under vmlock and
// free its nodes and file references. Pages always go before their
// region, so vmcheck never sees a page without one. The caller flushes
// p's TLB if p is running (pages may be freed first: see flush_tlb).
static void
drop_regions(struct proc *p)
{
  struct rb_node *root;
  struct vma *v;

  for(v = vma_first(&p->vmroot); v; v = vma_next(v))
    free_range(p, v->vm_start, v->vm_end);
  acquire(&p->vmlock);
  root = p->vmroot.rb_node;
  p->vmroot.rb_node = 0;
  p->nvma = 0;
  release(&p->vmlock);
  vma_freetree(root);
}

// Give child the present pages of [start, end) of parent's region v,
// the same physical pages in both: as they are for MAP_SHARED,
// copy-on-write for MAP_PRIVATE (uvmshare; the parent's PTEs there were
// marked first, uvm_cowmark). Caller (the parent) holds child->vmlock.
// Returns -1 if memory runs out (pages already mapped into the child
// stay there, for freevm).
// A cache page of a shared region is mapped read-only in the child:
// its first store there faults and is counted dirty.
static int
copy_pages(struct proc *parent, struct proc *child, struct vma *v,
           uint start, uint end)
{
  uint va, pa, perm;
  pte_t *pte;

  assert_vmlock(child, "copy_pages: child's vmlock not held");
  if(!(v->vm_flags & MAP_SHARED))
    return uvmshare(parent->pgdir, child->pgdir, start, end);
  for(va = start;
      va < end && (pte = uvm_nextpte(parent->pgdir, &va, end)) != 0;
      va += PGSIZE){
    pa = PTE_ADDR(*pte);
    perm = *pte & (PTE_U|PTE_W);
    if(v->vm_file && pcache_cached(P2V(pa)))
      perm &= ~PTE_W;
    kref(P2V(pa));
    if(mappages(child->pgdir, (void*)va, PGSIZE, pa, perm) < 0){
      kfree(P2V(pa));
      return -1;
    }
  }
  return 0;
}

// Copy parent's regions into child (which has none yet, and whose
// pgdir is already published). Shared anonymous regions are first
// populated in the parent, so that parent and child hold the very same
// pages (shared file regions need not be: every fault of a file page
// finds the one cache page);
// private pages are shared copy-on-write. The child's tree is a
// node-for-node copy of the parent's (vma_copytree), its nodes all
// allocated first. Returns 0, or -1 with the child's tree and address
// space empty again: the pages it mapped are freed with their PTEs under the
// child's vmlock (free_range), because vmcheck counts references
// against PTEs, and a page freed later by the caller's freevm, after
// the page table is unpublished, would still be counted as referenced
// meanwhile. Called by the parent.
//
// The child is an EMBRYO, but Ctrl-P (procdump) and vmcheck read it
// anyway, so its tree and PTEs change only under child->vmlock, like any
// owner's: the tree is linked and pages are copied under the lock, and
// on failure the tree is detached under it and freed after. The
// parent's tree only the parent changes, and it is busy here, so
// reading it needs no lock; its private PTEs lose PTE_W (uvm_cowmark)
// under its own vmlock, before the child's lock is taken to share
// them: holding one vmlock at a time keeps fork out of the lock order.
// Pages are shared a page table per lock hold: a region may hold 1 GiB
// of pages, far too many to walk with interrupts off; a reader between
// holds sees a region with only some of its pages, which is consistent.
int
mmap_fork(struct proc *parent, struct proc *child)
{
  struct vma *v, *spare = 0;
  uint a, next;
  int i, r;

  for(v = vma_first(&parent->vmroot); v; v = vma_next(v)){
    if((v->vm_flags & MAP_SHARED) && v->vm_file == 0 &&
       populate(parent, v, v->vm_start, v->vm_end) < 0)
      return -1;
  }
  for(i = 0; i < parent->nvma; i++){
    if((v = vma_alloc()) == 0){
      while((v = spare) != 0){
        spare = vma_entry(v->vm_rb.rb_right);
        vma_free(v);
      }
      return -1;
    }
    v->vm_rb.rb_right = spare ? &spare->vm_rb : 0;
    spare = v;
  }
  acquire(&child->vmlock);
  vma_copytree(&child->vmroot, &parent->vmroot, spare);
  child->nvma = parent->nvma;
  release(&child->vmlock);
  // Every copy holds its own file reference before any can be freed.
  for(v = vma_first(&child->vmroot); v; v = vma_next(v))
    if(v->vm_file)
      filedup(v->vm_file);
  for(v = vma_first(&child->vmroot); v; v = vma_next(v)){
    for(a = v->vm_start; a < v->vm_end; a = next){
      next = uvm_tableend(a, v->vm_end);
      // Only a writable private region has writable pages to mark.
      if(!(v->vm_flags & MAP_SHARED) && (v->vm_prot & PROT_WRITE)){
        acquire(&parent->vmlock);
        uvm_cowmark(parent->pgdir, a, next);
        release(&parent->vmlock);
      }
      acquire(&child->vmlock);
      r = copy_pages(parent, child, v, a, next);
      release(&child->vmlock);
      if(r < 0)
        goto bad;
    }
  }
  flush_tlb(parent);  // private pages lost PTE_W
  return 0;

bad:
  flush_tlb(parent);
  drop_regions(child);
  return -1;
}

// Drop all of p's regions, which is all of its memory, at exit or exec
// (before image_install gives it a new image): write dirty shared file
// pages back, free their pages and page tables a table at a time
// (free_range), then detach the tree under vmlock (pages always go
// before their region, so vmcheck never sees a page without one), then
// free every node and file reference. A failed write-back is
// reported on the console; the pages stay dirty in the cache.
void
mmap_exit(struct proc *p)
{
  if(writeback_range(p, 0, KERNBASE) < 0)
    cprintf("pid %d %s: write-back of mapped file pages failed\n",
            p->pid, p->name);
  drop_regions(p);
  flush_tlb(p);
}

// ip was just truncated (open with O_TRUNC, by p): drop p's own PTEs of
// file pages wholly past the new end, in every region of ip, so that
// p's next touch there faults and is refused (Linux's SIGBUS). Private
// copies go too, as on Linux. Other processes keep what they have
// mapped (docs/pagecache.md). O(regions of p) plus the pages dropped.
void
mmap_truncated(struct proc *p, struct inode *ip)
{
  struct vma *v;
  uint end, s;

  ilock(ip);
  end = PGROUNDUP(ip->size);
  iunlock(ip);
  for(v = vma_first(&p->vmroot); v; v = vma_next(v)){
    if(v->vm_file == 0 || v->vm_file->ip != ip)
      continue;
    s = end > v->vm_off ? v->vm_start + (end - v->vm_off) : v->vm_start;
    if(s < v->vm_start || s >= v->vm_end)
      continue;  // (end - vm_off wrapped past the region)
    free_range(p, s, v->vm_end);  // a page table per vmlock hold
  }
  flush_tlb(p);
}

// ---------------------------------------------------------------------
// Inspection.

// Number of present pages of p in [start, end).
static uint
count_resident(struct proc *p, uint start, uint end)
{
  uint va, n = 0;

  for(va = start; va < end && uvm_nextpte(p->pgdir, &va, end) != 0;
      va += PGSIZE)
    n++;
  return n;
}

static void
describe(struct proc *p, struct vma *v, struct vmregion *r)
{
  r->start = v->vm_start;
  r->end = v->vm_end;
  r->prot = v->vm_prot;
  r->flags = v->vm_flags;
  r->offset = v->vm_off;
  r->inum = v->vm_file ? v->vm_file->ip->inum : 0;
  r->resident = count_resident(p, v->vm_start, v->vm_end);
}

// Fill buf (already checked writable by the caller, in the current
// process) with up to max of p's regions, in address order. Caller
// holds p->vmlock. Returns the number of regions p has.
int
mmap_regions(struct proc *p, struct vmregion *buf, int max)
{
  struct vma *v;
  int n = 0;

  assert_vmlock(p, "mmap_regions: vmlock not held");
  for(v = vma_first(&p->vmroot); v; v = vma_next(v), n++)
    if(n < max)
      describe(p, v, &buf[n]);
  return n;
}

// How many regions Ctrl-P lists per process.
#define DUMP_MAX 16

// Ctrl-P: print p's first regions, one line each, pmap style. Each
// region is copied out under p->vmlock and printed after releasing it:
// printing takes the console lock, and a console reader holds that lock
// while it sleeps (taking ptable.lock), so printing under vmlock could
// close a cycle with vmcheck (ptable.lock, then every vmlock).
void
mmap_dump(struct proc *p)
{
  struct vma *v;
  struct vmregion r;
  uint next = 0;
  int i, n;

  for(i = 0; i < DUMP_MAX; i++){
    acquire(&p->vmlock);
    n = p->nvma;
    if((v = vma_first_after(&p->vmroot, next)) != 0){
      describe(p, v, &r);
      next = v->vm_end;
    }
    release(&p->vmlock);
    if(v == 0)
      return;
    cprintf("    %x-%x %c%c%c%c %x ", r.start, r.end,
            r.prot & PROT_READ ? 'r' : '-', r.prot & PROT_WRITE ? 'w' : '-',
            r.prot & PROT_EXEC ? 'x' : '-', r.flags & MAP_SHARED ? 's' : 'p',
            r.offset);
    if(r.inum)
      cprintf("inode %d", r.inum);
    else
      cprintf("anon");
    cprintf(" %d pages %s\n", r.resident, vmr_name(r.flags, r.prot));
  }
  if(n > DUMP_MAX)
    cprintf("    ... %d regions in all\n", n);
}
