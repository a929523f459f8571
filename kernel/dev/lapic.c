// lapic.c: each CPU's local APIC, which delivers interrupts to it, runs
// its periodic timer and sends inter-processor interrupts; plus the CMOS
// real-time clock.
//
// Owns the `lapic` register window (its address comes from mp.c) and
// every write to it. Each CPU programs only its own local APIC, which
// lives at the same address on all of them, so no lock is needed. It may
// not route device interrupts (that is ioapic.c).

#include "param.h"
#include "types.h"
#include "defs.h"
#include "date.h"
#include "memlayout.h"
#include "traps.h"
#include "mmu.h"
#include "x86.h"

// Register offsets, divided by 4 to index a uint array.
#define ID      (0x0020/4)   // local APIC id
#define VER     (0x0030/4)   // version
#define TPR     (0x0080/4)   // task priority
#define EOI     (0x00B0/4)   // end of interrupt
#define SVR     (0x00F0/4)   // spurious interrupt vector
  #define ENABLE     0x00000100   // software enable
#define ESR     (0x0280/4)   // error status
#define ICRLO   (0x0300/4)   // interrupt command, low word
  #define INIT       0x00000500   // INIT/RESET
  #define STARTUP    0x00000600   // startup IPI
  #define DELIVS     0x00001000   // delivery status: still sending
  #define ASSERT     0x00004000   // level: assert
  #define DEASSERT   0x00000000
  #define LEVEL      0x00008000   // level triggered
  #define BCAST      0x00080000   // to all CPUs, including self
#define ICRHI   (0x0310/4)   // interrupt command, high word (target id)
#define TIMER   (0x0320/4)   // local vector table: timer
  #define X1         0x0000000B   // divide counts by 1
  #define PERIODIC   0x00020000   // reload and repeat
#define PCINT   (0x0340/4)   // local vector table: performance counter
#define LINT0   (0x0350/4)   // local vector table: LINT0
#define LINT1   (0x0360/4)   // local vector table: LINT1
#define ERROR   (0x0370/4)   // local vector table: error
  #define MASKED     0x00010000   // interrupt masked
#define TICR    (0x0380/4)   // timer initial count
#define TCCR    (0x0390/4)   // timer current count
#define TDCR    (0x03E0/4)   // timer divide configuration

// Timer count per tick: about 10 ms under QEMU's emulated APIC clock.
#define TIMER_COUNT 10000000

volatile uint *lapic;  // set by mpinit(); 0 until then

// Write a register, then read one back: the read does not complete until
// the write has reached the APIC.
static void
lapicw(int index, int value)
{
  lapic[index] = value;
  (void)lapic[ID];
}

// Set up the calling CPU's local APIC: enable it, start the periodic
// timer, mask the local interrupt pins, clear errors, and accept all
// interrupt priorities. Called once per CPU with interrupts off.
void
lapicinit(void)
{
  if(!lapic)
    return;

  // Spurious interrupts arrive on IRQ_SPURIOUS.
  lapicw(SVR, ENABLE | (T_IRQ0 + IRQ_SPURIOUS));

  // The timer counts down from TICR at bus speed and raises IRQ_TIMER
  // each time it reaches 0; trap.c turns that into scheduler ticks.
  lapicw(TDCR, X1);
  lapicw(TIMER, PERIODIC | (T_IRQ0 + IRQ_TIMER));
  lapicw(TICR, TIMER_COUNT);

  // The local pins LINT0/LINT1 carry legacy PIC and NMI signals; the
  // I/O APIC delivers everything this kernel uses.
  lapicw(LINT0, MASKED);
  lapicw(LINT1, MASKED);

  // Newer APICs (4+ local vector table entries) also have a performance
  // counter overflow interrupt.
  if(((lapic[VER]>>16) & 0xFF) >= 4)
    lapicw(PCINT, MASKED);

  lapicw(ERROR, T_IRQ0 + IRQ_ERROR);

  // The error status register must be written before it is read, and
  // twice to clear it.
  lapicw(ESR, 0);
  lapicw(ESR, 0);

  // Any interrupt still in service from before would block lower ones.
  lapicw(EOI, 0);

  // Broadcast an INIT level de-assert, which resynchronises the APICs'
  // arbitration ids, and wait for it to be sent.
  lapicw(ICRHI, 0);
  lapicw(ICRLO, BCAST | INIT | LEVEL);
  while(lapic[ICRLO] & DELIVS)
    ;

  lapicw(TPR, 0);
}

// Return the local APIC id of the calling CPU (0 before mpinit).
// Callers that use it to name their CPU must have interrupts off, or
// they may move to another CPU right after the read.
int
lapicid(void)
{
  if(!lapic)
    return 0;
  return lapic[ID] >> 24;
}

// Tell the local APIC the current interrupt has been handled, so it can
// deliver the next one.
void
lapiceoi(void)
{
  if(lapic)
    lapicw(EOI, 0);
}

// Wait about us microseconds. QEMU starts CPUs instantly, so no real
// delay is needed; real hardware would want a calibrated loop.
void
microdelay(int us)
{
}

#define CMOS_PORT    0x70
#define CMOS_RETURN  0x71

// Start the application processor with local APIC id apicid, executing
// real-mode code at physical address addr (page-aligned, below 1 MiB).
// The universal start-up algorithm of the MP specification (appendix B).
void
lapicstartap(uchar apicid, uint addr)
{
  int i;
  ushort *wrv;

  // A CPU coming out of INIT consults the CMOS shutdown code; 0x0A makes
  // it jump through the warm reset vector at 40:67, which points at addr.
  outb(CMOS_PORT, 0xF);
  outb(CMOS_PORT+1, 0x0A);
  wrv = (ushort*)P2V((0x40<<4 | 0x67));
  wrv[0] = 0;
  wrv[1] = addr >> 4;

  // INIT (level-triggered) resets the target CPU.
  lapicw(ICRHI, apicid<<24);
  lapicw(ICRLO, INIT | LEVEL | ASSERT);
  microdelay(200);
  lapicw(ICRLO, INIT | LEVEL);
  microdelay(100);

  // Then two STARTUP IPIs, as the specification asks; the vector is the
  // page number of the start address.
  for(i = 0; i < 2; i++){
    lapicw(ICRHI, apicid<<24);
    lapicw(ICRLO, STARTUP | (addr>>12));
    microdelay(200);
  }
}

// CMOS real-time clock registers.
#define CMOS_STATA   0x0a
#define CMOS_STATB   0x0b
#define CMOS_UIP     (1 << 7)   // update in progress
#define CMOS_BINARY  (1 << 2)   // status B: values are binary, not BCD

#define SECS    0x00
#define MINS    0x02
#define HOURS   0x04
#define DAY     0x07
#define MONTH   0x08
#define YEAR    0x09

static uint
cmosread(uint reg)
{
  outb(CMOS_PORT, reg);
  microdelay(200);
  return inb(CMOS_RETURN);
}

static void
readclock(struct rtcdate *r)
{
  r->second = cmosread(SECS);
  r->minute = cmosread(MINS);
  r->hour   = cmosread(HOURS);
  r->day    = cmosread(DAY);
  r->month  = cmosread(MONTH);
  r->year   = cmosread(YEAR);
}

static uint
frombcd(uint x)
{
  return (x >> 4) * 10 + (x & 0xf);
}

// Read the current date and time from the CMOS clock into *r.
void
cmostime(struct rtcdate *r)
{
  struct rtcdate t1, t2;
  int binary;

  binary = cmosread(CMOS_STATB) & CMOS_BINARY;

  // The clock may tick between reading two fields; read until two
  // consecutive snapshots, both outside an update, agree.
  for(;;){
    while(cmosread(CMOS_STATA) & CMOS_UIP)
      ;
    readclock(&t1);
    if(cmosread(CMOS_STATA) & CMOS_UIP)
      continue;
    readclock(&t2);
    if(memcmp(&t1, &t2, sizeof(t1)) == 0)
      break;
  }

  if(!binary){
    t1.second = frombcd(t1.second);
    t1.minute = frombcd(t1.minute);
    t1.hour   = frombcd(t1.hour);
    t1.day    = frombcd(t1.day);
    t1.month  = frombcd(t1.month);
    t1.year   = frombcd(t1.year);
  }
  *r = t1;
  r->year += 2000;
}
