/*
 * sh_jobs.c: jobs. Every pipeline the shell forks (a simple command on
 * its own is a pipeline of one) is a job: the processes of one command
 * line that ^C, ^Z and `fg` act on together. sh_exec.c makes one with
 * job_new, forks its processes with job_fork, then either waits for it
 * (job_wait) or announces it as a background job (job_announce, the
 * "[N] PID" line tests parse). The table is bounded (MAXJOBS); a new job
 * when it is full is refused with a message, so a runaway loop of `&`
 * cannot eat the shell's memory.
 *
 * Job control, as Linux shells do it, when the shell is interactive and
 * the console is its controlling terminal (job_control):
 *   - each job gets its own process group (setpgid, in parent and child
 *     both, so neither depends on which runs first);
 *   - a foreground job's group is made the terminal's foreground group
 *     (tcsetpgrp), so the tty sends ^C (SIGINT) and ^Z (SIGTSTP) to the
 *     job and not to the shell, which takes the terminal back after;
 *   - waitpid(WUNTRACED) reports a job that ^Z stopped: it stays in the
 *     table, `jobs` lists it, `fg` gives it the terminal and SIGCONT,
 *     `bg` just SIGCONT.
 * The shell itself keeps ignoring SIGTSTP, SIGTTIN and SIGTTOU; its
 * children get the defaults back. Without job control (scripts, sh -c)
 * jobs share the shell's group (^Z stops the whole script, which is the
 * interactive shell's job) and the shell waits without WUNTRACED.
 *
 * Not done: the kernel does not yet stop a background job that reads the
 * console (SIGTTIN, kernel/fs/tty.c), so one that does competes with the
 * shell for input. A loop the shell runs itself is not a job: ^Z stops
 * the command the loop is running and ends the loop, and `fg` resumes
 * only that command (bash and dash behave alike).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sys/wait.h>
#include "sh.h"

#define MAXJOBS		32
#define MAXPROCS	16	/* processes in one pipeline */

struct job {
	int used;
	pid_t pgid;		/* the first process's pid; 0 before it exists */
	pid_t pids[MAXPROCS];
	int status[MAXPROCS];	/* wait status of each exited process */
	int exited[MAXPROCS];
	int nprocs;
	int background;
	int stopped;
	char text[64];		/* what `jobs` prints */
};

int job_control;
pid_t last_bg_pid;		/* $! */
static pid_t shell_pgrp;
static struct job jobs[MAXJOBS];

void jobs_init(void)
{
	shell_pgrp = getpgrp();
	job_control = interactive && tcgetpgrp(0) == shell_pgrp;
}

/* A job's number as users see it: [1], [2], ... */
static int job_number(struct job *j)
{
	return j - jobs + 1;
}

/* Describe a child's death the way Linux shells do. */
void report_status(int status)
{
	int sig;

	if (!WIFSIGNALED(status))
		return;
	sig = WTERMSIG(status);
	if (sig == SIGINT)
		fputc('\n', stderr);
	else if (sig != SIGPIPE)
		fprintf(stderr, "%s%s\n", strsignal(sig), WCOREDUMP(status) ? " (core dumped)" : "");
}

int status_code(int status)
{
	if (WIFSTOPPED(status))
		return 128 + WSTOPSIG(status);
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

struct job *job_new(const char *text, int background)
{
	for (int i = 0; i < MAXJOBS; i++) {
		struct job *j = &jobs[i];

		if (!j->used) {
			memset(j, 0, sizeof *j);
			j->used = 1;
			j->background = background;
			snprintf(j->text, sizeof j->text, "%s", text);
			return j;
		}
	}
	fprintf(stderr, "sh: too many jobs (%d): finish some (jobs, fg, wait)\n", MAXJOBS);
	return NULL;
}

/* Fork one process of job j; returns as fork does. */
pid_t job_fork(struct job *j)
{
	pid_t pid;

	if (j->nprocs == MAXPROCS) {
		fprintf(stderr, "sh: pipeline too long\n");
		return -1;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "sh: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		if (job_control) {
			setpgid(0, j->pgid);		/* 0: the first makes the group */
			if (!j->background)
				tcsetpgrp(0, j->pgid ? j->pgid : getpid());
			signal(SIGTSTP, SIG_DFL);
			signal(SIGTTIN, SIG_DFL);
			signal(SIGTTOU, SIG_DFL);
			job_control = 0;	/* what this child forks stays in this job */
		}
		/* ^C and ^\ kill a foreground job (the default, which the shell's
		 * own catcher is not) but not a background one. */
		signal(SIGINT, j->background ? SIG_IGN : SIG_DFL);
		signal(SIGQUIT, j->background ? SIG_IGN : SIG_DFL);
		return 0;
	}
	if (!j->pgid)
		j->pgid = pid;
	if (job_control) {
		setpgid(pid, j->pgid);
		if (!j->background)
			tcsetpgrp(0, j->pgid);
	}
	j->pids[j->nprocs++] = pid;
	return pid;
}

static void job_free(struct job *j)
{
	j->used = 0;
}

int job_started(struct job *j)
{
	return j->nprocs > 0;
}

/* No process could be forked: forget the job. */
void job_abandon(struct job *j)
{
	job_free(j);
}

void job_announce(struct job *j)
{
	last_bg_pid = j->pids[j->nprocs - 1];
	fprintf(stderr, "[%d] %d\n", job_number(j), last_bg_pid);
}

/*
 * Wait for foreground job j to exit or stop; returns its status as $?
 * sees it. A stopped job stays in the table for fg/bg.
 */
int job_wait(struct job *j)
{
	int st = 0, last;

	for (int i = 0; i < j->nprocs; i++) {
		if (j->exited[i])
			continue;
		while (waitpid(j->pids[i], &st, job_control ? WUNTRACED : 0) < 0) {
			if (errno != EINTR) {
				st = 1 << 8;
				break;
			}
		}
		if (WIFSTOPPED(st)) {
			j->stopped = 1;
			break;
		}
		j->exited[i] = 1;
		j->status[i] = st;
		if (i + 1 < j->nprocs && WIFSIGNALED(st) && WTERMSIG(st) != SIGPIPE)
			report_status(st);
	}
	if (job_control)
		tcsetpgrp(0, shell_pgrp);	/* the terminal is the shell's again */
	if (j->stopped) {
		j->background = 1;
		fprintf(stderr, "\n[%d] Stopped  %s\n", job_number(j), j->text);
		got_sigint = 2;		/* a loop running it stops too */
		return status_code(st);
	}
	last = j->status[j->nprocs - 1];
	report_status(last);
	/* With job control ^C went to the job only: act as if the shell saw
	 * it (2: and the newline after "^C" has been printed). */
	if (job_control && WIFSIGNALED(last) && WTERMSIG(last) == SIGINT)
		got_sigint = 2;
	job_free(j);
	return status_code(last);
}

/* Record what waitpid said about pid; a job whose processes all exited is freed. */
static void job_update(pid_t pid, int st, int say_done)
{
	for (int i = 0; i < MAXJOBS; i++) {
		struct job *j = &jobs[i];
		int left = 0;

		if (!j->used)
			continue;
		for (int k = 0; k < j->nprocs; k++) {
			if (j->pids[k] == pid && WIFSTOPPED(st)) {
				j->stopped = 1;
			} else if (j->pids[k] == pid) {
				j->exited[k] = 1;
				j->status[k] = st;
			}
			left += !j->exited[k];
		}
		if (j->nprocs && !left) {
			if (say_done)
				fprintf(stderr, "[%d] Done (%d)  %s\n", job_number(j),
					status_code(j->status[j->nprocs - 1]), j->text);
			job_free(j);
		}
	}
}

/* Collect background jobs that finished (or stopped) without blocking. */
void jobs_reap(void)
{
	int st;
	pid_t pid;

	while ((pid = waitpid(-1, &st, WNOHANG | (job_control ? WUNTRACED : 0))) > 0)
		job_update(pid, st, interactive);
}

/* wait: until every background job has finished (quietly, as in dash). */
int builtin_wait(int argc, char **argv)
{
	int st;
	pid_t pid;

	while ((pid = waitpid(-1, &st, 0)) > 0 || errno == EINTR)
		if (pid > 0)
			job_update(pid, st, 0);
	return 0;
}

/* %N, N or nothing (the most recent job); NULL after saying why. */
static struct job *find_job(int argc, char **argv)
{
	struct job *j = NULL;

	if (argc > 1) {
		int n = atoi(argv[1][0] == '%' ? argv[1] + 1 : argv[1]);

		if (n >= 1 && n <= MAXJOBS && jobs[n - 1].used)
			j = &jobs[n - 1];
	} else {
		for (int i = MAXJOBS - 1; i >= 0 && !j; i--)
			if (jobs[i].used)
				j = &jobs[i];
	}
	if (!j)
		fprintf(stderr, "sh: %s: no such job\n", argv[0]);
	return j;
}

int builtin_jobs(int argc, char **argv)
{
	jobs_reap();
	for (int i = 0; i < MAXJOBS; i++)
		if (jobs[i].used)
			printf("[%d] %s  %s\n", i + 1, jobs[i].stopped ? "Stopped" : "Running",
			       jobs[i].text);
	fflush(stdout);
	return 0;
}

/* fg [%N]: give the job the terminal, wake it, wait for it as if just typed. */
int builtin_fg(int argc, char **argv)
{
	struct job *j = find_job(argc, argv);

	if (!j)
		return 1;
	fprintf(stderr, "%s\n", j->text);
	j->stopped = 0;
	j->background = 0;
	if (job_control)
		tcsetpgrp(0, j->pgid);
	kill(job_control ? -j->pgid : j->pids[j->nprocs - 1], SIGCONT);
	return job_wait(j);
}

/* bg [%N]: let a stopped job run on, in the background. */
int builtin_bg(int argc, char **argv)
{
	struct job *j = find_job(argc, argv);

	if (!j)
		return 1;
	j->stopped = 0;
	last_bg_pid = j->pids[j->nprocs - 1];
	kill(job_control ? -j->pgid : last_bg_pid, SIGCONT);
	fprintf(stderr, "[%d] %s &\n", job_number(j), j->text);
	return 0;
}
