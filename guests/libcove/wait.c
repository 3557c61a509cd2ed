/* wait, waitpid, wait3, wait4 over cove.wait4. */
#define _GNU_SOURCE
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "libcove.h"

pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru)
{
  int32_t ret;
  if (__libcove_ret(__cove_wait4(pid, status, options, &ret)) < 0) return -1;
  if (ru) memset(ru, 0, sizeof *ru); /* no accounting of children's resource use */
  return ret;
}

pid_t wait3(int *status, int options, struct rusage *ru)
{
  return wait4(-1, status, options, ru);
}

pid_t waitpid(pid_t pid, int *status, int options)
{
  return wait4(pid, status, options, 0);
}

pid_t wait(int *status)
{
  return wait4(-1, status, 0, 0);
}
