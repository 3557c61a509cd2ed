/* fcntl over cove.fcntl. It replaces wasi-libc's (which knows only F_GETFD/F_SETFD/
 * F_GETFL/F_SETFL): libcove comes first on the link line, and wasi-libc's fcntl.o
 * defines nothing else, so it is never pulled in beside this one. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdarg.h>

#include "libcove.h"

int fcntl(int fd, int cmd, ...)
{
  int arg = 0;
  switch (cmd) {
  case F_DUPFD:
  case F_DUPFD_CLOEXEC:
  case F_SETFD:
  case F_SETFL:
  case F_SETPIPE_SZ: {
    /* Only the commands that take an argument may read one. */
    va_list ap;
    va_start(ap, cmd);
    arg = va_arg(ap, int);
    va_end(ap);
    break;
  }
  }
  int32_t ret;
  if (__libcove_ret(__cove_fcntl(fd, cmd, arg, &ret)) < 0) return -1;
  return ret;
}
