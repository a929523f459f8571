// kmalloc.c: the kernel's allocator for small objects (1..4096 bytes).
//
// Owns the pages it has taken from kalloc and a descriptor for every
// physical page below PHYSTOP. It gets memory only from kalloc and gives
// it only back to kalloc; it never touches page tables or processes
// (fault injection goes through kalloc.c's failnow). It must compile
// unchanged on the host (tests/kmalloc.mk), so it uses nothing but the
// contract headers, V2P/P2V, kalloc/kfree, the spinlock calls and panic.
//
// Design. Requests are rounded up to one of KM_NCLASS size classes, the
// powers of two 16, 32, ..., 4096. Every page kmalloc holds serves one
// class: a 4096 request takes a whole page, a smaller one an object carved
// out of a page of its class. Objects carry no header: what kmalloc knows
// about a page lives in a descriptor (struct kmpage) in a flat array
// indexed by physical page number, as Linux keeps its struct page. So
// kmfree(p) finds everything from p alone: V2P(p) >> PGSHIFT is the
// descriptor, the descriptor names the class, and the offset inside the
// page must be a multiple of the class size.
//
// Inside a page, objects go out in address order the first time (carve,
// a high-water mark, so a fresh page needs no set-up) and freed objects
// go on a free list threaded through the objects themselves: word 0 holds
// the offset of the next free object, word 1 a poison value. Every class
// keeps a doubly linked list of its partial pages (some objects free,
// some live), threaded through the descriptors by page number. kmalloc
// takes from the first partial page; a page that becomes full leaves the
// list, a full page that gets an object back joins it at the front, and
// a page whose last object is freed goes straight back to kalloc. There
// is no cache of empty pages: the pages kmalloc holds are exactly those
// with a live object on them, so memory shrinks as soon as a burst is
// freed and the statistics come back exactly to where they were (the
// guest tests check that). The price is a kalloc and a kfree each time a
// class crosses a page boundary back and forth. kmalloc and kmfree are
// O(1): no walk depends on how many objects are live or free.
//
// Checks that are always on, because they are cheap: kmfree panics, naming
// the pointer, if it is not in a page kmalloc holds, not at the start of
// an object, or already free. A freed object's poison word makes a double
// free suspicious; a walk of that one page's free list (at most 256 steps)
// confirms it before the panic. A pointer into a page kmalloc has given
// back is reported as a double free too ("page already returned"): it
// was freed already, or is a stale pointer into memory that is no longer
// kmalloc's. kmalloc checks each free-list link it follows against the
// page's counts, which catches most writes to an object after its free.
//
// Locking. Each class has a spinlock guarding its partial list, its
// counters, and the descriptors and free lists of the pages of that
// class. The lock is never held across kalloc or kfree, so there is no
// order to keep with kalloc's lock; the descriptor of a page that is on
// no list yet (just allocated) or any more (about to be freed) belongs to
// the one CPU holding the page. The whole-page class uses its lock only
// for its counters.

#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "spinlock.h"
#include "defs.h"
#include "kmstat.h"

#define KM_MINSHIFT  4             // the smallest class is 1 << 4 = 16 bytes
#define KM_BIG       (KM_NCLASS-1) // the class of whole pages (4096 bytes)
#define KM_NIL       0xFFFF        // no page / no object, in ushort links
#define KM_POISON    0x6b6d6672    // word 1 of a free object ("kmfr")

#define KM_LIVE      0xA5          // kmpage.magic: kmalloc holds this page
#define KM_DEAD      0x5A          // kmpage.magic: kmalloc gave it back

#define NPAGES       (PHYSTOP / PGSIZE)

// Page numbers travel in ushorts, with KM_NIL left over as "none".
_Static_assert(NPAGES < KM_NIL, "kmalloc: page numbers must fit a ushort");
_Static_assert((1 << KM_MINSHIFT) << (KM_NCLASS-1) == PGSIZE &&
               KMALLOC_MAX == PGSIZE,
               "kmalloc: the last class must be exactly one page");

// What kmalloc knows about one physical page. Meaningful only while
// magic is KM_LIVE; guarded by the lock of class cls then.
struct kmpage {
  ushort next;     // partial list of the class: following page number
  ushort prev;     // and preceding one (KM_NIL at either end)
  ushort free;     // offset of the first object on the free list, or KM_NIL
  ushort carve;    // offset of the first object never handed out
  ushort nfree;    // objects not live: on the free list or past carve
  uchar cls;       // size class
  uchar magic;     // KM_LIVE, KM_DEAD, or 0 if kmalloc never had it
};

// One size class. size and shift never change; the rest, and the
// descriptors of the class's pages, are guarded by lock.
struct kmclass {
  struct spinlock lock;
  uint size;       // object size, 1 << shift
  uint shift;

  ushort partial;  // first page with both free and live objects, or KM_NIL
  uint live;       // objects handed out and not freed
  uint pages;      // pages held for this class
};

#define KMCLASS(sh) { .lock = { .name = "kmalloc" }, .size = 1 << (sh), \
                      .shift = (sh), .partial = KM_NIL }

static struct kmclass kmclass[KM_NCLASS] = {
  KMCLASS(4), KMCLASS(5), KMCLASS(6), KMCLASS(7), KMCLASS(8),
  KMCLASS(9), KMCLASS(10), KMCLASS(11), KMCLASS(12),
};

static struct kmpage kmpage[NPAGES];

// --- formatting panic messages -----------------------------------------
//
// panic takes a plain string, and the kernel has no snprintf, so the
// messages that must name a pointer or a size are built here with fmt.c.
// The buffer is static: it is used only on the way into panic, which
// never returns.

static char kmmsg[96];

// Panic with head, the pointer p in hex, then tail. p is printed through
// unsigned long so the host build (64-bit pointers) compiles too; in the
// kernel that is the whole pointer.
static void __attribute__((noreturn))
kmpanic(char *head, void *p, char *tail)
{
  kmmsg[0] = 0;
  fmtstr(kmmsg, sizeof(kmmsg), head);
  fmtnum(kmmsg, sizeof(kmmsg), (uint)(unsigned long)p, 16, 0);
  fmtstr(kmmsg, sizeof(kmmsg), tail);
  panic(kmmsg);
}

// A request above KMALLOC_MAX is a kernel bug: nothing bigger than a page
// can come from single pages.
static void __attribute__((noreturn))
toobig(uint n)
{
  kmmsg[0] = 0;
  fmtstr(kmmsg, sizeof(kmmsg), "kmalloc: request of ");
  fmtnum(kmmsg, sizeof(kmmsg), n, 10, 0);
  fmtstr(kmmsg, sizeof(kmmsg), " bytes > KMALLOC_MAX");
  panic(kmmsg);
}

// --- pages and their descriptors ---------------------------------------

static uint
pagenum(void *p)
{
  return V2P(p) / PGSIZE;
}

static char*
pageaddr(uint pn)
{
  return (char*)P2V(pn * PGSIZE);
}

// The class of a request of n bytes, 1 <= n <= KMALLOC_MAX: the smallest
// class whose objects hold n bytes. At most KM_NCLASS-1 steps.
static int
sizeclass(uint n)
{
  uint units = (n - 1) >> KM_MINSHIFT;
  int cls = 0;

  while(units){
    units >>= 1;
    cls++;
  }
  return cls;
}

// Objects of page d that sit on its free list (the rest of nfree lies
// past carve and was never handed out).
static uint
nlisted(struct kmclass *c, struct kmpage *d)
{
  return d->nfree - ((PGSIZE - d->carve) >> c->shift);
}

// Put page pn at the front of c's partial list. Caller holds c->lock.
static void
linkpage(struct kmclass *c, uint pn)
{
  struct kmpage *d = &kmpage[pn];

  d->prev = KM_NIL;
  d->next = c->partial;
  if(c->partial != KM_NIL)
    kmpage[c->partial].prev = pn;
  c->partial = pn;
}

// Take page pn off c's partial list. Caller holds c->lock.
static void
unlinkpage(struct kmclass *c, uint pn)
{
  struct kmpage *d = &kmpage[pn];

  if(d->prev != KM_NIL)
    kmpage[d->prev].next = d->next;
  else
    c->partial = d->next;
  if(d->next != KM_NIL)
    kmpage[d->next].prev = d->prev;
}

// Hand out one free object of page pn, which must have one (nfree > 0).
// Caller holds c->lock. The object's poison word is cleared, so freeing
// it later does not look like a double free.
static void*
takeobject(struct kmclass *c, uint pn)
{
  struct kmpage *d = &kmpage[pn];
  char *base = pageaddr(pn);
  uint off, next, rest;
  uint *obj;

  if(d->free != KM_NIL){
    off = d->free;
    obj = (uint*)(base + off);
    next = obj[0];
    // A link that disagrees with the counts was written by someone who
    // still used a freed object; stop before handing out memory twice.
    rest = nlisted(c, d) - 1;
    if((rest == 0) != (next == KM_NIL) ||
       (next != KM_NIL && (next >= d->carve || (next & (c->size - 1)) ||
                           next == off)))
      kmpanic("kmalloc: corrupt free list in page ", base, "");
    d->free = next;
  } else {
    off = d->carve;
    obj = (uint*)(base + off);
    d->carve += c->size;
  }
  obj[1] = 0;
  d->nfree--;
  return obj;
}

// Is the object at offset off of page pn on the page's free list?
// Walks at most the number of listed objects. Caller holds c->lock.
static int
onfreelist(struct kmclass *c, uint pn, uint off)
{
  struct kmpage *d = &kmpage[pn];
  char *base = pageaddr(pn);
  uint n = nlisted(c, d);
  uint o = d->free;

  while(n-- > 0 && o < d->carve){
    if(o == off)
      return 1;
    o = *(uint*)(base + o);
  }
  return 0;
}

// --- the two kinds of allocation -----------------------------------------

// An object of class c (smaller than a page). Returns 0 if kalloc has
// no page for it.
static void*
allocobject(struct kmclass *c)
{
  struct kmpage *d;
  char *pg;
  void *p;
  uint pn;

  acquire(&c->lock);
  if(c->partial == KM_NIL){
    // kalloc is not called under our lock; another CPU may fill the list
    // meanwhile, which only means one more partial page.
    release(&c->lock);
    if((pg = kalloc()) == 0)
      return 0;
    pn = pagenum(pg);
    d = &kmpage[pn];
    d->cls = c - kmclass;
    d->free = KM_NIL;
    d->carve = 0;
    d->nfree = PGSIZE >> c->shift;
    d->magic = KM_LIVE;
    acquire(&c->lock);
    linkpage(c, pn);
    c->pages++;
  }
  pn = c->partial;
  p = takeobject(c, pn);
  if(kmpage[pn].nfree == 0)
    unlinkpage(c, pn);
  c->live++;
  release(&c->lock);
  return p;
}

// A whole page, for a request of more than half a page.
static void*
allocpage(void)
{
  struct kmclass *c = &kmclass[KM_BIG];
  struct kmpage *d;
  char *pg;

  if((pg = kalloc()) == 0)
    return 0;
  d = &kmpage[pagenum(pg)];
  d->cls = KM_BIG;
  d->free = KM_NIL;
  d->carve = PGSIZE;
  d->nfree = 0;
  d->magic = KM_LIVE;
  acquire(&c->lock);
  c->live++;
  c->pages++;
  release(&c->lock);
  return pg;
}

// Allocate n bytes of kernel memory, 1 <= n <= KMALLOC_MAX. The object
// is aligned to its size class (a power of two, at least 16) and its
// contents are garbage. Returns 0 if n is 0, if memory is exhausted, or
// if fault injection (failnow) says so; panics if n > KMALLOC_MAX, which
// only a kernel bug can ask for. The caller frees it with kmfree.
void*
kmalloc(uint n)
{
  int cls;

  if(n == 0)
    return 0;
  if(n > KMALLOC_MAX)
    toobig(n);
  if(failnow())
    return 0;
  cls = sizeclass(n);
  if(cls == KM_BIG)
    return allocpage();
  return allocobject(&kmclass[cls]);
}

// --- freeing ---------------------------------------------------------------

// Return object p, in page pn, to class c; give the page back to kalloc
// if that was its last live object.
static void
freeobject(struct kmclass *c, uint pn, void *p)
{
  struct kmpage *d = &kmpage[pn];
  uint off = V2P(p) % PGSIZE;
  uint *obj = p;

  acquire(&c->lock);
  if(d->magic != KM_LIVE || &kmclass[d->cls] != c)
    kmpanic("kmfree: double free of ", p, "");  // racing with its twin
  if((off & (c->size - 1)) != 0 || off >= d->carve)
    kmpanic("kmfree: ", p, " not at the start of an object");
  if(obj[1] == KM_POISON && onfreelist(c, pn, off))
    kmpanic("kmfree: double free of ", p, "");
  obj[0] = d->free;
  obj[1] = KM_POISON;
  d->free = off;
  d->nfree++;
  c->live--;
  if(d->nfree == PGSIZE >> c->shift){
    unlinkpage(c, pn);
    d->magic = KM_DEAD;
    c->pages--;
    release(&c->lock);
    kfree(pageaddr(pn));
    return;
  }
  if(d->nfree == 1)
    linkpage(c, pn);   // it was full; now it can serve again
  release(&c->lock);
}

// Return whole page p (class KM_BIG, page pn) to kalloc.
static void
freepage(struct kmclass *c, uint pn, void *p)
{
  struct kmpage *d = &kmpage[pn];

  if(V2P(p) % PGSIZE != 0)
    kmpanic("kmfree: ", p, " not at the start of an object");
  acquire(&c->lock);
  if(d->magic != KM_LIVE)
    kmpanic("kmfree: double free of ", p, "");
  d->magic = KM_DEAD;
  c->live--;
  c->pages--;
  release(&c->lock);
  kfree(p);
}

// Free p, which kmalloc returned and nobody has freed since. kmfree(0)
// does nothing. Panics, naming p, if p did not come from kmalloc, points
// inside an object rather than at its start, or was already freed: each
// is a kernel bug, and carrying on would corrupt memory.
void
kmfree(void *p)
{
  struct kmpage *d;
  uint pn;

  if(p == 0)
    return;
  if(V2P(p) >= PHYSTOP)
    kmpanic("kmfree: ", p, " not from kmalloc");
  pn = pagenum(p);
  d = &kmpage[pn];
  // Reading the descriptor before taking the class lock is safe for a
  // valid p: its page cannot change class while p is live.
  if(d->magic == KM_DEAD)
    kmpanic("kmfree: double free of ", p, " (page already returned)");
  if(d->magic != KM_LIVE || d->cls >= KM_NCLASS)
    kmpanic("kmfree: ", p, " not from kmalloc");
  if(d->cls == KM_BIG)
    freepage(&kmclass[KM_BIG], pn, p);
  else
    freeobject(&kmclass[d->cls], pn, p);
}

// --- statistics --------------------------------------------------------------

// Fill *st with a snapshot of the allocator: bytes in use (whole class
// sizes, which is what the objects really occupy), pages held, and live
// objects and object size per class. Each class is read under its lock;
// the classes are not frozen together.
void
kmstat(struct kmstat *st)
{
  struct kmclass *c;
  int i;

  st->bytes = 0;
  st->pages = 0;
  for(i = 0; i < KM_NCLASS; i++){
    c = &kmclass[i];
    acquire(&c->lock);
    st->live[i] = c->live;
    st->size[i] = c->size;
    st->bytes += c->live * c->size;
    st->pages += c->pages;
    release(&c->lock);
  }
}

// Bytes in use (as kmstat's bytes), without filling a whole kmstat.
uint
kmbytes(void)
{
  struct kmclass *c;
  uint bytes = 0;
  int i;

  for(i = 0; i < KM_NCLASS; i++){
    c = &kmclass[i];
    acquire(&c->lock);
    bytes += c->live * c->size;
    release(&c->lock);
  }
  return bytes;
}
