// mmap.c: placeholder until the region code lands (issue 5).
#include "types.h"
#include "defs.h"

int
mmap_fault(struct proc *p, uint va, int write)
{
  return -1;
}

int
mmap_fork(struct proc *parent, struct proc *child)
{
  return 0;
}

void
mmap_exit(struct proc *p)
{
}

void
mmap_dump(struct proc *p)
{
}
