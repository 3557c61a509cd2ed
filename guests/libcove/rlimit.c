/* getrlimit, setrlimit, prlimit over cove.prlimit (Linux's prlimit64: u64 cur, max). */
#define _GNU_SOURCE
#include <sys/resource.h>

#include "libcove.h"

_Static_assert(sizeof(struct rlimit) == 16, "struct rlimit is {u64 cur, max}");

int prlimit(pid_t pid, int resource, const struct rlimit *new_limit, struct rlimit *old_limit)
{
  return __libcove_ret(__cove_prlimit(pid, resource, new_limit, old_limit));
}

/* In wasm, address 0 is memory like any other, so the kernel takes a null pointer as
 * "not given": getrlimit and setrlimit, which need theirs, check it here (EFAULT). */
int getrlimit(int resource, struct rlimit *rlim)
{
  if (!rlim) return __libcove_ret(EFAULT);
  return prlimit(0, resource, NULL, rlim);
}

int setrlimit(int resource, const struct rlimit *rlim)
{
  if (!rlim) return __libcove_ret(EFAULT);
  return prlimit(0, resource, rlim, NULL);
}
