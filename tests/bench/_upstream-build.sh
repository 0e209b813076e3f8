#!/bin/bash
# Run on the host by this area's Makefile, in tests/vm's staged copy: fetch
# drivers/net/netdevsim of the kernel's own Debian linux-source, build it
# against the kernel's headers in its build env (once per source version and
# kernel release, in the build area, under a lock) and leave it here as
# upstream-netdevsim.ko (the module inside is still named netdevsim).  On any
# failure leave upstream-netdevsim.skip with the reason instead, exit 0.
set -u
KO=upstream-netdevsim.ko
SKIP=upstream-netdevsim.skip
rm -f "$KO" "$SKIP"

skip() {
	echo "$*" >"$SKIP"
	echo "upstream netdevsim: $*" >&2
	exit 0
}

[ -n "${NSIM_KNAME:-}" ] && [ -n "${NSIM_KVER:-}" ] && [ -n "${NSIM_KOBJ:-}" ] &&
	[ -n "${NSIM_TESTS:-}" ] || skip "no kernel given (NSIM_KNAME etc. are set by tests/vm)"
kenv=$NSIM_TESTS/kenv
# A make -j of our caller must not leak a jobserver into the chroot.
unset MAKEFLAGS MFLAGS MAKELEVEL

out=$("$kenv" source "$NSIM_KNAME" drivers/net/netdevsim 2>&1) ||
	skip "cannot unpack drivers/net/netdevsim of the kernel's linux-source: $(tail -1 <<<"$out")"
tree=$(tail -1 <<<"$out")
[ -f "$tree/drivers/net/netdevsim/Makefile" ] ||
	skip "no drivers/net/netdevsim in the kernel's linux-source ($tree)"

# $BUILD_BASE/.src/VERSION/tree -> $BUILD_BASE/.upstream-netdevsim/VERSION-KVER
ver=$(basename "$(dirname "$tree")")
dir=${tree%/.src/*}/.upstream-netdevsim/$ver-$NSIM_KVER
mkdir -p "${dir%/*}"
exec 9>"$dir.lock"
flock 9
if [ ! -f "$dir/.done" ]; then
	rm -rf "$dir"
	cp -a "$tree/drivers/net/netdevsim" "$dir"
	# Debian kernels have CONFIG_NETDEVSIM unset; the rest of the module's
	# options (BPF, XFRM offload, psample, MACsec) come from the kernel's
	# own configuration through Kbuild.
	if "$kenv" exec "$NSIM_KNAME" -- make -C "$NSIM_KOBJ" M="$dir" \
		CONFIG_NETDEVSIM=m modules >"$dir/build.log" 2>&1 &&
		"$kenv" exec "$NSIM_KNAME" -- strip --strip-debug "$dir/netdevsim.ko" \
			>>"$dir/build.log" 2>&1; then
		echo ok >"$dir/.done"
	else
		echo failed >"$dir/.done"
	fi
fi
if [ "$(cat "$dir/.done")" != ok ]; then
	err=$(grep -m1 -E 'error|Error' "$dir/build.log" || tail -1 "$dir/build.log")
	skip "the kernel's netdevsim ($ver) does not build out of tree: $err" \
		"(log $dir/build.log; rm -rf $dir to retry)"
fi
cp "$dir/netdevsim.ko" "$KO"
