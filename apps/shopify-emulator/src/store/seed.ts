// Deterministic store seeding (same seed -> same titles, SKUs, prices, stock, customers, orders).
// Seeding is pre-existing store state, so it sends no webhooks.
import type { ShopState } from './shop-state';
import { Prng } from '../util/prng';
import { isoSeconds } from '../util/time';
import { insertProduct } from './catalog.domain';
import type { VariantInput } from './catalog.domain';
import { insertLocation } from './locations.domain';
import { insertCustomer } from './customers.domain';
import { insertOrder } from './orders.domain';

export interface SeedOptions {
  products?: number;
  variantsPerProduct?: number;
  locations?: number;
  customers?: number;
  orders?: number;
  seed?: number;
}

export interface SeedResult {
  products: number;
  variants: number;
  locations: number;
  customers: number;
  orders: number;
  ms: number;
}

const ADJECTIVES = [
  'Classic',
  'Organic',
  'Vintage',
  'Modern',
  'Rustic',
  'Sleek',
  'Cozy',
  'Bold',
  'Soft',
  'Urban',
  'Coastal',
  'Alpine',
];
const NOUNS = [
  'T-Shirt',
  'Hoodie',
  'Mug',
  'Backpack',
  'Sneaker',
  'Candle',
  'Notebook',
  'Lamp',
  'Scarf',
  'Bottle',
  'Jacket',
  'Cap',
];
const SIZES = ['Small', 'Medium', 'Large', 'X-Large', 'XX-Large', 'XS', '3XL', '4XL'];
const VENDORS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne'];
const TYPES = ['Apparel', 'Home', 'Accessories', 'Footwear'];
const FIRST = ['Ada', 'Grace', 'Alan', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances', 'Edsger'];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Torvalds',
  'Hamilton',
  'Thompson',
  'Liskov',
  'Ritchie',
  'Allen',
  'Dijkstra',
];
const CITIES: Array<[string, string, string, string]> = [
  ['Ottawa', 'ON', 'CA', 'K1A 0B1'],
  ['Boston', 'MA', 'US', '02110'],
  ['Denver', 'CO', 'US', '80202'],
  ['Toronto', 'ON', 'CA', 'M5H 2N2'],
];
/** Seeded records get timestamps spread over this window before "now", oldest first. */
const SPREAD_SECONDS = 30 * 24 * 3600;

export function seedShop(shop: ShopState, opts: SeedOptions): SeedResult {
  const started = Date.now();
  const rng = new Prng(opts.seed ?? 1);
  const productCount = opts.products ?? 0;
  const variantsPer = Math.max(1, Math.min(opts.variantsPerProduct ?? 1, SIZES.length));
  const now = Date.now();

  const locations = [...shop.locations.values()].filter((l) => l.isActive);
  for (let i = locations.length; i < (opts.locations ?? 1); i++) {
    const [city, prov, country, zip] = CITIES[i % CITIES.length] as [string, string, string, string];
    locations.push(
      insertLocation(shop, {
        name: i === 0 ? 'Shop location' : `Warehouse ${i}`,
        address: { address1: `${i + 1} Main St`, city, provinceCode: prov, countryCode: country, zip },
      }),
    );
  }

  const base = shop.products.size;
  let variants = 0;
  for (let i = 0; i < productCount; i++) {
    const n = base + i + 1;
    const ts = isoSeconds(
      now - SPREAD_SECONDS * 1000 + Math.floor((i * SPREAD_SECONDS * 1000) / Math.max(productCount, 1)),
    );
    const title = `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)} ${n}`;
    const cents = rng.int(500, 15000);
    const variantInputs: VariantInput[] = [];
    for (let v = 0; v < variantsPer; v++) {
      const size = SIZES[v] as string;
      variantInputs.push({
        title: variantsPer === 1 ? 'Default Title' : size,
        optionValues: [variantsPer === 1 ? 'Default Title' : size],
        sku: `SKU-${n}-${v + 1}`,
        price: (cents / 100).toFixed(2),
        tracked: true,
        quantities: locations.map((l) => ({ locationId: l.id, available: rng.int(0, 50) })),
      });
    }
    insertProduct(
      shop,
      {
        title,
        handle: `${title}`,
        vendor: rng.pick(VENDORS),
        productType: rng.pick(TYPES),
        tags: [`seed-${opts.seed ?? 1}`],
        optionNames: [variantsPer === 1 ? 'Title' : 'Size'],
        variants: variantInputs,
      },
      ts,
    );
    variants += variantsPer;
  }

  const customerIds: bigint[] = [];
  for (let i = 0; i < (opts.customers ?? 0); i++) {
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    const [city, prov, country, zip] = rng.pick(CITIES);
    const c = insertCustomer(
      shop,
      {
        firstName: first,
        lastName: last,
        email: `${first}.${last}.${shop.customers.size + 1}@example.com`.toLowerCase(),
        addresses: [
          {
            address1: `${rng.int(1, 999)} Elm St`,
            city,
            provinceCode: prov,
            countryCode: country,
            zip,
            country: country === 'CA' ? 'Canada' : 'United States',
          },
        ],
      },
      isoSeconds(now - SPREAD_SECONDS * 1000 + i * 1000),
    );
    customerIds.push(c.id);
  }

  const variantIds = shop.variantIds.all();
  let orders = 0;
  for (let i = 0; i < (opts.orders ?? 0) && variantIds.length > 0; i++) {
    const lines = rng.int(1, 3);
    const lineItems = [];
    for (let l = 0; l < lines; l++)
      lineItems.push({ variantId: variantIds[rng.int(0, variantIds.length - 1)] as bigint, quantity: rng.int(1, 3) });
    insertOrder(
      shop,
      { lineItems, customerId: customerIds.length > 0 ? rng.pick(customerIds) : null },
      isoSeconds(now - (opts.orders ?? 0) * 1000 + i * 1000),
    );
    orders++;
  }

  return {
    products: productCount,
    variants,
    locations: locations.length,
    customers: customerIds.length,
    orders,
    ms: Date.now() - started,
  };
}
