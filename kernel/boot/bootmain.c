// bootmain.c: second stage of the boot loader, called by bootasm.S in
// 32-bit protected mode with paging off.
//
// It owns the job of reading the kernel, an ELF image stored on the first
// IDE disk starting at sector 1 (sector 0 is this boot block), into the
// physical addresses its program headers ask for, and jumping to its
// entry point. It must fit with bootasm.S in 510 bytes, so it uses polled
// (PIO) disk reads and does no error reporting; it may not use any kernel
// code or data.

#include "types.h"
#include "elf.h"
#include "x86.h"

#define SECTSIZE  512
#define ELFSCRATCH ((struct elfhdr*)0x10000)  // free low memory

static void readseg(uchar*, uint, uint);

// Load the kernel and run it. Returns only if the image is not ELF.
void
bootmain(void)
{
  struct elfhdr *elf = ELFSCRATCH;
  struct proghdr *ph, *phend;
  void (*entry)(void);
  uchar *pa;

  // The first page holds the ELF header and the program headers.
  readseg((uchar*)elf, 4096, 0);
  if(elf->magic != ELF_MAGIC)
    return;

  ph = (struct proghdr*)((uchar*)elf + elf->phoff);
  phend = ph + elf->phnum;
  for(; ph < phend; ph++){
    pa = (uchar*)ph->paddr;
    readseg(pa, ph->filesz, ph->off);
    // The part of the segment not backed by the file is bss.
    if(ph->memsz > ph->filesz)
      stosb(pa + ph->filesz, 0, ph->memsz - ph->filesz);
  }

  // The entry point is a physical address: paging is still off.
  entry = (void(*)(void))(elf->entry);
  entry();
}

// Spin until the drive is ready for a command (ready set, busy clear).
static void
waitdisk(void)
{
  while((inb(0x1F7) & 0xC0) != 0x40)
    ;
}

// Read disk sector sect (28-bit LBA) into dst with polled I/O.
static void
readsect(void *dst, uint sect)
{
  waitdisk();
  outb(0x1F2, 1);                       // one sector
  outb(0x1F3, sect);
  outb(0x1F4, sect >> 8);
  outb(0x1F5, sect >> 16);
  outb(0x1F6, (sect >> 24) | 0xE0);     // LBA mode, drive 0
  outb(0x1F7, 0x20);                    // READ SECTORS

  waitdisk();
  insl(0x1F0, dst, SECTSIZE/4);
}

// Copy count bytes starting at byte offset of the kernel image to pa.
// Whole sectors are read, so up to a sector before pa is overwritten
// too; that is harmless because segments are loaded in address order.
static void
readseg(uchar *pa, uint count, uint offset)
{
  uchar *end;
  uint sect;

  end = pa + count;
  pa -= offset % SECTSIZE;
  sect = offset / SECTSIZE + 1;         // the kernel starts at sector 1
  for(; pa < end; pa += SECTSIZE, sect++)
    readsect(pa, sect);
}
