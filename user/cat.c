// cat: copy each named file, or standard input if none, to standard
// output. A user program; it touches nothing but the files it names.
#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "user.h"

static char buf[1024];

// Copy everything readable from fd to standard output; exits on error.
static void
copyfd(int fd, char *name)
{
  int n;

  while((n = read(fd, buf, sizeof(buf))) > 0){
    if(write(1, buf, n) != n){
      printf(2, "cat: write error\n");
      exit();
    }
  }
  if(n < 0){
    printf(2, "cat: read error on %s\n", name);
    exit();
  }
}

int
main(int argc, char *argv[])
{
  int fd, i;

  if(argc <= 1){
    copyfd(0, "standard input");
    exit();
  }
  for(i = 1; i < argc; i++){
    if((fd = open(argv[i], O_RDONLY)) < 0){
      printf(2, "cat: cannot open %s: %s\n", argv[i], strerror(errno));
      exit();
    }
    copyfd(fd, argv[i]);
    close(fd);
  }
  exit();
}
