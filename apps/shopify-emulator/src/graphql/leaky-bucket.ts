// Shopify's cost-based leaky bucket: requests take their requested cost up front, the unused part
// is refunded after execution, and the bucket refills at restoreRate points per second.
import type { ThrottleSettings } from '../store/store.types';

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export class LeakyBucket {
  private available: number;
  private last: number;

  constructor(
    private settings: ThrottleSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.available = settings.maximumAvailable;
    this.last = now();
  }

  configure(settings: ThrottleSettings): void {
    this.refill();
    this.settings = { ...settings };
    this.available = Math.min(this.available, settings.maximumAvailable);
  }

  private refill(): void {
    const t = this.now();
    const restored = ((t - this.last) / 1000) * this.settings.restoreRate;
    this.available = Math.min(this.settings.maximumAvailable, this.available + restored);
    this.last = t;
  }

  /** Takes `cost` points if available; returns false (nothing taken) when throttled. */
  tryTake(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.settings.maximumAvailable, this.available + points);
  }

  status(): ThrottleStatus {
    this.refill();
    return {
      maximumAvailable: this.settings.maximumAvailable,
      currentlyAvailable: Math.floor(this.available),
      restoreRate: this.settings.restoreRate,
    };
  }
}
