/**
 * The nonces of signed requests a control plane has accepted, each kept for as long as its timestamp is inside
 * the tolerance window: a captured request sent again inside the window is refused here, and after it by its
 * timestamp (`verifySignature`). Bounded: when full of nonces still inside the window it refuses new ones rather
 * than forget one that could then be replayed.
 */
export type Claim = 'fresh' | 'replayed' | 'full';

export interface NonceCacheOptions {
  /** The signature tolerance, in seconds: a nonce is kept until its timestamp is this far in the past. */
  windowSeconds: number;
  /** The most nonces kept at once. */
  capacity: number;
}

export class NonceCache {
  /** Nonce to the Unix second after which its request is refused by its timestamp anyway; in arrival order. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly options: NonceCacheOptions) {}

  get size(): number {
    return this.seen.size;
  }

  /**
   * Records the nonce of a request whose signature holds, stamped `timestamp` (Unix seconds): 'fresh' the first
   * time, 'replayed' when it was seen inside the window, 'full' when the cache cannot take it.
   */
  claim(nonce: string, timestamp: number, now: Date): Claim {
    const nowSeconds = now.getTime() / 1000;
    this.evictFromOldest(nowSeconds);
    const until = this.seen.get(nonce);
    if (until !== undefined && until >= nowSeconds) return 'replayed';
    if (this.seen.size >= this.options.capacity) this.evictAll(nowSeconds);
    if (this.seen.size >= this.options.capacity) return 'full';
    this.seen.delete(nonce);
    this.seen.set(nonce, timestamp + this.options.windowSeconds);
    return 'fresh';
  }

  /** Arrival order is nearly timestamp order: drop expired nonces from the oldest until one is still live. */
  private evictFromOldest(nowSeconds: number): void {
    for (const [nonce, until] of this.seen) {
      if (until >= nowSeconds) return;
      this.seen.delete(nonce);
    }
  }

  /** Timestamps arrive up to a window out of order; when full, every expired nonce goes. */
  private evictAll(nowSeconds: number): void {
    for (const [nonce, until] of this.seen) if (until < nowSeconds) this.seen.delete(nonce);
  }
}
