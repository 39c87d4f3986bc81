// `completion <shell>`: print a completion script for bash, zsh, fish or PowerShell, written from the
// command tree as it is now (see completion/spec.ts), so every command and flag is covered.
import { bashScript } from '../completion/bash.ts';
import { fishScript } from '../completion/fish.ts';
import { powershellScript } from '../completion/powershell.ts';
import { completionSpec, type CommandSpec } from '../completion/spec.ts';
import { zshScript } from '../completion/zsh.ts';
import { argument, defineCommand, type Invocation } from '../define-command.ts';
import type { Factory } from '../factory.ts';

export const SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;
export type Shell = (typeof SHELLS)[number];

export const command = defineCommand({
  name: 'completion',
  description: 'Print a shell completion script: commands, subcommands, flags and your profile names.',
  args: [argument('<shell>', 'bash | zsh | fish | powershell', SHELLS)],
  help: `
The script is written from the commands of this version: after an upgrade, install it again (or use the
'source <(...)' form, which always runs the installed version). Profile names are looked up at each <Tab>.

Examples:
  $ source <(entra-auth-cli completion bash)                       # bash: add the line to ~/.bashrc
  $ entra-auth-cli completion zsh > "\${fpath[1]}/_entra-auth-cli"   # zsh: a dir on $fpath, then: compinit
  $ source <(entra-auth-cli completion zsh)                        # zsh: or in ~/.zshrc, after compinit
  $ entra-auth-cli completion fish > ~/.config/fish/completions/entra-auth-cli.fish
  $ entra-auth-cli completion fish > ~/.config/fish/completions/eac.fish      # the eac alias too
  PS> entra-auth-cli completion powershell | Out-String | Invoke-Expression  # add the line to $PROFILE`,
  run,
});

const WRITERS: Record<Shell, (specs: CommandSpec[]) => string> = {
  bash: bashScript, zsh: zshScript, fish: fishScript, powershell: powershellScript,
};

export function run(opts: { shell: Shell }, f: Factory, cli: Invocation): void {
  f.io.out.write(WRITERS[opts.shell](completionSpec(cli.program)));
}
