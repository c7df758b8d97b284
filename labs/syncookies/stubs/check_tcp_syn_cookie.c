/* Starter stub for lab syncookies (labs/syncookies/README.md): check_tcp_syn_cookie keeps the kernel building until you write it. */
	return (u32)-1;	/* every cookie looks forged */
