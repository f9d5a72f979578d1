// "Act as the merchant": admin-side edits that make Shopify send exactly the webhooks it would.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Emulator } from '../emulator';
import { createProduct, deleteProduct, updateProduct, updateVariants } from '../store/catalog.domain';
import type { ProductInput } from '../store/catalog.domain';
import { setAvailable } from '../store/inventory.domain';
import { placeOrder, cancelOrder, OrderInputError } from '../store/orders.domain';
import { createCustomer, updateCustomer } from '../store/customers.domain';
import type { CustomerInput } from '../store/customers.domain';
import { addLocation, editLocation } from '../store/locations.domain';
import { toGid } from '../util/gid';
import { body, ControlError, found, requireId, sendJson, shopParam } from './control-util';

export function registerMerchantRoutes(app: FastifyInstance, emulator: Emulator): void {
  const base = '/_emulator/shops/:shop/merchant';
  const sink = emulator.delivery;

  app.post(`${base}/products`, async (req, reply) => {
    const shop = shopParam(emulator, req);
    const b = body(req) as ProductInput & { variants?: Array<Record<string, unknown>> };
    const product = createProduct(shop, sink, {
      ...b,
      variants: b.variants?.map((v) => ({ ...v, quantities: undefined })),
    });
    return sendJson(reply, 201, {
      productId: toGid('Product', product.id),
      variantIds: product.variantIds.map((id) => toGid('ProductVariant', id)),
    });
  });

  app.post(`${base}/products/update`, async (req, reply) => {
    const shop = shopParam(emulator, req);
    const b = body(req);
    const product = found(shop.products.get(requireId(b['productId'], 'Product', 'productId')), 'product');
    updateProduct(shop, sink, product, b);
    return sendJson(reply, 200, { productId: toGid('Product', product.id), updatedAt: product.updatedAt });
  });

  app.post(`${base}/products/delete`, async (req, reply) => {
    const shop = shopParam(emulator, req);
    const b = body(req);
    const product = found(shop.products.get(requireId(b['productId'], 'Product', 'productId')), 'product');
    deleteProduct(shop, sink, product);
    return sendJson(reply, 200, { deletedProductId: toGid('Product', product.id) });
  });

  app.post(`${base}/variants/update`, async (req, reply) => {
    const shop = shopParam(emulator, req);
    const b = body(req);
    const variant = found(shop.variants.get(requireId(b['variantId'], 'ProductVariant', 'variantId')), 'variant');
    const product = found(shop.products.get(variant.productId), 'product');
    updateVariants(shop, sink, product, [{ ...(b as object), id: variant.id }]);
    return sendJson(reply, 200, {
      variantId: toGid('ProductVariant', variant.id),
      price: variant.price,
      updatedAt: variant.updatedAt,
    });
  });

  app.post(`${base}/inventory/set`, async (req, reply) => {
    const shop = shopParam(emulator, req);
    const b = body(req);
    let itemId: bigint;
    if (b['variantId'] !== undefined)
      itemId = found(
        shop.variants.get(requireId(b['variantId'], 'ProductVariant', 'variantId')),
        'variant',
      ).inventoryItemId;
    else itemId = requireId(b['inventoryItemId'], 'InventoryItem', 'inventoryItemId');
    const item = found(shop.inventoryItems.get(itemId), 'inventory item');
    const location =
      b['locationId'] !== undefined
        ? found(shop.locations.get(requireId(b['locationId'], 'Location', 'locationId')), 'location')
        : found(shop.primaryLocation(), 'primary location');
    if (typeof b['available'] !== 'number') throw new ControlError(400, 'available must be a number', 'available');
    const level = setAvailable(shop, sink, item, location, b['available']);
    return sendJson(reply, 200, {
      inventoryItemId: toGid('InventoryItem', item.id),
      locationId: toGid('Location', location.id),
      available: level.q.available,
    });
  });

  app.post(`${base}/orders`, async (req, reply) => {
    const shop = shopParam(emulator, req);
    const b = body(req);
    const lines = b['lineItems'] ?? [];
    if (!Array.isArray(lines) || lines.some((l) => typeof l !== 'object' || l === null))
      throw new ControlError(400, 'lineItems must be an array of objects', 'lineItems');
    if (lines.length === 0) throw new ControlError(400, 'lineItems must not be empty', 'lineItems');
    try {
      const order = placeOrder(shop, sink, {
        lineItems: (lines as Array<Record<string, unknown>>).map((l) => ({
          variantId: requireId(l['variantId'], 'ProductVariant', 'variantId'),
          quantity: Number(l['quantity'] ?? 1),
        })),
        customerId: b['customerId'] !== undefined ? requireId(b['customerId'], 'Customer', 'customerId') : null,
        email: (b['email'] as string | undefined) ?? null,
        note: (b['note'] as string | undefined) ?? null,
        tags: b['tags'] as string[] | undefined,
      });
      return sendJson(reply, 201, { orderId: toGid('Order', order.id), name: order.name, total: order.total });
    } catch (err) {
      if (err instanceof OrderInputError) throw new ControlError(400, err.message);
      throw err;
    }
  });

  app.post(`${base}/orders/cancel`, async (req, reply) => {
    const shop = shopParam(emulator, req);
    const b = body(req);
    const order = found(shop.orders.get(requireId(b['orderId'], 'Order', 'orderId')), 'order');
    if (order.cancelledAt) throw new ControlError(409, 'order already cancelled');
    cancelOrder(shop, sink, order, {
      reason: String(b['reason'] ?? 'CUSTOMER').toUpperCase(),
      restock: b['restock'] !== false,
    });
    return sendJson(reply, 200, { orderId: toGid('Order', order.id), cancelledAt: order.cancelledAt });
  });

  app.post(`${base}/customers`, async (req, reply) => {
    const shop = shopParam(emulator, req);
    const c = createCustomer(shop, sink, body(req) as CustomerInput);
    return sendJson(reply, 201, { customerId: toGid('Customer', c.id) });
  });

  app.post(`${base}/customers/update`, async (req, reply) => {
    const shop = shopParam(emulator, req);
    const b = body(req);
    const c = found(shop.customers.get(requireId(b['customerId'], 'Customer', 'customerId')), 'customer');
    updateCustomer(shop, sink, c, b as CustomerInput);
    return sendJson(reply, 200, { customerId: toGid('Customer', c.id), updatedAt: c.updatedAt });
  });

  app.post(`${base}/locations`, async (req, reply) => {
    const shop = shopParam(emulator, req);
    const b = body(req);
    const loc = addLocation(shop, sink, {
      name: String(b['name'] ?? 'New location'),
      address: b['address'] as Record<string, string> | undefined,
    });
    return sendJson(reply, 201, { locationId: toGid('Location', loc.id) });
  });

  app.post(`${base}/locations/update`, async (req: FastifyRequest, reply) => {
    const shop = shopParam(emulator, req);
    const b = body(req);
    const loc = found(shop.locations.get(requireId(b['locationId'], 'Location', 'locationId')), 'location');
    editLocation(shop, sink, loc, {
      name: b['name'] as string | undefined,
      isActive: b['isActive'] as boolean | undefined,
    });
    return sendJson(reply, 200, { locationId: toGid('Location', loc.id) });
  });
}
