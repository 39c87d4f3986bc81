// The fish completion script: `switch` tables of the command tree (value<TAB>description lines, which fish
// shows in its menus) and one function that walks the tokens typed so far.
import { PROGRAM_NAMES, tableFunctions, type CommandSpec, type Item } from './spec.ts';

/** A fish single-quoted string: only \ and ' are special inside. */
function fishQuote(s: string): string {
  return `'${s.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** `function name; switch KEY; case 'key'; body; ...`; the key is $argv[1] or, with two arguments, "$argv[1]|$argv[2]". */
function switchFunction(name: string, rows: [string, string][], twoKeys = false): string {
  const cases = rows.map(([key, run]) => `        case ${fishQuote(key)}\n            ${run}`).join('\n');
  return `function ${name}\n    switch ${twoKeys ? '"$argv[1]|$argv[2]"' : '"$argv[1]"'}\n${cases}\n    end\nend`;
}

export function fishScript(specs: CommandSpec[]): string {
  const lines = (list: Item[]) => (list.length ? `printf '%s\\n' ${list.map((i) => fishQuote(i.description ? `${i.name}\t${i.description}` : i.name)).join(' ')}` : 'true');
  const tables = tableFunctions(specs, { fn: switchFunction, items: lines, profiles: '__eac_profiles' });
  return `# fish completion for ${PROGRAM_NAMES.join(' and ')} (written by \`entra-auth-cli completion fish\`).
# Install: entra-auth-cli completion fish > ~/.config/fish/completions/entra-auth-cli.fish
#          (and the same file as eac.fish for the alias)

${tables}
function __eac_profiles
    $__eac_program __complete profiles 2>/dev/null
end

function __eac_complete
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    set -g __eac_program $tokens[1]
    set -l cmd ''
    set -l flag ''
    set -l positional 0
    # A subcommand extends the command path; a flag that takes a value swallows the next token.
    for w in $tokens[2..-1]
        if test -n "$flag"
            set flag ''
            continue
        end
        switch $w
            case '-*=*'
            case '-*'
                contains -- $w (__eac_value_flags "$cmd") && set flag $w
            case '*'
                if contains -- $w (__eac_subcommands "$cmd" | string replace -r '\\t.*' '')
                    set cmd (string join ' ' -- $cmd $w | string trim)
                else
                    set positional (math $positional + 1)
                end
        end
    end
    if test -z "$flag"; and string match -q -- '-*=*' $cur
        set flag (string replace -r '=.*' '' -- $cur)
        __eac_values "$cmd" $flag | string replace -r '^' -- "$flag="
        return
    end
    if test -n "$flag"
        set -l known (__eac_values "$cmd" $flag)
        if test (count $known) -gt 0
            printf '%s\\n' $known
        else
            __fish_complete_path $cur
        end
    else if string match -q -- '-*' $cur
        __eac_flags "$cmd"
    else if test $positional -eq 0
        __eac_subcommands "$cmd"
        __eac_argument "$cmd"
    end
end

${PROGRAM_NAMES.map((n) => `complete -c ${n} -f -a '(__eac_complete)'`).join('\n')}
`;
}
