/* getpid and getppid over cove.getpid / cove.getppid. getpid replaces wasi-libc's
 * emulated one (-lwasi-emulated-getpid comes after libcove on the link line). */
#define _GNU_SOURCE
#include <unistd.h>

#include "libcove.h"

pid_t getpid(void)
{
  int32_t pid = 0;
  __cove_getpid(&pid); /* cannot fail */
  return pid;
}

pid_t getppid(void)
{
  int32_t pid = 0;
  __cove_getppid(&pid);
  return pid;
}
