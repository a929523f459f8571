# initcode.S: the first user program. userinit() copies this binary to
# address 0 of the first process; it runs exec("/init", {"/init", 0}) and,
# should exec fail, calls exit() forever. It may use only system calls:
# arguments go on the user stack above a dummy return address, the call
# number in %eax, as user/usys.S does.

#include "syscall.h"
#include "traps.h"

.globl start
start:
  pushl   $argv
  pushl   $init
  pushl   $0              # where a caller's return address would be
  movl    $SYS_exec, %eax
  int     $T_SYSCALL

exit:
  movl    $SYS_exit, %eax
  int     $T_SYSCALL
  jmp     exit

init:
  .string "/init"

.p2align 2
argv:
  .long   init
  .long   0

.section .note.GNU-stack, "", @progbits
