/* eventfd over cove.eventfd; eventfd_read/eventfd_write are read(2)/write(2) of 8 bytes. */
#include <sys/eventfd.h>
#include <unistd.h>

#include "libcove.h"

int eventfd(unsigned int initval, int flags)
{
  int32_t fd;
  if (__libcove_ret(__cove_eventfd(initval, flags, &fd)) < 0) return -1;
  return fd;
}

int eventfd_read(int fd, eventfd_t *value)
{
  return read(fd, value, sizeof *value) == (ssize_t)sizeof *value ? 0 : -1;
}

int eventfd_write(int fd, eventfd_t value)
{
  return write(fd, &value, sizeof value) == (ssize_t)sizeof value ? 0 : -1;
}
