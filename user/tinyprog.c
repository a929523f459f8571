// tinyprog: the smallest program, which exits at once: two pages of text,
// main and the user library every program links (user/ulib.c ...).
// mmapbench times fork+exec+exit+wait of it: the floor that bigtext's
// exec is measured against. Builds for Linux i386 too, like mmapbench
// (tests/linux/xv6compat.h).
#ifdef BENCH_LINUX
#include "xv6compat.h"
#else
#include "types.h"
#include "user.h"
#endif

int
main(void)
{
  exit();
}
