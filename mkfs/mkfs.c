// mkfs: build a file system image for the kernel, on the host.
//
//   mkfs fs.img file...
//
// Writes an image of FSSIZE blocks in the layout of kernel/fs/fs.h (boot
// block, super block, log, inodes, free bitmap, data) with a root
// directory holding "." and ".." and a copy of each file, named by its
// base name without one leading '_' (user/_cat becomes /cat, fs/README
// becomes /README). Any error (a bad name, the image or inode table
// filling up, a file larger than MAXFILE blocks) removes the image and
// exits with status 1, so make never keeps a half-built one.
//
// This is a 64-bit host program: the kernel headers' uint is 32 bits
// here too, but NINDIRECT and friends are size_t, and the host's byte
// order may differ from the disk's. Every multi-byte value stored on
// disk therefore passes through xshort/xint, which give the disk's
// little-endian order (and, applied again, undo it).
//
// It may not include host headers that define struct stat (the kernel's
// stat.h would clash) and uses only stdio for files.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>

#include "types.h"
#include "fs.h"
#include "stat.h"
#include "param.h"

#define NINODES 1000

// The log area is a header block plus LOGSIZE blocks of copies.
#define NLOG        (LOGSIZE + 1)
#define NINODEBLK   (NINODES / IPB + 1)
#define NBITMAP     ((FSSIZE + BPB - 1) / BPB)
#define NMETA       (2 + NLOG + NINODEBLK + NBITMAP)

// What the kernel assumes about the on-disk structures.
_Static_assert(sizeof(struct dinode) == 64, "dinode must be 64 bytes");
_Static_assert(BSIZE % sizeof(struct dinode) == 0, "inodes straddle blocks");
_Static_assert(BSIZE % sizeof(struct dirent) == 0, "dirents straddle blocks");
_Static_assert(sizeof(uint) == 4, "uint must be 32 bits");
_Static_assert((1 + LOGSIZE) * sizeof(int) <= BSIZE, "log header too big");
_Static_assert(NMETA < FSSIZE, "no room for data");

static FILE *img;
static const char *imgname;
static const char *adding = "the root directory";  // for error messages
static struct superblock sb;
static uint freeinode = 1;
static uint freeblock = NMETA;

// Report an error, remove the half-written image and exit.
static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
  va_list ap;

  fprintf(stderr, "mkfs: ");
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\n");
  if(img){
    fclose(img);
    remove(imgname);
  }
  exit(1);
}

// x in the disk's (little-endian) byte order; also converts back.
static ushort
xshort(ushort x)
{
  ushort y;
  uchar *a = (uchar*)&y;

  a[0] = x;
  a[1] = x >> 8;
  return y;
}

static uint
xint(uint x)
{
  uint y;
  uchar *a = (uchar*)&y;

  a[0] = x;
  a[1] = x >> 8;
  a[2] = x >> 16;
  a[3] = x >> 24;
  return y;
}

// Move img's position to block sec, for wsect and rsect; what fseek
// returns.
static int
seeksect(uint sec)
{
  if(sec >= FSSIZE)
    die("internal error: block %u out of range", sec);
  return fseek(img, (long)sec * BSIZE, SEEK_SET);
}

static void
wsect(uint sec, void *buf)
{
  if(seeksect(sec) != 0 || fwrite(buf, BSIZE, 1, img) != 1)
    die("%s: write failed", imgname);
}

static void
rsect(uint sec, void *buf)
{
  if(seeksect(sec) != 0 || fread(buf, BSIZE, 1, img) != 1)
    die("%s: read failed", imgname);
}

static void
winode(uint inum, struct dinode *ip)
{
  char buf[BSIZE];
  uint bn;

  bn = IBLOCK(inum, sb);
  rsect(bn, buf);
  ((struct dinode*)buf)[inum % IPB] = *ip;
  wsect(bn, buf);
}

static void
rinode(uint inum, struct dinode *ip)
{
  char buf[BSIZE];

  rsect(IBLOCK(inum, sb), buf);
  *ip = ((struct dinode*)buf)[inum % IPB];
}

// A fresh inode of the given type with one link; its number.
static uint
ialloc(short type)
{
  struct dinode din;
  uint inum;

  if(freeinode >= NINODES)
    die("out of inodes adding %s", adding);
  inum = freeinode++;
  memset(&din, 0, sizeof(din));
  din.type = xshort(type);
  din.nlink = xshort(1);
  din.size = xint(0);
  winode(inum, &din);
  return inum;
}

// A fresh data block. The image starts out zeroed, so it reads as zeros.
static uint
balloc(void)
{
  if(freeblock >= FSSIZE)
    die("image full adding %s", adding);
  return freeblock++;
}

// Slot i of din->addrs, allocated if empty.
static uint
addrs_slot(struct dinode *din, uint i)
{
  if(xint(din->addrs[i]) == 0)
    din->addrs[i] = xint(balloc());
  return xint(din->addrs[i]);
}

// Entry i of index block ind, allocated if empty.
static uint
index_slot(uint ind, uint i)
{
  uint a[NINDIRECT];

  rsect(ind, a);
  if(xint(a[i]) == 0){
    a[i] = xint(balloc());
    wsect(ind, a);
  }
  return xint(a[i]);
}

// The disk block holding block bn of the file, allocating it and any
// index blocks on the way.
static uint
bmap(struct dinode *din, uint bn)
{
  if(bn < NDIRECT)
    return addrs_slot(din, bn);
  bn -= NDIRECT;
  if(bn < NINDIRECT)
    return index_slot(addrs_slot(din, NDIRECT), bn);
  bn -= NINDIRECT;
  if(bn < NDINDIRECT)
    return index_slot(index_slot(addrs_slot(din, NDIRECT+1), bn / NINDIRECT),
                      bn % NINDIRECT);
  die("%s is larger than %u bytes", adding, (uint)(MAXFILE * BSIZE));
}

// Append n bytes at p to inode inum.
static void
iappend(uint inum, void *p, uint n)
{
  struct dinode din;
  char buf[BSIZE];
  char *src = p;
  uint off, bn, m, sec;

  rinode(inum, &din);
  off = xint(din.size);
  while(n > 0){
    bn = off / BSIZE;
    sec = bmap(&din, bn);
    m = BSIZE - off % BSIZE;
    if(m > n)
      m = n;
    rsect(sec, buf);
    memmove(buf + off % BSIZE, src, m);
    wsect(sec, buf);
    n -= m;
    off += m;
    src += m;
  }
  din.size = xint(off);
  winode(inum, &din);
}

// Add the entry (name, inum) to directory dir.
static void
dirappend(uint dir, const char *name, uint inum)
{
  struct dirent de;
  size_t len;

  // A name of exactly DIRSIZ characters fills de.name with no NUL.
  len = strlen(name);
  if(len > DIRSIZ)
    die("internal error: name %s too long", name);
  memset(&de, 0, sizeof(de));
  de.inum = xshort(inum);
  memmove(de.name, name, len);
  iappend(dir, &de, sizeof(de));
}

// Mark blocks [0, freeblock) used in the free bitmap.
static void
writebitmap(void)
{
  uchar buf[BSIZE];
  uint i, b;

  for(i = 0; i < NBITMAP; i++){
    memset(buf, 0, sizeof(buf));
    for(b = 0; b < BPB && i * BPB + b < freeblock; b++)
      buf[b / 8] |= 1 << (b % 8);
    wsect(sb.bmapstart + i, buf);
  }
}

// The name path gets in the root directory: its base name, minus one
// leading '_'.
static const char*
rootname(const char *path)
{
  const char *s;

  s = strrchr(path, '/');
  s = s ? s + 1 : path;
  if(*s == '_')
    s++;
  return s;
}

// Copy the host file path into the root directory as name.
static void
addfile(uint rootino, const char *path, const char *name)
{
  char buf[BSIZE * 16];
  FILE *f;
  size_t n;
  uint inum;

  if((f = fopen(path, "rb")) == 0)
    die("cannot open %s", path);
  inum = ialloc(T_FILE);
  dirappend(rootino, name, inum);
  while((n = fread(buf, 1, sizeof(buf), f)) > 0)
    iappend(inum, buf, n);
  if(ferror(f))
    die("cannot read %s", path);
  fclose(f);
}

int
main(int argc, char *argv[])
{
  char zeroes[BSIZE], buf[BSIZE];
  const char *name;
  uint i, rootino;
  int a, b;

  if(argc < 2){
    fprintf(stderr, "usage: mkfs fs.img file...\n");
    return 1;
  }

  // Check every name before touching the image.
  for(a = 2; a < argc; a++){
    name = rootname(argv[a]);
    if(*name == 0 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0){
      fprintf(stderr, "mkfs: %s: no usable file name\n", argv[a]);
      return 1;
    }
    if(strlen(name) > DIRSIZ){
      fprintf(stderr, "mkfs: %s: name %s longer than %d characters\n",
              argv[a], name, DIRSIZ);
      return 1;
    }
    for(b = 2; b < a; b++){
      if(strcmp(name, rootname(argv[b])) == 0){
        fprintf(stderr, "mkfs: %s and %s would both be /%s\n",
                argv[b], argv[a], name);
        return 1;
      }
    }
  }

  imgname = argv[1];
  if((img = fopen(imgname, "w+b")) == 0){
    fprintf(stderr, "mkfs: cannot create %s\n", imgname);
    return 1;
  }

  sb.size = xint(FSSIZE);
  sb.nblocks = xint(FSSIZE - NMETA);
  sb.ninodes = xint(NINODES);
  sb.nlog = xint(NLOG);
  sb.logstart = xint(2);
  sb.inodestart = xint(2 + NLOG);
  sb.bmapstart = xint(2 + NLOG + NINODEBLK);

  memset(zeroes, 0, sizeof(zeroes));
  for(i = 0; i < FSSIZE; i++)
    wsect(i, zeroes);
  memset(buf, 0, sizeof(buf));
  memmove(buf, &sb, sizeof(sb));
  wsect(1, buf);

  // The macros IBLOCK and BBLOCK read sb; from here on use host order.
  sb.size = FSSIZE;
  sb.nblocks = FSSIZE - NMETA;
  sb.ninodes = NINODES;
  sb.nlog = NLOG;
  sb.logstart = 2;
  sb.inodestart = 2 + NLOG;
  sb.bmapstart = 2 + NLOG + NINODEBLK;

  rootino = ialloc(T_DIR);
  if(rootino != ROOTINO)
    die("internal error: root is inode %u", rootino);
  dirappend(rootino, ".", rootino);
  dirappend(rootino, "..", rootino);

  for(a = 2; a < argc; a++){
    adding = argv[a];
    addfile(rootino, argv[a], rootname(argv[a]));
  }

  writebitmap();
  if(fclose(img) != 0){
    img = 0;
    remove(imgname);
    fprintf(stderr, "mkfs: %s: write failed\n", imgname);
    return 1;
  }
  printf("mkfs: %s: %d blocks (%d meta, %d data, %u used), %u inodes used\n",
         imgname, FSSIZE, (int)NMETA, (int)(FSSIZE - NMETA), freeblock,
         freeinode - 1);
  return 0;
}
