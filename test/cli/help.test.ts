import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.js';

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/factorlab.js', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI help and conventions', () => {
  it('every command has the same help layout, from --help and from help <command>', () => {
    for (const spec of COMMANDS) {
      const viaFlag = cli(spec.name, '--help');
      expect(viaFlag.code, spec.name).toBe(0);
      expect(viaFlag.stdout).toMatch(new RegExp(`^Usage: factorlab ${spec.name}`));
      expect(viaFlag.stdout).toMatch(/\nExample: factorlab /);
      expect(viaFlag.stdout).toMatch(/\nOptions:\n/);
      expect(viaFlag.stdout).toContain('Exit codes: 0 success, 2 user error');
      for (const option of Object.keys(spec.options)) expect(viaFlag.stdout, `${spec.name} --${option}`).toContain(`--${option}`);
      expect(cli('help', spec.name).stdout).toBe(viaFlag.stdout);
    }
    const general = cli('help');
    for (const spec of COMMANDS) expect(general.stdout).toContain(`  ${spec.name} `);
    expect(cli('help', 'launch')).toMatchObject({ code: 2, stderr: "factorlab: no command 'launch'; the commands are run, runs, check-data, model, hedge, study, compare, stress, report\n" });
  }, 60_000);

  it('every command that prints results takes --json, and long ones take --quiet', () => {
    const printing = COMMANDS.map((c) => c.name);
    for (const name of printing) expect(Object.keys(COMMANDS.find((c) => c.name === name)?.options ?? {}), name).toContain('json');
    for (const name of ['run', 'study', 'report']) expect(Object.keys(COMMANDS.find((c) => c.name === name)?.options ?? {}), name).toContain('quiet');
  });

  it('the CLI reference in docs/cli.md documents every command and option', () => {
    const doc = readFileSync('docs/cli.md', 'utf8');
    for (const spec of COMMANDS) {
      const section = doc.split(/\n## /).find((s) => s.startsWith(`\`factorlab ${spec.name}\``) || s.startsWith(`factorlab ${spec.name}\n`) || s.startsWith(`${spec.name}\n`));
      expect(section, `docs/cli.md has a '## ${spec.name}' section`).toBeDefined();
      for (const option of Object.keys(spec.options)) expect(section, `docs/cli.md ${spec.name} --${option}`).toContain(`--${option}`);
    }
  });
});
