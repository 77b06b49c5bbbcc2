export * from './inspection-verdicts';
export * from './quality-inspection.entities';
