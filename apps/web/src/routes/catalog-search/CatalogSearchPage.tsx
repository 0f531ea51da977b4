import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button, Card, Col, Drawer, Empty, Flex, Grid, Input, Pagination, Row, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { FilterOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CatalogEntrySummary, FacetBucket } from '@huitong/contracts';
import { FACET_KEYS, FACET_PARAMS, useCatalogSearch, type CatalogScope, type CatalogSearchParams, type FacetKey } from '../../api/catalog.ts';
import { useDepartments } from '../../api/departments.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { EntryStatusTag, MountTag, OpenTypeTag, ShareTypeTag, VersionStateTag } from '../../components/CodeTags.tsx';
import { formatDate } from '../../components/format.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { canSearchAllScopes } from '../../app/navigation.ts';
import { useSession } from '../../app/session.ts';
import { codeLang } from '../../i18n/language.ts';
import { DepartmentNotices } from './DepartmentNotices.tsx';
import { facetLabel } from './facetLabels.ts';
import { demandLinkFor, readSearchParams, writeSearchParams } from './searchParams.ts';

const PAGE_SIZE = 10;

function FacetPanel({ facet, buckets, selected, onSelect }: { facet: FacetKey; buckets: FacetBucket[]; selected: string | undefined; onSelect: (value: string | undefined) => void }) {
  const { t, i18n } = useTranslation();
  const lang = codeLang(i18n.language);
  const [expanded, setExpanded] = useState(false);
  if (buckets.length === 0 && !selected) return null;
  const shown = expanded ? buckets : buckets.slice(0, 6);
  const headingId = `facet-${facet}`;
  return (
    <section aria-labelledby={headingId} style={{ marginBottom: 16 }} data-testid={`facet-${facet}`}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 14, marginBottom: 6 }}>
        {t(`search.facet.${facet}`)}
      </Typography.Title>
      <Flex vertical gap={2} className="ht-facet-list">
        {shown.map((bucket) => {
          const active = selected === bucket.value;
          return (
            <Button
              key={bucket.value}
              type={active ? 'primary' : 'text'}
              size="small"
              aria-pressed={active}
              onClick={() => onSelect(active ? undefined : bucket.value)}
              style={{ display: 'flex', justifyContent: 'space-between', width: '100%' }}
            >
              <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{facetLabel(facet, bucket, lang)}</span>
              <span aria-label={t('search.count', { count: bucket.count })}>{bucket.count}</span>
            </Button>
          );
        })}
        {buckets.length > 6 && (
          <Button type="link" size="small" onClick={() => setExpanded(!expanded)}>
            {expanded ? t('search.showLess') : t('search.showMore', { count: buckets.length - 6 })}
          </Button>
        )}
      </Flex>
    </section>
  );
}

function ResultItem({ entry, showState }: { entry: CatalogEntrySummary; showState: boolean }) {
  const { t } = useTranslation();
  return (
    <li data-testid="search-result" className="ht-result">
      <Space wrap size={4}>
        <Link to={`/catalog/${entry.id}`} data-testid="search-result-link" style={{ fontSize: 16, fontWeight: 500 }}>
          {entry.name}
        </Link>
        <ShareTypeTag value={entry.shareType} />
        <OpenTypeTag value={entry.openType} />
        <MountTag value={entry.mountStatus} />
        {entry.dedicated && <Tag color="purple">{t('fields.dedicated')}</Tag>}
        {showState && entry.status !== 'published' && <EntryStatusTag value={entry.status} />}
        {showState && entry.pendingState && <VersionStateTag value={entry.pendingState} />}
      </Space>
      <div className="ht-result-meta">
        <Space wrap size={16}>
          <span>
            {t('fields.resourceCode')}{t('common.colon')}<Typography.Text code>{entry.resourceCode}</Typography.Text>
          </span>
          <span>
            {t('fields.provider')}{t('common.colon')}{entry.providerDepartmentName}
          </span>
          <span>{t('search.itemCount', { count: entry.itemCount })}</span>
          {entry.publishedAt && (
            <span>
              {t('fields.publishedAt')}{t('common.colon')}{formatDate(entry.publishedAt)}
            </span>
          )}
        </Space>
      </div>
      <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 4 }}>
        {entry.abstract}
      </Typography.Paragraph>
      {entry.matchedItems && entry.matchedItems.length > 0 && (
        <div data-testid="matched-items">
          <Typography.Text type="secondary">{t('search.matchedItems')}{t('common.colon')}</Typography.Text>
          {entry.matchedItems.map((name) => (
            <Tag key={name}>{name}</Tag>
          ))}
        </div>
      )}
    </li>
  );
}

/** 目录检索 (mode=search) and 我的目录 (mode=mine: the own organisation's entries incl. drafts). */
export function CatalogSearchPage({ mode }: { mode: 'search' | 'mine' }) {
  const { t } = useTranslation();
  const me = useSession();
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  const [filtersOpen, setFiltersOpen] = useState(false);
  const departments = useDepartments();
  const [urlParams, setUrlParams] = useSearchParams();
  const search = readSearchParams(urlParams);
  const [text, setText] = useState(search.q ?? '');
  useEffect(() => setText(search.q ?? ''), [search.q]);

  const mayReadUnpublished = me.can('catalog:entry:read-unpublished');
  const organisationIsOperator = Boolean(departments.data?.find((d) => d.id === me.organisationId)?.isOperator);
  const mayReadAll = canSearchAllScopes(me, organisationIsOperator);
  const scope: CatalogScope = mode === 'mine' ? 'mine' : search.scope === 'mine' && mayReadUnpublished ? 'mine' : search.scope === 'all' && mayReadAll ? 'all' : 'published';
  const query: CatalogSearchParams = { ...search, scope, pageSize: PAGE_SIZE };
  const result = useCatalogSearch(query);

  const update = (patch: Partial<CatalogSearchParams>, resetPage = true) => {
    const next = { ...search, ...patch, ...(resetPage && !('page' in patch) ? { page: 1 } : {}) };
    if (mode === 'mine') delete next.scope;
    setUrlParams(writeSearchParams(next));
  };

  const scopeOptions: Array<{ label: string; value: CatalogScope }> = [
    { label: t('search.scope.published'), value: 'published' },
    ...(mayReadUnpublished ? [{ label: t('search.scope.mine'), value: 'mine' as const }] : []),
    ...(mayReadAll ? [{ label: t('search.scope.all'), value: 'all' as const }] : []),
  ];
  const activeFilters = FACET_KEYS.filter((facet) => search[FACET_PARAMS[facet]]);

  const facets =
    result.data &&
    FACET_KEYS.map((facet) => (
      <FacetPanel key={facet} facet={facet} buckets={result.data.facets[facet]} selected={search[FACET_PARAMS[facet]] as string | undefined} onSelect={(value) => update({ [FACET_PARAMS[facet]]: value })} />
    ));
  return (
    <>
      <PageTitle
        title={mode === 'mine' ? t('nav.mine') : t('nav.search')}
        extra={
          me.can('catalog:entry:create') && (
            <Link to="/catalog/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="create-entry">
                {t('nav.create')}
              </Button>
            </Link>
          )
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Flex gap={16} wrap align="center">
          <Input.Search
            aria-label={t('search.placeholder')}
            placeholder={t('search.placeholder')}
            allowClear
            enterButton={t('search.submit')}
            value={text}
            onChange={(event) => setText(event.target.value)}
            onSearch={(value) => update({ q: value.trim() || undefined })}
            maxLength={100}
            style={{ flex: '1 1 360px', maxWidth: 640 }}
            data-testid="search-input"
          />
          {mode === 'search' && scopeOptions.length > 1 && (
            <Segmented<CatalogScope> aria-label={t('search.scope.label')} value={scope} options={scopeOptions} onChange={(value) => update({ scope: value })} data-testid="search-scope" />
          )}
        </Flex>
        {activeFilters.length > 0 && (
          <Space wrap style={{ marginTop: 12 }}>
            <Typography.Text type="secondary">{t('search.activeFilters')}{t('common.colon')}</Typography.Text>
            {activeFilters.map((facet) => {
              const value = search[FACET_PARAMS[facet]] as string;
              const label = result.data?.facets[facet].find((b) => b.value === value)?.label ?? value;
              return (
                <Tag key={facet} closable onClose={() => update({ [FACET_PARAMS[facet]]: undefined })} closeIcon={<span aria-label={t('search.removeFilter')}>×</span>}>
                  {t(`search.facet.${facet}`)}: {label}
                </Tag>
              );
            })}
            <Button type="link" size="small" onClick={() => setUrlParams(writeSearchParams({ q: search.q, scope: search.scope }))}>
              {t('search.clearFilters')}
            </Button>
          </Space>
        )}
      </Card>
      {mode === 'mine' && <DepartmentNotices />}
      <ApiErrorAlert error={result.error} />
      <Row gutter={16}>
        {narrow ? (
          // On a phone the facets wait behind a button so that the results come first.
          <Col span={24} style={{ marginBottom: 12 }}>
            <Button icon={<FilterOutlined />} onClick={() => setFiltersOpen(true)} data-testid="search-filters-toggle">
              {t('search.filters')}
              {activeFilters.length > 0 && `（${activeFilters.length}）`}
            </Button>
            <Drawer title={t('search.filters')} placement="bottom" size="large" open={filtersOpen} onClose={() => setFiltersOpen(false)}>
              {facets}
            </Drawer>
          </Col>
        ) : (
          <Col md={7} lg={6}>
            <Card title={t('search.filters')} size="small" loading={result.isPending}>
              {facets}
            </Card>
          </Col>
        )}
        <Col xs={24} md={17} lg={18}>
          <Card size="small" title={result.data ? t('search.total', { count: result.data.total }) : t('search.results')}>
            <Spin spinning={result.isFetching}>
              {result.data && result.data.items.length === 0 ? (
                <Empty description={search.q ? t('search.noMatch', { q: search.q }) : t('search.empty')} data-testid="search-empty">
                  {search.q && (
                    <Space orientation="vertical" size={8}>
                      <Typography.Text>{t('search.noMatchNext')}</Typography.Text>
                      {me.can('sharing:demand:create') && (
                        <Link to={demandLinkFor(search.q)} data-testid="search-raise-demand">
                          <Button type="primary" icon={<PlusOutlined />}>
                            {t('sharing.demands.create')}
                          </Button>
                        </Link>
                      )}
                    </Space>
                  )}
                </Empty>
              ) : (
                <ol className="ht-results" aria-label={t('search.results')}>
                  {(result.data?.items ?? []).map((entry) => (
                    <ResultItem key={entry.id} entry={entry} showState={scope !== 'published'} />
                  ))}
                </ol>
              )}
              {result.data && result.data.total > PAGE_SIZE && (
                <Pagination
                  style={{ marginTop: 16, textAlign: 'end' }}
                  align="end"
                  current={result.data.page}
                  pageSize={PAGE_SIZE}
                  total={result.data.total}
                  showSizeChanger={false}
                  onChange={(page) => update({ page }, false)}
                />
              )}
            </Spin>
          </Card>
        </Col>
      </Row>
    </>
  );
}
