// crashload: the crash test's workload (tests/crash.py), a user program.
//
//   crashload RUN [OPS]
//
// Changes the files /cr0 .. /cr5 at random, for OPS operations or (0, the
// default) until the machine is killed under it: creates them, deletes
// them, writes whole 512-byte chunks with write() (one chunk or several:
// a long write spans several log transactions), and stores into a
// chunk through a MAP_SHARED mapping made durable with msync(MS_SYNC).
// Before each operation it prints what it is about to do, and after the
// operation has returned it prints that it completed (printf makes each
// line one write(), so the console never splits it):
//
//   CL> N W file chunk count    write chunks [chunk, chunk+count)
//   CL> N M file chunk          store one chunk through mmap, msync
//   CL> N C file                create the (absent) file, empty
//   CL> N D file                delete the file
//   CL< N                       operation N has completed
//
// Operation N writes chunk c of file f as chunkfill(RUN, f, c, N), which
// tests/crash.py computes too: after a crash each chunk must hold what
// the last completed operation on it wrote, or what the one operation
// still in progress was writing. RUN keeps the contents of different
// runs on the same image apart. At start it prints "CL state f size"
// for every file it finds, and "CL ready".
//
// Files are closed before they are deleted (a removed file still open
// at a crash would be lost space, which is xv6's design, not a bug the
// crash test is after), and the working directory is /.
#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "mman.h"
#include "user.h"

#define NF       6     // files
#define CHUNK    512   // bytes per chunk (one disk block)
#define MAXCH    40    // chunks per file: past the direct blocks
#define MAXRUN   12    // chunks one write() may write
#define PAGE     4096

static char chunkbuf[MAXRUN * CHUNK];
static char skipbuf[MAXCH * CHUNK];
static int exists[NF];
static int nchunks[NF];
static int run;
static uint rnd;

static uint
next(void)
{
  return xorshift(&rnd);
}

static char*
fname(int f)
{
  static char name[4] = "cr0";

  name[2] = '0' + f;
  return name;
}

// Append the decimal digits of n to s; returns the new end.
static char*
putnum(char *s, uint n)
{
  char tmp[12];
  int i = 0;

  do {
    tmp[i++] = '0' + n % 10;
    n /= 10;
  } while(n);
  while(i > 0)
    *s++ = tmp[--i];
  return s;
}

// The contents operation op of run gives chunk c of file f: the tag
// "r<run> f<f> c<c> n<op>;" repeated over the chunk's 512 bytes.
static void
chunkfill(char *dst, int f, int c, int op)
{
  char tag[48], *t;
  int i, n;

  t = tag;
  *t++ = 'r';
  t = putnum(t, run);
  *t++ = ' ';
  *t++ = 'f';
  t = putnum(t, f);
  *t++ = ' ';
  *t++ = 'c';
  t = putnum(t, c);
  *t++ = ' ';
  *t++ = 'n';
  t = putnum(t, op);
  *t++ = ';';
  n = t - tag;
  for(i = 0; i < CHUNK; i++)
    dst[i] = tag[i % n];
}

static void
die(char *what, int f)
{
  printf(1, "crashload: %s %s failed\n", what, fname(f));
  exit();
}

static void
opwrite(int op, int f, int c, int k)
{
  int fd, i;

  printf(1, "CL> %d W %d %d %d\n", op, f, c, k);
  for(i = 0; i < k; i++)
    chunkfill(chunkbuf + i * CHUNK, f, c + i, op);
  if((fd = open(fname(f), O_RDWR)) < 0)
    die("open", f);
  // No lseek: read up to the first chunk.
  if(c > 0 && read(fd, skipbuf, c * CHUNK) != c * CHUNK)
    die("read", f);
  if(write(fd, chunkbuf, k * CHUNK) != k * CHUNK)
    die("write", f);
  close(fd);
  if(c + k > nchunks[f])
    nchunks[f] = c + k;
}

static void
opmsync(int op, int f, int c)
{
  int fd, pg;
  char *m;

  if((fd = open(fname(f), O_RDWR)) < 0)
    die("open", f);
  pg = c / (PAGE / CHUNK);
  m = mmap(0, PAGE, PROT_READ|PROT_WRITE, MAP_SHARED, fd, pg * PAGE);
  if(m == MAP_FAILED)
    die("mmap", f);
  close(fd);
  chunkfill(chunkbuf, f, c, op);
  printf(1, "CL> %d M %d %d\n", op, f, c);
  memmove(m + (c % (PAGE / CHUNK)) * CHUNK, chunkbuf, CHUNK);
  if(msync(m, PAGE, MS_SYNC) < 0)
    die("msync", f);
  printf(1, "CL< %d\n", op);
  if(munmap(m, PAGE) < 0)
    die("munmap", f);
}

int
main(int argc, char *argv[])
{
  struct stat st;
  int op, ops, f, c, k, r, fd;

  if(argc < 2){
    printf(2, "usage: crashload run [ops]\n");
    exit();
  }
  run = atoi(argv[1]);
  ops = argc > 2 ? atoi(argv[2]) : 0;
  rnd = 2463534242u ^ (run * 2654435761u);
  if(rnd == 0)
    rnd = 1;
  if(chdir("/") < 0)
    die("chdir", 0);
  for(f = 0; f < NF; f++){
    if((fd = open(fname(f), O_RDONLY)) >= 0){
      if(fstat(fd, &st) < 0)
        die("fstat", f);
      close(fd);
      exists[f] = 1;
      nchunks[f] = st.size / CHUNK;
      printf(1, "CL state %d %d\n", f, st.size);
    }
  }
  printf(1, "CL ready\n");

  for(op = 1; ops == 0 || op <= ops; op++){
    f = next() % NF;
    r = next() % 100;
    if(!exists[f]){
      printf(1, "CL> %d C %d\n", op, f);
      if((fd = open(fname(f), O_CREATE | O_RDWR)) < 0)
        die("create", f);
      close(fd);
      exists[f] = 1;
      nchunks[f] = 0;
    } else if(r < 60 || nchunks[f] == 0){
      c = next() % (nchunks[f] + 1);
      k = next() % 4 == 0 ? 1 + next() % MAXRUN : 1;
      if(c + k > MAXCH){
        c = 0;
        if(k > MAXCH)
          k = MAXCH;
      }
      opwrite(op, f, c, k);
    } else if(r < 92){
      opmsync(op, f, next() % nchunks[f]);
      continue;  // it said "CL<" itself, before munmap
    } else {
      printf(1, "CL> %d D %d\n", op, f);
      if(unlink(fname(f)) < 0)
        die("unlink", f);
      exists[f] = 0;
      nchunks[f] = 0;
    }
    printf(1, "CL< %d\n", op);
  }
  printf(1, "CL done\n");
  exit();
}
