#!/bin/bash
# A failing assertion among passing ones fails the test.
# expect: fail 1 check\(s\) failed
. "$TESTLIB/tap.sh"
check "true succeeds" true
check_eq "deliberately wrong" 5 "$((2 + 2))"
check "still runs after a failure" true
