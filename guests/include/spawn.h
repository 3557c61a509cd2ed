/*
 * spawn.h — posix_spawn, Cove's way of starting processes (there is no fork).
 *
 * The path is a file in Cove's namespace (a .wasm WASI command); a relative path is
 * taken from the working directory. The child inherits every fd without FD_CLOEXEC,
 * then the file actions run in order; it starts in the caller's working directory
 * (libcove passes it as PWD in the child's environment). posix_spawnp searches PATH
 * (from the caller's environment; "/bin:/usr/bin" if unset). A file that is not a WASI
 * module fails with ENOEXEC (as with glibc; execvp runs such a file with /bin/sh).
 *
 * Attributes: POSIX_SPAWN_SETPGROUP puts the child in a new process group of its own
 * (pgroup 0); joining another group (pgroup != 0) fails with ENOTSUP. POSIX_SPAWN_RESETIDS
 * is accepted (Cove has no user ids). Signal attributes are not provided yet.
 */
#ifndef COVE_SPAWN_H
#define COVE_SPAWN_H

#include <features.h>

#define __NEED_pid_t
#define __NEED_mode_t
#include <bits/alltypes.h>

#ifdef __cplusplus
extern "C" {
#endif

#define POSIX_SPAWN_RESETIDS 0x01
#define POSIX_SPAWN_SETPGROUP 0x02

typedef struct {
  int __flags;
  pid_t __pgrp;
  int __pad[14];
} posix_spawnattr_t;

typedef struct {
  int __allocated;
  int __used;
  void *__actions;
  int __pad[13];
} posix_spawn_file_actions_t;

int posix_spawn(pid_t *__restrict, const char *__restrict, const posix_spawn_file_actions_t *,
                const posix_spawnattr_t *__restrict, char *const[__restrict], char *const[__restrict]);
int posix_spawnp(pid_t *__restrict, const char *__restrict, const posix_spawn_file_actions_t *,
                 const posix_spawnattr_t *__restrict, char *const[__restrict], char *const[__restrict]);

int posix_spawnattr_init(posix_spawnattr_t *);
int posix_spawnattr_destroy(posix_spawnattr_t *);
int posix_spawnattr_setflags(posix_spawnattr_t *, short);
int posix_spawnattr_getflags(const posix_spawnattr_t *__restrict, short *__restrict);
int posix_spawnattr_setpgroup(posix_spawnattr_t *, pid_t);
int posix_spawnattr_getpgroup(const posix_spawnattr_t *__restrict, pid_t *__restrict);

int posix_spawn_file_actions_init(posix_spawn_file_actions_t *);
int posix_spawn_file_actions_destroy(posix_spawn_file_actions_t *);
int posix_spawn_file_actions_addopen(posix_spawn_file_actions_t *__restrict, int, const char *__restrict, int,
                                     mode_t);
int posix_spawn_file_actions_addclose(posix_spawn_file_actions_t *, int);
int posix_spawn_file_actions_adddup2(posix_spawn_file_actions_t *, int, int);

#ifdef __cplusplus
}
#endif

#endif
