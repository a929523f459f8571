# trapasm.S: the common path into and out of the kernel for every
# interrupt, exception and system call.
#
# Each vector (vectors.S) has pushed an error code and the trap number on
# top of what the CPU pushed (%eip, %cs, %eflags, and %esp, %ss when
# coming from user mode). alltraps completes a struct trapframe (x86.h)
# and calls trap(tf); trapret pops it and returns from the interrupt.
# The frame layout is fixed by struct trapframe; this file may change it
# only together with that struct.

#include "mmu.h"

.text
.globl alltraps
alltraps:
  # Save the segment registers and all general registers.
  pushl   %ds
  pushl   %es
  pushl   %fs
  pushl   %gs
  pushal

  # The CPU loaded the kernel %cs and %ss from the gate and the TSS; the
  # data segments still hold whatever the interrupted code used.
  movw    $(SEG_KDATA<<3), %ax
  movw    %ax, %ds
  movw    %ax, %es
  # %gs leads to this CPU's struct cpu (mycpu, myproc in proc.c).
  movw    $(SEG_KCPU<<3), %ax
  movw    %ax, %gs

  # trap(tf): the frame starts at the current stack pointer.
  pushl   %esp
  call    trap
  addl    $4, %esp

  # Falls through: returning from a trap is the same as starting a new
  # process, which proc.c arranges by making forkret return here.
.globl trapret
trapret:
  popal
  popl    %gs
  popl    %fs
  popl    %es
  popl    %ds
  addl    $0x8, %esp   # drop the trap number and error code
  iret

.section .note.GNU-stack, "", @progbits
