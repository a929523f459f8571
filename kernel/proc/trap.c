// trap.c: what happens on every interrupt, exception and system call.
//
// Owns the interrupt descriptor table (filled once by tvinit, loaded on
// each CPU by idtinit) and the tick counter `ticks`, guarded by
// tickslock. trap() decides, from the trap number and the privilege level
// it came from, whether to run a system call, a device handler, the
// lazy-mapping fault path (mmap.c), kill the user process, or panic. It
// may not change process state itself beyond setting p->killed; exit(),
// yield() and syscall() do the rest.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "spinlock.h"
#include "rbtree.h"
#include "proc.h"
#include "x86.h"
#include "traps.h"

struct gatedesc idt[256];
extern uint vectors[];  // entry points, in vectors.S
struct spinlock tickslock;
uint ticks;

// Fill the IDT: every vector is an interrupt gate (interrupts off on
// entry) reachable only by the kernel and the hardware, except the system
// call vector, a trap gate user code may raise with `int $T_SYSCALL`.
// Called once by main() on the boot CPU.
void
tvinit(void)
{
  int i;

  for(i = 0; i < 256; i++)
    SETGATE(idt[i], 0, SEG_KCODE<<3, vectors[i], 0);
  SETGATE(idt[T_SYSCALL], 1, SEG_KCODE<<3, vectors[T_SYSCALL], DPL_USER);

  initlock(&tickslock, "time");
}

// Load the IDT into the calling CPU. Called by every CPU before it
// enables interrupts.
void
idtinit(void)
{
  lidt(idt, sizeof(idt));
}

// The timer: CPU 0 alone advances the clock, so that ticks counts time
// rather than time multiplied by the number of CPUs.
static void
clockintr(void)
{
  if(cpuid() == 0){
    acquire(&tickslock);
    ticks++;
    wakeup(&ticks);
    release(&tickslock);
  }
}

// Handle a hardware interrupt (vector T_IRQ0 to T_IRQ0+31). Nothing a
// process does can raise these vectors (their gates are kernel-only), so
// an unknown one is reported, not blamed on anyone.
static void
devintr(struct trapframe *tf)
{
  switch(tf->trapno){
  case T_IRQ0 + IRQ_TIMER:
    clockintr();
    break;
  case T_IRQ0 + IRQ_IDE:
    ideintr();
    break;
  case T_IRQ0 + IRQ_IDE+1:
    // Some emulators raise the secondary disk line spuriously.
    return;
  case T_IRQ0 + IRQ_KBD:
    kbdintr();
    break;
  case T_IRQ0 + IRQ_COM1:
    uartintr();
    break;
  case T_IRQ0 + 7:
  case T_IRQ0 + IRQ_SPURIOUS:
    cprintf("cpu%d: spurious interrupt at %x:%x\n",
            cpuid(), tf->cs, tf->eip);
    break;
  default:
    cprintf("cpu%d: unexpected interrupt %d at %x:%x\n",
            cpuid(), tf->trapno, tf->cs, tf->eip);
    break;
  }
  lapiceoi();
}

// A fault in user mode. A page fault may be a lazily mapped page that
// mmap_fault() can supply; anything else kills the process, with one
// line saying why. The process exits on its way back to user mode.
static void
userfault(struct trapframe *tf)
{
  struct proc *p;
  uint va;
  int write;

  p = myproc();
  if(tf->trapno == T_PGFLT){
    va = rcr2();
    write = (tf->err & FEC_WR) != 0;
    if(mmap_fault(p, va, write) == 0)
      return;
    cprintf("pid %d %s: page fault at 0x%x (%s, eip 0x%x) -- killed\n",
            p->pid, p->name, va, write ? "write" : "read", tf->eip);
  } else {
    cprintf("pid %d %s: trap %d err %d on cpu %d "
            "eip 0x%x addr 0x%x -- killed\n",
            p->pid, p->name, tf->trapno, tf->err, cpuid(), tf->eip,
            rcr2());
  }
  p->killed = 1;
}

// An exception in kernel mode is a kernel bug: the kernel never touches
// a user address that uvmaccess() has not checked and faulted in.
static void
kernelfault(struct trapframe *tf)
{
  cprintf("unexpected trap %d err %d from cpu %d eip %x (cr2=0x%x)\n",
          tf->trapno, tf->err, cpuid(), tf->eip, rcr2());
  panic("trap");
}

// Called by alltraps with the frame it built. Returns to trapret, which
// resumes the interrupted code, unless the current process exits on the
// way (killed) or yields the CPU at a timer tick (resumes later).
void
trap(struct trapframe *tf)
{
  struct proc *p;
  int fromuser;

  fromuser = (tf->cs & 3) == DPL_USER;

  if(tf->trapno == T_SYSCALL){
    p = myproc();
    if(p->killed)
      exit();
    p->tf = tf;
    syscall();
    if(p->killed)
      exit();
    return;
  }

  if(tf->trapno >= T_IRQ0 && tf->trapno < T_IRQ0 + 32)
    devintr(tf);
  else if(fromuser && myproc() != 0)
    userfault(tf);
  else
    kernelfault(tf);

  // A process killed while in user mode (by kill() or by the fault
  // above) exits now. One in the kernel finishes its system call first
  // and exits at the check in the system call path.
  p = myproc();
  if(p == 0)
    return;
  if(p->killed && fromuser)
    exit();

  // Share the CPU: give it up at each clock tick.
  if(p->state == RUNNING && tf->trapno == T_IRQ0 + IRQ_TIMER)
    yield();

  // It may have been killed while it waited to run again.
  if(p->killed && fromuser)
    exit();
}
