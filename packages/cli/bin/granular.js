#!/usr/bin/env node
// Granular runs from its TypeScript sources: tsx compiles them on the fly (and plugin files
// written in TypeScript load the same way), so there is no build step between edit and run.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
// Exits as soon as the command has answered: after a stage failed, work still in flight in
// other stages (an evaluation) must not go on writing into a run that is marked failed.
process.exit(await main(process.argv.slice(2)));
