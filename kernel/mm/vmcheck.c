// vmcheck.c: the memory-system invariant checker behind the vmcheck
// system call, used by tests and the fuzzer after every step.
//
// It reads, and never changes, three things:
//   1. the process's region tree: every red-black invariant, the gap
//      summaries, no overlap, page alignment, regions inside the mmap
//      area, no mergeable neighbours left unmerged (vma_validate);
//   2. the process's page table: every present user page lies in the
//      program/heap/stack (below p->sz) or inside a region, with
//      permissions no wider than the region's;
//   3. every process's mmap-area pages: each physical page's reference
//      count (kalloc.c) equals the number of PTEs that point at it.
// It returns the first violation as a message instead of panicking.
//
// To see a consistent picture it looks while ptable.lock and every
// process's vmlock are held: every change to mmap-area PTEs happens
// under the owner's vmlock (mmap.c, exec's switch of page tables, fork's
// unwinding) or under ptable.lock (wait freeing a zombie). Only proc.c
// may hold the process table, so this is the one place the memory code
// calls proc.c for more than myproc(): procfrozen holds every process
// still and calls back down into the checker with the list of them.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "spinlock.h"
#include "proc.h"
#include "mman.h"
#include "vma.h"

// PTEs seen per physical page during a check; all zero between checks
// (each check zeroes what it counted, which is far cheaper than
// clearing the array). Guarded by ptable.lock, which the checker holds
// throughout.
static ushort maprefs[PHYSTOP / PGSIZE];

struct violation {
  const char *why;
  uint va;
};

static int
fail(struct violation *bad, const char *why, uint va)
{
  bad->why = why;
  bad->va = va;
  return -1;
}

// A present user page of process p: allowed where and as it is?
static int
check_pte(struct proc *p, pte_t *pte, uint va, struct violation *bad)
{
  struct vma *v;

  if(va < p->sz)
    return 0;
  if(va < MMAPBASE)
    return fail(bad, "page mapped between the heap and the mmap area", va);
  if((v = vma_find(&p->vmroot, va)) == 0)
    return fail(bad, "page mapped outside every region", va);
  if((*pte & PTE_U) && v->vm_prot == PROT_NONE)
    return fail(bad, "user access to a PROT_NONE page", va);
  if((*pte & PTE_W) && !(v->vm_prot & PROT_WRITE))
    return fail(bad, "writable page in a region without PROT_WRITE", va);
  return 0;
}

static int
count_pte(pte_t *pte, uint va, struct violation *bad)
{
  uint pa = PTE_ADDR(*pte);

  if(pa >= PHYSTOP)
    return fail(bad, "page outside physical memory", va);
  maprefs[pa / PGSIZE]++;
  return 0;
}

static int
uncount_pte(pte_t *pte, uint va, struct violation *bad)
{
  uint pa = PTE_ADDR(*pte);

  if(pa < PHYSTOP)
    maprefs[pa / PGSIZE] = 0;
  return 0;
}

static int
compare_pte(pte_t *pte, uint va, struct violation *bad)
{
  uint pa = PTE_ADDR(*pte);

  if(krefcount(P2V(pa)) != maprefs[pa / PGSIZE])
    return fail(bad, "page reference count differs from its mappings", va);
  return 0;
}

// Does process q have a page table the checker may read?
static int
has_pgdir(struct proc *q)
{
  return q->state != UNUSED && q->pgdir != 0;
}

// Call fn on every present PTE of the mmap area of every process in
// live[0..n-1]; stop at the first violation.
static int
walk_all(struct proc **live, int n, struct violation *bad,
         int (*fn)(pte_t*, uint, struct violation*))
{
  pte_t *pte;
  uint va;
  int i;

  for(i = 0; i < n; i++){
    if(!has_pgdir(live[i]))
      continue;
    for(va = MMAPBASE;
        va < MMAPTOP && (pte = uvm_nextpte(live[i]->pgdir, &va, MMAPTOP)) != 0;
        va += PGSIZE){
      if(fn(pte, va, bad) < 0)
        return -1;
    }
  }
  return 0;
}

static int
check_refcounts(struct proc **live, int n, struct violation *bad)
{
  int r;

  r = walk_all(live, n, bad, count_pte);
  if(r == 0)
    r = walk_all(live, n, bad, compare_pte);
  walk_all(live, n, bad, uncount_pte);
  return r;
}

static int
check_proc(struct proc *p, struct violation *bad)
{
  const char *why;
  pte_t *pte;
  uint va;
  int n;

  n = vma_validate(&p->vmroot, MMAPBASE, MMAPTOP, &why);
  if(n < 0)
    return fail(bad, why, 0);
  if(n != p->nvma)
    return fail(bad, "region count differs from p->nvma", 0);
  for(va = 0;
      va < KERNBASE && (pte = uvm_nextpte(p->pgdir, &va, KERNBASE)) != 0;
      va += PGSIZE){
    if(check_pte(p, pte, va, bad) < 0)
      return -1;
  }
  return 0;
}

// What vmcheck asks of check_all, and what it finds.
struct check {
  int pid;
  struct violation bad;
};

// With every process in live[0..n-1] held still (procfrozen): check
// process c->pid and every reference count. Returns vmcheck's result.
static int
check_all(struct proc **live, int n, void *arg)
{
  struct check *c = arg;
  struct proc *p = 0;
  int i;

  for(i = 0; i < n; i++){
    if(live[i]->pid == c->pid && live[i]->state != ZOMBIE &&
       live[i]->state != EMBRYO)
      p = live[i];
  }
  if(p == 0)
    return -1;
  if(check_proc(p, &c->bad) < 0 || check_refcounts(live, n, &c->bad) < 0)
    return 1;
  return 0;
}

// Check process pid (0: the caller) and the reference counts of all
// mmap-area pages. Returns 0 if all is well, -1 if there is no such
// process, 1 with the first violation written to msg (n bytes, already
// checked writable by the caller).
int
vmcheck(int pid, char *msg, int n)
{
  struct check c = { 0, { 0, 0 } };
  int r;

  c.pid = pid ? pid : myproc()->pid;
  r = procfrozen(check_all, &c);
  // Written after the locks are let go: msg is user memory.
  if(r == 1 && n > 0){
    msg[0] = 0;
    fmtstr(msg, n, c.bad.why);
    if(c.bad.va){
      fmtstr(msg, n, " at ");
      fmtnum(msg, n, c.bad.va, 16, 8);
    }
  }
  return r;
}
