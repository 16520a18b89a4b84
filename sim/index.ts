/**
 * The simulator: a seeded in-memory fleet with fault injection, the `FleetProvider` over it, and a reference
 * control-plane server that serves it over the signed HTTP protocol. Tools for `npm start`, tests and benchmarks;
 * no function bundle includes them (test/unit/architecture/imports.test.ts holds shared/ and functions/ to that).
 */
export { startControlPlaneServer, type ControlPlaneServer, type ControlPlaneServerOptions } from './control-plane-server.ts';
export { generateFleet, type FleetShape } from './fleet-generator.ts';
export { NonceCache, type Claim } from './nonce-cache.ts';
export { SimulatedFleet, type SimulatedFleetOptions } from './simulated-fleet.ts';
export { toInstanceSpec } from './simulated-instance.ts';
export type * from './simulated-types.ts';
export { SimulatorProvider, type SimulatorProviderOptions } from './simulator-provider.ts';
