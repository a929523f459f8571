# fsck.mk: host test of the file system checker, tests/fsck.py: a sound
# image must pass and each kind of damage fsck_test.py makes must be
# reported. Both are Python scripts; build/fsck_test is a small wrapper
# so the runner runs it like the compiled host tests.
HOSTTESTS += fsck_test

build/fsck_test: fsck_test.py fsck.py | build
	printf '#!/bin/sh\nexec python3 "$$(dirname "$$0")/../fsck_test.py" "$$@"\n' > $@
	chmod +x $@
