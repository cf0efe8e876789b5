import { useId } from 'preact/hooks';

export type Choice<T extends string> = { value: T; label: string };

export type ChoiceGroupProps<T extends string> = {
  /** The radio group's form name. */
  name: string;
  legend: string;
  choices: readonly Choice<T>[];
  value: T | null;
  /** Why the choice is refused, tied to the group; null while there is nothing to say. */
  error: string | null;
  onChange: (value: T) => void;
  /** Gives the first radio an id, so a refused form can move focus to it. */
  firstId?: string;
};

/** One of a few options, as native radios in a fieldset: arrow keys move, the legend names the group. */
export function ChoiceGroup<T extends string>(props: ChoiceGroupProps<T>) {
  const errorId = useId();
  return (
    <fieldset
      class="choice-group"
      aria-invalid={props.error !== null}
      aria-describedby={props.error === null ? undefined : errorId}
    >
      <legend>{props.legend}</legend>
      {props.choices.map((choice, index) => (
        <label key={choice.value} class="choice">
          <input
            type="radio"
            name={props.name}
            value={choice.value}
            id={index === 0 ? props.firstId : undefined}
            checked={props.value === choice.value}
            onChange={() => props.onChange(choice.value)}
          />{' '}
          {choice.label}
        </label>
      ))}
      {props.error !== null && (
        <p id={errorId} class="field-error">
          {props.error}
        </p>
      )}
    </fieldset>
  );
}
