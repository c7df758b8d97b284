/*
 * SOL_SOCKET options: setsockopt(2)/getsockopt(2) at the socket level,
 * with Linux's values, limits and error order.
 *
 *   net/socket.c __sys_setsockopt (level SOL_SOCKET) -> sock_setsockopt
 *   net/socket.c __sys_getsockopt (level SOL_SOCKET) -> sock_getsockopt
 * Other levels go to sock->ops->setsockopt (af_inet.c -> the protocol ->
 * ip_setsockopt).
 *
 * Error order (set): SO_BINDTODEVICE first (it takes a string); then
 * optlen < sizeof(int) -> EINVAL; unreadable optval -> EFAULT; then the
 * option; unknown or read-only -> ENOPROTOOPT.
 * Error order (get): unreadable optlen -> EFAULT; negative -> EINVAL; the
 * option (unknown -> ENOPROTOOPT); the value is truncated to the caller's
 * length, which is written back.
 * Runs under lock_sock, so softirq input waits in the backlog meanwhile.
 */
#include <net/sock.h>
#include <net/af_unix.h>
#include <linux/netdevice.h>
#include <linux/sched.h>
#include <linux/capability.h>
#include <linux/uaccess.h>
#include <linux/string.h>
#include <uapi/in.h>

/* The two shapes of SO_RCVTIMEO/SO_SNDTIMEO on i386. */
struct old_timeval32 {
	s32 tv_sec;
	s32 tv_usec;
};
struct sock_timeval64 {
	s64 tv_sec;
	s64 tv_usec;
};
#define USEC_PER_SEC	1000000L
#define USEC_PER_JIFFY	(USEC_PER_SEC / HZ)

static bool capable_net_admin(void)
{
	return capable(CAP_NET_ADMIN);
}

static int sock_set_timeout(long *timeo_p, const void __user *optval, unsigned int optlen,
			    bool old)
{
	s64 sec, usec;

	if (old) {
		struct old_timeval32 tv;

		if (optlen < sizeof(tv))
			return -EINVAL;
		if (copy_from_user(&tv, optval, sizeof(tv)))
			return -EFAULT;
		sec = tv.tv_sec;
		usec = tv.tv_usec;
	} else {
		struct sock_timeval64 tv;

		if (optlen < sizeof(tv))
			return -EINVAL;
		if (copy_from_user(&tv, optval, sizeof(tv)))
			return -EFAULT;
		sec = tv.tv_sec;
		usec = tv.tv_usec;
	}
	if (usec < 0 || usec >= USEC_PER_SEC)
		return -EDOM;
	if (sec < 0) {
		*timeo_p = 0;		/* Linux: a negative timeout means "don't wait" */
		return 0;
	}
	*timeo_p = MAX_SCHEDULE_TIMEOUT;
	if (sec == 0 && usec == 0)
		return 0;
	if (sec < MAX_SCHEDULE_TIMEOUT / HZ - 1)
		*timeo_p = (long)sec * HZ + (long)((usec + USEC_PER_JIFFY - 1) / USEC_PER_JIFFY);
	return 0;
}

static int sock_get_timeout(long timeo, void *optval, bool old)
{
	s64 sec = 0, usec = 0;

	if (timeo != MAX_SCHEDULE_TIMEOUT) {
		sec = timeo / HZ;
		usec = (timeo % HZ) * USEC_PER_JIFFY;
	}
	if (old) {
		struct old_timeval32 tv = { (s32)sec, (s32)usec };

		memcpy(optval, &tv, sizeof(tv));
		return sizeof(tv);
	} else {
		struct sock_timeval64 tv = { sec, usec };

		memcpy(optval, &tv, sizeof(tv));
		return sizeof(tv);
	}
}

static int sock_setbindtodevice(struct sock *sk, const void __user *optval, unsigned int optlen)
{
	char devname[IFNAMSIZ];
	int index = 0;

	if (!capable_net_admin())
		return -EPERM;
	if ((int)optlen < 0)
		return -EINVAL;
	if (optlen > IFNAMSIZ - 1)
		optlen = IFNAMSIZ - 1;
	memset(devname, 0, sizeof(devname));
	if (copy_from_user(devname, optval, optlen))
		return -EFAULT;
	if (devname[0]) {
		struct net_device *dev = dev_get_by_name(devname);

		if (!dev)
			return -ENODEV;
		index = dev->ifindex;
		dev_put(dev);
	}
	lock_sock(sk);
	sk->sk_bound_dev_if = index;
	release_sock(sk);
	return 0;
}

static void sock_set_sndbuf(struct sock *sk, int val)
{
	val = min_t(int, val, INT_MAX / 2);
	sk->sk_userlocks |= SOCK_SNDBUF_LOCK;
	sk->sk_sndbuf = max_t(int, val * 2, SOCK_MIN_SNDBUF);
	sk->sk_write_space(sk);
}

static void sock_set_rcvbuf(struct sock *sk, int val)
{
	val = min_t(int, val, INT_MAX / 2);
	sk->sk_userlocks |= SOCK_RCVBUF_LOCK;
	sk->sk_rcvbuf = max_t(int, val * 2, SOCK_MIN_RCVBUF);
}

int sock_setsockopt(struct socket *sock, int level, int optname,
		    const void __user *optval, unsigned int optlen)
{
	struct sock *sk = sock->sk;
	struct linger ling;
	int val, valbool, ret = 0;

	if (optname == SO_BINDTODEVICE)
		return sock_setbindtodevice(sk, optval, optlen);
	if (optlen < sizeof(int))
		return -EINVAL;
	if (get_user(val, (int __user *)optval))
		return -EFAULT;
	valbool = val ? 1 : 0;

	lock_sock(sk);
	switch (optname) {
	case SO_DEBUG:
		if (val && !capable_net_admin())
			ret = -EACCES;
		else
			sock_valbool_flag(sk, SOCK_DBG, valbool);
		break;
	case SO_REUSEADDR:
		sk->sk_reuse = valbool;
		break;
	case SO_REUSEPORT:
		sk->sk_reuseport = valbool;
		break;
	case SO_DONTROUTE:
		break;			/* no routing decision changes with it here */
	case SO_BROADCAST:
		sock_valbool_flag(sk, SOCK_BROADCAST, valbool);
		break;
	case SO_SNDBUF:
		sock_set_sndbuf(sk, (int)min_t(u32, (u32)val, (u32)sysctl_wmem_max));
		break;
	case SO_SNDBUFFORCE:
		if (!capable_net_admin()) {
			ret = -EPERM;
			break;
		}
		sock_set_sndbuf(sk, val < 0 ? 0 : val);
		break;
	case SO_RCVBUF:
		sock_set_rcvbuf(sk, (int)min_t(u32, (u32)val, (u32)sysctl_rmem_max));
		break;
	case SO_RCVBUFFORCE:
		if (!capable_net_admin()) {
			ret = -EPERM;
			break;
		}
		sock_set_rcvbuf(sk, val < 0 ? 0 : val);
		break;
	case SO_KEEPALIVE:
		/* The protocol arms or stops its keepalive timer before the flag changes. */
		if (sk->sk_prot->keepalive)
			sk->sk_prot->keepalive(sk, valbool);
		sock_valbool_flag(sk, SOCK_KEEPOPEN, valbool);
		break;
	case SO_OOBINLINE:
		sock_valbool_flag(sk, SOCK_URGINLINE, valbool);
		break;
	case SO_NO_CHECK:
		sk->sk_no_check_tx = valbool;
		break;
	case SO_BUSY_POLL:
		/* Any user, as Linux today (older kernels wanted CAP_NET_ADMIN to raise it). */
		if (val < 0)
			ret = -EINVAL;
		else
			WRITE_ONCE(sk->sk_ll_usec, val);
		break;
	case SO_PRIORITY:
		if ((val >= 0 && val <= 6) || capable_net_admin())
			sk->sk_priority = val;
		else
			ret = -EPERM;
		break;
	case SO_LINGER:
		if (optlen < sizeof(ling)) {
			ret = -EINVAL;
			break;
		}
		if (copy_from_user(&ling, optval, sizeof(ling))) {
			ret = -EFAULT;
			break;
		}
		if (!ling.l_onoff) {
			sock_reset_flag(sk, SOCK_LINGER);
		} else {
			sk->sk_linger.seconds = ling.l_linger < 0 ? 0 : ling.l_linger;
			sock_set_flag(sk, SOCK_LINGER);
		}
		sk->sk_linger.onoff = ling.l_onoff;
		break;
	case SO_PASSCRED:
		if (valbool)
			sock->flags |= 1UL << SOCK_PASSCRED;
		else
			sock->flags &= ~(1UL << SOCK_PASSCRED);
		break;
	case SO_TIMESTAMP_OLD:
		sock_valbool_flag(sk, SOCK_RCVTSTAMP, valbool);
		break;
	case SO_PEEK_OFF:		/* any value; negative is off (Linux) */
		ret = sock->ops->set_peek_off ? sock->ops->set_peek_off(sk, val) : -EOPNOTSUPP;
		break;
	case SO_RCVLOWAT:
		if (val < 0)
			val = INT_MAX;
		sk->sk_rcvlowat = val ? val : 1;
		break;
	case SO_RCVTIMEO_OLD:
	case SO_RCVTIMEO_NEW:
		ret = sock_set_timeout(&sk->sk_rcvtimeo, optval, optlen, optname == SO_RCVTIMEO_OLD);
		break;
	case SO_SNDTIMEO_OLD:
	case SO_SNDTIMEO_NEW:
		ret = sock_set_timeout(&sk->sk_sndtimeo, optval, optlen, optname == SO_SNDTIMEO_OLD);
		break;
	default:
		ret = -ENOPROTOOPT;	/* incl. the read-only SO_TYPE, SO_ERROR, SO_ACCEPTCONN... */
		break;
	}
	release_sock(sk);
	return ret;
}

int sock_getsockopt(struct socket *sock, int level, int optname,
		    char __user *optval, int __user *optlen)
{
	struct sock *sk = sock->sk;
	union {
		int val;
		struct linger ling;
		struct sock_timeval64 tm;
		char name[IFNAMSIZ];
		struct ucred cred;
	} v;
	int lv = sizeof(int);
	int len;

	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	memset(&v, 0, sizeof(v));

	switch (optname) {
	case SO_DEBUG:		v.val = sock_flag(sk, SOCK_DBG); break;
	case SO_DONTROUTE:	v.val = 0; break;
	case SO_BROADCAST:	v.val = sock_flag(sk, SOCK_BROADCAST); break;
	case SO_SNDBUF:		v.val = sk->sk_sndbuf; break;
	case SO_RCVBUF:		v.val = sk->sk_rcvbuf; break;
	case SO_REUSEADDR:	v.val = sk->sk_reuse; break;
	case SO_REUSEPORT:	v.val = sk->sk_reuseport; break;
	case SO_KEEPALIVE:	v.val = sock_flag(sk, SOCK_KEEPOPEN); break;
	case SO_TYPE:		v.val = sk->sk_type; break;
	case SO_PROTOCOL:	v.val = sk->sk_protocol; break;
	case SO_BUSY_POLL:	v.val = READ_ONCE(sk->sk_ll_usec); break;
	case SO_DOMAIN:		v.val = sk->sk_family; break;
	case SO_ERROR:
		v.val = -sock_error(sk);
		if (!v.val)
			v.val = xchg_int(&sk->sk_err_soft, 0);
		break;
	case SO_OOBINLINE:	v.val = sock_flag(sk, SOCK_URGINLINE); break;
	case SO_NO_CHECK:	v.val = sk->sk_no_check_tx; break;
	case SO_PRIORITY:	v.val = sk->sk_priority; break;
	case SO_LINGER:
		lv = sizeof(v.ling);
		v.ling.l_onoff = sock_flag(sk, SOCK_LINGER);
		v.ling.l_linger = sk->sk_linger.seconds;
		break;
	case SO_TIMESTAMP_OLD:	v.val = sock_flag(sk, SOCK_RCVTSTAMP); break;
	case SO_RCVTIMEO_OLD:
	case SO_RCVTIMEO_NEW:
		lv = sock_get_timeout(sk->sk_rcvtimeo, &v, optname == SO_RCVTIMEO_OLD);
		break;
	case SO_SNDTIMEO_OLD:
	case SO_SNDTIMEO_NEW:
		lv = sock_get_timeout(sk->sk_sndtimeo, &v, optname == SO_SNDTIMEO_OLD);
		break;
	case SO_RCVLOWAT:	v.val = sk->sk_rcvlowat; break;
	case SO_PEEK_OFF:
		if (!sock->ops->set_peek_off)
			return -EOPNOTSUPP;
		v.val = READ_ONCE(sk->sk_peek_off);
		break;
	case SO_SNDLOWAT:	v.val = 1; break;
	case SO_PASSCRED:	v.val = !!(sock->flags & (1UL << SOCK_PASSCRED)); break;
	case SO_ACCEPTCONN:	v.val = sk->sk_state == TCP_LISTEN; break;
	case SO_PEERCRED:
		/* Who connected (AF_UNIX, net/unix/af_unix.c); others: nobody, as Linux. */
		lv = sizeof(v.cred);
		if (sk->sk_family == AF_UNIX) {
			unix_state_lock(sk);
			v.cred = unix_sk(sk)->peer_cred;
			unix_state_unlock(sk);
		} else {
			v.cred.uid = v.cred.gid = 65534;	/* overflowuid */
		}
		break;
	case SO_BINDTODEVICE: {
		struct net_device *dev;

		if (sk->sk_bound_dev_if) {
			dev = dev_get_by_index(sk->sk_bound_dev_if);	/* no reference taken */
			if (dev) {
				strlcpy(v.name, dev->name, sizeof(v.name));
			}
		}
		lv = strlen(v.name) + 1;
		if (!sk->sk_bound_dev_if) {
			len = 0;	/* Linux: no device -> length 0 */
			goto lenout;
		}
		if (len < lv)
			return -EINVAL;
		break;
	}
	default:
		return -ENOPROTOOPT;
	}
	if (len > lv)
		len = lv;
	if (copy_to_user(optval, &v, len))
		return -EFAULT;
lenout:
	if (put_user(len, optlen))
		return -EFAULT;
	return 0;
}
