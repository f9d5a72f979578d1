'use client';
import type { ButtonHTMLAttributes, InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';
import { useId, useState } from 'react';

type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

export function Button({
  variant = 'secondary',
  size = 'md',
  busy = false,
  className,
  children,
  disabled,
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; size?: 'sm' | 'md'; busy?: boolean }) {
  return (
    <button
      type="button"
      {...rest}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      className={['ro-btn', `ro-btn--${variant}`, size === 'sm' ? 'ro-btn--sm' : '', className ?? ''].join(' ').trim()}
    >
      {busy ? <Spinner small /> : null}
      {children}
    </button>
  );
}

export type Tone = 'neutral' | 'success' | 'warning' | 'critical' | 'info';

export function Badge({ tone = 'neutral', children }: { tone?: Tone; children: ReactNode }) {
  return <span className={`ro-badge ro-badge--${tone}`}>{children}</span>;
}

export function Spinner({ small = false, label }: { small?: boolean; label?: string }) {
  return (
    <span
      className={`ro-spinner${small ? ' ro-spinner--sm' : ''}`}
      role={label ? 'status' : undefined}
      aria-label={label}
    >
      <span aria-hidden="true" />
    </span>
  );
}

export function PageHeader({
  title,
  description,
  actions,
  back,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  back?: ReactNode;
}) {
  return (
    <header className="ro-page-header">
      <div>
        {back ? <div className="ro-page-header__back">{back}</div> : null}
        <h1>{title}</h1>
        {description ? <p className="ro-muted">{description}</p> : null}
      </div>
      {actions ? <div className="ro-page-header__actions">{actions}</div> : null}
    </header>
  );
}

export function Card({
  title,
  actions,
  children,
  flush = false,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  flush?: boolean;
}) {
  return (
    <section className={`ro-card${flush ? ' ro-card--flush' : ''}`}>
      {title || actions ? (
        <div className="ro-card__head">
          {title ? <h2>{title}</h2> : <span />}
          {actions}
        </div>
      ) : null}
      {children}
    </section>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="ro-state" role="status">
      <strong>{title}</strong>
      {children ? <div className="ro-muted">{children}</div> : null}
    </div>
  );
}

export function ErrorState({
  title = 'Could not load this',
  message,
  onRetry,
}: {
  title?: string;
  message: string;
  onRetry?: () => void;
}) {
  return (
    <div className="ro-state ro-state--error" role="alert">
      <strong>{title}</strong>
      <div>{message}</div>
      {onRetry ? (
        <Button size="sm" onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </div>
  );
}

export function LoadingState({ label = 'Loading' }: { label?: string }) {
  return (
    <div className="ro-state" aria-busy="true">
      <Spinner label={label} />
      <span className="ro-muted">{label}…</span>
    </div>
  );
}

export function Field({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: ReactNode;
  error?: string;
  children: (id: string, describedBy?: string) => ReactNode;
}) {
  const id = useId();
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className={`ro-field${error ? ' ro-field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children(id, describedBy)}
      {hint && !error ? (
        <div id={`${id}-hint`} className="ro-field__hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <div id={`${id}-error`} className="ro-field__error">
          {error}
        </div>
      ) : null}
    </div>
  );
}

export function TextInput(props: InputHTMLAttributes<HTMLInputElement>) {
  return <input {...props} className={`ro-input ${props.className ?? ''}`.trim()} />;
}

export function Select({
  options,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & { options: { value: string; label: string }[] }) {
  return (
    <select {...props} className={`ro-input ro-select ${props.className ?? ''}`.trim()}>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** A secret shown once: monospace, selectable, a copy button and the warning that it will not be shown again. */
export function SecretReveal({ label, value, warning }: { label: string; value: string; warning: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="ro-secret">
      <div className="ro-secret__warning" role="note">
        {warning}
      </div>
      <div className="ro-secret__row">
        <code aria-label={label} data-testid="secret-value">
          {value}
        </code>
        <Button
          size="sm"
          onClick={() => {
            void navigator.clipboard?.writeText(value).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </Button>
      </div>
    </div>
  );
}

export function DescriptionList({ items }: { items: [ReactNode, ReactNode][] }) {
  return (
    <dl className="ro-dl">
      {items.map(([k, v], i) => (
        <div key={i}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Toolbar({ children }: { children: ReactNode }) {
  return <div className="ro-toolbar">{children}</div>;
}

/** Checkboxes choosing a subset of `options` (the value is the option itself). */
export function CheckboxGroup<V extends string>({
  legend,
  options,
  selected,
  onChange,
  labelOf = (v) => v,
  describedBy,
}: {
  legend: string;
  options: readonly V[];
  selected: readonly V[];
  onChange: (next: V[]) => void;
  labelOf?: (value: V) => string;
  describedBy?: string;
}) {
  const toggle = (v: V) => onChange(selected.includes(v) ? selected.filter((x) => x !== v) : [...selected, v]);
  return (
    <fieldset className="ro-checks" aria-describedby={describedBy}>
      <legend>{legend}</legend>
      {options.map((v) => (
        <label key={v}>
          <input type="checkbox" checked={selected.includes(v)} onChange={() => toggle(v)} /> {labelOf(v)}
        </label>
      ))}
    </fieldset>
  );
}

/** A detail page's body: the main block (in a flush card when titled) beside a card of labelled details. */
export function DetailGrid({
  mainTitle,
  main,
  detailsTitle = 'Details',
  details,
  children,
}: {
  mainTitle?: ReactNode;
  main: ReactNode;
  detailsTitle?: string;
  details: [ReactNode, ReactNode][];
  /** More content under the details. */
  children?: ReactNode;
}) {
  return (
    <div className="ro-grid-2">
      {mainTitle ? (
        <Card title={mainTitle} flush>
          {main}
        </Card>
      ) : (
        <div>{main}</div>
      )}
      <Card title={detailsTitle}>
        <DescriptionList items={details} />
        {children}
      </Card>
    </div>
  );
}

/** A column heading: text, or text with a key (repeated labels) and the numeric alignment. */
export type HeadCell = string | { label: ReactNode; key: string; num?: boolean };

/** A plain table of rows the caller renders (detail pages); `DataTable` is for server-paged lists. */
export function PlainTable({
  label,
  head,
  children,
  foot,
  testId,
}: {
  label: string;
  head: HeadCell[];
  children: ReactNode;
  foot?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="ro-table-wrap">
      <table className="ro-table" aria-label={label} data-testid={testId}>
        <thead>
          <tr>
            {head.map((h) =>
              typeof h === 'string' ? (
                <th key={h} scope="col">
                  {h}
                </th>
              ) : (
                <th key={h.key} scope="col" className={h.num ? 'ro-num' : undefined}>
                  {h.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
        {foot ? <tfoot>{foot}</tfoot> : null}
      </table>
    </div>
  );
}

/** A list filter typed in: a search box, or a date / date-time bound. */
export function FilterInput({
  label,
  value,
  onChange,
  placeholder,
  type = 'search',
  grow = false,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  type?: 'search' | 'date' | 'datetime-local';
  /** Take the toolbar's spare width. */
  grow?: boolean;
}) {
  const field = (
    <Field label={label}>
      {(id) => (
        <TextInput
          id={id}
          type={type}
          placeholder={placeholder}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
  return grow ? <div className="ro-field--grow">{field}</div> : field;
}

/** A list filter chosen from `options`, with an empty first choice (`allLabel`) that filters nothing. */
export function FilterSelect<V extends string>({
  label,
  value,
  onChange,
  allLabel,
  options,
  labelOf = (v) => v,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  allLabel: string;
  options: readonly V[];
  labelOf?: (value: V) => string;
}) {
  return (
    <Field label={label}>
      {(id) => (
        <Select
          id={id}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          options={[{ value: '', label: allLabel }, ...options.map((v) => ({ value: v, label: labelOf(v) }))]}
        />
      )}
    </Field>
  );
}
