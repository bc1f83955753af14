export * from './agendapunten';
export * from './attendance';
export * from './ics';
export * from './meeting';
export * from './verslag';
export * from './verslagReview';
export * from './yearPlanning';
export * from './thirdParties';
