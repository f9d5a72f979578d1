import { SecretBox } from './secret-box';
import { WebhookSecretCache } from './webhook-secret-cache';
import type { WebhookSettings } from './webhook-settings.service';

describe('WebhookSecretCache', () => {
  const box = new SecretBox('test-key');
  const cache = new WebhookSecretCache({ secrets: box } as WebhookSettings);
  const [current, previous] = [box.seal('whsec_current'), box.seal('whsec_previous')];

  it('signs with the current secret alone when there is no previous one', () => {
    expect(
      cache.signingSecrets({ secretEnc: current, previousSecretEnc: null, previousSecretExpiresAt: null }),
    ).toEqual(['whsec_current']);
  });

  it('adds the previous secret while its overlap lasts, and drops it once it has ended', () => {
    const future = new Date(Date.now() + 60_000).toISOString();
    const past = new Date(Date.now() - 1).toISOString();
    expect(
      cache.signingSecrets({ secretEnc: current, previousSecretEnc: previous, previousSecretExpiresAt: future }),
    ).toEqual(['whsec_current', 'whsec_previous']);
    expect(
      cache.signingSecrets({ secretEnc: current, previousSecretEnc: previous, previousSecretExpiresAt: past }),
    ).toEqual(['whsec_current']);
  });

  it('opens each sealed value once, and a rotated secret (a new sealed value) at once', () => {
    const open = jest.spyOn(box, 'open');
    const sealed = box.seal('whsec_cached');
    for (let i = 0; i < 3; i++)
      cache.signingSecrets({ secretEnc: sealed, previousSecretEnc: null, previousSecretExpiresAt: null });
    expect(open).toHaveBeenCalledTimes(1);
    const rotated = box.seal('whsec_rotated');
    expect(
      cache.signingSecrets({
        secretEnc: rotated,
        previousSecretEnc: sealed,
        previousSecretExpiresAt: new Date(Date.now() + 60_000),
      }),
    ).toEqual(['whsec_rotated', 'whsec_cached']);
    expect(open).toHaveBeenCalledTimes(2);
    open.mockRestore();
  });

  it('refuses a value sealed under another key rather than caching anything', () => {
    const foreign = new SecretBox('other-key').seal('whsec_x');
    expect(() =>
      cache.signingSecrets({ secretEnc: foreign, previousSecretEnc: null, previousSecretExpiresAt: null }),
    ).toThrow();
  });
});
