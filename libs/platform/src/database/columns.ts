import { MONEY_SCALE, PERCENT_SCALE, QUANTITY_SCALE } from '../decimal/decimal';

/** Column options of the exact decimals (ARCHITECTURE.md: quantities numeric(20,6), money numeric(20,4)). */
export const quantityColumn = { type: 'numeric', precision: 20, scale: QUANTITY_SCALE } as const;
export const moneyColumn = { type: 'numeric', precision: 20, scale: MONEY_SCALE } as const;
export const percentColumn = { type: 'numeric', precision: 7, scale: PERCENT_SCALE } as const;

/** Timestamps written by the database (`clock_timestamp()`), so entities only read them. */
export const readOnlyTimestamp = { type: 'timestamptz', insert: false, update: false } as const;
