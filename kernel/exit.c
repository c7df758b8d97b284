/*
 * The end of a task's life: exit, exit_group, do_exit, and wait4.
 *
 * do_exit releases what the task holds (address space, files, cwd), gives
 * its children to init, becomes a zombie holding only its exit status, and
 * tells its parent (SIGCHLD + a wake-up on wait_chldexit). The parent's
 * wait4 collects the status and frees the zombie (release_task). If the
 * parent ignores SIGCHLD, the child is reaped at once, as POSIX says. The
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
void exit_itimers(struct task_struct *p);
struct task_struct *init_task_ptr;

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
		list_move_tail(&child->sibling, &reaper->children);
		if (child->exit_state == EXIT_ZOMBIE)
			zombies = true;
		if (child->pdeath_signal)
			send_sig(child->pdeath_signal, child, 1);
	}
	if (zombies)
		wake_up_interruptible(&reaper->wait_chldexit);
}

__noreturn void do_exit(int code)
{
	struct task_struct *p = current, *parent;
	unsigned long flags;
	bool autoreap;

	if (p == init_task_ptr)
		panic("Attempted to kill init! exitcode=0x%08x", code);
	p->flags |= PF_EXITING;
	exit_itimers(p);

	if (p->clear_child_tid) {
		u32 zero = 0;
		copy_to_user(p->clear_child_tid, &zero, sizeof(zero));
	}
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
	if (p->pid == p->session)
		tty_session_exit(p->session);

	spin_lock_irqsave(&tasklist_lock, flags);
	forget_original_parent(p);
	parent = p->parent;
	p->exit_code = code;
	struct kernel_sigaction *ka = &parent->sighand->action[SIGCHLD - 1];
	autoreap = ka->sa_handler == SIG_IGN || (ka->sa_flags & SA_NOCLDWAIT);
	if (p->flags & PF_KTHREAD)
		autoreap = true;
	if (autoreap) {
		list_del_init(&p->sibling);
		list_del_init(&p->tasks);
		p->exit_state = EXIT_DEAD;
	} else {
		p->exit_state = EXIT_ZOMBIE;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);

	if (!autoreap)
		send_sig(SIGCHLD, parent, 1);
	wake_up_interruptible(&parent->wait_chldexit);

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

long sys_exit_group(int error_code)
{
	do_exit((error_code & 0xff) << 8);
}

static bool wait_matches(struct task_struct *child, pid_t pid)
{
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

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WALL | 0x80000000 /* __WCLONE */))
		return -EINVAL;
	for (;;) {
		struct task_struct *child, *found = NULL;
		bool any = false;
		pid_t jobctl_pid = 0;
		int jobctl_status = 0;
		unsigned long flags;

		prepare_to_wait(&current->wait_chldexit, &wait, TASK_INTERRUPTIBLE);
		spin_lock_irqsave(&tasklist_lock, flags);
		list_for_each_entry(child, &current->children, sibling) {
			if (!wait_matches(child, pid))
				continue;
			any = true;
			if (child->exit_state == EXIT_ZOMBIE) {
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
			int status = found->exit_code;
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
	finish_wait(&current->wait_chldexit, &wait);
	return ret;
}

long sys_waitpid(pid_t pid, int __user *stat_addr, int options)
{
	return sys_wait4(pid, stat_addr, options, NULL);
}
