// vmfuzz: a random tester for the memory system calls (issue 7).
//
//   vmfuzz [seed] [steps] [-v]   defaults: seed 1, 5000 steps; -v also
//                                prints what the run covered
//
// It draws a random sequence of mmap, munmap, mprotect and msync calls,
// reads and writes through mappings and through system calls, forks
// (the child runs a few steps of its own, reports its writes to shared
// pages, then exits, execs or dies on a bad access), probes accesses
// that must kill (in a child), opens, writes, closes and unlinks the
// backing files, drives three unrelated peer processes that open, map,
// store into, read, write and truncate the same files on their own
// (peer.c), and makes calls with hostile arguments that must fail
// and change nothing, not even kernel memory use. The hostile classes
// are listed at hostile_call (hostile.c); docs/reliability.md has them all.
// It keeps a model of what every page of a fuzz window
// should be, and after every step compares the kernel's picture with
// it: the invariant checker (vmcheck) must find nothing wrong, and the
// region listing (vmregions) must equal the model's regions, merged the
// way the kernel merges them, with the same number of resident pages.
// At the end it unmaps everything, removes its files and checks that
// free pages and kmalloc bytes are back where they started.
//
// The first disagreement is printed with its seed and step, and the
// run stops. The last line is always the summary:
//   vmfuzz: seed S steps N kills E/E violations 0 leaked pages 0 kmalloc 0 OK
// (or FAILED). A run is a pure function of its seed.
//
// The window is the bottom NPG pages of the mmap area. The kernel puts
// a mapping without MAP_FIXED at its hint if that range is free, else
// at the lowest free range, so the model can predict every address; an
// mmap whose predicted place would leave the window is not made.
//
// Contents. Every page, in memory or in a file, is modelled as a
// `struct content`: bytes [0, len) follow the pattern of version ver,
// the rest are zero. Writes fill a whole page with a new version. A file
// has one copy of each page, the page cache's (docs/pagecache.md): every
// MAP_SHARED mapping of it, in any process, every MAP_PRIVATE mapping
// until its first store, and read() and write() all see that copy at
// once, and the model keeps only that copy (a store through a shared
// mapping changes the file at once). A mapped file page is checked below
// end of file only. A few bytes per page are checked, among them both
// sides of the cut. A file fault also maps cached neighbours
// (fault-around), which the model does not predict: a file region may
// have more pages resident than the model says, never fewer.
//
// The files: main.c (this one) the run state, reporting and the main
// loop; model.c the model and its comparison with the kernel; ops.c the
// operations a step draws; hostile.c the calls that must fail; peer.c
// the peers and their model; vmfuzz.h what they share. They own only
// this program and change nothing in the kernel's contract headers they
// include.
#include "vmfuzz.h"

// ---------------------------------------------------------------------
// Run state.

char *progname = "vmfuzz";
static uint seed, nsteps, step;
uint rngstate;
int inchild;                      // 1 in a fork step's child
static int finishing;             // cleaning up: no more recursion
int kills_expected, kills_seen;
static int violations;
static struct memusage start_usage;
uint nextver = 1;

char scratch[3*PG];               // file writes (2 pages and a tail)
char fbuf[PG];                    // file reads
struct vmregion rbuf[MAXREG];

// List this process's regions in the fuzz window (the mmap area) into
// rbuf; the program's own regions below it (text, data, stack, heap)
// are left out. Returns how many there are, or -1.
int
window_regions(void)
{
  return regionsfrom(0, MMAPBASE, rbuf, MAXREG);
}
char msg[128];
static int verbose;               // print what the run covered

static char *statname[NSTAT] = {
  "mmap", "mmap-failed", "munmap", "mprotect", "mprotect-failed", "msync",
  "msync-failed", "page-reads", "page-writes", "file-faults",
  "write-backs", "syscall-io", "forks", "file-ops", "hostile",
  "most-regions", "peer-steps", "peer-mmap", "peer-stores", "peer-loads",
  "peer-writes", "peer-reads", "truncations",
};
uint stats[NSTAT];

// The last call a step made, printed with a disagreement.
static struct {
  char *name;
  int n;
  uint arg[6];
} last;

static void finish(void) __attribute__((noreturn));

// ---------------------------------------------------------------------
// Reporting.

// Remember a call about to be made: its name and n arguments.
void
called(char *name, int n, ...)
{
  __builtin_va_list ap;
  int i;

  last.name = name;
  last.n = n;
  __builtin_va_start(ap, n);
  for(i = 0; i < n && i < NELEM(last.arg); i++)
    last.arg[i] = __builtin_va_arg(ap, uint);
  __builtin_va_end(ap);
}

static void
print_last(void)
{
  int i;

  if(last.name == 0)
    return;
  printf(1, "vmfuzz: last call %s(", last.name);
  for(i = 0; i < last.n; i++)
    printf(1, i ? ", 0x%x" : "0x%x", last.arg[i]);
  printf(1, ")\n");
}

// Print the kernel's regions, to go with a disagreement.
static void
dump_regions(void)
{
  struct vmregion *r;
  int n, j;

  n = window_regions();
  for(j = 0; j < n && j < MAXREG; j++){
    r = &rbuf[j];
    printf(1, "vmfuzz: region 0x%x-0x%x prot %x flags %x off %x inode %d "
           "resident %d\n", r->start, r->end, r->prot, r->flags, r->offset,
           r->inum, r->resident);
  }
}

// Report a disagreement with the seed and step, and end the run (in a
// fork child: end the child without a report, so the parent fails).
void
bad(const char *fmt, ...)
{
  __builtin_va_list ap;

  printf(1, "vmfuzz: seed %d step %d%s: ", seed, step,
         inchild ? " (fork child)" : "");
  __builtin_va_start(ap, fmt);
  vprintf(1, fmt, ap);
  __builtin_va_end(ap);
  printf(1, "\n");
  print_last();
  if(!finishing)
    dump_regions();
  if(inchild)
    exit();   // the parent sees no report and fails too
  violations++;
  finish();
}


// ---------------------------------------------------------------------
// The main loop.

enum {
  OP_MMAP_ANON, OP_MMAP_FILE, OP_MUNMAP, OP_MPROTECT, OP_MSYNC, OP_READ,
  OP_WRITE, OP_SYSIO, OP_FORK, OP_KILL, OP_FILE, OP_HOSTILE, OP_HEAP, OP_PEER,
  NOP
};

// How often each step is drawn, out of the sum.
static int weight[NOP] = {
  [OP_MMAP_ANON] 14, [OP_MMAP_FILE] 10, [OP_MUNMAP] 9, [OP_MPROTECT] 9,
  [OP_MSYNC] 4, [OP_READ] 12, [OP_WRITE] 12, [OP_SYSIO] 3, [OP_FORK] 2,
  [OP_KILL] 2, [OP_FILE] 4, [OP_HOSTILE] 12, [OP_HEAP] 8,
  [OP_PEER] 24,
};

// May a fork child take this step? Children leave files, names and
// descriptors alone, do not fork again, and leave the peers to the
// main process.
static int
child_may(int op)
{
  return op != OP_SYSIO && op != OP_FORK && op != OP_KILL &&
         op != OP_FILE && op != OP_PEER;
}

static int
pick_op(void)
{
  int op, k, total = 0;

  for(op = 0; op < NOP; op++)
    total += weight[op];
  for(;;){
    k = rn(total);
    for(op = 0; k >= weight[op]; op++)
      k -= weight[op];
    if(!inchild || child_may(op))
      return op;
  }
}

// Take one step: an operation drawn by weight.
void
do_step(void)
{
  switch(pick_op()){
  case OP_MMAP_ANON: op_mmap(0); break;
  case OP_MMAP_FILE: op_mmap(1); break;
  case OP_MUNMAP:    op_munmap(); break;
  case OP_MPROTECT:  op_mprotect(); break;
  case OP_MSYNC:     op_msync(); break;
  case OP_READ:      op_read(); break;
  case OP_WRITE:     op_write(); break;
  case OP_SYSIO:     op_sysio(); break;
  case OP_FORK:      op_fork(); break;
  case OP_KILL:      op_kill(); break;
  case OP_FILE:      op_file(); break;
  case OP_HOSTILE:   op_hostile(); break;
  case OP_HEAP:      op_heap(); break;
  case OP_PEER:      stats[S_PEER]++; op_peer(); break;
  }
}

static void
setup(void)
{
  int i, s;
  char *p;

  for(i = 0; i < NPG; i++)
    clear_page(i);
  for(i = 0; i < NOBJ; i++)
    objs[i].ino = -1;
  for(i = 0; i < NFD; i++)
    fds[i].fd = -1;
  for(i = 0; i < NALLNAME; i++){
    names[i] = -1;
    unlink(namestr[i]);   // left over from a run that died
  }
  if(window_regions() != 0)
    bad("vmfuzz must start with no regions in the mmap area");
  // Touch the window once, so that its page table exists before the
  // starting reading of free memory (it stays until exit).
  p = mmap((void*)MMAPBASE, PG, RW, ANONP|MAP_FIXED, -1, 0);
  if(p != (char*)MMAPBASE)
    bad("cannot map the window");
  p[0] = 1;
  if(munmap(p, PG) < 0)
    bad("cannot unmap the window");
  for(i = 0; i < 2; i++)
    file_create();
  for(s = 0; s < NFD; s++)
    file_open();
  heap_setup();
  // The program's own pages, all of them in now, so that a page of its
  // text or data faulted in later is not counted as leaked.
  prefault();
  if(getmemusage(&start_usage) < 0)
    bad("cannot read kernel memory usage");
  // The peers come after the reading: their exit at the end gives
  // everything they took back.
  peers_start();
}

// Unmap everything, check the files that are left against the model,
// remove them, and print the summary. Also the way out after a failure.
static void
finish(void)
{
  struct memusage end;
  int i, t, ok, leakp, leakb;

  if(!finishing){
    finishing = 1;
    if(munmap((void*)MMAPBASE, MMAPTOP - MMAPBASE) != 0)
      bad("munmap of the whole area failed");
    model_unmap(0, NPG);
    check_state();
    heap_finish();
    peers_stop();
    for(i = 0; i < NALLNAME; i++)
      if(names[i] >= 0 && violations == 0)
        file_check(i);
  }
  peers_stop();
  for(i = 0; i < NFD; i++)
    if(fds[i].fd >= 0)
      close(fds[i].fd);
  for(i = 0; i < NALLNAME; i++)
    unlink(namestr[i]);
  getmemusage(&end);
  for(t = 0; t < SETTLE && !samememusage(&start_usage, &end); t++){
    sleep(1);
    getmemusage(&end);
  }
  if(verbose){
    printf(1, "vmfuzz: covered");
    for(i = 0; i < NSTAT; i++)
      printf(1, " %s %d", statname[i], stats[i]);
    printf(1, "\n");
  }
  leakp = start_usage.pages - end.pages;
  leakb = end.kbytes - start_usage.kbytes;
  ok = violations == 0 && kills_expected == kills_seen && leakp == 0 &&
       leakb == 0;
  printf(1, "vmfuzz: seed %d steps %d kills %d/%d violations %d "
         "leaked pages %d kmalloc %d %s\n", seed, step, kills_expected,
         kills_seen, violations, leakp, leakb, ok ? "OK" : "FAILED");
  exit();
}

int
main(int argc, char *argv[])
{
  if(argc > 1 && strcmp(argv[1], "-exec") == 0)
    exit();   // a fork child's exec ending
  progname = argv[0];
  seed = argc > 1 ? atoi(argv[1]) : 1;
  nsteps = argc > 2 ? atoi(argv[2]) : 5000;
  verbose = argc > 3 && strcmp(argv[3], "-v") == 0;
  rngstate = seed * 2654435761u + 0x6d2b79f5;
  if(rngstate == 0)
    rngstate = 1;
  setup();
  check_state();
  for(step = 1; step <= nsteps; step++){
    do_step();
    check_state();
    if(step % CHECKEVERY == 0){
      check_contents();
      peers_check_contents();
    }
  }
  step = nsteps;
  check_contents();
  peers_check_contents();
  finish();
}
