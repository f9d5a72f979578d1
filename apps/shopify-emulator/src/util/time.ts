// Shopify timestamps have second precision ("2026-05-05T00:12:18Z"); keeping that is deliberate,
// since clients must cope with many rows sharing one updated_at.
export function isoSeconds(ms: number = Date.now()): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** REST payloads carry the shop's offset form, e.g. 2021-12-31T19:00:00-05:00; we use UTC (-00:00 style +00:00). */
export function restTime(iso: string | null): string | null {
  if (!iso) return null;
  return iso.endsWith('Z') ? `${iso.slice(0, -1)}+00:00` : iso;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, Math.max(0, ms));
    t.unref?.();
  });
}
