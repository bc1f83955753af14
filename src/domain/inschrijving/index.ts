/**
 * The yearly open invitation and selection for the Overlegtafel (issue 4, domain.md section 1). Pure rules; the
 * draw itself is the lottery module's.
 */
export * from './types';
export * from './round';
export * from './registration';
export * from './selection';
export * from './reminders';
export { ontwikkeltafelInvitees } from './ontwikkeltafel';
export * from './classification';
