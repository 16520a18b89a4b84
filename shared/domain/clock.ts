/** Time as a dependency: production uses the system clock, tests and the simulator inject their own. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
