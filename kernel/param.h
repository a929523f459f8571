// Tunable limits of the kernel, one place for all of them.
#define NPROC        64  // maximum number of processes
#define KSTACKSIZE 4096  // size of per-process kernel stack
#define NCPU          8  // maximum number of CPUs
#define NOFILE       16  // open files per process
#define NFILE       100  // open files per system
#define NINODE       50  // maximum number of active i-nodes
#define NDEV         10  // maximum major device number
#define ROOTDEV       1  // device number of file system root disk
#define MAXARG       32  // max exec arguments
#define MAXPATH     128  // longest path a system call takes, NUL included
// Max # of blocks any FS op writes. Freeing a scattered file may touch
// every free-bitmap block (FSSIZE/BPB = 16) plus its inode and directory
// blocks, so this must stay above that; bigger also means fewer
// transactions for large writes.
#define MAXOPBLOCKS  24
#define LOGSIZE      (MAXOPBLOCKS*3)  // max data blocks in on-disk log
#define NBUF         (LOGSIZE+8)      // size of disk block cache (the log
                                      // pins its blocks; keep some free)
#define FSSIZE       65536  // size of file system in blocks (32 MiB)

// kmalloc (kernel/mm/kmalloc.c)
#define KMALLOC_MAX  4096  // largest request kmalloc serves (one page)
#define KMUSER_MAX     64  // test allocations a process may hold at once

// memory regions (kernel/mm/vma.c, kernel/mm/mmap.c)
#define VMA_MAX     16384  // regions per process
#define VMCHECK_TABLES 16  // mmap-area page tables, in all, vmcheck's
                               // reference-count check walks at most
