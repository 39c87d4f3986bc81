// The zsh completion script: the same `case` tables as bash, with descriptions for zsh's menus, and a walk
// of the words typed so far (__eac_walk, separate so it can be tested without a terminal). Works from a
// directory on $fpath (#compdef) or sourced after compinit.
import { shTables } from './sh-tables.ts';
import { PROGRAM_NAMES, type CommandSpec } from './spec.ts';

export function zshScript(specs: CommandSpec[]): string {
  return `#compdef ${PROGRAM_NAMES.join(' ')}
# zsh completion for ${PROGRAM_NAMES.join(' and ')} (written by \`entra-auth-cli completion zsh\`).
# Install: entra-auth-cli completion zsh > "\${fpath[1]}/_entra-auth-cli"   (then compinit)
#      or: source <(entra-auth-cli completion zsh)                        (in ~/.zshrc, after compinit)

${shTables(specs, { print: 'print -rl --', described: true })}
__eac_profiles() {
  \${__eac_program:-entra-auth-cli} __complete profiles 2>/dev/null
}

# __eac_walk WORD... CURRENT: sets __eac_kind (values, flags, commands or nothing), __eac_items and
# __eac_prefix (the '--flag=' part of CURRENT). (No variable named 'path': zsh ties it to $PATH.)
__eac_walk() {
  local -a before=("\${@[1,-2]}")
  local cur="\${@[-1]}" cmd='' flag='' w
  local -i positional=0
  local __eac_program="\${before[1]}"
  typeset -g __eac_kind='' __eac_prefix=''
  typeset -ga __eac_items=()
  for w in "\${(@)before[2,-1]}"; do
    if [[ -n $flag ]]; then flag=''; continue; fi
    case $w in
      -*=*) ;;
      -*) (( \${\${=\$(__eac_value_flags "$cmd")}[(Ie)$w]} )) && flag=$w ;;
      *) if (( \${\${(f)"\$(__eac_subcommands "$cmd")"}[(I)$w(|:*)]} )); then cmd=\${cmd:+$cmd }$w; else (( positional++ )); fi ;;
    esac
  done
  if [[ -z $flag && $cur == -*=* ]]; then flag=\${cur%%=*}; __eac_prefix="$flag="; fi
  if [[ -n $flag ]]; then
    __eac_kind=values; __eac_items=(\${=\$(__eac_values "$cmd" "$flag")})
  elif [[ $cur == -* ]]; then
    __eac_kind=flags; __eac_items=(\${(f)"\$(__eac_flags "$cmd")"})
  elif (( positional == 0 )); then
    __eac_kind=commands; __eac_items=(\${(f)"\$(__eac_subcommands "$cmd")"} \${=\$(__eac_argument "$cmd")})
  fi
}

_entra_auth_cli() {
  __eac_walk "\${(@)words[1,CURRENT]}"
  case $__eac_kind in
    values) [[ -n $__eac_prefix ]] && compset -P '*='; compadd -a __eac_items ;;
    flags) _describe -t options option __eac_items ;;
    commands) _describe -t commands command __eac_items ;;
  esac
}

if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then
  _entra_auth_cli "$@"
else
  compdef _entra_auth_cli ${PROGRAM_NAMES.join(' ')}
fi
`;
}
