// forktest: fork until the process table is full, then make sure every
// child can be waited for and that wait() then reports no children.
// Prints "fork test OK" on success. A user program with no state.
#include "types.h"
#include "stat.h"
#include "user.h"

#define TRIES 1000  // far more than NPROC: fork must fail before this

static void
forktest(void)
{
  int n, pid;

  printf(1, "fork test\n");
  for(n = 0; n < TRIES; n++){
    pid = fork();
    if(pid < 0)
      break;
    if(pid == 0)
      exit();
  }
  if(n == TRIES){
    printf(1, "fork test: fork never failed (%d children)\n", TRIES);
    exit();
  }
  for(; n > 0; n--){
    if(wait() < 0){
      printf(1, "fork test: wait stopped early\n");
      exit();
    }
  }
  if(wait() != -1){
    printf(1, "fork test: wait found an extra child\n");
    exit();
  }
  printf(1, "fork test OK\n");
}

int
main(void)
{
  forktest();
  exit();
}
