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
  int addr, len, prot, flags, fd, off, r;
  struct file *f = 0;

  if((r = argint(0, &addr)) < 0 || (r = argint(1, &len)) < 0 ||
     (r = argint(2, &prot)) < 0 || (r = argint(3, &flags)) < 0 ||
     (r = argint(4, &fd)) < 0 || (r = argint(5, &off)) < 0)
    return r;
  if(!(flags & MAP_ANONYMOUS))
    f = fdfile(fd);
  return mmap_map(myproc(), addr, len, prot, flags, f, off);
}

// munmap(addr, len): 0 or mmap_unmap's -errno.
int
sys_munmap(void)
{
  int addr, len, r;

  if((r = argint(0, &addr)) < 0 || (r = argint(1, &len)) < 0)
    return r;
  return mmap_unmap(myproc(), addr, len);
}

// mprotect(addr, len, prot): 0 or mmap_protect's -errno.
int
sys_mprotect(void)
{
  int addr, len, prot, r;

  if((r = argint(0, &addr)) < 0 || (r = argint(1, &len)) < 0 ||
     (r = argint(2, &prot)) < 0)
    return r;
  return mmap_protect(myproc(), addr, len, prot);
}

// msync(addr, len, flags): 0 or mmap_sync's -errno.
int
sys_msync(void)
{
  int addr, len, flags, r;

  if((r = argint(0, &addr)) < 0 || (r = argint(1, &len)) < 0 ||
     (r = argint(2, &flags)) < 0)
    return r;
  return mmap_sync(myproc(), addr, len, flags);
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
