import { Identity1764000000000 } from './1764000000000-identity';
import { Webhooks1764000002000 } from './1764000002000-webhooks';
import { Inventory1764000003000 } from './1764000003000-inventory';
import { Manufacturing1764000004000 } from './1764000004000-manufacturing';
import { Marketplace1764000001000 } from './1764000001000-marketplace';
import { Idempotency1764000001500 } from './1764000001500-idempotency';
import { DocumentSequences1764000004500 } from './1764000004500-document-sequences';
import { Hardening1764000008000 } from './1764000008000-hardening';
import { QualityInspections1764000005000 } from './1764000005000-quality-inspections';
import { WorkOrders1764000006000 } from './1764000006000-work-orders';
import { SubcontractOrders1764000007000 } from './1764000007000-subcontract-orders';
import { CacheNotifications1764000012000 } from './1764000012000-cache-notifications';
import { UpdateHeadroom1764000013000 } from './1764000013000-update-headroom';

/** Every migration, oldest first. A new one is appended here and never edited once it has landed. */
export const MIGRATIONS = [
  Identity1764000000000,
  Webhooks1764000002000,
  Inventory1764000003000,
  Manufacturing1764000004000,
  Marketplace1764000001000,
  Idempotency1764000001500,
  DocumentSequences1764000004500,
  Hardening1764000008000,
  QualityInspections1764000005000,
  WorkOrders1764000006000,
  SubcontractOrders1764000007000,
  CacheNotifications1764000012000,
  UpdateHeadroom1764000013000,
];
