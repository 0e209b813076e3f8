#!/bin/bash
# A kernel crash ends the boot (oops=panic) and is blamed on this test.
# expect: fail guest died: Kernel panic
. "$TESTLIB/tap.sh"
pass "about to crash the kernel"
echo 1 >/proc/sys/kernel/sysrq
echo c >/proc/sysrq-trigger
sleep 5
