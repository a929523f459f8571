# Build the kernel image (xv6.img), the file system image (fs.img), and
# run them under QEMU. `make test` runs every test; see README.md.

K = kernel
U = user

CC = gcc
AS = gas
LD = ld
OBJCOPY = objcopy
OBJDUMP = objdump
HOSTCC = gcc

# The kernel's rooms (docs/overview.md): the shared core at the top of
# kernel/, and one folder per subsystem. Every folder is on the include
# path, so a file names a header by its name alone.
KDIRS = $(K) $(K)/boot $(K)/mm $(K)/fs $(K)/proc $(K)/dev
KINC = $(addprefix -I,$(KDIRS))

CFLAGS = -m32 -fno-pic -static -fno-builtin -fno-strict-aliasing -O2 -Wall \
	-Werror -MD -ggdb -fno-omit-frame-pointer -fno-stack-protector -fno-pie \
	-no-pie -nostdinc $(KINC)
ASFLAGS = -m32 -gdwarf-2 -Wa,-divide -fno-pic -nostdinc $(KINC)
LDFLAGS = -m elf_i386
# -N images are one read-write-execute segment by design (boot block,
# AP startup code, initcode): say so, so ld stays quiet.
LDNOWARN = --no-warn-rwx-segments
# User programs: text, rodata and data+bss each a segment of its own,
# page aligned in the file as in memory, so that exec can map each one
# from the page cache (kernel/mm/image.c) with its own protection.
ULDFLAGS = $(LDFLAGS) -e main -Ttext 0 -z max-page-size=4096 -z separate-code \
           -z noexecstack

# Kernel: every .c and .S in the kernel's folders except the boot sector
# and the two blobs that are linked in as binaries. entry.o comes first.
B = $(K)/boot
KSPECIAL = $(B)/bootasm.S $(B)/bootmain.c $(B)/entryother.S $(B)/initcode.S
KSRCS = $(filter-out $(KSPECIAL) $(K)/proc/vectors.S, \
	$(foreach d,$(KDIRS),$(wildcard $(d)/*.c $(d)/*.S))) $(K)/proc/vectors.S
KOBJS = $(B)/entry.o $(filter-out $(B)/entry.o, \
	$(sort $(patsubst %.c,%.o,$(patsubst %.S,%.o,$(KSRCS)))))

# User programs: every user/NAME.c that is not part of the C library
# becomes /NAME in fs.img, and so does every folder user/NAME/: all the
# .c files in it linked into one program (usertests, vmfuzz).
ULIBSRC = $(U)/ulib.c $(U)/printf.c $(U)/umalloc.c $(U)/errno.c
ULIB = $(ULIBSRC:.c=.o) $(U)/usys.o
UDIRS = $(sort $(patsubst $(U)/%/,%,$(dir $(wildcard $(U)/*/*.c))))
UPROGS = $(patsubst $(U)/%.c,$(U)/_%,$(filter-out $(ULIBSRC),$(wildcard $(U)/*.c))) \
	$(addprefix $(U)/_,$(UDIRS))
FSFILES = $(wildcard fs/*)

CPUS ?= 2
QEMU ?= qemu-system-i386
# One CPU per socket: SeaBIOS's MP table lists only the first CPU of a
# socket, and QEMU's default topology puts every CPU in one socket.
QEMUOPTS = -drive file=fs.img,index=1,media=disk,format=raw \
	-drive file=xv6.img,index=0,media=disk,format=raw -smp $(CPUS),sockets=$(CPUS) -m 512 \
	$(QEMUEXTRA)

all: xv6.img fs.img

xv6.img: $(K)/bootblock $(K)/kernel
	dd if=/dev/zero of=xv6.img count=10000 status=none
	dd if=$(K)/bootblock of=xv6.img conv=notrunc status=none
	dd if=$(K)/kernel of=xv6.img seek=1 conv=notrunc status=none

$(K)/bootblock: $(B)/bootasm.S $(B)/bootmain.c $(B)/sign.py
	$(CC) $(CFLAGS) -fno-pic -Os -c $(B)/bootmain.c -o $(B)/bootmain.o
	$(CC) $(CFLAGS) -fno-pic -c $(B)/bootasm.S -o $(B)/bootasm.o
	$(LD) $(LDFLAGS) $(LDNOWARN) -N -e start -Ttext 0x7C00 -o $(B)/bootblock.o \
		$(B)/bootasm.o $(B)/bootmain.o
	$(OBJCOPY) -S -O binary -j .text $(B)/bootblock.o $@
	python3 $(B)/sign.py $@

# The AP startup code and the first user program are linked into the
# kernel as binary blobs, named after their files in kernel/.
$(K)/entryother: $(B)/entryother.S
	$(CC) $(CFLAGS) -fno-pic -c $< -o $(B)/entryother.o
	$(LD) $(LDFLAGS) $(LDNOWARN) -N -e start -Ttext 0x7000 -o $(B)/bootblockother.o \
		$(B)/entryother.o
	$(OBJCOPY) -S -O binary -j .text $(B)/bootblockother.o $@

$(K)/initcode: $(B)/initcode.S
	$(CC) $(CFLAGS) -c $< -o $(B)/initcode.o
	$(LD) $(LDFLAGS) $(LDNOWARN) -N -e start -Ttext 0 -o $(B)/initcode.out $(B)/initcode.o
	$(OBJCOPY) -S -O binary $(B)/initcode.out $@

$(K)/kernel: $(KOBJS) $(K)/entryother $(K)/initcode $(B)/kernel.ld
	cd $(K) && $(LD) $(LDFLAGS) -z noexecstack -T boot/kernel.ld -o kernel \
		$(patsubst $(K)/%,%,$(KOBJS)) -b binary initcode entryother
	$(OBJDUMP) -S $@ > $(K)/kernel.asm
	$(OBJDUMP) -t $@ | sed '1,/SYMBOL TABLE/d; s/ .* / /; /^$$/d' > $(K)/kernel.sym

$(K)/proc/vectors.S: $(K)/proc/vectors.py
	python3 $< > $@

$(K)/%.o: $(K)/%.c
	$(CC) $(CFLAGS) -c $< -o $@

$(K)/%.o: $(K)/%.S
	$(CC) $(ASFLAGS) -c $< -o $@

# The project's own programs (the files git tracks) build with -Werror. A
# program a user drops into user/ builds with warnings at most: xv6's own
# programs, its usertests.c among them, have printf formats that gcc
# warns about.
UOWN := $(shell git ls-files $(U) 2>/dev/null)
UCFLAGS = $(filter-out -Werror,$(CFLAGS)) $(if $(filter $<,$(UOWN)),-Werror)

$(U)/%.o: $(U)/%.c
	$(CC) $(UCFLAGS) -I$(U) -c $< -o $@

$(U)/%.o: $(U)/%.S
	$(CC) $(ASFLAGS) -I$(U) -c $< -o $@

$(U)/_%: $(U)/%.o $(ULIB)
	$(LD) $(ULDFLAGS) -o $@ $^
	$(OBJDUMP) -S $@ > $(U)/$*.asm

# A program in a folder: user/_NAME from every user/NAME/*.c.
define UFOLDER
$(U)/_$(1): $(patsubst %.c,%.o,$(wildcard $(U)/$(1)/*.c)) $(ULIB)
	$$(LD) $$(ULDFLAGS) -o $$@ $$^
	$$(OBJDUMP) -S $$@ > $(U)/$(1).asm
endef
$(foreach d,$(UDIRS),$(eval $(call UFOLDER,$(d))))

# Keep the user object files around (make treats them as intermediate).
.PRECIOUS: $(U)/%.o

mkfs/mkfs: mkfs/mkfs.c $(K)/fs/fs.h $(K)/param.h
	$(HOSTCC) -Werror -Wall -O2 $(KINC) -o $@ mkfs/mkfs.c

fs.img: mkfs/mkfs $(UPROGS) $(FSFILES)
	./mkfs/mkfs fs.img $(FSFILES) $(UPROGS)

-include $(addsuffix /*.d,$(KDIRS)) $(U)/*.d $(U)/*/*.d

clean:
	rm -f $(addsuffix /*.o,$(KDIRS)) $(addsuffix /*.d,$(KDIRS)) \
	$(K)/*.asm $(K)/*.sym $(K)/proc/vectors.S $(B)/initcode.out \
	$(K)/bootblock $(K)/entryother $(K)/initcode \
	$(K)/kernel $(U)/*.o $(U)/*.d $(U)/*/*.o $(U)/*/*.d \
	$(U)/*.asm $(U)/_* mkfs/mkfs \
	xv6.img fs.img .gdbinit
	$(MAKE) -C tests clean

# --- running ----------------------------------------------------------

GDBPORT = $(shell expr `id -u` % 5000 + 25000)
QEMUGDB = -gdb tcp::$(GDBPORT)

# Without a display (no X or Wayland), `make qemu` and `make qemu-gdb` run
# in the terminal, as the -nox targets do, instead of failing.
NODISPLAY = [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ] && \
	echo "*** no display: running in this terminal (Ctrl-A X quits)" 1>&2

qemu: xv6.img fs.img
	@if $(NODISPLAY); then set -x; $(QEMU) -nographic $(QEMUOPTS); \
	else set -x; $(QEMU) -serial mon:stdio $(QEMUOPTS); fi

qemu-nox: xv6.img fs.img
	$(QEMU) -nographic $(QEMUOPTS)

.gdbinit: .gdbinit.tmpl
	sed "s/localhost:1234/localhost:$(GDBPORT)/" < $^ > $@

qemu-gdb: xv6.img fs.img .gdbinit
	@echo "*** Now run 'gdb' in another window." 1>&2
	@if $(NODISPLAY); then set -x; $(QEMU) -nographic $(QEMUOPTS) -S $(QEMUGDB); \
	else set -x; $(QEMU) -serial mon:stdio $(QEMUOPTS) -S $(QEMUGDB); fi

qemu-nox-gdb: xv6.img fs.img .gdbinit
	@echo "*** Now run 'gdb' in another window." 1>&2
	$(QEMU) -nographic $(QEMUOPTS) -S $(QEMUGDB)

# --- testing ----------------------------------------------------------

hosttest:
	$(MAKE) -C tests

test: all hosttest
	python3 tests/runtests.py --suite all

# Long fuzzing of the memory system calls: `make fuzz SEEDS="5 6" STEPS=1000`.
SEEDS ?= 1 2 3 4
STEPS ?= 250000

fuzz: all
	python3 tests/fuzz.py --no-build --cpus $(CPUS) --steps $(STEPS) $(SEEDS)

.PHONY: fuzz

# Crash test of the file system's log: kill QEMU under a workload POINTS
# times, reboot, check (tests/crash.py, docs/reliability.md).
POINTS ?= 200

crash: all
	python3 tests/crash.py --no-build --cpus 1 --points $(POINTS)

.PHONY: crash

.PHONY: all clean qemu qemu-nox qemu-gdb qemu-nox-gdb hosttest test

# --- benchmarks -------------------------------------------------------

# mmapbench in QEMU on one CPU with -icount shift=0 (a tick is then one
# guest instruction, so the figures repeat), on this kernel and on Linux
# i386 in the same QEMU, printed as one table (tests/bench.py; it fetches
# and caches the Linux kernel in tests/build/linux/); then the host-side
# kmalloc benchmark. docs/benchmarks.md explains the tables; with DOC=1
# the first table is written into it too (between its markers).
bench: all
	$(MAKE) -C tests build/kmalloc_bench
	python3 tests/bench.py --no-build $(if $(DOC),--doc)
	./tests/build/kmalloc_bench

.PHONY: bench
