/*
 * Start-up: a program begins in the working directory of the process that started it.
 *
 * wasi-libc keeps the working directory inside the process (chdir only changes a
 * string), so the kernel cannot hand it over. posix_spawn and exec therefore pass it in
 * the environment as PWD (path.c), and this constructor changes to it before main.
 * `cove cc` links this object into every program (build/cc-flags.mjs passes
 * -u __cove_start_in_pwd), whether or not the program itself spawns anything.
 * It uses only wasi-libc, so the program still runs on any WASI runtime.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

__attribute__((constructor, used)) void __cove_start_in_pwd(void)
{
  int saved = errno;
  const char *pwd = getenv("PWD");
  if (pwd && pwd[0] == '/') (void)chdir(pwd); /* a stale PWD leaves us at "/" */
  errno = saved;
}
