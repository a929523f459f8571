// log.c: the write-ahead log that makes file system updates atomic.
//
// Owns the on-disk log area (sb.logstart, sb.nlog blocks) and the
// transaction bookkeeping. It decides when changed blocks reach their
// home on disk; it does not know what the blocks mean (fs.c does) and
// does not manage the buffer cache (bio.c does).
//
// A system call that changes the file system brackets its work with
// begin_op() and end_op() and calls log_write(b) instead of bwrite(b)
// for every block it modifies. Nothing goes to disk yet: log_write only
// notes the block number and marks the buffer B_DIRTY, which keeps it in
// the cache. When the last of the concurrently running operations calls
// end_op, the whole group is committed:
//
//   1. copy every noted block into the log area,
//   2. write the header with the count: this single sector write is the
//      commit point,
//   3. copy every block to its home location,
//   4. write the header with count zero.
//
// A crash before step 2 leaves the header empty and the operations never
// happened; a crash after it is repaired at boot by recover(), which
// redoes step 3 from the log. Either way all or none of a group's writes
// survive.
//
// Disk layout of the log area: block logstart holds the header, the next
// blocks hold copies, in header order.
//
// Space: each operation may write at most MAXOPBLOCKS distinct blocks
// (callers split bigger work: see filewrite). begin_op admits an
// operation only if the blocks already logged plus MAXOPBLOCKS for every
// running operation, itself included, still fit the log's capacity. The
// capacity is also kept below NBUF, because each logged block pins a
// buffer, and running operations need at least one unpinned buffer to
// make progress.
//
// The log area is read and written only through log.io, a private buffer
// outside the cache, so committing never needs a cache buffer of its own
// and the cache never holds a stale copy of a log block.
//
// Locking: log.lock guards outstanding, committing and lh. Only the
// committer (committing set, outside the lock) and initlog touch log.io
// and the disk's log area.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "buf.h"

// The header block: how many blocks are logged and where each belongs.
struct logheader {
  int n;
  int block[LOGSIZE];
};

static struct {
  struct spinlock lock;
  int dev;
  int start;        // block number of the header
  int capacity;     // most blocks one commit may hold
  int outstanding;  // operations between begin_op and end_op
  int committing;   // a commit is in progress; begin_op must wait
  struct logheader lh;
  struct buf io;    // private buffer for log-area transfers
} log;

static void recover(void);
static void commit(void);

// Prepare the log of disk dev and replay any committed transaction a
// crash left behind. Called once, from the first process, before any
// other file system operation; may sleep.
void
initlog(int dev)
{
  struct superblock sb;

  if(sizeof(struct logheader) > BSIZE)
    panic("initlog: header too big");

  initlock(&log.lock, "log");
  initsleeplock(&log.io.lock, "logio");
  readsb(dev, &sb);
  if(sb.nlog < 2)
    panic("initlog: no log area");
  log.dev = dev;
  log.start = sb.logstart;
  log.capacity = sb.nlog - 1;
  if(log.capacity > LOGSIZE)
    log.capacity = LOGSIZE;
  if(log.capacity > NBUF - 1)
    log.capacity = NBUF - 1;
  if(log.capacity < MAXOPBLOCKS)
    panic("initlog: log too small");
  recover();
}

// Read log-area block blockno into log.io. Caller holds log.io.lock.
static void
io_read(uint blockno)
{
  log.io.dev = log.dev;
  log.io.blockno = blockno;
  log.io.flags = 0;
  iderw(&log.io);
}

// Write log.io's data to log-area block blockno. Caller holds
// log.io.lock.
static void
io_write(uint blockno)
{
  log.io.dev = log.dev;
  log.io.blockno = blockno;
  log.io.flags = B_DIRTY;
  iderw(&log.io);
}

// Load the on-disk header into log.lh. Caller holds log.io.lock.
static void
read_head(void)
{
  struct logheader *hb;
  int i;

  io_read(log.start);
  hb = (struct logheader*)log.io.data;
  log.lh.n = hb->n;
  if(log.lh.n < 0 || log.lh.n > log.capacity)
    panic("recover: bad log header");
  for(i = 0; i < log.lh.n; i++)
    log.lh.block[i] = hb->block[i];
}

// Store log.lh as the on-disk header. With a non-zero count this is the
// commit point. Caller holds log.io.lock.
static void
write_head(void)
{
  struct logheader *hb;
  int i;

  memset(log.io.data, 0, BSIZE);
  hb = (struct logheader*)log.io.data;
  hb->n = log.lh.n;
  for(i = 0; i < log.lh.n; i++)
    hb->block[i] = log.lh.block[i];
  io_write(log.start);
}

// Copy each logged block from its dirty cache buffer into the log area.
// The buffers are pinned (B_DIRTY), so bread finds them without needing
// a free buffer. Caller holds log.io.lock.
static void
write_body(void)
{
  struct buf *b;
  int i;

  for(i = 0; i < log.lh.n; i++){
    b = bread(log.dev, log.lh.block[i]);
    memmove(log.io.data, b->data, BSIZE);
    brelse(b);
    io_write(log.start + 1 + i);
  }
}

// Write each logged block to its home location. After a crash the only
// copy is in the log area (from_log set); during a normal commit the
// cache buffer is current and still pinned, and writing it home unpins
// it. Caller holds log.io.lock.
static void
install(int from_log)
{
  struct buf *b;
  int i;

  for(i = 0; i < log.lh.n; i++){
    if(from_log)
      io_read(log.start + 1 + i);
    b = bread(log.dev, log.lh.block[i]);
    if(from_log)
      memmove(b->data, log.io.data, BSIZE);
    bwrite(b);
    brelse(b);
  }
}

// Finish a commit a crash interrupted; harmless when the log is empty.
static void
recover(void)
{
  acquiresleep(&log.io.lock);
  read_head();
  install(1);
  log.lh.n = 0;
  write_head();
  releasesleep(&log.io.lock);
}

// Make the group's writes durable and put them home. Called by end_op
// with committing set and no operation outstanding, so nothing else
// changes lh or the logged buffers meanwhile.
static void
commit(void)
{
  if(log.lh.n == 0)
    return;
  acquiresleep(&log.io.lock);
  write_body();
  write_head();
  install(0);
  log.lh.n = 0;
  write_head();
  releasesleep(&log.io.lock);
}

// Start a file system operation: wait until no commit is running and the
// log has room for MAXOPBLOCKS more blocks, then count the caller in.
// Every call must be matched by end_op. May sleep; the caller must hold
// no buffer or inode lock (the operation's own locks come after).
void
begin_op(void)
{
  acquire(&log.lock);
  for(;;){
    if(log.committing)
      sleep(&log, &log.lock);
    else if(log.lh.n + (log.outstanding + 1) * MAXOPBLOCKS > log.capacity)
      sleep(&log, &log.lock);  // wait for this group to commit
    else
      break;
  }
  log.outstanding++;
  release(&log.lock);
}

// End a file system operation. The last operation of a group commits
// the group before returning, so when end_op returns the caller's writes
// are on disk. May sleep; the caller must hold no buffer.
void
end_op(void)
{
  int docommit = 0;

  acquire(&log.lock);
  if(log.outstanding < 1)
    panic("end_op: no operation");
  if(log.committing)
    panic("end_op: committing");
  log.outstanding--;
  if(log.outstanding == 0){
    docommit = 1;
    log.committing = 1;
  } else {
    // This operation's unused reservation may let a waiter in.
    wakeup(&log);
  }
  release(&log.lock);

  if(docommit){
    commit();
    acquire(&log.lock);
    log.committing = 0;
    wakeup(&log);
    release(&log.lock);
  }
}

// Record that the caller modified b, in place of bwrite. The block is
// written (home and log) at commit; until then it stays pinned in the
// cache. Writing the same block twice in a group takes one log slot.
// Caller holds b's lock and is between begin_op and end_op.
void
log_write(struct buf *b)
{
  int i;

  acquire(&log.lock);
  if(log.outstanding < 1)
    panic("log_write: outside an operation");
  for(i = 0; i < log.lh.n; i++)
    if(log.lh.block[i] == b->blockno)
      break;
  if(i == log.lh.n){
    if(log.lh.n >= log.capacity)
      panic("log_write: transaction too big");
    log.lh.block[i] = b->blockno;
    log.lh.n++;
  }
  b->flags |= B_DIRTY;
  release(&log.lock);
}
