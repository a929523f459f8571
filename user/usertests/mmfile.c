// usertests, mmap: file mappings, private and shared: what they show,
// write-back by munmap, msync and exit, closing the descriptor, offsets,
// and the end of the file.
#include "usertests.h"

// ---------------------------------------------------------------------
// Files.

// A MAP_PRIVATE file mapping shows the file; its writes stay private.
static void
mmfileprivate(void)
{
  uint size = 2*MM_PG + 1000;
  char *p, *q;
  int fd;

  fd = mm_newfile("mmpriv", size, O_RDONLY);
  p = mm_map(0, 3*MM_PG, MM_RW, MAP_PRIVATE, fd, 0, "private file mmap");
  mm_expect_bytes(p, 0, size, 0, 0, "private file mapping");
  mm_expect_fill(p + size, 3*MM_PG - size, 0, "past end of file");
  mm_scribble(p, 0, size);
  p[size + 500] = 'z';
  mm_expect_bytes(p, 0, size, 0, size, "private mapping after writes");
  q = mm_map(0, 3*MM_PG, PROT_READ, MAP_PRIVATE, fd, 0, "second mmap");
  mm_expect_bytes(q, 0, size, 0, 0, "another private mapping");
  mm_unmap(p, 3*MM_PG, "munmap");
  mm_unmap(q, 3*MM_PG, "munmap");
  close(fd);
  mm_expect_file("mmpriv", size, 0, 0, "file after private writes");
  unlink("mmpriv");
}

// Shared writes reach the file at munmap.
static void
mmsharedunmap(void)
{
  char *p;
  int fd;

  p = mm_newmap("mmshu", 2*MM_PG, O_RDWR, MM_RW, MAP_SHARED, &fd);
  mm_scribble(p, 0, 2*MM_PG);
  mm_unmap(p, 2*MM_PG, "munmap");
  close(fd);
  mm_expect_file("mmshu", 2*MM_PG, 0, 2*MM_PG, "file after munmap");
  unlink("mmshu");
}

// Shared writes reach the file at msync, while still mapped.
static void
mmsharedmsync(void)
{
  char *p;
  int fd;

  p = mm_newmap("mmshs", 3*MM_PG, O_RDWR, MM_RW, MAP_SHARED, &fd);
  mm_scribble(p + MM_PG, MM_PG, MM_PG);
  if(msync(p, 3*MM_PG, MS_SYNC) != 0)
    fail("msync MS_SYNC failed");
  mm_expect_file("mmshs", 3*MM_PG, MM_PG, 2*MM_PG, "file after msync");
  mm_scribble(p + 2*MM_PG, 2*MM_PG, MM_PG);
  if(msync(p + 2*MM_PG, MM_PG, MS_ASYNC) != 0)
    fail("msync MS_ASYNC failed");
  mm_expect_file("mmshs", 3*MM_PG, MM_PG, 3*MM_PG, "file after 2nd msync");
  if(msync(p, 3*MM_PG, MS_SYNC) != 0)
    fail("msync with nothing dirty failed");
  if(msync(p, MM_PG, MS_INVALIDATE) != 0)
    fail("msync MS_INVALIDATE failed");
  mm_expect_bytes(p, 0, 3*MM_PG, MM_PG, 3*MM_PG, "mapping after msync");
  mm_unmap(p, 3*MM_PG, "munmap");
  close(fd);
  mm_expect_file("mmshs", 3*MM_PG, MM_PG, 3*MM_PG, "file after munmap");
  unlink("mmshs");
}

// Shared writes reach the file when the process exits with the mapping
// (and the file) still open.
static void
mmsharedexit(void)
{
  int pipefd, fd;
  char *p;

  mm_mkfile("mmshe", 2*MM_PG);
  if(forkreport(&pipefd, "") == 0){
    fd = mm_open("mmshe", O_RDWR);
    p = mm_map(0, 2*MM_PG, MM_RW, MAP_SHARED, fd, 0, "child's mmap");
    mm_scribble(p, 0, 2*MM_PG);
    mm_send(pipefd);
    exit();
  }
  mm_recv(pipefd, "child");
  wait();
  close(pipefd);
  mm_expect_file("mmshe", 2*MM_PG, 0, 2*MM_PG, "file after child exit");
  unlink("mmshe");
}

// A mapping holds its own reference: close and unlink leave it usable,
// even for pages first touched afterwards.
static void
mmclose(void)
{
  char *p, *q;
  int fd;

  p = mm_newmap("mmclose", 2*MM_PG, O_RDWR, MM_RW, MAP_SHARED, &fd);
  q = mm_map(0, 2*MM_PG, PROT_READ, MAP_PRIVATE, fd, 0, "private mmap");
  close(fd);
  if(unlink("mmclose") != 0)
    fail("unlink of a mapped file failed");
  if(open("mmclose", O_RDONLY) >= 0)
    fail("unlinked file can still be opened");
  mm_expect_bytes(q, 0, 2*MM_PG, 0, 0, "private mapping after close+unlink");
  mm_expect_bytes(p, 0, 2*MM_PG, 0, 0, "shared mapping after close+unlink");
  mm_scribble(p, 0, 2*MM_PG);
  if(msync(p, 2*MM_PG, MS_SYNC) != 0)
    fail("msync of an unlinked file failed");
  mm_unmap(p, 2*MM_PG, "munmap");
  mm_unmap(q, 2*MM_PG, "munmap");
  mm_check("mmclose");
}

// Mappings at a non-zero offset show, and write to, the right bytes.
static void
mmoffset(void)
{
  uint size = 3*MM_PG + 100;
  struct stat st;
  char *p, *q, *s;
  int fd, i;

  fd = mm_newfile("mmoff", size, O_RDWR);
  if(fstat(fd, &st) < 0)
    fail("fstat failed");
  p = mm_map(0, 2*MM_PG, PROT_READ, MAP_PRIVATE, fd, MM_PG, "offset 4096");
  i = mm_expect_region(p, p + 2*MM_PG, PROT_READ, MM_PG, "offset 4096");
  if(mm_reg[i].inum != st.ino)
    fail("region names inode %d, expected %d", mm_reg[i].inum, st.ino);
  mm_expect_bytes(p, MM_PG, 2*MM_PG, 0, 0, "mapping at offset 4096");
  q = mm_map(0, MM_PG, PROT_READ, MAP_PRIVATE, fd, 3*MM_PG, "last page");
  mm_expect_bytes(q, 3*MM_PG, 100, 0, 0, "mapping of the last page");
  mm_expect_fill(q + 100, MM_PG - 100, 0, "past end of file");
  s = mm_map(0, MM_PG, MM_RW, MAP_SHARED, fd, 2*MM_PG, "shared, offset 8192");
  mm_scribble(s, 2*MM_PG, MM_PG);
  mm_unmap(s, MM_PG, "munmap");
  close(fd);
  mm_expect_file("mmoff", size, 2*MM_PG, 3*MM_PG, "file after write-back");
  unlink("mmoff");
}

// In the file's last page, bytes past end of file read as zero, may be
// written, and never reach the file, whose size stays.
static void
mmeof(void)
{
  uint size = 5000;
  struct stat st;
  char *p;
  int fd;

  fd = mm_newfile("mmeof", size, O_RDWR);
  p = mm_map(0, 2*MM_PG, MM_RW, MAP_SHARED, fd, 0, "shared mmap");
  mm_expect_bytes(p, 0, size, 0, 0, "inside the file");
  mm_expect_fill(p + size, 2*MM_PG - size, 0, "past end of file");
  mm_scribble(p, 0, size);
  p[6000] = 'e';
  p[2*MM_PG - 1] = 'e';
  mm_unmap(p, 2*MM_PG, "munmap");
  if(fstat(fd, &st) < 0)
    fail("fstat failed");
  if(st.size != size)
    fail("file size changed from %d to %d", size, st.size);
  mm_expect_file("mmeof", size, 0, size, "file after write-back");
  p = mm_map(0, 2*MM_PG, PROT_READ, MAP_SHARED, fd, 0, "mmap again");
  mm_expect_fill(p + size, 2*MM_PG - size, 0, "past end of file, again");
  close(fd);
  unlink("mmeof");
}

// A file page wholly past end of file kills on access, shared or
// private, even when the file is empty.
static void
mmeofkill(void)
{
  char *p, *s, *o;
  int fd;

  fd = mm_newfile("mmeofk", 5000, O_RDONLY);
  p = mm_map(0, 3*MM_PG, PROT_READ, MAP_PRIVATE, fd, 0, "private mmap");
  if(p[MM_PG + 903] != mm_pat(MM_PG + 903) || p[MM_PG + 904] != 0)
    fail("bytes around end of file are wrong");
  mm_expect_kill(p + 2*MM_PG, 0, "private page past end of file");
  s = mm_map(0, 3*MM_PG, PROT_READ, MAP_SHARED, fd, 0, "shared mmap");
  mm_expect_kill(s + 2*MM_PG + 10, 0, "shared page past end of file");
  o = mm_map(0, MM_PG, PROT_READ, MAP_PRIVATE, fd, 2*MM_PG, "offset past eof");
  mm_expect_kill(o, 0, "mapping at an offset past end of file");
  close(fd);
  unlink("mmeofk");

  fd = mm_newfile("mmeofk0", 0, O_RDONLY);
  p = mm_map(0, MM_PG, PROT_READ, MAP_PRIVATE, fd, 0, "mmap of empty file");
  mm_expect_kill(p, 0, "mapping of an empty file");
  close(fd);
  unlink("mmeofk0");
}


// ---- the table ----------------------------------------------------

// This file's tests, in the order usertests runs them.
struct test mmfile_tests[] = {
  { mmfileprivate, "mmfileprivate" },
  { mmsharedunmap, "mmsharedunmap" },
  { mmsharedmsync, "mmsharedmsync" },
  { mmsharedexit,  "mmsharedexit" },
  { mmclose,       "mmclose" },
  { mmoffset,      "mmoffset" },
  { mmeof,         "mmeof" },
  { mmeofkill,     "mmeofkill" },
  { 0, 0 },
};
