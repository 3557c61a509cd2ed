/* Processes: posix_spawn/posix_spawnp with file actions and attributes, waitpid
 * (WNOHANG, status macros, ECHILD), getpid/getppid, kill (SIGTERM, SIGKILL, signal 0,
 * process groups), SIGPIPE, the exec family, working directory and environment.
 * argv[1]: the directory holding `helper`; argv[2]: a scratch directory. */
#include "common.h"

#include <limits.h>

static char helper[PATH_MAX];
static const char *scratch;

/* Spawns helper with args (NULL-terminated); returns the pid or -1 (errno set). */
static pid_t spawn_fa(const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *attr, char **envp, ...)
{
  char *argv[16] = {"helper"};
  int argc = 1;
  va_list ap;
  va_start(ap, envp);
  while (argc < 15 && (argv[argc] = va_arg(ap, char *)) != NULL) argc++;
  va_end(ap);
  argv[argc] = NULL;
  pid_t pid;
  int err = posix_spawn(&pid, helper, fa, attr, argv, envp ? envp : environ);
  if (err) {
    errno = err;
    return -1;
  }
  return pid;
}

#define SPAWN(...) spawn_fa(NULL, NULL, NULL, __VA_ARGS__, (char *)NULL)

/* waitpid for pid; prints the status under `what`. */
static void reap(const char *what, pid_t pid)
{
  int st = 0;
  pid_t r = waitpid(pid, &st, 0);
  if (r < 0) printf("%s: waitpid: %s\n", what, errname(errno));
  else printf("%s: %s (right pid: %d)\n", what, status_text(st), r == pid);
}

int main(int argc, char **argv)
{
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc < 3) return 2;
  snprintf(helper, sizeof helper, "%s/helper", argv[1]);
  scratch = argv[2];
  pid_t pid;
  int st;

  puts("== exit statuses and the W* macros");
  reap("exit 0", SPAWN("exit", "0"));
  reap("exit 3", SPAWN("exit", "3"));
  reap("exit 255", SPAWN("exit", "255"));
  pid = SPAWN("exit", "42");
  waitpid(pid, &st, 0);
  printf("WIFEXITED %d WEXITSTATUS %d WIFSIGNALED %d WIFSTOPPED %d\n", WIFEXITED(st), WEXITSTATUS(st),
         WIFSIGNALED(st), WIFSTOPPED(st));

  puts("== spawn errors");
  char *av[] = {"x", NULL};
  char missing[PATH_MAX];
  snprintf(missing, sizeof missing, "%s/no-such-program", argv[1]);
  printf("posix_spawn of a missing file: %s\n", errname(posix_spawn(&pid, missing, NULL, NULL, av, environ)));
  printf("posix_spawnp of a missing command: %s\n", errname(posix_spawnp(&pid, "no-such-program", NULL, NULL, av, environ)));
  printf("posix_spawn of a directory: %s\n", errname(posix_spawn(&pid, argv[1], NULL, NULL, av, environ)));

  puts("== posix_spawnp searches PATH");
  char *old_path = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
  char path[PATH_MAX + 16];
  snprintf(path, sizeof path, "/nonexistent:%s", argv[1]);
  setenv("PATH", path, 1);
  char *say[] = {"helper", "say", "found in PATH", NULL};
  if (posix_spawnp(&pid, "helper", NULL, NULL, say, environ) == 0) reap("spawnp", pid);
  else puts("spawnp failed");

  puts("== waitpid, wait, ECHILD");
  show("waitpid(-1) with no children", waitpid(-1, &st, 0));
  show("waitpid(-1, WNOHANG) with no children", waitpid(-1, &st, WNOHANG));
  show("wait(NULL) with no children", wait(NULL));
  int p[2];
  pipe2(p, O_CLOEXEC);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, p[0], 0); /* from an O_CLOEXEC fd */
  pid = spawn_fa(&fa, NULL, NULL, "wait-stdin", "7", (char *)NULL);
  posix_spawn_file_actions_destroy(&fa);
  close(p[0]);
  show("waitpid WNOHANG while it runs", waitpid(pid, &st, WNOHANG));
  show("waitpid of someone else's pid", waitpid(1, &st, WNOHANG) < 0 ? -1 : 0);
  close(p[1]); /* EOF: it exits 7 */
  reap("after EOF on its stdin", pid);
  show("waitpid of the reaped pid", waitpid(pid, &st, 0));
  pid_t pids[3];
  pids[0] = SPAWN("exit", "1");
  pids[1] = SPAWN("exit", "2");
  pids[2] = SPAWN("exit", "3");
  int seen = 0;
  for (int i = 0; i < 3; i++) {
    pid_t r = wait(&st);
    for (int k = 0; k < 3; k++)
      if (r == pids[k] && WEXITSTATUS(st) == k + 1) seen |= 1 << k;
  }
  printf("wait() collected all three with their statuses: %d\n", seen == 7);
  show("then wait()", wait(&st));

  puts("== getpid, getppid");
  printf("getpid() > 0: %d, different from getppid(): %d\n", getpid() > 0, getpid() != getppid());
  char me[32];
  snprintf(me, sizeof me, "%d", (int)getpid());
  reap("ppid", SPAWN("ppid", me));

  puts("== kill");
  pipe2(p, O_CLOEXEC);
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, p[0], 0);
  pid_t a = spawn_fa(&fa, NULL, NULL, "wait-stdin", "0", (char *)NULL);
  pid_t b = spawn_fa(&fa, NULL, NULL, "wait-stdin", "0", (char *)NULL);
  close(p[0]);
  show("kill(pid, 0) of a live child", kill(a, 0));
  show("kill SIGTERM", kill(a, SIGTERM));
  reap("SIGTERM", a);
  show("kill SIGKILL", kill(b, SIGKILL));
  reap("SIGKILL", b);
  show("kill(pid, 0) of a reaped child", kill(a, 0));
  show("kill with a bad signal", kill(getpid(), 1000));
  show("kill(self, 0)", kill(getpid(), 0));
  show("kill SIGCHLD (ignored by default)", kill(getpid(), SIGCHLD));
  close(p[1]);

  puts("== process groups");
  pipe2(p, O_CLOEXEC);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  show("setflags POSIX_SPAWN_SETPGROUP", posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP));
  short flags = 0;
  posix_spawnattr_getflags(&attr, &flags);
  printf("getflags: %d\n", flags == POSIX_SPAWN_SETPGROUP);
  pid_t g;
  posix_spawnattr_getpgroup(&attr, &g);
  printf("default pgroup: %d\n", (int)g);
  pid = spawn_fa(&fa, &attr, NULL, "wait-stdin", "0", (char *)NULL);
  close(p[0]);
  show("kill(-pgid, SIGTERM) of its own group", kill(-pid, SIGTERM));
  reap("group member", pid);
  show("kill of an empty group", kill(-pid, SIGTERM));
  close(p[1]);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);

  puts("== SIGPIPE");
  pipe2(p, O_CLOEXEC);
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, p[1], 1);
  pid = spawn_fa(&fa, NULL, NULL, "write-forever", (char *)NULL);
  posix_spawn_file_actions_destroy(&fa);
  close(p[1]);
  char buf[4096];
  show("read from the writer", read(p[0], buf, 100));
  close(p[0]); /* the writer's next write gets EPIPE and SIGPIPE */
  reap("writer after the reader closed", pid);

  puts("== file actions");
  char out[PATH_MAX];
  snprintf(out, sizeof out, "%s/out.txt", scratch);
  posix_spawn_file_actions_init(&fa);
  show("addopen", posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0644));
  reap("stdout to a file", spawn_fa(&fa, NULL, NULL, "say", "into the file", (char *)NULL));
  posix_spawn_file_actions_destroy(&fa);
  FILE *f = fopen(out, "r");
  if (f && fgets(buf, sizeof buf, f)) printf("file has: %s", buf);
  if (f) fclose(f);
  printf("addopen with a bad fd: %s\n", errname(posix_spawn_file_actions_addopen(&fa, -1, out, O_RDONLY, 0)));
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/no/such/dir/file", O_RDONLY, 0);
  printf("addopen of a missing file fails the spawn with ENOENT: %d\n",
         spawn_fa(&fa, NULL, NULL, "exit", "0", (char *)NULL) < 0 && errno == ENOENT);
  posix_spawn_file_actions_destroy(&fa);

  pipe(p); /* not close-on-exec: inherited */
  int c[2];
  pipe2(c, O_CLOEXEC); /* close-on-exec: not inherited */
  char fds[4][16];
  snprintf(fds[0], 16, "%d", p[0]);
  snprintf(fds[1], 16, "%d", p[1]);
  snprintf(fds[2], 16, "%d", c[0]);
  snprintf(fds[3], 16, "%d", c[1]);
  reap("inherit", SPAWN("fdcheck", fds[0], fds[1], fds[2], fds[3]));
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addclose(&fa, p[0]);
  posix_spawn_file_actions_adddup2(&fa, c[0], 20); /* dup2 clears FD_CLOEXEC */
  posix_spawn_file_actions_adddup2(&fa, 20, 21);
  posix_spawn_file_actions_addclose(&fa, 20);
  reap("close, dup2 from a close-on-exec fd", spawn_fa(&fa, NULL, NULL, "fdcheck", fds[0], fds[1], "20", "21", (char *)NULL));
  posix_spawn_file_actions_destroy(&fa);
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addclose(&fa, 90); /* not open */
  reap("addclose of a closed fd is not an error", spawn_fa(&fa, NULL, NULL, "exit", "0", (char *)NULL));
  posix_spawn_file_actions_destroy(&fa);
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, 90, 1);
  printf("adddup2 of a closed fd fails the spawn with EBADF: %d\n",
         spawn_fa(&fa, NULL, NULL, "exit", "0", (char *)NULL) < 0 && errno == EBADF);
  posix_spawn_file_actions_destroy(&fa);
  close(p[0]);
  close(p[1]);
  close(c[0]);
  close(c[1]);

  puts("== working directory");
  show("chdir to the scratch dir", chdir(scratch));
  reap("cwd", SPAWN("cwd"));
  reap("relative file", SPAWN("cat-file", "out.txt"));
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "relative.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  reap("addopen of a relative path", spawn_fa(&fa, NULL, NULL, "say", "relative", (char *)NULL));
  posix_spawn_file_actions_destroy(&fa);
  reap("and read back", SPAWN("cat-file", "relative.txt"));
  unlink("relative.txt");
  unlink("out.txt");
  char rel[PATH_MAX];
  snprintf(rel, sizeof rel, "%s", helper);
  show("chdir to the helper's dir", chdir(argv[1]));
  char *relargv[] = {"helper", "say", "spawned by a relative path", NULL};
  if (posix_spawn(&pid, "./helper", NULL, NULL, relargv, environ) == 0) reap("relative path", pid);
  else puts("relative path: spawn failed");

  puts("== environment");
  char *envp[] = {"FOO=bar", "PWD=/stale", NULL};
  reap("envp", spawn_fa(NULL, NULL, envp, "getenv", "FOO", (char *)NULL));
  reap("no HOME in envp", spawn_fa(NULL, NULL, envp, "getenv", "HOME", (char *)NULL));
  reap("a stale PWD is replaced", spawn_fa(NULL, NULL, envp, "cwd", (char *)NULL));

  puts("== exec");
  reap("execv", SPAWN("exec", helper, "exit", "5"));
  reap("execv passes argv", SPAWN("exec", helper, "say", "exec'd"));
  reap("execv of a missing file", SPAWN("exec", missing, "x"));
  reap("execvp via PATH", SPAWN("execvp", "helper", "say", "execvp'd"));
  reap("execvp of a missing command", SPAWN("execvp", "no-such-program"));
  reap("exec keeps the working directory", SPAWN("exec", helper, "cwd"));
  reap("execl", SPAWN("execl", helper));
  reap("execlp", SPAWN("execlp", "helper"));
  reap("execle", SPAWN("execle", helper));
  reap("exec closes FD_CLOEXEC fds", SPAWN("cloexec-exec", helper));
  if (old_path) setenv("PATH", old_path, 1);
  return 0;
}
