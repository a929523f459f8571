// rbtree_test.c: host-side property tests for kernel/mm/rbtree.c.
//
// Owns only this test. It compiles kernel/mm/rbtree.c exactly as the kernel
// does (no copy, no #ifdef) and may not touch kernel files; the one
// kernel name the tree needs, panic(), is supplied here.
//
// Every random run and every adversarial order drives a tree and a
// reference model (a sorted array of the same items) through the same
// inserts, erases and lookups, and compares them step by step. After
// every operation check_all() proves, independently of rb_validate:
// search order, black root, no red-red, equal black counts, parent
// links, node count, in-order walk == model (forwards and backwards),
// height <= 2*log2(n+1), and every node's augmented summary equal to a
// recomputation from the model alone. rb_validate must agree. The first
// failure prints the run, seed, step and what broke, and exits 1.
//
// Items are intervals [start, end), like memory regions. A run keeps
// one of three kinds of tree:
//  - HOLE: each node summarises its subtree as (lowest start, highest
//    end, largest hole between neighbouring intervals inside it), with
//    callbacks written by hand. This is the shape kernel/mm/vma.c uses.
//  - GAP: each node owns the gap below it (from the previous item's end)
//    and keeps the largest gap in its subtree, with callbacks made by
//    RB_DECLARE_CALLBACKS. The gap depends on a neighbour, so the caller
//    fixes the neighbour after each insert and erase.
//  - PLAIN: rb_insert_color and rb_erase, no summary.

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../kernel/mm/rbtree.h"

#define MAXKEYS 4096  // items in the pool; key k starts at k * SLOT
#define SLOT    16

enum { PLAIN, HOLE, GAP };
static const char *modename[] = { "plain", "hole", "gap" };

struct item {
  struct rb_node rb;
  unsigned start, end;
  unsigned lo, hi, hole;  // HOLE summary of the subtree
  unsigned gap, maxgap;   // GAP: own gap below start; largest in subtree
  int in;                 // in the tree now
};

static struct item pool[MAXKEYS];
static struct item *model[MAXKEYS];  // the items in the tree, by start
static int nmodel;
static struct rb_root root = RB_ROOT_INIT;
static int mode;

// Where we are, for failure messages and the final report.
static const char *runname = "";
static unsigned runseed;
static long step;
static long totalops, totalchecks;
static int maxsize, maxheight;

static void
fail(const char *fmt, ...)
{
  va_list ap;

  printf("FAIL: %s (%s tree) seed %u step %ld, tree size %d: ", runname,
         modename[mode], runseed, step, nmodel);
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  printf("\n");
  exit(1);
}

// rbtree.c panics on misuse; the misuse tests expect it and jump back.
static jmp_buf panicjmp;
static int expectpanic;
static const char *panicmsg;

void panic(char *s) __attribute__((noreturn));

void
panic(char *s)
{
  if(expectpanic){
    expectpanic = 0;
    panicmsg = s;
    longjmp(panicjmp, 1);
  }
  fail("unexpected panic: %s", s);
  exit(1);
}

// xorshift64: the same sequence on every host for a given seed.
static unsigned long long rngstate;

static void
seedrng(unsigned seed)
{
  rngstate = (seed + 1) * 0x9e3779b97f4a7c15ULL;
}

static unsigned
rnd(unsigned n)
{
  rngstate ^= rngstate << 13;
  rngstate ^= rngstate >> 7;
  rngstate ^= rngstate << 17;
  return (unsigned)(rngstate >> 32) % n;
}

static struct item *
item(const struct rb_node *n)
{
  return rb_entry_safe(n, struct item, rb);
}

static unsigned
max(unsigned a, unsigned b)
{
  return a > b ? a : b;
}

// ---------------------------------------------------------------
// HOLE: the subtree summary of kernel/mm/vma.c, callbacks by hand.

struct hole {
  unsigned lo, hi, hole;
};

// The summary of its subtree from it and its children's summaries.
static struct hole
hole_of(const struct item *it)
{
  struct item *l = item(it->rb.rb_left), *r = item(it->rb.rb_right);
  struct hole h = { it->start, it->end, 0 };

  if(l){
    h.lo = l->lo;
    h.hole = max(l->hole, it->start - l->hi);
  }
  if(r){
    h.hi = r->hi;
    h.hole = max(h.hole, max(r->hole, r->lo - it->end));
  }
  return h;
}

// Recompute its summary; returns 1 if it changed.
static int
hole_update(struct item *it)
{
  struct hole h = hole_of(it);

  if(h.lo == it->lo && h.hi == it->hi && h.hole == it->hole)
    return 0;
  it->lo = h.lo;
  it->hi = h.hi;
  it->hole = h.hole;
  return 1;
}

static void
hole_propagate(struct rb_node *n, struct rb_node *stop)
{
  while(n != stop && hole_update(item(n)))
    n = rb_parent(n);
}

static void
hole_copy(struct rb_node *old, struct rb_node *new)
{
  item(new)->lo = item(old)->lo;
  item(new)->hi = item(old)->hi;
  item(new)->hole = item(old)->hole;
}

static void
hole_rotate(struct rb_node *old, struct rb_node *new)
{
  hole_copy(old, new);
  hole_update(item(old));
}

static const struct rb_augment_callbacks holecb = {
  hole_propagate, hole_copy, hole_rotate
};

// The lowest hole of at least len between two items: the address where
// it starts, or 0. Go left while the left part has one, else try the
// holes on either side of this node, else go right. O(log n).
static unsigned
find_hole(unsigned len)
{
  struct item *it = item(root.rb_node), *l, *r;

  if(it == 0 || it->hole < len)
    return 0;
  for(;;){
    l = item(it->rb.rb_left);
    r = item(it->rb.rb_right);
    if(l && l->hole >= len)
      it = l;
    else if(l && it->start - l->hi >= len)
      return l->hi;
    else if(r && r->lo - it->end >= len)
      return it->end;
    else if(r && r->hole >= len)
      it = r;
    else
      fail("find_hole(%u): summaries promised a hole that is not there",
           len);
  }
}

// ---------------------------------------------------------------
// GAP: each node owns the gap below it, callbacks from the macro.

static unsigned
subtree_gap(const struct rb_node *n)
{
  return n ? item(n)->maxgap : 0;
}

static unsigned
compute_maxgap(struct item *it)
{
  return max(it->gap, max(subtree_gap(it->rb.rb_left),
                          subtree_gap(it->rb.rb_right)));
}

RB_DECLARE_CALLBACKS(gapcb, struct item, rb, unsigned, maxgap,
                     compute_maxgap);

static unsigned
gap_before(const struct item *it)
{
  struct item *prev = item(rb_prev(&it->rb));

  return it->start - (prev ? prev->end : 0);
}

// The lowest item with at least len free below it, or 0. O(log n).
static struct item *
find_gap(unsigned len)
{
  struct rb_node *n = root.rb_node;

  if(subtree_gap(n) < len)
    return 0;
  for(;;){
    if(subtree_gap(n->rb_left) >= len)
      n = n->rb_left;
    else if(item(n)->gap >= len)
      return item(n);
    else
      n = n->rb_right;
  }
}

// Right after each rb_*_augmented call, before the caller fixes the
// neighbour's gap, every maxgap must agree with the stored gaps:
// otherwise the neighbour's propagate could repair, and so hide, a
// summary the tree left wrong.
static unsigned
check_maxgaps(const struct rb_node *n)
{
  unsigned want;

  if(n == 0)
    return 0;
  want = max(item(n)->gap, max(check_maxgaps(n->rb_left),
                               check_maxgaps(n->rb_right)));
  if(item(n)->maxgap != want)
    fail("right after the tree call: item %u maxgap %u, should be %u",
         item(n)->start, item(n)->maxgap, want);
  return want;
}

// ---------------------------------------------------------------
// Callbacks for rb_validate.

static int
cmp_items(const struct rb_node *a, const struct rb_node *b)
{
  unsigned x = item(a)->start, y = item(b)->start;

  return (x > y) - (x < y);
}

// A kernel debug check would look like this: local, but applied at
// every node it proves every summary.
static int
summary_ok(const struct rb_node *n)
{
  struct item *it = item(n);
  struct hole h;

  if(mode == GAP)
    return it->gap == gap_before(it) && it->maxgap == compute_maxgap(it);
  h = hole_of(it);
  return h.lo == it->lo && h.hi == it->hi && h.hole == it->hole;
}

static int
cmp_addr(const void *key, const struct rb_node *n)
{
  unsigned a = *(const unsigned *)key, s = item(n)->start;

  return (a > s) - (a < s);
}

// ---------------------------------------------------------------
// Tree operations, done the way a caller of rbtree.h does them.

static void
tree_insert(struct item *it)
{
  struct rb_node **link = &root.rb_node, *parent = 0;
  struct item *next;

  while(*link){
    parent = *link;
    if(it->start < item(parent)->start)
      link = &parent->rb_left;
    else
      link = &parent->rb_right;
  }
  rb_link_node(&it->rb, parent, link);
  switch(mode){
  case PLAIN:
    rb_insert_color(&it->rb, &root);
    break;
  case HOLE:
    it->lo = it->start;
    it->hi = it->end;
    it->hole = 0;
    holecb.propagate(parent, 0);
    rb_insert_augmented(&it->rb, &root, &holecb);
    break;
  case GAP:
    it->gap = gap_before(it);
    it->maxgap = it->gap;
    gapcb.propagate(parent, 0);
    rb_insert_augmented(&it->rb, &root, &gapcb);
    check_maxgaps(root.rb_node);
    // The next item's gap now ends at us.
    if((next = item(rb_next(&it->rb))) != 0){
      next->gap = gap_before(next);
      gapcb.propagate(&next->rb, 0);
    }
    break;
  }
}

static void
tree_erase(struct item *it)
{
  struct item *next;

  switch(mode){
  case PLAIN:
    rb_erase(&it->rb, &root);
    break;
  case HOLE:
    rb_erase_augmented(&it->rb, &root, &holecb);
    break;
  case GAP:
    next = item(rb_next(&it->rb));
    rb_erase_augmented(&it->rb, &root, &gapcb);
    check_maxgaps(root.rb_node);
    if(next){
      next->gap = gap_before(next);
      gapcb.propagate(&next->rb, 0);
    }
    break;
  }
  if(!rb_erased(&it->rb))
    fail("erased node is not poisoned");
}

// The model: a sorted array of the items in the tree.

static int
model_index(unsigned start)  // first index with model start >= start
{
  int lo = 0, hi = nmodel, mid;

  while(lo < hi){
    mid = (lo + hi) / 2;
    if(model[mid]->start < start)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

static void
do_insert(int key)
{
  struct item *it = &pool[key];
  int i;

  it->start = key * SLOT;
  it->end = it->start + 1 + rnd(SLOT - 1);
  it->in = 1;
  i = model_index(it->start);
  memmove(&model[i + 1], &model[i], (nmodel - i) * sizeof(model[0]));
  model[i] = it;
  nmodel++;
  tree_insert(it);
  if(nmodel > maxsize)
    maxsize = nmodel;
}

static void
do_erase(int key)
{
  struct item *it = &pool[key];
  int i = model_index(it->start);

  if(i >= nmodel || model[i] != it)
    fail("test bug: erasing key %d not in the model", key);
  memmove(&model[i], &model[i + 1], (nmodel - i - 1) * sizeof(model[0]));
  nmodel--;
  it->in = 0;
  tree_erase(it);
}

// ---------------------------------------------------------------
// The full check, independent of rb_validate.

// What a subtree must look like, worked out from the model alone.
struct truth {
  int black;                // black height, counting the missing leaves
  int empty;
  unsigned lo, hi, hole;    // HOLE summary
  unsigned maxgap;          // GAP summary
};

struct walkstate {
  int idx;                  // in-order position reached
  int height;               // deepest node seen, root at depth 1
};

// Check the subtree at n, whose parent is p, at depth depth, against
// the model; return in *t what its summary must be.
static void
walk(const struct rb_node *n, const struct rb_node *p, int depth,
     struct walkstate *w, struct truth *t)
{
  struct truth l, r;
  struct item *it = item(n);
  unsigned gap;

  memset(t, 0, sizeof(*t));
  if(n == 0){
    t->black = 1;
    t->empty = 1;
    return;
  }
  if(depth > w->height)
    w->height = depth;
  if(rb_parent(n) != p)
    fail("item %u: parent link %p, expected %p", it->start, rb_parent(n),
         p);
  if(rb_is_red(n) && p && rb_is_red(p))
    fail("red item %u has a red parent", it->start);

  walk(n->rb_left, n, depth + 1, w, &l);
  if(w->idx >= nmodel)
    fail("tree has more nodes than the model");
  if(model[w->idx] != it)
    fail("in-order node %d is item %u, model says %u", w->idx, it->start,
         model[w->idx]->start);
  gap = it->start - (w->idx ? model[w->idx - 1]->end : 0);
  w->idx++;
  walk(n->rb_right, n, depth + 1, w, &r);

  if(l.black != r.black)
    fail("item %u: black heights %d left, %d right", it->start, l.black,
         r.black);
  t->black = l.black + rb_color(n);
  t->lo = l.empty ? it->start : l.lo;
  t->hi = r.empty ? it->end : r.hi;
  t->hole = max(l.empty ? 0 : max(l.hole, it->start - l.hi),
                r.empty ? 0 : max(r.hole, r.lo - it->end));
  t->maxgap = max(gap, max(l.maxgap, r.maxgap));

  if(mode == HOLE &&
     (it->lo != t->lo || it->hi != t->hi || it->hole != t->hole))
    fail("item %u: summary (%u, %u, hole %u), should be (%u, %u, hole %u)",
         it->start, it->lo, it->hi, it->hole, t->lo, t->hi, t->hole);
  if(mode == GAP && (it->gap != gap || it->maxgap != t->maxgap))
    fail("item %u: gap %u maxgap %u, should be gap %u maxgap %u",
         it->start, it->gap, it->maxgap, gap, t->maxgap);
}

static void
check_all(void)
{
  struct walkstate w = { 0, 0 };
  struct truth t;
  const struct rb_node *n;
  const char *why = "";
  unsigned long long n1;
  int i, got;

  totalchecks++;
  if(root.rb_node && rb_is_red(root.rb_node))
    fail("root is red");
  walk(root.rb_node, 0, 1, &w, &t);
  if(w.idx != nmodel)
    fail("tree has %d nodes, model %d", w.idx, nmodel);
  // height <= 2*log2(n+1)  <=>  2^height <= (n+1)^2
  n1 = nmodel + 1;
  if((1ULL << w.height) > n1 * n1)
    fail("height %d exceeds 2*log2(%d+1)", w.height, nmodel);
  if(w.height > maxheight)
    maxheight = w.height;

  got = rb_validate(&root, cmp_items, mode == PLAIN ? 0 : summary_ok, &why);
  if(got != nmodel)
    fail("rb_validate returned %d (%s), expected %d", got,
         got < 0 ? why : "wrong count", nmodel);

  n = rb_first(&root);
  for(i = 0; i < nmodel; i++, n = rb_next(n))
    if(item(n) != model[i])
      fail("rb_first/rb_next walk differs from model at %d", i);
  if(n != 0)
    fail("rb_next walk does not end after the last node");
  n = rb_last(&root);
  for(i = nmodel - 1; i >= 0; i--, n = rb_prev(n))
    if(item(n) != model[i])
      fail("rb_last/rb_prev walk differs from model at %d", i);
  if(n != 0)
    fail("rb_prev walk does not end before the first node");
}

// ---------------------------------------------------------------
// Lookups compared with the model.

static void
check_find(unsigned addr)
{
  struct rb_node *le = rb_find_le(&root, &addr, cmp_addr);
  struct rb_node *ge = rb_find_ge(&root, &addr, cmp_addr);
  int i = model_index(addr);  // first >= addr
  struct item *wantge = i < nmodel ? model[i] : 0;
  struct item *wantle;

  if(i < nmodel && model[i]->start == addr)
    wantle = model[i];
  else
    wantle = i > 0 ? model[i - 1] : 0;
  if(item(le) != wantle)
    fail("rb_find_le(%u) wrong", addr);
  if(item(ge) != wantge)
    fail("rb_find_ge(%u) wrong", addr);
}

static void
check_neighbours(int i)
{
  struct rb_node *n = &model[i]->rb;

  if(item(rb_next(n)) != (i + 1 < nmodel ? model[i + 1] : 0))
    fail("rb_next of model[%d] wrong", i);
  if(item(rb_prev(n)) != (i > 0 ? model[i - 1] : 0))
    fail("rb_prev of model[%d] wrong", i);
}

static void
check_search(unsigned len)
{
  struct item *want = 0, *got;
  unsigned wanthole = 0, gothole;
  int i;

  if(mode == HOLE){
    for(i = 0; i + 1 < nmodel; i++){
      if(model[i + 1]->start - model[i]->end >= len){
        wanthole = model[i]->end;
        break;
      }
    }
    gothole = find_hole(len);
    if(gothole != wanthole)
      fail("hole search for %u found %u, model says %u", len, gothole,
           wanthole);
  } else if(mode == GAP){
    for(i = 0; i < nmodel; i++){
      if(model[i]->start - (i ? model[i - 1]->end : 0) >= len){
        want = model[i];
        break;
      }
    }
    got = find_gap(len);
    if(got != want)
      fail("gap search for %u found item %u, model says %u", len,
           got ? got->start : 0, want ? want->start : 0);
  }
}

// ---------------------------------------------------------------
// Runs.

static void
reset(const char *name, unsigned seed, int m)
{
  int i;

  for(i = 0; i < MAXKEYS; i++)
    if(pool[i].in)
      fail("test bug: previous run left key %d in the tree", i);
  runname = name;
  runseed = seed;
  mode = m;
  step = 0;
  nmodel = 0;
  root.rb_node = 0;
  seedrng(seed);
}

// Empty the tree in random order, checking as we go.
static void
finish(void)
{
  while(nmodel > 0){
    do_erase(model[rnd(nmodel)]->start / SLOT);
    check_all();
    step++;
  }
}

// Random operations on keys 0..2*maxn-1. The tree grows to maxn and
// shrinks to 0 over and over, so every size in between is visited.
static void
run_random(unsigned seed, int m, int maxn, long ops)
{
  int keys = 2 * maxn, growing = 1, k;
  unsigned r;

  reset("random", seed, m);
  for(step = 0; step < ops; step++){
    if(nmodel >= maxn)
      growing = 0;
    else if(nmodel == 0)
      growing = 1;
    r = rnd(8);
    if(r < 4){
      // insert or erase, biased by the phase
      if(nmodel < maxn && (nmodel == 0 || rnd(4) < (growing ? 3 : 1))){
        k = rnd(keys);
        while(pool[k].in)
          k = (k + 1) % keys;
        do_insert(k);
      } else {
        do_erase(model[rnd(nmodel)]->start / SLOT);
      }
    } else if(r < 6){
      check_find(rnd(keys * SLOT + SLOT));
    } else if(r == 6 && nmodel > 0){
      check_neighbours(rnd(nmodel));
    } else if(m != PLAIN){
      check_search(1 + rnd(3 * SLOT));
    } else {
      check_find(rnd(keys * SLOT + SLOT));
    }
    check_all();
  }
  printf("  random %-6s seed %u  up to %4d nodes  %7ld ops: ok\n",
         modename[m], seed, maxn, ops);
  finish();
  totalops += step;
}

static void
insert_checked(int key)
{
  do_insert(key);
  check_all();
  step++;
}

static void
erase_checked(int key)
{
  do_erase(key);
  check_all();
  step++;
}

static void
shuffle(int *a, int n)
{
  int i, j, tmp;

  for(i = n - 1; i > 0; i--){
    j = rnd(i + 1);
    tmp = a[i];
    a[i] = a[j];
    a[j] = tmp;
  }
}

// Fixed orders known to stress rebalancing: sorted input would build a
// list without balancing, alternating ends rotate on both sides, and
// erasing in random order reaches every erase case.
static void
run_adversarial(int n)
{
  static int order[MAXKEYS];
  int i;

  reset("ascending", 0, HOLE);
  for(i = 0; i < n; i++)
    insert_checked(i);
  for(i = 0; i < n; i++)
    erase_checked(i);
  totalops += step;

  reset("descending", 0, HOLE);
  for(i = n - 1; i >= 0; i--)
    insert_checked(i);
  for(i = n - 1; i >= 0; i--)
    erase_checked(i);
  totalops += step;

  reset("alternating", 0, HOLE);
  for(i = 0; i < n / 2; i++){
    insert_checked(i);
    insert_checked(n - 1 - i);
  }
  for(i = 0; i < n / 2; i++){
    erase_checked(n / 2 - 1 - i);
    erase_checked(n / 2 + i);
  }
  totalops += step;

  reset("erase-all", 7, HOLE);
  for(i = 0; i < n; i++)
    order[i] = i;
  shuffle(order, n);
  for(i = 0; i < n; i++)
    insert_checked(order[i]);
  shuffle(order, n);
  for(i = 0; i < n; i++)
    erase_checked(order[i]);
  totalops += step;
  printf("  ascending, descending, alternating ends, erase-all in random "
         "order, %d keys each: ok\n", n);
}

// ---------------------------------------------------------------
// Equal keys: walking right on equality must keep insertion order,
// find_le must give the last of a run of equals and find_ge the first.

struct dup {
  struct rb_node rb;
  int key, seq;
};

static struct dup *
dupof(const struct rb_node *n)
{
  return rb_entry_safe(n, struct dup, rb);
}

static int
cmp_dup(const struct rb_node *a, const struct rb_node *b)
{
  return (dupof(a)->key > dupof(b)->key) - (dupof(a)->key < dupof(b)->key);
}

static int
cmp_dupkey(const void *key, const struct rb_node *n)
{
  int k = *(const int *)key;

  return (k > dupof(n)->key) - (k < dupof(n)->key);
}

static void
run_duplicates(void)
{
  static struct dup d[600];
  struct rb_root r = RB_ROOT_INIT;
  struct rb_node **link, *parent, *n;
  struct dup *x, *prev, *wantle, *wantge;
  const char *why = "";
  int i, k, count;

  runname = "duplicates";
  runseed = 3;
  mode = PLAIN;
  seedrng(runseed);
  for(i = 0; i < 600; i++){
    step = i;
    d[i].key = rnd(8);
    d[i].seq = i;
    link = &r.rb_node;
    parent = 0;
    while(*link){
      parent = *link;
      if(d[i].key < dupof(parent)->key)
        link = &parent->rb_left;
      else
        link = &parent->rb_right;
    }
    rb_link_node(&d[i].rb, parent, link);
    rb_insert_color(&d[i].rb, &r);
    if(rb_validate(&r, cmp_dup, 0, &why) != i + 1)
      fail("rb_validate: %s", why);
  }
  for(i = 0; i < 600; i += 3)
    rb_erase(&d[i].rb, &r);
  count = rb_validate(&r, cmp_dup, 0, &why);
  if(count != 400)
    fail("after erasing: rb_validate %d: %s", count, why);
  prev = 0;
  for(n = rb_first(&r); n; n = rb_next(n)){
    x = dupof(n);
    if(prev && prev->key == x->key && prev->seq > x->seq)
      fail("equal keys %d out of insertion order", x->key);
    prev = x;
  }
  for(k = -1; k <= 8; k++){
    wantle = wantge = 0;
    for(n = rb_first(&r); n; n = rb_next(n)){
      if(dupof(n)->key <= k)
        wantle = dupof(n);
      if(dupof(n)->key >= k && wantge == 0)
        wantge = dupof(n);
    }
    if(dupof(rb_find_le(&r, &k, cmp_dupkey)) != wantle)
      fail("rb_find_le(%d) among equal keys", k);
    if(dupof(rb_find_ge(&r, &k, cmp_dupkey)) != wantge)
      fail("rb_find_ge(%d) among equal keys", k);
  }
  printf("  equal keys: 600 inserts of 8 keys, 200 erases, order and "
         "find_le/ge: ok\n");
}

// ---------------------------------------------------------------
// rb_validate must notice each kind of damage, and rbtree.c must panic
// on misuse rather than corrupt the tree.

static void
expect_invalid(const char *what, const char *want, int withorder)
{
  const char *why = 0;
  int got;

  // Order damage is looked for with the order check alone, summary
  // damage with the summary check alone, so the expected one must fire.
  got = rb_validate(&root, withorder ? cmp_items : 0,
                    withorder ? 0 : summary_ok, &why);
  if(got != -1)
    fail("rb_validate missed %s (returned %d)", what, got);
  if(why == 0 || strstr(why, want) == 0)
    fail("rb_validate on %s said \"%s\", expected \"%s\"", what,
         why ? why : "(null)", want);
  printf("    %-30s -> \"%s\"\n", what, why);
}

// The first node, in order, that pred accepts; fails if there is none.
static struct rb_node *
find_node(int (*pred)(const struct rb_node *), const char *what)
{
  struct rb_node *n;

  for(n = rb_first(&root); n; n = rb_next(n))
    if(pred(n))
      return n;
  fail("test setup: no %s in the tree", what);
  return 0;
}

static int
is_red_node(const struct rb_node *n)
{
  return rb_is_red(n);
}

static int
is_black_under_red(const struct rb_node *n)
{
  return rb_is_black(n) && rb_parent(n) && rb_is_red(rb_parent(n));
}

static int
has_two_children(const struct rb_node *n)
{
  return n->rb_left && n->rb_right;
}

static int
is_leaf(const struct rb_node *n)
{
  return !n->rb_left && !n->rb_right;
}

static int
is_deep(const struct rb_node *n)
{
  return rb_parent(n) && rb_parent(rb_parent(n));
}

static void
expect_panic(const char *what, struct rb_node *n, int insert)
{
  expectpanic = 1;
  panicmsg = 0;
  if(setjmp(panicjmp) == 0){
    if(insert)
      rb_insert_color(n, &root);
    else
      rb_erase(n, &root);
    expectpanic = 0;
    fail("no panic on %s", what);
  }
  printf("    %-30s -> panic(\"%s\")\n", what, panicmsg);
}

static void
run_corruption(void)
{
  struct rb_node *n, *saved;
  struct item *it;
  unsigned long pc;
  unsigned start;
  int k;

  reset("damage", 11, HOLE);
  while(nmodel < 200){
    k = rnd(MAXKEYS);
    if(!pool[k].in)
      do_insert(k);
  }
  check_all();
  printf("  rb_validate reports each kind of damage:\n");

  n = root.rb_node;
  n->rb_parent_color &= ~1UL;
  expect_invalid("red root", "root is red", 1);
  n->rb_parent_color |= RB_BLACK;
  check_all();

  n = find_node(is_red_node, "red node");
  n->rb_parent_color |= RB_BLACK;
  expect_invalid("red node painted black", "black counts", 1);
  n->rb_parent_color &= ~1UL;
  check_all();

  n = find_node(is_black_under_red, "black child of a red node");
  n->rb_parent_color &= ~1UL;
  expect_invalid("black node painted red", "red node has a red child", 1);
  n->rb_parent_color |= RB_BLACK;
  check_all();

  n = find_node(is_deep, "node with a grandparent");
  pc = n->rb_parent_color;
  n->rb_parent_color = (unsigned long)rb_parent(rb_parent(n)) | rb_color(n);
  expect_invalid("parent link skipping a level", "parent link", 1);
  n->rb_parent_color = pc;
  check_all();

  n = find_node(has_two_children, "node with two children");
  saved = n->rb_right;
  n->rb_right = n->rb_left;
  expect_invalid("left child also on the right", "same child", 1);
  n->rb_right = saved;
  check_all();

  n = find_node(is_leaf, "leaf");
  pc = n->rb_parent_color;
  n->rb_parent_color = RB_POISON;
  expect_invalid("poisoned node still linked", "poisoned", 1);
  n->rb_parent_color = pc;
  check_all();

  it = model[nmodel / 2];
  start = it->start;
  it->start = model[nmodel / 2 + 1]->start + 1;
  expect_invalid("key moved past its successor", "out of order", 1);
  it->start = start;
  check_all();

  it = model[nmodel / 3];
  it->hole++;
  expect_invalid("largest hole off by one", "summary", 0);
  it->hole--;
  check_all();

  it = model[nmodel / 4];
  it->hi--;
  expect_invalid("subtree end off by one", "summary", 0);
  it->hi++;
  check_all();

  printf("  rbtree.c panics on misuse:\n");
  it = model[nmodel / 2];
  do_erase(it->start / SLOT);
  check_all();
  expect_panic("erasing a node twice", &it->rb, 0);
  expect_panic("insert_color without link", &it->rb, 1);
  expect_panic("insert_color of an inner node", root.rb_node, 1);
  check_all();
  finish();
}

int
main(void)
{
  static const struct {
    unsigned seed;
    int mode, maxn;
    long ops;
  } runs[] = {
    { 1, HOLE,  8,    150000 },
    { 2, HOLE,  64,   200000 },
    { 3, HOLE,  2000, 150000 },
    { 4, GAP,   300,  200000 },
    { 5, GAP,   16,   100000 },
    { 6, PLAIN, 300,  100000 },
    { 7, PLAIN, 32,   100000 },
  };
  int i, nruns = sizeof(runs) / sizeof(runs[0]);

  printf("rbtree_test: tree vs sorted-array model, every invariant "
         "checked after every operation\n");
  for(i = 0; i < nruns; i++)
    run_random(runs[i].seed, runs[i].mode, runs[i].maxn, runs[i].ops);
  run_adversarial(2000);
  run_duplicates();
  run_corruption();
  printf("rbtree_test: %ld operations (%d seeds + fixed orders), %ld full "
         "checks, trees up to %d nodes, height up to %d: all invariants "
         "held\n", totalops, nruns, totalchecks, maxsize, maxheight);
  printf("PASS\n");
  return 0;
}
