// fs.c: the file system proper, from free blocks up to path names.
//
// Owns the on-disk layout described in fs.h and, in memory, the inode
// table (icache). Layers, bottom to top:
//   blocks:      balloc/bfree, a bitmap of used blocks
//   inodes:      ialloc, iget/idup/iput, ilock/iunlock, iupdate, itrunc,
//                and readi/writei on an inode's data through bmap
//   file pages:  a regular file's data is read and written through the
//                page cache (pagecache.c): ipage fills a cache page from
//                disk, iwriteback writes dirty ones back, readi/writei of
//                a T_FILE use them (docs/pagecache.md)
//   directories: files of struct dirent; dirlookup, dirlink
//   path names:  namei, nameiparent
// It sits on the buffer cache (bio.c), the page cache (pagecache.c, which
// only indexes pages: reading and writing them is done here) and the log
// (log.c). It does not
// deal with open files or file descriptors (file.c, sysfile.c) and never
// writes a block except through log_write.
//
// Rules every function here keeps:
// - Anything that changes disk blocks runs inside begin_op/end_op; the
//   comment above each such function says so.
// - A thread never calls bread while it holds a buffer (bio.c depends on
//   it). Loops over index blocks therefore read one entry, release the
//   buffer, then act on the entry.
// - Running out of disk blocks, inodes or inode-table slots is an error
//   returned to the caller, never a panic: user programs can cause it.
//
// An in-memory inode (struct inode, file.h) is in use while ref > 0. The
// fields dev, inum and ref are guarded by icache.lock; valid, the copy
// of the disk inode and the inode's data blocks by the inode's sleeplock
// (ilock). A reference (ref) keeps the entry in the table and the inode
// on disk even if its last link goes away; iput frees the disk inode
// when the last reference to an unlinked inode is dropped.
//
// Lock order: a directory's inode lock, then the lock of an inode it
// names; then at most one buffer; then the spinlocks (icache.lock, then
// the page cache's; log.lock inside log_write).

#include "types.h"
#include "defs.h"
#include "param.h"
#include "stat.h"
#include "mmu.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "rbtree.h"
#include "proc.h"
#include "fs.h"
#include "buf.h"
#include "file.h"
#include "errno.h"

// Bytes of a cache page written back per log transaction: the data
// blocks of a chunk, plus the inode and indirect blocks that writeblocks
// may touch, must fit in MAXOPBLOCKS (as for filewrite).
#define WB_CHUNK   (((MAXOPBLOCKS-1-1-2) / 2) * BSIZE)

static struct superblock sb;  // of ROOTDEV, read by iinit

// Copy the super block of disk dev into *sbp. May sleep.
void
readsb(int dev, struct superblock *sbp)
{
  struct buf *bp;

  bp = bread(dev, 1);
  memmove(sbp, bp->data, sizeof(*sbp));
  brelse(bp);
}

// ---------------------------------------------------------------------
// Blocks

// Fill block bno with zeros. Inside a transaction.
static void
bzero(int dev, uint bno)
{
  struct buf *bp;

  bp = bread(dev, bno);
  memset(bp->data, 0, BSIZE);
  log_write(bp);
  brelse(bp);
}

// Allocate a zeroed disk block and return its number, or 0 if the disk
// is full. Inside a transaction.
static uint
balloc(uint dev)
{
  struct buf *bp;
  uint b, bi, found;

  for(b = 0; b < sb.size; b += BPB){
    bp = bread(dev, BBLOCK(b, sb));
    found = 0;
    for(bi = 0; bi < BPB && b + bi < sb.size; bi++){
      if(bi % 8 == 0 && bp->data[bi/8] == 0xff){
        bi += 7;  // whole byte in use
        continue;
      }
      if((bp->data[bi/8] & (1 << (bi % 8))) == 0){
        bp->data[bi/8] |= 1 << (bi % 8);
        log_write(bp);
        found = 1;
        break;
      }
    }
    brelse(bp);
    if(found){
      bzero(dev, b + bi);
      return b + bi;
    }
  }
  return 0;
}

// Mark block b free. Inside a transaction.
static void
bfree(int dev, uint b)
{
  struct buf *bp;
  uint bi;

  bp = bread(dev, BBLOCK(b, sb));
  bi = b % BPB;
  if((bp->data[bi/8] & (1 << (bi % 8))) == 0)
    panic("bfree: block already free");
  bp->data[bi/8] &= ~(1 << (bi % 8));
  log_write(bp);
  brelse(bp);
}

// ---------------------------------------------------------------------
// Inodes

static struct {
  struct spinlock lock;
  struct inode inode[NINODE];
} icache;

// Set up the inode table and read the super block of disk dev. Called
// once, from the first process, before any other file system call
// except namei("/") for its cwd (which needs no disk access).
void
iinit(int dev)
{
  int i;

  initlock(&icache.lock, "icache");
  pcacheinit();
  for(i = 0; i < NINODE; i++)
    initsleeplock(&icache.inode[i].lock, "inode");
  readsb(dev, &sb);
  if(sb.size == 0 || sb.ninodes == 0 || sb.bmapstart >= sb.size)
    panic("iinit: bad super block");
}

// The table entry for inode inum on dev, with its reference count
// raised; not locked, and read from disk only if it is not still valid
// (ilock does that). Returns 0 if the table is full.
//
// An entry nobody refers to may still own cached pages (they outlive the
// last close); it is found again by its inode number, its copy of the
// disk inode still valid, since nothing changes an inode without a
// reference. A new inode takes an entry without pages if there is one,
// else the first free one, whose pages are dropped.
static struct inode*
iget(uint dev, uint inum)
{
  struct inode *ip, *empty, *cached;
  int lost = 0;

  acquire(&icache.lock);
  empty = cached = 0;
  for(ip = icache.inode; ip < icache.inode + NINODE; ip++){
    if((ip->ref > 0 || pcache_owns(ip)) && ip->dev == dev &&
       ip->inum == inum){
      ip->ref++;
      release(&icache.lock);
      return ip;
    }
    if(ip->ref == 0){
      if(!pcache_owns(ip)){
        if(empty == 0)
          empty = ip;
      } else if(cached == 0){
        cached = ip;
      }
    }
  }
  if(empty == 0 && (empty = cached) != 0)
    lost = pcache_truncate(empty, 0);
  if(empty){
    empty->dev = dev;
    empty->inum = inum;
    empty->ref = 1;
    empty->valid = 0;
  }
  release(&icache.lock);
  if(lost)
    cprintf("iget: %d dirty cached pages of a file dropped\n", lost);
  return empty;
}

// Allocate a free inode on dev, mark it with type on disk, and return
// it unlocked and referenced. Returns 0 with *err set to ENOSPC if there
// are no free inodes, ENFILE if there are no free table entries. The
// caller sets the other fields and calls iupdate. Inside a transaction.
struct inode*
ialloc(uint dev, short type, int *err)
{
  struct buf *bp;
  struct dinode *dip;
  struct inode *ip;
  uint base, inum;

  for(base = 0; base < sb.ninodes; base += IPB){
    bp = bread(dev, IBLOCK(base, sb));
    for(inum = base; inum < base + IPB && inum < sb.ninodes; inum++){
      dip = (struct dinode*)bp->data + inum % IPB;
      if(inum == 0 || dip->type != 0)
        continue;
      // Take the table entry before claiming the disk inode, so a full
      // table cannot leave an allocated inode nobody refers to. Holding
      // bp keeps other allocators off this inode meanwhile.
      ip = iget(dev, inum);
      if(ip){
        memset(dip, 0, sizeof(*dip));
        dip->type = type;
        log_write(bp);
      } else {
        *err = ENFILE;
      }
      brelse(bp);
      return ip;
    }
    brelse(bp);
  }
  *err = ENOSPC;
  return 0;
}

// Write the in-memory copy of ip back to its disk inode. Must be called
// after every change to a field that lives on disk. Caller holds ip's
// lock and is inside a transaction.
void
iupdate(struct inode *ip)
{
  struct buf *bp;
  struct dinode *dip;

  bp = bread(ip->dev, IBLOCK(ip->inum, sb));
  dip = (struct dinode*)bp->data + ip->inum % IPB;
  dip->type = ip->type;
  dip->major = ip->major;
  dip->minor = ip->minor;
  dip->nlink = ip->nlink;
  dip->size = ip->size;
  memmove(dip->addrs, ip->addrs, sizeof(ip->addrs));
  log_write(bp);
  brelse(bp);
}

// Add a reference to ip and return it, so that p = idup(q) reads well.
// Never fails.
struct inode*
idup(struct inode *ip)
{
  acquire(&icache.lock);
  ip->ref++;
  release(&icache.lock);
  return ip;
}

// Lock ip, reading it from disk the first time. The caller holds a
// reference and not ip's lock. May sleep.
void
ilock(struct inode *ip)
{
  struct buf *bp;
  struct dinode *dip;

  if(ip == 0 || ip->ref < 1)
    panic("ilock: no reference");
  acquiresleep(&ip->lock);
  if(ip->valid)
    return;
  bp = bread(ip->dev, IBLOCK(ip->inum, sb));
  dip = (struct dinode*)bp->data + ip->inum % IPB;
  ip->type = dip->type;
  ip->major = dip->major;
  ip->minor = dip->minor;
  ip->nlink = dip->nlink;
  ip->size = dip->size;
  memmove(ip->addrs, dip->addrs, sizeof(ip->addrs));
  brelse(bp);
  ip->valid = 1;
  if(ip->type == 0)
    panic("ilock: inode has no type");
}

// Unlock ip. Caller holds ip's lock. (The check reads the sleeplock's
// fields without its spinlock: if the caller holds the lock they are
// the caller's own and cannot change; if not, the check fails either
// way. It saves holdingsleep's lock round trip on every read and fault.)
void
iunlock(struct inode *ip)
{
  if(ip == 0 || !ip->lock.locked || ip->lock.pid != myproc()->pid ||
     ip->ref < 1)
    panic("iunlock: not locked");
  releasesleep(&ip->lock);
}

// Drop a reference to ip. If it was the last one and the inode has no
// links left, free its blocks and the disk inode. Must be called inside
// a transaction (any iput may turn out to be the last), with ip
// unlocked.
void
iput(struct inode *ip)
{
  int last;

  acquiresleep(&ip->lock);
  if(ip->valid && ip->nlink == 0){
    acquire(&icache.lock);
    last = ip->ref == 1;
    release(&icache.lock);
    if(last){
      // Nobody else can reach ip: no links, and no reference to look it
      // up through, so holding its lock is enough.
      itrunc(ip);
      ip->type = 0;
      iupdate(ip);
      ip->valid = 0;
    }
  }
  releasesleep(&ip->lock);

  acquire(&icache.lock);
  ip->ref--;
  release(&icache.lock);
}

// iunlock then iput, the usual way to let go of a locked inode. Inside a
// transaction.
void
iunlockput(struct inode *ip)
{
  iunlock(ip);
  iput(ip);
}

// ---------------------------------------------------------------------
// Inode data blocks
//
// addrs[0..NDIRECT-1] name data blocks directly. addrs[NDIRECT] names a
// singly-indirect block: NINDIRECT entries, each a data block.
// addrs[NDIRECT+1] names a doubly-indirect block: NINDIRECT entries, each
// a singly-indirect block. A zero entry means "not allocated yet".

// The block in slot i of ip->addrs, allocating it if it is empty and
// alloc is set; 0 if empty (or the disk is full). The caller writes the
// inode back with iupdate. Caller holds ip's lock.
static uint
addrs_slot(struct inode *ip, uint i, int alloc)
{
  if(ip->addrs[i] == 0 && alloc)
    ip->addrs[i] = balloc(ip->dev);
  return ip->addrs[i];
}

// Entry i of index block ind, allocated like addrs_slot. The index
// block is released before balloc runs (one buffer at a time); the
// caller's inode lock keeps anyone else from changing it meanwhile.
static uint
index_slot(uint dev, uint ind, uint i, int alloc)
{
  struct buf *bp;
  uint addr;

  bp = bread(dev, ind);
  addr = ((uint*)bp->data)[i];
  brelse(bp);
  if(addr != 0 || !alloc)
    return addr;
  if((addr = balloc(dev)) == 0)
    return 0;
  bp = bread(dev, ind);
  ((uint*)bp->data)[i] = addr;
  log_write(bp);
  brelse(bp);
  return addr;
}

// The disk block holding block bn of ip's data. If it does not exist
// yet, allocate it (and any index blocks on the way) when alloc is set,
// else return 0. Also 0 when the disk is full. Allocating requires a
// transaction; the caller holds ip's lock and writes ip back.
static uint
bmap(struct inode *ip, uint bn, int alloc)
{
  uint ind;

  if(bn < NDIRECT)
    return addrs_slot(ip, bn, alloc);
  bn -= NDIRECT;

  if(bn < NINDIRECT){
    if((ind = addrs_slot(ip, NDIRECT, alloc)) == 0)
      return 0;
    return index_slot(ip->dev, ind, bn, alloc);
  }
  bn -= NINDIRECT;

  if(bn < NDINDIRECT){
    if((ind = addrs_slot(ip, NDIRECT+1, alloc)) == 0)
      return 0;
    if((ind = index_slot(ip->dev, ind, bn / NINDIRECT, alloc)) == 0)
      return 0;
    return index_slot(ip->dev, ind, bn % NINDIRECT, alloc);
  }
  panic("bmap: block out of range");
}

// Free index block ind and everything below it: data blocks if depth is
// 1, singly-indirect trees if depth is 2. Inside a transaction.
static void
free_index(uint dev, uint ind, int depth)
{
  struct buf *bp;
  uint i, addr;

  for(i = 0; i < NINDIRECT; i++){
    bp = bread(dev, ind);
    addr = ((uint*)bp->data)[i];
    brelse(bp);
    if(addr == 0)
      continue;
    if(depth > 1)
      free_index(dev, addr, depth - 1);
    else
      bfree(dev, addr);
  }
  bfree(dev, ind);
}

// Free all of ip's data blocks and set its size to 0, dropping its
// cached pages, dirty ones too (docs/pagecache.md: pages other processes
// still map live on for them, detached). Caller holds ip's lock and is
// inside a transaction.
void
itrunc(struct inode *ip)
{
  int i;

  pcache_truncate(ip, 0);
  for(i = 0; i < NDIRECT; i++){
    if(ip->addrs[i]){
      bfree(ip->dev, ip->addrs[i]);
      ip->addrs[i] = 0;
    }
  }
  if(ip->addrs[NDIRECT]){
    free_index(ip->dev, ip->addrs[NDIRECT], 1);
    ip->addrs[NDIRECT] = 0;
  }
  if(ip->addrs[NDIRECT+1]){
    free_index(ip->dev, ip->addrs[NDIRECT+1], 2);
    ip->addrs[NDIRECT+1] = 0;
  }
  ip->size = 0;
  iupdate(ip);
}

// Fill *st from ip. Caller holds ip's lock.
void
stati(struct inode *ip, struct stat *st)
{
  st->dev = ip->dev;
  st->ino = ip->inum;
  st->type = ip->type;
  st->nlink = ip->nlink;
  st->size = ip->size;
}

// The device switch entry for a device inode, or 0 if its major number
// has none.
static struct devsw*
devof(struct inode *ip)
{
  if(ip->major < 0 || ip->major >= NDEV)
    return 0;
  return &devsw[ip->major];
}

// Copy n bytes of ip's data at byte off (all before end of file) into
// dst from the disk blocks, through the buffer cache. Returns the number
// copied, short only at a hole. Caller holds ip's lock.
static uint
readblocks(struct inode *ip, char *dst, uint off, uint n)
{
  struct buf *bp;
  uint tot, m, addr;

  for(tot = 0; tot < n; tot += m, off += m, dst += m){
    if((addr = bmap(ip, off / BSIZE, 0)) == 0)
      break;  // a hole: cannot happen on a consistent disk
    m = BSIZE - off % BSIZE;
    if(m > n - tot)
      m = n - tot;
    bp = bread(ip->dev, addr);
    memmove(dst, bp->data + off % BSIZE, m);
    brelse(bp);
  }
  return tot;
}

// The cache page holding page pn of regular file ip, pinned (the caller
// unpins it with pcache_unpin); read in from disk on a miss, with the
// bytes past end of file zero. Returns 0
// if the page lies wholly past end of file, memory is exhausted or the
// disk has a hole there. Caller holds ip's lock. May sleep.
char*
ipage(struct inode *ip, uint pn)
{
  char *mem;
  uint off = pn * PGSIZE, n;

  if(off >= ip->size || pn >= (MAXFILE * BSIZE + PGSIZE - 1) / PGSIZE)
    return 0;
  if((mem = pcache_get(ip, pn)) != 0)
    return mem;
  if((mem = kalloc()) == 0)
    return 0;
  n = ip->size - off < PGSIZE ? ip->size - off : PGSIZE;
  if(readblocks(ip, mem, off, n) != n){
    kfree(mem);
    return 0;
  }
  memset(mem + n, 0, PGSIZE - n);
  return pcache_add(ip, pn, mem);
}

// Copy up to n bytes of ip's data starting at byte off into dst, which
// the caller has checked is writable. A regular file's data comes from
// its cache pages (read in as needed), so it includes every store made
// through a mapping; if no page can be had for the cache, straight from
// the blocks. Returns the number of bytes read (short at end of file),
// or -1 if off is past the end of the file, off+n wraps, or ip is a
// device that cannot be read. Caller holds ip's lock.
int
readi(struct inode *ip, char *dst, uint off, uint n)
{
  struct devsw *d;
  uint tot, m, r;
  char *mem;

  if(ip->type == T_DEV){
    if((d = devof(ip)) == 0 || d->read == 0 || (int)n < 0)
      return -1;
    return d->read(ip, dst, n);
  }

  if(off > ip->size || off + n < off)
    return -1;
  if(off + n > ip->size)
    n = ip->size - off;
  if(ip->type != T_FILE)
    return readblocks(ip, dst, off, n);

  for(tot = 0; tot < n; tot += m, off += m, dst += m){
    m = PGSIZE - off % PGSIZE;
    if(m > n - tot)
      m = n - tot;
    if(pcache_read(ip, off / PGSIZE, dst, off % PGSIZE, m))
      continue;  // a hit: copied under the cache's lock
    if((mem = ipage(ip, off / PGSIZE)) == 0){
      // No memory for a cache page: an uncached page has no newer copy
      // than its blocks, so read those.
      if((r = readblocks(ip, dst, off, m)) != m)
        return tot + r;  // a hole: cannot happen on a consistent disk
      continue;
    }
    memmove(dst, mem + off % PGSIZE, m);
    pcache_unpin(mem);
  }
  return tot;
}

// Copy n bytes from src into ip's disk blocks at byte off (at most the
// old end of file), through the log, growing the file if the write runs
// past its end. Returns the number of bytes written, short only if the
// disk filled up. Caller holds ip's lock and is inside a transaction.
static uint
writeblocks(struct inode *ip, char *src, uint off, uint n)
{
  struct buf *bp;
  uint tot, m, addr;

  for(tot = 0; tot < n; tot += m, off += m, src += m){
    if((addr = bmap(ip, off / BSIZE, 1)) == 0)
      break;  // disk full
    m = BSIZE - off % BSIZE;
    if(m > n - tot)
      m = n - tot;
    bp = bread(ip->dev, addr);
    memmove(bp->data + off % BSIZE, src, m);
    log_write(bp);
    brelse(bp);
  }

  if(off > ip->size)
    ip->size = off;
  // Even without growth bmap may have filled in addrs[].
  iupdate(ip);
  return tot;
}

// Copy n bytes from src into the cache pages of ip at byte off, for the
// pages that are cached; the others are read from disk when needed.
// Caller holds ip's lock.
static void
writecache(struct inode *ip, char *src, uint off, uint n)
{
  uint tot, m;

  for(tot = 0; tot < n; tot += m, off += m, src += m){
    m = PGSIZE - off % PGSIZE;
    if(m > n - tot)
      m = n - tot;
    pcache_write(ip, off / PGSIZE, src, off % PGSIZE, m);
  }
}

// Copy n bytes from src into ip's data at byte off, growing the file if
// the write runs past its end. A regular file's write goes to the disk
// through the log, exactly as durably as without the cache, and into
// its cached pages, so every mapping sees it at once. Returns the number
// of bytes written, which is short only if the disk filled up, or -1 if
// off is past the end of the file, off+n wraps or passes MAXFILE blocks,
// or ip is a device that cannot be written. The caller keeps n small
// enough for one transaction (see filewrite), holds ip's lock and is
// inside a transaction.
int
writei(struct inode *ip, char *src, uint off, uint n)
{
  struct devsw *d;
  uint tot, m, r;

  if(ip->type == T_DEV){
    if((d = devof(ip)) == 0 || d->write == 0 || (int)n < 0)
      return -1;
    return d->write(ip, src, n);
  }

  if(off > ip->size || off + n < off)
    return -1;
  if(off + n > MAXFILE * BSIZE)
    return -1;
  if(ip->type != T_FILE)
    return writeblocks(ip, src, off, n);
  // Page by page, blocks then cache page, so that when src is a mapping
  // of this very file the disk and the cache see the same bytes: a
  // source page this write already changed is read changed, by both.
  for(tot = 0; tot < n; tot += m, off += m, src += m){
    m = PGSIZE - off % PGSIZE;
    if(m > n - tot)
      m = n - tot;
    r = writeblocks(ip, src, off, m);
    if(r > 0 && pcache_owns(ip))
      writecache(ip, src, off, r);
    if(r != m)
      return tot + r;  // disk full
  }
  return tot;
}

// Write cache page mem, page pn of ip, to disk within the file's current
// size, in transactions of at most WB_CHUNK bytes. Then, as Linux does,
// zero the bytes past end of file in the page: what a mapping stored
// there is not part of the file and is not seen again. Returns 0, or -1
// if a write came up short or was made to fail (failnow).
static int
writepage(struct inode *ip, uint pn, char *mem)
{
  uint off = pn * PGSIZE, i, m, n;
  int r = 0;

  for(i = 0; i < PGSIZE && r == 0; i += m){
    m = PGSIZE - i < WB_CHUNK ? PGSIZE - i : WB_CHUNK;
    begin_op();
    ilock(ip);
    if(off + i >= ip->size){
      m = PGSIZE;  // the rest lies past end of file: stop
    } else {
      n = ip->size - (off + i) < m ? ip->size - (off + i) : m;
      if(failnow() || writeblocks(ip, mem + i, off + i, n) != n)
        r = -1;
    }
    if(r == 0 && i + m >= PGSIZE && ip->size > off && ip->size < off + PGSIZE)
      memset(mem + (ip->size - off), 0, off + PGSIZE - ip->size);
    iunlock(ip);
    end_op();
  }
  return r;
}

// Write back every dirty cache page of ip with page number in [lo, hi),
// each once, only the bytes before end of file; a mapping never changes
// the size. A page that fails stays dirty. Returns 0, or -1 if any write
// failed. The caller holds a reference to ip, not its lock, and is not
// inside a transaction. May sleep.
//
// A write may also fail on purpose: failalloc's countdown (failnow)
// counts each chunk written, so tests can make a write-back fail.
int
iwriteback(struct inode *ip, uint lo, uint hi)
{
  uint pn = lo;
  int cleaned, r = 0;
  char *mem;

  while(pn < hi && (mem = pcache_nextdirty(ip, &pn, hi, &cleaned)) != 0){
    if(writepage(ip, pn, mem) < 0){
      pcache_writefailed(mem);
      r = -1;
    }
    pcache_unpin(mem);
    pn++;
  }
  return r;
}

// ---------------------------------------------------------------------
// Directories

// Compare two names of at most DIRSIZ characters, as strncmp does.
int
namecmp(const char *s, const char *t)
{
  return strncmp(s, t, DIRSIZ);
}

// The inode number dp's entry called name refers to, or 0 if there is
// none; its byte offset goes to *poff if poff is not 0. Caller holds
// dp's lock.
static uint
dirfind(struct inode *dp, char *name, uint *poff)
{
  struct dirent de;
  uint off;

  if(dp->type != T_DIR)
    panic("dirfind: not a directory");
  for(off = 0; off < dp->size; off += sizeof(de)){
    if(readi(dp, (char*)&de, off, sizeof(de)) != sizeof(de))
      panic("dirfind: short directory");
    if(de.inum != 0 && namecmp(name, de.name) == 0){
      if(poff)
        *poff = off;
      return de.inum;
    }
  }
  return 0;
}

// Look up name in directory dp. Returns its inode referenced but not
// locked, and its entry's offset in *poff if poff is not 0. Returns 0
// with *err (if err is not 0) set to ENOENT if there is no such entry
// (also for ".." of a removed directory), or ENFILE if the inode table
// is full. Caller holds dp's lock.
//
// A removed directory (no links: its name is gone) stays usable while
// a reference holds it, as a working directory for instance, but its
// ".." still names the old parent, which may since have been removed
// and freed too, or even reused for another file. As in Linux, ".." of
// a removed directory is therefore not found. Its "." is still itself.
struct inode*
dirlookup(struct inode *dp, char *name, uint *poff, int *err)
{
  struct inode *ip;
  uint inum;
  int e;

  if(err == 0)
    err = &e;
  *err = ENOENT;
  if(dp->nlink == 0 && namecmp(name, "..") == 0)
    return 0;
  if((inum = dirfind(dp, name, poff)) == 0)
    return 0;
  if((ip = iget(dp->dev, inum)) == 0)
    *err = ENFILE;
  return ip;
}

// Add an entry (name, inum) to directory dp, reusing a free slot if
// there is one. Returns 0, -EEXIST if name is already there, -ENOENT if
// dp has been removed, or -ENOSPC if the directory cannot grow (the disk
// is full). Does not touch inum's link count.
// Caller holds dp's lock and is inside a transaction.
int
dirlink(struct inode *dp, char *name, uint inum)
{
  struct dirent de;
  uint off;

  // A name in a removed directory would be reachable from nowhere: its
  // inode and blocks would stay allocated for ever. ("." and ".." of a
  // new directory are linked while it has its first link already.)
  if(dp->nlink == 0)
    return -ENOENT;
  if(dirfind(dp, name, 0) != 0)
    return -EEXIST;

  for(off = 0; off < dp->size; off += sizeof(de)){
    if(readi(dp, (char*)&de, off, sizeof(de)) != sizeof(de))
      panic("dirlink: short directory");
    if(de.inum == 0)
      break;
  }

  memset(&de, 0, sizeof(de));
  strncpy(de.name, name, DIRSIZ);
  de.inum = inum;
  if(writei(dp, (char*)&de, off, sizeof(de)) != sizeof(de))
    return -ENOSPC;
  return 0;
}

// ---------------------------------------------------------------------
// Path names

// Copy the first element of path into name and return what follows it,
// with slashes on both sides skipped; 0 if there is no element left.
// Elements longer than DIRSIZ are cut to DIRSIZ; name then has no
// terminating NUL, which namecmp and dirlink allow.
//   skipelem("a/bb/c", name) = "bb/c", name "a"
//   skipelem("///a//bb", name) = "bb", name "a"
//   skipelem("a", name) = "", name "a"
//   skipelem("", name) = skipelem("////", name) = 0
static char*
skipelem(char *path, char *name)
{
  char *s;
  int len;

  while(*path == '/')
    path++;
  if(*path == 0)
    return 0;
  s = path;
  while(*path != '/' && *path != 0)
    path++;
  len = path - s;
  if(len >= DIRSIZ){
    memmove(name, s, DIRSIZ);
  } else {
    memmove(name, s, len);
    name[len] = 0;
  }
  while(*path == '/')
    path++;
  return path;
}

// Walk path from the root or the current directory. Returns the inode
// it names, or with parent set the directory holding its last element
// (copied into name, which has room for DIRSIZ bytes). The inode comes
// back referenced, unlocked. Returns 0 with the reason in *err: ENOENT
// if a component is missing (or, with parent set, the path is empty),
// ENOTDIR if one
// before the last is not a directory, EEXIST if the path has no last
// element (with parent set: it names the root, or "." only), ENFILE if
// the inode table is full. Inside a transaction (the iputs may free).
static struct inode*
namex(char *path, int parent, char *name, int *err)
{
  struct inode *ip, *next;

  if(parent && *path == 0){
    *err = ENOENT;  // as Linux (xv6's namei("") is the current directory)
    return 0;
  }
  if(*path == '/')
    ip = iget(ROOTDEV, ROOTINO);
  else
    ip = idup(myproc()->cwd);
  if(ip == 0){
    *err = ENFILE;
    return 0;
  }

  while((path = skipelem(path, name)) != 0){
    ilock(ip);
    if(ip->type != T_DIR){
      iunlockput(ip);
      *err = ENOTDIR;
      return 0;
    }
    if(parent && *path == 0){
      iunlock(ip);  // stop one level early
      return ip;
    }
    if((next = dirlookup(ip, name, 0, err)) == 0){
      iunlockput(ip);
      return 0;
    }
    iunlockput(ip);
    ip = next;
  }
  if(parent){
    iput(ip);
    *err = EEXIST;
    return 0;
  }
  return ip;
}

// The inode path names, referenced and unlocked, or 0 with the reason
// (namex's) in *err when err is not 0. Inside a transaction.
struct inode*
namei(char *path, int *err)
{
  char name[DIRSIZ];
  int e;

  return namex(path, 0, name, err ? err : &e);
}

// The directory holding path's last element, referenced and unlocked,
// with that element copied into name (DIRSIZ bytes, NUL-terminated only
// if shorter); 0 if there is none, with the reason (namex's) in *err
// when err is not 0. Inside a transaction.
struct inode*
nameiparent(char *path, char *name, int *err)
{
  int e;

  return namex(path, 1, name, err ? err : &e);
}
