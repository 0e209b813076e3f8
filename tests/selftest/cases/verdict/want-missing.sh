#!/bin/bash
# A tool allowed to be missing, with a named reason, skips the script.
# expect: skip nsim-no-such-tool not available: the self-test's reason
. "$TESTLIB/tap.sh"
want_cmd "the self-test's reason" nsim-no-such-tool
check "never reached" true
