// exec.c: replace the current process's memory with a program from an
// ELF file.
//
// Owns the layout of a freshly loaded image: ELF segments from address
// 0, then an inaccessible guard page, then one page of stack holding
// argv, with the heap starting above it. It may not touch files other
// than the program it reads, or regions other than dropping all of them
// (mmap_exit) once the new image is certain to work.
//
// Everything is built in a new page directory while the old image stays
// live. Until the commit point any failure just frees the new directory
// and returns -errno to a caller whose memory, regions and argv are
// intact.

#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "x86.h"
#include "spinlock.h"
#include "rbtree.h"
#include "proc.h"
#include "defs.h"
#include "elf.h"
#include "stat.h"
#include "errno.h"

// Check one loadable segment: sizes consistent, no wrap, page aligned
// start (loaduvm needs it), and it ends below the mmap area.
static int
segmentok(struct proghdr *ph)
{
  if(ph->memsz < ph->filesz)
    return 0;
  if(ph->vaddr + ph->memsz < ph->vaddr)
    return 0;
  if(ph->vaddr % PGSIZE != 0)
    return 0;
  if(ph->vaddr + ph->memsz > MMAPBASE)
    return 0;
  return 1;
}

// Map and read every loadable segment of ip into pgdir. Caller holds
// ip's lock. Returns the end of the highest segment, or 0 with *err set
// to ENOEXEC if the file is not a usable program, ENOMEM if memory runs
// out.
static uint
loadsegments(pde_t *pgdir, struct inode *ip, struct elfhdr *elf, int *err)
{
  struct proghdr ph;
  uint sz = 0, off;
  int i;

  *err = ENOEXEC;
  for(i = 0, off = elf->phoff; i < elf->phnum; i++, off += sizeof(ph)){
    if(readi(ip, (char*)&ph, off, sizeof(ph)) != sizeof(ph))
      return 0;
    if(ph.type != ELF_PROG_LOAD)
      continue;
    if(!segmentok(&ph))
      return 0;
    if((sz = allocuvm(pgdir, sz, ph.vaddr + ph.memsz)) == 0){
      *err = ENOMEM;
      return 0;
    }
    if(loaduvm(pgdir, (char*)ph.vaddr, ip, ph.off, ph.filesz) < 0)
      return 0;
  }
  return sz;
}

// Copy the argument strings and the argv array onto the new stack,
// whose top is sp and bottom stackbase, in the layout main expects:
// a fake return address, argc, argv, then argv[0..argc-1], 0.
// Returns the final stack pointer, or 0 if they do not fit.
static uint
pushargs(pde_t *pgdir, uint sp, uint stackbase, char **argv)
{
  uint ustack[3+MAXARG+1];
  uint argc, len;

  for(argc = 0; argv[argc]; argc++){
    if(argc >= MAXARG)
      return 0;
    len = strlen(argv[argc]) + 1;
    if(len > sp - stackbase)
      return 0;
    sp = (sp - len) & ~3;  // keep the stack word aligned
    if(copyout(pgdir, sp, argv[argc], len) < 0)
      return 0;
    ustack[3+argc] = sp;
  }
  ustack[3+argc] = 0;

  ustack[0] = 0xffffffff;  // main never returns; make it fault if it does
  ustack[1] = argc;
  ustack[2] = sp - (argc+1)*4;  // where argv[0] will be

  len = (3+argc+1) * 4;
  if(len > sp - stackbase)
    return 0;
  sp -= len;
  if(copyout(pgdir, sp, ustack, len) < 0)
    return 0;
  return sp;
}

// Run the program at path with arguments argv (a 0-terminated array of
// at most MAXARG strings). path and the strings must be kernel memory
// (sys_exec copies them in): user memory could change between the
// reads below. On success the caller's memory and regions are gone and
// it returns to user space at the program's entry; the return value is
// then ignored (argc lands in the new main's frame). Returns -errno,
// with the caller untouched: namei's (-ENOENT, -ENOTDIR, ...) if the file
// is missing, -EACCES if it is not a regular file, -ENOEXEC if it is not
// a usable program, -ENOMEM if memory runs out (or the image would not
// fit below the mmap area), -E2BIG if the arguments do not fit the stack.
int
exec(char *path, char **argv)
{
  struct proc *curproc = myproc();
  struct elfhdr elf;
  struct stat st;
  struct inode *ip;
  pde_t *pgdir = 0, *oldpgdir;
  uint sz, sp;
  char *s, *last;
  int err;

  begin_op();
  if((ip = namei(path, &err)) == 0){
    end_op();
    return -err;
  }
  ilock(ip);

  // Only a regular file is read: reading a device here would wait for
  // it (the console waits for a line) with the log operation open, and
  // every other file system call would wait with it.
  stati(ip, &st);
  err = EACCES;  // as Linux, for a directory or a device
  if(st.type != T_FILE)
    goto bad;
  err = ENOEXEC;
  if(readi(ip, (char*)&elf, 0, sizeof(elf)) != sizeof(elf))
    goto bad;
  if(elf.magic != ELF_MAGIC)
    goto bad;
  err = ENOMEM;
  if((pgdir = setupkvm()) == 0)
    goto bad;
  if((sz = loadsegments(pgdir, ip, &elf, &err)) == 0)
    goto bad;
  iunlockput(ip);
  end_op();
  ip = 0;

  // A guard page (kernel-only, so a stack overflow faults instead of
  // scribbling on data) and one page of stack above it.
  sz = PGROUNDUP(sz);
  err = ENOMEM;
  if(sz + 2*PGSIZE > MMAPBASE)
    goto bad;
  if((sz = allocuvm(pgdir, sz, sz + 2*PGSIZE)) == 0)
    goto bad;
  clearpteu(pgdir, (char*)(sz - 2*PGSIZE));
  err = E2BIG;
  if((sp = pushargs(pgdir, sz, sz - PGSIZE, argv)) == 0)
    goto bad;

  // Name the process after the last path component.
  for(last = s = path; *s; s++){
    if(*s == '/')
      last = s + 1;
  }
  safestrcpy(curproc->name, last, sizeof(curproc->name));

  // Commit: nothing can fail from here on. The old regions go first,
  // while the old page table still records which shared pages are
  // dirty.
  mmap_exit(curproc);
  // So do the old image's pages, each with its PTE: one still shared
  // copy-on-write with the parent must not stay counted while the old
  // table, unpublished, waits to be freed (uvm_dropimage).
  uvm_dropimage(curproc, curproc->sz);
  // vmcheck reads curproc->pgdir under vmlock: swap the tables under
  // it, so that no reader can reach the old one, and free the old one
  // (a walk of a whole address space) after releasing it.
  acquire(&curproc->vmlock);
  oldpgdir = curproc->pgdir;
  curproc->pgdir = pgdir;
  curproc->sz = sz;
  curproc->tf->eip = elf.entry;
  curproc->tf->esp = sp;
  switchuvm(curproc);
  release(&curproc->vmlock);
  freevm(oldpgdir);
  return 0;

bad:
  if(pgdir)
    freevm(pgdir);
  if(ip){
    iunlockput(ip);
    end_op();
  }
  return -err;
}
