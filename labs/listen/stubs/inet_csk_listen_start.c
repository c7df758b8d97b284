/* Starter stub for lab listen (labs/listen/README.md): inet_csk_listen_start keeps the kernel building until you write it. */
	return -EOPNOTSUPP;
