/*
 * /proc/sys integers: files registered with proc_sysctl_int[_vec] read as
 * the values separated by tabs and ended by a newline ("32768\t60999\n",
 * Linux's format) and accept the same text on write. Text sysctls
 * (proc_sysctl_string: tcp_congestion_control) have their owner's show
 * and store.
 *
 * A write is parsed whole before anything changes: every number must be
 * in [min, max] or the write fails with -EINVAL and nothing is set. Fewer
 * numbers than the vector holds set only the first ones, as Linux does.
 * Reads show a snapshot taken at open (seq_generate). Files are root's,
 * mode 0644: only root writes (others: -EACCES at open, -EPERM at write).
 *
 * Neighbours: procfs.c (registry, inode setup), seq_file.c.
 */
#include "proc_internal.h"
#include <linux/slab.h>
#include <linux/uaccess.h>

#define SYSCTL_WRITE_MAX	256	/* longest text accepted by one write */

static int proc_sysctl_show(struct seq_file *m, void *v)
{
	struct proc_dir_entry *pde = m->private;
	int i;

	if (!pde->values)		/* a text sysctl prints itself */
		return pde->show(m, pde->data);
	for (i = 0; i < pde->n; i++)
		seq_printf(m, "%d%c", READ_ONCE(pde->values[i]), i + 1 < pde->n ? '\t' : '\n');
	return 0;
}

static int proc_sysctl_open(struct inode *inode, struct file *f)
{
	struct seq_file *m = seq_generate(proc_sysctl_show, inode->i_private);

	if (IS_ERR(m))
		return PTR_ERR(m);
	f->private_data = m;
	return 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* Parse up to max ints from text; returns how many, or -EINVAL. */
static int parse_ints(char *text, int *out, int max)
{
	char *s = text, *end;
	int n = 0;

	for (;;) {
		long v;

		while (is_space(*s))
			s++;
		if (!*s)
			return n;
		if (n == max)
			return -EINVAL;		/* more numbers than the vector holds */
		v = simple_strtol(s, &end, 10);
		if (end == s || (*end && !is_space(*end)))
			return -EINVAL;
		out[n++] = v;
		s = end;
	}
}

static ssize_t proc_sysctl_write(struct file *f, const char __user *buf, size_t count, loff_t *ppos)
{
	struct proc_dir_entry *pde = file_inode(f)->i_private;
	char *text;
	int *vals, n, i;
	ssize_t err;

	/* Checked on every write, not only at open (Linux's sysctl_perm, and
	 * its -EPERM): a descriptor root opened and handed to another user
	 * changes nothing. */
	if (inode_permission(file_inode(f), W_OK))
		return -EPERM;
	if (count >= SYSCTL_WRITE_MAX)
		return -EINVAL;
	text = kmalloc(count + 1, GFP_KERNEL);
	vals = kmalloc((pde->n ? pde->n : 1) * sizeof(int), GFP_KERNEL);
	err = -ENOMEM;
	if (!text || !vals)
		goto out_free;
	err = -EFAULT;
	if (copy_from_user(text, buf, count))
		goto out_free;
	text[count] = '\0';
	if (!pde->values) {
		/* A text sysctl: one word, the trailing newline of `echo` dropped. */
		if (count && text[count - 1] == '\n')
			text[count - 1] = '\0';
		err = pde->store ? pde->store(text) : -EPERM;
		if (!err) {
			*ppos += count;
			err = count;
		}
		goto out_free;
	}
	n = parse_ints(text, vals, pde->n);
	err = -EINVAL;
	if (n <= 0)
		goto out_free;
	for (i = 0; i < n; i++)
		if (vals[i] < pde->min || vals[i] > pde->max)
			goto out_free;
	for (i = 0; i < n; i++)
		WRITE_ONCE(pde->values[i], vals[i]);
	*ppos += count;
	err = count;
out_free:
	kfree(vals);
	kfree(text);
	return err;
}

const struct file_operations proc_sysctl_fops = {
	.open = proc_sysctl_open,
	.read_iter = seq_read_iter,
	.write = proc_sysctl_write,
	.llseek = seq_lseek,
	.release = seq_release,
};
