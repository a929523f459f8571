// mp.h: the Intel MultiProcessor Specification (v1.4) tables the BIOS
// leaves in memory, as far as mp.c reads them. Owned by mp.c; layouts are
// fixed by the specification and must not change.

// Floating pointer structure: found by scanning for "_MP_"; points at
// the configuration table.
struct mp {
  uchar signature[4];   // "_MP_"
  uint physaddr;        // physical address of struct mpconf
  uchar length;         // size in 16-byte units (1)
  uchar specrev;        // specification revision (1 or 4)
  uchar checksum;       // all bytes sum to 0
  uchar type;           // default configuration number, 0 if a table exists
  uchar imcrp;          // bit 7: IMCR present (PIC mode)
  uchar reserved[3];
};

// Configuration table header, followed by `entry` variable-size entries.
struct mpconf {
  uchar signature[4];   // "PCMP"
  ushort length;        // size of header and base entries in bytes
  uchar version;        // 1 or 4
  uchar checksum;       // all bytes sum to 0
  uchar product[20];    // OEM and product id
  uint oemtable;        // optional OEM table
  ushort oemlength;
  ushort entry;         // number of entries after the header
  uint lapicaddr;       // physical address of every CPU's local APIC
  ushort xlength;       // extended table length
  uchar xchecksum;
  uchar reserved;
};

// Entry: one processor (20 bytes).
struct mpproc {
  uchar type;           // MPPROC
  uchar apicid;         // its local APIC id
  uchar version;        // local APIC version
  uchar flags;          // MPPROC_EN, MPPROC_BP
  uchar signature[4];   // CPU family/model/stepping
  uint feature;         // CPUID feature flags
  uchar reserved[8];
};

// Entry: one I/O APIC (8 bytes).
struct mpioapic {
  uchar type;           // MPIOAPIC
  uchar apicno;         // its APIC id
  uchar version;
  uchar flags;          // enabled
  uint addr;            // physical address of its registers
};

// Entry types. Every entry type except MPPROC is 8 bytes long.
#define MPPROC    0x00  // processor
#define MPBUS     0x01  // bus
#define MPIOAPIC  0x02  // I/O APIC
#define MPIOINTR  0x03  // I/O interrupt assignment
#define MPLINTR   0x04  // local interrupt assignment

#define MPPROC_EN 0x01  // processor usable
#define MPPROC_BP 0x02  // bootstrap processor
