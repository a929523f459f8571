# Property test of kernel/mm/vma.c (region tree, gap search) on the host.
HOSTTESTS += vma_test

build/vma_test: vma_test.c ../kernel/mm/vma.c ../kernel/mm/vma.h ../kernel/mm/rbtree.c \
		../kernel/mm/rbtree.h | build
	$(CC) $(HOSTCFLAGS) -I../kernel -I../kernel/mm -o $@ vma_test.c ../kernel/mm/vma.c \
		../kernel/mm/rbtree.c
