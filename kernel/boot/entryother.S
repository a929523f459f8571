# entryother.S: start-up code for the other CPUs (application processors).
#
# startothers() in main.c copies this code to physical 0x7000 and sends
# each AP a STARTUP IPI that makes it begin here in 16-bit real mode with
# %cs = 0x0700, %ip = 0. Just below the code startothers() leaves:
#   0x7000 - 4:  the top of a fresh kernel stack (virtual address)
#   0x7000 - 8:  the C function to call, mpenter (virtual address)
#   0x7000 - 12: the physical address of entrypgdir
# This file owns the climb to protected mode with paging, as bootasm.S and
# entry.S do for the boot CPU; it is linked at 0x7000 and must not refer
# to any kernel symbol directly (it is a separate binary blob).

#include "asm.h"
#include "memlayout.h"
#include "mmu.h"

.code16
.globl start
start:
  cli

  xorw    %ax, %ax
  movw    %ax, %ds
  movw    %ax, %es
  movw    %ax, %ss

  lgdt    apgdtdesc
  movl    %cr0, %eax
  orl     $CR0_PE, %eax
  movl    %eax, %cr0

  ljmpl   $(SEG_KCODE<<3), $(start32)

.code32
start32:
  movw    $(SEG_KDATA<<3), %ax
  movw    %ax, %ds
  movw    %ax, %es
  movw    %ax, %ss
  xorw    %ax, %ax
  movw    %ax, %fs
  movw    %ax, %gs

  # Same paging set-up as entry.S: 4 MiB pages, entrypgdir, paging on.
  movl    %cr4, %eax
  orl     $(CR4_PSE), %eax
  movl    %eax, %cr4
  movl    (start-12), %eax
  movl    %eax, %cr3
  movl    %cr0, %eax
  orl     $(CR0_PE|CR0_PG|CR0_WP), %eax
  movl    %eax, %cr0

  movl    (start-4), %esp
  call    *(start-8)

  # mpenter never returns; stop if it somehow does.
halt:
  hlt
  jmp     halt

.p2align 2
apgdt:
  SEG_NULLASM
  SEG_ASM(STA_X|STA_R, 0, 0xffffffff)
  SEG_ASM(STA_W, 0, 0xffffffff)

apgdtdesc:
  .word   (apgdtdesc - apgdt - 1)
  .long   apgdt

.section .note.GNU-stack, "", @progbits
