// image.c: the address space a program starts in. exec builds one for
// the program it runs, userinit one for the first process.
//
// Owns the layout of a fresh address space, all of it regions (vma.h):
// each loadable ELF segment becomes a MAP_PRIVATE mapping of the
// program's file (its pages come from the page cache on first touch,
// so every process running the program shares its clean pages) and,
// past the segment's file bytes, an anonymous bss region; above the
// segments a PROT_NONE guard page and one page of stack; the heap
// starts empty above the stack. Only two pages are filled here, never
// the program's text: the stack (exec copies argv into it) and the page
// where a segment's file bytes end and its bss begins, whose tail must
// read as zeros although the file holds other bytes there.
//
// The image is private until image_install hands it to a process, so
// building it takes no lock; exec's reader of the file is the caller.
// It may not touch a live process's regions: exec drops those itself
// (mmap_exit) once the new image is complete.
//
// Calls go down only: to vma.c, vm.c (page tables), mmap.c for its
// region allocator, fs.c for the file's cache pages, kalloc.c.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "file.h"
#include "proc.h"
#include "mman.h"
#include "vma.h"
#include "image.h"
#include "errno.h"

// Start an empty image. Returns 0, or -ENOMEM.
int
image_init(struct image *im)
{
  memset(im, 0, sizeof(*im));
  if((im->pgdir = setupkvm()) == 0)
    return -ENOMEM;
  return 0;
}

// Free an image that was never installed: its regions (and their file
// references) and its page table with the pages filled in it. May
// close the last reference to the program's file, so call it without
// the inode's lock or an open log operation.
void
image_free(struct image *im)
{
  vma_freetree(im->root.rb_node);
  im->root.rb_node = 0;
  if(im->pgdir)
    freevm(im->pgdir);
  im->pgdir = 0;
}

// Add the region [start, end) to im, merged into the region before it
// if the two are one mapping. Returns 0, or -ENOMEM.
static int
add_region(struct image *im, uint start, uint end, int prot, int flags,
           struct file *f, uint off)
{
  struct vma *v, *prev;

  if(im->nvma >= VMA_MAX || (v = vma_alloc()) == 0)
    return -ENOMEM;
  v->vm_start = start;
  v->vm_end = end;
  v->vm_prot = prot;
  v->vm_flags = flags;
  v->vm_off = off;
  v->vm_file = f ? filedup(f) : 0;
  prev = start ? vma_find(&im->root, start - 1) : 0;
  if(prev && vma_mergeable(prev, v)){
    prev->vm_end = end;
    vma_resized(prev);
    vma_free(v);
    return 0;
  }
  vma_insert(&im->root, v);
  im->nvma++;
  return 0;
}

// Fill page va of im with the first keep bytes of cache page pn of ip
// and zeros after them: the page where a segment's file bytes end and
// its bss begins. Caller holds ip's lock. Returns 0, or -ENOMEM.
static int
fill_tail(struct image *im, uint va, struct inode *ip, uint pn, uint keep,
          int prot)
{
  char *src, *mem;

  if((mem = kalloc()) == 0)
    return -ENOMEM;
  if((src = ipage(ip, pn)) == 0){
    kfree(mem);
    return -ENOMEM;
  }
  memmove(mem, src, keep);
  memset(mem + keep, 0, PGSIZE - keep);
  pcache_unpin(src);
  if(mappages(im->pgdir, (void*)va, PGSIZE, V2P(mem), prot_pte(prot)) < 0){
    kfree(mem);
    return -ENOMEM;
  }
  return 0;
}

// Map one loadable segment of program f: memsz bytes at va whose first
// filesz come from offset off of the file, with protection prot. The
// file part becomes a private file region, the rest anonymous (bss).
// Segments must come in address order without sharing a page, start
// where the file offset can be mapped (va and off equal modulo the page
// size, as mmap needs), lie in the file and end below the mmap area,
// leaving room for the guard and stack pages. Caller holds f->ip's
// lock. Returns 0, -ENOEXEC for a segment that breaks those rules, or
// -ENOMEM.
int
image_segment(struct image *im, struct file *f, uint va, uint off,
              uint filesz, uint memsz, int prot)
{
  uint start = PGROUNDDOWN(va), fend, end, flags = MAP_PRIVATE|VMR_PROG;
  int r;

  if(memsz == 0)
    return 0;
  if(memsz < filesz || va + memsz < va || off + filesz < off)
    return -ENOEXEC;
  if(va % PGSIZE != off % PGSIZE || start < im->end)
    return -ENOEXEC;
  if(va + memsz > MMAPBASE - 2*PGSIZE || off + filesz > f->ip->size)
    return -ENOEXEC;
  end = PGROUNDUP(va + memsz);
  fend = filesz ? PGROUNDUP(va + filesz) : start;
  if(fend > start){
    r = add_region(im, start, fend, prot, flags, f, off - (va - start));
    if(r < 0)
      return r;
    if(memsz > filesz && (off + filesz) % PGSIZE != 0){
      r = fill_tail(im, fend - PGSIZE, f->ip, (off + filesz) / PGSIZE,
                    (off + filesz) % PGSIZE, prot);
      if(r < 0)
        return r;
    }
  }
  if(end > fend && (r = add_region(im, fend, end, prot,
                                   flags|MAP_ANONYMOUS, 0, 0)) < 0)
    return r;
  im->end = end;
  return 0;
}

// Map a zeroed page at va of im with protection prot, for the stack and
// the first process. Returns it, or 0 if memory runs out.
static char*
fill_zero(struct image *im, uint va, int prot)
{
  char *mem;

  if((mem = kalloc()) == 0)
    return 0;
  memset(mem, 0, PGSIZE);
  if(mappages(im->pgdir, (void*)va, PGSIZE, V2P(mem), prot_pte(prot)) < 0){
    kfree(mem);
    return 0;
  }
  return mem;
}

// Above the segments: the guard page (a PROT_NONE region: a stack that
// overflows faults there and the process is killed) and one page of
// stack, present and zeroed; the heap starts empty above it. Sets
// *stacktop to the stack's top. Returns 0, or -ENOMEM.
int
image_stack(struct image *im, uint *stacktop)
{
  uint guard = im->end, stack = guard + PGSIZE;
  int r;

  if(stack + PGSIZE > MMAPBASE)
    return -ENOMEM;
  if((r = add_region(im, guard, stack, PROT_NONE,
                     MAP_PRIVATE|MAP_ANONYMOUS|VMR_GUARD, 0, 0)) < 0)
    return r;
  if((r = add_region(im, stack, stack + PGSIZE, PROT_READ|PROT_WRITE,
                     MAP_PRIVATE|MAP_ANONYMOUS|VMR_STACK, 0, 0)) < 0)
    return r;
  if(fill_zero(im, stack, PROT_READ|PROT_WRITE) == 0)
    return -ENOMEM;
  im->end = im->brk = *stacktop = stack + PGSIZE;
  return 0;
}

// The first process's image: code (sz < PGSIZE bytes, linked into the
// kernel) at address 0, in one anonymous page that is also its stack;
// the heap starts above it. Returns 0, or -ENOMEM.
int
image_initcode(struct image *im, char *code, uint sz)
{
  int prot = PROT_READ|PROT_WRITE|PROT_EXEC, r;
  char *mem;

  if(sz >= PGSIZE)
    panic("image_initcode: more than a page");
  if((r = add_region(im, 0, PGSIZE, prot,
                     MAP_PRIVATE|MAP_ANONYMOUS|VMR_PROG, 0, 0)) < 0)
    return r;
  if((mem = fill_zero(im, 0, prot)) == 0)
    return -ENOMEM;
  memmove(mem, code, sz);
  im->end = im->brk = PGSIZE;
  return 0;
}

// Give p the image: its page table, regions and break. p has no
// regions left (a new process, or exec after mmap_exit); its old page
// table, if any, holds no pages and is freed here. When p is the
// caller, the new table goes live at once.
void
image_install(struct proc *p, struct image *im)
{
  pde_t *old;

  if(p->vmroot.rb_node)
    panic("image_install: regions left");
  // vmcheck and pmap read p's table and tree under vmlock: change them
  // together under it, so that no reader sees one without the other.
  acquire(&p->vmlock);
  old = p->pgdir;
  p->pgdir = im->pgdir;
  p->vmroot = im->root;
  p->nvma = im->nvma;
  p->brk = p->brkbase = im->brk;
  if(p == myproc())
    switchuvm(p);
  release(&p->vmlock);
  if(old)
    freevm(old);
  im->pgdir = 0;
  im->root.rb_node = 0;
}
