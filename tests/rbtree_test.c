// rbtree_test.c: host-side property tests for kernel/rbtree.c.
//
// Owns only this test. It compiles kernel/rbtree.c exactly as the kernel
// does (no copy, no #ifdef) and may not touch kernel files; the one
// kernel name the tree needs, panic(), is supplied here.
//
// Every random run and every adversarial order drives a tree and a
// reference model (a sorted array of the same items) through the same
// inserts, erases and lookups, and compares them step by step. After
// every operation check_all() proves, independently of rb_validate:
// search order, black root, no red-red, equal black counts, parent
// links, node count, in-order walk == model (forwards and backwards),
// height <= 2*log2(n+1), and the max-gap summary at every node equal to
// a from-scratch recomputation from the model. rb_validate must agree.
// The first failure prints the run, seed, step and what broke, and
// exits 1.

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../kernel/rbtree.h"

#define MAXKEYS 4096  // items in the pool; key k starts at k * SLOT
#define SLOT    16

// An interval [start, end) like a memory region. gap is the free space
// between the previous item's end (or 0) and start; maxgap is the
// largest gap in the subtree, the summary the region code will keep.
struct item {
  struct rb_node rb;
  unsigned start, end;
  unsigned gap;
  unsigned maxgap;
  int in;       // in the tree now
};

static struct item pool[MAXKEYS];
static struct item *model[MAXKEYS];  // the items in the tree, by start
static int nmodel;
static struct rb_root root = RB_ROOT_INIT;
static int augmented;                // use the augmented calls and checks

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

  printf("FAIL: %s seed %u step %ld (tree size %d): ", runname, runseed,
         step, nmodel);
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

// ---------------------------------------------------------------
// The max-gap augmentation, written as the region code would.

static unsigned
subtree_gap(const struct rb_node *n)
{
  return n ? item(n)->maxgap : 0;
}

static unsigned
compute_maxgap(struct item *it)
{
  unsigned m = it->gap;

  if(subtree_gap(it->rb.rb_left) > m)
    m = subtree_gap(it->rb.rb_left);
  if(subtree_gap(it->rb.rb_right) > m)
    m = subtree_gap(it->rb.rb_right);
  return m;
}

RB_DECLARE_CALLBACKS(gapcb, struct item, rb, unsigned, maxgap,
                     compute_maxgap);

static unsigned
gap_before(const struct item *it)
{
  struct item *prev = item(rb_prev(&it->rb));

  return it->start - (prev ? prev->end : 0);
}

// rb_validate's augment check, as a kernel debug check would write it:
// local, but applied at every node it proves every summary.
static int
gap_ok(const struct rb_node *n)
{
  struct item *it = item(n);

  return it->gap == gap_before(it) && it->maxgap == compute_maxgap(it);
}

static int
cmp_items(const struct rb_node *a, const struct rb_node *b)
{
  unsigned x = item(a)->start, y = item(b)->start;

  return (x > y) - (x < y);
}

static int
cmp_addr(const void *key, const struct rb_node *n)
{
  unsigned a = *(const unsigned *)key, s = item(n)->start;

  return (a > s) - (a < s);
}

// The lowest item whose gap is at least len: go left while the left
// subtree has room, else take this node, else go right. O(log n).
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

// Every summary must agree with the stored gaps right after each
// rb_*_augmented call, before the caller fixes the neighbour's gap: the
// neighbour's propagate would otherwise repair (and hide) a summary the
// tree code left wrong on the successor's path.
static unsigned
check_summaries(const struct rb_node *n)
{
  unsigned l, r, want;

  if(n == 0)
    return 0;
  l = check_summaries(n->rb_left);
  r = check_summaries(n->rb_right);
  want = item(n)->gap;
  if(l > want)
    want = l;
  if(r > want)
    want = r;
  if(item(n)->maxgap != want)
    fail("right after the tree call: item %u maxgap %u, children and gap "
         "say %u", item(n)->start, item(n)->maxgap, want);
  return want;
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
  if(!augmented){
    rb_insert_color(&it->rb, &root);
    return;
  }
  it->gap = gap_before(it);
  it->maxgap = it->gap;
  gapcb.propagate(parent, 0);
  rb_insert_augmented(&it->rb, &root, &gapcb);
  check_summaries(root.rb_node);
  // The next item's gap now ends at us.
  next = item(rb_next(&it->rb));
  if(next){
    next->gap = gap_before(next);
    gapcb.propagate(&next->rb, 0);
  }
}

static void
tree_erase(struct item *it)
{
  struct item *next;

  if(!augmented){
    rb_erase(&it->rb, &root);
  } else {
    next = item(rb_next(&it->rb));
    rb_erase_augmented(&it->rb, &root, &gapcb);
    check_summaries(root.rb_node);
    if(next){
      next->gap = gap_before(next);
      gapcb.propagate(&next->rb, 0);
    }
  }
  if(!rb_erased(&it->rb))
    fail("erased node is not poisoned");
}

// Model: sorted array of the items in the tree.

static int
model_index(unsigned start)  // first index with model start >= start
{
  int lo = 0, hi = nmodel;

  while(lo < hi){
    int mid = (lo + hi) / 2;
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

struct walkstate {
  int idx;         // in-order position reached
  int height;      // deepest node seen, root at depth 1
};

// Checks the subtree at n (whose parent is p, at depth depth) against
// the model; returns its black height, counting the missing leaves.
static int
walk(const struct rb_node *n, const struct rb_node *p, int depth,
     struct walkstate *w)
{
  const struct item *it;
  unsigned truegap, want;
  int bl, br;

  if(n == 0)
    return 1;
  if(depth > w->height)
    w->height = depth;
  if(rb_parent(n) != p)
    fail("node %p: parent link %p, expected %p", n, rb_parent(n), p);
  if(rb_is_red(n) && p && rb_is_red(p))
    fail("red node %u has a red parent", item(n)->start);
  bl = walk(n->rb_left, n, depth + 1, w);
  it = item(n);
  if(w->idx >= nmodel)
    fail("tree has more nodes than the model");
  if(model[w->idx] != it)
    fail("in-order node %d is start %u, model says %u", w->idx, it->start,
         model[w->idx]->start);
  if(augmented){
    truegap = it->start - (w->idx ? model[w->idx - 1]->end : 0);
    if(it->gap != truegap)
      fail("item %u: gap %u, should be %u", it->start, it->gap, truegap);
  }
  w->idx++;
  br = walk(n->rb_right, n, depth + 1, w);
  if(bl != br)
    fail("item %u: black heights %d left, %d right", it->start, bl, br);
  if(augmented){
    want = it->gap;
    if(subtree_gap(n->rb_left) > want)
      want = subtree_gap(n->rb_left);
    if(subtree_gap(n->rb_right) > want)
      want = subtree_gap(n->rb_right);
    // The children were checked against the model already, so want is
    // the from-scratch maximum over this subtree.
    if(it->maxgap != want)
      fail("item %u: maxgap %u, recomputed %u", it->start, it->maxgap,
           want);
  }
  return bl + rb_color(n);
}

static void
check_all(void)
{
  struct walkstate w = { 0, 0 };
  const struct rb_node *n;
  const char *why = "";
  unsigned long long n1;
  int i, got;

  totalchecks++;
  if(root.rb_node && rb_is_red(root.rb_node))
    fail("root is red");
  walk(root.rb_node, 0, 1, &w);
  if(w.idx != nmodel)
    fail("tree has %d nodes, model %d", w.idx, nmodel);
  // height <= 2*log2(n+1)  <=>  2^height <= (n+1)^2
  n1 = nmodel + 1;
  if((1ULL << w.height) > n1 * n1)
    fail("height %d exceeds 2*log2(%d+1)", w.height, nmodel);
  if(w.height > maxheight)
    maxheight = w.height;

  got = rb_validate(&root, cmp_items, augmented ? gap_ok : 0, &why);
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
check_gap_search(unsigned len)
{
  struct item *want = 0, *got;
  int i;

  for(i = 0; i < nmodel; i++){
    if(model[i]->start - (i ? model[i - 1]->end : 0) >= len){
      want = model[i];
      break;
    }
  }
  got = find_gap(len);
  if(got != want)
    fail("gap search for %u found %u, model says %u", len,
         got ? got->start : 0, want ? want->start : 0);
}

// ---------------------------------------------------------------
// Runs.

static void
reset(const char *name, unsigned seed, int aug)
{
  int i;

  for(i = 0; i < MAXKEYS; i++)
    if(pool[i].in)
      fail("test bug: previous run left key %d in the tree", i);
  runname = name;
  runseed = seed;
  augmented = aug;
  step = 0;
  nmodel = 0;
  root.rb_node = 0;
  seedrng(seed);
}

static void
finish(void)
{
  while(nmodel > 0){
    do_erase(model[rnd(nmodel)]->start / SLOT);
    step++;
  }
}

// Random operations on keys 0..2*maxn-1. The tree grows to maxn and
// shrinks to 0 over and over, so every size in between is visited.
static void
run_random(unsigned seed, int maxn, long ops, int aug)
{
  int keys = 2 * maxn, growing = 1, k;
  unsigned r;

  reset(aug ? "random/augmented" : "random/plain", seed, aug);
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
    } else if(aug){
      check_gap_search(1 + rnd(3 * SLOT));
    } else {
      check_find(rnd(keys * SLOT + SLOT));
    }
    check_all();
  }
  totalops += step;
  printf("  %-18s seed %-4u max size %-5d %8ld ops: ok\n", runname, seed,
         maxn, ops);
  finish();
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

// Fixed orders known to stress rebalancing: sorted input builds a
// degenerate tree without balancing, alternating ends rotate on both
// sides, and erasing in random order exercises every erase case.
static void
run_adversarial(int n)
{
  static int order[MAXKEYS];
  int i;

  reset("ascending", 0, 1);
  for(i = 0; i < n; i++)
    insert_checked(i);
  for(i = 0; i < n; i++)
    erase_checked(i);
  totalops += step;

  reset("descending", 0, 1);
  for(i = n - 1; i >= 0; i--)
    insert_checked(i);
  for(i = n - 1; i >= 0; i--)
    erase_checked(i);
  totalops += step;

  reset("alternating", 0, 1);
  for(i = 0; i < n / 2; i++){
    insert_checked(i);
    insert_checked(n - 1 - i);
  }
  for(i = 0; i < n / 2; i++){
    erase_checked(n / 2 - 1 - i);
    erase_checked(n / 2 + i);
  }
  totalops += step;

  reset("erase-all random", 7, 1);
  for(i = 0; i < n; i++)
    order[i] = i;
  shuffle(order, n);
  for(i = 0; i < n; i++)
    insert_checked(order[i]);
  shuffle(order, n);
  for(i = 0; i < n; i++)
    erase_checked(order[i]);
  totalops += step;
  printf("  %-18s ascending, descending, alternating, erase-all random "
         "(%d keys each): ok\n", "adversarial", n);
}

// ---------------------------------------------------------------
// Equal keys: walking right on equality must keep insertion order,
// find_le must give the last of a run of equals and find_ge the first.

struct dup {
  struct rb_node rb;
  int key, seq;
};

static int
cmp_dup(const struct rb_node *a, const struct rb_node *b)
{
  int x = rb_entry(a, struct dup, rb)->key;
  int y = rb_entry(b, struct dup, rb)->key;

  return (x > y) - (x < y);
}

static int
cmp_dupkey(const void *key, const struct rb_node *n)
{
  int k = *(const int *)key, y = rb_entry(n, struct dup, rb)->key;

  return (k > y) - (k < y);
}

static void
run_duplicates(void)
{
  static struct dup d[600];
  struct rb_root r = RB_ROOT_INIT;
  struct rb_node **link, *parent, *n;
  struct dup *x, *prev;
  const char *why = "";
  int i, k, count;

  runname = "duplicates";
  runseed = 3;
  seedrng(runseed);
  for(i = 0; i < 600; i++){
    step = i;
    d[i].key = rnd(8);
    d[i].seq = i;
    link = &r.rb_node;
    parent = 0;
    while(*link){
      parent = *link;
      if(d[i].key < rb_entry(parent, struct dup, rb)->key)
        link = &parent->rb_left;
      else
        link = &parent->rb_right;
    }
    rb_link_node(&d[i].rb, parent, link);
    rb_insert_color(&d[i].rb, &r);
    if(rb_validate(&r, cmp_dup, 0, &why) != i + 1)
      fail("rb_validate: %s", why);
  }
  // Erase a third of them, then check the order that is left.
  for(i = 0; i < 600; i += 3)
    rb_erase(&d[i].rb, &r);
  count = rb_validate(&r, cmp_dup, 0, &why);
  if(count != 400)
    fail("after erasing: rb_validate %d: %s", count, why);
  prev = 0;
  for(n = rb_first(&r); n; n = rb_next(n)){
    x = rb_entry(n, struct dup, rb);
    if(prev && prev->key == x->key && prev->seq > x->seq)
      fail("equal keys %d out of insertion order", x->key);
    prev = x;
  }
  for(k = -1; k <= 8; k++){
    struct rb_node *le = rb_find_le(&r, &k, cmp_dupkey);
    struct rb_node *ge = rb_find_ge(&r, &k, cmp_dupkey);
    struct dup *wantle = 0, *wantge = 0;
    for(n = rb_first(&r); n; n = rb_next(n)){
      x = rb_entry(n, struct dup, rb);
      if(x->key <= k)
        wantle = x;
      if(x->key >= k && wantge == 0)
        wantge = x;
    }
    if(rb_entry_safe(le, struct dup, rb) != wantle)
      fail("rb_find_le(%d) among equal keys", k);
    if(rb_entry_safe(ge, struct dup, rb) != wantge)
      fail("rb_find_ge(%d) among equal keys", k);
  }
  printf("  %-18s 600 inserts of 8 keys, 200 erases, order and "
         "find_le/ge: ok\n", runname);
}

// ---------------------------------------------------------------
// rb_validate must notice each kind of damage, and rbtree.c must panic
// on misuse rather than corrupt the tree.

static void
expect_invalid(const char *what, const char *want, int withcmp)
{
  const char *why = 0;
  int got;

  got = rb_validate(&root, withcmp ? cmp_items : 0,
                    withcmp ? 0 : gap_ok, &why);
  if(got != -1)
    fail("rb_validate missed %s (returned %d)", what, got);
  if(why == 0 || strstr(why, want) == 0)
    fail("rb_validate on %s said \"%s\", expected \"%s\"", what,
         why ? why : "(null)", want);
  printf("    %-28s -> \"%s\"\n", what, why);
}

// Find a node satisfying pred, in order; fail if there is none.
static struct item *
find_node(int (*pred)(const struct rb_node *), const char *what)
{
  struct rb_node *n;

  for(n = rb_first(&root); n; n = rb_next(n))
    if(pred(n))
      return item(n);
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
  return n->rb_left && n->rb_right && n != root.rb_node;
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
  printf("    %-28s -> panic(\"%s\")\n", what, panicmsg);
}

static void
run_corruption(void)
{
  struct item *it;
  struct rb_node *n, *saved, *l, *r;
  unsigned long pc;
  unsigned start;
  int i;

  reset("corruption", 11, 1);
  for(i = 0; i < 200; i++){
    int k = rnd(MAXKEYS);
    if(!pool[k].in)
      do_insert(k);
  }
  check_all();
  printf("  %-18s rb_validate reports each kind of damage:\n", runname);

  n = root.rb_node;
  n->rb_parent_color &= ~1UL;
  expect_invalid("red root", "root is red", 1);
  n->rb_parent_color |= RB_BLACK;
  check_all();

  n = &find_node(is_red_node, "red node")->rb;
  n->rb_parent_color |= RB_BLACK;
  expect_invalid("red node painted black", "black counts", 1);
  n->rb_parent_color &= ~1UL;
  check_all();

  n = &find_node(is_black_under_red, "black child of a red node")->rb;
  n->rb_parent_color &= ~1UL;
  expect_invalid("black node painted red", "red node has a red child", 1);
  n->rb_parent_color |= RB_BLACK;
  check_all();

  n = &find_node(is_deep, "node with a grandparent")->rb;
  pc = n->rb_parent_color;
  n->rb_parent_color = (unsigned long)rb_parent(rb_parent(n)) | rb_color(n);
  expect_invalid("parent link skipping a level", "parent link", 1);
  n->rb_parent_color = pc;
  check_all();

  n = &find_node(has_two_children, "node with two children")->rb;
  saved = n->rb_right;
  n->rb_right = n->rb_left;
  expect_invalid("left child also on right", "same child", 1);
  n->rb_right = saved;
  check_all();

  n = &find_node(is_leaf, "leaf")->rb;
  pc = n->rb_parent_color;
  l = n->rb_left;
  r = n->rb_right;
  n->rb_parent_color = RB_POISON;
  expect_invalid("poisoned node still linked", "poisoned", 1);
  n->rb_parent_color = pc;
  n->rb_left = l;
  n->rb_right = r;
  check_all();

  it = model[nmodel / 2];
  start = it->start;
  it->start = model[nmodel / 2 + 1]->start + 1;
  expect_invalid("key moved past its successor", "out of order", 1);
  it->start = start;
  check_all();

  it = model[nmodel / 3];
  it->maxgap++;
  expect_invalid("subtree max gap off by one", "augmented", 0);
  it->maxgap--;
  check_all();

  it = model[nmodel / 4];
  it->gap--;
  expect_invalid("own gap off by one", "augmented", 0);
  it->gap++;
  check_all();

  printf("  %-18s rbtree.c panics on misuse:\n", runname);
  it = model[nmodel / 2];
  do_erase(it->start / SLOT);
  check_all();
  expect_panic("erasing a node twice", &it->rb, 0);
  expect_panic("insert_color without link", &it->rb, 1);
  check_all();
  expect_panic("insert_color of an inner node", root.rb_node, 1);
  check_all();
  finish();
}

int
main(void)
{
  static const unsigned seeds[] = { 1, 2, 3, 4, 5, 6 };
  static const int sizes[] = { 8, 64, 300, 2000, 64, 300 };
  static const long ops[] = { 150000, 250000, 250000, 150000, 100000,
                              150000 };
  int i;

  printf("rbtree_test: tree vs sorted-array model, every invariant "
         "checked after every operation\n");
  for(i = 0; i < 6; i++)
    run_random(seeds[i], sizes[i], ops[i], i < 4);
  run_adversarial(2000);
  run_duplicates();
  run_corruption();
  printf("rbtree_test: %ld operations (seeds 1-6 + fixed orders), %ld full "
         "checks, max size %d, max height %d: all invariants held\n",
         totalops, totalchecks, maxsize, maxheight);
  printf("PASS\n");
  return 0;
}
