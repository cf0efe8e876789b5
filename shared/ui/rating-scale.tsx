import { useId } from 'preact/hooks';

export type RatingScaleProps = {
  /** The radio group's form name; unique within the form. */
  name: string;
  /** Asked as the group's legend, e.g. "Overall, how difficult or easy was the task to complete?". */
  question: string;
  /** Inclusive bounds, e.g. 1 and 7. */
  min: number;
  max: number;
  /** What the ends mean, e.g. "Very difficult" and "Very easy"; said with the end points, shown under them. */
  minLabel: string;
  maxLabel: string;
  /** Null while nothing is chosen: every rating is optional. */
  value: number | null;
  onChange: (value: number) => void;
  disabled?: boolean;
};

const pointName = (point: number, props: RatingScaleProps): string => {
  if (point === props.min) return `${point} (${props.minLabel})`;
  if (point === props.max) return `${point} (${props.maxLabel})`;
  return String(point);
};

/**
 * A rating as a native radio group: arrow keys move between points, Tab leaves the group, and a screen reader
 * hears the question, the point and, at the ends, what the end means. Unstyled apart from class names, so the
 * extension, the dashboard and the widget can each style it (this module may import preact only).
 */
export function RatingScale(props: RatingScaleProps) {
  const { name, question, min, max, minLabel, maxLabel, value, onChange } = props;
  const legendId = useId();
  const points: number[] = [];
  for (let point = min; point <= max; point++) points.push(point);
  return (
    <fieldset class="rating-scale" disabled={props.disabled}>
      <legend id={legendId}>{question}</legend>
      <div class="rating-scale-points">
        {points.map((point) => (
          <label key={point} class="rating-scale-point">
            <input
              type="radio"
              name={name}
              value={String(point)}
              checked={value === point}
              aria-label={pointName(point, props)}
              onChange={() => onChange(point)}
            />
            <span class="rating-scale-number" aria-hidden="true">
              {point}
            </span>
          </label>
        ))}
      </div>
      <div class="rating-scale-anchors" aria-hidden="true">
        <span>{minLabel}</span>
        <span>{maxLabel}</span>
      </div>
    </fieldset>
  );
}
