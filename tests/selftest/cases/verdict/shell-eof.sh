#!/bin/bash
# A sourced helper with an unterminated quote: bash says only "unexpected
# EOF", drops the rest of the helper, and the script goes on; the harness
# fails it all the same.
# expect: fail shell error: .*unexpected EOF while looking for matching
. "$TESTLIB/tap.sh"
h=/tmp/selftest-eof.sh
printf 'helper_ok() { :; }\nx="unterminated\n' >"$h"
. "$h"
check "true succeeds" true
