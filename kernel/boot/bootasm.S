# bootasm.S: first stage of the boot loader.
#
# The BIOS copies the first sector of the boot disk to 0x7C00 and jumps
# there in 16-bit real mode (%cs = 0, %ip = 0x7C00). This file owns the
# steps that must happen in assembly: open the A20 gate, load a flat GDT,
# enter 32-bit protected mode, and call bootmain (bootmain.c), which loads
# the kernel. It may not use memory above the boot sector except the
# stack, which grows down from 0x7C00 into free low memory.

#include "asm.h"
#include "memlayout.h"
#include "mmu.h"

.code16
.globl start
start:
  cli                           # no interrupt handlers exist yet

  # The BIOS leaves the data segment registers in an unknown state.
  xorw    %ax, %ax
  movw    %ax, %ds
  movw    %ax, %es
  movw    %ax, %ss

  # For 8086 compatibility, address line 20 starts out tied low, so every
  # odd megabyte would alias the even one below it. The gate is an output
  # bit of the 8042 keyboard controller: wait until its input buffer is
  # empty, announce a write to the output port (0xD1), then write 0xDF.
a20wait1:
  inb     $0x64, %al
  testb   $0x2, %al
  jnz     a20wait1
  movb    $0xd1, %al
  outb    %al, $0x64

a20wait2:
  inb     $0x64, %al
  testb   $0x2, %al
  jnz     a20wait2
  movb    $0xdf, %al
  outb    %al, $0x60

  # With identity-mapped flat segments, addresses mean the same thing
  # before and after the switch, so execution continues seamlessly.
  lgdt    bootgdtdesc
  movl    %cr0, %eax
  orl     $CR0_PE, %eax
  movl    %eax, %cr0

  # A far jump reloads %cs from the new GDT and starts 32-bit decoding.
  ljmp    $(SEG_KCODE<<3), $start32

.code32
start32:
  movw    $(SEG_KDATA<<3), %ax
  movw    %ax, %ds
  movw    %ax, %es
  movw    %ax, %ss
  xorw    %ax, %ax              # %fs and %gs are not needed yet
  movw    %ax, %fs
  movw    %ax, %gs

  # The stack grows down from the start of this code.
  movl    $start, %esp
  call    bootmain

  # bootmain returns only if the disk did not hold a kernel: stop here.
halt:
  hlt
  jmp     halt

# A flat code segment and a flat data segment covering all 4 GiB, at the
# selector numbers the kernel uses too (mmu.h).
.p2align 2
bootgdt:
  SEG_NULLASM
  SEG_ASM(STA_X|STA_R, 0x0, 0xffffffff)
  SEG_ASM(STA_W, 0x0, 0xffffffff)

bootgdtdesc:
  .word   (bootgdtdesc - bootgdt - 1)
  .long   bootgdt

# The boot block never needs an executable stack; saying so keeps the
# linker quiet.
.section .note.GNU-stack, "", @progbits
