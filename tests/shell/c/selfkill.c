/* selfkill SIG: kills itself with signal SIG (default actions: it dies of it). */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
  if (argc < 2) return 2;
  kill(getpid(), atoi(argv[1]));
  printf("still alive\n");
  return 1;
}
