// vmfuzz, the peers: NPEER unrelated processes that share the backing
// files with the main process but none of its mappings. They are forked
// before the window is first used and drop every descriptor they
// inherit, so each opens the files and maps them on its own. A peer is
// a servant: the main process draws every peer step, sends the command
// down that peer's pipe and waits for the reply on the one reply pipe
// all peers share (lockstep, so a run stays a pure function of its
// seed). The main process keeps the model of each peer's pages and
// descriptors; the files are the one model (inodes[]) everybody shares.
#include "vmfuzz.h"

#define PPG     32      // pages of a peer's window, from MMAPBASE up
#define NPFD    3       // descriptors a peer keeps for mapping
#define NSAMPLE 5       // bytes sampled per page

// Commands a peer carries out.
enum { P_OPEN, P_CLOSE, P_MMAP, P_MUNMAP, P_MSYNC, P_STORE, P_PEEK,
       P_WRITE, P_READ };

struct pcmd {
  int op;
  uint a[8];
  int n;                      // P_PEEK: pages sampled
  uchar page[PPG];            // their page numbers
  ushort off[PPG][NSAMPLE];   // and byte offsets
};

struct preply {
  int r;                      // what the call returned
  uchar b[PPG][NSAMPLE];      // P_PEEK, P_READ: the bytes sampled
};

// One page of a peer's window in the model. Every peer mapping is of a
// file.
struct ppage {
  uchar mapped;
  uchar prot;
  uchar flags;      // MAP_SHARED or MAP_PRIVATE
  uchar present;    // touched or populated (fault-around may map more)
  uchar own;        // a private page's own copy (its first store)
  int obj;          // the open() it maps (merging needs the same one)
  int ino;          // index in inodes[]
  uint foff;        // file page number
  struct content c; // an own copy's contents
};

struct pfd {
  int fd;           // the peer's descriptor number, -1 if closed
  int obj;          // which open() made it
  int ino;
  char readable;
  char writable;
};

struct peer {
  int pid;
  int cmd;          // write end of its command pipe
  struct ppage pg[PPG];
  struct pfd fd[NPFD];
};

static struct peer peers[NPEER];
static int replyfd = -1;          // read end of the shared reply pipe
static int nextobj = 1;           // open()s made by peers, numbered
static struct pcmd cmd;
static struct preply reply;

// ---------------------------------------------------------------------
// The peer's side.

static int
readfull(int fd, void *buf, int n)
{
  int got, k;

  for(got = 0; got < n; got += k)
    if((k = read(fd, (char*)buf + got, n - got)) <= 0)
      return got;
  return got;
}

// Carry out one command. A peer checks nothing: the main process
// compares what it reports with the model.
static void
serve(struct pcmd *c, struct preply *r)
{
  uint *a = c->a;
  int j, k, fd, n;
  char *p;

  r->r = 0;
  switch(c->op){
  case P_OPEN:
    r->r = open(namestr[a[0]], a[1]);
    break;
  case P_CLOSE:
    r->r = close(a[0]);
    break;
  case P_MMAP:
    r->r = (int)mmap((void*)a[0], a[1], a[2], a[3], a[4], a[5]);
    break;
  case P_MUNMAP:
    r->r = munmap((void*)a[0], a[1]);
    break;
  case P_MSYNC:
    r->r = msync((void*)a[0], a[1], a[2]);
    break;
  case P_STORE:
    fillpage(pgaddr(a[0]), a[1]);
    break;
  case P_PEEK:
    for(j = 0; j < c->n && j < PPG; j++){
      p = pgaddr(c->page[j]);
      for(k = 0; k < NSAMPLE; k++)
        r->b[j][k] = p[c->off[j][k]];
    }
    break;
  case P_WRITE:
    // Name a[0], from file page a[1], a[2] bytes of versions a[3..5],
    // a page each.
    for(j = 0; j*PG < a[2]; j++)
      fillpage(scratch + j*PG, a[3 + j]);
    if((fd = open(namestr[a[0]], O_RDWR)) < 0){
      r->r = -2;
      break;
    }
    for(j = 0; j < a[1]; j++)
      read(fd, fbuf, PG);
    r->r = write(fd, scratch, a[2]);
    close(fd);
    break;
  case P_READ:
    // Page a[1] of name a[0] into fbuf, sampled at off[0].
    if((fd = open(namestr[a[0]], O_RDONLY)) < 0){
      r->r = -2;
      break;
    }
    for(j = 0; j < a[1]; j++)
      read(fd, fbuf, PG);
    memset(fbuf, 0, PG);
    n = read(fd, fbuf, PG);
    close(fd);
    r->r = n;
    for(k = 0; k < NSAMPLE; k++)
      r->b[0][k] = fbuf[c->off[0][k]];
    break;
  default:
    r->r = -3;
  }
}

// A peer's life: every descriptor it inherited closed but its two pipe
// ends, then commands until the main process closes its pipe; exit then
// writes its dirty shared pages back and drops its regions.
static void
peer_main(int in, int out)
{
  int fd;

  for(fd = 3; fd < NOFILE; fd++)
    if(fd != in && fd != out)
      close(fd);
  // Ready: from now on the peer runs only while the main process waits
  // for its reply, so the copies its first stores make (its pages are
  // its parent's, copy-on-write) never land inside a measurement the
  // main process makes.
  memset(&cmd, 0, sizeof(cmd));
  memset(&reply, 0, sizeof(reply));
  if(write(out, &reply, sizeof(reply)) != sizeof(reply))
    exit();
  while(readfull(in, &cmd, sizeof(cmd)) == sizeof(cmd)){
    serve(&cmd, &reply);
    if(write(out, &reply, sizeof(reply)) != sizeof(reply))
      break;
  }
  exit();
}

// ---------------------------------------------------------------------
// The main process's side: the model of each peer, and the steps.

// Start the peers. Called once, before the window holds any mapping.
void
peers_start(void)
{
  struct stat st;
  int p[2], r[2], i, pid, n, fd;

  // The peers' own file, which the main process never maps.
  if((n = alloc_ino()) < 0)
    bad("model: no inode for %s", namestr[PNAME]);
  if((fd = open(namestr[PNAME], O_CREATE|O_RDWR)) < 0 || fstat(fd, &st) < 0)
    bad("create %s failed", namestr[PNAME]);
  close(fd);
  memset(&inodes[n], 0, sizeof(inodes[n]));
  inodes[n].inum = st.ino;
  names[PNAME] = n;
  if(pipe(r) < 0)
    bad("pipe failed");
  for(i = 0; i < NPEER; i++){
    if(pipe(p) < 0)
      bad("pipe failed");
    if((pid = fork()) < 0)
      bad("fork of peer %d failed", i);
    if(pid == 0){
      inchild = 1;
      peer_main(p[0], r[1]);
    }
    close(p[0]);
    if(readfull(r[0], &reply, sizeof(reply)) != sizeof(reply))
      bad("peer %d did not start", i);
    peers[i].pid = pid;
    peers[i].cmd = p[1];
    memset(peers[i].pg, 0, sizeof(peers[i].pg));
    memset(peers[i].fd, 0xff, sizeof(peers[i].fd));
  }
  close(r[1]);
  replyfd = r[0];
}

// Stop the peers: closing their command pipes makes each exit, which
// writes its dirty shared file pages back (the model has them in the
// files already). Also the way out after a failure, when a fork child
// may be left to reap too.
void
peers_stop(void)
{
  int i, j, pid, left = NPEER;

  if(replyfd < 0)
    return;
  for(i = 0; i < NPEER; i++)
    close(peers[i].cmd);
  while(left > 0 && (pid = wait()) >= 0){
    for(j = 0; j < NPEER; j++){
      if(peers[j].pid == pid){
        peers[j].pid = -1;
        left--;
      }
    }
  }
  close(replyfd);
  replyfd = -1;
  if(left > 0)
    bad("%d peers did not exit", left);
}

// In a child of the main process (fork step, kill probe): close the
// peers' pipes, which are the main process's alone (and would crowd
// the child's descriptor table).
void
peers_forget(void)
{
  int i;

  if(replyfd < 0)
    return;
  for(i = 0; i < NPEER; i++)
    close(peers[i].cmd);
  close(replyfd);
  replyfd = -1;
}

// Send cmd to peer w and wait for its reply.
static void
ask(int w)
{
  if(write(peers[w].cmd, &cmd, sizeof(cmd)) != sizeof(cmd) ||
     readfull(replyfd, &reply, sizeof(reply)) != sizeof(reply))
    bad("peer %d (pid %d) did not answer command %d", w, peers[w].pid,
        cmd.op);
}

static void
command(int op, uint a0, uint a1, uint a2, uint a3, uint a4, uint a5)
{
  memset(&cmd, 0, sizeof(cmd));
  cmd.op = op;
  cmd.a[0] = a0;
  cmd.a[1] = a1;
  cmd.a[2] = a2;
  cmd.a[3] = a3;
  cmd.a[4] = a4;
  cmd.a[5] = a5;
}

// Has process pid (0: this one) a page of inode n resident, as the
// kernel says (fault-around may have mapped pages the model does not
// know of)?
static int
resident_in(int pid, int n)
{
  int k, i;

  if((k = regionsfrom(pid, MMAPBASE, rbuf, MAXREG)) < 0)
    bad("vmregions of pid %d failed", pid);
  for(i = 0; i < k; i++)
    if(rbuf[i].inum == inodes[n].inum && rbuf[i].resident != 0)
      return 1;
  return 0;
}

// Has a process other than peer self a page of inode n resident? Its
// mappings without resident pages just see the new size at their next
// fault.
static int
resident_elsewhere(int self, int n)
{
  int w;

  for(w = 0; w < NPEER; w++)
    if(w != self && resident_in(peers[w].pid, n))
      return 1;
  return resident_in(0, n);
}

// Does a peer hold inode n (a descriptor or a mapping)? Such an inode
// lives on in the kernel even without a name.
int
peer_holds_ino(int n)
{
  int w, i;

  for(w = 0; w < NPEER; w++){
    for(i = 0; i < PPG; i++)
      if(peers[w].pg[i].mapped && peers[w].pg[i].ino == n)
        return 1;
    for(i = 0; i < NPFD; i++)
      if(peers[w].fd[i].fd >= 0 && peers[w].fd[i].ino == n)
        return 1;
  }
  return 0;
}

static int
pjoined(struct ppage *v, int i)
{
  struct ppage *a = &v[i], *b = &v[i+1];

  if(i + 1 >= PPG || !a->mapped || !b->mapped)
    return 0;
  return a->prot == b->prot && a->flags == b->flags && a->obj == b->obj &&
         a->foff + 1 == b->foff;
}

// May the peer touch page i (for writing if write) and live? Not a page
// wholly past end of file that is not resident (a fault there kills).
static int
ptouchable(struct ppage *m, int write)
{
  if(!m->mapped || !(m->prot & (write ? PROT_WRITE : PROT_READ)))
    return 0;
  return m->present || m->foff*PG < inodes[m->ino].size;
}

// What page m holds, and in *limit how many bytes of it the model knows.
static struct content
pcontent(struct ppage *m, uint *limit)
{
  struct minode *ip = &inodes[m->ino];
  struct content none = { 0, 0 };

  *limit = PG;
  if(m->own)
    return m->c;
  if(m->foff*PG >= ip->size){
    *limit = 0;
    return none;
  }
  if(ip->size - m->foff*PG < PG)
    *limit = ip->size - m->foff*PG;
  return file_content(ip, m->foff);
}

// Have peer w sample each of the k pages in list (all present and
// readable) and compare with the model.
static void
peek(int w, uchar *list, int k, const char *what)
{
  struct ppage *m;
  struct content c[PPG];
  uint lim[PPG], o;
  int j, s;

  memset(&cmd, 0, sizeof(cmd));
  cmd.op = P_PEEK;
  cmd.n = k;
  for(j = 0; j < k; j++){
    m = &peers[w].pg[list[j]];
    c[j] = pcontent(m, &lim[j]);
    cmd.page[j] = list[j];
    cmd.off[j][0] = 0;
    cmd.off[j][1] = PG - 1;
    cmd.off[j][2] = rn(PG);
    cmd.off[j][3] = c[j].len > 0 ? c[j].len - 1 : rn(PG);
    cmd.off[j][4] = c[j].len < PG ? c[j].len : rn(PG);
  }
  if(k == 0)
    return;
  ask(w);
  for(j = 0; j < k; j++){
    for(s = 0; s < NSAMPLE; s++){
      o = cmd.off[j][s];
      if(o < lim[j] &&
         reply.b[j][s] != (o < c[j].len ? patbyte(c[j].ver, o) : 0))
        bad("peer %d %s: byte %d of page 0x%x is 0x%x, expected 0x%x "
            "(version %d, %d pattern bytes, %d known)", w, what, o,
            (uint)pgaddr(list[j]), reply.b[j][s],
            o < c[j].len ? patbyte(c[j].ver, o) : 0, c[j].ver, c[j].len,
            lim[j]);
    }
  }
}

// Peer w's regions as the kernel lists them must be the model's, and
// vmcheck must find nothing wrong in it.
static void
peer_check_state(int w)
{
  struct ppage *v = peers[w].pg;
  struct vmregion *r;
  int n, i, e, j = 0, k, res;

  msg[0] = 0;
  if((n = vmcheck(peers[w].pid, msg, sizeof(msg))) != 0)
    bad("vmcheck of peer %d returned %d: %s", w, n, msg);
  if((n = regionsfrom(peers[w].pid, MMAPBASE, rbuf, MAXREG)) < 0)
    bad("vmregions of peer %d failed", w);
  for(i = 0; i < PPG; i = e){
    e = i + 1;
    if(!v[i].mapped)
      continue;
    while(pjoined(v, e - 1))
      e++;
    res = 0;
    for(k = i; k < e; k++)
      res += v[k].present;
    if(j >= n)
      bad("peer %d: region %d missing: expected 0x%x-0x%x", w, j,
          (uint)pgaddr(i), (uint)pgaddr(e));
    r = &rbuf[j++];
    // Fault-around may map more of a file region than was touched.
    if(r->start != (uint)pgaddr(i) || r->end != (uint)pgaddr(e) ||
       r->prot != v[i].prot || r->flags != v[i].flags ||
       r->offset != v[i].foff*PG || r->inum != inodes[v[i].ino].inum ||
       r->resident < res || r->resident > e - i)
      bad("peer %d: region %d is 0x%x-0x%x prot %x flags %x off %x "
          "inode %d resident %d; expected 0x%x-0x%x prot %x flags %x "
          "off %x inode %d resident %d", w, j - 1, r->start, r->end,
          r->prot, r->flags, r->offset, r->inum, r->resident,
          (uint)pgaddr(i), (uint)pgaddr(e), v[i].prot, v[i].flags,
          v[i].foff*PG, inodes[v[i].ino].inum, res);
  }
  if(n != j)
    bad("peer %d: vmregions reports %d regions, the model has %d", w, n, j);
}

// Sample every present readable page of every peer.
void
peers_check_contents(void)
{
  uchar list[PPG];
  int w, i, k;

  for(w = 0; w < NPEER; w++){
    k = 0;
    for(i = 0; i < PPG; i++)
      if(peers[w].pg[i].present && (peers[w].pg[i].prot & PROT_READ))
        list[k++] = i;
    peek(w, list, k, "contents");
  }
}

// A random page of peer w that it may touch (write), or -1.
static int
ptouch_pick(int w, int write)
{
  int i, j;

  for(j = 0; j < 8; j++){
    i = rn(PPG);
    if(ptouchable(&peers[w].pg[i], write))
      return i;
  }
  return -1;
}

static void
peer_close(int w, struct pfd *f)
{
  if(f->fd < 0)
    return;
  command(P_CLOSE, f->fd, 0, 0, 0, 0, 0);
  ask(w);
  if(reply.r != 0)
    bad("peer %d: close %d failed", w, f->fd);
  f->fd = -1;
}

// A name for a peer to open or do I/O on: half the time the peers' own
// (which the main process never maps), else one of the main process's.
static int
peer_name(void)
{
  int x;

  if(rn(2) && names[PNAME] >= 0)
    return PNAME;
  x = random_name(1);
  return x >= 0 ? x : PNAME;
}

// After peer w truncated inode n: open dropped w's own pages of n (all
// past the new end, 0), private copies too; they are not resident, and
// the next touch would kill.
static void
peer_truncated(int w, int n)
{
  struct ppage *v = peers[w].pg;
  int i, k;

  inodes[n].size = 0;
  memset(inodes[n].pg, 0, sizeof(inodes[n].pg));
  memset(inodes[n].stored, 0, sizeof(inodes[n].stored));
  for(i = 0; i < PPG; i++){
    if(v[i].mapped && v[i].ino == n){
      v[i].present = 0;
      v[i].own = 0;
    }
  }
  if((k = regionsfrom(peers[w].pid, MMAPBASE, rbuf, MAXREG)) < 0)
    bad("vmregions of peer %d failed", w);
  for(i = 0; i < k; i++)
    if(rbuf[i].inum == inodes[n].inum && rbuf[i].resident != 0)
      bad("peer %d: O_TRUNC left %d pages of 0x%x-0x%x resident", w,
          rbuf[i].resident, rbuf[i].start, rbuf[i].end);
  stats[S_TRUNC]++;
}

// The peer opens a name, in a random mode; now and then with O_TRUNC,
// but only when no other process has a page of the file resident: such
// a page would stay mapped there, detached from the file
// (docs/pagecache.md), which the model does not follow.
static void
peer_open(int w)
{
  struct pfd *f;
  int s, x, mode, r;

  for(s = 0; s < NPFD && peers[w].fd[s].fd >= 0; s++)
    ;
  if(s == NPFD)
    peer_close(w, &peers[w].fd[s = rn(NPFD)]);   // make room
  if(names[x = peer_name()] < 0)
    return;
  f = &peers[w].fd[s];
  mode = rn(4) ? O_RDWR : O_RDONLY;
  if(mode == O_RDWR && rn(3) == 0 && !resident_elsewhere(w, names[x]))
    mode |= O_TRUNC;
  command(P_OPEN, x, mode, 0, 0, 0, 0);
  ask(w);
  if((r = reply.r) < 0)
    bad("peer %d: open %s mode %x failed", w, namestr[x], mode);
  f->fd = r;
  f->obj = nextobj++;
  f->ino = names[x];
  f->readable = 1;
  f->writable = mode != O_RDONLY;
  if(mode & O_TRUNC)
    peer_truncated(w, f->ino);
}

// mmap through one of the peer's descriptors: fixed or at a hint, shared
// or private, read-only or writable, at an offset in or past the file.
static void
peer_mmap(int w)
{
  struct ppage *v = peers[w].pg;
  struct pfd *f = &peers[w].fd[rn(NPFD)];
  int n, a, i, run, prot, flags, off, ok, fixed, want;
  uint len, r;

  if(f->fd < 0)
    return;
  n = 1 + rn(4);
  len = n*PG - (rn(4) == 0 ? rn(PG) : 0);
  prot = rn(3) ? RW : PROT_READ;
  flags = rn(2) ? MAP_SHARED : MAP_PRIVATE;
  if(rn(8) == 0)
    flags |= MAP_POPULATE;
  off = rn(inodes[f->ino].size / PG + 3) * PG;
  ok = f->readable && !((flags & MAP_SHARED) && (prot & PROT_WRITE) &&
                        !f->writable);
  a = rn(PPG - n + 1);
  fixed = rn(2);
  want = a;
  if(!fixed){
    for(i = a; i < a + n; i++)
      if(v[i].mapped)
        break;
    if(i < a + n){
      // Taken: the lowest free range.
      for(i = 0, run = 0; i < PPG && run < n; i++)
        run = v[i].mapped ? 0 : run + 1;
      want = run == n ? i - n : PPG - run;
      if(want + n > PPG)
        return;
    }
  }
  command(P_MMAP, (uint)pgaddr(a), len, prot,
          flags | (fixed ? MAP_FIXED : 0), f->fd, off);
  called("peer mmap", 6, cmd.a[0], cmd.a[1], cmd.a[2], cmd.a[3], cmd.a[4],
         cmd.a[5]);
  ask(w);
  r = reply.r;
  stats[S_PEER_MMAP]++;
  if(!ok){
    if(r != (uint)MAP_FAILED)
      bad("peer %d: mmap returned 0x%x, expected failure", w, r);
    return;
  }
  if(r != (uint)pgaddr(want))
    bad("peer %d: mmap returned 0x%x, expected 0x%x", w, r,
        (uint)pgaddr(want));
  for(i = want; i < want + n; i++){
    memset(&v[i], 0, sizeof(v[i]));
    v[i].mapped = 1;
    v[i].prot = prot;
    v[i].flags = flags & (MAP_SHARED|MAP_PRIVATE);
    v[i].obj = f->obj;
    v[i].ino = f->ino;
    v[i].foff = off/PG + (i - want);
    if((flags & MAP_POPULATE) && ptouchable(&v[i], 0))
      v[i].present = 1;
  }
}

static void
peer_range(int *a, int *n)
{
  *a = rn(PPG);
  *n = 1 + rn(6);
  if(*a + *n > PPG)
    *n = PPG - *a;
}

static void
peer_munmap(int w)
{
  int a, n, i;

  peer_range(&a, &n);
  command(P_MUNMAP, (uint)pgaddr(a), n*PG - (rn(4) == 0 ? rn(PG) : 0),
          0, 0, 0, 0);
  called("peer munmap", 2, cmd.a[0], cmd.a[1]);
  ask(w);
  if(reply.r != 0)
    bad("peer %d: munmap(0x%x, %d) failed", w, cmd.a[0], cmd.a[1]);
  for(i = a; i < a + n; i++)
    memset(&peers[w].pg[i], 0, sizeof(peers[w].pg[i]));
}

static void
peer_msync(int w)
{
  static int flagset[] = { 0, MS_ASYNC, MS_SYNC, MS_INVALIDATE };
  int a, n, i, ok;

  peer_range(&a, &n);
  ok = 1;
  for(i = a; i < a + n; i++)
    ok &= peers[w].pg[i].mapped;
  command(P_MSYNC, (uint)pgaddr(a), n*PG, flagset[rn(NELEM(flagset))],
          0, 0, 0);
  called("peer msync", 3, cmd.a[0], cmd.a[1], cmd.a[2]);
  ask(w);
  if(reply.r != (ok ? 0 : -1))
    bad("peer %d: msync(0x%x, %d, %x) = %d, expected %d", w, cmd.a[0],
        cmd.a[1], cmd.a[2], reply.r, ok ? 0 : -1);
}

// Stores into 1-3 pages, each with a new version, then samples them: a
// shared page is the file's (every process and read() see it at once),
// a private one becomes the peer's own copy.
static void
peer_store(int w)
{
  struct ppage *m;
  struct minode *ip;
  struct content c;
  uchar list[3];
  int i, j, k = 0;

  if((i = ptouch_pick(w, 1)) < 0)
    return;
  for(j = i; j < i + 3 && j < PPG && ptouchable(&peers[w].pg[j], 1); j++){
    m = &peers[w].pg[j];
    c.ver = newver();
    c.len = PG;
    command(P_STORE, j, c.ver, 0, 0, 0, 0);
    ask(w);
    m->present = 1;
    if(m->flags & MAP_SHARED){
      ip = &inodes[m->ino];
      ip->pg[m->foff] = c;
      ip->stored[m->foff] = 1;
    } else {
      m->own = 1;
      m->c = c;
    }
    list[k++] = j;
    stats[S_PEER_STORE]++;
  }
  peek(w, list, k, "store");
}

// Loads from 1-4 readable pages, checked against the model.
static void
peer_load(int w)
{
  uchar list[4];
  int i, j, k = 0;

  if((i = ptouch_pick(w, 0)) < 0)
    return;
  for(j = i; j < i + 4 && j < PPG && ptouchable(&peers[w].pg[j], 0); j++){
    peers[w].pg[j].present = 1;
    list[k++] = j;
    stats[S_PEER_LOAD]++;
  }
  peek(w, list, k, "load");
}

// The peer write()s 1-2 pages and maybe a tail: its own data, not a
// mapping's, so every byte is known.
static void
peer_write(int w)
{
  struct minode *ip;
  int x, k, m, b, j, n;
  uint ver[3];

  if(names[x = peer_name()] < 0)
    return;
  ip = &inodes[names[x]];
  file_write_draw(ip, &k, &m, &b);
  n = m*PG + b;
  for(j = 0; j < 3; j++)
    ver[j] = j < m + (b > 0) ? newver() : 0;
  command(P_WRITE, x, k, n, ver[0], ver[1], ver[2]);
  ask(w);
  if(reply.r != n)
    bad("peer %d: write of %d bytes at page %d of %s returned %d", w, n, k,
        namestr[x], reply.r);
  model_file_write(ip, k, m, b, ver);
  stats[S_PEER_WRITE]++;
}

// The peer read()s one page of a file, checked against the model.
static void
peer_read(int w)
{
  struct minode *ip;
  struct content c;
  int x, k, s, want;
  uint o;

  if(names[x = peer_name()] < 0)
    return;
  ip = &inodes[names[x]];
  k = rn((ip->size + PG - 1) / PG + 1);
  want = ip->size > k*PG ? ip->size - k*PG : 0;
  if(want > PG)
    want = PG;
  c.ver = 0;
  c.len = 0;
  if(want > 0)
    c = file_content(ip, k);
  memset(&cmd, 0, sizeof(cmd));
  cmd.op = P_READ;
  cmd.a[0] = x;
  cmd.a[1] = k;
  cmd.off[0][0] = 0;
  cmd.off[0][1] = PG - 1;
  cmd.off[0][2] = rn(PG);
  cmd.off[0][3] = want > 0 ? want - 1 : 0;
  cmd.off[0][4] = rn(PG);
  ask(w);
  if(reply.r != want)
    bad("peer %d: read of page %d of %s gave %d bytes, expected %d", w, k,
        namestr[x], reply.r, want);
  for(s = 0; s < NSAMPLE; s++){
    o = cmd.off[0][s];
    if(o < want &&
       reply.b[0][s] != (o < c.len ? patbyte(c.ver, o) : 0))
      bad("peer %d: read(): byte %d of page %d of %s is 0x%x, expected "
          "0x%x (version %d, %d pattern bytes)", w, o, k, namestr[x],
          reply.b[0][s], o < c.len ? patbyte(c.ver, o) : 0, c.ver, c.len);
  }
  stats[S_PEER_READ]++;
}

// Step: a random peer does one thing; then its state is checked.
void
op_peer(void)
{
  int w = rn(NPEER);

  switch(rn(16)){
  case 0: case 1:          peer_open(w); break;
  case 2:                  peer_close(w, &peers[w].fd[rn(NPFD)]); break;
  case 3: case 4: case 5:  peer_mmap(w); break;
  case 6:                  peer_munmap(w); break;
  case 7:                  peer_msync(w); break;
  case 8: case 9: case 10: peer_store(w); break;
  case 11: case 12:        peer_load(w); break;
  case 13: case 14:        peer_write(w); break;
  case 15:                 peer_read(w); break;
  }
  peer_check_state(w);
}
