/* Starter stub for lab scm-rights (labs/scm-rights/README.md): scm_fp_copy keeps the kernel building until you write it. */
	return -EOPNOTSUPP;
