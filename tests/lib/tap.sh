# shellcheck shell=bash
# TAP helpers for in-VM test scripts.  Source it first thing:
#
#   . "$TESTLIB/tap.sh"
#   check "netdevsim loads" modprobe netdevsim     # ok if the command succeeds
#   check_eq "driver name" netdevsim "$(ethtool -i eth0 | sed -n 's/^driver: //p')"
#   check_match "PHC index" '^[0-9]+$' "$idx"
#   require_cmd ptp4l                               # FAILS the script if missing
#   want_cmd "5.10 has no dpll tool" dpll           # skips the script if missing
#   skip "DPLL pins" "kernel has no DPLL core"      # prints "ok N - ... # SKIP reason"
#
# The plan ("1..N") is printed on exit; the script exits 1 if anything failed
# (a script that exits non-zero without a failed check gets a "not ok" too).
# A skip is a TAP skip, never a pass: tests/vm counts it as skipped, and a
# skip must say why (a skip without a reason is a failure).  A script that
# decides it cannot run at all calls skip_all REASON ("1..0 # SKIP").
# The harness puts every tool the tests need into the guest: a missing one
# is a harness bug, so require_cmd fails; want_cmd is for a tool that
# legitimately does not exist for a kernel, and names the reason.

_tap_n=0
_tap_failed=0
_tap_done=0

diag() {
	local l
	while IFS= read -r l; do echo "# $l"; done <<<"$*"
}

pass() {
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n - $1"
}

# fail DESC [DIAGNOSTIC...]: each diagnostic argument is printed as "# ..." lines
fail() {
	_tap_n=$((_tap_n + 1))
	_tap_failed=$((_tap_failed + 1))
	echo "not ok $_tap_n - $1"
	shift
	local a
	for a; do
		[ -n "$a" ] && diag "$a"
	done
	return 0
}

# skip DESC REASON
skip() {
	if [ -z "${2:-}" ]; then
		fail "$1" "skipped without a reason: say why (skip DESC REASON)"
		return 0
	fi
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n - $1 # SKIP $2"
}

# check DESC CMD [ARGS...]: ok when CMD exits 0; its output is shown on failure.
check() {
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc = 0 ]; then
		pass "$desc"
	else
		fail "$desc" "command: $*" "exit status: $rc" "$out"
	fi
	return $rc
}

# check_fails DESC CMD [ARGS...]: ok when CMD exits non-zero (expected error).
check_fails() {
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	# 126/127: the command could not run at all, which proves nothing
	if [ $rc = 126 ] || [ $rc = 127 ]; then
		fail "$desc" "command could not run (exit status $rc): $*" "$out"
		return 1
	fi
	if [ $rc != 0 ]; then
		pass "$desc"
		return 0
	fi
	fail "$desc" "command unexpectedly succeeded: $*" "$out"
	return 1
}

# check_eq DESC EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then
		pass "$1"
		return 0
	fi
	fail "$1" "expected: '$2'" "got:      '$3'"
	return 1
}

# check_match DESC ERE STRING
check_match() {
	if [[ $3 =~ $2 ]]; then
		pass "$1"
		return 0
	fi
	fail "$1" "expected to match: $2" "got: '$3'"
	return 1
}

# skip_all REASON: the whole script does not apply here.
skip_all() {
	[ -n "$*" ] || bail_out "skip_all without a reason"
	_tap_done=1
	echo "1..0 # SKIP $*"
	exit 0
}

# require_cmd CMD...: the script cannot run without these tools: a missing
# one fails it (the harness must provide it; see tests/lib/guest-tools.list).
require_cmd() {
	local c
	for c; do
		command -v "$c" >/dev/null 2>&1 && continue
		fail "required tool $c is present" "$c is not in the guest (tests/lib/guest-tools.list)"
		bail_out "required tool $c missing"
	done
}

# want_cmd REASON CMD...: skip the whole script, saying REASON, when one of
# the tools is missing (only for tools that legitimately do not exist here).
want_cmd() {
	local why=$1 c
	shift
	[ -n "$why" ] || bail_out "want_cmd without a reason"
	for c; do
		command -v "$c" >/dev/null 2>&1 || skip_all "$c not available: $why"
	done
}

# bail_out REASON: stop the script, counted as a failure.
bail_out() {
	_tap_done=1
	echo "Bail out! $*"
	exit 1
}

done_testing() {
	[ "$_tap_done" = 1 ] && return
	_tap_done=1
	echo "1..$_tap_n"
	[ "$_tap_failed" = 0 ] && [ "$_tap_n" -gt 0 ]
}

# On exit: a script that dies with a non-zero status without having reported
# a failure gets one more "not ok" saying so; then the plan.
_tap_exit() {
	local rc=$1
	[ "$_tap_done" = 1 ] && exit "$rc"
	if [ "$rc" != 0 ] && [ "$_tap_failed" = 0 ]; then
		fail "script exited with status $rc"
	fi
	done_testing
	exit $?
}
trap '_tap_exit $?' EXIT
