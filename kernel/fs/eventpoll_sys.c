/*
 * epoll's system calls: epoll_create/epoll_create1, epoll_ctl,
 * epoll_wait/epoll_pwait. Each fetches and checks its arguments in
 * Linux's order (so that when several errors apply, the errno is
 * Linux's), then calls the machinery in eventpoll.c:
 *
 *   epoll_create1 → do_epoll_create: struct eventpoll behind an anonymous
 *                   file ("[eventpoll]", eventpoll_fops), fd installed last
 *   epoll_ctl     → do_epoll_ctl: EBADF, EPERM, EINVAL, EPOLLEXCLUSIVE
 *                   rules, then under epmutex + ep->mtx: ep_loop_check
 *                   (ELOOP), ep_find, ep_insert / ep_remove / ep_modify
 *   epoll_wait    → do_epoll_wait: EINVAL, EFAULT, EBADF, EINVAL, ep_poll
 *   epoll_pwait   → the caller's signal mask around do_epoll_wait
 *
 * The loop check lives here too: it walks the graph of instances under
 * epmutex, down through items that are epoll files and up through the
 * instances watching this one (found in ep_file_hash).
 *
 * Neighbours: eventpoll.c, eventpoll_internal.h, select.c (deadlines,
 * set_user_sigmask), kernel/syscall.c (the table).
 */
#include <linux/fdtable.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>
#include "eventpoll_internal.h"

/* ---- the epoll graph: no cycles, bounded depth (epmutex held) ---- */

/* Longest chain of instances below ep (0 if it watches no epoll file); -1 if it reaches target. */
static int ep_depth_below(struct eventpoll *ep, struct eventpoll *target, int depth)
{
	struct epitem *epi;
	int max = 0;

	if (ep == target)
		return -1;
	if (depth > EP_MAX_NESTS + 1)
		return EP_MAX_NESTS + 1;	/* deep enough to refuse; stop walking */
	list_for_each_entry(epi, &ep->items, link) {
		int d;

		if (!is_file_epoll(epi->file))
			continue;
		d = ep_depth_below(epi->file->private_data, target, depth + 1);
		if (d < 0)
			return -1;
		if (d + 1 > max)
			max = d + 1;
	}
	return max;
}

/* Longest chain of instances above ep (those watching its file, and theirs). */
static int ep_depth_above(struct eventpoll *ep, int depth)
{
	struct epitem *epi;
	int max = 0;
	unsigned long flags;

	if (depth > EP_MAX_NESTS + 1)
		return EP_MAX_NESTS + 1;
	/* The hash is walked under its lock; the instances it names are stable under epmutex. */
	spin_lock_irqsave(&ep_files_lock, flags);
	hlist_for_each_entry(epi, ep_file_bucket(ep->file), fllink) {
		struct eventpoll *up = epi->ep;
		int d;

		if (epi->file != ep->file)
			continue;
		spin_unlock_irqrestore(&ep_files_lock, flags);
		d = ep_depth_above(up, depth + 1) + 1;
		spin_lock_irqsave(&ep_files_lock, flags);
		if (d > max)
			max = d;
	}
	spin_unlock_irqrestore(&ep_files_lock, flags);
	return max;
}

/* Adding epoll instance `to` into ep: -ELOOP for a cycle or a chain too deep. */
static int ep_loop_check(struct eventpoll *ep, struct eventpoll *to)
{
	int below = ep_depth_below(to, ep, 0);

	if (below < 0)
		return -ELOOP;
	if (ep_depth_above(ep, 0) + 1 + below > EP_MAX_NESTS)
		return -ELOOP;
	return 0;
}

static int do_epoll_create(int flags)
{
	struct eventpoll *ep;
	struct inode *inode;
	struct file *file;
	int fd, err;

	if (flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	if (eventpoll_init())
		return -ENOMEM;
	ep = kzalloc(sizeof(*ep), GFP_KERNEL);
	if (!ep)
		return -ENOMEM;
	mutex_init(&ep->mtx);
	spin_lock_init(&ep->lock);
	init_waitqueue_head(&ep->wq);
	init_waitqueue_head(&ep->poll_wait);
	INIT_LIST_HEAD(&ep->rdllist);
	INIT_LIST_HEAD(&ep->items);

	fd = get_unused_fd_flags(flags & O_CLOEXEC);
	if (fd < 0) {
		err = fd;
		goto out_free_ep;
	}
	/* An anonymous inode: no type bits, 0600, as Linux's anon_inode shows. */
	inode = new_inode_pseudo(S_IRUSR | S_IWUSR);
	if (!inode) {
		err = -ENFILE;
		goto out_put_fd;
	}
	file = alloc_file_pseudo(inode, "[eventpoll]", O_RDWR, &eventpoll_fops);
	if (IS_ERR(file)) {
		iput(inode);
		err = PTR_ERR(file);
		goto out_put_fd;
	}
	ep->file = file;
	file->private_data = ep;
	fd_install(fd, file);
	return fd;

out_put_fd:
	put_unused_fd(fd);
out_free_ep:
	kfree(ep);
	return err;
}

long sys_epoll_create1(int flags)
{
	return do_epoll_create(flags);
}

long sys_epoll_create(int size)
{
	if (size <= 0)
		return -EINVAL;
	return do_epoll_create(0);	/* size is only a hint, as in Linux */
}

/* The checks in Linux's order, so each errno matches when several apply. */
static int do_epoll_ctl(int epfd, int op, int fd, struct epoll_event *epds)
{
	struct file *f, *tf;
	struct eventpoll *ep;
	struct epitem *epi;
	int err = -EBADF;

	f = fget(epfd);
	if (!f)
		return -EBADF;
	tf = fget(fd);
	if (!tf)
		goto out_fput;
	err = -EPERM;
	if (!tf->f_op->poll)
		goto out_fput_tf;	/* regular files, /dev/null: always "ready" */
	err = -EINVAL;
	if (f == tf || !is_file_epoll(f))
		goto out_fput_tf;
	if (ep_op_has_event(op) && (epds->events & EPOLLEXCLUSIVE)) {
		if (op == EPOLL_CTL_MOD)
			goto out_fput_tf;
		if (op == EPOLL_CTL_ADD && (is_file_epoll(tf) ||
					    (epds->events & ~EPOLLEXCLUSIVE_OK_BITS)))
			goto out_fput_tf;
	}
	ep = f->private_data;

	mutex_lock(&epmutex);
	mutex_lock(&ep->mtx);
	if (op == EPOLL_CTL_ADD && is_file_epoll(tf)) {
		err = ep_loop_check(ep, tf->private_data);
		if (err)
			goto out_unlock;
	}
	epi = ep_find(ep, tf, fd);
	err = -EINVAL;
	switch (op) {
	case EPOLL_CTL_ADD:
		if (!epi) {
			epds->events |= EPOLLERR | EPOLLHUP;
			err = ep_insert(ep, epds, tf, fd);
		} else {
			err = -EEXIST;
		}
		break;
	case EPOLL_CTL_DEL:
		if (epi) {
			ep_remove(ep, epi);
			err = 0;
		} else {
			err = -ENOENT;
		}
		break;
	case EPOLL_CTL_MOD:
		if (epi) {
			/* An exclusive hook cannot be changed: stays -EINVAL. */
			if (!(epi->event.events & EPOLLEXCLUSIVE)) {
				epds->events |= EPOLLERR | EPOLLHUP;
				err = ep_modify(ep, epi, epds);
			}
		} else {
			err = -ENOENT;
		}
		break;
	}
out_unlock:
	mutex_unlock(&ep->mtx);
	mutex_unlock(&epmutex);
out_fput_tf:
	fput(tf);		/* after the mutexes: a last fput re-enters eventpoll_release */
out_fput:
	fput(f);
	return err;
}

long sys_epoll_ctl(int epfd, int op, int fd, struct epoll_event __user *event)
{
	struct epoll_event epds;

	if (ep_op_has_event(op) && copy_from_user(&epds, event, sizeof(epds)))
		return -EFAULT;
	return do_epoll_ctl(epfd, op, fd, &epds);
}

static int do_epoll_wait(int epfd, struct epoll_event __user *events, int maxevents,
			 const struct poll_deadline *end)
{
	struct file *f;
	int err;

	if (maxevents <= 0 || maxevents > EP_MAX_EVENTS)
		return -EINVAL;
	if (!access_ok(events, (size_t)maxevents * sizeof(struct epoll_event)))
		return -EFAULT;
	f = fget(epfd);
	if (!f)
		return -EBADF;
	err = -EINVAL;
	if (is_file_epoll(f))
		err = ep_poll(f->private_data, events, maxevents, end);
	fput(f);
	return err;
}

long sys_epoll_wait(int epfd, struct epoll_event __user *events, int maxevents, int timeout)
{
	struct poll_deadline end;

	poll_deadline_ms(&end, timeout);
	return do_epoll_wait(epfd, events, maxevents, &end);
}

long sys_epoll_pwait(int epfd, struct epoll_event __user *events, int maxevents, int timeout,
		     const kernel_sigset_t __user *sigmask, size_t sigsetsize)
{
	struct poll_deadline end;
	int err;

	err = set_user_sigmask(sigmask, sigsetsize);
	if (err)
		return err;
	poll_deadline_ms(&end, timeout);
	err = do_epoll_wait(epfd, events, maxevents, &end);
	restore_saved_sigmask_unless(err == -EINTR);
	return err;
}
