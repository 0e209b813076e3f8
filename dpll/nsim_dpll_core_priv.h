/* SPDX-License-Identifier: GPL-2.0 */
/* Objects of the bundled DPLL core, shared by its object and netlink code. */
#ifndef _NSIM_DPLL_CORE_PRIV_H
#define _NSIM_DPLL_CORE_PRIV_H

#include <linux/mutex.h>
#include <linux/xarray.h>

#include "nsim_dpll_core.h"

/* Set on devices and pins of the xarrays while clients may see them. */
#define NSIM_DPLL_CORE_REGISTERED	XA_MARK_1

struct nsim_dpll_core_device {
	u32 id;			/* netlink id, from nsim_dpll_core_devices */
	u32 device_idx;
	u64 clock_id;
	struct module *module;
	enum nsim_dpll_type type;
	unsigned int refcount;
	const struct nsim_dpll_core_device_ops *ops;	/* NULL: unregistered */
	void *priv;
	struct xarray pin_refs;	/* pin id -> struct nsim_dpll_core_pin_ref */
};

/* A pin registered on one DPLL, with that registration's callbacks. */
struct nsim_dpll_core_pin_ref {
	struct nsim_dpll_core_device *dpll;
	struct nsim_dpll_core_pin *pin;
	const struct nsim_dpll_core_pin_ops *ops;
	void *priv;
};

struct nsim_dpll_core_pin {
	u32 id;			/* netlink id, from nsim_dpll_core_pins */
	u32 pin_idx;
	u64 clock_id;
	struct module *module;
	unsigned int refcount;
	struct nsim_dpll_core_pin_properties prop;	/* our own copy */
	struct xarray dpll_refs; /* DPLL id -> struct nsim_dpll_core_pin_ref */
};

/* Guards both xarrays and every object in them; callbacks run under it. */
extern struct mutex nsim_dpll_core_lock;
extern struct xarray nsim_dpll_core_devices;
extern struct xarray nsim_dpll_core_pins;

/* nsim_dpll_netlink.c; the *_ntf() need nsim_dpll_core_lock held. */
int nsim_dpll_nl_register(void);
void nsim_dpll_nl_unregister(void);
void nsim_dpll_nl_device_ntf(struct nsim_dpll_core_device *dpll, u8 cmd);
void nsim_dpll_nl_pin_ntf(struct nsim_dpll_core_pin *pin, u8 cmd);

#endif /* _NSIM_DPLL_CORE_PRIV_H */
