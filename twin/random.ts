/**
 * The twin's random source is the simulator's seeded generator (sim/prng.ts, mulberry32): the same `--seed` plays the
 * same fleet and the same deliveries, so a breach found once can be replayed. Not for anything secret.
 */
export { createPrng as seededRandom, type Prng as Random } from '../sim/prng.ts';
