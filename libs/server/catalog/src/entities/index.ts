import { Product } from './product.entity';
import { Variant } from './variant.entity';

export { Product, Variant };
export type { ProductStatus } from './product.entity';
export const catalogEntities = [Product, Variant];
