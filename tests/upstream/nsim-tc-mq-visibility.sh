#!/bin/bash
# The kernel's own netdevsim tc-mq-visibility.sh (mq/mqprio children follow
# ethtool -L), from Debian's linux-source 6.12 and 7.3.
#
# The 6.12 copy ends each round by grafting the existing qdisc 204: from
# 100:4 to 100:1.  Every kernel of the matrix refuses that ("Cannot move an
# existing qdisc to a different parent", the stable backport of "net: sched:
# Disallow replacing of child qdisc from one parent to another"), so those
# two checks per round cannot pass with any driver; 7.3's copy replaces them
# with a delete and a replace, and must pass in full.
# timeout: 300
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
require_cmd tc ethtool timeout

# graft_refused_only: the 6.12 copy failed only in its "Grafted" checks,
# after the kernel refused the graft, and everything else passed.
graft_refused_only() {
	local errors others

	grep -q 'Cannot move an existing qdisc to a different parent' <<<"$UP_OUT" || return 1
	errors=$(grep -c '^ERROR' <<<"$UP_OUT")
	others=$(grep '^ERROR' <<<"$UP_OUT" | grep -vc '): Grafted[,:]')
	[ "$errors" -gt 0 ] && [ "$others" = 0 ] &&
		grep -q "^FAILED $errors/[0-9]* checks\$" <<<"$UP_OUT"
}

upstream_run 6.12 tc-mq-visibility.sh 140
if [ "$UP_RC" = 1 ] && graft_refused_only; then
	skip "$UP_NAME" "this kernel refuses moving qdisc 204: to another parent, which 6.12's copy expects in its Grafted checks; all other checks passed ($(last_line "$UP_OUT"))"
else
	upstream_report
fi

upstream_run 7.3 tc-mq-visibility.sh 140
upstream_report
