export * from './export';
export * from './markdown';
export * from './ontwikkeltafel';
export * from './rapportage';
export * from './schedule';
export * from './gasten';
