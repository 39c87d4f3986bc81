// The package version, inlined by the build (scripts/build.mjs); 'dev' when running from source.
declare const __EAC_VERSION__: string | undefined;
export const VERSION: string = typeof __EAC_VERSION__ === 'string' ? __EAC_VERSION__ : 'dev';
