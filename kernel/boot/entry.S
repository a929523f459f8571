# entry.S: the kernel's first instructions, reached from bootmain (or from
# a multiboot loader) with paging off, at the physical address _start.
#
# The kernel is linked at KERNLINK (0x80100000) but loaded at 0x100000,
# so nothing that uses a linked address may run until paging maps the
# high addresses onto low memory. This file owns exactly that switch:
# turn on 4 MiB pages, load entrypgdir (defined in main.c), enable
# paging, move onto the boot stack and jump to main() at its high
# address. It may not call any C code before paging is on.

#include "asm.h"
#include "memlayout.h"
#include "mmu.h"
#include "param.h"

# A multiboot header, so loaders such as GRUB or qemu -kernel can start
# the kernel too. Flags 0: no extra information is requested.
#define MBOOT_MAGIC  0x1badb002
#define MBOOT_FLAGS  0

.p2align 2
.text
.globl multiboot_header
multiboot_header:
  .long   MBOOT_MAGIC
  .long   MBOOT_FLAGS
  .long   (-MBOOT_MAGIC-MBOOT_FLAGS)

# The ELF entry point must be a physical address, because the loader
# jumps there before paging exists.
.globl _start
_start = V2P_WO(entry)

.globl entry
entry:
  # entrypgdir uses 4 MiB pages, which need page size extension.
  movl    %cr4, %eax
  orl     $(CR4_PSE), %eax
  movl    %eax, %cr4

  movl    $(V2P_WO(entrypgdir)), %eax
  movl    %eax, %cr3

  # The low 4 MiB stay identity-mapped, so the next instruction is still
  # fetched correctly right after paging comes on.
  movl    %cr0, %eax
  orl     $(CR0_PG|CR0_WP), %eax
  movl    %eax, %cr0

  movl    $(bootstack + KSTACKSIZE), %esp

  # An indirect jump, because a direct one would be PC-relative and land
  # in the low identity mapping instead of the linked address.
  movl    $main, %eax
  jmp     *%eax

# The stack main() runs on; the scheduler keeps using it on CPU 0.
.comm bootstack, KSTACKSIZE

.section .note.GNU-stack, "", @progbits
