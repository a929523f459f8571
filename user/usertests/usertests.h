// usertests.h: what the files of usertests share: the test table's
// entry, the harness's fail() and helpers (main.c), and the helpers of
// the mmap tests (mmutil.c). Each file's own helpers stay static in it.
#include "types.h"
#include "stat.h"
#include "param.h"
#include "fs.h"
#include "fcntl.h"
#include "mmu.h"
#include "memlayout.h"
#include "user.h"
#include "errno.h"

#define NELEM(x) (sizeof(x) / sizeof((x)[0]))

// One test: the harness runs fn in a child; name selects it on the
// command line and labels its output. A table is an array of these
// ending in { 0, 0 }.
struct test {
  void (*fn)(void);
  char *name;
};

// Every file's table, in the order the harness runs them (main.c).
extern struct test proc_tests[], fs_tests[], kmalloc_tests[];
extern struct test mmanon_tests[], mmfile_tests[], mmregion_tests[];
extern struct test mmfork_tests[], mmbad_tests[], mmlimit_tests[];
extern struct test mmharden_tests[];
extern struct test ulib_tests[], harden_tests[], cow_tests[];
extern struct test pagecache_tests[];
extern struct test last_tests[];
extern struct test errors_tests[];
extern struct test aspace_tests[];
void aspace_child(char *mode) __attribute__((noreturn));

// ---- main.c: the harness and helpers for every test ----------------

// Scratch space for any test; big enough for bigwrite's largest write.
extern char buf[(MAXOPBLOCKS + 4) * BSIZE];
extern volatile char sink;    // reads into here cannot be optimised away

void fail(const char *fmt, ...)
  __attribute__((noreturn, format(printf, 1, 2)));
int forkreport(int *fd, char *who);
int forkchan(int *down, int *up);
int fillprocs(int *pids);
void reapprocs(int *pids, int n);
int spawn(void (*fn)(int), int arg);
void waitall(void);
void expect_killed(void (*fn)(uint), uint arg, char *what);
void readbyte(uint a);
void writebyte(uint a);
uint stackguard(void);
char* alignbreak(void);
int badaddrs(uint *a);
void enterremoved(char *dir, char *rm);
void makefile(char *name, int n);
int lowestfd(void);
void kmgetstat(struct kmstat *st);

// ---- errors.c: error numbers ---------------------------------------

void expect_errno(int r, int e, char *what);

// Addresses badaddrs() returns.
#define NBAD 9

// ---- mmutil.c: helpers of the mmap tests (mm*.c) -------------------

#define MM_PG      4096
#define MM_RW      (PROT_READ|PROT_WRITE)
#define MM_ANON    (MAP_PRIVATE|MAP_ANONYMOUS)
#define MM_NREG    64            // regions a test reads back at most

// The state bad calls must leave alone, recorded by mm_take().
struct mm_snap {
  int nreg;      // region count
  int avail;     // mm_avail()
  uint bytes;    // kmalloc bytes in use
};

extern struct vmregion mm_reg[MM_NREG];   // last vmregions listing
extern struct mm_snap mm_snap0;           // what mm_take() saw

char mm_pat(uint i);
void mm_scribble(char *p, uint off, uint n);
void mm_expect_bytes(char *p, uint off, uint n, uint lo, uint hi,
                     char *what);
void mm_expect_fill(char *p, uint n, int c, char *what);
void mm_mkfilewith(char *name, uint size, char (*pat)(uint));
void mm_mkfile(char *name, uint size);
int mm_open(char *name, int mode);
int mm_newfile(char *name, uint size, int mode);
void mm_expect_file(char *name, uint size, uint lo, uint hi, char *what);
char* mm_map(void *addr, uint len, int prot, int flags, int fd, int off,
             char *what);
char* mm_newmap(char *name, uint size, int mode, int prot, int flags,
                int *fd);
void mm_unmap(void *addr, uint len, char *what);
void mm_protect(void *addr, uint len, int prot, char *what);
void mm_pipe(int *fds);
void mm_send(int fd);
void mm_recv(int fd, char *who);
int mm_avail(void);
uint mm_kmbytes(void);
int mm_listregions(int pid);
int mm_nregions(void);
void mm_expect_nregions(int want, char *what);
int mm_expect_region(void *start, void *end, int prot, uint off,
                     char *what);
void mm_check(char *what);
uint mm_rand(void);
void mm_expect_kill(char *addr, int write, char *what);
void mm_take(void);
void mm_badmap(uint addr, uint len, int prot, int flags, int fd, int off,
               int err, char *what);
void mm_badcall(int r, int err, char *what);
