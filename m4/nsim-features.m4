dnl SPDX-License-Identifier: GPL-2.0
dnl
dnl What gets built, decided from the probe results and the user's switches.

dnl NSIM_FEATURE_OPTIONS: switches for optional parts, checked before the
dnl probes run so that a bad value fails at once.
AC_DEFUN([NSIM_FEATURE_OPTIONS], [dnl
AC_ARG_WITH([dpll],
	[AS_HELP_STRING([--with-dpll=auto|kernel|bundled],
		[DPLL core to register with: the kernel's, our bundled one, or whichever fits (default auto)])],
	[], [with_dpll=auto])
case $with_dpll in
auto|kernel|bundled) ;;
*) AC_MSG_ERROR([--with-dpll=$with_dpll: use auto, kernel or bundled]) ;;
esac
AC_ARG_ENABLE([vm-check],
	[AS_HELP_STRING([--disable-vm-check],
		[make check does not boot the configured kernel in a VM])],
	[], [enable_vm_check=yes])
case $enable_vm_check in
yes|no) ;;
*) AC_MSG_ERROR([--enable-vm-check=$enable_vm_check: use yes or no]) ;;
esac
AM_CONDITIONAL([NSIM_VM_CHECK], [test "$enable_vm_check" = yes])
])

AC_DEFUN([NSIM_FEATURES], [dnl
nsim_kernel_dpll=no
test "$nsim_have_DPLL_CONFIG" = yes && test "$nsim_have_DPLL_HEADER" = yes &&
	test "$nsim_have_DPLL_DEVICE_REGISTER" = yes && nsim_kernel_dpll=yes
dnl A kernel core whose driver API is not one the boards are written for
dnl (DPLL_BOARD_OPS) is an error, not a silent fallback: the bundled core
dnl cannot register beside it (its family name is taken).
AS_IF([test $nsim_kernel_dpll = yes && test "$nsim_have_DPLL_BOARD_OPS" != yes &&
       test "$with_dpll" != bundled],
	[AC_MSG_ERROR([kernel $LINUX_RELEASE has a DPLL core whose driver API nsim_dpll does not know (probe DPLL_BOARD_OPS failed: see config.log); this kernel is not supported yet])])

AC_MSG_CHECKING([which DPLL core to use])
case $with_dpll in
auto)
	AS_IF([test $nsim_kernel_dpll = yes], [nsim_dpll=kernel], [nsim_dpll=bundled]) ;;
kernel)
	test $nsim_kernel_dpll = yes || AC_MSG_ERROR([--with-dpll=kernel: kernel $LINUX_RELEASE has no usable DPLL core (CONFIG_DPLL=y with dpll_device_register exported); use --with-dpll=auto or bundled])
	nsim_dpll=kernel ;;
bundled)
	test "$nsim_have_DPLL_CONFIG" != yes || AC_MSG_ERROR([--with-dpll=bundled: kernel $LINUX_RELEASE has its own DPLL core, whose dpll netlink family the bundled one would clash with; use --with-dpll=auto or kernel])
	nsim_dpll=bundled ;;
esac
AC_MSG_RESULT([$nsim_dpll])
AS_IF([test $nsim_dpll = kernel],
	[NSIM_DEFINE([NSIM_DPLL_CORE_KERNEL], [1])
	 nsim_dpll_show="kernel (boards of wpc=1 devices register with it)"],
	[NSIM_DEFINE([NSIM_DPLL_CORE_BUNDLED], [1])
	 nsim_dpll_show="bundled (nsim_dpll registers its own dpll netlink family; boards of wpc=1 devices register with it)"])

dnl What every build needs: configure stops here rather than the build at
dnl modpost or the module at load.
AC_MSG_CHECKING([for the devlink core])
AS_IF([test "$nsim_have_NET_DEVLINK" = yes], [AC_MSG_RESULT([yes])], [
	AC_MSG_RESULT([no])
	AC_MSG_ERROR([kernel $LINUX_RELEASE is built without CONFIG_NET_DEVLINK, which netdevsim needs; use a kernel with CONFIG_NET_DEVLINK=y])
])
AC_MSG_CHECKING([for the PTP clock core])
AS_IF([test "$nsim_have_PTP_1588_CLOCK" = yes && test "$nsim_have_PTP_CLOCK_REGISTER" = yes],
	[AC_MSG_RESULT([yes])], [
	AC_MSG_RESULT([no])
	AS_IF([test "$nsim_have_PTP_1588_CLOCK" != yes],
		[AC_MSG_ERROR([kernel $LINUX_RELEASE is built without CONFIG_PTP_1588_CLOCK, which nsim_ptp needs; use a kernel with CONFIG_PTP_1588_CLOCK=y or m])],
		[AC_MSG_ERROR([kernel $LINUX_RELEASE does not export ptp_clock_register (Module.symvers of $LINUX_OBJ), which nsim_ptp needs; use the Module.symvers the kernel was built with])])
])

dnl One version for modules, dkms and the tarball: AC_INIT's.
NSIM_DEFINE([NSIM_VERSION], [\"$PACKAGE_VERSION\"])
])

dnl NSIM_SUMMARY: what was found and what will be built.
AC_DEFUN([NSIM_SUMMARY], [dnl
nsim_yes() {
	for nsim_p; do
		eval "test \"\$nsim_have_$nsim_p\" = yes" || { echo no; return; }
	done
	echo yes
}
cat <<_NSIM_EOF

$PACKAGE_NAME $PACKAGE_VERSION for kernel $LINUX_RELEASE
  build tree        $LINUX_OBJ
  compiler          $nsim_cc_show
                    (kernel built with: $LINUX_CC_TEXT)
  probes            $nsim_nprobes in $with_probe_mode mode, `grep -c ' yes$' kprobe.d/results` present

  PTP clock features
    adjphase/getmaxphase     `nsim_yes PTP_ADJPHASE PTP_GETMAXPHASE`
    PTP_SYS_OFFSET_EXTENDED  `nsim_yes PTP_GETTIMEX64`
    PTP_SYS_OFFSET_PRECISE   `nsim_yes PTP_GETCROSSTSTAMP`
    PPS events               `nsim_yes PPS`
  DPLL core                  $nsim_dpll_show
  hw timestamp config via    `test "$nsim_have_NDO_HWTSTAMP_SET" = yes && echo ndo_hwtstamp_set || echo SIOCSHWTSTAMP`

  modules: ptp/nsim_ptp.ko dpll/nsim_dpll.ko netdevsim/netdevsim.ko
  install: $moduledir
_NSIM_EOF
])
