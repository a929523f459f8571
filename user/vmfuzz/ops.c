// vmfuzz, the operations a step draws: backing files, mmap, munmap,
// mprotect, msync, touching pages and system-call I/O, probes that must
// kill, and fork. Each makes its call and updates the model to match.
#include "vmfuzz.h"

// A fork child's report, written by the child and read by the parent.
struct report rep;

// ---------------------------------------------------------------------
// The backing files.

static int
free_fd_slot(void)
{
  int s;

  for(s = 0; s < NFD; s++)
    if(fds[s].fd < 0)
      return s;
  return -1;
}

// A random name that is in use (live) or free; -1 if there is none.
int
random_name(int live)
{
  int x, k, n = 0;

  for(x = 0; x < NNAME; x++)
    n += (names[x] >= 0) == live;
  if(n == 0)
    return -1;
  k = rn(n);
  for(x = 0; x < NNAME; x++)
    if((names[x] >= 0) == live && k-- == 0)
      return x;
  return -1;
}

// A random file that has a name: its inode in the model, with the name
// in *x; 0 if no name is in use.
static struct minode*
random_file(int *x)
{
  if((*x = random_name(1)) < 0)
    return 0;
  return &inodes[names[*x]];
}

// Open name x and move to file page k by reading the pages before it.
static int
open_at(int x, int mode, int k)
{
  int fd, i;

  if((fd = open(namestr[x], mode)) < 0)
    bad("open %s failed", namestr[x]);
  for(i = 0; i < k; i++)
    if(read(fd, fbuf, PG) != PG)
      bad("read of page %d of %s failed", i, namestr[x]);
  return fd;
}

// The model of a write of m whole pages and a tail of b bytes, of
// versions ver[], to inode ip from file page k on (whoever made it).
void
model_file_write(struct minode *ip, int k, int m, int b, uint *ver)
{
  int j;

  for(j = 0; j < m + (b > 0); j++){
    ip->pg[k + j].ver = ver[j];
    ip->pg[k + j].len = PG;
  }
  if(k*PG + m*PG + b > ip->size)
    ip->size = k*PG + m*PG + b;
}

// Write m whole pages (at most 2) and a tail of b bytes, each with a
// new version, to name x from file page k on. (File writes are the
// slowest steps by far: every block goes through the log.)
static void
file_write(int x, int k, int m, int b)
{
  struct minode *ip = &inodes[names[x]];
  int fd, j, n = m*PG + b;
  uint ver[3];

  if(m > 2 || b >= PG)
    bad("model: file_write of %d pages and %d bytes", m, b);

  for(j = 0; j < m + (b > 0); j++){
    ver[j] = newver();
    fillpage(scratch + j*PG, ver[j]);
  }
  fd = open_at(x, O_RDWR, k);
  if(write(fd, scratch, n) != n)
    bad("write of %d bytes at page %d of %s failed", n, k, namestr[x]);
  close(fd);
  model_file_write(ip, k, m, b, ver);
}

// Check name x's size, inode and every page against the model.
void
file_check(int x)
{
  struct minode *ip = &inodes[names[x]];
  struct stat st;
  int fd, j, n, want;

  if((fd = open(namestr[x], O_RDONLY)) < 0)
    bad("open %s failed", namestr[x]);
  if(fstat(fd, &st) < 0 || st.ino != ip->inum || st.size != ip->size)
    bad("%s is inode %d size %d, expected inode %d size %d", namestr[x],
        st.ino, st.size, ip->inum, ip->size);
  for(j = 0; j*PG < ip->size; j++){
    want = ip->size - j*PG < PG ? ip->size - j*PG : PG;
    if((n = read(fd, fbuf, PG)) != want)
      bad("read of page %d of %s gave %d bytes, expected %d", j,
          namestr[x], n, want);
    memset(fbuf + want, 0, PG - want);
    check_bytes(fbuf, file_content(ip, j), namestr[x]);
  }
  if(read(fd, fbuf, PG) != 0)
    bad("%s is longer than %d bytes", namestr[x], ip->size);
  close(fd);
}

// A new, empty file under a free name, with a descriptor kept open if
// there is room, then some contents.
void
file_create(void)
{
  int x, n, s, o, fd;
  struct stat st;

  if((x = random_name(0)) < 0 || (n = alloc_ino()) < 0)
    return;
  if((fd = open(namestr[x], O_CREATE|O_RDWR)) < 0)
    bad("create %s failed", namestr[x]);
  if(fstat(fd, &st) < 0 || st.size != 0)
    bad("new file %s is not empty", namestr[x]);
  memset(&inodes[n], 0, sizeof(inodes[n]));
  inodes[n].inum = st.ino;
  names[x] = n;
  s = free_fd_slot();
  if(s >= 0 && (o = alloc_obj(n, 1, 1)) >= 0){
    fds[s].fd = fd;
    fds[s].obj = o;
  } else {
    close(fd);
  }
  file_write(x, 0, rn(3), rn(2) ? 1 + rn(PG - 1) : 0);
}

// Draw where a write goes in the file of inode ip: from page *k, *m
// whole pages and a tail of *b bytes. Whole pages start at a page the
// file reaches. A partial tail that ends before the old end of file
// would leave a page of two versions, which the model cannot describe,
// so tails only come with a write that reaches the old end.
void
file_write_draw(struct minode *ip, int *k, int *m, int *b)
{
  int room;

  // Half the time append, so that files grow.
  *k = rn(2) ? ip->size / PG : rn(ip->size / PG + 1);
  if(*k >= FPG)
    *k = FPG - 1;
  room = FPG - *k;
  *m = rn((room < 2 ? room : 2) + 1);
  *b = 0;
  if(*k + *m < FPG && rn(2) && (*k + *m)*PG + PG > ip->size){
    *b = 1 + rn(PG - 1);
    if((*k + *m)*PG + *b < ip->size)
      *b = ip->size - (*k + *m)*PG;
  }
  if(*m == 0 && *b == 0)
    *m = 1;
}

// Write new versions somewhere in a file (file_write_draw).
static void
op_file_write(void)
{
  struct minode *ip;
  int x, k, m, b;

  if((ip = random_file(&x)) == 0)
    return;
  file_write_draw(ip, &k, &m, &b);
  file_write(x, k, m, b);
}

// Open another descriptor for mapping, in any mode: a wrong mode makes
// the mmaps that use it fail, which the model expects.
void
file_open(void)
{
  int x, s, o, k, mode;

  if((x = random_name(1)) < 0 || (s = free_fd_slot()) < 0)
    return;
  k = rn(8);
  mode = k < 5 ? O_RDWR : k < 7 ? O_RDONLY : O_WRONLY;
  if((o = alloc_obj(names[x], mode != O_WRONLY, mode != O_RDONLY)) < 0)
    return;
  if((fds[s].fd = open(namestr[x], mode)) < 0)
    bad("open %s mode %d failed", namestr[x], mode);
  fds[s].obj = o;
}

// Step: a file operation: create, write, open, close, check, unlink.
void
op_file(void)
{
  int x, s;

  stats[S_FILEOP]++;
  switch(rn(7)){
  case 0:
    file_create();
    break;
  case 1:
  case 2:
    op_file_write();
    break;
  case 3:
    if((x = random_name(1)) >= 0)
      file_check(x);
    break;
  case 4:
    // Unlink: mappings and descriptors keep the inode alive.
    if((x = random_name(1)) >= 0){
      if(unlink(namestr[x]) < 0)
        bad("unlink %s failed", namestr[x]);
      names[x] = -1;
    }
    break;
  case 5:
    file_open();
    break;
  case 6:
    // Close: mappings keep their own reference.
    s = rn(NFD);
    if(fds[s].fd >= 0){
      if(close(fds[s].fd) < 0)
        bad("close %d failed", fds[s].fd);
      fds[s].fd = -1;
    }
    break;
  }
}

// ---------------------------------------------------------------------
// mmap, munmap, mprotect, msync.

static int prots[] = {
  PROT_NONE, PROT_READ, PROT_WRITE, PROT_READ|PROT_WRITE,
  PROT_READ|PROT_EXEC, PROT_READ|PROT_WRITE|PROT_EXEC,
};

// Hints mmap must ignore (outside the area, or reaching out of it).
static uint ignored_hints[] = {
  0, 0x1000, MMAPBASE - PG, KERNBASE, 0xFFFFF000,
};

// The arguments of an mmap call being drawn.
struct mcall {
  int n;          // pages it covers
  uint len;       // length in bytes: n pages, or a little less
  uint hint;      // addr
  int prot;
  int flags;
  int slot;       // descriptor slot of a file mapping; -1 if anonymous
  int fd;
  int off;
};

// Random protection, flags, and for a file a descriptor and offset.
static void
draw_mapping(struct mcall *c, int file)
{
  struct mobj *ob;

  c->prot = prots[rn(NELEM(prots))];
  c->flags = rn(2) ? MAP_SHARED : MAP_PRIVATE;
  c->slot = -1;
  c->fd = -1;
  c->off = 0;
  if(!file){
    c->flags |= MAP_ANONYMOUS;
    return;
  }
  c->slot = rn(NFD);
  c->fd = fds[c->slot].fd;
  // Mostly offsets the file reaches, sometimes past its end, now and
  // then near the largest offset there is.
  ob = c->fd >= 0 ? &objs[fds[c->slot].obj] : 0;
  if(ob && rn(4))
    c->off = rn(inodes[ob->ino].size / PG + 1) * PG;
  else if(rn(16))
    c->off = rn(MAXOFF) * PG;
  else
    c->off = 0x7FFFF000 - rn(MAXLEN) * PG;
}

// Draw a mapping that continues a region (after it or before it): the
// same protection, flags and open file, the adjoining offset, so that
// the kernel must merge the two. Sets *start; returns 0 if there is no
// such mapping (no region, no descriptor for its file, no room).
static int
draw_beside(struct mcall *c, int *start)
{
  struct mpage *m;
  int i, s, e, k;

  if((i = random_mapped()) < 0)
    return 0;
  s = region_start(i);
  e = region_end(i);
  m = &pg[s];
  c->prot = m->prot;
  c->flags = m->flags;
  c->slot = -1;
  c->fd = -1;
  c->off = 0;
  if(m->obj >= 0){
    for(k = 0; k < NFD; k++)
      if(fds[k].fd >= 0 && fds[k].obj == m->obj)
        break;
    if(k == NFD)
      return 0;
    c->slot = k;
    c->fd = fds[k].fd;
  }
  if(rn(2)){
    *start = e;
    if(m->obj >= 0)
      c->off = (pg[e-1].foff + 1) * PG;
  } else {
    *start = s - c->n;
    if(m->obj >= 0)
      c->off = ((int)pg[s].foff - c->n) * PG;
  }
  return *start >= 0 && *start + c->n <= NPG && c->off >= 0;
}

// Would the kernel accept these arguments? (The range is always fine.)
static int
mapping_ok(struct mcall *c)
{
  struct mobj *ob;

  if(c->slot < 0)
    return 1;
  if(c->fd < 0)
    return 0;
  ob = &objs[fds[c->slot].obj];
  if(!ob->readable)
    return 0;
  return !((c->flags & MAP_SHARED) && (c->prot & PROT_WRITE) &&
           !ob->writable);
}

// mmap in one of four ways: MAP_FIXED anywhere in the window, with a
// hint, with a hint mmap must ignore, or beside a region it must merge
// with (fixed or as a hint).
void
op_mmap(int file)
{
  struct mcall c;
  int mode, start, a = 0, ok, i;
  uint r;

  c.n = 1 + (rn(4) ? rn(4) : rn(MAXLEN));
  c.len = c.n*PG - (rn(4) == 0 ? rn(PG) : 0);
  mode = rn(4);
  if(mode != 3 || !draw_beside(&c, &a)){
    if(mode == 3)
      mode = 0;
    draw_mapping(&c, file);
  }
  if(rn(8) == 0)
    c.flags |= MAP_POPULATE;
  ok = mapping_ok(&c);

  if(mode == 0 || (mode == 3 && rn(2))){
    c.flags |= MAP_FIXED;
    start = mode == 0 ? rn(NPG - c.n + 1) : a;
    c.hint = (uint)pgaddr(start);
  } else {
    if(mode == 1)
      a = rn(NPG - c.n + 1);
    if(mode != 2){
      c.hint = (uint)pgaddr(a) + (rn(4) == 0 ? rn(PG) : 0);
    } else {
      c.hint = ignored_hints[rn(NELEM(ignored_hints))];
      if(c.n > 1 && rn(4) == 0)
        c.hint = MMAPTOP - PG;   // in the area, but the range is not
    }
    if(mode != 2 && range_free(a, c.n))
      start = a;
    else
      start = lowest_fit(c.n);
    if(start + c.n > NPG)
      return;   // it would land outside the window
  }

  called("mmap", 6, c.hint, c.len, c.prot, c.flags, c.fd, c.off);
  r = (uint)mmap((void*)c.hint, c.len, c.prot, c.flags, c.fd, c.off);
  stats[ok ? S_MMAP : S_MMAP_FAIL]++;
  if(!ok){
    if(r != (uint)MAP_FAILED)
      bad("mmap returned 0x%x, expected failure", r);
    return;
  }
  if(r != (uint)pgaddr(start))
    bad("mmap returned 0x%x, expected 0x%x", r, (uint)pgaddr(start));

  model_unmap(start, start + c.n);
  for(i = start; i < start + c.n; i++){
    pg[i].mapped = 1;
    pg[i].prot = c.prot;
    pg[i].flags = c.flags & (MAP_SHARED|MAP_PRIVATE|MAP_ANONYMOUS);
    pg[i].obj = c.slot >= 0 ? fds[c.slot].obj : -1;
    pg[i].foff = c.slot >= 0 ? c.off/PG + (i - start) : 0;
  }
  if(c.flags & MAP_POPULATE){
    for(i = start; i < start + c.n; i++)
      if(!past_eof(i))
        fault_in(i);
  }
}

// Pick a page range [*a, *a + *n): half the time anywhere, else around
// a region, so that calls on exactly mapped ranges are common.
static void
pick_range(int *a, int *n)
{
  int i, s, e;

  if(rn(2) == 0 || (i = random_mapped()) < 0){
    *a = rn(NPG);
    *n = 1 + rn(MAXLEN);
    return;
  }
  s = region_start(i);
  e = region_end(i);
  switch(rn(4)){
  case 0:
    break;
  case 1:
    s += rn(e - s);
    e = s + 1 + rn(e - s);
    break;
  case 2:
    s -= rn(3);
    if(s < 0)
      s = 0;
    e += rn(3);
    break;
  case 3:
    s = i;
    e = i + 1;
    break;
  }
  *a = s;
  *n = e - s;
}

// The call name(page a, len, arg) returned r: 0 if ok, else -1.
static void
expect_result(char *name, int r, int ok, int a, uint len, int arg)
{
  if(r != (ok ? 0 : -1))
    bad("%s(0x%x, %d, %x) = %d, expected %d", name, (uint)pgaddr(a), len,
        arg, r, ok ? 0 : -1);
}

// Step: munmap a random range.
void
op_munmap(void)
{
  int a, n;
  uint len;

  pick_range(&a, &n);
  len = n*PG - (rn(4) == 0 ? rn(PG) : 0);
  called("munmap", 2, pgaddr(a), len);
  if(munmap(pgaddr(a), len) != 0)
    bad("munmap(0x%x, %d) failed", (uint)pgaddr(a), len);
  stats[S_MUNMAP]++;
  model_unmap(a, a + n);
}

// Step: mprotect a random range.
void
op_mprotect(void)
{
  int a, n, i, prot, ok, r;
  uint len;

  pick_range(&a, &n);
  len = n*PG - (rn(4) == 0 ? rn(PG) : 0);
  prot = prots[rn(NELEM(prots))];
  ok = fully_mapped(a, a + n);
  for(i = a; ok && i < a + n; i++){
    if((prot & PROT_WRITE) && pg[i].obj >= 0 &&
       (pg[i].flags & MAP_SHARED) && !objs[(int)pg[i].obj].writable)
      ok = 0;
  }
  called("mprotect", 3, pgaddr(a), len, prot);
  r = mprotect(pgaddr(a), len, prot);
  expect_result("mprotect", r, ok, a, len, prot);
  stats[ok ? S_MPROTECT : S_MPROTECT_FAIL]++;
  for(i = a; ok && i < a + n; i++)
    pg[i].prot = prot;
}

// Step: msync a random range.
void
op_msync(void)
{
  static int flagset[] = {
    0, MS_ASYNC, MS_SYNC, MS_INVALIDATE, MS_SYNC|MS_INVALIDATE,
  };
  int a, n, ok, r, flags;
  uint len;

  pick_range(&a, &n);
  len = n*PG - (rn(4) == 0 ? rn(PG) : 0);
  flags = flagset[rn(NELEM(flagset))];
  ok = fully_mapped(a, a + n);
  called("msync", 3, pgaddr(a), len, flags);
  r = msync(pgaddr(a), len, flags);
  expect_result("msync", r, ok, a, len, flags);
  stats[ok ? S_MSYNC : S_MSYNC_FAIL]++;
  if(ok)
    model_writeback(a, a + n);
}

// ---------------------------------------------------------------------
// Touching pages.

// A random page near mapped ones that the process may touch, or -1.
static int
random_touchable(int write)
{
  int i, j;

  for(j = 0; j < 8; j++){
    if((i = random_mapped()) < 0)
      return -1;
    if(touchable(i, write))
      return i;
  }
  return -1;
}

// Step: read a few pages the model says are readable.
void
op_read(void)
{
  int i, j, k = 1 + rn(4);

  if((i = random_touchable(0)) < 0)
    return;
  for(j = i; j < i + k && j < NPG && touchable(j, 0); j++){
    fault_in(j);
    check_page(j, "read");
    stats[S_READ]++;
  }
}

// A random writable page of a MAP_SHARED file region (whose writes go
// back to the file), or -1.
static int
random_shared_file(void)
{
  int i, n = 0, k;

  for(i = 0; i < NPG; i++)
    n += touchable(i, 1) && pg[i].obj >= 0 && (pg[i].flags & MAP_SHARED);
  if(n == 0)
    return -1;
  k = rn(n);
  for(i = 0; i < NPG; i++)
    if(touchable(i, 1) && pg[i].obj >= 0 && (pg[i].flags & MAP_SHARED) &&
       k-- == 0)
      return i;
  return -1;
}

// Step: write new versions into a few writable pages.
void
op_write(void)
{
  struct content c;
  int i, j, k = 1 + rn(4);

  // Shared file pages are a small part of the window; favour them so
  // that write-back is exercised often.
  if((rn(2) == 0 && (i = random_shared_file()) >= 0) ||
     (i = random_touchable(1)) >= 0){
  } else {
    return;
  }
  for(j = i; j < i + k && j < NPG && touchable(j, 1); j++){
    fault_in(j);
    c.ver = newver();
    c.len = PG;
    fillpage(pgaddr(j), c.ver);
    set_content(j, c);
    stats[S_WRITE]++;
  }
}

// Can the m pages from i all be touched (written, if write)?
static int
touchable_run(int i, int m, int write)
{
  int j;

  for(j = i; j < i + m; j++)
    if(j >= NPG || !touchable(j, write))
      return 0;
  return 1;
}

// Fault in the m pages from i, then write them to the file of name x at
// page k (towrite), or read them from it, in one system call.
static void
sysio_run(int x, int k, int i, int m, int towrite)
{
  int j, fd, n;

  for(j = i; j < i + m; j++)
    fault_in(j);
  fd = open_at(x, towrite ? O_RDWR : O_RDONLY, k);
  if(towrite)
    n = write(fd, pgaddr(i), m*PG);
  else
    n = read(fd, pgaddr(i), m*PG);
  if(n != m*PG)
    bad("%s(%s, 0x%x, %d) = %d", towrite ? "write" : "read", namestr[x],
        (uint)pgaddr(i), m*PG, n);
  close(fd);
  stats[S_SYSIO]++;
}

// System calls on mapped buffers: write() from mapped pages to a file,
// read() from a file into mapped pages. Both fault the pages in first.
void
op_sysio(void)
{
  struct minode *ip;
  int x, i, j, k, m;
  uint lim;

  if((ip = random_file(&x)) == 0)
    return;
  m = 1 + rn(2);
  if(rn(2) == 0){
    if((i = random_touchable(0)) < 0)
      return;
    if(!touchable_run(i, m, 0))
      return;
    k = rn(ip->size / PG + 1);
    if(k + m > FPG)
      return;
    // write() copies whole pages, past end of file too: a source page
    // whose bytes there the model does not know would copy unknowns.
    for(j = 0; j < m; j++)
      if(page_tail_unknown(i + j))
        return;
    sysio_run(x, k, i, m, 1);
    // In order: a source page may be a mapping of a page this very
    // write changed just before (the page cache has one copy), and a
    // mapping shows all of that page, so the size grows page by page.
    // A source file page partly past its end of file is zeros there.
    for(j = 0; j < m; j++){
      ip->pg[k + j] = page_content(i + j, &lim);
      if((k + j + 1)*PG > ip->size)
        ip->size = (k + j + 1)*PG;
    }
  } else {
    if(ip->size < m*PG || (i = random_touchable(1)) < 0)
      return;
    if(!touchable_run(i, m, 1))
      return;
    k = rn(ip->size / PG - m + 1);
    sysio_run(x, k, i, m, 0);
    // In order, as read() copies: a destination page may be a mapping
    // of a source page read after it. Checked only once all are copied:
    // two destination pages may map one file page, which the later copy
    // changes again.
    for(j = 0; j < m; j++)
      set_content(i + j, file_content(ip, k + j));
    for(j = 0; j < m; j++)
      check_page(i + j, "read() into a mapping");
  }
}

// ---------------------------------------------------------------------
// Probes that must kill.

// The page holding this process's stack.
char*
stack_page(void)
{
  char c;

  return (char*)PGROUNDDOWN((uint)&c);
}

// Choose an access that must kill: *va and *write. Returns its name.
static char*
pick_probe(uint *va, int *write)
{
  int i, j;

  *write = rn(2);
  for(j = 0; j < 16; j++){
    i = rn(NPG);
    switch(rn(4)){
    case 0:
      if(pg[i].mapped)
        continue;
      *va = (uint)pgaddr(i) + rn(PG);
      return "access to an unmapped page";
    case 1:
      if(!pg[i].mapped || pg[i].prot != PROT_NONE)
        continue;
      *va = (uint)pgaddr(i) + rn(PG);
      return "access to a PROT_NONE page";
    case 2:
      if(!readable(&pg[i]) || writable(&pg[i]))
        continue;
      *va = (uint)pgaddr(i) + rn(PG);
      *write = 1;
      return "write to a read-only page";
    case 3:
      if(!past_eof(i))
        continue;
      *va = (uint)pgaddr(i) + rn(PG);
      return "access to a file page past end of file";
    }
  }
  switch(rn(4)){
  case 0:
    *va = KERNBASE + rn(4) * 0x100000;
    return "access to kernel memory";
  case 1:
    *va = 0xFFFFF000 + rn(PG);
    return "access to the top page";
  case 2:
    *va = (uint)stack_page() - PG + rn(PG);
    *write = 0;
    return "read of the stack guard page";
  default:
    *va = MMAPBASE - 1 - rn(PG);
    return "access between the heap and the mmap area";
  }
}

// Fork a child that reports to the parent on a pipe, the model made
// ready for the copy (model_fork_populate). Returns what fork returns:
// 0 in the child, with *fd the write end; the child's pid in the parent,
// with *fd the read end.
static int
fork_reporting(int *fd)
{
  int p[2], pid;

  if(pipe(p) < 0)
    bad("pipe failed");
  model_fork_populate();
  if((pid = fork()) < 0)
    bad("fork failed");
  if(pid == 0)
    peers_forget();
  close(pid == 0 ? p[0] : p[1]);
  *fd = pid == 0 ? p[1] : p[0];
  return pid;
}

// Step: an access that must kill, made in a child.
void
op_kill(void)
{
  int fd, pid, n, wr;
  uint va;
  char *what, c = 0;

  what = pick_probe(&va, &wr);
  if((pid = fork_reporting(&fd)) == 0){
    if(wr)
      *(volatile char*)va = 1;
    else
      c = *(volatile char*)va;
    write(fd, &c, 1);
    exit();
  }
  n = read(fd, &c, 1);
  close(fd);
  if(wait() != pid)
    bad("wait did not return the probe child");
  kills_expected++;
  if(n != 0)
    bad("%s (%s at 0x%x) did not kill the process", what,
        wr ? "write" : "read", va);
  kills_seen++;
}

// ---------------------------------------------------------------------
// fork: the child runs a few steps on its own copy and reports.

// End a fork child as its report says: exit, exec (this program, which
// then exits at once), or an access that must kill it.
static void
end_child(int ending, int wfd)
{
  char *argv[3], c = 0;
  uint va;
  int wr;

  if(ending == END_EXEC){
    argv[0] = progname;
    argv[1] = "-exec";
    argv[2] = 0;
    exec(progname, argv);
    bad("exec %s failed", progname);
  }
  if(ending == END_KILLED){
    pick_probe(&va, &wr);
    if(wr)
      *(volatile char*)va = 1;
    else
      c = *(volatile char*)va;
    write(wfd, &c, 1);   // it lived: the parent will see this
  }
  exit();
}

// While a fork child is held (op_fork), the parent writes new versions
// into up to k present private writable pages, which it shares with
// the child copy-on-write unless one of them has written it since.
static void
parent_writes(int k)
{
  struct content c;
  int i, n = 0;

  for(i = rn(NPG); n < k && i < NPG; i++){
    if(!pg[i].present || (pg[i].flags & MAP_SHARED) || !touchable(i, 1))
      continue;
    c.ver = newver();
    c.len = PG;
    fillpage(pgaddr(i), c.ver);
    set_content(i, c);
    n++;
  }
}

static void
run_child(int wfd, int holdfd)
{
  int i, k;
  char c;

  inchild = 1;
  rngstate ^= 0x5bd1e995;
  if(rngstate == 0)
    rngstate = 1;
  // Wait until the parent has made its first stores since fork (each
  // copies a page they share, copy-on-write) and blocked: a copy it
  // made while this child measures kernel memory (the hostile steps)
  // would count against the child's call.
  if(read(holdfd, &c, 1) != 1)
    bad("the parent did not start the child");
  rep.magic = REPORT_MAGIC;
  rep.nlog = 0;
  // The child's page table starts clean: no page is dirty in it, and
  // the shared pages are the parent's own.
  for(i = 0; i < NPG; i++){
    pg[i].dirty = 0;
    pg[i].fromparent = pg[i].present && (pg[i].flags & MAP_SHARED);
  }
  check_state();
  check_contents();
  k = 1 + rn(8);
  for(i = 0; i < k; i++){
    do_step();
    check_state();
  }
  check_contents();
  // Held: the parent writes some of the private pages both still
  // share; none of its writes may show here (copy-on-write).
  c = HELD;
  if(write(wfd, &c, 1) != 1 || read(holdfd, &c, 1) != 1)
    bad("the parent did not release the child");
  check_contents();
  // exit writes every dirty shared file page back, in address order;
  // so do exec and the exit of a killed process.
  model_writeback(0, NPG);
  memmove(rep.ino, inodes, sizeof(inodes));
  rep.ending = rn(NEND);
  if(write(wfd, &rep, sizeof(rep)) != sizeof(rep))
    bad("cannot report to the parent");
  end_child(rep.ending, wfd);
}

// Step: fork a child that runs a few steps of its own, then, while the
// child waits, write some private pages both still share (each side
// must see only its own writes); the child reports its writes to
// shared pages, and they go into the model.
void
op_fork(void)
{
  int fd, pid, n, got, i, j, hold[2];
  struct wlog *w;
  char c;

  if(pipe(hold) < 0)
    bad("pipe failed");
  if((pid = fork_reporting(&fd)) == 0){
    close(hold[1]);
    run_child(fd, hold[0]);
  }
  close(hold[0]);
  c = HELD;
  if(write(hold[1], &c, 1) != 1)
    bad("cannot start the fork child");
  if(read(fd, &c, 1) != 1 || c != HELD)
    bad("the fork child failed before it was held");
  parent_writes(1 + rn(8));
  c = HELD;
  if(write(hold[1], &c, 1) != 1)
    bad("cannot release the fork child");
  close(hold[1]);
  for(got = 0; got < sizeof(rep); got += n)
    if((n = read(fd, (char*)&rep + got, sizeof(rep) - got)) <= 0)
      break;
  // Anything after the report means a child that had to die lived.
  n = read(fd, &c, 1);
  close(fd);
  if(wait() != pid)
    bad("wait did not return the fork child");
  if(got != sizeof(rep) || rep.magic != REPORT_MAGIC)
    bad("the fork child failed (reported %d of %d bytes)", got,
        sizeof(rep));
  if(rep.ending == END_KILLED){
    kills_expected++;
    if(n != 0)
      bad("the fork child's last access did not kill it");
    kills_seen++;
  }
  stats[S_FORK]++;
  for(j = 0; j < rep.nlog; j++){
    w = &rep.log[j];
    if(w->page >= NPG || !pg[w->page].present ||
       !(pg[w->page].flags & MAP_SHARED))
      bad("model: the child wrote page %d, not one shared with it",
          w->page);
    pg[w->page].c = w->c;
  }
  for(i = 0; i < NINO; i++){
    if(rep.ino[i].size != inodes[i].size)
      bad("model: the child changed the size of inode %d", inodes[i].inum);
    memmove(inodes[i].pg, rep.ino[i].pg, sizeof(inodes[i].pg));
    memmove(inodes[i].stored, rep.ino[i].stored, sizeof(inodes[i].stored));
  }
}
