#!/bin/bash
# Memory our module leaks on its way out fails the script too: kmemleak then
# shows the module's frames as bare addresses (its code is gone), which the
# harness counts as ours.
# expect: fail kmemleak: 1 unreferenced object\(s\) allocated by our modules
. "$TESTLIB/tap.sh"
check "load the module" modprobe nsim_st_leak at_exit=1
check "unload it: it leaks" rmmod nsim_st_leak
