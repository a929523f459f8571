// ls: list directories (or describe files): one line per entry with its
// name, type (1 dir, 2 file, 3 device), inode number and size. A user
// program; it only reads.
#include "types.h"
#include "stat.h"
#include "fs.h"
#include "fcntl.h"
#include "user.h"

// The last component of path, padded with spaces to DIRSIZ columns.
static char*
basename(char *path)
{
  static char name[DIRSIZ+1];
  char *p;
  int n;

  p = path + strlen(path);
  while(p > path && p[-1] != '/')
    p--;
  n = strlen(p);
  if(n >= DIRSIZ)
    return p;
  memmove(name, p, n);
  memset(name + n, ' ', DIRSIZ - n);
  name[DIRSIZ] = 0;
  return name;
}

static void
printentry(char *name, struct stat *st)
{
  printf(1, "%s %d %d %d\n", basename(name), st->type, st->ino, st->size);
}

// List every entry of the directory open as fd, whose path is path.
static void
listdir(int fd, char *path)
{
  char buf[512], *p;
  struct dirent de;
  struct stat st;

  if(strlen(path) + 1 + DIRSIZ + 1 > sizeof(buf)){
    printf(2, "ls: path too long\n");
    return;
  }
  strcpy(buf, path);
  p = buf + strlen(buf);
  *p++ = '/';
  while(read(fd, &de, sizeof(de)) == sizeof(de)){
    if(de.inum == 0)
      continue;  // a free slot
    memmove(p, de.name, DIRSIZ);
    p[DIRSIZ] = 0;
    if(stat(buf, &st) < 0){
      printf(2, "ls: cannot stat %s\n", buf);
      continue;
    }
    printentry(buf, &st);
  }
}

static void
ls(char *path)
{
  int fd;
  struct stat st;

  if((fd = open(path, O_RDONLY)) < 0){
    printf(2, "ls: cannot open %s: %s\n", path, strerror(errno));
    return;
  }
  if(fstat(fd, &st) < 0){
    printf(2, "ls: cannot stat %s\n", path);
    close(fd);
    return;
  }
  if(st.type == T_DIR)
    listdir(fd, path);
  else
    printentry(path, &st);
  close(fd);
}

int
main(int argc, char *argv[])
{
  int i;

  if(argc < 2)
    ls(".");
  for(i = 1; i < argc; i++)
    ls(argv[i]);
  exit();
}
