/*
 * The exec family over cove.exec. The new program gets the caller's working directory
 * as PWD (path.c). Like POSIX's execvp, execvp/execlp/execvpe run a file that is not a
 * WASI module (ENOEXEC) with /bin/sh; execve/execv/execl/execle do not.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libcove.h"

int execve(const char *path, char *const argv[], char *const envp[])
{
  char *abs = __libcove_abspath(path);
  if (!abs) return -1;
  char **env = __libcove_child_env(envp);
  int err = env ? __cove_exec(abs, (int32_t)strlen(abs), argv, env) : errno;
  free(env);
  free(abs);
  return __libcove_ret(err);
}

int execv(const char *path, char *const argv[])
{
  return execve(path, argv, __wasilibc_get_environ());
}

/* execve, then /bin/sh path args... if path is not a program. */
static int exec_or_sh(const char *path, char *const argv[], char *const envp[])
{
  execve(path, argv, envp);
  if (errno != ENOEXEC) return -1;
  size_t argc = 0;
  while (argv[argc]) argc++;
  char **sh = malloc((argc + 3) * sizeof *sh);
  if (!sh) {
    errno = ENOMEM;
    return -1;
  }
  sh[0] = "sh";
  sh[1] = (char *)path;
  for (size_t i = 1; i <= argc; i++) sh[i + 1] = argv[i]; /* argv[argc] is the NULL */
  if (argc == 0) sh[2] = NULL;
  execve("/bin/sh", sh, envp);
  free(sh);
  errno = ENOEXEC; /* report the original failure */
  return -1;
}

int execvpe(const char *file, char *const argv[], char *const envp[])
{
  if (strchr(file, '/')) return exec_or_sh(file, argv, envp);
  if (file[0] == '\0') {
    errno = ENOENT;
    return -1;
  }
  const char *search = __libcove_search_path();
  char buf[PATH_MAX];
  int seen_eacces = 0;
  int r;
  while ((r = __libcove_next_candidate(&search, file, buf, sizeof buf)) != 0) {
    if (r < 0) continue;
    exec_or_sh(buf, argv, envp);
    switch (errno) {
    case EACCES:
      seen_eacces = 1;
      /* fall through */
    case ENOENT:
    case ENOTDIR:
    case ENAMETOOLONG:
      continue;
    default:
      return -1;
    }
  }
  errno = seen_eacces ? EACCES : ENOENT;
  return -1;
}

int execvp(const char *file, char *const argv[])
{
  return execvpe(file, argv, __wasilibc_get_environ());
}

/* The execl family: collect the variadic arguments into an argv. */
#define COLLECT_ARGS(arg0, last)                                   \
  size_t argc = 0;                                                 \
  va_list ap;                                                      \
  va_start(ap, last);                                              \
  if (arg0)                                                        \
    for (argc = 1; va_arg(ap, const char *); argc++) continue;     \
  va_end(ap);                                                      \
  char **argv = malloc((argc + 1) * sizeof *argv);                 \
  if (!argv) {                                                     \
    errno = ENOMEM;                                                \
    return -1;                                                     \
  }                                                                \
  argv[0] = (char *)(arg0);                                        \
  va_start(ap, last);                                              \
  for (size_t i = 1; i <= argc; i++) argv[i] = va_arg(ap, char *); \
  char **envp __attribute__((unused)) = va_arg(ap, char **);       \
  va_end(ap)

int execl(const char *path, const char *arg0, ...)
{
  COLLECT_ARGS(arg0, arg0);
  execve(path, argv, __wasilibc_get_environ());
  free(argv);
  return -1;
}

int execlp(const char *file, const char *arg0, ...)
{
  COLLECT_ARGS(arg0, arg0);
  execvp(file, argv);
  free(argv);
  return -1;
}

int execle(const char *path, const char *arg0, ...)
{
  COLLECT_ARGS(arg0, arg0);
  execve(path, argv, envp);
  free(argv);
  return -1;
}
