#!/bin/bash
# A bad arithmetic expression is reported by bash, which then goes on: the
# harness fails the script all the same.
# expect: fail shell error: .*syntax error
. "$TESTLIB/tap.sh"
n=$((3 +))
check "true succeeds" true
