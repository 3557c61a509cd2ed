/* Raw WASI poll_oneoff on stdin (a pipe the test writes to), built with plain clang +
 * wasi-libc: no Cove headers. Prints what each poll saw; the test feeds stdin between
 * the "waiting" lines. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

static __wasi_subscription_t fd_sub(uint8_t tag, int fd, uint64_t user)
{
  __wasi_subscription_t s;
  memset(&s, 0, sizeof s);
  s.userdata = user;
  s.u.tag = tag;
  if (tag == __WASI_EVENTTYPE_FD_READ) s.u.u.fd_read.file_descriptor = fd;
  else s.u.u.fd_write.file_descriptor = fd;
  return s;
}

static __wasi_subscription_t clock_sub(uint64_t ns, uint64_t user)
{
  __wasi_subscription_t s;
  memset(&s, 0, sizeof s);
  s.userdata = user;
  s.u.tag = __WASI_EVENTTYPE_CLOCK;
  s.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  s.u.u.clock.timeout = ns;
  return s;
}

static void show(const char *what, __wasi_subscription_t *subs, size_t n)
{
  __wasi_event_t ev[8];
  size_t got = 0;
  __wasi_errno_t err = __wasi_poll_oneoff(subs, ev, n, &got);
  printf("%s: errno %d, %zu event(s)", what, err, got);
  for (size_t i = 0; i < got; i++) {
    printf(" [user %llu type %d error %d", (unsigned long long)ev[i].userdata, ev[i].type, ev[i].error);
    if (ev[i].type != __WASI_EVENTTYPE_CLOCK)
      printf(" nbytes %llu hangup %d", (unsigned long long)ev[i].fd_readwrite.nbytes,
             (ev[i].fd_readwrite.flags & __WASI_EVENTRWFLAGS_FD_READWRITE_HANGUP) ? 1 : 0);
    printf("]");
  }
  printf("\n");
  fflush(stdout);
}

int main(void)
{
  __wasi_subscription_t subs[3];
  subs[0] = fd_sub(__WASI_EVENTTYPE_FD_READ, 0, 1);
  subs[1] = clock_sub(0, 2);
  show("empty open pipe, timeout 0", subs, 2);
  subs[1] = clock_sub(50 * 1000000ull, 2);
  show("empty open pipe, timeout 50 ms", subs, 2);
  subs[1] = fd_sub(__WASI_EVENTTYPE_FD_WRITE, 1, 3);
  show("stdout writable", subs + 1, 1);
  subs[1] = fd_sub(__WASI_EVENTTYPE_FD_READ, 99, 4);
  show("bad fd", subs + 1, 1);
  printf("waiting for data\n");
  fflush(stdout);
  show("blocking, data arrives", subs, 1);
  char buf[64];
  ssize_t n = read(0, buf, sizeof buf);
  printf("read %zd: %.*s\n", n, (int)(n > 0 ? n : 0), buf);
  subs[1] = clock_sub(0, 2);
  show("drained, timeout 0", subs, 2);
  printf("waiting for end of file\n");
  fflush(stdout);
  show("blocking, writer closes", subs, 1);
  n = read(0, buf, sizeof buf);
  printf("read %zd\n", n);
  return 0;
}
