// errno.h: the error numbers, shared by the kernel and user programs.
// Names and values are Linux's (asm-generic/errno-base.h and errno.h),
// so a reader can look any of them up in Linux's man pages; only the
// ones this kernel returns are defined. docs/man/errno.md says which
// calls return which.
//
// A failing system call returns -errno in %eax. The user-side stubs
// (user/usys.S) turn a result in [-4095, -1] into -1 (0 for kmalloc,
// MAP_FAILED for mmap) and store the number in the global errno, which
// strerror() and perror() (user/errno.c) put into words.
#ifndef XV6_ERRNO_H
#define XV6_ERRNO_H

#define EPERM         1   // operation not permitted
#define ENOENT        2   // no such file or directory
#define ESRCH         3   // no such process
#define EINTR         4   // interrupted (the caller was killed)
#define EIO           5   // input/output error
#define E2BIG         7   // argument list too long
#define ENOEXEC       8   // not an executable program
#define EBADF         9   // bad file descriptor
#define ECHILD       10   // no child processes
#define EAGAIN       11   // resource temporarily unavailable
#define ENOMEM       12   // out of memory
#define EACCES       13   // permission denied (by the open mode)
#define EFAULT       14   // bad address
#define EBUSY        16   // device or resource busy
#define EEXIST       17   // file exists
#define EXDEV        18   // cross-device link
#define ENODEV       19   // no such device (or mmap of one)
#define ENOTDIR      20   // not a directory
#define EISDIR       21   // is a directory
#define EINVAL       22   // invalid argument
#define ENFILE       23   // too many open files in the system
#define EMFILE       24   // too many open files in this process
#define EFBIG        27   // file too large
#define ENOSPC       28   // no space left on device
#define EMLINK       31   // too many links
#define EPIPE        32   // broken pipe
#define ENAMETOOLONG 36   // file name too long
#define ENOSYS       38   // no such system call
#define ENOTEMPTY    39   // directory not empty
#define EOVERFLOW    75   // value too large (an mmap offset that wraps)

// Largest error number a system call may return (as -errno): results
// in [-MAXERRNO, -1] are errors, anything else a value.
#define MAXERRNO   4095

#endif
