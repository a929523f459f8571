// mp.c: discover the machine's CPUs and I/O APIC from the MP tables the
// BIOS leaves in low memory (see mp.h and the Intel MP specification).
//
// Owns cpus[], ncpu and ismp: mpinit() fills them once, on the boot CPU,
// before any other CPU runs; afterwards only the per-CPU fields that
// proc.c and the CPUs themselves manage change. It also records the
// local APIC address (lapic.c's `lapic`) and the I/O APIC id (ioapic.c's
// `ioapicid`). It may not touch anything else.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mp.h"
#include "x86.h"
#include "mmu.h"
#include "spinlock.h"
#include "rbtree.h"
#include "proc.h"

struct cpu cpus[NCPU];
int ncpu;
int ismp;

// Sum of len bytes at addr; a valid MP structure sums to 0 (mod 256).
static uchar
sumbytes(uchar *addr, int len)
{
  int i, sum;

  sum = 0;
  for(i = 0; i < len; i++)
    sum += addr[i];
  return sum;
}

// Look for a floating pointer structure in physical [pa, pa+len).
static struct mp*
mpscan(uint pa, int len)
{
  uchar *p, *e;

  e = (uchar*)P2V(pa + len);
  for(p = P2V(pa); p < e; p += sizeof(struct mp))
    if(memcmp(p, "_MP_", 4) == 0 && sumbytes(p, sizeof(struct mp)) == 0)
      return (struct mp*)p;
  return 0;
}

// Find the floating pointer structure where the specification says it
// may be: the first KiB of the extended BIOS data area; failing that, the
// last KiB of base memory; failing that, the BIOS ROM at 0xF0000-0xFFFFF.
// The BIOS data area at 0x400 holds the EBDA segment (word at 0x40E) and
// the base memory size in KiB (word at 0x413).
static struct mp*
mpfind(void)
{
  uchar *bda;
  uint pa;
  struct mp *mp;

  bda = (uchar*)P2V(0x400);
  pa = ((bda[0x0F]<<8) | bda[0x0E]) << 4;
  if(pa != 0){
    if((mp = mpscan(pa, 1024)) != 0)
      return mp;
  } else {
    pa = ((bda[0x14]<<8) | bda[0x13]) * 1024;
    if((mp = mpscan(pa - 1024, 1024)) != 0)
      return mp;
  }
  return mpscan(0xF0000, 0x10000);
}

// Find and validate the configuration table. Only the table form is
// supported, not the built-in default configurations (physaddr 0).
// Returns 0 if there is no usable table; sets *pmp on success.
static struct mpconf*
mpconfig(struct mp **pmp)
{
  struct mpconf *conf;
  struct mp *mp;

  if((mp = mpfind()) == 0 || mp->physaddr == 0)
    return 0;
  conf = (struct mpconf*)P2V(mp->physaddr);
  if(memcmp(conf, "PCMP", 4) != 0)
    return 0;
  if(conf->version != 1 && conf->version != 4)
    return 0;
  if(sumbytes((uchar*)conf, conf->length) != 0)
    return 0;
  *pmp = mp;
  return conf;
}

// Fill cpus[], ncpu, lapic and ioapicid from the MP tables. Called once
// by main() on the boot CPU, after kvmalloc() (it reads low memory
// through KERNBASE). Panics if the machine has no MP table, since the
// kernel needs the local and I/O APICs it describes.
void
mpinit(void)
{
  uchar *p, *e;
  struct mp *mp;
  struct mpconf *conf;
  struct mpproc *proc;
  struct mpioapic *ioapic;

  if((conf = mpconfig(&mp)) == 0)
    panic("mpinit: no MP configuration table");
  ismp = 1;
  lapic = (uint*)conf->lapicaddr;

  p = (uchar*)(conf + 1);
  e = (uchar*)conf + conf->length;
  while(p < e){
    switch(*p){
    case MPPROC:
      proc = (struct mpproc*)p;
      // CPUs beyond NCPU are left asleep.
      if(ncpu < NCPU){
        cpus[ncpu].apicid = proc->apicid;
        ncpu++;
      }
      p += sizeof(struct mpproc);
      break;
    case MPIOAPIC:
      ioapic = (struct mpioapic*)p;
      ioapicid = ioapic->apicno;
      p += sizeof(struct mpioapic);
      break;
    case MPBUS:
    case MPIOINTR:
    case MPLINTR:
      p += 8;
      break;
    default:
      // An unknown entry's length is unknown too: the rest is unreadable.
      panic("mpinit: unknown MP table entry");
    }
  }

  // In PIC mode, the IMCR routes interrupts to the 8259s rather than the
  // APICs; switch it to symmetric I/O mode.
  if(mp->imcrp){
    outb(0x22, 0x70);            // select the IMCR
    outb(0x23, inb(0x23) | 1);   // mask external interrupts from the 8259
  }
}
