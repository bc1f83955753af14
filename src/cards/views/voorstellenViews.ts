/**
 * View models of the voorstel cards, one module per card (voorstel*View.ts) with what they share in
 * voorstelViewsCommon.ts. Broadcast cards are built from PublicVoorstel only, so the confidential parts cannot
 * reach them by construction.
 */
export {
  BROADCAST_TEXT_MAX,
  DETAIL_TEXT_MAX,
  capacityLabel,
  choiceLabel,
  originLabel,
  percelenLabel,
  renderVoorstelCard,
  statusLabel,
  typeLabel,
  voorstellenText,
  type Notice,
} from './voorstelViewsCommon';
export * from './voorstelAddendumView';
export * from './voorstelExportView';
export * from './voorstelFormView';
export * from './voorstelListView';
export * from './voorstelOutcomeView';
export * from './voorstelOverviewView';
export * from './voorstelReactionsView';
export * from './voorstelCardView';
export * from './voorstelVoteView';
