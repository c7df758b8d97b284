/*
 * AF_UNIX addresses (Linux's include/uapi/linux/un.h): a family and up to
 * 108 bytes of name. sun_path[0] != 0: a file system path (need not be
 * NUL-terminated when it fills the array); sun_path[0] == 0: an "abstract"
 * name, every byte up to the address length counts, no file is made.
 * An address of just the family asks bind() to pick an abstract name.
 */
#ifndef _UAPI_UN_H
#define _UAPI_UN_H

#define UNIX_PATH_MAX	108

struct sockaddr_un {
	unsigned short sun_family;	/* AF_UNIX */
	char sun_path[UNIX_PATH_MAX];
};

#endif
