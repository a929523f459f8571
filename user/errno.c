// errno.c: the user side of error numbers. Owns the global errno, which
// the system-call stubs (usys.S) set when a call fails and nothing else
// clears, and the messages strerror and perror print for each number of
// errno.h (Linux's wording).
#include "types.h"
#include "user.h"
#include "errno.h"

int errno;

static char *msgs[] = {
[EPERM]        "Operation not permitted",
[ENOENT]       "No such file or directory",
[ESRCH]        "No such process",
[EINTR]        "Interrupted system call",
[EIO]          "Input/output error",
[E2BIG]        "Argument list too long",
[ENOEXEC]      "Exec format error",
[EBADF]        "Bad file descriptor",
[ECHILD]       "No child processes",
[EAGAIN]       "Resource temporarily unavailable",
[ENOMEM]       "Cannot allocate memory",
[EACCES]       "Permission denied",
[EFAULT]       "Bad address",
[EBUSY]        "Device or resource busy",
[EEXIST]       "File exists",
[EXDEV]        "Invalid cross-device link",
[ENODEV]       "No such device",
[ENOTDIR]      "Not a directory",
[EISDIR]       "Is a directory",
[EINVAL]       "Invalid argument",
[ENFILE]       "Too many open files in system",
[EMFILE]       "Too many open files",
[EFBIG]        "File too large",
[ENOSPC]       "No space left on device",
[EMLINK]       "Too many links",
[EPIPE]        "Broken pipe",
[ENAMETOOLONG] "File name too long",
[ENOSYS]       "Function not implemented",
[ENOTEMPTY]    "Directory not empty",
[EOVERFLOW]    "Value too large for defined data type",
};

// The message for error number e, or "Unknown error" for a number
// errno.h does not define. The string is constant: do not change it.
char*
strerror(int e)
{
  if(e <= 0 || e >= (int)(sizeof(msgs) / sizeof(msgs[0])) || msgs[e] == 0)
    return "Unknown error";
  return msgs[e];
}

// Print "s: message" for the current errno to fd 2 (just the message if
// s is 0 or empty), as C's perror does.
void
perror(const char *s)
{
  if(s && *s)
    printf(2, "%s: %s\n", s, strerror(errno));
  else
    printf(2, "%s\n", strerror(errno));
}
