// rbtree.h: an intrusive red-black tree (the API; rbtree.c has the code).
//
// The tree never allocates and takes no locks. An owner embeds a
// struct rb_node in its own struct and gets back to itself with
// rb_entry(). A caller inserts by walking down with its own comparison,
// remembering the link it fell off, then:
//
//   rb_link_node(&new->node, parent, link);   // hang the red leaf
//   rb_insert_color(&new->node, root);        // rebalance
//
// Example: insert a region keyed by start address.
//
//   struct rb_node **link = &root->rb_node, *parent = 0;
//   while(*link){
//     parent = *link;
//     if(v->start < rb_entry(parent, struct vma, vm_rb)->start)
//       link = &parent->rb_left;
//     else
//       link = &parent->rb_right;
//   }
//   rb_link_node(&v->vm_rb, parent, link);
//   rb_insert_color(&v->vm_rb, root);
//
// Self-contained and include-guarded: host tests include it directly.
#ifndef XV6_RBTREE_H
#define XV6_RBTREE_H

struct rb_node {
  unsigned long rb_parent_color;  // parent address | colour in bit 0
  struct rb_node *rb_right;
  struct rb_node *rb_left;
};

struct rb_root {
  struct rb_node *rb_node;
};

#define RB_RED    0
#define RB_BLACK  1

#define RB_ROOT_INIT  { 0 }

// rb_erase leaves this in a node's parent link (and its child links) so
// that erasing it twice, or rebalancing it without rb_link_node, panics.
// Bit 1 is never set in a real parent link, so no live node matches.
#define RB_POISON     0xdeadbee2UL
#define rb_erased(n)  ((n)->rb_parent_color == RB_POISON)

#define rb_parent(n)   ((struct rb_node *)((n)->rb_parent_color & ~3UL))
#define rb_color(n)    ((n)->rb_parent_color & 1)
#define rb_is_red(n)   (!rb_color(n))
#define rb_is_black(n) rb_color(n)

#define rb_offsetof(type, member) ((unsigned long)&((type *)0)->member)
// From a pointer to the embedded node back to its owner.
#define rb_entry(ptr, type, member) \
  ((type *)((char *)(ptr) - rb_offsetof(type, member)))
// Same, but a null node gives a null owner.
#define rb_entry_safe(ptr, type, member) \
  ((ptr) ? rb_entry(ptr, type, member) : (type *)0)

#define RB_EMPTY_ROOT(root) ((root)->rb_node == 0)

// Hang node as a red leaf at *link, a child slot of parent (0 for root).
static inline void
rb_link_node(struct rb_node *node, struct rb_node *parent,
             struct rb_node **link)
{
  node->rb_parent_color = (unsigned long)parent;  // red
  node->rb_left = node->rb_right = 0;
  *link = node;
}

// Rebalance after rb_link_node. O(log n). Panics if node is not the
// red leaf rb_link_node just hung (e.g. an erased node not relinked).
// Equal keys are allowed; walking right on equality (as above) keeps
// them in insertion order.
void rb_insert_color(struct rb_node *node, struct rb_root *root);
// Unlink node and rebalance. O(log n). The node is poisoned afterwards
// (rb_erased(node) is true); erasing it again panics. The owner may
// free it or link it again with rb_link_node.
void rb_erase(struct rb_node *node, struct rb_root *root);

// In-order traversal; each returns 0 past the end. First/last are
// O(log n); next/prev are O(1) amortised, O(log n) worst case. The
// tree must not change during a walk (erase the node only after
// fetching its successor).
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

// Lookups by key for callers that prefer not to write the walk.
// cmp(key, node) returns <0, 0, >0 as key is before, at, after node.
typedef int (*rb_cmp_key_t)(const void *key, const struct rb_node *node);
// The node with the greatest key <= key, or 0. Among equal keys, the
// last in order. O(log n).
struct rb_node *rb_find_le(const struct rb_root *root, const void *key,
                           rb_cmp_key_t cmp);
// The node with the least key >= key, or 0. Among equal keys, the
// first in order. O(log n).
struct rb_node *rb_find_ge(const struct rb_root *root, const void *key,
                           rb_cmp_key_t cmp);

// ---------------------------------------------------------------
// Augmented trees: each node caches a summary of its subtree (for
// regions, the largest free gap). Give the tree three callbacks:
//   propagate(n, stop): recompute n's summary, then its parent's, ...
//                       stopping at stop (or at the root if stop is 0);
//   copy(old, new):     new takes old's place; copy old's summary;
//   rotate(old, new):   new became old's parent by a rotation; new
//                       takes old's summary, old is recomputed.
// RB_DECLARE_CALLBACKS builds all three from a "compute" function that
// recomputes one node from its children and returns nonzero if the
// stored value changed.

struct rb_augment_callbacks {
  void (*propagate)(struct rb_node *node, struct rb_node *stop);
  void (*copy)(struct rb_node *old, struct rb_node *new);
  void (*rotate)(struct rb_node *old, struct rb_node *new);
};

// Insert with rb_link_node first; the caller must already have set the
// new node's summary and updated its ancestors' (set the node's
// summary from its own data, then propagate(parent, 0), is the simple
// way). Rotations keep every summary right through cb->rotate.
void rb_insert_augmented(struct rb_node *node, struct rb_root *root,
                         const struct rb_augment_callbacks *cb);
// Erase, keeping the summaries of all remaining nodes right. A summary
// computed from the node and its children alone needs nothing more. If
// a node's own value depends on a neighbour (say, the gap below it,
// measured from the previous node), the caller fixes that neighbour
// after an insert or erase and calls propagate(neighbour, 0) itself.
void rb_erase_augmented(struct rb_node *node, struct rb_root *root,
                        const struct rb_augment_callbacks *cb);

// Declare static callbacks named NAME for an owner STRUCT with node
// field FIELD and summary field AUG, where COMPUTE(STRUCT *) recomputes
// the summary from the node and its children and returns it.
#define RB_DECLARE_CALLBACKS(NAME, STRUCT, FIELD, AUGTYPE, AUG, COMPUTE) \
static void                                                          \
NAME##_propagate(struct rb_node *rb, struct rb_node *stop)           \
{                                                                    \
  while(rb != stop){                                                 \
    STRUCT *n = rb_entry(rb, STRUCT, FIELD);                         \
    AUGTYPE v = COMPUTE(n);                                          \
    if(n->AUG == v)                                                  \
      break;                                                         \
    n->AUG = v;                                                      \
    rb = rb_parent(&n->FIELD);                                       \
  }                                                                  \
}                                                                    \
static void                                                          \
NAME##_copy(struct rb_node *rb_old, struct rb_node *rb_new)          \
{                                                                    \
  rb_entry(rb_new, STRUCT, FIELD)->AUG =                             \
    rb_entry(rb_old, STRUCT, FIELD)->AUG;                            \
}                                                                    \
static void                                                          \
NAME##_rotate(struct rb_node *rb_old, struct rb_node *rb_new)        \
{                                                                    \
  STRUCT *o = rb_entry(rb_old, STRUCT, FIELD);                       \
  STRUCT *n = rb_entry(rb_new, STRUCT, FIELD);                       \
  n->AUG = o->AUG;                                                   \
  o->AUG = COMPUTE(o);                                               \
}                                                                    \
static const struct rb_augment_callbacks NAME = {                    \
  NAME##_propagate, NAME##_copy, NAME##_rotate                       \
}

// Check every red-black invariant of the tree: search order (cmp
// compares two nodes), root black, no red node with a red child, equal
// black height on every path, parent links matching child links, and,
// when augment_ok is given, that it approves every node (it should
// recompute the node's summary from scratch). cmp may be 0 to skip the
// order check; why may be 0. O(n), no recursion, no allocation.
// Returns the number of nodes, or -1 with *why set to a static message
// naming the first violation.
int rb_validate(const struct rb_root *root,
                int (*cmp)(const struct rb_node *a, const struct rb_node *b),
                int (*augment_ok)(const struct rb_node *node),
                const char **why);

#endif
