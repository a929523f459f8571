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

// The role of a region, set by the kernel alone and reported in
// vmregion.flags (pmap prints it): a segment of the program exec
// mapped (text, rodata and data from the file, bss anonymous), the
// heap sbrk moves, the stack, and the guard page below the stack.
// Regions of different roles never merge. mmap never sets one: a
// mapping placed over the heap (MAP_FIXED) is a mapping, not heap.
#define VMR_PROG       0x100
#define VMR_HEAP       0x200
#define VMR_STACK      0x400
#define VMR_GUARD      0x800
#define VMR_ROLE       (VMR_PROG|VMR_HEAP|VMR_STACK|VMR_GUARD)

// The name pmap and Ctrl-P print for a region of these flags and
// protection: what it is to the program, "" for a plain mapping.
static inline const char*
vmr_name(int flags, int prot)
{
  if(flags & VMR_HEAP)
    return "[heap]";
  if(flags & VMR_STACK)
    return "[stack]";
  if(flags & VMR_GUARD)
    return "[guard]";
  if(!(flags & VMR_PROG))
    return "";
  if(flags & MAP_ANONYMOUS)
    return "[bss]";
  if(prot & PROT_WRITE)
    return "[data]";
  return (prot & PROT_EXEC) ? "[text]" : "[rodata]";
}

// One line of a process's region listing (the vmregions system call,
// printed by pmap).
struct vmregion {
  uint start;     // first address
  uint end;       // one past the last address
  int prot;       // PROT_* bits
  int flags;      // MAP_SHARED or MAP_PRIVATE, | MAP_ANONYMOUS, | VMR_*
  uint offset;    // file offset of start (0 for anonymous)
  uint inum;      // inode number of the file (0 for anonymous)
  uint resident;  // pages present in the page table
};
#endif
