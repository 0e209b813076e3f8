/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DPLL core API for nsim_dpll's boards: the kernel's, with its differences
 * between supported kernels, or where configure chose the bundled core
 * (NSIM_DPLL_CORE_BUNDLED) the kernel's spelling mapped onto the bundled
 * core's.  Only this file branches on the DPLL probe results; include it
 * after every kernel header.
 */
#ifndef _NSIM_COMPAT_DPLL_H
#define _NSIM_COMPAT_DPLL_H

#include "nsim_compat.h"

#ifdef NSIM_DPLL_CORE_BUNDLED

#include "nsim_compat_genl.h"
#include "nsim_dpll_core.h"

/*
 * The kernel's names as the boards use them, renamed to the bundled
 * core's.  A kernel header that declares the kernel's (a kernel with the
 * header but without the core) was read before these, so it keeps its own.
 */
#define dpll_device			nsim_dpll_core_device
#define dpll_pin			nsim_dpll_core_pin
#define dpll_device_ops			nsim_dpll_core_device_ops
#define dpll_pin_ops			nsim_dpll_core_pin_ops
#define dpll_pin_properties		nsim_dpll_core_pin_properties
#define dpll_pin_frequency		nsim_dpll_core_pin_frequency
#define dpll_mode			nsim_dpll_mode
#define dpll_type			nsim_dpll_type
#define dpll_lock_status		nsim_dpll_lock_status
#define dpll_lock_status_error		nsim_dpll_lock_status_error
#define dpll_pin_type			nsim_dpll_pin_type
#define dpll_pin_direction		nsim_dpll_pin_direction
#define dpll_pin_state			nsim_dpll_pin_state
#define dpll_device_register		nsim_dpll_core_device_register
#define dpll_device_unregister		nsim_dpll_core_device_unregister
#define dpll_pin_register		nsim_dpll_core_pin_register
#define dpll_pin_unregister		nsim_dpll_core_pin_unregister
#define dpll_device_change_ntf		nsim_dpll_core_device_change_ntf
#define dpll_pin_change_ntf		nsim_dpll_core_pin_change_ntf

#define DPLL_MODE_AUTOMATIC		NSIM_DPLL_MODE_AUTOMATIC
#define DPLL_MODE_MANUAL		NSIM_DPLL_MODE_MANUAL
#define DPLL_TYPE_PPS			NSIM_DPLL_TYPE_PPS
#define DPLL_TYPE_EEC			NSIM_DPLL_TYPE_EEC
#define DPLL_LOCK_STATUS_UNLOCKED	NSIM_DPLL_LOCK_STATUS_UNLOCKED
#define DPLL_LOCK_STATUS_LOCKED		NSIM_DPLL_LOCK_STATUS_LOCKED
#define DPLL_LOCK_STATUS_LOCKED_HO_ACQ	NSIM_DPLL_LOCK_STATUS_LOCKED_HO_ACQ
#define DPLL_LOCK_STATUS_HOLDOVER	NSIM_DPLL_LOCK_STATUS_HOLDOVER
#define DPLL_PIN_TYPE_EXT		NSIM_DPLL_PIN_TYPE_EXT
#define DPLL_PIN_TYPE_GNSS		NSIM_DPLL_PIN_TYPE_GNSS
#define DPLL_PIN_DIRECTION_INPUT	NSIM_DPLL_PIN_DIRECTION_INPUT
#define DPLL_PIN_DIRECTION_OUTPUT	NSIM_DPLL_PIN_DIRECTION_OUTPUT
#define DPLL_PIN_STATE_CONNECTED	NSIM_DPLL_PIN_STATE_CONNECTED
#define DPLL_PIN_STATE_DISCONNECTED	NSIM_DPLL_PIN_STATE_DISCONNECTED
#define DPLL_PIN_STATE_SELECTABLE	NSIM_DPLL_PIN_STATE_SELECTABLE
#define DPLL_PIN_CAPABILITIES_PRIORITY_CAN_CHANGE \
	NSIM_DPLL_PIN_CAPABILITIES_PRIORITY_CAN_CHANGE
#define DPLL_PIN_CAPABILITIES_STATE_CAN_CHANGE \
	NSIM_DPLL_PIN_CAPABILITIES_STATE_CAN_CHANGE
#define DPLL_PIN_CAPABILITIES_DIRECTION_CAN_CHANGE \
	NSIM_DPLL_PIN_CAPABILITIES_DIRECTION_CAN_CHANGE
#undef DPLL_PIN_FREQUENCY_1_HZ
#undef DPLL_PIN_FREQUENCY_1PPS
#undef DPLL_PIN_FREQUENCY_10MHZ
#define DPLL_PIN_FREQUENCY_1_HZ		NSIM_DPLL_CORE_FREQ_1_HZ
#define DPLL_PIN_FREQUENCY_1PPS \
	NSIM_DPLL_CORE_PIN_FREQUENCY_RANGE(1, 1)
#define DPLL_PIN_FREQUENCY_10MHZ \
	NSIM_DPLL_CORE_PIN_FREQUENCY_RANGE(10000000, 10000000)

/* No reference trackers in the bundled core. */
struct nsim_dpll_tracker {
};

static inline struct nsim_dpll_core_device *
nsim_dpll_device_get(u64 clock_id, u32 idx, struct module *owner,
		     struct nsim_dpll_tracker *tracker)
{
	return nsim_dpll_core_device_get(clock_id, idx, owner);
}

static inline void nsim_dpll_device_put(struct nsim_dpll_core_device *dpll,
					struct nsim_dpll_tracker *tracker)
{
	nsim_dpll_core_device_put(dpll);
}

static inline struct nsim_dpll_core_pin *
nsim_dpll_pin_get(u64 clock_id, u32 idx, struct module *owner,
		  const struct nsim_dpll_core_pin_properties *prop,
		  struct nsim_dpll_tracker *tracker)
{
	return nsim_dpll_core_pin_get(clock_id, idx, owner, prop);
}

static inline void nsim_dpll_pin_put(struct nsim_dpll_core_pin *pin,
				     struct nsim_dpll_tracker *tracker)
{
	nsim_dpll_core_pin_put(pin);
}

/* The bundled core always asks for the reason (see below). */
#define NSIM_DPLL_STATUS_ERROR_PARAM \
	, enum nsim_dpll_lock_status_error *nsim_status_error
#define nsim_dpll_status_error_set(v)	(*nsim_status_error = (v))
#define NSIM_DPLL_ERR_NONE		NSIM_DPLL_LOCK_STATUS_ERROR_NONE
#define NSIM_DPLL_ERR_MEDIA_DOWN	NSIM_DPLL_LOCK_STATUS_ERROR_MEDIA_DOWN

/*
 * The optional callbacks below exist in the bundled core with the kernel's
 * names and arguments; these are the kernel's names for their types.
 */
#undef DPLL_PHASE_OFFSET_DIVIDER
#define DPLL_PHASE_OFFSET_DIVIDER	NSIM_DPLL_PIN_PHASE_OFFSET_DIVIDER
#define DPLL_CLOCK_QUALITY_LEVEL_ITU_OPT1_EEC1 \
	NSIM_DPLL_CLOCK_QUALITY_LEVEL_ITU_OPT1_EEC1
#define DPLL_CLOCK_QUALITY_LEVEL_ITU_OPT1_PRTC \
	NSIM_DPLL_CLOCK_QUALITY_LEVEL_ITU_OPT1_PRTC
#define dpll_ffo_param			nsim_dpll_core_ffo_param
#define DPLL_FFO_PIN_DEVICE		NSIM_DPLL_CORE_FFO_PIN_DEVICE

/*
 * Where the kernel's extack holds no text of its own, the bundled core
 * keeps each formatted message (the kernel's fallback would show the
 * format).
 */
#ifndef HAVE_NL_SET_ERR_MSG_FMT
#undef NL_SET_ERR_MSG_FMT
#define NL_SET_ERR_MSG_FMT(extack, fmt, args...) do {			\
	struct netlink_ext_ack *__nsim_ea = (extack);			\
									\
	if (__nsim_ea)							\
		__nsim_ea->_msg = nsim_dpll_core_extack_msg(fmt, ##args); \
} while (0)
#endif

#else /* the kernel's DPLL core */

#include <linux/dpll.h>

/*
 * Reference trackers of dpll_*_get/put (7.x): one per reference taken,
 * kept beside the object pointer; empty elsewhere.
 */
struct nsim_dpll_tracker {
#ifdef HAVE_DPLL_TRACKER
	dpll_tracker t;
#endif
};

static inline struct dpll_device *
nsim_dpll_device_get(u64 clock_id, u32 idx, struct module *owner,
		     struct nsim_dpll_tracker *tracker)
{
#ifdef HAVE_DPLL_TRACKER
	return dpll_device_get(clock_id, idx, owner, &tracker->t);
#else
	return dpll_device_get(clock_id, idx, owner);
#endif
}

static inline void nsim_dpll_device_put(struct dpll_device *dpll,
					struct nsim_dpll_tracker *tracker)
{
#ifdef HAVE_DPLL_TRACKER
	dpll_device_put(dpll, &tracker->t);
#else
	dpll_device_put(dpll);
#endif
}

static inline struct dpll_pin *
nsim_dpll_pin_get(u64 clock_id, u32 idx, struct module *owner,
		  const struct dpll_pin_properties *prop,
		  struct nsim_dpll_tracker *tracker)
{
#ifdef HAVE_DPLL_TRACKER
	return dpll_pin_get(clock_id, idx, owner, prop, &tracker->t);
#else
	return dpll_pin_get(clock_id, idx, owner, prop);
#endif
}

static inline void nsim_dpll_pin_put(struct dpll_pin *pin,
				     struct nsim_dpll_tracker *tracker)
{
#ifdef HAVE_DPLL_TRACKER
	dpll_pin_put(pin, &tracker->t);
#else
	dpll_pin_put(pin);
#endif
}

/*
 * lock_status_get: where the kernel asks, it also wants why the status last
 * changed (DPLL_A_LOCK_STATUS_ERROR).  A driver declares the callback as
 *
 *	static int fn(const struct dpll_device *dpll, void *priv,
 *		      enum dpll_lock_status *status
 *		      NSIM_DPLL_STATUS_ERROR_PARAM,
 *		      struct netlink_ext_ack *extack)
 *
 * and reports the reason, a uAPI value, with nsim_dpll_status_error_set();
 * without the argument the reason is dropped.
 */
#ifdef HAVE_DPLL_LOCK_STATUS_ERROR
#define NSIM_DPLL_STATUS_ERROR_PARAM \
	, enum dpll_lock_status_error *nsim_status_error
#define nsim_dpll_status_error_set(v)	(*nsim_status_error = (v))
#define NSIM_DPLL_ERR_NONE		DPLL_LOCK_STATUS_ERROR_NONE
#define NSIM_DPLL_ERR_MEDIA_DOWN	DPLL_LOCK_STATUS_ERROR_MEDIA_DOWN
#else
#define NSIM_DPLL_STATUS_ERROR_PARAM
#define nsim_dpll_status_error_set(v)	((void)(v))
#define NSIM_DPLL_ERR_NONE		0
#define NSIM_DPLL_ERR_MEDIA_DOWN	0
#endif

#endif /* NSIM_DPLL_CORE_BUNDLED */

/*
 * Optional callbacks, filled into a board's ops tables only where the
 * kernel has them (the bundled core has them all):
 *
 *	NSIM_DPLL_OPS_PHASE_OFFSET(phase_offset_get)	(struct dpll_pin_ops)
 *	NSIM_DPLL_OPS_QUALITY(clock_quality_level_get)	(struct dpll_device_ops)
 *	NSIM_DPLL_OPS_MODE_SET(mode_set, supported_modes_get)
 *	NSIM_DPLL_OPS_FFO(ffo_get)			(below)
 */
#if defined(HAVE_DPLL_PIN_PHASE_OFFSET) || defined(NSIM_DPLL_CORE_BUNDLED)
#define NSIM_DPLL_OPS_PHASE_OFFSET(fn)	.phase_offset_get = (fn),
#define NSIM_DPLL_PHASE_OFFSET_DIVIDER	DPLL_PHASE_OFFSET_DIVIDER
#define NSIM_DPLL_FEAT_PHASE		" phase-offset"
#else
#define NSIM_DPLL_OPS_PHASE_OFFSET(fn)
#define NSIM_DPLL_PHASE_OFFSET_DIVIDER	1000
#define NSIM_DPLL_FEAT_PHASE		""
#endif

#if defined(HAVE_DPLL_CLOCK_QUALITY) || defined(NSIM_DPLL_CORE_BUNDLED)
#define NSIM_DPLL_QUALITY		1
#define NSIM_DPLL_OPS_QUALITY(fn)	.clock_quality_level_get = (fn),
#define NSIM_DPLL_QL_EEC1		DPLL_CLOCK_QUALITY_LEVEL_ITU_OPT1_EEC1
#define NSIM_DPLL_QL_PRTC		DPLL_CLOCK_QUALITY_LEVEL_ITU_OPT1_PRTC
#define NSIM_DPLL_FEAT_QUALITY		" clock-quality"
#else
#define NSIM_DPLL_QUALITY		0
#define NSIM_DPLL_OPS_QUALITY(fn)
#define NSIM_DPLL_QL_EEC1		0
#define NSIM_DPLL_QL_PRTC		0
#define NSIM_DPLL_FEAT_QUALITY		""
#endif

/*
 * A pin's frequency offset against its DPLL, in ppt (7.x):
 *
 *	static int fn(const struct dpll_pin *pin, void *pin_priv,
 *		      const struct dpll_device *dpll, void *dpll_priv,
 *		      struct nsim_dpll_ffo_param *ffo,
 *		      struct netlink_ext_ack *extack)
 *
 * filled in by NSIM_DPLL_OPS_FFO(fn) with the pin-device type only.  6.12's
 * ffo_get is the RX/TX rate of a SyncE port in ppm, another quantity.
 */
#if defined(HAVE_DPLL_FFO_PARAM) || defined(NSIM_DPLL_CORE_BUNDLED)
#define nsim_dpll_ffo_param		dpll_ffo_param
#define NSIM_DPLL_OPS_FFO(fn) \
	.supported_ffo = BIT(DPLL_FFO_PIN_DEVICE), .ffo_get = (fn),
#define NSIM_DPLL_FFO_PIN_DEVICE	DPLL_FFO_PIN_DEVICE
#define NSIM_DPLL_FEAT_FFO		" ffo"
#else
struct nsim_dpll_ffo_param {
	int type;
	s64 ffo;
};

#define NSIM_DPLL_OPS_FFO(fn)
#define NSIM_DPLL_FFO_PIN_DEVICE	1
#define NSIM_DPLL_FEAT_FFO		""
#endif

#if defined(HAVE_DPLL_MODE_SET) || defined(NSIM_DPLL_CORE_BUNDLED)
#define NSIM_DPLL_OPS_MODE_SET(set, get) \
	.mode_set = (set), .supported_modes_get = (get),
#define NSIM_DPLL_FEAT_MODE_SET		" mode-set"
#else
#define NSIM_DPLL_OPS_MODE_SET(set, get)
#define NSIM_DPLL_FEAT_MODE_SET		""
#endif

/*
 * The PPS DPLL's phase-offset monitor and its averaging factor (7.x), in
 * the device ops:
 *
 *	NSIM_DPLL_OPS_PHASE_MONITOR(phase_offset_monitor_set, _get)
 *	NSIM_DPLL_OPS_PHASE_AVG(phase_offset_avg_factor_set, _get)
 *
 * Not in the bundled core.  NSIM_DPLL_PHASE_MONITOR / NSIM_DPLL_PHASE_AVG
 * say whether the callbacks are built.
 */
#if !defined(NSIM_DPLL_CORE_BUNDLED) && defined(HAVE_DPLL_PHASE_OFFSET_MONITOR)
#define NSIM_DPLL_PHASE_MONITOR		1
#define NSIM_DPLL_OPS_PHASE_MONITOR(set, get) \
	.phase_offset_monitor_set = (set), .phase_offset_monitor_get = (get),
#define NSIM_DPLL_FEAT_PHASE_MONITOR	" phase-offset-monitor"
#else
#define NSIM_DPLL_OPS_PHASE_MONITOR(set, get)
#define NSIM_DPLL_FEAT_PHASE_MONITOR	""
#endif

#if !defined(NSIM_DPLL_CORE_BUNDLED) && defined(HAVE_DPLL_PHASE_OFFSET_AVG_FACTOR)
#define NSIM_DPLL_PHASE_AVG		1
#define NSIM_DPLL_OPS_PHASE_AVG(set, get) \
	.phase_offset_avg_factor_set = (set), \
	.phase_offset_avg_factor_get = (get),
#define NSIM_DPLL_FEAT_PHASE_AVG	" phase-offset-avg-factor"
#else
#define NSIM_DPLL_OPS_PHASE_AVG(set, get)
#define NSIM_DPLL_FEAT_PHASE_AVG	""
#endif

/*
 * SyncE recovered-clock pins under a mux pin: only on a kernel DPLL core
 * with pin-on-pin (the bundled core has no parent pins).  Where the kernel
 * can also point a netdev at its pin (IFLA_DPLL_PIN),
 * nsim_dpll_netdev_pin_set() does; both take RTNL themselves.
 */
#if !defined(NSIM_DPLL_CORE_BUNDLED) && defined(HAVE_DPLL_PIN_ON_PIN)
#define NSIM_DPLL_SYNCE			1
#define NSIM_DPLL_FEAT_SYNCE		" synce"
#else
#define NSIM_DPLL_FEAT_SYNCE		""
#endif

#if !defined(NSIM_DPLL_CORE_BUNDLED) && defined(HAVE_DPLL_NETDEV_PIN_SET)
#define nsim_dpll_netdev_pin_set(dev, pin)	dpll_netdev_pin_set(dev, pin)
#define nsim_dpll_netdev_pin_clear(dev)		dpll_netdev_pin_clear(dev)
#define NSIM_DPLL_FEAT_NETDEV		" netdev-pin"
#elif !defined(NSIM_DPLL_CORE_BUNDLED) && defined(HAVE_NETDEV_DPLL_PIN_SET)
#define nsim_dpll_netdev_pin_set(dev, pin)	netdev_dpll_pin_set(dev, pin)
#define nsim_dpll_netdev_pin_clear(dev)		netdev_dpll_pin_clear(dev)
#define NSIM_DPLL_FEAT_NETDEV		" netdev-pin"
#else
#define nsim_dpll_netdev_pin_set(dev, pin)	((void)(dev), (void)(pin))
#define nsim_dpll_netdev_pin_clear(dev)		((void)(dev))
#define NSIM_DPLL_FEAT_NETDEV		""
#endif

/* The optional callbacks this build fills in, for the board's debugfs. */
#define NSIM_DPLL_FEATURES	NSIM_DPLL_FEAT_PHASE NSIM_DPLL_FEAT_QUALITY \
				NSIM_DPLL_FEAT_MODE_SET NSIM_DPLL_FEAT_FFO \
				NSIM_DPLL_FEAT_SYNCE NSIM_DPLL_FEAT_NETDEV

#endif /* _NSIM_COMPAT_DPLL_H */
