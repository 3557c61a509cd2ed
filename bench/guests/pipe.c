/*
 * The pipe benchmark's program (bench/pipe.ts): one C source, built for Cove
 * (bench/guests/pipe.wasm, with `cove cc`'s flags) and natively (gcc), so that every
 * runner executes the same code.
 *
 *   pipe write SIZE TOTAL   write TOTAL bytes to stdout, SIZE bytes per write(2)
 *   pipe read [BUFSIZE]     read stdin to EOF (BUFSIZE bytes per read, default 1 MiB);
 *                           prints "read BYTES bytes NS ns", timed from the first byte
 *                           to EOF with CLOCK_MONOTONIC
 *   pipe pingpong N [SELF]  N round trips of one byte through two pipes with a child
 *                           "SELF pong" (posix_spawn; SELF defaults to argv[0]);
 *                           prints "pingpong N round trips NS ns median MED ns"
 *   pipe pong               echo stdin to stdout, one byte at a time, until EOF
 *
 * Sizes take a K, M or G suffix (binary). Errors go to stderr with exit status 1.
 *
 * Plain WASI (bench/build.mjs: clang + wasi-libc) has no processes, so that build,
 * pipe.wasm, has only write, read and pong; it runs under Cove and node:wasi alike.
 * Built with Cove's headers and libcove (pipe-cove.wasm) it has pingpong too.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#if !defined(__wasi__) || __has_include(<cove.h>)
#define HAVE_SPAWN 1
#include <spawn.h>
#include <sys/wait.h>
extern char **environ;
#endif

static int die(const char *what)
{
  fprintf(stderr, "pipe: %s: %s\n", what, strerror(errno));
  return 1;
}

static int64_t now_ns(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* "65536", "64K", "1M", "1G"; -1 if malformed or not positive. */
static long long parse_size(const char *s)
{
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || end == s || v <= 0) return -1;
  switch (*end) {
  case 'K': v <<= 10; end++; break;
  case 'M': v <<= 20; end++; break;
  case 'G': v <<= 30; end++; break;
  }
  return *end ? -1 : v;
}

static int do_write(long long size, long long total)
{
  char *buf = malloc((size_t)size);
  if (!buf) return die("malloc");
  memset(buf, 'x', (size_t)size);
  while (total > 0) {
    size_t want = (size_t)(total < size ? total : size);
    size_t off = 0;
    while (off < want) {
      ssize_t n = write(1, buf + off, want - off);
      if (n < 0) {
        if (errno == EINTR) continue;
        return die("write");
      }
      off += (size_t)n;
    }
    total -= (long long)want;
  }
  return 0;
}

static int do_read(long long bufsize)
{
  char *buf = malloc((size_t)bufsize);
  if (!buf) return die("malloc");
  long long bytes = 0;
  int64_t t0 = 0;
  for (;;) {
    ssize_t n = read(0, buf, (size_t)bufsize);
    if (n < 0) {
      if (errno == EINTR) continue;
      return die("read");
    }
    if (n == 0) break;
    if (bytes == 0) t0 = now_ns();
    bytes += n;
  }
  int64_t t1 = now_ns();
  printf("read %lld bytes %lld ns\n", bytes, (long long)(bytes ? t1 - t0 : 0));
  return 0;
}

#ifdef HAVE_SPAWN
static int cmp64(const void *a, const void *b)
{
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

static int do_pingpong(long n, const char *self)
{
  int to_child[2], from_child[2];
  if (pipe(to_child) || pipe(from_child)) return die("pipe");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, to_child[0], 0);
  posix_spawn_file_actions_adddup2(&fa, from_child[1], 1);
  posix_spawn_file_actions_addclose(&fa, to_child[0]);
  posix_spawn_file_actions_addclose(&fa, to_child[1]);
  posix_spawn_file_actions_addclose(&fa, from_child[0]);
  posix_spawn_file_actions_addclose(&fa, from_child[1]);
  char *argv[] = {(char *)self, "pong", NULL};
  pid_t pid;
  int err = posix_spawn(&pid, self, &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  if (err) {
    errno = err;
    return die(self);
  }
  close(to_child[0]);
  close(from_child[1]);

  int64_t *rt = malloc((size_t)n * sizeof *rt);
  if (!rt) return die("malloc");
  char c = 'p';
  /* One untimed round trip: the child has started and is waiting. */
  if (write(to_child[1], &c, 1) != 1 || read(from_child[0], &c, 1) != 1) return die("first round trip");
  int64_t start = now_ns(), t = start;
  for (long i = 0; i < n; i++) {
    if (write(to_child[1], &c, 1) != 1) return die("write");
    if (read(from_child[0], &c, 1) != 1) return die("read");
    int64_t u = now_ns();
    rt[i] = u - t;
    t = u;
  }
  close(to_child[1]);
  int status;
  if (waitpid(pid, &status, 0) != pid) return die("waitpid");
  qsort(rt, (size_t)n, sizeof *rt, cmp64);
  printf("pingpong %ld round trips %lld ns median %lld ns\n", n, (long long)(t - start), (long long)rt[n / 2]);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

#endif

static int do_pong(void)
{
  char c;
  for (;;) {
    ssize_t n = read(0, &c, 1);
    if (n == 0) return 0;
    if (n < 0) {
      if (errno == EINTR) continue;
      return die("read");
    }
    if (write(1, &c, 1) != 1) return die("write");
  }
}

static int usage(void)
{
  fputs("usage: pipe write SIZE TOTAL | pipe read [BUFSIZE] | pipe pingpong N [SELF] | pipe pong\n", stderr);
  return 2;
}

int main(int argc, char **argv)
{
  if (argc < 2) return usage();
  const char *mode = argv[1];
  if (!strcmp(mode, "write") && argc == 4) {
    long long size = parse_size(argv[2]), total = parse_size(argv[3]);
    if (size < 0 || total < 0) return usage();
    return do_write(size, total);
  }
  if (!strcmp(mode, "read") && argc <= 3) {
    long long bufsize = argc == 3 ? parse_size(argv[2]) : 1 << 20;
    if (bufsize < 0) return usage();
    return do_read(bufsize);
  }
#ifdef HAVE_SPAWN
  if (!strcmp(mode, "pingpong") && (argc == 3 || argc == 4)) {
    long long n = parse_size(argv[2]);
    if (n < 0) return usage();
    return do_pingpong((long)n, argc == 4 ? argv[3] : argv[0]);
  }
#endif
  if (!strcmp(mode, "pong") && argc == 2) return do_pong();
  return usage();
}
