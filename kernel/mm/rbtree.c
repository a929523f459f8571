// rbtree.c: the balancing code behind rbtree.h.
//
// Owns every change to the shape and colours of a tree of struct
// rb_node. It never allocates, sleeps or locks (the owner of a tree
// serialises access to it), and it includes no header but rbtree.h, so
// that tests/ compiles this very file on the host. The one outside name
// it uses is panic(), for a caller that passes a node in a state the API
// forbids (an erased node, or one rb_link_node did not just hang).
//
// A red-black tree is a binary search tree whose nodes are red or
// black, with a missing child counted as a black leaf, such that:
//   1. every node is red or black;
//   2. the root is black;
//   3. every leaf (missing child) is black;
//   4. a red node has no red child;
//   5. every path from a node down to a leaf meets the same number of
//      black nodes (the node's black height).
// By 5 a subtree of black height bh holds at least 2^bh - 1 nodes; by 4
// at most half the nodes on a path are red. So a tree of n nodes is at
// most 2*log2(n+1) high, and every walk from root to leaf is O(log n).
//
// Each rebalancing case is drawn and coded once, as if the node in
// question hung on the left; `d` holds the side it really hangs on
// (LEFT or RIGHT) and !d the other, so the same lines do the mirror image.
// The plain rb_insert_color and rb_erase are the augmented versions
// called with callbacks that do nothing, so there is one code path.

#include "rbtree.h"

// As declared in defs.h (not included: see above); host tests define it.
void panic(char *s) __attribute__((noreturn));

#define LEFT  0
#define RIGHT 1

// ---------------------------------------------------------------
// Small helpers on links and colours.

static struct rb_node *
child(const struct rb_node *n, int d)
{
  return d == LEFT ? n->rb_left : n->rb_right;
}

static void
set_child(struct rb_node *n, int d, struct rb_node *c)
{
  if(d == LEFT)
    n->rb_left = c;
  else
    n->rb_right = c;
}

// A missing node is a black leaf (property 3).
static int
is_red(const struct rb_node *n)
{
  return n != 0 && rb_is_red(n);
}

static void
set_parent(struct rb_node *n, struct rb_node *p)
{
  n->rb_parent_color = (unsigned long)p | rb_color(n);
}

static void
set_color(struct rb_node *n, int color)
{
  n->rb_parent_color = (n->rb_parent_color & ~1UL) | color;
}

// Make whatever pointed at old (its parent's child slot, or the root)
// point at new instead. Does not touch new's own parent link.
static void
replace_child(struct rb_node *old, struct rb_node *new,
              struct rb_node *parent, struct rb_root *root)
{
  if(parent == 0)
    root->rb_node = new;
  else if(parent->rb_left == old)
    parent->rb_left = new;
  else
    parent->rb_right = new;
}

/*
 * Rotate at x so that x moves down to side d and its child on the other
 * side, y, takes its place. Colours are the caller's business. The
 * in-order sequence is unchanged; y now spans exactly the nodes x
 * spanned, so the augment callback hands y x's summary and recomputes x.
 *
 *        x                 y            (drawn for d == LEFT)
 *       / \               / \
 *      A   y      =>     x   C
 *         / \           / \
 *        B   C         A   B
 */
static void
rotate(struct rb_node *x, int d, struct rb_root *root,
       const struct rb_augment_callbacks *cb)
{
  struct rb_node *y = child(x, !d);
  struct rb_node *b = child(y, d);
  struct rb_node *p = rb_parent(x);

  set_child(x, !d, b);
  if(b)
    set_parent(b, x);
  set_child(y, d, x);
  set_parent(y, p);
  replace_child(x, y, p, root);
  set_parent(x, y);
  cb->rotate(x, y);
}

static void
noop_propagate(struct rb_node *n, struct rb_node *stop)
{
}

static void
noop_copy(struct rb_node *old, struct rb_node *new)
{
}

static void
noop_rotate(struct rb_node *old, struct rb_node *new)
{
}

static const struct rb_augment_callbacks noop_callbacks = {
  noop_propagate, noop_copy, noop_rotate
};

/*
 * ---------------------------------------------------------------
 * Insertion.
 *
 * rb_link_node hung n as a red leaf, which keeps property 5 and breaks
 * at most property 4 (if its parent p is red) or 2 (if n is the root).
 * Loop invariant: n is red, and the only possible violation is n's
 * parent p being red too. p red means p is not the root, so the
 * grandparent g exists and is black. u is p's sibling (the uncle).
 * Pictures are drawn with p on the left of g; subtrees are left out.
 *
 * Case 1: u is red. Recolour; the red moves up to g, which may now
 * clash with its own parent, so continue from g.
 *
 *         g(B)                 g(R)  <- new n
 *        /    \               /    \
 *      p(R)   u(R)    =>    p(B)   u(B)
 *      /                    /
 *    n(R)                 n(R)
 *
 * Case 2: u is black and n is p's inner child. Rotate at p so that the
 * red pair lines up on the outside, then treat p as n in case 3.
 *
 *         g(B)                 g(B)
 *        /    \               /    \
 *      p(R)   u(B)    =>    n(R)   u(B)
 *         \                 /
 *         n(R)            p(R)  <- new n
 *
 * Case 3: u is black and n is p's outer child. Rotate at g and swap the
 * colours of p and g. Every path keeps its black count; done.
 *
 *         g(B)                 p(B)
 *        /    \               /    \
 *      p(R)   u(B)    =>    n(R)   g(R)
 *      /                             \
 *    n(R)                            u(B)
 */

// Panic unless n is exactly what rb_link_node leaves: a red leaf that
// its parent (or the root) points at. Catches an erased node passed
// again without rb_link_node, and a node linked by hand.
static void
check_fresh_leaf(struct rb_node *n, struct rb_root *root)
{
  struct rb_node *p;

  if(n->rb_parent_color == RB_POISON)
    panic("rb_insert_color: node was erased and not linked again");
  if(n->rb_left || n->rb_right || rb_is_black(n))
    panic("rb_insert_color: node is not a new red leaf");
  p = rb_parent(n);
  if(p ? (p->rb_left != n && p->rb_right != n) : root->rb_node != n)
    panic("rb_insert_color: node is not where rb_link_node put it");
}

// Restore the red-black properties after rb_link_node(node, ...). The
// caller has already brought the summaries of node and its ancestors up
// to date; rotations keep them so through cb->rotate.
// Panics if node is not a freshly linked leaf.
void
rb_insert_augmented(struct rb_node *n, struct rb_root *root,
                    const struct rb_augment_callbacks *cb)
{
  struct rb_node *p, *g, *u;
  int d;

  check_fresh_leaf(n, root);
  while((p = rb_parent(n)) != 0 && rb_is_red(p)){
    g = rb_parent(p);
    d = (p == g->rb_left) ? LEFT : RIGHT;
    u = child(g, !d);
    if(is_red(u)){
      // case 1
      set_color(p, RB_BLACK);
      set_color(u, RB_BLACK);
      set_color(g, RB_RED);
      n = g;
      continue;
    }
    if(n == child(p, !d)){
      // case 2
      rotate(p, d, root, cb);
      n = p;
      p = rb_parent(n);
    }
    // case 3
    set_color(p, RB_BLACK);
    set_color(g, RB_RED);
    rotate(g, !d, root, cb);
    break;
  }
  set_color(root->rb_node, RB_BLACK);
}

// Plain insert: rb_insert_augmented with nothing to keep up to date.
// Panics if node is not a freshly linked leaf.
void
rb_insert_color(struct rb_node *node, struct rb_root *root)
{
  rb_insert_augmented(node, root, &noop_callbacks);
}

/*
 * ---------------------------------------------------------------
 * Erasure.
 *
 * Taking out a black node leaves the paths through its old place one
 * black short. erase_fixup pretends the node x now in that place (maybe
 * a missing leaf) carries an extra black and pushes that extra black up
 * or away. Invariant: every path through x is one black short of the
 * others and nothing else is wrong; p is x's parent, and x's sibling s
 * exists because its side has at least one black node to spare. The
 * nephews are c (near x) and f (far from x). Drawn with x on the left;
 * (?) is either colour.
 *
 * Case 1: s is red (so p, c and f are black). Rotate at p towards x and
 * swap the colours of p and s. x now has a black sibling (old c): go on
 * with case 2, 3 or 4.
 *
 *       p(B)                   s(B)
 *      /    \                 /    \
 *    x(B)   s(R)     =>     p(R)   f(B)
 *           /  \           /   \
 *         c(B) f(B)      x(B)  c(B)
 *
 * Case 2: s and both nephews are black. Paint s red: now p's two sides
 * agree and p itself is one black short. A red p just turns black and
 * we are done; a black p becomes the new x.
 *
 *       p(?)                   p(?)  <- new x
 *      /    \                 /    \
 *    x(B)   s(B)     =>     x(B)   s(R)
 *           /  \                   /  \
 *         c(B) f(B)              c(B) f(B)
 *
 * Case 3: s is black, c red, f black. Rotate at s away from x and swap
 * the colours of s and c; x's new sibling has a red far child: case 4.
 *
 *       p(?)                   p(?)
 *      /    \                 /    \
 *    x(B)   s(B)     =>     x(B)   c(B)
 *           /  \                      \
 *         c(R) f(B)                   s(R)
 *                                       \
 *                                       f(B)
 *
 * Case 4: s is black and f red. Rotate at p towards x; s takes p's
 * colour, p and f turn black. x's side gained a black (p), s's side
 * kept one (f): done.
 *
 *       p(?)                   s(?)
 *      /    \                 /    \
 *    x(B)   s(B)     =>     p(B)   f(B)
 *           /  \           /   \
 *         c(?) f(R)      x(B)  c(?)
 */

static void
erase_fixup(struct rb_node *x, struct rb_node *p, struct rb_root *root,
            const struct rb_augment_callbacks *cb)
{
  struct rb_node *s;
  int d;

  while(p != 0 && !is_red(x)){
    // x may be missing; then it is on the side whose slot is empty,
    // because the sibling is not.
    d = (p->rb_left == x) ? LEFT : RIGHT;
    s = child(p, !d);
    if(is_red(s)){
      // case 1
      set_color(s, RB_BLACK);
      set_color(p, RB_RED);
      rotate(p, d, root, cb);
      s = child(p, !d);
    }
    if(!is_red(s->rb_left) && !is_red(s->rb_right)){
      // case 2
      set_color(s, RB_RED);
      x = p;
      p = rb_parent(x);
      continue;
    }
    if(!is_red(child(s, !d))){
      // case 3
      set_color(child(s, d), RB_BLACK);
      set_color(s, RB_RED);
      rotate(s, !d, root, cb);
      s = child(p, !d);
    }
    // case 4
    set_color(s, rb_color(p));
    set_color(p, RB_BLACK);
    set_color(child(s, !d), RB_BLACK);
    rotate(p, d, root, cb);
    x = root->rb_node;
    break;
  }
  if(x)
    set_color(x, RB_BLACK);
}

// Take n out of the tree and rebalance. Callbacks keep every summary
// right: after the unlink, cb->propagate fixes the nodes whose subtree
// lost n; rotations in erase_fixup then go through cb->rotate. Leaves n
// poisoned. Panics if n is already poisoned (erased twice).
//
// Two shapes of unlink:
//  - n has at most one child c: c (or nothing) takes n's place.
//  - n has two children: its successor y (leftmost of n's right
//    subtree, so y has no left child) leaves its own place to y's right
//    child x and takes n's place and colour.
// Either way one node's colour leaves the tree at a known spot: if that
// colour was black, the child now there is repainted black if red, or
// else erase_fixup pays the missing black.
void
rb_erase_augmented(struct rb_node *n, struct rb_root *root,
                   const struct rb_augment_callbacks *cb)
{
  struct rb_node *np, *y, *x, *p;
  int lost;  // colour that left the tree

  if(n->rb_parent_color == RB_POISON)
    panic("rb_erase: node is not in a tree");
  np = rb_parent(n);
  if(n->rb_left == 0 || n->rb_right == 0){
    x = n->rb_left ? n->rb_left : n->rb_right;
    p = np;
    lost = rb_color(n);
    replace_child(n, x, np, root);
    if(x)
      set_parent(x, p);
    cb->propagate(p, 0);
  } else {
    y = n->rb_right;
    while(y->rb_left)
      y = y->rb_left;
    x = y->rb_right;
    lost = rb_color(y);
    if(y == n->rb_right){
      p = y;  // x stays y's right child
    } else {
      p = rb_parent(y);
      p->rb_left = x;
      if(x)
        set_parent(x, p);
      y->rb_right = n->rb_right;
      set_parent(y->rb_right, y);
    }
    y->rb_left = n->rb_left;
    set_parent(y->rb_left, y);
    y->rb_parent_color = n->rb_parent_color;  // n's parent and colour
    replace_child(n, y, np, root);
    // y's summary becomes n's; first fix the path from x's new parent up
    // to y, which lost y, then y and above, which lost n.
    cb->copy(n, y);
    cb->propagate(p, y);
    cb->propagate(y, 0);
  }
  if(lost == RB_BLACK){
    if(is_red(x))
      set_color(x, RB_BLACK);
    else
      erase_fixup(x, p, root, cb);
  }
  n->rb_parent_color = RB_POISON;
  n->rb_left = n->rb_right = (struct rb_node *)RB_POISON;
}

// Plain erase: rb_erase_augmented with nothing to keep up to date.
// Panics if node was already erased.
void
rb_erase(struct rb_node *node, struct rb_root *root)
{
  rb_erase_augmented(node, root, &noop_callbacks);
}

// ---------------------------------------------------------------
// Walks and lookups. All take a tree nobody changes meanwhile.

static struct rb_node *
outermost(struct rb_node *n, int d)
{
  if(n)
    while(child(n, d))
      n = child(n, d);
  return n;
}

// The in-order neighbour of n on side d (RIGHT: next, LEFT: previous):
// the outermost node of the subtree on that side, or else the first
// ancestor reached from its other side.
static struct rb_node *
step(const struct rb_node *n, int d)
{
  struct rb_node *p;

  if(child(n, d))
    return outermost(child(n, d), !d);
  while((p = rb_parent(n)) != 0 && n == child(p, d))
    n = p;
  return p;
}

// The node with the smallest key, or 0 if the tree is empty.
struct rb_node *
rb_first(const struct rb_root *root)
{
  return outermost(root->rb_node, LEFT);
}

// The node with the largest key, or 0 if the tree is empty.
struct rb_node *
rb_last(const struct rb_root *root)
{
  return outermost(root->rb_node, RIGHT);
}

// The node after node in key order, or 0 if it is the last.
// node must be in a tree (not erased).
struct rb_node *
rb_next(const struct rb_node *node)
{
  return step(node, RIGHT);
}

// The node before node in key order, or 0 if it is the first.
// node must be in a tree (not erased).
struct rb_node *
rb_prev(const struct rb_node *node)
{
  return step(node, LEFT);
}

// The last node (in order) whose key is <= key, or 0 if none is.
// Among equal keys, the last one. O(log n).
struct rb_node *
rb_find_le(const struct rb_root *root, const void *key, rb_cmp_key_t cmp)
{
  struct rb_node *n = root->rb_node, *best = 0;

  while(n){
    if(cmp(key, n) < 0){
      n = n->rb_left;
    } else {
      best = n;
      n = n->rb_right;
    }
  }
  return best;
}

// The first node (in order) whose key is >= key, or 0 if none is.
// Among equal keys, the first one. O(log n).
struct rb_node *
rb_find_ge(const struct rb_root *root, const void *key, rb_cmp_key_t cmp)
{
  struct rb_node *n = root->rb_node, *best = 0;

  while(n){
    if(cmp(key, n) > 0){
      n = n->rb_right;
    } else {
      best = n;
      n = n->rb_left;
    }
  }
  return best;
}

// ---------------------------------------------------------------
// Validation.

// Check the node just reached while walking down from its parent p.
// Returns 0 or a message.
static const char *
check_node(const struct rb_node *n, const struct rb_node *p)
{
  if(n->rb_parent_color == RB_POISON)
    return "an erased (poisoned) node is still linked";
  if(n->rb_parent_color & 2)
    return "a parent link has a stray bit set";
  if(rb_parent(n) != p)
    return "a child's parent link does not point back at its parent";
  if(n->rb_left != 0 && n->rb_left == n->rb_right)
    return "a node has the same child on both sides";
  if(rb_is_red(n) && p != 0 && rb_is_red(p))
    return "a red node has a red child";
  return 0;
}

// Walks the tree in order without recursion (kernel stacks are small),
// keeping the black count of the path from the root. Each node's parent
// link is checked before the walk climbs through it, so a broken link
// is reported rather than followed; with every child pointing back at
// its parent the links cannot form a cycle.
// Returns the node count, or -1 with *why set (why may be 0).
int
rb_validate(const struct rb_root *root,
            int (*cmp)(const struct rb_node *a, const struct rb_node *b),
            int (*augment_ok)(const struct rb_node *node),
            const char **why)
{
  const struct rb_node *n, *p, *prev = 0;
  const char *msg = 0;
  int count = 0, black = 0, leafblack = -1;

  n = root->rb_node;
  if(n == 0)
    return 0;
  if(rb_is_red(n)){
    msg = "the root is red";
    goto bad;
  }
  if((msg = check_node(n, 0)) != 0)
    goto bad;
  black = 1;
  // Descend to the leftmost node.
  while(n->rb_left){
    if((msg = check_node(n->rb_left, n)) != 0)
      goto bad;
    n = n->rb_left;
    black += rb_color(n);
  }
  for(;;){
    // Visit n.
    count++;
    if(prev && cmp && cmp(prev, n) > 0){
      msg = "keys are out of order";
      goto bad;
    }
    if(augment_ok && !augment_ok(n)){
      msg = "an augmented summary is wrong";
      goto bad;
    }
    if(n->rb_left == 0 || n->rb_right == 0){
      if(leafblack < 0)
        leafblack = black;
      else if(leafblack != black){
        msg = "two paths have different black counts";
        goto bad;
      }
    }
    prev = n;
    // Move to the next node in order.
    if(n->rb_right){
      if((msg = check_node(n->rb_right, n)) != 0)
        goto bad;
      n = n->rb_right;
      black += rb_color(n);
      while(n->rb_left){
        if((msg = check_node(n->rb_left, n)) != 0)
          goto bad;
        n = n->rb_left;
        black += rb_color(n);
      }
      continue;
    }
    for(;;){
      p = rb_parent(n);
      black -= rb_color(n);
      if(p == 0)
        return count;
      if(n == p->rb_left)
        break;
      n = p;
    }
    n = p;
  }

bad:
  if(why)
    *why = msg;
  return -1;
}
