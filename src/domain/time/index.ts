export * from './localDate';
export * from './amsterdam';
export * from './dutch';
export * from './workingDays';
export * from './english';
