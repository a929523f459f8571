// xv6compat.h: the xv6 user calls that user/mmapbench.c and the programs
// it execs (user/tinyprog.c, user/bigtext.c) use, on Linux i386, so that
// the very same sources run on both kernels (tests/bench.py builds them
// with gcc -m32 -static -DBENCH_LINUX).
//
// Each call does what its xv6 namesake does, through glibc or a raw
// system call; nothing here measures anything. Two choices shape the
// figures and are footnoted in the table (docs/benchmarks.md):
//   - getpid is a raw `int $0x80`, the same kind of trap as xv6's
//     `int $64`; glibc's getpid enters through the vDSO (sysenter).
//   - kmstat reports the kernel's slab memory from /proc/meminfo, the
//     nearest Linux has to kmalloc's byte count.
// The benchmark runs as /init of an initramfs: its exit() powers the
// machine off, so QEMU ends when the benchmark does.
#ifndef XV6COMPAT_H
#define XV6COMPAT_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

typedef unsigned int uint;
typedef unsigned short ushort;
typedef unsigned char uchar;

#define PGSIZE    4096
#define MMAPBASE  0x40000000  // free on Linux too: below its mmap area
#define O_CREATE  O_CREAT

struct kmstat {
  uint bytes;   // Linux: Slab from /proc/meminfo, in bytes
  uint pages;   // the same in pages
};

static inline unsigned long long
rdtsc(void)
{
  unsigned long long t;

  asm volatile("rdtsc" : "=A" (t));
  return t;
}

static inline void
stosl(void *addr, int data, int cnt)
{
  asm volatile("cld; rep stosl" : "+D" (addr), "+c" (cnt) : "a" (data) :
               "memory", "cc");
}

static inline int
xv6getpid(void)
{
  int r;

  asm volatile("int $0x80" : "=a" (r) : "0" (SYS_getpid) : "memory");
  return r;
}

// exit() of the process that is /init powers off; any other exits.
static inline void __attribute__((noreturn))
xv6exit(void)
{
  if(xv6getpid() == 1)
    reboot(RB_POWER_OFF);
  _exit(0);
}

static inline int
kmstat(struct kmstat *st)
{
  char line[128];
  unsigned long kb = 0;
  FILE *f;

  mkdir("/proc", 0555);
  mount("proc", "/proc", "proc", 0, 0);  // fails harmlessly if mounted
  if((f = fopen("/proc/meminfo", "r")) == 0)
    return -1;
  while(fgets(line, sizeof(line), f))
    if(sscanf(line, "Slab: %lu kB", &kb) == 1)
      break;
  fclose(f);
  st->bytes = kb * 1024;
  st->pages = kb / 4;
  return 0;
}

#define getpid()            xv6getpid()
#define exit()              xv6exit()
#define wait()              waitpid(-1, 0, 0)
#define exec(path, argv)    execv((path), (argv))
#define open(path, flags)   open((path), (flags), 0644)
#define printf(fd, ...)     dprintf((fd), __VA_ARGS__)

#endif
