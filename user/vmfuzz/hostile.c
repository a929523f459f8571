// vmfuzz, hostile calls: region calls with bad addresses, lengths,
// protections, flags, descriptors and offsets, and system calls with
// buffers the process may not use. Each must fail with the error number
// Linux would give (docs/man/) and change nothing, not even kernel
// memory use.
#include "vmfuzz.h"
#include "errno.h"

// ---------------------------------------------------------------------
// Hostile arguments: each call must fail and change nothing.

// A descriptor number that is not open, or -1. fstat fails for a pipe
// too (EINVAL), so only EBADF says closed.
static int
closed_fd(void)
{
  struct stat st;
  int fd;

  for(fd = 3 + rn(NOFILE - 3); fd < NOFILE; fd++)
    if(fstat(fd, &st) < 0 && errno == EBADF)
      return fd;
  return -1;
}

static int unknown_flags[] = {
  0x04, 0x08, 0x40, 0x80, 0x100, 0x1000, 0x4000, 0x10000, 0x80000000,
};
static int bad_prots[] = { 0x8, 0x10, 0x80, 0x80000000, -1 };

// An unmapped page of the window (or the page just above it).
static char*
unmapped_page(void)
{
  int i, j;

  for(j = 0; j < 32; j++){
    i = 1 + rn(NPG - 1);
    if(!pg[i].mapped)
      return pgaddr(i);
  }
  return (char*)(MMAPBASE + NPG*PG);
}

// A mapped page with protection prot, or an unmapped one if there is
// none.
static char*
page_like(int prot)
{
  int i, j;

  for(j = 0; j < 32; j++){
    i = rn(NPG);
    if(pg[i].mapped && pg[i].prot == prot)
      return pgaddr(i);
  }
  return unmapped_page();
}

static char*
page_past_eof(void)
{
  int i, j;

  for(j = 0; j < 32; j++){
    i = rn(NPG);
    if(past_eof(i))
      return pgaddr(i);
  }
  return page_like(PROT_NONE);
}

// Descriptors a hostile call needs, opened before and closed after the
// usage is measured: opening a pipe allocates.
struct hostile_fds {
  int dir, wronly, rdonly, pipe[2];
};

static void
open_hostile_fds(struct hostile_fds *h)
{
  int x = random_name(1);

  h->dir = open("/", O_RDONLY);
  h->wronly = x >= 0 ? open(namestr[x], O_WRONLY) : -1;
  h->rdonly = x >= 0 ? open(namestr[x], O_RDONLY) : -1;
  if(pipe(h->pipe) < 0)
    bad("pipe failed");
  // One byte waiting, so a read that wrongly accepts its buffer does
  // not block.
  write(h->pipe[1], "z", 1);
}

static void
close_hostile_fds(struct hostile_fds *h)
{
  if(h->dir >= 0)
    close(h->dir);
  if(h->wronly >= 0)
    close(h->wronly);
  if(h->rdonly >= 0)
    close(h->rdonly);
  close(h->pipe[0]);
  close(h->pipe[1]);
}

#define MMAP(a, l, p, f, fd, o) ((int)mmap((void*)(a), (l), (p), (f), (fd), (o)))

// Make hostile call number k; *what names it and *want is the error
// number it must fail with (0: do not check). Returns its result as an
// int (MAP_FAILED is -1).
static int
hostile_call(int k, struct hostile_fds *h, char **what, int *want)
{
  uint win = (uint)pgaddr(rn(NPG - 1));
  uint sp = (uint)stack_page();
  uint brk = (uint)sbrk(0);
  // In the heap's room to grow, far above the heap window (heap.c):
  // never mapped.
  uint room = MMAPBASE - 16*PG;
  char *p;
  int r;

  switch(k){
  case 0:
    *what = "mmap of length 0";
    *want = EINVAL;
    return MMAP(win, 0, RW, ANONP, -1, 0);
  case 1:
    *what = "mmap of length 0xFFFFFFFF";
    *want = ENOMEM;
    return MMAP(win, 0xFFFFFFFF, RW, ANONP, -1, 0);
  case 2:
    *what = "mmap of a length that wraps when rounded";
    *want = ENOMEM;
    return MMAP(0, 0xFFFFF001, RW, ANONP, -1, 0);
  case 3:
    *what = "mmap longer than the mmap area";
    *want = ENOMEM;
    return MMAP(0, MMAPTOP - MMAPBASE + PG, RW, ANONP, -1, 0);
  case 4:
    *what = "MAP_FIXED at a kernel address";
    *want = ENOMEM;
    return MMAP(KERNBASE + rn(64)*PG, PG, RW, ANONP|MAP_FIXED, -1, 0);
  case 5:
    *what = "MAP_FIXED at the top page";
    *want = ENOMEM;
    return MMAP(0xFFFFF000, PG, RW, ANONP|MAP_FIXED, -1, 0);
  case 6:
    *what = "MAP_FIXED reaching into the kernel";
    *want = ENOMEM;
    return MMAP(MMAPTOP - PG, 2*PG, RW, ANONP|MAP_FIXED, -1, 0);
  case 7:
    *what = "MAP_FIXED at an unaligned address";
    *want = EINVAL;
    return MMAP(win + 1 + rn(PG - 1), PG, RW, ANONP|MAP_FIXED, -1, 0);
  case 8:
    *what = "MAP_FIXED from the program text into the kernel";
    *want = ENOMEM;
    return MMAP(0, KERNBASE + PG, RW, ANONP|MAP_FIXED, -1, 0);
  case 9:
    *what = "MAP_FIXED from the stack into the kernel";
    *want = ENOMEM;
    return MMAP(sp, KERNBASE - sp + PG, RW, ANONP|MAP_FIXED, -1, 0);
  case 10:
    *what = "mprotect of the heap's room";
    *want = ENOMEM;
    return mprotect((void*)room, PG*(1 + rn(4)), PROT_READ);
  case 11:
    *what = "mprotect from the heap's room into the mmap area";
    *want = ENOMEM;
    return mprotect((void*)(MMAPBASE - PG), 2*PG, RW);
  case 12:
    *what = "mmap with both MAP_SHARED and MAP_PRIVATE";
    *want = EINVAL;
    return MMAP(0, PG, RW, MAP_ANONYMOUS|MAP_SHARED|MAP_PRIVATE, -1, 0);
  case 13:
    *what = "mmap with neither MAP_SHARED nor MAP_PRIVATE";
    *want = EINVAL;
    return MMAP(0, PG, RW, MAP_ANONYMOUS, -1, 0);
  case 14:
    *what = "mmap with an unknown flag";
    *want = EINVAL;
    return MMAP(0, PG, RW, ANONP|unknown_flags[rn(NELEM(unknown_flags))],
                -1, 0);
  case 15:
    *what = "mmap with unknown protection bits";
    *want = EINVAL;
    return MMAP(0, PG, bad_prots[rn(NELEM(bad_prots))], ANONP, -1, 0);
  case 16:
    *what = "mmap of a file at an unaligned offset";
    *want = EINVAL;
    return MMAP(0, PG, PROT_READ, MAP_PRIVATE, h->rdonly, 1 + rn(PG - 1));
  case 17:
    *what = "mmap of a file at a negative offset";
    *want = EINVAL;
    return MMAP(0, PG, PROT_READ, MAP_PRIVATE, h->rdonly, -PG*(1 + rn(4)));
  case 18:
    *what = "mmap of a bad descriptor number";
    *want = EBADF;
    r = rn(4);
    return MMAP(0, PG, PROT_READ, MAP_PRIVATE,
                r == 0 ? -1 : r == 1 ? NOFILE : r == 2 ? 1000 : -1000, 0);
  case 19:
    *what = "mmap of a closed descriptor";
    *want = EBADF;
    return MMAP(0, PG, PROT_READ, MAP_PRIVATE, closed_fd(), 0);
  case 20:
    *what = "mmap of a directory";
    *want = ENODEV;
    return MMAP(0, PG, PROT_READ, MAP_PRIVATE, h->dir, 0);
  case 21:
    *what = "mmap of the console";
    *want = ENODEV;
    return MMAP(0, PG, PROT_READ, rn(2) ? MAP_PRIVATE : MAP_SHARED, 1, 0);
  case 22:
    *what = "mmap of a pipe";
    r = rn(2);
    *want = r ? EACCES : ENODEV;  // the write end is not open for reading
    return MMAP(0, PG, PROT_READ, MAP_PRIVATE, h->pipe[r], 0);
  case 23:
    *what = "mmap of a file opened write-only";
    *want = h->wronly < 0 ? EBADF : EACCES;
    return MMAP(0, PG, PROT_READ, rn(2) ? MAP_PRIVATE : MAP_SHARED,
                h->wronly, 0);
  case 24:
    *what = "writable MAP_SHARED of a file opened read-only";
    *want = h->rdonly < 0 ? EBADF : EACCES;
    return MMAP(0, PG, RW, MAP_SHARED, h->rdonly, 0);
  case 25:
    *what = "munmap of length 0";
    *want = EINVAL;
    return munmap((void*)win, 0);
  case 26:
    *what = "munmap at an unaligned address";
    *want = EINVAL;
    return munmap((void*)(win + 1 + rn(PG - 1)), PG);
  case 27:
    *what = "munmap of kernel memory";
    *want = EINVAL;
    return munmap((void*)(KERNBASE + rn(64)*PG), PG);
  case 28:
    *what = "munmap from the program text into the kernel";
    *want = EINVAL;
    return munmap(0, KERNBASE + PG);
  case 29:
    *what = "munmap from the stack into the kernel";
    *want = EINVAL;
    return munmap((void*)sp, KERNBASE - sp + PG);
  case 30:
    *what = "munmap reaching into the kernel";
    *want = EINVAL;
    return munmap((void*)(MMAPTOP - PG), 2*PG);
  case 31:
    *what = "munmap of a length that wraps";
    *want = EINVAL;
    return munmap((void*)win, 0xFFFFFFFF - rn(PG));
  case 32:
    *what = "munmap from the heap's room into the kernel";
    *want = EINVAL;
    return munmap((void*)room, KERNBASE - room + PG*(1 + rn(4)));
  case 33:
    *what = "mprotect at an unaligned address";
    *want = EINVAL;
    return mprotect((void*)(win + 1 + rn(PG - 1)), PG, PROT_READ);
  case 34:
    *what = "mprotect with unknown protection bits";
    *want = EINVAL;
    return mprotect((void*)win, PG, bad_prots[rn(NELEM(bad_prots))]);
  case 35:
    *what = "mprotect of kernel memory";
    *want = ENOMEM;
    return mprotect((void*)KERNBASE, PG, RW);
  case 36:
    *what = "mprotect from the program text across the heap's room";
    *want = ENOMEM;
    return mprotect(0, room + PG, PROT_READ|PROT_EXEC);
  case 37:
    *what = "mprotect of a length that wraps";
    *want = ENOMEM;
    return mprotect((void*)win, 0xFFFFFFFF - rn(PG), PROT_READ);
  case 38:
    *what = "mprotect from below the mmap area into it";
    *want = ENOMEM;
    return mprotect((void*)(MMAPBASE - PG), 2*PG, PROT_READ);
  case 39:
    *what = "msync with unknown flags";
    *want = EINVAL;
    return msync((void*)win, PG, 8 << rn(8));
  case 40:
    *what = "msync with MS_ASYNC and MS_SYNC";
    *want = EINVAL;
    return msync((void*)win, PG, MS_ASYNC|MS_SYNC);
  case 41:
    *what = "msync of the heap's room";
    *want = ENOMEM;
    return msync((void*)room, PG, MS_SYNC);
  case 42:
    *what = "msync of kernel memory";
    *want = ENOMEM;
    return msync((void*)KERNBASE, PG, MS_SYNC);
  case 43:
    *what = "msync at an unaligned address";
    *want = EINVAL;
    return msync((void*)(win + 1 + rn(PG - 1)), PG, MS_SYNC);
  case 44:
    *what = "sbrk into the mmap area";
    *want = ENOMEM;
    return (int)sbrk(MMAPBASE - brk + PG*(1 + rn(4)));
  case 45:
    *what = "sbrk below address 0";
    *want = ENOMEM;
    return (int)sbrk(-(int)brk - PG*(1 + rn(4)));
  case 46:
    *what = "write() from a PROT_NONE or unmapped page";
    *want = EFAULT;
    return write(h->pipe[1], page_like(PROT_NONE), 1 + rn(PG));
  case 47:
    *what = "read() into a read-only or unmapped page";
    *want = EFAULT;
    return read(h->pipe[0], page_like(rn(2) ? PROT_READ : PROT_READ|PROT_EXEC),
                1 + rn(PG));
  case 48:
    *what = "read() into kernel memory";
    *want = EFAULT;
    return read(h->pipe[0], (void*)(KERNBASE + rn(64)*PG), 1);
  case 49:
    *what = "write() from kernel memory";
    *want = EFAULT;
    return write(h->pipe[1], (void*)(KERNBASE + rn(64)*PG), 1);
  case 50:
    *what = "read() into a buffer that wraps";
    *want = EFAULT;
    return read(h->pipe[0], (void*)(0xFFFFF000 + rn(PG)), 2*PG);
  case 51:
    *what = "write() from a file page past end of file";
    *want = EFAULT;
    return write(h->pipe[1], page_past_eof(), 1);
  case 52:
    *what = "vmregions into kernel memory";
    *want = EFAULT;
    return vmregions(0, (struct vmregion*)KERNBASE, 4);
  case 53:
    *what = "vmregions with a bad count";
    *want = EINVAL;
    return vmregions(0, rbuf, rn(2) ? -1 : VMA_MAX + 1);
  case 54:
    *what = "vmcheck into kernel memory";
    *want = EFAULT;
    return vmcheck(0, (char*)KERNBASE, 64);
  case 55:
    *what = "vmcheck with a bad length or pid";
    r = rn(2);
    *want = r ? EINVAL : ESRCH;
    return r ? vmcheck(0, msg, PG + 1) : vmcheck(0x7FFFFFFF, msg, 16);
  case 56:
    *what = "mmap as long as the whole (non-empty) mmap area";
    *want = ENOMEM;
    if(random_mapped() < 0){
      *want = 0;  // no call made
      return -1;
    }
    return MMAP(0, MMAPTOP - MMAPBASE, PROT_READ, ANONP, -1, 0);
  case 57:
    *what = "msync of a range with an unmapped page";
    *want = ENOMEM;
    p = unmapped_page() - PG*rn(2);
    called("msync", 3, p, 2*PG, MS_SYNC);
    return msync(p, 2*PG, MS_SYNC);
  default:
    *what = "mprotect of a range with an unmapped page";
    *want = ENOMEM;
    p = unmapped_page() - PG*rn(2);
    called("mprotect", 3, p, 2*PG, PROT_READ);
    return mprotect(p, 2*PG, PROT_READ);
  }
}

#define NHOSTILE 59

// Step: one hostile call, drawn at random; it must fail and change
// nothing: not the regions, the heap end or kernel memory use.
void
op_hostile(void)
{
  struct hostile_fds h;
  struct memusage before, after;
  uint brk = (uint)sbrk(0);
  char *what = "?";
  int k = rn(NHOSTILE), r, want = 0, e;

  open_hostile_fds(&h);
  // The call records itself (called()) and sets errno; in a fork child
  // either store may be the first to its page, whose copy
  // (copy-on-write) must not count as the call's. Store to both first.
  called("hostile", 0);
  errno = 0;
  getmemusage(&before);
  r = hostile_call(k, &h, &what, &want);
  e = errno;
  getmemusage(&after);
  close_hostile_fds(&h);
  if(r != -1)
    bad("%s returned %d (0x%x), expected -1", what, r, r);
  if(want && e != want)
    bad("%s: errno %d (%s), expected %d (%s)", what, e, strerror(e), want,
        strerror(want));
  if((uint)sbrk(0) != brk)
    bad("%s moved the heap end from 0x%x to 0x%x", what, brk,
        (uint)sbrk(0));
  stats[S_HOSTILE]++;
  if(!samememusage(&before, &after))
    bad("%s changed kernel memory: %d free pages and %d kmalloc bytes "
        "became %d and %d", what, before.pages, before.kbytes,
        after.pages, after.kbytes);
}
