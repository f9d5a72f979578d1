import { Injectable, Logger } from '@nestjs/common';
import { JobHandler } from '@retailos/server/queue';

/** Periodic housekeeping hook (schedulers enqueue `maintenance.tick`). */
@Injectable()
export class MaintenanceProcessor {
  private readonly logger = new Logger('Maintenance');

  @JobHandler('maintenance.tick')
  async tick(): Promise<void> {
    this.logger.debug('maintenance tick');
  }
}
