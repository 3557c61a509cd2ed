// The built package (dist/index.js), as its users get it, typed by its sources. Tests
// import Cove from here: they run against the bundle that `npm test` has just built.

import { pathToFileURL } from 'node:url';
import type * as Cove from '../../kernel/index.js';
import { distIndex } from './paths.js';

const api = (await import(pathToFileURL(distIndex).href)) as typeof Cove;

export const { createKernel, WASI } = api;
export type { Kernel, Process, SpawnOptions, ExitStatus, WASIOptions } from '../../kernel/index.js';
