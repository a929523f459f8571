// echo: print the arguments, separated by spaces, and a newline.
// A user program with no state.
#include "types.h"
#include "stat.h"
#include "user.h"

int
main(int argc, char *argv[])
{
  int i;

  for(i = 1; i < argc; i++)
    printf(1, "%s%s", argv[i], i + 1 < argc ? " " : "\n");
  if(argc <= 1)
    printf(1, "\n");
  exit();
}
