/* epoll: the epoll benchmarks' guest (bench/epoll.ts). Built with `cove cc` (Cove's
 * sys/epoll.h and libcove) as epoll.wasm, and natively with gcc for the reference.
 *
 *   epoll scale N CALLS   N pipes, their read ends registered in one epoll, one pipe
 *                         ready (1 byte in it). Times CALLS x epoll_wait(timeout 0)
 *                         (level-triggered: each returns the one ready pipe; after
 *                         50,000 untimed calls) in 10 batches, and reports the median
 *                         batch scaled to CALLS (preempted batches do not count), then
 *                         poll() over the same N read ends, timeout 0, enough calls
 *                         for ~1/8 s. Prints
 *                           scale N epoll_wait CALLS calls NS ns
 *                           scale N poll CALLS calls NS ns
 *                         The pipes are shrunk to one page (F_SETPIPE_SZ 4096): the
 *                         kernel's pipe buffers are not what is measured.
 *   epoll pingpong N SELF N round trips between this process and a child (SELF pong,
 *                         started with posix_spawn) through two eventfds, each side
 *                         blocking in epoll_wait(-1). Prints
 *                           pingpong N round trips NS ns median MED ns
 *   epoll pong EFD_IN EFD_OUT   the child's side.
 *
 * Integer arithmetic only in the output (no floating-point printf).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static int64_t now_ns(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int die(const char *what)
{
  fprintf(stderr, "epoll: %s: %s\n", what, strerror(errno));
  return 1;
}

static int cmp64(const void *a, const void *b)
{
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

static int scale(long n, long calls)
{
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl)) return die("getrlimit");
  rlim_t need = (rlim_t)n * 2 + 64;
  if (rl.rlim_cur < need) {
    rl.rlim_cur = need;
    if (rl.rlim_max < need) rl.rlim_max = need;
    if (setrlimit(RLIMIT_NOFILE, &rl)) return die("setrlimit (N pipes need 2N fds)");
  }
  int ep = epoll_create1(0);
  if (ep < 0) return die("epoll_create1");
  int *rd = malloc((size_t)n * sizeof *rd);
  struct pollfd *pfd = malloc((size_t)n * sizeof *pfd);
  if (!rd || !pfd) return die("malloc");
  int ready_w = -1;
  for (long i = 0; i < n; i++) {
    int p[2];
    if (pipe(p)) return die("pipe");
    if (fcntl(p[0], F_SETPIPE_SZ, 4096) < 0) return die("F_SETPIPE_SZ");
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = (uint64_t)i };
    if (epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev)) return die("epoll_ctl");
    rd[i] = p[0];
    pfd[i] = (struct pollfd){ .fd = p[0], .events = POLLIN };
    if (i == n / 2) ready_w = p[1]; /* the write ends stay open: no hang-ups */
  }
  if (write(ready_w, "x", 1) != 1) return die("write");

  struct epoll_event evs[64];
  for (int i = 0; i < 50000; i++) /* warm-up (a JIT warms up too) */
    if (epoll_wait(ep, evs, 64, 0) != 1) return die("epoll_wait (warm-up)");
  /* BATCHES batches; the figure is the median batch (a batch that was preempted on
   * this shared machine does not count), scaled to all the calls. */
  enum { BATCHES = 10 };
  int64_t batch[BATCHES];
  long per = calls / BATCHES > 0 ? calls / BATCHES : 1;
  for (int b = 0; b < BATCHES; b++) {
    int64_t t0 = now_ns();
    for (long i = 0; i < per; i++) {
      if (epoll_wait(ep, evs, 64, 0) != 1 || evs[0].data.u64 != (uint64_t)(n / 2)) return die("epoll_wait");
    }
    batch[b] = now_ns() - t0;
  }
  qsort(batch, BATCHES, sizeof batch[0], cmp64);
  printf("scale %ld epoll_wait %ld calls %lld ns\n", n, per * BATCHES, (long long)((batch[BATCHES / 2 - 1] + batch[BATCHES / 2]) / 2 * BATCHES));
  fflush(stdout);

  /* poll: as many calls as fit in ~1/8 s (at least 3), after one warm-up call. */
  if (poll(pfd, (nfds_t)n, 0) != 1) return die("poll (warm-up)");
  long pc = 0;
  int64_t p0 = now_ns(), p1 = p0;
  while (pc < calls && (pc < 3 || p1 - p0 < 125000000)) {
    if (poll(pfd, (nfds_t)n, 0) != 1) return die("poll");
    pc++;
    p1 = now_ns();
  }
  printf("scale %ld poll %ld calls %lld ns\n", n, pc, (long long)(p1 - p0));
  return 0;
}

/* Blocks in epoll_wait until `from` is readable, then reads it. */
static int await(int ep, int from)
{
  struct epoll_event ev;
  for (;;) {
    int r = epoll_wait(ep, &ev, 1, -1);
    if (r == 1) break;
    if (r < 0 && errno != EINTR) return -1;
  }
  eventfd_t v;
  return eventfd_read(from, &v);
}

static int pingpong(long n, const char *self)
{
  int to = eventfd(0, EFD_CLOEXEC), from = eventfd(0, EFD_CLOEXEC);
  if (to < 0 || from < 0) return die("eventfd");
  /* The child gets them without FD_CLOEXEC, at known numbers. */
  int cto = dup(to), cfrom = dup(from);
  char a[16], b[16];
  snprintf(a, sizeof a, "%d", cto);
  snprintf(b, sizeof b, "%d", cfrom);
  char *argv[] = { (char *)self, "pong", a, b, NULL };
  pid_t pid;
  int err = posix_spawn(&pid, self, NULL, NULL, argv, environ);
  if (err) {
    errno = err;
    return die(self);
  }
  close(cto);
  close(cfrom);
  int ep = epoll_create1(0);
  struct epoll_event ev = { .events = EPOLLIN };
  if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, from, &ev)) return die("epoll");
  int64_t *rt = malloc((size_t)n * sizeof *rt);
  if (!rt) return die("malloc");
  /* One untimed round trip: the child has started and waits. */
  if (eventfd_write(to, 1) || await(ep, from)) return die("first round trip");
  int64_t start = now_ns(), t = start;
  for (long i = 0; i < n; i++) {
    if (eventfd_write(to, 1)) return die("eventfd_write");
    if (await(ep, from)) return die("epoll_wait/eventfd_read");
    int64_t u = now_ns();
    rt[i] = u - t;
    t = u;
  }
  /* 2 tells the child to stop. */
  if (eventfd_write(to, 2)) return die("eventfd_write");
  int status;
  if (waitpid(pid, &status, 0) != pid) return die("waitpid");
  qsort(rt, (size_t)n, sizeof *rt, cmp64);
  printf("pingpong %ld round trips %lld ns median %lld ns\n", n, (long long)(t - start), (long long)rt[n / 2]);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

static int pong(int in, int out)
{
  int ep = epoll_create1(0);
  struct epoll_event ev = { .events = EPOLLIN };
  if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, in, &ev)) return die("epoll");
  for (;;) {
    struct epoll_event got;
    int r = epoll_wait(ep, &got, 1, -1);
    if (r < 0 && errno == EINTR) continue;
    if (r != 1) return die("epoll_wait");
    eventfd_t v;
    if (eventfd_read(in, &v)) return die("eventfd_read");
    if (v >= 2) return 0;
    if (eventfd_write(out, 1)) return die("eventfd_write");
  }
}

static int usage(void)
{
  fputs("usage: epoll scale N CALLS | epoll pingpong N SELF | epoll pong EFD_IN EFD_OUT\n", stderr);
  return 2;
}

int main(int argc, char **argv)
{
  if (argc < 2) return usage();
  const char *mode = argv[1];
  if (!strcmp(mode, "scale") && argc == 4) {
    long n = atol(argv[2]), calls = atol(argv[3]);
    if (n < 1 || calls < 1) return usage();
    return scale(n, calls);
  }
  if (!strcmp(mode, "pingpong") && (argc == 3 || argc == 4)) {
    long n = atol(argv[2]);
    if (n < 1) return usage();
    return pingpong(n, argc == 4 ? argv[3] : argv[0]);
  }
  if (!strcmp(mode, "pong") && argc == 4) return pong(atoi(argv[2]), atoi(argv[3]));
  return usage();
}
