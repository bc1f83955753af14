import type { DeliveryService } from '../delivery/deliveryService';
import type { Logger } from '../observability/logger';
import type { TafelbotDatabase } from '../storage/cosmosClient';
import type { RegistryRepository } from '../storage/registryRepository';

/** What the ontwikkeltafel use cases need from the process; BotServices provides it. */
export interface OntwikkeltafelsDeps {
  readonly db: TafelbotDatabase;
  readonly registry: RegistryRepository;
  readonly delivery: DeliveryService;
  readonly now: () => Date;
  readonly logger: Logger;
}
