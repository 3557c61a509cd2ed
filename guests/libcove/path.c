/* What posix_spawn and exec share: absolute paths, the child's environment (with PWD),
 * PATH search. */
#define _GNU_SOURCE
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libcove.h"

char *__libcove_abspath(const char *path)
{
  if (path[0] == '/') {
    char *copy = strdup(path);
    if (!copy) errno = ENOMEM;
    return copy;
  }
  char *cwd = getcwd(NULL, 0);
  if (!cwd) return NULL;
  size_t n = strlen(cwd);
  size_t m = strlen(path);
  char *out = malloc(n + 1 + m + 1);
  if (!out) {
    free(cwd);
    errno = ENOMEM;
    return NULL;
  }
  memcpy(out, cwd, n);
  if (n == 0 || out[n - 1] != '/') out[n++] = '/';
  memcpy(out + n, path, m + 1);
  free(cwd);
  return out;
}

char **__libcove_child_env(char *const envp[])
{
  char *cwd = getcwd(NULL, 0);
  if (!cwd) return NULL;
  size_t count = 0;
  size_t cwdlen = strlen(cwd);
  if (envp)
    while (envp[count]) count++;
  /* One block: the pointer array (count + PWD + NULL), then "PWD=<cwd>". */
  size_t array = (count + 2) * sizeof(char *);
  char **env = malloc(array + 4 + cwdlen + 1);
  if (!env) {
    free(cwd);
    errno = ENOMEM;
    return NULL;
  }
  char *pwd = (char *)env + array;
  memcpy(pwd, "PWD=", 4);
  memcpy(pwd + 4, cwd, cwdlen + 1);
  free(cwd);
  size_t n = 0;
  for (size_t i = 0; i < count; i++)
    if (strncmp(envp[i], "PWD=", 4) != 0) env[n++] = envp[i];
  env[n++] = pwd;
  env[n] = NULL;
  return env;
}

const char *__libcove_search_path(void)
{
  const char *path = getenv("PATH");
  return path ? path : "/bin:/usr/bin";
}

int __libcove_next_candidate(const char **path, const char *file, char *buf, unsigned size)
{
  const char *p = *path;
  if (!p) return 0;
  const char *end = strchr(p, ':');
  size_t dirlen = end ? (size_t)(end - p) : strlen(p);
  *path = end ? end + 1 : NULL;
  size_t filelen = strlen(file);
  if (dirlen + 1 + filelen + 1 > size) return -1;
  size_t n = 0;
  if (dirlen > 0) {
    memcpy(buf, p, dirlen);
    n = dirlen;
    if (buf[n - 1] != '/') buf[n++] = '/';
  }
  memcpy(buf + n, file, filelen + 1);
  return 1;
}
