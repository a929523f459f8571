// pmap: print the memory regions of a process, which are all of its
// memory, one per line, in the form of Linux's /proc/PID/maps:
//
//   00000000-00002000 r-xp 00001000 inode 17 2 [text]
//   0000f000-00010000 ---p 00000000 anon 0 [guard]
//   40003000-40005000 r--s 00001000 inode 7 1
//
// start-end, protection and private/shared, file offset, the file's
// inode number (or anon), the number of resident pages, and what the
// region is to the program (mman.h's vmr_name: [text], [rodata],
// [data], [bss], [guard], [stack], [heap]; nothing for a mapping). With
// no argument it lists its own. A user program: it only reads, through
// the vmregions system call.
#include "types.h"
#include "user.h"

#define NSHOW 256  // regions listed at most; the rest are only counted

static struct vmregion regs[NSHOW];

static void
usage(void)
{
  printf(2, "usage: pmap [pid]\n");
  exit();
}

// Print one region as a maps-style line.
static void
printregion(struct vmregion *r)
{
  printf(1, "%08x-%08x %c%c%c%c %08x ", r->start, r->end,
         r->prot & PROT_READ ? 'r' : '-',
         r->prot & PROT_WRITE ? 'w' : '-',
         r->prot & PROT_EXEC ? 'x' : '-',
         r->flags & MAP_SHARED ? 's' : 'p',
         r->offset);
  if(r->flags & MAP_ANONYMOUS)
    printf(1, "anon %d", r->resident);
  else
    printf(1, "inode %d %d", r->inum, r->resident);
  printf(1, " %s\n", vmr_name(r->flags, r->prot));
}

int
main(int argc, char *argv[])
{
  int pid = 0, n, i;

  if(argc > 2)
    usage();
  if(argc == 2){
    if(argv[1][0] < '0' || argv[1][0] > '9' || (pid = atoi(argv[1])) <= 0)
      usage();
  }
  if((n = vmregions(pid, regs, NSHOW)) < 0){
    printf(2, "pmap: no process %d\n", pid);
    exit();
  }
  if(n == 0)
    printf(1, "no regions\n");
  for(i = 0; i < n && i < NSHOW; i++)
    printregion(&regs[i]);
  if(n > NSHOW)
    printf(1, "... and %d more regions not shown\n", n - NSHOW);
  exit();
}
