// Statistics of the kernel small-object allocator (kmalloc.c) and of the
// page cache (pagecache.c), returned to user programs by the kmstat
// system call.
#ifndef XV6_KMSTAT_H
#define XV6_KMSTAT_H

#define KM_NCLASS 9   // size classes 16, 32, ..., 4096 bytes

struct kmstat {
  uint bytes;                 // bytes handed out and not yet freed
  uint pages;                 // pages kmalloc holds from kalloc
  uint live[KM_NCLASS];       // live objects per size class
  uint size[KM_NCLASS];       // object size of each class
  // The page cache:
  uint cpages;                // pages cached
  uint cdirty;                // of which dirty (stored to through a mapping)
  uint cidle;                 // held by the cache alone (no PTE maps them)
  uint chits, cmisses;        // page lookups by read and faults
  uint creclaimed;            // pages given back to kalloc when it ran dry
  uint cwritten;              // dirty pages written back
};
#endif
