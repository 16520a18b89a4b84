/**
 * The production fleet provider: the signed HTTP control-plane client. The simulated fleet, its provider and the
 * reference control-plane server are tools for `npm start`, tests and benchmarks, in sim/.
 */
export * from './errors.ts';
export { HttpControlPlaneProvider, type HttpProviderOptions } from './http-provider.ts';
export { cacheKey, ssmKeySource, type KeyCache, type KeySource } from './key-source.ts';
export { computeSignature, newNonce, signRequest, verifySignature } from './signing.ts';
export type { FleetProbe } from './wire.ts';
