#!/bin/bash
# A WARNING in the kernel log fails the test even though its checks pass.
# expect: fail kernel log: .*WARNING.*kernel tainted: W
. "$TESTLIB/tap.sh"
check "load the WARN_ON module" modprobe nsim_st_warn
check "unload it" rmmod nsim_st_warn
