# swtch.S: kernel context switch.
#
#   void swtch(struct context **old, struct context *new);
#
# Saves the callee-saved registers of the current kernel thread on its own
# stack, stores the resulting stack pointer (the address of its struct
# context, proc.h) in *old, then switches to the stack new and restores
# the registers saved there. The return address already on each stack is
# the saved %eip. %eax, %ecx, %edx are caller-saved, so they are not kept.
# The push order must match struct context, read from low addresses up:
# edi, esi, ebx, ebp, eip.

.text
.globl swtch
swtch:
  movl    4(%esp), %eax     # old
  movl    8(%esp), %edx     # new

  pushl   %ebp
  pushl   %ebx
  pushl   %esi
  pushl   %edi

  movl    %esp, (%eax)
  movl    %edx, %esp

  popl    %edi
  popl    %esi
  popl    %ebx
  popl    %ebp
  ret

.section .note.GNU-stack, "", @progbits
