/* ioctl over cove.ioctl: FIONREAD and FIONBIO (wasi-libc's numbers, sys/ioctl.h); any
 * other request is ENOTTY. Replaces wasi-libc's ioctl (alone in its object, like fcntl). */
#define _GNU_SOURCE
#include <stdarg.h>
#include <sys/ioctl.h>

#include "libcove.h"

int ioctl(int fd, int request, ...)
{
  va_list ap;
  va_start(ap, request);
  void *argp = va_arg(ap, void *);
  va_end(ap);
  return __libcove_ret(__cove_ioctl(fd, request, argp));
}
