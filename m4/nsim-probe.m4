dnl SPDX-License-Identifier: GPL-2.0
dnl
dnl The kernel probe machinery.
dnl
dnl Every probe is declared exactly once, with one of the NSIM_PROBE_* macros
dnl below, in the m4/kernel-*.m4 file of its kernel area.  Declaring a probe
dnl registers it at m4 time; NSIM_PROBE_RUN then writes all definitions to one
dnl file, answers them with scripts/kprobe.sh and defines HAVE_<NAME> for each
dnl probe that passed.  There is no second list of probes to keep in step.

dnl _NSIM_PROBE_DECLARE(NAME)
dnl Refuse a name declared twice; remember the name for the header.
m4_define([_NSIM_PROBE_DECLARE], [dnl
m4_ifdef([_nsim_probe_$1], [m4_fatal([kernel probe $1 is declared twice])])dnl
m4_define([_nsim_probe_$1], [1])dnl
m4_bmatch([$1], [^[A-Z0-9_]+$], [],
	[m4_fatal([kernel probe name $1: use upper case, digits and _])])dnl
m4_append([_NSIM_PROBE_NAMES], [$1], [ ])dnl
])

dnl NSIM_PROBE_COMPILE(NAME, INCLUDES, FILE-SCOPE, BODY, DESCRIPTION, [EXPORTS])
dnl HAVE_NAME when the text compiles against the kernel: INCLUDES, then the
dnl FILE-SCOPE text, then BODY inside a function returning void.  To check a
dnl signature, assign a function to a pointer of the expected type.
dnl EXPORTS: the symbols the probed code needs exported to modules (SYMBOL,
dnl or SYMBOL@NAMESPACE when the code imports that namespace); a probe that
dnl compiles while one of them is not in Module.symvers is answered "no".
AC_DEFUN([NSIM_PROBE_COMPILE], [dnl
_NSIM_PROBE_DECLARE([$1])dnl
m4_append([_NSIM_PROBE_TEXT], [@probe compile $1 ]m4_ifblank([$6], [-],
	[m4_quote(m4_translit(m4_normalize([$6]), [ ], [,]))])[ $5
@inc
$2
@decl
$3
@body
$4
@end
])dnl
])

dnl NSIM_PROBE_EXPORT(NAME, SYMBOL, DESCRIPTION)
dnl HAVE_NAME when the kernel exports SYMBOL to modules (Module.symvers).
AC_DEFUN([NSIM_PROBE_EXPORT], [dnl
_NSIM_PROBE_DECLARE([$1])dnl
m4_append([_NSIM_PROBE_TEXT], [@probe export $1 $2 $3
@end
])dnl
])

dnl NSIM_PROBE_CONFIG(NAME, CONFIG_SYMBOL, VALUES, DESCRIPTION)
dnl HAVE_NAME when CONFIG_SYMBOL is one of VALUES: "y", "m", "ym", or a
dnl literal value, read from the target tree's include/config/auto.conf.
AC_DEFUN([NSIM_PROBE_CONFIG], [dnl
_NSIM_PROBE_DECLARE([$1])dnl
m4_append([_NSIM_PROBE_TEXT], [@probe config $1 $2=$3 $4
@end
])dnl
])

dnl NSIM_PROBE_HEADER(NAME, HEADER, DESCRIPTION)
dnl HAVE_NAME when HEADER (e.g. linux/dpll.h) is among the kernel's headers.
AC_DEFUN([NSIM_PROBE_HEADER], [dnl
_NSIM_PROBE_DECLARE([$1])dnl
m4_append([_NSIM_PROBE_TEXT], [@probe header $1 $2 $3
@end
])dnl
])

dnl NSIM_PROBE_CHAIN(WHAT, NAME...)
dnl At least one of the alternative APIs NAME... must exist, or configure
dnl stops naming the kernel and WHAT.
AC_DEFUN([NSIM_PROBE_CHAIN], [dnl
m4_append([_NSIM_PROBE_CHAINS], [
	nsim_chain_ok=no
	for nsim_p in $2; do
		eval "test \"\$nsim_have_$nsim_p\" = yes" && nsim_chain_ok=yes
	done
	if test "$nsim_chain_ok" != yes; then
		AC_MSG_ERROR([kernel $LINUX_RELEASE ($LINUX_OBJ): none of the known APIs for $1 is present (probes: $2); this kernel is not supported yet, see config.log])
	fi
])dnl
])

dnl NSIM_PROBE_RUN
dnl Answer every declared probe, in the mode chosen by --with-probe-mode,
dnl and leave nsim_have_NAME=yes|no for configure's own decisions.
AC_DEFUN([NSIM_PROBE_RUN], [dnl
AC_ARG_WITH([probe-mode],
	[AS_HELP_STRING([--with-probe-mode=combined|isolated],
		[compile kernel probes together in one unit (default) or each in its own])],
	[], [with_probe_mode=combined])
case $with_probe_mode in
combined|isolated) ;;
*) AC_MSG_ERROR([--with-probe-mode=$with_probe_mode: use combined or isolated]) ;;
esac
AC_ARG_WITH([probe-cache],
	[AS_HELP_STRING([--with-probe-cache=DIR],
		[where to keep probe results between runs (default .kprobe-cache; "no" to disable)])],
	[], [with_probe_cache=.kprobe-cache])
AS_IF([test "$with_probe_cache" = no], [nsim_cache=],
	[nsim_cache=$with_probe_cache])

dnl configure's initialisation empties MAKEFLAGS; make's -j, when configure
dnl runs under make, is taken before that.
m4_divert_text([M4SH-INIT], [nsim_makeflags=${MAKEFLAGS-}])dnl
nsim_jobs=`printf ' %s ' "$nsim_makeflags" | sed 's/--jobs[[= ]]/-j/g' |
	sed -n 's/^.* -\{0,1\}j *\([[0-9]][[0-9]]*\) .*$/\1/p'`
nsim_kprobe_dir=kprobe.d
rm -rf "$nsim_kprobe_dir"
mkdir -p "$nsim_kprobe_dir" || AC_MSG_ERROR([cannot create $nsim_kprobe_dir])
cat >"$nsim_kprobe_dir/defs" <<'_NSIM_EOF'
m4_defn([_NSIM_PROBE_TEXT])dnl
_NSIM_EOF

nsim_nprobes=`grep -c '^@probe ' "$nsim_kprobe_dir/defs"`
echo "$as_me: running kernel probes: $SHELL $srcdir/scripts/kprobe.sh --mode $with_probe_mode" >&AS_MESSAGE_LOG_FD
nsim_t0=`date +%s.%N`
$SHELL "$srcdir/scripts/kprobe.sh" --kobj "$LINUX_OBJ" --ksrc "$LINUX" \
	--defs "$nsim_kprobe_dir/defs" --work "$nsim_kprobe_dir/work" \
	--out "$nsim_kprobe_dir/results" --mode "$with_probe_mode" \
	--cache "$nsim_cache" --log "$nsim_kprobe_dir/log" ${nsim_jobs:+--jobs $nsim_jobs} \
	-- $KERNEL_MAKE_ARGS
nsim_rc=$?
cat "$nsim_kprobe_dir/log" >&AS_MESSAGE_LOG_FD 2>/dev/null
nsim_t1=`date +%s.%N`
dnl Asked only now: on a terminal kprobe.sh shows its progress meanwhile.
AC_MSG_CHECKING([$nsim_nprobes kernel probes ($with_probe_mode mode)])
nsim_probe_secs=`echo "$nsim_t0 $nsim_t1" | awk '{ printf "%.2f", $[]2 - $[]1 }'`
AS_CASE([$nsim_rc],
[0], [AC_MSG_RESULT([done in $nsim_probe_secs s])],
[3], [AC_MSG_RESULT([sanity control failed])
	nsim_cause=`cat "$nsim_kprobe_dir/work/control-cause" 2>/dev/null`
	case $nsim_cause in
	*objtool*) nsim_hint="the build tree's objtool is missing or broken: fix or reinstall $LINUX_OBJ/tools (a copied tree's relative tools link?)" ;;
	*": not found"*|*"No such file"*) nsim_hint="a tool the kernel's build needs is missing: install it or fix $LINUX_OBJ" ;;
	*"No space left"*|*Killed*|*"out of memory"*|*"Out of memory"*) nsim_hint="the build machine ran out of memory or disk space: free some and run configure again" ;;
	*) nsim_hint="check that the compiler the kernel was built with ($LINUX_CC_TEXT) is installed, or set KERNEL_CC" ;;
	esac
	case `cat "$nsim_kprobe_dir/work/control-failed" 2>/dev/null` in
	ctl_pass) AC_MSG_ERROR([cannot build even a trivial module for $LINUX_RELEASE with $nsim_cc_show: $nsim_cause; $nsim_hint; details in config.log]) ;;
	ctl_fail) AC_MSG_ERROR([a probe that must fail compiled for $LINUX_RELEASE: the probe machinery is broken; details in config.log]) ;;
	*) AC_MSG_ERROR([probe flags do not reach the compiler for $LINUX_RELEASE; details in config.log]) ;;
	esac],
[4], [AC_MSG_RESULT([compiler failed])
	nsim_u=`echo \`cat "$nsim_kprobe_dir/work/unattributed"\``
	AC_MSG_ERROR([the compiler failed twice on $nsim_u without a diagnostic of its own (killed, out of memory or disk space?); nothing was cached: run configure again; details in config.log])],
[AC_MSG_RESULT([error])
	AC_MSG_ERROR([kernel probes could not run against $LINUX_OBJ; details in config.log])])

dnl Results as shell variables nsim_have_NAME, every declared name set.
for nsim_p in m4_normalize(m4_defn([_NSIM_PROBE_NAMES])); do
	eval "nsim_have_$nsim_p=no"
done
while read nsim_p nsim_r; do
	eval "nsim_have_$nsim_p=\$nsim_r"
done <"$nsim_kprobe_dir/results"
m4_ifdef([_NSIM_PROBE_CHAINS], [_NSIM_PROBE_CHAINS])
])

dnl NSIM_DEFINE(MACRO, VALUE)
dnl A non-probe macro for the kernel-side config header.
AC_DEFUN([NSIM_DEFINE], [dnl
nsim_extra_defines="$nsim_extra_defines
#define $1 $2"
])

dnl NSIM_CONFIG_HEADER(FILE)
dnl Write the header force-included into every module object: only HAVE_*
dnl results and NSIM_* settings.  It is written whole and renamed into
dnl place, so a failed configure never leaves half of one behind; an
dnl unchanged header keeps its time stamp, so nothing is rebuilt for it.
AC_DEFUN([NSIM_CONFIG_HEADER], [dnl
AC_CONFIG_COMMANDS([$1], [
	nsim_tmp="$1.tmp$$"
	{
		echo "/* Generated by configure for kernel $nsim_release: do not edit. */"
		echo "#ifndef _NSIM_CONFIG_H"
		echo "#define _NSIM_CONFIG_H"
		echo
		while read nsim_p nsim_r; do
			if test "$nsim_r" = yes; then
				echo "#define HAVE_$nsim_p 1"
			else
				echo "/* #undef HAVE_$nsim_p */"
			fi
		done <kprobe.d/results
		echo "$nsim_extra_defines"
		echo
		echo "#endif /* _NSIM_CONFIG_H */"
	} >"$nsim_tmp" && if cmp -s "$nsim_tmp" ".$1.prev"; then
		mv -f ".$1.prev" "$1" && rm -f "$nsim_tmp"
	else
		rm -f ".$1.prev"; mv -f "$nsim_tmp" "$1"
	fi || {
		rm -f "$nsim_tmp"
		echo "config.status: error: cannot write $1" >&2
		exit 1
	}
], [
	nsim_release='$LINUX_RELEASE'
	nsim_extra_defines='$nsim_extra_defines'
])
])
