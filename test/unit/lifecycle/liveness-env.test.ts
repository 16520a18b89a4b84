import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { DEFAULT_THRESHOLDS } from '../../../shared/domain/liveness.ts';
import { thresholdsFromEnv } from '../../../shared/runtime/liveness-config.ts';

describe('liveness thresholds from the environment', () => {
  it('gives every service the documented defaults when nothing is set, or overrides are {}', () => {
    for (const env of [{}, { LIVENESS_OVERRIDES: '{}' }]) {
      expect(thresholdsFromEnv(env)).toEqual({ postgres: DEFAULT_THRESHOLDS, redis: DEFAULT_THRESHOLDS, kafka: DEFAULT_THRESHOLDS });
    }
  });

  it('lays a service\'s overrides over the stage thresholds, leaving the other services on the stage ones', () => {
    const thresholds = thresholdsFromEnv({
      HEARTBEAT_INTERVAL_SECONDS: '10',
      UNCERTAIN_AFTER_SECONDS: '40',
      UNAVAILABLE_AFTER_SECONDS: '80',
      LIVENESS_OVERRIDES: JSON.stringify({ kafka: { uncertainAfterSeconds: 120, unavailableAfterSeconds: 300 } }),
    });
    expect(thresholds.kafka).toEqual({ heartbeatIntervalSeconds: 10, uncertainAfterSeconds: 120, unavailableAfterSeconds: 300 });
    expect(thresholds.postgres).toEqual({ heartbeatIntervalSeconds: 10, uncertainAfterSeconds: 40, unavailableAfterSeconds: 80 });
    expect(thresholds.redis).toEqual(thresholds.postgres);
  });

  it('refuses an unknown service, an unknown field, bad JSON and thresholds out of order, naming the problem', () => {
    const read = (overrides: string) => () => thresholdsFromEnv({ LIVENESS_OVERRIDES: overrides });
    expect(read('{"mysql": {"uncertainAfterSeconds": 60}}')).toThrow(ValidationError);
    expect(read('{"mysql": {"uncertainAfterSeconds": 60}}')).toThrow(/LIVENESS_OVERRIDES/);
    expect(read('{"redis": {"uncertainAfter": 60}}')).toThrow(/uncertainAfter/);
    expect(read('{redis')).toThrow(/LIVENESS_OVERRIDES.*not valid JSON/);
    expect(read('{"redis": {"unavailableAfterSeconds": 60}}')).toThrow(/unavailableAfterSeconds must exceed uncertainAfterSeconds/);
  });
});
