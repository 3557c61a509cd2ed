/*
 * fcntl.h — wasi-libc's, with Linux's O_CLOEXEC (wasi-libc defines it as 0, having no
 * exec) and the fcntl commands Cove implements: F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD,
 * F_SETFD, F_GETFL, F_SETFL and, with _GNU_SOURCE, F_SETPIPE_SZ / F_GETPIPE_SZ.
 * fcntl() itself is libcove's (it replaces wasi-libc's).
 *
 * O_CLOEXEC is honoured by pipe2, dup3 and posix_spawn's open actions. wasi-libc's
 * open() and openat() drop the bit, so after open(..., O_CLOEXEC) use
 * fcntl(fd, F_SETFD, FD_CLOEXEC).
 */
#ifndef COVE_FCNTL_H
#define COVE_FCNTL_H

#include_next <fcntl.h>

#undef O_CLOEXEC
#define O_CLOEXEC 0x20000000 /* COVE_O_CLOEXEC */

#ifndef F_DUPFD
#define F_DUPFD 0
#endif
#ifndef F_DUPFD_CLOEXEC
#define F_DUPFD_CLOEXEC 1030
#endif

#ifdef _GNU_SOURCE
#ifndef F_SETPIPE_SZ
#define F_SETPIPE_SZ 1031
#endif
#ifndef F_GETPIPE_SZ
#define F_GETPIPE_SZ 1032
#endif
#endif

#endif
