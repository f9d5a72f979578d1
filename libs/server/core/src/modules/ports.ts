import type { ModuleMetadata } from '@nestjs/common';

/**
 * Modules an app passes to a context's `register(ports)` so that the context can inject the facade tokens it
 * consumes (declared in shared/contracts). Contexts never import each other and no context module is global: the
 * apps compose them, and a missing port fails at boot.
 */
export type Ports = NonNullable<ModuleMetadata['imports']>;
