// sleeplock.c: locks a process may hold for a long time, e.g. across
// disk I/O (buffers, inodes). Waiters sleep instead of spinning.
//
// Owns struct sleeplock (sleeplock.h). Its fields are guarded by the
// embedded spinlock lk. Only a process may take a sleep lock (never an
// interrupt handler, and never while holding a spinlock).

#include "types.h"
#include "defs.h"
#include "param.h"
#include "x86.h"
#include "memlayout.h"
#include "mmu.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "rbtree.h"
#include "proc.h"

// Prepare lk for use, unlocked; name is shown in debugging output.
void
initsleeplock(struct sleeplock *lk, char *name)
{
  initlock(&lk->lk, "sleep lock");
  lk->name = name;
  lk->locked = 0;
  lk->pid = 0;
}

// Take lk for the current process, sleeping while someone else has it.
// The caller must hold no spinlock.
void
acquiresleep(struct sleeplock *lk)
{
  acquire(&lk->lk);
  while(lk->locked)
    sleep(lk, &lk->lk);
  lk->locked = 1;
  lk->pid = myproc()->pid;
  release(&lk->lk);
}

// Give up lk and wake any process waiting for it. The caller must hold it.
void
releasesleep(struct sleeplock *lk)
{
  acquire(&lk->lk);
  lk->locked = 0;
  lk->pid = 0;
  wakeup(lk);
  release(&lk->lk);
}

// Return 1 if the current process holds lk, else 0.
int
holdingsleep(struct sleeplock *lk)
{
  int r;

  acquire(&lk->lk);
  r = lk->locked && (lk->pid == myproc()->pid);
  release(&lk->lk);
  return r;
}
