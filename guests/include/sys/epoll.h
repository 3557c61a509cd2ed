/*
 * sys/epoll.h — Linux's epoll, which wasi-libc does not have. Implemented by
 * guests/libcove/epoll.c over the `cove` import module (epoll_create1, epoll_ctl,
 * epoll_pwait; see cove.h), with Linux's semantics and errnos: level- and
 * edge-triggered, EPOLLONESHOT, EPOLLEXCLUSIVE, nesting with loop detection, and
 * interest keyed by (fd, open file description), so that closing the last fd of a
 * description removes it from every epoll set.
 *
 * struct epoll_event is {uint32_t events; epoll_data_t data;}: 16 bytes on wasm32, the
 * data at offset 8 (glibc packs it only on x86_64; so does nothing here).
 * EPOLL_CLOEXEC is Cove's O_CLOEXEC. The sigmask of epoll_pwait is accepted and checked
 * for a valid pointer; Cove has no signal handlers yet, so there is nothing for it to
 * change.
 */
#ifndef COVE_SYS_EPOLL_H
#define COVE_SYS_EPOLL_H

#include <stdint.h>

#define __NEED_sigset_t
#include <bits/alltypes.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EPOLL_CLOEXEC 0x20000000 /* COVE_O_CLOEXEC, as fcntl.h's O_CLOEXEC */

#define EPOLL_CTL_ADD 1
#define EPOLL_CTL_DEL 2
#define EPOLL_CTL_MOD 3

#define EPOLLIN 0x001u
#define EPOLLPRI 0x002u
#define EPOLLOUT 0x004u
#define EPOLLERR 0x008u
#define EPOLLHUP 0x010u
#define EPOLLNVAL 0x020u
#define EPOLLRDNORM 0x040u
#define EPOLLRDBAND 0x080u
#define EPOLLWRNORM 0x100u
#define EPOLLWRBAND 0x200u
#define EPOLLMSG 0x400u
#define EPOLLRDHUP 0x2000u
#define EPOLLEXCLUSIVE (1u << 28)
#define EPOLLWAKEUP (1u << 29)
#define EPOLLONESHOT (1u << 30)
#define EPOLLET (1u << 31)

typedef union epoll_data {
  void *ptr;
  int fd;
  uint32_t u32;
  uint64_t u64;
} epoll_data_t;

struct epoll_event {
  uint32_t events;
  epoll_data_t data;
};

int epoll_create(int);
int epoll_create1(int);
int epoll_ctl(int, int, int, struct epoll_event *);
int epoll_wait(int, struct epoll_event *, int, int);
int epoll_pwait(int, struct epoll_event *, int, int, const sigset_t *);

#ifdef __cplusplus
}
#endif

#endif
