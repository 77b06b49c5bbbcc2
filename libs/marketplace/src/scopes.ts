const SCOPED_RESOURCES = ['bom', 'workOrder', 'recipe', 'qualityInspection', 'subcontractOrder'] as const;
const SCOPE_ACTIONS = ['read', 'create', 'update', 'delete'] as const;

/** Every scope an app may ask for (API.md §5–§7): a resource's read/create/update/delete, reads, and webhooks. */
export type MarketplaceScope =
  | `${(typeof SCOPED_RESOURCES)[number]}:${(typeof SCOPE_ACTIONS)[number]}`
  | 'manufacturingReport:read'
  | 'inventory:read'
  | 'webhook:read'
  | 'webhook:create'
  | 'webhook:delete';

export const MARKETPLACE_SCOPES: readonly MarketplaceScope[] = [
  ...SCOPED_RESOURCES.flatMap((resource) => SCOPE_ACTIONS.map((action) => `${resource}:${action}` as const)),
  'manufacturingReport:read',
  'inventory:read',
  'webhook:read',
  'webhook:create',
  'webhook:delete',
];

/** `"a b  c"` → `['a', 'b', 'c']`, without duplicates. */
export function parseScopeParameter(scope: string | undefined): string[] {
  return [...new Set((scope ?? '').split(' ').filter(Boolean))];
}
