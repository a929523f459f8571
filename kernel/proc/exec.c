// exec.c: replace the current process's memory with a program from an
// ELF file.
//
// Owns reading the ELF headers and what a program's arguments look like
// on its new stack. The address space itself is image.c's: each
// loadable segment becomes a region mapping the program's file, so
// exec reads only the headers and the page where data meets bss, and
// the program's text arrives page by page as it runs, from the page
// cache that every process running the same program shares. It may not
// touch files other than the program, or regions other than dropping
// all of them (mmap_exit) once the new image is certain to work.
//
// Everything is built in a new image (page table and regions) while
// the old one stays live. Until the commit point any failure just frees
// the new image and returns -errno to a caller whose memory, regions
// and argv are intact.

#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "x86.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "rbtree.h"
#include "proc.h"
#include "defs.h"
#include "elf.h"
#include "fs.h"
#include "file.h"
#include "stat.h"
#include "mman.h"
#include "image.h"
#include "errno.h"

// The protection of a segment with ELF flags flags.
static int
segment_prot(uint flags)
{
  int prot = 0;

  if(flags & ELF_PROG_FLAG_READ)
    prot |= PROT_READ;
  if(flags & ELF_PROG_FLAG_WRITE)
    prot |= PROT_WRITE;
  if(flags & ELF_PROG_FLAG_EXEC)
    prot |= PROT_EXEC;
  return prot;
}

// Map every loadable segment of the program f (whose inode's lock the
// caller holds) into im. Returns 0, -ENOEXEC if the file is not a
// usable program (short headers, a bad segment, none at all), or
// -ENOMEM.
static int
map_segments(struct image *im, struct file *f, struct elfhdr *elf)
{
  struct proghdr ph;
  uint off;
  int i, r, nload = 0;

  for(i = 0, off = elf->phoff; i < elf->phnum; i++, off += sizeof(ph)){
    if(readi(f->ip, (char*)&ph, off, sizeof(ph)) != sizeof(ph))
      return -ENOEXEC;
    if(ph.type != ELF_PROG_LOAD)
      continue;
    r = image_segment(im, f, ph.vaddr, ph.off, ph.filesz, ph.memsz,
                      segment_prot(ph.flags));
    if(r < 0)
      return r;
    nload++;
  }
  return nload ? 0 : -ENOEXEC;
}

// The program file ip opened for reading, as a struct file for its
// regions to hold (each takes its own reference), or 0 if the file
// table is full. Takes a new reference to ip.
static struct file*
open_program(struct inode *ip)
{
  struct file *f;

  if((f = filealloc()) == 0)
    return 0;
  f->type = FD_INODE;
  f->ip = idup(ip);
  f->readable = 1;
  f->writable = 0;
  f->off = 0;
  return f;
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
// a usable program (image_segment's rules), -ENFILE if the file table
// is full, -ENOMEM if memory runs out (or the image would not fit below
// the mmap area), -E2BIG if the arguments do not fit the stack.
int
exec(char *path, char **argv)
{
  struct proc *curproc = myproc();
  struct elfhdr elf;
  struct stat st;
  struct inode *ip;
  struct file *f = 0;
  struct image im;
  uint sp;
  char *s, *last;
  int err;

  if((err = image_init(&im)) < 0)
    return err;
  begin_op();
  if((ip = namei(path, &err)) == 0){
    end_op();
    image_free(&im);
    return -err;
  }
  ilock(ip);

  // Only a regular file is read: reading a device here would wait for
  // it (the console waits for a line) with the log operation open, and
  // every other file system call would wait with it.
  stati(ip, &st);
  err = -EACCES;  // as Linux, for a directory or a device
  if(st.type != T_FILE)
    goto out;
  err = -ENOEXEC;
  if(readi(ip, (char*)&elf, 0, sizeof(elf)) != sizeof(elf))
    goto out;
  if(elf.magic != ELF_MAGIC)
    goto out;
  err = -ENFILE;
  if((f = open_program(ip)) == 0)
    goto out;
  err = map_segments(&im, f, &elf);
out:
  iunlockput(ip);
  end_op();
  // The regions hold their own references to the program; closing
  // this one (outside the log operation: it may be the last) leaves
  // the file open exactly as long as something maps it.
  if(f)
    fileclose(f);
  if(err == 0 && (err = image_stack(&im, &sp)) == 0 &&
     (sp = pushargs(im.pgdir, sp, sp - PGSIZE, argv)) == 0)
    err = -E2BIG;
  if(err < 0){
    image_free(&im);
    return err;
  }

  // Name the process after the last path component.
  for(last = s = path; *s; s++){
    if(*s == '/')
      last = s + 1;
  }
  safestrcpy(curproc->name, last, sizeof(curproc->name));

  // Commit: nothing can fail from here on. The old regions go first,
  // while the old page table still records which shared pages are
  // dirty; then the new image takes the place of the old.
  mmap_exit(curproc);
  image_install(curproc, &im);
  curproc->tf->eip = elf.entry;
  curproc->tf->esp = sp;
  return 0;
}
