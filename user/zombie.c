// zombie: leave a child that has exited but not been waited for, then
// exit; init must inherit and reap it. A user program with no state.
#include "types.h"
#include "stat.h"
#include "user.h"

int
main(void)
{
  if(fork() > 0)
    sleep(5);  // the child exits first and stays a zombie meanwhile
  exit();
}
