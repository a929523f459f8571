// stressfs: several processes write and read back their own files at
// the same time, to shake out locking bugs in the file system. Prints
// "stressfs ok" at the end, or an "error" line. A user program; it
// creates and removes the files stressfs0.. in the current directory.
#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "user.h"

#define NWORKER 4
#define NBLOCK  20

static char buf[512];

// Print an error line, "what name", close fd unless it is -1, and
// return -1.
static int
error(char *what, char *name, int fd)
{
  printf(1, "stressfs: error: %s %s\n", what, name);
  if(fd >= 0)
    close(fd);
  return -1;
}

// Write NBLOCK blocks of the worker's letter to its file, read them back
// and check them. Returns 0, or -1 after printing an error.
static int
stress(int id)
{
  char name[] = "stressfs0";
  int fd, i, j;

  name[8] += id;
  memset(buf, 'a' + id, sizeof(buf));
  if((fd = open(name, O_CREATE | O_RDWR)) < 0)
    return error("cannot create", name, -1);
  for(i = 0; i < NBLOCK; i++)
    if(write(fd, buf, sizeof(buf)) != sizeof(buf))
      return error("write", name, fd);
  close(fd);

  if((fd = open(name, O_RDONLY)) < 0)
    return error("cannot reopen", name, -1);
  for(i = 0; i < NBLOCK; i++){
    if(read(fd, buf, sizeof(buf)) != sizeof(buf))
      return error("short read", name, fd);
    for(j = 0; j < sizeof(buf); j++)
      if(buf[j] != 'a' + id)
        return error("bad data in", name, fd);
  }
  close(fd);
  if(unlink(name) < 0)
    return error("cannot remove", name, -1);
  return 0;
}

int
main(void)
{
  int id, pid, i;

  printf(1, "stressfs starting\n");
  for(id = 0; id < NWORKER; id++){
    pid = fork();
    if(pid < 0){
      printf(1, "stressfs: error: fork failed\n");
      break;
    }
    if(pid == 0){
      stress(id);
      exit();
    }
  }
  for(i = 0; i < id; i++)
    wait();
  printf(1, "stressfs done\n");
  exit();
}
