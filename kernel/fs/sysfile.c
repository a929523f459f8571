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
// Nothing a user passes may panic the kernel. Each call returns -errno
// (errno.h) on failure; the comment above it names the numbers, beyond
// -EFAULT for a bad pointer and -EBADF for a descriptor that is not open.

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
#include "errno.h"

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
// file through pfd and pf when they are not 0. Returns 0, -EBADF if the
// argument is not an open descriptor, or -EFAULT.
static int
argfd(int n, int *pfd, struct file **pf)
{
  int fd, r;
  struct file *f;

  if((r = argint(n, &fd)) < 0)
    return r;
  if((f = fdfile(fd)) == 0)
    return -EBADF;
  if(pfd)
    *pfd = fd;
  if(pf)
    *pf = f;
  return 0;
}

// Give f the lowest free descriptor of the current process. Returns it,
// or -EMFILE if the table is full. On success the descriptor owns the
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
  return -EMFILE;
}

// dup(fd): a second descriptor for fd's open file; the lowest free one,
// or -EMFILE.
int
sys_dup(void)
{
  struct file *f;
  int fd;

  if((fd = argfd(0, 0, &f)) < 0)
    return fd;
  if((fd = fdalloc(f)) < 0)
    return fd;
  filedup(f);
  return fd;
}

// read and write: fetch the arguments (fd, buf, n), buf being n bytes
// the kernel stores into if out (read) or reads from (write), and hand
// fd's open file and the buffer to io. Returns what io returns, or
// -EBADF, -EINVAL for a negative n, or -EFAULT.
static int
fdio(int (*io)(struct file*, char*, int), int out)
{
  struct file *f;
  int n, r;
  char *p;

  if((r = argfd(0, 0, &f)) < 0 || (r = argint(2, &n)) < 0)
    return r;
  if(n < 0)
    return -EINVAL;
  if((r = out ? argoutptr(1, &p, n) : argptr(1, &p, n)) < 0)
    return r;
  return io(f, p, n);
}

// read(fd, buf, n): read up to n bytes into buf; the count, 0 at end of
// file; -EINVAL for a negative n, or fileread's error (-EBADF if fd is
// not open for reading).
int
sys_read(void)
{
  return fdio(fileread, 1);
}

// write(fd, buf, n): write n bytes from buf; the count written (short
// only if the disk fills up); -EINVAL for a negative n, or filewrite's
// error (-EBADF if fd is not open for writing, -ENOSPC, -EPIPE, ...).
int
sys_write(void)
{
  return fdio(filewrite, 0);
}

// close(fd): release descriptor fd; 0 or -EBADF.
int
sys_close(void)
{
  int fd, r;
  struct file *f;

  if((r = argfd(0, &fd, &f)) < 0)
    return r;
  myproc()->ofile[fd] = 0;
  fileclose(f);
  return 0;
}

// fstat(fd, st): fill *st for fd's inode; 0, -EBADF, -EFAULT, or
// -EINVAL for a pipe.
int
sys_fstat(void)
{
  struct file *f;
  struct stat *st;
  int r;

  if((r = argfd(0, 0, &f)) < 0)
    return r;
  if((r = argoutptr(1, (char**)&st, sizeof(*st))) < 0)
    return r;
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
// directory); 0, or -errno: namei's and dirlink's (-ENOENT, -ENOTDIR,
// -EEXIST, -ENOSPC), -EPERM if old is a directory, -EMLINK if old has
// MAXLINK links, -ENAMETOOLONG for a path of MAXPATH bytes or more.
int
sys_link(void)
{
  char name[DIRSIZ], new[MAXPATH], old[MAXPATH];
  struct inode *dp, *ip;
  int err;

  if((err = argstr(0, old, sizeof(old))) < 0 ||
     (err = argstr(1, new, sizeof(new))) < 0)
    return err;

  begin_op();
  if((ip = namei(old, &err)) == 0){
    end_op();
    return -err;
  }
  ilock(ip);
  if(ip->type == T_DIR || ip->nlink >= MAXLINK){
    err = ip->type == T_DIR ? EPERM : EMLINK;
    iunlockput(ip);
    end_op();
    return -err;
  }
  // Count the new link first: a crash after this leaves an extra count
  // (a leak), never a name for a freed inode.
  ip->nlink++;
  iupdate(ip);
  iunlock(ip);

  if((dp = nameiparent(new, name, &err)) == 0)
    goto undo;
  ilock(dp);
  if(dp->dev != ip->dev || (err = -dirlink(dp, name, ip->inum)) != 0){
    if(dp->dev != ip->dev)
      err = EXDEV;
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
  return -err;
}

// unlink(path): remove the directory entry path; 0 or -errno. The inode
// itself goes when its last link and last open reference are gone
// (iput). Directories must be empty (else -ENOTEMPTY); "." cannot be
// removed (-EINVAL), nor ".." (-ENOTEMPTY) or "/" (-EBUSY), as with
// Linux's rmdir; namei's errors (-ENOENT, -ENOTDIR) otherwise.
int
sys_unlink(void)
{
  struct inode *ip, *dp;
  struct dirent de;
  char name[DIRSIZ], path[MAXPATH];
  uint off;
  int err;

  if((err = argstr(0, path, sizeof(path))) < 0)
    return err;

  begin_op();
  if((dp = nameiparent(path, name, &err)) == 0){
    end_op();
    return err == EEXIST ? -EBUSY : -err;  // the root: always in use
  }
  ilock(dp);
  err = namecmp(name, ".") == 0 ? EINVAL : ENOTEMPTY;
  if(namecmp(name, ".") == 0 || namecmp(name, "..") == 0)
    goto bad;
  if((ip = dirlookup(dp, name, &off, &err)) == 0)
    goto bad;
  ilock(ip);
  if(ip->nlink < 1)
    panic("unlink: nlink < 1");
  if(ip->type == T_DIR && !isdirempty(ip)){
    iunlockput(ip);
    err = ENOTEMPTY;
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
  return -err;
}

// Make a new inode of the given type at path and return it locked and
// referenced. If path already names a file or device and a plain file
// is asked for, return that instead (this is open's O_CREATE). Returns
// 0 with the reason in *err: the parent is missing (namei's ENOENT,
// ENOTDIR) or removed (ENOENT), the name exists otherwise (EEXIST;
// EISDIR for a plain file asked over a directory), the parent has
// MAXLINK links (EMLINK), inodes or disk blocks run out (ENOSPC), or
// inode-table slots (ENFILE). Inside a transaction.
static struct inode*
create(char *path, short type, short major, short minor, int *err)
{
  struct inode *ip, *dp;
  char name[DIRSIZ];

  if((dp = nameiparent(path, name, err)) == 0)
    return 0;
  ilock(dp);

  if((ip = dirlookup(dp, name, 0, err)) != 0){
    iunlockput(dp);
    ilock(ip);
    if(type == T_FILE && (ip->type == T_FILE || ip->type == T_DEV))
      return ip;
    *err = type == T_FILE && ip->type == T_DIR ? EISDIR : EEXIST;
    iunlockput(ip);
    return 0;
  }
  if(*err == ENFILE){
    iunlockput(dp);
    return 0;
  }

  // Nothing may be created in a removed directory (dirlink refuses it
  // too; refusing here first spares allocating an inode to free again).
  if(dp->nlink == 0 || (type == T_DIR && dp->nlink >= MAXLINK)){
    *err = dp->nlink == 0 ? ENOENT : EMLINK;
    iunlockput(dp);
    return 0;
  }
  if((ip = ialloc(dp->dev, type, err)) == 0){
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
    if((*err = -dirlink(ip, ".", ip->inum)) != 0 ||
       (*err = -dirlink(ip, "..", dp->inum)) != 0)
      goto undo;
  }
  if((*err = -dirlink(dp, name, ip->inum)) != 0)
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
// set and it is a plain file; -errno on failure: namei's or create's
// (-ENOENT, -ENOTDIR, -EISDIR, -ENOSPC, ...), -EISDIR for a directory
// opened for writing (directories open read-only only), -ENODEV for a
// device whose major number has no slot, -ENFILE or -EMFILE when the
// system's or the process's file table is full, -ENAMETOOLONG for a
// path of MAXPATH bytes or more.
int
sys_open(void)
{
  char path[MAXPATH];
  int fd, omode, trunc;
  struct file *f;
  struct inode *ip;
  int err;

  if((err = argstr(0, path, sizeof(path))) < 0 ||
     (err = argint(1, &omode)) < 0)
    return err;

  begin_op();
  if(omode & O_CREATE){
    if((ip = create(path, T_FILE, 0, 0, &err)) == 0){
      end_op();
      return -err;
    }
  } else {
    if((ip = namei(path, &err)) == 0){
      end_op();
      return -err;
    }
    ilock(ip);
    if(ip->type == T_DIR && omode != O_RDONLY){
      iunlockput(ip);
      end_op();
      return -EISDIR;
    }
  }
  if(ip->type == T_DEV && (ip->major < 0 || ip->major >= NDEV)){
    iunlockput(ip);
    end_op();
    return -ENODEV;
  }

  if((f = filealloc()) == 0){
    iunlockput(ip);
    end_op();
    return -ENFILE;
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
    return fd;
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

// Make a directory or device file at path, in a transaction of its own,
// for mkdir and mknod. Returns 0, or create's -errno.
static int
mknode(char *path, short type, short major, short minor)
{
  struct inode *ip;
  int err;

  begin_op();
  if((ip = create(path, type, major, minor, &err)) == 0){
    end_op();
    return -err;
  }
  iunlockput(ip);
  end_op();
  return 0;
}

// mkdir(path): make an empty directory; 0, or create's -errno (-EEXIST
// if path exists, -ENOENT, -ENOTDIR, -ENOSPC, -EMLINK, ...).
int
sys_mkdir(void)
{
  char path[MAXPATH];
  int err;

  if((err = argstr(0, path, sizeof(path))) < 0)
    return err;
  return mknode(path, T_DIR, 0, 0);
}

// mknod(path, major, minor): make a device file; 0, -EINVAL if major is
// not a device switch slot or minor does not fit a short, or create's
// -errno (-EEXIST, -ENOENT, ...).
int
sys_mknod(void)
{
  char path[MAXPATH];
  int major, minor, err;

  if((err = argstr(0, path, sizeof(path))) < 0 ||
     (err = argint(1, &major)) < 0 || (err = argint(2, &minor)) < 0)
    return err;
  if(major < 0 || major >= NDEV || minor < -32768 || minor > 32767)
    return -EINVAL;
  return mknode(path, T_DEV, major, minor);
}

// chdir(path): make path the current directory; 0, namei's -errno
// (-ENOENT, ...), or -ENOTDIR if path is not a directory.
int
sys_chdir(void)
{
  char path[MAXPATH];
  struct inode *ip;
  struct proc *curproc = myproc();
  int err;

  if((err = argstr(0, path, sizeof(path))) < 0)
    return err;
  begin_op();
  if((ip = namei(path, &err)) == 0){
    end_op();
    return -err;
  }
  ilock(ip);
  if(ip->type != T_DIR){
    iunlockput(ip);
    end_op();
    return -ENOTDIR;
  }
  iunlock(ip);
  iput(curproc->cwd);
  end_op();
  curproc->cwd = ip;
  return 0;
}

// exec(path, argv): replace the process image; argv is a user array of
// string pointers ending with 0, at most MAXARG entries including that
// 0. Does not return on success; on failure -errno: exec's, -E2BIG for
// more than MAXARG-1 arguments or strings that do not fit in a page,
// -ENOMEM, -EFAULT.
//
// The path and every argument string are copied into the kernel first
// (the strings together into one page: more would not fit the new
// stack anyway), and exec sees only the copies.
int
sys_exec(void)
{
  char path[MAXPATH], *argv[MAXARG], *strs;
  int i, n, used, uargv, uarg, r;

  if((r = argstr(0, path, sizeof(path))) < 0 || (r = argint(1, &uargv)) < 0)
    return r;
  if((strs = kalloc()) == 0)
    return -ENOMEM;
  memset(argv, 0, sizeof(argv));
  used = 0;
  for(i = 0; ; i++){
    r = -E2BIG;
    if(i >= NELEM(argv))
      goto bad;
    if((r = fetchint((uint)uargv + 4*i, &uarg)) < 0)
      goto bad;
    if(uarg == 0)
      break;
    if((n = fetchstr((uint)uarg, strs + used, PGSIZE - used)) < 0){
      r = n == -ENAMETOOLONG ? -E2BIG : n;
      goto bad;
    }
    argv[i] = strs + used;
    used += n + 1;
  }
  r = exec(path, argv);
  kfree(strs);
  return r;

bad:
  kfree(strs);
  return r;
}

// pipe(fd): make a pipe, store its read and write descriptors in fd[0]
// and fd[1]; 0, or with nothing left open -EFAULT, pipealloc's -ENFILE
// or -ENOMEM, or -EMFILE.
int
sys_pipe(void)
{
  int *fd;
  struct file *rf, *wf;
  int fd0, fd1, r;

  if((r = argoutptr(0, (char**)&fd, 2 * sizeof(fd[0]))) < 0)
    return r;
  if((r = pipealloc(&rf, &wf)) < 0)
    return r;
  fd1 = -1;
  if((fd0 = fdalloc(rf)) < 0 || (fd1 = fdalloc(wf)) < 0){
    if(fd0 >= 0)
      myproc()->ofile[fd0] = 0;
    fileclose(rf);
    fileclose(wf);
    return -EMFILE;
  }
  fd[0] = fd0;
  fd[1] = fd1;
  return 0;
}
