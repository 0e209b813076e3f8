# shellcheck shell=bash
# Result records shared by tests/vm, tests/run-kernel, tests/run-matrix and
# the self-tests, and their rendering as TAP.  One record per line:
#
#   R<TAB>pass|fail|skip<TAB>name<TAB>reason<TAB>seconds
#   D<TAB>detail line (output of the test above; printed indented)
#   N<TAB>note (printed as a TAP comment)

rec_open() {
	REC_FILE=$1
}

rec_result() { # STATUS NAME REASON SECONDS
	printf 'R\t%s\t%s\t%s\t%s\n' "$1" "$2" "$(tr '\t\n' '  ' <<<"$3" | sed 's/ *$//')" "${4:-}" >>"$REC_FILE"
}

rec_detail() {
	printf 'D\t%s\n' "$*" >>"$REC_FILE"
}

rec_detail_stdin() {
	sed 's/^/D\t/' | tr -d '\r' >>"$REC_FILE"
}

rec_detail_file() {
	[ -s "$1" ] && rec_detail_stdin <"$1"
	return 0
}

rec_note() {
	printf 'N\t%s\n' "$*" >>"$REC_FILE"
}

# records_count FILE...: sets REC_PASS REC_FAIL REC_SKIP
records_count() {
	read -r REC_PASS REC_FAIL REC_SKIP < <(cat "$@" 2>/dev/null | awk -F'\t' '
		$1 == "R" { c[$2]++ } END { printf "%d %d %d\n", c["pass"], c["fail"], c["skip"] }')
}

# records_ok FILE...: nothing failed and something passed (a run where
# everything was skipped, or nothing ran, is not a success).
records_ok() {
	records_count "$@"
	[ "$REC_FAIL" = 0 ] && [ "$REC_PASS" -gt 0 ]
}

# render_tap FILE...: TAP on stdout; the output of a test follows its result
# line, indented; the plan comes last.  Fails if any test failed.
render_tap() {
	cat "$@" | awk -F'\t' '
		$1 == "D" { sub(/^D\t/, ""); printf "    %s\n", $0; next }
		$1 == "N" { sub(/^N\t/, ""); printf "# %s\n", $0; next }
		$1 == "R" {
			n++
			t = ($5 != "") ? sprintf(" [%s s]", $5) : ""
			if ($2 == "pass") printf "ok %d - %s%s%s\n", n, $3, t, ($4 != "") ? " (" $4 ")" : ""
			else if ($2 == "skip") printf "ok %d - %s%s # SKIP %s\n", n, $3, t, $4
			else {
				printf "not ok %d - %s%s\n", n, $3, t
				printf "  # %s\n", ($4 != "") ? $4 : "failed"
			}
		}
		END { printf "1..%d\n", n }'
	records_ok "$@"
}

# summary_line FILE...: the final "N passed, N failed" line (skips are noted
# on the line before, as a comment).
summary_line() {
	records_count "$@"
	[ "$REC_SKIP" = 0 ] || echo "# $REC_SKIP skipped"
	echo "$REC_PASS passed, $REC_FAIL failed"
}
