#!/usr/bin/env node
// CommonJS on purpose (bin/package.json): Node starts a CommonJS entry sooner than an ES module one, and
// --version and a cached get-token answer from dist/cli.cjs alone (see scripts/build.mjs).
require('../dist/cli.cjs');
