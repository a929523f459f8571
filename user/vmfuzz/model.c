// vmfuzz, the model: what every page of the window and every backing
// file should hold (contents as pattern versions), the random numbers
// and patterns, and the comparison of the kernel's picture with it.
#include "vmfuzz.h"

// ---------------------------------------------------------------------
// The model's state.

struct mpage pg[NPG];
struct minode inodes[NINO];
struct mobj objs[NOBJ];
struct mfd fds[NFD];
int names[NALLNAME];              // inode of each name, -1 if none
char *namestr[NALLNAME] = { "vmfz.0", "vmfz.1", "vmfz.2", "vmfz.p" };

// ---------------------------------------------------------------------
// Small helpers.

// A random number in [0, n); n > 0.
uint
rn(uint n)
{
  return xorshift(&rngstate) % n;
}

// The address of page i of the window.
char*
pgaddr(int i)
{
  return (char*)(MMAPBASE + i*PG);
}

// A new pattern version, never 0.
uint
newver(void)
{
  nextver = nextver % 65535 + 1;
  return nextver;
}

// Word j of the pattern of version ver; byte i of the page is byte
// i%4 of word i/4.
static uint
patword(uint ver, uint j)
{
  return (ver * 0x9E3779B1u) ^ ((j + 1) * 0x85EBCA6Bu);
}

// Byte i of the pattern of version ver.
uchar
patbyte(uint ver, uint i)
{
  return patword(ver, i >> 2) >> (8 * (i & 3));
}

// Fill the page at p with the pattern of version ver.
void
fillpage(char *p, uint ver)
{
  uint *w = (uint*)p;
  uint j;

  for(j = 0; j < PG/4; j++)
    w[j] = patword(ver, j);
}

static uchar
expected_byte(struct content c, uint i)
{
  return i < c.len ? patbyte(c.ver, i) : 0;
}

// Compare a few bytes of the page at p with c: both ends, both sides of
// the end of the pattern, one at random.
void
check_bytes(char *p, struct content c, const char *what)
{
  check_bytes_below(p, c, PG, what);
}

// The same for the bytes below limit only.
void
check_bytes_below(char *p, struct content c, uint limit, const char *what)
{
  uint off[5], i;
  int n = 0;
  uchar got, want;

  off[n++] = 0;
  off[n++] = PG - 1;
  off[n++] = rn(PG);
  if(c.len > 0)
    off[n++] = c.len - 1;
  if(c.len < PG)
    off[n++] = c.len;
  for(i = 0; i < n; i++){
    if(off[i] >= limit)
      continue;
    got = p[off[i]];
    want = expected_byte(c, off[i]);
    if(got != want)
      bad("%s: byte %d of page 0x%x is 0x%x, expected 0x%x "
          "(version %d, %d pattern bytes)", what, off[i], (uint)p,
          got, want, c.ver, c.len);
  }
}


// ---------------------------------------------------------------------
// Files and open files in the model.

static int
obj_used(int o)
{
  int i;

  for(i = 0; i < NFD; i++)
    if(fds[i].fd >= 0 && fds[i].obj == o)
      return 1;
  for(i = 0; i < NPG; i++)
    if(pg[i].mapped && pg[i].obj == o)
      return 1;
  return 0;
}

static int
ino_used(int n)
{
  int i;

  for(i = 0; i < NALLNAME; i++)
    if(names[i] == n)
      return 1;
  for(i = 0; i < NOBJ; i++)
    if(objs[i].ino == n && obj_used(i))
      return 1;
  return peer_holds_ino(n);
}

// A free open-file slot for inode n, or -1 if all are in use.
int
alloc_obj(int n, int readable, int writable)
{
  int o;

  for(o = 0; o < NOBJ; o++){
    if(objs[o].ino < 0 || !obj_used(o)){
      objs[o].ino = n;
      objs[o].readable = readable;
      objs[o].writable = writable;
      return o;
    }
  }
  return -1;
}

// A free inode slot in the model, or -1.
int
alloc_ino(void)
{
  int n;

  for(n = 0; n < NINO; n++)
    if(!ino_used(n))
      return n;
  return -1;
}

static struct minode*
page_inode(struct mpage *m)
{
  return &inodes[objs[(int)m->obj].ino];
}

// What page foff of inode ip reads as through a mapping: its content
// cut at end of file. Only for pages below the end of file.
struct content
file_content(struct minode *ip, uint foff)
{
  struct content c = ip->pg[foff];
  uint left = ip->size - foff*PG;

  if(c.len > left)
    c.len = left;
  if(c.len == 0)
    c.ver = 0;
  return c;
}

// ---------------------------------------------------------------------
// Pages and regions in the model.

// Does the model let the process read (write) page m?
int
readable(struct mpage *m)
{
  return m->mapped && (m->prot & (PROT_READ|PROT_WRITE|PROT_EXEC));
}

int
writable(struct mpage *m)
{
  return m->mapped && (m->prot & PROT_WRITE);
}

// Is page i of a file that does not reach it (a fault there kills)?
int
past_eof(int i)
{
  struct mpage *m = &pg[i];

  return m->mapped && m->obj >= 0 && !m->present &&
         m->foff*PG >= page_inode(m)->size;
}

// May the process touch page i (for writing if write) and live?
int
touchable(int i, int write)
{
  if(write ? !writable(&pg[i]) : !readable(&pg[i]))
    return 0;
  return !past_eof(i);
}

// Page i is being faulted in (it is mapped and not past end of file):
// record it as present. An anonymous page is zeros; a file page is the
// file's page (the page cache's), until a private one is stored to.
void
fault_in(int i)
{
  struct mpage *m = &pg[i];

  if(m->present)
    return;
  m->present = 1;
  m->dirty = 0;
  m->own = 0;
  m->c.ver = 0;
  m->c.len = 0;
  if(m->obj >= 0)
    stats[S_FILEFAULT]++;
}

// What present page i holds, and in *limit how many of its bytes the
// model knows (a file page's below end of file; all of any other).
struct content
page_content(int i, uint *limit)
{
  struct mpage *m = &pg[i];
  struct minode *ip;

  *limit = PG;
  if(m->obj < 0 || m->own)
    return m->c;
  ip = page_inode(m);
  if(ip->size - m->foff*PG < PG)
    *limit = ip->size - m->foff*PG;
  return file_content(ip, m->foff);
}

// May page i (mapped, present or about to be faulted in) hold bytes
// past end of file the model does not know (a mapping's store there,
// not yet zeroed by write-back)?
int
page_tail_unknown(int i)
{
  struct mpage *m = &pg[i];
  struct minode *ip;

  if(m->obj < 0 || m->own)
    return 0;
  ip = page_inode(m);
  return ip->stored[m->foff] && ip->size - m->foff*PG < PG;
}

// Check the bytes of present page i that the model knows.
void
check_page(int i, const char *what)
{
  struct content c;
  uint limit;

  c = page_content(i, &limit);
  check_bytes_below(pgaddr(i), c, limit, what);
}

// The process stores c (a whole page) into page i (present). A shared
// file page is the file's: every mapping and read() see it at once. A
// private file page becomes the process's own copy. In a fork child an
// anonymous page the parent shares sees it too: log it for the parent
// (file pages reach the parent through the files, rep.ino).
void
set_content(int i, struct content c)
{
  struct mpage *m = &pg[i];
  struct minode *ip;

  m->dirty = 1;
  if(m->obj >= 0 && (m->flags & MAP_SHARED)){
    ip = page_inode(m);
    ip->pg[m->foff] = c;
    ip->stored[m->foff] = 1;
    return;
  }
  m->c = c;
  if(m->obj >= 0)
    m->own = 1;
  if(inchild && m->fromparent){
    if(rep.nlog == MAXLOG)
      bad("model: child's write log is full");
    rep.log[rep.nlog].page = i;
    rep.log[rep.nlog].c = c;
    rep.nlog++;
  }
}

// Do pages i and i+1 belong to one region? The kernel merges adjacent
// regions with the same protection, flags and open file, and, for a
// file, contiguous offsets.
static int
joined(int i)
{
  struct mpage *a = &pg[i], *b = &pg[i+1];

  if(i + 1 >= NPG || !a->mapped || !b->mapped)
    return 0;
  if(a->prot != b->prot || a->flags != b->flags || a->obj != b->obj)
    return 0;
  return a->obj < 0 || a->foff + 1 == b->foff;
}

// The first page of the region page i is in, and (region_end) the
// page after its last: runs of pages the kernel keeps as one region.
int
region_start(int i)
{
  while(i > 0 && joined(i - 1))
    i--;
  return i;
}

// One past the last page of the region holding page i.
int
region_end(int i)
{
  while(joined(i))
    i++;
  return i + 1;
}

// A random mapped page, or -1 if nothing is mapped.
int
random_mapped(void)
{
  int i, n = 0, k;

  for(i = 0; i < NPG; i++)
    n += pg[i].mapped;
  if(n == 0)
    return -1;
  k = rn(n);
  for(i = 0; i < NPG; i++)
    if(pg[i].mapped && k-- == 0)
      return i;
  return -1;
}

// Write-back of [a, b), as munmap, msync and exit do: the stores are in
// the files already (the page cache), so only the count changes. (The
// kernel also zeroes the written pages' bytes past end of file; the
// model leaves those unknown: stored[] stays set.)
void
model_writeback(int a, int b)
{
  struct mpage *m;
  int i;

  for(i = a; i < b && i < NPG; i++){
    m = &pg[i];
    if(!m->mapped || m->obj < 0 || !(m->flags & MAP_SHARED) ||
       !m->present || !m->dirty)
      continue;
    m->dirty = 0;
    stats[S_WRITEBACK]++;
  }
}

// Page i is not mapped.
void
clear_page(int i)
{
  memset(&pg[i], 0, sizeof(pg[i]));
  pg[i].obj = -1;
}

// Pages [a, b) are unmapped: dirty shared pages are written back.
void
model_unmap(int a, int b)
{
  int i;

  model_writeback(a, b);
  for(i = a; i < b && i < NPG; i++)
    clear_page(i);
}

// Is every page of [a, b) mapped (and inside the window)?
int
fully_mapped(int a, int b)
{
  int i;

  if(b > NPG)
    return 0;
  for(i = a; i < b; i++)
    if(!pg[i].mapped)
      return 0;
  return 1;
}

// Lowest page where n free pages start (free pages beyond the window
// count too: nothing is ever mapped there).
int
lowest_fit(int n)
{
  int i, run = 0;

  for(i = 0; i < NPG; i++){
    run = pg[i].mapped ? 0 : run + 1;
    if(run == n)
      return i - n + 1;
  }
  return NPG - run;
}

// Is no page of the n from a mapped?
int
range_free(int a, int n)
{
  int i;

  for(i = a; i < a + n && i < NPG; i++)
    if(pg[i].mapped)
      return 0;
  return 1;
}

// fork populates every MAP_SHARED anonymous region of the parent first,
// so that both hold the very same pages (file regions need not be: both
// find the page cache's pages).
void
model_fork_populate(void)
{
  int i;

  for(i = 0; i < NPG; i++){
    if(pg[i].mapped && (pg[i].flags & MAP_SHARED) && pg[i].obj < 0)
      fault_in(i);
  }
}

// ---------------------------------------------------------------------
// Comparing the kernel with the model.

static void
check_regions(void)
{
  struct vmregion *r, want;
  int n, i, j, e, k;

  n = window_regions();
  if(n < 0)
    bad("vmregions failed");
  j = 0;
  for(i = 0; i < NPG; i = e){
    if(!pg[i].mapped){
      e = i + 1;
      continue;
    }
    e = region_end(i);
    want.start = (uint)pgaddr(i);
    want.end = (uint)pgaddr(e);
    want.prot = pg[i].prot;
    want.flags = pg[i].flags;
    want.offset = pg[i].obj < 0 ? 0 : pg[i].foff * PG;
    want.inum = pg[i].obj < 0 ? 0 : page_inode(&pg[i])->inum;
    want.resident = 0;
    for(k = i; k < e; k++)
      want.resident += pg[k].present;
    if(j >= n || j >= MAXREG)
      bad("region %d missing: expected 0x%x-0x%x", j, want.start, want.end);
    r = &rbuf[j];
    // A file fault also maps the file's cached neighbours (fault-around),
    // which the model does not follow: a file region may have more
    // pages resident than the model says, never fewer.
    if(pg[i].obj >= 0 && r->resident >= want.resident &&
       r->resident <= e - i)
      want.resident = r->resident;
    if(r->start != want.start || r->end != want.end ||
       r->prot != want.prot || r->flags != want.flags ||
       r->offset != want.offset || r->inum != want.inum ||
       r->resident != want.resident)
      bad("region %d is 0x%x-0x%x prot %x flags %x off %x inode %d "
          "resident %d; expected 0x%x-0x%x prot %x flags %x off %x "
          "inode %d resident %d", j, r->start, r->end, r->prot, r->flags,
          r->offset, r->inum, r->resident, want.start, want.end,
          want.prot, want.flags, want.offset, want.inum, want.resident);
    j++;
  }
  if(n != j)
    bad("vmregions reports %d regions, the model has %d", n, j);
  if(n > stats[S_MAXREG])
    stats[S_MAXREG] = n;
}

// The invariant checker finds nothing wrong and the regions equal
// the model's.
void
check_state(void)
{
  int r;

  msg[0] = 0;
  if((r = vmcheck(0, msg, sizeof(msg))) != 0)
    bad("vmcheck returned %d: %s", r, msg);
  check_regions();
}

// Check the bytes of every present page the process may read.
void
check_contents(void)
{
  int i;

  for(i = 0; i < NPG; i++)
    if(pg[i].present && readable(&pg[i]))
      check_page(i, "contents");
}
