// hello-as: the AssemblyScript guest, built with @assemblyscript/wasi-shim (see asconfig.json).
// It shows that a non-C toolchain's WASI output runs under Cove, and gives tests a guest
// whose exit status they choose:
//
//   hello-as [EXIT_CODE [ARG...]]
//
// prints a greeting, every argument, and $GREETING, then exits with EXIT_CODE (default 0).

const args = process.argv;
console.log("hello from AssemblyScript");
console.log("argc=" + args.length.toString());
for (let i = 0; i < args.length; i++) {
  console.log("argv[" + i.toString() + "]=" + args[i]);
}
const greeting = process.env.has("GREETING") ? process.env.get("GREETING") : "(unset)";
console.log("GREETING=" + greeting);

let code = 0;
if (args.length > 1) {
  code = parseExitCode(args[1]);
  if (code < 0) {
    // Not console.error: the shim prefixes that with "Error: ".
    process.stderr.write("hello-as: invalid exit code '" + args[1] + "' (expected 0-255)\n");
    code = 2;
  }
}
process.exit(code);

/** A decimal 0..255, or -1 for anything else. */
function parseExitCode(s: string): i32 {
  if (s.length == 0 || s.length > 3) return -1;
  let value = 0;
  for (let i = 0; i < s.length; i++) {
    const digit = s.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value <= 255 ? value : -1;
}
