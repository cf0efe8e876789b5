// The day helpers live in shared/domain/score-days.ts (pure); the feedback queries count a rating's day with this.
export { dayOf } from '../../../shared/domain/score-days.ts';
