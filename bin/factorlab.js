#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=8
// A smaller young generation (8 MiB semi-spaces) and at most two glibc malloc arenas (one per thread
// otherwise: the engine, the SQLite writer, V8's helpers) keep a large study's peak memory under 3×
// its panel at no measurable cost in time (docs/data.md, "Memory").
// Registers tsx so the CLI and TypeScript strategy modules load without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
