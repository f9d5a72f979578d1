'use client';
import { describeError, useCreateWebhookSubscription, useWebhookSubscriptions } from '@retailos/dashboard/data-access';
import {
  Badge,
  Button,
  CheckboxGroup,
  Field,
  formatRelative,
  PageHeader,
  PagedTable,
  TextInput,
  type ColumnDef,
  CreateDialog,
} from '@retailos/dashboard/ui';
import {
  DOMAIN_EVENT_TOPICS,
  type WebhookSubscriptionView,
  type WebhookSubscriptionWithSecret,
} from '@retailos/shared/contracts';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { linkColumn } from '../../../lib/columns';
import { StatusBadge } from '../../../lib/status';

const TOPIC_CHOICES = [
  '*',
  'order.*',
  'inventory.*',
  'product.*',
  'customer.*',
  ...DOMAIN_EVENT_TOPICS.filter((t) => !t.startsWith('webhook.')),
];

const columns: ColumnDef<WebhookSubscriptionView>[] = [
  linkColumn(
    'Endpoint',
    (s) => `/webhooks/${s.id}`,
    (s) => s.url,
  ),
  {
    header: 'Topics',
    cell: ({ row }) => (
      <span className="ro-chips">
        {row.original.topics.map((t) => (
          <Badge key={t}>{t}</Badge>
        ))}
      </span>
    ),
  },
  { header: 'Status', cell: ({ row }) => <StatusBadge status={row.original.status} /> },
  {
    header: 'Last success',
    cell: ({ row }) => formatRelative(row.original.lastSuccessAt),
    meta: { className: 'ro-hide-sm' },
  },
  { header: 'Created', cell: ({ row }) => formatRelative(row.original.createdAt), meta: { className: 'ro-hide-sm' } },
];

function CreateSubscriptionDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const create = useCreateWebhookSubscription();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [topics, setTopics] = useState<string[]>(['order.*']);
  const [created, setCreated] = useState<WebhookSubscriptionWithSecret | null>(null);
  const close = (o: boolean) => {
    if (!o) {
      setCreated(null);
      setUrl('');
      setDescription('');
      setTopics(['order.*']);
      create.reset();
    }
    onOpenChange(o);
  };
  const fieldError = (field: string) =>
    create.error && 'errors' in create.error
      ? (create.error as { errors: { field: string; message: string }[] }).errors.find((e) => e.field === field)
          ?.message
      : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { url: url.trim(), topics, description: description.trim() || undefined },
      { onSuccess: (s) => setCreated(s) },
    );
  };
  return (
    <CreateDialog
      open={open}
      onClose={() => close(false)}
      title="Add webhook endpoint"
      description="Retailos POSTs signed events (Standard Webhooks) to this URL."
      secret={
        created && {
          title: 'Endpoint added',
          label: 'Signing secret',
          value: created.secret,
          warning: "Copy the signing secret now: it verifies every delivery's signature and is shown only once.",
          note: (
            <p className="ro-muted">
              <Link href={`/webhooks/${created.id}`} onClick={() => close(false)}>
                Open the endpoint
              </Link>{' '}
              to send a test event and watch its deliveries.
            </p>
          ),
        }
      }
      form={{
        onSubmit: submit,
        submitLabel: 'Add endpoint',
        busy: create.isPending,
        disabled: !url.trim() || topics.length === 0,
        error: create.error ? describeError(create.error) : null,
      }}
    >
      <Field label="Endpoint URL" error={fieldError('url')}>
        {(id, d) => (
          <TextInput
            id={id}
            aria-describedby={d}
            type="url"
            required
            placeholder="https://example.com/hooks/retailos"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
        )}
      </Field>
      <CheckboxGroup
        legend="Topics"
        options={TOPIC_CHOICES}
        selected={topics}
        onChange={setTopics}
        labelOf={(t) => (t === '*' ? 'Every topic (*)' : t)}
      />
      {fieldError('topics') ? <div className="ro-field__error">{fieldError('topics')}</div> : null}
      <div style={{ height: 12 }} />
      <Field label="Description (optional)">
        {(id) => (
          <TextInput id={id} maxLength={500} value={description} onChange={(e) => setDescription(e.target.value)} />
        )}
      </Field>
    </CreateDialog>
  );
}

export default function WebhooksPage() {
  const subscriptions = useWebhookSubscriptions();
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Endpoints that receive Retailos events, with every delivery attempt and the dead letters."
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            Add endpoint
          </Button>
        }
      />
      <PagedTable
        label="Webhook endpoints"
        source={subscriptions}
        rowTestId="webhook-row"
        columns={columns}
        emptyTitle="No endpoints yet"
        emptyHint="Add one to receive order, stock, product and customer events."
      />
      <CreateSubscriptionDialog open={creating} onOpenChange={setCreating} />
    </>
  );
}
