// printf.c: formatted output for user programs. Owns only the formatting
// and a per-call output buffer; it has no state between calls, so any
// number of processes may print at once. Output is collected in a small
// buffer on the stack and written when full and at the end of the call:
// one write() per short message keeps concurrent processes' lines whole
// (the console takes a write() as a unit) and saves system calls.
//
// Conversions: %d %u %x %p %s %c %%. Between the % and the letter: an
// optional '-' (pad on the right), an optional '0' (pad numbers with
// zeros) and a decimal field width. Anything else is printed as given.
#include "types.h"
#include "stat.h"
#include "user.h"

#define OUTBUF 128

struct out {
  int fd;
  int n;              // bytes waiting in buf
  char buf[OUTBUF];
};

static const char hexdigits[] = "0123456789abcdef";

static void
flush(struct out *o)
{
  if(o->n > 0)
    write(o->fd, o->buf, o->n);
  o->n = 0;
}

static void
putch(struct out *o, char c)
{
  if(o->n == OUTBUF)
    flush(o);
  o->buf[o->n++] = c;
}

static void
pad(struct out *o, char c, int n)
{
  while(n-- > 0)
    putch(o, c);
}

// Print the len bytes of s in a field of width columns.
static void
putfield(struct out *o, const char *s, int len, int width, int left)
{
  int i;

  if(!left)
    pad(o, ' ', width - len);
  for(i = 0; i < len; i++)
    putch(o, s[i]);
  if(left)
    pad(o, ' ', width - len);
}

// Print x in base 10 or 16, with a '-' in front if neg.
static void
putnum(struct out *o, uint x, int base, int neg, int width, int zero, int left)
{
  char digits[12];
  int n = 0, len;

  do {
    digits[n++] = hexdigits[x % base];
    x /= base;
  } while(x != 0);
  len = n + neg;

  if(zero && !left){
    // Zeros go between the sign and the digits.
    if(neg)
      putch(o, '-');
    pad(o, '0', width - len);
  } else {
    if(!left)
      pad(o, ' ', width - len);
    if(neg)
      putch(o, '-');
  }
  while(n > 0)
    putch(o, digits[--n]);
  if(left)
    pad(o, ' ', width - len);
}

// Print fmt to fd, taking one argument from ap per conversion.
void
vprintf(int fd, const char *fmt, __builtin_va_list ap)
{
  struct out o;
  int width, zero, left, d;
  const char *s;
  char c;

  o.fd = fd;
  o.n = 0;
  for(; *fmt; fmt++){
    if(*fmt != '%'){
      putch(&o, *fmt);
      continue;
    }
    fmt++;
    left = zero = width = 0;
    if(*fmt == '-'){
      left = 1;
      fmt++;
    }
    if(*fmt == '0'){
      zero = 1;
      fmt++;
    }
    while('0' <= *fmt && *fmt <= '9')
      width = width*10 + (*fmt++ - '0');

    switch(*fmt){
    case 'd':
      d = __builtin_va_arg(ap, int);
      if(d < 0)
        putnum(&o, -(uint)d, 10, 1, width, zero, left);
      else
        putnum(&o, d, 10, 0, width, zero, left);
      break;
    case 'u':
      putnum(&o, __builtin_va_arg(ap, uint), 10, 0, width, zero, left);
      break;
    case 'x':
      putnum(&o, __builtin_va_arg(ap, uint), 16, 0, width, zero, left);
      break;
    case 'p':
      putch(&o, '0');
      putch(&o, 'x');
      putnum(&o, (uint)__builtin_va_arg(ap, void*), 16, 0, 8, 1, 0);
      break;
    case 's':
      s = __builtin_va_arg(ap, const char*);
      if(s == 0)
        s = "(null)";
      putfield(&o, s, strlen(s), width, left);
      break;
    case 'c':
      c = __builtin_va_arg(ap, int);
      putfield(&o, &c, 1, width, left);
      break;
    case '%':
      putch(&o, '%');
      break;
    case 0:
      // A lone '%' at the very end: print it and stop.
      putch(&o, '%');
      flush(&o);
      return;
    default:
      putch(&o, '%');
      putch(&o, *fmt);
      break;
    }
  }
  flush(&o);
}

// Print fmt to the file descriptor fd, like C's fprintf.
void
printf(int fd, const char *fmt, ...)
{
  __builtin_va_list ap;

  __builtin_va_start(ap, fmt);
  vprintf(fd, fmt, ap);
  __builtin_va_end(ap);
}
