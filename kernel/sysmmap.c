// sysmmap.c: placeholder until the region code lands (issue 5).
#include "types.h"
#include "defs.h"

int sys_mmap(void) { return -1; }
int sys_munmap(void) { return -1; }
int sys_mprotect(void) { return -1; }
int sys_msync(void) { return -1; }
int sys_vmregions(void) { return -1; }
int sys_vmcheck(void) { return -1; }
