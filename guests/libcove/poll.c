/* poll(2) over WASI poll_oneoff, with Linux's revents. It replaces wasi-libc's poll
 * (libcove comes first on the link line; wasi-libc's poll.o defines nothing else).
 * wasi-libc's reports a read end whose writers are gone as POLLIN|POLLHUP (Linux:
 * POLLHUP alone while there is nothing to read) and a write end whose readers are
 * gone as POLLHUP (Linux: POLLOUT|POLLERR). The constants stay wasi-libc's (POLLIN
 * is POLLRDNORM, ...): only the bits set differ.
 *
 * Kept from wasi-libc: an fd whose events ask for neither reading nor writing is
 * ENOSYS (poll_oneoff has no subscription for "errors only"), and poll with nothing
 * to wait for and no timeout is ENOTSUP. */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

/* Subscriptions and events for up to this many fds live on the stack (wasm stacks are
 * small: 64 KiB by default); more are malloc'd. */
#define ON_STACK 32

int poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
  size_t max = 2 * nfds + 1;
  __wasi_subscription_t stack_subs[2 * ON_STACK + 1];
  __wasi_event_t stack_events[2 * ON_STACK + 1];
  __wasi_subscription_t *subs = stack_subs;
  __wasi_event_t *events = stack_events;
  if (nfds > ON_STACK) {
    if (nfds > (SIZE_MAX - 1) / 2 / sizeof *subs) {
      errno = EINVAL;
      return -1;
    }
    subs = malloc(max * sizeof *subs);
    events = malloc(max * sizeof *events);
    if (!subs || !events) {
      free(subs);
      free(events);
      errno = ENOMEM;
      return -1;
    }
  }
  int ret = -1;
  size_t n = 0;
  for (nfds_t i = 0; i < nfds; i++) {
    struct pollfd *p = &fds[i];
    if (p->fd < 0) continue;
    bool any = false;
    if (p->events & POLLRDNORM) {
      subs[n++] = (__wasi_subscription_t){
        .userdata = (uintptr_t)p,
        .u.tag = __WASI_EVENTTYPE_FD_READ,
        .u.u.fd_read.file_descriptor = p->fd,
      };
      any = true;
    }
    if (p->events & POLLWRNORM) {
      subs[n++] = (__wasi_subscription_t){
        .userdata = (uintptr_t)p,
        .u.tag = __WASI_EVENTTYPE_FD_WRITE,
        .u.u.fd_write.file_descriptor = p->fd,
      };
      any = true;
    }
    if (!any) {
      errno = ENOSYS;
      goto out;
    }
  }
  if (timeout >= 0) {
    subs[n++] = (__wasi_subscription_t){
      .userdata = 0,
      .u.tag = __WASI_EVENTTYPE_CLOCK,
      .u.u.clock.id = __WASI_CLOCKID_MONOTONIC,
      .u.u.clock.timeout = (__wasi_timestamp_t)timeout * 1000000,
    };
  }
  size_t nevents;
  __wasi_errno_t err = n ? __wasi_poll_oneoff(subs, events, n, &nevents) : __WASI_ERRNO_INVAL;
  if (err) {
    errno = n ? err : ENOTSUP;
    goto out;
  }
  for (nfds_t i = 0; i < nfds; i++) fds[i].revents = 0;
  for (size_t i = 0; i < nevents; i++) {
    const __wasi_event_t *ev = &events[i];
    if (ev->type != __WASI_EVENTTYPE_FD_READ && ev->type != __WASI_EVENTTYPE_FD_WRITE) continue;
    struct pollfd *p = (struct pollfd *)(uintptr_t)ev->userdata;
    bool hangup = (ev->fd_readwrite.flags & __WASI_EVENTRWFLAGS_FD_READWRITE_HANGUP) != 0;
    if (ev->error == __WASI_ERRNO_BADF) p->revents |= POLLNVAL;
    else if (ev->type == __WASI_EVENTTYPE_FD_WRITE && ev->error == __WASI_ERRNO_PIPE) p->revents |= POLLWRNORM | POLLERR;
    else if (ev->error) p->revents |= POLLERR;
    else if (ev->type == __WASI_EVENTTYPE_FD_READ) {
      /* Readable when there is something to read, or the file cannot tell (nbytes 0
       * without a hang-up); a hang-up with nothing left is POLLHUP alone. */
      if (ev->fd_readwrite.nbytes > 0 || !hangup) p->revents |= POLLRDNORM;
      if (hangup) p->revents |= POLLHUP;
    } else {
      p->revents |= hangup ? POLLHUP : POLLWRNORM;
    }
  }
  ret = 0;
  for (nfds_t i = 0; i < nfds; i++)
    if (fds[i].revents) ret++;
out:
  if (subs != stack_subs) {
    free(subs);
    free(events);
  }
  return ret;
}
