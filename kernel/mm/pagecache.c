// pagecache.c: the page cache, one physical page per cached file page.
//
// Owns which physical pages hold which page of which file: an index
// per inode (ip->i_pages, a red-black tree keyed by page number) and
// the state of every cache page (dirty, writable mappings, pins). It
// knows inodes only as keys and owners; it never reads or writes the
// disk (fs.c fills pages and writes them back) and knows nothing of
// regions or page tables (mmap.c maps the pages). docs/pagecache.md
// has the design and the pictures.
//
// Design. The node of a cache page is not allocated: it is entry pfn of
// cpages[], one per physical page, like kalloc's reference counts. So a
// PTE's address leads to the page's state in O(1), and the cache never
// calls kmalloc or kalloc, which lets kalloc call pcache_reclaim when it
// runs dry. kalloc's count of a cache page is 1 (the cache's) plus one
// per PTE. read() and write() copy a cached page's bytes under the
// cache lock; other kernel code that uses a page without a PTE (a
// fault's miss path, write-back) pins it instead: a pinned page is
// never reclaimed, and one dropped while pinned is freed by its last
// unpin. A fault maps cached pages under the cache lock and takes their
// PTEs' references before it lets go (pcache_mapfault).
//
// Dirty state lives here, set by the first store through a mapping
// (mmap.c maps shared pages read-only until then, see pcache_mkwrite)
// and cleared by write-back, but only when no PTE maps the page
// writable (wmaps == 0): other processes' PTEs cannot be revoked, so a
// page stays dirty while someone can store to it without faulting.
//
// Locking. pcache.lock, a spinlock, guards cpages[], every inode's
// i_pages, i_npages, i_ndirty and i_cnext, the owner list and the
// counters. Who may add or drop an inode's pages is decided by the
// holder of that inode's sleeplock (or, with no reference left, by
// icache.lock in iget). Holding pcache.lock, nothing here allocates,
// sleeps or prints; it does take kmem.lock (kref, kfree, krefcount).
// Order: ilock, p->vmlock, icache.lock, pcache.lock, kmem.lock.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "stat.h"
#include "file.h"
#include "kmstat.h"

#define NPHYSPAGES  (PHYSTOP / PGSIZE)
#define RECLAIM_MAX 32      // pages one pcache_reclaim frees at most
#define MAPFAULT_MAX 17     // pages one fault maps at most (16 around + 1)

#define CP_DIRTY    0x1     // stored to through a mapping since write-back
#define CP_ORPHAN   0x2     // dropped while pinned: freed by the last unpin

// The state of one physical page, if it is a cache page (ip != 0).
struct cpage {
  struct rb_node rb;        // link in ip->i_pages, keyed by pn
  uint pn;                  // page number within the file
  struct inode *ip;         // owner, 0 if not a cache page
  ushort wmaps;             // PTEs mapping it writable
  uchar pins;               // kernel users without a PTE
  uchar flags;              // CP_DIRTY
};

static struct {
  struct spinlock lock;
  struct inode *owners;     // inodes with i_npages > 0, via i_cnext
  uint npages, ndirty;      // cache pages, of which dirty
  uint hits, misses;        // lookups by read() and by faults
  uint reclaimed;           // pages given back to kalloc under pressure
  uint written;             // dirty pages written back successfully
  struct cpage page[NPHYSPAGES];
} pcache;

static struct cpage*
cpage_of(char *mem)
{
  return &pcache.page[V2P(mem) / PGSIZE];
}

static char*
mem_of(struct cpage *c)
{
  return P2V((uint)(c - pcache.page) * PGSIZE);
}

// The cache page of mem, or 0 if mem is not one. Caller holds the lock.
static struct cpage*
cached(char *mem)
{
  struct cpage *c;

  if(V2P(mem) >= PHYSTOP)
    return 0;
  c = cpage_of(mem);
  return c->ip ? c : 0;
}

// Count one more writable PTE of c, which makes it dirty. Caller holds
// the lock.
static void
mkwrite(struct cpage *c)
{
  if(c->wmaps == 0xFFFF)
    panic("pcache: too many writable mappings");
  c->wmaps++;
  if(!(c->flags & CP_DIRTY)){
    c->flags |= CP_DIRTY;
    c->ip->i_ndirty++;
    pcache.ndirty++;
  }
}

// Set up the cache. Called once, by iinit, before any file is read.
void
pcacheinit(void)
{
  initlock(&pcache.lock, "pcache");
}

// The node of page pn in ip's index, or 0. Caller holds the lock.
static struct cpage*
find(struct inode *ip, uint pn)
{
  struct rb_node *n = ip->i_pages.rb_node;
  struct cpage *c;

  while(n){
    c = rb_entry(n, struct cpage, rb);
    if(pn < c->pn)
      n = n->rb_left;
    else if(pn > c->pn)
      n = n->rb_right;
    else
      return c;
  }
  return 0;
}

// The first node of ip's index with page number >= pn, or 0. Caller
// holds the lock.
static struct cpage*
find_ge(struct inode *ip, uint pn)
{
  struct rb_node *n = ip->i_pages.rb_node;
  struct cpage *c, *best = 0;

  while(n){
    c = rb_entry(n, struct cpage, rb);
    if(c->pn >= pn){
      best = c;
      n = n->rb_left;
    } else {
      n = n->rb_right;
    }
  }
  return best;
}

static struct cpage*
next_of(struct cpage *c)
{
  return rb_entry_safe(rb_next(&c->rb), struct cpage, rb);
}

// Take ip off the owner list. Caller holds the lock.
static void
disown(struct inode *ip)
{
  struct inode **pp;

  for(pp = &pcache.owners; *pp; pp = &(*pp)->i_cnext){
    if(*pp == ip){
      *pp = ip->i_cnext;
      ip->i_cnext = 0;
      return;
    }
  }
  panic("pcache: owner missing");
}

// Unlink c from its inode and give the cache's reference back. A page
// that PTEs still map lives on for them, no longer a cache page. A
// pinned page (write-back holds its pin without the inode lock, so
// O_TRUNC may drop it) keeps the cache's reference as an orphan until
// the last unpin. Caller holds the lock.
static void
drop(struct cpage *c)
{
  struct inode *ip = c->ip;

  rb_erase(&c->rb, &ip->i_pages);
  if(c->flags & CP_DIRTY){
    ip->i_ndirty--;
    pcache.ndirty--;
  }
  ip->i_npages--;
  pcache.npages--;
  if(ip->i_npages == 0)
    disown(ip);
  c->ip = 0;
  c->flags = 0;
  c->wmaps = 0;
  if(c->pins){
    c->flags = CP_ORPHAN;
    return;
  }
  kfree(mem_of(c));
}

// The cached page pn of ip, pinned, or 0 if it is not cached. The
// caller unpins it (pcache_unpin). Not counted as a hit or a miss: the
// callers that look pages up for readers count through pcache_read and
// pcache_mapfault.
char*
pcache_get(struct inode *ip, uint pn)
{
  struct cpage *c;

  acquire(&pcache.lock);
  if((c = find(ip, pn)) != 0)
    c->pins++;
  release(&pcache.lock);
  return c ? mem_of(c) : 0;
}

// read() of a cached page: copy n bytes at offset off of page pn of ip
// into dst (checked by the caller; it must not fault) under the cache
// lock, which keeps reclaim away for the copy (at most a page). Returns
// 1, or 0 (a miss, nothing copied) if the page is not cached.
int
pcache_read(struct inode *ip, uint pn, char *dst, uint off, uint n)
{
  struct cpage *c;

  acquire(&pcache.lock);
  if((c = find(ip, pn)) != 0){
    memmove(dst, mem_of(c) + off, n);
    pcache.hits++;
  } else {
    pcache.misses++;
  }
  release(&pcache.lock);
  return c != 0;
}

// write() through a cached page: copy n bytes from src (checked by the
// caller) to offset off of page pn of ip if it is cached. Returns 1 if
// it was, else 0.
int
pcache_write(struct inode *ip, uint pn, char *src, uint off, uint n)
{
  struct cpage *c;

  acquire(&pcache.lock);
  if((c = find(ip, pn)) != 0)
    memmove(mem_of(c) + off, src, n);
  release(&pcache.lock);
  return c != 0;
}

// Make mem, a freshly allocated page filled with page pn of ip, the
// cache page for it; the caller's kalloc reference becomes the cache's.
// Returns mem, pinned. Caller holds ip's lock and has just seen the page
// missing (pcache_get), so it cannot be there.
char*
pcache_add(struct inode *ip, uint pn, char *mem)
{
  struct rb_node **link, *parent = 0;
  struct cpage *c = cpage_of(mem), *q;

  acquire(&pcache.lock);
  if(c->ip)
    panic("pcache_add: page already cached");
  link = &ip->i_pages.rb_node;
  while(*link){
    parent = *link;
    q = rb_entry(parent, struct cpage, rb);
    if(pn == q->pn)
      panic("pcache_add: page number cached twice");
    link = pn < q->pn ? &parent->rb_left : &parent->rb_right;
  }
  c->pn = pn;
  c->ip = ip;
  c->wmaps = 0;
  c->flags = 0;
  c->pins = 1;
  rb_link_node(&c->rb, parent, link);
  rb_insert_color(&c->rb, &ip->i_pages);
  if(ip->i_npages++ == 0){
    ip->i_cnext = pcache.owners;
    pcache.owners = ip;
  }
  pcache.npages++;
  release(&pcache.lock);
  return mem;
}

// Drop a pin taken by pcache_get, pcache_add or pcache_nextdirty.
void
pcache_unpin(char *mem)
{
  struct cpage *c = cpage_of(mem);
  int orphan;

  acquire(&pcache.lock);
  if(c->pins == 0 || (c->ip == 0 && !(c->flags & CP_ORPHAN)))
    panic("pcache_unpin: not pinned");
  c->pins--;
  orphan = c->pins == 0 && (c->flags & CP_ORPHAN);
  if(orphan)
    c->flags = 0;
  release(&pcache.lock);
  if(orphan)
    kfree(mem);
}

// Does the cache hold a reference to page mem (a cache page, or one
// dropped while pinned)? For vmcheck, which holds every vmlock.
int
pcache_holds(char *mem)
{
  struct cpage *c;
  int r;

  if(V2P(mem) >= PHYSTOP)
    return 0;
  c = cpage_of(mem);
  acquire(&pcache.lock);
  r = c->ip != 0 || (c->flags & CP_ORPHAN);
  release(&pcache.lock);
  return r;
}

// The fault path, under the vmlock of the page table map writes to.
// If page pn of ip is cached, map it: call map(arg, pn, mem, 1), which
// points the faulting PTE at mem (writable if write is set: the page is
// then counted dirty with one more writable mapping first, Linux's
// page_mkwrite). Then, for fault-around, call map(arg, n, mem, 0) for
// every other cached page n of ip in [lo, hi); it returns 1 if it
// mapped it (read-only). Every page mapped gains its PTE's reference
// before the cache lock is released, so reclaim cannot take it. map
// must not sleep, allocate or take a lock. Returns 1 if pn was mapped,
// 0 if it is not cached (a miss: nothing done). Counts a hit or a miss.
int
pcache_mapfault(struct inode *ip, uint pn, int write, uint lo, uint hi,
                int (*map)(void *arg, uint pn, char *mem, int first),
                void *arg)
{
  struct cpage *c, *f;
  char *mapped[MAPFAULT_MAX];
  int n = 0;

  acquire(&pcache.lock);
  if((f = find(ip, pn)) == 0){
    pcache.misses++;
    release(&pcache.lock);
    return 0;
  }
  pcache.hits++;
  if(write)
    mkwrite(f);
  map(arg, pn, mem_of(f), 1);
  mapped[n++] = mem_of(f);
  if(hi - lo > MAPFAULT_MAX - 1)
    hi = lo + MAPFAULT_MAX - 1;
  for(c = find_ge(ip, lo); c && c->pn < hi; c = next_of(c)){
    if(c != f && map(arg, c->pn, mem_of(c), 0))
      mapped[n++] = mem_of(c);
  }
  krefs(mapped, n);
  release(&pcache.lock);
  return 1;
}

// Is mem a cache page right now? Caller holds the vmlock of a table
// mapping it, which keeps it allocated; then a page that is not cached
// cannot become one (only fresh pages are added), so that answer needs
// no lock.
int
pcache_cached(char *mem)
{
  int r;

  if(V2P(mem) >= PHYSTOP || cpage_of(mem)->ip == 0)
    return 0;
  acquire(&pcache.lock);
  r = cached(mem) != 0;
  release(&pcache.lock);
  return r;
}

// The first store to cache page mem through a shared mapping: mark it
// dirty and count the writable PTE the caller is about to set (Linux's
// page_mkwrite). Returns 0, or -1 if mem is no longer a cache page (the
// file was truncated under the mapping). Caller holds the vmlock of the
// table whose PTE maps mem.
int
pcache_mkwrite(char *mem)
{
  struct cpage *c;

  acquire(&pcache.lock);
  if((c = cached(mem)) != 0)
    mkwrite(c);
  release(&pcache.lock);
  return c ? 0 : -1;
}

// A PTE that maps mem writable is going away or losing PTE_W. Returns
// 1 if mem is a cache page (its count of writable PTEs is lowered), 0 if
// not. Caller holds the vmlock of the table holding the PTE (so, as for
// pcache_cached, "not cached" needs no lock: the fast path of every
// anonymous page unmapped).
int
pcache_unwrite(char *mem)
{
  struct cpage *c;

  if(V2P(mem) >= PHYSTOP || cpage_of(mem)->ip == 0)
    return 0;
  acquire(&pcache.lock);
  if((c = cached(mem)) != 0){
    if(c->wmaps == 0)
      panic("pcache_unwrite: no writable mapping");
    c->wmaps--;
  }
  release(&pcache.lock);
  return c != 0;
}

// How many of ip's cached pages are dirty (a hint: not locked).
int
pcache_ndirty(struct inode *ip)
{
  return ip->i_ndirty;
}

// Write-back, step 1: the first dirty page of ip with page number in
// [*pn, hi), pinned, its number in *pn; 0 if there is none. The dirty
// bit is cleared now if no PTE maps the page writable (so a store that
// follows dirties it again), and *cleaned says so. The caller writes the
// page, calls pcache_writefailed if that failed, and unpins it. Caller
// holds ip's lock or a reference to it.
char*
pcache_nextdirty(struct inode *ip, uint *pn, uint hi, int *cleaned)
{
  struct cpage *c;

  acquire(&pcache.lock);
  for(c = find_ge(ip, *pn); c && c->pn < hi; c = next_of(c))
    if(c->flags & CP_DIRTY)
      break;
  if(c == 0 || c->pn >= hi){
    release(&pcache.lock);
    return 0;
  }
  c->pins++;
  pcache.written++;         // taken back by pcache_writefailed
  *pn = c->pn;
  *cleaned = 0;
  if(c->wmaps == 0){
    c->flags &= ~CP_DIRTY;
    ip->i_ndirty--;
    pcache.ndirty--;
    *cleaned = 1;
  }
  release(&pcache.lock);
  return mem_of(c);
}

// Write-back of pinned page mem failed: mark it dirty again, so that a
// later write-back tries once more.
void
pcache_writefailed(char *mem)
{
  struct cpage *c = cpage_of(mem);

  acquire(&pcache.lock);
  pcache.written--;
  if(c->ip && !(c->flags & CP_DIRTY)){
    c->flags |= CP_DIRTY;
    c->ip->i_ndirty++;
    pcache.ndirty++;
  }
  release(&pcache.lock);
}

// Drop every cached page of ip with page number >= pn, dirty or not
// (truncation, or the inode going away). Pages still mapped live on
// for their PTEs, detached. Returns how many dirty pages were dropped.
// Caller holds ip's lock, or ip has no reference left and the caller
// holds icache.lock.
int
pcache_truncate(struct inode *ip, uint pn)
{
  struct cpage *c, *next;
  int ndirty = 0;

  acquire(&pcache.lock);
  for(c = find_ge(ip, pn); c; c = next){
    next = next_of(c);
    if(c->flags & CP_DIRTY)
      ndirty++;
    drop(c);
  }
  release(&pcache.lock);
  return ndirty;
}

// Does ip own cached pages? (A hint for iget, which holds icache.lock;
// pages are only added under a reference, so for an inode with none the
// answer can only go from yes to no.)
int
pcache_owns(struct inode *ip)
{
  return ip->i_npages > 0;
}

// The number of pages in the cache, dirty and mapped ones included: an
// upper bound on what reclaim could give back. O(1); no lock, so only a
// snapshot.
uint
pcache_size(void)
{
  return pcache.npages;
}

// Memory is short: free up to RECLAIM_MAX clean, unpinned cache pages
// that no PTE maps (kalloc count 1). Starts with the inode at the head
// of the owner list and moves each inode it has scanned to the tail, so
// successive calls spread over files. Returns the number freed. Called
// by kalloc with no lock of kalloc's held; never sleeps.
int
pcache_reclaim(void)
{
  struct inode *ip, **pp;
  struct cpage *c, *next;
  int n = 0, scanned = 0, owners = 0;

  if(pcache.npages == 0)
    return 0;
  acquire(&pcache.lock);
  for(ip = pcache.owners; ip; ip = ip->i_cnext)
    owners++;
  while(n < RECLAIM_MAX && scanned < owners && (ip = pcache.owners) != 0){
    scanned++;
    for(c = rb_entry_safe(rb_first(&ip->i_pages), struct cpage, rb);
        c && n < RECLAIM_MAX; c = next){
      next = next_of(c);
      if(c->pins || (c->flags & CP_DIRTY) || krefcount(mem_of(c)) != 1)
        continue;
      drop(c);
      n++;
    }
    // Rotate ip (if it still owns pages) to the tail.
    if(pcache.owners == ip && ip->i_cnext){
      pcache.owners = ip->i_cnext;
      for(pp = &pcache.owners; *pp; pp = &(*pp)->i_cnext)
        ;
      *pp = ip;
      ip->i_cnext = 0;
    }
  }
  pcache.reclaimed += n;
  release(&pcache.lock);
  return n;
}

// Add the cache's figures to a kmstat snapshot: pages, dirty pages,
// pages only the cache holds (reclaimable if clean), hits, misses, pages
// reclaimed and pages written back. O(cached pages).
void
pcache_stat(struct kmstat *st)
{
  struct inode *ip;
  struct rb_node *n;
  uint idle = 0;

  acquire(&pcache.lock);
  for(ip = pcache.owners; ip; ip = ip->i_cnext)
    for(n = rb_first(&ip->i_pages); n; n = rb_next(n))
      if(krefcount(mem_of(rb_entry(n, struct cpage, rb))) == 1)
        idle++;
  st->cpages = pcache.npages;
  st->cdirty = pcache.ndirty;
  st->cidle = idle;
  st->chits = pcache.hits;
  st->cmisses = pcache.misses;
  st->creclaimed = pcache.reclaimed;
  st->cwritten = pcache.written;
  release(&pcache.lock);
}

// For vmcheck: check every cache page against maprefs (PTEs pointing at
// each physical page, counted by the caller, which holds every vmlock so
// that no PTE changes). Returns 0, or -1 with *why and *pa naming the
// first violation.
int
pcache_check(ushort *maprefs, ushort *wrefs, const char **why, uint *pa)
{
  struct inode *ip;
  struct rb_node *n;
  struct cpage *c;
  uint pfn, count = 0;
  int r = 0;

  acquire(&pcache.lock);
  for(ip = pcache.owners; ip && r == 0; ip = ip->i_cnext){
    for(n = rb_first(&ip->i_pages); n && r == 0; n = rb_next(n)){
      c = rb_entry(n, struct cpage, rb);
      pfn = c - pcache.page;
      *pa = pfn * PGSIZE;
      count++;
      r = -1;
      if(c->ip != ip)
        *why = "cache page in another inode's index";
      else if(krefcount(mem_of(c)) != 1 + maprefs[pfn])
        *why = "cache page count is not 1 + its PTEs";
      else if(c->wmaps != wrefs[pfn])
        *why = "cache page wmaps differs from its writable PTEs";
      else if(c->wmaps && !(c->flags & CP_DIRTY))
        *why = "writable cache page not dirty";
      else if((c->flags & CP_DIRTY) && (!ip->valid || ip->type != T_FILE))
        *why = "dirty cache page of a dead inode";
      else
        r = 0;
    }
  }
  if(r == 0 && count != pcache.npages){
    *why = "cache page count differs from the indexes";
    *pa = 0;
    r = -1;
  }
  release(&pcache.lock);
  return r;
}
