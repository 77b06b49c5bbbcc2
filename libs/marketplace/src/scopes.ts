/** Every scope an app may ask for (API.md §5–§7): a resource's read/create/update/delete, and webhooks. */
const RESOURCE_SCOPES = ['bom', 'workOrder', 'recipe', 'qualityInspection', 'subcontractOrder'].flatMap((resource) =>
  ['read', 'create', 'update', 'delete'].map((action) => `${resource}:${action}`),
);

export const MARKETPLACE_SCOPES: readonly string[] = [
  ...RESOURCE_SCOPES,
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
