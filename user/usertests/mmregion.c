// usertests, mmap: regions: where a mapping is placed (hints,
// MAP_FIXED), munmap splitting, trimming and merging regions, and
// mprotect over one region or many.
#include "usertests.h"

// ---------------------------------------------------------------------
// Placement.

// A free hint is used; an occupied or impossible one is moved into
// free space.
static void
mmhint(void)
{
  char *hint = (char*)0x60000000, *p, *q;
  uint r;

  p = mm_map(hint, 2*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap at a free hint");
  if(p != hint)
    fail("hint %p was free but mmap returned %p", hint, p);
  p[0] = 'h';
  q = mm_map(hint, 2*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap at a taken hint");
  if(q == hint || (q < hint + 2*MM_PG && q + 2*MM_PG > hint))
    fail("hint %p was taken but mmap returned %p, overlapping it", hint, q);
  q = mm_map(hint + MM_PG, MM_PG, MM_RW, MM_ANON, -1, 0, "half-taken hint");
  if(q < hint + 2*MM_PG && q + MM_PG > hint)
    fail("mmap at a taken hint returned %p, overlapping %p", q, hint);
  r = (uint)mm_map((void*)0x60100123, MM_PG, MM_RW, MM_ANON, -1, 0,
                   "unaligned free hint");
  if(r != 0x60100000 && r != 0x60101000)
    fail("free unaligned hint 0x60100123 gave 0x%x, expected it rounded", r);
  r = (uint)mm_map((void*)0x1000, MM_PG, MM_RW, MM_ANON, -1, 0,
                   "hint in the program text");
  if(r < MMAPBASE || r + MM_PG > MMAPTOP)
    fail("hint 0x1000 gave 0x%x, outside the mmap area", r);
  r = (uint)mm_map((void*)KERNBASE, MM_PG, MM_RW, MM_ANON, -1, 0,
                   "hint in the kernel");
  if(r < MMAPBASE || r + MM_PG > MMAPTOP)
    fail("hint 0x%x gave 0x%x, outside the mmap area", KERNBASE, r);
  r = (uint)mm_map((void*)(MMAPTOP - MM_PG), 2*MM_PG, MM_RW, MM_ANON, -1, 0,
                   "hint running past the area");
  if(r < MMAPBASE || r + 2*MM_PG > MMAPTOP)
    fail("hint at the area's top gave 0x%x, outside the mmap area", r);
  if(p[0] != 'h')
    fail("the first mapping lost its contents");
  mm_check("mmhint");
}

// MAP_FIXED replaces what was there: old contents gone, new ones zero,
// shared file pages written back first.
static void
mmfixed(void)
{
  char *a, *b, *s, *f = (char*)0x70000000;
  int fd;

  a = mm_map(0, 3*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap");
  memset(a, 'x', 3*MM_PG);
  b = mm_map(a + MM_PG, MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0, "MAP_FIXED");
  if(b != a + MM_PG)
    fail("MAP_FIXED at %p returned %p", a + MM_PG, b);
  mm_expect_fill(a + MM_PG, MM_PG, 0, "replaced page");
  mm_expect_fill(a, MM_PG, 'x', "page before the replaced one");
  mm_expect_fill(a + 2*MM_PG, MM_PG, 'x', "page after the replaced one");
  mm_expect_nregions(1, "replacement with the same attributes");
  mm_expect_region(a, a + 3*MM_PG, MM_RW, 0, "merged after MAP_FIXED");

  fd = mm_newfile("mmfixed", 2*MM_PG, O_RDWR);
  b = mm_map(a + 2*MM_PG, MM_PG, PROT_READ, MAP_PRIVATE|MAP_FIXED, fd,
             MM_PG, "MAP_FIXED file over anonymous");
  if(b != a + 2*MM_PG)
    fail("MAP_FIXED at %p returned %p", a + 2*MM_PG, b);
  mm_expect_bytes(b, MM_PG, MM_PG, 0, 0, "file page replacing anonymous");
  mm_expect_nregions(2, "anonymous and file");

  s = mm_map(f, 2*MM_PG, MM_RW, MAP_SHARED|MAP_FIXED, fd, 0,
             "MAP_FIXED in free space");
  if(s != f)
    fail("MAP_FIXED at free %p returned %p", f, s);
  mm_scribble(s, 0, 2*MM_PG);
  b = mm_map(s, 2*MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0,
             "MAP_FIXED over a dirty shared mapping");
  mm_expect_fill(b, 2*MM_PG, 0, "anonymous over shared file");
  mm_expect_file("mmfixed", 2*MM_PG, 0, 2*MM_PG, "file after replacement");

  b = mm_map(a, 3*MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0,
             "MAP_FIXED over two regions");
  mm_expect_fill(b, 3*MM_PG, 0, "memory replacing two regions");
  mm_expect_nregions(2, "after replacing two regions");
  close(fd);
  unlink("mmfixed");
  mm_check("mmfixed");
}

// ---------------------------------------------------------------------
// munmap: split, trim, merge, ranges with holes.

// Unmapping the middle page splits a region in two.
static void
mmsplit(void)
{
  char *p, *f;
  int i, fd;

  p = mm_map(0, 3*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap");
  p[0] = 'a';
  p[MM_PG] = 'b';
  p[2*MM_PG] = 'c';
  mm_unmap(p + MM_PG, MM_PG, "munmap of the middle page");
  mm_expect_nregions(2, "after the split");
  i = mm_expect_region(p, p + MM_PG, MM_RW, 0, "head of the split");
  if(mm_reg[i].resident != 1)
    fail("head has %d resident pages, expected 1", mm_reg[i].resident);
  i = mm_expect_region(p + 2*MM_PG, p + 3*MM_PG, MM_RW, 0, "tail of split");
  if(mm_reg[i].resident != 1)
    fail("tail has %d resident pages, expected 1", mm_reg[i].resident);
  if(p[0] != 'a' || p[2*MM_PG] != 'c')
    fail("split lost the contents of its pieces");
  mm_expect_kill(p + MM_PG, 0, "the hole of a split");

  f = mm_newmap("mmsplit", 3*MM_PG, O_RDONLY, PROT_READ, MAP_PRIVATE, &fd);
  mm_unmap(f + MM_PG, MM_PG, "munmap in a file mapping");
  mm_expect_region(f, f + MM_PG, PROT_READ, 0, "file head");
  mm_expect_region(f + 2*MM_PG, f + 3*MM_PG, PROT_READ, 2*MM_PG, "file tail");
  mm_expect_bytes(f + 2*MM_PG, 2*MM_PG, MM_PG, 0, 0, "file tail after split");
  close(fd);
  unlink("mmsplit");
  mm_check("mmsplit");
}

// Unmapping the first or last page trims a region; a file region's
// offset follows its start.
static void
mmtrim(void)
{
  char *p, *f;
  int i, fd;

  p = mm_map(0, 4*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap");
  for(i = 0; i < 4; i++)
    p[i * MM_PG] = '0' + i;
  mm_unmap(p, MM_PG, "munmap of the head");
  mm_expect_nregions(1, "after head trim");
  mm_expect_region(p + MM_PG, p + 4*MM_PG, MM_RW, 0, "after head trim");
  mm_unmap(p + 3*MM_PG, MM_PG, "munmap of the tail");
  mm_expect_nregions(1, "after tail trim");
  mm_expect_region(p + MM_PG, p + 3*MM_PG, MM_RW, 0, "after tail trim");
  if(p[MM_PG] != '1' || p[2*MM_PG] != '2')
    fail("trims lost the remaining pages' contents");
  mm_expect_kill(p, 0, "trimmed head");
  mm_expect_kill(p + 3*MM_PG, 1, "trimmed tail");

  f = mm_newmap("mmtrim", 3*MM_PG, O_RDONLY, PROT_READ, MAP_PRIVATE, &fd);
  mm_unmap(f, MM_PG, "munmap of a file mapping's head");
  mm_expect_region(f + MM_PG, f + 3*MM_PG, PROT_READ, MM_PG, "file head trim");
  mm_expect_bytes(f + MM_PG, MM_PG, 2*MM_PG, 0, 0, "file after head trim");
  mm_unmap(f + 2*MM_PG, MM_PG, "munmap of a file mapping's tail");
  mm_expect_region(f + MM_PG, f + 2*MM_PG, PROT_READ, MM_PG, "file tail trim");
  close(fd);
  unlink("mmtrim");
  mm_check("mmtrim");
}

// Adjacent regions with the same attributes become one; different
// protection, sharing or file offsets keep them apart.
static void
mmmerge(void)
{
  char *a, *g, *b;
  int fd, n;

  a = mm_map(0, 8*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap to find space");
  mm_unmap(a, 8*MM_PG, "munmap");
  mm_map(a, MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0, "first page");
  a[0] = '1';
  mm_map(a + MM_PG, MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0, "second page");
  a[MM_PG] = '2';
  mm_expect_nregions(1, "two adjacent pages");
  mm_expect_region(a, a + 2*MM_PG, MM_RW, 0, "two adjacent pages");
  mm_map(a + 3*MM_PG, MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0, "after a hole");
  mm_expect_nregions(2, "with a hole between");
  mm_map(a + 2*MM_PG, MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0, "into the hole");
  mm_expect_nregions(1, "hole filled");
  mm_expect_region(a, a + 4*MM_PG, MM_RW, 0, "hole filled");
  if(a[0] != '1' || a[MM_PG] != '2')
    fail("merging lost contents");
  mm_map(a + 4*MM_PG, MM_PG, PROT_READ, MM_ANON|MAP_FIXED, -1, 0, "read-only");
  mm_expect_nregions(2, "different protection");
  mm_map(a + 5*MM_PG, MM_PG, MM_RW, MAP_SHARED|MAP_ANONYMOUS|MAP_FIXED, -1, 0,
         "shared");
  mm_expect_nregions(3, "shared next to private");
  mm_protect(a + 4*MM_PG, MM_PG, MM_RW, "mprotect to match");
  mm_expect_nregions(2, "after mprotect made neighbours equal");
  mm_expect_region(a, a + 5*MM_PG, MM_RW, 0, "after mprotect");

  n = mm_nregions();
  fd = mm_newfile("mmmerge", 4*MM_PG, O_RDONLY);
  g = mm_map((void*)0x70000000, MM_PG, PROT_READ, MAP_PRIVATE, fd, 0,
             "file page 0");
  b = mm_map(g + MM_PG, MM_PG, PROT_READ, MAP_PRIVATE|MAP_FIXED, fd, MM_PG,
             "file page 1");
  mm_expect_nregions(n + 1, "contiguous file offsets");
  mm_expect_region(g, g + 2*MM_PG, PROT_READ, 0, "contiguous file offsets");
  b = mm_map(g + 2*MM_PG, MM_PG, PROT_READ, MAP_PRIVATE|MAP_FIXED, fd,
             3*MM_PG, "file page 3");
  mm_expect_nregions(n + 2, "non-contiguous file offsets");
  mm_expect_bytes(g, 0, 2*MM_PG, 0, 0, "merged file region");
  mm_expect_bytes(b, 3*MM_PG, MM_PG, 0, 0, "separate file region");
  close(fd);
  unlink("mmmerge");
  mm_check("mmmerge");
}

// One munmap across parts of several regions and the holes between.
static void
mmunmapmany(void)
{
  char *a;

  a = mm_map(0, 8*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap to find space");
  mm_unmap(a, 8*MM_PG, "munmap");
  // [a, a+2) rw, hole, [a+3, a+4) r, hole, [a+5, a+8) rw  (in pages)
  mm_map(a, 2*MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0, "region 1");
  mm_map(a + 3*MM_PG, MM_PG, PROT_READ, MM_ANON|MAP_FIXED, -1, 0, "region 2");
  mm_map(a + 5*MM_PG, 3*MM_PG, MM_RW, MM_ANON|MAP_FIXED, -1, 0, "region 3");
  a[0] = 'a';
  a[MM_PG] = 'b';
  a[5*MM_PG] = 'c';
  a[6*MM_PG] = 'd';
  a[7*MM_PG] = 'e';
  mm_expect_nregions(3, "three regions");
  mm_unmap(a + MM_PG, 5*MM_PG, "munmap across three regions");
  mm_expect_nregions(2, "after munmap across three regions");
  mm_expect_region(a, a + MM_PG, MM_RW, 0, "first region's head");
  mm_expect_region(a + 6*MM_PG, a + 8*MM_PG, MM_RW, 0, "third region's tail");
  if(a[0] != 'a' || a[6*MM_PG] != 'd' || a[7*MM_PG] != 'e')
    fail("munmap across regions lost the contents left mapped");
  mm_expect_kill(a + MM_PG, 0, "unmapped tail of region 1");
  mm_expect_kill(a + 3*MM_PG, 0, "unmapped region 2");
  mm_expect_kill(a + 5*MM_PG, 0, "unmapped head of region 3");
  mm_unmap(a, 8*MM_PG, "munmap of everything");
  mm_expect_nregions(0, "after munmap of everything");
  mm_unmap(a, 8*MM_PG, "munmap of nothing");
  mm_check("mmunmapmany");
}

// ---------------------------------------------------------------------
// mprotect.

// mprotect of the middle page splits into three; undoing it merges back.
static void
mmprotsplit(void)
{
  char *p;
  int i;

  p = mm_map(0, 3*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap");
  for(i = 0; i < 3; i++)
    p[i * MM_PG] = 'a' + i;
  mm_protect(p + MM_PG, MM_PG, PROT_READ, "mprotect of the middle");
  mm_expect_nregions(3, "after mprotect of the middle page");
  mm_expect_region(p, p + MM_PG, MM_RW, 0, "head");
  mm_expect_region(p + MM_PG, p + 2*MM_PG, PROT_READ, 0, "middle");
  mm_expect_region(p + 2*MM_PG, p + 3*MM_PG, MM_RW, 0, "tail");
  mm_protect(p + MM_PG, MM_PG, MM_RW, "mprotect back");
  mm_expect_nregions(1, "after mprotect back");
  mm_expect_region(p, p + 3*MM_PG, MM_RW, 0, "merged back");
  mm_protect(p, 1, PROT_READ, "mprotect of 1 byte");
  mm_expect_nregions(2, "after mprotect of the head's first byte");
  mm_expect_region(p, p + MM_PG, PROT_READ, 0, "page-rounded head");
  mm_protect(p + 2*MM_PG, MM_PG, PROT_READ, "mprotect of the tail");
  mm_expect_nregions(3, "read-only head and tail");
  mm_protect(p, 3*MM_PG, MM_RW, "mprotect of all three");
  mm_expect_nregions(1, "after mprotect of all three");
  mm_expect_region(p, p + 3*MM_PG, MM_RW, 0, "all three merged");
  if(mm_reg[0].resident != 3)
    fail("%d pages resident, expected 3", mm_reg[0].resident);
  for(i = 0; i < 3; i++)
    if(p[i * MM_PG] != 'a' + i)
      fail("page %d lost its contents", i);
  mm_check("mmprotsplit");
}

// A run of regions that all become compatible merges into one, however
// the run meets the range: here two regions inside it merge, and the
// result must then merge with the region just past the range too.
static void
mmprotrun(void)
{
  char *p;

  p = mm_map(0, 3*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap");
  mm_protect(p + MM_PG, MM_PG, MM_RW|PROT_EXEC, "mprotect page 1 rwx");
  mm_protect(p + 2*MM_PG, MM_PG, PROT_READ, "mprotect page 2 r");
  mm_expect_nregions(3, "rw, rwx, r");
  mm_protect(p, 2*MM_PG, PROT_READ, "mprotect pages 0-1 r");
  mm_expect_nregions(1, "after making all three read-only");
  mm_expect_region(p, p + 3*MM_PG, PROT_READ, 0, "one read-only region");
  mm_check("mmprotrun");
}

// The new protection is enforced, on present and untouched pages.
static void
mmprotkill(void)
{
  char *p, *q;

  p = mm_map(0, 2*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap");
  p[0] = 'w';
  p[MM_PG] = 'v';
  mm_protect(p, 2*MM_PG, PROT_READ, "mprotect PROT_READ");
  if(p[0] != 'w' || p[MM_PG] != 'v')
    fail("contents changed by mprotect PROT_READ");
  mm_expect_kill(p, 1, "write after mprotect PROT_READ");
  mm_expect_kill(p + MM_PG, 1, "write after mprotect PROT_READ");
  mm_protect(p, 2*MM_PG, PROT_NONE, "mprotect PROT_NONE");
  mm_expect_kill(p, 0, "read after mprotect PROT_NONE");
  mm_protect(p, 2*MM_PG, MM_RW, "mprotect read/write");
  p[0] = 'z';
  q = mm_map(0, MM_PG, MM_RW, MM_ANON, -1, 0, "untouched mmap");
  mm_protect(q, MM_PG, PROT_READ, "mprotect of an untouched page");
  if(q[0] != 0)
    fail("untouched page reads 0x%x, expected 0", q[0] & 0xFF);
  mm_expect_kill(q, 1, "write to untouched page after mprotect PROT_READ");
  mm_protect(q, MM_PG, PROT_EXEC, "mprotect PROT_EXEC");
  sink = q[1];
  mm_expect_kill(q, 1, "write after mprotect PROT_EXEC");
}

// Contents survive a trip through PROT_NONE, and a dirty shared page
// stays dirty through it.
static void
mmprotnone(void)
{
  uint n = 4 * MM_PG / 4, i;
  uint *w;
  char *s;
  int fd;

  w = (uint*)mm_map(0, 4*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap");
  for(i = 0; i < n; i++)
    w[i] = ~i;
  mm_protect(w, 4*MM_PG, PROT_NONE, "mprotect PROT_NONE");
  mm_protect(w, 4*MM_PG, MM_RW, "mprotect back");
  for(i = 0; i < n; i++)
    if(w[i] != ~i)
      fail("word %d reads 0x%x after PROT_NONE, expected 0x%x", i, w[i], ~i);

  s = mm_newmap("mmprotn", 2*MM_PG, O_RDWR, MM_RW, MAP_SHARED, &fd);
  mm_scribble(s, 0, 2*MM_PG);
  mm_protect(s, 2*MM_PG, PROT_NONE, "mprotect shared PROT_NONE");
  mm_unmap(s, 2*MM_PG, "munmap");
  close(fd);
  mm_expect_file("mmprotn", 2*MM_PG, 0, 2*MM_PG, "file after PROT_NONE");
  unlink("mmprotn");
  mm_check("mmprotnone");
}

// mprotect of a range that is not wholly mapped fails, changing nothing.
static void
mmprothole(void)
{
  char *a;

  a = mm_map(0, 3*MM_PG, MM_RW, MM_ANON, -1, 0, "mmap");
  mm_unmap(a + MM_PG, MM_PG, "munmap of the middle");
  a[0] = 'q';
  mm_take();
  mm_badcall(mprotect(a, 3*MM_PG, PROT_READ), ENOMEM,
             "mprotect across a hole");
  mm_badcall(mprotect(a + MM_PG, MM_PG, PROT_READ), ENOMEM,
             "mprotect of the hole");
  mm_badcall(mprotect(a + MM_PG, 2*MM_PG, PROT_NONE), ENOMEM,
             "mprotect of the hole and a region");
  a[0] = 'r';
  a[2*MM_PG] = 's';
}

// A shared mapping of a file opened read-only cannot become writable;
// a private one can, and its writes stay out of the file.
static void
mmprotro(void)
{
  char *p, *q;
  int fd;

  p = mm_newmap("mmprotro", MM_PG, O_RDONLY, PROT_READ, MAP_SHARED, &fd);
  mm_take();
  mm_badcall(mprotect(p, MM_PG, MM_RW), EACCES, "mprotect adding PROT_WRITE");
  mm_badcall(mprotect(p, MM_PG, PROT_WRITE), EACCES,
             "mprotect to PROT_WRITE");
  mm_expect_kill(p, 1, "write to a shared mapping of a read-only file");
  q = mm_map(0, MM_PG, PROT_READ, MAP_PRIVATE, fd, 0, "private read-only");
  mm_protect(q, MM_PG, MM_RW, "mprotect private mapping writable");
  mm_scribble(q, 0, MM_PG);
  mm_unmap(q, MM_PG, "munmap");
  close(fd);
  mm_expect_file("mmprotro", MM_PG, 0, 0, "file after private writes");
  unlink("mmprotro");
}


// ---- the table ----------------------------------------------------

// This file's tests, in the order usertests runs them.
struct test mmregion_tests[] = {
  { mmhint,      "mmhint" },
  { mmfixed,     "mmfixed" },
  { mmsplit,     "mmsplit" },
  { mmtrim,      "mmtrim" },
  { mmmerge,     "mmmerge" },
  { mmunmapmany, "mmunmapmany" },
  { mmprotsplit, "mmprotsplit" },
  { mmprotrun,   "mmprotrun" },
  { mmprotkill,  "mmprotkill" },
  { mmprotnone,  "mmprotnone" },
  { mmprothole,  "mmprothole" },
  { mmprotro,    "mmprotro" },
  { 0, 0 },
};
