/* SPDX-License-Identifier: GPL-2.0 */
/* Central header of the netdevsim driver. */
#ifndef _NETDEVSIM_H
#define _NETDEVSIM_H

#define DRV_NAME "netdevsim"

#endif /* _NETDEVSIM_H */
