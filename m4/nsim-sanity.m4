dnl SPDX-License-Identifier: GPL-2.0
dnl
dnl Replaces automake's AM_SANITY_CHECK, whose guard against coarse file
dnl time stamps costs every configure run a one-second sleep: a cached
dnl re-run of configure should take well under a second.  Kbuild needs
dnl nanosecond time stamps anyway; what remains worth checking is a path
dnl without white space, which neither make nor Kbuild can handle.
AC_DEFUN([AM_SANITY_CHECK], [dnl
AC_MSG_CHECKING([whether the build directory path is usable])
case `pwd` in
*[[\\\"\#\$\&\'\`$am_lf\ \	]]*)
	AC_MSG_ERROR([unsafe build directory path: `pwd`; use one without spaces or quotes]) ;;
esac
case $srcdir in
*[[\\\"\#\$\&\'\`$am_lf\ \	]]*)
	AC_MSG_ERROR([unsafe source directory path: $srcdir; use one without spaces or quotes]) ;;
esac
AC_MSG_RESULT([yes])
])
