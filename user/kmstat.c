// kmstat: print the kernel small-object allocator's and the page
// cache's statistics.
//
// A user program; it only reads what the kmstat system call returns and
// changes nothing. Usage: kmstat

#include "types.h"
#include "user.h"

int
main(void)
{
  struct kmstat st;
  uint held;
  int i;

  if(kmstat(&st) < 0){
    printf(2, "kmstat: cannot read the statistics\n");
    exit();
  }
  printf(1, " size     live      bytes\n");
  for(i = 0; i < KM_NCLASS; i++)
    printf(1, "%5u %8u %10u\n", st.size[i], st.live[i],
           st.live[i] * st.size[i]);
  held = st.pages * 4096;
  printf(1, "in use %u bytes in %u pages (%u bytes)", st.bytes, st.pages,
         held);
  if(st.pages > 0)   // bytes per page first: bytes * 100 could overflow
    printf(1, ", %u%% used", st.bytes / st.pages * 100 / 4096);
  printf(1, "\n");
  printf(1, "page cache: %u pages, %u dirty, %u held by the cache alone\n",
         st.cpages, st.cdirty, st.cidle);
  printf(1, "page cache: %u hits, %u misses, %u pages reclaimed, "
         "%u written back\n", st.chits, st.cmisses, st.creclaimed,
         st.cwritten);
  exit();
}
