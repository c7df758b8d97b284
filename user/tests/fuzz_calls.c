/*
 * fuzz_calls.c: the Linux i386 system-call table as the fuzzer sees it,
 * the deny-list, and the argument builder.
 *
 * Every number 0..450 of arch/x86/entry/syscalls/syscall_32.tbl is here
 * with its name, whether Sockeye serves it or not (an unserved number must
 * return -ENOSYS, which is worth checking too). Each call has a string of
 * argument kinds, one letter per argument:
 *
 *   f fd (valid, closed, or odd)   d dirfd (AT_FDCWD or f)   s path
 *   p buffer pointer (arena or bad)  l length at its edges   F flags
 *   i int at its edges   x anything   k pid (never 1 or -1)   g signal
 *   m user address for memory calls (the victim pages or bad ones)
 *   t timespec pointer   S sigset pointer   v iovec array   M msghdr
 *   a sockaddr   A its length   P socklen_t pointer   n family
 *   T socket type   R protocol   L sockopt level   O sockopt name
 *   C socketcall number   D socketcall argument block   c clone flags
 *
 * The deny-list (fuzz_denied) holds the calls that would only end the
 * fuzzer or the machine, not test the kernel:
 *   exit (1), exit_group (252)   the batch would just end
 *   reboot (88)                  the machine would power off
 *   vfork (190)                  the parent sleeps until the child execs
 *                                or exits, and the child runs on the
 *                                parent's stack: it corrupts the fuzzer
 * Other dangerous calls are tamed rather than denied: sched_setscheduler
 * never gets a real-time policy with a param (it would starve the machine);
 * kill/tkill/tgkill
 * never aim at pid 1 or -1 and send only signals the parent expects
 * (arg_pid, arg_signal); execve runs in a forked grandchild; the memory
 * calls only ever unmap or remap the victim pages or addresses outside
 * user space; fork and clone children exit at once (fuzz.c).
 */
#include <stdint.h>
#include <stddef.h>
#include "fuzz.h"

const struct fuzz_call fuzz_calls[] = {
	[0] = { "restart_syscall", "xxxxxx" },
	[1] = { "exit", "xxxxxx" },
	[2] = { "fork", "" },
	[3] = { "read", "fpl" },
	[4] = { "write", "fpl" },
	[5] = { "open", "sFi" },
	[6] = { "close", "f" },
	[7] = { "waitpid", "kpF" },
	[8] = { "creat", "si" },
	[9] = { "link", "ss" },
	[10] = { "unlink", "s" },
	[11] = { "execve", "spp" },
	[12] = { "chdir", "s" },
	[13] = { "time", "p" },
	[14] = { "mknod", "sii" },
	[15] = { "chmod", "si" },
	[16] = { "lchown", "sii" },
	[17] = { "break", "xxxxxx" },
	[18] = { "oldstat", "xxxxxx" },
	[19] = { "lseek", "fxi" },
	[20] = { "getpid", "" },
	[21] = { "mount", "sspFp" },
	[22] = { "umount", "s" },
	[23] = { "setuid", "i" },
	[24] = { "getuid", "" },
	[25] = { "stime", "p" },
	[26] = { "ptrace", "ikpp" },
	[27] = { "alarm", "i" },
	[28] = { "oldfstat", "fp" },
	[29] = { "pause", "" },
	[30] = { "utime", "sp" },
	[31] = { "stty", "xxxxxx" },
	[32] = { "gtty", "xxxxxx" },
	[33] = { "access", "si" },
	[34] = { "nice", "i" },
	[35] = { "ftime", "xxxxxx" },
	[36] = { "sync", "" },
	[37] = { "kill", "kg" },
	[38] = { "rename", "ss" },
	[39] = { "mkdir", "si" },
	[40] = { "rmdir", "s" },
	[41] = { "dup", "f" },
	[42] = { "pipe", "p" },
	[43] = { "times", "p" },
	[44] = { "prof", "xxxxxx" },
	[45] = { "brk", "m" },
	[46] = { "setgid", "i" },
	[47] = { "getgid", "" },
	[48] = { "signal", "gp" },
	[49] = { "geteuid", "" },
	[50] = { "getegid", "" },
	[51] = { "acct", "s" },
	[52] = { "umount2", "sF" },
	[53] = { "lock", "xxxxxx" },
	[54] = { "ioctl", "fxp" },
	[55] = { "fcntl", "fix" },
	[56] = { "mpx", "xxxxxx" },
	[57] = { "setpgid", "kk" },
	[58] = { "ulimit", "xxxxxx" },
	[59] = { "oldolduname", "xxxxxx" },
	[60] = { "umask", "i" },
	[61] = { "chroot", "s" },
	[62] = { "ustat", "ip" },
	[63] = { "dup2", "ff" },
	[64] = { "getppid", "" },
	[65] = { "getpgrp", "" },
	[66] = { "setsid", "" },
	[67] = { "sigaction", "gpp" },
	[68] = { "sgetmask", "" },
	[69] = { "ssetmask", "x" },
	[70] = { "setreuid", "ii" },
	[71] = { "setregid", "ii" },
	[72] = { "sigsuspend", "S" },
	[73] = { "sigpending", "p" },
	[74] = { "sethostname", "pl" },
	[75] = { "setrlimit", "ip" },
	[76] = { "getrlimit", "ip" },
	[77] = { "getrusage", "ip" },
	[78] = { "gettimeofday", "pp" },
	[79] = { "settimeofday", "pp" },
	[80] = { "getgroups", "lp" },
	[81] = { "setgroups", "lp" },
	[82] = { "select", "ipppt" },
	[83] = { "symlink", "ss" },
	[84] = { "oldlstat", "sp" },
	[85] = { "readlink", "spl" },
	[86] = { "uselib", "s" },
	[87] = { "swapon", "sF" },
	[88] = { "reboot", "iiip" },
	[89] = { "readdir", "fpl" },
	[90] = { "mmap", "p" },
	[91] = { "munmap", "ml" },
	[92] = { "truncate", "sx" },
	[93] = { "ftruncate", "fx" },
	[94] = { "fchmod", "fi" },
	[95] = { "fchown", "fii" },
	[96] = { "getpriority", "ik" },
	[97] = { "setpriority", "iki" },
	[98] = { "profil", "xxxxxx" },
	[99] = { "statfs", "sp" },
	[100] = { "fstatfs", "fp" },
	[101] = { "ioperm", "xxi" },
	[102] = { "socketcall", "CD" },
	[103] = { "syslog", "ipl" },
	[104] = { "setitimer", "ipp" },
	[105] = { "getitimer", "ip" },
	[106] = { "stat", "sp" },
	[107] = { "lstat", "sp" },
	[108] = { "fstat", "fp" },
	[109] = { "olduname", "p" },
	[110] = { "iopl", "i" },
	[111] = { "vhangup", "" },
	[112] = { "idle", "" },
	[113] = { "vm86old", "p" },
	[114] = { "wait4", "kpFp" },
	[115] = { "swapoff", "s" },
	[116] = { "sysinfo", "p" },
	[117] = { "ipc", "iiiipx" },
	[118] = { "fsync", "f" },
	[119] = { "sigreturn", "" },
	[120] = { "clone", "cppmp" },
	[121] = { "setdomainname", "pl" },
	[122] = { "uname", "p" },
	[123] = { "modify_ldt", "ipl" },
	[124] = { "adjtimex", "p" },
	[125] = { "mprotect", "mlF" },
	[126] = { "sigprocmask", "iSS" },
	[127] = { "create_module", "sl" },
	[128] = { "init_module", "pls" },
	[129] = { "delete_module", "sF" },
	[130] = { "get_kernel_syms", "p" },
	[131] = { "quotactl", "isip" },
	[132] = { "getpgid", "k" },
	[133] = { "fchdir", "f" },
	[134] = { "bdflush", "ix" },
	[135] = { "sysfs", "ixx" },
	[136] = { "personality", "x" },
	[137] = { "afs_syscall", "" },
	[138] = { "setfsuid", "i" },
	[139] = { "setfsgid", "i" },
	[140] = { "_llseek", "fxxpi" },
	[141] = { "getdents", "fpl" },
	[142] = { "_newselect", "ipppt" },
	[143] = { "flock", "fF" },
	[144] = { "msync", "mlF" },
	[145] = { "readv", "fvl" },
	[146] = { "writev", "fvl" },
	[147] = { "getsid", "k" },
	[148] = { "fdatasync", "f" },
	[149] = { "_sysctl", "p" },
	[150] = { "mlock", "ml" },
	[151] = { "munlock", "ml" },
	[152] = { "mlockall", "F" },
	[153] = { "munlockall", "" },
	[154] = { "sched_setparam", "kp" },
	[155] = { "sched_getparam", "kp" },
	[156] = { "sched_setscheduler", "kip" },
	[157] = { "sched_getscheduler", "k" },
	[158] = { "sched_yield", "" },
	[159] = { "sched_get_priority_max", "i" },
	[160] = { "sched_get_priority_min", "i" },
	[161] = { "sched_rr_get_interval", "kp" },
	[162] = { "nanosleep", "tp" },
	[163] = { "mremap", "mllFm" },
	[164] = { "setresuid", "iii" },
	[165] = { "getresuid", "ppp" },
	[166] = { "vm86", "ip" },
	[167] = { "query_module", "sipsp" },
	[168] = { "poll", "pli" },
	[169] = { "nfsservctl", "ipp" },
	[170] = { "setresgid", "iii" },
	[171] = { "getresgid", "ppp" },
	[172] = { "prctl", "ixxxx" },
	[173] = { "rt_sigreturn", "" },
	[174] = { "rt_sigaction", "gppl" },
	[175] = { "rt_sigprocmask", "iSSl" },
	[176] = { "rt_sigpending", "pl" },
	[177] = { "rt_sigtimedwait", "Sptl" },
	[178] = { "rt_sigqueueinfo", "kgp" },
	[179] = { "rt_sigsuspend", "Sl" },
	[180] = { "pread64", "fplxx" },
	[181] = { "pwrite64", "fplxx" },
	[182] = { "chown", "sii" },
	[183] = { "getcwd", "pl" },
	[184] = { "capget", "pp" },
	[185] = { "capset", "pp" },
	[186] = { "sigaltstack", "pp" },
	[187] = { "sendfile", "ffpl" },
	[188] = { "getpmsg", "fpppp" },
	[189] = { "putpmsg", "fppii" },
	[190] = { "vfork", "" },
	[191] = { "ugetrlimit", "ip" },
	[192] = { "mmap2", "mlFFfx" },
	[193] = { "truncate64", "sxx" },
	[194] = { "ftruncate64", "fxx" },
	[195] = { "stat64", "sp" },
	[196] = { "lstat64", "sp" },
	[197] = { "fstat64", "fp" },
	[198] = { "lchown32", "sii" },
	[199] = { "getuid32", "" },
	[200] = { "getgid32", "" },
	[201] = { "geteuid32", "" },
	[202] = { "getegid32", "" },
	[203] = { "setreuid32", "ii" },
	[204] = { "setregid32", "ii" },
	[205] = { "getgroups32", "lp" },
	[206] = { "setgroups32", "lp" },
	[207] = { "fchown32", "fii" },
	[208] = { "setresuid32", "iii" },
	[209] = { "getresuid32", "ppp" },
	[210] = { "setresgid32", "iii" },
	[211] = { "getresgid32", "ppp" },
	[212] = { "chown32", "sii" },
	[213] = { "setuid32", "i" },
	[214] = { "setgid32", "i" },
	[215] = { "setfsuid32", "i" },
	[216] = { "setfsgid32", "i" },
	[217] = { "pivot_root", "ss" },
	[218] = { "mincore", "mlp" },
	[219] = { "madvise", "mli" },
	[220] = { "getdents64", "fpl" },
	[221] = { "fcntl64", "fix" },
	[222] = { NULL, "" },
	[223] = { NULL, "" },
	[224] = { "gettid", "" },
	[225] = { "readahead", "fxxl" },
	[226] = { "setxattr", "sspli" },
	[227] = { "lsetxattr", "sspli" },
	[228] = { "fsetxattr", "fspli" },
	[229] = { "getxattr", "sspl" },
	[230] = { "lgetxattr", "sspl" },
	[231] = { "fgetxattr", "fspl" },
	[232] = { "listxattr", "spl" },
	[233] = { "llistxattr", "spl" },
	[234] = { "flistxattr", "fpl" },
	[235] = { "removexattr", "ss" },
	[236] = { "lremovexattr", "ss" },
	[237] = { "fremovexattr", "fs" },
	[238] = { "tkill", "kg" },
	[239] = { "sendfile64", "ffpl" },
	[240] = { "futex", "pixtpi" },
	[241] = { "sched_setaffinity", "klp" },
	[242] = { "sched_getaffinity", "klp" },
	[243] = { "set_thread_area", "p" },
	[244] = { "get_thread_area", "p" },
	[245] = { "io_setup", "ip" },
	[246] = { "io_destroy", "x" },
	[247] = { "io_getevents", "xllpt" },
	[248] = { "io_submit", "xlp" },
	[249] = { "io_cancel", "xpp" },
	[250] = { "fadvise64", "fxxli" },
	[251] = { NULL, "" },
	[252] = { "exit_group", "i" },
	[253] = { "lookup_dcookie", "xxpl" },
	[254] = { "epoll_create", "i" },
	[255] = { "epoll_ctl", "fifp" },
	[256] = { "epoll_wait", "fpli" },
	[257] = { "remap_file_pages", "mlxxF" },
	[258] = { "set_tid_address", "p" },
	[259] = { "timer_create", "ipp" },
	[260] = { "timer_settime", "xFpp" },
	[261] = { "timer_gettime", "xp" },
	[262] = { "timer_getoverrun", "x" },
	[263] = { "timer_delete", "x" },
	[264] = { "clock_settime", "ip" },
	[265] = { "clock_gettime", "ip" },
	[266] = { "clock_getres", "ip" },
	[267] = { "clock_nanosleep", "iFtp" },
	[268] = { "statfs64", "slp" },
	[269] = { "fstatfs64", "flp" },
	[270] = { "tgkill", "kkg" },
	[271] = { "utimes", "sp" },
	[272] = { "fadvise64_64", "fxxxxi" },
	[273] = { "vserver", "xxxxxx" },
	[274] = { "mbind", "mlipxF" },
	[275] = { "get_mempolicy", "ppxmF" },
	[276] = { "set_mempolicy", "ipx" },
	[277] = { "mq_open", "sFip" },
	[278] = { "mq_unlink", "s" },
	[279] = { "mq_timedsend", "fplit" },
	[280] = { "mq_timedreceive", "fplpt" },
	[281] = { "mq_notify", "fp" },
	[282] = { "mq_getsetattr", "fpp" },
	[283] = { "kexec_load", "xlpF" },
	[284] = { "waitid", "ikpFp" },
	[285] = { NULL, "" },
	[286] = { "add_key", "sspli" },
	[287] = { "request_key", "sssi" },
	[288] = { "keyctl", "ixxxx" },
	[289] = { "ioprio_set", "iki" },
	[290] = { "ioprio_get", "ik" },
	[291] = { "inotify_init", "" },
	[292] = { "inotify_add_watch", "fsF" },
	[293] = { "inotify_rm_watch", "fi" },
	[294] = { "migrate_pages", "klpp" },
	[295] = { "openat", "dsFi" },
	[296] = { "mkdirat", "dsi" },
	[297] = { "mknodat", "dsii" },
	[298] = { "fchownat", "dsiiF" },
	[299] = { "futimesat", "dsp" },
	[300] = { "fstatat64", "dspF" },
	[301] = { "unlinkat", "dsF" },
	[302] = { "renameat", "dsds" },
	[303] = { "linkat", "dsdsF" },
	[304] = { "symlinkat", "sds" },
	[305] = { "readlinkat", "dspl" },
	[306] = { "fchmodat", "dsiF" },
	[307] = { "faccessat", "dsiF" },
	[308] = { "pselect6", "ippptp" },
	[309] = { "ppoll", "pltSl" },
	[310] = { "unshare", "c" },
	[311] = { "set_robust_list", "pl" },
	[312] = { "get_robust_list", "kpp" },
	[313] = { "splice", "fpfplF" },
	[314] = { "sync_file_range", "fxxxxF" },
	[315] = { "tee", "fflF" },
	[316] = { "vmsplice", "fvlF" },
	[317] = { "move_pages", "klpppF" },
	[318] = { "getcpu", "ppp" },
	[319] = { "epoll_pwait", "fpliSl" },
	[320] = { "utimensat", "dspF" },
	[321] = { "signalfd", "fSl" },
	[322] = { "timerfd_create", "iF" },
	[323] = { "eventfd", "i" },
	[324] = { "fallocate", "fixxxx" },
	[325] = { "timerfd_settime", "fFpp" },
	[326] = { "timerfd_gettime", "fp" },
	[327] = { "signalfd4", "fSlF" },
	[328] = { "eventfd2", "iF" },
	[329] = { "epoll_create1", "F" },
	[330] = { "dup3", "ffF" },
	[331] = { "pipe2", "pF" },
	[332] = { "inotify_init1", "F" },
	[333] = { "preadv", "fvlxx" },
	[334] = { "pwritev", "fvlxx" },
	[335] = { "rt_tgsigqueueinfo", "kkgp" },
	[336] = { "perf_event_open", "pkifF" },
	[337] = { "recvmmsg", "fMlFt" },
	[338] = { "fanotify_init", "FF" },
	[339] = { "fanotify_mark", "fFxxdsx" },
	[340] = { "prlimit64", "kipp" },
	[341] = { "name_to_handle_at", "dsppF" },
	[342] = { "open_by_handle_at", "fpF" },
	[343] = { "clock_adjtime", "ip" },
	[344] = { "syncfs", "f" },
	[345] = { "sendmmsg", "fMlF" },
	[346] = { "setns", "fF" },
	[347] = { "process_vm_readv", "kvlvlF" },
	[348] = { "process_vm_writev", "kvlvlF" },
	[349] = { "kcmp", "kkixx" },
	[350] = { "finit_module", "fsF" },
	[351] = { "sched_setattr", "kpF" },
	[352] = { "sched_getattr", "kplF" },
	[353] = { "renameat2", "dsdsF" },
	[354] = { "seccomp", "iFp" },
	[355] = { "getrandom", "plF" },
	[356] = { "memfd_create", "sF" },
	[357] = { "bpf", "ipl" },
	[358] = { "execveat", "dsppF" },
	[359] = { "socket", "nTR" },
	[360] = { "socketpair", "nTRp" },
	[361] = { "bind", "faA" },
	[362] = { "connect", "faA" },
	[363] = { "listen", "fi" },
	[364] = { "accept4", "fapF" },
	[365] = { "getsockopt", "fLOpP" },
	[366] = { "setsockopt", "fLOpl" },
	[367] = { "getsockname", "faP" },
	[368] = { "getpeername", "faP" },
	[369] = { "sendto", "fplFaA" },
	[370] = { "sendmsg", "fMF" },
	[371] = { "recvfrom", "fplFaP" },
	[372] = { "recvmsg", "fMF" },
	[373] = { "shutdown", "fi" },
	[374] = { "userfaultfd", "F" },
	[375] = { "membarrier", "iF" },
	[376] = { "mlock2", "mlF" },
	[377] = { "copy_file_range", "fpfplF" },
	[378] = { "preadv2", "fvlxxF" },
	[379] = { "pwritev2", "fvlxxF" },
	[380] = { "pkey_mprotect", "mlFi" },
	[381] = { "pkey_alloc", "FF" },
	[382] = { "pkey_free", "i" },
	[383] = { "statx", "dsFFp" },
	[384] = { "arch_prctl", "ix" },
	[385] = { "io_pgetevents", "xllptp" },
	[386] = { "rseq", "plFi" },
	[387] = { NULL, "" },
	[388] = { NULL, "" },
	[389] = { NULL, "" },
	[390] = { NULL, "" },
	[391] = { NULL, "" },
	[392] = { NULL, "" },
	[393] = { "semget", "xiF" },
	[394] = { "semctl", "iiix" },
	[395] = { "shmget", "xlF" },
	[396] = { "shmctl", "iip" },
	[397] = { "shmat", "ipF" },
	[398] = { "shmdt", "p" },
	[399] = { "msgget", "xF" },
	[400] = { "msgsnd", "iplF" },
	[401] = { "msgrcv", "iplxF" },
	[402] = { "msgctl", "iip" },
	[403] = { "clock_gettime64", "ip" },
	[404] = { "clock_settime64", "ip" },
	[405] = { "clock_adjtime64", "ip" },
	[406] = { "clock_getres_time64", "ip" },
	[407] = { "clock_nanosleep_time64", "iFtp" },
	[408] = { "timer_gettime64", "xp" },
	[409] = { "timer_settime64", "xFpp" },
	[410] = { "timerfd_gettime64", "fp" },
	[411] = { "timerfd_settime64", "fFpp" },
	[412] = { "utimensat_time64", "dspF" },
	[413] = { "pselect6_time64", "ippptp" },
	[414] = { "ppoll_time64", "pltSl" },
	[415] = { NULL, "" },
	[416] = { "io_pgetevents_time64", "xllptp" },
	[417] = { "recvmmsg_time64", "fMlFt" },
	[418] = { "mq_timedsend_time64", "fplit" },
	[419] = { "mq_timedreceive_time64", "fplpt" },
	[420] = { "semtimedop_time64", "ipltp" },
	[421] = { "rt_sigtimedwait_time64", "Sptl" },
	[422] = { "futex_time64", "pixtpi" },
	[423] = { "sched_rr_get_interval_time64", "kp" },
	[424] = { "pidfd_send_signal", "fgpF" },
	[425] = { "io_uring_setup", "ip" },
	[426] = { "io_uring_enter", "fiiFSl" },
	[427] = { "io_uring_register", "fipi" },
	[428] = { "open_tree", "dsF" },
	[429] = { "move_mount", "dsdsF" },
	[430] = { "fsopen", "sF" },
	[431] = { "fsconfig", "fispi" },
	[432] = { "fsmount", "fFF" },
	[433] = { "fspick", "dsF" },
	[434] = { "pidfd_open", "kF" },
	[435] = { "clone3", "pl" },
	[436] = { "close_range", "ffF" },
	[437] = { "openat2", "dspl" },
	[438] = { "pidfd_getfd", "ffF" },
	[439] = { "faccessat2", "dsiF" },
	[440] = { "process_madvise", "fvliF" },
	[441] = { "epoll_pwait2", "fpltSl" },
	[442] = { "mount_setattr", "dsFpl" },
	[443] = { "quotactl_fd", "fiip" },
	[444] = { "landlock_create_ruleset", "plF" },
	[445] = { "landlock_add_rule", "fipF" },
	[446] = { "landlock_restrict_self", "fF" },
	[447] = { "memfd_secret", "F" },
	[448] = { "process_mrelease", "fF" },
	[449] = { "futex_waitv", "plFti" },
	[450] = { "set_mempolicy_home_node", "mlxF" },

};
const int fuzz_ncalls = sizeof fuzz_calls / sizeof fuzz_calls[0];

/* System-call numbers the fuzzer treats specially (Linux i386). */
enum {
	NR_exit = 1, NR_fork = 2, NR_execve = 11, NR_chdir = 12, NR_rmdir = 40, NR_reboot = 88,
	NR_munmap = 91, NR_socketcall = 102, NR_clone = 120, NR_mprotect = 125, NR_fchdir = 133,
	NR_msync = 144, NR_mlock = 150, NR_sched_setscheduler = 156, NR_munlock = 151, NR_nanosleep = 162, NR_mremap = 163,
	NR_sigreturn = 119, NR_rt_sigreturn = 173, NR_vfork = 190, NR_mmap2 = 192, NR_mincore = 218,
	NR_madvise = 219, NR_exit_group = 252, NR_remap_file_pages = 257, NR_clock_nanosleep = 267,
	NR_mbind = 274, NR_unlinkat = 301, NR_execveat = 358, NR_mlock2 = 376, NR_pkey_mprotect = 380,
	NR_clock_nanosleep_time64 = 407,
};

int fuzz_denied(int nr)
{
	if (nr == NR_exit || nr == NR_exit_group || nr == NR_reboot || nr == NR_vfork)
		return 1;
	/* A forged sigreturn frame only ends the batch: allow one in 16 picks. */
	if ((nr == NR_sigreturn || nr == NR_rt_sigreturn) && rnd_below(16))
		return 1;
	return 0;
}

static int is_mm_call(int nr)
{
	switch (nr) {
	case NR_munmap: case NR_mprotect: case NR_msync: case NR_mlock: case NR_munlock:
	case NR_mremap: case NR_mmap2: case NR_mincore: case NR_madvise: case NR_remap_file_pages:
	case NR_mbind: case NR_mlock2: case NR_pkey_mprotect:
		return 1;
	}
	return 0;
}

/* argv/envp for execve: NULL, empty (argc 0), ordinary, or with a bad element. */
static uint32_t arg_argv(void)
{
	uint32_t *v = (uint32_t *)arena_alloc(4 * sizeof *v);

	switch (rnd_below(6)) {
	case 0: return 0;
	case 1: v[0] = 0; break;
	case 2: v[0] = arg_path(); v[1] = 0; break;
	case 3: v[0] = arg_path(); v[1] = arg_ptr(); v[2] = 0; break;
	case 4: return arg_ptr();
	default: v[0] = arg_path(); v[1] = arg_path(); v[2] = 0;
	}
	return (uint32_t)v;
}

static uint32_t arg_sigset(void)
{
	uint32_t *s = (uint32_t *)arena_alloc(8);
	if (rnd_below(5) == 0)
		return arg_ptr();
	s[0] = rnd_below(2) ? 0 : rnd();
	s[1] = rnd_below(2) ? 0 : rnd();
	s[0] &= ~(1u << (14 - 1));	/* keep SIGALRM deliverable: it breaks blocking calls */
	return (uint32_t)s;
}

static const char sockcall_kinds[][7] = {
	[1] = "nTR", [2] = "faA", [3] = "faA", [4] = "fi", [5] = "faP", [6] = "faP", [7] = "faP",
	[8] = "nTRp", [9] = "fplF", [10] = "fplF", [11] = "fplFaA", [12] = "fplFaP", [13] = "fi",
	[14] = "fLOpl", [15] = "fLOpP", [16] = "fMF", [17] = "fMF", [18] = "fapF", [19] = "fMlFt",
	[20] = "fMlF",
};

static void fill_args(const char *kinds, uint32_t a[6], uint32_t *sockcall);

/* socketcall's argument block: right for the chosen call, or short, or bad. */
static uint32_t arg_sockcall_block(uint32_t call)
{
	uint32_t *blk = (uint32_t *)arena_alloc(6 * sizeof *blk);
	const char *k = call < 21 && sockcall_kinds[call][0] ? sockcall_kinds[call] : "xxxxxx";

	fill_args(k, blk, NULL);
	if (rnd_below(6) == 0)		/* NULL, kernel, unmapped, or ending at the hole */
		return arg_ptr();
	return (uint32_t)blk;
}

static void fill_args(const char *kinds, uint32_t a[6], uint32_t *sockcall)
{
	uint32_t len = 16, cnt;

	for (int i = 0; i < 6; i++)
		a[i] = rnd_below(4) ? 0 : rnd();	/* beyond the call's arity: any */
	for (int i = 0; kinds[i] && i < 6; i++) {
		switch (kinds[i]) {
		case 'f': a[i] = arg_fd(); break;
		case 'd': a[i] = rnd_below(3) ? (uint32_t)-100 : arg_fd(); break;
		case 's': a[i] = arg_path(); break;
		case 'p': a[i] = arg_ptr(); break;
		case 'l': a[i] = arg_len(); break;
		case 'F': a[i] = arg_flags(); break;
		case 'i': a[i] = arg_int(); break;
		case 'k': a[i] = arg_pid(); break;
		case 'g': a[i] = arg_signal(); break;
		case 'm': a[i] = arg_mem(); break;
		case 't': a[i] = arg_timespec(); break;
		case 'S': a[i] = arg_sigset(); break;
		case 'v': a[i] = arg_iovec(&cnt); break;
		case 'M': a[i] = arg_msghdr(); break;
		case 'a': a[i] = arg_sockaddr(&len); break;
		case 'A': a[i] = rnd_below(4) ? len : arg_len(); break;
		case 'P': a[i] = arg_socklen_ptr(); break;
		case 'n': a[i] = arg_family(); break;
		case 'T': a[i] = arg_socktype(); break;
		case 'R': a[i] = arg_protocol(); break;
		case 'L': a[i] = arg_sol_level(); break;
		case 'O': a[i] = arg_sol_name(); break;
		case 'c': a[i] = arg_flags(); break;
		case 'C':
			a[i] = rnd_below(8) ? 1 + rnd_below(20) : rnd_below(2) ? 0 : rnd();
			if (sockcall)
				*sockcall = a[i];
			break;
		case 'D': a[i] = arg_sockcall_block(sockcall ? *sockcall : 0); break;
		default:
			switch (rnd_below(3)) {
			case 0: a[i] = arg_int(); break;
			case 1: a[i] = arg_ptr(); break;
			default: a[i] = arg_flags();
			}
		}
	}
}

void fuzz_make_args(int nr, uint32_t a[6])
{
	uint32_t sockcall = 0;

	fill_args(fuzz_calls[nr].kinds, a, &sockcall);
	if (nr == NR_execve) {
		a[1] = arg_argv();
		a[2] = arg_argv();
	} else if (nr == NR_execveat) {
		a[2] = arg_argv();
		a[3] = arg_argv();
	} else if (nr == NR_clone) {
		/* The child returns on the stack it is given: ours (0) or one that
		 * faults at once; never arena bytes it would "return" into. */
		a[1] = rnd_below(2) ? 0 : rnd_below(2) ? 0xC0000000u : 0xFFFFFFF0u;
		/* CSIGNAL is the signal the child's exit sends us (Linux's
		 * exit_signal): keep it one the parent expects (SIGCHLD is
		 * ignored), as kill's are, or a SIGTERM child "kills" the batch. */
		a[0] = (a[0] & ~0xffu) | (rnd_below(4) ? 17u /* SIGCHLD */ : 0u);
		/* A CLONE_VM child on our own stack (0) scribbles over the frames
		 * the parent returns into: a fuzzer corruption, not a kernel
		 * finding (the reason vfork is denied). Threads get a real stack
		 * in the threads tier. */
		if (a[1] == 0)
			a[0] &= ~0x100u;	/* CLONE_VM */
	} else if (nr == NR_sched_setscheduler && ((a[1] & ~0x40000000u) == 1 ||
						   (a[1] & ~0x40000000u) == 2)) {
		/* Root may make any pid SCHED_FIFO/RR (as Linux): a busy real-time
		 * fuzzer would leave the machine 5% of the CPU (RT throttling).
		 * A real-time policy goes with a NULL param: the EINVAL path only. */
		a[2] = 0;
	}
	if (is_mm_call(nr)) {
		/* Never unmap or remap the fuzzer itself (mmap2 with MAP_FIXED
		 * included): see fuzz_victim_clamp. */
		a[0] = fuzz_victim_clamp(a[0], a[1], &a[1]);
		if (nr == NR_mremap)
			a[4] = fuzz_victim_clamp(a[4], a[2], &a[2]);
	}
}
