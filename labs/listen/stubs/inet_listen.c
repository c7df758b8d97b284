/* Starter stub for lab listen (labs/listen/README.md): inet_listen keeps the kernel building until you write it. */
	return -EOPNOTSUPP;
