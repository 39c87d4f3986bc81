// `completion <shell>`: print a completion script for bash, zsh, fish or PowerShell, written from the
// command tree as it is now (see completion/spec.ts), so every command and flag is covered.
import type { Command } from 'commander';
import { bashScript } from '../completion/bash.ts';
import { fishScript } from '../completion/fish.ts';
import { powershellScript } from '../completion/powershell.ts';
import { completionSpec, type CommandSpec } from '../completion/spec.ts';
import { zshScript } from '../completion/zsh.ts';
import type { Io } from '../io.ts';

export const SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;
export type Shell = (typeof SHELLS)[number];

const WRITERS: Record<Shell, (specs: CommandSpec[]) => string> = {
  bash: bashScript, zsh: zshScript, fish: fishScript, powershell: powershellScript,
};

export function completion(shell: Shell, program: Command, io: Io): void {
  io.out.write(WRITERS[shell](completionSpec(program)));
}
