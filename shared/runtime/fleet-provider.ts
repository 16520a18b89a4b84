/**
 * The fleet provider of this deployment: always the signed HTTP control-plane client.
 * - Deployed: `FLEET_CONTROL_PLANE_URL` (https) and the key from the SSM SecureString named by
 *   `FLEET_SIGNING_KEY_PARAMETER`. The key is cached five minutes and re-read after a 401, so a rotation
 *   (docs/RUNBOOK.md) needs no deploy.
 * - Local stage only: `FLEET_SIGNING_KEY`, a plain key that `npm start` generates for the control-plane server it
 *   runs on 127.0.0.1 over the simulated fleet. It is refused for any other host.
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import { HttpControlPlaneProvider, ssmKeySource } from '../adapters/fleet/index.ts';
import type { FleetProvider } from '../domain/fleet.ts';
import { ConfigurationError, requireEnv } from './config.ts';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

let ssm: SSMClient | undefined;

export function fleetProviderFromEnv(env: NodeJS.ProcessEnv = process.env): FleetProvider {
  const baseUrl = requireEnv('FLEET_CONTROL_PLANE_URL', env);
  const parameter = env.FLEET_SIGNING_KEY_PARAMETER;
  if (parameter !== undefined && parameter !== '') {
    ssm ??= new SSMClient({});
    return new HttpControlPlaneProvider({ baseUrl, keySource: ssmKeySource(ssm, parameter) });
  }
  const key = env.FLEET_SIGNING_KEY;
  if (key === undefined || key === '') {
    throw new ConfigurationError('FLEET_SIGNING_KEY_PARAMETER must name the SSM SecureString that holds the control-plane signing key');
  }
  const host = URL.canParse(baseUrl) ? new URL(baseUrl).hostname : '';
  if (!LOOPBACK.has(host)) {
    throw new ConfigurationError('FLEET_SIGNING_KEY is a plain key for the local stage only; a real control plane needs FLEET_SIGNING_KEY_PARAMETER');
  }
  return new HttpControlPlaneProvider({ baseUrl, keySource: async () => key });
}
