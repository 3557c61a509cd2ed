/* kill and killpg over cove.kill. */
#define _GNU_SOURCE
#include <signal.h>

#include "libcove.h"

int kill(pid_t pid, int sig)
{
  return __libcove_ret(__cove_kill(pid, sig));
}

int killpg(pid_t pgrp, int sig)
{
  if (pgrp < 0) return __libcove_ret(EINVAL);
  return kill(-pgrp, sig);
}
