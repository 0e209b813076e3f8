#!/bin/bash
# expect: pass
. "$TESTLIB/tap.sh"
check "true succeeds" true
check_eq "arithmetic" 4 "$((2 + 2))"
