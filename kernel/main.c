// main.c: kernel start-up on the boot CPU and the other CPUs.
//
// Owns the order in which subsystems are initialised (each Xinit below
// may rely on the ones before it), the start of the application
// processors, and entrypgdir, the page directory entry.S and
// entryother.S run on until vm.c builds the real kernel page table. It
// may not hold any state of its own once the scheduler runs.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "spinlock.h"
#include "rbtree.h"
#include "proc.h"
#include "x86.h"

static void startothers(void);
static void mpmain(void) __attribute__((noreturn));
extern char end[];  // first address after the kernel image (kernel.ld)

// Entered from entry.S on the boot CPU, on the boot stack, with only
// entrypgdir's 4 MiB of memory mapped. Never returns.
int
main(void)
{
  seginit();       // segments; %gs for myproc(), which kalloc asks
  kinit1(end, P2V(4*1024*1024)); // pages for the kernel page table
  kvmalloc();      // map all of physical memory; leave entrypgdir
  mpinit();        // find the other CPUs and the I/O APIC
  lapicinit();     // this CPU's interrupt controller
  seginit();       // again, now that this CPU's cpus[] entry is known
  picinit();       // silence the legacy 8259 PIC
  ioapicinit();    // route device interrupts through the I/O APIC
  consoleinit();   // console device and keyboard interrupt
  uartinit();      // serial port
  pinit();         // process table
  tvinit();        // interrupt descriptor table
  binit();         // buffer cache
  fileinit();      // open file table
  ideinit();       // disk
  startothers();   // the other CPUs
  kinit2(P2V(4*1024*1024), P2V(PHYSTOP)); // the rest of memory
  userinit();      // the first user process
  mpmain();
}

// Entered from entryother.S on each application processor, on the stack
// startothers() gave it, still on entrypgdir.
static void
mpenter(void)
{
  switchkvm();
  seginit();
  lapicinit();
  mpmain();
}

// Finish this CPU's set-up and start scheduling. Never returns.
static void
mpmain(void)
{
  cprintf("cpu%d: starting %d\n", cpuid(), cpuid());
  idtinit();
  // Tell startothers() this CPU no longer needs its start-up area.
  xchg(&(mycpu()->started), 1);
  scheduler();
}

// The page directory paging starts with. Two 4 MiB pages both map
// physical [0, 4 MiB): at VA 0, so the instructions that turn paging on
// keep running, and at KERNBASE, where the kernel is linked. PTE_PS
// marks a 4 MiB page; the directory must be page-aligned for %cr3.
__attribute__((__aligned__(PGSIZE)))
pde_t entrypgdir[NPDENTRIES] = {
  [0] = (0) | PTE_P | PTE_W | PTE_PS,
  [KERNBASE>>PDXSHIFT] = (0) | PTE_P | PTE_W | PTE_PS,
};

// Start every CPU the MP table listed, one at a time, and wait until each
// reports in: they all share the start-up code page at 0x7000.
static void
startothers(void)
{
  extern uchar _binary_entryother_start[], _binary_entryother_size[];
  uchar *code;
  struct cpu *c;
  char *stack;

  code = P2V(0x7000);
  memmove(code, _binary_entryother_start, (uint)_binary_entryother_size);

  for(c = cpus; c < cpus+ncpu; c++){
    if(c == mycpu())
      continue;

    // entryother.S finds its stack, its C entry point and the page
    // directory to use in the three words just below the code.
    stack = kalloc();
    if(stack == 0)
      panic("startothers: no memory for a stack");
    *(void**)(code-4) = stack + KSTACKSIZE;
    *(void(**)(void))(code-8) = mpenter;
    *(int**)(code-12) = (void *) V2P(entrypgdir);

    lapicstartap(c->apicid, V2P(code));

    while(c->started == 0)
      ;
  }
}
