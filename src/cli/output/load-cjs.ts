// A CommonJS package loaded with import() on demand: the bundle (esbuild) hands back its exports only as
// `default`, Node as `default` and named exports; this gives the exports object either way.
export function cjsExports<T>(mod: T): T {
  return (mod as { default?: T }).default ?? mod;
}
