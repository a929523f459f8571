// ide.c: driver for the IDE (ATA) disks on the primary channel, using
// programmed I/O and the disk interrupt.
//
// Disk 0 holds the boot block and kernel; disk 1 holds the file system
// (buf.dev selects the drive: ROOTDEV is 1). Owns the request queue:
// buffers waiting for the disk, the head being the one in progress. The
// queue, and every access to the disk's registers, is guarded by idelock.
// The caller of iderw() owns the buffer's sleep lock; this file changes
// only b->flags and b->data (for reads) and b->qnext.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "rbtree.h"
#include "proc.h"
#include "x86.h"
#include "traps.h"
#include "fs.h"
#include "buf.h"

#define SECTOR_SIZE   512

// Primary channel ports.
#define IDE_DATA      0x1f0   // 32-bit data transfers
#define IDE_NSECT     0x1f2   // sector count
#define IDE_LBA0      0x1f3   // LBA bits 0-7
#define IDE_LBA1      0x1f4   // LBA bits 8-15
#define IDE_LBA2      0x1f5   // LBA bits 16-23
#define IDE_DRIVE     0x1f6   // 0xE0 | drive << 4 | LBA bits 24-27
#define IDE_CMD       0x1f7   // command (write) / status (read)
#define IDE_CTRL      0x3f6   // device control: 0 enables interrupts

// Status bits.
#define IDE_BSY       0x80
#define IDE_DRDY      0x40
#define IDE_DF        0x20
#define IDE_ERR       0x01

#define IDE_CMD_READ   0x20
#define IDE_CMD_WRITE  0x30
#define IDE_CMD_RDMUL  0xc4
#define IDE_CMD_WRMUL  0xc5

static struct spinlock idelock;
static struct buf *idequeue;   // head is the request the disk is doing

static int havedisk1;

// Spin until the drive is not busy and ready. With checkerr, return -1
// if the drive reports a fault or error, else 0.
static int
idewait(int checkerr)
{
  int r;

  while(((r = inb(IDE_CMD)) & (IDE_BSY|IDE_DRDY)) != IDE_DRDY)
    ;
  if(checkerr && (r & (IDE_DF|IDE_ERR)) != 0)
    return -1;
  return 0;
}

// Route the disk interrupt to the last CPU and check that disk 1 (the
// file system) exists. Called once by main().
void
ideinit(void)
{
  int i;

  initlock(&idelock, "ide");
  ioapicenable(IRQ_IDE, ncpu - 1);
  idewait(0);

  // Select disk 1; a drive that is there soon shows a nonzero status.
  outb(IDE_DRIVE, 0xe0 | (1<<4));
  for(i = 0; i < 1000; i++){
    if(inb(IDE_CMD) != 0){
      havedisk1 = 1;
      break;
    }
  }

  outb(IDE_DRIVE, 0xe0 | (0<<4));
}

// Issue the disk command for b: a write if it is dirty, else a read.
// The caller holds idelock; completion arrives as an interrupt.
static void
idestart(struct buf *b)
{
  int spb, sector, rcmd, wcmd;

  if(b == 0)
    panic("idestart: null buffer");
  if(b->blockno >= FSSIZE)
    panic("idestart: block number out of range");

  spb = BSIZE / SECTOR_SIZE;
  sector = b->blockno * spb;
  rcmd = (spb == 1) ? IDE_CMD_READ : IDE_CMD_RDMUL;
  wcmd = (spb == 1) ? IDE_CMD_WRITE : IDE_CMD_WRMUL;
  if(spb > 7)
    panic("idestart: block too big");

  idewait(0);
  outb(IDE_CTRL, 0);
  outb(IDE_NSECT, spb);
  outb(IDE_LBA0, sector & 0xff);
  outb(IDE_LBA1, (sector >> 8) & 0xff);
  outb(IDE_LBA2, (sector >> 16) & 0xff);
  outb(IDE_DRIVE, 0xe0 | ((b->dev&1)<<4) | ((sector>>24)&0x0f));
  if(b->flags & B_DIRTY){
    outb(IDE_CMD, wcmd);
    outsl(IDE_DATA, b->data, BSIZE/4);
  } else {
    outb(IDE_CMD, rcmd);
  }
}

// The disk interrupt: the request at the head of the queue is done.
// Fetch the data of a read, mark the buffer valid and clean, wake its
// owner, and start the next request.
void
ideintr(void)
{
  struct buf *b;

  acquire(&idelock);

  if((b = idequeue) == 0){
    // A stray interrupt, e.g. while probing; nothing is in progress.
    release(&idelock);
    return;
  }
  idequeue = b->qnext;

  if(!(b->flags & B_DIRTY) && idewait(1) >= 0)
    insl(IDE_DATA, b->data, BSIZE/4);

  b->flags |= B_VALID;
  b->flags &= ~B_DIRTY;
  wakeup(b);

  if(idequeue != 0)
    idestart(idequeue);

  release(&idelock);
}

// Synchronise b with the disk: write it if B_DIRTY, else read it if not
// B_VALID; on return b is B_VALID and not B_DIRTY. The caller must hold
// b's sleep lock. Sleeps until the disk is done.
void
iderw(struct buf *b)
{
  struct buf **pp;

  if(!holdingsleep(&b->lock))
    panic("iderw: buf not locked");
  if((b->flags & (B_VALID|B_DIRTY)) == B_VALID)
    panic("iderw: nothing to do");
  if(b->dev != 0 && !havedisk1)
    panic("iderw: ide disk 1 not present");

  acquire(&idelock);

  // Append to the queue.
  b->qnext = 0;
  for(pp = &idequeue; *pp; pp = &(*pp)->qnext)
    ;
  *pp = b;

  // If the disk was idle, start it on this request.
  if(idequeue == b)
    idestart(b);

  while((b->flags & (B_VALID|B_DIRTY)) != B_VALID)
    sleep(b, &idelock);

  release(&idelock);
}
