#!/usr/bin/env -S node --max-semi-space-size=8
// A smaller young generation (8 MiB semi-spaces) keeps a large study's peak memory under 3× its panel
// at no measurable cost in time (docs/data.md, "Memory").
// Registers tsx so the CLI and TypeScript strategy modules load without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
