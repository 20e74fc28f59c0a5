import { runCli } from './index';

// Entry point of the built CLI (out/cli/run.js), started by bin/facegate.mjs.
await runCli(process.argv.slice(2));
