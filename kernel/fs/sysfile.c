// sysfile.c: the file system calls, and the process's descriptor table.
//
// Each sys_* function decodes and checks its arguments (argint; argstr,
// which copies a path into a MAXPATH buffer on the kernel stack, so the
// file system never reads a path from user memory; argptr for buffers
// the kernel reads, argoutptr for buffers it writes),
// then calls file.c, fs.c or pipe.c. This file owns the mapping from
// descriptor numbers to open files in myproc()->ofile and the naming
// operations (create, link, unlink) that change directories; it may not
// reach into the inode table or the log's internals.
//
// Every user-supplied value is checked here: descriptor range and
// presence, negative counts, bad pointers, device numbers, link counts.
// Nothing a user passes may panic the kernel.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "stat.h"
#include "mmu.h"
#include "spinlock.h"
#include "rbtree.h"
#include "proc.h"
#include "fs.h"
#include "sleeplock.h"
#include "file.h"
#include "fcntl.h"

// Most links an inode may have: nlink is a short on disk, and must not
// wrap around to 0 while names still refer to the inode.
#define MAXLINK 32767

// The open file descriptor fd in myproc(), or 0 if fd is out of range or
// not open. For the other system-call wrappers that take a descriptor
// (sysmmap.c's sys_mmap); the layers below get the struct file.
struct file*
fdfile(int fd)
{
  if(fd < 0 || fd >= NOFILE)
    return 0;
  return myproc()->ofile[fd];
}

// Fetch system call argument n as a descriptor; store it and its open
// file through pfd and pf when they are not 0. Returns 0, or -1 if the
// argument is not an open descriptor.
static int
argfd(int n, int *pfd, struct file **pf)
{
  int fd;
  struct file *f;

  if(argint(n, &fd) < 0)
    return -1;
  if((f = fdfile(fd)) == 0)
    return -1;
  if(pfd)
    *pfd = fd;
  if(pf)
    *pf = f;
  return 0;
}

// Give f the lowest free descriptor of the current process. Returns it,
// or -1 if the table is full. On success the descriptor owns the
// caller's reference to f.
static int
fdalloc(struct file *f)
{
  struct proc *curproc = myproc();
  int fd;

  for(fd = 0; fd < NOFILE; fd++){
    if(curproc->ofile[fd] == 0){
      curproc->ofile[fd] = f;
      return fd;
    }
  }
  return -1;
}

// dup(fd): a second descriptor for fd's open file; the lowest free one,
// or -1.
int
sys_dup(void)
{
  struct file *f;
  int fd;

  if(argfd(0, 0, &f) < 0)
    return -1;
  if((fd = fdalloc(f)) < 0)
    return -1;
  filedup(f);
  return fd;
}

// read(fd, buf, n): read up to n bytes into buf; the count, 0 at end of
// file, or -1.
int
sys_read(void)
{
  struct file *f;
  int n;
  char *p;

  if(argfd(0, 0, &f) < 0 || argint(2, &n) < 0 || n < 0)
    return -1;
  if(argoutptr(1, &p, n) < 0)
    return -1;
  return fileread(f, p, n);
}

// write(fd, buf, n): write n bytes from buf; the count written (short
// only if the disk fills up), or -1.
int
sys_write(void)
{
  struct file *f;
  int n;
  char *p;

  if(argfd(0, 0, &f) < 0 || argint(2, &n) < 0 || n < 0)
    return -1;
  if(argptr(1, &p, n) < 0)
    return -1;
  return filewrite(f, p, n);
}

// close(fd): release descriptor fd; 0 or -1.
int
sys_close(void)
{
  int fd;
  struct file *f;

  if(argfd(0, &fd, &f) < 0)
    return -1;
  myproc()->ofile[fd] = 0;
  fileclose(f);
  return 0;
}

// fstat(fd, st): fill *st for fd's inode; 0, or -1 (also for pipes).
int
sys_fstat(void)
{
  struct file *f;
  struct stat *st;

  if(argfd(0, 0, &f) < 0)
    return -1;
  if(argoutptr(1, (char**)&st, sizeof(*st)) < 0)
    return -1;
  return filestat(f, st);
}

// Is directory dp empty apart from "." and ".."? Caller holds dp's lock.
static int
isdirempty(struct inode *dp)
{
  struct dirent de;
  uint off;

  for(off = 2 * sizeof(de); off < dp->size; off += sizeof(de)){
    if(readi(dp, (char*)&de, off, sizeof(de)) != sizeof(de))
      panic("isdirempty: short directory");
    if(de.inum != 0)
      return 0;
  }
  return 1;
}

// link(old, new): make new another name for the file old (not a
// directory); 0 or -1.
int
sys_link(void)
{
  char name[DIRSIZ], new[MAXPATH], old[MAXPATH];
  struct inode *dp, *ip;

  if(argstr(0, old, sizeof(old)) < 0 || argstr(1, new, sizeof(new)) < 0)
    return -1;

  begin_op();
  if((ip = namei(old)) == 0){
    end_op();
    return -1;
  }
  ilock(ip);
  if(ip->type == T_DIR || ip->nlink >= MAXLINK){
    iunlockput(ip);
    end_op();
    return -1;
  }
  // Count the new link first: a crash after this leaves an extra count
  // (a leak), never a name for a freed inode.
  ip->nlink++;
  iupdate(ip);
  iunlock(ip);

  if((dp = nameiparent(new, name)) == 0)
    goto undo;
  ilock(dp);
  if(dp->dev != ip->dev || dirlink(dp, name, ip->inum) < 0){
    iunlockput(dp);
    goto undo;
  }
  iunlockput(dp);
  iput(ip);
  end_op();
  return 0;

undo:
  ilock(ip);
  ip->nlink--;
  iupdate(ip);
  iunlockput(ip);
  end_op();
  return -1;
}

// unlink(path): remove the directory entry path; 0 or -1. The inode
// itself goes when its last link and last open reference are gone
// (iput). Directories must be empty; "." and ".." cannot be removed.
int
sys_unlink(void)
{
  struct inode *ip, *dp;
  struct dirent de;
  char name[DIRSIZ], path[MAXPATH];
  uint off;

  if(argstr(0, path, sizeof(path)) < 0)
    return -1;

  begin_op();
  if((dp = nameiparent(path, name)) == 0){
    end_op();
    return -1;
  }
  ilock(dp);
  if(namecmp(name, ".") == 0 || namecmp(name, "..") == 0)
    goto bad;
  if((ip = dirlookup(dp, name, &off)) == 0)
    goto bad;
  ilock(ip);
  if(ip->nlink < 1)
    panic("unlink: nlink < 1");
  if(ip->type == T_DIR && !isdirempty(ip)){
    iunlockput(ip);
    goto bad;
  }

  memset(&de, 0, sizeof(de));
  if(writei(dp, (char*)&de, off, sizeof(de)) != sizeof(de))
    panic("unlink: writei");
  if(ip->type == T_DIR){
    dp->nlink--;  // ip's ".." is gone
    iupdate(dp);
  }
  iunlockput(dp);

  ip->nlink--;
  iupdate(ip);
  iunlockput(ip);
  end_op();
  return 0;

bad:
  iunlockput(dp);
  end_op();
  return -1;
}

// Make a new inode of the given type at path and return it locked and
// referenced. If path already names a file or device and a plain file
// is asked for, return that instead (this is open's O_CREATE). Returns
// 0 if the parent is missing or removed, the name exists otherwise, or
// inodes, inode-table slots or disk blocks run out. Inside a
// transaction.
static struct inode*
create(char *path, short type, short major, short minor)
{
  struct inode *ip, *dp;
  char name[DIRSIZ];

  if((dp = nameiparent(path, name)) == 0)
    return 0;
  ilock(dp);

  if((ip = dirlookup(dp, name, 0)) != 0){
    iunlockput(dp);
    ilock(ip);
    if(type == T_FILE && (ip->type == T_FILE || ip->type == T_DEV))
      return ip;
    iunlockput(ip);
    return 0;
  }

  // Nothing may be created in a removed directory (dirlink refuses it
  // too; refusing here first spares allocating an inode to free again).
  if(dp->nlink == 0 || (type == T_DIR && dp->nlink >= MAXLINK)){
    iunlockput(dp);
    return 0;
  }
  if((ip = ialloc(dp->dev, type)) == 0){
    iunlockput(dp);
    return 0;
  }
  ilock(ip);
  ip->major = major;
  ip->minor = minor;
  ip->nlink = 1;
  iupdate(ip);

  if(type == T_DIR){
    // "." does not count as a link: it would keep ip alive forever.
    if(dirlink(ip, ".", ip->inum) < 0 || dirlink(ip, "..", dp->inum) < 0)
      goto undo;
  }
  if(dirlink(dp, name, ip->inum) < 0)
    goto undo;
  if(type == T_DIR){
    dp->nlink++;  // for ip's ".."
    iupdate(dp);
  }
  iunlockput(dp);
  return ip;

undo:
  // Nothing names ip, so dropping its only link frees it and any
  // blocks the dirlinks above allocated.
  ip->nlink = 0;
  iupdate(ip);
  iunlockput(ip);
  iunlockput(dp);
  return 0;
}

// open(path, omode): a descriptor for path, created first as a plain
// file if O_CREATE is set and it does not exist, emptied if O_TRUNC is
// set and it is a plain file; -1 on failure. Directories open read-only
// only.
int
sys_open(void)
{
  char path[MAXPATH];
  int fd, omode, trunc;
  struct file *f;
  struct inode *ip;

  if(argstr(0, path, sizeof(path)) < 0 || argint(1, &omode) < 0)
    return -1;

  begin_op();
  if(omode & O_CREATE){
    if((ip = create(path, T_FILE, 0, 0)) == 0){
      end_op();
      return -1;
    }
  } else {
    if((ip = namei(path)) == 0){
      end_op();
      return -1;
    }
    ilock(ip);
    if(ip->type == T_DIR && omode != O_RDONLY){
      iunlockput(ip);
      end_op();
      return -1;
    }
  }
  if(ip->type == T_DEV && (ip->major < 0 || ip->major >= NDEV)){
    iunlockput(ip);
    end_op();
    return -1;
  }

  if((f = filealloc()) == 0){
    iunlockput(ip);
    end_op();
    return -1;
  }
  f->type = FD_INODE;
  f->ip = ip;
  f->off = 0;
  f->readable = !(omode & O_WRONLY);
  f->writable = (omode & O_WRONLY) || (omode & O_RDWR);
  if((fd = fdalloc(f)) < 0){
    // f still has type FD_INODE: clear it so fileclose does not iput
    // inside this transaction; the iunlockput below drops ip.
    f->type = FD_NONE;
    fileclose(f);
    iunlockput(ip);
    end_op();
    return -1;
  }
  // As in xv6-riscv: truncate whatever the access mode, once nothing
  // else can fail. itrunc drops the file's cached pages; the caller's own
  // mappings of them go after the transaction (other processes keep what
  // they have mapped: docs/pagecache.md).
  trunc = (omode & O_TRUNC) && ip->type == T_FILE;
  if(trunc)
    itrunc(ip);
  iunlock(ip);
  end_op();
  if(trunc)
    mmap_truncated(myproc(), ip);
  return fd;
}

// mkdir(path): make an empty directory; 0 or -1.
int
sys_mkdir(void)
{
  char path[MAXPATH];
  struct inode *ip;

  if(argstr(0, path, sizeof(path)) < 0)
    return -1;
  begin_op();
  if((ip = create(path, T_DIR, 0, 0)) == 0){
    end_op();
    return -1;
  }
  iunlockput(ip);
  end_op();
  return 0;
}

// mknod(path, major, minor): make a device file; 0, or -1 (also if
// major is not a device switch slot).
int
sys_mknod(void)
{
  struct inode *ip;
  char path[MAXPATH];
  int major, minor;

  if(argstr(0, path, sizeof(path)) < 0 || argint(1, &major) < 0 ||
     argint(2, &minor) < 0)
    return -1;
  if(major < 0 || major >= NDEV || minor < -32768 || minor > 32767)
    return -1;
  begin_op();
  if((ip = create(path, T_DEV, major, minor)) == 0){
    end_op();
    return -1;
  }
  iunlockput(ip);
  end_op();
  return 0;
}

// chdir(path): make path the current directory; 0 or -1.
int
sys_chdir(void)
{
  char path[MAXPATH];
  struct inode *ip;
  struct proc *curproc = myproc();

  if(argstr(0, path, sizeof(path)) < 0)
    return -1;
  begin_op();
  if((ip = namei(path)) == 0){
    end_op();
    return -1;
  }
  ilock(ip);
  if(ip->type != T_DIR){
    iunlockput(ip);
    end_op();
    return -1;
  }
  iunlock(ip);
  iput(curproc->cwd);
  end_op();
  curproc->cwd = ip;
  return 0;
}

// exec(path, argv): replace the process image; argv is a user array of
// string pointers ending with 0, at most MAXARG entries including that
// 0. Does not return on success; -1 on failure.
//
// The path and every argument string are copied into the kernel first
// (the strings together into one page: more would not fit the new
// stack anyway), and exec sees only the copies.
int
sys_exec(void)
{
  char path[MAXPATH], *argv[MAXARG], *strs;
  int i, n, used, uargv, uarg, r;

  if(argstr(0, path, sizeof(path)) < 0 || argint(1, &uargv) < 0)
    return -1;
  if((strs = kalloc()) == 0)
    return -1;
  memset(argv, 0, sizeof(argv));
  used = 0;
  for(i = 0; ; i++){
    if(i >= NELEM(argv))
      goto bad;
    if(fetchint((uint)uargv + 4*i, &uarg) < 0)
      goto bad;
    if(uarg == 0)
      break;
    if((n = fetchstr((uint)uarg, strs + used, PGSIZE - used)) < 0)
      goto bad;
    argv[i] = strs + used;
    used += n + 1;
  }
  r = exec(path, argv);
  kfree(strs);
  return r;

bad:
  kfree(strs);
  return -1;
}

// pipe(fd): make a pipe, store its read and write descriptors in fd[0]
// and fd[1]; 0 or -1 with nothing left open.
int
sys_pipe(void)
{
  int *fd;
  struct file *rf, *wf;
  int fd0, fd1;

  if(argoutptr(0, (char**)&fd, 2 * sizeof(fd[0])) < 0)
    return -1;
  if(pipealloc(&rf, &wf) < 0)
    return -1;
  fd1 = -1;
  if((fd0 = fdalloc(rf)) < 0 || (fd1 = fdalloc(wf)) < 0){
    if(fd0 >= 0)
      myproc()->ofile[fd0] = 0;
    fileclose(rf);
    fileclose(wf);
    return -1;
  }
  fd[0] = fd0;
  fd[1] = fd1;
  return 0;
}
