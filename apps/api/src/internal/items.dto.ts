// The one definition lives in the platform; kept importable from here for controllers written against this file.
export { IdParams } from '@app/platform';
