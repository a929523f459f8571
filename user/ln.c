// ln: give an existing file a second name (a hard link).
// A user program with no state.
#include "types.h"
#include "stat.h"
#include "user.h"

int
main(int argc, char *argv[])
{
  if(argc != 3){
    printf(2, "usage: ln old new\n");
    exit();
  }
  if(link(argv[1], argv[2]) < 0)
    printf(2, "ln: cannot link %s to %s: %s\n", argv[2], argv[1],
           strerror(errno));
  exit();
}
