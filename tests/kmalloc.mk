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

# The test and the benchmark are built alike, each with its own flags.
build/kmalloc_test build/fmt_test.o: KMFLAGS = $(HOSTCFLAGS)
build/kmalloc_bench build/fmt_bench.o: KMFLAGS = $(BENCHCFLAGS)

build/fmt_%.o: $(FMTSRC) ../kernel/types.h ../kernel/defs.h | build
	$(CC) $(KMFLAGS) -fno-builtin $(KMINC) -c $(FMTSRC) -o $@

build/kmalloc_%: kmalloc_%.c build/kmalloc.c build/fmt_%.o $(KMDEPS) | build
	$(CC) $(KMFLAGS) -fno-builtin $(KMINC) -c build/kmalloc.c \
		-o build/kmalloc_$*_km.o
	$(CC) $(KMFLAGS) $(KMINC) -o $@ kmalloc_$*.c shim/shim.c \
		build/kmalloc_$*_km.o build/fmt_$*.o
