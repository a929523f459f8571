# The red-black tree's property test: kernel/rbtree.c built for the host.
HOSTTESTS += rbtree_test

build/rbtree_test: rbtree_test.c ../kernel/rbtree.c ../kernel/rbtree.h | build
	$(CC) $(HOSTCFLAGS) -o $@ rbtree_test.c ../kernel/rbtree.c
