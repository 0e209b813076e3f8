#!/bin/bash
# A skip that does not say why is a failure.
# expect: fail 1 check\(s\) failed
. "$TESTLIB/tap.sh"
check "true succeeds" true
skip "something"
