import { useState } from 'react';
import { Select } from 'antd';
import { useCatalogSearch } from '../api/catalog.ts';

/**
 * One catalog entry, picked by searching the catalog as the user types (the server's search, not
 * a client-side filter over a page). Form-compatible: `value` is the entry id.
 */
export function EntrySelect({
  value,
  onChange,
  id,
  placeholder,
  departmentId,
  excludeId,
  allowClear,
  pageSize = 20,
  'data-testid': testId,
}: {
  value?: string;
  onChange?: (value: string | undefined) => void;
  id?: string;
  placeholder?: string;
  /** Only this department's entries. */
  departmentId?: string;
  /** Never offer this entry (e.g. the entry itself). */
  excludeId?: string;
  allowClear?: boolean;
  pageSize?: number;
  'data-testid'?: string;
}) {
  const [q, setQ] = useState('');
  const search = useCatalogSearch({ q: q || undefined, departmentId, pageSize });
  return (
    <Select
      id={id}
      showSearch
      allowClear={allowClear}
      value={value}
      onChange={onChange}
      filterOption={false}
      onSearch={setQ}
      loading={search.isFetching}
      placeholder={placeholder}
      options={(search.data?.items ?? []).filter((e) => e.id !== excludeId).map((e) => ({ value: e.id, label: `${e.name} (${e.resourceCode})` }))}
      data-testid={testId}
    />
  );
}
