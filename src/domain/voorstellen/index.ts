export * from './acting';
export * from './csv';
export * from './exports';
export * from './publicView';
export * from './reacties';
export * from './stemming';
export * from './textRules';
export * from './voorstel';
