/*
 * posix_spawn, posix_spawnp and their attribute and file-action objects, over
 * cove.spawn. The file actions are kept as the kernel's own records
 * (struct cove_spawn_action), so spawning passes them as they are; only relative
 * paths of open actions are made absolute, at spawn time, against the working
 * directory (the kernel resolves from the root of the namespace).
 */
#define _GNU_SOURCE
#include <limits.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libcove.h"

/* ---- attributes ---- */

int posix_spawnattr_init(posix_spawnattr_t *attr)
{
  memset(attr, 0, sizeof *attr);
  return 0;
}

int posix_spawnattr_destroy(posix_spawnattr_t *attr)
{
  (void)attr;
  return 0;
}

int posix_spawnattr_setflags(posix_spawnattr_t *attr, short flags)
{
  if (flags & ~(POSIX_SPAWN_RESETIDS | POSIX_SPAWN_SETPGROUP)) return EINVAL;
  attr->__flags = flags;
  return 0;
}

int posix_spawnattr_getflags(const posix_spawnattr_t *restrict attr, short *restrict flags)
{
  *flags = (short)attr->__flags;
  return 0;
}

int posix_spawnattr_setpgroup(posix_spawnattr_t *attr, pid_t pgrp)
{
  attr->__pgrp = pgrp;
  return 0;
}

int posix_spawnattr_getpgroup(const posix_spawnattr_t *restrict attr, pid_t *restrict pgrp)
{
  *pgrp = attr->__pgrp;
  return 0;
}

/* ---- file actions ---- */

int posix_spawn_file_actions_init(posix_spawn_file_actions_t *fa)
{
  memset(fa, 0, sizeof *fa);
  return 0;
}

int posix_spawn_file_actions_destroy(posix_spawn_file_actions_t *fa)
{
  struct cove_spawn_action *a = fa->__actions;
  for (int i = 0; i < fa->__used; i++)
    if (a[i].kind == COVE_SPAWN_OPEN) free((char *)a[i].path);
  free(a);
  memset(fa, 0, sizeof *fa);
  return 0;
}

static struct cove_spawn_action *add(posix_spawn_file_actions_t *fa)
{
  if (fa->__used == fa->__allocated) {
    int n = fa->__allocated ? 2 * fa->__allocated : 8;
    struct cove_spawn_action *a = realloc(fa->__actions, n * sizeof *a);
    if (!a) return NULL;
    fa->__actions = a;
    fa->__allocated = n;
  }
  struct cove_spawn_action *a = (struct cove_spawn_action *)fa->__actions + fa->__used++;
  memset(a, 0, sizeof *a);
  return a;
}

int posix_spawn_file_actions_addopen(posix_spawn_file_actions_t *restrict fa, int fd, const char *restrict path,
                                     int oflag, mode_t mode)
{
  if (fd < 0) return EBADF;
  char *copy = strdup(path);
  if (!copy) return ENOMEM;
  struct cove_spawn_action *a = add(fa);
  if (!a) {
    free(copy);
    return ENOMEM;
  }
  a->kind = COVE_SPAWN_OPEN;
  a->fd = fd;
  a->oflag = oflag;
  a->mode = (int32_t)mode;
  a->path = copy;
  a->path_len = (int32_t)strlen(copy);
  return 0;
}

int posix_spawn_file_actions_addclose(posix_spawn_file_actions_t *fa, int fd)
{
  if (fd < 0) return EBADF;
  struct cove_spawn_action *a = add(fa);
  if (!a) return ENOMEM;
  a->kind = COVE_SPAWN_CLOSE;
  a->fd = fd;
  return 0;
}

int posix_spawn_file_actions_adddup2(posix_spawn_file_actions_t *fa, int fd, int newfd)
{
  if (fd < 0 || newfd < 0) return EBADF;
  struct cove_spawn_action *a = add(fa);
  if (!a) return ENOMEM;
  a->kind = COVE_SPAWN_DUP2;
  a->fd = fd;
  a->newfd = newfd;
  return 0;
}

/* ---- spawning ---- */

/* The actions with every open path absolute (*copy: a malloc'd array to free, with the
 * absolute paths that were made after it), or an errno. */
static int absolute_actions(const posix_spawn_file_actions_t *fa, struct cove_spawn_action **out)
{
  *out = NULL;
  if (!fa || fa->__used == 0) return 0;
  const struct cove_spawn_action *a = fa->__actions;
  int n = fa->__used;
  struct cove_spawn_action *copy = malloc(n * sizeof *copy);
  if (!copy) return ENOMEM;
  memcpy(copy, a, n * sizeof *copy);
  for (int i = 0; i < n; i++) {
    if (copy[i].kind != COVE_SPAWN_OPEN || copy[i].path[0] == '/') continue;
    char *abs = __libcove_abspath(copy[i].path);
    if (!abs) {
      int err = errno;
      for (int j = 0; j < i; j++)
        if (copy[j].path != a[j].path) free((char *)copy[j].path);
      free(copy);
      return err;
    }
    copy[i].path = abs;
    copy[i].path_len = (int32_t)strlen(abs);
  }
  *out = copy;
  return 0;
}

static void free_actions(const posix_spawn_file_actions_t *fa, struct cove_spawn_action *copy)
{
  if (!copy) return;
  const struct cove_spawn_action *a = fa->__actions;
  for (int i = 0; i < fa->__used; i++)
    if (copy[i].path != a[i].path) free((char *)copy[i].path);
  free(copy);
}

int posix_spawn(pid_t *restrict pid, const char *restrict path, const posix_spawn_file_actions_t *fa,
                const posix_spawnattr_t *restrict attr, char *const argv[restrict], char *const envp[restrict])
{
  int flags = 0;
  if (attr && (attr->__flags & POSIX_SPAWN_SETPGROUP)) {
    if (attr->__pgrp != 0) return ENOTSUP; /* only a new group of the child's own */
    flags |= COVE_SPAWN_SETPGROUP;
  }
  char *abs = __libcove_abspath(path);
  if (!abs) return errno;
  char **env = __libcove_child_env(envp);
  struct cove_spawn_action *actions = NULL;
  int err = env ? absolute_actions(fa, &actions) : errno;
  if (err == 0) {
    int32_t child = 0;
    const struct cove_spawn_action *list = actions ? actions : NULL;
    err = __cove_spawn(abs, (int32_t)strlen(abs), argv, env, list, actions ? fa->__used : 0, flags, &child);
    if (err == 0 && pid) *pid = child;
  }
  free_actions(fa, actions);
  free(env);
  free(abs);
  return err;
}

int posix_spawnp(pid_t *restrict pid, const char *restrict file, const posix_spawn_file_actions_t *fa,
                 const posix_spawnattr_t *restrict attr, char *const argv[restrict], char *const envp[restrict])
{
  if (strchr(file, '/')) return posix_spawn(pid, file, fa, attr, argv, envp);
  if (file[0] == '\0') return ENOENT;
  const char *search = __libcove_search_path();
  char buf[PATH_MAX];
  int seen_eacces = 0;
  int r;
  while ((r = __libcove_next_candidate(&search, file, buf, sizeof buf)) != 0) {
    if (r < 0) continue;
    int err = posix_spawn(pid, buf, fa, attr, argv, envp);
    switch (err) {
    case EACCES:
      seen_eacces = 1;
      /* fall through */
    case ENOENT:
    case ENOTDIR:
    case ENAMETOOLONG:
      continue;
    default:
      return err;
    }
  }
  return seen_eacces ? EACCES : ENOENT;
}
