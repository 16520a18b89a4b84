'use strict';
// esbuild plugins for the function bundles, named by serverless.yml (custom.esbuild.plugins) and used by the cold-start
// benchmark (bench/coldstart.ts), so both build the same thing.
//
// zod re-exports every one of its 60-odd locales (`z.locales`) whether they are used or not, and a namespace it
// re-exports cannot be tree-shaken: about 250 KB of each minified bundle, parsed at every cold start. Fleetwarden's
// messages are English only (zod's default, `en`, which zod imports on its own), so the index of locales is stubbed.
const zodLocalesStub = {
  name: 'zod-locales-stub',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.c?js$/ }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

module.exports = [zodLocalesStub];
