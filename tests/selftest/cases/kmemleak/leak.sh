#!/bin/bash
# On a kernel with kmemleak, memory our module leaks fails the script even
# though its checks pass (kernels.conf: the debug kernel).
# expect: fail kmemleak: 1 unreferenced object\(s\) allocated by our modules
. "$TESTLIB/tap.sh"
check "load the leaking module" modprobe nsim_st_leak
