#!/bin/bash
# check_fails on a command that does not exist: exit status 127 proves
# nothing about what the check expects to fail, so the check fails.
# expect: fail 1 check\(s\) failed
. "$TESTLIB/tap.sh"
check_fails "a refused request" nsim-no-such-tool --bad-request
