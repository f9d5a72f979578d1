import { Module } from '@nestjs/common';
import { ExportController } from './controllers/export.controller';

/** Reads every context through its facade (bound globally by catalog, inventory, customers and orders). */
@Module({ controllers: [ExportController] })
export class ExportModule {}
