/*
 * sys/eventfd.h — Linux's eventfd, implemented by guests/libcove/eventfd.c over
 * cove.eventfd. This replaces wasi-libc's header (which declares the calls without
 * implementing them, with EFD_CLOEXEC as wasi-libc's O_CLOEXEC, 0): here the flags are
 * Cove's, EFD_CLOEXEC = O_CLOEXEC (0x20000000) and EFD_NONBLOCK = O_NONBLOCK.
 *
 * Semantics are Linux's: read(2) of at least 8 bytes returns the counter and resets it
 * (EFD_SEMAPHORE: returns 1 and decrements), blocking or EAGAIN at zero; write(2) of
 * at least 8 bytes adds, blocking or EAGAIN while the sum would exceed
 * 0xfffffffffffffffe; writing 0xffffffffffffffff is EINVAL; shorter buffers are EINVAL.
 */
#ifndef COVE_SYS_EVENTFD_H
#define COVE_SYS_EVENTFD_H
#define _SYS_EVENTFD_H /* keep wasi-libc's out */

#include <fcntl.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint64_t eventfd_t;

#define EFD_SEMAPHORE 1
#define EFD_CLOEXEC 0x20000000 /* COVE_O_CLOEXEC, as fcntl.h's O_CLOEXEC */
#define EFD_NONBLOCK O_NONBLOCK

int eventfd(unsigned int, int);
int eventfd_read(int, eventfd_t *);
int eventfd_write(int, eventfd_t);

#ifdef __cplusplus
}
#endif

#endif
