#!/bin/bash
# The tests after a crash run in a fresh boot.
# expect: pass
. "$TESTLIB/tap.sh"
check_match "fresh kernel (uptime under 60 s)" '^[0-5]?[0-9]\.' "$(cut -d' ' -f1 /proc/uptime)"
check "no taint from earlier tests" test "$(( $(cat /proc/sys/kernel/tainted) & ~(4096|8192) ))" = 0
