/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic netlink and extack differences between supported kernels, for
 * nsim_dpll's bundled DPLL core (its "dpll" family) and the boards on it.
 */
#ifndef _NSIM_COMPAT_GENL_H
#define _NSIM_COMPAT_GENL_H

#include <linux/netlink.h>
#include <net/genetlink.h>

/*
 * resv_start_op (6.1 and later): commands from this one on get strict
 * attribute validation whatever their flags say.  Before it, validation
 * was strict for every op without GENL_DONT_VALIDATE_* anyway.
 */
static inline void nsim_genl_resv_start_op(struct genl_family *family, u8 op)
{
#ifdef HAVE_GENL_RESV_START_OP
	family->resv_start_op = op;
#endif
}

/*
 * Formatted extack messages (6.2 and later keep the text in the extack);
 * before, the format itself is the message, arguments unexpanded.
 */
#ifndef HAVE_NL_SET_ERR_MSG_FMT
#define NL_SET_ERR_MSG_FMT(extack, fmt, args...)	\
	NL_SET_ERR_MSG(extack, fmt)
#endif

#endif /* _NSIM_COMPAT_GENL_H */
