import { Entity, Index, Property } from '@mikro-orm/core';
import { BaseEntity } from '@retailos/server/database';

/** A person; belongs to workspaces through WorkspaceMember. Global by design (sign-in is by email, before any workspace). */
@Entity({ tableName: 'users' })
@Index({ name: 'users_email_key', expression: 'create unique index users_email_key on users (lower(email))' })
export class User extends BaseEntity {
  @Property({ type: 'text' })
  email!: string;

  @Property({ type: 'text', hidden: true })
  passwordHash!: string;

  constructor(id?: string) {
    super('usr', id);
  }
}
