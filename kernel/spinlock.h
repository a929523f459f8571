// Mutual exclusion lock that spins; held with interrupts off.
struct spinlock {
  uint locked;       // Is the lock held?

  // For debugging:
  char *name;        // Name of lock.
  struct cpu *cpu;   // The cpu holding the lock.
  uint pc;           // Where it was acquired: the caller of acquire()
                     // (gdb: info symbol lk->pc).
};
