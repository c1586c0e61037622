// The ending every command-line tool shares: its exit code, and a plain one-line message for the
// errors a user can act on (a bad variable, the embedded database held by a running server).
import { ConfigError } from '../config.ts';
import { DatabaseInUseError } from '../db/index.ts';

export async function runCli(name: string, main: (argv: string[]) => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (e) {
    if (e instanceof DatabaseInUseError || e instanceof ConfigError) console.error(e.message);
    else console.error(`${name} failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
}
