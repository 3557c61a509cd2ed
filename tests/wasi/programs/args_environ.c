// SPDX-License-Identifier: Apache-2.0
// args_sizes_get, args_get, environ_sizes_get and environ_get. Prints what
// the guest received (argv[1..] and the whole environment, escaped) and
// checks the layout rules: NUL-terminated strings packed into the buffer,
// sizes that match exactly, KEY=VALUE entries in the order given. Modelled
// on the suite's AssemblyScript args_* and environ_* tests.
//
// argv[0] is not printed: runtimes pass the module path in different forms.
#include "check.h"

static void print_escaped(const char *label, int index, const char *s) {
  char out[512];
  size_t o = 0;
  for (; *s && o < sizeof out - 5; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '\n') o += snprintf(out + o, sizeof out - o, "\\n");
    else if (c == '"' || c == '\\') o += snprintf(out + o, sizeof out - o, "\\%c", c);
    else if (c < 0x20 || c >= 0x7f) o += snprintf(out + o, sizeof out - o, "\\x%02x", c);
    else out[o++] = (char)c;
  }
  out[o] = 0;
  say("%s[%d] = \"%s\"\n", label, index, out);
}

// Checks that `count` pointers lie inside `buf` in order, each string
// NUL-terminated, packed back to back, and filling exactly `size` bytes.
static int packed(char **ptrs, size_t count, const char *buf, size_t size) {
  const char *expect = buf;
  for (size_t i = 0; i < count; i++) {
    if (ptrs[i] != expect) return 0;
    size_t len = strnlen(ptrs[i], size - (size_t)(ptrs[i] - buf));
    expect = ptrs[i] + len + 1;
    if (expect > buf + size) return 0;
  }
  return expect == buf + size;
}

int main(void) {
  __wasi_size_t argc = 0, argv_size = 0, envc = 0, env_size = 0;
  EXPECT_OK("args_sizes_get", __wasi_args_sizes_get(&argc, &argv_size));
  char **argv = calloc(argc + 1, sizeof *argv);
  char *argv_buf = malloc(argv_size + 1);
  EXPECT_OK("args_get", __wasi_args_get((uint8_t **)argv, (uint8_t *)argv_buf));
  say("argc = %u\n", (unsigned)argc);
  check("args: packed NUL-terminated strings filling the reported size",
        packed(argv, argc, argv_buf, argv_size));
  for (__wasi_size_t i = 1; i < argc; i++) print_escaped("argv", (int)i, argv[i]);

  EXPECT_OK("environ_sizes_get", __wasi_environ_sizes_get(&envc, &env_size));
  char **envp = calloc(envc + 1, sizeof *envp);
  char *env_buf = malloc(env_size + 1);
  EXPECT_OK("environ_get", __wasi_environ_get((uint8_t **)envp, (uint8_t *)env_buf));
  say("environ count = %u\n", (unsigned)envc);
  check("environ: packed NUL-terminated strings filling the reported size",
        packed(envp, envc, env_buf, env_size));
  int all_kv = 1;
  for (__wasi_size_t i = 0; i < envc; i++) {
    if (strchr(envp[i], '=') == NULL) all_kv = 0;
    print_escaped("environ", (int)i, envp[i]);
  }
  check("environ: every entry is KEY=VALUE", all_kv);
  return finish();
}
