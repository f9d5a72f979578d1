'use client';
import * as RadixTabs from '@radix-ui/react-tabs';
import type { ReactNode } from 'react';

/** Tabs on Radix: arrow-key navigation and roles from the primitive. */
export function Tabs({
  tabs,
  value,
  onValueChange,
  label,
}: {
  tabs: { value: string; label: ReactNode; content: ReactNode }[];
  value?: string;
  onValueChange?: (v: string) => void;
  label: string;
}) {
  return (
    <RadixTabs.Root
      className="ro-tabs"
      defaultValue={value ? undefined : tabs[0]?.value}
      value={value}
      onValueChange={onValueChange}
    >
      <RadixTabs.List className="ro-tabs__list" aria-label={label}>
        {tabs.map((t) => (
          <RadixTabs.Trigger key={t.value} value={t.value} className="ro-tabs__trigger">
            {t.label}
          </RadixTabs.Trigger>
        ))}
      </RadixTabs.List>
      {tabs.map((t) => (
        <RadixTabs.Content key={t.value} value={t.value} className="ro-tabs__content">
          {t.content}
        </RadixTabs.Content>
      ))}
    </RadixTabs.Root>
  );
}
