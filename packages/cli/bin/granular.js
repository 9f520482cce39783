#!/usr/bin/env node
// Granular runs from its TypeScript sources: tsx compiles them on the fly (and plugin files
// written in TypeScript load the same way), so there is no build step between edit and run.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
