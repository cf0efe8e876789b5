import type { AttentionItem } from '../../sync/sync-view.ts';
import { UnknownJourneyFix } from '../components/unknown-journey-fix.tsx';
import type { AttentionFixModel } from '../models/attention-fix-model.ts';

export type AttentionFixSlotProps = { model: AttentionFixModel; item: AttentionItem };

/**
 * Binds the fix model to one needs-attention row: the fixes for a walkthrough refused as `unknown_journey`,
 * nothing for any other refusal (Retry and Discard stay the way out there).
 */
export function AttentionFixSlot({ model, item }: AttentionFixSlotProps) {
  const fixes = model.fixes.value;
  const fix = fixes?.unknownJourney[item.recordId];
  if (fixes === null || fix === undefined) return null;
  const problem = model.problem.value;
  return (
    <UnknownJourneyFix
      name={item.name ?? 'A walkthrough'}
      fix={fix}
      journeys={fixes.journeys}
      services={fixes.services}
      canAddToCatalog={fixes.canAddToCatalog}
      busy={model.busy.value === item.recordId}
      problem={problem?.recordId === item.recordId ? problem.message : null}
      onAssign={(journeyId) => void model.assign(item.recordId, journeyId)}
      onKeepAdHoc={() => void model.keepAdHoc(item.recordId)}
      onAddToCatalog={(journeyId, serviceId) => void model.addToCatalog(item.recordId, journeyId, serviceId)}
    />
  );
}
