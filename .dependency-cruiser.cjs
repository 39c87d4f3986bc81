// Which way dependencies may point in src/ (docs/architecture.md, "Layers"): `npm run deps`, part of npm test.
// Each layer lists what it may import; anything else of ours is an error. Type-only imports count
// (tsPreCompilationDeps), and so do dynamic import()s. Known violations waiting for their fix are in
// .dependency-cruiser-known-violations.json (`depcruise-baseline src` rewrites it); new ones fail.

/** A rule: files under `layer` import nothing in src/ outside `allowed` (folders under src/). */
function onlyImports(layer, allowed, comment) {
  return {
    name: `${layer}-imports-only-${allowed.join('-')}`,
    comment,
    severity: 'error',
    from: { path: `^src/${layer}/` },
    to: { path: '^src/', pathNot: `^src/(${allowed.join('|')})/` },
  };
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles anywhere: a cycle makes load order matter and layers meaningless.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    onlyImports('core', ['core'], 'core/ is pure rules: no I/O, so nothing but other rules.'),
    onlyImports('shared', ['shared'], "shared/ is a generic leaf (atomic files, locks): it knows nothing of ours, not even the CLI's folders."),
    onlyImports('entra', ['entra', 'core', 'shared'], 'entra/ is an adapter: never store/ (the caller passes what it needs), app/ or cli/.'),
    onlyImports('store', ['store', 'core', 'shared'], 'store/ is an adapter: never entra/ (the caller passes what it needs), app/ or cli/.'),
    onlyImports('app', ['app', 'core', 'entra', 'store', 'shared'], 'app/ holds the use cases: no terminal, so never cli/; never the emulator.'),
    onlyImports('emulator', ['emulator', 'shared'], 'The emulator stands apart: it imports nothing of the CLI; the CLI passes it its folders.'),
    {
      name: 'package-entry-imports-emulator-and-paths',
      comment: "src/index.ts is the package's API: the emulator, plus the CLI's folders for its default CA.",
      severity: 'error',
      from: { path: '^src/index\\.ts$' },
      to: { path: '^src/', pathNot: ['^src/emulator/', '^src/store/paths\\.ts$'] },
    },
    {
      name: 'src-never-imports-tests',
      comment: 'Production code never reaches into tests, benchmarks or build scripts.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve would slip past every rule above.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
