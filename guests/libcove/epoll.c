/* epoll_create, epoll_create1, epoll_ctl, epoll_wait, epoll_pwait over cove.epoll_*. */
#include <sys/epoll.h>
#include <stddef.h>

#include "libcove.h"

/* The kernel reads {u32 events; u32 pad; u64 data} (cove.h). */
_Static_assert(sizeof(struct epoll_event) == 16, "struct epoll_event is 16 bytes");
_Static_assert(offsetof(struct epoll_event, data) == 8, "epoll_data at offset 8");

int epoll_create1(int flags)
{
  int32_t fd;
  if (__libcove_ret(__cove_epoll_create1(flags, &fd)) < 0) return -1;
  return fd;
}

int epoll_create(int size)
{
  /* Linux: the size is only a hint, but it must be positive. */
  if (size <= 0) {
    errno = EINVAL;
    return -1;
  }
  return epoll_create1(0);
}

int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event)
{
  return __libcove_ret(__cove_epoll_ctl(epfd, op, fd, event));
}

int epoll_pwait(int epfd, struct epoll_event *events, int maxevents, int timeout, const sigset_t *sigmask)
{
  int32_t n;
  if (__libcove_ret(__cove_epoll_pwait(epfd, events, maxevents, timeout, sigmask, &n)) < 0) return -1;
  return n;
}

int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout)
{
  return epoll_pwait(epfd, events, maxevents, timeout, NULL);
}
