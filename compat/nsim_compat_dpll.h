/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel DPLL core API differences between supported kernels, for
 * nsim_dpll's boards.  Only this file branches on the DPLL probe results;
 * included only where configure chose the kernel's DPLL core.
 */
#ifndef _NSIM_COMPAT_DPLL_H
#define _NSIM_COMPAT_DPLL_H

#include <linux/dpll.h>

#include "nsim_compat.h"

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

/*
 * Optional callbacks, filled into a board's ops tables only where the
 * kernel has them:
 *
 *	NSIM_DPLL_OPS_PHASE_OFFSET(phase_offset_get)	(struct dpll_pin_ops)
 *	NSIM_DPLL_OPS_QUALITY(clock_quality_level_get)	(struct dpll_device_ops)
 *	NSIM_DPLL_OPS_MODE_SET(mode_set, supported_modes_get)
 *	NSIM_DPLL_OPS_FFO(ffo_get)			(below)
 */
#ifdef HAVE_DPLL_PIN_PHASE_OFFSET
#define NSIM_DPLL_OPS_PHASE_OFFSET(fn)	.phase_offset_get = (fn),
#define NSIM_DPLL_PHASE_OFFSET_DIVIDER	DPLL_PHASE_OFFSET_DIVIDER
#define NSIM_DPLL_FEAT_PHASE		" phase-offset"
#else
#define NSIM_DPLL_OPS_PHASE_OFFSET(fn)
#define NSIM_DPLL_PHASE_OFFSET_DIVIDER	1000
#define NSIM_DPLL_FEAT_PHASE		""
#endif

#ifdef HAVE_DPLL_CLOCK_QUALITY
#define NSIM_DPLL_OPS_QUALITY(fn)	.clock_quality_level_get = (fn),
#define NSIM_DPLL_QL_EEC1		DPLL_CLOCK_QUALITY_LEVEL_ITU_OPT1_EEC1
#define NSIM_DPLL_QL_PRTC		DPLL_CLOCK_QUALITY_LEVEL_ITU_OPT1_PRTC
#define NSIM_DPLL_FEAT_QUALITY		" clock-quality"
#else
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
#ifdef HAVE_DPLL_FFO_PARAM
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

#ifdef HAVE_DPLL_MODE_SET
#define NSIM_DPLL_OPS_MODE_SET(set, get) \
	.mode_set = (set), .supported_modes_get = (get),
#define NSIM_DPLL_FEAT_MODE_SET		" mode-set"
#else
#define NSIM_DPLL_OPS_MODE_SET(set, get)
#define NSIM_DPLL_FEAT_MODE_SET		""
#endif

/* The optional callbacks this build fills in, for the board's debugfs. */
#define NSIM_DPLL_FEATURES	NSIM_DPLL_FEAT_PHASE NSIM_DPLL_FEAT_QUALITY \
				NSIM_DPLL_FEAT_MODE_SET NSIM_DPLL_FEAT_FFO

#endif /* _NSIM_COMPAT_DPLL_H */
