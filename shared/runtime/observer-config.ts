/** How detection doubts its observer (docs/DETECTION.md), from the environment serverless.yml sets per stage. */
import { DEFAULT_OBSERVER, type ObserverConfig } from '../domain/observer/hold.ts';
import { ConfigurationError, numberEnv } from './config.ts';

export function observerConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ObserverConfig {
  const interval = numberEnv('HEARTBEAT_INTERVAL_SECONDS', 30, env);
  const config: ObserverConfig = {
    lagSeconds: numberEnv('OBSERVER_LAG_SECONDS', 2 * interval, env),
    sweeperGapSeconds: numberEnv('OBSERVER_SWEEPER_GAP_SECONDS', DEFAULT_OBSERVER.sweeperGapSeconds, env),
    ceilingSeconds: numberEnv('DETECTION_HOLD_CEILING_SECONDS', DEFAULT_OBSERVER.ceilingSeconds, env),
    implausible: {
      share: numberEnv('IMPLAUSIBLE_SILENCE_SHARE', DEFAULT_OBSERVER.implausible.share, env),
      minCells: numberEnv('IMPLAUSIBLE_SILENCE_MIN_CELLS', DEFAULT_OBSERVER.implausible.minCells, env),
    },
  };
  const issues: string[] = [];
  if (!(config.lagSeconds > interval)) issues.push(`OBSERVER_LAG_SECONDS (${config.lagSeconds}) must exceed the heartbeat interval (${interval})`);
  if (!(config.sweeperGapSeconds > 0)) issues.push('OBSERVER_SWEEPER_GAP_SECONDS must be positive');
  if (!(config.ceilingSeconds > config.lagSeconds)) issues.push('DETECTION_HOLD_CEILING_SECONDS must exceed OBSERVER_LAG_SECONDS');
  if (!(config.implausible.share > 0 && config.implausible.share <= 1)) issues.push('IMPLAUSIBLE_SILENCE_SHARE must be in (0, 1]');
  if (!(Number.isInteger(config.implausible.minCells) && config.implausible.minCells >= 1)) issues.push('IMPLAUSIBLE_SILENCE_MIN_CELLS must be a whole number >= 1');
  if (issues.length > 0) throw new ConfigurationError(`detection observer settings: ${issues.join('; ')}`);
  return config;
}
