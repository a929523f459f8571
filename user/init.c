// init: the first user program. Sets up the console as file descriptors
// 0, 1 and 2, then keeps a shell running forever, reaping on the way any
// orphaned process the kernel hands to it. A user program; it creates
// the /console device file if the image lacks it. It must never exit:
// the kernel cannot run without it (kill refuses to kill it).
#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "user.h"

// Clock ticks to wait before trying again when fork fails.
#define RETRY_TICKS 50

static char *shargv[] = { "sh", 0 };

// Open the console as fd 0 and duplicate it to 1 and 2.
static void
openconsole(void)
{
  if(open("console", O_RDWR) < 0){
    mknod("console", 1, 1);
    if(open("console", O_RDWR) < 0)
      exit();  // nowhere to complain to
  }
  dup(0);
  dup(0);
}

int
main(void)
{
  int pid, wpid;

  openconsole();
  for(;;){
    printf(1, "init: starting sh\n");
    pid = fork();
    if(pid < 0){
      // The process table or memory is full, perhaps only for a moment:
      // init must not exit (the kernel panics), so try again later. The
      // table may be full of orphans that exited since sh did: reap one
      // first (wait returns at once if init has no children; with live
      // orphans it waits until one exits, which frees a slot).
      printf(1, "init: fork failed; retrying\n");
      wait();
      sleep(RETRY_TICKS);
      continue;
    }
    if(pid == 0){
      exec("/sh", shargv);
      printf(1, "init: exec sh failed\n");
      exit();
    }
    // Every exit reported here is the shell's or an orphan's.
    while((wpid = wait()) >= 0 && wpid != pid)
      ;
  }
}
