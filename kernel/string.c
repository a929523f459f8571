// string.c: the memory and string helpers the kernel uses (it has no C
// library). Pure functions on caller-supplied memory; they take no locks
// and touch nothing else. Lengths are in bytes.

#include "types.h"
#include "x86.h"

// Fill n bytes at dst with the byte c; returns dst. Uses 4-byte stores
// when dst and n are both multiples of 4.
void*
memset(void *dst, int c, uint n)
{
  if((uint)dst % 4 == 0 && n % 4 == 0){
    c &= 0xFF;
    stosl(dst, (c<<24) | (c<<16) | (c<<8) | c, n/4);
  } else {
    stosb(dst, c, n);
  }
  return dst;
}

// Compare n bytes; returns <0, 0 or >0 as the first differing byte of v1
// is smaller than, equal to or greater than that of v2 (as unsigned).
int
memcmp(const void *v1, const void *v2, uint n)
{
  const uchar *s1, *s2;

  s1 = v1;
  s2 = v2;
  for(; n > 0; n--, s1++, s2++){
    if(*s1 != *s2)
      return *s1 - *s2;
  }
  return 0;
}

// Copy n bytes from src to dst; returns dst. The areas may overlap: when
// dst lies inside src, copy from the end backwards so no source byte is
// overwritten before it is read.
void*
memmove(void *dst, const void *src, uint n)
{
  const char *s;
  char *d;

  if(n == 0)
    return dst;
  s = src;
  d = dst;
  if(s < d && s + n > d){
    s += n;
    d += n;
    while(n-- > 0)
      *--d = *--s;
  } else if((((uint)s | (uint)d | n) & 3) == 0){
    // Whole aligned words: one rep movsl, as memset uses rep stosl.
    n /= 4;
    asm volatile("cld; rep movsl" : "+D" (d), "+S" (s), "+c" (n) : :
                 "memory", "cc");
  } else {
    while(n-- > 0)
      *d++ = *s++;
  }
  return dst;
}

// Same as memmove. The compiler emits calls to memcpy for structure
// copies even with -fno-builtin, so it must exist.
void*
memcpy(void *dst, const void *src, uint n)
{
  return memmove(dst, src, n);
}

// Compare at most n characters of two NUL-terminated strings; returns
// <0, 0 or >0 like memcmp.
int
strncmp(const char *p, const char *q, uint n)
{
  while(n > 0 && *p && *p == *q){
    n--;
    p++;
    q++;
  }
  if(n == 0)
    return 0;
  return (uchar)*p - (uchar)*q;
}

// Copy at most n characters of t to s, padding with NULs up to n.
// Like the C library's, it leaves s unterminated if t is n or longer.
// Returns s.
char*
strncpy(char *s, const char *t, int n)
{
  char *os;

  os = s;
  while(n > 0 && (*s = *t) != 0){
    n--;
    s++;
    t++;
  }
  while(n-- > 0)
    *s++ = 0;
  return os;
}

// Copy t to s, writing at most n bytes and always NUL-terminating s
// (if n > 0). Returns s.
char*
safestrcpy(char *s, const char *t, int n)
{
  char *os;

  os = s;
  if(n <= 0)
    return os;
  while(--n > 0 && (*s = *t) != 0){
    s++;
    t++;
  }
  *s = 0;
  return os;
}

// Return the number of characters before the terminating NUL.
int
strlen(const char *s)
{
  int n;

  for(n = 0; s[n]; n++)
    ;
  return n;
}
