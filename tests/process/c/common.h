/* Shared by the process test programs. They build both natively (gcc, glibc) and with
 * `cove cc`, and must print the same transcript on Linux and on Cove: so they print
 * errno names (not numbers or messages, which differ between libcs) and relations
 * between fds or pids (not their values, which differ: Cove has preopens at 3...). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

__attribute__((unused)) static const char *errname(int e)
{
  switch (e) {
  case 0: return "OK";
#define N(x) case x: return #x;
    N(E2BIG) N(EACCES) N(EAGAIN) N(EBADF) N(EBUSY) N(ECHILD) N(EEXIST) N(EFAULT) N(EINTR) N(EINVAL)
    N(EIO) N(EISDIR) N(EMFILE) N(ENOENT) N(ENOEXEC) N(ENOMEM) N(ENOSYS) N(ENOTDIR) N(ENOTSUP)
    N(ENOTTY) N(EPERM) N(EPIPE) N(ESPIPE) N(ESRCH)
#undef N
  default: return "E?";
  }
}

/* "what: value", or "what: -1 ENAME" when r < 0. */
__attribute__((unused)) static long show(const char *what, long r)
{
  if (r < 0) printf("%s: -1 %s\n", what, errname(errno));
  else printf("%s: %ld\n", what, r);
  return r;
}

/* A wait status as text. */
__attribute__((unused)) static const char *status_text(int st)
{
  static char buf[64];
  if (WIFEXITED(st)) snprintf(buf, sizeof buf, "exited %d", WEXITSTATUS(st));
  else if (WIFSIGNALED(st)) snprintf(buf, sizeof buf, "killed by %d", WTERMSIG(st));
  else snprintf(buf, sizeof buf, "status %#x", st);
  return buf;
}
