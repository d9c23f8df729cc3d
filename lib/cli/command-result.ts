/**
 * What a command returns to its script: the exit code and both streams. Commands are functions
 * (testable in-process); the scripts under scripts/ only print this and set the exit code.
 * 0: done; 1: findings (bad input, refused output); 2: a usage error (an unknown flag, a missing value), in every command.
 */
export interface CommandResult {
  readonly exitCode: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}
