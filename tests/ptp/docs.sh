#!/bin/bash
# docs/ptp.md's ts2phc example, run exactly as documented (tests/ptp/Makefile
# extracts the block) with linuxptp 3.1 (the host's, /usr/sbin) and 4.4
# (/opt/linuxptp4/bin), each first on PATH, in either userspace leg:
# with both, ts2phc steers B onto A; judged by ts2phc's own offsets, which
# are B's timestamps of A's edges, after a number of edges, not of seconds.
# timeout: 400
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
require_cmd ts2phc
ptp_setup
DOC=$PTP_DIR/doc-ts2phc.sh
[ -s "$DOC" ] || bail_out "$DOC missing (made by tests/ptp/Makefile from docs/ptp.md)"
setup=$(sed '$d' "$DOC")
run=$(tail -n 1 "$DOC")
check_match "the documented block ends with the ts2phc command" '^ts2phc ' "$run"
LP4=/opt/linuxptp4/bin

# run_doc VERSION-ERE [DIR]: the block with DIR first on PATH.
run_doc() {
	local want=$1 dir=${2:-} log pid v offs best
	local path=${dir:+$dir:}$PATH

	v=$(PATH=$path ts2phc -v 2>&1)
	check_match "ts2phc -v is $want" "^$want" "$v"
	log=/tmp/doc-ts2phc-$v.log
	check "the documented set-up commands ($v)" \
		env PATH="$path" bash -e -c "$setup"
	(cd /sys/kernel/debug/nsim_ptp && PATH=$path exec bash -c "exec $run") \
		>"$log" 2>&1 &
	pid=$!
	ts2phc_wait "$log" "$pid"
	offs=$(ts2phc_offsets "$log")
	diag "ts2phc $v: $(grep -c . <<<"$offs") samples locked; first lines and the last:" \
		"$(head -5 "$log")" "$(tail -3 "$log")"
	best=$(ts2phc_locked_run "$offs")
	check "ts2phc $v held B within 50 ns of A for 10 consecutive edges (best run $best)" \
		test "$best" -ge 10
	check "delete the documented clocks" \
		sh -c "echo a > $D/del_clock && echo b > $D/del_clock"
}

run_doc '3\.' /usr/sbin
if [ -x "$LP4/ts2phc" ]; then
	run_doc '4\.4' "$LP4"
else
	fail "linuxptp 4.4 in $LP4 (the harness puts it in the guest)"
fi
