// `cove start` (npm start): the main job on the embedded default — the in-memory
// root with Cove's /bin. A Cove shell when stdin is a terminal; otherwise a short
// demo of a guest pipeline, so that `npm start` in CI or a pipe shows something real.

import { createKernel } from "../index.js";

const WORDS = ["wasm", "cove", "pipe", "epoll", "kernel", "worker", "channel", "shell", "guest", "heap"];

const DEMO = [
  "echo '# Cove: guest processes in the in-memory root'",
  "echo '$ ls /bin | wc -l'",
  "ls /bin | wc -l",
  "echo '$ cat /home/demo/words.txt | sort | head -n 3'",
  "cat /home/demo/words.txt | sort | head -n 3",
  "echo '$ yes cove | head -n 2; echo status $?'",
  "yes cove | head -n 2; echo status $?",
  "echo '$ sort -r /home/demo/words.txt > /tmp/r.txt && tail -n 1 /tmp/r.txt'",
  "sort -r /home/demo/words.txt > /tmp/r.txt && tail -n 1 /tmp/r.txt",
].join("; ");

export async function startCommand(argv: string[]): Promise<number> {
  if (argv.length > 0) {
    process.stderr.write("cove start: takes no arguments (try 'cove run /bin/sh -c ...')\n");
    return 2;
  }
  const kernel = await createKernel({
    files: { "/home/demo/words.txt": WORDS.join("\n") + "\n", "/etc/motd": "Welcome to Cove.\n" },
  });
  const interactive = process.stdin.isTTY === true;
  if (interactive) process.stdout.write("Cove shell — the in-memory root with /bin. 'exit' or Ctrl-D to leave.\n");
  const p = await kernel.spawn(kernel.readFile("/bin/sh"), {
    args: interactive ? ["sh", "-i"] : ["sh", "-c", DEMO], // stdin is a channel, never a tty, in Cove
    env: ["PATH=/bin", "HOME=/home/demo", "PWD=/"],
    stdin: interactive ? "inherit" : "null",
  });
  return (await p.exited).code;
}
