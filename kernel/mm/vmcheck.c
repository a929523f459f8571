// vmcheck.c: the memory-system invariant checker behind the vmcheck
// system call, used by tests and the fuzzer after every step.
//
// It reads, and never changes, three things:
//   1. the process's region tree: every red-black invariant, the gap
//      summaries, no overlap, page alignment, regions below KERNBASE,
//      no mergeable neighbours left unmerged (vma_validate);
//   2. the process's page table: every present user page lies inside a
//      region (program, heap and stack are regions too: no page of a
//      process lies outside its tree), with permissions no wider than
//      the region's; no page is both writable
//      and copy-on-write; and no page that is mapped elsewhere too
//      (reference count above 1) is writable unless it lies in a
//      MAP_SHARED region: copy-on-write is never bypassed;
//   3. every process's user pages: each
//      physical page's reference count (kalloc.c) equals the number of
//      PTEs that point at it, plus one for the page cache's own
//      reference if it is a cache page;
//   4. every cache page (pcache_check): count 1 + its PTEs, writable
//      PTEs as counted (wmaps), writable means dirty, and a dirty page
//      belongs to a live inode.
// It returns the first violation as a message instead of panicking.
//
// Any user may call it in a loop, so what it does with a spinlock held
// (interrupts off) is bounded:
//   1 runs under the process's vmlock alone (procget), at most VMA_MAX
//     nodes;
//   2 takes the vmlock again for each page table, so one hold reads at
//     most one table (1024 PTEs), checked against the tree as it is at
//     that moment: every change to PTEs and to the tree happens under
//     the owner's vmlock, so each table is seen consistent with the
//     tree, and a process that goes away meanwhile ends the check;
//   3 must see every address space at once, so it runs with every
//     process held still (proc.c's procfrozen: ptable.lock and every
//     vmlock), and only when all user address spaces together hold at
//     most VMCHECK_TABLES page tables plus one per process (its program,
//     stack and heap, in every ordinary program a single table: the
//     lowest 4 MiB), counted first from the
//     directories (at most NPROC * 512 entries); past that it is
//     skipped, and
//     vmcheck checks 1 and 2 alone. Every test and fuzz run stays
//     under the bound; docs/reliability.md gives the worst cases.
// Only proc.c may hold the process table, so this is the one place the
// memory code calls proc.c for more than myproc(): procget and
// procfrozen.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "spinlock.h"
#include "proc.h"
#include "mman.h"
#include "vma.h"

// PTEs seen per physical page during a check, and how many of them are
// writable; all zero between checks (each check zeroes what it counted,
// which is far cheaper than clearing the arrays). Guarded by
// ptable.lock, which the checker holds throughout.
static ushort maprefs[PHYSTOP / PGSIZE];
static ushort wrefs[PHYSTOP / PGSIZE];

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

// A present page of region v: permissions no wider than v's?
static int
check_region(struct vma *v, pte_t *pte, uint va, struct violation *bad)
{
  if((*pte & PTE_U) && v->vm_prot == PROT_NONE)
    return fail(bad, "user access to a PROT_NONE page", va);
  if((*pte & PTE_W) && !(v->vm_prot & PROT_WRITE))
    return fail(bad, "writable page in a region without PROT_WRITE", va);
  return 0;
}

// A present user page of process p: allowed where and as it is?
static int
check_pte(struct proc *p, pte_t *pte, uint va, struct violation *bad)
{
  struct vma *v;

  if(PTE_ADDR(*pte) >= PHYSTOP)
    return fail(bad, "page outside physical memory", va);
  if((*pte & (PTE_W|PTE_COW)) == (PTE_W|PTE_COW))
    return fail(bad, "page both writable and copy-on-write", va);
  if((v = vma_find(&p->vmroot, va)) == 0)
    return fail(bad, "page mapped outside every region", va);
  // A private page that is writable must be this PTE's alone: anything
  // else would bypass copy-on-write.
  if(!(v->vm_flags & MAP_SHARED) && (*pte & PTE_W) &&
     krefcount(P2V(PTE_ADDR(*pte))) > 1)
    return fail(bad, "writable private page shared with another mapping",
                va);
  return check_region(v, pte, va, bad);
}

static int
count_pte(pte_t *pte, uint va, struct violation *bad)
{
  uint pa = PTE_ADDR(*pte);

  if(pa >= PHYSTOP)
    return fail(bad, "page outside physical memory", va);
  maprefs[pa / PGSIZE]++;
  if(*pte & PTE_W)
    wrefs[pa / PGSIZE]++;
  return 0;
}

static int
uncount_pte(pte_t *pte, uint va, struct violation *bad)
{
  uint pa = PTE_ADDR(*pte);

  if(pa < PHYSTOP)
    maprefs[pa / PGSIZE] = wrefs[pa / PGSIZE] = 0;
  return 0;
}

static int
compare_pte(pte_t *pte, uint va, struct violation *bad)
{
  uint pa = PTE_ADDR(*pte);

  if(krefcount(P2V(pa)) != maprefs[pa / PGSIZE] + pcache_holds(P2V(pa)))
    return fail(bad, "page reference count differs from its mappings", va);
  return 0;
}

// Does process q have a page table the checker may read?
static int
has_pgdir(struct proc *q)
{
  return q->state != UNUSED && q->pgdir != 0;
}

// Call fn on every present user PTE of
// every process in live[0..n-1]; stop at the first violation.
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
    for(va = 0;
        va < KERNBASE && (pte = uvm_nextpte(live[i]->pgdir, &va, KERNBASE)) != 0;
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
  const char *why;
  uint pa;
  int r;

  r = walk_all(live, n, bad, count_pte);
  if(r == 0)
    r = walk_all(live, n, bad, compare_pte);
  if(r == 0 && pcache_check(maprefs, wrefs, &why, &pa) < 0)
    r = fail(bad, why, pa);
  walk_all(live, n, bad, uncount_pte);
  return r;
}

// Present user page tables of live[0..n-1].
static int
count_tables(struct proc **live, int n)
{
  int i, t = 0;
  uint d;

  for(i = 0; i < n; i++){
    if(!has_pgdir(live[i]))
      continue;
    for(d = 0; d < PDX(KERNBASE); d++)
      if(live[i]->pgdir[d] & PTE_P)
        t++;
  }
  return t;
}

// With every process in live[0..n-1] held still (procfrozen): check
// every reference count, if the address spaces are small enough to
// walk: VMCHECK_TABLES page tables, plus one per process for its program
// (see the top of the file). Returns 1 with *arg (a violation) filled
// in, else 0.
static int
check_frozen(struct proc **live, int n, void *arg)
{
  if(count_tables(live, n) > VMCHECK_TABLES + n)
    return 0;
  return check_refcounts(live, n, arg) < 0 ? 1 : 0;
}

// Check the tree of process pid: returns -1 if there is no such live
// process, 1 with *bad filled in, else 0. One vmlock hold.
static int
check_tree(int pid, struct violation *bad)
{
  struct proc *p;
  const char *why;
  int n, r = 0;

  if((p = procget(pid)) == 0)
    return -1;
  n = vma_validate(&p->vmroot, 0, KERNBASE, &why);
  if(n < 0)
    r = fail(bad, why, 0);
  else if(n != p->nvma)
    r = fail(bad, "region count differs from p->nvma", 0);
  procput(p);
  return r < 0 ? 1 : 0;
}

// Check every present user page of process pid against its tree, one
// page table per vmlock hold. Returns 1 with *bad filled in, else 0
// (also if the process goes away part way).
static int
check_pages(int pid, struct violation *bad)
{
  struct proc *p;
  pte_t *pte;
  uint d, va, end;
  int r = 0;

  for(d = 0; d < PDX(KERNBASE) && r == 0; d++){
    if((p = procget(pid)) == 0)
      return 0;
    end = PGADDR(d + 1, 0, 0);
    for(va = PGADDR(d, 0, 0);
        va < end && (pte = uvm_nextpte(p->pgdir, &va, end)) != 0;
        va += PGSIZE){
      if((r = check_pte(p, pte, va, bad)) < 0)
        break;
    }
    procput(p);
  }
  return r < 0 ? 1 : 0;
}

// Check process pid (0: the caller) and, if the system's address
// spaces are small enough, the reference counts of every process's user
// pages (see the top of the file). Returns 0 if all is well, -1 if there is no such
// live process, 1 with the first violation written to msg (n bytes,
// already checked writable by the caller). May be called in a loop by
// any process: no spinlock is held for more than the bounded steps
// above.
int
vmcheck(int pid, char *msg, int n)
{
  struct violation bad = { 0, 0 };
  int r;

  if(pid == 0)
    pid = myproc()->pid;
  r = check_tree(pid, &bad);
  if(r == 0)
    r = check_pages(pid, &bad);
  if(r == 0)
    r = procfrozen(check_frozen, &bad);
  // Written after the locks are let go: msg is user memory.
  if(r == 1 && n > 0){
    msg[0] = 0;
    fmtstr(msg, n, bad.why);
    if(bad.va){
      fmtstr(msg, n, " at ");
      fmtnum(msg, n, bad.va, 16, 8);
    }
  }
  return r;
}
