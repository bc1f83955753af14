export * from './signaal';
export * from './wachtlijst';
export * from './pilot';
export * from './pilotVoorstel';
