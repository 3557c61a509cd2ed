/* The children of the process tests: one program, what it does is argv[1]. */
#include "common.h"

#include <limits.h>
#include <stdint.h>

/* The stress test's records: a header, then bytes that depend on (writer, seq, i). */
struct record {
  char magic[2]; /* "RC" */
  uint8_t writer;
  uint8_t pad;
  uint32_t seq;
  uint32_t len; /* whole record, header included */
};

static uint32_t rng(uint32_t *s)
{
  *s = *s * 1103515245u + 12345u;
  return *s >> 8;
}

static int writer(int id, int count, unsigned seed)
{
  static unsigned char buf[4096];
  uint32_t s = seed;
  for (int seq = 0; seq < count; seq++) {
    /* Sizes from a header's worth to exactly PIPE_BUF, biased to the large end. */
    uint32_t len = sizeof(struct record) + rng(&s) % (4096 - sizeof(struct record) + 1);
    if (seq % 7 == 0) len = 4096;
    struct record r = {{'R', 'C'}, (uint8_t)id, 0, (uint32_t)seq, len};
    memcpy(buf, &r, sizeof r);
    for (uint32_t i = sizeof r; i < len; i++) buf[i] = (unsigned char)(id * 31 + seq * 7 + i);
    ssize_t n = write(1, buf, len);
    if (n != (ssize_t)len) {
      fprintf(stderr, "writer %d: write %u -> %zd %s\n", id, len, n, errname(errno));
      return 1;
    }
  }
  return 0;
}

int main(int argc, char **argv)
{
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc < 2) return 100;
  const char *mode = argv[1];
  if (strcmp(mode, "exit") == 0) return atoi(argv[2]);
  if (strcmp(mode, "say") == 0) {
    printf("%s\n", argc > 2 ? argv[2] : "");
    return 0;
  }
  if (strcmp(mode, "wait-stdin") == 0) {
    /* Block until stdin reaches EOF, then exit with argv[2]. */
    char buf[256];
    while (read(0, buf, sizeof buf) > 0) continue;
    return argc > 2 ? atoi(argv[2]) : 0;
  }
  if (strcmp(mode, "write-forever") == 0) {
    static char buf[1024];
    memset(buf, 'y', sizeof buf);
    for (;;) {
      if (write(1, buf, sizeof buf) < 0) {
        fprintf(stderr, "write-forever: %s\n", errname(errno));
        return 1;
      }
    }
  }
  if (strcmp(mode, "ppid") == 0) {
    long parent = atol(argv[2]);
    printf("child: getppid() is the parent: %d, getpid() is not: %d\n", getppid() == parent, getpid() != parent);
    return 0;
  }
  if (strcmp(mode, "fdcheck") == 0) {
    printf("fds:");
    for (int i = 2; i < argc; i++) printf(" %s", fcntl(atoi(argv[i]), F_GETFD) >= 0 ? "open" : "closed");
    printf("\n");
    return 0;
  }
  if (strcmp(mode, "cwd") == 0) {
    char buf[PATH_MAX];
    printf("child cwd: %s\n", getcwd(buf, sizeof buf) ? buf : errname(errno));
    return 0;
  }
  if (strcmp(mode, "cat-file") == 0) {
    /* Print a file named relative to the working directory. */
    FILE *f = fopen(argv[2], "r");
    if (!f) {
      printf("cat-file %s: %s\n", argv[2], errname(errno));
      return 1;
    }
    int c;
    while ((c = getc(f)) != EOF) putchar(c);
    fclose(f);
    return 0;
  }
  if (strcmp(mode, "getenv") == 0) {
    const char *v = getenv(argv[2]);
    printf("%s=%s\n", argv[2], v ? v : "(unset)");
    return 0;
  }
  if (strcmp(mode, "exec") == 0 || strcmp(mode, "execvp") == 0) {
    fflush(stdout);
    if (mode[4] == 'v') execvp(argv[2], argv + 2);
    else execv(argv[2], argv + 2);
    printf("%s %s: %s\n", mode, argv[2], errname(errno));
    return 9;
  }
  if (strcmp(mode, "cloexec-exec") == 0) {
    /* Two fds, one FD_CLOEXEC, then exec fdcheck on both: "open closed". */
    int p[2];
    if (pipe(p) < 0 || fcntl(p[1], F_SETFD, FD_CLOEXEC) < 0) return 8;
    char a[16], b[16];
    snprintf(a, sizeof a, "%d", p[0]);
    snprintf(b, sizeof b, "%d", p[1]);
    fflush(stdout);
    execl(argv[2], "helper", "fdcheck", a, b, (char *)NULL);
    return 9;
  }
  if (strcmp(mode, "execl") == 0) {
    fflush(stdout);
    execl(argv[2], "helper", "say", "via execl", (char *)NULL);
    printf("execl: %s\n", errname(errno));
    return 9;
  }
  if (strcmp(mode, "execlp") == 0) {
    fflush(stdout);
    execlp(argv[2], "helper", "say", "via execlp", (char *)NULL);
    printf("execlp: %s\n", errname(errno));
    return 9;
  }
  if (strcmp(mode, "execle") == 0) {
    char *envp[] = {"FOO=from execle", NULL};
    fflush(stdout);
    execle(argv[2], "helper", "getenv", "FOO", (char *)NULL, envp);
    printf("execle: %s\n", errname(errno));
    return 9;
  }
  if (strcmp(mode, "writer") == 0) return writer(atoi(argv[2]), atoi(argv[3]), (unsigned)atol(argv[4]));
  fprintf(stderr, "helper: unknown mode %s\n", mode);
  return 100;
}
