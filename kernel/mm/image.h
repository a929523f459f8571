// image.h: an address space under construction, for exec and for the
// first process (image.c). It is a page table and a tree of regions
// that no process uses yet; image_install gives both to a process.
#ifndef XV6_IMAGE_H
#define XV6_IMAGE_H

#include "rbtree.h"

struct image {
  pde_t *pgdir;          // the new page table, not live anywhere yet
  struct rb_root root;   // its regions
  int nvma;              // regions in root
  uint end;              // end of the highest segment so far (page aligned)
  uint brk;              // the heap's start, set by image_stack
};

#endif
