// usys.S: the user side of every system call. Each stub leaves its
// arguments where the caller pushed them (the kernel reads them from the
// user stack), puts the call number from syscall.h in %eax and traps.
// The kernel's return value comes back in %eax. Owns nothing but these
// stubs; numbers are the kernel's (syscall.h), never chosen here.
#include "syscall.h"
#include "traps.h"

#define STUB(name)              \
  .globl name;                  \
  .type name, @function;        \
name:                           \
  movl $SYS_ ## name, %eax;     \
  int $T_SYSCALL;               \
  ret

  // No executable stack wanted: say so, or ld warns.
  .section .note.GNU-stack, "", @progbits

  .text
STUB(fork)
STUB(exit)
STUB(wait)
STUB(pipe)
STUB(read)
STUB(write)
STUB(close)
STUB(kill)
STUB(exec)
STUB(open)
STUB(mknod)
STUB(unlink)
STUB(fstat)
STUB(link)
STUB(mkdir)
STUB(chdir)
STUB(dup)
STUB(getpid)
STUB(sbrk)
STUB(sleep)
STUB(uptime)
STUB(freepages)
STUB(kmalloc)
STUB(kmfree)
STUB(kmstat)
STUB(mmap)
STUB(munmap)
STUB(mprotect)
STUB(msync)
STUB(vmregions)
STUB(vmcheck)
STUB(failalloc)
