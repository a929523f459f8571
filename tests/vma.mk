# Property test of kernel/vma.c (region tree, gap search) on the host.
HOSTTESTS += vma_test

build/vma_test: vma_test.c ../kernel/vma.c ../kernel/vma.h ../kernel/rbtree.c \
		../kernel/rbtree.h | build
	$(CC) $(HOSTCFLAGS) -I../kernel -o $@ vma_test.c ../kernel/vma.c \
		../kernel/rbtree.c
