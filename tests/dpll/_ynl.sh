# shellcheck shell=bash
# Helpers for the DPLL tests that use the kernel's own YNL (sourced after
# tap.sh and _lib.sh).  tests/vm puts it at /opt/ynl (ynl_archive): the
# tools/net/ynl of the kernel's Debian linux-source (7.3's for kernels
# without a DPLL family), run by Debian sid's python, with that source's
# Documentation/netlink (specs and their schemas).

PATH=$PATH:/opt/ynl/bin
YNL_SPECS=/opt/ynl/kernel/Documentation/netlink/specs
YNL_SPEC=$YNL_SPECS/dpll.yaml

# ynl_setup: YNL and its dpll spec are there (after dpll_setup), and
# whether its cli.py streams notifications (--duration, D7.x) or collects
# them while it sleeps and prints them at the end (--sleep only, D6.12);
# then the YNL server (ynl_server_start) for y.
ynl_setup() {
	require_cmd ynl
	[ -f "$YNL_SPEC" ] || bail_out "no dpll spec at $YNL_SPEC (tests/vm ynl_archive)"
	diag "YNL: $(cat /opt/ynl/SOURCE 2>/dev/null); python: $(cat /opt/ynl/PYTHON 2>/dev/null)"
	# the cli.py that bin/ynl runs
	YNL_CLI=$(sed -n 's|^exec [^ ]* \(/[^ ]*\.py\) .*|\1|p' /opt/ynl/bin/ynl)
	[ -f "$YNL_CLI" ] || bail_out "no cli.py in /opt/ynl/bin/ynl"
	if grep -q -- "'--duration'" "$YNL_CLI"; then
		YNL_STREAMS=1
	else
		YNL_STREAMS=0
	fi
	ynl_server_start || bail_out "the YNL server did not start: $(cat /tmp/ynlsrv.log)"
}

# ynl_server_start: one python with YNL's library (the cli's own lib/)
# and the dpll spec loaded once (_ynlsrv.py), serving y through two FIFOs
# on fds 7 (requests) and 8 (exit statuses): a ynl call costs python's
# start and the spec's parse (about 1.7 s under TCG) only once.  It ends
# when the script does (end of file on its requests).
ynl_server_start() {
	local r
	rm -f /tmp/ynlsrv.req /tmp/ynlsrv.resp
	mkfifo /tmp/ynlsrv.req /tmp/ynlsrv.resp || return 1
	# read-write opens: they do not wait for the other end
	exec 7<>/tmp/ynlsrv.req 8<>/tmp/ynlsrv.resp
	/opt/ynl/py/python3 "$(dirname "${BASH_SOURCE[0]}")/_ynlsrv.py" "$YNL_CLI" "$YNL_SPEC" \
		/tmp/ynlsrv.req /tmp/ynlsrv.resp >/tmp/ynlsrv.log 2>&1 &
	YSRV=$!
	read -r -t $((120 * ${NSIM_TMO:-1})) r <&8 && [ "$r" = ready ]
}

# y ARGS...: ynl --do OP | --dump OP [--json TEXT] on the dpll spec, JSON
# out, as the cli prints it (its output and exit status), served by the
# YNL server; yc ARGS...: the same through the cli itself (ynl), a python
# of its own; ys: the cli with the spec checked against its schema
# (jsonschema: under TCG each validation costs seconds).
y() {
	local IFS=$'\x1f' rc
	printf '%s\n' "/tmp/ynlsrv.out$IFS$*" >&7 || return 1
	read -r -t $((120 * ${NSIM_TMO:-1})) rc <&8 || {
		echo "no answer from the YNL server (pid ${YSRV:-none}; ynl $*)"
		return 1
	}
	cat /tmp/ynlsrv.out
	return "$rc"
}
yc() { ynl --spec "$YNL_SPEC" --no-schema --output-json "$@"; }
ys() { ynl --spec "$YNL_SPEC" --output-json "$@"; }

# q: clock ids as strings (jq holds numbers as doubles: the DSNs of two
# boards, 0x4e53494d0000XXXX, would be one number there).
q() { sed -E 's/"clock-id": *([0-9]+)/"clock-id": "\1"/g'; }

# ynl_fails DESC ERE ARGS...: ynl ARGS fails (non-zero exit), saying
# "Netlink error" and matching ERE (the errno's text, the extack); through
# the YNL server (y), or the cli itself (yc) when YNL_FAILS_CLI=1.
ynl_fails() {
	local desc=$1 ere=$2 out rc how=y
	shift 2
	[ "${YNL_FAILS_CLI:-0}" = 1 ] && how=yc
	out=$($how "$@" 2>&1)
	rc=$?
	if [ $rc = 0 ]; then
		fail "$desc" "ynl $* succeeded" "$out"
	elif ! grep -q 'Netlink error' <<<"$out"; then
		fail "$desc" "ynl $* failed (status $rc) without a netlink error" "$out"
	elif ! grep -Eq "$ere" <<<"$out"; then
		fail "$desc" "ynl $*: expected the error to match: $ere" "$out"
	else
		pass "$desc ($(grep -m1 -o 'Netlink error: .*' <<<"$out" | cut -c16-100))"
		return 0
	fi
	return 1
}

# ynl_monitor_start FILE SECONDS: ynl --subscribe monitor in the
# background, for at most SECONDS, its output in FILE; returns once the
# subscription is in place: the process sleeps (D6.12: clock_nanosleep) or
# waits in epoll for notifications (D7.x), per /proc/PID/syscall.  Sets
# YMON (its pid).
ynl_monitor_start() {
	local f=$1 secs=$2 i nr opt=--sleep
	[ "$YNL_STREAMS" = 1 ] && opt=--duration
	: >"$f"
	YMON_FILE=$f
	# unbuffered: D7.x's lines reach FILE as they come, and stay there when
	# it is ended by a signal (a background job of a script ignores SIGINT,
	# so python would too: it gets SIGTERM)
	PYTHONUNBUFFERED=1 ynl --spec "$YNL_SPEC" --no-schema --output-json \
		--subscribe monitor $opt "$secs" >"$f" 2>&1 &
	YMON=$!
	for ((i = 0; i < 600; i++)); do
		kill -0 "$YMON" 2>/dev/null || { cat "$f"; return 1; }
		nr=$(cut -d' ' -f1 "/proc/$YMON/syscall" 2>/dev/null)
		case $nr in
		230 | 232 | 281 | 441) return 0 ;; # clock_nanosleep, epoll_wait, epoll_pwait(2)
		esac
		sleep 0.1
	done
	echo "no subscription after 60 s (syscall $nr)"
	return 1
}

# ynl_monitor_sync PIN PARENT PRIO: before ynl_monitor_stop on a streaming
# YNL (D7.x): set PIN's priority on PARENT to PRIO (a value it does not
# have, on a pin whose priority changes nothing) and wait until the monitor
# printed that pin-change-ntf.  Notifications reach the socket in order,
# so everything sent before it is in the file by then: killing the monitor
# right after an action would lose what python had not printed yet.  A
# no-op for D6.12, which prints everything when its window ends.
ynl_monitor_sync() {
	local pin=$1 parent=$2 prio=$3 i
	[ "$YNL_STREAMS" = 1 ] || return 0
	y --do pin-set --json \
		"{\"id\": $pin, \"parent-device\": {\"parent-id\": $parent, \"prio\": $prio}}" \
		>/dev/null || return 1
	for ((i = 0; i < 600 * ${NSIM_TMO:-1}; i++)); do
		# (one verdict over all of them: jq 1.6's -e judges by the last
		# input only, and other notifications may follow ours)
		jq -c 'if type == "array" then .[] else . end' "$YMON_FILE" 2>/dev/null |
			jq -n -e --argjson p "$pin" --argjson d "$parent" --argjson q "$prio" \
				'[inputs | select(.name == "pin-change-ntf" and .msg.id == $p) |
				  .msg["parent-device"][] | select(.["parent-id"] == $d and .prio == $q)] |
				 length > 0' >/dev/null 2>&1 && return 0
		kill -0 "$YMON" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# ynl_monitor_stop: end the monitor: D7.x at once (it printed each
# notification as it came), D6.12 when its sleep is over (it prints the
# notifications only then).  Status 1 if it had ended before (its time ran
# out: the window was too short) or failed.
ynl_monitor_stop() {
	local rc=0 st=0
	kill -0 "$YMON" 2>/dev/null || rc=1
	if [ "$YNL_STREAMS" = 1 ]; then
		kill -TERM "$YMON" 2>/dev/null
		wait "$YMON" || st=$?
		[ "$st" = 0 ] || [ "$st" = 143 ] || rc=1
	else
		wait "$YMON" || rc=1
	fi
	return $rc
}

# ynl_ntf FILE: the notifications in FILE, one JSON object a line
# ({"name": ..., "msg": {...}}), whether printed one by one or as a list.
ynl_ntf() {
	jq -c 'if type == "array" then .[] else . end' "$1"
}
