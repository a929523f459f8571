// umalloc.c: malloc and free for user programs, the first-fit allocator
// of Kernighan and Ritchie. Owns the heap above the program's break: it
// grows the heap with sbrk and never gives memory back to the kernel.
//
// Every block starts with a header holding its size in header-sized
// units. Free blocks form a circular list sorted by address, so free()
// can merge a block with the free neighbours on either side; `freep`
// points at the block where the last search ended, spreading the
// searches over the list instead of always starting at the front.
#include "types.h"
#include "stat.h"
#include "user.h"

// Units requested from the kernel at least, so small allocations do not
// each cost a system call.
#define MINGROW 4096

union header {
  struct {
    union header *next;   // next free block (free blocks only)
    uint units;           // size of this block, header included
  } s;
  long align;             // forces the strictest alignment we need
};

typedef union header Header;

static Header base;       // a zero-size block that starts the list
static Header *freep;     // where the next search starts; 0 before use

// Return a block obtained from malloc to the free list, merging it with
// adjacent free blocks. free(0) does nothing.
void
free(void *ap)
{
  Header *bp, *p;

  if(ap == 0)
    return;
  bp = (Header*)ap - 1;

  // Find p, the free block just below bp (or the end of the list where
  // it wraps around from the highest address to the lowest).
  for(p = freep; !(bp > p && bp < p->s.next); p = p->s.next)
    if(p >= p->s.next && (bp > p || bp < p->s.next))
      break;

  if(bp + bp->s.units == p->s.next){
    bp->s.units += p->s.next->s.units;
    bp->s.next = p->s.next->s.next;
  } else {
    bp->s.next = p->s.next;
  }
  if(p + p->s.units == bp){
    p->s.units += bp->s.units;
    p->s.next = bp->s.next;
  } else {
    p->s.next = bp;
  }
  freep = p;
}

// Grow the heap by at least nu units and put the new memory on the free
// list. Returns the free list, or 0 if the kernel refused.
static Header*
growheap(uint nu)
{
  char *p;
  Header *hp;

  if(nu < MINGROW)
    nu = MINGROW;
  if(nu > 0x7fffffff / sizeof(Header))
    return 0;
  p = sbrk(nu * sizeof(Header));
  if(p == (char*)-1)
    return 0;
  hp = (Header*)p;
  hp->s.units = nu;
  free(hp + 1);
  return freep;
}

// Allocate nbytes of memory. Returns 0 if the heap cannot grow enough.
void*
malloc(uint nbytes)
{
  Header *p, *prevp;
  uint nunits;

  if(nbytes > 0x7fffffff)
    return 0;
  nunits = (nbytes + sizeof(Header) - 1) / sizeof(Header) + 1;
  if((prevp = freep) == 0){
    base.s.next = freep = prevp = &base;
    base.s.units = 0;
  }
  for(p = prevp->s.next; ; prevp = p, p = p->s.next){
    if(p->s.units >= nunits){
      if(p->s.units == nunits){
        prevp->s.next = p->s.next;
      } else {
        // Hand out the tail of the block; the front stays on the list.
        p->s.units -= nunits;
        p += p->s.units;
        p->s.units = nunits;
      }
      freep = prevp;
      return (void*)(p + 1);
    }
    if(p == freep)
      if((p = growheap(nunits)) == 0)
        return 0;
  }
}
