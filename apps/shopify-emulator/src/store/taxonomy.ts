// A small built-in slice of Shopify's Standard Product Taxonomy (ids as in Shopify's releases:
// "gid://shopify/TaxonomyCategory/sg-4-17-2-17"). Enough for a sync to set and read
// Product.category; unknown ids answer null, as a deleted category would.
export interface TaxonomyCategoryRec {
  __typename: 'TaxonomyCategory';
  id: string;
  name: string;
  fullName: string;
  level: number;
  parentId: string | null;
  ancestorIds: string[];
  childrenIds: string[];
  isLeaf: boolean;
  isRoot: boolean;
  isArchived: boolean;
}

const NAMES: Record<string, string> = {
  aa: 'Apparel & Accessories',
  'aa-1': 'Clothing',
  'aa-2': 'Clothing Accessories',
  el: 'Electronics',
  hg: 'Home & Garden',
  na: 'Uncategorized',
  sg: 'Sporting Goods',
  'sg-4': 'Outdoor Recreation',
  'sg-4-17': 'Winter Sports',
  'sg-4-17-2': 'Skiing & Snowboarding',
  'sg-4-17-2-17': 'Snowboards',
};

const PREFIX = 'gid://shopify/TaxonomyCategory/';

export function taxonomyCategory(gid: unknown): TaxonomyCategoryRec | null {
  if (typeof gid !== 'string' || !gid.startsWith(PREFIX)) return null;
  const key = gid.slice(PREFIX.length);
  const name = NAMES[key];
  if (!name) return null;
  const parts = key.split('-');
  const ancestors = parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('-'));
  const children = Object.keys(NAMES).filter(
    (k) => k.startsWith(`${key}-`) && k.split('-').length === parts.length + 1,
  );
  return {
    __typename: 'TaxonomyCategory',
    id: gid,
    name,
    fullName: [...ancestors, key].map((k) => NAMES[k] ?? k).join(' > '),
    level: parts.length,
    parentId: ancestors.length ? PREFIX + ancestors[ancestors.length - 1] : null,
    ancestorIds: ancestors.reverse().map((a) => PREFIX + a),
    childrenIds: children.map((c) => PREFIX + c),
    isLeaf: children.length === 0,
    isRoot: parts.length === 1,
    isArchived: false,
  };
}
