dnl SPDX-License-Identifier: GPL-2.0
dnl
dnl Finding and checking the target kernel's build tree.
dnl
dnl Sets LINUX (source tree), LINUX_OBJ (build tree), LINUX_RELEASE,
dnl LINUX_CC_TEXT, LINUX_SRCARCH and KERNEL_MAKE_ARGS, the arguments every
dnl make invocation against the kernel gets, probes and modules alike.

dnl _NSIM_KERNEL_FAIL(CAUSE, WHAT-TO-DO)
m4_define([_NSIM_KERNEL_FAIL], [AC_MSG_ERROR([$1; $2])])

AC_DEFUN([NSIM_KERNEL], [dnl
AC_ARG_VAR([KERNEL_CC],
	[compiler for probes and modules (default: the one the kernel's config names)])
AC_ARG_VAR([KERNEL_LLVM],
	[LLVM= value for kernels built with clang (default: 1 for such kernels)])
AC_ARG_VAR([KERNEL_CROSS_COMPILE], [CROSS_COMPILE= prefix for the kernel build])
AC_ARG_VAR([KERNEL_ARCH], [ARCH= for the kernel build])

AC_ARG_WITH([linux],
	[AS_HELP_STRING([--with-linux=SRC], [kernel source tree (default: from the build tree)])],
	[LINUX=$withval])
AC_ARG_WITH([linux-obj],
	[AS_HELP_STRING([--with-linux-obj=OBJ],
		[kernel build tree (default: the running kernel's, else the newest installed)])],
	[LINUX_OBJ=$withval])

dnl Results of an earlier run must not outlive a failed one.  The old
dnl header is kept aside: if this run writes the same, it keeps its time
dnl stamp and nothing is rebuilt for it.
test -f nsim_config.h && mv -f nsim_config.h .nsim_config.h.prev

for nsim_v in linux:LINUX linux-obj:LINUX_OBJ; do
	eval "nsim_d=\$${nsim_v#*:}"
	case $nsim_d in
	yes|no) AC_MSG_ERROR([--with-${nsim_v%%:*}=$nsim_d: give a directory]) ;;
	esac
done

AC_MSG_CHECKING([kernel build tree])
AS_IF([test -z "$LINUX_OBJ" && test -n "$LINUX"], [LINUX_OBJ=$LINUX])
AS_IF([test -z "$LINUX_OBJ"], [
	dnl NSIM_SYSROOT and NSIM_RUNNING_RELEASE exist for tests and for
	dnl builds from outside a target's root file system.
	nsim_kr=${NSIM_RUNNING_RELEASE:-`uname -r`}
	nsim_root=${NSIM_SYSROOT:-}
	if test -f "$nsim_root/lib/modules/$nsim_kr/build/Makefile"; then
		LINUX_OBJ=$nsim_root/lib/modules/$nsim_kr/build
	else
		dnl Every installed build tree: Debian/Ubuntu, RHEL
		dnl (/usr/src/kernels), SUSE (-obj/ARCH/FLAVOUR).  Among
		dnl them the newest of the running kernel's flavour (-amd64,
		dnl not -rt-amd64; -generic, not -lowlatency), else the newest.
		nsim_flavour() {
			echo "$[]1" | sed -n 's/^[[0-9]][[0-9.]]*-[[0-9]][[0-9.]]*-\([[a-z]].*\)$/\1/p'
		}
		nsim_want=`nsim_flavour "$nsim_kr"`
		nsim_trees() {
			for nsim_d in "$nsim_root"/lib/modules/*/build "$nsim_root"/usr/src/linux-headers-* \
				"$nsim_root"/usr/src/kernels/* "$nsim_root"/usr/src/linux-*-obj/*/*; do
				test -f "$nsim_d/Makefile" || continue
				nsim_r=`sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$nsim_d/include/generated/utsrelease.h" 2>/dev/null`
				test -n "$nsim_r" || continue
				nsim_m=1
				test -n "$nsim_want" && test "`nsim_flavour "$nsim_r"`" = "$nsim_want" && nsim_m=2
				echo "$nsim_m $nsim_r $nsim_d"
			done
		}
		LINUX_OBJ=`nsim_trees | sort -k1,1n -k2,2V | tail -n 1 | cut -d' ' -f3-`
	fi
	test -n "$LINUX_OBJ" || _NSIM_KERNEL_FAIL([no kernel build tree found],
		[install the headers of the target kernel (Debian: apt-get install linux-headers-$nsim_kr) or pass --with-linux-obj=DIR])
])
test -d "$LINUX_OBJ" || _NSIM_KERNEL_FAIL([kernel build tree $LINUX_OBJ does not exist],
	[pass --with-linux-obj=DIR naming a prepared kernel build tree])
LINUX_OBJ=`cd "$LINUX_OBJ" && pwd -P`
test -f "$LINUX_OBJ/Makefile" || _NSIM_KERNEL_FAIL([$LINUX_OBJ is not a kernel build tree (no Makefile)],
	[pass --with-linux-obj=DIR naming one])
AC_MSG_RESULT([$LINUX_OBJ])

AC_MSG_CHECKING([kernel source tree])
AS_IF([test -z "$LINUX"], [
	if test -d "$LINUX_OBJ/source"; then
		LINUX=$LINUX_OBJ/source
	else
		dnl Distribution header packages split the tree; their build
		dnl tree's Makefile includes the source tree's by path.
		LINUX=`sed -n 's,^include[[ 	]]*\(/.*\)/Makefile[[ 	]]*$,\1,p' "$LINUX_OBJ/Makefile" | head -n 1`
		test -n "$LINUX" || LINUX=$LINUX_OBJ
	fi
])
test -f "$LINUX/include/linux/module.h" || _NSIM_KERNEL_FAIL([kernel source tree $LINUX has no include/linux/module.h],
	[pass --with-linux=SRC naming the source tree that belongs to $LINUX_OBJ])
LINUX=`cd "$LINUX" && pwd -P`
AC_MSG_RESULT([$LINUX])

AC_MSG_CHECKING([whether the kernel build tree is prepared])
for nsim_f in include/generated/autoconf.h include/generated/utsrelease.h include/config/auto.conf; do
	test -f "$LINUX_OBJ/$nsim_f" || {
		AC_MSG_RESULT([no])
		_NSIM_KERNEL_FAIL([kernel build tree $LINUX_OBJ is not prepared (no $nsim_f)],
			[run 'make modules_prepare' in it, or install the distribution's headers package for that kernel])
	}
done
test -f "$LINUX_OBJ/Module.symvers" || {
	AC_MSG_RESULT([no])
	_NSIM_KERNEL_FAIL([kernel build tree $LINUX_OBJ has no Module.symvers, so exports cannot be checked and modules cannot be linked against it],
		[build the kernel's modules ('make modules') or install the distribution's headers package])
}
AC_MSG_RESULT([yes])

dnl The release modules are built for (vermagic, /lib/modules/RELEASE).
LINUX_RELEASE=`sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$LINUX_OBJ/include/generated/utsrelease.h"`
AC_MSG_CHECKING([kernel release])
AC_MSG_RESULT([$LINUX_RELEASE])

dnl The target's own config names its compiler; the build machine's
dnl running kernel has no say.
nsim_kconf() {
	sed -n "s/^$[]1=//p" "$LINUX_OBJ/include/config/auto.conf" | sed 's/^"\(.*\)"$/\1/'
}
LINUX_CC_TEXT=`nsim_kconf CONFIG_CC_VERSION_TEXT`
AC_MSG_CHECKING([compiler for kernel $LINUX_RELEASE])
AS_IF([test "`nsim_kconf CONFIG_CC_IS_CLANG`" = y], [
	dnl LLVM=1 runs clang, LLVM=-16 clang-16, LLVM=/opt/llvm/bin/ the
	dnl clang there, as the kernel's Makefile does.  By default the
	dnl clang of the kernel's major version if installed, else clang.
	case $KERNEL_LLVM in
	*/) ;;
	/*) test -d "$KERNEL_LLVM" && KERNEL_LLVM=$KERNEL_LLVM/ ;;
	esac
	if test -z "$KERNEL_CC" && test -z "$KERNEL_LLVM"; then
		nsim_major=`echo "$LINUX_CC_TEXT" | sed -n 's/.*clang version \([[0-9]]*\).*/\1/p'`
		if test -n "$nsim_major" && command -v "clang-$nsim_major" >/dev/null 2>&1; then
			KERNEL_LLVM=-$nsim_major
		else
			KERNEL_LLVM=1
		fi
	fi
	nsim_cc=$KERNEL_CC
	test -n "$nsim_cc" || case $KERNEL_LLVM in
	*/) nsim_cc=${KERNEL_LLVM}clang ;;
	-*) nsim_cc=clang$KERNEL_LLVM ;;
	*) nsim_cc=clang ;;
	esac
], [
	nsim_cc=$KERNEL_CC
	if test -z "$nsim_cc"; then
		nsim_first=`echo "$LINUX_CC_TEXT" | awk '{ print $[]1 }'`
		nsim_major=`echo "$LINUX_CC_TEXT" | awk '{ print $[]NF }' | sed 's/\..*//'`
		for nsim_c in "$KERNEL_CROSS_COMPILE$nsim_first" "${KERNEL_CROSS_COMPILE}gcc-$nsim_major" "${KERNEL_CROSS_COMPILE}gcc"; do
			if command -v "$nsim_c" >/dev/null 2>&1; then
				nsim_cc=$nsim_c
				break
			fi
		done
		test -n "$nsim_cc" || {
			AC_MSG_RESULT([not found])
			_NSIM_KERNEL_FAIL([kernel $LINUX_RELEASE was built with '$LINUX_CC_TEXT', which is not installed],
				[install it (Debian: apt-get install $nsim_first) or set KERNEL_CC])
		}
		KERNEL_CC=$nsim_cc
	fi
])
nsim_cc_path=`command -v "$nsim_cc" 2>/dev/null` || {
	AC_MSG_RESULT([not found])
	AS_IF([test -z "$KERNEL_CC" && test -n "$KERNEL_LLVM"],
		[_NSIM_KERNEL_FAIL([compiler '$nsim_cc' (from KERNEL_LLVM=$KERNEL_LLVM) not found], [install it or set KERNEL_LLVM (1, -VERSION or a PREFIX/) or KERNEL_CC to one that is])],
		[_NSIM_KERNEL_FAIL([compiler '$nsim_cc' not found], [install it or set KERNEL_CC to one that is])])
}
dnl What the summary and error messages name: the binary that really runs.
nsim_cc_show="$nsim_cc_path (`$nsim_cc_path --version 2>/dev/null | head -n 1`)"
AC_MSG_RESULT([$nsim_cc_show])

AS_IF([test -n "$KERNEL_ARCH"], [
	case $KERNEL_ARCH in
	x86_64|i386) LINUX_SRCARCH=x86 ;;
	*) LINUX_SRCARCH=$KERNEL_ARCH ;;
	esac
], [
	LINUX_SRCARCH=
	for nsim_a in X86:x86 ARM64:arm64 ARM:arm RISCV:riscv PPC:powerpc S390:s390 LOONGARCH:loongarch; do
		if test "`nsim_kconf CONFIG_${nsim_a%%:*}`" = y; then
			LINUX_SRCARCH=${nsim_a#*:}
			break
		fi
	done
	test -n "$LINUX_SRCARCH" || LINUX_SRCARCH=x86
])
export NSIM_SRCARCH=$LINUX_SRCARCH

KERNEL_MAKE_ARGS=
test -n "$KERNEL_CC" && KERNEL_MAKE_ARGS="$KERNEL_MAKE_ARGS CC=$KERNEL_CC"
test -n "$KERNEL_LLVM" && KERNEL_MAKE_ARGS="$KERNEL_MAKE_ARGS LLVM=$KERNEL_LLVM"
test -n "$KERNEL_CROSS_COMPILE" && KERNEL_MAKE_ARGS="$KERNEL_MAKE_ARGS CROSS_COMPILE=$KERNEL_CROSS_COMPILE"
dnl ARCH from the kernel's own config unless given: a build machine of
dnl another architecture must not decide it.
KERNEL_MAKE_ARGS="$KERNEL_MAKE_ARGS ARCH=${KERNEL_ARCH:-$LINUX_SRCARCH}"
dnl Module sources live in the build tree too (copied on VPATH builds), so
dnl Kbuild always sees one directory per module.

AC_SUBST([LINUX])
AC_SUBST([LINUX_OBJ])
AC_SUBST([LINUX_RELEASE])
AC_SUBST([KERNEL_MAKE_ARGS])
AC_SUBST([LINUX_SRCARCH])

AC_ARG_WITH([moduledir],
	[AS_HELP_STRING([--with-moduledir=DIR],
		[install modules here (default /lib/modules/RELEASE/updates)])],
	[moduledir=$withval], [moduledir=/lib/modules/$LINUX_RELEASE/updates])
AC_ARG_WITH([udevrulesdir],
	[AS_HELP_STRING([--with-udevrulesdir=DIR], [udev rules (default /lib/udev/rules.d)])],
	[udevrulesdir=$withval], [udevrulesdir=/lib/udev/rules.d])
for nsim_d in "$moduledir" "$udevrulesdir"; do
	case $nsim_d in
	/*) ;;
	*) AC_MSG_ERROR([install directory '$nsim_d' is not absolute]) ;;
	esac
done
dnl Kbuild's modules_install puts modules in ROOT/lib/modules/RELEASE/SUBDIR.
case $moduledir in
*/lib/modules/$LINUX_RELEASE/?*)
	MODULE_ROOT=${moduledir%%/lib/modules/$LINUX_RELEASE/*}
	INSTALL_MOD_DIR=${moduledir#"$MODULE_ROOT/lib/modules/$LINUX_RELEASE/"} ;;
*) AC_MSG_ERROR([--with-moduledir=$moduledir: modules are installed by Kbuild's modules_install, into ROOT/lib/modules/$LINUX_RELEASE/SUBDIR; give a directory of that form]) ;;
esac
AC_SUBST([moduledir])
AC_SUBST([MODULE_ROOT])
AC_SUBST([INSTALL_MOD_DIR])
AC_SUBST([udevrulesdir])
])
