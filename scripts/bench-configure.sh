#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Times the probe phase of configure in combined and isolated mode, side by
# side, against the kernel configure was run for, with no cache, and checks
# that both modes give the same answers.  Run from a configured build tree
# (make bench-configure) or with the same options by hand.
#
# Prints one line per mode and a summary line:
#   bench-configure: kernel K probes N combined C s isolated I s ratio R agree yes|no
set -u

KOBJ= KSRC= SRCDIR=. REPEAT=1 SRCARCH=
while [ $# -gt 0 ]; do
	case $1 in
	--kobj) KOBJ=$2; shift ;;
	--ksrc) KSRC=$2; shift ;;
	--srcdir) SRCDIR=$2; shift ;;
	--repeat) REPEAT=$2; shift ;;
	--srcarch) SRCARCH=$2; shift ;;
	--) shift; break ;;
	*) echo "usage: bench-configure.sh --kobj DIR --ksrc DIR [--srcdir DIR] [--repeat N] [--srcarch ARCH] [-- MAKE_ARGS]" >&2
	   exit 2 ;;
	esac
	shift
done
defs=kprobe.d/defs
[ -f "$defs" ] || { echo "bench-configure: no $defs: run configure first" >&2; exit 2; }
[ -n "$KOBJ" ] && [ -n "$KSRC" ] || { echo "bench-configure: --kobj and --ksrc are required" >&2; exit 2; }

# The kernel's source architecture, as configure derived it (its header
# directories); ARCH= among the make arguments when not given.
[ -n "$SRCARCH" ] || for a in "$@"; do case $a in ARCH=*) SRCARCH=${a#ARCH=} ;; esac; done
case $SRCARCH in x86_64|i386) SRCARCH=x86 ;; esac
export NSIM_SRCARCH=${SRCARCH:-x86}

out=kprobe.d/bench
rm -rf "$out"
mkdir -p "$out"

# Best of REPEAT runs of one mode; prints seconds.
run() { # MODE MAKE_ARGS...
	mode=$1; shift
	best=
	i=0
	while [ $i -lt "$REPEAT" ]; do
		t0=$(date +%s.%N)
		sh "$SRCDIR/scripts/kprobe.sh" --mode "$mode" --kobj "$KOBJ" --ksrc "$KSRC" \
			--defs "$defs" --work "$out/work-$mode" --out "$out/results-$mode" \
			--log "$out/log-$mode" --quiet -- "$@" || {
			echo "bench-configure: $mode mode failed, see $out/log-$mode" >&2
			exit 1
		}
		t1=$(date +%s.%N)
		best=$(echo "$t0 $t1 ${best:-999999}" |
			awk '{ d = $2 - $1; print (d < $3) ? d : $3 }')
		i=$((i + 1))
	done
	echo "$best"
}

c=$(run combined "$@") || exit 1
i=$(run isolated "$@") || exit 1
n=$(grep -c '^@probe ' "$defs")
release=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$KOBJ/include/generated/utsrelease.h")
if cmp -s "$out/results-combined" "$out/results-isolated"; then agree=yes; else
	agree=no
	diff "$out/results-combined" "$out/results-isolated" >&2
fi
echo "combined: $c s"
echo "isolated: $i s"
echo "$release $n $c $i $agree" | awk '{
	printf "bench-configure: kernel %s probes %d combined %.2f s isolated %.2f s ratio %.1fx agree %s\n",
		$1, $2, $3, $4, $4 / $3, $5 }'
[ "$agree" = yes ]
