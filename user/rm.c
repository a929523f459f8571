// rm: remove each file (or empty directory) named as an argument,
// stopping at the first failure. A user program with no state.
#include "types.h"
#include "stat.h"
#include "user.h"

int
main(int argc, char *argv[])
{
  int i;

  if(argc < 2){
    printf(2, "usage: rm file...\n");
    exit();
  }
  for(i = 1; i < argc; i++){
    if(unlink(argv[i]) < 0){
      printf(2, "rm: %s failed to delete: %s\n", argv[i], strerror(errno));
      break;
    }
  }
  exit();
}
