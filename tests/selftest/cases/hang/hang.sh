#!/bin/bash
# The whole guest freezes (a module spinning with interrupts off): tests/vm
# must kill QEMU at the VM timeout and say so.
# timeout: 600
# expect: fail guest hung: killed after the VM timeout
. "$TESTLIB/tap.sh"
pass "about to hang the kernel"
modprobe nsim_st_hang
