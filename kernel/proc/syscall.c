// syscall.c: system call dispatch and argument fetching.
//
// Owns the system call table and the rules for reading arguments from
// user space. It may not implement any call itself: the sys_* functions
// live with their subsystems (sysproc.c, sysfile.c, kmuser.c,
// sysmmap.c) and only decode arguments with the helpers here.
//
// User code passes arguments on its stack, as for a C call: the int
// instruction leaves esp pointing at the return address of the usys
// stub, so argument n is at esp + 4 + 4*n. Every user address is
// checked with uvmaccess before the kernel touches it; that also faults
// in lazily mapped mmap pages, so afterwards the kernel may dereference
// the pointer directly without any chance of a page fault.
//
// Errors: every sys_* function returns -errno (errno.h) on failure,
// which the user's stub turns into -1 and errno. The helpers here return
// -EFAULT for an address the user may not access, so a wrapper passes
// their result on as it is.
//
// User memory may change under the kernel at any time (a MAP_SHARED
// page written by another process on another CPU), so anything the
// kernel decides on is read from user memory once, into kernel memory:
// strings (paths, exec arguments) are copied by fetchstr/argstr with a
// bound, ints by fetchint. Only data the kernel passes through without
// looking at it (read and write buffers) is used in place.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "spinlock.h"
#include "rbtree.h"
#include "proc.h"
#include "x86.h"
#include "syscall.h"
#include "errno.h"

// Read the int at user address addr of the current process into *ip.
// Returns 0, or -EFAULT if those 4 bytes are not readable by the user.
int
fetchint(uint addr, int *ip)
{
  if(uvmaccess(myproc(), addr, 4, 0) < 0)
    return -EFAULT;
  *ip = *(int*)addr;
  return 0;
}

// Copy the NUL-terminated string at user address addr of the current
// process into buf, which has room for max bytes, NUL included. Returns
// the string's length, -ENAMETOOLONG if it does not fit in max bytes
// (the caller may say E2BIG instead), or -EFAULT if it runs into memory
// the user may not read before its NUL. Each page is validated before it
// is read.
//
// The kernel must use only the copy: the user's bytes can change at any
// moment (another process may share the page through MAP_SHARED), so a
// string checked in place could lose its NUL before a second reading
// and send that reading past the checked pages. Each byte is therefore
// read from user memory exactly once (volatile keeps the compiler from
// reading it again).
int
fetchstr(uint addr, char *buf, int max)
{
  struct proc *p = myproc();
  uint va = addr, pend;
  int n = 0;
  char c;

  while(n < max){
    // The rest of va's page. On the top page of the address space pend
    // wraps to 0 and uvmaccess rejects the range as wrapping.
    pend = PGROUNDDOWN(va) + PGSIZE;
    if(uvmaccess(p, va, pend - va, 0) < 0)
      return -EFAULT;
    for(; va != pend && n < max; va++, n++){
      c = *(volatile char*)va;
      buf[n] = c;
      if(c == 0)
        return n;
    }
  }
  return -ENAMETOOLONG;
}

// Fetch the n-th 32-bit system call argument as an int.
// Returns 0, or -EFAULT if the user stack is unreadable there.
int
argint(int n, int *ip)
{
  return fetchint(myproc()->tf->esp + 4 + 4*n, ip);
}

// Fetch the first n system call arguments as ints into a[0..n-1], for
// calls that take nothing but numbers. Returns 0, or -EFAULT.
int
argints(int n, int *a)
{
  int i, r;

  for(i = 0; i < n; i++)
    if((r = argint(i, &a[i])) < 0)
      return r;
  return 0;
}

// Fetch the n-th argument as a pointer to a block of size bytes and
// check the whole block lies in memory the user may access (for writing
// if write). Returns 0, -EINVAL for a negative size (callers check
// counts first), or -EFAULT for a bad pointer.
static int
fetchptr(int n, char **pp, int size, int write)
{
  int i, r;

  if((r = argint(n, &i)) < 0)
    return r;
  if(size < 0)
    return -EINVAL;
  if(uvmaccess(myproc(), (uint)i, size, write) < 0)
    return -EFAULT;
  *pp = (char*)i;
  return 0;
}

// Fetch the n-th argument as a pointer to size bytes the kernel will
// read from. Returns 0, or -EFAULT if the block is not readable by the
// user.
int
argptr(int n, char **pp, int size)
{
  return fetchptr(n, pp, size, 0);
}

// Fetch the n-th argument as a pointer to size bytes the kernel will
// store into. Returns 0, or -EFAULT if the block is not writable by the
// user.
int
argoutptr(int n, char **pp, int size)
{
  return fetchptr(n, pp, size, 1);
}

// Copy the n-th argument, a pointer to a NUL-terminated string, into
// buf (max bytes, NUL included), as fetchstr does. Returns the string's
// length, -ENAMETOOLONG if it is too long, or -EFAULT if it is not
// entirely readable.
int
argstr(int n, char *buf, int max)
{
  int addr, r;

  if((r = argint(n, &addr)) < 0)
    return r;
  return fetchstr((uint)addr, buf, max);
}

extern int sys_chdir(void);
extern int sys_close(void);
extern int sys_dup(void);
extern int sys_exec(void);
extern int sys_exit(void);
extern int sys_fork(void);
extern int sys_fstat(void);
extern int sys_getpid(void);
extern int sys_kill(void);
extern int sys_link(void);
extern int sys_mkdir(void);
extern int sys_mknod(void);
extern int sys_open(void);
extern int sys_pipe(void);
extern int sys_read(void);
extern int sys_sbrk(void);
extern int sys_sleep(void);
extern int sys_unlink(void);
extern int sys_wait(void);
extern int sys_write(void);
extern int sys_uptime(void);
extern int sys_freepages(void);
extern int sys_kmalloc(void);
extern int sys_kmfree(void);
extern int sys_kmstat(void);
extern int sys_mmap(void);
extern int sys_munmap(void);
extern int sys_mprotect(void);
extern int sys_msync(void);
extern int sys_vmregions(void);
extern int sys_vmcheck(void);
extern int sys_failalloc(void);

static int (*syscalls[])(void) = {
[SYS_fork]      sys_fork,
[SYS_exit]      sys_exit,
[SYS_wait]      sys_wait,
[SYS_pipe]      sys_pipe,
[SYS_read]      sys_read,
[SYS_kill]      sys_kill,
[SYS_exec]      sys_exec,
[SYS_fstat]     sys_fstat,
[SYS_chdir]     sys_chdir,
[SYS_dup]       sys_dup,
[SYS_getpid]    sys_getpid,
[SYS_sbrk]      sys_sbrk,
[SYS_sleep]     sys_sleep,
[SYS_uptime]    sys_uptime,
[SYS_open]      sys_open,
[SYS_write]     sys_write,
[SYS_mknod]     sys_mknod,
[SYS_unlink]    sys_unlink,
[SYS_link]      sys_link,
[SYS_mkdir]     sys_mkdir,
[SYS_close]     sys_close,
[SYS_freepages] sys_freepages,
[SYS_kmalloc]   sys_kmalloc,
[SYS_kmfree]    sys_kmfree,
[SYS_kmstat]    sys_kmstat,
[SYS_mmap]      sys_mmap,
[SYS_munmap]    sys_munmap,
[SYS_mprotect]  sys_mprotect,
[SYS_msync]     sys_msync,
[SYS_vmregions] sys_vmregions,
[SYS_vmcheck]   sys_vmcheck,
[SYS_failalloc] sys_failalloc,
};

// Run the system call whose number the user put in eax, and leave its
// result in eax for the return to user space. Unknown numbers return
// -ENOSYS with a console note. Called from trap() with the process's trap frame
// in myproc()->tf.
void
syscall(void)
{
  struct proc *p = myproc();
  int num = p->tf->eax;

  if(num > 0 && num < NELEM(syscalls) && syscalls[num]){
    p->tf->eax = syscalls[num]();
  } else {
    cprintf("pid %d %s: unknown sys call %d\n", p->pid, p->name, num);
    p->tf->eax = -ENOSYS;
  }
}
