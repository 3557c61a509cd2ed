/* Several writers, one pipe: each writer child (helper writer ID COUNT SEED) writes
 * COUNT records of random sizes up to PIPE_BUF, one write() each, into the same pipe.
 * The reader checks every byte: records arrive whole (writes <= PIPE_BUF are atomic,
 * never interleaved), in order per writer, none lost or duplicated.
 * argv: helper-dir writers count [pipe-size] */
#include "common.h"

#include <limits.h>
#include <stdint.h>

struct record {
  char magic[2];
  uint8_t writer;
  uint8_t pad;
  uint32_t seq;
  uint32_t len;
};

#define MAX_WRITERS 16
static unsigned char stream[1 << 16];

static uint32_t rng_state = 12345;
static uint32_t rng(void)
{
  rng_state = rng_state * 1103515245u + 12345u;
  return rng_state >> 8;
}

int main(int argc, char **argv)
{
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc < 4) return 2;
  char helper[PATH_MAX];
  snprintf(helper, sizeof helper, "%s/helper", argv[1]);
  int writers = atoi(argv[2]);
  int count = atoi(argv[3]);
  if (writers < 1 || writers > MAX_WRITERS) return 2;

  int p[2];
  if (pipe2(p, O_CLOEXEC) < 0) return 3;
  if (argc > 4) show("F_SETPIPE_SZ", fcntl(p[0], F_SETPIPE_SZ, atoi(argv[4])));
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, p[1], 1);
  pid_t pids[MAX_WRITERS];
  for (int i = 0; i < writers; i++) {
    char id[16], n[16], seed[16];
    snprintf(id, sizeof id, "%d", i);
    snprintf(n, sizeof n, "%d", count);
    snprintf(seed, sizeof seed, "%d", 1000 + 77 * i);
    char *av[] = {"helper", "writer", id, n, seed, NULL};
    int err = posix_spawn(&pids[i], helper, &fa, NULL, av, environ);
    if (err) {
      printf("spawn: %s\n", errname(err));
      return 1;
    }
  }
  posix_spawn_file_actions_destroy(&fa);
  close(p[1]);

  /* Read in random-sized pieces; parse records out of a window of the stream. */
  uint32_t next_seq[MAX_WRITERS] = {0};
  size_t have = 0;
  long long total = 0, records = 0;
  int errors = 0;
  for (;;) {
    size_t room = sizeof stream - have;
    size_t want = 1 + rng() % 9000;
    if (want > room) want = room;
    ssize_t n = read(p[0], stream + have, want);
    if (n < 0) {
      if (errno == EINTR) continue;
      printf("read: %s\n", errname(errno));
      return 1;
    }
    if (n == 0) break;
    have += (size_t)n;
    total += n;
    size_t off = 0;
    while (have - off >= sizeof(struct record)) {
      struct record r;
      memcpy(&r, stream + off, sizeof r);
      if (r.magic[0] != 'R' || r.magic[1] != 'C' || r.writer >= writers || r.len < sizeof r || r.len > 4096) {
        printf("corrupt stream at byte %lld\n", total - (long long)(have - off));
        return 1;
      }
      if (have - off < r.len) break;
      if (r.seq != next_seq[r.writer]) {
        if (errors++ < 5) printf("writer %d: record %u, expected %u\n", r.writer, r.seq, next_seq[r.writer]);
      }
      next_seq[r.writer] = r.seq + 1;
      for (uint32_t i = sizeof r; i < r.len; i++) {
        if (stream[off + i] != (unsigned char)(r.writer * 31 + r.seq * 7 + i)) {
          if (errors++ < 5) printf("writer %d record %u: byte %u differs\n", r.writer, r.seq, i);
          break;
        }
      }
      off += r.len;
      records++;
    }
    memmove(stream, stream + off, have - off);
    have -= off;
  }
  close(p[0]);
  if (have) printf("%zu bytes of a partial record at the end\n", have);
  for (int i = 0; i < writers; i++) {
    if (next_seq[i] != (uint32_t)count) printf("writer %d: %u records, expected %d\n", i, next_seq[i], count);
    int st;
    waitpid(pids[i], &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) printf("writer %d: %s\n", i, status_text(st));
  }
  printf("writers %d, records %lld, errors %d\n", writers, records, errors);
  fprintf(stderr, "bytes %lld\n", total);
  return errors || have ? 1 : 0;
}
