#!/bin/bash
# A module that fails to load fails the test through the check.
# expect: fail 1 check\(s\) failed
. "$TESTLIB/tap.sh"
check "load a module whose init fails" modprobe nsim_st_fail
