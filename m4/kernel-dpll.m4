dnl SPDX-License-Identifier: GPL-2.0
dnl
dnl DPLL subsystem: whether the kernel has its own DPLL core (then nsim_dpll
dnl registers its boards with it), and which variant of the driver API it
dnl has.  The variants are adapted in compat/nsim_compat_dpll.h.

AC_DEFUN([NSIM_KERNEL_DPLL], [dnl
NSIM_PROBE_CONFIG([DPLL_CONFIG], [CONFIG_DPLL], [y], [kernel DPLL core built in])
NSIM_PROBE_HEADER([DPLL_HEADER], [linux/dpll.h], [kernel DPLL API header])
NSIM_PROBE_EXPORT([DPLL_DEVICE_REGISTER], [dpll_device_register],
	[dpll_device_register exported])

dnl The device and pin callbacks a board implements, with the signatures it
dnl implements them with (const objects, extack last), and the pin
dnl properties it fills in: configure uses the kernel core only when these
dnl compile.
NSIM_PROBE_COMPILE([DPLL_BOARD_OPS], [
#include <linux/dpll.h>
], [
static int nsim_t_mode_get(const struct dpll_device *d, void *p,
			   enum dpll_mode *m, struct netlink_ext_ack *e)
{ return 0; }
static int nsim_t_temp_get(const struct dpll_device *d, void *p, s32 *t,
			   struct netlink_ext_ack *e)
{ return 0; }
static int nsim_t_dir_get(const struct dpll_pin *pin, void *pp,
			  const struct dpll_device *d, void *dp,
			  enum dpll_pin_direction *dir, struct netlink_ext_ack *e)
{ return 0; }
static int nsim_t_state_get(const struct dpll_pin *pin, void *pp,
			    const struct dpll_device *d, void *dp,
			    enum dpll_pin_state *s, struct netlink_ext_ack *e)
{ return 0; }
static int nsim_t_state_set(const struct dpll_pin *pin, void *pp,
			    const struct dpll_device *d, void *dp,
			    const enum dpll_pin_state s, struct netlink_ext_ack *e)
{ return 0; }
static int nsim_t_prio_get(const struct dpll_pin *pin, void *pp,
			   const struct dpll_device *d, void *dp, u32 *prio,
			   struct netlink_ext_ack *e)
{ return 0; }
static int nsim_t_prio_set(const struct dpll_pin *pin, void *pp,
			   const struct dpll_device *d, void *dp,
			   const u32 prio, struct netlink_ext_ack *e)
{ return 0; }
static int nsim_t_freq_get(const struct dpll_pin *pin, void *pp,
			   const struct dpll_device *d, void *dp, u64 *f,
			   struct netlink_ext_ack *e)
{ return 0; }
static int nsim_t_freq_set(const struct dpll_pin *pin, void *pp,
			   const struct dpll_device *d, void *dp,
			   const u64 f, struct netlink_ext_ack *e)
{ return 0; }
], [
	static struct dpll_pin_frequency f = DPLL_PIN_FREQUENCY_1PPS;
	static struct dpll_pin_frequency g = DPLL_PIN_FREQUENCY_10MHZ;
	struct dpll_device_ops dops = {
		.mode_get = nsim_t_mode_get,
		.temp_get = nsim_t_temp_get,
	};
	struct dpll_pin_ops pops = {
		.direction_get = nsim_t_dir_get,
		.state_on_dpll_get = nsim_t_state_get,
		.state_on_dpll_set = nsim_t_state_set,
		.prio_get = nsim_t_prio_get,
		.prio_set = nsim_t_prio_set,
		.frequency_get = nsim_t_freq_get,
		.frequency_set = nsim_t_freq_set,
	};
	struct dpll_pin_properties prop = {
		.board_label = "x",
		.type = DPLL_PIN_TYPE_EXT,
		.capabilities = DPLL_PIN_CAPABILITIES_PRIORITY_CAN_CHANGE |
				DPLL_PIN_CAPABILITIES_STATE_CAN_CHANGE,
		.freq_supported_num = 1,
		.freq_supported = &f,
	};
	enum dpll_type t = DPLL_TYPE_EEC;
	(void)dops; (void)pops; (void)prop; (void)t; (void)g;
], [DPLL device and pin callbacks as nsim_dpll's boards implement them])

dnl lock_status_get reports why the status changed (status_error), or not.
NSIM_PROBE_COMPILE([DPLL_LOCK_STATUS_ERROR], [
#include <linux/dpll.h>
], [
static int nsim_t_lock_get(const struct dpll_device *d, void *p,
			   enum dpll_lock_status *s,
			   enum dpll_lock_status_error *err,
			   struct netlink_ext_ack *e)
{ *err = DPLL_LOCK_STATUS_ERROR_MEDIA_DOWN; return 0; }
], [
	struct dpll_device_ops dops = { .lock_status_get = nsim_t_lock_get };
	(void)dops;
], [lock_status_get with a status_error argument])

dnl 7.x: dpll_device_get/put and dpll_pin_get/put take a reference tracker.
NSIM_PROBE_COMPILE([DPLL_TRACKER], [
#include <linux/dpll.h>
], [], [
	dpll_tracker tr;
	struct dpll_device *d = dpll_device_get(0, 0, THIS_MODULE, &tr);
	struct dpll_pin *p = dpll_pin_get(0, 0, THIS_MODULE, NULL, &tr);

	dpll_pin_put(p, &tr);
	dpll_device_put(d, &tr);
], [DPLL get/put with a reference tracker],
	[dpll_device_get dpll_device_put dpll_pin_get dpll_pin_put])
dnl Optional callbacks a board fills in where the kernel has them.
NSIM_PROBE_COMPILE([DPLL_PIN_PHASE_OFFSET], [
#include <linux/dpll.h>
], [
static int nsim_t_phase_get(const struct dpll_pin *pin, void *pp,
			    const struct dpll_device *d, void *dp, s64 *phase,
			    struct netlink_ext_ack *e)
{ return 0; }
], [
	struct dpll_pin_ops pops = { .phase_offset_get = nsim_t_phase_get };
	s64 x = DPLL_PHASE_OFFSET_DIVIDER;
	(void)pops; (void)x;
], [pin phase_offset_get callback])

NSIM_PROBE_COMPILE([DPLL_CLOCK_QUALITY], [
#include <linux/dpll.h>
], [
static int nsim_t_ql_get(const struct dpll_device *d, void *p,
			 unsigned long *qls, struct netlink_ext_ack *e)
{ __set_bit(DPLL_CLOCK_QUALITY_LEVEL_ITU_OPT1_EEC1, qls); return 0; }
], [
	struct dpll_device_ops dops = { .clock_quality_level_get = nsim_t_ql_get };
	(void)dops;
], [device clock_quality_level_get callback])

dnl 7.x: the mode can be set (manual mode), with the supported modes listed.
NSIM_PROBE_COMPILE([DPLL_MODE_SET], [
#include <linux/dpll.h>
], [
static int nsim_t_mode_set(const struct dpll_device *d, void *p,
			   enum dpll_mode m, struct netlink_ext_ack *e)
{ return 0; }
static int nsim_t_modes_get(const struct dpll_device *d, void *p,
			    unsigned long *modes, struct netlink_ext_ack *e)
{ __set_bit(DPLL_MODE_MANUAL, modes); return 0; }
], [
	struct dpll_device_ops dops = {
		.mode_set = nsim_t_mode_set,
		.supported_modes_get = nsim_t_modes_get,
	};
	(void)dops;
], [device mode_set and supported_modes_get callbacks])
dnl 7.x: the phase-offset monitor (all inputs measured, not only the
dnl connected one) and its averaging factor, device callbacks of their own.
NSIM_PROBE_COMPILE([DPLL_PHASE_OFFSET_MONITOR], [
#include <linux/dpll.h>
], [
static int nsim_t_pom_set(const struct dpll_device *d, void *p,
			  enum dpll_feature_state s, struct netlink_ext_ack *e)
{ return 0; }
static int nsim_t_pom_get(const struct dpll_device *d, void *p,
			  enum dpll_feature_state *s, struct netlink_ext_ack *e)
{ *s = DPLL_FEATURE_STATE_ENABLE; return 0; }
], [
	struct dpll_device_ops dops = {
		.phase_offset_monitor_set = nsim_t_pom_set,
		.phase_offset_monitor_get = nsim_t_pom_get,
	};
	(void)dops;
], [device phase_offset_monitor_set and phase_offset_monitor_get callbacks])
NSIM_PROBE_COMPILE([DPLL_PHASE_OFFSET_AVG_FACTOR], [
#include <linux/dpll.h>
], [
static int nsim_t_avg_set(const struct dpll_device *d, void *p, u32 f,
			  struct netlink_ext_ack *e)
{ return 0; }
static int nsim_t_avg_get(const struct dpll_device *d, void *p, u32 *f,
			  struct netlink_ext_ack *e)
{ return 0; }
], [
	struct dpll_device_ops dops = {
		.phase_offset_avg_factor_set = nsim_t_avg_set,
		.phase_offset_avg_factor_get = nsim_t_avg_get,
	};
	(void)dops;
], [device phase_offset_avg_factor_set and phase_offset_avg_factor_get callbacks])
dnl 7.x: ffo_get reports typed values in ppt (the pin against its DPLL).
NSIM_PROBE_COMPILE([DPLL_FFO_PARAM], [
#include <linux/dpll.h>
], [
static int nsim_t_ffo_get(const struct dpll_pin *pin, void *pp,
			  const struct dpll_device *d, void *dp,
			  struct dpll_ffo_param *ffo, struct netlink_ext_ack *e)
{ ffo->ffo = ffo->type == DPLL_FFO_PIN_DEVICE; return 0; }
], [
	struct dpll_pin_ops pops = {
		.supported_ffo = BIT(DPLL_FFO_PIN_DEVICE),
		.ffo_get = nsim_t_ffo_get,
	};
	(void)pops;
], [pin ffo_get with struct dpll_ffo_param (ppt)])

dnl Pins under a mux pin (SyncE recovered clocks, as ice registers them).
NSIM_PROBE_COMPILE([DPLL_PIN_ON_PIN], [
#include <linux/dpll.h>
], [
static int nsim_t_sop_get(const struct dpll_pin *pin, void *pp,
			  const struct dpll_pin *parent, void *parent_priv,
			  enum dpll_pin_state *s, struct netlink_ext_ack *e)
{ return 0; }
], [
	struct dpll_pin_ops pops = { .state_on_pin_get = nsim_t_sop_get };
	int r = dpll_pin_on_pin_register(NULL, NULL, &pops, NULL);

	dpll_pin_on_pin_unregister(NULL, NULL, &pops, NULL);
	(void)r;
], [dpll_pin_on_pin_register and pin state_on_pin_get],
	[dpll_pin_on_pin_register dpll_pin_on_pin_unregister])

dnl A netdev's DPLL pin (IFLA_DPLL_PIN): dpll_netdev_pin_set/clear, named
dnl netdev_dpll_pin_set/clear before.
NSIM_PROBE_COMPILE([DPLL_NETDEV_PIN_SET], [
#include <linux/dpll.h>
#include <linux/netdevice.h>
], [], [
	dpll_netdev_pin_set(NULL, NULL);
	dpll_netdev_pin_clear(NULL);
], [dpll_netdev_pin_set and dpll_netdev_pin_clear],
	[dpll_netdev_pin_set dpll_netdev_pin_clear])
NSIM_PROBE_COMPILE([NETDEV_DPLL_PIN_SET], [
#include <linux/dpll.h>
#include <linux/netdevice.h>
], [], [
	netdev_dpll_pin_set(NULL, NULL);
	netdev_dpll_pin_clear(NULL);
], [netdev_dpll_pin_set and netdev_dpll_pin_clear (older name)],
	[netdev_dpll_pin_set netdev_dpll_pin_clear])

dnl The bundled core's generic netlink family (kernels without a DPLL core):
dnl 6.1 has resv_start_op, 5.10 has not; 6.2 keeps formatted extack texts.
NSIM_PROBE_COMPILE([GENL_RESV_START_OP], [
#include <net/genetlink.h>
], [], [
	struct genl_family f = { .resv_start_op = 1 };
	(void)f;
], [genl_family.resv_start_op])
NSIM_PROBE_COMPILE([NL_SET_ERR_MSG_FMT], [
#include <linux/netlink.h>
], [], [
	struct netlink_ext_ack *e = NULL;

	NL_SET_ERR_MSG_FMT(e, "%d", 1);
], [NL_SET_ERR_MSG_FMT (formatted extack messages)])
])
