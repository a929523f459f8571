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
// To see a consistent picture it holds ptable.lock and every process's
// vmlock while it looks: every change to mmap-area PTEs happens under
// the owner's vmlock (mmap.c, exec's switch of page tables, fork's
// unwinding) or under ptable.lock (wait freeing a zombie).

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

// Call fn on every present PTE of pgdir in [start, end).
static int
walk_ptes(pde_t *pgdir, uint start, uint end, struct violation *bad,
          int (*fn)(pte_t*, uint, void*, struct violation*), void *arg)
{
  uint va;
  pte_t *pte;

  for(va = start; va < end; ){
    if(!(pgdir[PDX(va)] & PTE_P)){
      va = (PDX(va) + 1) << PDXSHIFT;
      continue;
    }
    pte = walkpgdir(pgdir, (void*)va, 0);
    if(pte && (*pte & PTE_P) && fn(pte, va, arg, bad) < 0)
      return -1;
    va += PGSIZE;
  }
  return 0;
}

static int
fail(struct violation *bad, const char *why, uint va)
{
  bad->why = why;
  bad->va = va;
  return -1;
}

// A present user page of process arg: allowed where and as it is?
static int
check_pte(pte_t *pte, uint va, void *arg, struct violation *bad)
{
  struct proc *p = arg;
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
count_pte(pte_t *pte, uint va, void *arg, struct violation *bad)
{
  uint pa = PTE_ADDR(*pte);

  if(pa >= PHYSTOP)
    return fail(bad, "page outside physical memory", va);
  maprefs[pa / PGSIZE]++;
  return 0;
}

static int
uncount_pte(pte_t *pte, uint va, void *arg, struct violation *bad)
{
  uint pa = PTE_ADDR(*pte);

  if(pa < PHYSTOP)
    maprefs[pa / PGSIZE] = 0;
  return 0;
}

static int
compare_pte(pte_t *pte, uint va, void *arg, struct violation *bad)
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

// Walk every process's mmap area with fn; stop at the first violation.
static int
walk_all(struct violation *bad,
         int (*fn)(pte_t*, uint, void*, struct violation*))
{
  struct proc *q;
  int i;

  for(i = 0; i < NPROC; i++){
    q = procslot(i);
    if(has_pgdir(q) &&
       walk_ptes(q->pgdir, MMAPBASE, MMAPTOP, bad, fn, 0) < 0)
      return -1;
  }
  return 0;
}

static int
check_refcounts(struct violation *bad)
{
  int r;

  r = walk_all(bad, count_pte);
  if(r == 0)
    r = walk_all(bad, compare_pte);
  walk_all(bad, uncount_pte);
  return r;
}

static int
check_proc(struct proc *p, struct violation *bad)
{
  const char *why;
  int n;

  n = vma_validate(&p->vmroot, MMAPBASE, MMAPTOP, &why);
  if(n < 0)
    return fail(bad, why, 0);
  if(n != p->nvma)
    return fail(bad, "region count differs from p->nvma", 0);
  return walk_ptes(p->pgdir, 0, KERNBASE, bad, check_pte, p);
}

// Append s to the message in buf (n bytes, NUL-terminated).
static void
put_str(char *buf, int n, const char *s)
{
  int i = strlen(buf);

  while(*s && i < n - 1)
    buf[i++] = *s++;
  buf[i] = 0;
}

static void
put_hex(char *buf, int n, uint x)
{
  char s[11];
  int i;

  s[0] = '0';
  s[1] = 'x';
  for(i = 0; i < 8; i++)
    s[2 + i] = "0123456789abcdef"[(x >> (28 - 4*i)) & 0xF];
  s[10] = 0;
  put_str(buf, n, s);
}

// Check process pid (0: the caller) and the reference counts of all
// mmap-area pages. Returns 0 if all is well, -1 if there is no such
// process, 1 with the first violation written to msg (n bytes, already
// checked writable by the caller).
int
vmcheck(int pid, char *msg, int n)
{
  struct violation bad = { 0, 0 };
  struct proc *p = 0, *q;
  uchar locked[NPROC];
  int i, r;

  if(pid == 0)
    pid = myproc()->pid;
  ptable_acquire();
  for(i = 0; i < NPROC; i++){
    q = procslot(i);
    locked[i] = q->state != UNUSED;
    if(!locked[i])
      continue;
    acquire(&q->vmlock);
    if(q->pid == pid && q->state != ZOMBIE && q->state != EMBRYO)
      p = q;
  }
  r = -1;
  if(p){
    r = 0;
    if(check_proc(p, &bad) < 0 || check_refcounts(&bad) < 0)
      r = 1;
  }
  for(i = NPROC - 1; i >= 0; i--)
    if(locked[i])
      release(&procslot(i)->vmlock);
  ptable_release();

  if(r == 1 && n > 0){
    msg[0] = 0;
    put_str(msg, n, bad.why);
    if(bad.va){
      put_str(msg, n, " at ");
      put_hex(msg, n, bad.va);
    }
  }
  return r;
}
