// Generated from views.ts by `node tools/dev/run.mjs tools/openapi/generate-view-schemas.ts`: do not edit by hand
// (tools/openapi/view-schemas.spec.ts fails when this file and the views drift apart).

/** OpenAPI 3.0 schema of every response view, keyed by its name in views.ts; `$ref`s point into this registry. */
export const VIEW_SCHEMAS = {
  "ApiKeyView": {
    "description": "API key as listed (the raw key is shown once, at creation, and never again).",
    "type": "object",
    "properties": {
      "id": {
        "type": "string"
      },
      "name": {
        "type": "string"
      },
      "prefix": {
        "type": "string",
        "description": "Display prefix, e.g. `wsk_live_AbC12xYz`: enough to recognise a key, useless to call with."
      },
      "scopes": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/ScopeGrant"
        }
      },
      "expiresAt": {
        "type": "string",
        "nullable": true
      },
      "lastUsedAt": {
        "type": "string",
        "nullable": true
      },
      "revokedAt": {
        "type": "string",
        "nullable": true
      },
      "createdBy": {
        "type": "string",
        "nullable": true
      },
      "createdAt": {
        "type": "string"
      }
    },
    "required": [
      "id",
      "name",
      "prefix",
      "scopes",
      "expiresAt",
      "lastUsedAt",
      "revokedAt",
      "createdBy",
      "createdAt"
    ]
  },
  "CreatedApiKey": {
    "description": "`POST /api/api-keys`.",
    "allOf": [
      {
        "$ref": "#/components/schemas/ApiKeyView"
      },
      {
        "type": "object",
        "properties": {
          "key": {
            "type": "string",
            "description": "The secret key (`wsk_live_...`). Shown once, never again."
          }
        },
        "required": [
          "key"
        ]
      }
    ]
  },
  "CustomerDetailView": {
    "description": "`GET /api/customers/:id`: the customer with its most recent orders.",
    "allOf": [
      {
        "$ref": "#/components/schemas/CustomerView"
      },
      {
        "type": "object",
        "properties": {
          "recentOrders": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/OrderBrief"
            }
          }
        },
        "required": [
          "recentOrders"
        ]
      }
    ]
  },
  "CustomerOrderSummary": {
    "type": "object",
    "properties": {
      "ordersCount": {
        "type": "number"
      },
      "totalSpent": {
        "type": "number",
        "description": "Sum of order totals, cancelled orders excluded, in the workspace currency (minor units)."
      },
      "lifetimeValue": {
        "type": "number",
        "description": "totalSpent minus refunds from returns."
      },
      "currency": {
        "type": "string"
      },
      "lastOrderAt": {
        "type": "string",
        "nullable": true
      }
    },
    "required": [
      "ordersCount",
      "totalSpent",
      "lifetimeValue",
      "currency",
      "lastOrderAt"
    ]
  },
  "CustomerView": {
    "description": "Response bodies of the HTTP API, framework-free so a generated client or the dashboard can type every call. Timestamps are ISO-8601 UTC text, money is integer minor units with its ISO 4217 currency.",
    "allOf": [
      {
        "$ref": "#/components/schemas/CustomerOrderSummary"
      },
      {
        "type": "object",
        "properties": {
          "id": {
            "type": "string"
          },
          "email": {
            "type": "string",
            "nullable": true
          },
          "firstName": {
            "type": "string",
            "nullable": true
          },
          "lastName": {
            "type": "string",
            "nullable": true
          },
          "phone": {
            "type": "string",
            "nullable": true
          },
          "addresses": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {},
              "additionalProperties": {}
            }
          },
          "tags": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "acceptsMarketing": {
            "type": "boolean"
          },
          "marketingConsentUpdatedAt": {
            "type": "string",
            "nullable": true
          },
          "note": {
            "type": "string",
            "nullable": true
          },
          "createdAt": {
            "type": "string"
          },
          "updatedAt": {
            "type": "string"
          }
        },
        "required": [
          "id",
          "email",
          "firstName",
          "lastName",
          "phone",
          "addresses",
          "tags",
          "acceptsMarketing",
          "marketingConsentUpdatedAt",
          "note",
          "createdAt",
          "updatedAt"
        ]
      }
    ]
  },
  "ExportRowView": {
    "description": "One row of a JSON export (`GET /api/export/<resource>`, an array of rows streamed in keyset batches). The columns are the resource's export columns; CSV exports carry the same columns.",
    "type": "object",
    "properties": {},
    "additionalProperties": {}
  },
  "InventoryAdjustmentView": {
    "description": "`POST /api/inventory/adjustments`: the level after the change.",
    "allOf": [
      {
        "$ref": "#/components/schemas/LevelView"
      },
      {
        "type": "object",
        "properties": {
          "sku": {
            "type": "string"
          },
          "delta": {
            "type": "number"
          }
        },
        "required": [
          "sku",
          "delta"
        ]
      }
    ]
  },
  "InventoryLevelView": {
    "description": "One row of `GET /api/inventory/levels`.",
    "allOf": [
      {
        "$ref": "#/components/schemas/LevelView"
      },
      {
        "type": "object",
        "properties": {
          "sku": {
            "type": "string",
            "nullable": true
          }
        },
        "required": [
          "sku"
        ]
      }
    ]
  },
  "InventoryTransferView": {
    "description": "`POST /api/inventory/transfers`: both levels after the move.",
    "type": "object",
    "properties": {
      "reference": {
        "type": "string"
      },
      "from": {
        "$ref": "#/components/schemas/LevelView"
      },
      "to": {
        "$ref": "#/components/schemas/LevelView"
      },
      "sku": {
        "type": "string"
      },
      "quantity": {
        "type": "number"
      }
    },
    "required": [
      "reference",
      "from",
      "to",
      "sku",
      "quantity"
    ]
  },
  "LevelView": {
    "allOf": [
      {
        "$ref": "#/components/schemas/LocationStock"
      },
      {
        "type": "object",
        "properties": {
          "id": {
            "type": "string"
          },
          "variantId": {
            "type": "string"
          },
          "updatedAt": {
            "type": "string"
          }
        },
        "required": [
          "id",
          "variantId",
          "updatedAt"
        ]
      }
    ]
  },
  "LocationStock": {
    "description": "A variant's stock at one location.",
    "type": "object",
    "properties": {
      "locationId": {
        "type": "string"
      },
      "available": {
        "type": "number"
      },
      "onHand": {
        "type": "number"
      },
      "committed": {
        "type": "number"
      }
    },
    "required": [
      "locationId",
      "available",
      "onHand",
      "committed"
    ]
  },
  "LocationView": {
    "type": "object",
    "properties": {
      "id": {
        "type": "string"
      },
      "name": {
        "type": "string"
      },
      "code": {
        "type": "string",
        "nullable": true
      },
      "address": {
        "type": "object",
        "properties": {},
        "additionalProperties": {},
        "nullable": true
      },
      "active": {
        "type": "boolean"
      },
      "createdAt": {
        "type": "string"
      }
    },
    "required": [
      "id",
      "name",
      "code",
      "address",
      "active",
      "createdAt"
    ]
  },
  "LoginResponse": {
    "description": "`POST /api/auth/login`.",
    "type": "object",
    "properties": {
      "user": {
        "$ref": "#/components/schemas/SessionUser"
      },
      "workspace": {
        "$ref": "#/components/schemas/WorkspaceSummary"
      },
      "role": {
        "type": "string",
        "enum": [
          "owner",
          "admin",
          "staff"
        ]
      },
      "csrfToken": {
        "type": "string",
        "description": "Send back as the x-csrf-token header on state-changing requests (also in the retailos_csrf cookie)."
      },
      "expiresAt": {
        "type": "string"
      }
    },
    "required": [
      "user",
      "workspace",
      "role",
      "csrfToken",
      "expiresAt"
    ]
  },
  "MovementView": {
    "type": "object",
    "properties": {
      "id": {
        "type": "string"
      },
      "variantId": {
        "type": "string"
      },
      "locationId": {
        "type": "string"
      },
      "delta": {
        "type": "number"
      },
      "reason": {
        "type": "string"
      },
      "reference": {
        "type": "string",
        "nullable": true
      },
      "actor": {
        "type": "string",
        "nullable": true
      },
      "availableAfter": {
        "type": "number"
      },
      "onHandAfter": {
        "type": "number"
      },
      "createdAt": {
        "type": "string"
      }
    },
    "required": [
      "id",
      "variantId",
      "locationId",
      "delta",
      "reason",
      "reference",
      "actor",
      "availableAfter",
      "onHandAfter",
      "createdAt"
    ]
  },
  "OrderBrief": {
    "type": "object",
    "properties": {
      "id": {
        "type": "string"
      },
      "name": {
        "type": "string"
      },
      "channel": {
        "type": "string"
      },
      "status": {
        "type": "string"
      },
      "total": {
        "type": "number"
      },
      "currency": {
        "type": "string"
      },
      "createdAt": {
        "type": "string"
      }
    },
    "required": [
      "id",
      "name",
      "channel",
      "status",
      "total",
      "currency",
      "createdAt"
    ]
  },
  "OrderDetailView": {
    "description": "`GET /api/orders/:id`: the order with its returns.",
    "allOf": [
      {
        "$ref": "#/components/schemas/OrderView"
      },
      {
        "type": "object",
        "properties": {
          "returns": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/OrderReturnSummary"
            }
          }
        },
        "required": [
          "returns"
        ]
      }
    ]
  },
  "OrderLineView": {
    "type": "object",
    "properties": {
      "id": {
        "type": "string"
      },
      "variantId": {
        "type": "string"
      },
      "sku": {
        "type": "string"
      },
      "title": {
        "type": "string"
      },
      "quantity": {
        "type": "number"
      },
      "unitPrice": {
        "type": "number"
      },
      "total": {
        "type": "number"
      },
      "returnedQuantity": {
        "type": "number"
      }
    },
    "required": [
      "id",
      "variantId",
      "sku",
      "title",
      "quantity",
      "unitPrice",
      "total",
      "returnedQuantity"
    ]
  },
  "OrderReturnSummary": {
    "allOf": [
      {
        "$ref": "#/components/schemas/ReturnFields"
      },
      {
        "type": "object",
        "properties": {
          "createdAt": {
            "type": "string"
          }
        },
        "required": [
          "createdAt"
        ]
      }
    ]
  },
  "OrderView": {
    "type": "object",
    "properties": {
      "id": {
        "type": "string"
      },
      "name": {
        "type": "string"
      },
      "number": {
        "type": "number"
      },
      "channel": {
        "type": "string"
      },
      "source": {
        "type": "string"
      },
      "externalId": {
        "type": "string",
        "nullable": true
      },
      "status": {
        "type": "string"
      },
      "customerId": {
        "type": "string",
        "nullable": true
      },
      "locationId": {
        "type": "string"
      },
      "currency": {
        "type": "string"
      },
      "subtotal": {
        "type": "number"
      },
      "total": {
        "type": "number"
      },
      "refundedTotal": {
        "type": "number"
      },
      "note": {
        "type": "string",
        "nullable": true
      },
      "cancelledAt": {
        "type": "string",
        "nullable": true
      },
      "cancelReason": {
        "type": "string",
        "nullable": true
      },
      "createdAt": {
        "type": "string"
      },
      "updatedAt": {
        "type": "string"
      },
      "lines": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/OrderLineView"
        }
      }
    },
    "required": [
      "id",
      "name",
      "number",
      "channel",
      "source",
      "externalId",
      "status",
      "customerId",
      "locationId",
      "currency",
      "subtotal",
      "total",
      "refundedTotal",
      "note",
      "cancelledAt",
      "cancelReason",
      "createdAt",
      "updatedAt",
      "lines"
    ]
  },
  "PingView": {
    "description": "`GET /api/auth/ping` and `/api/auth/ping/key`.",
    "type": "object",
    "properties": {
      "ok": {
        "type": "boolean",
        "enum": [
          true
        ]
      }
    },
    "required": [
      "ok"
    ]
  },
  "ProductView": {
    "type": "object",
    "properties": {
      "id": {
        "type": "string"
      },
      "title": {
        "type": "string"
      },
      "handle": {
        "type": "string"
      },
      "description": {
        "type": "string",
        "nullable": true
      },
      "vendor": {
        "type": "string",
        "nullable": true
      },
      "productType": {
        "type": "string",
        "nullable": true
      },
      "status": {
        "type": "string"
      },
      "tags": {
        "type": "array",
        "items": {
          "type": "string"
        }
      },
      "createdAt": {
        "type": "string"
      },
      "updatedAt": {
        "type": "string"
      },
      "variants": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/VariantView"
        }
      }
    },
    "required": [
      "id",
      "title",
      "handle",
      "description",
      "vendor",
      "productType",
      "status",
      "tags",
      "createdAt",
      "updatedAt",
      "variants"
    ]
  },
  "ReturnFields": {
    "description": "What every view of a return carries: where the units went back, why, and the refund.",
    "type": "object",
    "properties": {
      "id": {
        "type": "string"
      },
      "locationId": {
        "type": "string"
      },
      "reason": {
        "type": "string",
        "nullable": true
      },
      "refundAmount": {
        "type": "number"
      },
      "lines": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/ReturnLineView"
        }
      }
    },
    "required": [
      "id",
      "locationId",
      "reason",
      "refundAmount",
      "lines"
    ]
  },
  "ReturnLineView": {
    "description": "One returned order line: how many units and the refund they carry.",
    "type": "object",
    "properties": {
      "lineId": {
        "type": "string"
      },
      "quantity": {
        "type": "number"
      },
      "amount": {
        "type": "number"
      }
    },
    "required": [
      "lineId",
      "quantity",
      "amount"
    ]
  },
  "ReturnView": {
    "allOf": [
      {
        "$ref": "#/components/schemas/ReturnFields"
      },
      {
        "type": "object",
        "properties": {
          "orderId": {
            "type": "string"
          },
          "currency": {
            "type": "string"
          },
          "order": {
            "$ref": "#/components/schemas/OrderView"
          }
        },
        "required": [
          "orderId",
          "currency",
          "order"
        ]
      }
    ]
  },
  "ScopeGrant": {
    "type": "string",
    "enum": [
      "products:read",
      "products:write",
      "orders:read",
      "orders:write",
      "customers:read",
      "customers:write",
      "inventory:read",
      "inventory:write",
      "sync:read",
      "sync:write",
      "webhooks:read",
      "webhooks:write",
      "export:read",
      "*"
    ]
  },
  "SessionUser": {
    "description": "Response shapes of the HTTP api as clients (the dashboard) read them. The server builds the same shapes in its services; `tools/lint/contract-views.check.ts` fails the typecheck when the two drift apart.",
    "type": "object",
    "properties": {
      "id": {
        "type": "string"
      },
      "email": {
        "type": "string"
      }
    },
    "required": [
      "id",
      "email"
    ]
  },
  "ShopifyConnectionView": {
    "description": "The workspace's Shopify connection (`/api/shopify/connection`, the OAuth callback).",
    "type": "object",
    "properties": {
      "id": {
        "type": "string"
      },
      "shop": {
        "type": "string"
      },
      "status": {
        "type": "string",
        "enum": [
          "active",
          "revoked",
          "disconnected"
        ]
      },
      "scopes": {
        "type": "array",
        "items": {
          "type": "string"
        }
      },
      "connectedAt": {
        "type": "string"
      },
      "revokedAt": {
        "type": "string",
        "nullable": true
      },
      "webhooksRegisteredAt": {
        "type": "string",
        "nullable": true
      },
      "webhookTopics": {
        "type": "array",
        "items": {
          "type": "string"
        }
      }
    },
    "required": [
      "id",
      "shop",
      "status",
      "scopes",
      "connectedAt",
      "revokedAt",
      "webhooksRegisteredAt",
      "webhookTopics"
    ]
  },
  "ShopifyImportProgressView": {
    "description": "`GET /api/shopify/import` (the workspace's latest initial import), and the data of a `sync.import.progress` event.",
    "type": "object",
    "properties": {
      "id": {
        "type": "string"
      },
      "status": {
        "type": "string",
        "enum": [
          "failed",
          "running",
          "completed"
        ]
      },
      "entity": {
        "type": "string",
        "enum": [
          "locations",
          "products",
          "inventory",
          "customers",
          "orders",
          "webhooks",
          "done"
        ],
        "description": "The entity being imported: locations, products, inventory, customers, orders; then `webhooks` (held deliveries released) and `done`."
      },
      "done": {
        "type": "number"
      },
      "total": {
        "type": "number",
        "nullable": true,
        "description": "Root objects of the entity's bulk operation, null until it completed on Shopify's side."
      },
      "rate": {
        "type": "number",
        "description": "Root rows applied per second since the import started."
      },
      "counts": {
        "type": "object",
        "properties": {},
        "additionalProperties": {
          "type": "object",
          "properties": {
            "done": {
              "type": "number"
            },
            "total": {
              "type": "number",
              "nullable": true
            }
          },
          "required": [
            "done",
            "total"
          ]
        }
      },
      "startedAt": {
        "type": "string"
      },
      "finishedAt": {
        "type": "string",
        "nullable": true
      },
      "error": {
        "type": "string",
        "nullable": true
      }
    },
    "required": [
      "id",
      "status",
      "entity",
      "done",
      "total",
      "rate",
      "counts",
      "startedAt",
      "finishedAt",
      "error"
    ]
  },
  "ShopifyLocationMapList": {
    "description": "`GET /api/shopify/locations`: every mapping of the connected shop (a short list, not paginated).",
    "type": "object",
    "properties": {
      "data": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/ShopifyLocationMapView"
        }
      }
    },
    "required": [
      "data"
    ]
  },
  "ShopifyLocationMapView": {
    "description": "A Shopify location and the Retailos location it maps to (null: not synced).",
    "type": "object",
    "properties": {
      "id": {
        "type": "string"
      },
      "shopifyLocationId": {
        "type": "string"
      },
      "shopifyName": {
        "type": "string"
      },
      "shopifyActive": {
        "type": "boolean"
      },
      "locationId": {
        "type": "string",
        "nullable": true
      },
      "updatedAt": {
        "type": "string"
      }
    },
    "required": [
      "id",
      "shopifyLocationId",
      "shopifyName",
      "shopifyActive",
      "locationId",
      "updatedAt"
    ]
  },
  "SyncFieldChangeView": {
    "type": "object",
    "properties": {
      "field": {
        "type": "string"
      },
      "before": {},
      "after": {}
    },
    "required": [
      "field",
      "before",
      "after"
    ]
  },
  "SyncFieldConflictView": {
    "description": "A field both sides changed: `winner` took it, the other side's value is the losing one.",
    "type": "object",
    "properties": {
      "field": {
        "type": "string"
      },
      "ours": {},
      "theirs": {},
      "oursAt": {
        "type": "string"
      },
      "theirsAt": {
        "type": "string"
      },
      "winner": {
        "type": "string",
        "enum": [
          "ours",
          "theirs"
        ]
      }
    },
    "required": [
      "field",
      "ours",
      "theirs",
      "oursAt",
      "theirsAt",
      "winner"
    ]
  },
  "SyncHistoryEntryView": {
    "description": "One entry of `GET /api/sync/history` (and the `entry` of a `sync.history.created` event).",
    "type": "object",
    "properties": {
      "id": {
        "type": "string"
      },
      "entityType": {
        "type": "string"
      },
      "entityId": {
        "type": "string",
        "nullable": true,
        "description": "Our id (e.g. `cus_...`), null when the entry is about a Shopify object we do not hold."
      },
      "gid": {
        "type": "string",
        "nullable": true,
        "description": "The Shopify GID."
      },
      "sku": {
        "type": "string",
        "nullable": true
      },
      "orderCode": {
        "type": "string",
        "nullable": true
      },
      "direction": {
        "type": "string"
      },
      "source": {
        "type": "string"
      },
      "changes": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/SyncFieldChangeView"
        }
      },
      "conflicts": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/SyncFieldConflictView"
        }
      },
      "cause": {
        "type": "object",
        "properties": {
          "webhookId": {
            "type": "string"
          },
          "eventId": {
            "type": "string"
          },
          "jobId": {
            "type": "string"
          }
        }
      },
      "actor": {
        "type": "string"
      },
      "occurredAt": {
        "type": "string"
      }
    },
    "required": [
      "id",
      "entityType",
      "entityId",
      "gid",
      "sku",
      "orderCode",
      "direction",
      "source",
      "changes",
      "conflicts",
      "cause",
      "actor",
      "occurredAt"
    ]
  },
  "VariantView": {
    "type": "object",
    "properties": {
      "id": {
        "type": "string"
      },
      "sku": {
        "type": "string"
      },
      "barcode": {
        "type": "string",
        "nullable": true
      },
      "title": {
        "type": "string"
      },
      "price": {
        "type": "number"
      },
      "compareAtPrice": {
        "type": "number",
        "nullable": true
      },
      "currency": {
        "type": "string"
      },
      "options": {
        "type": "object",
        "properties": {},
        "additionalProperties": {
          "type": "string"
        }
      },
      "allowBackorder": {
        "type": "boolean"
      },
      "inventory": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/LocationStock"
        }
      },
      "totalAvailable": {
        "type": "number"
      }
    },
    "required": [
      "id",
      "sku",
      "barcode",
      "title",
      "price",
      "compareAtPrice",
      "currency",
      "options",
      "allowBackorder",
      "inventory",
      "totalAvailable"
    ]
  },
  "WebhookAttemptView": {
    "type": "object",
    "properties": {
      "attemptNo": {
        "type": "number"
      },
      "attemptedAt": {
        "type": "string"
      },
      "statusCode": {
        "type": "number",
        "nullable": true
      },
      "latencyMs": {
        "type": "number"
      },
      "succeeded": {
        "type": "boolean"
      },
      "responseExcerpt": {
        "type": "string",
        "nullable": true
      },
      "error": {
        "type": "string",
        "nullable": true
      }
    },
    "required": [
      "attemptNo",
      "attemptedAt",
      "statusCode",
      "latencyMs",
      "succeeded",
      "responseExcerpt",
      "error"
    ]
  },
  "WebhookDeliveryView": {
    "type": "object",
    "properties": {
      "id": {
        "type": "string"
      },
      "subscriptionId": {
        "type": "string"
      },
      "eventId": {
        "type": "string"
      },
      "topic": {
        "type": "string"
      },
      "status": {
        "type": "string",
        "enum": [
          "pending",
          "sending",
          "failed",
          "succeeded",
          "dead"
        ]
      },
      "attemptCount": {
        "type": "number"
      },
      "nextAttemptAt": {
        "type": "string",
        "nullable": true
      },
      "lastAttemptAt": {
        "type": "string",
        "nullable": true
      },
      "lastStatusCode": {
        "type": "number",
        "nullable": true
      },
      "lastError": {
        "type": "string",
        "nullable": true
      },
      "succeededAt": {
        "type": "string",
        "nullable": true
      },
      "createdAt": {
        "type": "string"
      },
      "attempts": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/WebhookAttemptView"
        }
      }
    },
    "required": [
      "id",
      "subscriptionId",
      "eventId",
      "topic",
      "status",
      "attemptCount",
      "nextAttemptAt",
      "lastAttemptAt",
      "lastStatusCode",
      "lastError",
      "succeededAt",
      "createdAt",
      "attempts"
    ]
  },
  "WebhookReplayView": {
    "description": "`POST /api/webhooks/subscriptions/:id/replay`.",
    "type": "object",
    "properties": {
      "replayed": {
        "type": "number"
      }
    },
    "required": [
      "replayed"
    ]
  },
  "WebhookSubscriptionView": {
    "type": "object",
    "properties": {
      "id": {
        "type": "string"
      },
      "url": {
        "type": "string"
      },
      "topics": {
        "type": "array",
        "items": {
          "type": "string"
        }
      },
      "description": {
        "type": "string",
        "nullable": true
      },
      "status": {
        "type": "string",
        "enum": [
          "active",
          "disabled"
        ]
      },
      "disabledReason": {
        "type": "string",
        "nullable": true
      },
      "disabledAt": {
        "type": "string",
        "nullable": true
      },
      "lastSuccessAt": {
        "type": "string",
        "nullable": true
      },
      "failingSince": {
        "type": "string",
        "nullable": true
      },
      "previousSecretExpiresAt": {
        "type": "string",
        "nullable": true
      },
      "createdAt": {
        "type": "string"
      }
    },
    "required": [
      "id",
      "url",
      "topics",
      "description",
      "status",
      "disabledReason",
      "disabledAt",
      "lastSuccessAt",
      "failingSince",
      "previousSecretExpiresAt",
      "createdAt"
    ]
  },
  "WebhookSubscriptionWithSecret": {
    "allOf": [
      {
        "$ref": "#/components/schemas/WebhookSubscriptionView"
      },
      {
        "type": "object",
        "properties": {
          "secret": {
            "type": "string",
            "description": "`whsec_...`: in the create and rotate answers only."
          }
        },
        "required": [
          "secret"
        ]
      }
    ]
  },
  "WebhookTestSentView": {
    "description": "`POST /api/webhooks/subscriptions/:id/test`.",
    "type": "object",
    "properties": {
      "eventId": {
        "type": "string"
      }
    },
    "required": [
      "eventId"
    ]
  },
  "WhoAmI": {
    "description": "`GET /api/auth/me`.",
    "type": "object",
    "properties": {
      "kind": {
        "type": "string",
        "enum": [
          "session",
          "api_key"
        ]
      },
      "workspace": {
        "allOf": [
          {
            "$ref": "#/components/schemas/WorkspaceSummary"
          }
        ],
        "nullable": true
      },
      "user": {
        "type": "object",
        "properties": {
          "id": {
            "type": "string"
          },
          "email": {
            "type": "string",
            "nullable": true
          }
        },
        "required": [
          "id",
          "email"
        ],
        "nullable": true
      },
      "role": {
        "type": "string",
        "enum": [
          "owner",
          "admin",
          "staff"
        ],
        "nullable": true
      },
      "apiKeyId": {
        "type": "string",
        "nullable": true
      },
      "scopes": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/ScopeGrant"
        }
      }
    },
    "required": [
      "kind",
      "workspace",
      "user",
      "role",
      "apiKeyId",
      "scopes"
    ]
  },
  "WorkspaceSummary": {
    "description": "What other contexts may know about a workspace (commerce needs its default currency).",
    "type": "object",
    "properties": {
      "id": {
        "type": "string"
      },
      "name": {
        "type": "string"
      },
      "plan": {
        "type": "string",
        "enum": [
          "free",
          "pro",
          "enterprise"
        ]
      },
      "currency": {
        "type": "string",
        "description": "ISO 4217 code, the default currency of the workspace's prices and orders."
      }
    },
    "required": [
      "id",
      "name",
      "plan",
      "currency"
    ]
  }
} as const satisfies Record<string, object>;

export type ViewName = keyof typeof VIEW_SCHEMAS;

/** The `Page<T>` list envelope; `#/components/schemas/{item}` stands for the item view. */
export const PAGE_SCHEMA = {
  "description": "Every list endpoint answers this envelope.",
  "type": "object",
  "properties": {
    "data": {
      "type": "array",
      "items": {
        "$ref": "#/components/schemas/{item}"
      }
    },
    "nextCursor": {
      "type": "string",
      "nullable": true
    }
  },
  "required": [
    "data",
    "nextCursor"
  ]
} as const;

export const PAGE_ITEM_REF = '#/components/schemas/{item}';
