// usertests, page cache: one physical page per file page, shared by
// every mapping and by read() and write() (docs/pagecache.md), seen from
// user space: two mappings, two unrelated processes, read() and write()
// coherence, private copies, write-back (whoever dirtied the page, and
// failed write-back), forkeof, O_TRUNC, unlink and memory pressure.
#include "usertests.h"

// The cache's counters in kmstat (pages, dirty pages, pages written
// back, reclaimed) show what the kernel did where contents alone cannot.

#define PC_PG 4096

static char pc_page[PC_PG];

// Byte i of every file these tests make: 'a' + i % 23.
static char
pc_pat(uint i)
{
  return 'a' + i % 23;
}

// Byte off of name, read with read() through a fresh descriptor (there
// is no lseek), or -1 past end of file.
static int
pc_fbyte(char *name, uint off)
{
  int fd, n;
  uint got;
  char c = 0;

  fd = mm_open(name, O_RDONLY);
  for(got = 0; got <= off; got += n){
    n = read(fd, pc_page, off - got + 1 < PC_PG ? off - got + 1 : PC_PG);
    if(n <= 0){
      close(fd);
      return -1;
    }
    c = pc_page[n - 1];
  }
  close(fd);
  return c & 0xFF;
}

// Two MAP_SHARED mappings of one file in one process: one page, seen
// through both at once, and by read() before any msync.
static void
pcshared(void)
{
  char *a, *b;
  int fd;

  mm_mkfilewith("pcshared", 2*PC_PG, pc_pat);
  fd = mm_open("pcshared", O_RDWR);
  a = mm_map(0, 2*PC_PG, MM_RW, MAP_SHARED, fd, 0, "shared mmap");
  b = mm_map(0, PC_PG, MM_RW, MAP_SHARED, fd, PC_PG, "shared mmap");
  a[PC_PG + 5] = 'X';
  if(b[5] != 'X')
    fail("the second mapping does not see the first one's store");
  b[6] = 'Y';
  if(a[PC_PG + 6] != 'Y')
    fail("the first mapping does not see the second one's store");
  if(pc_fbyte("pcshared", PC_PG + 5) != 'X' ||
     pc_fbyte("pcshared", PC_PG + 6) != 'Y')
    fail("read() does not see the mapped stores before msync");
  munmap(a, 2*PC_PG);
  munmap(b, PC_PG);
  close(fd);
  if(pc_fbyte("pcshared", PC_PG + 6) != 'Y')
    fail("store lost at munmap");
  unlink("pcshared");
}

// Two unrelated processes (siblings, each mapping the file itself) see
// each other's stores at once, with no msync; pipes only order them.
static int pc_go[2], pc_back[2];

static void
pc_sibling(int who)
{
  char *p, c;
  int fd;

  fd = mm_open("pcsib", O_RDWR);
  p = mm_map(0, PC_PG, MM_RW, MAP_SHARED, fd, 0, "shared mmap");
  close(fd);
  close(who == 0 ? pc_go[0] : pc_go[1]);
  close(who == 0 ? pc_back[1] : pc_back[0]);
  if(who == 0){
    p[10] = 'A';
    write(pc_go[1], "a", 1);
    if(read(pc_back[0], &c, 1) != 1)
      fail("sibling 0: no word from sibling 1");
    if(p[11] != 'B')
      fail("sibling 0 does not see sibling 1's store");
  } else {
    if(read(pc_go[0], &c, 1) != 1)
      fail("sibling 1: no word from sibling 0");
    if(p[10] != 'A')
      fail("sibling 1 does not see sibling 0's store");
    p[11] = 'B';
    write(pc_back[1], "b", 1);
  }
  munmap(p, PC_PG);
}

static void
pcunrelated(void)
{
  mm_mkfilewith("pcsib", PC_PG, pc_pat);
  if(pipe(pc_go) < 0 || pipe(pc_back) < 0)
    fail("pipe failed");
  spawn(pc_sibling, 0);
  spawn(pc_sibling, 1);
  // Only the siblings keep the pipes, so one that dies unblocks the other.
  close(pc_go[0]);
  close(pc_go[1]);
  close(pc_back[0]);
  close(pc_back[1]);
  waitall();
  if(pc_fbyte("pcsib", 10) != 'A' || pc_fbyte("pcsib", 11) != 'B')
    fail("the siblings' stores did not reach the file");
  unlink("pcsib");
}

// A mapping sees write()s at once, shared or private (a private page
// that was never stored to is still the file's page).
static void
pcwritesees(void)
{
  char *s, *q;
  int fd;

  mm_mkfilewith("pcwrite", PC_PG, pc_pat);
  fd = mm_open("pcwrite", O_RDWR);
  s = mm_map(0, PC_PG, PROT_READ, MAP_SHARED, fd, 0, "shared mmap");
  q = mm_map(0, PC_PG, MM_RW, MAP_PRIVATE, fd, 0, "private mmap");
  if(s[0] != 'a' || q[0] != 'a')
    fail("mappings do not hold the file");
  if(write(fd, "ZZ", 2) != 2)
    fail("write failed");
  if(s[0] != 'Z' || s[1] != 'Z')
    fail("a shared mapping does not see write()");
  if(q[0] != 'Z')
    fail("an untouched private mapping does not see write()");
  munmap(s, PC_PG);
  munmap(q, PC_PG);
  close(fd);
  unlink("pcwrite");
}

// MAP_PRIVATE: the first store copies; the file never changes, and
// later writes to the file are not seen in the copied page.
static void
pcprivate(void)
{
  char *q;
  int fd;

  mm_mkfilewith("pcpriv", PC_PG, pc_pat);
  fd = mm_open("pcpriv", O_RDWR);
  q = mm_map(0, PC_PG, MM_RW, MAP_PRIVATE, fd, 0, "private mmap");
  if(q[3] != 'd')
    fail("private mapping does not hold the file");
  q[3] = 'P';
  if(q[3] != 'P')
    fail("private store lost");
  if(pc_fbyte("pcpriv", 3) != 'd')
    fail("a private store reached the file");
  if(write(fd, "WWWWW", 5) != 5)
    fail("write failed");
  if(q[3] != 'P' || q[4] != 'e')
    fail("the private copy changed after a write to the file");
  munmap(q, PC_PG);
  close(fd);
  if(pc_fbyte("pcpriv", 3) != 'W')
    fail("the file lost its write");
  unlink("pcpriv");
}

// The stale-overwrite case: a mapper stores byte 0 of a 100-byte file,
// another process write()s bytes 100..299 meanwhile; the mapper's
// write-back must not bring back the old bytes.
static void
pc_appender(int arg)
{
  int fd = mm_open("pcstale", O_RDWR);

  if(read(fd, pc_page, 100) != 100)
    fail("appender: read failed");
  memset(pc_page, 'N', 200);
  if(write(fd, pc_page, 200) != 200)
    fail("appender: write failed");
  close(fd);
}

static void
pcstale(void)
{
  char *p;
  int fd, i;

  mm_mkfilewith("pcstale", 100, pc_pat);
  fd = mm_open("pcstale", O_RDWR);
  p = mm_map(0, PC_PG, MM_RW, MAP_SHARED, fd, 0, "shared mmap");
  p[0] = 'M';
  spawn(pc_appender, 0);
  waitall();
  if(p[150] != 'N')
    fail("the mapping does not see the other process's write");
  if(munmap(p, PC_PG) < 0)
    fail("munmap failed");
  close(fd);
  if(pc_fbyte("pcstale", 0) != 'M')
    fail("the mapped store was lost");
  for(i = 100; i < 300; i += 37)
    if(pc_fbyte("pcstale", i) != 'N')
      fail("byte %d: the write-back overwrote the write with stale data", i);
  if(pc_fbyte("pcstale", 300) != -1)
    fail("the file grew past 300 bytes");
  unlink("pcstale");
}

// msync in the parent writes a page only a child dirtied (the child is
// still alive and holds it), and msync of clean pages writes nothing.
static void
pcchildsync(void)
{
  struct kmstat a, b;
  int fd, p[2], q[2], pid;
  char *m, c;

  mm_mkfilewith("pcchild", 2*PC_PG, pc_pat);
  fd = mm_open("pcchild", O_RDWR);
  m = mm_map(0, 2*PC_PG, MM_RW, MAP_SHARED, fd, 0, "shared mmap");
  sink = m[0];
  sink = m[PC_PG];
  kmgetstat(&a);
  if(msync(m, 2*PC_PG, MS_SYNC) < 0)
    fail("msync of clean pages failed");
  kmgetstat(&b);
  if(b.cwritten != a.cwritten)
    fail("msync of clean pages wrote %d pages", b.cwritten - a.cwritten);
  if((pid = forkchan(q, p)) == 0){
    m[PC_PG + 1] = 'C';
    write(p[1], "c", 1);
    read(q[0], &c, 1);   // stay alive until the parent has synced
    exit();
  }
  if(read(p[0], &c, 1) != 1)
    fail("no word from the child");
  kmgetstat(&a);
  if(msync(m, 2*PC_PG, MS_SYNC) < 0)
    fail("msync failed");
  kmgetstat(&b);
  write(q[1], "p", 1);
  wait();
  if(b.cwritten != a.cwritten + 1)
    fail("the parent's msync wrote %d pages, expected the child's 1",
         b.cwritten - a.cwritten);
  if(m[PC_PG + 1] != 'C' || pc_fbyte("pcchild", PC_PG + 1) != 'C')
    fail("the child's store is not in the file");
  close(p[0]);
  close(q[1]);
  munmap(m, 2*PC_PG);
  close(fd);
  unlink("pcchild");
}

// A write-back that fails (fault injection: failalloc counts write-back
// chunks) leaves the page dirty and msync returns -1; the next msync
// writes it.
static void
pcfailsync(void)
{
  struct kmstat a, b;
  char *m;
  int fd, r;

  mm_mkfilewith("pcfail", PC_PG, pc_pat);
  fd = mm_open("pcfail", O_RDWR);
  m = mm_map(0, PC_PG, MM_RW, MAP_SHARED, fd, 0, "shared mmap");
  m[7] = 'F';
  kmgetstat(&a);
  failalloc(1);
  r = msync(m, PC_PG, MS_SYNC);
  failalloc(0);
  kmgetstat(&b);
  if(r != -1)
    fail("msync with a failing write-back returned %d", r);
  if(b.cdirty != a.cdirty || b.cwritten != a.cwritten)
    fail("the failed page is not dirty any more");
  if(msync(m, PC_PG, MS_SYNC) != 0)
    fail("the second msync failed");
  kmgetstat(&b);
  if(b.cwritten != a.cwritten + 1 || b.cdirty != a.cdirty - 1)
    fail("the second msync did not write the page");
  munmap(m, PC_PG);
  close(fd);
  if(pc_fbyte("pcfail", 7) != 'F')
    fail("the store did not reach the file");
  unlink("pcfail");
}

// forkeof: the parent maps 2 pages of a 1-page file, forks, grows the
// file with write(); the child stores into page 1; the parent sees it.
static void
pcforkeof(void)
{
  int fd, p[2], q[2], pid;
  char *m, c;

  mm_mkfilewith("pcfeof", PC_PG, pc_pat);
  fd = mm_open("pcfeof", O_RDWR);
  m = mm_map(0, 2*PC_PG, MM_RW, MAP_SHARED, fd, 0, "shared mmap");
  sink = m[0];
  if((pid = forkchan(q, p)) == 0){
    if(read(q[0], &c, 1) != 1)
      exit();
    m[PC_PG + 9] = 'K';
    write(p[1], "k", 1);
    exit();
  }
  if(read(fd, pc_page, PC_PG) != PC_PG)
    fail("read failed");
  memset(pc_page, 'g', PC_PG);
  if(write(fd, pc_page, PC_PG) != PC_PG)
    fail("growing write failed");
  write(q[1], "g", 1);
  if(read(p[0], &c, 1) != 1)
    fail("the child died storing into the grown page");
  wait();
  if(m[PC_PG + 9] != 'K')
    fail("the parent does not see the child's store past the old end");
  if(m[PC_PG + 8] != 'g')
    fail("the parent does not see the write that grew the file");
  close(p[0]);
  close(q[1]);
  munmap(m, 2*PC_PG);
  close(fd);
  if(pc_fbyte("pcfeof", PC_PG + 9) != 'K')
    fail("the child's store is not in the file");
  unlink("pcfeof");
}

// O_TRUNC of a mapped file: the truncating process's next touch of a
// page wholly past the new end kills it; the tail of the last partial
// page reads as zero; a fresh mapping elsewhere sees the same.
static void
pc_truncator(uint arg)
{
  char *m;
  int fd, i;

  fd = mm_open("pctrunc", O_RDWR);
  m = mm_map(0, 2*PC_PG, MM_RW, MAP_SHARED, fd, 0, "shared mmap");
  m[0] = 'x';
  m[PC_PG] = 'y';
  close(fd);
  fd = mm_open("pctrunc", O_RDWR|O_TRUNC);
  if(write(fd, "short", 5) != 5)
    fail("write after O_TRUNC failed");
  close(fd);
  if(m[0] != 's' || m[4] != 't')
    fail("the mapping does not see the new contents");
  for(i = 5; i < PC_PG; i += 111)
    if(m[i] != 0)
      fail("byte %d past the new end reads 0x%x, not 0", i, m[i] & 0xFF);
  sink = m[PC_PG];   // must kill
}

static void
pc_latecomer(uint arg)
{
  char *m;
  int fd;

  fd = mm_open("pctrunc", O_RDONLY);
  m = mm_map(0, 2*PC_PG, PROT_READ, MAP_SHARED, fd, 0, "shared mmap");
  close(fd);
  if(m[0] != 's' || m[5] != 0 || m[PC_PG - 1] != 0)
    fail("a fresh mapping does not see the truncated file");
  sink = m[PC_PG];   // must kill
}

static void
pctrunc(void)
{
  struct stat st;

  mm_mkfilewith("pctrunc", 2*PC_PG, pc_pat);
  expect_killed(pc_truncator, 0, "touch past the end after O_TRUNC");
  if(stat("pctrunc", &st) < 0 || st.size != 5)
    fail("O_TRUNC then 5 bytes left size %d", st.size);
  expect_killed(pc_latecomer, 0, "touch past the end of a truncated file");
  unlink("pctrunc");
}

// Unlink of a mapped, cached, dirty file: the inode (and its blocks)
// are freed when the last mapping goes, and its pages leave the cache.
static void
pcunlink(void)
{
  struct kmstat a, b;
  struct stat st;
  uint ino;
  char *m;
  int fd;

  mm_mkfilewith("pcunl", 3*PC_PG, pc_pat);
  fd = mm_open("pcunl", O_RDWR);
  if(fstat(fd, &st) < 0)
    fail("fstat failed");
  ino = st.ino;
  m = mm_map(0, 3*PC_PG, MM_RW, MAP_SHARED, fd, 0, "shared mmap");
  m[0] = m[PC_PG] = m[2*PC_PG] = 'D';
  close(fd);
  if(unlink("pcunl") < 0)
    fail("unlink failed");
  mm_mkfilewith("pcunl2", 1, pc_pat);
  if(stat("pcunl2", &st) < 0 || st.ino == ino)
    fail("the mapped, unlinked file's inode was freed while mapped");
  unlink("pcunl2");
  kmgetstat(&a);
  if(m[1] != 'b')
    fail("the mapping lost its contents at unlink");
  munmap(m, 3*PC_PG);
  kmgetstat(&b);
  if(b.cpages > a.cpages - 3)
    fail("the freed file's pages stayed cached (%d, before %d)", b.cpages,
         a.cpages);
  mm_mkfilewith("pcunl2", 1, pc_pat);
  if(stat("pcunl2", &st) < 0 || st.ino != ino)
    fail("the inode was not freed with the last mapping (new file got "
         "inode %d, expected %d)", st.ino, ino);
  unlink("pcunl2");
}

// Memory pressure: fill memory with anonymous pages; the kernel gives
// back clean, unmapped cache pages before any allocation fails, so when
// one does, none is left.
static void
pcreclaim(void)
{
  struct kmstat a, b;
  char *m;
  int fd, i, n;

  mm_mkfilewith("pcrecl", 16*PC_PG, pc_pat);
  fd = mm_open("pcrecl", O_RDONLY);
  for(i = 0; i < 16; i++)
    if(read(fd, pc_page, PC_PG) != PC_PG)
      fail("read failed");
  close(fd);
  kmgetstat(&a);
  if(a.cidle < 16)
    fail("the file's pages are not cached (%d idle)", a.cidle);
  for(n = 0; ; n++){
    m = sbrk(PC_PG);
    if(m == (char*)-1)
      break;
    m[0] = 1;
  }
  kmgetstat(&b);
  if(b.creclaimed < a.creclaimed + 16)
    fail("only %d pages reclaimed", b.creclaimed - a.creclaimed);
  if(b.cidle > b.cdirty)
    fail("sbrk failed with %d clean cache pages nobody maps",
         b.cidle - b.cdirty);
  sbrk(-n * PC_PG);
  fd = mm_open("pcrecl", O_RDONLY);
  if(read(fd, pc_page, PC_PG) != PC_PG || pc_page[1] != 'b')
    fail("the file reads wrong after reclaim");
  close(fd);
  unlink("pcrecl");
}

// ---- the table ----------------------------------------------------

// This file's tests, in the order usertests runs them. pcreclaim
// exhausts memory, so it goes last.
struct test pagecache_tests[] = {
  { pcshared,    "pcshared" },
  { pcunrelated, "pcunrelated" },
  { pcwritesees, "pcwritesees" },
  { pcprivate,   "pcprivate" },
  { pcstale,     "pcstale" },
  { pcchildsync, "pcchildsync" },
  { pcfailsync,  "pcfailsync" },
  { pcforkeof,   "pcforkeof" },
  { pctrunc,     "pctrunc" },
  { pcunlink,    "pcunlink" },
  { pcreclaim,   "pcreclaim" },
  { 0, 0 },
};
