// bio.c: the buffer cache, NBUF in-memory copies of disk blocks.
//
// Owns struct buf and the list the buffers live on. Disk transfers go
// through iderw (ide.c); when a modified block reaches its home on disk
// is the log's business (log.c), not this file's. Nothing here knows
// about inodes, directories or the log's layout.
//
// Rules:
// - A block has at most one buffer, so every kernel thread sees the same
//   bytes for it.
// - The data of a buffer may be used only while its sleeplock is held:
//   bread returns the buffer locked, brelse unlocks it.
// - The list runs from most to least recently released: lookups start
//   at the head, bget takes a victim from the tail.
// - A buffer with B_DIRTY set holds a block changed by a log transaction
//   that has not been written home yet (log_write sets the flag, the disk
//   driver clears it when the log's bwrite puts the block home). It is
//   never recycled, because its new contents exist nowhere else. log.c
//   keeps fewer than NBUF blocks dirty, so some buffer stays recyclable.
// - When every buffer is busy, bget sleeps until brelse frees one rather
//   than panicking. Nobody calls bread while holding a buffer (fs.c and
//   log.c keep to this), so whoever holds the busy buffers is not waiting
//   for the waiters, and one comes free.
//
// Locking: bcache.lock guards the list, every refcnt, the identity
// (dev, blockno) of every buffer and nwait. A buffer's flags and data
// are guarded by its sleeplock; bget reads the flags of unreferenced
// buffers only, which nobody can be changing.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "buf.h"

static struct {
  struct spinlock lock;
  struct buf buf[NBUF];
  struct buf head;  // list sentinel: head.next is the most recently used
  int nwait;        // processes sleeping in bget for a free buffer
} bcache;

static void
list_unlink(struct buf *b)
{
  b->next->prev = b->prev;
  b->prev->next = b->next;
}

static void
list_push_front(struct buf *b)
{
  b->next = bcache.head.next;
  b->prev = &bcache.head;
  bcache.head.next->prev = b;
  bcache.head.next = b;
}

// Set up the empty cache. Called once by main before any disk access.
void
binit(void)
{
  struct buf *b;

  initlock(&bcache.lock, "bcache");
  bcache.head.next = &bcache.head;
  bcache.head.prev = &bcache.head;
  for(b = bcache.buf; b < bcache.buf + NBUF; b++){
    initsleeplock(&b->lock, "buffer");
    list_push_front(b);
  }
}

// The buffer already holding block (dev, blockno), or 0.
// Caller holds bcache.lock.
static struct buf*
bcached(uint dev, uint blockno)
{
  struct buf *b;

  for(b = bcache.head.next; b != &bcache.head; b = b->next)
    if(b->dev == dev && b->blockno == blockno)
      return b;
  return 0;
}

// Take over the least recently used buffer nobody holds and that carries
// no uncommitted log data, renaming it to (dev, blockno) with no valid
// contents; 0 if there is none. Caller holds bcache.lock.
static struct buf*
brecycle(uint dev, uint blockno)
{
  struct buf *b;

  for(b = bcache.head.prev; b != &bcache.head; b = b->prev){
    if(b->refcnt == 0 && (b->flags & B_DIRTY) == 0){
      b->dev = dev;
      b->blockno = blockno;
      b->flags = 0;
      return b;
    }
  }
  return 0;
}

// Find or make the buffer for (dev, blockno) and return it locked, with
// its reference count raised. Sleeps while every buffer is in use.
static struct buf*
bget(uint dev, uint blockno)
{
  struct buf *b;

  acquire(&bcache.lock);
  while((b = bcached(dev, blockno)) == 0 &&
        (b = brecycle(dev, blockno)) == 0){
    bcache.nwait++;
    sleep(&bcache, &bcache.lock);
    bcache.nwait--;
  }
  b->refcnt++;
  release(&bcache.lock);
  acquiresleep(&b->lock);
  return b;
}

// Return a locked buffer holding the contents of block blockno of disk
// dev, reading it from disk if it is not cached. The caller must hand it
// back with brelse, and must not hold another buffer while calling (see
// the rules above). May sleep; never fails.
struct buf*
bread(uint dev, uint blockno)
{
  struct buf *b;

  b = bget(dev, blockno);
  if((b->flags & B_VALID) == 0)
    iderw(b);
  return b;
}

// Write b's contents to its home block on disk now, bypassing the log.
// Only the log uses this; everyone else calls log_write. Caller holds
// b's lock.
void
bwrite(struct buf *b)
{
  if(!holdingsleep(&b->lock))
    panic("bwrite: buffer not locked");
  b->flags |= B_DIRTY;
  iderw(b);
}

// Unlock b and drop the caller's reference to it. The caller must not
// touch b afterwards. Caller holds b's lock.
void
brelse(struct buf *b)
{
  if(!holdingsleep(&b->lock))
    panic("brelse: buffer not locked");
  releasesleep(&b->lock);

  acquire(&bcache.lock);
  b->refcnt--;
  if(b->refcnt == 0){
    list_unlink(b);
    list_push_front(b);
    if(bcache.nwait > 0)
      wakeup(&bcache);
  }
  release(&bcache.lock);
}
