#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kprobe.sh - answer the kernel feature probes that configure declared.
#
# configure writes every probe definition into one file (m4/nsim-probe.m4)
# and calls this script, which answers them against one kernel build tree
# and writes "NAME yes|no" lines.  Plain POSIX sh and awk, so that dkms
# targets need nothing beyond what building a module needs.
#
# Definitions file, probes in declared order:
#   @probe KIND NAME ARG DESCRIPTION...
#   @inc / @decl / @body   compile probes: includes, file-scope text and the
#                          body of a void function follow each marker
#   @end
# Kinds: compile (ARG: "-", or the comma-separated symbols the probed code
# needs exported, SYMBOL or SYMBOL@NAMESPACE; a probe that compiles but whose
# symbol is not exported, or only in a namespace the code does not import,
# is answered "no"), export (ARG: symbol, looked up in Module.symvers),
# config (ARG: CONFIG_X=VALUES, VALUES y, m, ym or a literal, read from
# auto.conf), header (ARG: path below an include directory).
#
# Compile probes are answered in one of two modes that must agree:
#   combined  all probes in one translation unit, so the headers are parsed
#             once; each probe sits in its own #line region, so every
#             diagnostic names its probe; failing probes are dropped and the
#             rest compiled again, until one clean compile confirms the
#             passing set.  Round 1 is a Kbuild pass; later rounds reuse the
#             exact compiler command Kbuild used in it.
#   isolated  one translation unit per probe, all in one parallel Kbuild pass.
#
# Only answers the compiler attributed to the probe are cached: a "no" with
# no diagnostic of the probe's own (a killed compiler, a full disk, ^C) is
# retried once on its own and, failing again, stops the run (exit 4) without
# caching anything.

set -u

usage() {
	cat >&2 <<EOF
usage: kprobe.sh --kobj DIR --ksrc DIR --defs FILE --work DIR --out FILE
		 [--mode combined|isolated] [--cache DIR] [--jobs N]
		 [--log FILE] [--quiet] [-- MAKE_ARGS...]
--jobs defaults to the -j of MAKEFLAGS, else the number of online CPUs.
EOF
	exit 2
}

KOBJ= KSRC= DEFS= WORK= OUT= MODE=combined CACHE= JOBS= LOG=/dev/null
QUIET=0
while [ $# -gt 0 ]; do
	case $1 in
	--kobj) KOBJ=$2; shift ;;
	--ksrc) KSRC=$2; shift ;;
	--defs) DEFS=$2; shift ;;
	--work) WORK=$2; shift ;;
	--out) OUT=$2; shift ;;
	--mode) MODE=$2; shift ;;
	--cache) CACHE=$2; shift ;;
	--jobs) JOBS=$2; shift ;;
	--log) LOG=$2; shift ;;
	--quiet) QUIET=1 ;;
	--) shift; break ;;
	*) usage ;;
	esac
	shift
done
[ -n "$KOBJ" ] && [ -n "$KSRC" ] && [ -n "$DEFS" ] && [ -n "$WORK" ] &&
	[ -n "$OUT" ] || usage
case $MODE in combined|isolated) ;; *) usage ;; esac
if [ -z "$JOBS" ]; then
	# make's own -j (MAKEFLAGS holds "-j3" or "-j 3" or only "-j" with a
	# jobserver), else the machine's CPUs.
	JOBS=$(printf ' %s ' "${MAKEFLAGS:-}" | sed 's/--jobs[= ]/-j/g' |
		sed -n 's/^.* -\{0,1\}j *\([0-9][0-9]*\) .*$/\1/p')
	[ -n "$JOBS" ] || JOBS=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null)
	case $JOBS in ''|*[!0-9]*|0) JOBS=1 ;; esac
fi
# What is left of the arguments goes to every make run (CC=, LLVM=, ...).
MAKE=${MAKE:-make}

abs() { case $1 in /*) echo "$1" ;; *) echo "$(pwd)/$1" ;; esac; }
SELF=$(abs "$0")
DEFS=$(abs "$DEFS") LOG=$(abs "$LOG") OUT=$(abs "$OUT")
[ "$LOG" = "$(pwd)//dev/null" ] && LOG=/dev/null
[ -n "$CACHE" ] && CACHE=$(abs "$CACHE")

log() { printf '%s\n' "$*" >>"$LOG"; }
T0=$(date +%s.%N)
tlog() {
	printf 'kprobe: %6.2f s  %s\n' \
		"$(echo "$T0 $(date +%s.%N)" | awk '{ print $2 - $1 }')" "$*" >>"$LOG"
}
die() { printf 'kprobe.sh: %s\n' "$*" >&2; log "kprobe.sh: $*"; exit 1; }
# Interrupted: nothing has been cached yet, and nothing will be.
trap 'log "kprobe: interrupted, nothing cached"; exit 130' INT TERM HUP
tty=0
[ "$QUIET" = 0 ] && [ -t 2 ] && tty=1
progress() { # what is being done; prefixed with answered/total
	[ $tty = 1 ] || return 0
	printf '\rchecking kernel probes: %s/%s answered, %-40s' \
		"$(wc -l <"$WORK/results")" "$(wc -l <"$WORK/list")" "$*" >&2
}
progress_done() { [ $tty = 1 ] && printf '\r%-100s\r' '' >&2; :; }

[ -f "$DEFS" ] || die "no probe definitions: $DEFS"
rm -rf "$WORK"
mkdir -p "$WORK/defs" "$WORK/src" "$WORK/comb" "$WORK/iso" ||
	die "cannot create $WORK"
WORK=$(cd "$WORK" && pwd -P)
D=$WORK/defs
: >"$WORK/results"

# ------------------------------------------------------------- cache key
# Answers hold for one build tree and source tree, release, config, symbol
# list, set of headers, compiler (the binary Kbuild will really run) and its
# version, set of make arguments and of toolchain variables in the
# environment, and version of this script; inside that, for each probe's
# text.
# (auto.conf quotes strings in some kernels, not in others)
cc_text=$(sed -n 's/^CONFIG_CC_VERSION_TEXT=//p' "$KOBJ/include/config/auto.conf" 2>/dev/null |
	sed 's/^"\(.*\)"$/\1/')
# The compiler Kbuild runs: CC= if given, else what LLVM= or CROSS_COMPILE=
# select, as the kernel's Makefile does.
argval() { # NAME: last NAME= among the make arguments, else the environment
	v=$(printf '%s\n' "$@" | sed -n "s/^$1=//p" | tail -n 1)
	[ -n "$v" ] || eval "v=\${$1:-}"
	printf '%s' "$v"
}
cc_bin=$(printf '%s\n' "$@" | sed -n 's/^CC=//p' | tail -n 1)
if [ -z "$cc_bin" ]; then
	llvm=$(argval LLVM "$@")
	case $llvm in
	'' | 0) cc_bin=$(argval CROSS_COMPILE "$@")gcc ;;
	*/) cc_bin=${llvm}clang ;;
	-*) cc_bin=clang$llvm ;;
	*) cc_bin=clang ;;
	esac
fi
cc_path=$(command -v "$cc_bin" 2>/dev/null)
env_key=$({
	cd "$KOBJ" && pwd -P
	cd "$KSRC" && pwd -P
	printf '%s\n%s\n%s\n%s\n' "$cc_text" "$cc_path" \
		"$("$cc_bin" --version 2>/dev/null | head -n 1)" "$*"
	env | grep -E '^(ARCH|SUBARCH|CROSS_COMPILE|LLVM|LLVM_IAS|KCFLAGS|KCPPFLAGS|KAFLAGS|KBUILD_[A-Z_]*FLAGS)=' | sort
	cat "$KOBJ/include/generated/utsrelease.h" \
	    "$KOBJ/include/config/auto.conf" "$KOBJ/Module.symvers" "$SELF"
	# Headers by name, size and time: an edited tree gets new answers.
	for d in "$KSRC/include" "$KOBJ/include" "$KSRC/arch/${NSIM_SRCARCH:-x86}/include" \
		 "$KOBJ/arch/${NSIM_SRCARCH:-x86}/include"; do
		[ -d "$d" ] && find "$d" -name '*.h' -printf '%p %s %T@\n'
	done | sort
} 2>/dev/null | sha256sum | cut -c1-32)
log "kprobe: cache key $env_key (compiler $cc_bin: ${cc_path:-not found}; jobs $JOBS)"

# ------------------------------------------------------ split definitions
# The sanity controls come first: one must compile, one must not, one
# proves that Kbuild's flags and ours reach the compiler.
arch=${NSIM_SRCARCH:-x86}
inc_dirs="$KSRC/include $KOBJ/include $KSRC/arch/$arch/include
$KOBJ/arch/$arch/include/generated $KSRC/include/uapi
$KOBJ/include/generated/uapi $KSRC/arch/$arch/include/uapi
$KOBJ/arch/$arch/include/generated/uapi"
# Pass "keys" writes the list and one file per probe with all its text (to
# hash); pass "parts" also writes what compiling needs.  A fully cached run
# needs only the first.
split_defs() { # keys|parts
{
	cat <<'EOF'
@probe compile kprobe_ctl_pass - sanity control: must compile
@inc
#include <linux/module.h>
@body
	return;
@end
@probe compile kprobe_ctl_fail - sanity control: must fail
@inc
#include <linux/module.h>
@body
	nsim_kprobe_no_such_function();
@end
@probe compile kprobe_ctl_flags - sanity control: flags reach the compiler
@inc
#include <linux/module.h>
@body
#if !defined(__KERNEL__) || !defined(MODULE) || !defined(NSIM_KPROBE_FLAGS)
#error compiler flags did not reach the probe
#endif
@end
EOF
	cat "$DEFS"
} | awk -v d="$D" -v w="$WORK" -v dirs="$inc_dirs" -v pass="$1" '
	function flush(   i, h, f, ok, line) {
		if (name == "") return
		if (pass == "keys") {
			printf "%s\t%s\t%s\t%s\n", kind, name, arg, desc > (w "/list")
			# Everything that decides the answer, for the cache key.
			f = d "/" name ".all"
			printf "%s %s %s\n@inc\n%s@decl\n%s@body\n%s", kind,
				name, arg, inc, decl, body > f
			close(f)
		}
		if (kind != "compile" || pass != "parts") { name = ""; return }
		printf "%s", inc > (d "/" name ".inc"); close(d "/" name ".inc")
		printf "%s", decl > (d "/" name ".decl"); close(d "/" name ".decl")
		printf "%s", body > (d "/" name ".body"); close(d "/" name ".body")
		print name > (w "/compile")
		# What isolated mode compiles and config.log points at.
		f = w "/src/" name ".c"
		printf "%s\n#line 1 \"%s.c\"\n%s\nstatic void __used nsim_probe_%s(void)\n{\n%s}\n",
			inc, name, decl, name, body > f
		close(f)
		# A missing header is answered now, before the combined unit,
		# whose headers all probes share.
		n = split(inc, lines, "\n")
		for (i = 1; i <= n; i++) {
			h = lines[i]
			if (h !~ /^[ \t]*#[ \t]*include[ \t]*</) continue
			sub(/^[^<]*</, "", h); sub(/>.*/, "", h)
			if (!(h in found)) found[h] = have(h)
			if (!found[h]) {
				print name > (w "/missing")
				printf "%s: missing header <%s>\n", name, h > (w "/src/" name ".err")
				close(w "/src/" name ".err")
				break
			}
		}
		name = ""
	}
	function have(h,   i, line) {
		for (i = 1; i <= ndirs; i++)
			if ((getline line < (dir[i] "/" h)) >= 0) {
				close(dir[i] "/" h); return 1
			}
		return 0
	}
	BEGIN {
		ndirs = split(dirs, dir, /[ \n]+/)
		if (pass == "keys") printf "" > (w "/list")
		else { printf "" > (w "/compile"); printf "" > (w "/missing") }
	}
	/^@probe / {
		flush()
		kind = $2; name = $3; arg = $4
		desc = $0; sub(/^@probe [^ ]+ [^ ]+ [^ ]+ ?/, "", desc)
		inc = decl = body = ""; part = ""; next
	}
	/^@(inc|decl|body)$/ { part = substr($0, 2); next }
	/^@end$/ { part = ""; next }
	part != "" {
		# Helpers named nsim_t_* get the probe name in theirs, so
		# probes sharing one translation unit never collide.
		gsub(/nsim_t_/, "nsim_t_" name "_")
		if (part == "inc") inc = inc $0 "\n"
		else if (part == "decl") decl = decl $0 "\n"
		else body = body $0 "\n"
	}
	END { flush() }
' || die "cannot read $DEFS"
}
split_defs keys

# One sha256sum for all probes; the key of a probe is env_key/its hash.
(cd "$D" && sha256sum *.all) | sed 's/\.all$//' |
	awk '{ print $2, $1 }' >"$WORK/keys"
tlog "definitions split, keys computed"

result() { printf '%s %s\n' "$1" "$2" >>"$WORK/results"; }

# The answers, in declared order so that both modes give identical files.
write_out() {
	awk -F'\t' 'FILENAME == ARGV[1] { split($0, f, " "); ans[f[1]] = f[2]; next }
		$2 !~ /^kprobe_ctl_/ { print $2, ans[$2] }' "$WORK/results" "$WORK/list" >"$OUT"
}

# Pull every cached answer in one pass; what is left must be computed.
: >"$WORK/cached"
if [ -n "$CACHE" ] && [ -d "$CACHE/$env_key" ]; then
	(cd "$CACHE/$env_key" && awk 'FNR == 1 { print FILENAME, $1 }' \
		$(awk '$1 !~ /^kprobe_ctl_/ { print $2 }' "$WORK/keys") 2>/dev/null) |
	awk 'FILENAME == ARGV[1] { name[$2] = $1; next }
	     ($1 in name) { print name[$1], $2 }' "$WORK/keys" - >"$WORK/cached"
fi
awk -F'\t' 'FILENAME == ARGV[1] { split($0, f, " "); c[f[1]] = 1; next }
	    !($2 in c) { print }' "$WORK/cached" "$WORK/list" >"$WORK/todo"
cat "$WORK/cached" >>"$WORK/results"
tlog "$(wc -l <"$WORK/cached") answers from cache"
# With every probe cached, the controls need not run either.
if ! grep -qv '	kprobe_ctl_' "$WORK/todo"; then
	write_out
	log "kprobe: all answers from cache $CACHE/$env_key"
	exit 0
fi

# ------------------------------------------------- export, config, header
awk -F'\t' -v symvers="$KOBJ/Module.symvers" \
    -v autoconf="$KOBJ/include/config/auto.conf" -v dirs="$inc_dirs" '
	BEGIN {
		while ((getline l < symvers) > 0) { split(l, f, "\t"); sym[f[2]] = 1 }
		while ((getline l < autoconf) > 0) {
			if (l !~ /^CONFIG_/) continue
			k = l; sub(/=.*/, "", k); v = l; sub(/^[^=]*=/, "", v)
			gsub(/"/, "", v); conf[k] = v
		}
		ndirs = split(dirs, dir, /[ \n]+/)
	}
	$1 == "export" { print $2, ($3 in sym) ? "yes" : "no" }
	$1 == "config" {
		k = $3; sub(/=.*/, "", k); want = $3; sub(/^[^=]*=/, "", want)
		v = (k in conf) ? conf[k] : "n"
		if (want ~ /^(y|m|ym|my)$/) ok = (v == "y" || v == "m") && index(want, v)
		else ok = (v == want)
		print $2, ok ? "yes" : "no"
	}
	$1 == "header" {
		ok = 0
		for (i = 1; i <= ndirs && !ok; i++)
			if ((getline l < (dir[i] "/" $3)) >= 0) { ok = 1; close(dir[i] "/" $3) }
		print $2, ok ? "yes" : "no"
	}
' "$WORK/todo" >>"$WORK/results"
tlog "export, config and header probes answered"

# ---------------------------------------------------------- compile probes
split_defs parts
awk -F'\t' '$1 == "compile" { print $2 }' "$WORK/todo" >"$WORK/compile.todo"

# Kbuild's own flags, plus only the warnings that mean a wrong signature
# as errors: blanket -Werror would turn harmless warnings into "absent".
CFLAGS_PROBE='-DNSIM_KPROBE_FLAGS -Wno-error
-Werror=implicit-function-declaration -Werror=incompatible-pointer-types
-Werror=int-conversion -Werror=return-type'
if grep -q '^CONFIG_CC_IS_CLANG=y' "$KOBJ/include/config/auto.conf"; then
	CFLAGS_PROBE="$CFLAGS_PROBE -Werror=incompatible-function-pointer-types
-Werror=incompatible-pointer-types-discards-qualifiers"
else
	CFLAGS_PROBE="$CFLAGS_PROBE -Werror=discarded-qualifiers"
fi
CFLAGS_PROBE=$(echo $CFLAGS_PROBE)

kbuild_file() { # DIR OBJECTS: listed in obj-m so Kbuild compiles module code
	printf 'obj-m := %s\nccflags-y := %s\n' "$2" "$CFLAGS_PROBE" >"$1/Kbuild"
}
kbuild_file "$WORK/src" "$(sed 's/$/.o/' "$WORK/compile" | tr '\n' ' ')"

kbuild() { # DIR OBJECTS MAKE_ARGS...  (output in $WORK/make.out)
	dir=$1 objs=$2; shift 2
	kbuild_file "$dir" "$objs"
	# shellcheck disable=SC2086
	$MAKE -C "$KOBJ" M="$dir" $objs "$@" >"$WORK/make.out" 2>&1
}

# Attribute every error to a probe: by the file name of its #line region,
# else by the probe function it appeared in, else by the probe named in a
# following "in expansion of macro" note.  Prints "?" for an error it
# cannot place.
attribute() { # COMPILER_OUTPUT
	awk '
	function probe_of(s,   m) {
		if (match(s, /[A-Za-z0-9_]+\.c:[0-9]+/)) {
			m = substr(s, RSTART, RLENGTH); sub(/\.c:.*/, "", m)
			if (m in known) return m
		}
		return ""
	}
	FILENAME == ARGV[1] { known[$1] = 1; next }
	/: In function .nsim_probe_/ {
		f = $0; sub(/.*In function .nsim_probe_/, "", f); sub(/.:.*/, "", f)
		ctx = (f in known) ? f : ""; next
	}
	/: (In function|At top level)/ { ctx = ""; next }
	/: (fatal )?error: / {
		if (pending) { print "?"; pending = 0 }
		p = probe_of($0)
		if (p == "") p = ctx
		if (p != "") print p; else pending = 1
		next
	}
	pending && /: note: / {
		p = probe_of($0)
		if (p != "") { print p; pending = 0 }
		next
	}
	END { if (pending) print "?" }
	' "$WORK/compile" "$1" | sort -u
}

errors_of() { # NAME COMPILER_OUTPUT: the diagnostics of one probe
	awk -v p="$1" 'index($0, p ".c:") || index($0, "nsim_probe_" p "\047")' "$2"
}

run_isolated() { # LIST MAKE_ARGS...
	list=$1; shift
	[ -s "$list" ] || return 0
	objs=$(sed 's/$/.o/' "$list" | tr '\n' ' ')
	(cd "$WORK/src" && cp $(sed 's/$/.c/' "$list") "$WORK/iso/")
	progress "compiling $(wc -l <"$list") one by one"
	kbuild "$WORK/iso" "$objs" -k -j"$JOBS" "$@"
	cp "$WORK/make.out" "$WORK/iso.out"
	while read -r n; do
		if [ -f "$WORK/iso/$n.o" ]; then
			result "$n" yes
		else
			result "$n" no
			errors_of "$n" "$WORK/iso.out" >"$WORK/src/$n.err"
		fi
	done <"$list"
	tlog "isolated: $(wc -l <"$list") probes compiled"
}

combined_unit() { # LIST: headers once, in first-seen order, then regions
	awk -v d="$D" '
	function slurp(f,   l, s) {
		s = ""
		while ((getline l < f) > 0) s = s l "\n"
		close(f); return s
	}
	{ names[++n] = $1 }
	END {
		for (i = 1; i <= n; i++) {
			c = split(slurp(d "/" names[i] ".inc"), l, "\n")
			for (j = 1; j <= c; j++)
				if (l[j] != "" && !(l[j] in seen)) { seen[l[j]] = 1; print l[j] }
		}
		for (i = 1; i <= n; i++)
			printf "\n#line 1 \"%s.c\"\n%s\nstatic void __used nsim_probe_%s(void)\n{\n%s}\n",
				names[i], slurp(d "/" names[i] ".decl"), names[i],
				slurp(d "/" names[i] ".body")
	}' "$1"
}

# The compiler command Kbuild used for kprobe_flags.o, for later rounds,
# and the directory it ran in: the kernel's build tree where the object is
# named by an absolute path, the module's own directory where it is named
# relative to it (Kbuild from 6.13 on).
direct_cmd= direct_dir=
capture_cmd() {
	f=$WORK/comb/.kprobe_flags.o.cmd
	[ -f "$f" ] || return 0
	direct_cmd=$(sed -n 's/^\(saved\)\{0,1\}cmd_[^ ]*kprobe_flags\.o := *//p' "$f" |
		sed 's/ ; .*//; s/;.*objtool.*//; s/\$\$/$/g; s/\\#/#/g')
	if grep -q '^\(saved\)\{0,1\}cmd_/' "$f"; then
		direct_dir=$KOBJ
	else
		direct_dir=$WORK/comb
	fi
}

compile_round() { # ROUND MAKE_ARGS...: compile probes_rROUND.c
	r=$1; shift
	rm -f "$WORK/comb/probes_r$r.o"
	if [ -z "$direct_cmd" ]; then
		# Round 1 also builds a trivial object, whose recorded command
		# serves the later rounds without another Kbuild pass.
		: >"$WORK/comb/kprobe_flags.c"
		kbuild "$WORK/comb" "probes_r$r.o kprobe_flags.o" -k -j"$JOBS" "$@"
		capture_cmd
	else
		cmd=$(printf '%s\n' "$direct_cmd" | sed "s/kprobe_flags/probes_r$r/g")
		(cd "$direct_dir" && eval "$cmd") >"$WORK/make.out" 2>&1
	fi
	cp "$WORK/make.out" "$WORK/comb/round$r.out"
}

run_combined() { # LIST MAKE_ARGS...
	grep -vxF -f "$WORK/missing" "$1" >"$WORK/cand" || :
	shift
	round=0
	while [ -s "$WORK/cand" ]; do
		round=$((round + 1))
		progress "compiling $(wc -l <"$WORK/cand") together (round $round)"
		combined_unit "$WORK/cand" >"$WORK/comb/probes_r$round.c"
		compile_round "$round" "$@"
		out=$WORK/comb/round$round.out
		tlog "combined round $round: $(wc -l <"$WORK/cand") probes compiled"
		if [ -f "$WORK/comb/probes_r$round.o" ]; then
			while read -r n; do result "$n" yes; done <"$WORK/cand"
			log "kprobe: combined round $round confirms $(wc -l <"$WORK/cand") probes"
			return 0
		fi
		attribute "$out" >"$WORK/blamed"
		if grep -qx '?' "$WORK/blamed" || ! [ -s "$WORK/blamed" ] ||
		   [ "$round" -ge 8 ]; then
			# An error we cannot pin on one probe: answer the rest
			# the slow and certain way.
			log "kprobe: combined round $round: errors not attributable to one probe; isolating $(wc -l <"$WORK/cand") probes"
			sed 's/^/  | /' "$out" | head -n 40 >>"$LOG"
			run_isolated "$WORK/cand" "$@"
			return 0
		fi
		# The first failing probe in unit order fails for its own
		# reasons.  A later one fails for sure only when one of its
		# errors is not of the kind an earlier probe's breakage can
		# cause; otherwise it gets another round.
		awk 'FILENAME == ARGV[1] { b[$1] = 1; next } ($1 in b)' \
			"$WORK/blamed" "$WORK/cand" |
		while read -r n; do
			if [ -z "${first:-}" ]; then
				first=$n
				echo "$n"
			elif errors_of "$n" "$out" | grep ': error: ' |
			     grep -qv 'error: expected\|error: stray\|error: unterminated\|error: redefinition\|error: conflicting types'; then
				echo "$n"
			fi
		done >"$WORK/failed"
		while read -r n; do
			result "$n" no
			errors_of "$n" "$out" >"$WORK/src/$n.err"
		done <"$WORK/failed"
		grep -vxF -f "$WORK/failed" "$WORK/cand" >"$WORK/cand.next" || :
		mv "$WORK/cand.next" "$WORK/cand"
	done
}

while read -r n; do result "$n" no; done <"$WORK/missing"
if [ -s "$WORK/compile.todo" ]; then
	if [ "$MODE" = combined ]; then
		run_combined "$WORK/compile.todo" "$@"
	else
		grep -vxF -f "$WORK/missing" "$WORK/compile.todo" >"$WORK/iso.list" || :
		run_isolated "$WORK/iso.list" "$@"
	fi
fi
tlog "compile probes answered"

# A compile probe answered "no" without one diagnostic of its own was not
# refused by the compiler: it was killed (out of memory), hit a full disk,
# or make gave up.  Such answers get one more try, alone; they are never
# cached.
set_answer() { # NAME ANSWER
	awk -v n="$1" -v a="$2" '$1 == n { $2 = a } { print }' "$WORK/results" >"$WORK/results.tmp" &&
		mv "$WORK/results.tmp" "$WORK/results"
}
unattributed() {
	awk 'FILENAME == ARGV[1] { todo[$1] = 1; next } ($1 in todo) && $2 == "no" { print $1 }' \
		"$WORK/compile.todo" "$WORK/results" |
	while read -r n; do [ -s "$WORK/src/$n.err" ] || echo "$n"; done
}
unattributed >"$WORK/unattributed"
# When even the trivial control failed so, the controls below say why; a
# retry would only compile every probe again, one at a time.
if grep -qx kprobe_ctl_pass "$WORK/unattributed"; then
	: >"$WORK/unattributed"
elif [ -s "$WORK/unattributed" ]; then
	log "kprobe: no diagnostic of their own for: $(tr '\n' ' ' <"$WORK/unattributed"); retrying them one by one"
	awk 'FILENAME == ARGV[1] { u[$1] = 1; next } !($1 in u)' \
		"$WORK/unattributed" "$WORK/results" >"$WORK/results.tmp" &&
		mv "$WORK/results.tmp" "$WORK/results"
	jobs_all=$JOBS JOBS=1
	run_isolated "$WORK/unattributed" "$@"
	JOBS=$jobs_all
	unattributed >"$WORK/unattributed"
fi

# A probe that compiles but whose code needs a symbol the kernel does not
# export to us would fail at modpost or load: answer it "no".  Module.symvers
# decides, not the object's undefined symbols, which an LTO build does not
# have (its objects are bitcode).
awk -F'\t' -v symvers="$KOBJ/Module.symvers" -v w="$WORK" '
	BEGIN { while ((getline l < symvers) > 0) { split(l, f, "\t"); ns[f[2]] = f[5]; have[f[2]] = 1 } }
	FILENAME == ARGV[1] { split($0, r, " "); ans[r[1]] = r[2]; next }
	$1 == "compile" && $3 != "-" && ans[$2] == "yes" {
		n = split($3, syms, ",")
		for (i = 1; i <= n; i++) {
			s = syms[i]; want = ""
			if (index(s, "@")) { want = substr(s, index(s, "@") + 1); s = substr(s, 1, index(s, "@") - 1) }
			if (!(s in have))
				why = "compiles, but " s " is not exported (not in " symvers ")"
			else if (ns[s] != "" && ns[s] != want)
				why = "compiles, but " s " is exported only in namespace " ns[s] ", which the code does not import"
			else continue
			print $2
			print why > (w "/src/" $2 ".err"); close(w "/src/" $2 ".err")
			break
		}
	}' "$WORK/results" "$WORK/todo" >"$WORK/unexported"
while read -r n; do set_answer "$n" no; done <"$WORK/unexported"
progress_done

# --------------------------------------------------------------- controls
# The first line of make's output that says why the trivial module did not
# build: a missing tool, an error of the compiler's or of the control's
# own, a killed compiler; else make's own complaint.
cause() {
	awk '
	/kprobe_ctl_fail/ { next }
	!c1 && (/: not found$/ || /No such file or directory/ || /[Cc]ommand not found/ ||
		/Permission denied/ || /No space left on device/ || /Killed signal|[Oo]ut of memory/) { c1 = $0 }
	!c0 && /kprobe_ctl_pass/ && /(fatal )?error: / { c0 = $0 }
	!c2 && (/(fatal )?error: / || /unrecognized (command[- ]line )?option/ || /unknown argument/) { c2 = $0 }
	!c3 && /\*\*\* / && !/Deleting file/ { c3 = $0 }
	END {
		c = c1 ? c1 : c0 ? c0 : c2 ? c2 : c3 ? c3 : "no output from the compiler or make"
		if (length(c) > 240) c = substr(c, 1, 240) "..."
		print c
	}'
}
answer() { awk -v n="$1" '$1 == n { print $2 }' "$WORK/results"; }
ctl_failed=
[ "$(answer kprobe_ctl_pass)" = yes ] || ctl_failed=ctl_pass
[ "$(answer kprobe_ctl_fail)" = no ] || ctl_failed=${ctl_failed:-ctl_fail}
[ "$(answer kprobe_ctl_flags)" = yes ] || ctl_failed=${ctl_failed:-ctl_flags}
if [ -n "$ctl_failed" ]; then
	log "kprobe: sanity control $ctl_failed misbehaved; compiler output:"
	for f in "$WORK"/comb/round*.out "$WORK/iso.out"; do
		[ -f "$f" ] && sed 's/^/  | /' "$f" | head -n 60 >>"$LOG"
	done
	echo "$ctl_failed" >"$WORK/control-failed"
	# The cause, in one line, from what the compiler and make said.
	for f in "$WORK/iso.out" "$WORK"/comb/round*.out; do [ -f "$f" ] && cat "$f"; done |
		cause >"$WORK/control-cause"
	exit 3
fi
if [ -s "$WORK/unattributed" ]; then
	log "kprobe: the compiler failed twice without a diagnostic for: $(tr '\n' ' ' <"$WORK/unattributed")"
	log "  (killed, out of memory or disk space?); nothing cached; its output:"
	sed 's/^/  | /' "$WORK/iso.out" | head -n 40 >>"$LOG"
	exit 4
fi

# ------------------------------------------------ cache and log, answers
if [ -n "$CACHE" ]; then
	mkdir -p "$CACHE/$env_key" &&
	awk -v c="$CACHE/$env_key" 'FILENAME == ARGV[1] { k[$1] = $2; next }
		$1 !~ /^kprobe_ctl_/ && ($1 in k) { f = c "/" k[$1]; print $2 > f; close(f) }' \
		"$WORK/keys" "$WORK/results"
fi

# config.log: every answer; for a failed compile probe its source, its
# errors and the command that reproduces them.
awk -F'\t' -v w="$WORK" -v repro="$MAKE -C $KOBJ M=$WORK/src $*" '
	function dump(f,   l) {
		while ((getline l < f) > 0) print "  | " l
		close(f)
	}
	FILENAME == ARGV[1] { split($0, f, " "); ans[f[1]] = f[2]; next }
	$2 ~ /^kprobe_ctl_/ { next }
	{
		printf "kprobe: %s %s%s: %s\n", $1, $2, ($3 == "-") ? "" : " (" $3 ")", ans[$2]
		if ($1 != "compile" || ans[$2] != "no") next
		print "  source (" w "/src/" $2 ".c):"; dump(w "/src/" $2 ".c")
		print "  errors:"; dump(w "/src/" $2 ".err")
		print "  reproduce: " repro " " $2 ".o"
	}' "$WORK/results" "$WORK/todo" >>"$LOG"
tlog "done"

write_out
exit 0
