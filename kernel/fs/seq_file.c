/*
 * seq_file: the buffer behind every procfs file.
 *
 * show() writes with seq_printf/seq_puts/seq_putc/seq_write; when the
 * buffer fills, m->overflow is set and later output is dropped.
 * seq_generate() then frees the buffer and runs show() again into one
 * twice the size (from a page up to SEQ_MAX_SIZE), so the result is one
 * consistent snapshot taken at open(), as include/linux/proc_fs.h says.
 *
 * Neighbours: procfs.c, proc_base.c, proc_sysctl.c (open/read/release).
 */
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/mm.h>

void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	size_t avail = m->size - m->count;
	va_list ap;
	int n;

	if (m->overflow)
		return;
	va_start(ap, fmt);
	n = vsnprintf(m->buf + m->count, avail, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= avail) {
		m->overflow = true;
		m->count = m->size;
		return;
	}
	m->count += n;
}

void seq_write(struct seq_file *m, const void *data, size_t len)
{
	if (m->overflow)
		return;
	if (len > m->size - m->count) {
		m->overflow = true;
		m->count = m->size;
		return;
	}
	memcpy(m->buf + m->count, data, len);
	m->count += len;
}

void seq_puts(struct seq_file *m, const char *s)
{
	seq_write(m, s, strlen(s));
}

void seq_putc(struct seq_file *m, char c)
{
	seq_write(m, &c, 1);
}

struct seq_file *seq_generate(seq_show_t show, void *data)
{
	struct seq_file *m = kzalloc(sizeof(*m), GFP_KERNEL);
	size_t size;
	int err;

	if (!m)
		return ERR_PTR(-ENOMEM);
	m->private = data;
	for (size = PAGE_SIZE; size <= SEQ_MAX_SIZE; size *= 2) {
		m->buf = kmalloc(size, GFP_KERNEL);
		if (!m->buf) {
			err = -ENOMEM;
			goto out_free_seq;
		}
		m->size = size;
		m->count = 0;
		m->overflow = false;
		err = show(m, NULL);
		if (err < 0)
			goto out_free_buf;
		if (!m->overflow)
			return m;
		kfree(m->buf);
		m->buf = NULL;
	}
	err = -EFBIG;
	goto out_free_seq;

out_free_buf:
	kfree(m->buf);
out_free_seq:
	kfree(m);
	return ERR_PTR(err);
}

void seq_free(struct seq_file *m)
{
	if (IS_ERR_OR_NULL(m))
		return;
	kfree(m->buf);
	kfree(m);
}

ssize_t seq_read_iter(struct file *f, struct iov_iter *to, loff_t *ppos)
{
	struct seq_file *m = f->private_data;
	size_t n, copied;

	if (!m || *ppos >= (loff_t)m->count)
		return 0;
	n = min_t(size_t, m->count - (size_t)*ppos, to->count);
	copied = copy_to_iter(m->buf + (size_t)*ppos, n, to);
	if (!copied && n)
		return -EFAULT;
	*ppos += copied;
	return copied;
}

loff_t seq_lseek(struct file *f, loff_t offset, int whence)
{
	struct seq_file *m = f->private_data;
	loff_t pos;

	switch (whence) {
	case SEEK_SET: pos = offset; break;
	case SEEK_CUR: pos = f->f_pos + offset; break;
	case SEEK_END: pos = (m ? (loff_t)m->count : 0) + offset; break;
	default: return -EINVAL;
	}
	if (pos < 0)
		return -EINVAL;
	f->f_pos = pos;
	return pos;
}

int seq_release(struct inode *inode, struct file *f)
{
	seq_free(f->private_data);
	f->private_data = NULL;
	return 0;
}
