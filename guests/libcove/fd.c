/* pipe, pipe2, dup, dup2, dup3 over cove.pipe2 / cove.dup / cove.dup3. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>

#include "libcove.h"

int pipe2(int fds[2], int flags)
{
  return __libcove_ret(__cove_pipe2(fds, flags));
}

int pipe(int fds[2])
{
  return pipe2(fds, 0);
}

int dup(int fd)
{
  int32_t newfd;
  if (__libcove_ret(__cove_dup(fd, &newfd)) < 0) return -1;
  return newfd;
}

int dup3(int oldfd, int newfd, int flags)
{
  if (__libcove_ret(__cove_dup3(oldfd, newfd, flags)) < 0) return -1;
  return newfd;
}

int dup2(int oldfd, int newfd)
{
  /* dup2(fd, fd) does nothing but check that fd is open (dup3 gives EINVAL). */
  if (oldfd == newfd) return fcntl(oldfd, F_GETFD) < 0 ? -1 : newfd;
  return dup3(oldfd, newfd, 0);
}
