// usertests, kmalloc (issue 4): kmalloc/kmfree/kmstat through the test
// system calls: every size, distinct addresses, reuse, the 64-object
// limit, rejected bad and double frees (never a panic), and that exit
// gives everything back. Helpers are static and prefixed km. Each test
// restores the kmalloc statistics it started from.
#include "usertests.h"

// The class index kmalloc uses for n bytes: the smallest 16 << i >= n.
static int
kmclassof(uint n)
{
  int i = 0;

  while((16u << i) < n)
    i++;
  return i;
}

static int
kmsamestat(struct kmstat *a, struct kmstat *b)
{
  int i;

  if(a->bytes != b->bytes || a->pages != b->pages)
    return 0;
  for(i = 0; i < KM_NCLASS; i++)
    if(a->live[i] != b->live[i])
      return 0;
  return 1;
}

// Fail unless the statistics equal *want. A process that just exited may
// still be on its way out on another CPU, so allow it a little time.
static void
kmexpectstat(struct kmstat *want, char *when)
{
  struct kmstat now;
  int t, i;

  for(t = 0; ; t++){
    kmgetstat(&now);
    if(kmsamestat(&now, want))
      return;
    if(t == 50)
      break;
    sleep(1);
  }
  if(now.bytes != want->bytes)
    fail("%s: kmalloc bytes in use %d, expected %d", when, now.bytes,
         want->bytes);
  if(now.pages != want->pages)
    fail("%s: kmalloc holds %d pages, expected %d", when, now.pages,
         want->pages);
  for(i = 0; i < KM_NCLASS; i++)
    if(now.live[i] != want->live[i])
      fail("%s: %d live objects of %d bytes, expected %d", when,
           now.live[i], now.size[i], want->live[i]);
}

static void
kmfreeok(void *p, char *what)
{
  if(kmfree(p) != 0)
    fail("kmfree(%p) of %s returned -1", p, what);
}

// After a test's refusals: one allocation of size bytes still works, and
// freeing it leaves the statistics exactly as they were at start.
static void
kmstillworks(uint size, struct kmstat *start)
{
  char *p;

  if((p = kmalloc(size)) == 0)
    fail("kmalloc(%d) failed after the refusals", size);
  kmfreeok(p, "the last object");
  kmexpectstat(start, "at the end");
}

// Free the n live objects p[0..n).
static void
kmfreeall(char **p, int n)
{
  int i;

  for(i = 0; i < n; i++)
    kmfreeok(p[i], "a live object");
}

static void
kmfreebad(void *p, char *what)
{
  if(kmfree(p) != -1)
    fail("kmfree(%p) of %s did not return -1", p, what);
}

// Every size 1..4096: a kernel address aligned to its class, counted in
// the right class while live, and gone from the statistics once freed.
static void
kmallsizes(void)
{
  struct kmstat start, st;
  uint n, size;
  char *p;
  int c;

  kmgetstat(&start);
  for(n = 1; n <= KMALLOC_MAX; n++){
    c = kmclassof(n);
    size = start.size[c];
    if(size != 16u << c)
      fail("class %d has size %d, expected %d", c, size, 16 << c);
    if((p = kmalloc(n)) == 0)
      fail("kmalloc(%d) returned 0", n);
    if((uint)p < KERNBASE)
      fail("kmalloc(%d) = %p is not a kernel address", n, p);
    if((uint)p % size != 0)
      fail("kmalloc(%d) = %p is not aligned to %d", n, p, size);
    kmgetstat(&st);
    if(st.live[c] != start.live[c] + 1 || st.bytes != start.bytes + size)
      fail("kmalloc(%d): class %d has %d live (was %d), bytes %d (was %d)",
           n, size, st.live[c], start.live[c], st.bytes, start.bytes);
    kmfreeok(p, "a fresh object");
  }
  kmexpectstat(&start, "after all sizes");
}

// 64 live objects of mixed sizes: non-zero, distinct, not overlapping.
static void
kmdistinct(void)
{
  static char *p[KMUSER_MAX];
  static uint sz[KMUSER_MAX];
  struct kmstat start;
  int i, j;

  kmgetstat(&start);
  for(i = 0; i < KMUSER_MAX; i++){
    sz[i] = start.size[kmclassof((i * 677) % KMALLOC_MAX + 1)];
    if((p[i] = kmalloc((i * 677) % KMALLOC_MAX + 1)) == 0)
      fail("allocation %d returned 0", i);
    if((uint)p[i] < KERNBASE)
      fail("allocation %d = %p is not a kernel address", i, p[i]);
  }
  for(i = 0; i < KMUSER_MAX; i++)
    for(j = i + 1; j < KMUSER_MAX; j++)
      if(p[i] < p[j] + sz[j] && p[j] < p[i] + sz[i])
        fail("objects %p (%d bytes) and %p (%d bytes) overlap", p[i], sz[i],
             p[j], sz[j]);
  kmfreeall(p, KMUSER_MAX);
  kmexpectstat(&start, "after 64 objects");
}

// A freed object is handed out again, and memory does not grow over
// rounds of allocating and freeing.
static void
kmreuse(void)
{
  static char *p[KMUSER_MAX];
  struct kmstat start;
  char *a, *b;
  int i, round, reused = 0;

  kmgetstat(&start);
  for(i = 0; i < 10 && !reused; i++){
    a = kmalloc(100);
    kmfreeok(a, "a fresh object");
    b = kmalloc(100);
    kmfreeok(b, "a fresh object");
    reused = a == b;
  }
  if(!reused)
    fail("a freed 100-byte object is never the next one handed out");
  for(round = 0; round < 20; round++){
    for(i = 0; i < KMUSER_MAX; i++)
      if((p[i] = kmalloc(i % 2 ? 2048 : 48)) == 0)
        fail("round %d: allocation %d returned 0", round, i);
    kmfreeall(p, KMUSER_MAX);
    kmexpectstat(&start, "after a round of 64 allocations");
  }
}

// Frees of anything but a live object of this process return -1, and
// leave the statistics alone.
static void
kmbadfree(void)
{
  static uint kaddrs[] = {
    KERNBASE, KERNBASE + 0x100000, KERNBASE + 0x400000, 0xFE000000,
    0xFFFFF000, 0xFFFFFFF0, 0xFFFFFFFF,
  };
  struct kmstat start, held;
  char *p, *page, local;
  uint x;
  int i;

  kmgetstat(&start);
  kmfreebad(0, "0");
  kmfreebad((void*)0x1000, "a user address");
  kmfreebad(&local, "a stack address");
  kmfreebad(sbrk(0), "the break");
  kmfreebad((void*)(MMAPBASE), "the mmap area");
  for(i = 0; i < NELEM(kaddrs); i++)
    kmfreebad((void*)kaddrs[i], "a kernel address not handed out");

  p = kmalloc(64);
  page = kmalloc(KMALLOC_MAX);
  if(p == 0 || page == 0)
    fail("kmalloc returned 0");
  kmgetstat(&held);
  kmfreebad(p + 1, "a pointer one byte into an object");
  kmfreebad(p + 16, "a pointer 16 bytes into an object");
  kmfreebad(p + 64, "the next object, not ours");
  kmfreebad(p - 64, "the previous object, not ours");
  kmfreebad(page + 16, "a pointer into a whole-page object");
  kmfreebad(page + PGSIZE, "the page after ours");
  // Pseudo-random 32-bit values: none is ours, so none may be freed.
  x = 12345;
  for(i = 0; i < 2000; i++){
    x = x * 1103515245 + 12345;
    if((char*)x != p && (char*)x != page)
      kmfreebad((void*)x, "a random address");
  }
  kmexpectstat(&held, "after rejected frees");
  kmfreeok(p, "a live object");
  kmfreebad(p, "an object already freed");
  kmfreeok(page, "a live page");
  kmfreebad(page, "a page already freed");
  kmexpectstat(&start, "after bad frees");
}

// A process cannot free another's object, in either direction, and
// exiting frees only what the exiting process held.
static void
kmotherproc(void)
{
  struct kmstat start, mine;
  int up[2], down[2], pid;
  char *p, *theirs, c;

  kmgetstat(&start);
  if((p = kmalloc(200)) == 0)
    fail("kmalloc(200) returned 0");
  kmgetstat(&mine);
  if((pid = forkchan(down, up)) == 0){
    kmfreebad(p, "the parent's object, from the child");
    if((theirs = kmalloc(300)) == 0)
      fail("child: kmalloc(300) returned 0");
    write(up[1], &theirs, sizeof(theirs));
    read(down[0], &c, 1);     // hold it until the parent has tried
    exit();                   // and let exit free it
  }
  if(read(up[0], &theirs, sizeof(theirs)) != sizeof(theirs))
    fail("the child did not report its object");
  kmfreebad(theirs, "the child's live object, from the parent");
  write(down[1], "x", 1);
  close(up[0]);
  close(down[1]);
  if(wait() != pid)
    fail("wait did not return the child");
  kmfreebad(theirs, "the exited child's object, from the parent");
  kmexpectstat(&mine, "after the child exited");
  kmfreeok(p, "the parent's own object");
  kmexpectstat(&start, "at the end");
}

// n == 0 and n > KMALLOC_MAX give 0 and allocate nothing.
static void
kmzero(void)
{
  static uint bad[] = { 0, KMALLOC_MAX + 1, 8192, 0x7FFFFFFF, 0x80000000,
                        0xFFFFFFFF };
  struct kmstat start;
  char *p;
  int i;

  kmgetstat(&start);
  for(i = 0; i < NELEM(bad); i++)
    if((p = kmalloc(bad[i])) != 0)
      fail("kmalloc(%d) returned %p, not 0", bad[i], p);
  kmexpectstat(&start, "after refused requests");
  kmstillworks(KMALLOC_MAX, &start);
}

// A process holds at most KMUSER_MAX objects; one more returns 0 and
// takes nothing, and a free makes room again.
static void
kmlimit(void)
{
  static char *p[KMUSER_MAX];
  struct kmstat start, full;
  char *q;
  int i;

  kmgetstat(&start);
  for(i = 0; i < KMUSER_MAX; i++)
    if((p[i] = kmalloc(i % 3 == 0 ? KMALLOC_MAX : 24)) == 0)
      fail("allocation %d of %d returned 0", i + 1, KMUSER_MAX);
  kmgetstat(&full);
  if((q = kmalloc(24)) != 0)
    fail("allocation %d returned %p, not 0", KMUSER_MAX + 1, q);
  if((q = kmalloc(KMALLOC_MAX)) != 0)
    fail("allocation %d (a page) returned %p, not 0", KMUSER_MAX + 1, q);
  kmexpectstat(&full, "after refused allocations");
  kmfreeok(p[10], "a live object");
  if((p[10] = kmalloc(24)) == 0)
    fail("no allocation after a free made room");
  if((q = kmalloc(24)) != 0)
    fail("allocation past the limit returned %p after refilling", q);
  kmfreeall(p, KMUSER_MAX);
  kmexpectstat(&start, "at the end");
}

// Allocate the whole allowance, of every class, and keep it.
static void
kmhold(void)
{
  int i;

  for(i = 0; i < KMUSER_MAX; i++)
    if(kmalloc((16 << (i % KM_NCLASS)) - i % 7) == 0)
      fail("child: allocation %d returned 0", i);
}

// Fork a child that takes objects (kmhold) and exits holding them;
// returns its pid.
static int
forkholder(void)
{
  int pid = fork();

  if(pid < 0)
    fail("fork failed");
  if(pid == 0){
    kmhold();
    exit();
  }
  return pid;
}

// exit frees everything a process still holds: one child, then several
// at once.
static void
kmexit(void)
{
  struct kmstat start;
  int i, pid, n = 4;

  kmgetstat(&start);
  pid = forkholder();
  if(wait() != pid)
    fail("wait did not return the child");
  kmexpectstat(&start, "after a child exited holding 64 objects");

  for(i = 0; i < n; i++)
    forkholder();
  for(i = 0; i < n; i++)
    if(wait() < 0)
      fail("wait returned -1 with children left");
  kmexpectstat(&start, "after 4 children exited holding 64 objects each");
}

// A process killed while holding objects gives them back too.
static void
kmkilled(void)
{
  struct kmstat start;
  int fd, pid;
  char c;

  kmgetstat(&start);
  pid = forkreport(&fd, "");
  if(pid == 0){
    kmhold();
    write(fd, "x", 1);
    for(;;)
      getpid();
  }
  if(read(fd, &c, 1) != 1)
    fail("the child died before it held its objects");
  close(fd);
  kill(pid);
  if(wait() != pid)
    fail("wait did not return the killed child");
  kmexpectstat(&start, "after a killed child");
}

// Fault injection reaches kmalloc: an armed failure makes the test call
// return 0 and allocate nothing.
static void
kmfault(void)
{
  struct kmstat start;
  char *p;

  kmgetstat(&start);
  failalloc(1);
  p = kmalloc(32);
  failalloc(0);
  if(p != 0)
    fail("kmalloc with an injected failure returned %p", p);
  kmexpectstat(&start, "after an injected failure");
  kmstillworks(32, &start);
}

// The statistics describe the allocations: sizes are the classes, one
// object per class shows in live and bytes, and a bad buffer is refused.
static void
kmstats(void)
{
  static char *p[KM_NCLASS];
  struct kmstat start, st;
  uint bytes = 0;
  int i;

  kmgetstat(&start);
  for(i = 0; i < KM_NCLASS; i++){
    if(start.size[i] != 16u << i)
      fail("class %d has size %d", i, start.size[i]);
    if((p[i] = kmalloc(start.size[i])) == 0)
      fail("kmalloc(%d) returned 0", start.size[i]);
    bytes += start.size[i];
  }
  kmgetstat(&st);
  for(i = 0; i < KM_NCLASS; i++)
    if(st.live[i] != start.live[i] + 1)
      fail("class %d: %d live, expected %d", start.size[i], st.live[i],
           start.live[i] + 1);
  if(st.bytes != start.bytes + bytes)
    fail("bytes in use %d, expected %d", st.bytes, start.bytes + bytes);
  if(st.pages < start.pages + 1 || st.pages > start.pages + KM_NCLASS)
    fail("pages went from %d to %d for one object per class", start.pages,
         st.pages);
  kmfreeall(p, KM_NCLASS);
  kmexpectstat(&start, "at the end");

  if(kmstat((struct kmstat*)KERNBASE) != -1)
    fail("kmstat into kernel memory did not return -1");
  if(kmstat((struct kmstat*)0xFFFFFFF0) != -1)
    fail("kmstat into the top of memory did not return -1");
  if(kmstat((struct kmstat*)(PGROUNDUP((uint)sbrk(0)) - 4)) != -1)
    fail("kmstat across the end of the heap did not return -1");
}

// ---- the table ----------------------------------------------------

// This file's tests, in the order usertests runs them.
struct test kmalloc_tests[] = {
  { kmallsizes,  "kmallsizes" },
  { kmdistinct,  "kmdistinct" },
  { kmreuse,     "kmreuse" },
  { kmbadfree,   "kmbadfree" },
  { kmotherproc, "kmotherproc" },
  { kmzero,      "kmzero" },
  { kmlimit,     "kmlimit" },
  { kmexit,      "kmexit" },
  { kmkilled,    "kmkilled" },
  { kmfault,     "kmfault" },
  { kmstats,     "kmstats" },
  { 0, 0 },
};
