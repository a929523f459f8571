// mmap, munmap, mprotect and msync: flags shared by the kernel and user
// programs. Names and values are Linux's.
#ifndef XV6_MMAN_H
#define XV6_MMAN_H

#define PROT_NONE      0x0
#define PROT_READ      0x1
#define PROT_WRITE     0x2
#define PROT_EXEC      0x4   // accepted; on this CPU it means readable

#define MAP_FILE       0x0
#define MAP_SHARED     0x01
#define MAP_PRIVATE    0x02
#define MAP_FIXED      0x10
#define MAP_ANONYMOUS  0x20
#define MAP_ANON       MAP_ANONYMOUS
#define MAP_POPULATE   0x8000

#define MS_ASYNC       1
#define MS_INVALIDATE  2
#define MS_SYNC        4

#define MAP_FAILED     ((void *) -1)

// One line of a process's region listing (the vmregions system call,
// printed by pmap).
struct vmregion {
  uint start;     // first address
  uint end;       // one past the last address
  int prot;       // PROT_* bits
  int flags;      // MAP_SHARED or MAP_PRIVATE, | MAP_ANONYMOUS
  uint offset;    // file offset of start (0 for anonymous)
  uint inum;      // inode number of the file (0 for anonymous)
  uint resident;  // pages present in the page table
};
#endif
