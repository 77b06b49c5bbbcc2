export * from './decimal';
export * from './is-decimal-string.decorator';
