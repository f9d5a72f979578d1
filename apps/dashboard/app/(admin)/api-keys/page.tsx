'use client';
import {
  describeError,
  useApiKeys,
  useCreateApiKey,
  useRevokeApiKey,
  useSession,
  type CreateApiKeyInput,
} from '@retailos/dashboard/data-access';
import {
  Badge,
  Button,
  CheckboxGroup,
  ConfirmDialog,
  EmptyState,
  Field,
  formatDateTime,
  formatRelative,
  PageHeader,
  PagedTable,
  TextInput,
  type ColumnDef,
  CreateDialog,
} from '@retailos/dashboard/ui';
import { API_SCOPES, type ApiKeyView, type CreatedApiKey, type ScopeGrant } from '@retailos/shared/contracts';
import { useMemo, useState, type FormEvent } from 'react';
import { StatusBadge } from '../../../lib/status';

function keyStatus(k: ApiKeyView): string {
  if (k.revokedAt) return 'revoked';
  if (k.expiresAt && new Date(k.expiresAt).getTime() <= Date.now()) return 'expired';
  return 'active';
}

function CreateKeyDialog({
  open,
  onOpenChange,
  allowed,
}: {
  open: boolean;
  onOpenChange: (o: boolean) => void;
  allowed: readonly ScopeGrant[];
}) {
  const create = useCreateApiKey();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ScopeGrant[]>([]);
  const [expires, setExpires] = useState('');
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [touched, setTouched] = useState(false);

  const close = (o: boolean) => {
    if (!o) {
      // the raw key leaves memory with the dialog
      setCreated(null);
      setName('');
      setScopes([]);
      setExpires('');
      setTouched(false);
      create.reset();
    }
    onOpenChange(o);
  };
  const nameError = touched && !name.trim() ? 'Give the key a name, e.g. the system that will use it.' : undefined;
  const scopeError = touched && scopes.length === 0 ? 'Choose at least one scope.' : undefined;
  const today = new Date().toISOString().slice(0, 10);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!name.trim() || scopes.length === 0) return;
    const input: CreateApiKeyInput = { name: name.trim(), scopes };
    if (expires) input.expiresAt = new Date(`${expires}T23:59:59`).toISOString();
    create.mutate(input, { onSuccess: (k) => setCreated(k) });
  };

  return (
    <CreateDialog
      open={open}
      onClose={() => close(false)}
      title="Create API key"
      description="Keys let servers call the Retailos api. Grant only the scopes the integration needs."
      secret={
        created && {
          title: 'API key created',
          label: 'New API key',
          value: created.key,
          warning:
            'Copy this key now. It is shown only once: Retailos stores a hash, and nobody can show it to you again.',
          note: (
            <p className="ro-muted">
              Send it as <code>Authorization: Bearer …</code>. Scopes: {created.scopes.join(', ')}.
            </p>
          ),
        }
      }
      form={{
        onSubmit: submit,
        submitLabel: 'Create key',
        busy: create.isPending,
        error: create.error ? describeError(create.error) : null,
      }}
    >
      <Field label="Name" error={nameError}>
        {(id, d) => (
          <TextInput
            id={id}
            aria-describedby={d}
            aria-invalid={Boolean(nameError)}
            value={name}
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. ERP nightly export"
          />
        )}
      </Field>
      <CheckboxGroup
        legend="Scopes"
        options={allowed}
        selected={scopes}
        onChange={setScopes}
        labelOf={(s) => (s === '*' ? 'Full access (*)' : s)}
        describedBy={scopeError ? 'scope-error' : undefined}
      />
      {scopeError ? (
        <div id="scope-error" className="ro-field__error">
          {scopeError}
        </div>
      ) : null}
      <div style={{ height: 12 }} />
      <Field label="Expires (optional)" hint="Leave empty for a key that never expires.">
        {(id, d) => (
          <TextInput
            id={id}
            aria-describedby={d}
            type="date"
            min={today}
            value={expires}
            onChange={(e) => setExpires(e.target.value)}
          />
        )}
      </Field>
    </CreateDialog>
  );
}

export default function ApiKeysPage() {
  const session = useSession();
  const isAdmin = session.role === 'owner' || session.role === 'admin';
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKeyView | null>(null);
  const allowed = useMemo<ScopeGrant[]>(
    () => (session.scopes.includes('*') ? ['*', ...API_SCOPES] : API_SCOPES.filter((s) => session.scopes.includes(s))),
    [session.scopes],
  );

  const columns = useMemo<ColumnDef<ApiKeyView>[]>(
    () => [
      { header: 'Name', cell: ({ row }) => <strong>{row.original.name}</strong> },
      { header: 'Key', cell: ({ row }) => <code>{row.original.prefix}…</code> },
      {
        header: 'Scopes',
        cell: ({ row }) => (
          <span className="ro-chips">
            {row.original.scopes.map((s) => (
              <Badge key={s}>{s}</Badge>
            ))}
          </span>
        ),
      },
      { header: 'Status', cell: ({ row }) => <StatusBadge status={keyStatus(row.original)} /> },
      {
        header: 'Created by',
        cell: ({ row }) =>
          row.original.createdBy === session.user.id ? 'You' : (row.original.createdBy ?? 'Operator CLI'),
        meta: { className: 'ro-hide-sm' },
      },
      {
        header: 'Created',
        cell: ({ row }) => (
          <span title={formatDateTime(row.original.createdAt)}>{formatRelative(row.original.createdAt)}</span>
        ),
        meta: { className: 'ro-hide-sm ro-nowrap' },
      },
      {
        header: 'Last used',
        cell: ({ row }) => (row.original.lastUsedAt ? formatRelative(row.original.lastUsedAt) : 'Never'),
        meta: { className: 'ro-nowrap' },
      },
      {
        header: 'Expires',
        cell: ({ row }) => (row.original.expiresAt ? formatDateTime(row.original.expiresAt) : 'Never'),
        meta: { className: 'ro-hide-sm ro-nowrap' },
      },
      {
        id: 'actions',
        header: () => <span className="ro-sr-only">Actions</span>,
        cell: ({ row }) =>
          row.original.revokedAt ? null : (
            <Button
              size="sm"
              variant="ghost"
              onClick={() => setRevoking(row.original)}
              aria-label={`Revoke ${row.original.name}`}
            >
              Revoke
            </Button>
          ),
        meta: { className: 'ro-num' },
      },
    ],
    [session.user.id],
  );

  if (!isAdmin)
    return (
      <EmptyState title="Only owners and admins manage API keys">
        Ask an owner of {session.workspace.name} for a key.
      </EmptyState>
    );
  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys for servers and integrations. A key is shown once, when it is created."
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            Create API key
          </Button>
        }
      />
      <PagedTable
        label="API keys"
        source={keys}
        rowTestId="api-key-row"
        columns={columns}
        emptyTitle="No API keys yet"
        emptyHint="Create one to let a server call the api."
      />
      <CreateKeyDialog open={creating} onOpenChange={setCreating} allowed={allowed} />
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(o) => {
          if (!o) {
            setRevoking(null);
            revoke.reset();
          }
        }}
        title={`Revoke "${revoking?.name ?? ''}"?`}
        description="Every call made with this key fails from the next request on, on every api instance. This cannot be undone."
        confirmLabel="Revoke key"
        busy={revoke.isPending}
        error={revoke.error ? describeError(revoke.error) : null}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
      />
    </>
  );
}
