/*
 * libcove.h — private to libcove: helpers shared by its files. Not installed for users
 * (guests/include has the public headers); internal names start with __libcove_.
 */
#ifndef LIBCOVE_H
#define LIBCOVE_H

#include <cove.h>
#include <errno.h>

/* The `cove` calls return 0 or an errno; POSIX calls return -1 and set errno. */
static inline int __libcove_ret(int err)
{
  if (err) {
    errno = err;
    return -1;
  }
  return 0;
}

/* wasi-libc's environ, initialised on first use (reading `environ` itself would link
 * wasi-libc's eager initialisation into the program). */
char **__wasilibc_get_environ(void);

/* path made absolute against the working directory (malloc'd; NULL and errno set on
 * failure). The kernel resolves every path from the root of Cove's namespace. */
char *__libcove_abspath(const char *path);

/* A copy of envp (NULL: empty) whose PWD is the caller's working directory, so the new
 * program starts there (see start.c). One malloc'd block: free() it. NULL on ENOMEM. */
char **__libcove_child_env(char *const envp[]);

/* The directories to search for a command: $PATH, or "/bin:/usr/bin" when unset. */
const char *__libcove_search_path(void);

/* The next candidate of a PATH search: dir (from *path, which advances) + "/" + file in
 * buf (an empty dir means the working directory). 0 when the list is exhausted,
 * -1 when the name does not fit in buf (skip it). */
int __libcove_next_candidate(const char **path, const char *file, char *buf, unsigned size);

#endif
