import type { CommandResult } from './command-result';

/**
 * The report of an exception no command turned into findings: a bug in luneo-autoscaling, so the
 * stack trace is printed, labelled as such, for the bug report (issue 7: a stack trace only for an
 * internal bug, and labelled as one).
 */
export function internalErrorReport(e: unknown): string {
  const stack = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
  return `internal error (a bug in luneo-autoscaling; please report it with this trace):\n${stack}`;
}

/**
 * What every script under scripts/ does with its command: prints the result's streams and sets the
 * exit code; an exception that escapes the command is an internal error (exit 1, labelled stack).
 */
export function printCommandResult(command: () => CommandResult): void {
  let result: CommandResult;
  try {
    result = command();
  } catch (e) {
    result = { exitCode: 1, stdout: '', stderr: `${internalErrorReport(e)}\n` };
  }
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}
