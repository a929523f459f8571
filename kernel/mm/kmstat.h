// Statistics of the kernel small-object allocator (kmalloc.c), returned
// to user programs by the kmstat system call.
#ifndef XV6_KMSTAT_H
#define XV6_KMSTAT_H

#define KM_NCLASS 9   // size classes 16, 32, ..., 4096 bytes

struct kmstat {
  uint bytes;                 // bytes handed out and not yet freed
  uint pages;                 // pages kmalloc holds from kalloc
  uint live[KM_NCLASS];       // live objects per size class
  uint size[KM_NCLASS];       // object size of each class
};
#endif
