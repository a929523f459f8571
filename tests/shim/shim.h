// shim.h: the host stand-ins that kernel/mm/kmalloc.c links against in the
// host tests and the benchmark, and the knobs the tests turn.
//
// The stand-ins (shim.c) replace kalloc.c, spinlock.c and console.c's
// panic. The prototypes below must match kernel/defs.h; the test programs
// cannot include defs.h itself because it clashes with the C library.

#ifndef KM_SHIM_H
#define KM_SHIM_H

#include "types.h"
#include "kmstat.h"

struct spinlock;

// kernel/mm/kmalloc.c
void *kmalloc(uint n);
void kmfree(void *p);
void kmstat(struct kmstat *st);
uint kmbytes(void);

// stand-ins for the kernel
char *kalloc(void);
void kfree(char *v);
int failnow(void);
void initlock(struct spinlock *lk, char *name);
void acquire(struct spinlock *lk);
void release(struct spinlock *lk);
int holding(struct spinlock *lk);
void panic(char *msg) __attribute__((noreturn));

// The exit status of a process that panicked; panic prints
// "panic: MSG" on stderr first.
#define SHIM_PANIC_STATUS 86

extern char *shim_arena;       // PHYSTOP bytes, page-aligned
void shim_reset(void);         // every page free again; none may be out
void shim_reclaim(void);       // take back every page out, unfreed
uint shim_pagesout(void);      // pages kalloc'd and not yet kfree'd
uint shim_peakpages(void);     // most pages out at once since the reset
void shim_setlimit(uint n);    // kalloc fails beyond n pages out; 0: none
void shim_failafter(int n);    // the n-th failnow() from now says 1
int shim_locksheld(void);      // spinlocks currently held
int shim_pageout(void *page);  // is page handed out by kalloc?

// xorshift32: the same sequence on every C library, for the test and
// the benchmark alike.
void shim_seed(uint seed);
uint shim_rand(void);
// A size 1..4096 shaped like kernel objects: half up to 256 bytes, a
// quarter up to 1 KiB, a quarter up to a page.
uint shim_kernelsize(void);

#endif
