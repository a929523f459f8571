// mmapdemo: the smallest mmap program, to watch a page arrive.
// It maps four anonymous pages, stores one byte into the second (the
// first touch faults it in: mmap_fault), prints the address and what it
// reads back, and unmaps. Used by the gdb test (tests/gdbtest.py) and
// by README's gdb walk-through.
#include "types.h"
#include "stat.h"
#include "user.h"

int
main(void)
{
  char *p;

  p = mmap(0, 4 * 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0);
  if(p == MAP_FAILED){
    printf(2, "mmapdemo: mmap failed\n");
    exit();
  }
  p[4096] = 'x';
  printf(1, "mmapdemo: stored '%c' at 0x%x\n", p[4096], (uint)(p + 4096));
  if(munmap(p, 4 * 4096) < 0)
    printf(2, "mmapdemo: munmap failed\n");
  exit();
}
