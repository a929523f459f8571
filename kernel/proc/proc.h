// Per-CPU state and per-process state.

#include "rbtree.h"  // struct rb_root; self-contained and include-guarded

// Per-CPU state
struct cpu {
  uchar apicid;                // Local APIC ID
  struct context *scheduler;   // swtch() here to enter scheduler
  struct taskstate ts;         // Used by x86 to find stack for interrupt
  struct segdesc gdt[NSEGS];   // x86 global descriptor table
  volatile uint started;       // Has the CPU started?
  int ncli;                    // Depth of pushcli nesting.
  int intena;                  // Were interrupts enabled before pushcli?
  struct proc *proc;           // The process running on this cpu or null
  struct cpu *self;            // This entry; read through %gs by mycpu()
};

extern struct cpu cpus[NCPU];
extern int ncpu;

// Saved registers for kernel context switches.
// Don't need to save all the segment registers (%cs, etc),
// because they are constant across kernel contexts.
// Don't need to save %eax, %ecx, %edx, because the
// x86 convention is that the caller has saved them.
// Contexts are stored at the bottom of the stack they
// describe; the stack pointer is the address of the context.
// The layout of the context matches the layout of the stack in swtch.S
// at the "Switch stacks" comment. Switch doesn't save eip explicitly,
// but it is on the stack and allocproc() manipulates it.
struct context {
  uint edi;
  uint esi;
  uint ebx;
  uint ebp;
  uint eip;
};

enum procstate { UNUSED, EMBRYO, SLEEPING, RUNNABLE, RUNNING, ZOMBIE };

// Per-process state.
//
// ptable.lock guards state, chan, killed, parent, pid.
// The rest belongs to the process itself while it runs; only it changes
// its page table, files and regions.
// vmlock guards vmroot and nvma against readers in other processes
// (pmap of another pid, Ctrl-P, vmcheck): the owner takes it around
// every change to the tree; others take it to read. The owner reads its
// own tree without it.
struct proc {
  uint brk;                    // The break: end of the heap, sbrk(0)
  uint brkbase;                // Start of the heap: the break's floor
  pde_t* pgdir;                // Page table
  char *kstack;                // Bottom of kernel stack for this process
  enum procstate state;        // Process state
  int pid;                     // Process ID
  struct proc *parent;         // Parent process
  struct trapframe *tf;        // Trap frame for current syscall
  struct context *context;     // swtch() here to run process
  void *chan;                  // If non-zero, sleeping on chan
  int killed;                  // If non-zero, have been killed
  struct file *ofile[NOFILE];  // Open files
  struct inode *cwd;           // Current directory
  char name[16];               // Process name (debugging)

  struct spinlock vmlock;      // see above
  struct rb_root vmroot;       // memory regions (struct vma), by start
  int nvma;                    // number of regions in vmroot

  void *kmuser[KMUSER_MAX];    // kmalloc test-call objects this process holds
  int failcount;               // allocations until one fails on purpose (0: off)
};

// A process's memory is its regions, all of it (memlayout.h has the
// picture): the program's segments from address 0, a guard page, one
// page of stack, the heap from brkbase to brk (its region ends at
// PGROUNDUP(brk)), then the mmap area, MMAPBASE to MMAPTOP.
