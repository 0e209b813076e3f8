#!/bin/bash
# Only skipped checks: the script counts as skipped.
# expect: skip all 2 checks skipped
. "$TESTLIB/tap.sh"
skip "first thing" "needs hardware"
skip "second thing" "needs hardware"
