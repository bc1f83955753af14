export * from './signaal';
export * from './signaalViews';
export * from './wachtlijst';
export * from './pilot';
export * from './pilotVoorstel';
