// spinlock.c: mutual exclusion by busy-waiting, for short critical
// sections that may be entered from interrupt handlers.
//
// Owns struct spinlock (spinlock.h) and each CPU's interrupt-disable
// nesting (cpu->ncli, cpu->intena). A CPU holds interrupts off for as long
// as it holds any spinlock: otherwise an interrupt handler on the same CPU
// could spin forever on a lock its own interrupted code holds. Holders
// may not sleep or re-acquire a lock they hold.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "x86.h"
#include "memlayout.h"
#include "mmu.h"
#include "spinlock.h"
#include "rbtree.h"
#include "proc.h"

// Prepare lk for use, unlocked; name is shown in debugging output.
void
initlock(struct spinlock *lk, char *name)
{
  lk->name = name;
  lk->locked = 0;
  lk->cpu = 0;
}

// Take lk, spinning until it is free. Disables interrupts until the
// matching release(). Panics if this CPU already holds lk.
void
acquire(struct spinlock *lk)
{
  struct cpu *c;

  pushcli();
  // Interrupts are off now, so mycpu() may be asked directly.
  c = mycpu();
  if(lk->locked && lk->cpu == c)
    panic("acquire: already held");

  // xchg is atomic across CPUs: whoever swaps in the 1 first owns it.
  while(xchg(&lk->locked, 1) != 0)
    ;

  // Neither the compiler nor the CPU may move the critical section's
  // loads and stores above this point.
  __sync_synchronize();

  lk->cpu = c;
  // One return address, not the whole call chain: walking ten frames
  // cost 70 of acquire's 97 instructions, on every lock in the kernel.
  lk->pc = (uint)__builtin_return_address(0);
}

// Give up lk and restore the interrupt state from before acquire().
// The caller must hold lk; panics otherwise.
void
release(struct spinlock *lk)
{
  // A held lock keeps interrupts off, so mycpu() may be asked directly.
  if((readeflags() & FL_IF) || !lk->locked || lk->cpu != mycpu())
    panic("release: not held");

  lk->pc = 0;
  lk->cpu = 0;

  // Every store in the critical section must be visible before the lock
  // is seen free.
  __sync_synchronize();

  // A single aligned 32-bit store is atomic on x86; written in assembly
  // so the compiler cannot split or reorder it.
  asm volatile("movl $0, %0" : "+m" (lk->locked) : );

  popcli();
}

// Record in pcs[] the return addresses of up to 10 stack frames, starting
// with the caller of the function whose first argument is at v, by
// following the saved %ebp chain. Unused slots are set to 0. Relies on
// the kernel being built with frame pointers.
void
getcallerpcs(void *v, uint pcs[])
{
  uint *ebp;
  int i;

  // The first argument sits just above the saved %ebp and return address.
  ebp = (uint*)v - 2;
  for(i = 0; i < 10; i++){
    if(ebp == 0 || ebp < (uint*)KERNBASE || ebp == (uint*)0xffffffff)
      break;
    pcs[i] = ebp[1];      // return address
    ebp = (uint*)ebp[0];  // caller's %ebp
  }
  for(; i < 10; i++)
    pcs[i] = 0;
}

// Return 1 if this CPU holds lk, else 0.
int
holding(struct spinlock *lock)
{
  int r;

  pushcli();
  r = lock->locked && lock->cpu == mycpu();
  popcli();
  return r;
}

// Disable interrupts, counting nested calls: interrupts come back on only
// at the outermost popcli(), and only if they were on at the outermost
// pushcli().
void
pushcli(void)
{
  struct cpu *c;
  int eflags;

  eflags = readeflags();
  cli();
  c = mycpu();
  if(c->ncli == 0)
    c->intena = eflags & FL_IF;
  c->ncli += 1;
}

// Undo one pushcli(). Panics if interrupts are on or the count would go
// negative: either means a pushcli/popcli mismatch.
void
popcli(void)
{
  struct cpu *c;

  if(readeflags() & FL_IF)
    panic("popcli: interrupts enabled");
  c = mycpu();
  if(--c->ncli < 0)
    panic("popcli: unbalanced");
  if(c->ncli == 0 && c->intena)
    sti();
}
