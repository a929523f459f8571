// kmalloc_test.c: host test of kernel/mm/kmalloc.c, compiled unchanged and
// linked with the stand-ins in tests/shim (a page arena, locks, panic).
//
// Owned by the kmalloc tests; touches nothing but kmalloc's public calls
// and the shim's knobs. Every check compares kmalloc against a plain model
// of what should be live: the objects the test holds, their sizes and
// contents, and the pages those need.
//
// What it checks:
//   - every size 1..4096: alignment, class, statistics, page returned;
//   - a class fills exactly one page before taking a second, holes are
//     reused before a new page is taken, a freed object is reused;
//   - out of memory and fault injection return 0 and leak nothing;
//   - random workloads (fixed seeds, 2,000,000 operations in all, sizes
//     1..4096): each object is filled with its own pattern and checked
//     before it is freed, statistics and pages match the model after every
//     operation, and at the end every page is back;
//   - kmfree's panics (in a forked child, whose stderr is read back):
//     double frees, pointers that are not kmalloc's or not at an object's
//     start, a corrupted free list, and requests above KMALLOC_MAX.
//
// Exit status 0 and a last line "kmalloc_test: N passed, 0 failed" on
// success.

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "shim.h"
#include "memlayout.h"

#define PGSIZE     4096
#define KM_POISON  0x6b6d6672   // kmalloc.c's poison word (word 1 of a free object)
#define MAXLIVE    6000         // most objects a random run holds at once

static const char *curtest;
static int npassed;

static void __attribute__((noreturn, format(printf, 1, 2)))
fail(const char *fmt, ...)
{
  va_list ap;

  fprintf(stderr, "FAILED: %s: ", curtest);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\n");
  exit(1);
}

#define CHECK(cond, ...) do { if(!(cond)) fail(__VA_ARGS__); } while(0)

// --- the model ------------------------------------------------------------

// The class kmalloc must use for n bytes: the smallest of 16 << i >= n.
static int
classof(uint n)
{
  int i = 0;

  while((16u << i) < n)
    i++;
  return i;
}

struct obj {
  unsigned char *p;
  uint n;
  uint key;
};

// What the test believes is live.
static struct {
  uint live[KM_NCLASS];
} model;

static void
modeladd(uint n)
{
  model.live[classof(n)]++;
}

static void
modeldel(uint n)
{
  model.live[classof(n)]--;
}

// kmstat, kmbytes and the shim's page count must all agree with the model.
static void
checkstats(void)
{
  struct kmstat st;
  uint bytes = 0;
  int i;

  kmstat(&st);
  for(i = 0; i < KM_NCLASS; i++){
    CHECK(st.size[i] == 16u << i, "class %d has size %u", i, st.size[i]);
    CHECK(st.live[i] == model.live[i], "class %d: %u live, model says %u",
          i, st.live[i], model.live[i]);
    bytes += model.live[i] * st.size[i];
  }
  CHECK(st.bytes == bytes, "kmstat bytes %u, model says %u", st.bytes, bytes);
  CHECK(kmbytes() == bytes, "kmbytes %u, model says %u", kmbytes(), bytes);
  CHECK(st.pages == shim_pagesout(), "kmstat pages %u, kalloc gave out %u",
        st.pages, shim_pagesout());
  CHECK(shim_locksheld() == 0, "%d locks still held", shim_locksheld());
}

// Nothing live, no page held.
static void
checkempty(void)
{
  checkstats();
  CHECK(shim_pagesout() == 0, "%u pages not given back", shim_pagesout());
}

static void
checkpointer(void *p, uint n)
{
  uint size = 16u << classof(n);
  uintptr_t a = (uintptr_t)p;

  CHECK(p != 0, "kmalloc(%u) returned 0", n);
  CHECK(a >= (uintptr_t)shim_arena && a + size <= (uintptr_t)shim_arena + PHYSTOP,
        "kmalloc(%u) = %p lies outside the arena", n, p);
  CHECK((a - (uintptr_t)shim_arena) % size == 0,
        "kmalloc(%u) = %p not aligned to its class size %u", n, p, size);
  CHECK(shim_pageout((void*)(a & ~(uintptr_t)(PGSIZE - 1))),
        "kmalloc(%u) = %p is in a page kalloc did not give out", n, p);
}

static void*
allocmodel(uint n)
{
  void *p = kmalloc(n);

  checkpointer(p, n);
  modeladd(n);
  return p;
}

static void
freemodel(void *p, uint n)
{
  kmfree(p);
  modeldel(n);
}

// Each object gets its own byte pattern, so an overlap with another
// object, or a write by kmalloc into a live object, changes some byte.
static void
fill(struct obj *o)
{
  uint i;

  for(i = 0; i < o->n; i++)
    o->p[i] = (unsigned char)(o->key + i * 7);
}

static void
checkfill(struct obj *o)
{
  uint i;

  for(i = 0; i < o->n; i++)
    if(o->p[i] != (unsigned char)(o->key + i * 7))
      fail("object %p (%u bytes) corrupted at byte %u", (void*)o->p, o->n, i);
}

// --- deterministic tests ----------------------------------------------------

static void
test_zero(void)
{
  CHECK(kmalloc(0) == 0, "kmalloc(0) is not 0");
  kmfree(0);
  checkempty();
}

static void
test_everysize(void)
{
  struct obj o;
  uint n;

  for(n = 1; n <= 4096; n++){
    o.p = allocmodel(n);
    o.n = n;
    o.key = n;
    fill(&o);
    checkstats();
    CHECK(shim_pagesout() == 1, "kmalloc(%u) alone holds %u pages", n,
          shim_pagesout());
    checkfill(&o);
    freemodel(o.p, n);
    checkempty();
  }
}

// A class takes exactly one page for as many objects as fit, and only
// then a second one.
static void
test_fillclass(void)
{
  static void *p[257];
  int cls, i, per;
  uint size;

  for(cls = 0; cls < KM_NCLASS; cls++){
    size = 16u << cls;
    per = PGSIZE / size;
    for(i = 0; i < per; i++){
      p[i] = allocmodel(size);
      CHECK(((uintptr_t)p[i] & ~(uintptr_t)(PGSIZE-1)) ==
            ((uintptr_t)p[0] & ~(uintptr_t)(PGSIZE-1)),
            "class %u: object %d not in the first page", size, i);
    }
    checkstats();
    CHECK(shim_pagesout() == 1, "class %u: %d objects take %u pages", size,
          per, shim_pagesout());
    p[per] = allocmodel(size);
    CHECK(shim_pagesout() == 2, "class %u: one more object, %u pages", size,
          shim_pagesout());
    for(i = 0; i <= per; i++)
      freemodel(p[i], size);
    checkempty();
  }
}

// A freed object is what the next request of its class gets, whether its
// page stayed partial, was full, or went back to kalloc.
static void
test_reuse(void)
{
  void *a, *b, *c;
  static void *full[64];
  int i;

  a = allocmodel(100);
  b = allocmodel(100);
  freemodel(a, 100);
  c = allocmodel(100);
  CHECK(c == a, "freed %p, next kmalloc(100) gave %p", a, c);
  freemodel(b, 100);
  freemodel(c, 100);
  checkempty();

  for(i = 0; i < 32; i++)          // exactly one full page of 128s
    full[i] = allocmodel(128);
  freemodel(full[17], 128);
  c = allocmodel(128);
  CHECK(c == full[17], "hole in a full page not reused");
  CHECK(shim_pagesout() == 1, "refilled page took a new page");
  for(i = 0; i < 32; i++)
    freemodel(full[i], 128);
  checkempty();

  a = allocmodel(2000);
  freemodel(a, 2000);
  checkempty();
  c = allocmodel(2000);
  CHECK(c == a, "page went back and came again, but %p != %p", c, a);
  freemodel(c, 2000);
  checkempty();
}

static int
byaddress(const void *a, const void *b)
{
  uintptr_t x = (uintptr_t)*(void* const*)a, y = (uintptr_t)*(void* const*)b;

  return x < y ? -1 : x > y;
}

// Holes left by frees are filled before any new page is taken, and a page
// goes back the moment its last object does.
static void
test_holes(void)
{
  static void *p[10 * 64];
  int i, n = 10 * 64;

  for(i = 0; i < n; i++)
    p[i] = allocmodel(64);
  CHECK(shim_pagesout() == 10, "640 objects of 64 in %u pages", shim_pagesout());
  for(i = 0; i < n; i += 2)
    freemodel(p[i], 64);
  CHECK(shim_pagesout() == 10, "half freed: %u pages", shim_pagesout());
  for(i = 0; i < n; i += 2)
    p[i] = allocmodel(64);
  CHECK(shim_pagesout() == 10, "holes refilled, but %u pages", shim_pagesout());
  checkstats();
  // Empty the pages one at a time, in address order; each goes back to
  // kalloc with its last object.
  qsort(p, n, sizeof(p[0]), byaddress);
  for(i = 0; i < n; i++){
    freemodel(p[i], 64);
    if(i % 64 == 63)
      CHECK(shim_pagesout() == (uint)(9 - i / 64), "page not returned");
  }
  checkempty();
}

// With kalloc exhausted kmalloc says 0, and leaves everything as it was.
static void
test_oom(void)
{
  static void *p[3 * 256];
  int i;

  shim_setlimit(3);
  for(i = 0; i < 3 * 256; i++)
    p[i] = allocmodel(16);
  CHECK(kmalloc(16) == 0, "kmalloc(16) succeeded past the page limit");
  CHECK(kmalloc(4096) == 0, "kmalloc(4096) succeeded past the page limit");
  CHECK(kmalloc(1000) == 0, "kmalloc(1000) succeeded past the page limit");
  checkstats();
  freemodel(p[5], 16);
  p[5] = allocmodel(16);         // a hole is still served
  for(i = 0; i < 3 * 256; i++)
    freemodel(p[i], 16);
  shim_setlimit(0);
  checkempty();
}

// failnow() makes kmalloc fail at entry, and kalloc fail underneath it;
// either way nothing leaks and no lock stays held.
static void
test_failinject(void)
{
  void *p;

  shim_failafter(1);
  CHECK(kmalloc(16) == 0, "fault injection at kmalloc ignored");
  checkempty();
  shim_failafter(2);               // kmalloc's check passes, kalloc's fails
  CHECK(kmalloc(16) == 0, "fault injection at kalloc ignored");
  checkempty();
  shim_failafter(2);
  CHECK(kmalloc(4096) == 0, "fault injection at kalloc (whole page) ignored");
  checkempty();
  p = allocmodel(16);              // injection is off again
  freemodel(p, 16);
  checkempty();
}

// A live object may hold the poison value where a free one keeps it;
// freeing it is not a double free.
static void
test_poisonlookalike(void)
{
  uint *a, *b;

  a = allocmodel(16);
  b = allocmodel(16);
  freemodel(b, 16);               // one object on the page's free list
  a[1] = KM_POISON;
  freemodel(a, 16);
  checkempty();
}

// --- random workloads ------------------------------------------------------

static struct obj live[MAXLIVE];

static void
randomrun(uint seed, int ops)
{
  int nlive = 0, target = 0, i, k;
  struct obj *o;

  shim_seed(seed);
  for(i = 0; i < ops; i++){
    // The number of live objects swings between phases, so pages are
    // taken in bursts and must come back when a burst is freed.
    if(i % 50000 == 0)
      target = 1 + shim_rand() % MAXLIVE;
    if(nlive < target && (nlive == 0 || shim_rand() % 4 != 0)){
      o = &live[nlive++];
      o->n = shim_kernelsize();
      o->p = allocmodel(o->n);
      o->key = shim_rand();
      fill(o);
    } else {
      k = shim_rand() % nlive;
      o = &live[k];
      checkfill(o);
      freemodel(o->p, o->n);
      *o = live[--nlive];
    }
    checkstats();
    if(i % 100000 == 99999)
      for(k = 0; k < nlive; k++)
        checkfill(&live[k]);
  }
  while(nlive > 0){
    o = &live[--nlive];
    checkfill(o);
    freemodel(o->p, o->n);
  }
  checkempty();
}

static void
test_random(void)
{
  static const uint seeds[] = { 1, 42, 0xC0FFEE, 0x9E3779B9 };
  int i;

  for(i = 0; i < 4; i++)
    randomrun(seeds[i], 500000);
}

// --- panics -------------------------------------------------------------------

// Run fn in a child; it must panic with a message containing want.
static void
expectpanic(const char *what, void (*fn)(void *), void *arg, const char *want)
{
  int fds[2], status;
  char msg[512];
  ssize_t n, got = 0;
  pid_t pid;

  CHECK(pipe(fds) == 0, "pipe");
  fflush(stdout);
  fflush(stderr);
  if((pid = fork()) == 0){
    dup2(fds[1], 2);
    close(fds[0]);
    fn(arg);
    fprintf(stderr, "returned\n");
    _exit(0);
  }
  close(fds[1]);
  while(got < (ssize_t)sizeof(msg) - 1 &&
        (n = read(fds[0], msg + got, sizeof(msg) - 1 - got)) > 0)
    got += n;
  msg[got] = 0;
  close(fds[0]);
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == SHIM_PANIC_STATUS,
        "%s: the child did not panic (status %#x, said \"%s\")", what,
        status, msg);
  CHECK(strstr(msg, want) != 0, "%s: panic said \"%s\", expected \"%s\"",
        what, msg, want);
}

static void
dofree(void *p)
{
  kmfree(p);
}

static void
dofreetwice(void *p)
{
  kmfree(p);
  kmfree(p);
}

static void
doalloc(void *n)
{
  kmalloc(*(uint*)n);
}

// Scribble on a freed object's link, as a use after free would, then
// allocate from its page.
static void
docorrupt(void *p)
{
  kmfree(p);
  ((uint*)p)[0] = 12344;
  kmalloc(64);
  kmalloc(64);
}

static char*
named(const char *head, void *p)
{
  static char buf[80];

  snprintf(buf, sizeof(buf), "%s0x%x", head, (uint)(uintptr_t)p);
  return buf;
}

static void
test_panics(void)
{
  static uint toobig[] = { 4097, 0x7FFFFFFF, 0xFFFFFFFF };
  static void *p[10];
  char want[80];
  void *a, *b, *page;
  int stackvar, i;

  for(i = 0; i < 3; i++){
    snprintf(want, sizeof(want), "kmalloc: request of %u bytes > KMALLOC_MAX",
             toobig[i]);
    expectpanic("too big", doalloc, &toobig[i], want);
  }

  // Double free with the page kept by a neighbour: poison + list walk.
  a = allocmodel(32);
  b = allocmodel(32);
  expectpanic("double free", dofreetwice, a, named("kmfree: double free of ", a));
  // The same with the freed object deep in the page's free list.
  for(i = 0; i < 10; i++)
    p[i] = allocmodel(32);
  for(i = 0; i < 10; i += 2)
    freemodel(p[i], 32);
  expectpanic("double free in list", dofree, p[4],
              named("kmfree: double free of ", p[4]));
  for(i = 1; i < 10; i += 2)
    freemodel(p[i], 32);
  // A pointer inside an object, and one past the carved part of a page.
  expectpanic("interior pointer", dofree, (char*)a + 8,
              named("kmfree: ", (char*)a + 8));
  expectpanic("interior pointer", dofree, (char*)a + 8, "not at the start of an object");
  expectpanic("never handed out", dofree, (char*)a + 1024,
              "not at the start of an object");
  freemodel(a, 32);
  freemodel(b, 32);
  checkempty();

  // Double free of the only object of a page: the page went back.
  a = allocmodel(200);
  expectpanic("double free, page returned", dofreetwice, a,
              named("kmfree: double free of ", a));
  // And of a whole page.
  page = allocmodel(4096);
  expectpanic("double free, whole page", dofreetwice, page,
              named("kmfree: double free of ", page));
  expectpanic("inside a whole page", dofree, (char*)page + 16,
              "not at the start of an object");
  freemodel(page, 4096);
  freemodel(a, 200);
  checkempty();

  // Pointers kmalloc never had.
  expectpanic("stack pointer", dofree, &stackvar,
              named("kmfree: ", &stackvar));
  expectpanic("stack pointer", dofree, &stackvar, "not from kmalloc");
  page = shim_arena + PHYSTOP - PGSIZE;   // never handed out by anyone
  expectpanic("a page kmalloc never had", dofree, page, "not from kmalloc");
  expectpanic("a page kmalloc never had", dofree, page + 64,
              named("kmfree: ", page + 64));
  // kalloc gives back the page kmalloc returned last: a pointer into it
  // is stale, and reported as a double free.
  page = kalloc();
  expectpanic("a page kmalloc gave back", dofree, page + 64,
              "(page already returned)");
  kfree(page);

  // A use after free that rewrites a free object's link.
  for(i = 0; i < 3; i++)
    p[i] = allocmodel(64);
  expectpanic("corrupt free list", docorrupt, p[1], "corrupt free list");
  for(i = 0; i < 3; i++)
    freemodel(p[i], 64);
  checkempty();
}

// --- main -------------------------------------------------------------------

static void
run(const char *name, void (*fn)(void))
{
  curtest = name;
  shim_reset();
  fn();
  checkempty();
  printf("kmalloc_test: %s: ok\n", name);
  npassed++;
}

int
main(void)
{
  run("zero", test_zero);
  run("everysize", test_everysize);
  run("fillclass", test_fillclass);
  run("reuse", test_reuse);
  run("holes", test_holes);
  run("oom", test_oom);
  run("failinject", test_failinject);
  run("poisonlookalike", test_poisonlookalike);
  run("random", test_random);
  run("panics", test_panics);
  printf("kmalloc_test: %d passed, 0 failed\n", npassed);
  return 0;
}
