import { Customer } from './customer.entity';

export { Customer };
export const customersEntities = [Customer];
