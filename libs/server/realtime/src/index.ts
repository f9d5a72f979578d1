export { RealtimeModule, RealtimeWorkerModule } from './realtime.module';
