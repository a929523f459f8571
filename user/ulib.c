// ulib.c: the string, memory and small I/O helpers every user program
// links with. No function here keeps state between calls or allocates;
// malloc lives in umalloc.c and printf in printf.c. The compiler is told
// -fno-builtin, so these are the only copies of these functions a program
// gets, and gcc may call memset/memcpy itself for struct copies.
#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "user.h"

// Copy the NUL-terminated string t into s; returns s.
char*
strcpy(char *s, const char *t)
{
  char *d = s;

  while((*d++ = *t++) != 0)
    ;
  return s;
}

// Compare two strings as unsigned bytes: <0, 0 or >0.
int
strcmp(const char *p, const char *q)
{
  while(*p && *p == *q){
    p++;
    q++;
  }
  return (uchar)*p - (uchar)*q;
}

// Like strcmp, but looks at no more than n bytes.
int
strncmp(const char *p, const char *q, uint n)
{
  for(; n > 0; n--, p++, q++){
    if(*p != *q)
      return (uchar)*p - (uchar)*q;
    if(*p == 0)
      return 0;
  }
  return 0;
}

// Number of bytes before the terminating NUL.
uint
strlen(const char *s)
{
  uint n = 0;

  while(s[n])
    n++;
  return n;
}

// Fill n bytes at dst with the byte c; returns dst. Whole words with
// one rep stosl (a 4 KiB page is 1024 stores), then the last n % 4
// bytes with rep stosb. x86 allows unaligned words, so dst need not be
// aligned.
void*
memset(void *dst, int c, uint n)
{
  uint w = (c & 0xFF) * 0x01010101;  // the byte in all four lanes
  uint words = n / 4, tail = n % 4;
  void *d = dst;

  asm volatile("cld; rep stosl" : "+D" (d), "+c" (words) : "a" (w) :
               "memory", "cc");
  asm volatile("rep stosb" : "+D" (d), "+c" (tail) : "a" (w) :
               "memory", "cc");
  return dst;
}

// First occurrence of c in s, or 0 if there is none.
char*
strchr(const char *s, char c)
{
  for(; *s; s++)
    if(*s == c)
      return (char*)s;
  return 0;
}

// Read one line from fd 0 into buf: stops after a newline, at end of
// input, or when max-1 bytes are stored. Always NUL-terminates (max > 0).
// An empty result means end of input.
char*
gets(char *buf, int max)
{
  int i = 0;
  char c;

  while(i + 1 < max){
    if(read(0, &c, 1) < 1)
      break;
    buf[i++] = c;
    if(c == '\n' || c == '\r')
      break;
  }
  buf[i] = 0;
  return buf;
}

// Fill *st with the status of the file at path n. Returns 0, or -1 if
// the file cannot be opened.
int
stat(const char *n, struct stat *st)
{
  int fd, r;

  fd = open(n, O_RDONLY);
  if(fd < 0)
    return -1;
  r = fstat(fd, st);
  close(fd);
  return r;
}

// Decimal value of the leading digits of s (an optional '-' first).
// Stops at the first non-digit; no overflow check.
int
atoi(const char *s)
{
  int n = 0, neg = 0;

  if(*s == '-'){
    neg = 1;
    s++;
  }
  while('0' <= *s && *s <= '9')
    n = n*10 + (*s++ - '0');
  return neg ? -n : n;
}

// Copy n bytes from src to dst; the two may overlap. Returns dst.
// Forwards, whole words with one rep movsl and the last n % 4 bytes
// with rep movsb. When dst lies inside src a forward copy would
// overwrite source bytes before reading them, so that case runs
// backwards, a byte at a time (rare: sliding a buffer's contents up).
void*
memmove(void *dst, const void *src, int n)
{
  char *d = dst;
  const char *s = src;
  uint words, tail;

  if(n <= 0)
    return dst;
  if(s < d && s + n > d){
    d += n;
    s += n;
    while(n-- > 0)
      *--d = *--s;
    return dst;
  }
  words = n / 4;
  tail = n % 4;
  asm volatile("cld; rep movsl" : "+D" (d), "+S" (s), "+c" (words) : :
               "memory", "cc");
  asm volatile("rep movsb" : "+D" (d), "+S" (s), "+c" (tail) : :
               "memory", "cc");
  return dst;
}

// gcc may emit calls to memcpy for structure copies. The areas must not
// overlap, so the forward copy of memmove is always right; the one
// comparison that checks for overlap costs next to nothing.
void*
memcpy(void *dst, const void *src, uint n)
{
  return memmove(dst, src, n);
}

// Compare n bytes as unsigned values: <0, 0 or >0.
int
memcmp(const void *a, const void *b, uint n)
{
  const uchar *p = a, *q = b;

  for(; n > 0; n--, p++, q++)
    if(*p != *q)
      return *p - *q;
  return 0;
}

// Read the kernel memory in use (see struct memusage in user.h).
// Returns 0, or -1 if the kernel would not say.
int
getmemusage(struct memusage *u)
{
  struct kmstat st;

  if((u->pages = freepages()) < 0 || kmstat(&st) < 0)
    return -1;
  // Pages only the page cache holds are memory the system can have back
  // at once (clean ones by reclaim, all of them when their file goes):
  // a test that leaves file pages cached has not leaked them. A cached
  // page that anything else still holds is not counted.
  u->pages += st.pages + st.cidle;
  u->kbytes = st.bytes;
  return 0;
}

int
samememusage(struct memusage *a, struct memusage *b)
{
  return a->pages == b->pages && a->kbytes == b->kbytes;
}

// Bring in every page of this program, its stack and its heap, and make
// every writable one this process's own: pages arrive lazily and fork
// shares them copy-on-write, so the first write to a data or stack
// page, or the first run of a text page, would take or map a page.
// Afterwards the process allocates nothing until it maps, grows or
// touches something new, which is what the leak checks of usertests,
// vmfuzz and oomtest need. Writable regions are written (each byte
// stays what it was), the others read; the guard page is PROT_NONE.
void
prefault(void)
{
  static struct vmregion r[16];
  volatile char *c;
  int i, n;
  uint a;

  n = vmregions(0, r, sizeof(r) / sizeof(r[0]));
  for(i = 0; i < n && i < sizeof(r) / sizeof(r[0]); i++){
    if(!(r[i].flags & VMR_ROLE) || r[i].prot == PROT_NONE)
      continue;
    for(a = r[i].start; a < r[i].end; a += 4096){
      c = (volatile char*)a;
      if(r[i].prot & PROT_WRITE)
        *c = *c;
      else
        (void)*c;
    }
  }
}

// vmregions, keeping only the regions that start at lo or above (the
// mmap area, say, where a test maps: every program's text, stack and
// heap lie below it). Fills buf with up to max of them and returns how
// many there are, or -1 as vmregions does.
int
regionsfrom(int pid, uint lo, struct vmregion *buf, int max)
{
  int n = vmregions(pid, buf, max), i, k = 0;

  if(n < 0)
    return -1;
  for(i = 0; i < n && i < max; i++)
    if(buf[i].start >= lo)
      buf[k++] = buf[i];
  return k + (n > max ? n - max : 0);
}

// xorshift32: the next number of the sequence in *state (never 0): tiny,
// and the same sequence on every run of a seed, for the fuzzer and the
// crash test's workload.
uint
xorshift(uint *state)
{
  *state ^= *state << 13;
  *state ^= *state >> 17;
  *state ^= *state << 5;
  return *state;
}
