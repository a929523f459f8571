// file.c: open files, the objects file descriptors point at.
//
// Owns the system-wide file table (ftable) and the device switch
// (devsw, filled in by device drivers such as the console). A struct
// file is a pipe end or an inode with an offset; several descriptors,
// also in different processes after fork or dup, may share one. This
// file does not manage descriptor numbers (sysfile.c) or the inodes and
// pipes themselves (fs.c, pipe.c).
//
// Locking: ftable.lock guards every file's ref (and so which entries are
// free). The other fields are set once by whoever allocated the file,
// before it is shared; off is guarded by the inode's lock.
//
// Errors come back as -errno (errno.h). A device's read and write
// functions return -errno too (the console: -EINTR when killed).

#include "types.h"
#include "defs.h"
#include "param.h"
#include "fs.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "file.h"
#include "stat.h"
#include "errno.h"

struct devsw devsw[NDEV];

static struct {
  struct spinlock lock;
  struct file file[NFILE];
} ftable;

// Set up the empty file table. Called once by main.
void
fileinit(void)
{
  initlock(&ftable.lock, "ftable");
}

// A free file entry with ref 1 and type FD_NONE, or 0 if the table is
// full. The caller fills it in; fileclose undoes a half-built one.
struct file*
filealloc(void)
{
  struct file *f;

  acquire(&ftable.lock);
  for(f = ftable.file; f < ftable.file + NFILE; f++){
    if(f->ref == 0){
      f->ref = 1;
      f->type = FD_NONE;
      release(&ftable.lock);
      return f;
    }
  }
  release(&ftable.lock);
  return 0;
}

// Add a reference to f and return it. The caller already holds one.
struct file*
filedup(struct file *f)
{
  acquire(&ftable.lock);
  if(f->ref < 1)
    panic("filedup: unused file");
  f->ref++;
  release(&ftable.lock);
  return f;
}

// Drop a reference to f; the last one closes the pipe end or releases
// the inode (in its own transaction, so the caller must not be inside
// one). May sleep.
void
fileclose(struct file *f)
{
  struct file ff;

  acquire(&ftable.lock);
  if(f->ref < 1)
    panic("fileclose: unused file");
  if(--f->ref > 0){
    release(&ftable.lock);
    return;
  }
  ff = *f;
  f->ref = 0;
  f->type = FD_NONE;
  release(&ftable.lock);

  // The entry is free now; finish with the copy, which may sleep.
  if(ff.type == FD_PIPE){
    pipeclose(ff.pipe, ff.writable);
  } else if(ff.type == FD_INODE){
    begin_op();
    iput(ff.ip);
    end_op();
  }
}

// Fill *st with f's inode metadata. Returns 0, or -EINVAL if f is not
// an inode (a pipe has no metadata here). st is a kernel address or a
// user address already checked for writing.
int
filestat(struct file *f, struct stat *st)
{
  if(f->type != FD_INODE)
    return -EINVAL;
  ilock(f->ip);
  stati(f->ip, st);
  iunlock(f->ip);
  return 0;
}

// Is ip a device with no driver for the direction asked (readi and
// writei refuse it)? Caller holds ip's lock.
static int
nodriver(struct inode *ip, int write)
{
  struct devsw *d;

  if(ip->type != T_DEV)
    return 0;
  if(ip->major < 0 || ip->major >= NDEV)
    return 1;
  d = &devsw[ip->major];
  return write ? d->write == 0 : d->read == 0;
}

// Read up to n bytes from f into addr (checked by the caller for
// writing), advancing f's offset. Returns the number of bytes read, 0
// at end of file; -EBADF if f is not open for reading, -ENODEV for a
// device without a driver, -EINVAL if the offset is past the end of the
// file, or the pipe's or device's own error (-EINTR when killed).
int
fileread(struct file *f, char *addr, int n)
{
  int r;

  if(!f->readable)
    return -EBADF;
  if(f->type == FD_PIPE)
    return piperead(f->pipe, addr, n);
  if(f->type != FD_INODE)
    panic("fileread: bad type");

  ilock(f->ip);
  if(nodriver(f->ip, 0)){
    iunlock(f->ip);
    return -ENODEV;
  }
  if((r = readi(f->ip, addr, f->off, n)) > 0)
    f->off += r;
  else if(r == -1 && f->ip->type != T_DEV)
    r = -EINVAL;  // readi's refusal: the offset is past the end
  iunlock(f->ip);
  return r;
}

// How many blocks one transaction of filewrite may touch. Writing D data
// blocks that all lie under one index block (see write_limit) modifies
// at most: the inode, the D blocks, the doubly-indirect block and one
// singly-indirect block, and a bitmap block for each block allocated
// (D data and the two index blocks; allocations may land in different
// bitmap blocks when free space is scattered). That is 1 + D + 2 +
// (D + 2) = 2D + 5 blocks, which must not exceed MAXOPBLOCKS.
#define WRITEBLOCKS ((MAXOPBLOCKS - 5) / 2)

// The number of bytes, at most n, filewrite may write at byte offset off
// in one transaction: no more than WRITEBLOCKS blocks, and not past the
// end of the direct blocks or of the data under one singly-indirect
// block, so at most two index blocks change.
static uint
write_limit(uint off, uint n)
{
  uint bn, end, max;

  bn = off / BSIZE;
  if(bn >= MAXFILE)
    end = bn + WRITEBLOCKS;  // writei will refuse; any size will do
  else if(bn < NDIRECT)
    end = NDIRECT;
  else
    end = NDIRECT + ((bn - NDIRECT) / NINDIRECT + 1) * NINDIRECT;
  if(end > bn + WRITEBLOCKS)
    end = bn + WRITEBLOCKS;
  max = (end - bn) * BSIZE - off % BSIZE;
  return n < max ? n : max;
}

// Write n bytes from addr (checked by the caller for reading) to f at
// its offset, advancing the offset. A write to an inode is split into
// several transactions small enough for the log, so a crash may leave a
// prefix of it on disk. A write to a device runs outside any
// transaction: it changes no disk block, and a device may keep the
// writer waiting, which must not hold up the log. Returns n, or fewer
// bytes if the disk filled up or the file reached its largest size. If
// nothing could be written: -EBADF if f is not open for writing,
// -ENOSPC if the disk is full, -EFBIG at the largest file size, -EINVAL
// if the offset is past the end of the file, -ENODEV for a device
// without a driver, or the pipe's or device's own error (-EPIPE, -EINTR).
// Must not be called inside a transaction. May sleep.
int
filewrite(struct file *f, char *addr, int n)
{
  int i, r, chunk, dev, err;

  if(!f->writable)
    return -EBADF;
  if(f->type == FD_PIPE)
    return pipewrite(f->pipe, addr, n);
  if(f->type != FD_INODE)
    panic("filewrite: bad type");

  // An inode's type is fixed while f holds a reference to it.
  ilock(f->ip);
  dev = f->ip->type == T_DEV;
  if(nodriver(f->ip, 1)){
    iunlock(f->ip);
    return -ENODEV;
  }
  iunlock(f->ip);

  err = 0;
  for(i = 0; i < n; i += r){
    if(!dev)
      begin_op();
    ilock(f->ip);
    // Size the chunk under the lock: another process sharing f may
    // have moved the offset.
    chunk = write_limit(f->off, n - i);
    if((r = writei(f->ip, addr + i, f->off, chunk)) > 0)
      f->off += r;
    if(r == 0 && chunk > 0)
      err = -ENOSPC;
    else if(r < 0 && dev)
      err = r;
    else if(r < 0)
      err = f->off > f->ip->size ? -EINVAL : -EFBIG;
    iunlock(f->ip);
    if(!dev)
      end_op();
    if(r < 0)
      break;
    if(r != chunk){
      i += r;  // disk full
      break;
    }
  }
  if(i == 0 && n > 0)
    return err ? err : -ENOSPC;
  return i;
}
