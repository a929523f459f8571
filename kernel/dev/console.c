// console.c: the console: formatted kernel output (cprintf, panic), and
// the console device that user programs read and write (major CONSOLE).
//
// Output goes to both the serial port (uart.c) and the CGA text screen.
// Input comes from the keyboard and the serial port, through
// consoleintr(), and is edited a line at a time: backspace erases a
// character, ^U the whole line, ^D ends input (EOF), ^P lists processes.
// Owns the input line buffer and the CGA screen; both, and the right to
// print, are guarded by cons.lock. Lock order: cons.lock, then
// ptable.lock (readers sleep and the interrupt path wakes them while
// holding cons.lock), so code holding ptable.lock must not cprintf;
// panic() prints without the lock.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "traps.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "file.h"
#include "memlayout.h"
#include "mmu.h"
#include "rbtree.h"
#include "proc.h"
#include "x86.h"
#include "kbd.h"
#include "errno.h"

#define BACKSPACE  0x100   // not a character: erase the one before

// Set by panic(): every other CPU stops as soon as it tries to print, so
// the panic message is the last thing on the screen.
static volatile int panicked;

static struct {
  struct spinlock lock;
  int locking;       // 0 while panicking: print without the lock
} cons;

static void consputc(int);

// Print x in the given base, with a minus sign first if negative.
static void
printnum(uint x, uint base, int negative)
{
  static char digits[] = "0123456789abcdef";
  char buf[16];
  int i;

  i = 0;
  do {
    buf[i++] = digits[x % base];
    x /= base;
  } while(x != 0);
  if(negative)
    buf[i++] = '-';
  while(--i >= 0)
    consputc(buf[i]);
}

// Print to the console, like a small printf: %d, %x, %p, %s, %c, %%.
// An unknown conversion is printed as is. Takes the console lock (unless
// panicking), so lines from different CPUs do not interleave mid-call.
// Callable from any context, with any locks held.
void
cprintf(char *fmt, ...)
{
  __builtin_va_list ap;
  int i, c, d, locking;
  char *s;

  if(fmt == 0)
    panic("cprintf: null fmt");

  locking = cons.locking;
  if(locking)
    acquire(&cons.lock);

  __builtin_va_start(ap, fmt);
  for(i = 0; (c = fmt[i] & 0xff) != 0; i++){
    if(c != '%'){
      consputc(c);
      continue;
    }
    c = fmt[++i] & 0xff;
    if(c == 0)
      break;
    switch(c){
    case 'd':
      d = __builtin_va_arg(ap, int);
      if(d < 0)
        printnum(-(uint)d, 10, 1);
      else
        printnum(d, 10, 0);
      break;
    case 'x':
    case 'p':
      printnum(__builtin_va_arg(ap, uint), 16, 0);
      break;
    case 's':
      if((s = __builtin_va_arg(ap, char*)) == 0)
        s = "(null)";
      for(; *s; s++)
        consputc(*s);
      break;
    case 'c':
      consputc(__builtin_va_arg(ap, int));
      break;
    case '%':
      consputc('%');
      break;
    default:
      consputc('%');
      consputc(c);
      break;
    }
  }
  __builtin_va_end(ap);

  if(locking)
    release(&cons.lock);
}

// Report a broken kernel invariant and stop this CPU for good: print
// "panic: s" and the call stack, then freeze the other CPUs the next
// time they print. Never returns.
void
panic(char *s)
{
  uint pcs[10];
  int i;

  cli();
  // Another CPU may hold the console lock; print regardless.
  cons.locking = 0;
  cprintf("lapicid %d: panic: %s\n", lapicid(), s);
  getcallerpcs(&s, pcs);
  for(i = 0; i < 10 && pcs[i] != 0; i++)
    cprintf(" %p", pcs[i]);
  cprintf("\n");
  panicked = 1;
  for(;;)
    asm volatile("hlt");
}

// The CGA text screen: 80x25 cells of (attribute << 8 | character) in
// memory at physical 0xB8000; the cursor position is read and set
// through the CRT controller's registers 14 (high) and 15 (low).
#define CRTPORT  0x3d4
#define COLS     80
#define ROWS     25
#define ATTR     0x0700   // light grey on black

static ushort *crt = (ushort*)P2V(0xb8000);

static int
cgagetcursor(void)
{
  int pos;

  outb(CRTPORT, 14);
  pos = inb(CRTPORT+1) << 8;
  outb(CRTPORT, 15);
  pos |= inb(CRTPORT+1);
  return pos;
}

static void
cgasetcursor(int pos)
{
  outb(CRTPORT, 14);
  outb(CRTPORT+1, pos >> 8);
  outb(CRTPORT, 15);
  outb(CRTPORT+1, pos);
}

// Draw c at the cursor, scrolling when the cursor leaves the last line
// used (the bottom row is kept blank so the cursor is always visible).
static void
cgaputc(int c)
{
  int pos;

  pos = cgagetcursor();
  if(c == '\n')
    pos += COLS - pos % COLS;
  else if(c == BACKSPACE){
    if(pos > 0)
      pos--;
  } else
    crt[pos++] = (c & 0xff) | ATTR;

  if(pos < 0 || pos > ROWS*COLS)
    panic("cgaputc: cursor out of range");

  if(pos / COLS >= ROWS - 1){
    memmove(crt, crt + COLS, sizeof(crt[0]) * (ROWS - 2) * COLS);
    pos -= COLS;
    memset(crt + pos, 0, sizeof(crt[0]) * ((ROWS - 1) * COLS - pos));
  }

  cgasetcursor(pos);
  crt[pos] = ' ' | ATTR;
}

// Put c (or BACKSPACE) on both the serial line and the screen.
static void
consputc(int c)
{
  if(panicked){
    cli();
    for(;;)
      asm volatile("hlt");
  }

  if(c == BACKSPACE){
    // A terminal erases by backing up, overwriting, backing up again.
    uartputc('\b');
    uartputc(' ');
    uartputc('\b');
  } else
    uartputc(c);
  cgaputc(c);
}

// The line being typed and the lines typed but not yet read, in a ring:
//   buf[r..w) is complete input that consoleread may return,
//   buf[w..e) is the line still being edited.
// Indices only grow; positions are taken modulo INPUT_BUF.
#define INPUT_BUF 128
static struct {
  char buf[INPUT_BUF];
  uint r;  // read index
  uint w;  // write index
  uint e;  // edit index
} input;

// Called by the keyboard and serial interrupts with a function that
// returns the next waiting character (0: none completed, <0: no more).
// Applies line editing, echoes, and wakes readers when a line is done.
void
consoleintr(int (*getc)(void))
{
  int c, listprocs;

  listprocs = 0;
  acquire(&cons.lock);
  while((c = getc()) >= 0){
    switch(c){
    case CTRL('P'):
      // procdump() takes other locks: run it after releasing ours.
      listprocs = 1;
      break;
    case CTRL('U'):
      while(input.e != input.w &&
            input.buf[(input.e-1) % INPUT_BUF] != '\n'){
        input.e--;
        consputc(BACKSPACE);
      }
      break;
    case CTRL('H'):
    case '\x7f':
      if(input.e != input.w){
        input.e--;
        consputc(BACKSPACE);
      }
      break;
    default:
      if(c == 0 || input.e - input.r >= INPUT_BUF)
        break;
      if(c == '\r')
        c = '\n';
      input.buf[input.e++ % INPUT_BUF] = c;
      consputc(c);
      // A line is complete at newline, at ^D, or when the ring is full.
      if(c == '\n' || c == CTRL('D') || input.e == input.r + INPUT_BUF){
        input.w = input.e;
        wakeup(&input.r);
      }
      break;
    }
  }
  release(&cons.lock);
  if(listprocs)
    procdump();
}

// Device read for the console: copy up to n bytes of complete input to
// dst, stopping after a newline. Sleeps until a line is available.
// Returns the number of bytes read, 0 at end of file (^D at the start of
// a read), or -EINTR if the process is killed while waiting. The caller
// holds ip's lock; it is dropped while waiting.
static int
consoleread(struct inode *ip, char *dst, int n)
{
  int want, c;

  iunlock(ip);
  want = n;
  acquire(&cons.lock);
  while(n > 0){
    while(input.r == input.w){
      if(myproc()->killed){
        release(&cons.lock);
        ilock(ip);
        return -EINTR;
      }
      sleep(&input.r, &cons.lock);
    }
    c = input.buf[input.r++ % INPUT_BUF];
    if(c == CTRL('D')){
      // End of file. If bytes were already read, return them now and
      // leave the ^D for the next read, which then returns 0.
      if(n < want)
        input.r--;
      break;
    }
    *dst++ = c;
    n--;
    if(c == '\n')
      break;
  }
  release(&cons.lock);
  ilock(ip);
  return want - n;
}

// Device write for the console: print n bytes of buf. Returns n. The
// caller holds ip's lock; it is dropped while printing.
static int
consolewrite(struct inode *ip, char *buf, int n)
{
  int i;

  iunlock(ip);
  acquire(&cons.lock);
  for(i = 0; i < n; i++)
    consputc(buf[i] & 0xff);
  release(&cons.lock);
  ilock(ip);
  return n;
}

// Register the console device and route keyboard interrupts to CPU 0.
// Called once by main(), before any process exists.
void
consoleinit(void)
{
  initlock(&cons.lock, "console");
  devsw[CONSOLE].read = consoleread;
  devsw[CONSOLE].write = consolewrite;
  cons.locking = 1;
  ioapicenable(IRQ_KBD, 0);
}
