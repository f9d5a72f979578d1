'use client';
import * as RadixDialog from '@radix-ui/react-dialog';
import type { FormEvent, ReactNode } from 'react';
import { Button, SecretReveal } from './primitives';

/** Modal on Radix Dialog: focus trap, Escape, focus return and aria wiring come from the primitive. */
export function Modal({
  open,
  onOpenChange,
  title,
  description,
  children,
  footer,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="ro-dialog__overlay" />
        <RadixDialog.Content className="ro-dialog">
          <RadixDialog.Title className="ro-dialog__title">{title}</RadixDialog.Title>
          {description ? (
            <RadixDialog.Description className="ro-muted">{description}</RadixDialog.Description>
          ) : (
            <RadixDialog.Description className="ro-sr-only">{title}</RadixDialog.Description>
          )}
          <div className="ro-dialog__body">{children}</div>
          {footer ? <div className="ro-dialog__footer">{footer}</div> : null}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  onConfirm,
  busy = false,
  error,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  busy?: boolean;
  error?: string | null;
}) {
  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      title={title}
      description={description}
      footer={
        <>
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button variant="danger" busy={busy} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {error ? (
        <div className="ro-state--error ro-inline-error" role="alert">
          {error}
        </div>
      ) : null}
    </Modal>
  );
}

/** A secret shown once (a new API key, a signing secret) in a modal closed with "Done". */
export function SecretModal({
  open,
  onClose,
  title,
  label,
  value,
  warning,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  label: string;
  value: string;
  warning: string;
  children?: ReactNode;
}) {
  return (
    <Modal
      open={open}
      onOpenChange={(o) => !o && onClose()}
      title={title}
      footer={
        <Button variant="primary" onClick={onClose}>
          Done
        </Button>
      }
    >
      <SecretReveal label={label} value={value} warning={warning} />
      {children}
    </Modal>
  );
}

/** The form inside a modal: its fields, the submit error, and Cancel / submit at the foot. */
export function DialogForm({
  onSubmit,
  onCancel,
  submitLabel,
  busy,
  disabled,
  error,
  children,
}: {
  onSubmit: (e: FormEvent) => void;
  onCancel: () => void;
  submitLabel: string;
  busy: boolean;
  disabled?: boolean;
  error: string | null;
  children: ReactNode;
}) {
  return (
    <form onSubmit={onSubmit} noValidate>
      {children}
      {error ? (
        <div className="ro-inline-error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="ro-dialog__footer">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" busy={busy} disabled={disabled}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}

/** The secret a create dialog shows once, in place of its form, after the create succeeded. */
export interface CreatedSecret {
  title: string;
  label: string;
  value: string;
  warning: string;
  /** What to do with it next. */
  note?: ReactNode;
}

/** A create form in a modal that, once the create succeeded (`secret`), shows the new secret once instead. */
export function CreateDialog({
  open,
  onClose,
  title,
  description,
  secret,
  form,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  description: ReactNode;
  secret: CreatedSecret | null;
  form: Omit<Parameters<typeof DialogForm>[0], 'onCancel' | 'children'>;
  children: ReactNode;
}) {
  if (secret) {
    const { note, ...shown } = secret;
    return (
      <SecretModal open={open} onClose={onClose} {...shown}>
        {note}
      </SecretModal>
    );
  }
  return (
    <Modal open={open} onOpenChange={(o) => !o && onClose()} title={title} description={description}>
      <DialogForm {...form} onCancel={onClose}>
        {children}
      </DialogForm>
    </Modal>
  );
}
