// pipe.c: pipes, a bounded byte queue between a reading and a writing
// open file.
//
// Owns struct pipe. Each pipe lives in one page from kalloc and is freed
// when both ends are closed. It does not manage the struct files that
// refer to it (file.c) or their descriptors (sysfile.c).
//
// The buffer is a ring of PIPESIZE bytes indexed by two free-running
// counters: nread bytes have been read and nwrite written, so the pipe
// is empty when they are equal and full when nwrite == nread + PIPESIZE.
// Unsigned wrap-around keeps both tests right.
//
// Locking: p->lock guards everything in the pipe. Readers sleep on
// &p->nread, writers on &p->nwrite. User buffers were checked (and
// faulted in) by the system call, so copying while holding the spinlock
// cannot fault.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "mmu.h"
#include "spinlock.h"
#include "rbtree.h"
#include "proc.h"
#include "fs.h"
#include "sleeplock.h"
#include "file.h"
#include "errno.h"

#define PIPESIZE 512

struct pipe {
  struct spinlock lock;
  char data[PIPESIZE];
  uint nread;     // bytes read so far
  uint nwrite;    // bytes written so far
  int readopen;   // is the read end still open?
  int writeopen;  // is the write end still open?
};

// Make a pipe and two open files for it: *f0 reads, *f1 writes. Returns
// 0, or (with nothing allocated) -ENFILE if file-table entries run out,
// -ENOMEM if memory does.
int
pipealloc(struct file **f0, struct file **f1)
{
  struct pipe *p;
  int err;

  p = 0;
  *f0 = *f1 = 0;
  err = -ENFILE;
  if((*f0 = filealloc()) == 0 || (*f1 = filealloc()) == 0)
    goto bad;
  err = -ENOMEM;
  if((p = (struct pipe*)kalloc()) == 0)
    goto bad;
  initlock(&p->lock, "pipe");
  p->nread = 0;
  p->nwrite = 0;
  p->readopen = 1;
  p->writeopen = 1;

  (*f0)->type = FD_PIPE;
  (*f0)->readable = 1;
  (*f0)->writable = 0;
  (*f0)->pipe = p;
  (*f1)->type = FD_PIPE;
  (*f1)->readable = 0;
  (*f1)->writable = 1;
  (*f1)->pipe = p;
  return 0;

bad:
  // The files are still FD_NONE, so fileclose just frees the entries.
  if(*f0)
    fileclose(*f0);
  if(*f1)
    fileclose(*f1);
  *f0 = *f1 = 0;
  return err;
}

// Close one end of p (the write end if writable is set) and wake anyone
// waiting on the other end; free p once both ends are closed.
void
pipeclose(struct pipe *p, int writable)
{
  acquire(&p->lock);
  if(writable){
    p->writeopen = 0;
    wakeup(&p->nread);
  } else {
    p->readopen = 0;
    wakeup(&p->nwrite);
  }
  if(p->readopen || p->writeopen){
    release(&p->lock);
    return;
  }
  release(&p->lock);
  kfree((char*)p);
}

// Write all n bytes from addr into p, sleeping while it is full. Returns
// n; -EPIPE if the read end is or becomes closed, -EINTR if the caller
// is killed (some bytes may have gone in by then).
int
pipewrite(struct pipe *p, char *addr, int n)
{
  int i;

  acquire(&p->lock);
  for(i = 0; i < n; i++){
    while(p->nwrite == p->nread + PIPESIZE && p->readopen &&
          !myproc()->killed){
      wakeup(&p->nread);  // let a reader make room
      sleep(&p->nwrite, &p->lock);
    }
    if(!p->readopen || myproc()->killed){
      release(&p->lock);
      return p->readopen ? -EINTR : -EPIPE;
    }
    p->data[p->nwrite++ % PIPESIZE] = addr[i];
  }
  wakeup(&p->nread);
  release(&p->lock);
  return n;
}

// Read up to n bytes from p into addr, sleeping while p is empty and
// its write end open. Returns the number of bytes read, 0 at end of
// file (empty and no writer), or -EINTR if the caller is killed while
// waiting.
int
piperead(struct pipe *p, char *addr, int n)
{
  int i;

  acquire(&p->lock);
  while(p->nread == p->nwrite && p->writeopen){
    if(myproc()->killed){
      release(&p->lock);
      return -EINTR;
    }
    sleep(&p->nread, &p->lock);
  }
  for(i = 0; i < n && p->nread != p->nwrite; i++)
    addr[i] = p->data[p->nread++ % PIPESIZE];
  wakeup(&p->nwrite);
  release(&p->lock);
  return i;
}
