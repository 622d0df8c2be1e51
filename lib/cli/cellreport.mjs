#!/usr/bin/env node
// The `cellreport` command: registers the TypeScript loader, then runs the CLI in lib/cli/main.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
