// The shape of physical and virtual memory.
//
// Virtual address space of every process:
//
//   0xFFFFFFFF +----------------------------+
//              | devices (DEVSPACE)         |  kernel only
//   0xFE000000 +----------------------------+
//              | unused                     |
//   KERNBASE + |----------------------------|
//    PHYSTOP   | kernel text, data, free    |  kernel only: all of
//              | physical memory            |  physical memory, mapped
//   0x80100000 |  (kernel linked here)      |  at KERNBASE+pa
//   0x80000000 +----------------------------+  KERNBASE = MMAPTOP
//              | mmap area                  |  without a usable hint a
//              |                            |  mapping goes to the
//              |                            |  lowest free range
//   0x40000000 +----------------------------+  MMAPBASE = heap limit
//              | heap (sbrk), grows up      |  [heap] region
//              +----------------------------+  p->brkbase
//              | user stack (1 page)        |  [stack] region
//              | guard page (PROT_NONE)     |  [guard] region
//              | bss (anonymous)            |  program segments, mapped
//              | data, rodata, text         |  from the program's file
//   0x00000000 +----------------------------+
//
// Every user address that works lies in a region of p->vmroot (vma.h);
// MAP_FIXED, munmap and mprotect may change any of them.

#define EXTMEM  0x100000            // start of extended memory
#define PHYSTOP 0xE000000           // top of physical memory used (224 MiB)
#define DEVSPACE 0xFE000000         // other devices are at high addresses

#define KERNBASE 0x80000000         // first kernel virtual address
#define KERNLINK (KERNBASE+EXTMEM)  // address where kernel is linked

#define MMAPBASE 0x40000000         // lowest address of the mmap area
#define MMAPTOP  KERNBASE           // one past the highest mmap address

#define V2P(a) (((uint) (a)) - KERNBASE)
#define P2V(a) ((void *)(((char *) (a)) + KERNBASE))

#define V2P_WO(x) ((x) - KERNBASE)    // same as V2P, but without casts
#define P2V_WO(x) ((x) + KERNBASE)    // same as P2V, but without casts
