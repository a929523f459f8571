// The one list of kernel functions shared between files, by file.
// Structures live in their own headers (proc.h, file.h, ...).

struct buf;
struct context;
struct file;
struct inode;
struct pipe;
struct proc;
struct rtcdate;
struct spinlock;
struct sleeplock;
struct stat;
struct superblock;
struct kmstat;
struct vmregion;
struct vma;
struct image;
struct rb_node;

// bio.c
void            binit(void);
struct buf*     bread(uint, uint);
void            brelse(struct buf*);
void            bwrite(struct buf*);

// console.c
void            consoleinit(void);
void            cprintf(char*, ...);
void            consoleintr(int(*)(void));
void            panic(char*) __attribute__((noreturn));

// exec.c
int             exec(char*, char**);

// file.c
struct file*    filealloc(void);
void            fileclose(struct file*);
struct file*    filedup(struct file*);
void            fileinit(void);
int             fileread(struct file*, char*, int n);
int             filestat(struct file*, struct stat*);
int             filewrite(struct file*, char*, int n);

// fmt.c
char*           fmtstr(char *buf, int n, const char *s);
char*           fmtnum(char *buf, int n, uint x, int base, int width);

// fs.c
void            readsb(int dev, struct superblock *sb);
int             dirlink(struct inode*, char*, uint);
struct inode*   dirlookup(struct inode*, char*, uint*, int*);
struct inode*   ialloc(uint, short, int*);
struct inode*   idup(struct inode*);
void            iinit(int dev);
void            ilock(struct inode*);
char*           ipage(struct inode*, uint pn);
void            iput(struct inode*);
void            iunlock(struct inode*);
void            iunlockput(struct inode*);
void            iupdate(struct inode*);
void            itrunc(struct inode*);
int             iwriteback(struct inode*, uint lo, uint hi);
int             namecmp(const char*, const char*);
struct inode*   namei(char*, int*);
struct inode*   nameiparent(char*, char*, int*);
int             readi(struct inode*, char*, uint, uint);
void            stati(struct inode*, struct stat*);
int             writei(struct inode*, char*, uint, uint);

// ide.c
void            ideinit(void);
void            ideintr(void);
void            iderw(struct buf*);

// ioapic.c
extern uchar    ioapicid;
void            ioapicinit(void);
void            ioapicenable(int irq, int cpu);

// kalloc.c
char*           kalloc(void);
void            kfree(char*);
void            kinit1(void*, void*);
void            kinit2(void*, void*);
int             kfreecount(void);
int             kavailable(uint n);
void            kref(char*);
void            krefs(char**, int n);
int             krefcount(char*);
int             failalloc(int n);
int             failnow(void);

// kbd.c
void            kbdintr(void);

// kmalloc.c
void*           kmalloc(uint);
void            kmfree(void*);
void            kmstat(struct kmstat*);
uint            kmbytes(void);

// kmuser.c
void*           kmuser_alloc(uint, int*);
int             kmuser_free(void*);
void            kmuser_release(struct proc*);

// lapic.c
void            cmostime(struct rtcdate *r);
int             lapicid(void);
extern volatile uint*    lapic;
void            lapiceoi(void);
void            lapicinit(void);
void            lapicstartap(uchar, uint);
void            microdelay(int);

// log.c
void            initlog(int dev);
void            log_write(struct buf*);
void            begin_op();
void            end_op();

// mmap.c
int             mmap_fault(struct proc*, uint va, int write);
int             mmap_fork(struct proc *parent, struct proc *child);
void            mmap_exit(struct proc*);
void            mmap_dump(struct proc*);
uint            mmap_map(struct proc*, uint addr, uint len, int prot,
                         int flags, struct file*, int off);
int             mmap_unmap(struct proc*, uint addr, uint len);
int             mmap_protect(struct proc*, uint addr, uint len, int prot);
int             mmap_sync(struct proc*, uint addr, uint len, int flags);
void            mmap_truncated(struct proc*, struct inode*);
int             mmap_regions(struct proc*, struct vmregion*, int max);
int             uvmaccess(struct proc*, uint va, uint n, int write);
int             mmap_brk(struct proc*, int n);
uint            prot_pte(int prot);
struct vma*     vma_alloc(void);
void            vma_free(struct vma*);
void            vma_freetree(struct rb_node*);

// image.c
int             image_init(struct image*);
int             image_segment(struct image*, struct file*, uint va, uint off,
                              uint filesz, uint memsz, int prot);
int             image_stack(struct image*, uint *stacktop);
int             image_initcode(struct image*, char *code, uint sz);
void            image_install(struct proc*, struct image*);
void            image_free(struct image*);

// vmcheck.c
int             vmcheck(int pid, char *msg, int n);

// vma.c and rbtree.c: declared in vma.h and rbtree.h, which are
// self-contained so that host tests can include them.

// mp.c
extern int      ismp;
void            mpinit(void);

// picirq.c
void            picinit(void);

// pagecache.c
void            pcacheinit(void);
char*           pcache_get(struct inode*, uint pn);
int             pcache_read(struct inode*, uint pn, char *dst, uint off,
                            uint n);
int             pcache_write(struct inode*, uint pn, char *src, uint off,
                             uint n);
char*           pcache_add(struct inode*, uint pn, char *mem);
void            pcache_unpin(char *mem);
int             pcache_mapfault(struct inode*, uint pn, int write, uint lo,
                                uint hi, int (*map)(void*, uint, char*, int),
                                void *arg);
int             pcache_cached(char *mem);
int             pcache_holds(char *mem);
int             pcache_mkwrite(char *mem);
int             pcache_unwrite(char *mem);
int             pcache_ndirty(struct inode*);
char*           pcache_nextdirty(struct inode*, uint *pn, uint hi,
                                 int *cleaned);
void            pcache_writefailed(char *mem);
int             pcache_truncate(struct inode*, uint pn);
int             pcache_owns(struct inode*);
int             pcache_reclaim(void);
uint            pcache_size(void);
void            pcache_stat(struct kmstat*);
int             pcache_check(ushort *maprefs, ushort *wrefs,
                             const char **why, uint *pa);

// pipe.c
int             pipealloc(struct file**, struct file**);
void            pipeclose(struct pipe*, int);
int             piperead(struct pipe*, char*, int);
int             pipewrite(struct pipe*, char*, int);

// proc.c
int             cpuid(void);
struct cpu*     apiccpu(void);
void            exit(void);
int             fork(void);
int             kill(int);
struct cpu*     mycpu(void);
struct proc*    myproc();
void            pinit(void);
void            procdump(void);
void            scheduler(void) __attribute__((noreturn));
void            sched(void);
void            sleep(void*, struct spinlock*);
void            userinit(void);
int             wait(void);
void            wakeup(void*);
void            yield(void);
struct proc*    procget(int pid);
void            procput(struct proc*);
int             procfrozen(int (*fn)(struct proc**, int, void*), void *arg);

// swtch.S
void            swtch(struct context**, struct context*);

// spinlock.c
void            acquire(struct spinlock*);
void            getcallerpcs(void*, uint*);
int             holding(struct spinlock*);
void            initlock(struct spinlock*, char*);
void            release(struct spinlock*);
void            pushcli(void);
void            popcli(void);

// sleeplock.c
void            acquiresleep(struct sleeplock*);
void            releasesleep(struct sleeplock*);
int             holdingsleep(struct sleeplock*);
void            initsleeplock(struct sleeplock*, char*);

// string.c
int             memcmp(const void*, const void*, uint);
void*           memmove(void*, const void*, uint);
void*           memset(void*, int, uint);
char*           safestrcpy(char*, const char*, int);
int             strlen(const char*);
int             strncmp(const char*, const char*, uint);
char*           strncpy(char*, const char*, int);

// sysfile.c
struct file*    fdfile(int fd);

// syscall.c
int             argint(int, int*);
int             argints(int n, int *a);
int             argptr(int, char**, int);
int             argoutptr(int, char**, int);
int             argstr(int, char*, int);
int             fetchint(uint, int*);
int             fetchstr(uint, char*, int);
void            syscall(void);

// trap.c
void            idtinit(void);
extern uint     ticks;
void            tvinit(void);
extern struct spinlock tickslock;

// uart.c
void            uartinit(void);
void            uartintr(void);
void            uartputc(int);

// vm.c
void            seginit(void);
void            kvmalloc(void);
pde_t*          setupkvm(void);
void            freevm(pde_t*);
void            switchuvm(struct proc*);
void            switchkvm(void);
int             copyout(pde_t*, uint, void*, uint);
pte_t*          walkpgdir(pde_t *pgdir, const void *va, int alloc);
int             mappages(pde_t *pgdir, void *va, uint size, uint pa, int perm);
pte_t*          uvm_nextpte(pde_t *pgdir, uint *va, uint end);
void            uvm_freetables(pde_t *pgdir, uint start, uint end);
uint            uvm_tableend(uint va, uint end);
void            uvm_cowmark(pde_t *pgdir, uint start, uint end);
int             uvmshare(pde_t *src, pde_t *dst, uint start, uint end);

// number of elements in fixed-size array
#define NELEM(x) (sizeof(x)/sizeof((x)[0]))
