// vm.c: segments and two-level x86 page tables.
//
// Owns the shape of every page directory: the kernel half (identical in
// every process), the user half's page tables, the walk over the
// present PTEs of a range (uvm_nextpte), sharing pages copy-on-write
// for fork, and copying bytes into an address space, live or not
// (copyout). It is page tables only: it may not decide what lives at a
// user address (the regions do) and never calls up into mmap.c or
// image.c, which install pages here (walkpgdir, mappages); mmap.c owns
// the fault path, including uvmaccess, the check that faults in the
// pages behind a user buffer. Physical pages come from kalloc.c and go back through
// kfree, which is reference counted, so tearing down a mapping is
// always just "kfree the page".
//
// Every page directory maps the kernel at KERNBASE:
//   KERNBASE..KERNBASE+EXTMEM  -> 0..EXTMEM         I/O space, writable
//   KERNLINK..data             -> kernel text+rodata, read-only
//   data..KERNBASE+PHYSTOP     -> kernel data and free memory, writable
//   DEVSPACE..4 GiB            -> memory-mapped devices, identity
// None of these carry PTE_U, so user code can never reach them.

#include "param.h"
#include "types.h"
#include "defs.h"
#include "x86.h"
#include "memlayout.h"
#include "mmu.h"
#include "spinlock.h"
#include "rbtree.h"
#include "proc.h"

extern char data[];  // start of the kernel's data segment (kernel.ld)
static pde_t *kpgdir; // kernel-only page table, used by the scheduler

// Load this CPU's segment descriptors. Paging does all the protection,
// so the code and data segments span the whole 4 GiB; they differ only
// in privilege level. SEG_KCPU is the exception: it spans only this
// CPU's struct cpu and is loaded into %gs, so that mycpu() and myproc()
// (proc.c) find this CPU's entry with one load. Called once per CPU at
// boot, before anything on that CPU takes a lock.
void
seginit(void)
{
  struct cpu *c = apiccpu();

  c->gdt[SEG_KCODE] = SEG(STA_X|STA_R, 0, 0xffffffff, 0);
  c->gdt[SEG_KDATA] = SEG(STA_W, 0, 0xffffffff, 0);
  c->gdt[SEG_UCODE] = SEG(STA_X|STA_R, 0, 0xffffffff, DPL_USER);
  c->gdt[SEG_UDATA] = SEG(STA_W, 0, 0xffffffff, DPL_USER);
  c->gdt[SEG_KCPU] = SEG16(STA_W, c, sizeof(*c) - 1, 0);
  c->self = c;
  lgdt(c->gdt, sizeof(c->gdt));
  loadgs(SEG_KCPU << 3);
}

// The PTE for virtual address va in pgdir. If its page-table page is
// missing and alloc is set, allocate a zeroed one; otherwise return 0.
// Also returns 0 if that allocation fails. Page-table pages are mapped
// PTE_W|PTE_U in the directory so that the PTE alone decides access.
pte_t*
walkpgdir(pde_t *pgdir, const void *va, int alloc)
{
  pde_t *pde = &pgdir[PDX(va)];
  pte_t *table;

  if(*pde & PTE_P)
    return (pte_t*)P2V(PTE_ADDR(*pde)) + PTX(va);
  if(!alloc || (table = (pte_t*)kalloc()) == 0)
    return 0;
  memset(table, 0, PGSIZE);
  *pde = V2P(table) | PTE_P | PTE_W | PTE_U;
  return table + PTX(va);
}

// Map the pages covering [va, va+size) (size > 0) to consecutive
// physical addresses starting at pa, with permissions perm|PTE_P.
// Returns 0, or -1 if a page-table page could not be allocated; pages
// mapped before the failure stay mapped (freevm undoes them). Panics if
// a page is already mapped: callers must unmap first.
int
mappages(pde_t *pgdir, void *va, uint size, uint pa, int perm)
{
  uint a = PGROUNDDOWN((uint)va);
  uint last = PGROUNDDOWN((uint)va + size - 1);
  pte_t *pte;

  for(;;){
    if((pte = walkpgdir(pgdir, (void*)a, 1)) == 0)
      return -1;
    if(*pte & PTE_P)
      panic("mappages: remap");
    *pte = pa | perm | PTE_P;
    if(a == last)
      return 0;
    a += PGSIZE;
    pa += PGSIZE;
  }
}

// The next present PTE of pgdir at or after *va (page aligned) and
// below end (at most KERNBASE), skipping a missing page table in one
// step. Sets *va to that page's address and returns its PTE, or returns
// 0 if there is none, leaving *va alone. Walk a range with
//   for(va = start; va < end && (pte = uvm_nextpte(pgdir, &va, end)) != 0;
//       va += PGSIZE)
// (testing va < end first saves a call when the last page is present).
// The caller may change or clear the PTEs it is given.
pte_t*
uvm_nextpte(pde_t *pgdir, uint *va, uint end)
{
  uint a = *va;
  pde_t pde;
  pte_t *pte;

  while(a < end){
    pde = pgdir[PDX(a)];
    if(!(pde & PTE_P)){
      a = PGADDR(PDX(a) + 1, 0, 0);
      continue;
    }
    // Scan this page table up to its end or end, whichever is first.
    pte = (pte_t*)P2V(PTE_ADDR(pde)) + PTX(a);
    do {
      if(*pte & PTE_P){
        *va = a;
        return pte;
      }
      a += PGSIZE;
      pte++;
    } while(a < end && PTX(a) != 0);
  }
  return 0;
}

// The kernel half of every address space (see the top of the file).
static struct kmap {
  void *virt;
  uint pstart;
  uint pend;
  int perm;
} kmap[] = {
  { (void*)KERNBASE, 0,             EXTMEM,    PTE_W },
  { (void*)KERNLINK, V2P(KERNLINK), V2P(data), 0 },
  { (void*)data,     V2P(data),     PHYSTOP,   PTE_W },
  { (void*)DEVSPACE, DEVSPACE,      0,         PTE_W },  // pend wraps to 4G
};

// A new page directory holding only the kernel mappings. The first
// call (kvmalloc, at boot) builds the kernel's page tables; every later
// one shares them: the kernel half never changes after boot, so a new
// process costs one page here, not the 57 tables for all of physical
// memory. Returns 0 if memory runs out.
pde_t*
setupkvm(void)
{
  pde_t *pgdir;
  struct kmap *k;

  if((pgdir = (pde_t*)kalloc()) == 0)
    return 0;
  memset(pgdir, 0, PGSIZE);
  if(kpgdir){
    // The kernel half never changes after boot: share kpgdir's tables.
    memmove(&pgdir[PDX(KERNBASE)], &kpgdir[PDX(KERNBASE)],
            (NPDENTRIES - PDX(KERNBASE)) * sizeof(pde_t));
    return pgdir;
  }
  if(P2V(PHYSTOP) > (void*)DEVSPACE)
    panic("setupkvm: PHYSTOP too high");
  for(k = kmap; k < &kmap[NELEM(kmap)]; k++){
    // Only at boot, before any process exists: nothing to fail back to.
    if(mappages(pgdir, k->virt, k->pend - k->pstart, k->pstart,
                k->perm) < 0)
      panic("setupkvm: no memory for the kernel page tables");
  }
  return pgdir;
}

// Build the scheduler's kernel-only page table and switch to it.
// Called once at boot, on the boot CPU.
void
kvmalloc(void)
{
  if((kpgdir = setupkvm()) == 0)
    panic("kvmalloc: out of memory");
  switchkvm();
}

// Run on the kernel-only page table (when no process is running).
void
switchkvm(void)
{
  lcr3(V2P(kpgdir));
}

// Make p's address space and kernel stack the current ones on this
// CPU: the TSS tells the CPU which stack to use on a trap from user
// mode, and cr3 selects p's page directory.
void
switchuvm(struct proc *p)
{
  struct cpu *c;

  if(p == 0)
    panic("switchuvm: no process");
  if(p->kstack == 0)
    panic("switchuvm: no kstack");
  if(p->pgdir == 0)
    panic("switchuvm: no pgdir");

  pushcli();
  c = mycpu();
  c->gdt[SEG_TSS] = SEG16(STS_T32A, &c->ts, sizeof(c->ts)-1, 0);
  c->gdt[SEG_TSS].s = 0;  // a system descriptor, not code or data
  c->ts.ss0 = SEG_KDATA << 3;
  c->ts.esp0 = (uint)p->kstack + KSTACKSIZE;
  // An I/O map base past the segment limit denies user port I/O.
  c->ts.iomb = (ushort)0xFFFF;
  ltr(SEG_TSS << 3);
  lcr3(V2P(p->pgdir));
  popcli();
}

// Free every page-table page of pgdir that covers part of [start, end)
// (end at most KERNBASE) and holds no present PTE, and clear its PDE,
// as Linux's free_pgtables does after an unmap. A PROT_NONE page is
// present (kernel only), so its table stays. Call after clearing the
// PTEs of the range, under the same lock that covered that; a table
// the range only partly covers is scanned whole, so the cost is at
// most two extra tables' scans. The caller flushes the TLB before the
// process next runs in user mode, as for the pages themselves.
void
uvm_freetables(pde_t *pgdir, uint start, uint end)
{
  pte_t *table;
  uint i, j;

  if(start >= end)
    return;
  if(end > KERNBASE)
    panic("uvm_freetables: range reaches the kernel");
  for(i = PDX(start); i <= PDX(end - 1); i++){
    if(!(pgdir[i] & PTE_P))
      continue;
    table = (pte_t*)P2V(PTE_ADDR(pgdir[i]));
    for(j = 0; j < NPTENTRIES && !(table[j] & PTE_P); j++)
      ;
    if(j < NPTENTRIES)
      continue;
    pgdir[i] = 0;
    kfree((char*)table);
  }
}

// Free an address space: every present page below KERNBASE (normally
// none are left: exit and exec free them with their regions; an image
// that exec gave up on still holds its stack page),
// then the user page-table pages, then pgdir itself. The kernel half's
// page tables belong to kpgdir, shared by every process (setupkvm), so
// they are left alone. Accepts a half-built pgdir (fork's failure
// path). pgdir must not be live on any CPU.
void
freevm(pde_t *pgdir)
{
  pte_t *pte;
  uint va, end, i;

  if(pgdir == 0)
    panic("freevm: no pgdir");
  for(i = 0; i < PDX(KERNBASE); i++){
    if(!(pgdir[i] & PTE_P))
      continue;
    end = PGADDR(i + 1, 0, 0);
    for(va = PGADDR(i, 0, 0);
        va < end && (pte = uvm_nextpte(pgdir, &va, end)) != 0; va += PGSIZE)
      kfree(P2V(PTE_ADDR(*pte)));
    kfree(P2V(PTE_ADDR(pgdir[i])));
  }
  kfree((char*)pgdir);
}

// The end of the page table's span that holds va, or end if that
// comes first: the step of every walk that goes a page table at a time
// (one vmlock hold, or one table's tight loop).
uint
uvm_tableend(uint va, uint end)
{
  uint next = PGADDR(PDX(va) + 1, 0, 0);

  return next > end || next == 0 ? end : next;
}

// The page table of pgdir that maps va (indexed by PTX), or 0 if it is
// missing.
static pte_t*
table_of(pde_t *pgdir, uint va)
{
  pde_t pde = pgdir[PDX(va)];

  return (pde & PTE_P) ? (pte_t*)P2V(PTE_ADDR(pde)) : 0;
}

// Mark every present writable page of [start, end) of pgdir
// copy-on-write, for fork: clear PTE_W, set PTE_COW. Other pages are
// left as they are. The caller holds the owner's vmlock and flushes its
// TLB before it next runs in user mode.
void
uvm_cowmark(pde_t *pgdir, uint start, uint end)
{
  pte_t *t;
  uint va, next;

  // Table by table, as uvmshare: fork runs this for every page.
  for(va = start; va < end; va = next){
    next = uvm_tableend(va, end);
    if((t = table_of(pgdir, va)) == 0)
      continue;
    for(; va < next; va += PGSIZE){
      if((t[PTX(va)] & (PTE_P|PTE_W)) == (PTE_P|PTE_W))
        t[PTX(va)] = (t[PTX(va)] & ~PTE_W) | PTE_COW;
    }
  }
}

// Share every present page of [start, end) of src into dst at the same
// address, for fork: copy-on-write instead of a copy. src's pages must
// have been marked first (uvm_cowmark), so none is writable: each new
// PTE is src's, without the accessed and dirty bits, and each page
// gains a reference. Returns 0, or -1 if a page table for dst cannot be
// had; the pages shared until then stay in dst (the caller frees them),
// and those of src stay copy-on-write, which is still correct
// (cow_break reuses a page nobody else holds). The caller holds dst's
// owner's vmlock: vmcheck counts PTEs against reference counts.
int
uvmshare(pde_t *src, pde_t *dst, uint start, uint end)
{
  pte_t *s, *d;
  uint va, next;

  // Table by table, then PTE by PTE in a tight loop: fork runs this for
  // every page a process has, and a call per page (uvm_nextpte,
  // walkpgdir) would cost as much as the sharing itself.
  for(va = start; va < end; va = next){
    next = uvm_tableend(va, end);
    if((s = table_of(src, va)) == 0)
      continue;
    d = 0;
    for(; va < next; va += PGSIZE){
      if(!(s[PTX(va)] & PTE_P))
        continue;
      if(s[PTX(va)] & PTE_W)
        panic("uvmshare: writable page not marked copy-on-write");
      if(d == 0){
        if((d = walkpgdir(dst, (void*)va, 1)) == 0)
          return -1;
        d -= PTX(va);
      }
      kref(P2V(PTE_ADDR(s[PTX(va)])));
      d[PTX(va)] = s[PTX(va)] & ~(PTE_A|PTE_D);
    }
  }
  return 0;
}

// Copy len bytes from kernel buffer p to user address va of pgdir,
// which need not be the live page table (exec fills a new one). Returns
// 0, or -1 if some page in the range is not present, user-accessible
// and writable; a copy-on-write page counts as not writable, so this
// never writes through a page another process shares. Does not fault in
// mmap pages or break copy-on-write: callers on the live table use
// uvmaccess(write) first, which does both.
int
copyout(pde_t *pgdir, uint va, void *p, uint len)
{
  char *src = (char*)p;
  uint page, n, need = PTE_P|PTE_U|PTE_W;
  pte_t *pte;

  while(len > 0){
    page = PGROUNDDOWN(va);
    pte = walkpgdir(pgdir, (char*)page, 0);
    if(pte == 0 || (*pte & need) != need)
      return -1;
    n = PGSIZE - (va - page);
    if(n > len)
      n = len;
    memmove((char*)P2V(PTE_ADDR(*pte)) + (va - page), src, n);
    len -= n;
    src += n;
    va = page + PGSIZE;
  }
  return 0;
}
