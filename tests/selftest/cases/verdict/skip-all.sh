#!/bin/bash
# A script that cannot run here is a skip, not a pass.
# expect: skip feature not present
. "$TESTLIB/tap.sh"
skip_all "feature not present"
