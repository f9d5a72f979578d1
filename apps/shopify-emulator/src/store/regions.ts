// Country and province names for addresses given by code, as Shopify fills them in.
const REGIONS = new Intl.DisplayNames(['en'], { type: 'region' });

export function countryName(code: string): string | null {
  try {
    return REGIONS.of(code) ?? null;
  } catch {
    return null;
  }
}

const PROVINCE_NAMES: Record<string, string> = {
  MA: 'Massachusetts',
  NY: 'New York',
  CA: 'California',
  CO: 'Colorado',
  TX: 'Texas',
  WA: 'Washington',
  KY: 'Kentucky',
  TN: 'Tennessee',
  ON: 'Ontario',
  QC: 'Quebec',
  BC: 'British Columbia',
  AB: 'Alberta',
};

/** The name of a US state or Canadian province the emulator knows, else null. */
export function provinceName(code: string): string | null {
  return PROVINCE_NAMES[code] ?? null;
}
