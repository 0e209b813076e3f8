#!/bin/bash
# A tool the script requires and the guest lacks fails the script.
# expect: fail Bail out! required tool nsim-no-such-tool missing
. "$TESTLIB/tap.sh"
check "true succeeds" true
require_cmd bash nsim-no-such-tool
check "never reached" true
