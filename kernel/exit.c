/*
 * The end of a task's life: exit, exit_group, do_exit, and wait4.
 *
 * do_exit ends one thread: it clears its CLONE_CHILD_CLEARTID word and
 * wakes a futex waiter there (pthread_join), drops its references on the
 * address space, files and cwd, and leaves its thread group. A thread
 * that is not the group leader is then reaped at once. The leader
 * becomes a zombie holding only its exit status; when the last thread of
 * the group is gone, the process's children go to init and its parent is
 * told (exit_signal, normally SIGCHLD, + a wake-up on wait_chldexit).
 * The parent's wait4 collects the status and frees the zombie
 * (release_task); it never sees a leader whose threads still run. If the
 * parent ignores SIGCHLD, the child is reaped at once, as POSIX says.
 * exit_group (and a fatal signal) first SIGKILLs the other threads. The
 * last stack a task runs on is freed by the next task (schedule_tail),
 * since nobody can free the stack they are standing on.
 *
 * Neighbours: kernel/fork.c, kernel/signal.c, kernel/sched.c.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/mm_types.h>
#include <linux/fs.h>
#include <linux/fdtable.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include <linux/timer.h>
#include <linux/tty.h>
#include <linux/string.h>

void free_kernel_stack(void *stack);
void stack_note_exit(struct task_struct *p);
void release_task_struct(struct task_struct *p);
struct task_struct *init_task_ptr;

static bool group_dead(const struct task_struct *p)
{
	return p->signal->nr_threads == 0;
}

static void release_task(struct task_struct *p)
{
	unsigned long flags;
	spin_lock_irqsave(&tasklist_lock, flags);
	list_del_init(&p->sibling);
	list_del_init(&p->tasks);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	stack_note_exit(p);
	free_kernel_stack(p->stack);
	release_task_struct(p);
}

/* Give our children to init; zombies among them are init's to reap now. */
static void forget_original_parent(struct task_struct *dead)
{
	struct task_struct *child, *n;
	struct task_struct *reaper = init_task_ptr;
	bool zombies = false;

	list_for_each_entry_safe(child, n, &dead->children, sibling) {
		child->parent = reaper;
		child->exit_signal = SIGCHLD;	/* init reaps with plain wait (Linux's reparent_leader) */
		list_move_tail(&child->sibling, &reaper->children);
		if (child->exit_state == EXIT_ZOMBIE)
			zombies = true;
		if (child->pdeath_signal)
			send_sig(child->pdeath_signal, child, 1);
	}
	if (zombies)
		wake_up_interruptible(&reaper->wait_chldexit);
}

/*
 * Tell the parent its child process (a leader whose group is dead) is
 * gone. Caller holds tasklist_lock. Returns true if the child is to be
 * reaped now: the parent ignores SIGCHLD, or the child is a kernel thread.
 */
static bool do_notify_parent(struct task_struct *p, int *sig)
{
	struct task_struct *parent = p->parent;
	struct kernel_sigaction *ka = &parent->sighand->action[SIGCHLD - 1];
	bool autoreap = false;

	*sig = p->exit_signal;
	if (p->exit_signal == SIGCHLD &&
	    (ka->sa_handler == SIG_IGN || (ka->sa_flags & SA_NOCLDWAIT))) {
		autoreap = true;
		*sig = 0;
	}
	if (p->flags & PF_KTHREAD) {
		autoreap = true;
		*sig = 0;
	}
	if (autoreap) {
		list_del_init(&p->sibling);
		list_del_init(&p->tasks);
		p->exit_state = EXIT_DEAD;
	}
	return autoreap;
}

/*
 * The CLONE_CHILD_CLEARTID word: zeroed, and one futex waiter woken, so a
 * pthread_join sleeping on it returns (Linux's mm_release). Only if
 * someone else can still see the memory.
 */
static void mm_release(struct task_struct *p)
{
	u32 zero = 0;

	if (!p->clear_child_tid)
		return;
	if (refcount_read(&p->mm->users) > 1 &&
	    !copy_to_user(p->clear_child_tid, &zero, sizeof(zero)))
		futex_wake(p->clear_child_tid, false, 1, ~0u);
	p->clear_child_tid = NULL;
}

/*
 * A thread leaves its address space, by exit or by exec (Linux's
 * exit_mm_release / exec_mm_release): robust locks it still holds are
 * marked FUTEX_OWNER_DIED and a waiter woken, then the CLEARTID word.
 * Exec must do this too: the new program has never heard of those locks,
 * and a process sharing them (MAP_SHARED) would wait forever.
 */
void mm_release_futexes(struct task_struct *p)
{
	exit_robust_list(p);
	mm_release(p);
}

__noreturn void do_exit(int code)
{
	struct task_struct *p = current, *leader = p->group_leader, *parent;
	struct signal_struct *sig = p->signal;
	unsigned long flags;
	bool autoreap, notify = false, release_leader = false;
	int exit_sig = 0;

	if (p == init_task_ptr)
		panic("Attempted to kill init! exitcode=0x%08x", code);
	p->flags |= PF_EXITING;

	if (p->mm)
		mm_release_futexes(p);
	if (p->mm) {
		struct mm_struct *mm = p->mm;
		load_cr3(swapper_pg_dir);	/* stop using the tables we are about to free */
		p->mm = NULL;
		mmput(mm);
	}
	if (p->files) {
		struct files_struct *f = p->files;
		p->files = NULL;
		put_files_struct(f);
	}
	if (p->fs) {
		struct fs_struct *fs = p->fs;
		p->fs = NULL;
		free_fs_struct(fs);
	}
	/* A session leader's death frees its controlling tty for the next session. */
	if (p->tgid == p->session && p->signal->nr_threads == 1)	/* the last of its threads */
		tty_session_exit(p->session);

	spin_lock_irqsave(&tasklist_lock, flags);
	p->exit_code = code;
	list_del_init(&p->thread_node);
	sig->nr_threads--;
	if (sig->group_exec_task && sig->nr_threads == 1)
		wake_up_process(sig->group_exec_task);	/* de_thread: we were the last other */
	if (group_dead(p))
		forget_original_parent(leader);	/* children hang off the leader */
	parent = leader->parent;
	if (p != leader) {
		/* A thread is nobody's child: it goes at once. */
		list_del_init(&p->tasks);
		p->exit_state = EXIT_DEAD;
		autoreap = true;
		if (group_dead(p) && leader->exit_state == EXIT_ZOMBIE) {
			/* The last thread out reports the process's death for the
			 * leader, with its own exit code (as Linux 6.x reports it). */
			leader->exit_code = code;
			notify = true;
			release_leader = do_notify_parent(leader, &exit_sig);
		}
	} else if (group_dead(p)) {
		notify = true;
		autoreap = do_notify_parent(p, &exit_sig);
		if (!autoreap)
			p->exit_state = EXIT_ZOMBIE;
	} else {
		/* A leader with threads left: a zombie nobody may reap yet. */
		autoreap = false;
		p->exit_state = EXIT_ZOMBIE;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);

	/* The process's alarm dies with its last thread (Linux: group_dead). */
	if (group_dead(p))
		exit_itimers(sig);
	if (release_leader)
		release_task(leader);
	if (notify) {
		if (exit_sig)
			send_sig(exit_sig, parent, 1);
		wake_up_interruptible(&parent->wait_chldexit);
	}

	local_irq_disable();
	p->state = autoreap ? TASK_DEAD : TASK_UNINTERRUPTIBLE;
	/* A zombie's stack and task_struct are freed by wait4's release_task;
	 * an autoreaped task's by schedule_tail in whoever runs next. */
	schedule();
	panic("zombie %d scheduled again", p->pid);
}

long sys_exit(int error_code)
{
	do_exit((error_code & 0xff) << 8);
}

/* SIGKILL every other thread of p's group (caller: group exit or exec). */
void zap_other_threads(struct task_struct *p)
{
	struct task_struct *t;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	list_for_each_entry(t, &p->signal->thread_head, thread_node)
		if (t != p)
			send_sig_thread(SIGKILL, t);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

/*
 * End the whole process: the first thread here fixes the status every
 * thread reports and kills the others; they come back through do_signal
 * (SIGKILL) and exit with that status.
 */
__noreturn void do_group_exit(int code)
{
	struct signal_struct *sig = current->signal;
	unsigned long flags;

	local_irq_save(flags);
	if (sig->group_exec_task) {
		/* An exec in another thread killed us: it lives on, we just go (Linux: 0). */
		local_irq_restore(flags);
		do_exit(0);
	}
	if (sig->group_exit) {
		code = sig->group_exit_code;
		local_irq_restore(flags);
	} else {
		sig->group_exit = true;
		sig->group_exit_code = code;
		local_irq_restore(flags);
		zap_other_threads(current);
	}
	do_exit(code);
}

long sys_exit_group(int error_code)
{
	do_group_exit((error_code & 0xff) << 8);
}

/*
 * exec in a multi-threaded process (Linux's de_thread): every other thread
 * dies first; if the caller is not the leader, it takes over the leader's
 * pid and place (as a child of the leader's parent) and the old leader's
 * zombie is freed. Then handlers and fd table are made private, since an
 * exec'd program shares nothing with the old one's sharers. -EINTR if a
 * group exit was already under way; one that starts while we wait loses
 * (its threads die with status 0 and the exec goes on).
 */
int de_thread(struct task_struct *p)
{
	struct signal_struct *sig = p->signal;
	struct task_struct *leader = p->group_leader;
	unsigned long flags;
	int unshare_sighand(struct task_struct *p);

	if (sig->nr_threads > 1) {
		local_irq_save(flags);
		if (sig->group_exit) {
			local_irq_restore(flags);
			return -EINTR;
		}
		sig->group_exit = true;		/* no new threads; the others die */
		sig->group_exec_task = p;
		local_irq_restore(flags);
		zap_other_threads(p);
		for (;;) {
			set_current_state(TASK_UNINTERRUPTIBLE);
			if (sig->nr_threads == 1)
				break;
			schedule();
		}
		__set_current_state(TASK_RUNNING);
		local_irq_save(flags);
		sig->group_exit = false;
		sig->group_exec_task = NULL;
		local_irq_restore(flags);
	}
	if (leader != p) {
		struct task_struct *child, *n;

		/* The leader is a zombie by now (it died of the SIGKILL). */
		spin_lock_irqsave(&tasklist_lock, flags);
		p->pid = leader->pid;
		leader->pid = 0;		/* find_task_by_pid finds only us */
		p->parent = leader->parent;
		p->exit_signal = leader->exit_signal;
		p->start_time = leader->start_time;
		list_add(&p->sibling, &leader->sibling);	/* a thread has no sibling link */
		list_del_init(&leader->sibling);
		list_for_each_entry_safe(child, n, &leader->children, sibling) {
			child->parent = p;
			list_move_tail(&child->sibling, &p->children);
		}
		p->group_leader = p;
		leader->group_leader = p;
		list_del_init(&leader->tasks);
		leader->exit_state = EXIT_DEAD;
		spin_unlock_irqrestore(&tasklist_lock, flags);
		release_task(leader);
	}
	if (unshare_sighand(p))
		return -ENOMEM;
	if (refcount_read(&p->files->count) > 1) {
		int err = 0;
		struct files_struct *n = dup_fd(p->files, &err), *old = p->files;

		if (!n)
			return err ? err : -ENOMEM;
		p->files = n;
		put_files_struct(old);
	}
	return 0;
}

static bool wait_matches(struct task_struct *child, pid_t pid, int options)
{
	/* __WCLONE waits only for "clone" children (exit signal not SIGCHLD), __WALL for all. */
	if (!(options & __WALL) && ((child->exit_signal != SIGCHLD) ^ !!(options & __WCLONE)))
		return false;
	if (pid > 0)
		return child->pid == pid;
	if (pid == 0)
		return child->pgrp == current->pgrp;
	if (pid == -1)
		return true;
	return child->pgrp == -pid;
}

long sys_wait4(pid_t pid, int __user *stat_addr, int options, struct rusage __user *ru)
{
	DEFINE_WAIT(wait);
	long ret;

	struct task_struct *me = current->group_leader;	/* the process waits, not the thread */

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WALL | __WCLONE))
		return -EINVAL;
	for (;;) {
		struct task_struct *child, *found = NULL;
		bool any = false;
		pid_t jobctl_pid = 0;
		int jobctl_status = 0;
		unsigned long flags;

		prepare_to_wait(&me->wait_chldexit, &wait, TASK_INTERRUPTIBLE);
		spin_lock_irqsave(&tasklist_lock, flags);
		list_for_each_entry(child, &me->children, sibling) {
			if (!wait_matches(child, pid, options))
				continue;
			any = true;
			if (child->exit_state == EXIT_ZOMBIE && group_dead(child)) {
				found = child;
				break;
			}
			/* Job control: a stop or continue is reported once, and the child stays. */
			if (((options & WUNTRACED) && child->stop_sig && child->stop_unreported) ||
			    ((options & WCONTINUED) && child->cont_unreported)) {
				int status = child->stop_sig ? (child->stop_sig << 8) | 0x7f : 0xffff;
				child->stop_unreported = child->cont_unreported = false;
				jobctl_pid = child->pid;
				jobctl_status = status;
				break;
			}
		}
		spin_unlock_irqrestore(&tasklist_lock, flags);

		if (jobctl_pid) {
			ret = jobctl_pid;
			if (stat_addr && put_user(jobctl_status, stat_addr))
				ret = -EFAULT;
			break;
		}
		if (found) {
			int status = found->signal->group_exit ? found->signal->group_exit_code
							       : found->exit_code;
			ret = found->pid;
			if (ru) {
				struct rusage r;
				memset(&r, 0, sizeof(r));
				r.ru_utime.tv_sec = found->utime / HZ;
				r.ru_utime.tv_usec = (found->utime % HZ) * (1000000 / HZ);
				r.ru_stime.tv_sec = found->stime / HZ;
				r.ru_stime.tv_usec = (found->stime % HZ) * (1000000 / HZ);
				if (copy_to_user(ru, &r, sizeof(r))) {
					ret = -EFAULT;
					break;
				}
			}
			/* As Linux: the child is reaped even if the status cannot be copied out. */
			release_task(found);
			if (stat_addr && put_user(status, stat_addr))
				ret = -EFAULT;
			break;
		}
		if (!any) {
			ret = -ECHILD;
			break;
		}
		if (options & WNOHANG) {
			ret = 0;
			break;
		}
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	finish_wait(&me->wait_chldexit, &wait);
	return ret;
}

long sys_waitpid(pid_t pid, int __user *stat_addr, int options)
{
	return sys_wait4(pid, stat_addr, options, NULL);
}
