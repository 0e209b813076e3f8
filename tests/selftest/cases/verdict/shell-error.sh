#!/bin/bash
# A command that does not exist fails the script even though bash goes on and
# every check passes (a typo in a tool's name must not pass unseen).
# expect: fail shell error: .*nsim-no-such-tool: command not found
. "$TESTLIB/tap.sh"
nsim-no-such-tool --version
check "true succeeds" true
