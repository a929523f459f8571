// kmuser.c: the kmalloc test calls a user program may make, and their
// system-call wrappers (sys_kmalloc, sys_kmfree, sys_kmstat).
//
// Owns p->kmuser[], the table of kmalloc objects process p holds through
// these calls. It may call only kmalloc's public functions; it never
// reads or writes the objects themselves, whose addresses a user program
// can compare and hand back but not touch.
//
// Safety. A user program controls every argument, so nothing here may
// panic or let it free what it was not given: kmuser_free accepts only an
// address in the caller's own table, and clears the slot before the
// object is freed, so each handed-out object is freed exactly once. The
// table has KMUSER_MAX slots, which bounds what one process can hold
// (64 pages at most); exit gives all of it back (kmuser_release).
//
// Locking. Only the process itself reads or writes its table: from its
// own system calls and from its own exit. fork does not copy it
// (allocproc starts the child's table empty), so no lock is needed.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "mmu.h"
#include "spinlock.h"
#include "proc.h"
#include "kmstat.h"
#include "errno.h"

// The slot of p's table that holds obj, or -1. obj == 0 looks for a free
// slot.
static int
findslot(struct proc *p, void *obj)
{
  int i;

  for(i = 0; i < KMUSER_MAX; i++)
    if(p->kmuser[i] == obj)
      return i;
  return -1;
}

// kmalloc(n) on behalf of the current process, recorded in its table.
// Returns the kernel address, or 0 with *err set to EINVAL if n is 0 or
// above KMALLOC_MAX, ENOMEM if the process already holds KMUSER_MAX
// objects or memory is exhausted.
void*
kmuser_alloc(uint n, int *err)
{
  struct proc *p = myproc();
  void *obj;
  int i;

  *err = EINVAL;
  if(n == 0 || n > KMALLOC_MAX)
    return 0;
  *err = ENOMEM;
  if((i = findslot(p, 0)) < 0)
    return 0;
  if((obj = kmalloc(n)) == 0)
    return 0;
  p->kmuser[i] = obj;
  return obj;
}

// Free obj for the current process. Returns 0, or -EINVAL if obj is not
// an object this process got from kmuser_alloc and has not freed yet (0,
// a user address, someone else's object, a pointer into an object).
int
kmuser_free(void *obj)
{
  struct proc *p = myproc();
  int i;

  if(obj == 0 || (i = findslot(p, obj)) < 0)
    return -EINVAL;
  p->kmuser[i] = 0;
  kmfree(obj);
  return 0;
}

// Free every object p still holds. Called by p itself from exit.
void
kmuser_release(struct proc *p)
{
  int i;

  for(i = 0; i < KMUSER_MAX; i++){
    if(p->kmuser[i]){
      kmfree(p->kmuser[i]);
      p->kmuser[i] = 0;
    }
  }
}

// void *kmalloc(uint n): the kernel address as an int (never in
// [-MAXERRNO, -1]: that is the top page, not kernel heap), or -errno
// (kmuser_alloc's), which the user's stub turns into 0.
int
sys_kmalloc(void)
{
  int n, err;
  void *obj;

  if((err = argint(0, &n)) < 0)
    return err;
  if((obj = kmuser_alloc((uint)n, &err)) == 0)
    return -err;
  return (int)obj;
}

// int kmfree(void *p): 0, or -EINVAL if p is not the caller's to free.
int
sys_kmfree(void)
{
  int obj, r;

  if((r = argint(0, &obj)) < 0)
    return r;
  return kmuser_free((void*)obj);
}

// int kmstat(struct kmstat *st): fills *st (kmalloc's and the page
// cache's figures); -1 if st is not writable.
// The snapshot is taken into a kernel copy first, so no user page is
// written while kmalloc's locks are held.
int
sys_kmstat(void)
{
  struct kmstat st;
  char *buf;

  if(argoutptr(0, &buf, sizeof(st)) < 0)
    return -EFAULT;
  kmstat(&st);
  pcache_stat(&st);
  memmove(buf, &st, sizeof(st));
  return 0;
}
