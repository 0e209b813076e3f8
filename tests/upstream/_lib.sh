# shellcheck shell=bash
# Run the kernel's own netdevsim selftests (staged by this area's Makefile
# from Debian's linux-source, series by series, under selftests-SERIES/) and
# turn their kselftest exit status into TAP: 0 ok, 4 (KSFT_SKIP) a skip
# with the script's own reason, anything else not ok with its output.

UPSTREAM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KSFT_SKIP=4

# last_line TEXT: its last non-empty line
last_line() {
	sed '/^[[:space:]]*$/d' <<<"$1" | tail -1
}

# upstream_run SERIES SCRIPT SECONDS: run SCRIPT of SERIES' netdevsim
# selftests from its own directory, as the kselftest runner does, for at
# most SECONDS times the kernel's timeout factor (NSIM_TMO).  Sets
# UP_NAME ("SCRIPT (SERIES)"), UP_OUT (its output) and UP_RC (its exit
# status; 124 when it ran out of time).  A script the Makefile did not stage
# stops the test as a failure.
upstream_run() {
	local series=$1 script=$2 limit=$(($3 * ${NSIM_TMO:-1})) top=$UPSTREAM_DIR/selftests-$1
	local dir=$top/drivers/net/netdevsim

	UP_NAME="$script ($series)"
	[ -f "$dir/$script" ] ||
		bail_out "$script of $series is not staged: make -C tests/upstream failed on the host (see its helpers result)"
	diag "$script from $(cat "$top/SOURCE" 2>/dev/null)"
	UP_OUT=$(cd "$dir" &&
		PATH=$UPSTREAM_DIR/shim:$PATH timeout "$limit" bash "./$script" 2>&1 </dev/null)
	UP_RC=$?
	[ "$UP_RC" = 143 ] && UP_RC=124
	UP_LIMIT=$limit
}

# upstream_report: the TAP line for the last upstream_run.
upstream_report() {
	local last

	last=$(last_line "$UP_OUT")
	case $UP_RC in
	0)
		pass "$UP_NAME"
		if [ -n "$last" ]; then
			diag "$last"
		fi
		;;
	"$KSFT_SKIP")
		skip "$UP_NAME" "${last:-the script gave no reason}"
		;;
	124)
		fail "$UP_NAME" "timed out after $UP_LIMIT s" "$UP_OUT"
		;;
	*)
		fail "$UP_NAME" "exit status: $UP_RC" "$UP_OUT"
		;;
	esac
}
