# kmalloc.mk: host test and benchmark of kernel/mm/kmalloc.c (included by
# tests/Makefile). kmalloc.c is compiled as it stands, against the host
# stand-ins in shim/ (a page arena for kalloc, locks, panic) and the
# kernel's own headers, with kernel/fmt.c (its panic messages) beside it,
# also as it stands. shim/memlayout.h must win over the kernel's, but a
# file's own directory comes first for #include "...", so kmalloc.c is
# compiled through a symbolic link in build/ (no copy, no #ifdef).
# -fno-builtin: defs.h declares exit, memset, ... the kernel's way.

HOSTTESTS += kmalloc_test
HOSTBENCHES += kmalloc_bench

KMSRC = ../kernel/mm/kmalloc.c
FMTSRC = ../kernel/fmt.c
KMDEPS = $(KMSRC) $(FMTSRC) shim/shim.c shim/shim.h shim/memlayout.h \
	../kernel/types.h ../kernel/param.h ../kernel/mmu.h \
	../kernel/spinlock.h ../kernel/defs.h ../kernel/mm/kmstat.h
KMINC = -Ishim -I../kernel -I../kernel/mm

build/kmalloc.c: | build
	ln -sf ../$(KMSRC) $@

# kernel/fmt.c, built with the test's flags and with the benchmark's.
build/fmt_test.o: FMTFLAGS = $(HOSTCFLAGS)
build/fmt_bench.o: FMTFLAGS = $(BENCHCFLAGS)
build/fmt_%.o: $(FMTSRC) ../kernel/types.h ../kernel/defs.h | build
	$(CC) $(FMTFLAGS) -fno-builtin $(KMINC) -c $(FMTSRC) -o $@

build/kmalloc_test: kmalloc_test.c build/kmalloc.c build/fmt_test.o \
		$(KMDEPS) | build
	$(CC) $(HOSTCFLAGS) -fno-builtin $(KMINC) -c build/kmalloc.c \
		-o build/kmalloc_test_km.o
	$(CC) $(HOSTCFLAGS) $(KMINC) -o $@ kmalloc_test.c shim/shim.c \
		build/kmalloc_test_km.o build/fmt_test.o

build/kmalloc_bench: kmalloc_bench.c build/kmalloc.c build/fmt_bench.o \
		$(KMDEPS) | build
	$(CC) $(BENCHCFLAGS) -fno-builtin $(KMINC) -c build/kmalloc.c \
		-o build/kmalloc_bench_km.o
	$(CC) $(BENCHCFLAGS) $(KMINC) -o $@ kmalloc_bench.c shim/shim.c \
		build/kmalloc_bench_km.o build/fmt_bench.o
