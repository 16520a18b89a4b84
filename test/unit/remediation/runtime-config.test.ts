import { describe, expect, it } from 'vitest';
import { fleetProviderFromEnv } from '../../../shared/runtime/fleet-provider.ts';
import { playbooksFromEnv, remediationSettings } from '../../../shared/runtime/remediation-config.ts';

describe('remediation settings from the environment', () => {
  it('defaults to the documented safety settings, with dry run off', () => {
    const settings = remediationSettings({});
    expect(settings.safety.budget.fleetShare).toBe(0.1);
    expect(settings.safety.dryRun).toEqual({ global: false, playbooks: [] });
    expect(settings.probeIntervalSeconds).toBe(15);
  });

  it('turns dry run on globally or per playbook, and reads safety JSON', () => {
    const settings = remediationSettings({
      REMEDIATION_DRY_RUN: 'true',
      REMEDIATION_DRY_RUN_PLAYBOOKS: 'down, disk-full',
      REMEDIATION_SAFETY: '{"budget":{"zoneShare":0.05}}',
    });
    expect(settings.safety.dryRun).toEqual({ global: true, playbooks: ['down', 'disk-full'] });
    expect(settings.safety.budget.zoneShare).toBe(0.05);
  });

  it('refuses safety settings that do not parse, naming the field', () => {
    expect(() => remediationSettings({ REMEDIATION_SAFETY: '{"budget":{"zoneShare":2}}' })).toThrow('invalid REMEDIATION_SAFETY: budget.zoneShare');
    expect(() => playbooksFromEnv({ REMEDIATION_PLAYBOOK_OPTIONS: '{"down":{"restartAttempts":0}}' })).toThrow('playbook "down"');
  });

  it('refuses playbook options that are not an object per playbook, naming the playbook', () => {
    expect(() => playbooksFromEnv({ REMEDIATION_PLAYBOOK_OPTIONS: '["down"]' })).toThrow('invalid REMEDIATION_PLAYBOOK_OPTIONS: (root)');
    expect(() => playbooksFromEnv({ REMEDIATION_PLAYBOOK_OPTIONS: '{"down":3}' })).toThrow('invalid REMEDIATION_PLAYBOOK_OPTIONS: down');
  });
});

describe('the fleet provider of a deployment', () => {
  it('signs with a key from SSM when a parameter is named', () => {
    const provider = fleetProviderFromEnv({ FLEET_CONTROL_PLANE_URL: 'https://cp.example.com', FLEET_SIGNING_KEY_PARAMETER: '/fw/key' });
    expect(provider.name).toBe('http');
  });

  it('accepts a plain key only for a control plane on this machine (the local stage)', () => {
    expect(fleetProviderFromEnv({ FLEET_CONTROL_PLANE_URL: 'http://127.0.0.1:4000', FLEET_SIGNING_KEY: 'k' }).name).toBe('http');
    expect(() => fleetProviderFromEnv({ FLEET_CONTROL_PLANE_URL: 'https://cp.example.com', FLEET_SIGNING_KEY: 'k' })).toThrow('for the local stage only');
    expect(() => fleetProviderFromEnv({ FLEET_CONTROL_PLANE_URL: 'https://cp.example.com' })).toThrow('FLEET_SIGNING_KEY_PARAMETER must name');
  });
});
