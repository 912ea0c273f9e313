import { parseArgs } from 'node:util';
import { FactorlabError, UsageError } from '../core/errors.js';
import { COMMANDS, commandHelp, generalHelp, type Flags } from './commands.js';

/** Every option any command takes, for the parser; each command then accepts only its own. */
function parserOptions(): Record<string, { type: 'string' | 'boolean'; short?: string }> {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const c of COMMANDS) for (const [name, o] of Object.entries(c.options)) options[name] = { type: o.type };
  return options;
}

/** Parse argv and run a command; returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: parserOptions() });
    const [name, ...rest] = positionals;
    if (name === undefined || name === 'help') {
      const topic = rest[0] === undefined ? undefined : COMMANDS.find((c) => c.name === rest[0]);
      if (rest[0] !== undefined && topic === undefined) throw new UsageError(`no command '${rest[0]}'; the commands are ${COMMANDS.map((c) => c.name).join(', ')}`);
      process.stdout.write(`${topic === undefined ? generalHelp() : commandHelp(topic)}\n`);
      return 0;
    }
    const spec = COMMANDS.find((c) => c.name === name);
    if (spec === undefined) {
      if (values.help === true) {
        process.stdout.write(`${generalHelp()}\n`);
        return 0;
      }
      throw new UsageError(`unknown command '${name}'; try: factorlab help`);
    }
    if (values.help === true) {
      process.stdout.write(`${commandHelp(spec)}\n`);
      return 0;
    }
    const foreign = Object.keys(values).filter((flag) => !(flag in spec.options));
    if (foreign.length > 0) throw new UsageError(`${name} does not take --${foreign[0]}; see factorlab ${name} --help`);
    await spec.run(rest, values as Flags);
    return 0;
  } catch (err) {
    if (err instanceof FactorlabError && err.userError) {
      process.stderr.write(`factorlab: ${err.message}\n`);
      return 2;
    }
    if (err instanceof TypeError && (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') === true) {
      process.stderr.write(`factorlab: ${err.message.replace(/\s*\n\s*/g, ' ')}; try: factorlab help\n`);
      return 2;
    }
    process.stderr.write(`factorlab: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
