#!/bin/bash
# A script dying with a non-zero status without a failed check still fails.
# expect: fail exit status
. "$TESTLIB/tap.sh"
check "true succeeds" true
exit 3
