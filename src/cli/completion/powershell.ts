// The PowerShell completion script: hashtables of the command tree and a native argument completer that
// walks the words typed so far, the same walk as the other shells (see bash.ts).
import { completionTables, PROGRAM_NAMES, type CommandSpec, type Item, type ValueSource } from './spec.ts';

/** A PowerShell single-quoted string: a quote is doubled, nothing else is special. */
export function psQuote(s: string): string {
  return `'${s.replace(/['‘’‚‛]/g, (q) => q + q)}'`;
}

const psArray = (items: string[]) => `@(${items.join(', ')})`;
const psTable = (rows: [string, string][], ordered = false) =>
  `${ordered ? '[ordered]' : ''}@{${rows.length ? '\n' : ''}${rows.map(([k, v]) => `${ordered ? '        ' : '    '}${psQuote(k)} = ${v}\n`).join('')}${rows.length && ordered ? '    ' : ''}}`;
/** name -> description, in the order of --help. */
const described = (items: Item[]) => psTable(items.map((i): [string, string] => [i.name, psQuote(i.description || i.name)]), true);

function psValues(source: ValueSource): string {
  return source.kind === 'profiles' ? `'@profiles'` : psArray(source.words.map(psQuote));
}

export function powershellScript(specs: CommandSpec[]): string {
  const t = completionTables(specs);
  const subcommands = psTable(t.subcommands.map(([k, v]) => [k, described(v)]));
  const flags = psTable(t.flags.map(([k, v]) => [k, described(v)]));
  const valueFlags = psTable(t.valueFlags.map(([k, v]) => [k, psArray(v.map(psQuote))]));
  const values = psTable(t.values.map(([k, v]) => [k, psValues(v)]));
  const args = psTable(t.arguments.map(([k, v]) => [k, psValues(v)]));
  return `# PowerShell completion for ${PROGRAM_NAMES.join(' and ')} (written by \`entra-auth-cli completion powershell\`).
# Install: entra-auth-cli completion powershell | Out-String | Invoke-Expression   (add the line to $PROFILE)

$__eacSubcommands = ${subcommands}
$__eacFlags = ${flags}
$__eacValueFlags = ${valueFlags}
$__eacValues = ${values}
$__eacArguments = ${args}

Register-ArgumentCompleter -Native -CommandName ${PROGRAM_NAMES.map(psQuote).join(', ')} -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $words = @($commandAst.CommandElements | Where-Object { $_.Extent.StartOffset -lt $cursorPosition } | ForEach-Object { $_.Extent.Text })
    if ($wordToComplete -ne '' -and $words.Count -gt 1) { $words = $words[0..($words.Count - 2)] }
    $program = $words[0]
    $cmd = ''
    $flag = ''
    $positional = 0
    # A subcommand extends the command path; a flag that takes a value swallows the next word.
    foreach ($w in ($words | Select-Object -Skip 1)) {
        if ($flag) { $flag = ''; continue }
        if ($w -like '-*=*') { continue }
        if ($w -like '-*') { if ($__eacValueFlags[$cmd] -contains $w) { $flag = $w }; continue }
        if ($__eacSubcommands[$cmd].Contains($w)) { $cmd = "$cmd $w".Trim() } else { $positional++ }
    }
    $prefix = ''
    $cur = $wordToComplete
    if (-not $flag -and $cur -like '-*=*') { $flag = $cur.Split('=')[0]; $prefix = "$flag="; $cur = $cur.Substring($prefix.Length) }
    # Candidates: name -> description.
    $results = [ordered]@{}
    $add = {
        param($source)
        $names = if ($source -eq '@profiles') { @(& $program __complete profiles 2>$null) } else { @($source) }
        foreach ($n in $names) { if ($n) { $results[$n] = $n } }
    }
    if ($flag) {
        if ($__eacValues.ContainsKey("$cmd|$flag")) { . $add $__eacValues["$cmd|$flag"] }
    } elseif ($cur -like '-*') {
        foreach ($e in $__eacFlags[$cmd].GetEnumerator()) { $results[$e.Key] = $e.Value }
    } elseif ($positional -eq 0) {
        foreach ($e in $__eacSubcommands[$cmd].GetEnumerator()) { $results[$e.Key] = $e.Value }
        if ($__eacArguments.ContainsKey($cmd)) { . $add $__eacArguments[$cmd] }
    }
    foreach ($e in $results.GetEnumerator()) {
        if ($e.Key -notlike "$cur*") { continue }
        $kind = if ($e.Key -like '-*') { 'ParameterName' } else { 'ParameterValue' }
        [System.Management.Automation.CompletionResult]::new($prefix + $e.Key, $e.Key, $kind, $e.Value)
    }
}
`;
}
