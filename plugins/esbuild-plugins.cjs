'use strict';
// esbuild plugins for the function bundles, named by serverless.yml (custom.esbuild.plugins) and loaded by the
// cold-start benchmark (bench/coldstart.ts), so that both build the same thing.
//
// Credentials in Lambda: the runtime puts the function role's credentials in the environment (AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), the first link of the SDK's default chain; the local stack and the
// benchmarks set the same variables. The chain's links that read ~/.aws files, run a process or exchange a web
// identity token (SSO, ini profiles, credential_process, web identity) cannot apply in Lambda, and with the STS and
// SSO clients they import they were a third of the SDK each function bundles (measured: docs/PERFORMANCE.md,
// "Cold start"). They are left out of the bundle: each is replaced by a link that declines, as the real one does
// when it finds nothing, so the chain goes on to the next (the container and instance metadata links are kept).
const DECLINED = /^@aws-sdk\/credential-provider-(sso|ini|process|web-identity)$/;
const DEFAULT_CHAIN = /[\\/]@aws-sdk[\\/]credential-provider-node[\\/]/;

const DECLINING_LINKS = `
const decline = (source) => () => async () => {
  const error = new Error(source + ' credentials are not in the Lambda bundle (plugins/esbuild-plugins.cjs): Lambda gives a function its credentials in the environment');
  error.name = 'CredentialsProviderError';
  error.tryNextLink = true;
  throw error;
};
export const fromSSO = decline('SSO');
export const fromIni = decline('ini profile');
export const fromProcess = decline('credential_process');
export const fromTokenFile = decline('web identity token file');
export const fromWebToken = decline('web identity token');
`;

const credentialsFromTheEnvironment = {
  name: 'lambda-credentials',
  setup(build) {
    build.onResolve({ filter: DECLINED }, (args) => (DEFAULT_CHAIN.test(args.importer) ? { path: args.path, namespace: 'lambda-credentials' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'lambda-credentials' }, () => ({ contents: DECLINING_LINKS, loader: 'js' }));
  },
};

module.exports = [credentialsFromTheEnvironment];
