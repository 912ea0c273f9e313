#!/usr/bin/env node
// Registers tsx so the CLI and TypeScript strategy modules load without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
