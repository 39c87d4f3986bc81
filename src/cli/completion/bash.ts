// The bash completion script: `case` tables of the command tree (bash 3.2, which macOS still ships, has no
// associative arrays) and one function that walks the words typed so far. Profile names come from
// `<program> __complete profiles` at tab time.
import { shTables } from './sh-tables.ts';
import { PROGRAM_NAMES, type CommandSpec } from './spec.ts';

export function bashScript(specs: CommandSpec[]): string {
  return `# bash completion for ${PROGRAM_NAMES.join(' and ')} (written by \`entra-auth-cli completion bash\`).
# Install: source <(entra-auth-cli completion bash)      (add the line to ~/.bashrc)

${shTables(specs, { print: `printf '%s\\n'`, described: false })}
__eac_profiles() {
  "\${__eac_program:-entra-auth-cli}" __complete profiles 2>/dev/null
}
__eac_has() { # WORD LIST...: is WORD in LIST?
  local w="$1" x; shift
  for x in "$@"; do [ "$x" = "$w" ] && return 0; done
  return 1
}

_entra_auth_cli() {
  local __eac_program="\${COMP_WORDS[0]}" cur="\${COMP_WORDS[COMP_CWORD]}" cmd="" flag="" positional=0 i w
  # The words before the cursor: a subcommand extends the command path, a flag that takes a value
  # swallows the next word (bash splits --flag=value at '=', see COMP_WORDBREAKS).
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    if [ -n "$flag" ]; then flag=""; [ "$w" = "=" ] && flag="="; continue; fi
    case "$w" in
      -*) __eac_has "$w" $(__eac_value_flags "$cmd") && flag="$w" ;;
      *) if __eac_has "$w" $(__eac_subcommands "$cmd"); then cmd="\${cmd:+$cmd }$w"; else positional=$((positional + 1)); fi ;;
    esac
  done
  if [ "$cur" = "=" ]; then flag="\${COMP_WORDS[COMP_CWORD-1]}"; cur=""
  elif [ "$flag" = "=" ]; then flag="\${COMP_WORDS[COMP_CWORD-2]}"; fi
  if [ -n "$flag" ]; then
    COMPREPLY=($(compgen -W "$(__eac_values "$cmd" "$flag")" -- "$cur"))
  elif [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$(__eac_flags "$cmd")" -- "$cur"))
  elif [ "$positional" -eq 0 ]; then
    COMPREPLY=($(compgen -W "$(__eac_subcommands "$cmd") $(__eac_argument "$cmd")" -- "$cur"))
  fi
}
complete -o default -F _entra_auth_cli ${PROGRAM_NAMES.join(' ')}
`;
}
