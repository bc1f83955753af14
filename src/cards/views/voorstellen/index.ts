/** View models of the voorstel cards, one module per card. */
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
} from './common';
export * from './export';
export * from './form';
export * from './list';
export * from './outcome';
export * from './overview';
export * from './reactions';
export * from './voorstelCard';
export * from './voteCard';
