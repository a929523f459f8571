// vma_test.c: host property test of kernel/mm/vma.c (compiled unchanged,
// with kernel/mm/rbtree.c) against a plain model: an array saying which
// region owns each page of a small address area.
//
// Random steps insert regions into free ranges, erase them, and trim or
// grow them in place (vma_resized). After every step it checks:
//   - vma_validate: red-black invariants, summaries, order, alignment;
//   - the in-order walk equals the model's regions;
//   - vma_find and vma_first_after agree with the model at random
//     addresses, vma_range_free on random ranges;
//   - vma_find_gap returns exactly the lowest free range the model finds
//     by brute force, for random lengths and bounds (regions outside
//     the bounds too), or 0 when there is none;
// and every 64 steps that vma_copytree copies the tree node for node.
// Fails loudly with the seed and step of the first disagreement.

#include <stdio.h>
#include <stdlib.h>
#include "types.h"
#include "vma.h"

#define PG      4096u
#define NPAGES  512u                 // the test area, in pages
#define LO      0x40000000u
#define HI      (LO + NPAGES * PG)
#define MAXREG  200

static struct vma regs[MAXREG];      // node storage
static int in_use[MAXREG];
static int owner[NPAGES];            // region index + 1 per page, or 0
static struct rb_root root;
static int nreg;

static unsigned long long rng;
static unsigned seed_now;
static long step_now;
static long checks;

static uint
rnd(uint n)
{
  rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
  return (uint)(rng >> 33) % n;
}

static void
die(const char *what)
{
  fprintf(stderr, "vma_test: FAILED seed %u step %ld: %s\n",
          seed_now, step_now, what);
  exit(1);
}

// The one kernel function the tree code calls, on misuse.
void panic(char *s) __attribute__((noreturn));
void
panic(char *s)
{
  die(s);
  exit(1);
}

static uint
pg(uint va)
{
  return (va - LO) / PG;
}

static void
model_set(uint start, uint end, int val)
{
  for(uint va = start; va < end; va += PG)
    owner[pg(va)] = val;
}

static int
model_free(uint start, uint end)
{
  if(start < LO || end > HI || start >= end)
    return 0;
  for(uint va = start; va < end; va += PG)
    if(owner[pg(va)])
      return 0;
  return 1;
}

static uint
model_gap(uint len, uint lo, uint hi)
{
  for(uint a = lo; a + len <= hi; a += PG)
    if(model_free(a, a + len))
      return a;
  return 0;
}

static struct vma*
model_first_after(uint a)
{
  for(uint p = pg(a); p < NPAGES; p++)
    if(owner[p])
      return &regs[owner[p] - 1];
  return 0;
}

static void
check_walk(void)
{
  struct vma *v = vma_first(&root);
  uint va;

  for(va = LO; va < HI; ){
    int o = owner[pg(va)];
    if(o == 0){
      va += PG;
      continue;
    }
    if(v == 0 || v != &regs[o - 1] || v->vm_start != va)
      die("in-order walk differs from model");
    va = v->vm_end;
    v = vma_next(v);
  }
  if(v)
    die("tree has regions the model does not");
}

static void
check_all(void)
{
  const char *why;
  int n = vma_validate(&root, LO, HI, &why);

  if(n < 0)
    die(why);
  if(n != nreg)
    die("node count differs from model");
  check_walk();
  for(int i = 0; i < 4; i++){
    uint a = LO + rnd(NPAGES) * PG + rnd(PG);
    int o = owner[pg(a)];
    if(vma_find(&root, a) != (o ? &regs[o - 1] : 0))
      die("vma_find differs from model");
    if(vma_first_after(&root, a) != model_first_after(a))
      die("vma_first_after differs from model");
    uint s = LO + rnd(NPAGES) * PG, e = s + (1 + rnd(24)) * PG;
    if(e <= HI && vma_range_free(&root, s, e) != model_free(s, e))
      die("vma_range_free differs from model");
    uint len = (1 + (rnd(4) ? rnd(16) : rnd(NPAGES + 8))) * PG;
    if(vma_find_gap(&root, len, LO, HI) != model_gap(len, LO, HI))
      die("vma_find_gap is not the lowest free range");
    // Bounds inside the area, with regions below and above them (the
    // mmap area above a program's regions).
    uint lo = LO + rnd(NPAGES) * PG, hi = lo + rnd(NPAGES - pg(lo) + 1) * PG;
    if(vma_find_gap(&root, len, lo, hi) != model_gap(len, lo, hi))
      die("vma_find_gap within bounds is not the lowest free range");
  }
  checks++;
}

// The copy fork makes (vma_copytree): every so often copy the tree into
// nodes of another array and check that the copy is a valid tree of
// the same regions with the very same shape, colours and summaries,
// that it took exactly one node per region, and that no node of the
// copy is an original.
static struct vma copies[MAXREG];

static int
same_shape(struct rb_node *a, struct rb_node *b, struct rb_node *bparent)
{
  struct vma *x, *y;

  if(a == 0 || b == 0)
    return a == b;
  x = vma_entry(a);
  y = vma_entry(b);
  if(y < copies || y >= copies + MAXREG)
    return 0;
  if(rb_parent(b) != bparent || rb_color(a) != rb_color(b))
    return 0;
  if(x->vm_start != y->vm_start || x->vm_end != y->vm_end ||
     x->vm_prot != y->vm_prot || x->vm_lo != y->vm_lo ||
     x->vm_hi != y->vm_hi || x->vm_gap != y->vm_gap)
    return 0;
  return same_shape(a->rb_left, b->rb_left, b) &&
         same_shape(a->rb_right, b->rb_right, b);
}

static void
check_copy(void)
{
  struct rb_root copy = { 0 };
  struct vma *spare = 0, *left;
  const char *why;
  int i, n;

  for(i = MAXREG - 1; i >= 0; i--){
    copies[i].vm_rb.rb_right = spare ? &spare->vm_rb : 0;
    spare = &copies[i];
  }
  left = vma_copytree(&copy, &root, spare);
  if(left != (nreg < MAXREG ? &copies[nreg] : 0))
    die("vma_copytree did not take exactly one node per region");
  if((n = vma_validate(&copy, LO, HI, &why)) < 0)
    die(why);
  if(n != nreg)
    die("copied tree has another node count");
  if(!same_shape(root.rb_node, copy.rb_node, 0))
    die("copied tree differs in shape, colour or summary");
}

static int
free_slot(void)
{
  for(int i = 0; i < MAXREG; i++)
    if(!in_use[i])
      return i;
  return -1;
}

static int
random_region(void)
{
  if(nreg == 0)
    return -1;
  for(;;){
    int i = rnd(MAXREG);
    if(in_use[i])
      return i;
  }
}

static void
op_insert(int by_gap)
{
  int i = free_slot();
  uint len = (1 + (rnd(8) ? rnd(8) : rnd(64))) * PG, start;

  if(i < 0)
    return;
  start = by_gap ? vma_find_gap(&root, len, LO, HI) : LO + rnd(NPAGES) * PG;
  if(start == 0 || !model_free(start, start + len))
    return;
  struct vma *v = &regs[i];
  v->vm_start = start;
  v->vm_end = start + len;
  // A distinct fake file per region keeps neighbours unmergeable.
  v->vm_file = (struct file *)(unsigned long)(0x1000 + 16 * i);
  v->vm_off = 0;
  vma_insert(&root, v);
  in_use[i] = 1;
  nreg++;
  model_set(start, start + len, i + 1);
}

static void
op_erase(void)
{
  int i = random_region();

  if(i < 0)
    return;
  vma_erase(&root, &regs[i]);
  model_set(regs[i].vm_start, regs[i].vm_end, 0);
  in_use[i] = 0;
  nreg--;
}

// Trim or grow one end of a region in place.
static void
op_resize(void)
{
  int i = random_region();
  struct vma *v;
  uint d = (1 + rnd(4)) * PG;

  if(i < 0)
    return;
  v = &regs[i];
  switch(rnd(4)){
  case 0:  // trim head
    if(v->vm_end - v->vm_start <= d)
      return;
    model_set(v->vm_start, v->vm_start + d, 0);
    v->vm_start += d;
    break;
  case 1:  // trim tail
    if(v->vm_end - v->vm_start <= d)
      return;
    model_set(v->vm_end - d, v->vm_end, 0);
    v->vm_end -= d;
    break;
  case 2:  // grow head
    if(v->vm_start < LO + d || !model_free(v->vm_start - d, v->vm_start))
      return;
    v->vm_start -= d;
    model_set(v->vm_start, v->vm_start + d, i + 1);
    break;
  default: // grow tail
    if(!model_free(v->vm_end, v->vm_end + d))
      return;
    model_set(v->vm_end, v->vm_end + d, i + 1);
    v->vm_end += d;
    break;
  }
  vma_resized(v);
}

static void
reset(void)
{
  root.rb_node = 0;
  nreg = 0;
  for(int i = 0; i < MAXREG; i++)
    in_use[i] = 0;
  for(uint p = 0; p < NPAGES; p++)
    owner[p] = 0;
}

static void
run_seed(unsigned seed, long steps)
{
  seed_now = seed;
  rng = seed;
  reset();
  for(step_now = 0; step_now < steps; step_now++){
    uint r = rnd(100);
    // Lean towards inserting while small, erasing while large, so the
    // tree keeps moving between empty and full.
    int grow = nreg < MAXREG / 2 ? 55 : 35;
    if(r < grow)
      op_insert(rnd(2));
    else if(r < 80)
      op_erase();
    else
      op_resize();
    check_all();
    if(step_now % 64 == 0)
      check_copy();
  }
  // Erase everything in random order, checking as we go.
  while(nreg > 0){
    op_erase();
    check_all();
    step_now++;
  }
  if(root.rb_node != 0)
    die("tree not empty after erasing every region");
}

int
main(void)
{
  unsigned seeds[] = { 1, 2, 3, 42, 2026 };
  long steps = 40000;

  for(unsigned i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++)
    run_seed(seeds[i], steps);
  printf("vma_test: %d seeds x %ld steps, %ld full checks "
         "(validate, walk, find, first_after, range_free, find_gap "
         "vs brute force), copies checked: all passed\n",
         (int)(sizeof(seeds) / sizeof(seeds[0])), steps, checks);
  return 0;
}
