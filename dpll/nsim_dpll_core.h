/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Driver API of nsim_dpll's bundled DPLL core, for kernels without their
 * own.  It has the shape of the kernel's DPLL driver API (get/put,
 * register/unregister, change notifications, callback tables) with nsim
 * names, so that a vendor kernel's own DPLL core, built in or as a module,
 * never clashes with it; compat/nsim_compat_dpll.h maps the kernel's
 * spelling onto it.  Only built where configure chose the bundled core.
 */
#ifndef _NSIM_DPLL_CORE_H
#define _NSIM_DPLL_CORE_H

#include <linux/types.h>

#include "nsim_dpll_uapi.h"

struct module;
struct netlink_ext_ack;
struct nsim_dpll_core_device;
struct nsim_dpll_core_pin;

/*
 * A driver's DPLL device callbacks; mode_get and lock_status_get required.
 * Names and arguments are the kernel's, so that a board fills either.
 */
struct nsim_dpll_core_device_ops {
	int (*mode_get)(const struct nsim_dpll_core_device *dpll,
			void *dpll_priv, enum nsim_dpll_mode *mode,
			struct netlink_ext_ack *extack);
	/* both or neither: DEVICE_SET of the mode needs the two */
	int (*mode_set)(const struct nsim_dpll_core_device *dpll,
			void *dpll_priv, enum nsim_dpll_mode mode,
			struct netlink_ext_ack *extack);
	int (*supported_modes_get)(const struct nsim_dpll_core_device *dpll,
				   void *dpll_priv, unsigned long *modes,
				   struct netlink_ext_ack *extack);
	int (*lock_status_get)(const struct nsim_dpll_core_device *dpll,
			       void *dpll_priv,
			       enum nsim_dpll_lock_status *status,
			       enum nsim_dpll_lock_status_error *status_error,
			       struct netlink_ext_ack *extack);
	int (*temp_get)(const struct nsim_dpll_core_device *dpll,
			void *dpll_priv, s32 *temp,
			struct netlink_ext_ack *extack);
	/* sets bits of enum nsim_dpll_clock_quality_level in @qls */
	int (*clock_quality_level_get)(const struct nsim_dpll_core_device *dpll,
				       void *dpll_priv, unsigned long *qls,
				       struct netlink_ext_ack *extack);
};

/* What ffo_get is asked for: bits of nsim_dpll_core_pin_ops.supported_ffo. */
enum nsim_dpll_core_ffo_type {
	NSIM_DPLL_CORE_FFO_PORT_RXTX_RATE,	/* a SyncE port's RX vs TX */
	NSIM_DPLL_CORE_FFO_PIN_DEVICE,		/* an input vs its DPLL */
};

/* ffo_get's answer, in ppt; -ENODATA from ffo_get: none to report. */
struct nsim_dpll_core_ffo_param {
	enum nsim_dpll_core_ffo_type type;
	s64 ffo;
};

/*
 * A driver's pin callbacks, per pin and DPLL; direction_get and
 * state_on_dpll_get required.
 */
struct nsim_dpll_core_pin_ops {
	unsigned long supported_ffo;	/* BIT(enum nsim_dpll_core_ffo_type) */
	int (*frequency_set)(const struct nsim_dpll_core_pin *pin,
			     void *pin_priv,
			     const struct nsim_dpll_core_device *dpll,
			     void *dpll_priv, const u64 frequency,
			     struct netlink_ext_ack *extack);
	int (*frequency_get)(const struct nsim_dpll_core_pin *pin,
			     void *pin_priv,
			     const struct nsim_dpll_core_device *dpll,
			     void *dpll_priv, u64 *frequency,
			     struct netlink_ext_ack *extack);
	int (*direction_set)(const struct nsim_dpll_core_pin *pin,
			     void *pin_priv,
			     const struct nsim_dpll_core_device *dpll,
			     void *dpll_priv,
			     const enum nsim_dpll_pin_direction direction,
			     struct netlink_ext_ack *extack);
	int (*direction_get)(const struct nsim_dpll_core_pin *pin,
			     void *pin_priv,
			     const struct nsim_dpll_core_device *dpll,
			     void *dpll_priv,
			     enum nsim_dpll_pin_direction *direction,
			     struct netlink_ext_ack *extack);
	int (*state_on_dpll_get)(const struct nsim_dpll_core_pin *pin,
				 void *pin_priv,
				 const struct nsim_dpll_core_device *dpll,
				 void *dpll_priv,
				 enum nsim_dpll_pin_state *state,
				 struct netlink_ext_ack *extack);
	int (*state_on_dpll_set)(const struct nsim_dpll_core_pin *pin,
				 void *pin_priv,
				 const struct nsim_dpll_core_device *dpll,
				 void *dpll_priv,
				 const enum nsim_dpll_pin_state state,
				 struct netlink_ext_ack *extack);
	int (*prio_get)(const struct nsim_dpll_core_pin *pin, void *pin_priv,
			const struct nsim_dpll_core_device *dpll,
			void *dpll_priv, u32 *prio,
			struct netlink_ext_ack *extack);
	int (*prio_set)(const struct nsim_dpll_core_pin *pin, void *pin_priv,
			const struct nsim_dpll_core_device *dpll,
			void *dpll_priv, const u32 prio,
			struct netlink_ext_ack *extack);
	/* ps * NSIM_DPLL_PIN_PHASE_OFFSET_DIVIDER */
	int (*phase_offset_get)(const struct nsim_dpll_core_pin *pin,
				void *pin_priv,
				const struct nsim_dpll_core_device *dpll,
				void *dpll_priv, s64 *phase_offset,
				struct netlink_ext_ack *extack);
	int (*ffo_get)(const struct nsim_dpll_core_pin *pin, void *pin_priv,
		       const struct nsim_dpll_core_device *dpll,
		       void *dpll_priv, struct nsim_dpll_core_ffo_param *ffo,
		       struct netlink_ext_ack *extack);
};

struct nsim_dpll_core_pin_frequency {
	u64 min;
	u64 max;
};

#define NSIM_DPLL_CORE_PIN_FREQUENCY_RANGE(_min, _max)	\
	{ .min = (_min), .max = (_max) }
#define NSIM_DPLL_CORE_FREQ_1_HZ	1

/* What a pin is, shared by every DPLL it is registered with. */
struct nsim_dpll_core_pin_properties {
	const char *board_label;
	const char *panel_label;
	const char *package_label;
	enum nsim_dpll_pin_type type;
	unsigned long capabilities;
	u32 freq_supported_num;
	struct nsim_dpll_core_pin_frequency *freq_supported;
};

struct nsim_dpll_core_device *
nsim_dpll_core_device_get(u64 clock_id, u32 device_idx, struct module *module);
void nsim_dpll_core_device_put(struct nsim_dpll_core_device *dpll);
int nsim_dpll_core_device_register(struct nsim_dpll_core_device *dpll,
				   enum nsim_dpll_type type,
				   const struct nsim_dpll_core_device_ops *ops,
				   void *priv);
void
nsim_dpll_core_device_unregister(struct nsim_dpll_core_device *dpll,
				 const struct nsim_dpll_core_device_ops *ops,
				 void *priv);

struct nsim_dpll_core_pin *
nsim_dpll_core_pin_get(u64 clock_id, u32 pin_idx, struct module *module,
		       const struct nsim_dpll_core_pin_properties *prop);
void nsim_dpll_core_pin_put(struct nsim_dpll_core_pin *pin);
int nsim_dpll_core_pin_register(struct nsim_dpll_core_device *dpll,
				struct nsim_dpll_core_pin *pin,
				const struct nsim_dpll_core_pin_ops *ops,
				void *priv);
void nsim_dpll_core_pin_unregister(struct nsim_dpll_core_device *dpll,
				   struct nsim_dpll_core_pin *pin,
				   const struct nsim_dpll_core_pin_ops *ops,
				   void *priv);

int nsim_dpll_core_device_change_ntf(struct nsim_dpll_core_device *dpll);
int nsim_dpll_core_pin_change_ntf(struct nsim_dpll_core_pin *pin);

const char *nsim_dpll_core_extack_msg(const char *fmt, ...) __printf(1, 2);

#endif /* _NSIM_DPLL_CORE_H */
