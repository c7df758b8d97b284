// unit-sources: net/core/*.c net/ethernet/*.c net/ipv4/*.c kernel/lib/siphash.c tools/testing/unit/fake_netdev.c
/*
 * The socket ioctls on interfaces (net/core/dev_ioctl.c) at their bounds:
 * SIOCGIFCONF with no buffer (the size needed), a buffer that holds whole
 * ifreqs only (never a partial one, never past its end: the buffers are
 * kmalloc'd at their exact size for ASan), a negative length; SIOCGIFNAME
 * with indexes that name nothing; a name with no NUL; SIOCSIFTXQLEN's
 * bound. The shim's copy_*_user move host memory and fail on NULL.
 */
#include "unit.h"
#include "fake_netdev.h"
#include <linux/slab.h>
#include <linux/net.h>
#include <net/dev_ioctl.h>

UNIT_SETUP(fake_net_setup)

static int ifconf(char *buf, int len, int *out)
{
	struct ifconf ifc = { .ifc_len = len };
	int err;

	ifc.ifc_buf = buf;
	err = dev_ioctl(SIOCGIFCONF, &ifc);
	*out = ifc.ifc_len;
	return err;
}

TEST(siocgifconf_bounds)
{
	struct net_device *dev = fake_netdev_create(fake_mac_us, "10.0.2.15", 24);
	int need, got, n;
	char *buf;

	fake_tx_purge(dev);
	EXPECT_EQ(ifconf(NULL, 0, &need), 0);		/* no buffer: the size a full answer needs */
	n = need / sizeof(struct ifreq);
	EXPECT_EQ(need % sizeof(struct ifreq), 0);
	EXPECT(n >= 1);

	buf = kmalloc(need, GFP_KERNEL);
	ASSERT(buf);
	EXPECT_EQ(ifconf(buf, need, &got), 0);
	EXPECT_EQ(got, need);
	EXPECT_STREQ(((struct ifreq *)buf)[n - 1].ifr_name, dev->name);
	kfree(buf);

	/* One byte short of the last: only the whole ones before it. */
	buf = kmalloc(need - 1, GFP_KERNEL);
	ASSERT(buf);
	EXPECT_EQ(ifconf(buf, need - 1, &got), 0);
	EXPECT_EQ(got, need - sizeof(struct ifreq));
	kfree(buf);

	buf = kmalloc(sizeof(struct ifreq) - 1, GFP_KERNEL);
	ASSERT(buf);
	EXPECT_EQ(ifconf(buf, sizeof(struct ifreq) - 1, &got), 0);
	EXPECT_EQ(got, 0);
	EXPECT_EQ(ifconf(buf, 0, &got), 0);
	EXPECT_EQ(got, 0);
	kfree(buf);
	EXPECT_EQ(dev_ioctl(SIOCGIFCONF, NULL), -EFAULT);
	fake_netdev_destroy(dev);
}

/*
 * The bug: a negative ifc_len with a buffer was EINVAL. Linux answers 0
 * with ifc_len 0 (checked on the host kernel): inet_gifconf just finds
 * no room for a first ifreq.
 */
TEST(siocgifconf_negative_len_was_einval)
{
	struct net_device *dev = fake_netdev_create(fake_mac_us, "10.0.2.15", 24);
	char *buf = kmalloc(sizeof(struct ifreq), GFP_KERNEL);
	int got = 1;

	ASSERT(buf);
	fake_tx_purge(dev);
	EXPECT_EQ(ifconf(buf, -1, &got), 0);
	EXPECT_EQ(got, 0);
	EXPECT_EQ(ifconf(buf, -0x7fffffff - 1, &got), 0);
	EXPECT_EQ(got, 0);
	kfree(buf);
	fake_netdev_destroy(dev);
}

TEST(siocgifname_bad_indexes_enodev)
{
	struct net_device *dev = fake_netdev_create(fake_mac_us, "10.0.2.15", 24);
	struct ifreq ifr;

	fake_tx_purge(dev);
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_ifindex = dev->ifindex;
	EXPECT_EQ(dev_ioctl(SIOCGIFNAME, &ifr), 0);
	EXPECT_STREQ(ifr.ifr_name, dev->name);
	ifr.ifr_ifindex = 0;
	EXPECT_EQ(dev_ioctl(SIOCGIFNAME, &ifr), -ENODEV);
	ifr.ifr_ifindex = -1;
	EXPECT_EQ(dev_ioctl(SIOCGIFNAME, &ifr), -ENODEV);
	ifr.ifr_ifindex = 0x7fffffff;
	EXPECT_EQ(dev_ioctl(SIOCGIFNAME, &ifr), -ENODEV);
	EXPECT_EQ(dev_ioctl(SIOCGIFNAME, NULL), -EFAULT);
	fake_netdev_destroy(dev);
}

/* 16 name bytes and no NUL: the last is cut, as Linux, so the lookup reads nothing past the field. */
TEST(siocgif_name_without_nul_and_bounds)
{
	struct net_device *dev = fake_netdev_create(fake_mac_us, "10.0.2.15", 24);
	struct ifreq *ifr = kmalloc(sizeof(*ifr), GFP_KERNEL);
	int qlen;

	ASSERT(ifr);
	fake_tx_purge(dev);
	memset(ifr, 'e', sizeof(*ifr));
	EXPECT_EQ(dev_ioctl(SIOCGIFFLAGS, ifr), -ENODEV);
	EXPECT_EQ(dev_ioctl(0x89ff, ifr), -ENOTTY);		/* not an interface ioctl */

	memset(ifr, 0, sizeof(*ifr));
	strlcpy(ifr->ifr_name, dev->name, IFNAMSIZ);
	EXPECT_EQ(dev_ioctl(SIOCGIFTXQLEN, ifr), 0);
	qlen = ifr->ifr_qlen;
	ifr->ifr_qlen = -1;
	EXPECT_EQ(dev_ioctl(SIOCSIFTXQLEN, ifr), -EINVAL);
	ifr->ifr_qlen = MAX_TX_QUEUE_LEN + 1;
	EXPECT_EQ(dev_ioctl(SIOCSIFTXQLEN, ifr), -EINVAL);
	ifr->ifr_qlen = MAX_TX_QUEUE_LEN;
	EXPECT_EQ(dev_ioctl(SIOCSIFTXQLEN, ifr), 0);
	ifr->ifr_qlen = qlen;
	EXPECT_EQ(dev_ioctl(SIOCSIFTXQLEN, ifr), 0);
	ifr->ifr_mtu = -5;
	EXPECT_EQ(dev_ioctl(SIOCSIFMTU, ifr), -EINVAL);
	EXPECT_EQ(dev_ioctl(SIOCGIFMTU, ifr), 0);
	EXPECT_EQ(ifr->ifr_mtu, dev->mtu);
	kfree(ifr);
	fake_netdev_destroy(dev);
}
