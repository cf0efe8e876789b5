import { useId, useState } from 'preact/hooks';
import type { UnknownJourneyFix as Fix, JourneyChoice, ServiceChoice } from '../../sync/attention-fixes.ts';

export type UnknownJourneyFixProps = {
  /** The walkthrough's name as the needs-attention list shows it. */
  name: string;
  fix: Fix;
  /** The team's journeys to assign it to (pulled from the server). */
  journeys: readonly JourneyChoice[];
  /** The team's services a lead may add the local journey to. */
  services: readonly ServiceChoice[];
  canAddToCatalog: boolean;
  /** This record's fix is being written or sent. */
  busy: boolean;
  problem: string | null;
  onAssign: (journeyId: string) => void;
  onKeepAdHoc: () => void;
  onAddToCatalog: (journeyId: string, serviceId: string) => void;
};

const describeJourney = (journey: JourneyChoice): string =>
  journey.serviceName === null ? journey.name : `${journey.serviceName} · ${journey.name}`;

/** The chosen id while it is still offered, else the first offered. */
const stillOffered = (chosen: string, offered: readonly { id: string }[]): string =>
  offered.some((o) => o.id === chosen) ? chosen : (offered[0]?.id ?? '');

/**
 * The ways out for a walkthrough refused because the server does not know its journey (one made on this device):
 * assign it to a team journey, keep it as ad-hoc, or (a lead) add the journey to the team catalog. Nothing
 * happens without a click; each choice is pushed at once.
 */
export function UnknownJourneyFix(props: UnknownJourneyFixProps) {
  const { name, fix, journeys, services, busy } = props;
  const journeyFieldId = useId();
  const serviceFieldId = useId();
  const [journeyId, setJourneyId] = useState('');
  const [serviceId, setServiceId] = useState('');
  const chosenJourney = stillOffered(journeyId, journeys);
  const chosenService = stillOffered(serviceId, services);
  const local = fix.localJourney;
  const guarded = (action: () => void) => () => {
    if (!busy) action();
  };
  return (
    <div class="attention-fix">
      <p>Your team's server does not know this journey: it was made on this device. Say what this walkthrough was.</p>
      {journeys.length > 0 ? (
        <div class="field">
          <label for={journeyFieldId}>Team journey for {name}</label>
          <select
            id={journeyFieldId}
            value={chosenJourney}
            onChange={(event) => setJourneyId(event.currentTarget.value)}
          >
            {journeys.map((journey) => (
              <option key={journey.id} value={journey.id}>
                {describeJourney(journey)}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <p>No team journeys here yet: sync first to pick one, or keep it as ad-hoc.</p>
      )}
      <div class="actions">
        {journeys.length > 0 && (
          <button
            type="button"
            aria-disabled={busy}
            aria-label={`Assign to a journey: ${name}`}
            onClick={guarded(() => props.onAssign(chosenJourney))}
          >
            Assign to a journey
          </button>
        )}
        <button
          type="button"
          aria-disabled={busy}
          aria-label={`Keep as ad-hoc: ${name}`}
          onClick={guarded(props.onKeepAdHoc)}
        >
          Keep as ad-hoc
        </button>
      </div>
      {props.canAddToCatalog && local !== null && services.length > 0 && (
        <>
          <div class="field">
            <label for={serviceFieldId}>Team service for {local.name}</label>
            <select
              id={serviceFieldId}
              value={chosenService}
              onChange={(event) => setServiceId(event.currentTarget.value)}
            >
              {services.map((service) => (
                <option key={service.id} value={service.id}>
                  {service.name}
                </option>
              ))}
            </select>
          </div>
          <div class="actions">
            <button
              type="button"
              aria-disabled={busy}
              aria-label={`Add to the team catalog: ${local.name}`}
              onClick={guarded(() => props.onAddToCatalog(local.id, chosenService))}
            >
              Add to the team catalog
            </button>
          </div>
        </>
      )}
      {busy && <p role="status">Fixing…</p>}
      {props.problem !== null && <p role="alert">{props.problem}</p>}
    </div>
  );
}
