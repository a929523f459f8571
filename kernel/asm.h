// asm.h: GDT descriptors for the assembly files that need a flat
// segmentation set up before any C code runs (bootasm.S, entryother.S).
// Owned by the boot code; C files use the SEG() macros in mmu.h instead.

// The mandatory all-zero first descriptor.
#define SEG_NULLASM                                             \
        .word 0, 0;                                             \
        .byte 0, 0, 0, 0

// A present, ring-0, 32-bit descriptor with a 4 KiB-granular limit.
// Byte 5 is 0x90 | type (present, DPL 0, code/data); byte 6 is 0xC0
// (4 KiB granularity, 32-bit operands) | limit bits 19..16.
#define SEG_ASM(type, base, lim)                                \
        .word (((lim) >> 12) & 0xffff), ((base) & 0xffff);      \
        .byte (((base) >> 16) & 0xff), (0x90 | (type)),         \
                (0xC0 | (((lim) >> 28) & 0xf)), (((base) >> 24) & 0xff)
