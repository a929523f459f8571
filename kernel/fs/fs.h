// On-disk file system format, shared by the kernel and mkfs.
//
// Disk layout, in blocks of BSIZE bytes:
// [ boot block | super block | log | inode blocks | free bit map | data blocks ]
//
// mkfs computes the super block; the kernel reads it at boot.

#define ROOTINO 1  // root i-number
#define BSIZE 512  // block size

struct superblock {
  uint size;         // Size of file system image (blocks)
  uint nblocks;      // Number of data blocks
  uint ninodes;      // Number of inodes.
  uint nlog;         // Number of log blocks
  uint logstart;     // Block number of first log block
  uint inodestart;   // Block number of first inode block
  uint bmapstart;    // Block number of first free map block
};

// An inode addresses its data through NDIRECT direct blocks, then one
// singly-indirect block (NINDIRECT more) and one doubly-indirect block
// (NINDIRECT*NINDIRECT more): 11 + 128 + 16384 blocks, a little over 8 MiB.
#define NDIRECT 11
#define NINDIRECT (BSIZE / sizeof(uint))
#define NDINDIRECT (NINDIRECT * NINDIRECT)
#define MAXFILE (NDIRECT + NINDIRECT + NDINDIRECT)

// On-disk inode structure (64 bytes)
struct dinode {
  short type;           // File type
  short major;          // Major device number (T_DEV only)
  short minor;          // Minor device number (T_DEV only)
  short nlink;          // Number of links to inode in file system
  uint size;            // Size of file (bytes)
  uint addrs[NDIRECT+2];   // direct, indirect, doubly-indirect
};

// Inodes per block.
#define IPB           (BSIZE / sizeof(struct dinode))

// Block containing inode i
#define IBLOCK(i, sb)     ((i) / IPB + sb.inodestart)

// Bitmap bits per block
#define BPB           (BSIZE*8)

// Block of free map containing bit for block b
#define BBLOCK(b, sb) (b/BPB + sb.bmapstart)

// Directory is a file containing a sequence of dirent structures.
#define DIRSIZ 14

struct dirent {
  ushort inum;
  char name[DIRSIZ];
};
