// vma.h: a memory region of a process, and the tree that holds them.
//
// Each process keeps its regions (every valid address it has: program
// segments, heap, stack, guard and mappings) in p->vmroot, a red-black tree
// keyed by vm_start. Regions never overlap, so the tree is sorted by
// vm_end as well. Every node also carries a summary of its subtree
// (vm_lo, vm_hi, vm_gap) so that a free range is found in O(log n).
//
//   subtree of n:   [vm_lo ............................ vm_hi)
//                   |left regions|  gap  |n|  gap  |right regions|
//   vm_gap = the largest hole between two regions of the subtree.
//
// Regions are allocated with kmalloc by mmap.c; vma.c only links,
// unlinks and searches them. It never touches page tables.
#ifndef XV6_VMA_H
#define XV6_VMA_H

#include "rbtree.h"

struct file;

struct vma {
  struct rb_node vm_rb;   // link in p->vmroot, keyed by vm_start
  uint vm_start;          // first address (page-aligned)
  uint vm_end;            // one past the last address (page-aligned)
  uint vm_off;            // file offset of vm_start (0 if anonymous)
  struct file *vm_file;   // the region's own reference; 0 if anonymous
  ushort vm_prot;         // PROT_* bits
  ushort vm_flags;        // MAP_SHARED or MAP_PRIVATE, maybe MAP_ANONYMOUS,
                          // and the region's role (VMR_*, mman.h)

  // Subtree summary, maintained by vma.c through rotations.
  uint vm_lo;             // smallest vm_start in the subtree
  uint vm_hi;             // largest vm_end in the subtree
  uint vm_gap;            // largest hole between regions in the subtree
};

#define vma_entry(n) rb_entry_safe(n, struct vma, vm_rb)

struct vma *vma_find(struct rb_root *root, uint va);
struct vma *vma_first_after(struct rb_root *root, uint va);
struct vma *vma_first(struct rb_root *root);
struct vma *vma_next(struct vma *v);
struct vma *vma_prev(struct vma *v);
void vma_insert(struct rb_root *root, struct vma *v);
void vma_erase(struct rb_root *root, struct vma *v);
struct vma *vma_copytree(struct rb_root *dst, struct rb_root *src,
                         struct vma *spare);
void vma_resized(struct vma *v);
int vma_range_free(struct rb_root *root, uint start, uint end);
uint vma_find_gap(struct rb_root *root, uint len, uint lo, uint hi);
int vma_mergeable(struct vma *a, struct vma *b);
int vma_validate(struct rb_root *root, uint lo, uint hi, const char **why);

#endif
