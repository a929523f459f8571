// mkdir: create each directory named as an argument, stopping at the
// first that cannot be made. A user program with no state.
#include "types.h"
#include "stat.h"
#include "user.h"

int
main(int argc, char *argv[])
{
  int i;

  if(argc < 2){
    printf(2, "usage: mkdir dir...\n");
    exit();
  }
  for(i = 1; i < argc; i++){
    if(mkdir(argv[i]) < 0){
      printf(2, "mkdir: %s failed to create: %s\n", argv[i], strerror(errno));
      break;
    }
  }
  exit();
}
