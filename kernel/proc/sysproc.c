// sysproc.c: the process and memory-accounting system calls.
//
// Each sys_* here only decodes its arguments (syscall.c's helpers) and
// calls the function that does the work in proc.c, kalloc.c or trap.c's
// clock. It owns no state and may not reach into process structures
// beyond the caller's own pid and size. Failures return -errno
// (errno.h); the comment above each call names its numbers.

#include "types.h"
#include "x86.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "spinlock.h"
#include "rbtree.h"
#include "proc.h"
#include "errno.h"

// int fork(void): the child's pid, 0 in the child; -EAGAIN if the
// process table is full, -ENOMEM if memory runs out.
int
sys_fork(void)
{
  return fork();
}

// void exit(void): never returns.
int
sys_exit(void)
{
  exit();
  return 0;  // not reached
}

// The calls that take one int and do nothing more with it than hand it
// to fn (kill's pid, failalloc's n): 0 or fn's result, or -EFAULT.
static int
intcall(int (*fn)(int))
{
  int n, r;

  if((r = argint(0, &n)) < 0)
    return r;
  return fn(n);
}

// int wait(void): pid of an exited child; -ECHILD if there are none,
// -EINTR if the caller is killed while waiting.
int
sys_wait(void)
{
  return wait();
}

// int kill(int pid): 0; -ESRCH if there is no such process, -EPERM
// for init (pid 1).
int
sys_kill(void)
{
  return intcall(kill);
}

// int getpid(void)
int
sys_getpid(void)
{
  return myproc()->pid;
}

// char *sbrk(int n): grow or shrink the heap by n bytes; returns the
// old end of the heap; -ENOMEM (break unchanged) if the heap would pass
// the mmap area or go below its start, a mapping is in the way, or no
// region node can be had (Linux's brk says ENOMEM for all of these).
// Growing allocates no pages: they arrive on first touch (mmap_brk).
int
sys_sbrk(void)
{
  int n, r;

  if((r = argint(0, &n)) < 0)
    return r;
  return mmap_brk(myproc(), n);
}

// int sleep(int n): wait n clock ticks. Returns 0; -EINVAL if n is
// negative, -EINTR if the caller is killed while waiting.
int
sys_sleep(void)
{
  int n, r;
  uint ticks0;

  if((r = argint(0, &n)) < 0)
    return r;
  if(n < 0)
    return -EINVAL;
  acquire(&tickslock);
  ticks0 = ticks;
  while(ticks - ticks0 < (uint)n){
    if(myproc()->killed){
      release(&tickslock);
      return -EINTR;
    }
    sleep(&ticks, &tickslock);
  }
  release(&tickslock);
  return 0;
}

// int uptime(void): clock ticks since boot.
int
sys_uptime(void)
{
  uint t;

  acquire(&tickslock);
  t = ticks;
  release(&tickslock);
  return t;
}

// int freepages(void): free physical pages right now (leak checks).
int
sys_freepages(void)
{
  return kfreecount();
}

// int failalloc(int n): make the caller's n-th page or kmalloc
// allocation from now on fail (n <= 0: never). Returns 0, or -EFAULT.
int
sys_failalloc(void)
{
  return intcall(failalloc);
}
