// sysmmap.c: system-call wrappers for the memory-region calls. They
// only decode arguments (a descriptor becomes its open file through
// sysfile.c's fdfile); mmap.c and vmcheck.c do the work, and decide the
// error numbers (-errno, docs/man/) of everything but a bad pointer.
// This is the system-call layer, above the memory system: it may call
// proc.c (procget) and sysfile.c, which the memory code below it does
// not.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "mmu.h"
#include "spinlock.h"
#include "proc.h"
#include "mman.h"
#include "errno.h"

// mmap(addr, len, prot, flags, fd, off). The descriptor is resolved
// here, so mmap.c sees only an open file (or 0: fd was not open, which
// mmap_map refuses with EBADF unless the mapping is anonymous). Returns
// the address or mmap_map's -errno; the user's stub makes the latter
// MAP_FAILED.
int
sys_mmap(void)
{
  int a[6], r;  // addr, len, prot, flags, fd, off
  struct file *f = 0;

  if((r = argints(6, a)) < 0)
    return r;
  if(!(a[3] & MAP_ANONYMOUS))
    f = fdfile(a[4]);
  return mmap_map(myproc(), a[0], a[1], a[2], a[3], f, a[5]);
}

// munmap(addr, len): 0 or mmap_unmap's -errno.
int
sys_munmap(void)
{
  int a[2], r;  // addr, len

  if((r = argints(2, a)) < 0)
    return r;
  return mmap_unmap(myproc(), a[0], a[1]);
}

// The calls on a range that take one int more (mprotect's prot,
// msync's flags): decode addr, len and it, and hand them to fn.
static int
rangecall(int (*fn)(struct proc*, uint addr, uint len, int arg))
{
  int a[3], r;

  if((r = argints(3, a)) < 0)
    return r;
  return fn(myproc(), a[0], a[1], a[2]);
}

// mprotect(addr, len, prot): 0 or mmap_protect's -errno.
int
sys_mprotect(void)
{
  return rangecall(mmap_protect);
}

// msync(addr, len, flags): 0 or mmap_sync's -errno.
int
sys_msync(void)
{
  return rangecall(mmap_sync);
}

// vmregions(pid, buf, max): copy up to max of process pid's regions
// (pid 0: the caller) into buf; returns how many regions it has, or
// -EINVAL if max is negative or above VMA_MAX, -EFAULT, -ESRCH if there
// is no live process pid.
int
sys_vmregions(void)
{
  int pid, max, n;
  char *buf;
  struct proc *p;

  if((n = argint(0, &pid)) < 0 || (n = argint(2, &max)) < 0)
    return n;
  if(max < 0 || max > VMA_MAX)
    return -EINVAL;
  if((n = argoutptr(1, &buf, max * sizeof(struct vmregion))) < 0)
    return n;
  if(pid == 0)
    pid = myproc()->pid;
  if((p = procget(pid)) == 0)
    return -ESRCH;
  n = mmap_regions(p, (struct vmregion*)buf, max);
  procput(p);
  return n;
}

// vmcheck(pid, msg, n): check process pid's (0: the caller's) regions
// and page table, and all page reference counts. Returns 0 if sound, 1
// with the first violation in msg; -EINVAL if n is negative or above
// PGSIZE, -EFAULT, -ESRCH if there is no live process pid.
int
sys_vmcheck(void)
{
  int pid, n, r;
  char *msg;

  if((r = argint(0, &pid)) < 0 || (r = argint(2, &n)) < 0)
    return r;
  if(n < 0 || n > PGSIZE)
    return -EINVAL;
  if((r = argoutptr(1, &msg, n)) < 0)
    return r;
  if((r = vmcheck(pid, msg, n)) < 0)
    return -ESRCH;
  return r;
}
