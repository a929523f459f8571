# The red-black tree's property test: kernel/mm/rbtree.c built for the host.
HOSTTESTS += rbtree_test

build/rbtree_test: rbtree_test.c ../kernel/mm/rbtree.c ../kernel/mm/rbtree.h | build
	$(CC) $(HOSTCFLAGS) -o $@ rbtree_test.c ../kernel/mm/rbtree.c
