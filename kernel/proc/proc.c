// proc.c: processes and the per-CPU scheduler.
//
// Owns the process table: creating processes (userinit, fork), ending
// them (exit, wait, kill), switching between them (scheduler, sched,
// yield, sleep, wakeup), and the lookups other code uses (myproc,
// mycpu, procget, and procfrozen for the memory checker). It may not
// build page tables itself (vm.c does), decide anything about a
// process's memory, which is all regions (image.c lays out the first
// process's; mmap.c: mmap_fork, mmap_exit, mmap_dump), or touch files
// beyond dropping a process's references.
//
// Locking.
//   ptable.lock guards every proc's state, chan, killed, parent and pid,
//   and is held across every context switch: a process gives up the CPU
//   holding it (sched), and the code it switches to releases it.
//   p->vmlock guards p's region tree against other processes' readers
//   (procget). Lock order: ptable.lock, then a vmlock. Never the reverse.
//   Everything else in a proc belongs to the process itself while it
//   runs, and to its parent once it is a ZOMBIE.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "x86.h"
#include "spinlock.h"
#include "rbtree.h"
#include "proc.h"
#include "image.h"
#include "errno.h"

static struct {
  struct spinlock lock;
  struct proc proc[NPROC];
} ptable;

static struct proc *initproc;   // the first process; adopts orphans
static int nextpid = 1;         // guarded by ptable.lock

extern void forkret(void);
extern void trapret(void);
static void wakeup1(void *chan);

// Set up the process table lock. Called once at boot.
void
pinit(void)
{
  struct proc *p;

  initlock(&ptable.lock, "ptable");
  // Once, here: other processes' readers (vmcheck) may hold a slot's
  // vmlock while allocproc is filling that slot in.
  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++)
    initlock(&p->vmlock, "vmlock");
}

// This CPU's index in cpus[]. Only meaningful while the caller cannot
// move to another CPU (interrupts off).
int
cpuid(void)
{
  return mycpu() - cpus;
}

// This CPU's struct cpu, found by its local APIC ID: a scan of cpus[].
// Only seginit (vm.c) needs it, to set up the %gs segment that mycpu()
// uses from then on. Before mpinit has counted the CPUs only the boot
// CPU runs, and it is cpus[0].
struct cpu*
apiccpu(void)
{
  int apicid, i;

  if(ncpu == 0)
    return &cpus[0];
  apicid = lapicid();
  for(i = 0; i < ncpu; i++){
    if(cpus[i].apicid == apicid)
      return &cpus[i];
  }
  panic("apiccpu: unknown apicid");
}

// Per-CPU data through %gs. seginit gives each CPU a kernel-only
// segment whose base is its own struct cpu and loads it into %gs, and
// alltraps reloads %gs on every entry into the kernel (user code may
// have changed it). So a field of this CPU's struct cpu is one load,
// %gs:offset, whatever the number of CPUs.
#define CPUFIELD(field, v) \
  asm volatile("movl %%gs:%c1, %0" : "=r" (v) : \
               "i" (__builtin_offsetof(struct cpu, field)))

// This CPU's struct cpu. Must be called with interrupts off, or the
// caller could be rescheduled elsewhere and use the wrong entry. Like
// myproc(), it works once seginit has run on this CPU: main() calls it
// first of all, mpenter() right after switching to the kernel's page
// table.
struct cpu*
mycpu(void)
{
  struct cpu *c;

  if(readeflags() & FL_IF)
    panic("mycpu: interrupts enabled");
  CPUFIELD(self, c);
  return c;
}

// The process running on this CPU, or 0 (scheduler, early boot). Safe
// with interrupts on, without pushcli: the read is a single instruction,
// so no interrupt can come between finding the CPU and reading its
// proc, and if the process moves to another CPU just after, what it
// read is still itself.
struct proc*
myproc(void)
{
  struct proc *p;

  CPUFIELD(proc, p);
  return p;
}

// Claim an UNUSED slot, give it a pid and a kernel stack laid out so
// that its first switch runs forkret and then returns to user space
// through trapret. Returns the EMBRYO, or 0 with *err set to EAGAIN if
// the table is full, ENOMEM if no memory is left. The caller fills in
// the page table and trap frame.
static struct proc*
allocproc(int *err)
{
  struct proc *p;
  char *sp;

  acquire(&ptable.lock);
  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
    if(p->state == UNUSED)
      break;
  }
  if(p == &ptable.proc[NPROC]){
    release(&ptable.lock);
    *err = EAGAIN;
    return 0;
  }
  p->state = EMBRYO;
  p->pid = nextpid++;
  release(&ptable.lock);

  if((p->kstack = kalloc()) == 0){
    p->state = UNUSED;
    *err = ENOMEM;
    return 0;
  }
  p->vmroot.rb_node = 0;
  p->nvma = 0;
  memset(p->kmuser, 0, sizeof(p->kmuser));
  p->failcount = 0;

  // The kernel stack, from the top down: the trap frame that trapret
  // pops into user mode, trapret's address as a return address, then
  // the context that swtch loads, whose eip starts the process in
  // forkret.
  sp = p->kstack + KSTACKSIZE;
  sp -= sizeof *p->tf;
  p->tf = (struct trapframe*)sp;
  sp -= 4;
  *(uint*)sp = (uint)trapret;
  sp -= sizeof *p->context;
  p->context = (struct context*)sp;
  memset(p->context, 0, sizeof *p->context);
  p->context->eip = (uint)forkret;
  return p;
}

// Undo allocproc for a child that never ran: free its kernel stack and
// return the slot. Its page table, if any, must already be gone.
static void
unallocproc(struct proc *p)
{
  kfree(p->kstack);
  p->kstack = 0;
  acquire(&ptable.lock);
  p->pid = 0;
  p->state = UNUSED;
  release(&ptable.lock);
}

// Create the first process, running initcode (linked into the kernel
// as a binary blob) in user mode at address 0. Called once at boot;
// running out of memory here panics.
void
userinit(void)
{
  extern char _binary_initcode_start[], _binary_initcode_size[];
  struct proc *p;
  struct image im;
  int err;

  if((p = allocproc(&err)) == 0)
    panic("userinit: no process");
  initproc = p;
  if(image_init(&im) < 0 ||
     image_initcode(&im, _binary_initcode_start,
                    (uint)_binary_initcode_size) < 0)
    panic("userinit: out of memory");
  image_install(p, &im);

  memset(p->tf, 0, sizeof *p->tf);
  p->tf->cs = (SEG_UCODE << 3) | DPL_USER;
  p->tf->ds = (SEG_UDATA << 3) | DPL_USER;
  p->tf->es = p->tf->ds;
  p->tf->ss = p->tf->ds;
  p->tf->eflags = FL_IF;
  p->tf->esp = PGSIZE;
  p->tf->eip = 0;  // initcode starts at its first byte

  safestrcpy(p->name, "initcode", sizeof(p->name));
  p->cwd = namei("/", 0);

  // Publishing RUNNABLE under the lock makes the writes above visible
  // to whichever CPU picks the process up.
  acquire(&ptable.lock);
  p->state = RUNNABLE;
  release(&ptable.lock);
}

// Create a child that is a copy of the current process: memory (its
// regions, through mmap_fork: private pages copy-on-write), open
// files, working directory, registers. The child returns 0 from the
// system call. Returns the child's pid to the parent, or (nothing
// leaks) -EAGAIN if the process table is full, -ENOMEM if memory runs
// out.
int
fork(void)
{
  struct proc *curproc = myproc();
  struct proc *np;
  pde_t *pgdir;
  int i, pid, err;

  if((np = allocproc(&err)) == 0)
    return -err;
  if((np->pgdir = setupkvm()) == 0){
    unallocproc(np);
    return -ENOMEM;
  }
  // Pages are shared copy-on-write, not copied (mmap_fork). The
  // child's pgdir is published first, so that vmcheck finds every PTE
  // behind a page's new reference. On failure mmap_fork leaves the
  // child with no regions and no pages; its table is unpublished (under
  // the lock) and freed (a long walk) after.
  if(mmap_fork(curproc, np) < 0){
    acquire(&np->vmlock);
    pgdir = np->pgdir;
    np->pgdir = 0;
    release(&np->vmlock);
    freevm(pgdir);
    unallocproc(np);
    return -ENOMEM;
  }
  np->brk = curproc->brk;
  np->brkbase = curproc->brkbase;
  np->parent = curproc;
  *np->tf = *curproc->tf;
  np->tf->eax = 0;  // fork returns 0 in the child

  for(i = 0; i < NOFILE; i++){
    if(curproc->ofile[i])
      np->ofile[i] = filedup(curproc->ofile[i]);
  }
  np->cwd = idup(curproc->cwd);
  safestrcpy(np->name, curproc->name, sizeof(curproc->name));
  pid = np->pid;

  acquire(&ptable.lock);
  np->state = RUNNABLE;
  release(&ptable.lock);
  return pid;
}

// End the current process. It stays a ZOMBIE, holding its kernel stack
// and page table, until its parent's wait() frees them. Its children
// go to init. Does not return.
void
exit(void)
{
  struct proc *curproc = myproc();
  struct proc *p;
  int fd;

  if(curproc == initproc)
    panic("init exiting");

  // Memory first, all of it regions: shared file pages are written
  // back while the page table still says which are dirty, and a page
  // still shared copy-on-write with another process loses this
  // reference with its PTE, not when wait frees the unpublished table.
  mmap_exit(curproc);
  kmuser_release(curproc);

  for(fd = 0; fd < NOFILE; fd++){
    if(curproc->ofile[fd]){
      fileclose(curproc->ofile[fd]);
      curproc->ofile[fd] = 0;
    }
  }
  begin_op();
  iput(curproc->cwd);
  end_op();
  curproc->cwd = 0;

  acquire(&ptable.lock);
  // The parent may be asleep in wait().
  wakeup1(curproc->parent);
  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
    if(p->parent == curproc){
      p->parent = initproc;
      if(p->state == ZOMBIE)
        wakeup1(initproc);
    }
  }
  curproc->state = ZOMBIE;
  sched();
  panic("exit: zombie ran");
}

// Free a ZOMBIE child and return its slot. Caller holds ptable.lock.
// Returns the child's page table, which the caller frees with freevm
// after releasing ptable.lock: a walk of a whole address space is too
// long to run with the process table locked.
static pde_t*
reapproc(struct proc *p)
{
  pde_t *pgdir;

  // A reader that found p through procget before it died may still be
  // walking its page table; taking the lock waits for it to finish,
  // and procget never hands out a ZOMBIE, so no new reader can come.
  acquire(&p->vmlock);
  release(&p->vmlock);

  kfree(p->kstack);
  p->kstack = 0;
  pgdir = p->pgdir;
  p->pgdir = 0;
  p->brk = p->brkbase = 0;
  p->pid = 0;
  p->parent = 0;
  p->name[0] = 0;
  p->killed = 0;
  p->state = UNUSED;
  return pgdir;
}

// Wait for a child to exit and free it. Returns its pid; -ECHILD if the
// caller has no children, -EINTR if it has been killed.
int
wait(void)
{
  struct proc *curproc = myproc();
  struct proc *p;
  pde_t *pgdir;
  int havekids, pid;

  acquire(&ptable.lock);
  for(;;){
    havekids = 0;
    for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
      if(p->parent != curproc)
        continue;
      havekids = 1;
      if(p->state == ZOMBIE){
        pid = p->pid;
        pgdir = reapproc(p);
        release(&ptable.lock);
        freevm(pgdir);
        return pid;
      }
    }
    if(!havekids || curproc->killed){
      release(&ptable.lock);
      return havekids ? -EINTR : -ECHILD;
    }
    // exit() wakes the parent's proc pointer as its channel.
    sleep(curproc, &ptable.lock);
  }
}

// Halt this CPU until the next interrupt: an idle CPU then stops
// burning the host's time. Interrupts must be enabled.
static void
idle(void)
{
  asm volatile("hlt");
}

// The per-CPU scheduler loop, entered once from boot and never left.
// Round-robin over the table: switch to each RUNNABLE process in turn;
// it switches back here (via sched) when it yields, sleeps or exits.
void
scheduler(void)
{
  struct proc *p;
  struct cpu *c = mycpu();
  int ran;

  c->proc = 0;
  for(;;){
    // Let devices interrupt between passes, or a CPU whose processes
    // all sleep on I/O would never see the completion.
    sti();

    ran = 0;
    acquire(&ptable.lock);
    for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
      if(p->state != RUNNABLE)
        continue;
      // The process releases ptable.lock (in forkret or after its own
      // sched) and takes it again before switching back.
      c->proc = p;
      switchuvm(p);
      p->state = RUNNING;
      swtch(&c->scheduler, p->context);
      switchkvm();
      c->proc = 0;
      ran = 1;
    }
    release(&ptable.lock);
    if(!ran)
      idle();
  }
}

// Give up the CPU to this CPU's scheduler. The caller holds ptable.lock
// and nothing else, and has already moved its state off RUNNING.
// intena belongs to this kernel thread, not the CPU, so it is saved
// across the switch.
void
sched(void)
{
  struct proc *p = myproc();
  int intena;

  if(!holding(&ptable.lock))
    panic("sched: ptable.lock not held");
  if(mycpu()->ncli != 1)
    panic("sched: locks held");
  if(p->state == RUNNING)
    panic("sched: still running");
  if(readeflags() & FL_IF)
    panic("sched: interruptible");
  intena = mycpu()->intena;
  swtch(&p->context, mycpu()->scheduler);
  mycpu()->intena = intena;
}

// Let another process run for a while (timer interrupt).
void
yield(void)
{
  acquire(&ptable.lock);
  myproc()->state = RUNNABLE;
  sched();
  release(&ptable.lock);
}

// Where every new process starts, on the first switch to it, still
// holding the scheduler's ptable.lock. Returns to trapret.
void
forkret(void)
{
  static int first = 1;

  release(&ptable.lock);
  if(first){
    // The file system needs a process context (it sleeps on disk I/O),
    // so it cannot be started from main.
    first = 0;
    iinit(ROOTDEV);
    initlog(ROOTDEV);
  }
}

// Sleep on chan, atomically giving up lk, and take lk again on waking.
// ptable.lock is taken before lk is dropped, so a wakeup (which needs
// ptable.lock) cannot slip in between the caller's test and the sleep.
void
sleep(void *chan, struct spinlock *lk)
{
  struct proc *p = myproc();

  if(p == 0)
    panic("sleep: no process");
  if(lk == 0)
    panic("sleep: no lock");

  if(lk != &ptable.lock){
    acquire(&ptable.lock);
    release(lk);
  }
  p->chan = chan;
  p->state = SLEEPING;
  sched();
  p->chan = 0;

  if(lk != &ptable.lock){
    release(&ptable.lock);
    acquire(lk);
  }
}

// Make every process sleeping on chan runnable. Caller holds
// ptable.lock.
static void
wakeup1(void *chan)
{
  struct proc *p;

  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
    if(p->state == SLEEPING && p->chan == chan)
      p->state = RUNNABLE;
  }
}

// Make every process sleeping on chan runnable.
void
wakeup(void *chan)
{
  acquire(&ptable.lock);
  wakeup1(chan);
  release(&ptable.lock);
}

// Mark process pid as killed; it exits the next time it crosses the
// user/kernel boundary. A sleeping victim is woken so that it notices
// (sleep loops check killed). Returns 0, -ESRCH if there is no such
// pid, or -EPERM if pid is init's: init adopts every orphan and must
// never exit (as in Linux, where init receives only the signals it
// chooses to handle).
int
kill(int pid)
{
  struct proc *p;

  acquire(&ptable.lock);
  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
    if(p->pid == pid && p->state != UNUSED){
      if(p == initproc){
        release(&ptable.lock);
        return -EPERM;
      }
      p->killed = 1;
      if(p->state == SLEEPING)
        p->state = RUNNABLE;
      release(&ptable.lock);
      return 0;
    }
  }
  release(&ptable.lock);
  return -ESRCH;
}

// Find the live process pid (SLEEPING, RUNNABLE or RUNNING) and return
// it with its vmlock held, so its page table and region tree stay put
// while the caller reads them. Returns 0 if there is none. The caller
// must not sleep and must end with procput.
struct proc*
procget(int pid)
{
  struct proc *p;

  acquire(&ptable.lock);
  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
    if(p->pid != pid)
      continue;
    if(p->state == SLEEPING || p->state == RUNNABLE ||
       p->state == RUNNING){
      acquire(&p->vmlock);
      release(&ptable.lock);
      return p;
    }
  }
  release(&ptable.lock);
  return 0;
}

// Let go of a process obtained from procget.
void
procput(struct proc *p)
{
  release(&p->vmlock);
}

// Print a line per process to the console, followed by its regions
// (mmap_dump); sleeping processes also get the call chain they sleep
// in. Runs on Ctrl-P without ptable.lock, so that a wedged kernel can
// still be inspected; the output may then be slightly inconsistent.
// EMBRYO children are listed too: fork builds (and on failure tears
// down) a child's regions under the child's vmlock, which mmap_dump
// takes, so their half-built tree is safe to read.
void
procdump(void)
{
  static char *states[] = {
  [UNUSED]    "unused",
  [EMBRYO]    "embryo",
  [SLEEPING]  "sleep ",
  [RUNNABLE]  "runble",
  [RUNNING]   "run   ",
  [ZOMBIE]    "zombie"
  };
  struct proc *p;
  char *state;
  uint pc[10];
  int i;

  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
    if(p->state == UNUSED)
      continue;
    if(p->state >= 0 && p->state < NELEM(states) && states[p->state])
      state = states[p->state];
    else
      state = "???";
    cprintf("%d %s %s", p->pid, state, p->name);
    if(p->state == SLEEPING){
      // The saved context sits at the top of the kernel stack; its ebp
      // starts the chain of frames that sleep was called through.
      getcallerpcs((uint*)p->context->ebp + 2, pc);
      for(i = 0; i < 10 && pc[i] != 0; i++)
        cprintf(" %p", pc[i]);
    }
    cprintf("\n");
    mmap_dump(p);
  }
}

// Call fn(live, n, arg), where live[0..n-1] are the process slots in
// use, in table order, all held still: ptable.lock and each one's
// vmlock are held across the call, so no process appears or goes away
// and none changes its regions or page table meanwhile. For the memory
// checker (vmcheck.c), which must see every address space at once. fn
// must not sleep or take ptable.lock or a vmlock. Returns what fn does.
int
procfrozen(int (*fn)(struct proc **live, int n, void *arg), void *arg)
{
  struct proc *p, *live[NPROC];
  int n = 0, r;

  acquire(&ptable.lock);
  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
    if(p->state == UNUSED)
      continue;
    acquire(&p->vmlock);
    live[n++] = p;
  }
  r = fn(live, n, arg);
  while(n > 0)
    release(&live[--n]->vmlock);
  release(&ptable.lock);
  return r;
}
