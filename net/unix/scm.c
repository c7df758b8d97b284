/*
 * AF_UNIX files in flight (Linux's net/unix/scm.c): attaching the files of
 * an SCM_RIGHTS message to an skb and taking them off again, and the
 * counts the garbage collector (garbage.c) and the ETOOMANYREFS limits
 * rest on.
 *
 *   unix_attach_fds: the sender's user already has more files in flight
 *     than RLIMIT_NOFILE? ETOOMANYREFS (Linux's too_many_unix_fds) ->
 *     a socket among them nested deeper than MAX_RECURSION_LEVEL?
 *     ETOOMANYREFS -> scm_fp_dup into UNIXCB(skb).fp -> unix_inflight each.
 *   unix_detach_fds (recvmsg): the list moves to the receiver's cookie,
 *     unix_notinflight each.
 *   unix_destruct_scm (an skb freed unread): detach, fput (iteratively:
 *     unix_fput_deferred), sock_wfree.
 * A unix socket's inflight counts the copies of its file sitting in skbs;
 * when every reference to its file is such a copy, only the collector can
 * reach it.
 * Lock legend: unix_gc_lock guards unix_tot_inflight, each u->inflight and
 * u->link, and the per-user list.
 */
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/fdtable.h>
#include <linux/capability.h>
#include <linux/trace_events.h>
#include <net/af_unix.h>

DEFINE_SPINLOCK(unix_gc_lock);
long unix_tot_inflight;			/* unix_gc_lock */
LIST_HEAD(gc_inflight_list);		/* unix_gc_lock: sockets with inflight > 0 */

/* Files in flight per user (Linux keeps this in struct user_struct). */
struct unix_user {
	uid_t			uid;
	long			inflight;	/* unix_gc_lock */
	struct list_head	node;		/* unix_gc_lock */
};
static LIST_HEAD(unix_users);			/* bounded by the users with files in flight */

struct sock *unix_get_socket(struct file *filp)
{
	struct socket *sock = sock_from_file(filp);

	if (sock && sock->sk && sock->ops && sock->ops->family == AF_UNIX)
		return sock->sk;
	return NULL;
}

/* unix_gc_lock held. */
static struct unix_user *unix_user_find(uid_t uid)
{
	struct unix_user *uu;

	list_for_each_entry(uu, &unix_users, node)
		if (uu->uid == uid)
			return uu;
	return NULL;
}

/* Make sure uid has an entry before unix_inflight needs it (it cannot allocate under the lock). */
static int unix_user_prepare(uid_t uid)
{
	struct unix_user *uu, *new = kmalloc(sizeof(*new), GFP_KERNEL);

	if (!new)
		return -ENOMEM;
	spin_lock(&unix_gc_lock);
	uu = unix_user_find(uid);
	if (!uu) {
		new->uid = uid;
		new->inflight = 0;
		list_add(&new->node, &unix_users);
		new = NULL;
	}
	spin_unlock(&unix_gc_lock);
	kfree(new);
	return 0;
}

static long unix_user_inflight(uid_t uid)
{
	struct unix_user *uu;
	long n;

	spin_lock(&unix_gc_lock);
	uu = unix_user_find(uid);
	n = uu ? uu->inflight : 0;
	spin_unlock(&unix_gc_lock);
	return n;
}

void unix_inflight(uid_t uid, struct file *fp)
{
	struct sock *s = unix_get_socket(fp);
	struct unix_user *uu;

	spin_lock(&unix_gc_lock);
	if (s) {
		struct unix_sock *u = unix_sk(s);

		if (!u->inflight++)
			list_add_tail(&u->link, &gc_inflight_list);
		unix_tot_inflight++;
	}
	uu = unix_user_find(uid);	/* unix_user_prepare made it */
	if (uu)
		uu->inflight++;
	spin_unlock(&unix_gc_lock);
}

void unix_notinflight(uid_t uid, struct file *fp)
{
	struct sock *s = unix_get_socket(fp);
	struct unix_user *uu;

	spin_lock(&unix_gc_lock);
	if (s) {
		struct unix_sock *u = unix_sk(s);

		if (!--u->inflight)
			list_del_init(&u->link);
		unix_tot_inflight--;
	}
	uu = unix_user_find(uid);
	if (uu && !--uu->inflight) {
		list_del(&uu->node);
		kfree(uu);
	}
	spin_unlock(&unix_gc_lock);
}

/* Linux's too_many_unix_fds: more in flight than the sender may have open. */
static bool too_many_unix_fds(void)
{
	return unix_user_inflight(current->uid) > (long)task_nofile_limit() &&
	       !capable(CAP_SYS_RESOURCE) && !capable(CAP_SYS_ADMIN);
}

int unix_attach_fds(struct scm_cookie *scm, struct sk_buff *skb)
{
	struct scm_fp_list *fpl = scm->fp;
	int i, max_level = 0;

	if (too_many_unix_fds())
		return -ETOOMANYREFS;
	/* Sockets inside sockets inside sockets: Linux 2.6.37-4.x refused more than 4 levels. */
	for (i = fpl->count - 1; i >= 0; i--) {
		struct sock *sk = unix_get_socket(fpl->fp[i]);

		if (sk)
			max_level = max_t(int, max_level, unix_sk(sk)->recursion_level);
	}
	if (max_level > MAX_RECURSION_LEVEL)
		return -ETOOMANYREFS;
	UNIXCB(skb).fp = scm_fp_dup(fpl);
	if (!UNIXCB(skb).fp)
		return -ENOMEM;
	if (unix_user_prepare(fpl->uid)) {
		struct scm_cookie dup = { .fp = UNIXCB(skb).fp };

		UNIXCB(skb).fp = NULL;
		scm_destroy(&dup);
		return -ENOMEM;
	}
	for (i = fpl->count - 1; i >= 0; i--)
		unix_inflight(fpl->uid, fpl->fp[i]);
	trace_event(scm_rights_attach, fpl->count, READ_ONCE(unix_tot_inflight));
	return max_level;
}

void unix_detach_fds(struct scm_cookie *scm, struct sk_buff *skb)
{
	int i;

	scm->fp = UNIXCB(skb).fp;
	UNIXCB(skb).fp = NULL;
	for (i = scm->fp->count - 1; i >= 0; i--)
		unix_notinflight(scm->fp->uid, scm->fp->fp[i]);
	trace_event(scm_rights_detach, scm->fp->count, READ_ONCE(unix_tot_inflight));
}

/*
 * MSG_PEEK of a message with files: the receiver gets its own copies,
 * the skb keeps its in-flight ones. A collection running now may have
 * counted the file before our copy existed; waiting for it to let go of
 * unix_gc_lock means it decides before we use the copies (Linux's fix for
 * CVE-2021-0920).
 */
void unix_peek_fds(struct scm_cookie *scm, struct sk_buff *skb)
{
	scm->fp = scm_fp_dup(UNIXCB(skb).fp);
	spin_lock(&unix_gc_lock);
	spin_unlock(&unix_gc_lock);
}

/*
 * The files of skbs freed unread are fput by one loop here, not inside the
 * skb's destructor: a socket's release frees its queue, whose files may be
 * sockets whose release frees their queues, and so on. The first caller
 * drains the list; a nested one (or one on another CPU while it runs)
 * only adds to it. Recursion becomes iteration, so no nesting a program
 * builds - the recursion level is only checked at send time, and can be
 * outgrown by sending into a socket already in flight - can exhaust the
 * kernel stack. Process context only (AF_UNIX skbs are never freed in
 * softirq).
 */
static DEFINE_SPINLOCK(unix_fput_lock);
static struct scm_fp_list *unix_fput_head;	/* unix_fput_lock */
static bool unix_fput_running;			/* unix_fput_lock */

static void unix_fput_deferred(struct scm_fp_list *fpl)
{
	spin_lock(&unix_fput_lock);
	fpl->next = unix_fput_head;
	unix_fput_head = fpl;
	if (unix_fput_running) {
		spin_unlock(&unix_fput_lock);
		return;
	}
	unix_fput_running = true;
	while ((fpl = unix_fput_head)) {
		struct scm_cookie scm = { .fp = fpl };

		unix_fput_head = fpl->next;
		spin_unlock(&unix_fput_lock);
		scm_destroy(&scm);	/* may release sockets, which may add to the list */
		spin_lock(&unix_fput_lock);
	}
	unix_fput_running = false;
	spin_unlock(&unix_fput_lock);
}

void unix_destruct_scm(struct sk_buff *skb)
{
	struct scm_cookie scm;

	memset(&scm, 0, sizeof(scm));
	if (UNIXCB(skb).fp) {
		unix_detach_fds(&scm, skb);
		unix_fput_deferred(scm.fp);
	}
	sock_wfree(skb);
}
