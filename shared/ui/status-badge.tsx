import type { TargetStatus } from '../schemas/scorecard.ts';

/** What each status says. The words carry the meaning; the colour only helps (never colour alone). */
export const TARGET_STATUS_LABELS: Record<TargetStatus, string> = {
  met: 'Met',
  at_risk: 'At risk',
  breached: 'Breached',
  not_enough_data: 'Not enough data',
  no_target: 'No target',
};

export type StatusBadgeProps = { status: TargetStatus };

/**
 * A target's status as its words on a tinted pill, styled by shared/ui/status-badge.css with the status
 * tokens of shared/ui/tokens.css, so the extension, the dashboard and the widget show a status alike.
 */
export function StatusBadge({ status }: StatusBadgeProps) {
  return <span class={`status-badge status-badge-${status.replaceAll('_', '-')}`}>{TARGET_STATUS_LABELS[status]}</span>;
}
