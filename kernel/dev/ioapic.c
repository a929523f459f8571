// ioapic.c: the I/O APIC, which turns device interrupt lines (IRQs) into
// interrupt messages for the local APICs.
//
// Owns the redirection table and `ioapicid` (which mp.c fills in).
// ioapicinit() disables every line; each driver's init then enables its
// own line with ioapicenable(). Writes happen during boot only, on the
// boot CPU, so no lock is needed. See the Intel 82093AA datasheet.

#include "types.h"
#include "defs.h"
#include "traps.h"

#define IOAPIC  0xFEC00000   // default physical address (mapped 1:1)

#define REG_ID     0x00  // id
#define REG_VER    0x01  // version and number of redirection entries
#define REG_TABLE  0x10  // redirection table: two registers per IRQ

// A redirection entry's low word holds the vector and these flags; the
// high word holds the destination APIC id in bits 24-31.
#define INT_DISABLED   0x00010000  // masked
#define INT_LEVEL      0x00008000  // level-triggered (else edge)
#define INT_ACTIVELOW  0x00002000  // active low (else high)
#define INT_LOGICAL    0x00000800  // logical destination (else APIC id)

uchar ioapicid;

// The chip is programmed through two memory-mapped registers: write a
// register number to reg, then read or write its value through data.
struct ioapic {
  uint reg;
  uint pad[3];
  uint data;
};

static volatile struct ioapic *ioapic;

static uint
ioapicread(int reg)
{
  ioapic->reg = reg;
  return ioapic->data;
}

static void
ioapicwrite(int reg, uint data)
{
  ioapic->reg = reg;
  ioapic->data = data;
}

// Mask every interrupt line, each preset to its vector T_IRQ0 + irq,
// edge-triggered, active high. Called once by main() after mpinit().
void
ioapicinit(void)
{
  int i, id, maxintr;

  ioapic = (volatile struct ioapic*)IOAPIC;
  maxintr = (ioapicread(REG_VER) >> 16) & 0xFF;
  id = ioapicread(REG_ID) >> 24;
  if(id != ioapicid)
    cprintf("ioapicinit: id %d differs from MP table's %d\n", id, ioapicid);

  for(i = 0; i <= maxintr; i++){
    ioapicwrite(REG_TABLE+2*i, INT_DISABLED | (T_IRQ0 + i));
    ioapicwrite(REG_TABLE+2*i+1, 0);
  }
}

// Deliver device line irq, edge-triggered and active high, as vector
// T_IRQ0 + irq to the CPU whose local APIC id is cpunum.
void
ioapicenable(int irq, int cpunum)
{
  ioapicwrite(REG_TABLE+2*irq, T_IRQ0 + irq);
  ioapicwrite(REG_TABLE+2*irq+1, cpunum << 24);
}
