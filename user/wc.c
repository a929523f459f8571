// wc: count lines, words and bytes of each named file, or of standard
// input if none. A user program; it only reads.
#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "user.h"

static char buf[1024];

static int
isspace(char c)
{
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v';
}

// Count fd to its end and print one line labelled name.
static void
count(int fd, char *name)
{
  int n, i, lines = 0, words = 0, bytes = 0, inword = 0;

  while((n = read(fd, buf, sizeof(buf))) > 0){
    bytes += n;
    for(i = 0; i < n; i++){
      if(buf[i] == '\n')
        lines++;
      if(isspace(buf[i]))
        inword = 0;
      else if(!inword){
        words++;
        inword = 1;
      }
    }
  }
  if(n < 0){
    printf(2, "wc: read error\n");
    exit();
  }
  printf(1, "%d %d %d %s\n", lines, words, bytes, name);
}

int
main(int argc, char *argv[])
{
  int fd, i;

  if(argc <= 1){
    count(0, "");
    exit();
  }
  for(i = 1; i < argc; i++){
    if((fd = open(argv[i], O_RDONLY)) < 0){
      printf(2, "wc: cannot open %s\n", argv[i]);
      exit();
    }
    count(fd, argv[i]);
    close(fd);
  }
  exit();
}
