#!/bin/bash
# The kernel's own netdevsim peer.sh (link_device/unlink_device, TCP over a
# linked pair across namespaces), from Debian's linux-source 6.12, then
# 7.3's, which also checks that carrier follows link and unlink.
# timeout: 300
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
require_cmd timeout

upstream_run 6.12 peer.sh 140
upstream_report

upstream_run 7.3 peer.sh 140
upstream_report
