// uart.c: the first serial port (COM1, an 8250/16550 UART), a second
// console: every console character is also sent here, and characters
// received here are fed to the console like keystrokes.
//
// Owns the COM1 registers. Output is polled; input arrives by interrupt
// and is handed to consoleintr(), which does its own locking. Output is
// attempted even before uartinit(), so that an early panic shows on the
// serial line; once uartinit() finds no UART, every function here does
// nothing.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "traps.h"
#include "x86.h"

#define COM1    0x3f8

// Register offsets from COM1.
#define DATA    0       // receive/transmit buffer (divisor low with DLAB)
#define IER     1       // interrupt enable (divisor high with DLAB)
#define FCR     2       // FIFO control (write); interrupt id (read)
#define LCR     3       // line control
#define MCR     4       // modem control
#define LSR     5       // line status
  #define LSR_RXREADY 0x01  // a received byte is waiting
  #define LSR_TXEMPTY 0x20  // transmit holding register empty

static int missing;     // set if uartinit() finds no UART

// Program COM1 for 9600 baud, 8 data bits, no parity, one stop bit,
// with receive interrupts routed to CPU 0. Called once by main().
void
uartinit(void)
{
  char *p;

  outb(COM1+FCR, 0);            // no FIFO: one byte at a time

  outb(COM1+LCR, 0x80);         // DLAB on, to set the baud rate divisor
  outb(COM1+DATA, 115200/9600);
  outb(COM1+IER, 0);
  outb(COM1+LCR, 0x03);         // DLAB off; 8 bits, no parity, 1 stop
  outb(COM1+MCR, 0);
  outb(COM1+IER, 0x01);         // interrupt when a byte arrives

  // Reads of a missing port float high.
  if(inb(COM1+LSR) == 0xFF){
    missing = 1;
    return;
  }

  // Clear any interrupt that was pending before we were ready.
  inb(COM1+FCR);
  inb(COM1+DATA);
  ioapicenable(IRQ_COM1, 0);

  for(p = "xv6 is booting\n"; *p; p++)
    uartputc(*p);
}

// Send one character, waiting (about 12.8 ms at most) for the
// transmitter to be free. Safe to call with any locks held.
void
uartputc(int c)
{
  int i;

  if(missing)
    return;
  for(i = 0; i < 128 && !(inb(COM1+LSR) & LSR_TXEMPTY); i++)
    microdelay(10);
  outb(COM1+DATA, c);
}

// Return the next received character, or -1 if none is waiting.
static int
uartgetc(void)
{
  if(missing)
    return -1;
  if(!(inb(COM1+LSR) & LSR_RXREADY))
    return -1;
  return inb(COM1+DATA);
}

// The serial interrupt: pass every waiting character to the console.
void
uartintr(void)
{
  consoleintr(uartgetc);
}
