import { Enum, Check, Entity, Property } from '@mikro-orm/core';
import { BaseEntity } from '@retailos/server/database';

export type WorkspacePlan = 'free' | 'pro' | 'enterprise';

/** The tenant itself: global by design (no tenant filter). */
@Entity({ tableName: 'workspaces' })
@Check({ name: 'workspaces_currency_check', expression: "currency ~ '^[A-Z]{3}$'" })
export class Workspace extends BaseEntity {
  @Property({ type: 'text' })
  name!: string;

  @Enum({ items: ['free', 'pro', 'enterprise'], type: 'text' })
  plan!: WorkspacePlan;

  @Property({ type: 'text', default: 'USD' })
  currency = 'USD';

  constructor(id?: string) {
    super('ws', id);
  }
}
