// vma.c: the tree of a process's memory regions.
//
// Owns the shape of p->vmroot: lookup, insert, erase, the copy fork
// makes, the subtree summaries and the search for a free range. It
// does not allocate or free regions (mmap.c does, with kmalloc), does
// not take locks (the caller holds p->vmlock where other processes
// could be reading), and never touches page tables or files.
//
// Every node summarises its subtree with three numbers:
//   vm_lo   the lowest start in the subtree,
//   vm_hi   the highest end in the subtree,
//   vm_gap  the largest hole between two neighbouring regions of the
//           subtree.
// All three are computed from the node and its two children alone
// (compute_summary), so they stay right through rotations with the
// red-black tree's augmented callbacks, and a region never has to know
// its neighbours to keep them right.
//
// A free range of len bytes is then found by walking down from the
// root, going left whenever the left part can hold it: O(log n).

#include "types.h"
#include "mman.h"
#include "vma.h"

static uint
max3(uint a, uint b, uint c)
{
  uint m = a > b ? a : b;
  return m > c ? m : c;
}

// Recompute v's summary from v and its children. Returns 1 if any of
// the three values changed.
static int
compute_summary(struct vma *v)
{
  struct vma *l = vma_entry(v->vm_rb.rb_left);
  struct vma *r = vma_entry(v->vm_rb.rb_right);
  uint lo = v->vm_start, hi = v->vm_end, gap = 0;

  if(l){
    lo = l->vm_lo;
    gap = max3(gap, l->vm_gap, v->vm_start - l->vm_hi);
  }
  if(r){
    hi = r->vm_hi;
    gap = max3(gap, r->vm_gap, r->vm_lo - v->vm_end);
  }
  if(lo == v->vm_lo && hi == v->vm_hi && gap == v->vm_gap)
    return 0;
  v->vm_lo = lo;
  v->vm_hi = hi;
  v->vm_gap = gap;
  return 1;
}

static void
summary_propagate(struct rb_node *rb, struct rb_node *stop)
{
  while(rb != stop){
    struct vma *v = vma_entry(rb);
    if(!compute_summary(v))
      break;
    rb = rb_parent(&v->vm_rb);
  }
}

static void
summary_copy(struct rb_node *rb_old, struct rb_node *rb_new)
{
  struct vma *o = vma_entry(rb_old), *n = vma_entry(rb_new);

  n->vm_lo = o->vm_lo;
  n->vm_hi = o->vm_hi;
  n->vm_gap = o->vm_gap;
}

// After a rotation, rb_new covers exactly the subtree rb_old covered.
static void
summary_rotate(struct rb_node *rb_old, struct rb_node *rb_new)
{
  summary_copy(rb_old, rb_new);
  compute_summary(vma_entry(rb_old));
}

static const struct rb_augment_callbacks summary_cb = {
  summary_propagate, summary_copy, summary_rotate
};

// The region containing va, or 0.
struct vma*
vma_find(struct rb_root *root, uint va)
{
  struct rb_node *n = root->rb_node;

  while(n){
    struct vma *v = vma_entry(n);
    if(va < v->vm_start)
      n = n->rb_left;
    else if(va >= v->vm_end)
      n = n->rb_right;
    else
      return v;
  }
  return 0;
}

// The lowest region that ends after va (it may contain va), or 0.
// Walking on with vma_next from here visits every region that
// overlaps [va, ...).
struct vma*
vma_first_after(struct rb_root *root, uint va)
{
  struct rb_node *n = root->rb_node;
  struct vma *best = 0;

  while(n){
    struct vma *v = vma_entry(n);
    if(v->vm_end > va){
      best = v;
      n = n->rb_left;
    } else {
      n = n->rb_right;
    }
  }
  return best;
}

struct vma*
vma_first(struct rb_root *root)
{
  return vma_entry(rb_first(root));
}

struct vma*
vma_next(struct vma *v)
{
  return vma_entry(rb_next(&v->vm_rb));
}

struct vma*
vma_prev(struct vma *v)
{
  return vma_entry(rb_prev(&v->vm_rb));
}

// Link v into the tree. v must not overlap any region already there.
void
vma_insert(struct rb_root *root, struct vma *v)
{
  struct rb_node **link = &root->rb_node, *parent = 0;

  while(*link){
    parent = *link;
    if(v->vm_start < vma_entry(parent)->vm_start)
      link = &parent->rb_left;
    else
      link = &parent->rb_right;
  }
  v->vm_lo = v->vm_start;
  v->vm_hi = v->vm_end;
  v->vm_gap = 0;
  rb_link_node(&v->vm_rb, parent, link);
  summary_propagate(parent, 0);
  rb_insert_augmented(&v->vm_rb, root, &summary_cb);
}

// Unlink v. The caller frees it.
void
vma_erase(struct rb_root *root, struct vma *v)
{
  rb_erase_augmented(&v->vm_rb, root, &summary_cb);
}

// Copy the subtree rooted at o to a node from *spare and below,
// hanging it under parent (0 for the root).
static struct rb_node*
copy_subtree(struct rb_node *o, struct rb_node *parent, struct vma **spare)
{
  struct vma *v;

  if(o == 0)
    return 0;
  v = *spare;
  *spare = vma_entry(v->vm_rb.rb_right);
  *v = *vma_entry(o);
  v->vm_rb.rb_parent_color = (unsigned long)parent | rb_color(o);
  v->vm_rb.rb_left = copy_subtree(o->rb_left, &v->vm_rb, spare);
  v->vm_rb.rb_right = copy_subtree(o->rb_right, &v->vm_rb, spare);
  return &v->vm_rb;
}

// Make the empty tree dst a copy of src: the same regions in the same
// shape, with the same colours and summaries, made in one pass with no
// comparisons or rotations (O(n); n inserts would be O(n log n)). The
// nodes come from spare, a list linked through vm_rb.rb_right holding
// at least as many nodes as src; returns what is left of the list. The
// copies share the originals' vm_file pointers: the caller takes their
// references.
struct vma*
vma_copytree(struct rb_root *dst, struct rb_root *src, struct vma *spare)
{
  dst->rb_node = copy_subtree(src->rb_node, 0, &spare);
  return spare;
}

// v's start or end changed in place, without changing its order among
// the regions: bring the summaries above it up to date.
void
vma_resized(struct vma *v)
{
  // Force a recomputation at v even if its own numbers look unchanged.
  v->vm_lo = v->vm_hi = v->vm_gap = ~0U;
  summary_propagate(&v->vm_rb, 0);
}

// Is [start, end) free of regions?
int
vma_range_free(struct rb_root *root, uint start, uint end)
{
  struct vma *v = vma_first_after(root, start);

  return v == 0 || v->vm_start >= end;
}

// The lowest hole of at least len bytes between two regions of v's
// subtree, which holds one (v->vm_gap >= len): a walk down one path.
static uint
lowest_hole(struct vma *v, uint len)
{
  struct vma *l, *r;

  for(;;){
    l = vma_entry(v->vm_rb.rb_left);
    r = vma_entry(v->vm_rb.rb_right);
    if(l && l->vm_gap >= len)
      v = l;
    else if(l && v->vm_start - l->vm_hi >= len)
      return l->vm_hi;
    else if(r && r->vm_lo - v->vm_end >= len)
      return v->vm_end;
    else if(r && r->vm_gap >= len)
      v = r;
    else
      return 0;  // unreachable while the summaries are right
  }
}

// The lowest address a >= lo such that [a, a+len) is a free range
// between two regions of v's subtree, or 0 if there is none. A subtree
// whose largest hole is too small, or that ends below lo, is skipped
// whole; a subtree lying wholly above lo with a big enough hole holds
// the answer (lowest_hole), so only the subtrees that straddle lo (one
// path) can be searched in vain: O(log n).
static uint
gap_above(struct vma *v, uint lo, uint len)
{
  struct vma *l, *r;
  uint a;

  if(v == 0 || v->vm_gap < len || v->vm_hi <= lo)
    return 0;
  if(v->vm_lo >= lo)
    return lowest_hole(v, len);  // all of it above lo: no search in vain
  l = vma_entry(v->vm_rb.rb_left);
  r = vma_entry(v->vm_rb.rb_right);
  if(l && (a = gap_above(l, lo, len)) != 0)
    return a;
  if(l){
    a = l->vm_hi > lo ? l->vm_hi : lo;
    if(a < v->vm_start && v->vm_start - a >= len)
      return a;
  }
  if(r){
    a = v->vm_end > lo ? v->vm_end : lo;
    if(a < r->vm_lo && r->vm_lo - a >= len)
      return a;
  }
  return gap_above(r, lo, len);
}

// The lowest address a with [a, a+len) free and inside [lo, hi), or 0
// if there is none. Regions may lie below lo and above hi too (the
// program, heap and stack lie below the mmap area). O(log n).
uint
vma_find_gap(struct rb_root *root, uint len, uint lo, uint hi)
{
  struct vma *top = vma_entry(root->rb_node);
  uint a;

  if(len == 0 || hi < lo || len > hi - lo)
    return 0;
  // Room below every region? Else a hole between two regions (one that
  // straddles lo counts from lo), else the space above the last one.
  if(top == 0 || (top->vm_lo >= lo && top->vm_lo - lo >= len))
    return lo;
  if((a = gap_above(top, lo, len)) == 0)
    a = top->vm_hi > lo ? top->vm_hi : lo;
  return a <= hi && hi - a >= len ? a : 0;
}

// May a and b, a directly below b, become one region?
int
vma_mergeable(struct vma *a, struct vma *b)
{
  if(a->vm_end != b->vm_start || a->vm_prot != b->vm_prot ||
     a->vm_flags != b->vm_flags || a->vm_file != b->vm_file)
    return 0;
  if(a->vm_file && a->vm_off + (a->vm_end - a->vm_start) != b->vm_off)
    return 0;
  return 1;
}

static int
cmp_start(const struct rb_node *a, const struct rb_node *b)
{
  uint sa = vma_entry(a)->vm_start, sb = vma_entry(b)->vm_start;

  return sa < sb ? -1 : sa > sb;
}

static int
summary_ok(const struct rb_node *n)
{
  struct vma *v = vma_entry(n);
  struct vma copy = *v;

  compute_summary(&copy);
  return copy.vm_lo == v->vm_lo && copy.vm_hi == v->vm_hi &&
         copy.vm_gap == v->vm_gap;
}

// Check the tree: red-black invariants and summaries (rb_validate),
// then that every region is page-aligned, non-empty, inside [lo, hi)
// and below its successor. Returns the number of regions, or -1 with
// *why naming the first violation.
int
vma_validate(struct rb_root *root, uint lo, uint hi, const char **why)
{
  struct vma *v, *prev = 0;
  int n;

  n = rb_validate(root, cmp_start, summary_ok, why);
  if(n < 0)
    return -1;
  for(v = vma_first(root); v; prev = v, v = vma_next(v)){
    if((v->vm_start | v->vm_end) & 0xFFF){
      *why = "region not page-aligned";
      return -1;
    }
    if(v->vm_start >= v->vm_end){
      *why = "empty or inverted region";
      return -1;
    }
    if(v->vm_start < lo || v->vm_end > hi){
      *why = "region outside the mmap area";
      return -1;
    }
    if(prev && prev->vm_end > v->vm_start){
      *why = "regions overlap";
      return -1;
    }
    if(prev && vma_mergeable(prev, v)){
      *why = "adjacent regions left unmerged";
      return -1;
    }
  }
  return n;
}
