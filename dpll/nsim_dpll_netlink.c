// SPDX-License-Identifier: GPL-2.0
/*
 * Bundled DPLL core, netlink: the generic netlink family "dpll" with the
 * commands, attributes and semantics of the kernel's DPLL core, for
 * kernels without one.  Every command needs CAP_NET_ADMIN; requests work
 * from any network namespace, notifications go to the initial one only.
 */

#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "nsim_compat_genl.h"
#include "nsim_dpll_core_priv.h"

static struct genl_family nsim_dpll_nl_family;

static int nsim_dpll_put_u64(struct sk_buff *msg, int type, u64 v, int pad)
{
	return nla_put_64bit(msg, type, sizeof(v), &v, pad);
}

/* The modes the driver offers; without mode_set only the current one. */
static int nsim_dpll_modes_fill(struct sk_buff *msg,
				struct nsim_dpll_core_device *dpll,
				enum nsim_dpll_mode mode,
				struct netlink_ext_ack *extack)
{
	const struct nsim_dpll_core_device_ops *ops = dpll->ops;
	DECLARE_BITMAP(modes, NSIM_DPLL_MODE_MAX + 1) = { 0 };
	unsigned int m;
	int err;

	if (ops->supported_modes_get) {
		err = ops->supported_modes_get(dpll, dpll->priv, modes, extack);
		if (err)
			return err;
	} else {
		__set_bit(mode, modes);
	}
	for_each_set_bit(m, modes, NSIM_DPLL_MODE_MAX + 1)
		if (nla_put_u32(msg, NSIM_DPLL_A_MODE_SUPPORTED, m))
			return -EMSGSIZE;
	return 0;
}

static int nsim_dpll_quality_fill(struct sk_buff *msg,
				  struct nsim_dpll_core_device *dpll,
				  struct netlink_ext_ack *extack)
{
	DECLARE_BITMAP(qls, NSIM_DPLL_CLOCK_QUALITY_LEVEL_MAX + 1) = { 0 };
	const struct nsim_dpll_core_device_ops *ops = dpll->ops;
	unsigned int ql;
	int err;

	if (!ops->clock_quality_level_get)
		return 0;
	err = ops->clock_quality_level_get(dpll, dpll->priv, qls, extack);
	if (err)
		return err;
	for_each_set_bit(ql, qls, NSIM_DPLL_CLOCK_QUALITY_LEVEL_MAX + 1)
		if (nla_put_u32(msg, NSIM_DPLL_A_CLOCK_QUALITY_LEVEL, ql))
			return -EMSGSIZE;
	return 0;
}

static int nsim_dpll_device_fill(struct sk_buff *msg,
				 struct nsim_dpll_core_device *dpll,
				 struct netlink_ext_ack *extack)
{
	const struct nsim_dpll_core_device_ops *ops = dpll->ops;
	enum nsim_dpll_lock_status_error error = 0;
	enum nsim_dpll_lock_status status;
	enum nsim_dpll_mode mode;
	s32 temp;
	int err;

	if (nla_put_u32(msg, NSIM_DPLL_A_ID, dpll->id) ||
	    nla_put_string(msg, NSIM_DPLL_A_MODULE_NAME,
			   module_name(dpll->module)) ||
	    nsim_dpll_put_u64(msg, NSIM_DPLL_A_CLOCK_ID, dpll->clock_id,
			      NSIM_DPLL_A_PAD))
		return -EMSGSIZE;
	if (ops->temp_get) {
		err = ops->temp_get(dpll, dpll->priv, &temp, extack);
		if (err)
			return err;
		if (nla_put_s32(msg, NSIM_DPLL_A_TEMP, temp))
			return -EMSGSIZE;
	}
	err = ops->lock_status_get(dpll, dpll->priv, &status, &error, extack);
	if (err)
		return err;
	if (nla_put_u32(msg, NSIM_DPLL_A_LOCK_STATUS, status))
		return -EMSGSIZE;
	/* the reason is only meaningful while the DPLL is not locked */
	if (error && (status == NSIM_DPLL_LOCK_STATUS_UNLOCKED ||
		      status == NSIM_DPLL_LOCK_STATUS_HOLDOVER) &&
	    nla_put_u32(msg, NSIM_DPLL_A_LOCK_STATUS_ERROR, error))
		return -EMSGSIZE;
	err = nsim_dpll_quality_fill(msg, dpll, extack);
	if (err)
		return err;
	err = ops->mode_get(dpll, dpll->priv, &mode, extack);
	if (err)
		return err;
	if (nla_put_u32(msg, NSIM_DPLL_A_MODE, mode))
		return -EMSGSIZE;
	err = nsim_dpll_modes_fill(msg, dpll, mode, extack);
	if (err)
		return err;
	if (nla_put_u32(msg, NSIM_DPLL_A_TYPE, dpll->type))
		return -EMSGSIZE;
	return 0;
}

static int nsim_dpll_pin_freq_fill(struct sk_buff *msg,
				   struct nsim_dpll_core_pin *pin,
				   struct nsim_dpll_core_pin_ref *ref,
				   struct netlink_ext_ack *extack)
{
	const struct nsim_dpll_core_pin_properties *prop = &pin->prop;
	struct nlattr *nest;
	u64 freq;
	u32 i;
	int err;

	if (!ref->ops->frequency_get)
		return 0;
	err = ref->ops->frequency_get(pin, ref->priv, ref->dpll,
				      ref->dpll->priv, &freq, extack);
	if (err)
		return err;
	if (nsim_dpll_put_u64(msg, NSIM_DPLL_A_PIN_FREQUENCY, freq,
			      NSIM_DPLL_A_PIN_PAD))
		return -EMSGSIZE;
	for (i = 0; i < prop->freq_supported_num; i++) {
		nest = nla_nest_start(msg, NSIM_DPLL_A_PIN_FREQUENCY_SUPPORTED);
		if (!nest ||
		    nsim_dpll_put_u64(msg, NSIM_DPLL_A_PIN_FREQUENCY_MIN,
				      prop->freq_supported[i].min,
				      NSIM_DPLL_A_PIN_PAD) ||
		    nsim_dpll_put_u64(msg, NSIM_DPLL_A_PIN_FREQUENCY_MAX,
				      prop->freq_supported[i].max,
				      NSIM_DPLL_A_PIN_PAD))
			return -EMSGSIZE;
		nla_nest_end(msg, nest);
	}
	return 0;
}

/*
 * A signed integer of the uAPI's "sint" type: 32 bits when the value fits,
 * 64 otherwise (unpadded, as readers take either length).
 */
static int nsim_dpll_put_sint(struct sk_buff *msg, int type, s64 v)
{
	s32 v32 = v;

	if (v32 == v)
		return nla_put_s32(msg, type, v32);
	return nla_put(msg, type, sizeof(v), &v);
}

/*
 * A frequency offset of @type where the driver offers it, in ppm and ppt;
 * -ENODATA from the driver leaves both out.
 */
static int nsim_dpll_ffo_fill(struct sk_buff *msg,
			      struct nsim_dpll_core_pin_ref *ref,
			      enum nsim_dpll_core_ffo_type type,
			      struct netlink_ext_ack *extack)
{
	struct nsim_dpll_core_ffo_param ffo = { .type = type };
	const struct nsim_dpll_core_pin_ops *ops = ref->ops;
	int err;

	if (!ops->ffo_get || !(ops->supported_ffo & BIT(type)))
		return 0;
	err = ops->ffo_get(ref->pin, ref->priv, ref->dpll, ref->dpll->priv,
			   &ffo, extack);
	if (err == -ENODATA)
		return 0;
	if (err)
		return err;
	if (nsim_dpll_put_sint(msg,
			       NSIM_DPLL_A_PIN_FRACTIONAL_FREQUENCY_OFFSET,
			       div_s64(ffo.ffo, 1000000)) ||
	    nsim_dpll_put_sint(msg,
			       NSIM_DPLL_A_PIN_FRACTIONAL_FREQUENCY_OFFSET_PPT,
			       ffo.ffo))
		return -EMSGSIZE;
	return 0;
}

/* One PARENT_DEVICE nest: the pin as seen by one registered DPLL. */
static int nsim_dpll_pin_parent_fill(struct sk_buff *msg,
				     struct nsim_dpll_core_pin_ref *ref,
				     struct netlink_ext_ack *extack)
{
	const struct nsim_dpll_core_pin_ops *ops = ref->ops;
	struct nsim_dpll_core_device *dpll = ref->dpll;
	enum nsim_dpll_pin_direction dir;
	enum nsim_dpll_pin_state state;
	struct nlattr *nest;
	s64 phase;
	u32 prio;
	int err;

	nest = nla_nest_start(msg, NSIM_DPLL_A_PIN_PARENT_DEVICE);
	if (!nest || nla_put_u32(msg, NSIM_DPLL_A_PIN_PARENT_ID, dpll->id))
		return -EMSGSIZE;
	err = ops->state_on_dpll_get(ref->pin, ref->priv, dpll, dpll->priv,
				     &state, extack);
	if (err)
		return err;
	if (nla_put_u32(msg, NSIM_DPLL_A_PIN_STATE, state))
		return -EMSGSIZE;
	if (ops->prio_get) {
		err = ops->prio_get(ref->pin, ref->priv, dpll, dpll->priv,
				    &prio, extack);
		if (err)
			return err;
		if (nla_put_u32(msg, NSIM_DPLL_A_PIN_PRIO, prio))
			return -EMSGSIZE;
	}
	err = ops->direction_get(ref->pin, ref->priv, dpll, dpll->priv, &dir,
				 extack);
	if (err)
		return err;
	if (nla_put_u32(msg, NSIM_DPLL_A_PIN_DIRECTION, dir))
		return -EMSGSIZE;
	if (ops->phase_offset_get) {
		err = ops->phase_offset_get(ref->pin, ref->priv, dpll,
					    dpll->priv, &phase, extack);
		if (err)
			return err;
		if (nsim_dpll_put_u64(msg, NSIM_DPLL_A_PIN_PHASE_OFFSET, phase,
				      NSIM_DPLL_A_PIN_PAD))
			return -EMSGSIZE;
	}
	err = nsim_dpll_ffo_fill(msg, ref, NSIM_DPLL_CORE_FFO_PIN_DEVICE,
				 extack);
	if (err)
		return err;
	nla_nest_end(msg, nest);
	return 0;
}

static struct nsim_dpll_core_pin_ref *
nsim_dpll_pin_first_ref(struct nsim_dpll_core_pin *pin)
{
	struct nsim_dpll_core_pin_ref *ref;
	unsigned long i;

	xa_for_each(&pin->dpll_refs, i, ref)
		return ref;
	return NULL;
}

static int nsim_dpll_pin_fill(struct sk_buff *msg,
			      struct nsim_dpll_core_pin *pin,
			      struct netlink_ext_ack *extack)
{
	const struct nsim_dpll_core_pin_properties *prop = &pin->prop;
	struct nsim_dpll_core_pin_ref *ref = nsim_dpll_pin_first_ref(pin);
	unsigned long i;
	int err;

	if (!ref)
		return -ENODEV;
	if (nla_put_u32(msg, NSIM_DPLL_A_PIN_ID, pin->id) ||
	    nla_put_string(msg, NSIM_DPLL_A_PIN_MODULE_NAME,
			   module_name(pin->module)) ||
	    nsim_dpll_put_u64(msg, NSIM_DPLL_A_PIN_CLOCK_ID, pin->clock_id,
			      NSIM_DPLL_A_PIN_PAD) ||
	    (prop->board_label &&
	     nla_put_string(msg, NSIM_DPLL_A_PIN_BOARD_LABEL,
			    prop->board_label)) ||
	    (prop->panel_label &&
	     nla_put_string(msg, NSIM_DPLL_A_PIN_PANEL_LABEL,
			    prop->panel_label)) ||
	    (prop->package_label &&
	     nla_put_string(msg, NSIM_DPLL_A_PIN_PACKAGE_LABEL,
			    prop->package_label)) ||
	    nla_put_u32(msg, NSIM_DPLL_A_PIN_TYPE, prop->type) ||
	    nla_put_u32(msg, NSIM_DPLL_A_PIN_CAPABILITIES, prop->capabilities))
		return -EMSGSIZE;
	err = nsim_dpll_pin_freq_fill(msg, pin, ref, extack);
	if (err)
		return err;
	/* no phase adjustment in this API: an empty range, as the kernel's */
	if (nla_put_s32(msg, NSIM_DPLL_A_PIN_PHASE_ADJUST_MIN, 0) ||
	    nla_put_s32(msg, NSIM_DPLL_A_PIN_PHASE_ADJUST_MAX, 0))
		return -EMSGSIZE;
	/* a port's own rate offset is the pin's, not per DPLL */
	err = nsim_dpll_ffo_fill(msg, ref, NSIM_DPLL_CORE_FFO_PORT_RXTX_RATE,
				 extack);
	if (err)
		return err;
	xa_for_each(&pin->dpll_refs, i, ref) {
		err = nsim_dpll_pin_parent_fill(msg, ref, extack);
		if (err)
			return err;
	}
	return 0;
}

typedef int (*nsim_dpll_fill_t)(struct sk_buff *msg, void *obj,
				struct netlink_ext_ack *extack);

static int nsim_dpll_dev_fill_cb(struct sk_buff *msg, void *obj,
				 struct netlink_ext_ack *extack)
{
	return nsim_dpll_device_fill(msg, obj, extack);
}

static int nsim_dpll_pin_fill_cb(struct sk_buff *msg, void *obj,
				 struct netlink_ext_ack *extack)
{
	return nsim_dpll_pin_fill(msg, obj, extack);
}

/* Multicast to the initial netns only, like the kernel's DPLL core. */
static void nsim_dpll_nl_ntf(void *obj, u8 cmd, nsim_dpll_fill_t fill)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &nsim_dpll_nl_family, 0, cmd);
	if (!hdr || fill(msg, obj, NULL)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast(&nsim_dpll_nl_family, msg, 0, 0, GFP_KERNEL);
}

void nsim_dpll_nl_device_ntf(struct nsim_dpll_core_device *dpll, u8 cmd)
{
	lockdep_assert_held(&nsim_dpll_core_lock);
	nsim_dpll_nl_ntf(dpll, cmd, nsim_dpll_dev_fill_cb);
}

void nsim_dpll_nl_pin_ntf(struct nsim_dpll_core_pin *pin, u8 cmd)
{
	lockdep_assert_held(&nsim_dpll_core_lock);
	nsim_dpll_nl_ntf(pin, cmd, nsim_dpll_pin_fill_cb);
}

/* A do request's reply: one object, filled under the core lock. */
static int nsim_dpll_reply(struct genl_info *info, u8 cmd, void *obj,
			   nsim_dpll_fill_t fill)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &nsim_dpll_nl_family, 0, cmd);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	err = fill(msg, obj, info->extack);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int nsim_dpll_id_fill(struct sk_buff *msg, void *obj,
			     struct netlink_ext_ack *extack)
{
	return nla_put_u32(msg, NSIM_DPLL_A_ID,
			   ((struct nsim_dpll_core_device *)obj)->id) ?
	       -EMSGSIZE : 0;
}

static int nsim_dpll_pin_id_fill(struct sk_buff *msg, void *obj,
				 struct netlink_ext_ack *extack)
{
	return nla_put_u32(msg, NSIM_DPLL_A_PIN_ID,
			   ((struct nsim_dpll_core_pin *)obj)->id) ?
	       -EMSGSIZE : 0;
}

/* A registered device or pin by id, with the kernel's errors. */
static struct nsim_dpll_core_device *
nsim_dpll_device_by_attr(struct genl_info *info)
{
	struct nsim_dpll_core_device *dpll;
	struct nlattr *a = info->attrs[NSIM_DPLL_A_ID];

	if (!a) {
		NL_SET_ERR_MSG(info->extack, "missing attribute: id");
		return ERR_PTR(-EINVAL);
	}
	dpll = xa_load(&nsim_dpll_core_devices, nla_get_u32(a));
	if (!dpll || !dpll->ops) {
		NL_SET_ERR_MSG_ATTR(info->extack, a, "device not found");
		return ERR_PTR(-ENODEV);
	}
	return dpll;
}

static struct nsim_dpll_core_pin *nsim_dpll_pin_by_attr(struct genl_info *info)
{
	struct nsim_dpll_core_pin *pin;
	struct nlattr *a = info->attrs[NSIM_DPLL_A_PIN_ID];

	if (!a) {
		NL_SET_ERR_MSG(info->extack, "missing attribute: pin id");
		return ERR_PTR(-EINVAL);
	}
	pin = xa_load(&nsim_dpll_core_pins, nla_get_u32(a));
	if (!pin || xa_empty(&pin->dpll_refs)) {
		NL_SET_ERR_MSG_ATTR(info->extack, a, "pin not found");
		return ERR_PTR(-ENODEV);
	}
	return pin;
}

static bool nsim_dpll_str_match(struct nlattr *a, const char *s)
{
	return !a || (s && !nla_strcmp(a, s));
}

static int nsim_dpll_device_id_get_doit(struct sk_buff *skb,
					struct genl_info *info)
{
	struct nlattr *mod = info->attrs[NSIM_DPLL_A_MODULE_NAME];
	struct nlattr *cid = info->attrs[NSIM_DPLL_A_CLOCK_ID];
	struct nlattr *type = info->attrs[NSIM_DPLL_A_TYPE];
	struct nsim_dpll_core_device *dpll, *match = NULL;
	unsigned long i;
	int err;

	if (!mod && !cid && !type) {
		NL_SET_ERR_MSG(info->extack, "missing attributes");
		return -EINVAL;
	}
	mutex_lock(&nsim_dpll_core_lock);
	xa_for_each_marked(&nsim_dpll_core_devices, i, dpll,
			   NSIM_DPLL_CORE_REGISTERED) {
		if ((cid && dpll->clock_id != nla_get_u64(cid)) ||
		    (type && dpll->type != nla_get_u32(type)) ||
		    !nsim_dpll_str_match(mod, module_name(dpll->module)))
			continue;
		if (match) {
			NL_SET_ERR_MSG(info->extack, "multiple matches");
			err = -EINVAL;
			goto out;
		}
		match = dpll;
	}
	if (!match) {
		NL_SET_ERR_MSG(info->extack, "not found");
		err = -ENODEV;
		goto out;
	}
	err = nsim_dpll_reply(info, NSIM_DPLL_CMD_DEVICE_ID_GET, match,
			      nsim_dpll_id_fill);
out:
	mutex_unlock(&nsim_dpll_core_lock);
	return err;
}

static int nsim_dpll_device_get_doit(struct sk_buff *skb,
				     struct genl_info *info)
{
	struct nsim_dpll_core_device *dpll;
	int err;

	mutex_lock(&nsim_dpll_core_lock);
	dpll = nsim_dpll_device_by_attr(info);
	err = IS_ERR(dpll) ? PTR_ERR(dpll) :
	      nsim_dpll_reply(info, NSIM_DPLL_CMD_DEVICE_GET, dpll,
			      nsim_dpll_dev_fill_cb);
	mutex_unlock(&nsim_dpll_core_lock);
	return err;
}

/*
 * Dumps resume from cb->args[0], the next id to send: an object added or
 * removed between two parts moves no other.
 */
static int nsim_dpll_dump(struct sk_buff *skb, struct netlink_callback *cb,
			  struct xarray *xa, u8 cmd, nsim_dpll_fill_t fill)
{
	unsigned long i;
	void *obj;
	void *hdr;
	int err = 0;

	mutex_lock(&nsim_dpll_core_lock);
	xa_for_each_marked(xa, i, obj, NSIM_DPLL_CORE_REGISTERED) {
		if (i < cb->args[0])
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &nsim_dpll_nl_family,
				  NLM_F_MULTI, cmd);
		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		err = fill(skb, obj, cb->extack);
		if (err) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	mutex_unlock(&nsim_dpll_core_lock);
	if (err == -EMSGSIZE) {
		cb->args[0] = i;
		return skb->len;
	}
	return err;
}

/*
 * The kernel's device dump has no policy, so genetlink rejects any
 * attribute in it; here the op's policy is the doit's, so say it again
 * (the message reaches the ack where the kernel passes a dump's start
 * the request's extack).
 */
static int nsim_dpll_device_get_dump_start(struct netlink_callback *cb)
{
	if (nlmsg_attrlen(cb->nlh, GENL_HDRLEN) > 0) {
		NL_SET_ERR_MSG_ATTR(cb->extack,
				    nlmsg_attrdata(cb->nlh, GENL_HDRLEN),
				    "Unknown attribute type");
		return -EINVAL;
	}
	return 0;
}

static int nsim_dpll_device_get_dumpit(struct sk_buff *skb,
				       struct netlink_callback *cb)
{
	return nsim_dpll_dump(skb, cb, &nsim_dpll_core_devices,
			      NSIM_DPLL_CMD_DEVICE_GET, nsim_dpll_dev_fill_cb);
}

/* A new mode, where the driver switches and offers it. */
static int nsim_dpll_mode_set(struct nsim_dpll_core_device *dpll,
			      struct nlattr *a, struct netlink_ext_ack *extack)
{
	DECLARE_BITMAP(modes, NSIM_DPLL_MODE_MAX + 1) = { 0 };
	const struct nsim_dpll_core_device_ops *ops = dpll->ops;
	enum nsim_dpll_mode mode = nla_get_u32(a), old;
	int err;

	if (!ops->mode_set || !ops->supported_modes_get) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "dpll device does not support mode switch");
		return -EOPNOTSUPP;
	}
	err = ops->mode_get(dpll, dpll->priv, &old, extack);
	if (err) {
		NL_SET_ERR_MSG(extack, "unable to get current mode");
		return err;
	}
	if (mode == old)
		return 0;
	err = ops->supported_modes_get(dpll, dpll->priv, modes, extack);
	if (err) {
		NL_SET_ERR_MSG(extack, "unable to get supported modes");
		return err;
	}
	if (!test_bit(mode, modes)) {
		NL_SET_ERR_MSG(extack,
			       "dpll device does not support requested mode");
		return -EINVAL;
	}
	return ops->mode_set(dpll, dpll->priv, mode, extack);
}

/*
 * DEVICE_SET: attributes apply in the order they came.  The monitors the
 * uAPI also has here are not in this core's driver API.
 */
static int nsim_dpll_device_set_doit(struct sk_buff *skb,
				     struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nsim_dpll_core_device *dpll;
	struct nlattr *a;
	int rem, err;

	mutex_lock(&nsim_dpll_core_lock);
	dpll = nsim_dpll_device_by_attr(info);
	err = PTR_ERR_OR_ZERO(dpll);
	if (err)
		goto out;
	nla_for_each_attr(a, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem) {
		switch (nla_type(a)) {
		case NSIM_DPLL_A_MODE:
			err = nsim_dpll_mode_set(dpll, a, extack);
			break;
		/* the kernel core's answers to a driver without them */
		case NSIM_DPLL_A_PHASE_OFFSET_MONITOR:
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "dpll device not capable of phase offset monitor");
			err = -EOPNOTSUPP;
			break;
		case NSIM_DPLL_A_PHASE_OFFSET_AVG_FACTOR:
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "device not capable of changing phase offset average factor");
			err = -EOPNOTSUPP;
			break;
		case NSIM_DPLL_A_FREQUENCY_MONITOR:
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "dpll device not capable of frequency monitor");
			err = -EOPNOTSUPP;
			break;
		}
		if (err)
			break;
	}
out:
	mutex_unlock(&nsim_dpll_core_lock);
	return err;
}

static int nsim_dpll_pin_id_get_doit(struct sk_buff *skb,
				     struct genl_info *info)
{
	struct nlattr *mod = info->attrs[NSIM_DPLL_A_PIN_MODULE_NAME];
	struct nlattr *cid = info->attrs[NSIM_DPLL_A_PIN_CLOCK_ID];
	struct nlattr *type = info->attrs[NSIM_DPLL_A_PIN_TYPE];
	struct nlattr *board = info->attrs[NSIM_DPLL_A_PIN_BOARD_LABEL];
	struct nlattr *panel = info->attrs[NSIM_DPLL_A_PIN_PANEL_LABEL];
	struct nlattr *package = info->attrs[NSIM_DPLL_A_PIN_PACKAGE_LABEL];
	struct nsim_dpll_core_pin *pin, *match = NULL;
	unsigned long i;
	int err;

	if (!mod && !cid && !board && !panel && !package) {
		NL_SET_ERR_MSG(info->extack, "missing attributes");
		return -EINVAL;
	}
	mutex_lock(&nsim_dpll_core_lock);
	xa_for_each_marked(&nsim_dpll_core_pins, i, pin,
			   NSIM_DPLL_CORE_REGISTERED) {
		if ((cid && pin->clock_id != nla_get_u64(cid)) ||
		    (type && pin->prop.type != nla_get_u32(type)) ||
		    !nsim_dpll_str_match(mod, module_name(pin->module)) ||
		    !nsim_dpll_str_match(board, pin->prop.board_label) ||
		    !nsim_dpll_str_match(panel, pin->prop.panel_label) ||
		    !nsim_dpll_str_match(package, pin->prop.package_label))
			continue;
		if (match) {
			NL_SET_ERR_MSG(info->extack, "multiple matches");
			err = -EINVAL;
			goto out;
		}
		match = pin;
	}
	if (!match) {
		NL_SET_ERR_MSG(info->extack, "not found");
		err = -ENODEV;
		goto out;
	}
	err = nsim_dpll_reply(info, NSIM_DPLL_CMD_PIN_ID_GET, match,
			      nsim_dpll_pin_id_fill);
out:
	mutex_unlock(&nsim_dpll_core_lock);
	return err;
}

static int nsim_dpll_pin_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nsim_dpll_core_pin *pin;
	int err;

	mutex_lock(&nsim_dpll_core_lock);
	pin = nsim_dpll_pin_by_attr(info);
	err = IS_ERR(pin) ? PTR_ERR(pin) :
	      nsim_dpll_reply(info, NSIM_DPLL_CMD_PIN_GET, pin,
			      nsim_dpll_pin_fill_cb);
	mutex_unlock(&nsim_dpll_core_lock);
	return err;
}

static int nsim_dpll_pin_get_dumpit(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	return nsim_dpll_dump(skb, cb, &nsim_dpll_core_pins,
			      NSIM_DPLL_CMD_PIN_GET, nsim_dpll_pin_fill_cb);
}

static bool nsim_dpll_freq_supported(struct nsim_dpll_core_pin *pin, u64 f)
{
	u32 i;

	for (i = 0; i < pin->prop.freq_supported_num; i++)
		if (f >= pin->prop.freq_supported[i].min &&
		    f <= pin->prop.freq_supported[i].max)
			return true;
	return false;
}

/* The frequency is the pin's: set on every DPLL, undone where one fails. */
static int nsim_dpll_pin_freq_set(struct nsim_dpll_core_pin *pin,
				  struct nlattr *a,
				  struct netlink_ext_ack *extack)
{
	struct nsim_dpll_core_pin_ref *ref, *failed = NULL;
	u64 freq = nla_get_u64(a), old;
	unsigned long i;
	int err;

	if (!nsim_dpll_freq_supported(pin, freq)) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "frequency is not supported by the device");
		return -EINVAL;
	}
	xa_for_each(&pin->dpll_refs, i, ref) {
		if (!ref->ops->frequency_set || !ref->ops->frequency_get) {
			NL_SET_ERR_MSG(extack,
				       "frequency set not supported by the device");
			return -EOPNOTSUPP;
		}
	}
	ref = nsim_dpll_pin_first_ref(pin);
	err = ref->ops->frequency_get(pin, ref->priv, ref->dpll,
				      ref->dpll->priv, &old, extack);
	if (err) {
		NL_SET_ERR_MSG(extack, "unable to get old frequency value");
		return err;
	}
	if (freq == old)
		return 0;
	xa_for_each(&pin->dpll_refs, i, ref) {
		err = ref->ops->frequency_set(pin, ref->priv, ref->dpll,
					      ref->dpll->priv, freq, extack);
		if (err) {
			failed = ref;
			break;
		}
	}
	if (failed) {
		xa_for_each(&pin->dpll_refs, i, ref) {
			if (ref == failed)
				break;
			ref->ops->frequency_set(pin, ref->priv, ref->dpll,
						ref->dpll->priv, old, NULL);
		}
		return err;
	}
	nsim_dpll_nl_pin_ntf(pin, NSIM_DPLL_CMD_PIN_CHANGE_NTF);
	return 0;
}

static const struct nla_policy
nsim_dpll_parent_device_policy[NSIM_DPLL_A_PIN_PHASE_OFFSET + 1] = {
	[NSIM_DPLL_A_PIN_PARENT_ID] = { .type = NLA_U32 },
	[NSIM_DPLL_A_PIN_DIRECTION] = NLA_POLICY_RANGE(NLA_U32, 1,
						       NSIM_DPLL_PIN_DIRECTION_MAX),
	[NSIM_DPLL_A_PIN_PRIO] = { .type = NLA_U32 },
	[NSIM_DPLL_A_PIN_STATE] = NLA_POLICY_RANGE(NLA_U32, 1,
						   NSIM_DPLL_PIN_STATE_MAX),
	[NSIM_DPLL_A_PIN_PHASE_OFFSET] = { .type = NLA_S64 },
};

static const struct nla_policy
nsim_dpll_parent_pin_policy[NSIM_DPLL_A_PIN_STATE + 1] = {
	[NSIM_DPLL_A_PIN_PARENT_ID] = { .type = NLA_U32 },
	[NSIM_DPLL_A_PIN_STATE] = NLA_POLICY_RANGE(NLA_U32, 1,
						   NSIM_DPLL_PIN_STATE_MAX),
};

static const struct nla_policy
nsim_dpll_ref_sync_policy[NSIM_DPLL_A_PIN_STATE + 1] = {
	[NSIM_DPLL_A_PIN_ID] = { .type = NLA_U32 },
	[NSIM_DPLL_A_PIN_STATE] = NLA_POLICY_RANGE(NLA_U32, 1,
						   NSIM_DPLL_PIN_STATE_MAX),
};

/*
 * State, priority and direction of the pin on one DPLL, each checked
 * against the pin's capabilities before the driver is asked.
 */
static int nsim_dpll_pin_parent_device_set(struct nsim_dpll_core_pin *pin,
					   struct nlattr *nest,
					   struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NSIM_DPLL_A_PIN_PHASE_OFFSET + 1];
	unsigned long caps = pin->prop.capabilities;
	struct nsim_dpll_core_device *dpll;
	struct nsim_dpll_core_pin_ref *ref;
	int err;

	err = nla_parse_nested(tb, NSIM_DPLL_A_PIN_PHASE_OFFSET, nest,
			       nsim_dpll_parent_device_policy, extack);
	if (err)
		return err;
	if (!tb[NSIM_DPLL_A_PIN_PARENT_ID]) {
		NL_SET_ERR_MSG(extack, "device parent id expected");
		return -EINVAL;
	}
	dpll = xa_load(&nsim_dpll_core_devices,
		       nla_get_u32(tb[NSIM_DPLL_A_PIN_PARENT_ID]));
	if (!dpll || !dpll->ops) {
		NL_SET_ERR_MSG(extack, "parent device not found");
		return -EINVAL;
	}
	ref = xa_load(&pin->dpll_refs, dpll->id);
	if (!ref) {
		NL_SET_ERR_MSG(extack, "pin not connected to given parent device");
		return -EINVAL;
	}
	if (tb[NSIM_DPLL_A_PIN_STATE]) {
		if (!(caps & NSIM_DPLL_PIN_CAPABILITIES_STATE_CAN_CHANGE)) {
			NL_SET_ERR_MSG(extack, "state changing is not allowed");
			return -EOPNOTSUPP;
		}
		if (!ref->ops->state_on_dpll_set)
			return -EOPNOTSUPP;
		err = ref->ops->state_on_dpll_set(pin, ref->priv, dpll,
						  dpll->priv,
						  nla_get_u32(tb[NSIM_DPLL_A_PIN_STATE]),
						  extack);
		if (err)
			return err;
		nsim_dpll_nl_pin_ntf(pin, NSIM_DPLL_CMD_PIN_CHANGE_NTF);
	}
	if (tb[NSIM_DPLL_A_PIN_PRIO]) {
		if (!(caps & NSIM_DPLL_PIN_CAPABILITIES_PRIORITY_CAN_CHANGE)) {
			NL_SET_ERR_MSG(extack, "prio changing is not allowed");
			return -EOPNOTSUPP;
		}
		if (!ref->ops->prio_set)
			return -EOPNOTSUPP;
		err = ref->ops->prio_set(pin, ref->priv, dpll, dpll->priv,
					 nla_get_u32(tb[NSIM_DPLL_A_PIN_PRIO]),
					 extack);
		if (err)
			return err;
		nsim_dpll_nl_pin_ntf(pin, NSIM_DPLL_CMD_PIN_CHANGE_NTF);
	}
	if (tb[NSIM_DPLL_A_PIN_DIRECTION]) {
		if (!(caps & NSIM_DPLL_PIN_CAPABILITIES_DIRECTION_CAN_CHANGE)) {
			NL_SET_ERR_MSG(extack, "direction changing is not allowed");
			return -EOPNOTSUPP;
		}
		if (!ref->ops->direction_set)
			return -EOPNOTSUPP;
		err = ref->ops->direction_set(pin, ref->priv, dpll, dpll->priv,
					      nla_get_u32(tb[NSIM_DPLL_A_PIN_DIRECTION]),
					      extack);
		if (err)
			return err;
		nsim_dpll_nl_pin_ntf(pin, NSIM_DPLL_CMD_PIN_CHANGE_NTF);
	}
	return 0;
}

/* This API has no pins on pins: every parent pin id is unknown. */
static int nsim_dpll_pin_parent_pin_set(struct nsim_dpll_core_pin *pin,
					struct nlattr *nest,
					struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NSIM_DPLL_A_PIN_STATE + 1];
	int err;

	err = nla_parse_nested(tb, NSIM_DPLL_A_PIN_STATE, nest,
			       nsim_dpll_parent_pin_policy, extack);
	if (err)
		return err;
	if (!tb[NSIM_DPLL_A_PIN_PARENT_ID]) {
		NL_SET_ERR_MSG(extack, "device parent id expected");
		return -EINVAL;
	}
	if (!tb[NSIM_DPLL_A_PIN_STATE])
		return 0;
	if (!(pin->prop.capabilities &
	      NSIM_DPLL_PIN_CAPABILITIES_STATE_CAN_CHANGE)) {
		NL_SET_ERR_MSG(extack, "state changing is not allowed");
		return -EOPNOTSUPP;
	}
	NL_SET_ERR_MSG(extack, "pin not connected to given parent pin");
	return -EINVAL;
}

/* Attributes apply in the order they came, as the kernel's do. */
static int nsim_dpll_pin_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nsim_dpll_core_pin *pin;
	struct nlattr *a;
	int rem, err;

	mutex_lock(&nsim_dpll_core_lock);
	pin = nsim_dpll_pin_by_attr(info);
	err = PTR_ERR_OR_ZERO(pin);
	if (err)
		goto out;
	nla_for_each_attr(a, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem) {
		switch (nla_type(a)) {
		case NSIM_DPLL_A_PIN_FREQUENCY:
			err = nsim_dpll_pin_freq_set(pin, a, extack);
			break;
		case NSIM_DPLL_A_PIN_PARENT_DEVICE:
			err = nsim_dpll_pin_parent_device_set(pin, a, extack);
			break;
		case NSIM_DPLL_A_PIN_PARENT_PIN:
			err = nsim_dpll_pin_parent_pin_set(pin, a, extack);
			break;
		case NSIM_DPLL_A_PIN_PHASE_ADJUST:
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "phase adjust not supported");
			err = -EOPNOTSUPP;
			break;
		case NSIM_DPLL_A_PIN_ESYNC_FREQUENCY:
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "embedded sync feature is not supported by this device");
			err = -EOPNOTSUPP;
			break;
		case NSIM_DPLL_A_PIN_REFERENCE_SYNC:
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "reference sync pin not found");
			err = -EINVAL;
			break;
		}
		if (err)
			break;
	}
out:
	mutex_unlock(&nsim_dpll_core_lock);
	return err;
}

static const struct nla_policy
nsim_dpll_device_id_get_policy[NSIM_DPLL_A_TYPE + 1] = {
	[NSIM_DPLL_A_MODULE_NAME] = { .type = NLA_NUL_STRING },
	[NSIM_DPLL_A_CLOCK_ID] = { .type = NLA_U64 },
	[NSIM_DPLL_A_TYPE] = NLA_POLICY_RANGE(NLA_U32, 1, NSIM_DPLL_TYPE_MAX),
};

static const struct nla_policy nsim_dpll_device_get_policy[NSIM_DPLL_A_ID + 1] = {
	[NSIM_DPLL_A_ID] = { .type = NLA_U32 },
};

static const struct nla_policy
nsim_dpll_device_set_policy[NSIM_DPLL_A_FREQUENCY_MONITOR + 1] = {
	[NSIM_DPLL_A_ID] = { .type = NLA_U32 },
	[NSIM_DPLL_A_MODE] = NLA_POLICY_RANGE(NLA_U32, 1, NSIM_DPLL_MODE_MAX),
	[NSIM_DPLL_A_PHASE_OFFSET_MONITOR] = NLA_POLICY_MAX(NLA_U32, 1),
	[NSIM_DPLL_A_PHASE_OFFSET_AVG_FACTOR] = { .type = NLA_U32 },
	[NSIM_DPLL_A_FREQUENCY_MONITOR] = NLA_POLICY_MAX(NLA_U32, 1),
};

static const struct nla_policy
nsim_dpll_pin_id_get_policy[NSIM_DPLL_A_PIN_TYPE + 1] = {
	[NSIM_DPLL_A_PIN_MODULE_NAME] = { .type = NLA_NUL_STRING },
	[NSIM_DPLL_A_PIN_CLOCK_ID] = { .type = NLA_U64 },
	[NSIM_DPLL_A_PIN_BOARD_LABEL] = { .type = NLA_NUL_STRING },
	[NSIM_DPLL_A_PIN_PANEL_LABEL] = { .type = NLA_NUL_STRING },
	[NSIM_DPLL_A_PIN_PACKAGE_LABEL] = { .type = NLA_NUL_STRING },
	[NSIM_DPLL_A_PIN_TYPE] = NLA_POLICY_RANGE(NLA_U32, 1,
						  NSIM_DPLL_PIN_TYPE_MAX),
};

static const struct nla_policy nsim_dpll_pin_get_policy[NSIM_DPLL_A_PIN_ID + 1] = {
	[NSIM_DPLL_A_PIN_ID] = { .type = NLA_U32 },
};

static const struct nla_policy
nsim_dpll_pin_set_policy[NSIM_DPLL_A_PIN_REFERENCE_SYNC + 1] = {
	[NSIM_DPLL_A_PIN_ID] = { .type = NLA_U32 },
	[NSIM_DPLL_A_PIN_FREQUENCY] = { .type = NLA_U64 },
	[NSIM_DPLL_A_PIN_DIRECTION] = NLA_POLICY_RANGE(NLA_U32, 1,
						       NSIM_DPLL_PIN_DIRECTION_MAX),
	[NSIM_DPLL_A_PIN_PRIO] = { .type = NLA_U32 },
	[NSIM_DPLL_A_PIN_STATE] = NLA_POLICY_RANGE(NLA_U32, 1,
						   NSIM_DPLL_PIN_STATE_MAX),
	[NSIM_DPLL_A_PIN_PARENT_DEVICE] =
		NLA_POLICY_NESTED(nsim_dpll_parent_device_policy),
	[NSIM_DPLL_A_PIN_PARENT_PIN] =
		NLA_POLICY_NESTED(nsim_dpll_parent_pin_policy),
	[NSIM_DPLL_A_PIN_PHASE_ADJUST] = { .type = NLA_S32 },
	[NSIM_DPLL_A_PIN_ESYNC_FREQUENCY] = { .type = NLA_U64 },
	[NSIM_DPLL_A_PIN_REFERENCE_SYNC] =
		NLA_POLICY_NESTED(nsim_dpll_ref_sync_policy),
};

/* Every command, dumps included, needs CAP_NET_ADMIN, as in the kernel. */
static const struct genl_ops nsim_dpll_nl_ops[] = {
	{
		.cmd = NSIM_DPLL_CMD_DEVICE_ID_GET,
		.doit = nsim_dpll_device_id_get_doit,
		.policy = nsim_dpll_device_id_get_policy,
		.maxattr = NSIM_DPLL_A_TYPE,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = NSIM_DPLL_CMD_DEVICE_GET,
		.doit = nsim_dpll_device_get_doit,
		.start = nsim_dpll_device_get_dump_start,
		.dumpit = nsim_dpll_device_get_dumpit,
		.policy = nsim_dpll_device_get_policy,
		.maxattr = NSIM_DPLL_A_ID,
		/* the kernel's device dump takes no attribute at all */
		.validate = GENL_DONT_VALIDATE_DUMP,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = NSIM_DPLL_CMD_DEVICE_SET,
		.doit = nsim_dpll_device_set_doit,
		.policy = nsim_dpll_device_set_policy,
		.maxattr = NSIM_DPLL_A_FREQUENCY_MONITOR,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = NSIM_DPLL_CMD_PIN_ID_GET,
		.doit = nsim_dpll_pin_id_get_doit,
		.policy = nsim_dpll_pin_id_get_policy,
		.maxattr = NSIM_DPLL_A_PIN_TYPE,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = NSIM_DPLL_CMD_PIN_GET,
		.doit = nsim_dpll_pin_get_doit,
		.dumpit = nsim_dpll_pin_get_dumpit,
		.policy = nsim_dpll_pin_get_policy,
		.maxattr = NSIM_DPLL_A_PIN_ID,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = NSIM_DPLL_CMD_PIN_SET,
		.doit = nsim_dpll_pin_set_doit,
		.policy = nsim_dpll_pin_set_policy,
		.maxattr = NSIM_DPLL_A_PIN_REFERENCE_SYNC,
		.flags = GENL_ADMIN_PERM,
	},
};

static const struct genl_multicast_group nsim_dpll_nl_mcgrps[] = {
	{ .name = NSIM_DPLL_MCGRP_MONITOR, },
};

static struct genl_family nsim_dpll_nl_family = {
	.name = NSIM_DPLL_FAMILY_NAME,
	.version = NSIM_DPLL_FAMILY_VERSION,
	.netnsok = true,
	.parallel_ops = true,	/* nsim_dpll_core_lock serialises */
	.ops = nsim_dpll_nl_ops,
	.n_ops = ARRAY_SIZE(nsim_dpll_nl_ops),
	.mcgrps = nsim_dpll_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(nsim_dpll_nl_mcgrps),
	.module = THIS_MODULE,
};

/*
 * Formatted extack messages on kernels whose extack holds only a pointer
 * (no NL_SET_ERR_MSG_FMT): the text must outlive the request, since the
 * ack quoting it is built after the callback returned, so each distinct
 * text is kept until the family is gone.  Bounded: past the limit the
 * format itself is the message, as before.
 */
struct nsim_dpll_nl_msg {
	struct list_head list;
	char text[];
};

#define NSIM_DPLL_NL_MSG_LEN	80	/* NETLINK_MAX_FMTMSG_LEN's */
#define NSIM_DPLL_NL_MSGS_MAX	256

static LIST_HEAD(nsim_dpll_nl_msgs);
static DEFINE_MUTEX(nsim_dpll_nl_msgs_lock);
static unsigned int nsim_dpll_nl_n_msgs;

/**
 * nsim_dpll_core_extack_msg() - a formatted extack message that stays
 * @fmt: printf format, then its arguments
 *
 * For NL_SET_ERR_MSG_FMT() in callbacks of the bundled core, on kernels
 * without it.  May sleep.
 *
 * Return: the text, valid until the module is unloaded.
 */
const char *nsim_dpll_core_extack_msg(const char *fmt, ...)
{
	char buf[NSIM_DPLL_NL_MSG_LEN];
	struct nsim_dpll_nl_msg *m;
	const char *text = fmt;
	va_list args;
	size_t len;

	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	len = strlen(buf) + 1;
	mutex_lock(&nsim_dpll_nl_msgs_lock);
	list_for_each_entry(m, &nsim_dpll_nl_msgs, list) {
		if (!strcmp(m->text, buf)) {
			text = m->text;
			goto out;
		}
	}
	if (nsim_dpll_nl_n_msgs >= NSIM_DPLL_NL_MSGS_MAX)
		goto out;
	m = kmalloc(struct_size(m, text, len), GFP_KERNEL);
	if (!m)
		goto out;
	memcpy(m->text, buf, len);
	list_add(&m->list, &nsim_dpll_nl_msgs);
	nsim_dpll_nl_n_msgs++;
	text = m->text;
out:
	mutex_unlock(&nsim_dpll_nl_msgs_lock);
	return text;
}

int nsim_dpll_nl_register(void)
{
	/* the kernel's: every command of this family validates strictly */
	nsim_genl_resv_start_op(&nsim_dpll_nl_family, NSIM_DPLL_CMD_PIN_SET + 1);
	return genl_register_family(&nsim_dpll_nl_family);
}

void nsim_dpll_nl_unregister(void)
{
	struct nsim_dpll_nl_msg *m, *tmp;

	/* waits for requests in flight, acks included: no text is in use */
	genl_unregister_family(&nsim_dpll_nl_family);
	list_for_each_entry_safe(m, tmp, &nsim_dpll_nl_msgs, list)
		kfree(m);
	INIT_LIST_HEAD(&nsim_dpll_nl_msgs);
	nsim_dpll_nl_n_msgs = 0;
}
