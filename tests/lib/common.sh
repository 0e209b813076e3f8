# shellcheck shell=bash
# Host-side helpers shared by tests/kenv, tests/vm, tests/run-kernel and
# tests/run-matrix.  Sourced, not executed.

TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SRC_DIR=$(cd "$TESTS_DIR/.." && pwd)
KCACHE=${NSIM_KCACHE:-/var/cache/nsim-kernels}
KCONF=${NSIM_KERNELS_CONF:-$TESTS_DIR/kernels.conf}
DEBIAN_MIRROR=${NSIM_DEBIAN_MIRROR:-http://deb.debian.org/debian}
# Apt options used in every chroot (sid's Release file can look stale).
APT_OPTS=(-o Acquire::Check-Valid-Until=false -o APT::Install-Recommends=false
	  -o Dpkg::Use-Pty=false -o quiet=1)

die() {
	echo "${PROG:-nsim-tests}: $*" >&2
	exit 1
}

note() {
	echo "${PROG:-nsim-tests}: $*" >&2
}

# kconf_names: print all kernel names, in file order.
kconf_names() {
	awk '!/^[[:space:]]*(#|$)/ { print $1 }' "$KCONF"
}

# kconf_load NAME: set K_NAME K_SUITE K_ENV K_CC K_FLAGS K_KIND, or die with
# a hint.  K_KIND (the optional 6th column) is a Debian image flavour
# ("amd64", "rt-amd64": the suite's linux-image-FLAVOUR) or "build:NAME" (a
# kernel built from the suite's linux-source with tests/kernels/NAME.config).
kconf_load() {
	local line extra
	line=$(awk -v n="$1" '!/^[[:space:]]*(#|$)/ && $1 == n' "$KCONF")
	if [ -z "$line" ]; then
		die "unknown kernel '$1'; known: $(kconf_names | tr '\n' ' ')(see $KCONF)"
	fi
	read -r K_NAME K_SUITE K_ENV K_CC K_FLAGS K_KIND extra <<<"$line"
	[ -n "$K_CC" ] || die "$KCONF: line for '$1' has too few fields"
	[ -z "$extra" ] || die "$KCONF: line for '$1' has too many fields"
	K_FLAGS=${K_FLAGS:--}
	K_KIND=${K_KIND:-amd64}
	case $K_KIND in
	build:*) [ -f "$TESTS_DIR/kernels/${K_KIND#build:}.config" ] ||
		die "$KCONF: $K_NAME: no config fragment tests/kernels/${K_KIND#build:}.config" ;;
	*[!a-z0-9-]* | -*) die "$KCONF: $K_NAME: bad kind '$K_KIND' (a flavour like amd64 or rt-amd64, or build:NAME)" ;;
	esac
}

kflag() {
	case ",$K_FLAGS," in *",$1,"*) return 0 ;; esac
	return 1
}

# kflag_val KEY DEFAULT: the value of a KEY=VALUE flag, or DEFAULT.
kflag_val() {
	local f
	for f in ${K_FLAGS//,/ }; do
		case $f in "$1="*) echo "${f#*=}" && return 0 ;; esac
	done
	echo "$2"
}

kbuilt() {
	case $K_KIND in build:*) return 0 ;; esac
	return 1
}

# Paths of one kernel's cached state (after kconf_load).
kpaths() {
	K_DIR=$KCACHE/kernels/$K_NAME
	K_INFO=$K_DIR/info.sh
	if [ "$K_ENV" = host ]; then
		K_ROOT=
	else
		K_ROOT=$KCACHE/chroots/$K_ENV
	fi
	K_BUILD=$CO_BASE/$K_NAME
}

# The build area: bind-mounted into every chroot at the same path.
BUILD_BASE=$KCACHE/build
# This checkout's part of it: checkouts (CI's clean clone, a developer's
# tree) never build into each other's copies.
CO_ID=$(printf '%s' "$SRC_DIR" | sha256sum | cut -c1-12)
CO_BASE=$BUILD_BASE/co-$CO_ID

# Serialise work on one shared resource (a chroot, the tools archive).
with_lock() {
	local name=$1
	shift
	local fd rc=0
	mkdir -p "$KCACHE/locks"
	exec {fd}>"$KCACHE/locks/$name.lock"
	flock "$fd"
	"$@" || rc=$?
	exec {fd}>&-
	return $rc
}

# Seconds since the epoch, with fractions, for timing reports.
now() {
	date +%s.%N
}

elapsed() {
	awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'
}

# ---------------------------------------------------------- host load ----
# load_start N: a CPU hog beside the VMs (--with-load): stress-ng --cpu N if
# installed, else N busy loops; each under timeout(1), so that nothing
# outlives the run even if the trap never fires.  load_stop ends it; the
# callers trap EXIT/INT/TERM to it.
LOAD_PIDS=()
load_start() {
	local n=$1 max=${NSIM_LOAD_MAX:-10800} i
	if command -v stress-ng >/dev/null 2>&1; then
		timeout -k 5 "$max" stress-ng --cpu "$n" --quiet >/dev/null 2>&1 &
		LOAD_PIDS+=($!)
	else
		for ((i = 0; i < n; i++)); do
			timeout -k 5 "$max" bash -c 'while :; do :; done' >/dev/null 2>&1 &
			LOAD_PIDS+=($!)
		done
	fi
	note "host load: ${LOAD_PIDS[*]} ($(command -v stress-ng >/dev/null 2>&1 && echo "stress-ng --cpu $n" || echo "$n busy loop(s)"), at most $max s)"
}

load_stop() {
	local p
	[ ${#LOAD_PIDS[@]} -gt 0 ] || return 0
	for p in "${LOAD_PIDS[@]}"; do
		# timeout(1) passes TERM on to its child and exits.
		kill -TERM "$p" 2>/dev/null || true
	done
	for p in "${LOAD_PIDS[@]}"; do
		wait "$p" 2>/dev/null || true
	done
	LOAD_PIDS=()
}
