/*
 * The scheduler: one run queue, round robin, preemptive for user code,
 * with Linux's real-time classes above the round robin.
 *
 * The run queue holds every TASK_RUNNING task except the idle task. The
 * tick (scheduler_tick) counts down the running task's slice and sets
 * need_resched; the return-to-user path (exit_to_mode) calls schedule()
 * when it is set.
 *
 * Real-time tasks (SCHED_FIFO, SCHED_RR; only with CAP_SYS_NICE or an
 * RLIMIT_RTPRIO, as Linux) always run before SCHED_OTHER ones, the
 * highest rt_priority first (pick_next_task). A FIFO task runs until it
 * blocks, yields or a higher one wakes; an RR task also gives way to its
 * equals every RR_TIMESLICE_TICKS. One preempted by a higher priority
 * keeps its place at the head of the queue; one that yields or spent its
 * RR slice goes to the tail. Linux's RT throttling bounds them: in every
 * period of RT_PERIOD_TICKS, real-time tasks run at most RT_RUNTIME_TICKS
 * (sched_rt_runtime_us 950000 of sched_rt_period_us 1000000), so a
 * spinning FIFO task still leaves the rest 5% of the CPU. Kernel code is not preempted: it runs until it sleeps
 * or returns to user mode, which keeps locking simple on one CPU.
 *
 * A task goes to sleep by setting its state and calling schedule(); a
 * wake_up_process() from anywhere (IRQ included) puts it back on the queue.
 * A sleeper in TASK_INTERRUPTIBLE with a signal pending is not put to
 * sleep at all, which is what makes blocking calls return -ERESTARTSYS.
 *
 * switch_to: address space (cr3), TSS esp0, TLS descriptors, FPU state
 * (fxsave/fxrstor every switch: simple and correct), then the stacks
 * (kernel/entry.S switch_to_asm).
 *
 * Lock: rq_lock (irqsave) guards the run queue and every task's state
 * transitions to and from RUNNING. tasklist_lock guards the task list.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/timer.h>
#include <linux/interrupt.h>
#include <linux/ktest.h>
#include <linux/capability.h>
#include <asm/segment.h>
#include <asm/pgtable.h>
#include <asm/ptrace.h>
#include <linux/uaccess.h>

#define TIMESLICE_TICKS	10
#define RR_TIMESLICE_TICKS	(100 * HZ / 1000)	/* Linux's RR_TIMESLICE: 100 ms */
#define RT_PERIOD_TICKS		HZ			/* sched_rt_period_us: 1 s */
#define RT_RUNTIME_TICKS	(RT_PERIOD_TICKS * 95 / 100)	/* sched_rt_runtime_us */

struct mm_struct;
pgd_t *mm_pgd(struct mm_struct *mm);
void free_kernel_stack(void *stack);
void stack_note_exit(struct task_struct *p);
void release_task_struct(struct task_struct *p);

struct task_struct *current_task;
LIST_HEAD(task_list);
DEFINE_SPINLOCK(tasklist_lock);
static LIST_HEAD(run_queue);
static DEFINE_SPINLOCK(rq_lock);
static struct task_struct idle_task;
static struct signal_struct idle_signal;	/* every task has one; the idle task's never changes */
volatile bool need_resched;
static int slice_left = TIMESLICE_TICKS;
static int rt_time, rt_period_left = RT_PERIOD_TICKS;	/* rq_lock: this period's RT ticks */
static bool rt_throttled;		/* rq_lock: RT ran out of its runtime this period */
unsigned long nr_context_switches;

struct task_struct *switch_to_asm(unsigned long *prev_sp, unsigned long next_sp, struct task_struct *prev);

static inline void fpu_save(struct task_struct *t)
{
	__asm__ __volatile__("fxsave %0" : "=m"(t->thread.fpu));
	t->thread.fpu_valid = true;
}

static inline void fpu_restore(struct task_struct *t)
{
	if (t->thread.fpu_valid)
		__asm__ __volatile__("fxrstor %0" :: "m"(t->thread.fpu));
	else
		__asm__ __volatile__("fninit");
}

/* After any switch: the task we came from may have been dying; free what it stood on. */
static void finish_task_switch(struct task_struct *prev)
{
	if (prev && prev->state == TASK_DEAD) {
		stack_note_exit(prev);
		free_kernel_stack(prev->stack);
		release_task_struct(prev);
	}
}

static void context_switch(struct task_struct *prev, struct task_struct *next)
{
	/*
	 * Lazy TLB, as Linux's: a kernel thread (the idle task above all)
	 * runs on whatever tables are loaded, since their kernel half is the
	 * same in every pgd, so a task that sleeps and is woken from idle
	 * costs no CR3 write at all. Under TCG that is most of a round
	 * trip's saving: every CR3 write flushes QEMU's whole soft TLB and
	 * its jump cache. Tables borrowed this way are never freed under us:
	 * mmput loads swapper_pg_dir first if they are the ones in CR3.
	 */
	if (next->mm && read_cr3() != __pa(mm_pgd(next->mm)))
		load_cr3(mm_pgd(next->mm));
	tss_set_sp0(next->thread.sp0);
	load_TLS(next);		/* also parks %fs/%gs on the null selector */
	fpu_save(prev);
	fpu_restore(next);
	nr_context_switches++;
	current_task = next;
	prev = switch_to_asm(&prev->thread.sp, next->thread.sp, prev);
	finish_task_switch(prev);	/* prev: whoever ran just before we resumed */
}

/* First thing a task runs after switch_to, and after every switch: free a dead prev. */
void schedule_tail(struct task_struct *prev)
{
	finish_task_switch(prev);
	local_irq_enable();
}

#define SCHED_OTHER	0
#define SCHED_FIFO	1
#define SCHED_RR	2
#define SCHED_BATCH	3
#define SCHED_IDLE	5
#define SCHED_RESET_ON_FORK 0x40000000

static bool rt_policy(int policy)
{
	return policy == SCHED_FIFO || policy == SCHED_RR;
}

/* rq_lock held. The highest real-time task (unless throttled), else the first other one. */
static struct task_struct *pick_next_task(void)
{
	struct task_struct *p, *best = NULL;

	list_for_each_entry(p, &run_queue, run_list) {
		if (rt_policy(p->policy)) {
			if (!rt_throttled && (!best || p->rt_priority > best->rt_priority))
				best = p;
		} else if (!best) {
			best = p;
		}
	}
	return best ? best : &idle_task;
}

void schedule(void)
{
	struct task_struct *prev = current, *next;
	unsigned long flags;

	BUG_ON(in_interrupt());
	spin_lock_irqsave(&rq_lock, flags);
	need_resched = false;
	if (prev->state == TASK_INTERRUPTIBLE && signal_pending(prev))
		prev->state = TASK_RUNNING;
	if (prev != &idle_task) {
		list_del_init(&prev->run_list);
		if (prev->state == TASK_RUNNING) {
			if (rt_policy(prev->policy) && !prev->rt_requeue)
				list_add(&prev->run_list, &run_queue);	/* preempted: keeps its turn */
			else
				list_add_tail(&prev->run_list, &run_queue);	/* round robin */
		}
		prev->rt_requeue = false;
	}
	next = pick_next_task();
	/* An RR task preempted by a higher one starts a fresh slice (Linux keeps the rest). */
	slice_left = next->policy == SCHED_RR ? RR_TIMESLICE_TICKS : TIMESLICE_TICKS;
	spin_unlock(&rq_lock);
	if (next != prev) {
		if (prev->state == TASK_RUNNING)
			prev->nivcsw++;		/* preempted */
		else
			prev->nvcsw++;		/* went to sleep (/proc status, as Linux) */
		context_switch(prev, next);
		/* Back here when someone switches to us again; prev is now whoever ran before. */
	}
	local_irq_restore(flags);
}


bool wake_up_process(struct task_struct *p)
{
	unsigned long flags;
	bool woke = false;

	spin_lock_irqsave(&rq_lock, flags);
	if (p->state != TASK_RUNNING && p->state != TASK_DEAD && p->state != TASK_STOPPED &&
	    !p->exit_state) {
		p->state = TASK_RUNNING;
		if (p != &idle_task && list_empty(&p->run_list))
			list_add_tail(&p->run_list, &run_queue);
		if (p != current)
			need_resched = true;	/* let the woken task run soon (latency) */
		woke = true;
	}
	spin_unlock_irqrestore(&rq_lock, flags);
	return woke;
}

/* Resume a job-control-stopped task (SIGCONT / SIGKILL). */
bool wake_up_stopped(struct task_struct *p)
{
	unsigned long flags;
	bool woke = false;
	spin_lock_irqsave(&rq_lock, flags);
	if (p->state == TASK_STOPPED) {
		p->state = TASK_RUNNING;
		if (list_empty(&p->run_list))
			list_add_tail(&p->run_list, &run_queue);
		woke = true;
	}
	spin_unlock_irqrestore(&rq_lock, flags);
	return woke;
}

void yield(void)
{
	schedule();
}

long sys_sched_yield(void)
{
	current->rt_requeue = true;	/* behind its equals, as Linux's yield_task_rt */
	schedule();
	return 0;
}

/*
 * ---- Scheduling policy and affinity, as Linux answers them on one CPU ----
 * SCHED_OTHER, SCHED_BATCH and SCHED_IDLE take priority 0 (BATCH and IDLE
 * schedule as OTHER here: there is no nice weighting); SCHED_FIFO and
 * SCHED_RR take 1..99 (else EINVAL) and are the real-time classes above.
 * Linux's permission rule (__sched_setscheduler): without CAP_SYS_NICE a
 * task may only change its own user's tasks, may enter a real-time policy
 * only up to its RLIMIT_RTPRIO (0 by default: EPERM), and may not clear
 * SCHED_RESET_ON_FORK; leaving real time for SCHED_OTHER is always allowed.
 * Policies are per thread. An affinity mask that does not contain CPU 0 is
 * EINVAL.
 */
/* pid 0 is the caller; else a thread in our namespace, or -ESRCH. */
static int sched_check_pid(pid_t pid)
{
	unsigned long flags;
	int ret = 0;

	if (pid < 0)
		return -EINVAL;
	if (pid == 0)
		return 0;
	spin_lock_irqsave(&tasklist_lock, flags);
	if (!find_task_by_pid(pid))
		ret = -ESRCH;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

long sys_sched_get_priority_max(int policy)
{
	if (rt_policy(policy))
		return 99;
	if (policy == SCHED_OTHER || policy == SCHED_BATCH || policy == SCHED_IDLE)
		return 0;
	return -EINVAL;
}

long sys_sched_get_priority_min(int policy)
{
	if (rt_policy(policy))
		return 1;
	if (policy == SCHED_OTHER || policy == SCHED_BATCH || policy == SCHED_IDLE)
		return 0;
	return -EINVAL;
}

/* tasklist_lock held. May the caller give p this policy and priority? */
static int sched_permitted(struct task_struct *p, int policy, int prio, bool reset_on_fork)
{
	unsigned long rlim = p->rlim[RLIMIT_RTPRIO].rlim_cur;

	if (capable(CAP_SYS_NICE))
		return 0;
	if (current->euid != p->uid && current->euid != p->euid)
		return -EPERM;
	if (rt_policy(policy)) {
		if (policy != p->policy && !rlim)
			return -EPERM;
		if (prio > p->rt_priority && (unsigned long)prio > rlim)
			return -EPERM;
	}
	if (p->sched_reset_on_fork && !reset_on_fork)
		return -EPERM;
	return 0;
}

/* policy -1: keep p's (sched_setparam). Linux's do_sched_setscheduler. */
static long do_sched_setscheduler(pid_t pid, int policy, const int __user *param)
{
	struct task_struct *p;
	unsigned long flags;
	bool reset = false;
	int prio;
	long err;

	if (!param || pid < 0)
		return -EINVAL;
	if (get_user(prio, param))
		return -EFAULT;
	spin_lock_irqsave(&tasklist_lock, flags);
	p = pid ? find_task_by_pid(pid) : current;
	err = -ESRCH;
	if (!p)
		goto out_unlock;
	if (policy == -1) {
		policy = p->policy;
		reset = p->sched_reset_on_fork;
	} else {
		reset = policy & SCHED_RESET_ON_FORK;
		policy &= ~SCHED_RESET_ON_FORK;
	}
	err = -EINVAL;
	if (!rt_policy(policy) && policy != SCHED_OTHER && policy != SCHED_BATCH &&
	    policy != SCHED_IDLE)
		goto out_unlock;
	if (rt_policy(policy) ? prio < 1 || prio > 99 : prio != 0)
		goto out_unlock;
	err = sched_permitted(p, policy, prio, reset);
	if (err)
		goto out_unlock;
	spin_lock(&rq_lock);
	p->policy = policy;
	p->rt_priority = prio;
	p->sched_reset_on_fork = reset;
	need_resched = true;		/* the order of the queue may have changed */
	spin_unlock(&rq_lock);
out_unlock:
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return err;
}

long sys_sched_setscheduler(pid_t pid, int policy, const int __user *param)
{
	if (policy < 0)
		return -EINVAL;
	return do_sched_setscheduler(pid, policy, param);
}

long sys_sched_setparam(pid_t pid, const int __user *param)
{
	return do_sched_setscheduler(pid, -1, param);
}

long sys_sched_getscheduler(pid_t pid)
{
	struct task_struct *p;
	unsigned long flags;
	long ret = -ESRCH;

	if (pid < 0)
		return -EINVAL;
	spin_lock_irqsave(&tasklist_lock, flags);
	p = pid ? find_task_by_pid(pid) : current;
	if (p)
		ret = p->policy | (p->sched_reset_on_fork ? SCHED_RESET_ON_FORK : 0);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

long sys_sched_getparam(pid_t pid, int __user *param)
{
	struct task_struct *p;
	unsigned long flags;
	int prio = 0;

	if (!param || pid < 0)
		return -EINVAL;
	spin_lock_irqsave(&tasklist_lock, flags);
	p = pid ? find_task_by_pid(pid) : current;
	if (p)
		prio = p->rt_priority;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (!p)
		return -ESRCH;
	return put_user(prio, param) ? -EFAULT : 0;
}

/* The mask is one unsigned long here (one CPU); Linux's cpumask_size(). */
long sys_sched_getaffinity(pid_t pid, unsigned int len, unsigned long __user *mask)
{
	unsigned long m = 1;
	int err;

	if (len < sizeof(m) || (len & (sizeof(m) - 1)))
		return -EINVAL;
	err = sched_check_pid(pid);
	if (err)
		return err;
	if (copy_to_user(mask, &m, sizeof(m)))
		return -EFAULT;
	return sizeof(m);
}

long sys_sched_setaffinity(pid_t pid, unsigned int len, const unsigned long __user *mask)
{
	unsigned long m = 0;
	int err;

	if (len < sizeof(m)) {
		/* A short mask is zero-extended, as Linux's get_user_cpu_mask. */
		if (copy_from_user(&m, mask, len))
			return -EFAULT;
	} else if (copy_from_user(&m, mask, sizeof(m))) {
		return -EFAULT;
	}
	err = sched_check_pid(pid);
	if (err)
		return err;
	return (m & 1) ? 0 : -EINVAL;
}

/* Where the CPU's ticks went (Linux's kcpustat), for /proc/stat; written by the tick only. */
u64 kcpustat[NR_STATS];
/* The load average, fixed point with FSHIFT bits (Linux's avenrun), for /proc/loadavg. */
unsigned long avenrun[3];

/* Tasks running or waiting to run, and those in uninterruptible sleep. */
void nr_active(int *running, int *blocked)
{
	struct task_struct *p;
	unsigned long flags;

	*running = *blocked = 0;
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {	/* task_list holds threads too */
		*running += p->state == TASK_RUNNING;
		*blocked += p->state == TASK_UNINTERRUPTIBLE;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

/*
 * Every LOAD_FREQ, each average moves toward the number of active tasks
 * by exp(-5 s / 1, 5, 15 min) (Linux's calc_global_load, same constants).
 * From the tick, with interrupts off: tasklist_lock is taken irqsave
 * everywhere, so the interrupted code cannot be holding it.
 */
static void calc_global_load(void)
{
	static const unsigned long exp[3] = { EXP_1, EXP_5, EXP_15 };
	static unsigned long next;
	unsigned long active;
	int running, blocked;

	if (time_before(jiffies, next))
		return;
	next = jiffies + LOAD_FREQ;
	nr_active(&running, &blocked);
	active = (unsigned long)(running + blocked) * FIXED_1;
	for (int i = 0; i < 3; i++) {
		unsigned long load = avenrun[i] * exp[i] + active * (FIXED_1 - exp[i]);

		if (active >= avenrun[i])
			load += FIXED_1 - 1;	/* round up while rising, as Linux */
		avenrun[i] = load / FIXED_1;
	}
}

/* From the tick, in hard-IRQ context: charge the tick to what it interrupted. */
void scheduler_tick(void)
{
	struct task_struct *p = current;
	extern struct pt_regs *irq_regs;
	if (!p)
		return;
	if (irq_regs && user_mode(irq_regs)) {
		p->utime++;
		kcpustat[CPUTIME_USER]++;
	} else {
		p->stime++;
		if (preempt_count & SOFTIRQ_OFFSET)
			kcpustat[CPUTIME_SOFTIRQ]++;	/* NET_RX, timers: softirq time */
		else if (p == &idle_task)
			kcpustat[CPUTIME_IDLE]++;
		else
			kcpustat[CPUTIME_SYSTEM]++;
	}
	calc_global_load();
	spin_lock(&rq_lock);
	if (rt_policy(p->policy)) {
		if (++rt_time >= RT_RUNTIME_TICKS && !rt_throttled) {
			rt_throttled = true;	/* the rest of the period is the others' */
			need_resched = true;
		}
		if (p->policy == SCHED_RR && --slice_left <= 0) {
			p->rt_requeue = true;
			need_resched = true;
		}
	} else if (--slice_left <= 0) {
		need_resched = true;
	}
	if (--rt_period_left <= 0) {
		rt_period_left = RT_PERIOD_TICKS;
		rt_time = 0;
		if (rt_throttled) {
			rt_throttled = false;
			need_resched = true;
		}
	}
	spin_unlock(&rq_lock);
}

static void process_timeout(struct timer_list *t)
{
	struct task_struct *p = (struct task_struct *)t->flags;
	wake_up_process(p);
}

/*
 * Sleep (in the state the caller set) until woken or `timeout` jiffies pass;
 * returns the jiffies left, 0 if it timed out. MAX_SCHEDULE_TIMEOUT sleeps
 * until woken. A timeout longer than MAX_JIFFY_OFFSET arms the timer for
 * MAX_JIFFY_OFFSET only (beyond that time_after() would misorder it and
 * the timer would fire at once) and reports the rest as left, so the
 * caller's wait loop goes round again as after any early wake-up.
 */
long schedule_timeout(long timeout)
{
	struct timer_list timer;
	unsigned long start = jiffies;

	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return timeout;
	}
	if (timeout <= 0) {
		__set_current_state(TASK_RUNNING);
		return 0;
	}
	timer_setup(&timer, process_timeout, (u32)current);
	mod_timer(&timer, start + min(timeout, MAX_JIFFY_OFFSET));
	schedule();
	del_timer_sync(&timer);
	timeout -= (long)(jiffies - start);
	return timeout < 0 ? 0 : timeout;
}

long schedule_timeout_interruptible(long timeout)
{
	set_current_state(TASK_INTERRUPTIBLE);
	return schedule_timeout(timeout);
}

void msleep(unsigned int ms)
{
	long t = msecs_to_jiffies(ms) + 1;
	while (t) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		t = schedule_timeout(t);
	}
}

const char *task_state_name(long state)
{
	switch (state) {
	case TASK_RUNNING: return "R (running)";
	case TASK_INTERRUPTIBLE: return "S (sleeping)";
	case TASK_UNINTERRUPTIBLE: return "D (disk sleep)";
	case TASK_STOPPED: return "T (stopped)";
	case TASK_DEAD: return "X (dead)";
	default: return "? (unknown)";
	}
}

char task_state_char(const struct task_struct *p)
{
	if (p->exit_state == EXIT_ZOMBIE)
		return 'Z';
	return task_state_name(p->state)[0];
}

struct task_struct *find_task_by_pid(pid_t pid)
{
	struct task_struct *p;
	for_each_process(p)
		if (p->pid == pid && p->exit_state != EXIT_DEAD)
			return p;
	return NULL;
}

int nr_processes(void)
{
	struct task_struct *p;
	int n = 0;
	unsigned long flags;
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p)
		n++;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return n;
}

void sched_enqueue_new(struct task_struct *p)
{
	unsigned long flags;
	spin_lock_irqsave(&rq_lock, flags);
	p->state = TASK_RUNNING;
	list_add_tail(&p->run_list, &run_queue);
	spin_unlock_irqrestore(&rq_lock, flags);
}

/* The boot context becomes pid 0, the idle task: it runs when nothing else can. */
void sched_init(void)
{
	struct task_struct *t = &idle_task;
	extern char boot_stack[];
	memset(t, 0, sizeof(*t));
	strlcpy(t->comm, "swapper", sizeof(t->comm));
	t->pid = 0;
	t->flags = PF_KTHREAD;
	t->stack = boot_stack;
	t->group_leader = t;
	t->signal = &idle_signal;
	refcount_set(&idle_signal.count, 1);
	idle_signal.nr_threads = 1;
	INIT_LIST_HEAD(&idle_signal.thread_head);
	list_add(&t->thread_node, &idle_signal.thread_head);
	INIT_LIST_HEAD(&t->children);
	INIT_LIST_HEAD(&t->sibling);
	INIT_LIST_HEAD(&t->run_list);
	init_waitqueue_head(&t->wait_chldexit);
	init_itimers(&idle_signal);
	list_add(&t->tasks, &task_list);
	current_task = t;
}

__noreturn void cpu_idle(void)
{
	for (;;) {
		local_irq_disable();
		if (list_empty(&run_queue))
			safe_halt();	/* sti; hlt: wakes on the next interrupt */
		else
			local_irq_enable();
		schedule();
	}
}

KTEST(waitqueue_wakes_sleeper)
{
	/* A kthread sleeps on a queue; we set the condition and wake it. */
	extern int ktest_wq_helper(void *);
	extern volatile int ktest_wq_state;
	extern wait_queue_head_t ktest_wq;
	ktest_wq_state = 0;
	kthread_run(ktest_wq_helper, NULL, "ktest-wq");
	msleep(5);
	KT_EXPECT_EQ(ktest_wq_state, 1);	/* it is asleep, waiting */
	ktest_wq_state = 2;
	wake_up(&ktest_wq);
	msleep(5);
	KT_EXPECT_EQ(ktest_wq_state, 3);	/* it woke, saw the condition, finished */
}

DECLARE_WAIT_QUEUE_HEAD(ktest_wq);
volatile int ktest_wq_state;
int ktest_wq_helper(void *arg)
{
	ktest_wq_state = 1;
	wait_event(ktest_wq, ktest_wq_state == 2);
	ktest_wq_state = 3;
	return 0;
}
