// user.h: what a user program may call. The system call stubs live in
// usys.S, the small C library in ulib.c, printf.c, umalloc.c and
// errno.c. This
// header owns those prototypes only; the structures and flags they use
// come from the kernel's contract headers (stat.h, mman.h, kmstat.h,
// errno.h for the error numbers) and must not be redefined here.
#ifndef XV6_USER_H
#define XV6_USER_H

#include "types.h"
#include "mman.h"
#include "kmstat.h"

struct stat;

// system calls (usys.S); every one returns -1 on failure (kmalloc 0,
// mmap MAP_FAILED) with the reason in errno
int fork(void);
int exit(void) __attribute__((noreturn));
int wait(void);
int pipe(int*);
int write(int, const void*, int);
int read(int, void*, int);
int close(int);
int kill(int);
int exec(char*, char**);
int open(const char*, int);
int mknod(const char*, short, short);
int unlink(const char*);
int fstat(int fd, struct stat*);
int link(const char*, const char*);
int mkdir(const char*);
int chdir(const char*);
int dup(int);
int getpid(void);
char* sbrk(int);
int sleep(int);
int uptime(void);

// memory and allocator inspection calls
int freepages(void);
void *kmalloc(uint n);
int kmfree(void *p);
int kmstat(struct kmstat *st);
void *mmap(void *addr, uint length, int prot, int flags, int fd, int offset);
int munmap(void *addr, uint length);
int mprotect(void *addr, uint length, int prot);
int msync(void *addr, uint length, int flags);
int vmregions(int pid, struct vmregion *buf, int max);
int vmcheck(int pid, char *msg, int n);
int failalloc(int n);

// ulib.c
int stat(const char*, struct stat*);
char* strcpy(char*, const char*);
void *memmove(void*, const void*, int);
void *memcpy(void*, const void*, uint);
int memcmp(const void*, const void*, uint);
char* strchr(const char*, char c);
int strcmp(const char*, const char*);
int strncmp(const char*, const char*, uint);
char* gets(char*, int max);
uint strlen(const char*);
void* memset(void*, int, uint);
int atoi(const char*);

// Kernel memory in use as the leak checks of usertests, vmfuzz and
// oomtest count it: pages kmalloc holds count as free (it may keep
// pages for live objects of other users), its live bytes as used.
struct memusage {
  int pages;      // freepages() plus the pages kmalloc holds
  uint kbytes;    // kmalloc bytes in use
};
int getmemusage(struct memusage*);
int samememusage(struct memusage*, struct memusage*);
void prefault(void);
int regionsfrom(int pid, uint lo, struct vmregion*, int max);
uint xorshift(uint *state);

// printf.c: %d %u %x %p %s %c %%, with an optional 0 flag and width.
// Each call reaches the file in as few write()s as its buffer allows,
// so lines from concurrent processes rarely interleave.
void printf(int fd, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));
void vprintf(int fd, const char *fmt, __builtin_va_list ap);

// errno.c: the last failed system call's error number (errno.h), and
// its message
extern int errno;
char* strerror(int);
void perror(const char*);

// umalloc.c
void* malloc(uint);
void free(void*);

#endif
