import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createOrderNumberSequence } from './order-numbers.sql';

const FIRST_NUMBER = 1001;

/**
 * Human order numbers (#1001, #1002...) from one Postgres sequence per workspace. nextval never waits for another
 * transaction (a counter row would serialise every order of a workspace) and never hands a number out twice; a failed
 * attempt leaves a gap, which is fine.
 */
@Injectable()
export class OrderNumbers {
  private readonly ensured = new Set<string>();

  constructor(private readonly em: EntityManager) {}

  sequenceOf(workspaceId: string): string {
    return `order_number_${createHash('sha256').update(workspaceId).digest('hex').slice(0, 32)}`;
  }

  /** Creates the workspace's sequence outside any transaction (DDL in the hot transaction would hold catalog locks). */
  async ensure(workspaceId: string): Promise<string> {
    const name = this.sequenceOf(workspaceId);
    if (this.ensured.has(name)) return name;
    try {
      await createOrderNumberSequence(this.em.fork(), name, FIRST_NUMBER);
    } catch (err) {
      // Two processes creating the same sequence at once: the loser sees a duplicate, which is the wanted end state.
      const code = (err as { code?: string }).code;
      if (code !== '23505' && code !== '42P07') throw err;
    }
    this.ensured.add(name);
    return name;
  }
}
