/* Starter stub for lab syncookies (labs/syncookies/README.md): secure_tcp_syn_cookie keeps the kernel building until you write it. */
	return 0;
