// sleep: wait for N clock ticks (about N/100 seconds), then exit.
// With `sleep 1000 &` a learner has a running process to look at with
// pmap PID or Ctrl-P.
#include "types.h"
#include "stat.h"
#include "user.h"

int
main(int argc, char *argv[])
{
  int n;

  if(argc != 2 || (n = atoi(argv[1])) < 0){
    printf(2, "usage: sleep TICKS\n");
    exit();
  }
  sleep(n);
  exit();
}
