// memlayout.h, host stand-in for the kmalloc tests (tests/kmalloc.mk).
//
// The kernel's memlayout.h maps physical memory at KERNBASE. On the host,
// "physical memory" is one page-aligned arena that shim.c allocates, so
// V2P and P2V translate between arena addresses and offsets in it. Only
// what kernel/mm/kmalloc.c uses is here. Owned by the kmalloc tests; the
// kernel never sees this file.

#define PHYSTOP 0x4000000   // arena size: 64 MiB, 16384 pages

uint shim_v2p(const void *va);
void *shim_p2v(uint pa);

// An address outside the arena translates to 0xFFFFFFFF (>= PHYSTOP), as
// a wild pointer does in the kernel.
#define V2P(a) shim_v2p((const void*)(a))
#define P2V(a) shim_p2v((uint)(a))
