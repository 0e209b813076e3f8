// SPDX-License-Identifier: GPL-2.0
/*
 * Bundled DPLL core, objects: DPLL devices and pins, shared by clock id,
 * index and module like the kernel's, with netlink ids from cyclic xarray
 * allocators (so an id is not reused at once).  Built only where the
 * kernel has no DPLL core of its own (configure's --with-dpll).
 */

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "nsim_dpll_core_priv.h"

/* the bundled core's dpll_lock: objects, xarrays, callbacks, netlink */
DEFINE_MUTEX(nsim_dpll_core_lock);
DEFINE_XARRAY_FLAGS(nsim_dpll_core_devices, XA_FLAGS_ALLOC);
DEFINE_XARRAY_FLAGS(nsim_dpll_core_pins, XA_FLAGS_ALLOC);
static u32 nsim_dpll_core_device_next;
static u32 nsim_dpll_core_pin_next;

/**
 * nsim_dpll_core_device_get() - find or create a DPLL device
 * @clock_id: clock id the device reports
 * @device_idx: the driver's index of the device under @clock_id
 * @module: the owning module
 *
 * A device with the same @clock_id, @device_idx and @module is shared:
 * its reference count goes up.
 *
 * Return: the device, or an ERR_PTR().
 */
struct nsim_dpll_core_device *
nsim_dpll_core_device_get(u64 clock_id, u32 device_idx, struct module *module)
{
	struct nsim_dpll_core_device *dpll;
	unsigned long i;
	int err;

	mutex_lock(&nsim_dpll_core_lock);
	xa_for_each(&nsim_dpll_core_devices, i, dpll) {
		if (dpll->clock_id == clock_id &&
		    dpll->device_idx == device_idx && dpll->module == module) {
			dpll->refcount++;
			goto out;
		}
	}
	dpll = kzalloc(sizeof(*dpll), GFP_KERNEL);
	if (!dpll) {
		dpll = ERR_PTR(-ENOMEM);
		goto out;
	}
	dpll->clock_id = clock_id;
	dpll->device_idx = device_idx;
	dpll->module = module;
	dpll->refcount = 1;
	xa_init_flags(&dpll->pin_refs, XA_FLAGS_ALLOC);
	err = xa_alloc_cyclic(&nsim_dpll_core_devices, &dpll->id, dpll,
			      xa_limit_32b, &nsim_dpll_core_device_next,
			      GFP_KERNEL);
	if (err < 0) {
		kfree(dpll);
		dpll = ERR_PTR(err);
	}
out:
	mutex_unlock(&nsim_dpll_core_lock);
	return dpll;
}
EXPORT_SYMBOL_GPL(nsim_dpll_core_device_get);

/**
 * nsim_dpll_core_device_put() - drop a reference of a DPLL device
 * @dpll: the device, unregistered when the last reference goes
 */
void nsim_dpll_core_device_put(struct nsim_dpll_core_device *dpll)
{
	mutex_lock(&nsim_dpll_core_lock);
	if (--dpll->refcount == 0) {
		WARN_ON(dpll->ops || !xa_empty(&dpll->pin_refs));
		xa_erase(&nsim_dpll_core_devices, dpll->id);
		xa_destroy(&dpll->pin_refs);
		kfree(dpll);
	}
	mutex_unlock(&nsim_dpll_core_lock);
}
EXPORT_SYMBOL_GPL(nsim_dpll_core_device_put);

/**
 * nsim_dpll_core_device_register() - make a DPLL device visible
 * @dpll: the device
 * @type: what it is (PPS, EEC, generic)
 * @ops: its callbacks; mode_get and lock_status_get are required
 * @priv: passed to the callbacks
 *
 * Clients see the device from now on; DEVICE_CREATE_NTF is sent.
 *
 * Return: 0, -EINVAL for bad arguments, -EEXIST when already registered.
 */
int nsim_dpll_core_device_register(struct nsim_dpll_core_device *dpll,
				   enum nsim_dpll_type type,
				   const struct nsim_dpll_core_device_ops *ops,
				   void *priv)
{
	int err = 0;

	if (WARN_ON(!ops || !ops->mode_get || !ops->lock_status_get))
		return -EINVAL;
	if (WARN_ON(type < NSIM_DPLL_TYPE_PPS || type > NSIM_DPLL_TYPE_MAX))
		return -EINVAL;
	mutex_lock(&nsim_dpll_core_lock);
	if (dpll->ops) {
		err = -EEXIST;
		goto out;
	}
	dpll->type = type;
	dpll->ops = ops;
	dpll->priv = priv;
	xa_set_mark(&nsim_dpll_core_devices, dpll->id,
		    NSIM_DPLL_CORE_REGISTERED);
	nsim_dpll_nl_device_ntf(dpll, NSIM_DPLL_CMD_DEVICE_CREATE_NTF);
out:
	mutex_unlock(&nsim_dpll_core_lock);
	return err;
}
EXPORT_SYMBOL_GPL(nsim_dpll_core_device_register);

/**
 * nsim_dpll_core_device_unregister() - hide a DPLL device from clients
 * @dpll: the device
 * @ops: the callbacks it was registered with
 * @priv: the private data it was registered with
 *
 * DEVICE_DELETE_NTF is sent first; no callback runs after this returns.
 */
void
nsim_dpll_core_device_unregister(struct nsim_dpll_core_device *dpll,
				 const struct nsim_dpll_core_device_ops *ops,
				 void *priv)
{
	mutex_lock(&nsim_dpll_core_lock);
	if (!WARN_ON(dpll->ops != ops || dpll->priv != priv)) {
		nsim_dpll_nl_device_ntf(dpll, NSIM_DPLL_CMD_DEVICE_DELETE_NTF);
		xa_clear_mark(&nsim_dpll_core_devices, dpll->id,
			      NSIM_DPLL_CORE_REGISTERED);
		dpll->ops = NULL;
		dpll->priv = NULL;
	}
	mutex_unlock(&nsim_dpll_core_lock);
}
EXPORT_SYMBOL_GPL(nsim_dpll_core_device_unregister);

static void nsim_dpll_core_prop_free(struct nsim_dpll_core_pin_properties *p)
{
	kfree(p->board_label);
	kfree(p->panel_label);
	kfree(p->package_label);
	kfree(p->freq_supported);
}

/* The pin keeps its own copy: the driver's may go before the pin does. */
static int nsim_dpll_core_prop_dup(struct nsim_dpll_core_pin_properties *dst,
				   const struct nsim_dpll_core_pin_properties *src)
{
	*dst = *src;
	dst->board_label = kstrdup(src->board_label, GFP_KERNEL);
	dst->panel_label = kstrdup(src->panel_label, GFP_KERNEL);
	dst->package_label = kstrdup(src->package_label, GFP_KERNEL);
	dst->freq_supported = NULL;
	if (src->freq_supported_num)
		dst->freq_supported =
			kmemdup(src->freq_supported,
				src->freq_supported_num *
				sizeof(*src->freq_supported), GFP_KERNEL);
	if ((src->board_label && !dst->board_label) ||
	    (src->panel_label && !dst->panel_label) ||
	    (src->package_label && !dst->package_label) ||
	    (src->freq_supported_num && !dst->freq_supported)) {
		nsim_dpll_core_prop_free(dst);
		return -ENOMEM;
	}
	return 0;
}

/**
 * nsim_dpll_core_pin_get() - find or create a pin
 * @clock_id: clock id the pin reports
 * @pin_idx: the driver's index of the pin under @clock_id
 * @module: the owning module
 * @prop: what the pin is (copied when the pin is created)
 *
 * A pin with the same @clock_id, @pin_idx and @module is shared: its
 * reference count goes up.
 *
 * Return: the pin, or an ERR_PTR().
 */
struct nsim_dpll_core_pin *
nsim_dpll_core_pin_get(u64 clock_id, u32 pin_idx, struct module *module,
		       const struct nsim_dpll_core_pin_properties *prop)
{
	struct nsim_dpll_core_pin *pin;
	unsigned long i;
	int err;

	if (WARN_ON(!prop || prop->type < NSIM_DPLL_PIN_TYPE_MUX ||
		    prop->type > NSIM_DPLL_PIN_TYPE_MAX))
		return ERR_PTR(-EINVAL);
	mutex_lock(&nsim_dpll_core_lock);
	xa_for_each(&nsim_dpll_core_pins, i, pin) {
		if (pin->clock_id == clock_id && pin->pin_idx == pin_idx &&
		    pin->module == module) {
			pin->refcount++;
			goto out;
		}
	}
	pin = kzalloc(sizeof(*pin), GFP_KERNEL);
	if (!pin) {
		pin = ERR_PTR(-ENOMEM);
		goto out;
	}
	err = nsim_dpll_core_prop_dup(&pin->prop, prop);
	if (err)
		goto err_free;
	pin->clock_id = clock_id;
	pin->pin_idx = pin_idx;
	pin->module = module;
	pin->refcount = 1;
	xa_init_flags(&pin->dpll_refs, XA_FLAGS_ALLOC);
	err = xa_alloc_cyclic(&nsim_dpll_core_pins, &pin->id, pin,
			      xa_limit_32b, &nsim_dpll_core_pin_next,
			      GFP_KERNEL);
	if (err >= 0)
		goto out;
	nsim_dpll_core_prop_free(&pin->prop);
err_free:
	kfree(pin);
	pin = ERR_PTR(err);
out:
	mutex_unlock(&nsim_dpll_core_lock);
	return pin;
}
EXPORT_SYMBOL_GPL(nsim_dpll_core_pin_get);

/**
 * nsim_dpll_core_pin_put() - drop a reference of a pin
 * @pin: the pin, unregistered from every DPLL when the last reference goes
 */
void nsim_dpll_core_pin_put(struct nsim_dpll_core_pin *pin)
{
	mutex_lock(&nsim_dpll_core_lock);
	if (--pin->refcount == 0) {
		WARN_ON(!xa_empty(&pin->dpll_refs));
		xa_erase(&nsim_dpll_core_pins, pin->id);
		xa_destroy(&pin->dpll_refs);
		nsim_dpll_core_prop_free(&pin->prop);
		kfree(pin);
	}
	mutex_unlock(&nsim_dpll_core_lock);
}
EXPORT_SYMBOL_GPL(nsim_dpll_core_pin_put);

/**
 * nsim_dpll_core_pin_register() - register a pin on a DPLL device
 * @dpll: the device, registered
 * @pin: the pin, of the same clock id and module
 * @ops: the callbacks for the pin on @dpll; direction_get and
 *	 state_on_dpll_get are required
 * @priv: passed to the callbacks as pin_priv
 *
 * PIN_CREATE_NTF is sent.
 *
 * Return: 0, -EINVAL for bad arguments, -EEXIST when already registered on
 * @dpll, -ENOMEM.
 */
int nsim_dpll_core_pin_register(struct nsim_dpll_core_device *dpll,
				struct nsim_dpll_core_pin *pin,
				const struct nsim_dpll_core_pin_ops *ops,
				void *priv)
{
	struct nsim_dpll_core_pin_ref *ref;
	int err;

	if (WARN_ON(!ops || !ops->direction_get || !ops->state_on_dpll_get))
		return -EINVAL;
	/* like the kernel's: a pin belongs to its own board's DPLLs */
	if (WARN_ON(pin->module != dpll->module ||
		    pin->clock_id != dpll->clock_id))
		return -EINVAL;
	ref = kzalloc(sizeof(*ref), GFP_KERNEL);
	if (!ref)
		return -ENOMEM;
	ref->dpll = dpll;
	ref->pin = pin;
	ref->ops = ops;
	ref->priv = priv;
	mutex_lock(&nsim_dpll_core_lock);
	if (!dpll->ops) {
		err = -EINVAL;
		goto err_unlock;
	}
	err = xa_insert(&pin->dpll_refs, dpll->id, ref, GFP_KERNEL);
	if (err == -EBUSY)
		err = -EEXIST;
	if (err)
		goto err_unlock;
	err = xa_insert(&dpll->pin_refs, pin->id, ref, GFP_KERNEL);
	if (err) {
		xa_erase(&pin->dpll_refs, dpll->id);
		goto err_unlock;
	}
	xa_set_mark(&nsim_dpll_core_pins, pin->id, NSIM_DPLL_CORE_REGISTERED);
	nsim_dpll_nl_pin_ntf(pin, NSIM_DPLL_CMD_PIN_CREATE_NTF);
	mutex_unlock(&nsim_dpll_core_lock);
	return 0;

err_unlock:
	mutex_unlock(&nsim_dpll_core_lock);
	kfree(ref);
	return err;
}
EXPORT_SYMBOL_GPL(nsim_dpll_core_pin_register);

/**
 * nsim_dpll_core_pin_unregister() - unregister a pin from a DPLL device
 * @dpll: the device
 * @pin: the pin
 * @ops: the callbacks it was registered with
 * @priv: the private data it was registered with
 *
 * PIN_DELETE_NTF is sent first; a pin on no DPLL any more is hidden.
 */
void nsim_dpll_core_pin_unregister(struct nsim_dpll_core_device *dpll,
				   struct nsim_dpll_core_pin *pin,
				   const struct nsim_dpll_core_pin_ops *ops,
				   void *priv)
{
	struct nsim_dpll_core_pin_ref *ref;

	mutex_lock(&nsim_dpll_core_lock);
	ref = xa_load(&pin->dpll_refs, dpll->id);
	if (WARN_ON(!ref || ref->ops != ops || ref->priv != priv))
		goto out;
	nsim_dpll_nl_pin_ntf(pin, NSIM_DPLL_CMD_PIN_DELETE_NTF);
	xa_erase(&pin->dpll_refs, dpll->id);
	xa_erase(&dpll->pin_refs, pin->id);
	if (xa_empty(&pin->dpll_refs))
		xa_clear_mark(&nsim_dpll_core_pins, pin->id,
			      NSIM_DPLL_CORE_REGISTERED);
	kfree(ref);
out:
	mutex_unlock(&nsim_dpll_core_lock);
}
EXPORT_SYMBOL_GPL(nsim_dpll_core_pin_unregister);

/**
 * nsim_dpll_core_device_change_ntf() - tell clients a device changed
 * @dpll: the device; must not be called from its own callbacks
 *
 * Return: 0, or -ENODEV when @dpll is not registered.
 */
int nsim_dpll_core_device_change_ntf(struct nsim_dpll_core_device *dpll)
{
	int err = -ENODEV;

	mutex_lock(&nsim_dpll_core_lock);
	if (dpll->ops) {
		nsim_dpll_nl_device_ntf(dpll, NSIM_DPLL_CMD_DEVICE_CHANGE_NTF);
		err = 0;
	}
	mutex_unlock(&nsim_dpll_core_lock);
	return err;
}
EXPORT_SYMBOL_GPL(nsim_dpll_core_device_change_ntf);

/**
 * nsim_dpll_core_pin_change_ntf() - tell clients a pin changed
 * @pin: the pin; must not be called from its own callbacks
 *
 * Return: 0, or -ENODEV when @pin is on no DPLL.
 */
int nsim_dpll_core_pin_change_ntf(struct nsim_dpll_core_pin *pin)
{
	int err = -ENODEV;

	mutex_lock(&nsim_dpll_core_lock);
	if (!xa_empty(&pin->dpll_refs)) {
		nsim_dpll_nl_pin_ntf(pin, NSIM_DPLL_CMD_PIN_CHANGE_NTF);
		err = 0;
	}
	mutex_unlock(&nsim_dpll_core_lock);
	return err;
}
EXPORT_SYMBOL_GPL(nsim_dpll_core_pin_change_ntf);
