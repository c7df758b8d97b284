	return (u32)-1;	/* every cookie looks forged */
