// fmt.c: numbers and strings appended to a fixed buffer, for kernel
// diagnostics that are built as a string rather than printed: kmalloc's
// panic messages (panic takes a plain string) and vmcheck's report
// (copied out to the user). cprintf prints; these only build.
//
// Pure functions on caller-supplied memory, no locks, no other kernel
// dependency, so the host tests compile this file with kmalloc.c. Each
// takes buf, a NUL-terminated string in n bytes (n > 0), appends to it,
// cuts off whatever does not fit, and returns buf.

#include "types.h"
#include "defs.h"

// Append the string s.
char*
fmtstr(char *buf, int n, const char *s)
{
  int i = 0;

  while(i < n - 1 && buf[i])
    i++;
  while(*s && i < n - 1)
    buf[i++] = *s++;
  buf[i] = 0;
  return buf;
}

// Append x in base 10, or in base 16 after "0x", zero-padded to at
// least width digits (at most 32).
char*
fmtnum(char *buf, int n, uint x, int base, int width)
{
  char s[32 + 2 + 1];
  char digits[32];
  int i = 0, j = 0;

  do {
    digits[i++] = "0123456789abcdef"[x % base];
    x /= base;
  } while(x && i < sizeof(digits));
  while(i < width && i < sizeof(digits))
    digits[i++] = '0';
  if(base == 16){
    s[j++] = '0';
    s[j++] = 'x';
  }
  while(i > 0)
    s[j++] = digits[--i];
  s[j] = 0;
  return fmtstr(buf, n, s);
}
