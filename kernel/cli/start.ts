// `cove start` (npm start): the main job on the embedded default, the in-memory
// root with Cove's /bin.

export async function startCommand(_argv: string[]): Promise<number> {
  process.stderr.write("cove start: the Cove shell arrives with the processes issue; try 'cove run <module.wasm>'\n");
  return 1;
}
