/*
 * Interface and routing-table configuration from user space: the ioctls
 * that ifconfig, route and busybox make on any socket.
 *
 *   sock_ioctl (net/socket.c)
 *     -> dev_ioctl (net/core/dev_ioctl.c): SIOC[GS]IF* on a device by name,
 *        SIOCGIFCONF, SIOCGIFNAME; and SIOCADDRT/SIOCDELRT passed on to
 *        -> ip_rt_ioctl (net/ipv4/route.c): struct rtentry -> ip_route_add/del
 *     the IPv4 address ones (SIOC[GS]IFADDR/NETMASK/BRDADDR) and the
 *     per-device SIOCGIFCONF entry go on to devinet_ioctl / inet_gifconf
 *     (net/ipv4/devinet.c), like Linux's inet_ioctl -> devinet_ioctl.
 *
 * Both entry points take the user's pointer: they copy_from_user the
 * request, so a bad pointer is -EFAULT, and they return -ENOTTY for a
 * command that is not theirs (so a caller may try them last).
 * Configuration changes serialise on rtnl_lock(), a sleeping mutex, as
 * Linux's RTNL: one ifconfig/route at a time, never from softirq.
 */
#ifndef _NET_DEV_IOCTL_H
#define _NET_DEV_IOCTL_H

#include <linux/netdevice.h>
#include <uapi/if.h>
#include <uapi/route.h>

int dev_ioctl(unsigned int cmd, void __user *arg);
int ip_rt_ioctl(unsigned int cmd, void __user *arg);

/* devinet.c: called by dev_ioctl with rtnl held and ifr in kernel memory. */
int devinet_ioctl(struct net_device *dev, unsigned int cmd, struct ifreq *ifr);
bool inet_gifconf(struct net_device *dev, struct ifreq *ifr);	/* false: no IPv4 address */

void rtnl_lock(void);
void rtnl_unlock(void);

#endif
