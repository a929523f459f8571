// bigtext: a program with 1 MiB of text that touches one page of it and
// exits. mmapbench times fork+exec+exit+wait of it beside tinyprog's,
// so the table shows what exec costs per byte of a program that is not
// used: a kernel that loads the whole file at exec pays for all of it,
// one that maps it and pages on demand for the one page touched.
//
// The array is const and in a text section of its own (.text.bigtext,
// which the linker puts into .text), so it lies in the program's text,
// not in its data, whatever the linker does with read-only data. Its
// first byte is nonzero, which keeps it in the file (not bss-like).
// The same source builds for Linux i386 (tests/bench.py) through
// tests/linux/xv6compat.h.
#ifdef BENCH_LINUX
#include "xv6compat.h"
#else
#include "types.h"
#include "user.h"
#endif

#define BIGTEXT (1024*1024)

__attribute__((section(".text.bigtext")))
const char bigtext[BIGTEXT] = { 1 };

int
main(void)
{
  // One page, in the middle: a volatile read, so it is a real load.
  (void)*(volatile const char*)&bigtext[BIGTEXT/2];
  exit();
}
