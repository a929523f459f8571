// usertests, the file system: writes small and huge, many files, files
// shared between processes, concurrent create/link/unlink, directories,
// inode references.
#include "usertests.h"

// ---- file system --------------------------------------------------

// Fail unless the file name exists (want 1) or does not (want 0).
static void
expectfile(char *name, int want)
{
  int fd = open(name, O_RDONLY);

  if(fd >= 0)
    close(fd);
  if(want && fd < 0)
    fail("%s does not exist", name);
  if(!want && fd >= 0)
    fail("%s exists", name);
}

// A call that must fail returned r; what names it in the message.
static void
mustfail(int r, char *what)
{
  if(r >= 0)
    fail("%s succeeded", what);
}

// Create name holding the string s; fails the test if it cannot.
static void
mkfilestr(char *name, char *s)
{
  int fd, n = strlen(s);

  if((fd = open(name, O_CREATE | O_RDWR)) < 0)
    fail("cannot create %s", name);
  if(write(fd, s, n) != n)
    fail("cannot write %s", name);
  close(fd);
}

// Remove name, failing the test if that is not possible.
static void
mustunlink(char *name)
{
  if(unlink(name) < 0)
    fail("cannot unlink %s", name);
}

// Many small writes to one file, then read back.
static void
writetest(void)
{
  int fd, i;

  unlink("small");
  if((fd = open("small", O_CREATE | O_RDWR)) < 0)
    fail("cannot create small");
  for(i = 0; i < 100; i++){
    if(write(fd, "aaaaaaaaaa", 10) != 10)
      fail("write #%d of a's failed", i);
    if(write(fd, "bbbbbbbbbb", 10) != 10)
      fail("write #%d of b's failed", i);
  }
  close(fd);
  if((fd = open("small", O_RDONLY)) < 0)
    fail("cannot reopen small");
  if(read(fd, buf, 2000) != 2000)
    fail("cannot read 2000 bytes back");
  for(i = 0; i < 2000; i++)
    if(buf[i] != ((i / 10) % 2 ? 'b' : 'a'))
      fail("byte %d is '%c'", i, buf[i]);
  if(read(fd, buf, 1) != 0)
    fail("read past the end returned data");
  close(fd);
  mustunlink("small");
}

// A file that needs the doubly-indirect block: 1.6 MiB, written in
// 4 KiB pieces, each 512-byte block starting with its own number.
#define BIGBLOCKS 3200
#define PERWRITE 8

static void
writetest1(void)
{
  struct stat st;
  int fd, i, j, b;

  unlink("big");
  if((fd = open("big", O_CREATE | O_RDWR)) < 0)
    fail("cannot create big");
  for(i = 0; i < BIGBLOCKS; i += PERWRITE){
    for(j = 0; j < PERWRITE; j++){
      memset(buf + j * BSIZE, i + j, BSIZE);
      ((int*)(buf + j * BSIZE))[0] = i + j;
    }
    if(write(fd, buf, PERWRITE * BSIZE) != PERWRITE * BSIZE)
      fail("write of blocks %d..%d failed", i, i + PERWRITE - 1);
  }
  if(fstat(fd, &st) < 0 || st.size != BIGBLOCKS * BSIZE)
    fail("size is %d, expected %d", st.size, BIGBLOCKS * BSIZE);
  close(fd);

  if((fd = open("big", O_RDONLY)) < 0)
    fail("cannot reopen big");
  for(b = 0; b < BIGBLOCKS; b++){
    if(read(fd, buf, BSIZE) != BSIZE)
      fail("read of block %d failed", b);
    if(((int*)buf)[0] != b)
      fail("block %d holds block %d's number", b, ((int*)buf)[0]);
    for(j = sizeof(int); j < BSIZE; j++)
      if(buf[j] != (char)b)
        fail("block %d byte %d is wrong", b, j);
  }
  if(read(fd, buf, 1) != 0)
    fail("read past the end returned data");
  close(fd);
  mustunlink("big");
}

// An 8 MiB file, nearly the largest there can be, in 8 KiB chunks;
// then writing on past MAXFILE must fail instead of corrupting anything.
#define HUGECHUNK 8192
#define HUGECHUNKS 1024

static uint
hugeword(int chunk, int i)
{
  return (chunk * (HUGECHUNK / 4) + i) * 2654435761u;
}

static void
hugefile(void)
{
  struct stat st;
  uint *w = (uint*)buf;
  int fd, c, i, n, extra;

  unlink("huge");
  if((fd = open("huge", O_CREATE | O_RDWR)) < 0)
    fail("cannot create huge");
  for(c = 0; c < HUGECHUNKS; c++){
    for(i = 0; i < HUGECHUNK / 4; i++)
      w[i] = hugeword(c, i);
    if((n = write(fd, buf, HUGECHUNK)) != HUGECHUNK)
      fail("write of chunk %d returned %d", c, n);
  }
  for(extra = 0; extra < 100; extra++)
    if(write(fd, buf, HUGECHUNK) != HUGECHUNK)
      break;
  if(extra == 100)
    fail("writes beyond MAXFILE blocks kept succeeding");
  if(fstat(fd, &st) < 0)
    fail("fstat failed");
  if(st.size < HUGECHUNKS * HUGECHUNK || st.size > MAXFILE * BSIZE)
    fail("size is %d, expected %d to %d", st.size, HUGECHUNKS * HUGECHUNK,
         MAXFILE * BSIZE);
  close(fd);

  if((fd = open("huge", O_RDONLY)) < 0)
    fail("cannot reopen huge");
  for(c = 0; c < HUGECHUNKS; c++){
    if((n = read(fd, buf, HUGECHUNK)) != HUGECHUNK)
      fail("read of chunk %d returned %d", c, n);
    for(i = 0; i < HUGECHUNK / 4; i++)
      if(w[i] != hugeword(c, i))
        fail("chunk %d word %d is wrong", c, i);
  }
  close(fd);
  mustunlink("huge");
}

// Writes of many sizes, up to more than one log transaction holds.
static void
bigwrite(void)
{
  int fd, sz, i;

  for(sz = 499; sz < (MAXOPBLOCKS + 2) * BSIZE; sz += 471){
    unlink("bigwrite");
    if((fd = open("bigwrite", O_CREATE | O_RDWR)) < 0)
      fail("cannot create bigwrite");
    for(i = 0; i < 2; i++)
      if(write(fd, buf, sz) != sz)
        fail("write of %d bytes failed", sz);
    close(fd);
    mustunlink("bigwrite");
  }
}

// Writes of 600 bytes read back in pieces of 300.
#define BFCHUNKS 20

static void
bigfile(void)
{
  int fd, i, j, total = 0;

  unlink("bigfile");
  if((fd = open("bigfile", O_CREATE | O_RDWR)) < 0)
    fail("cannot create bigfile");
  for(i = 0; i < BFCHUNKS; i++){
    memset(buf, i, 600);
    if(write(fd, buf, 600) != 600)
      fail("write #%d failed", i);
  }
  close(fd);
  if((fd = open("bigfile", O_RDONLY)) < 0)
    fail("cannot reopen bigfile");
  for(i = 0; ; i++){
    j = read(fd, buf, 300);
    if(j < 0)
      fail("read #%d failed", i);
    if(j == 0)
      break;
    if(j != 300)
      fail("read #%d returned %d bytes", i, j);
    for(j = 0; j < 300; j++)
      if(buf[j] != i / 2)
        fail("read #%d byte %d is wrong", i, j);
    total += 300;
  }
  close(fd);
  if(total != BFCHUNKS * 600)
    fail("read %d bytes, expected %d", total, BFCHUNKS * 600);
  mustunlink("bigfile");
}

// Many files created, then removed.
#define NCREATE 52

static void
createtest(void)
{
  char name[3];
  int i, fd;

  name[0] = 'a';
  name[2] = 0;
  for(i = 0; i < NCREATE; i++){
    name[1] = '0' + i;
    if((fd = open(name, O_CREATE | O_RDWR)) < 0)
      fail("cannot create %s", name);
    close(fd);
  }
  for(i = 0; i < NCREATE; i++){
    name[1] = '0' + i;
    mustunlink(name);
  }
}

// Four processes, each writing its own file at the same time.
#define FFWRITES 12
#define FFSIZE 500

static void
fourfiles_worker(int id)
{
  char name[3] = { 'f', '0' + id, 0 };
  int fd, i;

  if((fd = open(name, O_CREATE | O_RDWR)) < 0)
    fail("cannot create %s", name);
  memset(buf, '0' + id, FFSIZE);
  for(i = 0; i < FFWRITES; i++)
    if(write(fd, buf, FFSIZE) != FFSIZE)
      fail("write #%d to %s failed", i, name);
  close(fd);
}

static void
fourfiles(void)
{
  char name[3] = { 'f', '0', 0 };
  int id, fd, n, i, total;

  for(id = 0; id < 4; id++){
    name[1] = '0' + id;
    unlink(name);
    spawn(fourfiles_worker, id);
  }
  waitall();
  for(id = 0; id < 4; id++){
    name[1] = '0' + id;
    if((fd = open(name, O_RDONLY)) < 0)
      fail("cannot open %s", name);
    total = 0;
    while((n = read(fd, buf, sizeof(buf))) > 0){
      for(i = 0; i < n; i++)
        if(buf[i] != '0' + id)
          fail("%s byte %d is '%c'", name, total + i, buf[i]);
      total += n;
    }
    close(fd);
    if(total != FFWRITES * FFSIZE)
      fail("%s has %d bytes, expected %d", name, total, FFWRITES * FFSIZE);
    mustunlink(name);
  }
}

// Four processes create files and remove half of them concurrently.
#define CDN 20

static void
createdelete_worker(int id)
{
  char name[3] = { 'p' + id, 0, 0 };
  int i, fd;

  for(i = 0; i < CDN; i++){
    name[1] = '0' + i;
    if((fd = open(name, O_CREATE | O_RDWR)) < 0)
      fail("cannot create %s", name);
    close(fd);
    if(i > 0 && i % 2 == 0){
      name[1] = '0' + i / 2;
      mustunlink(name);
    }
  }
}

static void
createdelete(void)
{
  char name[3] = { 0, 0, 0 };
  int id, i;

  for(id = 0; id < 4; id++)
    spawn(createdelete_worker, id);
  waitall();
  for(i = 0; i < CDN; i++){
    for(id = 0; id < 4; id++){
      name[0] = 'p' + id;
      name[1] = '0' + i;
      // Worker steps 2, 4, .. 18 removed files 1 .. 9.
      expectfile(name, i == 0 || i >= CDN / 2);
      if(i == 0 || i >= CDN / 2)
        mustunlink(name);
    }
  }
}

// Two processes write through one shared file descriptor (one offset).
#define SFDWRITES 500
static int sharedfd_fd;

static void
sharedfd_writer(int c)
{
  char b[10];
  int i;

  memset(b, c, sizeof(b));
  for(i = 0; i < SFDWRITES; i++)
    if(write(sharedfd_fd, b, sizeof(b)) != sizeof(b))
      fail("write #%d of '%c' failed", i, c);
}

static void
sharedfd(void)
{
  int fd, n, i, nc = 0, np = 0;

  unlink("sharedfd");
  if((sharedfd_fd = open("sharedfd", O_CREATE | O_RDWR)) < 0)
    fail("cannot create sharedfd");
  spawn(sharedfd_writer, 'c');
  sharedfd_writer('p');
  waitall();
  close(sharedfd_fd);
  if((fd = open("sharedfd", O_RDONLY)) < 0)
    fail("cannot reopen sharedfd");
  while((n = read(fd, buf, sizeof(buf))) > 0){
    for(i = 0; i < n; i++){
      if(buf[i] == 'c')
        nc++;
      else if(buf[i] == 'p')
        np++;
      else
        fail("stray byte %d in sharedfd", buf[i]);
    }
  }
  close(fd);
  if(nc != SFDWRITES * 10 || np != SFDWRITES * 10)
    fail("found %d c's and %d p's, expected %d of each", nc, np,
         SFDWRITES * 10);
  mustunlink("sharedfd");
}

// Two processes race to create, link and remove the same names; the
// directory must end up with each name exactly once, then none.
#define CCN 40

static char ccname[3] = { 'C', 0, 0 };

static void
concreate_make(int i)
{
  int fd;

  ccname[1] = '0' + i;
  if(i % 5 == 1 && link("C0", ccname) == 0)
    return;
  if((fd = open(ccname, O_CREATE | O_RDWR)) < 0)
    fail("cannot create %s", ccname);
  close(fd);
}

static void
concreate_drop(int i)
{
  int k, fd;

  ccname[1] = '0' + i;
  for(k = 0; k < 4; k++){
    if(i % 3 == 0){
      if((fd = open(ccname, O_RDONLY)) >= 0)
        close(fd);
    } else {
      unlink(ccname);
    }
  }
}

static void
concreate(void)
{
  static char seen[CCN];
  struct dirent de;
  int i, fd, n;

  for(i = 0; i < CCN; i++){
    ccname[1] = '0' + i;
    unlink(ccname);
  }
  for(i = 0; i < CCN; i++){
    spawn(concreate_make, i);
    ccname[1] = '0' + i;
    if(i % 3 == 1)
      link("C0", ccname);
    else
      concreate_make(i);
    waitall();
  }

  if((fd = open(".", O_RDONLY)) < 0)
    fail("cannot open .");
  n = 0;
  while(read(fd, &de, sizeof(de)) == sizeof(de)){
    if(de.inum == 0 || de.name[0] != 'C' || de.name[2] != 0)
      continue;
    i = de.name[1] - '0';
    if(i < 0 || i >= CCN)
      fail("unexpected file %s", de.name);
    if(seen[i])
      fail("%s appears twice in the directory", de.name);
    seen[i] = 1;
    n++;
  }
  close(fd);
  if(n != CCN)
    fail("found %d of the %d files", n, CCN);

  // One side removes each name while the other opens it or removes it.
  for(i = 0; i < CCN; i++){
    spawn(concreate_drop, i);
    ccname[1] = '0' + i;
    if(i % 3 == 0){
      for(n = 0; n < 4; n++)
        unlink(ccname);
    } else {
      concreate_drop(i);
    }
    waitall();
  }
  for(i = 0; i < CCN; i++){
    ccname[1] = '0' + i;
    expectfile(ccname, 0);
  }
}

// Two processes create, link and unlink one name at random.
static void
linkunlink_worker(int seed)
{
  uint x = seed;
  int i, fd;

  for(i = 0; i < 100; i++){
    x = x * 1103515245 + 12345;
    switch((x >> 16) % 3){
    case 0:
      if((fd = open("lu.x", O_CREATE | O_RDWR)) >= 0)
        close(fd);
      break;
    case 1:
      link("lu.f", "lu.x");
      break;
    default:
      unlink("lu.x");
      break;
    }
  }
}

static void
linkunlink(void)
{
  unlink("lu.x");
  unlink("lu.f");
  makefile("lu.f", 10);
  spawn(linkunlink_worker, 1);
  linkunlink_worker(97);
  waitall();
  unlink("lu.x");
  mustunlink("lu.f");
}

// A file removed while open stays readable and writable through the
// open descriptor; a new file of the same name is a different file.
static void
unlinkread(void)
{
  int fd, fd1;

  unlink("unlinkread");
  mkfilestr("unlinkread", "hello");

  if((fd = open("unlinkread", O_RDWR)) < 0)
    fail("cannot reopen unlinkread");
  mustunlink("unlinkread");
  if((fd1 = open("unlinkread", O_CREATE | O_RDWR)) < 0)
    fail("cannot create unlinkread again");
  write(fd1, "yyy", 3);
  close(fd1);

  if(read(fd, buf, sizeof(buf)) != 5)
    fail("the removed file did not read back 5 bytes");
  if(buf[0] != 'h')
    fail("the removed file reads back the new file's data");
  if(write(fd, buf, 10) != 10)
    fail("cannot write to the removed file");
  close(fd);
  mustunlink("unlinkread");
}

// Hard links: a second name, link count rules, no links to directories.
static void
linktest(void)
{
  int fd;

  unlink("lf1");
  unlink("lf2");
  mkfilestr("lf1", "hello");

  if(link("lf1", "lf2") < 0)
    fail("link lf1 lf2 failed");
  mustunlink("lf1");
  expectfile("lf1", 0);
  if((fd = open("lf2", O_RDONLY)) < 0)
    fail("cannot open lf2");
  if(read(fd, buf, sizeof(buf)) != 5 || memcmp(buf, "hello", 5) != 0)
    fail("lf2 does not hold lf1's data");
  close(fd);

  mustfail(link("lf2", "lf2"), "link lf2 lf2");
  mustunlink("lf2");
  mustfail(link("lf2", "lf1"), "link to a removed file");
  mustfail(link(".", "lf1"), "link to a directory");
}

// A process opens a directory for writing while another removes it.
static void
openiput_open(int unused)
{
  int fd;

  if((fd = open("oidir", O_RDWR)) >= 0)
    fail("opened a directory for writing");
}

static void
openiputtest(void)
{
  unlink("oidir");
  if(mkdir("oidir") < 0)
    fail("mkdir oidir failed");
  spawn(openiput_open, 0);
  sleep(1);
  mustunlink("oidir");
  waitall();
}

// A process exits while its current directory is already removed.
static void
exitiput_child(int unused)
{
  enterremoved("iputdir", "../iputdir");
}

static void
exitiputtest(void)
{
  unlink("iputdir");
  spawn(exitiput_child, 0);
  waitall();
  expectfile("iputdir", 0);
}

// Removing the current directory, then leaving it.
static void
iputtest(void)
{
  unlink("iputdir");
  enterremoved("iputdir", "../iputdir");
  if(chdir("/") < 0)
    fail("chdir / failed");
}

// . and .. cannot be removed.
static void
rmdot(void)
{
  unlink("dots");
  if(mkdir("dots") != 0)
    fail("mkdir dots failed");
  if(chdir("dots") != 0)
    fail("chdir dots failed");
  mustfail(unlink("."), "unlink .");
  mustfail(unlink(".."), "unlink ..");
  if(chdir("..") != 0)
    fail("chdir .. failed");
  mustfail(unlink("dots/."), "unlink dots/.");
  mustfail(unlink("dots/.."), "unlink dots/..");
  mustunlink("dots");
}

// Names longer than DIRSIZ (14) are cut to DIRSIZ characters.
static void
fourteen(void)
{
  int fd;

  unlink("12345678901234/12345678901234/12345678901234");
  unlink("12345678901234/12345678901234");
  unlink("12345678901234");

  if(mkdir("12345678901234") != 0)
    fail("mkdir 12345678901234 failed");
  if(mkdir("12345678901234/123456789012345") != 0)
    fail("mkdir 12345678901234/123456789012345 failed");
  fd = open("123456789012345/123456789012345/123456789012345", O_CREATE);
  if(fd < 0)
    fail("create 123456789012345/123456789012345/123456789012345 failed");
  close(fd);
  if((fd = open("12345678901234/12345678901234/12345678901234", 0)) < 0)
    fail("open 12345678901234/12345678901234/12345678901234 failed");
  close(fd);
  if(mkdir("12345678901234/12345678901234") == 0)
    fail("mkdir 12345678901234/12345678901234 succeeded twice");
  if(mkdir("123456789012345/12345678901234") == 0)
    fail("mkdir 123456789012345/12345678901234 succeeded twice");

  mustunlink("12345678901234/12345678901234/12345678901234");
  mustunlink("12345678901234/12345678901234");
  mustunlink("12345678901234");
}

// Directories: nested paths, .., and every way to misuse them.
static void
subdir(void)
{
  int fd;

  unlink("ff");
  unlink("dd/dd/ffff");
  unlink("dd/dd/ff");
  unlink("dd/ff");
  unlink("dd/dd");
  unlink("dd");

  if(mkdir("dd") != 0)
    fail("mkdir dd failed");
  mkfilestr("dd/ff", "ff");
  mustfail(unlink("dd"), "unlink of the non-empty dd");

  if(mkdir("/dd/dd") != 0)
    fail("mkdir /dd/dd failed");
  mkfilestr("dd/dd/ff", "FF");
  if((fd = open("dd/dd/../ff", 0)) < 0)
    fail("open dd/dd/../ff failed");
  if(read(fd, buf, sizeof(buf)) != 2 || buf[0] != 'f')
    fail("dd/dd/../ff has the wrong contents");
  close(fd);

  if(link("dd/dd/ff", "dd/dd/ffff") != 0)
    fail("link dd/dd/ff dd/dd/ffff failed");
  mustunlink("dd/dd/ff");
  expectfile("dd/dd/ff", 0);

  if(chdir("dd") != 0)
    fail("chdir dd failed");
  if(chdir("dd/../../dd") != 0)
    fail("chdir dd/../../dd failed");
  if(chdir("dd/../../../dd") != 0)
    fail("chdir dd/../../../dd failed");
  if(chdir("./..") != 0)
    fail("chdir ./.. failed");

  if((fd = open("dd/dd/ffff", 0)) < 0)
    fail("open dd/dd/ffff failed");
  if(read(fd, buf, sizeof(buf)) != 2 || buf[0] != 'F')
    fail("dd/dd/ffff has the wrong contents");
  close(fd);
  expectfile("dd/dd/ff", 0);

  mustfail(open("dd/ff/ff", O_CREATE | O_RDWR),
           "create dd/ff/ff (inside a file)");
  mustfail(open("dd/xx/ff", O_CREATE | O_RDWR),
           "create dd/xx/ff (missing directory)");
  mustfail(open("dd", O_CREATE), "create dd (a directory)");
  mustfail(open("dd", O_RDWR), "open dd for reading and writing");
  mustfail(open("dd", O_WRONLY), "open dd for writing");
  mustfail(link("dd/ff/ff", "dd/dd/xx"), "link dd/ff/ff dd/dd/xx");
  mustfail(link("dd/xx/ff", "dd/dd/xx"), "link dd/xx/ff dd/dd/xx");
  mustfail(link("dd/ff", "dd/dd/ffff"), "link onto the existing dd/dd/ffff");
  mustfail(mkdir("dd/ff/ff"), "mkdir dd/ff/ff");
  mustfail(mkdir("dd/xx/ff"), "mkdir dd/xx/ff");
  mustfail(mkdir("dd/dd/ffff"), "mkdir over the existing dd/dd/ffff");
  mustfail(unlink("dd/xx/ff"), "unlink dd/xx/ff");
  mustfail(unlink("dd/ff/ff"), "unlink dd/ff/ff");
  mustfail(chdir("dd/ff"), "chdir into the file dd/ff");
  mustfail(chdir("dd/xx"), "chdir into the missing dd/xx");

  mustunlink("dd/dd/ffff");
  mustunlink("dd/ff");
  mustfail(unlink("dd"), "unlink of the non-empty dd");
  mustunlink("dd/dd");
  mustunlink("dd");
}

// A plain file used as if it were a directory, and a directory used as
// if it were a plain file.
static void
dirfile(void)
{
  int fd;

  unlink("dirfile");
  makefile("dirfile", 0);
  mustfail(chdir("dirfile"), "chdir into a file");
  mustfail(open("dirfile/xx", 0), "open dirfile/xx");
  mustfail(open("dirfile/xx", O_CREATE), "create dirfile/xx");
  mustfail(mkdir("dirfile/xx"), "mkdir dirfile/xx");
  mustfail(unlink("dirfile/xx"), "unlink dirfile/xx");
  mustfail(link("dirfile", "dirfile/xx"), "link into dirfile/xx");
  mustunlink("dirfile");

  mustfail(open(".", O_RDWR), "open . for writing");
  if((fd = open(".", O_RDONLY)) < 0)
    fail("open . failed");
  if(write(fd, "x", 1) > 0)
    fail("write to a directory succeeded");
  close(fd);
}

// More nested directories than the inode cache has slots, with failing
// calls at each level that must not leak inode references.
#define IREFN (NINODE + 1)

static void
iref(void)
{
  int i, fd;

  unlink("/iref.f");
  makefile("/iref.f", 0);
  for(i = 0; i < IREFN; i++){
    if(mkdir("irefd") != 0)
      fail("mkdir irefd at depth %d failed", i);
    if(chdir("irefd") != 0)
      fail("chdir irefd at depth %d failed", i);
    mustfail(mkdir(""), "mkdir of an empty name");
    mustfail(link("/iref.f", ""), "link to an empty name");
    mustfail(open("", O_CREATE), "create of an empty name");
    if((fd = open("xx", O_CREATE)) >= 0)
      close(fd);
    unlink("xx");
  }
  for(i = 0; i < IREFN; i++){
    if(chdir("..") != 0)
      fail("chdir .. failed");
    if(unlink("irefd") != 0)
      fail("unlink irefd at depth %d failed", IREFN - 1 - i);
  }
  mustunlink("/iref.f");
}

// A directory with hundreds of entries, all links to one file.
#define BIGDIRN 500

static void
bigdir_name(char *name, int i)
{
  name[0] = 'x';
  name[1] = '0' + i / 64;
  name[2] = '0' + i % 64;
  name[3] = 0;
}

static void
bigdir(void)
{
  char name[4];
  struct stat st;
  int i;

  unlink("bd");
  makefile("bd", 0);
  for(i = 0; i < BIGDIRN; i++){
    bigdir_name(name, i);
    unlink(name);
    if(link("bd", name) != 0)
      fail("link bd %s (#%d) failed", name, i);
  }
  if(stat("bd", &st) < 0 || st.nlink != BIGDIRN + 1)
    fail("bd has %d links, expected %d", st.nlink, BIGDIRN + 1);
  mustunlink("bd");
  for(i = 0; i < BIGDIRN; i++){
    bigdir_name(name, i);
    if(unlink(name) != 0)
      fail("unlink %s (#%d) failed", name, i);
  }
}


// ---- the table ----------------------------------------------------

// This file's tests, in the order usertests runs them.
struct test fs_tests[] = {
  { createtest,   "createtest" },
  { writetest,    "writetest" },
  { writetest1,   "writetest1" },
  { bigwrite,     "bigwrite" },
  { bigfile,      "bigfile" },
  { fourfiles,    "fourfiles" },
  { createdelete, "createdelete" },
  { sharedfd,     "sharedfd" },
  { concreate,    "concreate" },
  { linkunlink,   "linkunlink" },
  { unlinkread,   "unlinkread" },
  { linktest,     "linktest" },
  { openiputtest, "openiputtest" },
  { exitiputtest, "exitiputtest" },
  { iputtest,     "iputtest" },
  { rmdot,        "rmdot" },
  { fourteen,     "fourteen" },
  { subdir,       "subdir" },
  { dirfile,      "dirfile" },
  { iref,         "iref" },
  { bigdir,       "bigdir" },
  { hugefile,     "hugefile" },
  { 0, 0 },
};
