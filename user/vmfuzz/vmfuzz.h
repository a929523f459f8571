// vmfuzz.h: what the files of vmfuzz share: the sizes, the model's
// types, the run state, and the functions one file calls in another.
// main.c holds the run state, reporting and the main loop; model.c the
// model of every page and file and its comparison with the kernel;
// ops.c the random operations; hostile.c the calls that must fail;
// heap.c sbrk, MAP_FIXED and munmap over the heap; peer.c the
// unrelated processes that share the files.
#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "param.h"
#include "mmu.h"
#include "memlayout.h"
#include "user.h"

#define PG        PGSIZE
#define NPG       256     // pages in the fuzz window, from MMAPBASE up
#define MAXLEN    16      // longest mapping or range drawn, in pages
#define FPG       12      // most pages a backing file grows to
#define MAXOFF    (FPG+3) // file offsets drawn, in pages (some past EOF)
#define NNAME     3       // backing file names the main process uses
#define PNAME     NNAME   // and one only the peers map (peer.c)
#define NALLNAME  (NNAME+1)
#define NFD       4       // descriptors kept open for mapping
#define NOBJ      16      // open files (struct file) the model tracks
#define NINO      12      // inodes the model tracks
#define MAXREG    (NPG+1) // regions vmregions may report
#define MAXLOG    64      // shared-page writes a fork child reports
#define CHECKEVERY 16     // steps between checks of all page contents
#define SETTLE    100     // ticks to wait for the counters to settle
#define NPEER     3       // unrelated processes sharing the files (peer.c)

#define NELEM(x)  (sizeof(x) / sizeof((x)[0]))
#define ANONP     (MAP_ANONYMOUS|MAP_PRIVATE)
#define RW        (PROT_READ|PROT_WRITE)

// ---------------------------------------------------------------------
// The model.

struct content {
  ushort ver;   // pattern version of bytes [0, len)
  ushort len;   // bytes that follow the pattern; the rest are zero
};

// One page of the window.
struct mpage {
  uchar mapped;     // inside some region
  uchar prot;       // PROT_* of its region
  uchar flags;      // MAP_SHARED or MAP_PRIVATE, | MAP_ANONYMOUS
  uchar present;    // in the page table (resident)
  uchar dirty;      // written since its last write-back
  uchar fromparent; // (fork child) the very page the parent maps
  uchar own;        // a private file page's own copy (its first store)
  char obj;         // open file of a file page; -1 if anonymous
  uint foff;        // file page number of a file page
  struct content c; // contents, if present and its own (anonymous, or a
                    // private copy); a file page otherwise holds the
                    // file's page (page_content)
};

// A file (an inode); it lives as long as a name, an open file or a
// mapping refers to it. Files only grow. Its pages are the page cache's:
// the one copy read(), write() and every mapping of the file share.
// Only the bytes below end of file are modelled: past it, a page that a
// mapping stored into holds those bytes until write-back zeroes them
// (stored[] marks such pages, whose tail is then unknown).
struct minode {
  uint inum;
  uint size;                  // bytes
  struct content pg[FPG];     // contents of each page below size
  uchar stored[FPG];          // a mapping stored into it (tail unknown)
};

// An open file (a struct file in the kernel): what open() made. Two
// regions merge only if they hold the same one.
struct mobj {
  int ino;          // index in inodes[], -1 if the slot is free
  char readable;
  char writable;
};

struct mfd {
  int fd;           // descriptor number, -1 if closed
  int obj;          // index in objs[]
};

// A fork child's report: its writes to pages it shares with the parent
// and the files as its exit leaves them.
struct wlog {
  ushort page;
  struct content c;
};

struct report {
  int magic;
  int ending;       // how the child ends: END_*
  int nlog;
  struct wlog log[MAXLOG];
  struct minode ino[NINO];
};

#define REPORT_MAGIC 0x7a7a1234
#define HELD         'h'   // a fork child waits for the parent's writes

// How a fork child ends, after its report: every way drops its regions
// and writes its dirty shared file pages back.
enum { END_EXIT, END_EXEC, END_KILLED, NEND };

// What a run covered, printed with -v.
enum {
  S_MMAP, S_MMAP_FAIL, S_MUNMAP, S_MPROTECT, S_MPROTECT_FAIL, S_MSYNC,
  S_MSYNC_FAIL, S_READ, S_WRITE, S_FILEFAULT, S_WRITEBACK, S_SYSIO,
  S_FORK, S_FILEOP, S_HOSTILE, S_MAXREG, S_PEER, S_PEER_MMAP,
  S_PEER_STORE, S_PEER_LOAD, S_PEER_WRITE, S_PEER_READ, S_TRUNC, NSTAT
};

// ---- main.c: run state, reporting, the main loop --------------------

extern char *progname;
extern uint rngstate;               // rnd()'s state
extern int inchild;                 // 1 in a fork step's child
extern int kills_expected, kills_seen;
extern uint nextver;                // the last pattern version drawn
extern char scratch[3*PG];          // file writes (2 pages and a tail)
extern char fbuf[PG];               // file reads
extern struct vmregion rbuf[MAXREG];
int window_regions(void);

// heap.c: sbrk, MAP_FIXED and munmap over the heap, with its own model.
void op_heap(void);
void heap_setup(void);
void heap_finish(void);
extern char msg[128];
extern uint stats[NSTAT];

void called(char *name, int n, ...);
void bad(const char *fmt, ...)
  __attribute__((noreturn, format(printf, 1, 2)));
void do_step(void);

// ---- model.c: the model ---------------------------------------------

extern struct mpage pg[NPG];
extern struct minode inodes[NINO];
extern struct mobj objs[NOBJ];
extern struct mfd fds[NFD];
extern int names[NALLNAME];         // inode of each name, -1 if none
extern char *namestr[NALLNAME];

uint rn(uint n);
char* pgaddr(int i);
uint newver(void);
uchar patbyte(uint ver, uint i);
void fillpage(char *p, uint ver);
void check_bytes(char *p, struct content c, const char *what);
void check_bytes_below(char *p, struct content c, uint limit,
                       const char *what);
int alloc_obj(int n, int readable, int writable);
int alloc_ino(void);
struct content file_content(struct minode *ip, uint foff);
struct content page_content(int i, uint *limit);
int page_tail_unknown(int i);
void check_page(int i, const char *what);
int readable(struct mpage *m);
int writable(struct mpage *m);
int past_eof(int i);
int touchable(int i, int write);
void fault_in(int i);
void set_content(int i, struct content c);
int region_start(int i);
int region_end(int i);
int random_mapped(void);
void model_writeback(int a, int b);
void clear_page(int i);
void model_unmap(int a, int b);
int fully_mapped(int a, int b);
int lowest_fit(int n);
int range_free(int a, int n);
void model_fork_populate(void);
void check_state(void);
void check_contents(void);

// ---- ops.c: the operations ------------------------------------------

extern struct report rep;           // a fork child's report

int random_name(int live);
char* stack_page(void);
void file_check(int x);
void file_create(void);
void file_open(void);
void op_file(void);
void op_mmap(int file);
void op_munmap(void);
void op_mprotect(void);
void op_msync(void);
void op_read(void);
void op_write(void);
void op_sysio(void);
void op_kill(void);
void op_fork(void);
void file_write_draw(struct minode *ip, int *k, int *m, int *b);
void model_file_write(struct minode *ip, int k, int m, int b, uint *ver);

// ---- peer.c: unrelated processes sharing the files ------------------

void peers_start(void);
void peers_stop(void);
void peers_forget(void);
int peer_holds_ino(int n);
void peers_check_contents(void);
void op_peer(void);

// ---- hostile.c: calls that must fail --------------------------------

void op_hostile(void);
