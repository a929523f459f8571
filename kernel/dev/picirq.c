// picirq.c: the legacy 8259A interrupt controllers. This kernel takes all
// device interrupts through the APICs, so its only job is to mask every
// line of both PICs so they never interrupt. Owns nothing else.

#include "types.h"
#include "x86.h"

#define IO_PIC1   0x20  // master PIC command port (IRQs 0-7)
#define IO_PIC2   0xA0  // slave PIC command port (IRQs 8-15)

// Mask all sixteen PIC lines (the data port holds the mask). Called once
// by main() on the boot CPU.
void
picinit(void)
{
  outb(IO_PIC1+1, 0xFF);
  outb(IO_PIC2+1, 0xFF);
}
