import type { FleetProvider } from '../../domain/fleet.ts';
import { HttpControlPlaneProvider } from './http-provider.ts';
import type { KeySource } from './key-source.ts';
import type { SimulatedFleet } from './simulated-fleet.ts';
import { SimulatorProvider } from './simulator-provider.ts';

export type FleetProviderConfig =
  | { kind: 'simulator'; fleet: SimulatedFleet; actionLatencyMs?: number }
  | { kind: 'http'; baseUrl: string; keySource: KeySource; timeoutMs?: number; attempts?: number };

/** The fleet provider a deployment is configured for: the simulator locally, the HTTP control plane for real. */
export function createFleetProvider(config: FleetProviderConfig): FleetProvider {
  if (config.kind === 'simulator') {
    return new SimulatorProvider(config.fleet, config.actionLatencyMs === undefined ? {} : { actionLatencyMs: config.actionLatencyMs });
  }
  return new HttpControlPlaneProvider(config);
}

export { startControlPlaneServer, type ControlPlaneServer, type ControlPlaneServerOptions } from './control-plane-server.ts';
export * from './errors.ts';
export { generateFleet, type FleetShape } from './fleet-generator.ts';
export { HttpControlPlaneProvider, type HttpProviderOptions } from './http-provider.ts';
export { cacheKey, ssmKeySource, type KeyCache, type KeySource } from './key-source.ts';
export { NonceCache, type Claim } from './nonce-cache.ts';
export { computeSignature, newNonce, signRequest, verifySignature } from './signing.ts';
export { SimulatedFleet, type SimulatedFleetOptions } from './simulated-fleet.ts';
export { toInstanceSpec } from './simulated-instance.ts';
export type * from './simulated-types.ts';
export { SimulatorProvider, type SimulatorProviderOptions } from './simulator-provider.ts';
export type { FleetProbe } from './wire.ts';
