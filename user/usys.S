// usys.S: the user side of every system call. Each stub leaves its
// arguments where the caller pushed them (the kernel reads them from the
// user stack), puts the call number from syscall.h in %eax and traps.
// The kernel's return value comes back in %eax: a result in
// [-MAXERRNO, -1] is -errno (errno.h), which the stub stores in the
// global errno (errno.c) and replaces with -1, so a caller tests for -1
// or < 0 as in xv6 and finds the reason in errno. kmalloc's failure is
// 0 instead, as malloc's is. Owns nothing but these stubs; numbers are
// the kernel's (syscall.h, errno.h), never chosen here.
#include "syscall.h"
#include "traps.h"
#include "errno.h"

// An unsigned comparison: every value from -MAXERRNO up to -1 is an
// error. No address or count a call returns lies there: the top page
// is the kernel's.
#define STUBTO(name, onerror)   \
  .globl name;                  \
  .type name, @function;        \
name:                           \
  movl $SYS_ ## name, %eax;     \
  int $T_SYSCALL;               \
  cmpl $-MAXERRNO, %eax;        \
  jae onerror;                  \
  ret

#define STUB(name) STUBTO(name, syserror)
// The same for a call whose failure is a null pointer.
#define STUBNULL(name) STUBTO(name, syserrnull)

  // No executable stack wanted: say so, or ld warns.
  .section .note.GNU-stack, "", @progbits

  .text
// Shared tails of the stubs, reached by a jump with the caller's return
// address still on top of the stack.
syserror:
  negl %eax
  movl %eax, errno
  movl $-1, %eax
  ret
syserrnull:
  negl %eax
  movl %eax, errno
  xorl %eax, %eax
  ret

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
STUBNULL(kmalloc)
STUB(kmfree)
STUB(kmstat)
STUB(mmap)
STUB(munmap)
STUB(mprotect)
STUB(msync)
STUB(vmregions)
STUB(vmcheck)
STUB(failalloc)
